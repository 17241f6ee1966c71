//! The backtest's outputs: a table, CSV and JSON, and an SVG report of three charts drawn
//! with plotters: calibration of the direction score, the cumulative return of trading each
//! story's direction against holding long through every story, and hit rate by horizon.

use std::io::Write;

use plotters::prelude::*;

use super::backtest::{Backtest, Row};
use super::bars::show_bar;
use super::stats::Estimate;

fn est(e: &Option<Estimate>, pct: bool) -> String {
    match e {
        Some(e) if pct => format!(
            "{:.1}% [{:.1}, {:.1}]",
            e.value * 100.0,
            e.low * 100.0,
            e.high * 100.0
        ),
        Some(e) => format!("{:+.3} [{:+.3}, {:+.3}]", e.value, e.low, e.high),
        None => "–".to_string(),
    }
}

/// The columns every output shares, and their cells.
const KEYS: [&str; 6] = ["group", "horizon", "rule", "stories", "days", "neutral"];

fn key_cells(r: &Row) -> [String; 6] {
    [
        r.group.clone(),
        show_bar(r.horizon),
        r.rule.to_string(),
        r.stories.to_string(),
        r.days.to_string(),
        r.neutral.to_string(),
    ]
}

/// The table as text, with a line on what was left out.
pub fn write_table(out: &mut dyn Write, b: &Backtest) -> anyhow::Result<()> {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header(
            KEYS.iter()
                .chain(&["hit rate [95% CI]", "spearman [95% CI]"]),
        );
    for r in &b.rows {
        let mut row = key_cells(r).to_vec();
        row.push(est(&r.hit_rate, true));
        row.push(est(&r.spearman, false));
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
    let s = &b.skipped;
    let no_price: Vec<String> = s
        .no_price
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(h, n)| format!("{n} at {}", show_bar(*h)))
        .collect();
    writeln!(
        out,
        "{} stories against {} prices; left out: {} undated, {} not about {}, {} later stories of an event{}",
        b.stories,
        b.asset,
        s.undated,
        s.other_asset,
        b.asset,
        s.same_event,
        if no_price.is_empty() {
            String::new()
        } else {
            format!(", without prices: {}", no_price.join(", "))
        }
    )?;
    Ok(())
}

pub fn write_csv(out: &mut dyn Write, b: &Backtest) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(KEYS.iter().chain(&[
        "hit_rate",
        "hit_low",
        "hit_high",
        "spearman",
        "spearman_low",
        "spearman_high",
    ]))?;
    let f = |e: &Option<Estimate>| -> [String; 3] {
        match e {
            Some(e) => [
                format!("{:.4}", e.value),
                format!("{:.4}", e.low),
                format!("{:.4}", e.high),
            ],
            None => Default::default(),
        }
    };
    for r in &b.rows {
        let [h, hl, hh] = f(&r.hit_rate);
        let [s, sl, sh] = f(&r.spearman);
        w.write_record(key_cells(r).iter().chain(&[h, hl, hh, s, sl, sh]))?;
    }
    w.flush()?;
    Ok(())
}

/// The SVG report.
pub fn svg(b: &Backtest) -> anyhow::Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (900, 1080)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let parts = root.split_evenly((3, 1));
        calibration(&parts[0], b)?;
        cumulative(&parts[1], b)?;
        by_horizon(&parts[2], b)?;
        root.present().map_err(plot_err)?;
    }
    Ok(buf)
}

fn plot_err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing the report: {e:?}")
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn first_horizon(b: &Backtest) -> Option<i64> {
    b.observations.first().map(|o| o.horizon)
}

/// Share of stories followed by a rise, per fifth of the direction score's range.
fn calibration(area: &Area, b: &Backtest) -> anyhow::Result<()> {
    let h = first_horizon(b).unwrap_or(86_400);
    let mut bins = [(0usize, 0usize); 5];
    for o in b.observations.iter().filter(|o| o.horizon == h) {
        let score = o.signed_impact.clamp(-1.0, 1.0);
        let i = (((score + 1.0) / 2.0 * 5.0) as usize).min(4);
        bins[i].0 += usize::from(o.ret > 0.0);
        bins[i].1 += 1;
    }
    let mut c = ChartBuilder::on(area)
        .caption(
            format!(
                "Calibration: share of rises after {} by signed impact",
                show_bar(h)
            ),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(48)
        .build_cartesian_2d(-1.0f64..1.0, 0.0f64..1.0)
        .map_err(plot_err)?;
    c.configure_mesh()
        .x_desc("signed impact (bearish -1 .. bullish +1)")
        .y_desc("share up")
        .draw()
        .map_err(plot_err)?;
    c.draw_series(
        bins.iter()
            .enumerate()
            .filter(|(_, b)| b.1 > 0)
            .map(|(i, b)| {
                let x0 = -1.0 + i as f64 * 0.4;
                Rectangle::new(
                    [(x0 + 0.02, 0.0), (x0 + 0.38, b.0 as f64 / b.1 as f64)],
                    BLUE.mix(0.6).filled(),
                )
            }),
    )
    .map_err(plot_err)?;
    c.draw_series(LineSeries::new([(-1.0, 0.5), (1.0, 0.5)], BLACK.mix(0.4)))
        .map_err(plot_err)?;
    c.draw_series(
        bins.iter()
            .enumerate()
            .filter(|(_, b)| b.1 > 0)
            .map(|(i, b)| {
                let share = b.0 as f64 / b.1 as f64;
                Text::new(
                    format!("{} of {}", b.0, b.1),
                    (-0.95 + i as f64 * 0.4, (share + 0.06).min(0.95)),
                    ("sans-serif", 13),
                )
            }),
    )
    .map_err(plot_err)?;
    Ok(())
}

/// Each story's return traded in its direction (long bullish, short bearish, flat neutral),
/// compounded in publication order, against going long on every story.
fn cumulative(area: &Area, b: &Backtest) -> anyhow::Result<()> {
    let h = first_horizon(b).unwrap_or(86_400);
    let obs: Vec<_> = b.observations.iter().filter(|o| o.horizon == h).collect();
    let (mut rule, mut hold) = (vec![(0.0, 1.0)], vec![(0.0, 1.0)]);
    for (i, o) in obs.iter().enumerate() {
        let s = match o.direction.as_str() {
            "bullish" => 1.0,
            "bearish" => -1.0,
            _ => 0.0,
        };
        let x = (i + 1) as f64;
        rule.push((x, rule[i].1 * (1.0 + s * o.ret)));
        hold.push((x, hold[i].1 * (1.0 + o.ret)));
    }
    let ys = rule.iter().chain(&hold).map(|p| p.1);
    let (lo, hi) = ys.fold((1.0f64, 1.0f64), |(l, h), y| (l.min(y), h.max(y)));
    let pad = ((hi - lo) * 0.1).max(0.01);
    let mut c = ChartBuilder::on(area)
        .caption(
            format!(
                "Cumulative return per story at {}: direction rule vs always long",
                show_bar(h)
            ),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..(obs.len().max(1) as f64), (lo - pad)..(hi + pad))
        .map_err(plot_err)?;
    c.configure_mesh()
        .x_desc("stories in publication order")
        .y_desc("growth of 1")
        .draw()
        .map_err(plot_err)?;
    c.draw_series(LineSeries::new(rule, BLUE.stroke_width(2)))
        .map_err(plot_err)?
        .label("long if bullish, short if bearish")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLUE));
    c.draw_series(LineSeries::new(hold, RED.stroke_width(2)))
        .map_err(plot_err)?
        .label("always long (buy and hold each story)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], RED));
    c.configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(plot_err)?;
    Ok(())
}

/// Hit rate of each rule by horizon, over all stories.
fn by_horizon(area: &Area, b: &Backtest) -> anyhow::Result<()> {
    let mut horizons: Vec<i64> = b.rows.iter().map(|r| r.horizon).collect();
    horizons.dedup();
    let n = horizons.len().max(1) as f64;
    let mut c = ChartBuilder::on(area)
        .caption("Hit rate by horizon (all stories)", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(48)
        .build_cartesian_2d(-0.5..(n - 0.5), 0.0f64..1.0)
        .map_err(plot_err)?;
    let labels = horizons.clone();
    c.configure_mesh()
        .x_labels(horizons.len().max(1))
        .x_label_formatter(&|x| {
            labels
                .get(x.round().max(0.0) as usize)
                .map(|h| show_bar(*h))
                .unwrap_or_default()
        })
        .y_desc("hit rate")
        .draw()
        .map_err(plot_err)?;
    let colours = [BLUE, RED, GREEN, BLACK];
    for (k, rule) in ["claimwire", "always_bullish", "previous_day", "random"]
        .iter()
        .enumerate()
    {
        let pts: Vec<(f64, f64)> = horizons
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                b.rows
                    .iter()
                    .find(|r| r.group == "all" && r.horizon == *h && r.rule == *rule)
                    .and_then(|r| r.hit_rate)
                    .map(|e| (i as f64, e.value))
            })
            .collect();
        let colour = colours[k];
        c.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))
            .map_err(plot_err)?
            .label(*rule)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour));
        c.draw_series(pts.into_iter().map(|p| Circle::new(p, 4, colour.filled())))
            .map_err(plot_err)?;
    }
    c.configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(plot_err)?;
    Ok(())
}
