//! WARC archives as input: the sample corpus written by the test as a CC-NEWS style WARC file
//! (one gzip member a record, warcinfo and request records beside the responses, one response
//! chunked and gzip-encoded, one a 404) ingests with `ingest --warc` to the same store as the
//! same pages fetched over loopback: byte-identical exports, the same stories. A record limit
//! stops early; a file that is no WARC is a clear error.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{Response, Server};
use flate2::write::GzEncoder;
use warc::{RecordBuilder, RecordType, WarcHeader, WarcWriter};

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db);
    c
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every export of the store, by name.
fn exports(db: &Path) -> Vec<(&'static str, String)> {
    let views: [(&str, &[&str]); 5] = [
        ("export csv", &["export", "--format", "csv"]),
        ("claims csv", &["claims", "--format", "csv"]),
        ("stories csv", &["stories", "--format", "csv"]),
        ("show 1", &["show", "1"]),
        ("show 2", &["show", "2"]),
    ];
    views
        .iter()
        .map(|(name, args)| (*name, stdout(claimwire(db).args(*args))))
        .collect()
}

/// One WARC record as its own gzip member, as Common Crawl writes them.
fn member(kind: RecordType, uri: Option<&str>, body: Vec<u8>) -> Vec<u8> {
    let mut b = RecordBuilder::default()
        .warc_type(kind)
        .header(
            WarcHeader::ContentType,
            "application/http; msgtype=response",
        )
        .body(body);
    if let Some(u) = uri {
        b = b.header(WarcHeader::TargetURI, u);
    }
    let record = b.build().expect("record");
    let mut plain = Vec::new();
    WarcWriter::new(&mut plain).write(&record).expect("write");
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&plain).expect("gzip");
    gz.finish().expect("gzip")
}

/// An HTTP response: status line and headers (`\r\n` between them), a blank line, the body.
fn http(head: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!("HTTP/1.1 {head}\r\n\r\n").into_bytes();
    m.extend_from_slice(body);
    m
}

/// The corpus pages, served over loopback, and their URLs in name order.
fn corpus(dir: &Path) -> (Server, Vec<(String, PathBuf)>) {
    let pages: Vec<PathBuf> = common::build_corpus(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(pages.len(), 4, "{pages:?}");
    let root = dir.to_path_buf();
    let server = Server::start(move |req| {
        match std::fs::read(root.join(req.path.trim_start_matches("/pages/"))) {
            Ok(body) => Response::html(body),
            Err(_) => Response::status(404),
        }
    });
    let urls = pages
        .iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            (
                server.url(&format!("/pages/{}", name.unwrap_or_default())),
                p.clone(),
            )
        })
        .collect();
    (server, urls)
}

#[test]
fn a_warc_of_the_corpus_ingests_to_the_same_stories_as_the_corpus() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_server, pages) = corpus(&tmp.path().join("pages"));
    let urls: Vec<&str> = pages.iter().map(|(u, _)| u.as_str()).collect();
    let fetched = tmp.path().join("fetched.db");
    stdout(claimwire(&fetched).arg("ingest").args(&urls));

    let mut warc = member(
        RecordType::WarcInfo,
        None,
        b"software: claimwire tests\r\n".to_vec(),
    );
    for (i, (url, path)) in pages.iter().enumerate() {
        let page = std::fs::read(path).expect("page");
        warc.extend(member(
            RecordType::Request,
            Some(url),
            b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        ));
        let message = if i == 1 {
            // Chunked and gzip-encoded, as a server may send it.
            let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&page).expect("gzip");
            let zipped = gz.finish().expect("gzip");
            let (a, b) = zipped.split_at(zipped.len() / 2);
            let mut chunked = Vec::new();
            for part in [a, b] {
                chunked.extend(format!("{:x}\r\n", part.len()).into_bytes());
                chunked.extend_from_slice(part);
                chunked.extend_from_slice(b"\r\n");
            }
            chunked.extend_from_slice(b"0\r\n\r\n");
            http(
                "200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip",
                &chunked,
            )
        } else {
            http("200 OK\r\nContent-Type: text/html; charset=utf-8", &page)
        };
        warc.extend(member(RecordType::Response, Some(url), message));
    }
    let gone = "https://news.example/gone";
    warc.extend(member(
        RecordType::Response,
        Some(gone),
        http("404 Not Found", b""),
    ));
    let file = tmp.path().join("corpus.warc.gz");
    std::fs::write(&file, warc).expect("write warc");

    let archived = tmp.path().join("archived.db");
    let out = claimwire(&archived)
        .args(["ingest", "--warc"])
        .arg(&file)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "one record failed: {text}");
    assert!(text.contains("4 stored"), "{text}");
    assert!(
        text.contains(gone) && text.contains("HTTP status 404"),
        "{text}"
    );
    for ((name, a), (_, b)) in exports(&fetched).iter().zip(exports(&archived).iter()) {
        assert!(!a.trim().is_empty(), "{name} is empty");
        assert_eq!(
            a, b,
            "{name}: the WARC ingest differs from the fetched corpus"
        );
    }
    // The CoinDesk story holds its three copies, the other story one page.
    let stories = stdout(claimwire(&archived).args(["stories", "--format", "csv"]));
    let mut sizes: Vec<&str> = stories
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    sizes.sort();
    assert_eq!(sizes, ["1", "3"], "{stories}");

    // Again: every page is recognised, nothing is stored twice.
    let again = stdout(
        claimwire(&archived)
            .args(["ingest", "--warc-limit", "2", "--warc"])
            .arg(&file),
    );
    assert!(again.contains("0 stored, 2 already stored"), "{again}");
}

#[test]
fn a_file_that_is_no_warc_is_named_in_the_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("notes.warc");
    std::fs::write(&file, "just some notes\r\n\r\n").expect("write");
    let out = claimwire(&tmp.path().join("x.db"))
        .args(["ingest", "--warc"])
        .arg(&file)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(
        text.contains("notes.warc: record 1") && text.contains("broken WARC record"),
        "{text}"
    );
    let missing = claimwire(&tmp.path().join("x.db"))
        .args(["ingest", "--warc", "/nonexistent/file.warc.gz"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("cannot read WARC file /nonexistent/file.warc.gz"),
        "{err}"
    );
}
