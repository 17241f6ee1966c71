//! Compressed and binary files given as pages, through the CLI as a process: a gzip or brotli
//! page reads, extracts and ingests as the unpacked page does (gzip known by its magic bytes,
//! whatever the name); an image, archive, PDF or binary noise is a named error with exit 1
//! (`read`, `extract`) or 3 (`ingest`), and nothing of it reaches the store.

mod common;

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use common::json;
use serde_json::Value;

fn claimwire() -> Command {
    Command::cargo_bin("claimwire").expect("binary")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        w.write_all(bytes).expect("brotli");
    }
    out
}

/// The article without where it was read from.
fn without_urls(mut article: Value) -> Value {
    article["url"] = Value::Null;
    article["canonical_url"] = Value::Null;
    article
}

#[test]
fn packed_pages_read_extract_and_ingest_as_the_unpacked_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = common::pages::article(3);
    let plain = dir.path().join("page.html");
    std::fs::write(&plain, &page).expect("write");
    let packed = [
        ("page.html.gz", gzip(page.as_bytes())),
        // gzip under a plain name: known by its magic bytes.
        ("packed.html", gzip(page.as_bytes())),
        ("page.html.br", brotli(page.as_bytes())),
    ];
    let want = without_urls(json(claimwire().arg("read").arg(&plain)));
    assert!(want["text"]
        .as_str()
        .expect("text")
        .contains("Harbour Ledger digital asset fund"));
    let want_extract = json(claimwire().arg("extract").arg(&plain));
    for (name, bytes) in &packed {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let got = without_urls(json(claimwire().arg("read").arg(&path)));
        assert_eq!(got, want, "{name}");
        let extracted = json(claimwire().arg("extract").arg(&path));
        assert_eq!(extracted["claims"], want_extract["claims"], "{name}");
        assert_eq!(extracted["rating"], want_extract["rating"], "{name}");
    }

    // Ingested packed, the page is stored as the plain page is: the plain one is then the
    // same text, already stored.
    let db = dir.path().join("store.db");
    let gz = dir.path().join("page.html.gz");
    let out = json(
        claimwire()
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--json"])
            .arg(&gz),
    );
    assert_eq!(out["status"], "stored", "{out}");
    assert_eq!(out["title"], want["title"]);
    assert_eq!(
        out["claims"].as_u64(),
        Some(want_extract["claims"].as_array().expect("claims").len() as u64)
    );
    let again = json(
        claimwire()
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--json"])
            .arg(&plain),
    );
    assert_eq!(again["status"], "already_stored", "{again}");
    let claims = json(
        claimwire()
            .arg("--db")
            .arg(&db)
            .args(["claims", "--format", "json"]),
    );
    let values: Vec<f64> = claims
        .as_array()
        .expect("claims")
        .iter()
        .filter_map(|c| c["value"].as_f64())
        .collect();
    assert!(values.contains(&84_003.0), "{values:?}");
}

/// A binary file under an HTML name, and what the error must call it.
fn binaries() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0x42u8, 3000));
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend(gzip(common::pages::article(4).as_bytes()));
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".repeat(50);
    // Pseudo-random bytes: no format, only binary.
    let mut x: u32 = 12345;
    let noise = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    vec![
        (
            "image.html",
            png,
            "image/png: {path} is a PNG image, not a page",
        ),
        (
            "archive.html",
            zip,
            "application/zip: {path} is a zip archive",
        ),
        (
            "report.html",
            pdf,
            "application/pdf: {path} is a PDF document, not a page",
        ),
        (
            "noise.txt",
            noise,
            "application/octet-stream: {path} is binary data, not a page",
        ),
    ]
}

#[test]
fn binary_files_are_named_errors_and_never_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("store.db");
    for (name, bytes, message) in binaries() {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let message = message.replace("{path}", &path.display().to_string());
        for command in ["read", "extract"] {
            let out = claimwire().arg(command).arg(&path).output().expect("run");
            assert_eq!(out.status.code(), Some(1), "{command} {name}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(&format!("unsupported content type: {message}")),
                "{command} {name}: {err}"
            );
            assert!(out.stdout.is_empty());
        }
        let out = claimwire()
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--json"])
            .arg(&path)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(3), "ingest {name}");
        let report: Value = serde_json::from_slice(&out.stdout).expect("NDJSON record");
        assert_eq!(report["status"], "unsupported_content_type", "{name}");
        assert!(
            report["detail"]
                .as_str()
                .is_some_and(|d| d.contains(&message)),
            "{report}"
        );
    }
    let stories = json(
        claimwire()
            .arg("--db")
            .arg(&db)
            .args(["stories", "--format", "json"]),
    );
    assert_eq!(stories, serde_json::json!([]));
    check_failed_sources(&db);
}

fn check_failed_sources(db: &Path) {
    let out = claimwire()
        .arg("--db")
        .arg(db)
        .args(["sources", "--failed"])
        .output()
        .expect("run");
    let listed = String::from_utf8_lossy(&out.stdout);
    for name in ["image.html", "archive.html", "report.html", "noise.txt"] {
        assert!(listed.contains(name), "{name} not in {listed}");
    }
    assert_eq!(
        listed.matches("unsupported_content_type").count(),
        4,
        "{listed}"
    );
}
