//! HTTP sources: one request at a time per politeness slot, redirects followed by hand (each
//! hop is a request to its own origin, checked against its robots.txt, with loop detection),
//! retries on 429, 503 and connection errors, hard timeouts, a size cap enforced on the
//! decompressed stream, the content-type check, and charset decoding.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use reqwest::header::{
    HeaderMap, ACCEPT, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION, RETRY_AFTER,
};
use reqwest::StatusCode;
use url::Url;

use super::decode::{self, BodyKind};
use super::hosts::{Host, Hosts, Robots};
use super::{content, feeds, now_rfc3339, retry, walls};
use super::{Document, FetchError, FetchOptions, Outcome, Validators};
use crate::stage_times::{self, Stage};

const ACCEPT_VALUE: &str = "text/html,application/xhtml+xml,text/plain;q=0.9,\
application/rss+xml,application/atom+xml,application/xml;q=0.8,*/*;q=0.1";
/// How much of an error page is read to look for challenge markers.
const ERROR_BODY: u64 = 64 * 1024;
/// Google's limit on robots.txt; what follows is ignored.
const ROBOTS_BODY: u64 = 500 * 1024;

pub struct HttpFetcher {
    client: reqwest::Client,
    options: FetchOptions,
    hosts: Hosts,
}

enum Step {
    Done(Outcome),
    Redirect(Url),
}

enum Fail {
    /// Worth another try, after the server's `Retry-After` if it gave one.
    Retry(Option<Duration>, FetchError),
    Final(FetchError),
}

impl From<FetchError> for Fail {
    fn from(e: FetchError) -> Fail {
        Fail::Final(e)
    }
}

impl HttpFetcher {
    pub fn new(options: FetchOptions) -> Result<HttpFetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| FetchError::Request(e.to_string()))?;
        let hosts = Hosts::new(options.concurrency, options.per_host, options.delay);
        Ok(HttpFetcher {
            client,
            options,
            hosts,
        })
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    pub async fn fetch(
        &self,
        source: &str,
        url: Url,
        validators: Option<&Validators>,
    ) -> Result<Outcome, FetchError> {
        let mut url = url;
        let mut seen = HashSet::from([without_fragment(&url)]);
        let mut hops = 0;
        loop {
            let host = self.hosts.host(&url);
            if self.options.respect_robots {
                let robots = host.robots.get_or_init(|| self.robots(&host, &url)).await;
                if !robots.allowed(url.as_str()) {
                    return Err(FetchError::BlockedByRobots);
                }
            }
            match self.with_retries(&host, source, &url, validators).await? {
                Step::Done(outcome) => return Ok(outcome),
                Step::Redirect(next) => {
                    hops += 1;
                    if !seen.insert(without_fragment(&next)) {
                        return Err(FetchError::RedirectLoop(format!("{url} -> {next}")));
                    }
                    if hops > self.options.max_redirects {
                        return Err(FetchError::TooManyRedirects(format!(
                            "more than {} from {source}",
                            self.options.max_redirects
                        )));
                    }
                    url = next;
                }
            }
        }
    }

    async fn with_retries(
        &self,
        host: &Arc<Host>,
        source: &str,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Step, FetchError> {
        let o = &self.options;
        let mut attempt = 0;
        loop {
            let slot = self.hosts.slot(host).await;
            let result = tokio::time::timeout(o.total_timeout, self.once(source, url, validators))
                .await
                .unwrap_or_else(|_| {
                    Err(Fail::Final(FetchError::Timeout(format!(
                        "{url}: no complete response within {:?}",
                        o.total_timeout
                    ))))
                });
            drop(slot);
            match result {
                Ok(step) => return Ok(step),
                Err(Fail::Retry(after, _)) if attempt < o.retries => {
                    attempt += 1;
                    let wait = retry::wait(attempt, after, o.backoff, o.max_backoff);
                    tracing::debug!("retry {attempt} of {url} in {wait:?}");
                    tokio::time::sleep(wait).await;
                }
                Err(Fail::Retry(_, e)) | Err(Fail::Final(e)) => return Err(e),
            }
        }
    }

    async fn once(
        &self,
        source: &str,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Step, Fail> {
        let mut request = self.client.get(url.clone()).header(ACCEPT, ACCEPT_VALUE);
        let conditional = validators.is_some_and(|v| !v.is_empty());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let response = request.send().await.map_err(|e| classify(url, &e))?;
        let status = response.status();
        let code = status.as_u16();
        if status == StatusCode::NOT_MODIFIED {
            return if conditional {
                Ok(Step::Done(Outcome::NotModified))
            } else {
                Err(Fail::Final(FetchError::HttpStatus(code)))
            };
        }
        if status.is_redirection() {
            let next = header(response.headers(), LOCATION)
                .and_then(|l| url.join(&l).ok())
                .ok_or(FetchError::HttpStatus(code))?;
            return Ok(Step::Redirect(next));
        }
        if matches!(code, 403 | 429 | 503) {
            let retry_after =
                header(response.headers(), RETRY_AFTER).and_then(|v| retry::parse_retry_after(&v));
            let flagged = header(response.headers(), "cf-mitigated")
                .is_some_and(|v| v.eq_ignore_ascii_case("challenge"));
            let body = read_body(url, response, ERROR_BODY, false)
                .await
                .unwrap_or_default();
            if code != 429 {
                if let Some(m) = walls::challenge(&String::from_utf8_lossy(&body), flagged) {
                    return Err(FetchError::AntiBotChallenge(format!("HTTP {code}, {m}")).into());
                }
            }
            if code == 403 {
                return Err(FetchError::HttpStatus(code).into());
            }
            return Err(Fail::Retry(retry_after, FetchError::HttpStatus(code)));
        }
        if !status.is_success() {
            return Err(FetchError::HttpStatus(code).into());
        }
        let content_type = header(response.headers(), CONTENT_TYPE);
        let declared = decode::declared_kind(content_type.as_deref())?;
        let validators = Validators {
            etag: header(response.headers(), ETAG),
            last_modified: header(response.headers(), LAST_MODIFIED),
        };
        let max = self.options.max_bytes;
        if response.content_length().is_some_and(|n| n > max) {
            return Err(FetchError::TooLarge(max).into());
        }
        let final_url = response.url().clone();
        let raw = read_body(url, response, max, true).await?;
        // From here on no await: a span on this thread times the decoding.
        let _decode = stage_times::span(Stage::Decode);
        // A page served packed without a Content-Encoding (a `.html.gz` file as is).
        let (raw, _) = content::unpack(raw, final_url.as_str(), max)?;
        content::refuse_binary(&raw, final_url.as_str())?;
        let kind = match declared {
            Some(k) => k,
            None => decode::sniff_kind(content_type.as_deref(), &raw)?,
        };
        let doc_kind = match kind {
            BodyKind::Feed => {
                let feed = feeds::parse(&raw, final_url.as_str())?;
                return Ok(Step::Done(Outcome::Feed(Box::new(feed))));
            }
            BodyKind::Doc(k) => k,
        };
        let tld = final_url
            .domain()
            .and_then(|d| d.rsplit('.').next())
            .map(str::as_bytes);
        let (text, charset) = decode::decode_checked(&raw, content_type.as_deref(), tld)?;
        Ok(Step::Done(Outcome::Fetched(Box::new(Document {
            source: source.to_string(),
            url: final_url.to_string(),
            kind: doc_kind,
            text,
            raw,
            content_type,
            charset: charset.to_string(),
            validators,
            http_status: Some(code),
            fetched_at: now_rfc3339(),
        }))))
    }

    /// Fetches and reads the robots.txt of `url`'s origin (following up to five redirects).
    /// Anything but a readable 2xx allows all: 4xx means there is none, and 5xx, timeouts
    /// and connection failures are taken as no robots.txt rather than as a ban.
    async fn robots(&self, host: &Arc<Host>, url: &Url) -> Robots {
        let Ok(mut robots_url) = url.join("/robots.txt") else {
            return Robots::AllowAll;
        };
        let agent = self
            .options
            .user_agent
            .split('/')
            .next()
            .unwrap_or("claimwire")
            .to_string();
        for _ in 0..5 {
            let slot = self.hosts.slot(host).await;
            let fetched = tokio::time::timeout(self.options.total_timeout, async {
                let r = self.client.get(robots_url.clone()).send().await.ok()?;
                if r.status().is_redirection() {
                    let next =
                        header(r.headers(), LOCATION).and_then(|l| robots_url.join(&l).ok())?;
                    return Some(Err(next));
                }
                if !r.status().is_success() {
                    return None;
                }
                read_body(&robots_url, r, ROBOTS_BODY, false)
                    .await
                    .ok()
                    .map(Ok)
            })
            .await;
            drop(slot);
            match fetched {
                Ok(Some(Ok(body))) => {
                    let Ok(robot) = texting_robots::Robot::new(&agent, &body) else {
                        return Robots::AllowAll;
                    };
                    let robots = Robots::Rules(Box::new(robot));
                    if let Some(d) = robots.crawl_delay() {
                        host.raise_delay(d.min(self.options.max_crawl_delay));
                    }
                    return robots;
                }
                Ok(Some(Err(next))) => robots_url = next,
                _ => return Robots::AllowAll,
            }
        }
        Robots::AllowAll
    }
}

/// Streams a body, at most `max` bytes after content decoding: past that it is `too_large`
/// (when `strict`) or cut. Memory never holds more than `max` plus one chunk.
async fn read_body(
    url: &Url,
    response: reqwest::Response,
    max: u64,
    strict: bool,
) -> Result<Vec<u8>, Fail> {
    let hint = response.content_length().unwrap_or(0).min(max) as usize;
    let mut raw = Vec::with_capacity(hint);
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| classify(url, &e))?;
        if raw.len() as u64 + chunk.len() as u64 > max {
            if strict {
                return Err(FetchError::TooLarge(max).into());
            }
            let room = (max as usize).saturating_sub(raw.len());
            raw.extend_from_slice(&chunk[..room.min(chunk.len())]);
            break;
        }
        raw.extend_from_slice(&chunk);
    }
    Ok(raw)
}

fn header(headers: &HeaderMap, name: impl reqwest::header::AsHeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn without_fragment(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    u.to_string()
}

/// Names a transport error; connection failures (refused, reset, closed early) are retried.
fn classify(url: &Url, e: &reqwest::Error) -> Fail {
    let chain = error_chain(e);
    let io_kind = io_kind(e);
    use std::io::ErrorKind as K;
    if e.is_timeout() || io_kind == Some(K::TimedOut) {
        Fail::Final(FetchError::Timeout(format!("{url}: {chain}")))
    } else if e.is_connect()
        || matches!(
            io_kind,
            Some(K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof)
        )
        || chain.contains("connection closed")
    {
        Fail::Retry(None, FetchError::Connect(format!("{url}: {chain}")))
    } else if e.is_decode() {
        Fail::Final(FetchError::BadEncoding(format!(
            "content decoding: {chain}"
        )))
    } else {
        Fail::Final(FetchError::Request(format!("{url}: {chain}")))
    }
}

fn io_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = err.source();
    }
    None
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(next) = cur {
        out.push_str(": ");
        out.push_str(&next.to_string());
        cur = next.source();
    }
    out
}
