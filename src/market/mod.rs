//! Market data, a user of the store: price files imported as bars ([`bars`], [`import`]),
//! price claims checked against the market ([`check`]), and ratings backtested against what
//! prices did next ([`backtest`], [`stats`], [`report`]).

pub mod backtest;
pub mod bars;
pub mod check;
pub mod report;
pub mod stats;

use std::path::Path;

use anyhow::Context;
use serde::Serialize;

pub use bars::{Gap, PriceFormat};
pub use check::{Market, PriceCheck, Quote, Verdict, Window};

use crate::store::{BarImport, ImportCounts, Store, StoryDetail};

/// What one import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub asset: String,
    pub quote: String,
    pub format: PriceFormat,
    pub bar_seconds: i64,
    pub rows: usize,
    pub first_time: i64,
    pub last_time: i64,
    pub counts: ImportCounts,
    /// Rows the file repeated with the same values.
    pub duplicates: usize,
    pub gaps: Vec<Gap>,
    pub naive_times: bool,
}

/// Asset and quote currency from a file name like `btc-usdt-1d.csv` or `ETHUSD_1h.csv`.
pub fn asset_from_name(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?.to_uppercase();
    let mut parts = stem.split(|c: char| !c.is_ascii_alphanumeric());
    let first = parts.next()?;
    for quote in ["USDT", "USDC", "USD", "EUR", "BUSD"] {
        if let Some(base) = first.strip_suffix(quote).filter(|b| b.len() >= 2) {
            return Some((base.to_string(), quote.to_string()));
        }
    }
    // "btc-usdt-1d", "sol_1h": a ticker, then a quote currency or a bar size.
    let second = parts.next()?;
    let ticker = (2..=10).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic());
    let quote = if second.chars().all(|c| c.is_ascii_alphabetic()) {
        second
    } else {
        "USD"
    };
    ticker.then(|| (first.to_string(), quote.to_string()))
}

/// A bar size the file name gives ("btc-usdt-1d.csv", "ETHUSD_15m.csv").
pub fn bar_from_name(path: &Path) -> Option<i64> {
    let stem = path.file_stem()?.to_str()?.to_lowercase();
    stem.split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|t| {
            let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit())?);
            let n: i64 = num.parse().ok().filter(|n| *n > 0)?;
            let unit = match unit {
                "m" | "min" => 60,
                "h" => 3600,
                "d" => 86_400,
                "w" => 7 * 86_400,
                _ => return None,
            };
            Some(n * unit)
        })
}

/// Reads a price file and stores its bars in one transaction.
pub fn import(
    store: &mut Store,
    path: &Path,
    asset: Option<&str>,
    format: PriceFormat,
) -> anyhow::Result<ImportReport> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read price file {shown}"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{shown}: not a text (CSV) file"))?;
    let (asset, quote) = match asset {
        Some(a) => (
            a.trim().to_uppercase(),
            asset_from_name(path)
                .map(|(_, q)| q)
                .unwrap_or_else(|| "USD".into()),
        ),
        None => asset_from_name(path).ok_or_else(|| {
            anyhow::anyhow!("{shown}: cannot tell the asset from the file name; give --asset")
        })?,
    };
    let mut series = bars::parse(&shown, &text, format)?;
    if let Some(named) = bar_from_name(path) {
        if series.bars.len() < 2 || named != series.bar_seconds {
            series.gaps = bars::gaps(&series.bars, named);
            series.bar_seconds = named;
        }
    } else if series.bars.len() < 2 {
        anyhow::bail!(
            "{shown}: one bar does not tell its size; name the file with it (e.g. btc-usd-1h.csv)"
        );
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.clone());
    let counts = store.import_bars(&BarImport {
        asset: &asset,
        quote: &quote,
        bar_seconds: series.bar_seconds,
        bars: &series.bars,
        file: &file,
        format: series.format.as_str(),
    })?;
    Ok(ImportReport {
        file: shown,
        asset,
        quote,
        format: series.format,
        bar_seconds: series.bar_seconds,
        rows: series.bars.len(),
        first_time: series.bars.first().map(|b| b.open_time).unwrap_or_default(),
        last_time: series.bars.last().map(|b| b.open_time).unwrap_or_default(),
        counts,
        duplicates: series.duplicates,
        gaps: series.gaps,
        naive_times: series.naive_times,
    })
}

/// The market lines of a story's card: the market at publication for the story's asset
/// (its quoted price's, else the first tag with market data) and the check of the quoted price.
pub fn card_lines(market: &Market, d: &StoryDetail) -> crate::store::Result<Vec<String>> {
    let Some(r) = &d.rating else {
        return Ok(vec![]);
    };
    let quoted = r.price_at_publication.as_ref();
    let asset = quoted
        .map(|p| p.asset.clone())
        .or_else(|| r.tags.iter().find(|t| market.covers(t)).cloned());
    let (Some(asset), Some(w)) = (asset, d.story.published.as_deref().and_then(Window::parse))
    else {
        return Ok(vec![]);
    };
    let Some(q) = market.quote(&asset, w)? else {
        return Ok(vec![format!("Market at publication: no {asset} bars")]);
    };
    let mut lines = vec![format!(
        "Market at publication: {} {} ({}; range {}–{})",
        q.asset,
        crate::export::money(q.price),
        q.describe(),
        crate::export::money(q.low),
        crate::export::money(q.high)
    )];
    if let Some(i) = quoted.and_then(|p| p.claim) {
        if let Some(c) = d.claims.get(i) {
            if let Some(check) = market.check(c, d.story.published.as_deref())? {
                lines.push(format!(
                    "Quoted price check: {} — {}",
                    check.summary(),
                    check.note
                ));
            }
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_and_quote_from_file_names() {
        let a = |s: &str| asset_from_name(Path::new(s));
        assert_eq!(a("btc-usdt-1d.csv"), Some(("BTC".into(), "USDT".into())));
        assert_eq!(a("ETHUSD_1h.csv"), Some(("ETH".into(), "USD".into())));
        assert_eq!(a("sol_1h.csv"), Some(("SOL".into(), "USD".into())));
        assert_eq!(a("prices.csv"), None);
        assert_eq!(a("2024-btc.csv"), None);
        assert_eq!(bar_from_name(Path::new("btc-usdt-1d.csv")), Some(86_400));
        assert_eq!(bar_from_name(Path::new("ETHUSD_15m.csv")), Some(900));
        assert_eq!(bar_from_name(Path::new("prices-2024.csv")), None);
    }
}
