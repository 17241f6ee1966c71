//! The seven classes of issue 17 (how market writers write figures), one table each, all
//! sentences written for this test: at least three phrasings that must give the claim and
//! two near misses that must not.
//!
//! Row: `text | kind | value | checks`. Kind `none`: no claim at all; kind `no:K`: no claim
//! of kind K. Checks (space separated): `asset=BTC` (`asset=none`), `high=27000`,
//! `role=support`, `precision=zone_low`, `measures=fee`, `source=CoinShares`
//! (`source=none`), `bound=below`; `_` in an asset or source stands for a space. Each text is a whole article body (sentences and
//! paragraphs as written); it is published 2025-12-12.

use claimwire::claims::{extract, Claim, ClaimKind};
use claimwire::page::Article;

fn claims_of(text: &str) -> Vec<Claim> {
    let article = Article {
        text: text.replace("\\n", "\n"),
        published: Some("2025-12-12T10:00:00Z".into()),
        ..Article::default()
    };
    extract(&article).claims
}

fn label<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn check_row(row: &str) -> Result<(), String> {
    let cols: Vec<&str> = row.split('|').map(str::trim).collect();
    let [text, kind, value, checks] = cols[..] else {
        return Err(format!("malformed row {row:?}"));
    };
    let claims = claims_of(text);
    let shown = || {
        claims
            .iter()
            .map(|c| {
                format!(
                    "{} {} {:?} asset={:?} role={:?} precision={} measures={:?} source={:?}",
                    c.kind.as_str(),
                    c.value,
                    c.value_high,
                    c.asset,
                    c.role.map(|r| label(&r)),
                    label(&c.precision),
                    c.measures,
                    c.source
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if kind == "none" {
        return if claims.is_empty() {
            Ok(())
        } else {
            Err(format!("{text:?}: expected no claim, got {}", shown()))
        };
    }
    if let Some(k) = kind.strip_prefix("no:") {
        let k = ClaimKind::parse(k).ok_or(format!("bad kind {k}"))?;
        return if claims.iter().any(|c| c.kind == k) {
            Err(format!("{text:?}: expected no {k:?}, got {}", shown()))
        } else {
            Ok(())
        };
    }
    let kind = ClaimKind::parse(kind).ok_or(format!("bad kind {kind}"))?;
    let value: f64 = value.parse().map_err(|_| format!("bad value {value}"))?;
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    let Some(c) = claims
        .iter()
        .find(|c| c.kind == kind && same(c.value, value))
    else {
        return Err(format!(
            "{text:?}: no {} {value}; got {}",
            kind.as_str(),
            shown()
        ));
    };
    for check in checks.split_whitespace() {
        let (key, want) = check.split_once('=').ok_or(format!("bad check {check}"))?;
        let got = match key {
            "asset" => c.asset.clone().unwrap_or("none".into()),
            "source" => c.source.clone().unwrap_or("none".into()),
            "role" => c.role.map(|r| label(&r)).unwrap_or("none".into()),
            "precision" => label(&c.precision),
            "measures" => c.measures.clone().unwrap_or("none".into()),
            "bound" => label(&c.bound),
            "high" => c.value_high.map(|h| h.to_string()).unwrap_or("none".into()),
            _ => return Err(format!("unknown check {key}")),
        };
        let want = if matches!(key, "asset" | "source") {
            want.replace('_', " ")
        } else {
            want.to_string()
        };
        let ok = match (key, want.parse::<f64>()) {
            ("high", Ok(w)) => c.value_high.is_some_and(|h| same(w, h)),
            _ => got == want,
        };
        if !ok {
            return Err(format!(
                "{text:?}: {} {value}: {key} is {got}, expected {want}; all: {}",
                kind.as_str(),
                shown()
            ));
        }
    }
    Ok(())
}

fn check_table(table: &str) {
    let errors: Vec<String> = table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter_map(|l| check_row(l).err())
        .collect();
    assert!(
        errors.is_empty(),
        "{} rows fail:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn zones_are_claims_with_a_band_and_a_precision() {
    check_table(
        r#"
Bitcoin traded in the low-$26,000s on Monday. | price | 26000 | asset=BTC high=27000 precision=zone_low
Ether held the mid-$2,100s through the session. | price | 2100 | asset=ETH high=2200 precision=zone_mid
Bitcoin set session highs in the $28,300s before sellers returned. | price | 28300 | asset=BTC high=28400 precision=zone role=high
Bulls want a retest of support in the $25,000s for BTC. | price | 25000 | asset=BTC high=26000 precision=zone role=support
Solana slipped to the high $20s overnight. | price | 20 | asset=SOL high=30 precision=zone_high
BTC is struggling to hold the $30K level. | price | 30000 | asset=BTC role=threshold precision=exact
Ether sank sub-$2k as buyers stepped aside. | price | 2000 | asset=ETH role=threshold bound=below
The 1990s were a different era for markets. | none | 0 |
Traders in their 20s and 30s dominate the bitcoin survey. | none | 0 |
In the early 2000s, nobody had heard of bitcoin. | none | 0 |
The bitcoin desk reopens at 10:30 on 12/05. | none | 0 |
"#,
    );
}

#[test]
fn ranges_tie_both_ends_with_their_role() {
    check_table(
        r#"
The Fed held its target range at 5.0-5.25%. | percent | 5 | high=5.25 precision=range
Futures price a move from 5.0-5.25% to 4.25-4.5% by June. | percent | 4.25 | high=4.5 precision=range
Futures price a move from 5.0-5.25% to 4.25-4.5% by June. | percent | 5 | high=5.25 precision=range
Analysts see support around the $26,500-$27,000 area for Bitcoin. | price | 26500 | asset=BTC high=27000 role=support precision=range
Ether traded between $1,800 and $1,900 all week. | price | 1800 | asset=ETH high=1900 precision=range role=current
Monthly plans range from $200 to $450 depending on the tier. | amount | 200 | high=450 precision=range
The 2023-2024 season was the longest yet. | none | 0 |
Call 555-1234 for the desk. | none | 0 |
The derby ended 3-2 after extra time. | none | 0 |
Its valuation fell from $47 billion to $8 billion. | amount | 47000000000 | high=none
"#,
    );
}

#[test]
fn crypto_amounts_written_with_the_asset_as_a_word() {
    check_table(
        r#"
The government could sell 41,500 more Bitcoin this year. | crypto_amount | 41500 | asset=BTC
Miners earn 6.25 BTC per block. | crypto_amount | 6.25 | asset=BTC
A 10,000-ETH transfer hit the exchange at dawn. | crypto_amount | 10000 | asset=ETH
Whales accumulated 2.5 million XRP in a week. | crypto_amount | 2500000 | asset=XRP
The fund added 1,200 bitcoins to its reserve. | crypto_amount | 1200 | asset=BTC
The Bitcoin 2024 conference opens in Nashville. | none | 0 |
The Ethereum 2.0 upgrade shipped years ago. | none | 0 |
The Top 10 coins by market value all rose. | none | 0 |
The ONE 2 card and the OP 3 season drew crowds. | none | 0 |
"#,
    );
}

#[test]
fn index_and_indicator_levels() {
    check_table(
        r#"
Deribit's DVOL was trading at 50 on Tuesday. | index_level | 50 | asset=DVOL
The Crypto Fear & Greed Index stood at 72, deep in greed. | index_level | 72 | asset=Fear_&_Greed_Index
Bitcoin's RSI sits near 30 on the daily chart. | index_level | 30 | asset=RSI
The DXY is holding above 104. | index_level | 104 | asset=DXY
The S&P 500 closed at 4,200 on Friday. | index_level | 4200 | asset=S&P_500
The Dow fell 102 points, or 0.4%, to 27,934. | index_level | 27934 | asset=DJIA
The RSI-2 strategy is popular with swing traders. | none | 0 |
The Fear & Greed Index was launched in 2018. | none | 0 |
The S&P 500 has 500 members and 11 sectors. | none | 0 |
"#,
    );
}

#[test]
fn money_that_measures_something_else_is_an_amount() {
    check_table(
        r#"
Users paid $30, just for one Bitcoin transaction. | amount | 30 | measures=fee
Average transaction fees on Bitcoin rose to $12. | amount | 12 | measures=fee
Bitcoin's trading volume hit $40 billion. | amount | 40000000000 | measures=volume
Ether's market cap reached $300 billion. | amount | 300000000000 | measures=market_cap
Spot ether ETFs drew $300 million of inflows on Monday. | amount | 300000000 | measures=inflow
The exchange was fined $4.3 billion by regulators. | amount | 4300000000 | measures=fine
The bitcoin miner said $500 million raised in the round would fund rigs. | amount | 500000000 | measures=raise
The new console will start at $499. | amount | 499 |
Nickel slid 1.2% to $16,400 a tonne. | price | 16400 |
The sterling was up 0.3% to $1.27. | price | 1.27 |
The yen weakened to 151.2 per dollar on Friday. | price | 151.2 |
A session at the spa costs Rs 250 an hour. | amount | 250 |
The $24.1-billion takeover closed in May. | amount | 24100000000 | measures=deal
Bitcoin traded at $27,000 after fees were cut. | price | 27000 | asset=BTC
Bitcoin's price rose to $30,000 on heavy volume. | price | 30000 | asset=BTC
"#,
    );
}

#[test]
fn the_subject_carries_across_sentences_and_into_lists() {
    check_table(
        r#"
Bitcoin fell on Monday. It was last at $27,120. | price | 27120 | asset=BTC role=current
Solana led the market this week. It hit $24 on Friday. | price | 24 | asset=SOL
Prices at the close: Bitcoin $27,100, Ether $1,650 and Solana $20.10. | price | 1650 | asset=ETH
Prices at the close: Bitcoin $27,100, Ether $1,650 and Solana $20.10. | price | 20.1 | asset=SOL
Ether extended its rally. Buyers pushed through the old highs. The next hurdle is $2,000. | price | 2000 | asset=ETH
Bitcoin fell on Monday. The company paid $5 million for the domain. | amount | 5000000 | asset=none
Bitcoin fell. It was first mined in 2009. | none | 0 |
"#,
    );
}

#[test]
fn sources_named_earlier_reports_models_and_people() {
    check_table(
        r#"
CoinDesk reported the sell-off first. According to the news site, bitcoin hit $30,000. | price | 30000 | source=CoinDesk
CoinShares said in its weekly report that outflows eased. Ether products shed 2%. Bitcoin funds saw $20 million of outflows, the report said. | amount | 20000000 | source=CoinShares
The Stock-to-Flow model puts bitcoin at $100,000 by 2025. | price | 100000 | source=Stock-to-Flow_model
CME's FedWatch tool shows a 70% chance of a cut. | percent | 70 | source=CME_FedWatch
Jane Roe, chief strategist at Acme Capital, said bitcoin could reach $40,000. | price | 40000 | source=Jane_Roe
According to reports, bitcoin rose 5%. | percent | 5 | source=none
Bitcoin said goodbye to $30,000 on Friday. | price | 30000 | source=none
"#,
    );
}
