//! Attribution: finds who a sentence attributes its content to — named sources ("according
//! to Goldman Sachs", "Milk Road Macro noted on X that", "the CME FedWatch tool shows",
//! "data from CoinGlass") and unnamed ones ("analysts say", "several strategists argue") —
//! and normalises names ("CME Fed Watch Tool" -> "CME FedWatch"). Bylines, captions and
//! share buttons carry no verb of saying and are not matched.

use super::assets;
use once_cell::sync::Lazy;
use regex::Regex;

/// One attribution in a sentence; offsets are bytes into the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub name: String,
    pub named: bool,
    /// A reference to a source named earlier ("according to the news site", "the report
    /// said"): the extractor resolves it to the last named source before.
    pub refers_back: bool,
    pub start: usize,
    pub end: usize,
}

const TOKEN: &str = r"(?:[A-Z][\w&.\-]*|\d+[A-Za-z]\w*)";
const VERBS: &str = "said|says|noted|notes|wrote|writes|told|tells|forecasts?|forecasted|estimates|estimated|expects|expected|argues|argued|predicts|predicted|projects|projected|reported|reports|warned|warns|added|adds|believes|sees|saw|stated|states|commented|observed|observes|explained|explains|suggested|suggests|thinks|shows|showed|indicates|indicated|cautioned|cautions|highlighted|highlights|pointed out|announced|announces|confirmed|confirms|claimed|claims|puts|put|places|placed|pegs|pegged|gives|assigns|wrote in a note|put it";

fn run() -> String {
    let run = format!(r"{TOKEN}(?:\s+(?:(?:of|de|and|&)\s+)?{TOKEN})*");
    format!(r"{run}(?:['’]s?\s+{run})?")
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
}

static ACCORDING: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i:according\s+to)\s+(?:(?i:the|a|an)\s+)?(?:(?i:data|figures|estimates|analysis|research|report|calculations|a\s+report|a\s+note)\s+(?i:from|by)\s+(?:the\s+)?)?(?P<name>{})",
        run()
    ))
});
static SUBJECT_VERB: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?P<name>{})(?:\s+(?P<suffix>tool|data|analysts?|strategists?|economists?|researchers?|report|research|team|desk|survey|chief\s+executive|CEO|founder|model|indicator|gauge|tracker))?,?\s+(?:(?:also|has|have|had|recently|previously|now|further|separately)\s+)?(?:{VERBS})\b",
        run()
    ))
});
static VERB_SUBJECT: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"\b(?:said|says|noted|wrote|added|explained|argued)\s+(?:the\s+)?(?P<name>{})",
        run()
    ))
});
static FROM_SOURCE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i:data\s+from|figures\s+from|per|cited\s+by|a\s+report\s+(?:by|from)|research\s+from|(?:analysts|strategists|economists|researchers)\s+(?:at|from)|compiled\s+by|tracked\s+by)\s+(?:the\s+)?(?P<name>{})",
        run()
    ))
});
/// A person introduced with a role: "Jane Roe, chief strategist at Acme Capital, said".
static PERSON_WITH_ROLE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’\-]+)+),\s+(?:the\s+|a\s+|an\s+)?(?:[\w\-]+\s+){{0,4}}?(?i:strategist|analyst|economist|ceo|founder|co-founder|head|director|officer|president|chief|partner|manager|trader|researcher|chair\w*|governor|secretary|investor)\b[^,;]{{0,60}},\s+(?:{VERBS})\b"
    ))
});
static REFERS_BACK: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:according\s+to\s+the\s+(?P<a>news\s+site|site|outlet|publication|newspaper|paper|report|firm|company|bank|agency|data\s+provider|exchange|survey|study|model|tool)|the\s+(?P<b>news\s+site|outlet|publication|newspaper|report|firm|company|bank|agency|data\s+provider|exchange|survey|study|model|tool)\s+(?:said|says|noted|notes|showed|shows|added|adds|reported|reports|wrote|writes|found|finds|estimated|estimates))\b",
    )
});
static UNNAMED: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?P<who>(?:(?:some|many|several|most|other|a\s+few|few|two|three|market|crypto|wall\s+street|independent|industry|on-chain|technical)\s+)*(?:analysts?|strategists?|economists?|traders?|experts?|observers|market\s+watchers|watchers|investors|participants|technicians|commentators|insiders|people\s+familiar\s+with\s+the\s+matter|sources))\s+(?:\w+\s+)?(?:say|said|says|argue|argued|expect|expected|note|noted|view|viewed|believe|believed|suggest|suggested|warn|warned|characteri[sz]e|think|see|predict|forecast|estimate|contend|caution|point|told|reckon)\b",
    )
});
static ACCORDING_UNNAMED: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\baccording\s+to\s+(?P<who>(?:some\s+|many\s+|several\s+|market\s+)?(?:analysts|traders|strategists|economists|experts|observers|sources|people\s+familiar\s+with\s+the\s+matter))\b",
    )
});

const LEADING_NOISE: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "While",
    "In",
    "On",
    "At",
    "As",
    "If",
    "Also",
    "Separately",
    "Now",
    "Analysts",
    "Strategists",
];

const NOT_SOURCES: &[&str] = &[
    "the",
    "history",
    "data",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "analysis",
    "research",
    "markets",
    "market",
    "report",
    "evidence",
    "chart",
    "charts",
    "price",
    "prices",
    "expectations",
    "sentiment",
    "momentum",
    "volume",
    "everyone",
    "nobody",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "analysts",
    "analyst",
    "traders",
    "strategists",
    "economists",
    "investors",
    "experts",
    "observers",
    "x",
    "twitter",
    "story",
    "article",
    "study",
    "survey",
    "index",
    "what",
    "which",
    "who",
    "officials",
    "critics",
    "proponents",
    "supporters",
    "bulls",
    "bears",
];

/// Known spellings of sources, keyed by the name lower-cased without spaces, possessives
/// and a trailing "tool".
const CANONICAL: &[(&str, &str)] = &[
    ("cmefedwatch", "CME FedWatch"),
    ("cmegroupfedwatch", "CME FedWatch"),
    ("fedwatch", "CME FedWatch"),
    ("federalreserve", "Federal Reserve"),
    ("fed", "Federal Reserve"),
    ("zerohedge", "ZeroHedge"),
    ("coinglass", "CoinGlass"),
    ("jpmorgan", "JPMorgan"),
    ("jpmorganchase", "JPMorgan"),
    ("goldman", "Goldman Sachs"),
];

/// Normalises a source name: known spellings, possessives ("Standard Chartered's Geoff
/// Kendrick" -> "Standard Chartered"), leading articles.
pub fn normalise(name: &str) -> String {
    let key: String = name
        .to_lowercase()
        .replace(['’', '\''], "")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let key = key.replace("cmes", "cme");
    let key = key.strip_suffix("tool").unwrap_or(&key).to_string();
    if let Some((_, canon)) = CANONICAL.iter().find(|(k, _)| *k == key) {
        return (*canon).to_string();
    }
    let mut n = name.trim().trim_end_matches(['.', ',']).to_string();
    for sep in ["'s ", "’s ", "' ", "’ "] {
        if let Some(i) = n.find(sep) {
            n.truncate(i);
        }
    }
    n.trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim()
        .to_string()
}

fn clean_name(raw: &str) -> Option<(String, usize)> {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    let mut skipped = 0usize;
    while let Some(first) = words.first() {
        if LEADING_NOISE.contains(first) && words.len() > 1 {
            skipped += first.len() + 1;
            words.remove(0);
        } else {
            break;
        }
    }
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let joined = words.join(" ");
    let name = normalise(&joined);
    let lower = name.to_lowercase();
    if name.is_empty() || NOT_SOURCES.contains(&lower.as_str()) {
        return None;
    }
    if assets::is_asset_name(&name)
        && assets::class_of(&name) != Some(assets::AssetClass::Actor)
        && name != "Federal Reserve"
    {
        return None;
    }
    Some((name, skipped))
}

/// Finds the attributions in one sentence.
pub fn find(sentence: &str) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for pat in [
        &*PERSON_WITH_ROLE,
        &*ACCORDING,
        &*SUBJECT_VERB,
        &*VERB_SUBJECT,
        &*FROM_SOURCE,
    ] {
        for c in pat.captures_iter(sentence) {
            let Some(g) = c.name("name") else { continue };
            let Some((mut name, skipped)) = clean_name(g.as_str()) else {
                continue;
            };
            // Models keep their noun: "the Stock-to-Flow model".
            if c.name("suffix").is_some_and(|s| s.as_str() == "model") {
                name.push_str(" model");
            }
            let start = g.start() + skipped;
            if out.iter().any(|a| a.start < g.end() && start < a.end)
                || covered.iter().any(|&(a, b)| a < g.end() && start < b)
            {
                continue;
            }
            if std::ptr::eq(pat, &*PERSON_WITH_ROLE) {
                // The role and organisation belong to the person: no second source there.
                if let Some(all) = c.get(0) {
                    covered.push((all.start(), all.end()));
                }
            }
            out.push(Attribution {
                name,
                named: true,
                refers_back: false,
                start,
                end: g.end(),
            });
        }
    }
    for pat in [&*ACCORDING_UNNAMED, &*UNNAMED] {
        for c in pat.captures_iter(sentence) {
            let Some(g) = c.name("who") else { continue };
            if out.iter().any(|a| a.start < g.end() && g.start() < a.end) {
                continue;
            }
            out.push(Attribution {
                name: g.as_str().to_lowercase(),
                named: false,
                refers_back: false,
                start: g.start(),
                end: g.end(),
            });
        }
    }
    for c in REFERS_BACK.captures_iter(sentence) {
        let Some(g) = c.name("a").or(c.name("b")) else {
            continue;
        };
        if out.iter().any(|a| a.start < g.end() && g.start() < a.end) {
            continue;
        }
        out.push(Attribution {
            name: format!("the {}", g.as_str().to_lowercase()),
            named: false,
            refers_back: true,
            start: g.start(),
            end: g.end(),
        });
    }
    out.sort_by_key(|a| a.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<(String, bool)> {
        find(s).into_iter().map(|a| (a.name, a.named)).collect()
    }

    #[test]
    fn named_and_unnamed() {
        assert_eq!(
            names("Expectations are high at 40%, according to the CME Fed Watch Tool."),
            vec![("CME FedWatch".to_string(), true)]
        );
        assert_eq!(
            names("The CME FedWatch tool shows markets pricing two cuts."),
            vec![("CME FedWatch".to_string(), true)]
        );
        assert_eq!(
            names("Acme Macro noted on X that rates matter."),
            vec![("Acme Macro".to_string(), true)]
        );
        assert_eq!(names("History suggests a rally."), vec![]);
        assert_eq!(
            names("Several strategists argue the setup is forming."),
            vec![("several strategists".to_string(), false)]
        );
        assert_eq!(names("By Jane Roe | Edited by John Doe"), vec![]);
    }
}
