//! What money measures when it is not an asset's price: a fee, a volume, a market cap, an
//! inflow, a fine, a raise ... ("$30, just for one Bitcoin transaction", "trading volume hit
//! $40 billion", "$300 million of inflows", "was fined $4.3 billion"). The measure is read
//! from the noun that governs the figure in its clause — the subject whose verb leads to the
//! figure, or the noun right after it — never from a word in a later phrase ("traded at
//! $27,000 after fees were cut" is a price).

use once_cell::sync::Lazy;
use regex::Regex;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in measures pattern: {e}"))
}

/// Measure nouns (regex) and the label stored in `claims.measures`.
const NOUNS: &[(&str, &str)] = &[
    (
        r"(?:transaction\s+|network\s+|gas\s+|trading\s+)?fees?|commissions?",
        "fee",
    ),
    (
        r"(?:trading\s+|spot\s+|daily\s+|futures\s+)?volumes?|turnover",
        "volume",
    ),
    (
        r"market\s+cap(?:itali[sz]ation)?|market\s+value",
        "market_cap",
    ),
    (r"(?:net\s+)?inflows?", "inflow"),
    (r"(?:net\s+)?outflows?", "outflow"),
    (r"fines?|penalt(?:y|ies)|settlement", "fine"),
    (
        r"funding(?:\s+round)?|(?:seed|series\s+[a-z])\s+round|raise",
        "raise",
    ),
    (r"revenues?|sales", "revenue"),
    (r"valuation", "valuation"),
    (r"open\s+interest", "open_interest"),
    (r"liquidations?", "liquidation"),
    (r"(?:net\s+)?(?:profits?|income|earnings)", "profit"),
    (r"(?:net\s+)?loss(?:es)?", "loss"),
    (r"acquisition|buyout|deal|takeover", "deal"),
    (r"purchases?|buyback", "purchase"),
    (r"budget|spending", "budget"),
    (r"costs?", "cost"),
    (r"hack|exploit|heist|theft", "hack"),
    (
        r"holdings|reserves?|aum|assets\s+under\s+management",
        "holdings",
    ),
];

static RIGHT: Lazy<Vec<(Regex, &'static str)>> = Lazy::new(|| {
    NOUNS
        .iter()
        .map(|(n, l)| {
            (
                re(&format!(
                    r"(?i)^\s*(?:(?:in|of|worth\s+of|for)\s+)?(?:(?:new|net|daily|weekly|monthly|total|fresh|etf|spot)\s+)?(?:{n})\b"
                )),
                *l,
            )
        })
        .collect()
});

static LEFT: Lazy<Vec<(Regex, &'static str)>> = Lazy::new(|| {
    NOUNS
        .iter()
        .map(|(n, l)| {
            (
                re(&format!(
                    r"(?i)\b(?:{n})(?:\s+(?:on|of|for|in|from)\s+[\w'’&]+(?:\s+[\w'’&]+)?)?\s+(?:(?:has|have|had|was|were|is|are|now|also|just)\s+)?(?:rose|rises?|fell|falls?|hit|hits|reached|reaches|stood|stands|totall?ed|totals|topped|tops|surpassed|exceeded|amounted|came\s+in|climbed|jumped|dropped|declined|grew|surged|soared|plunged|was|were|is|are|of|at|to|near|around)\s+(?:to\s+|at\s+|of\s+)?(?:(?:about|around|roughly|nearly|almost|over|more\s+than|less\s+than|some|an?|a\s+record|just|only|under|above|below)\s+)*$"
                )),
                *l,
            )
        })
        .collect()
});

static VERB_LEFT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?P<v>fined|penali[sz]ed|raised|raising|charged|charges|charging|paid\s+in\s+fees|stole|stolen|drained|valued\s+at)\s+(?:(?:about|around|roughly|nearly|over|more\s+than|some|an?|a\s+record)\s+)*$",
    )
});
static VERB_RIGHT: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s*(?P<v>raised|stolen|drained|in\s+fees|in\s+fines)\b"));
static PER_USE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^[\s,]*(?:just\s+|only\s+)?(?:for|per)\s+(?:a|an|one|each|every|the|single)?\s*(?:single\s+)?(?:[\w-]+\s+)?(?:transactions?|transfers?|swaps?|trades?|withdrawals?|payments?|mints?)\b",
    )
});
/// A phrase that starts something new after a figure: a measure noun behind it is not the
/// figure's ("$27,000 after fees were cut", "$30,000 on heavy volume").
static NEW_PHRASE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^[\s,]*(?:after|on|as|amid|with|despite|before|while|following|when|since|because|but|and|though|although|even)\b",
    )
});

/// What the money figure between `left` and `right` (its sentence around it) measures.
pub fn of(left: &str, right: &str) -> Option<&'static str> {
    if PER_USE.is_match(right) {
        return Some("fee");
    }
    if let Some(c) = VERB_RIGHT.captures(right) {
        let v = c.name("v").map_or("", |g| g.as_str()).to_lowercase();
        return Some(verb_label(&v));
    }
    if let Some((_, l)) = RIGHT.iter().find(|(r, _)| r.is_match(right)) {
        return Some(l);
    }
    if let Some(c) = VERB_LEFT.captures(left) {
        let v = c.name("v").map_or("", |g| g.as_str()).to_lowercase();
        return Some(verb_label(&v));
    }
    let tail = tail(left, 90);
    LEFT.iter().find(|(r, _)| r.is_match(tail)).map(|(_, l)| *l)
}

/// Whether what follows a figure starts a new phrase (then nouns there are not its measure).
pub fn new_phrase_follows(right: &str) -> bool {
    NEW_PHRASE.is_match(right)
}

fn verb_label(v: &str) -> &'static str {
    if v.starts_with("fine") || v.starts_with("penal") || v == "in fines" {
        "fine"
    } else if v.starts_with("rais") {
        "raise"
    } else if v.starts_with("stol") || v.starts_with("drain") {
        "hack"
    } else if v.starts_with("valued") {
        "valuation"
    } else {
        "fee"
    }
}

fn tail(s: &str, max: usize) -> &str {
    let mut from = s.len().saturating_sub(max);
    while from < s.len() && !s.is_char_boundary(from) {
        from += 1;
    }
    s.get(from..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn the_governing_noun_or_verb_names_the_measure() {
        assert_eq!(
            of("Users paid ", ", just for one Bitcoin transaction."),
            Some("fee")
        );
        assert_eq!(of("Bitcoin's trading volume hit ", "."), Some("volume"));
        assert_eq!(
            of("Average transaction fees on Bitcoin rose to ", "."),
            Some("fee")
        );
        assert_eq!(of("ETFs drew ", " of inflows on Monday."), Some("inflow"));
        assert_eq!(
            of("The exchange was fined ", " by regulators."),
            Some("fine")
        );
        assert_eq!(of("The miner said ", " raised in the round"), Some("raise"));
    }

    #[test]
    fn a_noun_in_a_later_phrase_is_not_the_measure() {
        assert_eq!(of("Bitcoin traded at ", " after fees were cut."), None);
        assert_eq!(of("Bitcoin's price rose to ", " on heavy volume."), None);
        assert_eq!(of("Fees fell after bitcoin rose to ", "."), None);
    }
}
