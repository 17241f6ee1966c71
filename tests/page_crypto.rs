//! Real crypto news pages (../shared/eval/extraction/crypto): the facts listed in
//! `expected.json` must be found, the furniture snippets must not.

use std::io::Read;
use std::path::PathBuf;

use claimwire::page::read_html;

fn shared() -> PathBuf {
    std::env::var_os("CLAIMWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(|x| x.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn crypto_pages_match_expectations() {
    let dir = shared().join("eval/extraction/crypto");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    let pages = expected["pages"].as_object().expect("pages");
    assert_eq!(pages.len(), 3);
    for (file, exp) in pages {
        let mut html = String::new();
        let f = std::fs::File::open(dir.join(file)).expect("page");
        flate2::read::GzDecoder::new(f)
            .read_to_string(&mut html)
            .expect("gunzip");
        let a = read_html(&html, exp["url"].as_str());
        let title = a.title.clone().unwrap_or_default();
        for w in strings(exp, "with") {
            assert!(a.text.contains(&w), "{file}: missing {w:?}");
        }
        for w in strings(exp, "without") {
            assert!(!a.text.contains(&w), "{file}: furniture {w:?} in main text");
        }
        for t in strings(exp, "title_contains") {
            assert!(title.contains(&t), "{file}: title {title:?} lacks {t:?}");
        }
        for t in strings(exp, "subtitle_contains") {
            let sub = a.subtitle.clone().unwrap_or_default();
            assert!(sub.contains(&t), "{file}: subtitle {sub:?} lacks {t:?}");
        }
        if let Some(t) = exp["title"].as_str() {
            assert_eq!(title, t, "{file}");
        }
        if let Some(au) = exp["author"].as_str() {
            assert!(
                a.authors.iter().any(|x| x == au),
                "{file}: authors {:?}",
                a.authors
            );
        }
        if let Some(d) = exp["date"].as_str() {
            let p = a.published.clone().unwrap_or_default();
            assert!(p.starts_with(d), "{file}: published {p:?}");
        }
        // The main text is the article, not a fragment of it.
        assert!(
            a.text.len() > 1000,
            "{file}: text too short ({})",
            a.text.len()
        );
    }
}
