//! The words around a figure: its bound ("around", "at least"), direction ("up 4%", "a 5%
//! drop") and range continuation ("$90,000–$95,000", "between 3% and 5%").

use super::scan::{figure_at, left_window, Figure, Unit};
use crate::claims::Bound;
use once_cell::sync::Lazy;
use regex::Regex;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in pattern {p}: {e}"))
}

static RANGE: Lazy<Regex> = Lazy::new(|| re(r"^\s*(–|—|-|to|and)\s*"));
static RANGE_FROM: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:rang(?:e|es|ed|ing)|anywhere|var(?:y|ies|ied|ying)|span(?:s|ned|ning)?)\s+from\s+(?:about\s+|around\s+|roughly\s+)?$",
    )
});
static CURRENCY_START: Lazy<Regex> =
    Lazy::new(|| re(r"^(?:US\$|A\$|C\$|HK\$|S\$|NZ\$|\$|€|£|¥|USD|EUR|GBP|JPY|CHF)\s?"));
static BOUND: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:^|[^\w])(around|about|approximately|approx\.?|roughly|near|nearly|almost|close to|circa|some|~|above|over|more than|north of|in excess of|higher than|beyond|below|under|less than|south of|beneath|lower than|at least|no less than|a minimum of|up to|at most|no more than|as much as|as high as|a maximum of|just shy of|just under|just over|just above|just below)\s*(?:the\s+|its\s+|a\s+)?(?:(?:key|psychological|important|crucial|critical|round|major)\s+)?$",
    )
});
static CHANGE_LEFT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(up|down|rally|soar|sink|plunge|tumble|slump|slide|lose|rose|rises|rise|rising|gained|gains?|gaining|jumped|jumps?|jumping|surged|surges?|surging|soared|soars|climbed|climbs?|climbing|rallied|rallies|added|adds|advanced|advances|spiked|increased|increases?|higher|fell|falls?|falling|dropped|drops?|dropping|declined|declines?|declining|slid|slides?|slumped|slumps?|plunged|plunges?|tumbled|tumbles?|sank|sinks?|lost|loses|losing|decreased|decreases?|shed|sheds|crashed|dipped|dips?|retreated|slipped|slips?|eased|plummeted|lower)\s+(?:(?:by|a further|another|nearly|almost|about|around|roughly|more than|over|some|as much as|an additional|just)\s+)*$",
    )
});
static CHANGE_RIGHT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\s*(?:(gain|rise|jump|increase|surge|rally|rebound|advance|climb|spike|upside)|(drop|decline|fall|plunge|loss|slide|slump|drawdown|decrease|crash|dip|correction|sell-off|selloff|pullback|downside))\b",
    )
});
const UP: &[&str] = &[
    "rally",
    "soar",
    "up",
    "rose",
    "rises",
    "rise",
    "rising",
    "gained",
    "gain",
    "gains",
    "gaining",
    "jumped",
    "jump",
    "jumps",
    "jumping",
    "surged",
    "surge",
    "surges",
    "surging",
    "soared",
    "soars",
    "climbed",
    "climb",
    "climbs",
    "climbing",
    "rallied",
    "rallies",
    "added",
    "adds",
    "advanced",
    "advances",
    "spiked",
    "increased",
    "increase",
    "increases",
    "higher",
];

/// Sets bound and direction from the words around a figure.
pub(super) fn decorate(text: &str, f: &mut Figure) {
    let left = left_window(text, f.start, 48);
    if left.ends_with('~') {
        f.bound = Bound::Approximately;
    } else if left.to_ascii_lowercase().ends_with("sub-") {
        f.bound = Bound::Below;
    } else if let Some(c) = BOUND.captures(left) {
        let w = c.get(1).map_or("", |g| g.as_str()).to_lowercase();
        f.bound = match w.as_str() {
            "nearly" | "almost" | "just shy of" | "just under" => Bound::Below,
            "above" | "over" | "more than" | "north of" | "in excess of" | "higher than"
            | "beyond" | "just over" | "just above" => Bound::Above,
            "below" | "under" | "less than" | "south of" | "beneath" | "lower than"
            | "just below" => Bound::Below,
            "at least" | "no less than" | "a minimum of" => Bound::AtLeast,
            "up to" | "at most" | "no more than" | "as much as" | "as high as" | "a maximum of" => {
                Bound::AtMost
            }
            _ => Bound::Approximately,
        };
    }
    if f.change == 0 {
        if let Some(c) = CHANGE_LEFT.captures(left) {
            let w = c.get(1).map_or("", |g| g.as_str()).to_lowercase();
            f.change = if UP.contains(&w.as_str()) { 1 } else { -1 };
        } else if let Some(c) = CHANGE_RIGHT.captures(&text[f.end..]) {
            f.change = if c.get(1).is_some() { 1 } else { -1 };
        }
    }
}

/// Widens `f` to a range when another figure follows ("$90,000–$95,000", "3-5%",
/// "between 3% and 5%").
pub(super) fn extend_range(text: &str, f: &mut Figure, dc: bool, digits: &Regex) {
    if f.year_like {
        return;
    }
    let rest = &text[f.end..];
    let Some(c) = RANGE.captures(rest) else {
        return;
    };
    let conn = c.get(1).map_or("", |g| g.as_str());
    let left = left_window(text, f.start, 24).to_lowercase();
    match conn {
        "and" if !left.trim_end().ends_with("between") => return,
        // "from $47 billion to $8 billion" is a move; "range from $200 to $450" a range.
        "to" if f.change != 0 || left.contains("from") && !RANGE_FROM.is_match(&left) => return,
        _ => {}
    }
    let mut p = f.end + c.get(0).map_or(0, |g| g.end());
    if let Some(cur) = text.get(p..).and_then(|t| CURRENCY_START.find(t)) {
        p += cur.end();
    }
    while !text.is_char_boundary(p) {
        p += 1;
    }
    let Some(m) = digits.find_at(text, p).filter(|m| m.start() == p) else {
        return;
    };
    let Some(mut hi) = figure_at(text, m.start(), m.end(), dc) else {
        return;
    };
    if hi.unit == Unit::Plain && f.unit != Unit::Plain {
        hi.unit = f.unit.clone();
        if f.scale != 1.0 && hi.scale == 1.0 {
            hi.value *= f.scale;
        }
    } else if f.unit == Unit::Plain && hi.unit != Unit::Plain {
        if hi.unit == Unit::Money && conn == "to" {
            return;
        }
        f.unit = hi.unit.clone();
        f.currency = hi.currency.clone();
    }
    if f.unit != hi.unit {
        return;
    }
    if f.scale == 1.0 && hi.scale != 1.0 {
        f.value *= hi.scale;
        f.scale = hi.scale;
    }
    if hi.value < f.value {
        return;
    }
    f.year_like = false;
    f.value_high = Some(hi.value);
    f.end = hi.end;
    if f.currency.is_none() {
        f.currency = hi.currency;
    }
}
