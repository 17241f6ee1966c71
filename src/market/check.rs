//! Price checks: a stored price claim against the market at the claim's time (the article's
//! publication unless the claim names another day). The market price comes from the finest
//! stored bars covering that time; the verdict is `consistent` when the claimed price lies in
//! the traded range widened by a tolerance, `stale` when it matches an earlier bar of the last
//! 30 days instead, `wrong` otherwise, `not_spot` for forecasts, targets and levels, and
//! `no_data` without bars.
//!
//! The tolerance, by bar size and the asset's volatility: half the median relative swing of
//! the 30 bars before (a bar's high-low range, or its move from the previous close, whichever
//! is larger), at least 0.3%, plus the writer's rounding ("$92,000" is exact to ±500).

use serde::Serialize;

use super::bars::{parse_time, show_bar, show_time};
use crate::store::{Bar, ClaimRow, SeriesInfo, Store};

/// How far back a claimed price may match to be called stale rather than wrong.
const STALE_SECONDS: i64 = 30 * 86_400;
/// Bars before the checked time that measure volatility.
const VOLATILITY_BARS: i64 = 30;
/// The smallest tolerance: quote feeds and rounding differ by this much.
const MIN_TOLERANCE: f64 = 0.003;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Consistent,
    Stale,
    Wrong,
    NotSpot,
    NoData,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Stale => "stale",
            Verdict::Wrong => "wrong",
            Verdict::NotSpot => "not_spot",
            Verdict::NoData => "no_data",
        }
    }
}

/// A time or a span of time (a whole day when only the date is known), unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: i64,
    pub end: i64,
}

impl Window {
    /// Reads a stored date: RFC 3339 or `YYYY-MM-DD HH:MM` is a moment, `YYYY-MM-DD` a day.
    pub fn parse(s: &str) -> Option<Window> {
        let s = s.trim();
        let (t, _) = parse_time(s)?;
        let day = s.len() == 10;
        Some(Window {
            start: t,
            end: if day { t + 86_399 } else { t },
        })
    }
}

/// The period a claim names, when resolved: from its first day to the end of its last.
fn claim_period(c: &ClaimRow) -> Option<Window> {
    let t = c.time.as_ref()?;
    let start = Window::parse(t.start.as_deref()?)?;
    let end = t
        .end
        .as_deref()
        .and_then(Window::parse)
        .map_or(start.end, |e| e.end);
    Some(Window {
        start: start.start,
        end: end.max(start.end),
    })
}

/// The market around a time: a price, the traded range and where they come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub asset: String,
    pub quote: String,
    pub price: f64,
    pub low: f64,
    pub high: f64,
    pub bar_seconds: i64,
    /// Open time of the (first) bar the quote comes from.
    pub bar_open: i64,
    /// Median relative swing of the bars before.
    pub volatility: f64,
    /// The imported file(s) the bars came from.
    pub source: String,
}

impl Quote {
    /// "BTC 1h bar 2025-12-12 10:00 UTC (from prices.csv)"
    pub fn describe(&self) -> String {
        format!(
            "{} {} bar {} (from {})",
            self.asset,
            show_bar(self.bar_seconds),
            show_time(self.bar_open),
            self.source
        )
    }
}

/// One claim checked against the market.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceCheck {
    pub claim_id: i64,
    pub verdict: Verdict,
    pub claimed: f64,
    /// What the time is: `publication` or the claim's own (`claim`).
    pub time_from: &'static str,
    pub market: Option<Quote>,
    /// (claimed - market) / market.
    pub gap: Option<f64>,
    pub tolerance: Option<f64>,
    /// For `stale`: the open time of the latest earlier bar the price matches.
    pub matches_bar: Option<i64>,
    pub note: String,
}

impl PriceCheck {
    /// A short cell: "consistent (market 92,480, -0.1%)".
    pub fn summary(&self) -> String {
        match (&self.market, self.gap) {
            (Some(q), Some(g)) => format!(
                "{} (market {}, {:+.1}%)",
                self.verdict.as_str(),
                crate::export::money(q.price),
                g * 100.0
            ),
            _ => self.verdict.as_str().to_string(),
        }
    }
}

/// The stored market data, read on demand.
pub struct Market<'a> {
    store: &'a Store,
    series: Vec<SeriesInfo>,
}

impl<'a> Market<'a> {
    pub fn new(store: &'a Store) -> crate::store::Result<Market<'a>> {
        let mut series = store.price_series()?;
        series.sort_by_key(|s| (s.asset.clone(), s.bar_seconds));
        Ok(Market { store, series })
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Whether there are bars for `asset` (any case).
    pub fn covers(&self, asset: &str) -> bool {
        self.series
            .iter()
            .any(|s| s.asset.eq_ignore_ascii_case(asset))
    }

    /// The market of `asset` over `w`, from the finest series that has bars there.
    pub fn quote(&self, asset: &str, w: Window) -> crate::store::Result<Option<Quote>> {
        for s in self
            .series
            .iter()
            .filter(|s| s.asset.eq_ignore_ascii_case(asset))
        {
            let bars =
                self.store
                    .bars(&s.asset, s.bar_seconds, w.start - s.bar_seconds + 1, w.end)?;
            let Some(first) = bars.first() else { continue };
            let before = self.store.bars(
                &s.asset,
                s.bar_seconds,
                first.open_time - VOLATILITY_BARS * s.bar_seconds,
                first.open_time - 1,
            )?;
            let price = if w.start == w.end {
                let frac =
                    ((w.start - first.open_time) as f64 / s.bar_seconds as f64).clamp(0.0, 1.0);
                first.open + (first.close - first.open) * frac
            } else {
                bars.iter().map(|b| b.close).sum::<f64>() / bars.len() as f64
            };
            return Ok(Some(Quote {
                asset: s.asset.clone(),
                quote: s.quote.clone(),
                price,
                low: bars.iter().map(|b| b.low).fold(f64::INFINITY, f64::min),
                high: bars.iter().map(|b| b.high).fold(0.0, f64::max),
                bar_seconds: s.bar_seconds,
                bar_open: first.open_time,
                volatility: volatility(&before),
                source: s.source.clone(),
            }));
        }
        Ok(None)
    }

    /// Checks a price claim; `None` for claims that are not prices of an asset.
    pub fn check(
        &self,
        c: &ClaimRow,
        published: Option<&str>,
    ) -> crate::store::Result<Option<PriceCheck>> {
        if c.kind != "price" {
            return Ok(None);
        }
        let Some(asset) = c.asset.as_deref() else {
            return Ok(None);
        };
        if !self.covers(asset) {
            return Ok(None);
        }
        let mut check = PriceCheck {
            claim_id: c.id,
            verdict: Verdict::NoData,
            claimed: c.value,
            time_from: "publication",
            market: None,
            gap: None,
            tolerance: None,
            matches_bar: None,
            note: String::new(),
        };
        // No role: a price the extractor could not place; its own period decides if it has one.
        let role = c.role.as_deref().unwrap_or("");
        let future = c.time.as_ref().is_some_and(|t| t.future);
        if future || !matches!(role, "" | "current" | "spot" | "historical") {
            check.verdict = Verdict::NotSpot;
            check.note = if future {
                "a forecast, not a price at the time".into()
            } else {
                format!("a {role} level, not a spot price")
            };
            return Ok(Some(check));
        }
        let published = published.and_then(Window::parse);
        let window = match (claim_period(c), role) {
            // A spot price is the price at publication, unless the claim names another day.
            (Some(p), "current" | "spot") if p.end - p.start < 86_400 => Some(p),
            (_, "current" | "spot") => published,
            (Some(p), _) if published.is_none_or(|w| p.end < w.start) => Some(p),
            (_, "historical") => None,
            (_, _) => published,
        };
        if window.is_some() && window != published {
            check.time_from = "claim";
        }
        let Some(w) = window else {
            check.verdict = if role == "historical" {
                Verdict::NotSpot
            } else {
                Verdict::NoData
            };
            check.note = "no time to check the price at".into();
            return Ok(Some(check));
        };
        let Some(q) = self.quote(asset, w)? else {
            check.note = format!("no {asset} bars at {}", show_time(w.start));
            return Ok(Some(check));
        };
        let tol = tolerance(q.volatility, c.value);
        let fits = |low: f64, high: f64| fits(c.bound.as_str(), c.value, low, high, tol);
        check.gap = Some((c.value - q.price) / q.price);
        check.tolerance = Some(tol);
        check.verdict = if fits(q.low, q.high) {
            Verdict::Consistent
        } else {
            let earlier = self.store.bars(
                &q.asset,
                q.bar_seconds,
                q.bar_open - STALE_SECONDS,
                q.bar_open - 1,
            )?;
            match earlier.iter().rev().find(|b| fits(b.low, b.high)) {
                Some(b) => {
                    check.matches_bar = Some(b.open_time);
                    Verdict::Stale
                }
                None => Verdict::Wrong,
            }
        };
        check.note = match check.verdict {
            Verdict::Consistent => format!(
                "within the traded range {}–{} (tolerance {:.1}%)",
                crate::export::money(q.low),
                crate::export::money(q.high),
                tol * 100.0
            ),
            Verdict::Stale => format!(
                "outside the range at the time; matches the market of {}",
                check.matches_bar.map(show_time).unwrap_or_default()
            ),
            _ => format!(
                "outside the traded range {}–{} and every bar of the 30 days before",
                crate::export::money(q.low),
                crate::export::money(q.high)
            ),
        };
        check.market = Some(q);
        Ok(Some(check))
    }
}

/// Whether a claimed value with its bound fits a traded range widened by `tol`.
fn fits(bound: &str, value: f64, low: f64, high: f64, tol: f64) -> bool {
    let (lo, hi) = (low * (1.0 - tol), high * (1.0 + tol));
    match bound {
        // "above $90,000": the market traded above it at some point of the window.
        "above" | "at_least" => hi >= value,
        "below" | "at_most" => lo <= value,
        _ => lo <= value && value <= hi,
    }
}

/// The tolerance for a claim of `value`: half the volatility, at least [`MIN_TOLERANCE`],
/// plus half the unit the writer rounded to (the lowest non-zero digit of the integer part).
fn tolerance(volatility: f64, value: f64) -> f64 {
    let mut unit = 1.0;
    let mut v = value.round() as i64;
    while v != 0 && v % 10 == 0 && unit < 1e9 {
        v /= 10;
        unit *= 10.0;
    }
    let rounding = if value >= 100.0 && unit > 1.0 {
        unit / 2.0 / value
    } else {
        0.0
    };
    (volatility / 2.0).max(MIN_TOLERANCE) + rounding
}

/// The median relative swing of a run of bars: each bar's high-low range over its close, or
/// its move from the previous close, whichever is larger.
pub fn volatility(bars: &[Bar]) -> f64 {
    let mut swings: Vec<f64> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let range = (b.high - b.low) / b.close;
            let mv = i
                .checked_sub(1)
                .map(|j| (b.close / bars[j].close - 1.0).abs())
                .unwrap_or(0.0);
            range.max(mv)
        })
        .filter(|s| s.is_finite())
        .collect();
    if swings.is_empty() {
        return 0.0;
    }
    swings.sort_by(f64::total_cmp);
    swings[swings.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_counts_rounding_and_volatility() {
        assert!((tolerance(0.0, 92_565.0) - 0.003).abs() < 1e-12);
        // "$92,000" is exact to ±500.
        assert!((tolerance(0.0, 92_000.0) - (0.003 + 500.0 / 92_000.0)).abs() < 1e-12);
        assert!((tolerance(0.04, 92_565.0) - 0.02).abs() < 1e-12);
    }

    #[test]
    fn bounds_fit_their_side() {
        assert!(fits("exact", 100.0, 99.0, 101.0, 0.0));
        assert!(!fits("exact", 103.0, 99.0, 101.0, 0.01));
        assert!(fits("above", 100.5, 99.0, 101.0, 0.0));
        assert!(!fits("above", 105.0, 99.0, 101.0, 0.01));
        assert!(fits("below", 99.5, 99.0, 101.0, 0.0));
        assert!(!fits("below", 90.0, 99.0, 101.0, 0.01));
    }

    #[test]
    fn windows_of_moments_and_days() {
        let d = Window::parse("2025-12-12").unwrap();
        assert_eq!(d.end - d.start, 86_399);
        let m = Window::parse("2025-12-12T10:50:00Z").unwrap();
        assert_eq!(m.start, m.end);
        assert_eq!(Window::parse("2025-12-12 10:50").unwrap().start, m.start);
        assert!(Window::parse("yesterday").is_none());
    }

    #[test]
    fn volatility_is_the_median_swing() {
        let bar = |t, l: f64, h: f64, c: f64| Bar {
            open_time: t,
            open: c,
            high: h,
            low: l,
            close: c,
            volume: None,
        };
        let bars = [
            bar(0, 99.0, 101.0, 100.0),
            bar(1, 100.0, 100.0, 100.0),
            bar(2, 95.0, 105.0, 100.0),
        ];
        assert!((volatility(&bars) - 0.02).abs() < 1e-12);
    }
}
