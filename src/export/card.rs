//! The rated summary card of a story, laid out like the head of an aggregator's rated summary:
//! source, published, price at publication, tags, then each judgement with its justification,
//! then the copies and the claims.

use std::fmt::Write;

use crate::rating::Justified;
use crate::store::{StoryDetail, StoryMember};

use super::{money, number};

/// Renders the card as plain text.
pub fn render_card(d: &StoryDetail) -> String {
    render_card_with(d, &[])
}

/// Renders the card with lines a later stage adds under the price at publication (the market
/// at publication and the check of the quoted price).
pub fn render_card_with(d: &StoryDetail, market: &[String]) -> String {
    let mut s = String::new();
    let original = d.members.iter().find(|m| m.is_original);
    let _ = writeln!(
        s,
        "{}",
        super::display_title(d.story.title.as_deref(), d.story.opening.as_deref())
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Source: {}",
        d.story.publisher.as_deref().unwrap_or("unknown")
    );
    let _ = writeln!(
        s,
        "Published: {}",
        d.story.published.as_deref().unwrap_or("unknown")
    );
    if let Some(r) = &d.rating {
        if let Some(p) = &r.price_at_publication {
            let _ = writeln!(s, "{} Price: {}", p.asset, money(p.value));
        }
        for line in market {
            let _ = writeln!(s, "{line}");
        }
        let tags: Vec<String> = r.tags.iter().map(|t| format!("#{t}")).collect();
        let _ = writeln!(s, "{}", tags.join(" "));
        let _ = writeln!(s);
        section(&mut s, "Price Impact", &r.impact);
        section(&mut s, "Trustworthiness", &r.trust);
        section(&mut s, "Price Direction", &r.direction);
        section(&mut s, "Time Effect", &r.time_effect);
    } else {
        let _ = writeln!(s, "(not rated)");
    }
    let _ = writeln!(s, "Copies ({}):", d.members.len());
    for m in &d.members {
        let role = joined_by(m);
        let _ = writeln!(
            s,
            "  [{}] {} — {} ({role})",
            m.article_id,
            m.publisher.as_deref().unwrap_or("unknown publisher"),
            m.source
        );
    }
    if original.is_none() {
        let _ = writeln!(s, "  (no original chosen)");
    }
    if let Some(e) = d.story.event_id {
        let _ = writeln!(
            s,
            "Coverage: event {e}, {} independent {}",
            d.story.event_stories,
            if d.story.event_stories == 1 {
                "story"
            } else {
                "stories"
            }
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Claims ({}):", d.claims.len());
    for (i, c) in d.claims.iter().enumerate() {
        let mut line = format!("  c{i} {} {}", c.kind, number(c.value));
        if let Some(a) = &c.asset {
            let _ = write!(line, " [{a}]");
        }
        if let Some(r) = &c.role {
            let _ = write!(line, " ({r})");
        }
        if let Some(src) = &c.source {
            let _ = write!(line, " — {src}");
        }
        let _ = write!(line, ": \"{}\"", c.surface);
        let _ = writeln!(s, "{line}");
    }
    s
}

/// How a copy joined its story: "original", or the signal and score that joined it to which
/// article, with the figures behind it.
pub fn joined_by(m: &StoryMember) -> String {
    if m.is_original {
        return "original".to_string();
    }
    let mut s = match m.matched_article_id {
        Some(other) => format!("{} {:.2} with article {other}", m.reason, m.score),
        None => m.reason.clone(),
    };
    if let Some(sig) = &m.signals {
        let num = |k: &str| sig.get(k).and_then(|v| v.as_f64()).unwrap_or(0.0);
        let _ = write!(
            s,
            "; containment {:.2}, jaccard {:.2}, figures {} ({:.2}), entities {}, term cosine {:.2}",
            num("containment"),
            num("jaccard"),
            num("shared_figures"),
            num("figure_overlap"),
            num("shared_entities"),
            num("term_cosine")
        );
        if sig.get("canonical_url").and_then(|v| v.as_bool()) == Some(true) {
            s.push_str(", same canonical URL");
        }
        if sig.get("cites_other").and_then(|v| v.as_bool()) == Some(true) {
            s.push_str(", cites the original");
        }
    }
    s
}

fn section<T: std::fmt::Display>(s: &mut String, name: &str, j: &Justified<T>) {
    let _ = writeln!(s, "{name}");
    let _ = writeln!(s, "{}", j.value);
    if !j.justification.is_empty() {
        let _ = writeln!(s, "{}", j.justification);
    }
    let _ = writeln!(s);
}
