//! The rating stage: from an article's text and its claims to a rated summary ([`Rating`]):
//! price direction, price impact, trustworthiness, time effect, tags and the price at
//! publication, each with a justification that cites its evidence (claims, sentences).
//! It knows nothing of storage.

mod direction;
pub mod focus;
mod rules;
mod text;
mod time;

use serde::{Deserialize, Serialize};

pub use direction::{Lexical, MAX_CLASSIFIED_SENTENCES};
pub use rules::{rate, rate_reading, rate_with, SCORER};
pub use text::{sentences, Sentence};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Bullish,
    Bearish,
    Neutral,
}

/// Low / Medium / High, used for price impact and trustworthiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeEffect {
    Short,
    Medium,
    Long,
}

macro_rules! label {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
label!(Direction { Bullish => "Bullish", Bearish => "Bearish", Neutral => "Neutral" });
label!(Level { Low => "Low", Medium => "Medium", High => "High" });
label!(TimeEffect { Short => "Short", Medium => "Medium", Long => "Long" });

/// A piece of evidence a judgement rests on: a claim (by its index in the article's claims)
/// or a sentence (by character offsets into the main text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub claim: Option<usize>,
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

/// A judgement with its short, generated justification and the evidence it cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Justified<T> {
    pub value: T,
    pub justification: String,
    pub evidence: Vec<Evidence>,
}

/// The price of the main asset as the page quotes it at publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PricePoint {
    pub asset: String,
    pub value: f64,
    pub currency: String,
    /// Index of the claim the price comes from.
    pub claim: Option<usize>,
}

/// The rated summary of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub direction: Justified<Direction>,
    /// Net direction score in [-1, 1] (bearish .. bullish).
    pub direction_score: f64,
    pub impact: Justified<Level>,
    pub trust: Justified<Level>,
    pub time_effect: Justified<TimeEffect>,
    pub tags: Vec<String>,
    pub price_at_publication: Option<PricePoint>,
    /// Which scorer produced the direction ("rules-0.1", a model name, ...).
    pub scorer: String,
}

/// Direction probabilities of single sentences, in the data sets' label order:
/// `[bearish, bullish, neutral]`. The lexical cues ([`Lexical`]) are one; the fine-tuned
/// encoder (feature `model`) is another.
pub trait SentenceClassifier: Send + Sync {
    /// The scorer's name, stored with each rating.
    fn name(&self) -> &str;
    fn classify(&self, texts: &[&str]) -> anyhow::Result<Vec<[f32; 3]>>;
}

/// Label names in the classifier's order.
pub const LABELS: [Direction; 3] = [Direction::Bearish, Direction::Bullish, Direction::Neutral];
