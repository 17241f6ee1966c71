//! The text form of a [`ClaimsReport`]: scores per kind, errors per class, then every miss
//! and false positive grouped by class and kind.

use super::{ClaimsReport, Listed, Score};
use std::fmt;

fn row(f: &mut fmt::Formatter<'_>, name: &str, s: &Score) -> fmt::Result {
    writeln!(
        f,
        "{:<14} {:>4} {:>4} {:>4} {:>9.3} {:>9.3} {:>9.3}",
        name, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
    )
}

fn figure(l: &Listed) -> String {
    match l.value_high {
        Some(h) => format!("{}–{}", l.value, h),
        None => l.value.to_string(),
    }
}

/// Writes `items` grouped by class, then kind, under `label`.
fn grouped(f: &mut fmt::Formatter<'_>, label: &str, items: &[Listed]) -> fmt::Result {
    let mut sorted: Vec<&Listed> = items.iter().collect();
    sorted.sort_by(|a, b| (&a.class, &a.kind).cmp(&(&b.class, &b.kind)));
    let mut group: Option<(&str, &str)> = None;
    for l in sorted {
        if group != Some((&l.class, &l.kind)) {
            let n = items
                .iter()
                .filter(|x| x.class == l.class && x.kind == l.kind)
                .count();
            writeln!(f, "{label} — class {}, kind {} ({n}):", l.class, l.kind)?;
            group = Some((&l.class, &l.kind));
        }
        let surface = if l.surface.is_empty() {
            String::new()
        } else {
            format!(" [{}]", l.surface)
        };
        writeln!(
            f,
            "  {} {} asset={} source={}{surface}",
            l.doc,
            figure(l),
            l.asset.as_deref().unwrap_or("-"),
            l.source.as_deref().unwrap_or("-")
        )?;
    }
    Ok(())
}

impl fmt::Display for ClaimsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "claims evaluation over {} documents", self.documents)?;
        writeln!(
            f,
            "{:<14} {:>4} {:>4} {:>4} {:>9} {:>9} {:>9}",
            "kind", "tp", "fp", "fn", "precision", "recall", "f1"
        )?;
        for (k, s) in &self.per_kind {
            row(f, k, s)?;
        }
        row(f, "overall", &self.overall)?;
        row(f, "sources", &self.sources)?;
        writeln!(
            f,
            "repeats (not scored): {}; ignored (may): {}",
            self.repeats, self.ignored_may
        )?;
        if !self.by_class.is_empty() {
            writeln!(f, "{:<14} {:>6} {:>6}", "class", "missed", "extra")?;
            for (c, n) in &self.by_class {
                writeln!(f, "{:<14} {:>6} {:>6}", c, n.missed, n.false_positives)?;
            }
        }
        writeln!(
            f,
            "must_not figures extracted: {}",
            self.must_not_hits.len()
        )?;
        for l in &self.must_not_hits {
            writeln!(
                f,
                "  must_not {} {} {} [{}]",
                l.doc, l.kind, l.value, l.surface
            )?;
        }
        grouped(f, "missed", &self.missed)?;
        grouped(f, "extra", &self.false_positives)?;
        for s in &self.sources_missed {
            writeln!(f, "  source missed {s}")?;
        }
        for s in &self.sources_extra {
            writeln!(f, "  source extra  {s}")?;
        }
        Ok(())
    }
}
