//! rs-trafilatura on the extraction bench's pages, for scripts/bench-extraction.sh:
//! `bench-rs-trafilatura DIR [--serve] [--reps N] [--predictions FILE]`.
//!
//! Loads every `*.html.gz` / `*.html` in DIR as raw bytes (gunzipped) with its URL from the
//! `ground-truth.json` beside DIR, before any timing, as `examples/bench_extract.rs` does for
//! claimwire. Per page, one call:
//!
//!   rs_trafilatura::extract_bytes_with_options(bytes, &Options { url, ..Options::default() })
//!
//! which decodes the bytes itself (declared charset, else UTF-8) and returns the main text
//! and the metadata (title, author, date, site name, ...; rs-trafilatura always extracts
//! them, and classifies the page type) -- the like of claimwire's decode + `read_html`.
//!
//! - `--serve`: prints `ready PAGES`, then per stdin line `extract` runs one round over every
//!   page and answers `CPU_SECONDS WALL_SECONDS SINK` (the protocol of
//!   `bench_extract --serve`); `predictions FILE` writes this extractor's outputs (untimed)
//!   and answers `ok PAGES EMPTY`; `quit` or end of input stops.
//! - `--predictions FILE`: writes `{id: {text, title, authors, published}}`, the format
//!   `claimwire eval extraction --predictions` scores, and exits.
//! - otherwise: N rounds (default 5), printing `rs_traf_pages_per_sec CPU wall WALL`
//!   (medians), for counting instructions under callgrind.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rs_trafilatura::{extract_bytes_with_options, ExtractResult, Options};

struct Page {
    id: String,
    bytes: Vec<u8>,
    url: Option<String>,
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

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

fn load(dir: &Path) -> Res<Vec<Page>> {
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
        let id = name.split('.').next().unwrap_or_default().to_string();
        let url = urls.get(&id).cloned();
        pages.push(Page { id, bytes, url });
    }
    Ok(pages)
}

/// This process's CPU time in seconds (as in `bench_extract`).
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

/// The one call timed per page.
fn extract(page: &Page) -> Option<ExtractResult> {
    let options = Options {
        url: page.url.clone(),
        ..Options::default()
    };
    extract_bytes_with_options(&page.bytes, &options).ok()
}

/// One round over every page: (CPU seconds, wall seconds, sink).
fn round(pages: &[Page]) -> (f64, f64, usize) {
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut sink = 0usize;
    for p in pages {
        if let Some(r) = extract(p) {
            sink =
                sink.wrapping_add(r.content_text.len() + r.metadata.title.map_or(0, |t| t.len()));
        }
    }
    (cpu_seconds() - c, t.elapsed().as_secs_f64(), sink)
}

/// Writes every page's output as `{id: {text, title, authors, published}}`; returns the
/// number of empty texts.
fn predictions(pages: &[Page], path: &Path) -> Res<usize> {
    let mut out = serde_json::Map::new();
    let mut empty = 0;
    for p in pages {
        let r = extract(p);
        let text = r
            .as_ref()
            .map(|r| r.content_text.clone())
            .unwrap_or_default();
        if text.trim().is_empty() {
            empty += 1;
        }
        let m = r.map(|r| r.metadata);
        let title = m.as_ref().and_then(|m| m.title.clone());
        let authors: Vec<String> = m
            .as_ref()
            .and_then(|m| m.author.as_deref())
            .map(|a| {
                a.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let published = m
            .and_then(|m| m.date)
            .map(|d| d.format("%Y-%m-%d").to_string());
        out.insert(
            p.id.clone(),
            serde_json::json!({"text": text, "title": title, "authors": authors, "published": published}),
        );
    }
    std::fs::write(path, serde_json::to_string(&out)?)?;
    Ok(empty)
}

fn serve(pages: &[Page]) -> Res<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", pages.len())?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let cmd = line.trim();
        if cmd.is_empty() || cmd == "quit" {
            break;
        }
        if cmd == "extract" {
            let (cpu, wall, sink) = round(pages);
            writeln!(out, "{cpu:.9} {wall:.9} {sink}")?;
        } else if let Some(path) = cmd.strip_prefix("predictions ") {
            match predictions(pages, Path::new(path.trim())) {
                Ok(empty) => writeln!(out, "ok {} {empty}", pages.len())?,
                Err(e) => writeln!(out, "error {e}")?,
            }
        } else {
            writeln!(out, "error unknown command {cmd}")?;
        }
        out.flush()?;
    }
    Ok(())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut dir, mut reps, mut serving, mut preds) = (None, 5usize, false, None);
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
            "--serve" => serving = true,
            "--predictions" => preds = it.next().map(PathBuf::from),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir =
        dir.ok_or("usage: bench-rs-trafilatura DIR [--serve] [--reps N] [--predictions FILE]")?;
    let pages = load(&dir)?;
    if pages.is_empty() {
        return Err(format!("no pages in {}", dir.display()).into());
    }
    if serving {
        return serve(&pages);
    }
    if let Some(p) = preds {
        let empty = predictions(&pages, &p)?;
        println!(
            "wrote {} ({} pages, {empty} empty)",
            p.display(),
            pages.len()
        );
        return Ok(());
    }
    let n = pages.len() as f64;
    let (mut cpu, mut wall, mut sink) = (Vec::new(), Vec::new(), 0usize);
    for _ in 0..reps {
        let (c, w, s) = round(&pages);
        cpu.push(n / c.max(1e-9));
        wall.push(n / w.max(1e-9));
        sink = sink.wrapping_add(s);
    }
    cpu.sort_by(f64::total_cmp);
    wall.sort_by(f64::total_cmp);
    println!(
        "rs_traf_pages_per_sec {:.1} wall {:.1}  (sink {sink})",
        cpu[cpu.len() / 2],
        wall[wall.len() / 2]
    );
    Ok(())
}
