//! The sample corpus: renders the seed articles (read at run time from a seeds folder, never
//! committed) into realistic publisher pages with our own templates, for the quick start and
//! the tests. Seed text is split at build time by marker phrases and line structure; the
//! HTML skeletons, navigation labels and class names are ours.

mod coindesk;
mod markup;
mod seeds;
mod simple;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The seeds folder: `$CLAIMWIRE_SHARED/seeds`, else `../shared/seeds` from the current
/// directory, else `../shared/seeds` next to the crate.
pub fn default_seeds_dir() -> PathBuf {
    if let Some(s) = std::env::var_os("CLAIMWIRE_SHARED") {
        return PathBuf::from(s).join("seeds");
    }
    let here = PathBuf::from("../shared/seeds");
    if here.is_dir() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

/// `corpus/urls.txt`, the list `demo` ingests (built in, for a demo run in an empty folder).
pub const URL_LIST: &str = include_str!("../../corpus/urls.txt");

/// Writes [`URL_LIST`] to `path` unless a list is there.
pub fn ensure_url_list(path: &Path) -> anyhow::Result<()> {
    if path.is_file() {
        return Ok(());
    }
    std::fs::write(path, URL_LIST).with_context(|| format!("writing {}", path.display()))
}

/// How each seed is rendered, by its number.
const LAYOUT: &[(&str, &str)] = &[
    ("000", "skn"),
    ("001", "wordupnews"),
    ("002", "coindesk"),
    ("003", "blog"),
];

fn seed_file(seeds_dir: &Path, number: &str) -> anyhow::Result<PathBuf> {
    let mut found = None;
    for e in
        std::fs::read_dir(seeds_dir).with_context(|| format!("reading {}", seeds_dir.display()))?
    {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(number) && name.ends_with(".txt") {
            found = Some(p);
            break;
        }
    }
    found.with_context(|| format!("no seed {number}_*.txt in {}", seeds_dir.display()))
}

/// Renders the four seeds into `out_dir` (`000-skn.html` ...) and copies the originals
/// (`000.txt` ...). Returns the written paths, pages first.
pub fn build(seeds_dir: &Path, out_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let mut pages = Vec::new();
    let mut texts = Vec::new();
    for (number, layout) in LAYOUT {
        let src = seed_file(seeds_dir, number)?;
        let text =
            std::fs::read_to_string(&src).with_context(|| format!("reading {}", src.display()))?;
        let html = match *layout {
            "skn" => simple::aggregator(&text),
            "wordupnews" => simple::repost(&text),
            "coindesk" => coindesk::original(&text),
            _ => Some(simple::blog(&text)),
        };
        let Some(html) = html else {
            bail!(
                "seed {} does not have the structure the {layout} template expects",
                src.display()
            );
        };
        let page = out_dir.join(format!("{number}-{layout}.html"));
        std::fs::write(&page, html).with_context(|| format!("writing {}", page.display()))?;
        pages.push(page);
        let copy = out_dir.join(format!("{number}.txt"));
        std::fs::write(&copy, &text).with_context(|| format!("writing {}", copy.display()))?;
        texts.push(copy);
    }
    pages.extend(texts);
    Ok(pages)
}
