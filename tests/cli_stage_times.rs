//! `claimwire ingest --stage-times` as a process over a loopback server: the table names every
//! stage, and the JSON says the same with times that are never negative, that add up to at
//! most the process's CPU time, and each source's stages to at most the batch's.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{Response, Server};

const STAGES: [&str; 8] = [
    "fetch", "decode", "read", "claims", "rating", "embed", "dedup", "store",
];

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db);
    c
}

/// The corpus pages (rendered at run time from the shared seeds) on a loopback server, and
/// their URLs, the first page twice under another URL (a copy: `already_stored`).
fn corpus_server(dir: &Path) -> (Server, Vec<String>) {
    let names: Vec<String> = common::build_corpus(dir)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".html"))
        .collect();
    assert_eq!(names.len(), 4, "four corpus pages: {names:?}");
    let root: PathBuf = dir.to_path_buf();
    let server = Server::start(move |req| {
        let name = req.path.rsplit('/').next().unwrap_or("");
        match std::fs::read(root.join(name)) {
            Ok(body) if !name.contains("..") && !name.is_empty() => Response::html(body),
            _ => Response::status(404),
        }
    });
    let mut urls: Vec<String> = names
        .iter()
        .map(|n| server.url(&format!("/pages/{n}")))
        .collect();
    urls.push(server.url(&format!("/again/{}", names[0])));
    (server, urls)
}

#[test]
fn stage_times_name_every_stage_and_add_up_to_at_most_the_process_cpu() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_server, urls) = corpus_server(&tmp.path().join("pages"));

    // JSON: a record a source with its own stages, then the batch's.
    let out = claimwire(&tmp.path().join("json.db"))
        .arg("ingest")
        .args(&urls)
        .args(["--json", "--stage-times", "--retries", "0"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("NDJSON"))
        .collect();
    let (last, sources) = records.split_last().expect("records");
    assert_eq!(sources.len(), urls.len(), "{stdout}");
    let t = &last["stage_times"];
    let stages = t["stages"].as_array().expect("stages");
    let names: Vec<&str> = stages.iter().filter_map(|s| s["stage"].as_str()).collect();
    assert_eq!(names, STAGES, "{t}");
    let process = t["process_cpu_ms"].as_f64().expect("process CPU");
    let mut sum = 0.0;
    let mut batch = std::collections::HashMap::new();
    for s in stages {
        let cpu = s["cpu_ms"].as_f64().expect("cpu_ms");
        let wall = s["wall_ms"].as_f64().expect("wall_ms");
        assert!(cpu >= 0.0 && wall >= 0.0, "{s}");
        sum += cpu;
        batch.insert(
            s["stage"].as_str().unwrap_or(""),
            (cpu, s["calls"].as_u64()),
        );
    }
    assert!(process > 0.0, "{t}");
    // Thread clocks read inside the process's window: at most its CPU (a rounding's slack).
    assert!(
        sum <= process * 1.01 + 1.0,
        "stages {sum} ms > process {process} ms: {t}"
    );
    let unattributed = t["unattributed_ms"].as_f64().expect("unattributed");
    assert!(
        (unattributed - (process - sum).max(0.0)).abs() < 1e-6,
        "{t}"
    );
    // Every page was fetched, decoded, read and stored (the copy as a copy).
    for stage in ["fetch", "decode", "read", "claims", "rating", "store"] {
        let (cpu, calls) = batch[stage];
        assert!(cpu > 0.0 && calls.unwrap_or(0) >= 4, "{stage}: {t}");
    }
    // Four articles were analysed and placed in stories; the copy was found by its text
    // before it was analysed.
    for stage in ["claims", "rating", "dedup"] {
        assert_eq!(batch[stage].1, Some(4), "{stage}: {t}");
    }

    for r in sources {
        let cpu = r["cpu_ms"].as_object().expect("each source's cpu_ms");
        for (stage, ms) in cpu {
            assert!(STAGES.contains(&stage.as_str()), "{r}");
            let ms = ms.as_f64().expect("ms");
            assert!(ms >= 0.0 && ms <= batch[stage.as_str()].0 + 1e-9, "{r}");
        }
        let want: &[&str] = if r["status"] == "stored" {
            &["read", "claims", "rating", "dedup", "store"]
        } else {
            assert_eq!(r["status"], "already_stored", "{r}");
            for stage in ["claims", "rating", "embed", "dedup"] {
                assert!(!cpu.contains_key(stage), "a copy is not analysed: {r}");
            }
            &["read", "store"]
        };
        for stage in want {
            assert!(cpu.contains_key(*stage), "{stage} missing: {r}");
        }
    }

    // Text: the table after the summary, a row a stage.
    let out = claimwire(&tmp.path().join("text.db"))
        .arg("ingest")
        .args(&urls)
        .args(["--stage-times", "--retries", "0"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("4 stored, 1 already stored"), "{stdout}");
    let table = &stdout[stdout.find("CPU ms / source").expect("table header")..];
    for stage in STAGES.iter().chain(&["unattributed", "process"]) {
        assert!(
            table
                .lines()
                .any(|l| l.trim_start_matches(['│', ' ']).starts_with(stage)),
            "no row for {stage}:\n{table}"
        );
    }
}
