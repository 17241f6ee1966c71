//! The asset registry (`assets.json`, compiled in) and asset mentions: finds which
//! cryptoassets, indices, commodities, equities and macro actors a sentence names, by name
//! (any case), by ticker (upper case) or by alias ("the largest cryptocurrency"), with the
//! ambiguity rules for tickers that are also common words ("SOL", "OP", "LINK").

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;

/// What kind of thing an asset is; decides which figures may measure it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetClass {
    Crypto,
    Index,
    Commodity,
    Equity,
    Actor,
}

impl AssetClass {
    /// Whether a money figure near this asset can be its price.
    pub fn has_price(self) -> bool {
        matches!(
            self,
            AssetClass::Crypto | AssetClass::Commodity | AssetClass::Equity
        )
    }
}

#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    class: AssetClass,
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    tickers: Vec<String>,
    #[serde(default)]
    ambiguous_tickers: Vec<String>,
    #[serde(default)]
    not_followed_by: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RegistryFile {
    assets: Vec<Entry>,
}

struct Registry {
    entries: Vec<Entry>,
    /// Lower-cased name -> entry index.
    names: HashMap<String, usize>,
    /// Ticker -> (entry index, ambiguous).
    tickers: HashMap<String, (usize, bool)>,
    name_re: Regex,
    ticker_re: Regex,
}

fn norm_name(s: &str) -> String {
    s.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn alternation(mut items: Vec<String>) -> String {
    items.sort_by_key(|s| std::cmp::Reverse(s.len()));
    items.dedup();
    items
        .iter()
        .map(|s| {
            regex::escape(s)
                .replace('\'', "['\u{2019}]")
                .replace(' ', r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

static REGISTRY: Lazy<Registry> = Lazy::new(|| {
    let file: RegistryFile = serde_json::from_str(include_str!("assets.json"))
        .unwrap_or(RegistryFile { assets: vec![] });
    let mut names = HashMap::new();
    let mut tickers = HashMap::new();
    for (i, e) in file.assets.iter().enumerate() {
        for n in &e.names {
            names.insert(norm_name(n), i);
        }
        for t in &e.tickers {
            tickers.insert(t.clone(), (i, false));
        }
        for t in &e.ambiguous_tickers {
            tickers.insert(t.clone(), (i, true));
        }
    }
    let name_alt = alternation(names.keys().cloned().collect());
    let ticker_alt = alternation(tickers.keys().cloned().collect());
    let name_re = Regex::new(&format!(r"(?i)\b(?:{name_alt})\b")).unwrap_or_else(|_| never());
    let ticker_re = Regex::new(&format!(r"\$?\b(?:{ticker_alt})\b")).unwrap_or_else(|_| never());
    Registry {
        entries: file.assets,
        names,
        tickers,
        name_re,
        ticker_re,
    }
});

fn never() -> Regex {
    // A pattern that matches nothing; only used if the compiled-in registry were malformed.
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!())
}

static CRYPTO_CONTEXT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(crypto\w*|tokens?|coins?|blockchain|defi|altcoins?|staking|on-chain|layer[- ]?[12])\b")
        .unwrap_or_else(|_| never())
});

/// One mention of an asset in a piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offsets in the text searched.
    pub start: usize,
    pub end: usize,
    /// Canonical id ("BTC", "Russell 2000"); for an anaphor ("the cryptocurrency") the id it
    /// resolves to.
    pub id: String,
    pub class: AssetClass,
    /// A generic reference ("the flagship cryptocurrency") rather than a name.
    pub anaphor: bool,
    /// Whether the matched words contain digits ("Russell 2000"): numbers inside are no figures.
    pub has_digits: bool,
}

/// Finds asset mentions in `text`. `main_crypto` resolves generic references.
pub fn find(text: &str, main_crypto: Option<&str>) -> Vec<Mention> {
    let reg = &*REGISTRY;
    let mut out: Vec<Mention> = Vec::new();
    let crypto_ctx = CRYPTO_CONTEXT.is_match(text);
    for m in reg.name_re.find_iter(text) {
        let Some(&i) = reg.names.get(&norm_name(m.as_str())) else {
            continue;
        };
        push_entry(
            &mut out,
            reg,
            i,
            m.start(),
            m.end(),
            text,
            main_crypto,
            false,
        );
    }
    let any_crypto_name = out.iter().any(|m| m.class == AssetClass::Crypto);
    for m in reg.ticker_re.find_iter(text) {
        let dollar = m.as_str().starts_with('$');
        let t = m.as_str().trim_start_matches('$');
        let Some(&(i, ambiguous)) = reg.tickers.get(t) else {
            continue;
        };
        if ambiguous && !dollar && !crypto_ctx && !any_crypto_name {
            continue;
        }
        if out.iter().any(|o| o.start < m.end() && m.start() < o.end) {
            continue;
        }
        push_entry(
            &mut out,
            reg,
            i,
            m.start(),
            m.end(),
            text,
            main_crypto,
            true,
        );
    }
    out.sort_by_key(|m| m.start);
    out
}

#[allow(clippy::too_many_arguments)]
fn push_entry(
    out: &mut Vec<Mention>,
    reg: &Registry,
    i: usize,
    start: usize,
    end: usize,
    text: &str,
    main_crypto: Option<&str>,
    ticker: bool,
) {
    let Some(e) = reg.entries.get(i) else { return };
    // Only the next words matter (the longest `not_followed_by` is a few words): lower-casing
    // the whole rest of the text for every mention made extraction quadratic.
    let rest: String = text.get(end..).unwrap_or("").chars().take(48).collect();
    let rest = rest.to_lowercase();
    if e.not_followed_by
        .iter()
        .any(|s| rest.starts_with(s.as_str()))
    {
        return;
    }
    let anaphor = e.id == "@main";
    let id = if anaphor {
        match main_crypto.or(e.default.as_deref()) {
            Some(id) => id.to_string(),
            None => return,
        }
    } else {
        e.id.clone()
    };
    let surface = text.get(start..end).unwrap_or("");
    out.push(Mention {
        start,
        end,
        id,
        class: e.class,
        anaphor,
        has_digits: !ticker && surface.bytes().any(|b| b.is_ascii_digit()),
    });
}

/// The crypto ticker a unit word after a number denotes ("1,000 BTC", "500 bitcoin",
/// "2 ether"): any registry ticker in upper case, or a cryptoasset's single-word name.
pub fn crypto_unit(word: &str) -> Option<String> {
    let reg = &*REGISTRY;
    if let Some(&(i, _)) = reg.tickers.get(word) {
        let e = reg.entries.get(i)?;
        return (e.class == AssetClass::Crypto).then(|| e.id.clone());
    }
    let i = *reg.names.get(&norm_name(word))?;
    let e = reg.entries.get(i)?;
    (e.class == AssetClass::Crypto && e.id != "@main" && !word.contains(' ')).then(|| e.id.clone())
}

/// The class of a canonical asset id.
pub fn class_of(id: &str) -> Option<AssetClass> {
    REGISTRY
        .entries
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.class)
}

/// Whether `name` (as written) is an asset's name or ticker; used to reject "Bitcoin said".
pub fn is_asset_name(name: &str) -> bool {
    let reg = &*REGISTRY;
    reg.names.contains_key(&norm_name(name)) || reg.tickers.contains_key(name)
}
