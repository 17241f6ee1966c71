//! Throughput of `claims::extract` in sentences per second, on a synthetic article written
//! for this bench (and on the seed documents when `../shared` is present).

use claimwire::claims::{extract, sentences};
use claimwire::page::{read_text, Article};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;

const SENTENCES: &[&str] = &[
    "Bitcoin is trading around $92,400 on Friday, stuck below its October record near $126,000.",
    "Ether fell 12% over the week as ETF outflows mounted, according to CoinGlass.",
    "The Fed cut rates by 25 basis points on Wednesday, its third reduction of the year.",
    "Goldman Sachs forecasts 49% earnings growth for the Russell 2000 in 2026.",
    "The Treasury will buy $8.2 billion in bills on Friday under a $40 billion program running through April.",
    "Analysts say the flagship cryptocurrency could reach $150,000 by year-end.",
    "The S&P 500 closed at 6,050 on Thursday while the Nasdaq 100 sat just below its peak.",
    "A whale moved 1,000 BTC to an exchange in the past several weeks.",
    "Solana surged 19% after the upgrade, data from Kaiko shows.",
    "In November 2021, when bitcoin peaked at $69,000, miners were flush with cash.",
];

fn synthetic(paragraphs: usize) -> Article {
    let text = (0..paragraphs)
        .map(|i| {
            (0..4)
                .map(|j| SENTENCES[(i * 4 + j) % SENTENCES.len()])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    Article {
        title: Some("Bitcoin Lags as Small Caps Hit Records".to_string()),
        text,
        published: Some("2025-12-12T10:50:00+00:00".to_string()),
        ..Article::default()
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("claims");
    let article = synthetic(50);
    let n = sentences::split(&article.text).len() as u64;
    group.throughput(Throughput::Elements(n));
    group.bench_function("extract_synthetic_sentences", |b| {
        b.iter(|| extract(black_box(&article)))
    });
    let seeds = std::env::var_os("CLAIMWIRE_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("seeds");
    if let Ok(dir) = std::fs::read_dir(&seeds) {
        let articles: Vec<Article> = dir
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .map(|t| read_text(&t, None))
            .collect();
        let n: usize = articles
            .iter()
            .map(|a| sentences::split(&a.text).len())
            .sum();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function("extract_seed_sentences", |b| {
            b.iter(|| {
                for a in &articles {
                    black_box(extract(a));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
