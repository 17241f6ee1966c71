//! The page-kind part of the WCXB report: a confusion matrix of claimwire's page kind
//! (article, listing, forum, product, other) against the truth's page type, with the recall
//! of true articles (an article read as a non-article loses its claims) and the precision of
//! "not an article". Truth types map onto kinds as [`expected_kind`] says.

use std::fmt;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;

use super::wcxb::PageResult;

/// The kinds, in column order.
pub const KINDS: [&str; 5] = ["article", "listing", "forum", "product", "other"];

/// The kind a WCXB page type should be read as: article, product and forum as themselves,
/// collection and listing as a listing, service and documentation pages (and any other type)
/// as other.
pub fn expected_kind(page_type: &str) -> &'static str {
    match page_type {
        "article" => "article",
        "product" => "product",
        "forum" => "forum",
        "collection" | "listing" => "listing",
        _ => "other",
    }
}

/// One truth page type's row: how many of its pages were read as each kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    pub page_type: String,
    pub expected: String,
    /// Counts in the order of [`KINDS`].
    pub counts: [usize; 5],
}

#[derive(Debug, Clone, Serialize)]
pub struct KindMatrix {
    pub rows: Vec<KindRow>,
    /// True articles read as articles, of all true articles.
    pub article_recall: (usize, usize),
    /// Pages read as non-articles that are not true articles, of all read as non-articles.
    pub not_article_precision: (usize, usize),
    /// Pages whose kind is the expected one under the mapping, of all pages.
    pub agreement: (usize, usize),
}

/// The matrix over pages that have a predicted kind (`None` when no page has one: a peer's
/// predictions carry no kind).
pub fn matrix(results: &[PageResult]) -> Option<KindMatrix> {
    let pages: Vec<(&str, &str)> = results
        .iter()
        .filter_map(|r| r.page_kind.as_deref().map(|k| (r.page_type.as_str(), k)))
        .collect();
    if pages.is_empty() {
        return None;
    }
    let mut types: Vec<&str> = pages.iter().map(|p| p.0).collect();
    types.sort();
    types.dedup();
    let rows = types
        .iter()
        .map(|&t| {
            let mut counts = [0usize; 5];
            for (_, k) in pages.iter().filter(|p| p.0 == t) {
                if let Some(i) = KINDS.iter().position(|x| x == k) {
                    counts[i] += 1;
                }
            }
            KindRow {
                page_type: t.to_string(),
                expected: expected_kind(t).to_string(),
                counts,
            }
        })
        .collect();
    let count = |f: &dyn Fn(&(&str, &str)) -> bool| pages.iter().filter(|p| f(p)).count();
    Some(KindMatrix {
        rows,
        article_recall: (
            count(&|p| p.0 == "article" && p.1 == "article"),
            count(&|p| p.0 == "article"),
        ),
        not_article_precision: (
            count(&|p| p.1 != "article" && p.0 != "article"),
            count(&|p| p.1 != "article"),
        ),
        agreement: (count(&|p| expected_kind(p.0) == p.1), pages.len()),
    })
}

fn share((ok, all): (usize, usize)) -> String {
    if all == 0 {
        "-".into()
    } else {
        format!("{:.3} ({ok}/{all})", ok as f64 / all as f64)
    }
}

impl fmt::Display for KindMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Table::new();
        let mut header = vec!["type \\ kind".to_string(), "expected".to_string()];
        header.extend(KINDS.iter().map(|k| k.to_string()));
        t.load_preset(UTF8_FULL_CONDENSED).set_header(header);
        for r in &self.rows {
            let mut row = vec![r.page_type.clone(), r.expected.clone()];
            row.extend(r.counts.iter().map(|c| c.to_string()));
            t.add_row(row);
        }
        writeln!(f, "page kind (rows: truth type, columns: kind read):")?;
        writeln!(f, "{t}")?;
        writeln!(
            f,
            "article recall {}, not-article precision {}, agreement {}",
            share(self.article_recall),
            share(self.not_article_precision),
            share(self.agreement)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::extraction::Counts;
    use crate::eval::wcxb::{Expected, Prediction};

    fn result(page_type: &str, kind: Option<&str>) -> PageResult {
        PageResult {
            id: "t".into(),
            url: None,
            page_type: page_type.into(),
            heldout: false,
            word_f1: 0.0,
            shingles: Counts {
                tp: 0.0,
                fp: 0.0,
                fn_: 0.0,
            },
            with_found: (0, 0),
            without_leaked: (0, 0),
            title_ok: None,
            author_ok: None,
            date_ok: None,
            invented_author: false,
            invented_date: false,
            expected: Expected {
                title: None,
                author: None,
                published: None,
                text_chars: 0,
            },
            predicted: Prediction::default(),
            page_kind: kind.map(str::to_string),
        }
    }

    #[test]
    fn counts_recall_and_precision_over_pages_with_a_kind() {
        let results: Vec<PageResult> = [
            ("article", Some("article")),
            ("article", Some("listing")),
            ("collection", Some("listing")),
            ("service", Some("article")),
            ("forum", None),
        ]
        .iter()
        .map(|&(t, k)| result(t, k))
        .collect();
        let m = matrix(&results).expect("matrix");
        assert_eq!(m.article_recall, (1, 2));
        assert_eq!(m.not_article_precision, (1, 2));
        assert_eq!(m.agreement, (2, 4));
        let coll = m.rows.iter().find(|r| r.page_type == "collection");
        assert_eq!(coll.map(|r| r.counts), Some([0, 1, 0, 0, 0]));
        assert!(
            matrix(&results[4..]).is_none(),
            "a peer's predictions have no kind"
        );
    }
}
