//! The published and modified dates: the visible candidates (dates in the text around the
//! first `<h1>` and in bylines, the URL path) and the choice among all candidates.
//!
//! Every date is kept as a candidate with its origin. The published date is the first
//! candidate that passes the checks, in this order:
//! 1. JSON-LD `datePublished` / `dateCreated`;
//! 2. OpenGraph `article:published_time` and the like;
//! 3. other meta tags (`parsely-pub-date`, `dc.date`, `pubdate`, ...);
//! 4. `<time>` elements not marked as an update (by class, own text, the words before it
//!    or a container's class);
//! 5. dates in byline elements;
//! 6. the text by the headline: a date labelled "Published"/"Posted" anywhere in the header
//!    window, then an unlabelled date close after the headline (none when the window holds
//!    three different unlabelled dates: that is a list of posts or a schedule);
//! 7. the URL path (`/2025/09/04/`).
//!
//! Checks: the year is plausible (1990-2100) and the date is not after now plus one day;
//! then published ≤ modified: a modified date before the chosen published date is dropped
//! (the next modified candidate is tried).
//! Modified dates (`dateModified`, `article:modified_time`, "Updated ...", "Last modified")
//! are candidates for `modified` only, never for `published`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use scraper::node::Element;

use super::dates::{self, day_of};
use super::Sink;
use crate::page::html::dom::{is_block, Dom};
use crate::page::{MetaCandidate, MetaOrigin};

/// Characters of header text read after the headline for labelled dates.
const WINDOW: usize = 1500;
/// Characters after the headline in which an unlabelled date is taken as the publication's.
const NEAR: usize = 400;
/// Distinct unlabelled dates in the header window that make it a list's.
const LIST_DAYS: usize = 3;
/// Characters before the headline that count as its header (a dateline above the title).
const BEFORE: usize = 200;

/// The text around the first `<h1>`: up to [`BEFORE`] characters before it, then the h1
/// and what follows up to [`WINDOW`], one line per block element; and the byte offset where
/// the h1 starts.
pub fn header_text(dom: &Dom) -> Option<(String, usize)> {
    let h1 = dom.nodes.iter().position(|n| n.tag == "h1")?;
    let block_of = |mut i: usize| {
        while let Some(p) = dom.nodes[i].parent {
            if is_block(dom.nodes[p].tag) {
                return p;
            }
            i = p;
        }
        0
    };
    let runs = |range: &mut dyn Iterator<Item = usize>, limit: usize| {
        let mut out: Vec<(usize, &str)> = Vec::new();
        let mut n = 0;
        for i in range {
            if let Some(t) = dom.nodes[i].text {
                let t = t.trim();
                if !t.is_empty() {
                    n += t.chars().count() + 1;
                    out.push((block_of(i), t));
                    if n > limit {
                        break;
                    }
                }
            }
        }
        out
    };
    let join = |runs: &[(usize, &str)]| {
        let mut s = String::new();
        for (k, (block, t)) in runs.iter().enumerate() {
            if k > 0 {
                s.push(if runs[k - 1].0 == *block { ' ' } else { '\n' });
            }
            s.push_str(t);
        }
        s
    };
    let mut before = runs(&mut (0..h1).rev(), BEFORE);
    before.reverse();
    let after = runs(&mut (h1..dom.nodes.len()), WINDOW);
    let head = join(&before);
    let start = if head.is_empty() { 0 } else { head.len() + 1 };
    Some((format!("{head}\n{}", join(&after)), start))
}

/// Adds the `<time>` elements' dates: modified when the element's class or itemprop, its
/// own text ("Updated Dec 4"), the words right before it ("Last updated: <time>", "This
/// page was last modified on <time>") or a close container's class say so.
pub fn collect_times(dom: &Dom, times: &[(&Element, String)], sink: &mut Sink) {
    let at: HashMap<*const Element, usize> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == "time")
        .filter_map(|(i, n)| n.el.map(|e| (e as *const Element, i)))
        .collect();
    for (el, text) in times {
        let value = el.attr("datetime").unwrap_or(text);
        let hint = format!(
            "{} {} {}",
            el.attr("class").unwrap_or(""),
            el.attr("itemprop").unwrap_or(""),
            text
        )
        .to_lowercase();
        let context = at
            .get(&(*el as *const Element))
            .is_some_and(|&i| label_says_modified(dom, i));
        let field = if hint.contains("modif") || hint.contains("updat") || context {
            "modified"
        } else {
            "published"
        };
        sink.add(field, value, MetaOrigin::TimeElement);
    }
}

/// Whether the text right before node `i`, or the class of one of its three nearest
/// containers, marks a modification.
fn label_says_modified(dom: &Dom, i: usize) -> bool {
    let mut before: Vec<&str> = Vec::new();
    let mut n = 0;
    for j in (0..i).rev() {
        if let Some(t) = dom.nodes[j].text {
            n += t.len();
            before.push(t);
            if n >= 40 {
                break;
            }
        }
    }
    before.reverse();
    let before = before.concat();
    let before = before.split_whitespace().collect::<Vec<_>>().join(" ");
    if dates::labelled_modified(&format!("{before} ")) {
        return true;
    }
    let mut k = i;
    for _ in 0..3 {
        let Some(p) = dom.nodes[k].parent else { break };
        let ci = &dom.nodes[p].ci;
        if ci.contains("modif") || ci.contains("updat") || ci.contains("last-review") {
            return true;
        }
        k = p;
    }
    false
}

/// Adds the dates written by the headline, in bylines and in the URL.
pub fn collect(
    dom: &Dom,
    bylines: &[usize],
    header: Option<&(String, usize)>,
    url: Option<&str>,
    now: DateTime<Utc>,
    sink: &mut Sink,
) {
    for &b in bylines {
        let text = dom.plain_text(b);
        if text.chars().count() < 200 {
            add_found(&text, 0, usize::MAX, now, MetaOrigin::Byline, sink);
        }
    }
    if let Some((text, h1_at)) = header {
        add_found(text, *h1_at, NEAR, now, MetaOrigin::TextHeader, sink);
    }
    if let Some(d) = url.and_then(dates::from_url) {
        sink.add("published", &d, MetaOrigin::Url);
    }
}

/// Labelled publication dates first, then unlabelled ones within `near` bytes after
/// `from`; modified dates as such.
fn add_found(
    text: &str,
    from: usize,
    near: usize,
    now: DateTime<Utc>,
    origin: MetaOrigin,
    sink: &mut Sink,
) {
    let found = dates::find_all(text, now);
    for f in found.iter().filter(|f| f.modified) {
        sink.add("modified", &f.value, origin);
    }
    for f in found.iter().filter(|f| f.published && !f.modified) {
        sink.add("published", &f.value, origin);
    }
    let close =
        |f: &&dates::Found| !f.modified && !f.published && f.at <= from.saturating_add(near);
    // Many different dates by the headline are a list's (posts, schedules), not the page's.
    let mut days: Vec<&str> = found
        .iter()
        .filter(|f| !f.modified && !f.published)
        .filter_map(|f| f.value.get(..10))
        .collect();
    days.sort_unstable();
    days.dedup();
    if days.len() >= LIST_DAYS {
        return;
    }
    if let Some(f) = found.iter().find(close) {
        sink.add("published", &f.value, origin);
    }
}

fn ok(day: NaiveDate, now: DateTime<Utc>) -> bool {
    dates::plausible(day) && day <= (now + Duration::days(1)).date_naive()
}

/// The published and modified dates from all candidates.
pub fn choose(items: &[MetaCandidate], now: DateTime<Utc>) -> (Option<String>, Option<String>) {
    let ranked = |field: &str| {
        let mut v: Vec<&MetaCandidate> = items
            .iter()
            .filter(|c| c.field == field && day_of(&c.value).is_some_and(|d| ok(d, now)))
            .collect();
        v.sort_by_key(|c| c.origin);
        v
    };
    let published = ranked("published").into_iter().next();
    // A modification before the publication is not believed.
    let modified = ranked("modified").into_iter().find(|m| {
        match (published.and_then(|p| day_of(&p.value)), day_of(&m.value)) {
            (Some(p), Some(md)) => md + Duration::days(1) >= p,
            _ => true,
        }
    });
    (
        published.map(|c| c.value.clone()),
        modified.map(|c| c.value.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cand(field: &str, value: &str, origin: MetaOrigin) -> MetaCandidate {
        MetaCandidate {
            field: field.into(),
            value: value.into(),
            origin,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn the_documented_order_and_the_checks_choose_the_date() {
        let items = vec![
            cand("published", "2031-01-01", MetaOrigin::JsonLd),
            cand("published", "2026-11-30", MetaOrigin::Url),
            cand(
                "published",
                "2026-12-01T08:00:00+00:00",
                MetaOrigin::OpenGraph,
            ),
        ];
        // A future JSON-LD date is skipped; OpenGraph outranks the URL.
        assert_eq!(
            choose(&items, now()).0.as_deref(),
            Some("2026-12-01T08:00:00+00:00")
        );
        // A modified date before the published one is not believed.
        let items = vec![
            cand("published", "2026-12-03", MetaOrigin::MetaTag),
            cand("modified", "2026-10-02", MetaOrigin::MetaTag),
            cand("modified", "2026-12-03T10:00:00", MetaOrigin::TextHeader),
        ];
        let (p, m) = choose(&items, now());
        assert_eq!(p.as_deref(), Some("2026-12-03"));
        assert_eq!(m.as_deref(), Some("2026-12-03T10:00:00"));
    }

    #[test]
    fn a_list_of_dated_items_by_the_headline_gives_no_date() {
        let mut sink = Sink::default();
        let text =
            "Latest posts\nFirst post Mar 1, 2026\nSecond post Feb 20, 2026\nThird Feb 2, 2026";
        add_found(text, 0, NEAR, now(), MetaOrigin::TextHeader, &mut sink);
        assert!(sink.items.is_empty(), "{:?}", sink.items);
        let text = "A story\nBy Ana Ruiz, Mar 1, 2026\nIt rained on Feb 20, 2026.";
        add_found(text, 0, NEAR, now(), MetaOrigin::TextHeader, &mut sink);
        assert_eq!(sink.items.len(), 1);
        assert_eq!(sink.items[0].value, "2026-03-01");
    }

    #[test]
    fn only_a_modified_date_gives_no_published_date() {
        let items = vec![cand("modified", "2026-10-02", MetaOrigin::JsonLd)];
        assert_eq!(choose(&items, now()), (None, Some("2026-10-02".into())));
    }
}
