//! The sample corpus: renders the seed articles (read at run time from a seeds folder, never
//! committed) into realistic publisher pages with our own templates, for the quick start and
//! the tests.
// placeholder until the corpus builder lands
use std::path::{Path, PathBuf};
pub fn default_seeds_dir() -> PathBuf {
    PathBuf::from("../shared/seeds")
}
pub fn build(_: &Path, _: &Path) -> anyhow::Result<Vec<PathBuf>> {
    anyhow::bail!("not yet")
}
