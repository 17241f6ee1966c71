//! Politeness as the server sees it: per-origin limit and delay, robots.txt Crawl-delay, and
//! two origins (two ports of 127.0.0.1: politeness is keyed on scheme://host:port) fetched in
//! parallel.

mod common;

use std::time::{Duration, Instant};

use claimwire::fetch::FetchOptions;
use claimwire::store::Store;
use claimwire::{ingest, IngestOptions};
use common::pages::article;
use common::{Request, Response, Server};

fn site(offset: usize, robots: &'static str) -> Server {
    Server::start(move |req| match req.path.as_str() {
        "/robots.txt" if robots.is_empty() => Response::status(404),
        "/robots.txt" => Response::new(200, "text/plain", robots),
        p => {
            let n: usize = p
                .trim_start_matches("/a")
                .trim_end_matches(".html")
                .parse()
                .unwrap_or(0);
            Response {
                delay: Duration::from_millis(30),
                ..Response::html(article(offset + n))
            }
        }
    })
}

fn ingest_all(sources: &[String], fetch: FetchOptions) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("t.db")).expect("store");
    let options = IngestOptions {
        fetch,
        ..IngestOptions::default()
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut statuses = Vec::new();
    rt.block_on(ingest(&mut store, sources, &options, |r| {
        statuses.push(r.status.clone())
    }))
    .expect("ingest");
    statuses
}

fn times(server: &Server) -> Vec<Instant> {
    let mut t: Vec<Instant> = server
        .requests
        .lock()
        .expect("lock")
        .iter()
        .map(|r: &Request| r.at)
        .collect();
    t.sort();
    t
}

fn min_gap(t: &[Instant]) -> Duration {
    t.windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .unwrap_or(Duration::MAX)
}

#[test]
fn one_origin_sees_requests_spaced_by_the_delay_and_two_origins_run_in_parallel() {
    let (a, b) = (site(100, ""), site(200, ""));
    let mut sources = Vec::new();
    for i in 0..4 {
        sources.push(a.url(&format!("/a{i}.html")));
        sources.push(b.url(&format!("/a{i}.html")));
    }
    let delay = Duration::from_millis(150);
    let fetch = FetchOptions {
        concurrency: 8,
        per_host: 1,
        delay,
        ..FetchOptions::default()
    };
    let statuses = ingest_all(&sources, fetch);
    assert_eq!(statuses, vec!["stored"; 8]);
    let (ta, tb) = (times(&a), times(&b));
    assert_eq!(
        (ta.len(), tb.len()),
        (5, 5),
        "robots.txt and four pages each"
    );
    assert!(min_gap(&ta) >= delay, "origin A: {:?}", min_gap(&ta));
    assert!(min_gap(&tb) >= delay, "origin B: {:?}", min_gap(&tb));
    // In parallel: each origin's requests begin before the other's end.
    assert!(tb[0] < ta[4] && ta[0] < tb[4], "the two origins interleave");
}

#[test]
fn crawl_delay_from_robots_txt_spaces_requests() {
    let s = site(300, "User-agent: *\nCrawl-delay: 0.3\nAllow: /\n");
    let sources: Vec<String> = (0..3).map(|i| s.url(&format!("/a{i}.html"))).collect();
    let fetch = FetchOptions {
        per_host: 2,
        ..FetchOptions::default()
    };
    assert_eq!(ingest_all(&sources, fetch), vec!["stored"; 3]);
    let t = times(&s);
    assert_eq!(t.len(), 4);
    // robots.txt is read first; the pages after it keep the crawl delay between them.
    assert!(
        min_gap(&t[1..]) >= Duration::from_millis(300),
        "{:?}",
        min_gap(&t[1..])
    );
}
