//! `eval focus`: what reading only an article's focus (headline, lede, sentences with a claim
//! or a directional cue; `rating::focus`) instead of every sentence changes in the direction
//! the classifier gives. Over the article pages of one or more folders of `*.html[.gz]`, each
//! rated twice with the same classifier: how often the two directions agree, how far the net
//! scores move, and how many sentences each reads. Halves by file name as in the WCXB
//! evaluation (a quarter held out), reported apart.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use crate::page::read_html;
use crate::rating::focus::{select, Selection};
use crate::rating::{rate_reading, sentences, SentenceClassifier};

/// One half of the pages.
#[derive(Debug, Default, Serialize)]
pub struct FocusHalf {
    pub articles: usize,
    /// Articles whose direction is the same either way.
    pub agree: usize,
    /// Mean |score(all) - score(focus)|, on the [-1, 1] net score.
    pub mean_score_shift: f64,
    /// Sentences the classifier reads per article, every sentence / the focus.
    pub sentences_all: f64,
    pub sentences_focus: f64,
    /// Up to 10 articles whose direction changed: file, all, focus.
    pub changed: Vec<(String, String, String)>,
}

impl FocusHalf {
    pub fn agreement(&self) -> f64 {
        self.agree as f64 / self.articles.max(1) as f64
    }
}

#[derive(Debug, Default, Serialize)]
pub struct FocusReport {
    pub classifier: String,
    pub tune: FocusHalf,
    pub heldout: FocusHalf,
}

/// The `*.html` and `*.html.gz` files of `dirs`, sorted.
fn pages(dirs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for d in dirs {
        for e in std::fs::read_dir(d).with_context(|| format!("reading folder {}", d.display()))? {
            let p = e?.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| n.ends_with(".html") || n.ends_with(".html.gz")) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn page_id(p: &Path) -> (PathBuf, String) {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = name
        .trim_end_matches(".gz")
        .trim_end_matches(".html")
        .to_string();
    (p.parent().map(Path::to_path_buf).unwrap_or_default(), id)
}

/// Rates every article page of `dirs` reading all sentences and reading the focus.
pub fn evaluate(dirs: &[PathBuf], clf: &dyn SentenceClassifier) -> anyhow::Result<FocusReport> {
    let mut report = FocusReport {
        classifier: clf.name().to_string(),
        ..FocusReport::default()
    };
    let mut shift = [0.0, 0.0];
    for path in pages(dirs)? {
        let (dir, id) = page_id(&path);
        let html = super::extraction::read_page(&dir, &id)?;
        let article = read_html(&html, None);
        if crate::check_article(&article).is_err() || !article.kind.is_article() {
            continue;
        }
        let x = crate::claims::extract(&article);
        let all = rate_reading(&article, &x, Some(clf), Selection::All);
        let focus = rate_reading(&article, &x, Some(clf), Selection::Focus);
        let sents = sentences(article.title.as_deref(), &article.text);
        let starts: Vec<usize> = x.claims.iter().map(|c| c.start).collect();
        let read_focus = select(&sents, &starts, Selection::Focus).len();
        let read_all = sents.len().min(crate::rating::MAX_CLASSIFIED_SENTENCES);
        let held = super::wcxb::held_out(&id);
        let half = if held {
            &mut report.heldout
        } else {
            &mut report.tune
        };
        half.articles += 1;
        half.sentences_all += read_all as f64;
        half.sentences_focus += read_focus as f64;
        shift[usize::from(held)] += (all.direction_score - focus.direction_score).abs();
        if all.direction.value == focus.direction.value {
            half.agree += 1;
        } else if half.changed.len() < 10 {
            half.changed.push((
                path.display().to_string(),
                all.direction.value.as_str().to_string(),
                focus.direction.value.as_str().to_string(),
            ));
        }
    }
    for (half, s) in [
        (&mut report.tune, shift[0]),
        (&mut report.heldout, shift[1]),
    ] {
        let n = half.articles.max(1) as f64;
        half.mean_score_shift = s / n;
        half.sentences_all /= n;
        half.sentences_focus /= n;
    }
    Ok(report)
}

impl std::fmt::Display for FocusReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "classifier {}", self.classifier)?;
        for (name, h) in [("tune", &self.tune), ("held-out", &self.heldout)] {
            writeln!(
                f,
                "{name}: {} articles, direction agrees {:.3} ({} of {}), mean score shift {:.3}, \
                 sentences read {:.1} (all) vs {:.1} (focus)",
                h.articles,
                h.agreement(),
                h.agree,
                h.articles,
                h.mean_score_shift,
                h.sentences_all,
                h.sentences_focus
            )?;
            for (file, all, focus) in &h.changed {
                writeln!(f, "  changed {file}: {all} -> {focus}")?;
            }
        }
        Ok(())
    }
}
