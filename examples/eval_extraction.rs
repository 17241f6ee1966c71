//! Runs the extraction evaluation: `cargo run --release --example eval_extraction -- [DIR TRUTH] [--json]`.
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
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}
