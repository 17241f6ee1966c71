//! The four seed documents (read at run time from `../shared/seeds`, never copied here):
//! every expected claim is found with its asset and source, every expected source is found,
//! and no page-furniture figure becomes a claim. The expected values below are this test's
//! own copy of `eval/seeds-gold.json`.
//!
//! Until the real page readers land, `page::read_text` keeps page furniture; this test cuts
//! each seed at its first "Don't Miss" / "Related Articles" / "More For You" heading before
//! building the `Article` (the extractor also stops there on its own).

use claimwire::claims::{extract, ClaimKind, Extraction};
use claimwire::eval::claims::evaluate;
use claimwire::page::{read_text, Article};
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    std::env::var_os("CLAIMWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn cut_furniture(text: &str) -> &str {
    let end = ["Don't Miss", "Related Articles", "More For You"]
        .iter()
        .filter_map(|h| text.find(h))
        .min()
        .unwrap_or(text.len());
    &text[..end]
}

fn read(path: &Path) -> anyhow::Result<Article> {
    let text = std::fs::read_to_string(path)?;
    let mut a = read_text(cut_furniture(&text), None);
    if path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("002"))
    {
        a.published = Some("2025-12-12T10:50".to_string());
    }
    Ok(a)
}

type Row = (ClaimKind, f64, Option<&'static str>, Option<&'static str>);

struct Expected {
    file: &'static str,
    claims: &'static [Row],
    sources: &'static [&'static str],
    must_not: &'static [f64],
    may: &'static [f64],
}

use ClaimKind::*;
const BTC: Option<&str> = Some("BTC");
const GS: Option<&str> = Some("Goldman Sachs");
const CME: Option<&str> = Some("CME FedWatch");
const ZH: Option<&str> = Some("ZeroHedge");

const EXPECTED: &[Expected] = &[
    Expected {
        file: "000_c9d37c7367173d8b.txt",
        claims: &[
            (Percent, 27.0, BTC, None),
            (Price, 92_400.0, BTC, None),
            (Price, 126_000.0, BTC, None),
            (Price, 69_000.0, BTC, None),
            (Price, 90_000.0, BTC, None),
            (BasisPoints, 25.0, None, None),
            (Percent, 49.0, None, GS),
            (BasisPoints, 50.0, None, CME),
            (Amount, 8.2e9, None, None),
            (Amount, 40e9, None, None),
        ],
        sources: &["Milk Road Macro", "Goldman Sachs", "CME FedWatch"],
        must_not: &[10_000_000.0, 80_000.0, 19.0],
        may: &[],
    },
    Expected {
        file: "001_1a6ebfb97b45e676.txt",
        claims: &[
            (Percent, 27.0, BTC, None),
            (Price, 69_000.0, BTC, None),
            (Price, 90_000.0, BTC, None),
            (Price, 126_000.0, BTC, None),
            (BasisPoints, 25.0, None, None),
            (Percent, 49.0, None, GS),
            (BasisPoints, 50.0, None, CME),
            (Amount, 8.2e9, None, ZH),
            (Amount, 40e9, None, None),
        ],
        sources: &[
            "Milk Road Macro",
            "Goldman Sachs",
            "CME FedWatch",
            "ZeroHedge",
        ],
        must_not: &[],
        may: &[],
    },
    Expected {
        file: "002_472e39ca8c1fcd63.txt",
        claims: &[
            (Price, 92_578.4, BTC, None),
            (Percent, 27.0, BTC, None),
            (Price, 69_000.0, BTC, None),
            (Price, 90_000.0, BTC, None),
            (Price, 126_000.0, BTC, None),
            (BasisPoints, 25.0, None, None),
            (Percent, 49.0, None, GS),
            (BasisPoints, 50.0, None, CME),
            (Amount, 8.2e9, None, ZH),
            (Amount, 40e9, None, None),
        ],
        sources: &[
            "Milk Road Macro",
            "Goldman Sachs",
            "CME FedWatch",
            "ZeroHedge",
        ],
        must_not: &[
            4.7e6, 2.5e6, 53.0, 1.7e6, 717e6, 350e6, 5e9, 10e9, 1.1e9, 4e9,
        ],
        may: &[92_565.0],
    },
    Expected {
        file: "003_4007b05245a48766.txt",
        claims: &[(Price, 100_000.0, BTC, None)],
        sources: &[],
        must_not: &[],
        may: &[],
    },
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
}

/// Checks one document; returns a list of problems.
fn check(e: &Expected, ex: &Extraction) -> Vec<String> {
    let mut problems = Vec::new();
    for &(kind, value, asset, source) in e.claims {
        let found = ex.claims.iter().any(|c| {
            c.kind == kind
                && close(c.value, value)
                && asset.is_none_or(|a| c.asset.as_deref() == Some(a))
                && source.is_none_or(|s| c.source.as_deref() == Some(s))
        });
        if !found {
            problems.push(format!(
                "{}: missing {kind:?} {value} {asset:?} {source:?}",
                e.file
            ));
        }
    }
    for c in &ex.claims {
        let expected = e.claims.iter().any(|&(k, v, a, _)| {
            k == c.kind
                && close(v, c.value)
                && a.is_none_or(|a| c.asset.as_deref().is_none_or(|b| a == b))
        });
        let may = e.may.iter().any(|&v| close(v, c.value));
        if !expected && !may {
            problems.push(format!(
                "{}: unexpected {:?} {} [{}]",
                e.file, c.kind, c.value, c.surface
            ));
        }
        if e.must_not.iter().any(|&v| close(v, c.value)) {
            problems.push(format!("{}: must_not figure {}", e.file, c.surface));
        }
    }
    let named: Vec<&str> = ex
        .sources
        .iter()
        .filter(|s| s.named)
        .map(|s| s.name.as_str())
        .collect();
    for s in e.sources {
        if !named.contains(s) {
            problems.push(format!("{}: source {s} not found", e.file));
        }
    }
    for n in &named {
        if !e.sources.contains(n) {
            problems.push(format!("{}: unexpected source {n}", e.file));
        }
    }
    problems
}

#[test]
fn seeds_all_claims_and_sources() {
    let dir = shared().join("seeds");
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: {} not found (set CLAIMWIRE_SHARED)",
            dir.display()
        );
        return;
    }
    let mut problems = Vec::new();
    for e in EXPECTED {
        let article = read(&dir.join(e.file)).expect("seed readable");
        problems.extend(check(e, &extract(&article)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seeds_furniture_ignored_without_the_cut() {
    // The extractor must stop at page furniture on its own too.
    let dir = shared().join("seeds");
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} not found", dir.display());
        return;
    }
    for e in EXPECTED {
        let text = std::fs::read_to_string(dir.join(e.file)).expect("seed readable");
        let ex = extract(&read_text(&text, None));
        for c in &ex.claims {
            assert!(
                !e.must_not.iter().any(|&v| close(v, c.value)),
                "{}: must_not figure {}",
                e.file,
                c.surface
            );
        }
    }
}

#[test]
fn seeds_gold_eval_is_perfect() {
    let root = shared();
    let gold = root.join("eval/seeds-gold.json");
    if !gold.is_file() {
        eprintln!(
            "SKIPPED: {} not found (set CLAIMWIRE_SHARED)",
            gold.display()
        );
        return;
    }
    let report = evaluate(
        &gold,
        Some(&root.join("seeds")),
        &root,
        claimwire::eval::claims::Split::All,
        read,
    )
    .expect("eval runs");
    println!("{report}");
    assert_eq!(report.overall.precision, 1.0, "{report}");
    assert_eq!(report.overall.recall, 1.0, "{report}");
    assert_eq!(report.sources.precision, 1.0, "{report}");
    assert_eq!(report.sources.recall, 1.0, "{report}");
    assert!(report.must_not_hits.is_empty(), "{report}");
}

#[test]
fn offsets_are_characters() {
    let a = Article {
        title: Some("Bitcoin’s rally — BTC hits $100,000".to_string()),
        text: "Ether’s “surge” — ETH rose 5% to $4,000.".to_string(),
        ..Article::default()
    };
    let ex = extract(&a);
    for c in &ex.claims {
        let src = if c.in_headline {
            a.title.as_deref().unwrap_or("")
        } else {
            a.text.as_str()
        };
        let got: String = src.chars().skip(c.start).take(c.end - c.start).collect();
        assert_eq!(got, c.surface);
        let sent: String = src
            .chars()
            .skip(c.sentence_start)
            .take(c.sentence.chars().count())
            .collect();
        assert_eq!(sent, c.sentence);
    }
    assert_eq!(ex.claims.len(), 3, "{:?}", ex.claims);
}
