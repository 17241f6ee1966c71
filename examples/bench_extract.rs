//! Speed of the HTML reader against a bare parse:
//! `cargo run --release --example bench_extract -- [DIR] [--reps N] [--only parse|read]`.
//!
//! Reads every `*.html.gz` / `*.html` in DIR once (default: the ScrapingHub pages), decodes
//! it to text, then times N rounds (default 5) over all pages of `scraper::Html::parse_document`
//! alone (the floor: html5ever building scraper's tree) and of `claimwire::page::read_html`
//! (parse plus extraction and metadata). File reading and decompression are not timed.
//! Prints each mode's median pages/sec by CPU time (and by wall time) as
//! `NAME_pages_per_sec CPU wall WALL` lines, for scripts.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

fn load(dir: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".html") || name.ends_with(".html.gz")
        })
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for p in paths {
        let mut bytes = std::fs::read(&p)?;
        if p.extension().is_some_and(|x| x == "gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
            bytes = out;
        }
        pages.push(String::from_utf8_lossy(&bytes).into_owned());
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

/// Median pages/sec over `reps` rounds of `f` applied to every page, by CPU time and by wall
/// time.
fn time(pages: &[String], reps: usize, f: impl Fn(&str) -> usize) -> (f64, f64, usize) {
    let mut cpu = Vec::new();
    let mut wall = Vec::new();
    let mut sink = 0usize;
    for _ in 0..reps {
        let (t, c) = (Instant::now(), cpu_seconds());
        for p in pages {
            sink = sink.wrapping_add(f(p));
        }
        let n = pages.len() as f64;
        cpu.push(n / (cpu_seconds() - c).max(1e-9));
        wall.push(n / t.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(&mut cpu), median(&mut wall), sink)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = None;
    let mut reps = 5usize;
    let mut only: Option<String> = None;
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
    println!("pages {} x {reps} rounds (median)", pages.len());
    let want = |m: &str| only.as_deref().is_none_or(|o| o == m);
    let mut parse = None;
    if want("parse") {
        let (rate, wall, nodes) = time(&pages, reps, |p| {
            scraper::Html::parse_document(p).tree.values().count()
        });
        println!("parse_pages_per_sec {rate:.1} wall {wall:.1}  ({nodes} nodes)");
        parse = Some(rate);
    }
    if want("read") {
        let (rate, wall, bytes) = time(&pages, reps, |p| {
            claimwire::page::read_html(p, None).text.len()
        });
        println!("read_pages_per_sec {rate:.1} wall {wall:.1}  ({bytes} text bytes)");
        if let Some(parse) = parse {
            println!("read_over_parse_time {:.2}", parse / rate);
        }
    }
    Ok(())
}
