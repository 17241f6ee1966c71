//! Ingest jobs: a posted list of URLs becomes a job with an id; it runs in the background
//! through the library's `ingest` on a thread of its own (one ingest writes at a time, the
//! others wait their turn), and its progress (total, done, failed, state, each source's
//! status) can be read at any moment. The last `KEPT_JOBS` jobs are remembered.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::store::stories::TextEmbedder;
use crate::store::Store;
use crate::{ingest, IngestOptions, SourceReport};

/// How many jobs are remembered (the oldest finished ones are forgotten first).
const KEPT_JOBS: usize = 200;
/// How many jobs may wait or run at once; more are refused until one ends.
pub const MAX_PENDING_JOBS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    /// The ingest itself failed (the database); failed sources do not fail the job.
    Failed,
}

/// How one source of a job ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobSource {
    pub source: String,
    pub status: String,
    pub detail: Option<String>,
    pub story_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: u64,
    pub state: JobState,
    /// Sources to do: the posted URLs and the entries of any feed among them.
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub stored: usize,
    pub sources: Vec<JobSource>,
    pub error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

pub struct Jobs {
    db: PathBuf,
    options: IngestOptions,
    embedder: Option<Arc<dyn TextEmbedder>>,
    jobs: Mutex<BTreeMap<u64, Job>>,
    /// Held by the job that is writing.
    writer: Arc<Mutex<()>>,
}

/// The embedder shared by every job's store.
struct SharedEmbedder(Arc<dyn TextEmbedder>);

impl TextEmbedder for SharedEmbedder {
    fn embed(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        self.0.embed(texts)
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Jobs {
    pub fn new(
        db: PathBuf,
        options: IngestOptions,
        embedder: Option<Arc<dyn TextEmbedder>>,
    ) -> Jobs {
        Jobs {
            db,
            options,
            embedder,
            jobs: Mutex::new(BTreeMap::new()),
            writer: Arc::new(Mutex::new(())),
        }
    }

    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.lock().ok()?.get(&id).cloned()
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut Job)) {
        if let Ok(mut jobs) = self.jobs.lock() {
            if let Some(j) = jobs.get_mut(&id) {
                f(j);
            }
        }
    }

    /// Queues an ingest of `urls` and starts it on its own thread; returns the job, or
    /// `None` when `MAX_PENDING_JOBS` are waiting or running already.
    pub fn start(self: &Arc<Self>, urls: Vec<String>) -> Option<Job> {
        let job = {
            let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
            let pending = jobs
                .values()
                .filter(|j| matches!(j.state, JobState::Queued | JobState::Running))
                .count();
            if pending >= MAX_PENDING_JOBS {
                return None;
            }
            let id = jobs.keys().next_back().map_or(1, |k| k + 1);
            let job = Job {
                id,
                state: JobState::Queued,
                total: urls.len(),
                done: 0,
                failed: 0,
                stored: 0,
                sources: Vec::new(),
                error: None,
                created_at: now(),
                finished_at: None,
            };
            jobs.insert(id, job.clone());
            while jobs.len() > KEPT_JOBS {
                let oldest_finished = jobs
                    .iter()
                    .find(|(_, j)| matches!(j.state, JobState::Done | JobState::Failed))
                    .map(|(k, _)| *k);
                match oldest_finished {
                    Some(k) => jobs.remove(&k),
                    None => break,
                };
            }
            job
        };
        let this = self.clone();
        let id = job.id;
        std::thread::spawn(move || {
            let result = this.run(id, &urls);
            this.update(id, |j| {
                j.finished_at = Some(now());
                match result {
                    Ok(()) => j.state = JobState::Done,
                    Err(e) => {
                        j.state = JobState::Failed;
                        j.error = Some(e);
                    }
                }
            });
        });
        Some(job)
    }

    fn run(&self, id: u64, urls: &[String]) -> Result<(), String> {
        let _writing = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        self.update(id, |j| j.state = JobState::Running);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the ingest runtime: {e}"))?;
        let mut store = Store::open(&self.db).map_err(|e| e.to_string())?;
        if let Some(e) = &self.embedder {
            store.set_embedder(Some(Box::new(SharedEmbedder(e.clone()))));
        }
        let on_report = |r: &SourceReport| {
            self.update(id, |j| {
                j.done += 1;
                j.total += r.queued;
                if r.failed() {
                    j.failed += 1;
                } else if r.status == "stored" {
                    j.stored += 1;
                }
                j.sources.push(JobSource {
                    source: r.source.clone(),
                    status: r.status.clone(),
                    detail: r.detail.clone(),
                    story_id: r.story_id,
                });
            })
        };
        rt.block_on(ingest(&mut store, urls, &self.options, on_report))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
