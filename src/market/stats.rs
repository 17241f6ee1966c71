//! The statistics of a backtest: hit rate, Spearman rank correlation, and percentile
//! bootstrap intervals over stories (resampled with a seeded generator, so a run repeats).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

/// A figure with its 95% bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// The share of `hits` that are true; `None` for none.
pub fn hit_rate(hits: &[bool]) -> Option<f64> {
    (!hits.is_empty()).then(|| hits.iter().filter(|h| **h).count() as f64 / hits.len() as f64)
}

/// Ranks with ties sharing their mean rank (1-based).
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = mean;
        }
        i = j + 1;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    if x.len() < 3 {
        return None;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rank correlation; `None` under 3 pairs or when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// A statistic of resampled items with its 95% percentile interval over `resamples` draws
/// (with replacement, as many as there are items). Draws where the statistic is undefined
/// are left out.
pub fn bootstrap<T: Copy>(
    items: &[T],
    stat: impl Fn(&[T]) -> Option<f64>,
    resamples: usize,
    seed: u64,
) -> Option<Estimate> {
    let each: Vec<usize> = (0..items.len()).collect();
    bootstrap_clustered(items, &each, stat, resamples, seed)
}

/// The same, resampling whole clusters (`cluster[i]` is item i's): items of one cluster
/// (stories published on one day, which share the market's move) are not independent, and
/// drawing them together gives honest, wider intervals.
pub fn bootstrap_clustered<T: Copy>(
    items: &[T],
    cluster: &[usize],
    stat: impl Fn(&[T]) -> Option<f64>,
    resamples: usize,
    seed: u64,
) -> Option<Estimate> {
    let value = stat(items)?;
    let mut groups: std::collections::BTreeMap<usize, Vec<T>> = Default::default();
    for (item, c) in items.iter().zip(cluster) {
        groups.entry(*c).or_default().push(*item);
    }
    let groups: Vec<Vec<T>> = groups.into_values().collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut draws = Vec::with_capacity(resamples);
    let mut sample = Vec::with_capacity(items.len());
    for _ in 0..resamples {
        sample.clear();
        for _ in 0..groups.len() {
            sample.extend_from_slice(&groups[rng.gen_range(0..groups.len())]);
        }
        if let Some(s) = stat(&sample) {
            draws.push(s);
        }
    }
    if draws.is_empty() {
        return Some(Estimate {
            value,
            low: value,
            high: value,
        });
    }
    draws.sort_by(f64::total_cmp);
    let at = |q: f64| draws[((draws.len() - 1) as f64 * q).round() as usize];
    Some(Estimate {
        value,
        low: at(0.025),
        high: at(0.975),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_monotone_and_reversed() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [10.0, 20.0, 25.0, 90.0, 100.0];
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let r: Vec<f64> = y.iter().rev().copied().collect();
        assert!((spearman(&x, &r).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[1.0; 5]), None);
        // Ties share their rank: 1, 2.5, 2.5, 4.
        assert_eq!(ranks(&[1.0, 5.0, 5.0, 7.0]), vec![1.0, 2.5, 2.5, 4.0]);
    }

    #[test]
    fn hit_rate_counts_trues() {
        assert_eq!(hit_rate(&[true, false, true, true]), Some(0.75));
        assert_eq!(hit_rate(&[]), None);
    }

    #[test]
    fn bootstrap_interval_covers_the_mean() {
        // 60 hits of 100: the interval holds 0.6, is about ±0.1 wide, and repeats by seed.
        let hits: Vec<bool> = (0..100).map(|i| i % 5 < 3).collect();
        let e = bootstrap(&hits, hit_rate, 1000, 7).unwrap();
        assert_eq!(e.value, 0.6);
        assert!(e.low < 0.6 && e.high > 0.6, "{e:?}");
        assert!(e.low > 0.45 && e.high < 0.75, "{e:?}");
        assert_eq!(bootstrap(&hits, hit_rate, 1000, 7), Some(e));
    }

    #[test]
    fn clusters_widen_the_interval() {
        // 10 days of 10 stories each, every story of a day hit or miss together.
        let hits: Vec<bool> = (0..100).map(|i| (i / 10) % 5 < 3).collect();
        let days: Vec<usize> = (0..100).map(|i| i / 10).collect();
        let plain = bootstrap(&hits, hit_rate, 1000, 3).unwrap();
        let clustered = bootstrap_clustered(&hits, &days, hit_rate, 1000, 3).unwrap();
        assert_eq!(clustered.value, 0.6);
        assert!(
            clustered.high - clustered.low > 2.0 * (plain.high - plain.low),
            "{plain:?} {clustered:?}"
        );
    }

    #[test]
    fn bootstrap_coverage_is_near_95_percent() {
        // Samples of 80 from a coin with p = 0.7: the interval holds 0.7 in about 95% of runs.
        let mut rng = StdRng::seed_from_u64(1);
        let runs = 200;
        let mut covered = 0;
        for seed in 0..runs {
            let hits: Vec<bool> = (0..80).map(|_| rng.gen::<f64>() < 0.7).collect();
            let e = bootstrap(&hits, hit_rate, 400, seed).unwrap();
            covered += usize::from(e.low <= 0.7 && 0.7 <= e.high);
        }
        let share = covered as f64 / runs as f64;
        assert!((0.88..=0.99).contains(&share), "coverage {share}");
    }
}
