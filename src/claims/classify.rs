//! Deciding what a figure is: its [`ClaimKind`] (price vs amount vs index level ...), the
//! asset it measures, its [`Role`] and the time it refers to, from the words around it in
//! its sentence (and the previous sentence's subject as a fallback).

use super::assets::{AssetClass, Mention};
use super::numbers::{Figure, Unit};
use super::time::TimeSpan;
use super::{measures, roles};
use super::{ClaimKind, Role};
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

/// What the classifier knows about the sentence a figure sits in.
pub struct Context<'a> {
    pub sentence: &'a str,
    pub mentions: &'a [Mention],
    pub times: &'a [TimeSpan],
    pub figures: &'a [Figure],
    /// The price-class subject of the previous sentence, for "Both assets rallied above $90,000".
    pub prev_subject: Option<&'a str>,
    pub published: Option<NaiveDate>,
}

/// The classifier's verdict on one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub kind: ClaimKind,
    pub asset: Option<String>,
    pub role: Option<Role>,
    /// What an amount measures ("fee", "volume", ...).
    pub measures: Option<String>,
    /// Index into `Context::times`.
    pub time: Option<usize>,
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
}

static AMOUNT_AFTER: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^[\s,]*(?:(?:in|of|worth|for|from|into)\s+)?(?:[\w’'-]+\s+){0,3}?(?:purchases?|buying|buys|buyback|program|programme|plan|operations?|funds?|funding|raise|round|revenues?|sales|volumes?|inflows?|outflows?|market\s+cap|market\s+value|capitali[sz]ation|valuation|deal|acquisition|loans?|debt|liquidations?|reserves?|aum|investments?|stake|bonds?|bills?|deposits?|profits?|losses|fees|budget|spending|stimulus|capital|holdings|supply|cash|settlement|fine|penalty|transfers?|open\s+interest|etfs?|offering|package|facility|injection|treasuries|assets|company|firm|startup|hack|exploit|bailout|contracts?|orders?|payments?|grants?|notional|net\s+flows|mortgage|bill)\b",
    )
});
static AMOUNT_BEFORE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:raised|raises|raising|raise|invested|invest|investing|bought|buy|buying|purchased|purchase|spent|spend|worth|valued\s+at|valuation\s+of|market\s+cap(?:italization)?\s+of|inflows?\s+of|outflows?\s+of|volumes?\s+of|revenues?\s+of|funding\s+of|starting\s+with|totaling|totalling|total\s+of|a\s+further|an\s+additional|pumped|injected|injecting|allocated|secured|stole|stolen|drained|liquidated|borrowed|lent|paid|pay|fined|issued|sold|acquired|acquire|manages|deposited|withdrew|withdrawn|recorded|saw|attracted|drew|pulled|logged|posted|generated|earned)\s+(?:(?:about|around|roughly|nearly|over|more\s+than|some|up\s+to|approximately|another|a\s+total\s+of|an\s+estimated|a\s+record|a|an|net|its|the)\s+)*$",
    )
});
static PRICE_BEFORE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:trading|trades|traded|trade|price|priced|hit|hits|reach|reached|reaches|touch|touched|peaked|topped|tops|surged|jumped|climbed|rose|fell|dropped|slid|rallied|broke|breaks|crossed|reclaimed|tested|above|below|near|around|at|to|of|high|low|record|support|resistance|target|level|sits|sat|hovering|hovers|consolidates|consolidating|toward|towards|beyond|past|under|over|reaching|hitting|touching|rising|climbing|falling|dropping)\s+(?:(?:the|a|its|new|key|psychological|fresh|about|around|roughly|nearly|at\s+least|up\s+to|as\s+high\s+as|as\s+low\s+as|more\s+than|less\s+than|just)\s+)*$",
    )
});
static INDEX_GAP: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\)?(?:['’]s?)?\s*(?:\([\w$]+\)\s*)?(?:index\s+|average\s+)?(?:[a-z]+\s+){0,2}(?:at|to|near|around|above|below|of|past|over|under|from)\s+(?:the\s+)?(?:[a-z]+\s+)?$",
    )
});
static TRADED: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:trad\w*|shares?|stocks?|prices?d?|coins?|tokens?|quoted|changed\s+hands|closed|opened|break\w*\s+(?:above|below|through)|broke)\b",
    )
});
/// A quantity a commodity is priced in: "$1,737 a tonne", "$55 per barrel".
static PER_TRADED_UNIT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\s*(?:an?|per)\s+(?:troy\s+)?(?:ounce|oz|barrel|bbl|tonne|ton|metric\s+ton|pound|lb|bushel|gallon|mmbtu)\b",
    )
});
static CHANGE_BY_POINTS: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:fell|falls?|rose|rises?|gained|gains?|lost|loses|added|adds|shed|sheds|climbed|climbs?|dropped|drops?|jumped|jumps?|slid|slipped|advanced|declined|tumbled|surged|up|down)\s+(?:by\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+)?$",
    )
});
static LEVEL_AFTER_MOVES: Lazy<Regex> =
    Lazy::new(|| re(r"(?i),?\s+(?:to|at)\s+(?:a\s+(?:record\s+)?(?:close\s+of\s+)?)?$"));

fn window_left<'a>(ctx: &'a Context, f: &Figure, max: usize) -> &'a str {
    let prev_end = ctx
        .figures
        .iter()
        .filter(|g| g.end <= f.start)
        .map(|g| g.end)
        .max()
        .unwrap_or(0);
    let mut from = prev_end.max(f.start.saturating_sub(max));
    while from < f.start && !ctx.sentence.is_char_boundary(from) {
        from += 1;
    }
    ctx.sentence.get(from..f.start).unwrap_or("")
}

fn window_right<'a>(ctx: &'a Context, f: &Figure, max: usize) -> &'a str {
    let next = ctx
        .figures
        .iter()
        .filter(|g| g.start >= f.end)
        .map(|g| g.start)
        .min()
        .unwrap_or(ctx.sentence.len());
    let mut to = next.min(f.end + max);
    while to > f.end && !ctx.sentence.is_char_boundary(to) {
        to -= 1;
    }
    ctx.sentence.get(f.end..to).unwrap_or("")
}

fn nearest<'a>(
    ctx: &'a Context,
    f: &Figure,
    keep: impl Fn(&Mention) -> bool,
) -> Option<&'a Mention> {
    let before = ctx
        .mentions
        .iter()
        .filter(|m| m.end <= f.start && keep(m))
        .max_by_key(|m| m.end);
    before.or_else(|| {
        ctx.mentions
            .iter()
            .filter(|m| m.start >= f.end && keep(m))
            .min_by_key(|m| m.start)
    })
}

/// Decides what a figure is; `None` for numbers that are not claims (years, counts, plain
/// numbers, parts of names).
pub fn decide(f: &Figure, ctx: &Context) -> Option<Decision> {
    let left = window_left(ctx, f, 72);
    let right = window_right(ctx, f, 72);
    let price_asset = || {
        nearest(ctx, f, |m| m.class.has_price())
            .map(|m| m.id.clone())
            .or(ctx.prev_subject.map(str::to_string))
    };
    let (kind, asset) = match &f.unit {
        Unit::Percent | Unit::PercentagePoints => {
            let a = nearest(ctx, f, |m| m.class != AssetClass::Actor).map(|m| m.id.clone());
            let a = a.or_else(|| {
                (f.change != 0)
                    .then(|| ctx.prev_subject.map(str::to_string))
                    .flatten()
            });
            (ClaimKind::Percent, a)
        }
        Unit::BasisPoints => (
            ClaimKind::BasisPoints,
            nearest(ctx, f, |m| m.class == AssetClass::Actor).map(|m| m.id.clone()),
        ),
        Unit::Crypto(t) => (ClaimKind::CryptoAmount, Some(t.clone())),
        Unit::Points | Unit::Plain => {
            if f.year_like || f.value_high.is_some() && f.unit == Unit::Plain {
                return None;
            }
            let m = ctx
                .mentions
                .iter()
                .filter(|m| m.class == AssetClass::Index && m.end <= f.start)
                .max_by_key(|m| m.end)?;
            let gap = ctx.sentence.get(m.end..f.start).unwrap_or("");
            if f.unit == Unit::Points && CHANGE_BY_POINTS.is_match(gap) {
                // "fell 102 points": a move, not a level.
                return None;
            }
            let between: Vec<&Figure> = ctx
                .figures
                .iter()
                .filter(|g| g.start >= m.end && g.end <= f.start)
                .collect();
            let plain = gap.len() < 60
                && between.is_empty()
                && (INDEX_GAP.is_match(gap) || (f.unit == Unit::Points && gap.len() < 40));
            // "The Dow fell 102 points, or 0.4%, to 27,934": the moves between, then the level.
            let after_moves = gap.len() < 90
                && !between.is_empty()
                && between
                    .iter()
                    .all(|g| matches!(g.unit, Unit::Points | Unit::Percent) || g.change != 0)
                && LEVEL_AFTER_MOVES.is_match(gap);
            if !(plain || after_moves) {
                return None;
            }
            (ClaimKind::IndexLevel, Some(m.id.clone()))
        }
        Unit::Money => {
            // Money per unit of an asset ("$94,000 per bitcoin") is that asset's price.
            let per_asset = ctx.mentions.iter().any(|m| {
                m.class.has_price()
                    && m.start >= f.end
                    && ctx.sentence.get(f.end..m.start).is_some_and(|g| {
                        matches!(
                            g.trim(),
                            "per" | "a" | "an" | "each" | "for each" | "for one"
                        )
                    })
            });
            let measure = measures::of(left, right).filter(|_| !per_asset);
            let ticker = ctx.mentions.iter().find(|m| {
                m.class == AssetClass::Crypto
                    && !m.anaphor
                    && m.end <= f.start
                    && ctx
                        .sentence
                        .get(m.end..f.start)
                        .is_some_and(|g| g.trim().is_empty())
            });
            let amount_after = AMOUNT_AFTER.is_match(right) && !measures::new_phrase_follows(right);
            if f.currency.is_none() {
                // Only an exchange rate ("108.55 per dollar") is money without a currency.
                (ClaimKind::Price, None)
            } else if let (Some(t), None) = (ticker, measure) {
                (ClaimKind::Price, Some(t.id.clone()))
            } else if measure.is_some()
                || AMOUNT_BEFORE.is_match(left)
                || amount_after
                || f.scale >= 1e9
            {
                (
                    ClaimKind::Amount,
                    nearest(ctx, f, |_| true).map(|m| m.id.clone()),
                )
            } else if f.scale >= 1e6 {
                let asset_follows = ctx.mentions.iter().any(|m| {
                    m.class.has_price()
                        && m.start >= f.end
                        && ctx.sentence.get(f.end..m.start).is_some_and(|g| {
                            let g = g.trim();
                            g.is_empty() || g == "per" || g == "for"
                        })
                });
                match price_asset() {
                    Some(a) if PRICE_BEFORE.is_match(left) || asset_follows => {
                        (ClaimKind::Price, Some(a))
                    }
                    _ => (
                        ClaimKind::Amount,
                        nearest(ctx, f, |_| true).map(|m| m.id.clone()),
                    ),
                }
            } else if let Some(a) = price_asset() {
                (ClaimKind::Price, Some(a))
            } else if PRICE_BEFORE.is_match(left) && TRADED.is_match(left)
                || level_after_move(ctx, f)
                || PER_TRADED_UNIT.is_match(right)
            {
                // No asset: a price only where the words say something trades ("the coin
                // traded at $2"); "will start at $499" is what a thing costs, an amount.
                (ClaimKind::Price, None)
            } else {
                (ClaimKind::Amount, None)
            }
        }
    };
    let time = attach_time(ctx, f);
    let role = match kind {
        ClaimKind::Price | ClaimKind::IndexLevel => roles::role(ctx, f, left, right, time),
        _ => None,
    };
    Some(Decision {
        kind,
        asset,
        role,
        measures: match (kind, &f.unit) {
            (ClaimKind::Amount, Unit::Money) => measures::of(left, right).map(str::to_string),
            _ => None,
        },
        time,
    })
}

/// "up 0.05% to $1.1075", "lost 0.06% to $1,737": money right after a move and "to" is the
/// level the move ended at.
fn level_after_move(ctx: &Context, f: &Figure) -> bool {
    ctx.figures
        .iter()
        .filter(|g| g.end <= f.start)
        .max_by_key(|g| g.end)
        .is_some_and(|g| {
            matches!(g.unit, Unit::Percent | Unit::Points)
                && g.change != 0
                && ctx
                    .sentence
                    .get(g.end..f.start)
                    .is_some_and(|gap| gap.trim() == "to" || gap.trim() == ", to")
        })
}

/// The time a figure refers to: the nearest time expression in its sentence, preferring
/// one in the same clause.
fn attach_time(ctx: &Context, f: &Figure) -> Option<usize> {
    let s = ctx.sentence;
    ctx.times
        .iter()
        .enumerate()
        .min_by_key(|(_, t)| {
            let (a, b) = if t.end <= f.start {
                (t.end, f.start)
            } else {
                (f.end, t.start.max(f.end))
            };
            let between = s.get(a..b).unwrap_or("");
            let crosses = [
                ", and ",
                "; ",
                " — ",
                " – ",
                ", but ",
                ", while ",
                ", whereas ",
            ]
            .iter()
            .any(|c| between.contains(c));
            (b - a) + if crosses { 10_000 } else { 0 }
        })
        .map(|(i, _)| i)
}
