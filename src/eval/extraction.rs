//! Extraction evaluation: predicted main text vs annotated bodies (token-shingle F1).
// placeholder until the page stage's evaluation lands
use std::path::Path;
#[derive(Debug, serde::Serialize)]
pub struct ExtractionReport;
impl std::fmt::Display for ExtractionReport {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}
pub fn evaluate(_: &Path, _: &Path) -> anyhow::Result<ExtractionReport> {
    anyhow::bail!("not yet")
}
