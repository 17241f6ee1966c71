//! `claimwire serve`: an HTTP server (axum) over the store. A JSON API (stories, claims,
//! sources, ingest jobs) and server-rendered HTML pages (maud) of the same data: the ratings
//! table, a story's card, claim search, sources, and an ingest form whose job runs in the
//! background. Reads use read-only connections from a small pool on blocking threads, so pages
//! are served while an ingest writes (SQLite WAL); ingests run one at a time.
//!
//! It uses the store, the ingest and the export modules; none of them knows of it.

mod api;
mod auth;
mod card;
mod charts;
mod error;
mod jobs;
mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;

use crate::store::stories::TextEmbedder;
use crate::store::Store;
use crate::IngestOptions;

pub use error::ApiError;
pub use jobs::{Job, JobState};

/// Largest request body accepted (a list of URLs to ingest), in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most URLs one ingest request may hold.
pub const MAX_URLS: usize = 500;
/// Most rows one page of a list may hold.
pub const MAX_LIMIT: usize = 500;

/// How to run the server.
#[derive(Clone)]
pub struct ServeConfig {
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// When set, every write (POST) needs `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// How ingest jobs fetch and rate.
    pub ingest: IngestOptions,
    /// The text embedder ingest jobs give the store, when there is one.
    pub embedder: Option<Arc<dyn TextEmbedder>>,
}

/// Why the server would not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "refusing to listen on {0} without a token: an address other than loopback needs \
         --token T (or CLAIMWIRE_TOKEN) so that writes need `Authorization: Bearer T`"
    )]
    PublicWithoutToken(SocketAddr),
    #[error("--token is empty: give a non-empty token")]
    EmptyToken,
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Checks that an address other than loopback is served only with a token.
pub fn check_addr(addr: SocketAddr, token: Option<&str>) -> Result<(), ServeError> {
    match token {
        Some("") => Err(ServeError::EmptyToken),
        None if !addr.ip().is_loopback() => Err(ServeError::PublicWithoutToken(addr)),
        _ => Ok(()),
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    readers: Arc<Readers>,
    token: Option<Arc<str>>,
    jobs: Arc<jobs::Jobs>,
}

/// Read-only connections, reused between requests.
struct Readers {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
}

/// Connections kept idle for reuse; more are opened under load and closed after.
const IDLE_READERS: usize = 8;

impl Readers {
    fn take(&self) -> Result<Store, ApiError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(s) => Ok(s),
            None => Ok(Store::open_read_only(&self.db)?),
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < IDLE_READERS {
                v.push(store);
            }
        }
    }
}

impl AppState {
    /// Runs a read on a pooled connection on a blocking thread.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || {
            let store = readers.take()?;
            let out = f(&store);
            readers.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("reader task failed: {e}")))?
    }
}

/// The router for a database that exists and is migrated.
pub fn router(config: &ServeConfig) -> Router {
    let state = AppState {
        readers: Arc::new(Readers {
            db: config.db.clone(),
            idle: Mutex::new(Vec::new()),
        }),
        token: config.token.as_deref().map(Arc::from),
        jobs: Arc::new(jobs::Jobs::new(
            config.db.clone(),
            config.ingest.clone(),
            config.embedder.clone(),
        )),
    };
    let writes = Router::new()
        .route("/api/ingest", post(api::post_ingest))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ));
    Router::new()
        .route("/api/stories", get(api::list_stories))
        .route("/api/stories/{id}", get(api::one_story))
        .route("/api/claims", get(api::list_claims))
        .route("/api/sources", get(api::list_sources))
        .route("/api/assets/{asset}/prices", get(api::asset_prices))
        .route("/api/jobs/{id}", get(api::one_job))
        .route("/api/jobs/{id}/events", get(api::job_events))
        .merge(writes)
        .route("/", get(pages::ratings))
        .route("/stories/{id}", get(card::story))
        .route("/assets/{asset}", get(card::asset))
        .route("/claims", get(pages::claims))
        .route("/sources", get(pages::sources))
        .route("/ingest", get(pages::ingest))
        .route("/static/app.js", get(pages::script))
        .route("/static/app.css", get(pages::style))
        .fallback(error::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Pages run only our own script and style; nothing is framed or sniffed.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Opens (creating and migrating) the database, binds, and serves until Ctrl-C.
pub async fn serve(config: ServeConfig) -> Result<(), ServeError> {
    check_addr(config.addr, config.token.as_deref())?;
    drop(Store::open(&config.db)?);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let local = listener.local_addr()?;
    // The line a caller (or a test) waits for: where to connect.
    println!("listening on http://{local}");
    tracing::info!(%local, db = %config.db.display(), "serving");
    axum::serve(listener, router(&config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
