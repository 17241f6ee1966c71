//! Exports: the ratings table (one row per story, its original's rating) as CSV, JSON lines,
//! Markdown or a plain table; claim lists as table, JSON or CSV; and the rated summary card
//! of one story.

mod card;

use std::io::Write;

use crate::store::{ClaimRow, RatingRow};

pub use card::render_card;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Jsonl,
    Markdown,
}

const RATING_HEADER: [&str; 12] = [
    "story",
    "title",
    "publisher",
    "published",
    "copies",
    "direction",
    "score",
    "impact",
    "trust",
    "time_effect",
    "price",
    "tags",
];

fn rating_cells(r: &RatingRow) -> [String; 12] {
    [
        r.story_id.to_string(),
        r.title.clone().unwrap_or_else(|| "(untitled)".to_string()),
        r.publisher.clone().unwrap_or_default(),
        r.published.clone().unwrap_or_default(),
        r.copies.to_string(),
        r.direction.clone(),
        format!("{:+.2}", r.direction_score),
        r.impact.clone(),
        r.trust.clone(),
        r.time_effect.clone(),
        match (&r.price_asset, r.price_value) {
            (Some(a), Some(v)) => format!("{a} {}", money(v)),
            _ => String::new(),
        },
        r.tags
            .iter()
            .map(|t| format!("#{t}"))
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// Writes the ratings table.
pub fn write_ratings(
    out: &mut dyn Write,
    rows: &[RatingRow],
    format: Format,
) -> anyhow::Result<()> {
    write_rows(out, rows, format, &RATING_HEADER, rating_cells, &[1])
}

/// Writes rows in any format: JSON forms serialise the rows, the others lay out `cells`;
/// in a plain table the columns in `wide` are cut.
fn write_rows<T: serde::Serialize, const N: usize>(
    out: &mut dyn Write,
    rows: &[T],
    format: Format,
    header: &[&str; N],
    cells: fn(&T) -> [String; N],
    wide: &[usize],
) -> anyhow::Result<()> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(header)?;
            for r in rows {
                w.write_record(cells(r))?;
            }
            w.flush()?;
        }
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(rows)?)?,
        Format::Jsonl => {
            for r in rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        Format::Markdown => {
            let cells: Vec<[String; N]> = rows.iter().map(cells).collect();
            write_markdown(out, header, &cells)?;
        }
        Format::Table => {
            let cells: Vec<[String; N]> = rows.iter().map(cells).collect();
            write_table(out, header, &cells, wide)?;
        }
    }
    Ok(())
}

const CLAIM_HEADER: [&str; 9] = [
    "id", "story", "kind", "value", "asset", "role", "source", "surface", "sentence",
];

fn claim_cells(c: &ClaimRow) -> [String; 9] {
    [
        c.id.to_string(),
        c.story_id.map(|s| s.to_string()).unwrap_or_default(),
        c.kind.clone(),
        match c.value_high {
            Some(h) => format!("{}–{}", number(c.value), number(h)),
            None => number(c.value),
        },
        c.asset.clone().unwrap_or_default(),
        c.role.clone().unwrap_or_default(),
        c.source.clone().unwrap_or_default(),
        c.surface.clone(),
        c.sentence.clone(),
    ]
}

/// Writes a list of claims.
pub fn write_claims(out: &mut dyn Write, rows: &[ClaimRow], format: Format) -> anyhow::Result<()> {
    write_rows(out, rows, format, &CLAIM_HEADER, claim_cells, &[8])
}

fn write_markdown<const N: usize>(
    out: &mut dyn Write,
    header: &[&str; N],
    rows: &[[String; N]],
) -> std::io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(N))?;
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| c.replace('|', "\\|")).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A plain aligned table; columns in `wide` are cut to 60 characters.
fn write_table<const N: usize>(
    out: &mut dyn Write,
    header: &[&str; N],
    rows: &[[String; N]],
    wide: &[usize],
) -> std::io::Result<()> {
    let cut = |i: usize, s: &str| -> String {
        if wide.contains(&i) && s.chars().count() > 60 {
            format!("{}…", s.chars().take(59).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().enumerate().map(|(i, c)| cut(i, c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for r in &rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// A number without a needless fraction: 92400, 92578.4, 8200000000.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Money with thousands separators: $92,578.40.
pub fn money(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, (cents % 100).abs());
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if whole < 0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}${grouped}")
    } else {
        format!("{sign}${grouped}.{frac:02}")
    }
}
