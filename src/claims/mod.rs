//! The claims stage: turns an [`Article`] into typed, normalised figures ([`Claim`]) tied to
//! the asset they measure, the named source they are attributed to and the time they refer
//! to, plus every cited source ([`SourceMention`]). Each claim keeps its sentence and
//! character offsets. It knows nothing of ratings or storage.

pub mod assets;
mod classify;
mod extract;
mod furniture;
mod measures;
pub mod numbers;
mod roles;
pub mod sentences;
pub mod sources;
pub mod time;

use serde::{Deserialize, Serialize};

pub use extract::extract;

/// Version of the extractor, stored with every claim so that old rows can be re-extracted.
pub const EXTRACTOR_VERSION: &str = "claims-0.2";

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A price level of an asset ("BTC trading around $92,400").
    Price,
    /// A percentage ("27% below its October peak").
    Percent,
    /// A move in basis points ("a 25 basis-point cut").
    BasisPoints,
    /// Money that is not a price level: fund sizes, volumes, purchases, raises.
    Amount,
    /// An amount of a cryptoasset ("1,000 BTC").
    CryptoAmount,
    /// A level of an index ("Russell 2000 at 2,500 points").
    IndexLevel,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Price => "price",
            ClaimKind::Percent => "percent",
            ClaimKind::BasisPoints => "basis_points",
            ClaimKind::Amount => "amount",
            ClaimKind::CryptoAmount => "crypto_amount",
            ClaimKind::IndexLevel => "index_level",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimKind> {
        Some(match s {
            "price" => ClaimKind::Price,
            "percent" => ClaimKind::Percent,
            "basis_points" | "bp" | "bps" => ClaimKind::BasisPoints,
            "amount" => ClaimKind::Amount,
            "crypto_amount" => ClaimKind::CryptoAmount,
            "index_level" => ClaimKind::IndexLevel,
            _ => return None,
        })
    }
}

/// What a price or index level is, where the text says it. Stored as the snake-case name in
/// the `role` column; the set is closed (readers may rely on it):
///
/// | value | meaning | written as |
/// |---|---|---|
/// | `current` | the spot price or level now | "trading at", "last at", "changing hands at" |
/// | `target` | a target, forecast or projection | "could reach", "sees it at", "target of" |
/// | `support` | a support level or floor | "support at", "retest of support in the $25,000s" |
/// | `resistance` | a resistance level or ceiling | "resistance near", "capped at" |
/// | `high` | a session or period high | "session highs in the $28,300s", "topped at" |
/// | `record` | a record / all-time high | "record of", "all-time high", "peak" |
/// | `low` | a session, period or record low | "a low of", "bottomed at" |
/// | `threshold` | a level the text treats as a line to cross | "the $30K level", "break above", "sub-$20k" |
/// | `historical` | a level of a past date | "in Nov. 2021 it hit $69,000" |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Current,
    Record,
    Low,
    Support,
    Resistance,
    Target,
    Historical,
    High,
    Threshold,
}

/// How precisely the text gives a figure. Stored in the `precision` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A point value as written ("$27,120").
    #[default]
    Exact,
    /// A point value with a hedge ("around $27,000", "~5%").
    Approximate,
    /// A band without position ("in the $28,300s": value 28,300, value_high 28,400).
    Zone,
    /// The lower third of a band ("the low-$26,000s": 26,000–27,000).
    ZoneLow,
    /// The middle of a band ("mid-$2,100s").
    ZoneMid,
    /// The upper third of a band ("the high $20s").
    ZoneHigh,
    /// Both ends given ("$26,500-$27,000", "between 3% and 5%"): value and value_high.
    Range,
}

/// How the text bounds a figure ("around", "above", "at least", ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    Approximately,
    Above,
    Below,
    AtLeast,
    AtMost,
}

/// A date or period a claim refers to, normalised against the publication date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeRef {
    /// The words in the text ("next 12 months", "Thursday").
    pub text: String,
    /// Start of the period, ISO date, when it can be resolved.
    pub start: Option<String>,
    /// End of the period, ISO date, when it can be resolved.
    pub end: Option<String>,
    /// Whether the period lies after publication (a horizon, a forecast).
    pub future: bool,
}

/// One extracted figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// Normalised value: money in units of `currency`, percentages and basis points as numbers.
    pub value: f64,
    /// Upper end when the text gives a range.
    pub value_high: Option<f64>,
    /// ISO currency code or crypto ticker the value is denominated in ("USD", "BTC").
    pub currency: Option<String>,
    pub bound: Bound,
    /// +1 for a rise ("up 4%"), -1 for a fall ("fell 12%"), 0 when the text gives none.
    pub change: i8,
    /// The asset the figure measures, as its canonical ticker or name ("BTC", "Russell 2000").
    pub asset: Option<String>,
    pub role: Option<Role>,
    #[serde(default)]
    pub precision: Precision,
    /// What an amount measures ("fee", "volume", "market_cap", "inflow", "raise", ...);
    /// `None` for other kinds and for amounts the text does not name.
    #[serde(default)]
    pub measures: Option<String>,
    /// Who the figure is attributed to ("Goldman Sachs"); `None` when nobody is named.
    pub source: Option<String>,
    pub time: Option<TimeRef>,
    /// The figure as written ("$8.2 billion").
    pub surface: String,
    pub sentence: String,
    /// Character (not byte) offsets of the figure in the main text (or in the title when
    /// `in_headline`).
    pub start: usize,
    pub end: usize,
    pub sentence_start: usize,
    pub in_headline: bool,
    pub extractor: String,
}

/// A cited source: a named organisation or person the article attributes something to, or an
/// unnamed one ("analysts say").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceMention {
    pub name: String,
    pub named: bool,
    pub sentence: String,
    /// Character offsets of the name in the main text (or in the title when `in_headline`).
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub in_headline: bool,
}

/// What the claims stage finds in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub claims: Vec<Claim>,
    pub sources: Vec<SourceMention>,
    /// Every date or period found, claim-bound or not (feeds the time effect).
    pub times: Vec<TimeRef>,
    /// Assets mentioned anywhere, canonical names, most mentioned first.
    pub assets: Vec<String>,
}
