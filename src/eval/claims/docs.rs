//! Where a gold document's text comes from: a file beside the gold file (`file`, read as
//! `claimwire` reads a source), or a locator into the shared data (`doc`):
//! `scrapinghub:<id>` (the annotated `articleBody` of the ScrapingHub benchmark),
//! `wcxb:<id>` (the annotated `main_content` of a WCXB dev page) or `crypto:<file>` (a
//! gzipped crypto news page, read as HTML). Texts stay in the shared folder; bodies are read
//! once per benchmark file.

use crate::page::{read_html, Article};
use anyhow::{bail, Context as _};
use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The shared data folder: `$CLAIMWIRE_SHARED`, else `../shared` from the current directory,
/// else `../shared` next to the crate.
pub fn default_shared_dir() -> PathBuf {
    if let Some(s) = std::env::var_os("CLAIMWIRE_SHARED") {
        return PathBuf::from(s);
    }
    let here = PathBuf::from("../shared");
    if here.is_dir() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Reads documents named by locator, caching the ScrapingHub ground truth.
pub struct Locator {
    shared: PathBuf,
    scrapinghub: Option<HashMap<String, String>>,
}

impl Locator {
    pub fn new(shared: &Path) -> Locator {
        Locator {
            shared: shared.to_path_buf(),
            scrapinghub: None,
        }
    }

    /// The article a locator names; the error names the locator and what is wrong.
    pub fn read(&mut self, locator: &str) -> anyhow::Result<Article> {
        let Some((kind, id)) = locator.split_once(':') else {
            bail!(
                "document locator {locator:?}: expected <source>:<id> (scrapinghub, wcxb, crypto)"
            );
        };
        if id.is_empty() || id.contains("..") || id.contains('/') {
            bail!("document locator {locator:?}: the id must be a plain name");
        }
        let base = self.shared.join("eval/extraction");
        match kind {
            "scrapinghub" => {
                if self.scrapinghub.is_none() {
                    self.scrapinghub = Some(scrapinghub_bodies(&base.join("scrapinghub"))?);
                }
                let body = self
                    .scrapinghub
                    .as_ref()
                    .and_then(|m| m.get(id))
                    .with_context(|| {
                        format!("document locator {locator:?}: no such id in the ScrapingHub ground truth")
                    })?;
                Ok(text_article(body))
            }
            "wcxb" => {
                let path = base.join("wcxb-dev/truth").join(format!("{id}.json"));
                let raw = std::fs::read_to_string(&path).with_context(|| {
                    format!("document locator {locator:?}: reading {}", path.display())
                })?;
                let v: serde_json::Value = serde_json::from_str(&raw).with_context(|| {
                    format!("document locator {locator:?}: parsing {}", path.display())
                })?;
                let body = v
                    .pointer("/ground_truth/main_content")
                    .and_then(|b| b.as_str())
                    .with_context(|| {
                        format!(
                            "document locator {locator:?}: {} has no ground_truth.main_content",
                            path.display()
                        )
                    })?;
                Ok(text_article(body))
            }
            "crypto" => {
                let path = base.join("crypto").join(id);
                let f = std::fs::File::open(&path).with_context(|| {
                    format!("document locator {locator:?}: opening {}", path.display())
                })?;
                let mut html = String::new();
                flate2::read::GzDecoder::new(f)
                    .read_to_string(&mut html)
                    .with_context(|| {
                        format!(
                            "document locator {locator:?}: gunzipping {}",
                            path.display()
                        )
                    })?;
                Ok(read_html(&html, None))
            }
            other => bail!(
                "document locator {locator:?}: unknown source {other:?} (scrapinghub, wcxb, crypto)"
            ),
        }
    }
}

/// An annotated body as an article: its text, no title (the annotations hold none).
fn text_article(body: &str) -> Article {
    Article {
        text: body.to_string(),
        ..Article::default()
    }
}

fn scrapinghub_bodies(dir: &Path) -> anyhow::Result<HashMap<String, String>> {
    let path = dir.join("ground-truth.json");
    let raw =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let v: HashMap<String, serde_json::Value> =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
    Ok(v.into_iter()
        .filter_map(|(k, d)| {
            d.get("articleBody")
                .and_then(|b| b.as_str())
                .map(|b| (k, b.to_string()))
        })
        .collect())
}
