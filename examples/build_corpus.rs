//! Builds the sample corpus: `cargo run --example build_corpus -- [SEEDS_DIR] [OUT_DIR]`
//! (defaults: the shared seeds, `corpus/pages`).

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let seeds = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(claimwire::corpus::default_seeds_dir);
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("corpus/pages"));
    for p in claimwire::corpus::build(&seeds, &out)? {
        println!("{}", p.display());
    }
    Ok(())
}
