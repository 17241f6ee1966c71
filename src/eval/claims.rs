//! Claims evaluation: extracted claims and sources vs a gold file (seeds-gold.json format).
// placeholder until the claims stage's evaluation lands
use std::path::Path;
#[derive(Debug, serde::Serialize)]
pub struct ClaimsReport;
impl std::fmt::Display for ClaimsReport {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}
pub fn evaluate(
    _: &Path,
    _: &Path,
    _read: impl Fn(&Path) -> anyhow::Result<crate::page::Article>,
) -> anyhow::Result<ClaimsReport> {
    anyhow::bail!("not yet")
}
