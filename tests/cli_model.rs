//! The direction classifier through the CLI, as a process: `sentiment` labels sentences we
//! wrote, `eval direction` reads both data formats and scores them, and in a build with the
//! `model` feature the scorer is the fine-tuned model, not the lexical cues.

use assert_cmd::Command;
use predicates::prelude::*;

const SENTENCES: [(&str, &str, &str); 6] = [
    (
        "Bitcoin surges to a record high as ETF inflows jump",
        "bullish",
        "1",
    ),
    (
        "Shares plunge after the company misses earnings and cuts its guidance",
        "bearish",
        "0",
    ),
    (
        "The company will hold its annual shareholder meeting on Tuesday",
        "neutral",
        "2",
    ),
    (
        "Ether rallies 12% after the upgrade goes live",
        "bullish",
        "1",
    ),
    ("Stocks tumble as recession fears grow", "bearish", "0"),
    (
        "The bank named a new chief financial officer",
        "neutral",
        "2",
    ),
];

fn claimwire() -> Command {
    Command::cargo_bin("claimwire").expect("binary")
}

/// Runs the command, asserts it succeeded (showing its stderr otherwise), returns its stdout.
fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn expected_scorer() -> &'static str {
    if cfg!(feature = "model") {
        "minilm-direction-2"
    } else {
        "rules-0.1"
    }
}

#[test]
fn sentiment_labels_each_line_with_probabilities() {
    let input: String = SENTENCES.iter().map(|s| format!("{}\n", s.0)).collect();
    let out = stdout_of(claimwire().arg("sentiment").write_stdin(input));
    let stdout = String::from_utf8_lossy(&out);
    let recs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(recs.len(), SENTENCES.len());
    for (r, (text, label, _)) in recs.iter().zip(SENTENCES) {
        assert_eq!(r["text"], text);
        assert_eq!(r["scorer"], expected_scorer());
        let p = &r["probabilities"];
        let sum: f64 = ["bearish", "bullish", "neutral"]
            .iter()
            .map(|k| p[k].as_f64().expect("a probability"))
            .sum();
        assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
        if cfg!(feature = "model") {
            assert_eq!(r["label"], label, "{text}");
        }
    }
}

#[test]
fn eval_direction_reads_csv_and_phrasebank_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("s.csv");
    let mut body = String::from("text,label\n");
    for (t, _, l) in SENTENCES {
        body.push_str(&format!("\"{t}\",{l}\n"));
    }
    std::fs::write(&csv, body).expect("write");
    let at = dir.path().join("s.txt");
    let body: String = SENTENCES
        .iter()
        .map(|(t, l, _)| {
            let pb = match *l {
                "bullish" => "positive",
                "bearish" => "negative",
                _ => "neutral",
            };
            format!("{t}@{pb}\n")
        })
        .collect();
    std::fs::write(&at, body).expect("write");
    for f in [&csv, &at] {
        let out = stdout_of(
            claimwire()
                .args(["eval", "direction", "--json", "--data"])
                .arg(f),
        );
        let r: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(r["n"], 6);
        assert_eq!(r["scorer"], expected_scorer());
        let confusion_total: u64 = r["confusion"]
            .as_array()
            .expect("matrix")
            .iter()
            .flat_map(|row| row.as_array().expect("row").iter())
            .map(|v| v.as_u64().expect("count"))
            .sum();
        assert_eq!(confusion_total, 6);
        if cfg!(feature = "model") {
            assert_eq!(r["accuracy"], 1.0, "{}", f.display());
        }
    }
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "text,label\n\"x\",7\n").expect("write");
    claimwire()
        .args(["eval", "direction", "--data"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicates::str::contains("bad.csv").and(predicates::str::contains("label \"7\"")));
}

/// `train soup` averages weight files: the soup of the shipped weights with themselves is
/// the shipped file, byte for byte (fp16 survives the mean), and classifies as it does when
/// `--direction-weights` names it (and the scorer says which file); a missing ingredient and
/// missing weights are named.
#[test]
fn soup_of_a_model_with_itself_is_the_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/direction/minilm-direction.safetensors");
    let out = dir.path().join("soup.safetensors");
    let mut cmd = claimwire();
    cmd.args(["train", "soup"])
        .arg(&shipped)
        .arg(&shipped)
        .arg("--out")
        .arg(&out);
    if !cfg!(feature = "model") {
        cmd.assert()
            .failure()
            .stderr(predicates::str::contains("no model"));
        return;
    }
    let record: serde_json::Value = serde_json::from_slice(&stdout_of(&mut cmd)).expect("JSON");
    assert_eq!(record["ingredients"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        std::fs::read(&out).expect("soup written"),
        std::fs::read(&shipped).expect("shipped weights")
    );
    assert_eq!(
        record["weights_sha256"],
        record["ingredients"][0]["weights_sha256"]
    );
    let input: String = SENTENCES.iter().map(|s| format!("{}\n", s.0)).collect();
    let labels = stdout_of(
        claimwire()
            .arg("--direction-weights")
            .arg(&out)
            .arg("sentiment")
            .write_stdin(input.clone()),
    );
    for (line, (text, label, _)) in String::from_utf8_lossy(&labels).lines().zip(SENTENCES) {
        let r: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(r["label"], label, "{text}");
        assert_eq!(r["scorer"], "minilm-direction (soup.safetensors)");
    }
    // The shipped file named by another path is still the shipped model.
    let roundabout = shipped
        .parent()
        .expect("models/direction")
        .join("../direction/minilm-direction.safetensors");
    let named = stdout_of(
        claimwire()
            .arg("--direction-weights")
            .arg(&roundabout)
            .arg("sentiment")
            .write_stdin(input.clone()),
    );
    for line in String::from_utf8_lossy(&named).lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(r["scorer"], "minilm-direction-2");
    }
    let absent = dir.path().join("absent.safetensors");
    claimwire()
        .arg("--direction-weights")
        .arg(&absent)
        .arg("sentiment")
        .write_stdin(input)
        .assert()
        .failure()
        .stderr(
            predicates::str::contains("no direction weights at")
                .and(predicates::str::contains("absent.safetensors")),
        );
    let missing = dir.path().join("missing.safetensors");
    claimwire()
        .args(["train", "soup"])
        .arg(&shipped)
        .arg(&missing)
        .arg("--out")
        .arg(dir.path().join("x.safetensors"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("missing.safetensors"));
}
