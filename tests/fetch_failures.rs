//! Every way a source can fail, one case each, through the ingest pipeline against the real
//! loopback server: each batch also holds a good article, which must still be stored.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use claimwire::fetch::FetchOptions;
use claimwire::store::Store;
use claimwire::{ingest, IngestOptions};
use common::pages::{article, article_in};
use common::{Request, Response, Server};

/// Small timeouts and backoffs so that the suite stays fast.
fn quick() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_millis(500),
        total_timeout: Duration::from_millis(1500),
        retries: 2,
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_secs(3),
        ..FetchOptions::default()
    }
}

/// Serves a good article at `/good.html`, robots.txt as 404, and the case at `/case`.
fn server(case: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
    Server::start(move |req| match req.path.as_str() {
        "/good.html" => Response::html(article(1)),
        "/robots.txt" => Response::status(404),
        _ => case(req),
    })
}

/// Ingests the good article and `case_url` into a fresh store; returns the sources table as
/// source -> (status, detail), and the store.
fn run(
    server: &Server,
    case_url: &str,
    fetch: FetchOptions,
) -> (HashMap<String, (String, String)>, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).expect("store");
    let sources = vec![server.url("/good.html"), case_url.to_string()];
    let options = IngestOptions {
        fetch,
        ..IngestOptions::default()
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(ingest(&mut store, &sources, &options, |_| {}))
        .expect("ingest");
    let table = statuses(&store);
    assert_eq!(
        table.get(&server.url("/good.html")).map(|s| s.0.as_str()),
        Some("stored"),
        "the good article of the batch is stored: {table:?}"
    );
    std::mem::forget(dir); // keep the database for the caller's queries
    (table, store)
}

fn statuses(store: &Store) -> HashMap<String, (String, String)> {
    store
        .sources(false)
        .expect("sources")
        .into_iter()
        .map(|r| (r.source, (r.status, r.detail.unwrap_or_default())))
        .collect()
}

fn status_of(server: &Server, case: &str, fetch: FetchOptions) -> (String, String) {
    let url = server.url(case);
    let (table, _) = run(server, &url, fetch);
    table.get(&url).cloned().unwrap_or_default()
}

#[test]
fn a_429_with_retry_after_is_retried_after_the_wait() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let s = server(move |_| {
        if h.fetch_add(1, Ordering::SeqCst) == 0 {
            Response::status(429).header("Retry-After", "1")
        } else {
            Response::html(article(2))
        }
    });
    let (status, _) = status_of(&s, "/case", quick());
    assert_eq!(status, "stored");
    let reqs = s.requests_to("/case");
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[1].at - reqs[0].at >= Duration::from_secs(1),
        "Retry-After honoured"
    );
}

#[test]
fn a_503_twice_then_200_is_stored() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let s = server(move |_| {
        if h.fetch_add(1, Ordering::SeqCst) < 2 {
            Response::status(503)
        } else {
            Response::html(article(3))
        }
    });
    assert_eq!(status_of(&s, "/case", quick()).0, "stored");
    assert_eq!(s.requests_to("/case").len(), 3);
}

#[test]
fn retries_give_up_with_the_status_code() {
    let s = server(|_| Response::status(503));
    let (status, detail) = status_of(&s, "/case", quick());
    assert_eq!(
        (status.as_str(), detail.as_str()),
        ("http_status", "HTTP 503")
    );
    assert_eq!(s.requests_to("/case").len(), 3, "one try and two retries");
}

#[test]
fn a_server_that_never_answers_times_out_within_the_bound() {
    let s = server(|_| Response {
        delay: Duration::from_secs(20),
        ..Response::html(article(4))
    });
    let start = Instant::now();
    assert_eq!(status_of(&s, "/case", quick()).0, "timeout");
    // Bounded by the configured timeouts, far below the server's 20 s silence.
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_body_trickling_past_the_total_timeout_times_out() {
    let s = server(|_| Response {
        // 40 pieces, 100 ms apart: each within the read timeout, 4 s in all.
        trickle: Some((200, Duration::from_millis(100))),
        ..Response::html(article(5).repeat(3))
    });
    let (status, detail) = status_of(&s, "/case", quick());
    assert_eq!(status, "timeout", "{detail}");
    assert!(
        detail.contains("no complete response within 1.5s"),
        "{detail}"
    );
}

#[test]
fn a_redirect_loop_is_named() {
    let s = server(|req| match req.path.as_str() {
        "/case" => Response::status(302).header("Location", "/b"),
        _ => Response::status(301).header("Location", "/case"),
    });
    assert_eq!(status_of(&s, "/case", quick()).0, "redirect_loop");
}

#[test]
fn an_endless_redirect_chain_is_too_many_redirects() {
    let s = server(|req| {
        let n: usize = req.path.trim_start_matches("/case").parse().unwrap_or(0);
        Response::status(302).header("Location", &format!("/case{}", n + 1))
    });
    let fetch = FetchOptions {
        max_redirects: 5,
        ..quick()
    };
    assert_eq!(status_of(&s, "/case", fetch).0, "too_many_redirects");
    assert_eq!(s.requests_to("/case5").len(), 1);
    assert!(s.requests_to("/case6").is_empty(), "stops at the limit");
}

#[test]
fn a_12_mib_body_is_too_large() {
    let s = server(|_| Response::html(vec![b'a'; 12 * 1024 * 1024]));
    let (status, detail) = status_of(&s, "/case", quick());
    assert_eq!(
        (status.as_str(), detail.as_str()),
        ("too_large", "body larger than 10485760 bytes")
    );
}

#[test]
fn a_gzip_bomb_is_too_large_without_inflating_it() {
    // 1 GiB of zeros, gzipped to about a megabyte.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..1024 {
        gz.write_all(&zeros).expect("gzip");
    }
    let bomb = Arc::new(gz.finish().expect("gzip"));
    assert!(bomb.len() < 2 << 20, "the bomb is small: {}", bomb.len());
    let s = server(move |_| {
        Response::new(200, "text/html", bomb.as_slice()).header("Content-Encoding", "gzip")
    });
    let (status, _) = status_of(&s, "/case", quick());
    assert_eq!(status, "too_large");
}

#[test]
fn a_pdf_is_an_unsupported_content_type() {
    let s = server(|_| Response::new(200, "application/pdf", b"%PDF-1.7 report".to_vec()));
    let (status, detail) = status_of(&s, "/case", quick());
    assert_eq!(status, "unsupported_content_type");
    assert_eq!(detail, "unsupported content type: application/pdf");
}

fn stored_text(store: &Store, source: &str) -> String {
    store
        .connection()
        .query_row(
            "SELECT a.text FROM articles a JOIN sources s ON s.article_id = a.id WHERE s.source = ?1",
            [source],
            |r| r.get(0),
        )
        .unwrap_or_default()
}

#[test]
fn windows_1252_declared_only_in_meta_is_decoded() {
    let body = article_in(
        "windows-1252",
        "Fees fell to 3 € per trade — café owners noticed.",
    );
    let s = server(move |_| Response::new(200, "text/html", body.clone()));
    let url = s.url("/case");
    let (table, store) = run(&s, &url, quick());
    assert_eq!(table[&url].0, "stored");
    let text = stored_text(&store, &url);
    assert!(text.contains("3 € per trade — café"), "{text}");
}

#[test]
fn shift_jis_declared_only_in_meta_is_decoded() {
    let body = article_in("Shift_JIS", "日本 の 取引所 は 売買 を 再開 した。");
    let s = server(move |_| Response::new(200, "text/html", body.clone()));
    let url = s.url("/case");
    let (table, store) = run(&s, &url, quick());
    assert_eq!(table[&url].0, "stored");
    assert!(stored_text(&store, &url).contains("日本 の 取引所"));
}

#[test]
fn a_bom_beats_a_wrong_header_charset() {
    let mut body = vec![0xEF, 0xBB, 0xBF];
    body.extend(String::from_utf8_lossy(&article_in("utf-8", "Le prix: 5 € — 日本")).as_bytes());
    let s = server(move |_| Response::new(200, "text/html; charset=iso-8859-1", body.clone()));
    let url = s.url("/case");
    let (table, store) = run(&s, &url, quick());
    assert_eq!(table[&url].0, "stored");
    assert!(stored_text(&store, &url).contains("Le prix: 5 € — 日本"));
}

#[test]
fn robots_disallow_blocks_and_robots_is_fetched_once() {
    let s = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/good.html" => Response::html(article(1)),
        _ => Response::html(article(9)),
    });
    let url = s.url("/private/case.html");
    let (table, _) = run(&s, &url, quick());
    assert_eq!(table[&url].0, "blocked_by_robots");
    assert!(s.requests_to("/private/case.html").is_empty());
    assert_eq!(s.requests_to("/robots.txt").len(), 1);
}

#[test]
fn ignoring_robots_fetches_the_page() {
    let s = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::new(200, "text/plain", "User-agent: *\nDisallow: /\n"),
        "/good.html" => Response::html(article(1)),
        _ => Response::html(article(9)),
    });
    let fetch = FetchOptions {
        respect_robots: false,
        ..quick()
    };
    assert_eq!(status_of(&s, "/private/case.html", fetch).0, "stored");
    assert!(s.requests_to("/robots.txt").is_empty());
}

#[test]
fn a_challenge_page_is_an_anti_bot_challenge() {
    let s = server(|_| {
        Response::new(
            403,
            "text/html",
            "<html><head><title>Just a moment...</title></head><body><script src=\"/cdn-cgi/challenge-platform/h/b\"></script></body></html>",
        )
    });
    let (status, detail) = status_of(&s, "/case", quick());
    assert_eq!(status, "anti_bot_challenge", "{detail}");
    assert!(
        detail.starts_with("anti-bot challenge: HTTP 403"),
        "{detail}"
    );
}

#[test]
fn a_paywalled_article_and_a_consent_wall_are_named() {
    let s = server(|req| {
        if req.path == "/consent" {
            return Response::html("<html><body><h1>Before you continue</h1><p>We use cookies.</p><button>Accept all cookies</button></body></html>");
        }
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script></head>"#;
        Response::html(article(6).replace("</head>", ld))
    });
    assert_eq!(status_of(&s, "/case", quick()).0, "paywall");
    assert_eq!(status_of(&s, "/consent", quick()).0, "consent_wall");
}

#[test]
fn a_refused_connection_is_connection_failed() {
    let s = server(|_| Response::status(404));
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let gone = format!("http://{}/gone.html", l.local_addr().expect("addr"));
    drop(l);
    let (table, _) = run(&s, &gone, quick());
    assert_eq!(table[&gone].0, "connection_failed");
}
