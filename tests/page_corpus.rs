//! The sample corpus read back: built from ../shared/seeds into a temporary folder, each
//! page's main text keeps the article's figures and none of the furniture's; the `.txt`
//! originals read the same way through the text reader.

use std::path::PathBuf;

use claimwire::page::{read_html, read_text, Article};

fn shared() -> PathBuf {
    std::env::var_os("CLAIMWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// Figures that only the furniture carries, per seed.
const MUST_NOT: &[(&str, &[&str])] = &[
    ("000", &["$10 million", "$80,000", "19%"]),
    ("001", &[]),
    (
        "002",
        &[
            "$4.7M",
            "$2.5M",
            "53%",
            "$1.7M",
            "717 million",
            "350 million",
            "$5B",
            "$10B",
            "$1.1B",
            "$4B",
        ],
    ),
    ("003", &[]),
];

/// Figures of the gold claims, as the article writes them, per seed.
const MUST: &[(&str, &[&str])] = &[
    (
        "000",
        &[
            "27%",
            "$92,400",
            "$126,000",
            "$69,000",
            "$90,000",
            "25 basis-point",
            "49%",
            "50 basis points",
            "$8.2 billion",
            "$40 billion",
        ],
    ),
    (
        "001",
        &[
            "27%",
            "$69,000",
            "$90,000",
            "$126,000",
            "25 basis-point",
            "49%",
            "50 basis points",
            "$8.2 billion",
            "$40 billion",
        ],
    ),
    (
        "002",
        &[
            "92,578.40",
            "27%",
            "$69,000",
            "$90,000",
            "$126,000",
            "25 basis-point",
            "49%",
            "50 basis points",
            "$8.2 billion",
            "$40 billion",
        ],
    ),
    ("003", &["$100,000"]),
];

fn check(seed: &str, page: &str, a: &Article) {
    let (_, must_not) = MUST_NOT
        .iter()
        .find(|(s, _)| *s == seed)
        .expect("seed listed");
    for f in *must_not {
        assert!(
            page.contains(f),
            "{seed}: furniture figure {f} should be on the page"
        );
        assert!(
            !a.text.contains(f),
            "{seed}: furniture figure {f} leaked into the main text"
        );
    }
    let (_, must) = MUST.iter().find(|(s, _)| *s == seed).expect("seed listed");
    for f in *must {
        assert!(
            a.text.contains(f),
            "{seed}: claim figure {f} missing from the main text"
        );
    }
}

#[test]
fn corpus_pages_keep_claims_and_drop_furniture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = claimwire::corpus::build(&shared().join("seeds"), dir.path()).expect("build");
    assert_eq!(written.len(), 8);
    for (seed, layout) in [
        ("000", "skn"),
        ("001", "wordupnews"),
        ("002", "coindesk"),
        ("003", "blog"),
    ] {
        let path = dir.path().join(format!("{seed}-{layout}.html"));
        let html = std::fs::read_to_string(&path).expect("page");
        let a = read_html(&html, None);
        check(seed, &html, &a);
        for marker in [
            "Don't Miss",
            "Related Articles",
            "More For You",
            "Latest Crypto News",
            "Leave a Reply",
            "Advertisement",
            "Sign me up",
        ] {
            assert!(
                !a.text.contains(marker),
                "{seed}: furniture label {marker} in main text"
            );
        }
        let txt =
            std::fs::read_to_string(dir.path().join(format!("{seed}.txt"))).expect("txt copy");
        let t = read_text(&txt, None);
        check(seed, &txt, &t);
    }
}

#[test]
fn corpus_metadata() {
    let dir = tempfile::tempdir().expect("tempdir");
    claimwire::corpus::build(&shared().join("seeds"), dir.path()).expect("build");
    let read = |name: &str| {
        let html = std::fs::read_to_string(dir.path().join(name)).expect("page");
        read_html(&html, None)
    };
    let cd = read("002-coindesk.html");
    assert_eq!(cd.authors, vec!["James Van Straten"]);
    assert_eq!(cd.publisher.as_deref(), Some("CoinDesk"));
    assert!(cd
        .published
        .as_deref()
        .is_some_and(|p| p.starts_with("2025-12-12T10:50")));
    assert_eq!(
        cd.title.as_deref(),
        Some("From Lockstep to Lag, Bitcoin Poised to Catch Up With Small Cap Highs")
    );
    let skn = read("000-skn.html");
    assert_eq!(skn.publisher.as_deref(), Some("SKN"));
    assert!(skn
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("Bitcoin Lags as Small-Cap Stocks")));
    let wu = read("001-wordupnews.html");
    assert_eq!(wu.publisher.as_deref(), Some("Wordupnews"));
    assert_eq!(
        wu.title.as_deref(),
        Some("From Lockstep to Lag, BTC Poised to Catch Up With Small Cap Highs")
    );
    let blog = read("003-blog.html");
    assert_eq!(blog.title, None);
    assert_eq!(blog.publisher, None);
}

#[test]
fn seed_texts_metadata() {
    let dir = tempfile::tempdir().expect("tempdir");
    claimwire::corpus::build(&shared().join("seeds"), dir.path()).expect("build");
    let read = |n: &str| {
        read_text(
            &std::fs::read_to_string(dir.path().join(n)).expect("txt"),
            None,
        )
    };
    let a = read("000.txt");
    assert!(
        a.title
            .as_deref()
            .is_some_and(|t| t.starts_with("Bitcoin Lags as Small-Cap Stocks")),
        "{:?}",
        a.title
    );
    assert_eq!(a.publisher.as_deref(), Some("SKN"));
    let b = read("001.txt");
    assert_eq!(
        b.title.as_deref(),
        Some("From Lockstep to Lag, BTC Poised to Catch Up With Small Cap Highs")
    );
    let c = read("002.txt");
    assert_eq!(c.publisher.as_deref(), Some("CoinDesk"));
    assert_eq!(c.based_on.as_deref(), Some("CoinDesk"));
    assert!(c
        .published
        .as_deref()
        .is_some_and(|p| p.starts_with("2025-12-12")));
    assert_eq!(c.authors, vec!["James Van Straten"]);
    assert!(!c.text.contains("Trustworthiness"));
    let d = read("003.txt");
    assert_eq!(d.title, None);
    let raw = std::fs::read_to_string(dir.path().join("003.txt")).expect("txt");
    let first = raw
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    assert!(!first.is_empty() && d.text.starts_with(first));
}
