//! The model on demand: in a build with the model, `claimwire` hands the commands that need
//! it to `claimwire-model` (the binary with libtorch) and runs the others itself. Checked as
//! processes: the same answer through either binary, the model's scorer reached through
//! `claimwire`, and a `claimwire` copied alone, without `claimwire-model`, still answering
//! what needs no model and naming what is missing for what does.
#![cfg(feature = "model")]

use std::path::PathBuf;

use assert_cmd::Command;

fn bin(name: &str) -> PathBuf {
    assert_cmd::cargo::cargo_bin(name)
}

const SENTENCE: &str = "Bitcoin surges to a record high as ETF inflows jump\n";

#[test]
fn model_commands_reach_the_model_through_claimwire() {
    let through = Command::new(bin("claimwire"))
        .arg("sentiment")
        .write_stdin(SENTENCE)
        .output()
        .unwrap();
    let direct = Command::new(bin("claimwire-model"))
        .arg("sentiment")
        .write_stdin(SENTENCE)
        .output()
        .unwrap();
    assert!(
        through.status.success(),
        "{}",
        String::from_utf8_lossy(&through.stderr)
    );
    assert_eq!(through.stdout, direct.stdout);
    let v: serde_json::Value = serde_json::from_slice(&through.stdout).unwrap();
    assert_eq!(v["label"], "bullish");
    assert!(
        v["scorer"]
            .as_str()
            .unwrap()
            .starts_with("minilm-direction"),
        "{v}"
    );
    // --no-model stays in claimwire: the lexical cues.
    let lexical = Command::new(bin("claimwire"))
        .args(["--no-model", "sentiment"])
        .write_stdin(SENTENCE)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&lexical.stdout).unwrap();
    assert!(!v["scorer"].as_str().unwrap().starts_with("minilm"), "{v}");
}

#[test]
fn claimwire_alone_answers_what_needs_no_model() {
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("claimwire");
    std::fs::copy(bin("claimwire"), &alone).unwrap();
    let db = dir.path().join("x.db");
    let page = dir.path().join("a.txt");
    std::fs::write(
        &page,
        "Bitcoin climbs\n\nBitcoin rose 3% to $64,000 on Tuesday as buyers returned to the \
         market after a week of losses, traders said, while ether gained 2% and the wider \
         market of digital assets added $40 billion in value over the session, according to \
         figures from the data provider, which tracks more than a hundred exchanges.\n",
    )
    .unwrap();
    // No claimwire-model beside it, and none on the PATH: a command that needs the model says so.
    let out = Command::new(&alone)
        .env("PATH", "/usr/bin:/bin")
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("claimwire-model is neither beside it nor on the PATH"),
        "{err}"
    );
    // With --no-model it ingests itself, and the queries need no model at all.
    let out = Command::new(&alone)
        .env("PATH", "/usr/bin:/bin")
        .arg("--db")
        .arg(&db)
        .args(["--no-model", "ingest"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&alone)
        .env("PATH", "/usr/bin:/bin")
        .arg("--db")
        .arg(&db)
        .args(["claims", "--kind", "price", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["value"], 64000.0, "{v}");
}
