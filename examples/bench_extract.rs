//! Speed of the HTML reader against a bare parse: `cargo run --release --example bench_extract -- [DIR]`.
//! Reads every `*.html.gz` / `*.html` in DIR (default: the ScrapingHub pages), then times
//! three rounds of `scraper::Html::parse_document` alone and of `read_html`.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CLAIMWIRE_SHARED")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
                .join("eval/extraction/scrapinghub/html")
        });
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let p = e?.path();
        let mut bytes = std::fs::read(&p)?;
        if p.extension().is_some_and(|x| x == "gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
            bytes = out;
        }
        pages.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let rounds = 3;
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for p in &pages {
            n += scraper::Html::parse_document(p).tree.values().count();
        }
    }
    let parse = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut m = 0usize;
    for _ in 0..rounds {
        for p in &pages {
            m += claimwire::page::read_html(p, None).text.len();
        }
    }
    let read = t.elapsed().as_secs_f64();
    let total = (pages.len() * rounds) as f64;
    println!(
        "pages {} x {rounds} rounds ({n} nodes, {m} text bytes)",
        pages.len()
    );
    println!("parse only   {:.1} pages/sec", total / parse);
    println!("read_html    {:.1} pages/sec", total / read);
    println!("ratio        {:.2}x the parse time", read / parse);
    Ok(())
}
