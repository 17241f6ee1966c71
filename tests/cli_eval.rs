//! The evaluation commands as a process: `eval claims` on the seed texts and on the corpus
//! pages (precision and recall 1.0, no furniture figure), and `eval extraction` on pages we
//! write here with their annotated bodies.

mod common;

use assert_cmd::Command;
use serde_json::Value;

fn eval_claims(gold: &std::path::Path, docs: &std::path::Path) -> Value {
    let out = Command::cargo_bin("claimwire")
        .expect("binary")
        .args(["eval", "claims", "--json", "--gold"])
        .arg(gold)
        .arg("--docs")
        .arg(docs)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
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
    let out = Command::cargo_bin("claimwire")
        .expect("binary")
        .args(["eval", "extraction", "--json", "--html"])
        .arg(tmp.path())
        .arg("--truth")
        .arg(&truth_path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["pages"].as_u64(), Some(1), "{report:#}");
    let f1 = report["f1"].as_f64().expect("f1");
    assert!(f1 > 0.9, "the body is found, the teaser is not: {report:#}");
    let precision = report["precision"].as_f64().expect("precision");
    assert!(precision > 0.9, "{report:#}");
}
