//! Prints the claims extracted from a plain-text article: `cargo run --example claims_dump -- FILE [PUBLISHED]`.

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: claims_dump FILE [PUBLISHED]"))?;
    let text = std::fs::read_to_string(&path)?;
    let mut article = claimwire::page::read_text(&text, None);
    article.published = args.next();
    let ex = claimwire::claims::extract(&article);
    for c in &ex.claims {
        println!(
            "{:<13} {:>16} {:<8} {:<12} {:<10} {:<16} {:?} {:?} [{}] {}",
            c.kind.as_str(),
            c.value,
            c.asset.as_deref().unwrap_or("-"),
            c.role.map(|r| format!("{r:?}")).unwrap_or_default(),
            format!("{:?}", c.bound),
            c.source.as_deref().unwrap_or("-"),
            c.change,
            c.time
                .as_ref()
                .map(|t| (t.text.as_str(), t.start.as_deref())),
            c.surface,
            if c.in_headline { "H" } else { "" }
        );
    }
    for s in &ex.sources {
        println!("source {:?} named={}", s.name, s.named);
    }
    println!("assets {:?}", ex.assets);
    println!(
        "times {:?}",
        ex.times
            .iter()
            .map(|t| (&t.text, &t.start, &t.end, t.future))
            .collect::<Vec<_>>()
    );
    Ok(())
}
