//! The JSON API: stories (filters, paging), one story with its copies, signals, claims and
//! rating, claims (the CLI's filters plus a text search), sources, an asset's price claims,
//! and ingest jobs (post a list of URLs, poll or stream the job). Bad input is answered with
//! a JSON error naming it: 400 (bad query or JSON), 401 (token), 404, 413 (too large), 415
//! (not JSON), 422 (well-formed but unusable), 429 (too many ingest jobs waiting).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use serde::Deserialize;

use crate::store::StoryFilter;
use crate::store::{ClaimFilter, ClaimRow, Paged, PricePoint, RatingRow, SourceRow, StoryDetail};

use super::jobs::{Job, JobState};
use super::{ApiError, AppState, MAX_BODY_BYTES, MAX_LIMIT, MAX_URLS};

/// Query parameters of the story list (also the ratings page's).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StoriesQuery {
    pub asset: Option<String>,
    pub direction: Option<String>,
    pub publisher: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Query parameters of the claim list (also the claim search page's).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ClaimsQuery {
    pub asset: Option<String>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub story: Option<String>,
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SourcesQuery {
    pub failed: Option<String>,
}

/// An empty form field is no filter.
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn limit(v: Option<usize>, default: usize) -> Result<usize, ApiError> {
    match v.unwrap_or(default) {
        0 => Err(ApiError::bad_request("limit must be at least 1")),
        n if n > MAX_LIMIT => Err(ApiError::bad_request(format!(
            "limit {n} is more than {MAX_LIMIT}"
        ))),
        n => Ok(n),
    }
}

fn date(name: &str, v: Option<String>) -> Result<Option<String>, ApiError> {
    match v {
        Some(d) if chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_err() => Err(
            ApiError::bad_request(format!("{name}={d:?} is not a date: use YYYY-MM-DD")),
        ),
        v => Ok(v),
    }
}

impl StoriesQuery {
    pub fn filter(&self) -> Result<StoryFilter, ApiError> {
        let direction = given(&self.direction);
        if let Some(d) = &direction {
            if !["bullish", "bearish", "neutral"].contains(&d.to_ascii_lowercase().as_str()) {
                return Err(ApiError::bad_request(format!(
                    "direction={d:?} is unknown: use bullish, bearish or neutral"
                )));
            }
        }
        Ok(StoryFilter {
            asset: given(&self.asset),
            direction,
            publisher: given(&self.publisher),
            from: date("from", given(&self.from))?,
            to: date("to", given(&self.to))?,
            limit: limit(self.limit, 100)?,
            offset: self.offset.unwrap_or(0),
        })
    }
}

impl ClaimsQuery {
    pub fn filter(&self) -> Result<(ClaimFilter, Option<String>, usize, usize), ApiError> {
        let kind = given(&self.kind);
        if let Some(k) = &kind {
            if crate::claims::ClaimKind::parse(k).is_none() {
                return Err(ApiError::bad_request(format!(
                    "kind={k:?} is unknown: use price, percent, basis_points, amount, \
                     crypto_amount or index_level"
                )));
            }
        }
        let story = match given(&self.story) {
            None => None,
            Some(s) => Some(s.parse::<i64>().map_err(|_| {
                ApiError::bad_request(format!("story={s:?} is not a story id (a number)"))
            })?),
        };
        let filter = ClaimFilter {
            asset: given(&self.asset),
            kind,
            source: given(&self.source),
            story,
            article: None,
        };
        Ok((
            filter,
            given(&self.q),
            limit(self.limit, 200)?,
            self.offset.unwrap_or(0),
        ))
    }
}

/// A query string that does not parse is a 400 naming what is wrong.
pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad query: {}", e.body_text())))
}

pub(crate) fn story_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .map_err(|_| ApiError::bad_request(format!("{raw:?} is not a story id (a number)")))
}

pub async fn list_stories(
    State(state): State<AppState>,
    q: Result<Query<StoriesQuery>, QueryRejection>,
) -> Result<Json<Paged<RatingRow>>, ApiError> {
    let f = query(q)?.filter()?;
    Ok(Json(state.read(move |s| Ok(s.ratings_page(&f)?)).await?))
}

pub async fn one_story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StoryDetail>, ApiError> {
    let id = story_id(&id)?;
    let d = state.read(move |s| Ok(s.story(id)?)).await?;
    d.map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))
}

pub async fn list_claims(
    State(state): State<AppState>,
    q: Result<Query<ClaimsQuery>, QueryRejection>,
) -> Result<Json<Paged<ClaimRow>>, ApiError> {
    let (f, text, limit, offset) = query(q)?.filter()?;
    let rows = state
        .read(move |s| Ok(s.search_claims(&f, text.as_deref(), limit, offset)?))
        .await?;
    Ok(Json(rows))
}

pub async fn list_sources(
    State(state): State<AppState>,
    q: Result<Query<SourcesQuery>, QueryRejection>,
) -> Result<Json<Vec<SourceRow>>, ApiError> {
    let failed = matches!(
        query(q)?.failed.as_deref(),
        Some("1" | "true" | "yes" | "on")
    );
    Ok(Json(state.read(move |s| Ok(s.sources(failed)?)).await?))
}

pub async fn asset_prices(
    State(state): State<AppState>,
    Path(asset): Path<String>,
) -> Result<Json<Vec<PricePoint>>, ApiError> {
    Ok(Json(
        state.read(move |s| Ok(s.price_points(&asset)?)).await?,
    ))
}

/// The body of `POST /api/ingest`: a JSON list of URLs, or `{"urls": [...]}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum IngestBody {
    List(Vec<String>),
    Object { urls: Vec<String> },
}

/// Checks a posted body and returns its URLs.
pub fn ingest_urls(body: &[u8]) -> Result<Vec<String>, ApiError> {
    let parsed: IngestBody = serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        let msg = format!("the body is not a list of URLs: {e}");
        match e.classify() {
            Category::Data => ApiError::unprocessable(
                "the body must be a JSON list of URLs, or {\"urls\": [...]}",
            ),
            _ => ApiError::bad_request(msg),
        }
    })?;
    let urls = match parsed {
        IngestBody::List(u) | IngestBody::Object { urls: u } => u,
    };
    if urls.is_empty() {
        return Err(ApiError::unprocessable("the list of URLs is empty"));
    }
    if urls.len() > MAX_URLS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{} URLs in one request; at most {MAX_URLS}", urls.len()),
        ));
    }
    let mut out = Vec::with_capacity(urls.len());
    for (i, raw) in urls.iter().enumerate() {
        let u = raw.trim();
        let ok = url::Url::parse(u)
            .ok()
            .filter(|p| matches!(p.scheme(), "http" | "https") && p.host_str().is_some());
        if ok.is_none() {
            return Err(ApiError::unprocessable(format!(
                "URL {} ({u:?}) is not an http or https URL",
                i + 1
            )));
        }
        out.push(u.to_string());
    }
    Ok(out)
}

pub async fn post_ingest(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Job>), ApiError> {
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {MAX_BODY_BYTES} bytes"),
        ),
        s => ApiError::new(s, e.body_text()),
    })?;
    let urls = ingest_urls(&body)?;
    let job = state.jobs.start(urls).ok_or_else(|| {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "{} ingest jobs are waiting or running; post again when one is done",
                super::jobs::MAX_PENDING_JOBS
            ),
        )
    })?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

fn job_id(raw: &str) -> Result<u64, ApiError> {
    raw.parse::<u64>()
        .map_err(|_| ApiError::bad_request(format!("{raw:?} is not a job id (a number)")))
}

pub async fn one_job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Job>, ApiError> {
    let id = job_id(&id)?;
    state
        .jobs
        .get(id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))
}

/// The job as server-sent events: one `progress` event each time it changes, the last when
/// it is done or failed.
pub async fn job_events(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Sse<impl futures::Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let id = job_id(&id)?;
    if state.jobs.get(id).is_none() {
        return Err(ApiError::not_found(format!("no job {id}")));
    }
    let jobs = state.jobs.clone();
    let stream = futures::stream::unfold((None::<Job>, false), move |(last, ended)| {
        let jobs = jobs.clone();
        async move {
            if ended {
                return None;
            }
            loop {
                let now = jobs.get(id)?;
                if last.as_ref() != Some(&now) {
                    let finished = matches!(now.state, JobState::Done | JobState::Failed);
                    let event = Event::default()
                        .event("progress")
                        .json_data(&now)
                        .unwrap_or_default();
                    return Some((Ok(event), (Some(now), finished)));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

#[cfg(test)]
mod tests {
    use super::ingest_urls;

    #[test]
    fn ingest_bodies_are_checked() {
        assert_eq!(
            ingest_urls(br#"["http://a.test/1", " https://b.test/2 "]"#).unwrap(),
            ["http://a.test/1", "https://b.test/2"]
        );
        assert_eq!(
            ingest_urls(br#"{"urls": ["http://a.test/1"]}"#).unwrap(),
            ["http://a.test/1"]
        );
        assert_eq!(ingest_urls(b"[1, 2").unwrap_err().status.as_u16(), 400);
        assert_eq!(ingest_urls(b"{\"x\": 1}").unwrap_err().status.as_u16(), 422);
        assert_eq!(ingest_urls(b"[]").unwrap_err().status.as_u16(), 422);
        let e = ingest_urls(br#"["http://a.test/", "javascript:alert(1)"]"#).unwrap_err();
        assert_eq!(e.status.as_u16(), 422);
        assert!(e.message.contains("URL 2"), "{}", e.message);
        let e = ingest_urls(br#"["/etc/passwd"]"#).unwrap_err();
        assert_eq!(e.status.as_u16(), 422);
        let many = serde_json::to_vec(&vec!["http://a.test/"; 501]).unwrap();
        assert_eq!(ingest_urls(&many).unwrap_err().status.as_u16(), 413);
    }
}
