//! Prints what the HTML reader makes of one page: `cargo run --example dump_page -- FILE[.gz] [URL]`.

use std::io::Read;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: dump_page FILE [URL]"))?;
    let url = args.next();
    let mut bytes = std::fs::read(&path)?;
    if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        bytes = out;
    }
    let html = String::from_utf8_lossy(&bytes);
    let a = claimwire::page::read_html(&html, url.as_deref());
    let mut meta = a.clone();
    meta.text = format!("<{} chars>", a.text.len());
    println!("{}", serde_json::to_string_pretty(&meta)?);
    println!("----\n{}", a.text);
    Ok(())
}
