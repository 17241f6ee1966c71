//! The backtest: what the asset did after each rated story. For every story, the realised
//! return from publication to each horizon (close of the last bar finished by publication to
//! close of the last bar finished by publication + horizon: no look-ahead; a story dated by
//! day only counts from the end of that day), then per group and horizon the hit rate of the
//! direction (bullish vs up, bearish vs down; neutral left out and counted) and the Spearman
//! correlation of signed impact (direction score times impact: low 1/3, medium 2/3, high 1)
//! with the return, each with a 95% bootstrap interval (resampling whole publication days:
//! stories of one day share the market's move), beside three baselines on the same
//! stories: always bullish, the sign of the previous day's return, and a seeded coin.
//! Stories of one event overlap: by default only the first published story of each event
//! counts.

use std::collections::{BTreeMap, HashSet};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use super::check::Window;
use super::stats::{bootstrap_clustered, hit_rate, spearman, Estimate};
use crate::store::{RatedStory, SeriesInfo, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    Publisher,
    Scorer,
    Tag,
}

#[derive(Debug, Clone)]
pub struct BacktestOptions {
    pub asset: String,
    /// Horizons in seconds.
    pub horizons: Vec<i64>,
    pub by: Option<GroupBy>,
    /// Every story, not only those whose claims, price or tags name the asset.
    pub all_stories: bool,
    /// Every story, not only the first of each event.
    pub overlapping: bool,
    pub seed: u64,
    pub resamples: usize,
}

/// One story's return at one horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub story_id: i64,
    pub groups: Vec<String>,
    pub published: i64,
    pub direction: String,
    pub signed_impact: f64,
    pub horizon: i64,
    pub price_at_publication: f64,
    pub ret: f64,
    /// The asset's return over the day before publication.
    pub prev_ret: Option<f64>,
}

/// One line of the table: a rule's figures on a group's stories at a horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub group: String,
    pub horizon: i64,
    pub rule: &'static str,
    /// Stories with a return at this horizon.
    pub stories: usize,
    /// The publication days they fall on (the clusters the intervals resample).
    pub days: usize,
    /// Of them, those the rule calls neither up nor down (left out of the hit rate).
    pub neutral: usize,
    pub hit_rate: Option<Estimate>,
    pub spearman: Option<Estimate>,
}

/// Why stories took no part.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Skipped {
    pub undated: usize,
    pub other_asset: usize,
    pub same_event: usize,
    /// (horizon, stories) without prices at publication or at the horizon.
    pub no_price: Vec<(i64, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub asset: String,
    pub stories: usize,
    pub rows: Vec<Row>,
    pub observations: Vec<Observation>,
    pub skipped: Skipped,
}

/// Runs the backtest over the store's rated stories and bars.
pub fn run(store: &Store, o: &BacktestOptions) -> anyhow::Result<Backtest> {
    let series: Vec<SeriesInfo> = store
        .price_series()?
        .into_iter()
        .filter(|s| s.asset.eq_ignore_ascii_case(&o.asset))
        .collect();
    if series.is_empty() {
        anyhow::bail!(
            "no {} prices in the store: import them first (claimwire prices import FILE --asset {})",
            o.asset,
            o.asset
        );
    }
    let mut skipped = Skipped::default();
    let mut stories: Vec<(i64, &RatedStory)> = Vec::new();
    let all = store.rated_stories()?;
    for s in &all {
        let Some(w) = s.published.as_deref().and_then(Window::parse) else {
            skipped.undated += 1;
            continue;
        };
        if !o.all_stories && !names_asset(s, &o.asset) {
            skipped.other_asset += 1;
            continue;
        }
        stories.push((w.end, s));
    }
    stories.sort_by_key(|(t, s)| (*t, s.story_id));
    if !o.overlapping {
        let mut seen = HashSet::new();
        let before = stories.len();
        stories.retain(|(_, s)| s.event_id.is_none_or(|e| seen.insert(e)));
        skipped.same_event = before - stories.len();
    }
    let mut observations = Vec::new();
    for &h in &o.horizons {
        let mut missing = 0;
        for &(t, s) in &stories {
            match returns(store, &series, t, h)? {
                Some((p0, ret, prev_ret)) => observations.push(Observation {
                    story_id: s.story_id,
                    groups: groups(s, o.by),
                    published: t,
                    direction: s.direction.to_lowercase(),
                    signed_impact: s.direction_score * impact_weight(&s.impact.to_lowercase()),
                    horizon: h,
                    price_at_publication: p0,
                    ret,
                    prev_ret,
                }),
                None => missing += 1,
            }
        }
        skipped.no_price.push((h, missing));
    }
    let mut by_group: BTreeMap<(String, i64), Vec<&Observation>> = BTreeMap::new();
    for ob in &observations {
        for g in &ob.groups {
            by_group
                .entry((g.clone(), ob.horizon))
                .or_default()
                .push(ob);
        }
    }
    let mut rows = Vec::new();
    let order = |g: &str| (g != "all", g.to_string());
    let mut keys: Vec<(String, i64)> = by_group.keys().cloned().collect();
    keys.sort_by_key(|(g, h)| (order(g), o.horizons.iter().position(|x| x == h)));
    for key in keys {
        let obs = &by_group[&key];
        rows.extend(rules(&key.0, key.1, obs, o));
    }
    Ok(Backtest {
        asset: o.asset.clone(),
        stories: stories.len(),
        rows,
        observations,
        skipped,
    })
}

fn names_asset(s: &RatedStory, asset: &str) -> bool {
    s.price_asset
        .iter()
        .chain(&s.assets)
        .chain(&s.tags)
        .any(|a| a.eq_ignore_ascii_case(asset))
}

fn groups(s: &RatedStory, by: Option<GroupBy>) -> Vec<String> {
    let mut g = vec!["all".to_string()];
    match by {
        None => {}
        Some(GroupBy::Publisher) => g.push(format!(
            "publisher: {}",
            s.publisher.as_deref().unwrap_or("unknown")
        )),
        Some(GroupBy::Scorer) => g.push(format!("scorer: {}", s.scorer)),
        Some(GroupBy::Tag) => g.extend(s.tags.iter().map(|t| format!("tag: #{t}"))),
    }
    g
}

fn impact_weight(impact: &str) -> f64 {
    match impact {
        "high" => 1.0,
        "medium" => 2.0 / 3.0,
        _ => 1.0 / 3.0,
    }
}

/// The close of the last bar finished by `t`, from the finest series whose bars are no
/// longer than `max_bar` and that has one finished within two bars of `t`.
fn close_at(
    store: &Store,
    series: &[SeriesInfo],
    t: i64,
    max_bar: i64,
) -> crate::store::Result<Option<f64>> {
    for s in series.iter().filter(|s| s.bar_seconds <= max_bar) {
        let b = s.bar_seconds;
        let bars = store.bars(&s.asset, b, t - 3 * b, t - b)?;
        if let Some(last) = bars.last() {
            return Ok(Some(last.close));
        }
    }
    Ok(None)
}

/// Price at publication, return to the horizon, and the previous day's return.
fn returns(
    store: &Store,
    series: &[SeriesInfo],
    t: i64,
    h: i64,
) -> crate::store::Result<Option<(f64, f64, Option<f64>)>> {
    let (Some(p0), Some(p1)) = (
        close_at(store, series, t, h)?,
        close_at(store, series, t + h, h)?,
    ) else {
        return Ok(None);
    };
    let prev = close_at(store, series, t - 86_400, 86_400)?;
    let p_now = close_at(store, series, t, 86_400)?;
    let prev_ret = match (prev, p_now) {
        (Some(a), Some(b)) if a > 0.0 => Some(b / a - 1.0),
        _ => None,
    };
    Ok(Some((p0, p1 / p0 - 1.0, prev_ret)))
}

/// The claimwire rule and the three baselines on one group's observations.
fn rules(group: &str, horizon: i64, obs: &[&Observation], o: &BacktestOptions) -> Vec<Row> {
    // Stories of one publication day share the market's move: resample whole days.
    let boot_hits = |hits: &[bool], days: &[usize], salt: u64| {
        bootstrap_clustered(hits, days, hit_rate, o.resamples, o.seed ^ salt)
    };
    let boot_corr = |pairs: &[(f64, f64)], days: &[usize], salt: u64| {
        bootstrap_clustered(
            pairs,
            days,
            |p: &[(f64, f64)]| {
                let (x, y): (Vec<f64>, Vec<f64>) = p.iter().copied().unzip();
                spearman(&x, &y)
            },
            o.resamples,
            o.seed ^ salt,
        )
    };
    let day = |b: &Observation| b.published.div_euclid(86_400) as usize;
    let sign = |d: &str| match d {
        "bullish" => 1.0,
        "bearish" => -1.0,
        _ => 0.0,
    };
    let directional: Vec<&&Observation> =
        obs.iter().filter(|b| sign(&b.direction) != 0.0).collect();
    let hits: Vec<bool> = directional
        .iter()
        .map(|b| sign(&b.direction) * b.ret > 0.0)
        .collect();
    let impact: Vec<(f64, f64)> = obs.iter().map(|b| (b.signed_impact, b.ret)).collect();
    let bullish: Vec<bool> = directional.iter().map(|b| b.ret > 0.0).collect();
    let momentum: Vec<&&Observation> = obs
        .iter()
        .filter(|b| b.prev_ret.is_some_and(|p| p != 0.0))
        .collect();
    let momentum_hits: Vec<bool> = momentum
        .iter()
        .map(|b| b.prev_ret.unwrap_or(0.0) * b.ret > 0.0)
        .collect();
    let momentum_corr: Vec<(f64, f64)> = momentum
        .iter()
        .map(|b| (b.prev_ret.unwrap_or(0.0), b.ret))
        .collect();
    let mut rng = StdRng::seed_from_u64(o.seed);
    let coin: Vec<(f64, f64)> = obs
        .iter()
        .map(|b| (rng.gen::<f64>() * 2.0 - 1.0, b.ret))
        .collect();
    let coin_hits: Vec<bool> = coin.iter().map(|(c, r)| c * r > 0.0).collect();
    let all_days: Vec<usize> = obs.iter().map(|b| day(b)).collect();
    let directional_days: Vec<usize> = directional.iter().map(|b| day(b)).collect();
    let momentum_days: Vec<usize> = momentum.iter().map(|b| day(b)).collect();
    let row = |rule, neutral, hit_rate, spearman| Row {
        group: group.to_string(),
        horizon,
        rule,
        stories: obs.len(),
        days: all_days.iter().collect::<HashSet<_>>().len(),
        neutral,
        hit_rate,
        spearman,
    };
    vec![
        row(
            "claimwire",
            obs.len() - directional.len(),
            boot_hits(&hits, &directional_days, 1),
            boot_corr(&impact, &all_days, 2),
        ),
        row(
            "always_bullish",
            obs.len() - directional.len(),
            boot_hits(&bullish, &directional_days, 3),
            None,
        ),
        row(
            "previous_day",
            obs.len() - momentum.len(),
            boot_hits(&momentum_hits, &momentum_days, 4),
            boot_corr(&momentum_corr, &momentum_days, 5),
        ),
        row(
            "random",
            0,
            boot_hits(&coin_hits, &all_days, 6),
            boot_corr(&coin, &all_days, 7),
        ),
    ]
}

/// Reads horizons like `1h,1d,7d` (also `m`, `w`) into seconds.
pub fn parse_horizons(s: &str) -> anyhow::Result<Vec<i64>> {
    s.split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| {
            let (num, unit) = h.split_at(h.find(|c: char| !c.is_ascii_digit()).unwrap_or(h.len()));
            let n: i64 = num.parse().map_err(|_| {
                anyhow::anyhow!("horizon {h:?}: expected a number and m, h, d or w")
            })?;
            let unit = match unit {
                "m" => 60,
                "h" => 3600,
                "d" => 86_400,
                "w" => 7 * 86_400,
                _ => anyhow::bail!("horizon {h:?}: expected a number and m, h, d or w"),
            };
            if n <= 0 {
                anyhow::bail!("horizon {h:?} must be positive");
            }
            Ok(n * unit)
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .and_then(|v| {
            if v.is_empty() {
                anyhow::bail!("no horizons in {s:?}")
            }
            Ok(v)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizons_parse_and_reject() {
        assert_eq!(
            parse_horizons("1h,1d,7d").unwrap(),
            vec![3600, 86_400, 604_800]
        );
        assert_eq!(parse_horizons("30m, 2w").unwrap(), vec![1800, 1_209_600]);
        assert!(parse_horizons("1y").is_err());
        assert!(parse_horizons("").is_err());
        assert!(parse_horizons("0d").is_err());
    }
}
