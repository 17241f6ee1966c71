//! Which sentences the direction classifier reads. Every sentence costs one pass of the
//! model, and most of a long article's sentences are quotes, background and boilerplate the
//! classifier calls neutral. The focus is what a reader weighs for where a price is going: the
//! headline, the lede paragraph, and the sentences that carry a figure (a claim) or a
//! directional word, in the order they stand, at most [`FOCUS_MAX`]. `claimwire eval focus`
//! measures what it changes against reading every sentence: on 704 article pages it reads
//! 7 sentences instead of 80–90, but the direction agrees on only 56–57% of them (most
//! changes are calls that fall to Neutral: the aggregate needs a sentence's worth of
//! directional mass, and the focus has less). So every sentence stays the default; the focus
//! is opt-in (`CLAIMWIRE_CLASSIFY=focus`) until an aggregate that does not depend on how
//! many sentences were read is measured to agree.

use super::direction::sentence_cues;
use super::text::Sentence;

/// Most sentences the focus keeps.
pub const FOCUS_MAX: usize = 40;

/// Which sentences the classifier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Every sentence (up to the classifier's bound).
    All,
    /// Headline, lede, sentences with a claim or a directional cue.
    Focus,
}

impl Selection {
    /// The process's choice: `CLAIMWIRE_CLASSIFY=focus` reads the focus; every sentence
    /// otherwise.
    /// Read once: every rating asks.
    pub fn from_env() -> Selection {
        static CHOICE: std::sync::OnceLock<Selection> = std::sync::OnceLock::new();
        *CHOICE.get_or_init(|| match std::env::var("CLAIMWIRE_CLASSIFY").as_deref() {
            Ok("focus") => Selection::Focus,
            _ => Selection::All,
        })
    }
}

/// The sentences `selection` keeps, in their order. `claim_starts` are the character offsets
/// (into the main text) of the sentences the claims stage took a claim from.
pub fn select<'s>(
    sentences: &[Sentence<'s>],
    claim_starts: &[usize],
    selection: Selection,
) -> Vec<Sentence<'s>> {
    if selection == Selection::All {
        return sentences.to_vec();
    }
    sentences
        .iter()
        .filter(|s| {
            s.in_headline
                || s.paragraph == 0
                || claim_starts.iter().any(|&c| c >= s.start && c < s.end)
                || {
                    let (bull, bear) = sentence_cues(s.text);
                    bull + bear > 0.0
                }
        })
        .take(FOCUS_MAX)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::sentences;

    #[test]
    fn focus_keeps_headline_lede_claims_and_cues() {
        let text = "Ether climbed on Monday. Traders were upbeat.\n\n\
                    The conference had a new venue this year. \
                    The token traded at $3,100 by noon. \
                    Lunch was served at one.\n\n\
                    Analysts expect a rally into the weekend.";
        let all = sentences(Some("Ether gains"), text);
        let claim_at = text.find("The token").expect("claim sentence");
        let kept: Vec<&str> = select(&all, &[claim_at], Selection::Focus)
            .iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(
            kept,
            [
                "Ether gains",
                "Ether climbed on Monday.",
                "Traders were upbeat.",
                "The token traded at $3,100 by noon.",
                "Analysts expect a rally into the weekend."
            ]
        );
        assert_eq!(select(&all, &[claim_at], Selection::All).len(), all.len());
    }
}
