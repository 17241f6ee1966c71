//! Inline SVG charts, built as markup through maud (so every label is escaped like the rest
//! of the page): an asset's price claims over time above their stories' direction scores, and
//! a story's copies on a time line. Colours are SVG attributes, not inline styles, so the
//! pages' content security policy holds.
//!
//! Why no chart crate: plotters (the well-kept one) lays out text through a font backend
//! (system fonts via `ttf`, or `ab_glyph` with a font file we would ship) even when it draws to
//! SVG, and its SVG text is not escaped by our template engine. Two small charts with a few
//! dozen points are less code as markup than as that set-up.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use maud::{html, Markup};

use crate::store::{PricePoint, StoryMember};

const WIDTH: f64 = 720.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 20.0;

/// A stored publication time as a UTC time: RFC 3339, a plain date-time, or a date.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
}

/// Maps times onto the x axis; a single moment sits in the middle.
struct TimeAxis {
    min: i64,
    max: i64,
}

impl TimeAxis {
    fn new(times: impl Iterator<Item = i64>) -> Option<TimeAxis> {
        let (mut min, mut max) = (i64::MAX, i64::MIN);
        for t in times {
            min = min.min(t);
            max = max.max(t);
        }
        (min <= max).then_some(TimeAxis { min, max })
    }
    fn x(&self, t: i64) -> f64 {
        let span = (WIDTH - LEFT - RIGHT) * 0.9;
        if self.max == self.min {
            return LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
        }
        LEFT + (WIDTH - LEFT - RIGHT) * 0.05
            + span * (t - self.min) as f64 / (self.max - self.min) as f64
    }
    fn label(t: i64) -> String {
        DateTime::<Utc>::from_timestamp(t, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }
}

fn direction_colour(d: Option<&str>) -> &'static str {
    match d.map(str::to_ascii_lowercase).as_deref() {
        Some("bullish") => "#1a7f37",
        Some("bearish") => "#cf222e",
        _ => "#6e7781",
    }
}

fn fmt_value(v: f64) -> String {
    crate::export::money(v)
}

/// Price claims over time (top) beside the direction score of each claim's story (bottom).
pub fn price_chart(asset: &str, points: &[PricePoint]) -> Markup {
    let timed: Vec<(i64, &PricePoint)> = points
        .iter()
        .filter_map(|p| Some((parse_time(p.published.as_deref()?)?.timestamp(), p)))
        .collect();
    let Some(axis) = TimeAxis::new(timed.iter().map(|(t, _)| *t)) else {
        return html! { p.empty { "No dated price claims for " (asset) "." } };
    };
    let (lo, hi) = timed.iter().fold((f64::MAX, f64::MIN), |(lo, hi), (_, p)| {
        (lo.min(p.value), hi.max(p.value))
    });
    let (lo, hi) = if hi > lo {
        let pad = (hi - lo) * 0.08;
        (lo - pad, hi + pad)
    } else {
        (lo * 0.95, hi * 1.05 + 1.0)
    };
    let (top, price_h) = (20.0, 220.0);
    let y = |v: f64| top + price_h * (1.0 - (v - lo) / (hi - lo));
    let (dir_top, dir_h) = (top + price_h + 50.0, 100.0);
    let dir_mid = dir_top + dir_h / 2.0;
    let height = dir_top + dir_h + 40.0;
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(height)
            viewBox={ "0 0 " (WIDTH) " " (height) } role="img"
            aria-label={ "Price claims for " (asset) " over time, and direction ratings" } {
            title { "Price claims for " (asset) " over time, and their stories' direction" }
            rect x=(LEFT) y=(top) width=(WIDTH - LEFT - RIGHT) height=(price_h)
                fill="none" stroke="#d0d7de" {}
            @for v in [lo, (lo + hi) / 2.0, hi] {
                text x=(LEFT - 6.0) y=(y(v) + 4.0) text-anchor="end" font-size="11" { (fmt_value(v)) }
            }
            text x=(LEFT) y=(top - 6.0) font-size="12" { (asset) " price claims" }
            @for (t, p) in &timed {
                circle.price cx=(axis.x(*t)) cy=(y(p.value)) r="5"
                    fill=(direction_colour(p.direction.as_deref())) {
                    title {
                        (fmt_value(p.value)) " — " (p.title.as_deref().unwrap_or("(untitled)"))
                        " (" (p.direction.as_deref().unwrap_or("not rated")) ")"
                    }
                }
            }
            rect x=(LEFT) y=(dir_top) width=(WIDTH - LEFT - RIGHT) height=(dir_h)
                fill="none" stroke="#d0d7de" {}
            line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(dir_mid) y2=(dir_mid) stroke="#d0d7de" {}
            text x=(LEFT) y=(dir_top - 6.0) font-size="12" { "direction score of the story (−1 bearish … +1 bullish)" }
            text x=(LEFT - 6.0) y=(dir_top + 10.0) text-anchor="end" font-size="11" { "+1" }
            text x=(LEFT - 6.0) y=(dir_top + dir_h) text-anchor="end" font-size="11" { "−1" }
            @for (t, p) in &timed {
                @if let Some(s) = p.direction_score {
                    @let h = (s.clamp(-1.0, 1.0) * dir_h / 2.0).abs();
                    rect.direction x=(axis.x(*t) - 4.0) width="8" height=(h.max(1.0))
                        y=(if s >= 0.0 { dir_mid - h } else { dir_mid })
                        fill=(direction_colour(p.direction.as_deref())) {}
                }
            }
            text x=(LEFT) y=(height - 12.0) font-size="11" { (TimeAxis::label(axis.min)) }
            text x=(WIDTH - RIGHT) y=(height - 12.0) text-anchor="end" font-size="11" { (TimeAxis::label(axis.max)) }
        }
    }
}

/// A story's copies on a time line, the original marked; undated copies listed beside it.
pub fn copies_timeline(members: &[StoryMember]) -> Markup {
    let timed: Vec<(i64, &StoryMember)> = members
        .iter()
        .filter_map(|m| Some((parse_time(m.published.as_deref()?)?.timestamp(), m)))
        .collect();
    let undated: Vec<&StoryMember> = members
        .iter()
        .filter(|m| m.published.as_deref().and_then(parse_time).is_none())
        .collect();
    let axis = TimeAxis::new(timed.iter().map(|(t, _)| *t));
    let row = 34.0;
    let height = 50.0 + row * timed.len() as f64;
    html! {
        @if let Some(axis) = axis {
            svg.chart.timeline xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(height)
                viewBox={ "0 0 " (WIDTH) " " (height) } role="img" aria-label="The story's copies on a time line" {
                title { "The story's copies on a time line" }
                line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(height - 30.0) y2=(height - 30.0) stroke="#8c959f" {}
                @for (i, (t, m)) in timed.iter().enumerate() {
                    @let cy = 20.0 + row * i as f64;
                    @let cx = axis.x(*t);
                    line x1=(cx) x2=(cx) y1=(cy) y2=(height - 30.0) stroke="#d0d7de" stroke-dasharray="3 3" {}
                    circle.copy cx=(cx) cy=(cy) r=(if m.is_original { 7 } else { 5 })
                        fill=(if m.is_original { "#0969da" } else { "#8250df" }) {
                        title { (m.publisher.as_deref().unwrap_or("unknown publisher")) " — " (TimeAxis::label(*t)) }
                    }
                    text x=(if cx > WIDTH / 2.0 { cx - 12.0 } else { cx + 12.0 }) y=(cy + 4.0) font-size="12"
                        text-anchor=(if cx > WIDTH / 2.0 { "end" } else { "start" }) {
                        (m.publisher.as_deref().unwrap_or("unknown publisher"))
                        @if m.is_original { " (original)" }
                    }
                }
                text x=(LEFT) y=(height - 12.0) font-size="11" { (TimeAxis::label(axis.min)) }
                text x=(WIDTH - RIGHT) y=(height - 12.0) text-anchor="end" font-size="11" { (TimeAxis::label(axis.max)) }
            }
        }
        @if !undated.is_empty() {
            p.undated {
                "Undated: "
                @for (i, m) in undated.iter().enumerate() {
                    @if i > 0 { ", " }
                    span.undated-copy { (m.publisher.as_deref().unwrap_or("unknown publisher")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn publication_times_in_the_stored_forms_parse() {
        let t = |s| parse_time(s).map(|t| t.to_rfc3339());
        assert_eq!(
            t("2025-01-10T12:30:00+02:00").as_deref(),
            Some("2025-01-10T10:30:00+00:00")
        );
        assert_eq!(
            t("2025-01-10T12:30:00").as_deref(),
            Some("2025-01-10T12:30:00+00:00")
        );
        assert_eq!(
            t("2025-01-10").as_deref(),
            Some("2025-01-10T00:00:00+00:00")
        );
        assert_eq!(t("yesterday"), None);
    }
}
