//! Runs the extraction evaluation: `cargo run --release --example eval_extraction -- [DIR TRUTH] [--json]`.
//! `--all` prints every page's scores as TSV (id, P, R, F1, url), worst F1 first.
//! Defaults to the ScrapingHub benchmark under `$CLAIMWIRE_SHARED` (or `../shared`).

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let shared = std::env::var_os("CLAIMWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let bench = shared.join("eval/extraction/scrapinghub");
    let dir = pos
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| bench.join("html"));
    let truth = pos
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| bench.join("ground-truth.json"));
    let report = claimwire::eval::extraction::evaluate(&dir, &truth)?;
    if args.iter().any(|a| a == "--all") {
        let mut all = report.all.clone();
        all.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        for s in &all {
            println!(
                "{}\t{:.3}\t{:.3}\t{:.3}\t{}",
                s.id,
                s.precision,
                s.recall,
                s.f1,
                s.url.as_deref().unwrap_or("")
            );
        }
        return Ok(());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}
