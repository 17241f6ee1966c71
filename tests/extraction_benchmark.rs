//! Main-text extraction on the ScrapingHub article-extraction benchmark (181 real pages with
//! hand-annotated bodies, in ../shared): the scores must stay at or above the bar the
//! extraction issue set (F1 0.975, precision 0.96, recall 0.97).

mod common;

#[test]
fn scrapinghub_benchmark_scores_stay_above_the_bar() {
    let dir = common::shared().join("eval/extraction/scrapinghub");
    let report =
        claimwire::eval::extraction::evaluate(&dir.join("html"), &dir.join("ground-truth.json"))
            .expect("evaluation runs");
    let json = serde_json::to_value(&report).expect("report serialises");
    assert_eq!(json["pages"].as_u64(), Some(181), "{json:#}");
    let score = |k: &str| json[k].as_f64().unwrap_or(0.0);
    assert!(score("f1") >= 0.975, "F1 {}", score("f1"));
    assert!(
        score("precision") >= 0.96,
        "precision {}",
        score("precision")
    );
    assert!(score("recall") >= 0.97, "recall {}", score("recall"));
}
