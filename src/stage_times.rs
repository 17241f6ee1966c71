//! CPU time per pipeline stage (fetch, decode, read, claims, rating, embed, dedup, store),
//! for `ingest --stage-times` and the ingest benchmark. It sits below every stage and imports
//! nothing of the crate: a stage opens a [`span`] around its work (or wraps its future in
//! [`Timed`]), and the spans add their thread's CPU time to process-wide counters.
//!
//! Off by default: a closed span costs one relaxed atomic load. When [`enable`]d, a span reads
//! its thread's CPU clock (`CLOCK_THREAD_CPUTIME_ID`) at its start and end. Spans nest on a
//! thread (dedup holds embed, store holds dedup): a stage's time is its own, its inner
//! stages' time taken out, so the stages add up without counting anything twice.
//!
//! Model stages ([`Stage::pooled`]: rating, embed) also run on the model runtime's worker
//! threads, which no thread clock of the caller sees. For them the span reads the process's
//! CPU clock too, and adds what the process spent beyond the calling thread, less what other
//! threads' spans recorded meanwhile (the fetches running ahead). What no span covers (the
//! HTTP connection tasks, the ingest loop, thread start-up, idle worker spinning) is what is
//! left of the process CPU: [`StageTimes::unattributed_ms`].
//!
//! A span must not be held across an `.await` (the task may move to another thread): async
//! work is timed per poll by [`Timed`].

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use serde::Serialize;

/// A stage of the ingest pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The HTTP side of fetching, per poll of a fetch task (decoding left out).
    Fetch,
    /// Unpacking, sniffing and decoding a body to text.
    Decode,
    /// HTML or text to an article (main text, metadata, page kind) and its checks.
    Read,
    /// The claims stage: figures, assets, sources, times.
    Claims,
    /// The rating: direction (the model's sentence classifier, when given), impact, trust...
    Rating,
    /// The story embeddings of a new article (with a model).
    Embed,
    /// The dedup: sketching, candidate lookups, verification, decisions, index and story rows.
    Dedup,
    /// The article's own rows: the text-hash and source lookups, inserts, commit.
    Store,
}

const STAGES: usize = 8;

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; STAGES] = [
        Stage::Fetch,
        Stage::Decode,
        Stage::Read,
        Stage::Claims,
        Stage::Rating,
        Stage::Embed,
        Stage::Dedup,
        Stage::Store,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Fetch => "fetch",
            Stage::Decode => "decode",
            Stage::Read => "read",
            Stage::Claims => "claims",
            Stage::Rating => "rating",
            Stage::Embed => "embed",
            Stage::Dedup => "dedup",
            Stage::Store => "store",
        }
    }

    /// Whether the stage may run on the model runtime's worker threads as well as its own.
    pub fn pooled(self) -> bool {
        matches!(self, Stage::Rating | Stage::Embed)
    }

    fn index(self) -> usize {
        self as usize
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);
#[allow(clippy::declare_interior_mutable_const)]
const ZERO: AtomicU64 = AtomicU64::new(0);
static CPU_NS: [AtomicU64; STAGES] = [ZERO; STAGES];
static WALL_NS: [AtomicU64; STAGES] = [ZERO; STAGES];
static CALLS: [AtomicU64; STAGES] = [ZERO; STAGES];
/// Everything every span recorded, for the pooled stages' correction.
static RECORDED_NS: AtomicU64 = AtomicU64::new(0);

/// Starts recording (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

fn nanos(clock: rustix::time::ClockId) -> u64 {
    let t = rustix::time::clock_gettime(clock);
    (t.tv_sec.max(0) as u64) * 1_000_000_000 + t.tv_nsec.max(0) as u64
}

/// CPU time of the calling thread, in nanoseconds.
pub fn thread_cpu_ns() -> u64 {
    nanos(rustix::time::ClockId::ThreadCPUTime)
}

/// CPU time of the whole process (every thread, user and system), in nanoseconds.
pub fn process_cpu_ns() -> u64 {
    nanos(rustix::time::ClockId::ProcessCPUTime)
}

struct Frame {
    stage: Stage,
    thread0: u64,
    process0: u64,
    recorded0: u64,
    wall0: Instant,
    /// Thread CPU and wall time of the spans nested in this one.
    inner_thread: u64,
    inner_wall: u64,
}

thread_local! {
    static OPEN: RefCell<Vec<Frame>> = const { RefCell::new(Vec::new()) };
}

/// An open span: its stage's time runs until it is dropped, on the thread that opened it
/// (it is not `Send`, so a future holding one across an `.await` cannot be spawned).
#[must_use = "a span measures until it is dropped"]
pub struct Span {
    open: bool,
    _here: PhantomData<*const ()>,
}

/// Opens a span of `stage` on this thread (nothing, when recording is off).
pub fn span(stage: Stage) -> Span {
    if !enabled() {
        return Span {
            open: false,
            _here: PhantomData,
        };
    }
    let frame = Frame {
        stage,
        thread0: thread_cpu_ns(),
        process0: if stage.pooled() { process_cpu_ns() } else { 0 },
        recorded0: RECORDED_NS.load(Ordering::Relaxed),
        wall0: Instant::now(),
        inner_thread: 0,
        inner_wall: 0,
    };
    let pushed = OPEN.try_with(|o| o.borrow_mut().push(frame)).is_ok();
    Span {
        open: pushed,
        _here: PhantomData,
    }
}

/// Runs `f` in a span of `stage`.
pub fn measure<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let _span = span(stage);
    f()
}

/// A closed span's own CPU time: its thread's time less its inner spans', and for a pooled
/// stage what the process spent beyond this thread, less what other threads' spans
/// recorded meanwhile (`others`, which holds this span's inner ones too: their thread time
/// is in `thread` already, so it is taken out of `others`).
fn own_time(pooled: bool, thread: u64, inner_thread: u64, process: u64, others: u64) -> u64 {
    let mut own = thread.saturating_sub(inner_thread);
    if pooled {
        let elsewhere = others.saturating_sub(inner_thread);
        own += process.saturating_sub(thread).saturating_sub(elsewhere);
    }
    own
}

impl Drop for Span {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        let thread1 = thread_cpu_ns();
        let _ = OPEN.try_with(|o| {
            let mut open = o.borrow_mut();
            let Some(f) = open.pop() else { return };
            let thread = thread1.saturating_sub(f.thread0);
            let (process, others) = if f.stage.pooled() {
                let recorded = RECORDED_NS.load(Ordering::Relaxed);
                (
                    process_cpu_ns().saturating_sub(f.process0),
                    recorded.saturating_sub(f.recorded0),
                )
            } else {
                (0, 0)
            };
            let own = own_time(f.stage.pooled(), thread, f.inner_thread, process, others);
            let wall = f.wall0.elapsed().as_nanos() as u64;
            if let Some(parent) = open.last_mut() {
                parent.inner_thread += thread;
                parent.inner_wall += wall;
            }
            let i = f.stage.index();
            CPU_NS[i].fetch_add(own, Ordering::Relaxed);
            WALL_NS[i].fetch_add(wall.saturating_sub(f.inner_wall), Ordering::Relaxed);
            CALLS[i].fetch_add(1, Ordering::Relaxed);
            RECORDED_NS.fetch_add(own, Ordering::Relaxed);
        });
    }
}

/// A future whose every poll is a span of its stage: the CPU an async task spends, on
/// whichever threads it is polled.
pub struct Timed<F> {
    stage: Stage,
    inner: Pin<Box<F>>,
}

impl<F: Future> Timed<F> {
    pub fn new(stage: Stage, inner: F) -> Timed<F> {
        Timed {
            stage,
            inner: Box::pin(inner),
        }
    }
}

impl<F: Future> Future for Timed<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _span = span(self.stage);
        self.inner.as_mut().poll(cx)
    }
}

/// What the counters hold at one moment; the difference of two is what happened between.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    cpu_ns: [u64; STAGES],
    wall_ns: [u64; STAGES],
    calls: [u64; STAGES],
    process_ns: u64,
    at: Instant,
}

/// The counters now.
pub fn snapshot() -> Snapshot {
    let load = |a: &[AtomicU64; STAGES]| std::array::from_fn(|i| a[i].load(Ordering::Relaxed));
    Snapshot {
        cpu_ns: load(&CPU_NS),
        wall_ns: load(&WALL_NS),
        calls: load(&CALLS),
        process_ns: process_cpu_ns(),
        at: Instant::now(),
    }
}

/// One stage's share of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTime {
    pub stage: &'static str,
    /// Spans closed (for fetch: polls).
    pub calls: u64,
    pub cpu_ms: f64,
    /// Wall time inside the spans, their inner spans' left out (spans on different threads
    /// overlap, and each counts its own).
    pub wall_ms: f64,
}

/// The stages' CPU time between two snapshots, with the process's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTimes {
    pub stages: Vec<StageTime>,
    /// CPU time of the whole process over the run (every thread).
    pub process_cpu_ms: f64,
    /// The process CPU no span covered (never below zero).
    pub unattributed_ms: f64,
    pub wall_ms: f64,
}

fn ms(ns: u64) -> f64 {
    ns as f64 / 1e6
}

impl Snapshot {
    /// What happened from `earlier` to this snapshot.
    pub fn since(&self, earlier: &Snapshot) -> StageTimes {
        let stages: Vec<StageTime> = Stage::ALL
            .iter()
            .map(|s| {
                let i = s.index();
                StageTime {
                    stage: s.name(),
                    calls: self.calls[i].saturating_sub(earlier.calls[i]),
                    cpu_ms: ms(self.cpu_ns[i].saturating_sub(earlier.cpu_ns[i])),
                    wall_ms: ms(self.wall_ns[i].saturating_sub(earlier.wall_ns[i])),
                }
            })
            .collect();
        let process_cpu_ms = ms(self.process_ns.saturating_sub(earlier.process_ns));
        let covered: f64 = stages.iter().map(|s| s.cpu_ms).sum();
        StageTimes {
            stages,
            process_cpu_ms,
            unattributed_ms: (process_cpu_ms - covered).max(0.0),
            wall_ms: self.at.saturating_duration_since(earlier.at).as_secs_f64() * 1e3,
        }
    }

    /// CPU milliseconds per stage from `earlier`, for the stages that ran (one source's
    /// share, when nothing else ran meanwhile).
    pub fn cpu_ms_since(&self, earlier: &Snapshot, stages: &[Stage]) -> Vec<(&'static str, f64)> {
        stages
            .iter()
            .filter(|s| self.calls[s.index()] > earlier.calls[s.index()])
            .map(|s| {
                let i = s.index();
                (
                    s.name(),
                    ms(self.cpu_ns[i].saturating_sub(earlier.cpu_ns[i])),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_keeps_its_own_time_and_a_pooled_one_adds_the_pool() {
        // 50 ms on the thread, 30 of them in an inner span: 20 its own.
        assert_eq!(own_time(false, 50, 30, 0, 0), 20);
        // A pooled span: 40 ms on its thread, the process 100 ms, of which other threads'
        // spans recorded 25 (and its inner span 10, on this thread): the pool's 35 are its.
        assert_eq!(own_time(true, 40, 10, 100, 35), 30 + 35);
        // Others recorded more than the process spent beyond the thread: nothing added.
        assert_eq!(own_time(true, 40, 0, 50, 30), 40);
    }

    #[test]
    fn the_clocks_advance_and_a_closed_span_costs_nothing() {
        let t0 = thread_cpu_ns();
        let p0 = process_cpu_ns();
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        assert!(thread_cpu_ns() > t0 && process_cpu_ns() > p0);
        if !enabled() {
            assert!(!span(Stage::Read).open);
        }
    }
}
