//! Exports: the ratings table (one row per story, its original's rating) as CSV, JSON lines,
//! Markdown or a plain table; claim lists as table, JSON or CSV; and the rated summary card
//! of one story.

mod card;

use std::io::Write;

use crate::store::{ClaimRow, RatingRow, SourceRow, StoryRow};

pub use card::{joined_by, render_card, render_card_with};

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
        display_title(r.title.as_deref(), r.opening.as_deref()),
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

/// What to call a story in a list: its title, else "(untitled)" and the opening words of
/// its text (up to about 60 characters, cut at a word).
pub fn display_title(title: Option<&str>, opening: Option<&str>) -> String {
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    let first = opening.and_then(|o| o.lines().map(str::trim).find(|l| !l.is_empty()));
    let Some(line) = first else {
        return "(untitled)".to_string();
    };
    let mut words = String::new();
    let mut cut = false;
    for w in line.split_whitespace() {
        if !words.is_empty() && words.chars().count() + 1 + w.chars().count() > 60 {
            cut = true;
            break;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
    format!("(untitled) {words}{}", if cut { "…" } else { "" })
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

const STORY_HEADER: [&str; 8] = [
    "story",
    "copies",
    "claims",
    "event",
    "event_stories",
    "publisher",
    "published",
    "title",
];

fn story_cells(r: &StoryRow) -> [String; 8] {
    [
        r.id.to_string(),
        r.copies.to_string(),
        r.claims.to_string(),
        r.event_id.map(|e| e.to_string()).unwrap_or_default(),
        r.event_stories.to_string(),
        r.publisher.clone().unwrap_or_default(),
        r.published.clone().unwrap_or_default(),
        display_title(r.title.as_deref(), r.opening.as_deref()),
    ]
}

/// Writes the list of stories.
pub fn write_stories(out: &mut dyn Write, rows: &[StoryRow], format: Format) -> anyhow::Result<()> {
    write_rows(out, rows, format, &STORY_HEADER, story_cells, &[7])
}

const SOURCE_HEADER: [&str; 6] = [
    "status",
    "source",
    "detail",
    "article",
    "attempts",
    "updated_at",
];

fn source_cells(r: &SourceRow) -> [String; 6] {
    [
        r.status.clone(),
        r.source.clone(),
        r.detail.clone().unwrap_or_default(),
        r.article_id.map(|a| a.to_string()).unwrap_or_default(),
        r.attempts.to_string(),
        r.updated_at.clone(),
    ]
}

/// Writes the list of sources.
pub fn write_sources(
    out: &mut dyn Write,
    rows: &[SourceRow],
    format: Format,
) -> anyhow::Result<()> {
    write_rows(out, rows, format, &SOURCE_HEADER, source_cells, &[1, 2])
}

const CLAIM_HEADER: [&str; 11] = [
    "id",
    "story",
    "kind",
    "value",
    "asset",
    "role",
    "precision",
    "measures",
    "source",
    "surface",
    "sentence",
];

fn claim_cells(c: &ClaimRow) -> [String; 11] {
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
        c.precision.clone().unwrap_or_default(),
        c.measures.clone().unwrap_or_default(),
        c.source.clone().unwrap_or_default(),
        c.surface.clone(),
        c.sentence.clone(),
    ]
}

/// Writes a list of claims.
pub fn write_claims(out: &mut dyn Write, rows: &[ClaimRow], format: Format) -> anyhow::Result<()> {
    write_rows(out, rows, format, &CLAIM_HEADER, claim_cells, &[10])
}

/// A note a later stage adds to a claim (the market check of a price): a short cell for
/// tables and CSV, and its whole record for JSON.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClaimNote {
    pub summary: String,
    pub detail: serde_json::Value,
}

#[derive(serde::Serialize)]
struct NotedClaim<'a> {
    #[serde(flatten)]
    claim: &'a ClaimRow,
    /// Under `name`, the note's detail.
    #[serde(skip)]
    summary: String,
    #[serde(flatten)]
    note: serde_json::Map<String, serde_json::Value>,
}

/// Writes claims with one more column, `name`, holding each claim's note (empty without).
pub fn write_claims_noted(
    out: &mut dyn Write,
    rows: &[ClaimRow],
    notes: &[Option<ClaimNote>],
    name: &'static str,
    format: Format,
) -> anyhow::Result<()> {
    let noted: Vec<NotedClaim> = rows
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let note = notes.get(i).cloned().flatten();
            let mut map = serde_json::Map::new();
            map.insert(
                name.to_string(),
                note.as_ref().map(|n| n.detail.clone()).unwrap_or_default(),
            );
            NotedClaim {
                claim: c,
                summary: note.map(|n| n.summary).unwrap_or_default(),
                note: map,
            }
        })
        .collect();
    const N: usize = CLAIM_HEADER.len() + 1;
    let mut header = [""; N];
    header[..N - 1].copy_from_slice(&CLAIM_HEADER);
    header[N - 1] = name;
    let cells = |n: &NotedClaim| -> [String; N] {
        let mut all: [String; N] = Default::default();
        for (slot, cell) in all.iter_mut().zip(claim_cells(n.claim)) {
            *slot = cell;
        }
        all[N - 1] = n.summary.clone();
        all
    };
    write_rows(
        out,
        &noted,
        format,
        &header,
        cells,
        &[CLAIM_HEADER.len() - 1],
    )
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

#[cfg(test)]
mod tests {
    use super::display_title;

    #[test]
    fn a_story_without_a_title_is_named_by_its_opening_words() {
        assert_eq!(
            display_title(Some(" Bitcoin Rallies "), Some("ignored")),
            "Bitcoin Rallies"
        );
        assert_eq!(
            display_title(None, Some("\nShort opening.\nSecond line")),
            "(untitled) Short opening."
        );
        let long = "After moving in tandem for months, Bitcoin has fallen behind the rally.";
        assert_eq!(
            display_title(Some("  "), Some(long)),
            "(untitled) After moving in tandem for months, Bitcoin has fallen behind…"
        );
        assert_eq!(display_title(None, None), "(untitled)");
        assert_eq!(display_title(None, Some("   ")), "(untitled)");
    }
}
