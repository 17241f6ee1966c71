//! The fetch stage: gets documents from http(s) URLs, `file://` URLs and local paths, politely
//! and robustly, and names every failure. It knows nothing of what an article says.
//!
//! Politeness is keyed on the *origin* (`scheme://host:port`), the unit robots.txt applies to
//! (so two ports of one host are two origins): at most [`FetchOptions::per_host`] requests in
//! flight to one origin, and at most [`FetchOptions::concurrency`] overall. With a pause
//! ([`FetchOptions::delay`], or the robots.txt `Crawl-delay` when longer, capped at
//! [`FetchOptions::max_crawl_delay`]) requests to one origin do not overlap: each starts at
//! least the pause after the previous one ended. Retries and redirect hops are requests too.
//!
//! Retries: a 429, a 503 (unless it is an anti-bot challenge) and connection failures
//! (refused, reset, closed early) are tried again up to [`FetchOptions::retries`] times, after
//! the server's `Retry-After` (seconds or HTTP date) or an exponential backoff with jitter,
//! never longer than [`FetchOptions::max_backoff`]. Timeouts are not retried. Redirects are
//! followed by hand: a URL seen twice is `redirect_loop`, more than
//! [`FetchOptions::max_redirects`] hops `too_many_redirects`.
//!
//! robots.txt is fetched once per origin and cached for the life of the [`Fetcher`] (one
//! batch). A robots.txt that is missing (any 4xx), unreachable (5xx, timeout, connection
//! failure) or unparseable allows everything: the crawler fails open, as most do.

mod content;
mod decode;
pub mod dump;
mod feeds;
mod hosts;
mod http;
mod local;
mod retry;
pub mod walls;
pub mod warc;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::stage_times::{Stage, Timed};

pub use content::binary_kind;
pub use decode::{decode, decode_checked};
pub use feeds::{parse as parse_feed, parse_date as parse_feed_date, Feed, FeedEntry};

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one origin (`scheme://host:port`).
    pub per_host: usize,
    /// Pause between two requests to one origin.
    pub delay: Duration,
    /// Longest `Crawl-delay` obeyed; a longer one is cut to this.
    pub max_crawl_delay: Duration,
    pub connect_timeout: Duration,
    /// Longest silence while reading a response.
    pub read_timeout: Duration,
    /// Longest time for one request, body included (each retry gets its own).
    pub total_timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_bytes: u64,
    pub max_redirects: usize,
    /// Further tries after a 429, a 503 or a connection error.
    pub retries: u32,
    /// First backoff before a retry; it doubles each try, with jitter.
    pub backoff: Duration,
    /// Longest wait before a retry, whatever `Retry-After` asks.
    pub max_backoff: Duration,
    pub respect_robots: bool,
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            concurrency: 8,
            per_host: 2,
            delay: Duration::from_millis(0),
            max_crawl_delay: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(60),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 10,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            respect_robots: true,
            user_agent: concat!("claimwire/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// Validators from an earlier fetch, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// What kind of document a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Html,
    Text,
}

/// A fetched, decoded document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The source as the user gave it.
    pub source: String,
    /// Where the document finally came from (after redirects; `file://` for local files).
    pub url: String,
    pub kind: DocKind,
    /// The body decoded to UTF-8.
    pub text: String,
    /// The body as received (after content decoding), for reprocessing.
    pub raw: Vec<u8>,
    pub content_type: Option<String>,
    /// The character encoding the body was decoded from.
    pub charset: String,
    pub validators: Validators,
    pub http_status: Option<u16>,
    /// RFC 3339 time of the fetch.
    pub fetched_at: String,
}

/// The result of a fetch that did not fail.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fetched(Box<Document>),
    /// The server answered 304 to a conditional request.
    NotModified,
    /// An RSS/Atom feed or a sitemap: the URLs it lists, newest first.
    Feed(Box<Feed>),
}

/// Why a source could not be fetched. [`FetchError::status`] names it for storage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("not a URL or a readable path: {0}")]
    InvalidSource(String),
    #[error("no such file: {0}")]
    FileNotFound(String),
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("HTTP {0}")]
    HttpStatus(u16),
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("body larger than {0} bytes")]
    TooLarge(u64),
    #[error("unsupported content type: {0}")]
    UnsupportedContentType(String),
    #[error("too many redirects: {0}")]
    TooManyRedirects(String),
    #[error("redirect loop: {0}")]
    RedirectLoop(String),
    #[error("disallowed by robots.txt")]
    BlockedByRobots,
    #[error("anti-bot challenge: {0}")]
    AntiBotChallenge(String),
    #[error("cannot decode body: {0}")]
    BadEncoding(String),
    #[error("request failed: {0}")]
    Request(String),
}

impl FetchError {
    /// A stable, machine-readable name for the failure.
    pub fn status(&self) -> &'static str {
        match self {
            FetchError::InvalidSource(_) => "invalid_source",
            FetchError::FileNotFound(_) => "file_not_found",
            FetchError::Io { .. } => "io_error",
            FetchError::HttpStatus(_) => "http_status",
            FetchError::Connect(_) => "connection_failed",
            FetchError::Timeout(_) => "timeout",
            FetchError::TooLarge(_) => "too_large",
            FetchError::UnsupportedContentType(_) => "unsupported_content_type",
            FetchError::TooManyRedirects(_) => "too_many_redirects",
            FetchError::RedirectLoop(_) => "redirect_loop",
            FetchError::BlockedByRobots => "blocked_by_robots",
            FetchError::AntiBotChallenge(_) => "anti_bot_challenge",
            FetchError::BadEncoding(_) => "bad_encoding",
            FetchError::Request(_) => "request_failed",
        }
    }
}

/// Fetches sources of every kind. One fetcher holds the per-origin state (politeness slots,
/// cached robots.txt) of one batch.
pub struct Fetcher {
    http: http::HttpFetcher,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        Ok(Fetcher {
            http: http::HttpFetcher::new(options)?,
        })
    }

    pub fn options(&self) -> &FetchOptions {
        self.http.options()
    }

    /// Fetches one source: an http(s) URL, a `file://` URL or a local path.
    pub async fn fetch(
        &self,
        source: &str,
        validators: Option<&Validators>,
    ) -> Result<Outcome, FetchError> {
        let trimmed = source.trim();
        if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
            let url = url::Url::parse(trimmed)
                .map_err(|e| FetchError::InvalidSource(format!("{trimmed}: {e}")))?;
            self.http.fetch(source, url, validators).await
        } else {
            local::fetch(source, self.http.options().max_bytes).await
        }
    }
}

/// Fetches many sources concurrently (within the fetcher's limits); results arrive as each
/// source finishes, tagged with its index in `jobs`. Dropping the receiver cancels the fetches
/// still in flight.
pub fn fetch_batch(
    fetcher: Arc<Fetcher>,
    jobs: Vec<(String, Option<Validators>)>,
) -> mpsc::Receiver<(usize, Result<Outcome, FetchError>)> {
    let (tx, rx) = mpsc::channel(64);
    for (i, (source, validators)) in jobs.into_iter().enumerate() {
        let fetcher = fetcher.clone();
        let tx = tx.clone();
        tokio::spawn(Timed::new(Stage::Fetch, async move {
            tokio::select! {
                _ = tx.closed() => {}
                result = fetcher.fetch(&source, validators.as_ref()) => {
                    let _ = tx.send((i, result)).await;
                }
            }
        }));
    }
    rx
}

/// Fetches many sources concurrently (within the fetcher's limits), like [`fetch_batch`],
/// but yields the results in the order of `jobs`, whatever order the fetches finish in, so
/// that what is done with them (story numbers, ids) does not depend on network timing. At
/// most `window` fetches are started ahead of the next result to yield: a long list is
/// streamed, never held as pages. Dropping the stream cancels the fetches in flight.
pub fn fetch_in_order(
    fetcher: Arc<Fetcher>,
    jobs: impl IntoIterator<Item = (String, Option<Validators>)>,
    window: usize,
) -> impl futures::Stream<Item = Result<Outcome, FetchError>> {
    use futures::StreamExt;
    futures::stream::iter(jobs)
        .map(move |(source, validators)| {
            let fetcher = fetcher.clone();
            let task = tokio::spawn(Timed::new(Stage::Fetch, async move {
                fetcher.fetch(&source, validators.as_ref()).await
            }));
            AbortOnDrop(task)
        })
        .buffered(window.max(1))
}

/// A spawned fetch that is cancelled when its result is no longer wanted.
struct AbortOnDrop(tokio::task::JoinHandle<Result<Outcome, FetchError>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl std::future::Future for AbortOnDrop {
    type Output = Result<Outcome, FetchError>;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0).poll(cx).map(|joined| {
            joined.unwrap_or_else(|e| Err(FetchError::Request(format!("fetch task failed: {e}"))))
        })
    }
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
