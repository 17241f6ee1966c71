//! `eval extraction` on a WCXB-layout folder (one truth JSON a page) as a process: pages and
//! truths written here, scores per page type, the held-aside split, `--predictions` for a peer's
//! output, and a clear error for a bad truth file.

use assert_cmd::Command;
use serde_json::{json, Value};

fn write_page(dir: &std::path::Path, id: &str, html: &str, truth: Value) {
    std::fs::write(dir.join("html").join(format!("{id}.html")), html).expect("page");
    std::fs::write(
        dir.join("truth").join(format!("{id}.json")),
        serde_json::to_string(&truth).expect("json"),
    )
    .expect("truth");
}

fn layout() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join("html")).expect("html dir");
    std::fs::create_dir_all(tmp.path().join("truth")).expect("truth dir");
    let body = "Shipping rates across the northern lanes climbed for a third straight week, \
                carriers said on Tuesday, as a shortage of empty containers lingered. \
                Analysts expect the squeeze to ease once the harvest season ends in November.";
    let html = format!(
        r#"<html><head><title>Freight Rates Climb Again | The Harbour Gazette</title>
        <meta property="og:site_name" content="The Harbour Gazette">
        <meta property="article:published_time" content="2026-10-06T09:00:00Z">
        <meta name="author" content="Mara Quill"></head>
        <body><nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
        <article><h1>Freight Rates Climb Again</h1><p>{body}</p>
        <p>Port officials said the backlog should clear within a month.</p></article>
        <footer>Subscribe to our newsletter for daily updates.</footer></body></html>"#
    );
    write_page(
        tmp.path(),
        "a1",
        &html,
        json!({"file_id": "a1", "url": "https://news.example/freight",
          "_internal": {"page_type": {"primary": "article"}},
          "ground_truth": {"title": "Freight Rates Climb Again", "author": "Mara Quill",
            "publish_date": "2026-10-06",
            "main_content": format!("{body}\n\nPort officials said the backlog should clear within a month."),
            "with": ["shortage of empty containers"], "without": ["Subscribe to our newsletter"]}}),
    );
    write_page(
        tmp.path(),
        "p1",
        "<html><head><title>Blue Kettle</title></head><body><h1>Blue Kettle</h1>\
         <p>A two-litre kettle with a steel body and a blue enamel finish.</p></body></html>",
        json!({"file_id": "p1", "_internal": {"page_type": {"primary": "product"}},
          "ground_truth": {"title": "Blue Kettle", "author": null, "publish_date": null,
            "main_content": "A two-litre kettle with a steel body and a blue enamel finish."}}),
    );
    tmp
}

fn eval(dir: &std::path::Path, extra: &[&str]) -> Value {
    let out = Command::cargo_bin("claimwire")
        .expect("binary")
        .args(["eval", "extraction", "--json", "--html"])
        .arg(dir.join("html"))
        .arg("--truth")
        .arg(dir.join("truth"))
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

#[test]
fn a_truth_folder_is_scored_per_page_type_on_text_and_metadata() {
    let tmp = layout();
    let r = eval(tmp.path(), &[]);
    assert_eq!(r["overall"]["pages"], 2, "{r:#}");
    let article = r["groups"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["group"] == "article"))
        .expect("article row");
    assert_eq!(
        article["title"],
        json!([1, 1]),
        "title without the site tail: {r:#}"
    );
    assert_eq!(article["author"], json!([1, 1]), "{r:#}");
    assert_eq!(article["date"], json!([1, 1]), "{r:#}");
    assert!(article["word_f1"].as_f64().unwrap_or(0.0) > 0.95, "{r:#}");
    assert_eq!(article["with_found"].as_f64(), Some(1.0), "{r:#}");
    assert_eq!(article["without_leaked"].as_f64(), Some(0.0), "{r:#}");
    // The product page has no author or date to score.
    let product = r["groups"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["group"] == "product"))
        .expect("product row");
    assert_eq!(product["author"], json!([0, 0]), "{r:#}");
}

#[test]
fn the_split_keeps_the_two_halves_apart_and_predictions_are_scored_as_given() {
    let tmp = layout();
    let tune = eval(tmp.path(), &["--split", "tune"]);
    let held = eval(tmp.path(), &["--split", "heldout"]);
    let n = |r: &Value| r["overall"]["pages"].as_u64().unwrap_or(99);
    assert_eq!(n(&tune) + n(&held), 2, "{tune:#} {held:#}");

    let preds = tmp.path().join("peer.json");
    std::fs::write(
        &preds,
        r#"{"a1": {"text": "", "title": "Freight Rates Climb Again | The Harbour Gazette",
                   "authors": ["Mara Quill"], "published": "2026-10-07"}}"#,
    )
    .expect("predictions");
    let r = eval(
        tmp.path(),
        &["--predictions", preds.to_str().expect("utf-8 path")],
    );
    assert_eq!(r["overall"]["title"], json!([0, 2]), "{r:#}");
    assert_eq!(r["overall"]["author"], json!([1, 1]), "{r:#}");
    assert_eq!(
        r["overall"]["date"],
        json!([0, 1]),
        "a day off is wrong: {r:#}"
    );
    assert_eq!(r["overall"]["word_f1"].as_f64(), Some(0.0), "{r:#}");
}

#[test]
fn a_bad_truth_file_is_named() {
    let tmp = layout();
    std::fs::write(tmp.path().join("truth").join("bad.json"), "{not json").expect("bad");
    Command::cargo_bin("claimwire")
        .expect("binary")
        .args(["eval", "extraction", "--html"])
        .arg(tmp.path().join("html"))
        .arg("--truth")
        .arg(tmp.path().join("truth"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bad.json: not a WCXB truth file"));
}
