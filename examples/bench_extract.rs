//! Speed of the HTML reader against a bare parse:
//! `cargo run --release --example bench_extract -- [DIR] [--reps N] [--only MODE] [--serve]`.
//!
//! Reads every `*.html.gz` / `*.html` in DIR once (default: the ScrapingHub pages) as raw
//! bytes, with its URL when a `ground-truth.json` beside DIR names one. File reading and
//! decompression are not timed. Modes, each timed over all pages per round:
//!
//! - `read`: what claimwire does to read a fetched page: decode the bytes to text
//!   (`fetch::decode_checked`, as the HTTP fetcher does: BOM, declared charset or detection)
//!   and `page::read_html` with the page's URL (prescan, parse, main text and metadata).
//! - `parse`: the floor: the bytes to text (`String::from_utf8_lossy`) and
//!   `scraper::Html::parse_document` (html5ever building scraper's tree), nothing else.
//! - `decode`: `fetch::decode_checked` alone (its share of `read`).
//!
//! Without `--serve`: N rounds (default 5) of `parse` then N of `read` (or `--only` one
//! mode), printing each mode's median pages/sec by CPU time and by wall time as
//! `NAME_pages_per_sec CPU wall WALL` lines. With `--serve`: prints `ready PAGES`, then
//! reads commands `MODE` from stdin, runs one round per command and answers
//! `CPU_SECONDS WALL_SECONDS SINK`, so that a driver can interleave rounds with other
//! contenders (scripts/bench-extraction.py does).

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Page {
    bytes: Vec<u8>,
    url: Option<String>,
}

/// URLs by page id from the `ground-truth.json` beside `dir`, if there is one.
fn urls(dir: &Path) -> HashMap<String, String> {
    let truth = dir.parent().map(|p| p.join("ground-truth.json"));
    let Some(raw) = truth.and_then(|t| std::fs::read_to_string(t).ok()) else {
        return HashMap::new();
    };
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
    v.as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(id, t)| Some((id.clone(), t.get("url")?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn load(dir: &Path) -> anyhow::Result<Vec<Page>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".html") || name.ends_with(".html.gz")
        })
        .collect();
    paths.sort();
    let urls = urls(dir);
    let mut pages = Vec::new();
    for p in paths {
        let mut bytes = std::fs::read(&p)?;
        if p.extension().is_some_and(|x| x == "gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
            bytes = out;
        }
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        let id = name.split('.').next().unwrap_or_default();
        let url = urls.get(id).cloned();
        pages.push(Page { bytes, url });
    }
    Ok(pages)
}

/// This process's CPU time in seconds: unlike wall time, it does not count the time other
/// processes spend on a shared core.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// One page through a mode; returns a number that depends on the work (kept, so that the
/// optimiser cannot drop it).
fn run(mode: &str, page: &Page) -> Option<usize> {
    Some(match mode {
        "parse" => {
            let text = String::from_utf8_lossy(&page.bytes);
            scraper::Html::parse_document(&text).tree.values().count()
        }
        "read" => {
            let text = claimwire::fetch::decode_checked(&page.bytes, Some("text/html"), None)
                .map(|(t, _)| t)
                .unwrap_or_default();
            let a = claimwire::page::read_html(&text, page.url.as_deref());
            a.text.len() + a.candidates.len()
        }
        "decode" => claimwire::fetch::decode_checked(&page.bytes, Some("text/html"), None)
            .map(|(t, _)| t.len())
            .unwrap_or_default(),
        _ => return None,
    })
}

/// One round of `mode` over every page: (CPU seconds, wall seconds, sink).
fn round(pages: &[Page], mode: &str) -> Option<(f64, f64, usize)> {
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut sink = 0usize;
    for p in pages {
        sink = sink.wrapping_add(run(mode, p)?);
    }
    Some((cpu_seconds() - c, t.elapsed().as_secs_f64(), sink))
}

fn serve(pages: &[Page]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", pages.len())?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mode = line.trim();
        if mode.is_empty() || mode == "quit" {
            break;
        }
        match round(pages, mode) {
            Some((cpu, wall, sink)) => writeln!(out, "{cpu:.9} {wall:.9} {sink}")?,
            None => writeln!(out, "error unknown mode {mode}")?,
        }
        out.flush()?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = None;
    let mut reps = 5usize;
    let mut only: Option<String> = None;
    let mut serving = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--reps" => {
                reps = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(reps)
                    .max(1)
            }
            "--only" => only = it.next().cloned(),
            "--serve" => serving = true,
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        std::env::var_os("CLAIMWIRE_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
            .join("eval/extraction/scrapinghub/html")
    });
    let pages = load(&dir)?;
    anyhow::ensure!(!pages.is_empty(), "no pages in {}", dir.display());
    if serving {
        return serve(&pages);
    }
    println!("pages {} x {reps} rounds (median)", pages.len());
    let n = pages.len() as f64;
    let mut parse = None;
    for mode in ["parse", "read"] {
        if only.as_deref().is_some_and(|o| o != mode) {
            continue;
        }
        let (mut cpu, mut wall, mut sink) = (Vec::new(), Vec::new(), 0usize);
        for _ in 0..reps {
            let (c, w, s) = round(&pages, mode).expect("known mode");
            cpu.push(n / c.max(1e-9));
            wall.push(n / w.max(1e-9));
            sink = sink.wrapping_add(s);
        }
        cpu.sort_by(f64::total_cmp);
        wall.sort_by(f64::total_cmp);
        let (rate, w) = (cpu[cpu.len() / 2], wall[wall.len() / 2]);
        println!("{mode}_pages_per_sec {rate:.1} wall {w:.1}  (sink {sink})");
        match (mode, parse) {
            ("parse", _) => parse = Some(rate),
            ("read", Some(p)) => println!("read_over_parse_time {:.2}", p / rate),
            _ => {}
        }
    }
    Ok(())
}
