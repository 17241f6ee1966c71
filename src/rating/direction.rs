//! Price direction by rules: weighted bullish and bearish cues per sentence, with negation
//! flipping a cue and hedged or past-tense facts counting less; the headline and lede weigh
//! more. The net score in [-1, 1] decides the direction.

use once_cell::sync::Lazy;
use regex::Regex;

use super::text::Sentence;
use super::{Direction, Evidence, SentenceClassifier};

/// |score| needed for a bullish or bearish call.
pub const DIRECTION_THRESHOLD: f64 = 0.2;

static BULLISH: Lazy<Regex> = Lazy::new(|| {
    word_list(&[
        r"catch(?:es|ing)?[- ]up",
        r"rall(?:y|ies|ied|ying)",
        r"surg(?:e|es|ed|ing)",
        r"record highs?",
        r"all[- ]time highs?",
        r"new highs?",
        r"fresh highs?",
        r"boost(?:s|ed)?",
        r"bullish(?:ness)?",
        r"upside",
        r"inflows?",
        r"rate cuts?",
        r"easing",
        r"eas(?:e|es)",
        r"liquidity (?:injection|expansion)s?",
        r"expands? liquidity",
        r"supportive",
        r"poised",
        r"break(?:s|ing)? ?out",
        r"breakouts?",
        r"outperform(?:s|ed|ing)?",
        r"gains?",
        r"climb(?:s|ed|ing)?",
        r"jump(?:s|ed)?",
        r"soar(?:s|ed|ing)?",
        r"accommodative",
        r"tailwinds?",
        r"rebound(?:s|ed)?",
        r"recover(?:s|ed|y)?",
        r"optimis(?:m|tic)",
        r"strength",
        r"realign",
        r"leg higher",
        r"explosive moves?",
        r"buying opportunit(?:y|ies)",
        r"risk[- ]on",
        r"adoption",
        r"approv(?:al|ed|es)",
    ])
});

static BEARISH: Lazy<Regex> = Lazy::new(|| {
    word_list(&[
        r"bearish",
        r"sell[- ]?offs?",
        r"plung(?:e|es|ed|ing)",
        r"crash(?:es|ed)?",
        r"declin(?:e|es|ed|ing)",
        r"fell",
        r"falls?",
        r"falling",
        r"drop(?:s|ped)?",
        r"slump(?:s|ed)?",
        r"outflows?",
        r"weakness",
        r"hurdles?",
        r"concerns?",
        r"fears?",
        r"risk[- ]off",
        r"tumbl(?:e|es|ed|ing)",
        r"loss(?:es)?",
        r"lag(?:s|ged|ging)?",
        r"stall(?:s|ed)?",
        r"disappoint(?:s|ed|ing)?",
        r"drawdowns?",
        r"hawkish",
        r"rate hikes?",
        r"liquidat(?:ed|ions?)",
        r"hack(?:ed|s)?",
        r"exploit(?:ed|s)?",
        r"lawsuit",
        r"ban(?:s|ned)?",
        r"headwinds?",
        r"downturn",
        r"bear market",
    ])
});

static NEGATION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:not|no|never|without|n't|doesn't|don't|isn't|wasn't|didn't|hardly|fails? to)\b",
    )
    .expect("static regex")
});

/// Words that make a sentence a view rather than a fact; views count a little less.
static HEDGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:may|might|could|potentially|perhaps|possibly|suggests?|likely|expected to|appears? to|if)\b")
        .expect("static regex")
});

fn word_list(words: &[&str]) -> Regex {
    Regex::new(&format!(r"(?i)\b(?:{})\b", words.join("|"))).expect("static regex")
}

/// The direction of one sentence: (bullish weight, bearish weight).
pub(super) fn sentence_cues(s: &str) -> (f64, f64) {
    let mut bull = 0.0;
    let mut bear = 0.0;
    let mut tally = |re: &Regex, positive: bool| {
        for m in re.find_iter(s) {
            let window_start = s[..m.start()]
                .char_indices()
                .rev()
                .filter(|(_, c)| c.is_whitespace())
                .nth(3)
                .map_or(0, |(i, _)| i);
            let negated = NEGATION.is_match(&s[window_start..m.start()]);
            match (positive, negated) {
                (true, false) | (false, true) => {
                    bull += if negated { 0.5 } else { 1.0 };
                }
                (true, true) | (false, false) => {
                    bear += if negated { 0.5 } else { 1.0 };
                }
            }
        }
    };
    tally(&BULLISH, true);
    tally(&BEARISH, false);
    (bull, bear)
}

/// Whether a sentence is hedged or speculative.
pub fn hedged(s: &str) -> bool {
    HEDGE.is_match(s)
}

/// The lexical cues as a sentence classifier: no cue is neutral; otherwise the cues' balance,
/// with confidence growing with their number.
pub struct Lexical;

impl SentenceClassifier for Lexical {
    fn name(&self) -> &str {
        super::rules::SCORER
    }
    fn classify(&self, texts: &[&str]) -> anyhow::Result<Vec<[f32; 3]>> {
        Ok(texts
            .iter()
            .map(|t| {
                let (b, r) = sentence_cues(t);
                let cues = b + r;
                if cues == 0.0 || b == r {
                    return [0.0, 0.0, 1.0];
                }
                let sure = (0.5 + 0.25 * cues).min(1.0);
                let bull = (b / cues * sure) as f32;
                let bear = (r / cues * sure) as f32;
                [bear, bull, 1.0 - bull - bear]
            })
            .collect())
    }
}

/// Position weight: the headline counts double, the lede one and a half; a hedged sentence
/// (a view, not a fact) counts a little less.
fn weight(s: &Sentence) -> f64 {
    let position = if s.in_headline {
        2.0
    } else if s.paragraph == 0 {
        1.5
    } else {
        1.0
    };
    position * if hedged(s.text) { 0.8 } else { 1.0 }
}

/// The article's direction, net score and the sentences that weighed most, by the lexical
/// cues: bullish and bearish cue counts, weighted by position.
pub fn direction(sentences: &[Sentence]) -> (Direction, f64, Vec<Evidence>) {
    let mut weighed = Vec::new();
    let (mut bull, mut bear) = (0.0, 0.0);
    for s in sentences {
        let (b, r) = sentence_cues(s.text);
        if b == 0.0 && r == 0.0 {
            continue;
        }
        let w = weight(s);
        bull += b * w;
        bear += r * w;
        weighed.push(((b - r) * w, s));
    }
    decide(bull, bear, 2.0, weighed)
}

/// Most sentences given to the classifier for one article.
pub const MAX_CLASSIFIED_SENTENCES: usize = 300;

/// The same from a sentence classifier's probabilities: each sentence adds its weighted
/// bullish and bearish probability; a sentence the classifier calls neutral adds little. A
/// call needs directional mass of at least one sure sentence.
pub fn direction_with(
    sentences: &[Sentence],
    clf: &dyn SentenceClassifier,
) -> anyhow::Result<(Direction, f64, Vec<Evidence>)> {
    // A bound on the model's work whatever the page: the headline and the first sentences
    // (a long feature has a few hundred) decide; the rest of a huge text adds nothing.
    let sentences = &sentences[..sentences.len().min(MAX_CLASSIFIED_SENTENCES)];
    let texts: Vec<&str> = sentences.iter().map(|s| s.text).collect();
    let probs = clf.classify(&texts)?;
    let mut weighed = Vec::new();
    let (mut bull, mut bear) = (0.0, 0.0);
    for (s, p) in sentences.iter().zip(&probs) {
        let w = weight(s);
        let (b, r) = (f64::from(p[1]), f64::from(p[0]));
        bull += b * w;
        bear += r * w;
        if b.max(r) > f64::from(p[2]) {
            weighed.push(((b - r) * w, s));
        }
    }
    Ok(decide(bull, bear, 1.0, weighed))
}

fn decide(
    bull: f64,
    bear: f64,
    min_mass: f64,
    mut weighed: Vec<(f64, &Sentence)>,
) -> (Direction, f64, Vec<Evidence>) {
    let total = bull + bear;
    let score = if total == 0.0 {
        0.0
    } else {
        (bull - bear) / total
    };
    let dir = if total < min_mass || score.abs() < DIRECTION_THRESHOLD {
        Direction::Neutral
    } else if score > 0.0 {
        Direction::Bullish
    } else {
        Direction::Bearish
    };
    // Evidence: the sentences that pushed hardest the way the call went.
    let sign = match dir {
        Direction::Bullish => 1.0,
        Direction::Bearish => -1.0,
        Direction::Neutral => 0.0,
    };
    weighed.sort_by(|a, b| {
        let key = |x: &(f64, &Sentence)| if sign == 0.0 { x.0.abs() } else { x.0 * sign };
        key(b).total_cmp(&key(a)).then(a.1.start.cmp(&b.1.start))
    });
    let evidence = weighed
        .iter()
        .take(3)
        .map(|(_, s)| Evidence {
            claim: None,
            start: s.start,
            end: s.end,
            quote: s.text.to_string(),
        })
        .collect();
    (dir, score, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_flips_a_cue() {
        let (b, r) = sentence_cues("This lag doesn't necessarily signal weakness.");
        assert!(b > 0.0, "negated weakness reads as mildly bullish");
        assert_eq!(r, 1.0, "'lag' itself stays bearish");
    }

    #[test]
    fn plain_cues_count() {
        assert_eq!(
            sentence_cues("Bitcoin surged to a record high."),
            (2.0, 0.0)
        );
        assert_eq!(sentence_cues("Ether fell as outflows mounted."), (0.0, 2.0));
    }
}
