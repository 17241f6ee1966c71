//! Throughput of claimwire's sentence models (needs `--features model`):
//! `cargo run --release --features model --example bench_model -- SENTENCES.txt [--reps N]`.
//!
//! Reads sentences (one per line, blank lines skipped) from SENTENCES.txt, loads the
//! all-MiniLM-L6-v2 encoder (`claimwire::model::Encoder`) and, when its trained weights exist,
//! the direction classifier (`claimwire::model::DirectionModel`); the loads are timed
//! separately and not counted in the rates. After a warm-up on a few sentences, it times N
//! rounds (default 3) over all sentences of:
//!
//! - `embed_fp32`: `Encoder::embed` (tokenisation, 6-layer encoder forward pass with texts
//!   cut at 256 tokens, mean pooling, unit normalisation; length-sorted batches of 32) in fp32;
//! - `embed`: the same in the precision claimwire uses by default (`inference_kind`: bf16 on
//!   a CPU with native bf16, else fp32; `CLAIMWIRE_PRECISION` overrides), printed as
//!   `precision NAME`; `--write-embeddings FILE` writes its vectors (little-endian f32, 384
//!   per sentence, in input order) for the bench script's cosine against the reference;
//! - `classify`: `DirectionModel::classify` (tokenisation, encoder forward pass with texts cut
//!   at 64 tokens, mean pooling, linear head, softmax; same batching), default precision.
//!
//! Prints each contender's median sentences/s by wall time as
//! `NAME_sentences_per_sec MEDIAN min MIN max MAX` lines, for scripts. libtorch's thread count
//! comes from `CLAIMWIRE_THREADS` (else every core) and is printed as `threads N`.
//!
//! Built without the `model` feature, the example only says so and fails.

#[cfg(feature = "model")]
mod bench {
    use std::path::PathBuf;
    use std::time::Instant;

    use anyhow::{bail, Context, Result};
    use claimwire::model::{inference_kind, kind_name, DirectionModel, Encoder, ModelPaths};
    use claimwire::rating::SentenceClassifier;

    /// Sentences used to warm the models up (allocator, libtorch's kernels and thread pool).
    const WARM_UP: usize = 32;

    /// Median, minimum and maximum sentences/s over `reps` rounds of `f` applied to all
    /// sentences at once; `f` returns how many rows it produced, which must be one per sentence.
    fn time(
        sentences: &[&str],
        reps: usize,
        f: impl Fn(&[&str]) -> Result<usize>,
    ) -> Result<(f64, f64, f64)> {
        let mut rates = Vec::with_capacity(reps);
        for _ in 0..reps {
            let t = Instant::now();
            let rows = f(sentences)?;
            let secs = t.elapsed().as_secs_f64().max(1e-9);
            if rows != sentences.len() {
                bail!("got {rows} rows for {} sentences", sentences.len());
            }
            rates.push(sentences.len() as f64 / secs);
        }
        rates.sort_by(f64::total_cmp);
        let median = rates[rates.len() / 2];
        Ok((median, rates[0], rates[rates.len() - 1]))
    }

    pub fn main() -> Result<()> {
        let mut file = None;
        let mut write_embeddings: Option<PathBuf> = None;
        let mut reps = 3usize;
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--reps" => {
                    let v = args.next().context("--reps needs a number")?;
                    reps = v
                        .parse::<usize>()
                        .with_context(|| format!("--reps {v:?} is not a number"))?
                        .max(1);
                }
                "--write-embeddings" => {
                    let v = args.next().context("--write-embeddings needs a file")?;
                    write_embeddings = Some(PathBuf::from(v));
                }
                "-h" | "--help" => {
                    println!(
                        "usage: bench_model SENTENCES.txt [--reps N] [--write-embeddings FILE]"
                    );
                    return Ok(());
                }
                _ => file = Some(PathBuf::from(a)),
            }
        }
        let file =
            file.context("usage: bench_model SENTENCES.txt [--reps N] [--write-embeddings FILE]")?;
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading sentences from {}", file.display()))?;
        let sentences: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if sentences.is_empty() {
            bail!("no sentences in {}", file.display());
        }
        println!("sentences {} x {reps} rounds (median)", sentences.len());

        let paths = ModelPaths::resolve(None)?;
        let t = Instant::now();
        let mut encoder = Encoder::load(&paths.encoder_dir)?;
        println!("embed_load_secs {:.3}", t.elapsed().as_secs_f64());
        // The encoder's load sets libtorch's thread count; report what it settled on.
        println!("threads {}", tch::get_num_threads());

        let warm = &sentences[..sentences.len().min(WARM_UP)];
        // fp32 first (the reference pass), then the precision `claimwire` uses by default.
        encoder.embed(warm)?;
        let (median, min, max) = time(&sentences, reps, |s| Ok(encoder.embed(s)?.len()))?;
        println!("embed_fp32_sentences_per_sec {median:.1} min {min:.1} max {max:.1}");
        let kind = inference_kind();
        println!("precision {}", kind_name(kind));
        encoder.set_inference_kind(kind)?;
        encoder.embed(warm)?;
        let (median, min, max) = time(&sentences, reps, |s| Ok(encoder.embed(s)?.len()))?;
        println!("embed_sentences_per_sec {median:.1} min {min:.1} max {max:.1}");
        if let Some(out) = &write_embeddings {
            let rows = encoder.embed(&sentences)?;
            let bytes: Vec<u8> = rows
                .iter()
                .flatten()
                .flat_map(|x| x.to_le_bytes())
                .collect();
            std::fs::write(out, bytes)
                .with_context(|| format!("writing embeddings to {}", out.display()))?;
        }
        drop(encoder);

        if !paths.direction_weights.is_file() {
            println!(
                "classify_skipped no trained direction weights at {} (train them with `claimwire train direction`)",
                paths.direction_weights.display()
            );
            return Ok(());
        }
        let t = Instant::now();
        let classifier = DirectionModel::load(&paths)?;
        println!("classify_load_secs {:.3}", t.elapsed().as_secs_f64());
        classifier.classify(warm)?;
        let (median, min, max) = time(&sentences, reps, |s| Ok(classifier.classify(s)?.len()))?;
        println!("classify_sentences_per_sec {median:.1} min {min:.1} max {max:.1}");
        Ok(())
    }
}

#[cfg(feature = "model")]
fn main() -> anyhow::Result<()> {
    bench::main()
}

#[cfg(not(feature = "model"))]
fn main() {
    eprintln!("bench_model needs the model runtime: build with `--features model`");
    std::process::exit(2);
}
