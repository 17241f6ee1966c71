//! The dedup index at scale: inserts N synthetic articles' sketches through
//! [`DedupIndex::insert`] into a fresh SQLite file, then times candidate lookup plus exact
//! verification of 1,000 queries (half near-copies of stored articles, half new stories).
//! Each size runs in its own process so that its peak RSS is its own.
//!
//! Synthetic articles: 250 words drawn from a Zipf vocabulary of 50,000 words, with 8-word stock
//! phrases (a Zipf list of 20,000, about 30% of the words) that recur across stories as in
//! real news, 3-12 figures
//! drawn from skewed pools (round percentages are common), 1-4 entities from a Zipf list of
//! 5,000 (a few, like BTC, in most articles); one article in five is a copy of a recent story
//! (words replaced, truncated, or reposted), at most 30 copies a story. The database goes to
//! `$BENCH_DIR` (default `/tmp/claimwire-bench`) and is deleted after each size.
//!
//! `cargo run --release --example bench_dedup -- 10000 100000 1000000`

use std::collections::BTreeSet;
use std::time::Instant;

use claimwire::store::stories::minhash::{self, mix};
use claimwire::store::stories::{DedupIndex, Features, Meta, Route, Signals};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Zipf-like: index in 0..n, small ones far more often.
    fn zipf(&mut self, n: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) - 1.0) as u64
    }
}

fn words_of(rng: &mut Rng) -> Vec<u32> {
    let mut w = Vec::with_capacity(250);
    while w.len() < 250 {
        if rng.below(20) == 0 {
            // A stock phrase shared across stories.
            let p = rng.zipf(20_000);
            w.extend((0..8).map(|k| (mix(p * 31 + k) % 50_000) as u32));
        } else {
            w.push(rng.zipf(50_000) as u32);
        }
    }
    w
}

fn features(words: &[u32], figures: BTreeSet<String>, entities: BTreeSet<String>) -> Features {
    let text_words: Vec<String> = words.iter().map(|w| format!("w{w}")).collect();
    let shingles = minhash::shingles(&text_words);
    let lede = minhash::shingles(&text_words[..text_words.len().min(minhash::LEDE_WORDS)]);
    Features {
        meta: Meta::default(),
        text_hash: format!(
            "{:016x}",
            mix(words.iter().fold(7, |h, w| mix(h ^ u64::from(*w))))
        ),
        text_len: words.len() * 6,
        minhash: minhash::minhash(&shingles, minhash::MINHASH_LEN),
        lede_minhash: minhash::minhash(&lede, minhash::LEDE_MINHASH_LEN),
        shingles,
        terms: minhash::term_vector(&text_words),
        figures,
        entities,
        // About as many names as a news article has (stored, not compared on lookup).
        names: minhash::term_vector(&text_words[..text_words.len().min(30)]),
        emb_lede: None,
        emb_text: None,
        emb_whole: None,
    }
}

/// Most copies of one story.
const MAX_COPIES: usize = 30;

struct Story {
    words: Vec<u32>,
    figures: BTreeSet<String>,
    entities: BTreeSet<String>,
}

fn new_story(rng: &mut Rng) -> Story {
    let n = 3 + rng.below(10);
    let figures = (0..n)
        .map(|_| match rng.below(3) {
            0 => format!("percent:{:.4e}", (1 + rng.zipf(100)) as f64),
            1 => format!("price:{:.4e}", (1000 + rng.below(120_000)) as f64),
            _ => format!("amount:{:.4e}", (1 + rng.below(5000)) as f64 * 1e6),
        })
        .collect();
    let entities = (0..1 + rng.below(4))
        .map(|_| format!("entity{}", rng.zipf(5000)))
        .collect();
    Story {
        words: words_of(rng),
        figures,
        entities,
    }
}

fn copy_of(s: &Story, rng: &mut Rng) -> Story {
    let mut words = s.words.clone();
    match rng.below(3) {
        0 => words.truncate(60 + rng.below(60) as usize),
        1 => {
            for w in words.iter_mut() {
                if rng.below(12) == 0 {
                    *w = rng.zipf(50_000) as u32;
                }
            }
        }
        _ => words.insert(0, 49_999),
    }
    Story {
        words,
        figures: s.figures.clone(),
        entities: s.entities.clone(),
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn run_one(n: usize) -> anyhow::Result<()> {
    let dir = std::env::var("BENCH_DIR").unwrap_or_else(|_| "/tmp/claimwire-bench".into());
    std::fs::create_dir_all(&dir)?;
    let path = std::path::Path::new(&dir).join(format!("bench-{n}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    drop(claimwire::store::Store::open(&path)?);
    let mut conn = rusqlite::Connection::open(&path)?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -131_072)?;
    let mut rng = Rng(42);
    // Stories that get syndicated: each is copied at most MAX_COPIES times, then leaves
    // the pool (wire stories are reposted tens of times, not thousands).
    let mut pool: Vec<(Story, usize)> = Vec::new();
    let mut insert_secs = 0.0;
    let mut id = 0i64;
    while (id as usize) < n {
        let tx = conn.transaction()?;
        {
            let index = DedupIndex::new(&tx);
            for _ in 0..10_000.min(n - id as usize) {
                let s = if !pool.is_empty() && rng.below(5) == 0 {
                    let k = rng.below(pool.len() as u64) as usize;
                    let c = copy_of(&pool[k].0, &mut rng);
                    pool[k].1 += 1;
                    if pool[k].1 >= MAX_COPIES {
                        pool.swap_remove(k);
                    }
                    c
                } else {
                    let s = new_story(&mut rng);
                    let kept = Story {
                        words: s.words.clone(),
                        figures: s.figures.clone(),
                        entities: s.entities.clone(),
                    };
                    if pool.len() < 2000 {
                        pool.push((kept, 0));
                    } else {
                        let k = rng.below(2000) as usize;
                        pool[k] = (kept, 0);
                    }
                    s
                };
                let f = features(&s.words, s.figures, s.entities);
                let t = Instant::now();
                index.insert(id, &f)?;
                insert_secs += t.elapsed().as_secs_f64();
                id += 1;
            }
        }
        let t = Instant::now();
        tx.commit()?;
        insert_secs += t.elapsed().as_secs_f64();
    }
    let index = DedupIndex::new(&conn);
    let mut times = Vec::new();
    let mut found = 0usize;
    let mut candidates = 0usize;
    for q in 0..1000 {
        let s = if q % 2 == 0 {
            let k = rng.below(pool.len() as u64) as usize;
            copy_of(&pool[k].0, &mut rng)
        } else {
            new_story(&mut rng)
        };
        let f = features(&s.words, s.figures, s.entities);
        let t = Instant::now();
        let mut any = false;
        for (other, route) in index.candidates(&f)? {
            candidates += 1;
            if let Some(g) = index.load(other)? {
                let sig = Signals::between(&f, &g);
                if route == Route::Shared || sig.shared_figures >= 4 {
                    any |= claimwire::store::stories::same_story(&sig).same;
                }
            }
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        found += usize::from(any);
    }
    times.sort_by(f64::total_cmp);
    let db_mb = std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1_048_576.0;
    println!(
        "| {n:>9} | {:>9.0} | {:>8.3} | {:>8.3} | {:>10.1} | {:>9.0} | {:>8.0} | {:>6} |",
        n as f64 / insert_secs,
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        candidates as f64 / 1000.0,
        peak_rss_mb(),
        db_mb,
        found
    );
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
        return run_one(n);
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        args.iter().filter_map(|s| s.parse().ok()).collect()
    };
    println!("| articles  | insert/s  | lookup ms median | p99 ms | candidates/query | peak RSS MB | DB MB | matched (of 1000; 500 are copies) |");
    println!("|---|---|---|---|---|---|---|---|");
    std::io::Write::flush(&mut std::io::stdout())?;
    let me = std::env::current_exe()?;
    for n in sizes {
        let status = std::process::Command::new(&me)
            .args(["--one", &n.to_string()])
            .status()?;
        anyhow::ensure!(status.success(), "size {n} failed");
    }
    Ok(())
}
