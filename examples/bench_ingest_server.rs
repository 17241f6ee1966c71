//! The page server of the ingest benchmark (scripts/bench-ingest.sh): serves the shared
//! extraction page sets from memory on a loopback port, so that `claimwire ingest` fetches
//! real pages over HTTP without touching the network. Nothing is written or committed: the
//! pages stay in `CLAIMWIRE_SHARED` and in this process's memory.
//!
//!   bench_ingest_server --shared DIR [--max-seconds 3600]
//!
//! Pages: `eval/extraction/scrapinghub/html/*.html.gz`, `eval/extraction/wcxb-dev/html/*.html.gz`
//! and `eval/extraction/crypto/*.html.gz`, ordered by the SHA-256 of their file names (a fixed
//! mix of the sets for any prefix). `GET /p/{i}` answers page `i mod M` (M unique pages) as
//! it is stored, gzip, with `Content-Encoding: gzip`: URLs past M serve the same pages again
//! under new URLs. `/robots.txt` is a 404 (no rules). It prints `listening on http://ADDR`
//! and `pages M`, and stops by itself after `--max-seconds`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// The `.html.gz` files of one folder.
fn gz_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(".html.gz") {
            out.push(path);
        }
    }
    Ok(out)
}

/// Every page of the three sets, in the order of the SHA-256 of their file names.
fn load(shared: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    let base = shared.join("eval/extraction");
    let mut files = Vec::new();
    for set in ["scrapinghub/html", "wcxb-dev/html", "crypto"] {
        files.extend(gz_files(&base.join(set))?);
    }
    let mut keyed: Vec<(Vec<u8>, PathBuf)> = files
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            (Sha256::digest(name.unwrap_or_default()).to_vec(), p)
        })
        .collect();
    keyed.sort();
    keyed
        .iter()
        .map(|(_, p)| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
        .collect()
}

async fn page(State(pages): State<Arc<Vec<Vec<u8>>>>, UrlPath(i): UrlPath<usize>) -> Response {
    match pages.get(i % pages.len().max(1)) {
        Some(body) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let shared = arg(&args, "--shared")
        .or_else(|| std::env::var("CLAIMWIRE_SHARED").ok())
        .unwrap_or_else(|| "../shared".to_string());
    let max_seconds: u64 = arg(&args, "--max-seconds")
        .unwrap_or_else(|| "3600".to_string())
        .parse()
        .context("--max-seconds takes a number")?;
    let pages = load(Path::new(&shared))?;
    anyhow::ensure!(
        !pages.is_empty(),
        "no .html.gz pages under {shared}/eval/extraction"
    );
    let count = pages.len();
    let app = axum::Router::new()
        .route("/p/{i}", axum::routing::get(page))
        .with_state(Arc::new(pages));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on http://{}", listener.local_addr()?);
    println!("pages {count}");
    let serve = axum::serve(listener, app);
    // Bounded in time: the server stops by itself even if nobody stops it.
    match tokio::time::timeout(Duration::from_secs(max_seconds), serve).await {
        Ok(result) => result?,
        Err(_) => eprintln!("bench_ingest_server: stopped after {max_seconds} s"),
    }
    Ok(())
}
