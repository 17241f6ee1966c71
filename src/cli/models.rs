//! The models a command may use, loaded on first use: the sentence direction classifier and
//! the text embedder (both need the `model` feature; without it, or with `--no-model`, the
//! lexical cues rate direction and the dedup goes without embeddings). Also the commands that
//! are about the classifier: `sentiment`, `eval direction`, `train direction`, `train soup`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use once_cell::sync::OnceCell;

use claimwire::eval::direction::{self as eval_direction, argmax, Split};
use claimwire::rating::{Lexical, SentenceClassifier, LABELS};
use claimwire::store::stories::TextEmbedder;

type Classifier = Arc<dyn SentenceClassifier>;
type Embedder = Arc<dyn TextEmbedder>;

pub struct Models {
    dir: Option<PathBuf>,
    /// Direction weights the user named (else the shipped ones).
    weights: Option<PathBuf>,
    off: bool,
    direction: OnceCell<Option<Classifier>>,
    embedder: OnceCell<Option<Embedder>>,
}

impl Models {
    pub fn new(dir: Option<PathBuf>, weights: Option<PathBuf>, off: bool) -> Self {
        if !cfg!(feature = "model") && (dir.is_some() || weights.is_some()) {
            eprintln!(
                "warning: this build has no model (cargo feature `model`); --model-dir and \
                 --direction-weights are ignored"
            );
        }
        Self {
            dir,
            weights,
            off: off || !cfg!(feature = "model"),
            direction: OnceCell::new(),
            embedder: OnceCell::new(),
        }
    }

    /// The direction classifier, or `None` for the lexical cues.
    pub fn direction(&self) -> anyhow::Result<Option<Classifier>> {
        self.direction
            .get_or_try_init(|| {
                if self.off {
                    return Ok(None);
                }
                self.load_direction()
            })
            .cloned()
    }

    /// The text embedder for the dedup, if any.
    pub fn embedder(&self) -> anyhow::Result<Option<Embedder>> {
        self.embedder
            .get_or_try_init(|| {
                if self.off {
                    return Ok(None);
                }
                self.load_embedder().map(Some)
            })
            .cloned()
    }

    /// The classifier to evaluate or run: the model, else the lexical cues.
    pub fn classifier(&self) -> anyhow::Result<Classifier> {
        Ok(self.direction()?.unwrap_or_else(|| Arc::new(Lexical)))
    }

    fn load_direction(&self) -> anyhow::Result<Option<Classifier>> {
        crate::model_backend::load_direction(self.dir.as_deref(), self.weights.as_deref())
    }

    fn load_embedder(&self) -> anyhow::Result<Embedder> {
        crate::model_backend::load_embedder(self.dir.as_deref())
    }
}

/// An `Arc` embedder as the store's boxed one.
pub struct SharedEmbedder(pub Embedder);

impl TextEmbedder for SharedEmbedder {
    fn embed(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        self.0.embed(texts)
    }
}

/// `claimwire sentiment [FILE|-]`: one text a line in, one JSON record a line out.
pub fn sentiment(models: &Models, input: Option<&str>) -> anyhow::Result<ExitCode> {
    let clf = models.classifier()?;
    let reader: Box<dyn BufRead> = match input {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {path}"))?,
        )),
    };
    let mut out = std::io::stdout().lock();
    let mut lines = Vec::new();
    let flush = |lines: &mut Vec<String>, out: &mut dyn Write| -> anyhow::Result<()> {
        let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
        for (t, p) in texts.iter().zip(clf.classify(&texts)?) {
            let rec = serde_json::json!({
                "text": t,
                "label": LABELS[argmax(&p)].as_str().to_lowercase(),
                "probabilities": {"bearish": p[0], "bullish": p[1], "neutral": p[2]},
                "scorer": clf.name(),
            });
            writeln!(out, "{rec}")?;
        }
        lines.clear();
        Ok(())
    };
    for line in reader.lines() {
        let line = line.context("reading input")?;
        if line.trim().is_empty() {
            continue;
        }
        lines.push(line);
        if lines.len() == 256 {
            flush(&mut lines, &mut out)?;
        }
    }
    flush(&mut lines, &mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// `claimwire eval direction`.
/// `eval focus`: every sentence against the focus, same classifier, on folders of pages.
pub fn eval_focus(models: &Models, pages: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let clf = models.classifier()?;
    let r = claimwire::eval::focus::evaluate(pages, clf.as_ref())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print!("{r}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval_direction(
    models: &Models,
    data: &std::path::Path,
    split: Split,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let rows = eval_direction::read_labelled(data, split)?;
    let clf = models.classifier()?;
    let r = eval_direction::evaluate(&rows, clf.as_ref())?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "scorer {}  sentences {}", r.scorer, r.n)?;
    writeln!(
        out,
        "accuracy {:.4}  macro-F1 {:.4}",
        r.accuracy, r.macro_f1
    )?;
    writeln!(
        out,
        "{:<9} {:>9} {:>9} {:>9}",
        "label", "precision", "recall", "F1"
    )?;
    for (l, p, rc, f) in &r.per_label {
        writeln!(out, "{l:<9} {p:>9.4} {rc:>9.4} {f:>9.4}")?;
    }
    writeln!(
        out,
        "confusion (rows truth, columns predicted: bearish bullish neutral)"
    )?;
    for (l, row) in LABELS.iter().zip(r.confusion) {
        writeln!(
            out,
            "{:<9} {:>7} {:>7} {:>7}",
            l.as_str().to_lowercase(),
            row[0],
            row[1],
            row[2]
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `claimwire train direction`.
pub fn train_direction(
    dir: Option<&std::path::Path>,
    args: &super::TrainArgs,
) -> anyhow::Result<ExitCode> {
    crate::model_backend::train_direction(dir, args)
}

/// `claimwire train soup`.
pub fn train_soup(
    dir: Option<&std::path::Path>,
    inputs: &[std::path::PathBuf],
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    crate::model_backend::train_soup(dir, inputs, out)
}
