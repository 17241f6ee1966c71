//! The evaluation commands as a process: `eval claims` on the seed texts and on the corpus
//! pages (precision and recall 1.0, no furniture figure), and `eval extraction` on pages we
//! write here with their annotated bodies; `eval stories` on pairs written here (its `--pairs`
//! rows and its errors for bad input).

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn eval_claims(gold: &std::path::Path, docs: &std::path::Path) -> Value {
    common::json(
        Command::cargo_bin("claimwire")
            .expect("binary")
            .args(["eval", "claims", "--json", "--gold"])
            .arg(gold)
            .arg("--docs")
            .arg(docs),
    )
}

fn assert_perfect(report: &Value, what: &str) {
    let overall = &report["overall"];
    assert_eq!(
        overall["precision"].as_f64(),
        Some(1.0),
        "{what}: {report:#}"
    );
    assert_eq!(overall["recall"].as_f64(), Some(1.0), "{what}: {report:#}");
    assert_eq!(
        report["must_not_hits"].as_array().map(Vec::len),
        Some(0),
        "{what}: {report:#}"
    );
    let sources = &report["sources"];
    assert_eq!(
        sources["recall"].as_f64(),
        Some(1.0),
        "{what}: every gold source found: {report:#}"
    );
}

#[test]
fn seed_texts_and_corpus_pages_score_perfectly_against_the_gold_file() {
    let shared = common::shared();
    let gold = shared.join("eval/seeds-gold.json");
    assert_perfect(&eval_claims(&gold, &shared.join("seeds")), "seed texts");

    // The same gold, pointed at the rendered corpus pages.
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = tmp.path().join("pages");
    let files = common::build_corpus(&pages);
    let mut g: Value =
        serde_json::from_str(&std::fs::read_to_string(&gold).expect("gold")).expect("gold JSON");
    let docs = g["documents"].as_object_mut().expect("documents");
    for (id, doc) in docs.iter_mut() {
        let page = files
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .find(|n| n.starts_with(id.as_str()) && n.ends_with(".html"))
            .expect("a page per seed");
        doc["file"] = Value::String(page);
    }
    let gold_pages = tmp.path().join("gold-pages.json");
    std::fs::write(&gold_pages, serde_json::to_string(&g).expect("serialise")).expect("write");
    assert_perfect(&eval_claims(&gold_pages, &pages), "corpus pages");
}

#[test]
fn extraction_eval_scores_pages_against_their_bodies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let body =
        "The committee voted on Tuesday to keep its benchmark rate unchanged, citing steady \
                growth and easing inflation. Officials signalled that two cuts remain possible \
                next year if price pressures keep fading across services and housing.";
    let page = format!(
        "<html><head><title>Rates held</title></head><body><nav><a href='/'>Home</a> \
         <a href='/m'>Markets</a></nav><article><h1>Rates held</h1><p>{body}</p></article>\
         <aside class='related'><h3>More For You</h3><p>Another story about something else \
         entirely, with its own numbers and words that are not part of the article.</p></aside>\
         </body></html>"
    );
    std::fs::write(tmp.path().join("a1.html"), page).expect("write");
    let truth = serde_json::json!({"a1": {"articleBody": body, "url": "http://example.test/a1"}});
    let truth_path = tmp.path().join("truth.json");
    std::fs::write(&truth_path, truth.to_string()).expect("write");
    let report = common::json(
        Command::cargo_bin("claimwire")
            .expect("binary")
            .args(["eval", "extraction", "--json", "--html"])
            .arg(tmp.path())
            .arg("--truth")
            .arg(&truth_path),
    );
    assert_eq!(report["pages"].as_u64(), Some(1), "{report:#}");
    let f1 = report["f1"].as_f64().expect("f1");
    assert!(f1 > 0.9, "the body is found, the teaser is not: {report:#}");
    let precision = report["precision"].as_f64().expect("precision");
    assert!(precision > 0.9, "{report:#}");
}

/// `eval stories` on pairs written here: `--pairs` writes each labelled pair with its label,
/// verdict and signals; a malformed line is named with its file and number; a `--pairs`
/// path that cannot be written is named, and fails before any evaluation.
#[test]
fn eval_stories_writes_pairs_and_names_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("pairs.jsonl");
    let same =
        "Storm floods the harbour town of Kelby. Kelby's mayor Anna Brook closed the harbour.";
    let copy = "Kelby harbour closed by mayor Anna Brook after a storm flooded the town of Kelby.";
    let other = "Quarterly sales at Norvik Steel rose 12% as Norvik Steel raised prices.";
    let line = |id: &str, overall: f64, a: &str, b: &str| {
        serde_json::json!({"pair_id": id, "overall": overall, "text1": a, "text2": b}).to_string()
    };
    std::fs::write(
        &data,
        [
            line("1_2", 1.0, same, copy),
            line("1_3", 4.0, same, other),
            line("2_3", 2.0, copy, other),
        ]
        .join("\n"),
    )
    .expect("write");
    let rows_file = dir.path().join("rows.ndjson");
    let report = common::json(
        Command::cargo_bin("claimwire")
            .expect("binary")
            .args(["--no-model", "eval", "stories", "--json", "--data"])
            .arg(&data)
            .arg("--pairs")
            .arg(&rows_file),
    );
    assert_eq!(report["pairs"], 3);
    assert_eq!(report["left_out"], 1);
    let rows: Vec<Value> = std::fs::read_to_string(&rows_file)
        .expect("rows")
        .lines()
        .map(|l| serde_json::from_str(l).expect("row"))
        .collect();
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["pair_id"].as_str()).collect();
    assert_eq!(ids, ["1_2", "1_3"], "the pair at 2.0 is left out");
    assert_eq!(rows[0]["same"], true);
    assert_eq!(rows[1]["same"], false);
    let cos = |r: &Value, k: &str| r["signals"][k].as_f64().expect(k);
    assert!(cos(&rows[0], "name_cosine") > cos(&rows[1], "name_cosine"));
    assert!(cos(&rows[0], "term_cosine") > cos(&rows[1], "term_cosine"));

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        format!("{}\n{{\"pair_id\": 3\n", line("1_2", 1.0, same, copy)),
    )
    .expect("write");
    Command::cargo_bin("claimwire")
        .expect("binary")
        .args(["--no-model", "eval", "stories", "--data"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicates::str::contains("bad.jsonl").and(predicates::str::contains("line 2")));

    let nowhere = dir.path().join("missing-dir").join("rows.ndjson");
    Command::cargo_bin("claimwire")
        .expect("binary")
        .args(["--no-model", "eval", "stories", "--data"])
        .arg(dir.path().join("absent.jsonl"))
        .arg("--pairs")
        .arg(&nowhere)
        .assert()
        .failure()
        .stderr(
            predicates::str::contains("cannot write").and(predicates::str::contains("missing-dir")),
        );
}
