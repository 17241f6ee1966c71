//! HTTP sources: reqwest with timeouts, a redirect limit, a streamed size cap and retries.

use std::time::Duration;

use futures::StreamExt;
use reqwest::header::{
    CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::StatusCode;

use super::{decode, now_rfc3339, Document, FetchError, FetchOptions, Outcome, Validators};

pub struct HttpFetcher {
    client: reqwest::Client,
    options: FetchOptions,
}

impl HttpFetcher {
    pub fn new(options: FetchOptions) -> Result<HttpFetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .timeout(options.total_timeout)
            .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
            .build()
            .map_err(|e| FetchError::Request(e.to_string()))?;
        Ok(HttpFetcher { client, options })
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    pub async fn fetch(
        &self,
        source: &str,
        url: url::Url,
        validators: Option<&Validators>,
    ) -> Result<Outcome, FetchError> {
        let mut attempt = 0;
        loop {
            match self.try_once(source, url.clone(), validators).await {
                Err(Retry::After(wait, err)) if attempt < self.options.retries => {
                    attempt += 1;
                    let backoff = wait.unwrap_or(Duration::from_millis(250 << attempt));
                    tokio::time::sleep(backoff.min(Duration::from_secs(30))).await;
                    let _ = err;
                }
                Err(Retry::After(_, err)) | Err(Retry::Never(err)) => return Err(err),
                Ok(outcome) => return Ok(outcome),
            }
        }
    }

    async fn try_once(
        &self,
        source: &str,
        url: url::Url,
        validators: Option<&Validators>,
    ) -> Result<Outcome, Retry> {
        let mut request = self.client.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let response = request.send().await.map_err(|e| classify(&url, e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Outcome::NotModified);
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            let wait = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Retry::After(wait, FetchError::HttpStatus(status.as_u16())));
        }
        if !status.is_success() {
            return Err(Retry::Never(FetchError::HttpStatus(status.as_u16())));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(CONTENT_TYPE);
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let final_url = response.url().to_string();
        let max = self.options.max_bytes;
        if response.content_length().is_some_and(|n| n > max) {
            return Err(Retry::Never(FetchError::TooLarge(max)));
        }
        let mut raw = Vec::new();
        let mut body = response.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| classify(&url, e))?;
            if raw.len() as u64 + chunk.len() as u64 > max {
                return Err(Retry::Never(FetchError::TooLarge(max)));
            }
            raw.extend_from_slice(&chunk);
        }
        let kind = decode::doc_kind(content_type.as_deref(), &raw).map_err(Retry::Never)?;
        let (text, charset) = decode::decode(&raw, content_type.as_deref());
        Ok(Outcome::Fetched(Box::new(Document {
            source: source.to_string(),
            url: final_url,
            kind,
            text,
            raw,
            content_type,
            charset: charset.to_string(),
            validators,
            http_status: Some(status.as_u16()),
            fetched_at: now_rfc3339(),
        })))
    }
}

enum Retry {
    After(Option<Duration>, FetchError),
    Never(FetchError),
}

fn classify(url: &url::Url, e: reqwest::Error) -> Retry {
    if e.is_timeout() {
        Retry::Never(FetchError::Timeout(url.to_string()))
    } else if e.is_redirect() {
        Retry::Never(FetchError::TooManyRedirects(url.to_string()))
    } else if e.is_connect() {
        Retry::After(
            None,
            FetchError::Connect(format!("{url}: {}", root_cause(&e))),
        )
    } else {
        Retry::Never(FetchError::Request(format!("{url}: {}", root_cause(&e))))
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
