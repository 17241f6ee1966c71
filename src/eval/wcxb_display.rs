//! Prints a WCXB extraction report as tables: one row per page type and one for all pages,
//! then the worst pages of each field with what was predicted and expected.

use std::fmt;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use super::wcxb::{GroupScore, PageResult, WcxbReport};

fn share((ok, all): (usize, usize)) -> String {
    if all == 0 {
        "-".into()
    } else {
        format!("{:.3} ({ok}/{all})", ok as f64 / all as f64)
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.3}"))
}

fn row(g: &GroupScore) -> Vec<String> {
    vec![
        g.group.clone(),
        g.pages.to_string(),
        format!("{:.3}", g.word_f1),
        format!("{:.3}", g.shingle_f1),
        opt(g.with_found),
        opt(g.without_leaked),
        share(g.title),
        share(g.author),
        share(g.date),
        format!("{}/{}", g.invented_authors, g.invented_dates),
    ]
}

fn clip(s: Option<&str>, n: usize) -> String {
    let s = s.unwrap_or("(none)");
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn worst_table(field: &str, pages: &[PageResult]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    if field == "text" {
        t.set_header(["id", "type", "word F1", "chars got", "chars want", "url"]);
        for p in pages {
            t.add_row(vec![
                p.id.clone(),
                p.page_type.clone(),
                format!("{:.3}", p.word_f1),
                p.predicted.text.chars().count().to_string(),
                p.expected.text_chars.to_string(),
                clip(p.url.as_deref(), 60),
            ]);
        }
        return t;
    }
    t.set_header(["id", "type", "predicted", "expected"]);
    for p in pages {
        let (got, want) = match field {
            "title" => (p.predicted.title.clone(), p.expected.title.clone()),
            "author" => (
                (!p.predicted.authors.is_empty()).then(|| p.predicted.authors.join("; ")),
                p.expected.author.clone(),
            ),
            _ => (p.predicted.published.clone(), p.expected.published.clone()),
        };
        t.add_row(vec![
            p.id.clone(),
            p.page_type.clone(),
            clip(got.as_deref(), 60),
            clip(want.as_deref(), 60),
        ]);
    }
    t
}

impl fmt::Display for WcxbReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header([
            "type",
            "pages",
            "word F1",
            "shingle F1",
            "with found",
            "without leaked",
            "title",
            "author",
            "published",
            "invented a/d",
        ]);
        for g in &self.groups {
            t.add_row(row(g));
        }
        t.add_row(row(&self.overall));
        writeln!(f, "split: {} ({} pages)", self.split, self.overall.pages)?;
        writeln!(f, "{t}")?;
        writeln!(f, "reading: {:.1} pages/s", self.pages_per_sec)?;
        if let Some(k) = &self.kinds {
            writeln!(f)?;
            write!(f, "{k}")?;
        }
        for (field, pages) in &self.worst {
            if pages.is_empty() {
                continue;
            }
            writeln!(f, "\nworst {field}:")?;
            writeln!(f, "{}", worst_table(field, pages))?;
        }
        Ok(())
    }
}
