//! `claimwire extract` on each corpus page and each seed text: at least 90% of the seed's gold
//! claims (kind and value; asset and source where given), none of its furniture figures, and
//! a rating that matches the seed's. The expectations are this test's own copy of
//! seeds-gold.json.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

type Gold = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    f64,
);

struct Seed {
    id: &'static str,
    claims: &'static [Gold],
    must_not: &'static [f64],
    direction: &'static str,
    time_effect: &'static str,
}

const FIG_000: &[Gold] = &[
    ("percent", Some("BTC"), None, 27.0),
    ("price", Some("BTC"), None, 92400.0),
    ("price", Some("BTC"), None, 126000.0),
    ("price", Some("BTC"), None, 69000.0),
    ("price", Some("BTC"), None, 90000.0),
    ("basis_points", None, None, 25.0),
    ("percent", None, Some("Goldman Sachs"), 49.0),
    ("basis_points", None, Some("CME FedWatch"), 50.0),
    ("amount", None, None, 8.2e9),
    ("amount", None, None, 4.0e10),
];
const FIG_001: &[Gold] = &[
    ("percent", Some("BTC"), None, 27.0),
    ("price", Some("BTC"), None, 69000.0),
    ("price", Some("BTC"), None, 90000.0),
    ("price", Some("BTC"), None, 126000.0),
    ("basis_points", None, None, 25.0),
    ("percent", None, Some("Goldman Sachs"), 49.0),
    ("basis_points", None, Some("CME FedWatch"), 50.0),
    ("amount", None, Some("ZeroHedge"), 8.2e9),
    ("amount", None, None, 4.0e10),
];
const FIG_002: &[Gold] = &[
    ("price", Some("BTC"), None, 92578.4),
    ("percent", Some("BTC"), None, 27.0),
    ("price", Some("BTC"), None, 69000.0),
    ("price", Some("BTC"), None, 90000.0),
    ("price", Some("BTC"), None, 126000.0),
    ("basis_points", None, None, 25.0),
    ("percent", None, Some("Goldman Sachs"), 49.0),
    ("basis_points", None, Some("CME FedWatch"), 50.0),
    ("amount", None, Some("ZeroHedge"), 8.2e9),
    ("amount", None, None, 4.0e10),
];
const FIG_003: &[Gold] = &[("price", Some("BTC"), None, 100000.0)];

const SEEDS: &[Seed] = &[
    Seed {
        id: "000",
        claims: FIG_000,
        must_not: &[1.0e7, 80000.0, 19.0],
        direction: "bullish",
        time_effect: "long",
    },
    Seed {
        id: "001",
        claims: FIG_001,
        must_not: &[],
        direction: "bullish",
        time_effect: "long",
    },
    Seed {
        id: "002",
        claims: FIG_002,
        must_not: &[
            4.7e6, 2.5e6, 53.0, 1.7e6, 7.17e8, 3.5e8, 5.0e9, 1.0e10, 1.1e9, 4.0e9,
        ],
        direction: "bullish",
        time_effect: "long",
    },
    Seed {
        id: "003",
        claims: FIG_003,
        must_not: &[],
        direction: "bullish",
        time_effect: "short",
    },
];

fn extract(path: &Path) -> Value {
    let out = Command::cargo_bin("claimwire")
        .expect("binary")
        .arg("extract")
        .arg(path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

fn check(path: &Path, seed: &Seed) {
    let x = extract(path);
    let claims = x["claims"].as_array().expect("claims");
    let found = seed
        .claims
        .iter()
        .filter(|(kind, asset, source, value)| {
            claims.iter().any(|c| {
                c["kind"] == *kind
                    && c["value"].as_f64().is_some_and(|v| close(v, *value))
                    && asset.is_none_or(|a| c["asset"] == a)
                    && source.is_none_or(|s| c["source"] == s)
            })
        })
        .count();
    let share = found as f64 / seed.claims.len() as f64;
    assert!(
        share >= 0.9,
        "{}: found {found} of {} gold claims; got {:#?}",
        path.display(),
        seed.claims.len(),
        claims
            .iter()
            .map(|c| format!(
                "{} {} {} {}",
                c["kind"], c["value"], c["asset"], c["source"]
            ))
            .collect::<Vec<_>>()
    );
    for bad in seed.must_not {
        assert!(
            !claims
                .iter()
                .any(|c| c["value"].as_f64().is_some_and(|v| close(v, *bad))),
            "{}: furniture figure {bad} became a claim",
            path.display()
        );
    }
    let rating = &x["rating"];
    assert_eq!(
        rating["direction"]["value"],
        seed.direction,
        "{}: {rating:#}",
        path.display()
    );
    assert_eq!(
        rating["time_effect"]["value"],
        seed.time_effect,
        "{}: {rating:#}",
        path.display()
    );
}

#[test]
fn corpus_pages_and_seed_texts_yield_the_gold_claims() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = tmp.path().join("pages");
    let files = common::build_corpus(&pages);
    for seed in SEEDS {
        let docs: Vec<_> = files
            .iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(seed.id))
            })
            .collect();
        assert!(
            docs.len() >= 2,
            "seed {} has a page and a text: {docs:?}",
            seed.id
        );
        for doc in docs {
            check(doc, seed);
        }
    }
}

#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let tmp = tempfile::tempdir().expect("tempdir");
    let page = tmp.path().join("long.txt");
    // Distinct paragraphs (repeated ones are dropped as furniture), far more than a pipe holds.
    let text: String = (0..4000)
        .map(|i| {
            format!(
                "Bitcoin rose {}% to ${} in session {i}, traders said.\n\n",
                i % 9,
                90_000 + i
            )
        })
        .collect();
    std::fs::write(&page, text).expect("page");
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("claimwire"))
        .arg("read")
        .arg(&page)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read a little, then close the pipe, as `| head -1` does.
    let mut first = [0u8; 64];
    let mut out = child.stdout.take().expect("stdout");
    out.read_exact(&mut first).expect("some output");
    drop(out);
    let done = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(done.status.code(), Some(141), "{stderr}");
}
