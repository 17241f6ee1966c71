//! Ingest throughput: pages per second for 1,000 corpus-like article pages (about 35 KiB each,
//! mostly page furniture) served by the loopback test server, through the whole pipeline
//! (fetch, read, analyse, store), and for the fetch stage alone.
//!
//! `cargo bench --bench fetch` runs 1,000 pages; under `cargo test` it runs a 20-page smoke.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use claimwire::fetch::{fetch_batch, FetchOptions, Fetcher, Outcome};
use claimwire::store::Store;
use claimwire::{ingest, IngestOptions};
use common::pages::article;
use common::{Response, Server};

/// A page like a publisher's: the article inside navigation, scripts and related links.
fn page(n: usize) -> String {
    let nav: String = (0..120)
        .map(|i| format!("<li><a href=\"/section/{i}\">Section {i} markets and policy</a></li>\n"))
        .collect();
    let related: String = (0..60)
        .map(|i| format!("<div class=\"card\"><a href=\"/news/{i}\"><h3>Related story {i} on exchange flows</h3></a><p>Teaser text for the related story number {i}.</p></div>\n"))
        .collect();
    let script = format!(
        "<script>window.__STATE__ = {{\"items\": [{}]}};</script>",
        (0..800)
            .map(|i| format!("{{\"id\":{i},\"v\":\"x{i}\"}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    article(n)
        .replace(
            "<header>",
            &format!("{script}<header><ul class=\"menu\">{nav}</ul>"),
        )
        .replace("<footer>", &format!("<aside>{related}</aside><footer>"))
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n = if full { 1000 } else { 20 };
    let pages: Arc<Vec<String>> = Arc::new((0..n).map(page).collect());
    let bytes: usize = pages.iter().map(String::len).sum();
    let served = pages.clone();
    let server = Server::start(move |req| {
        let i: usize = req
            .path
            .trim_start_matches("/p")
            .trim_end_matches(".html")
            .parse()
            .unwrap_or(usize::MAX);
        match served.get(i) {
            Some(p) => Response::html(p.clone()),
            None => Response::status(404),
        }
    });
    let urls: Vec<String> = (0..n).map(|i| server.url(&format!("/p{i}.html"))).collect();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    println!(
        "{n} pages, {:.1} KiB each on average, one loopback origin",
        bytes as f64 / n as f64 / 1024.0
    );
    for per_host in [2, 8] {
        let fetch = FetchOptions {
            concurrency: 8,
            per_host,
            total_timeout: Duration::from_secs(30),
            ..FetchOptions::default()
        };

        let fetcher = Arc::new(Fetcher::new(fetch.clone()).expect("fetcher"));
        let jobs = urls.iter().map(|u| (u.clone(), None)).collect();
        let start = Instant::now();
        let mut ok = 0;
        rt.block_on(async {
            let mut rx = fetch_batch(fetcher, jobs);
            while let Some((_, r)) = rx.recv().await {
                ok += usize::from(matches!(r, Ok(Outcome::Fetched(_))));
            }
        });
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(ok, n, "every page fetched");
        println!(
            "fetch only,       per-host {per_host}: {:>7.1} pages/s ({secs:.2} s)",
            n as f64 / secs
        );

        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("bench.db")).expect("store");
        let options = IngestOptions {
            fetch,
            ..IngestOptions::default()
        };
        let start = Instant::now();
        let summary = rt
            .block_on(ingest(&mut store, &urls, &options, |_| {}))
            .expect("ingest");
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(
            summary.stored,
            n,
            "every page stored: {:?}",
            summary.failed.first()
        );
        println!(
            "ingest (stored),  per-host {per_host}: {:>7.1} pages/s ({secs:.2} s)",
            n as f64 / secs
        );
    }
}
