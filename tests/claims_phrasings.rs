//! Table-driven phrasing test: one line per phrasing, all written for this test.
//!
//! Columns: `text | kind | value | asset | role | source | extras`. `-` means "not checked",
//! `none` means "must be absent". Kind `none` means the text must yield no claim at all.
//! Extras: `bound=above`, `change=-1`, `high=95000`, `currency=EUR`, `lang=de`,
//! `headline` (the text is the title), `n=2` (number of claims).
//! Every article is published 2025-12-12 (a Friday).

use claimwire::claims::{extract, Bound, Claim, ClaimKind, Role};
use claimwire::page::Article;

const TABLE: &str = r#"
Bitcoin is trading around $92,400 on Friday. | price | 92400 | BTC | current | none | bound=approximately
BTC $ 92,578.40 | price | 92578.4 | BTC | current | - |
Bitcoin hit a record high of $126,000 in October. | price | 126000 | BTC | record | - |
Ether fell 12% over the week. | percent | 12 | ETH | - | - | change=-1
Solana surged 19% after the upgrade. | percent | 19 | SOL | - | - | change=1
XRP is up 4% on the day. | percent | 4 | XRP | - | - | change=1
Dogecoin slid -3.2% overnight. | percent | 3.2 | DOGE | - | - | change=-1
The token posted a -3.2% move as SOL lagged. | percent | 3.2 | SOL | - | - | change=-1
The Fed cut rates by 25 basis points on Wednesday. | basis_points | 25 | Fed | - | - |
The ECB delivered a 25bp cut. | basis_points | 25 | ECB | - | - |
Markets price another 50 bps of easing. | basis_points | 50 | - | - | - |
The central bank cut by a quarter point. | basis_points | 25 | - | - | - |
Traders expect a half-point cut in March. | basis_points | 50 | - | - | - |
Policymakers opted for a 25 basis-point reduction. | basis_points | 25 | - | - | - |
Futures imply 75 basis points-worth of cuts next year. | basis_points | 75 | - | - | - |
The Treasury will buy $8.2 billion in bills on Friday. | amount | 8200000000 | - | none | - |
The Fed launched a $40 billion reserve management program. | amount | 40000000000 | - | none | - |
Spot bitcoin ETFs saw $1.2 billion in inflows last week. | amount | 1200000000 | - | none | - |
The startup raised $10 million in a seed round. | amount | 10000000 | - | none | - |
Acme Labs raised $25M to build a wallet. | amount | 25000000 | - | none | - |
The exchange handled $3.4bn of volume. | amount | 3400000000 | - | none | - |
Bitcoin's market cap stands at $1.8 trillion. | amount | 1800000000000 | - | none | - |
The fund manages $500 million in assets. | amount | 500000000 | - | none | - |
Liquidations topped $600 million on Tuesday. | amount | 600000000 | - | none | - |
The company bought 1,000 BTC last quarter. | crypto_amount | 1000 | BTC | none | - | currency=BTC
A whale moved 0.05 BTC to an exchange. | crypto_amount | 0.05 | BTC | - | - |
The treasury holds 10,000 ETH. | crypto_amount | 10000 | ETH | - | - |
The wallet received 500 bitcoin. | crypto_amount | 500 | BTC | - | - |
Stakers locked 2.5 million SOL. | crypto_amount | 2500000 | SOL | - | - |
The S&P 500 closed at 6,050 on Thursday. | index_level | 6050 | S&P 500 | - | - |
The Russell 2000 rose to 2,560 points. | index_level | 2560 | Russell 2000 | - | - |
The Dow Jones Industrial Average ended at 48,000. | index_level | 48000 | DJIA | - | - |
The dollar index (DXY) fell to 98.5. | index_level | 98.5 | DXY | - | - |
The Nasdaq 100 was near 25,500 late in the session. | index_level | 25500 | Nasdaq 100 | - | - |
Bitcoin could reach $150,000 by year-end, Standard Chartered said. | price | 150000 | BTC | target | Standard Chartered |
Analysts at Bernstein see bitcoin at $200,000 next year. | price | 200000 | BTC | target | Bernstein |
Goldman Sachs forecasts gold at $4,900 an ounce. | price | 4900 | gold | target | Goldman Sachs |
Citi's price target for ether is $5,000. | price | 5000 | ETH | target | - |
Bitcoin found support at $80,000. | price | 80000 | BTC | support | - |
The $80,000 support level held again for BTC. | price | 80000 | BTC | support | - |
Resistance sits at $95,000 for bitcoin. | price | 95000 | BTC | resistance | - |
Ether faces resistance near $3,500. | price | 3500 | ETH | resistance | - | bound=approximately
Bitcoin bottomed at $80,500 on Nov. 21. | price | 80500 | BTC | low | - |
Solana dropped to a low of $120. | price | 120 | SOL | low | - |
In November 2021, when bitcoin peaked at $69,000, miners were flush. | price | 69000 | BTC | historical | - |
Back in March 2020, bitcoin traded at $4,000. | price | 4000 | BTC | historical | - |
Ether reached an all-time high of $4,950 in August. | price | 4950 | ETH | record | - |
Bitcoin moved above $90,000 early in the session. | price | 90000 | BTC | - | - | bound=above
Bitcoin slipped below $85,000 overnight. | price | 85000 | BTC | - | - | bound=below
Bitcoin is nearly $100,000 again. | price | 100000 | BTC | - | - | bound=below
The coin traded at least $2 higher. | price | 2 | - | - | - | bound=at_least
XRP could climb up to $5, one analyst said. | price | 5 | XRP | target | - | bound=at_most
Bitcoin traded between $90,000 and $95,000 this week. | price | 90000 | BTC | - | - | high=95000
Bitcoin ranged $90,000–$95,000 on the day. | price | 90000 | BTC | - | - | high=95000
BTC swung in a $90k-$95k band. | price | 90000 | BTC | - | - | high=95000
Yields may rise between 3% and 5% next year. | percent | 3 | - | - | - | high=5
Inflation is seen at 3-5% in 2026. | percent | 3 | - | - | - | high=5
The world's largest cryptocurrency remains 27% below its October peak. | percent | 27 | BTC | - | - |
Bitcoin, which usually tops with stocks, remains 27% below October's record. | percent | 27 | BTC | - | - |
The flagship cryptocurrency consolidates near the $100,000 threshold. | price | 100000 | BTC | current | - | bound=approximately
The leading cryptocurrency changed hands at $91,000. | price | 91000 | BTC | current | - |
The second-largest cryptocurrency rose 5% to $3,200. | price | 3200 | ETH | - | - |
The second-largest cryptocurrency rose 5% to $3,200. | percent | 5 | ETH | - | - | change=1
Gold traded at $4,200 an ounce. | price | 4200 | gold | current | - |
Silver jumped 3% to $58. | price | 58 | silver | - | - |
Silver jumped 3% to $58. | percent | 3 | silver | - | - | change=1
Oil fell 2% to $61 a barrel. | price | 61 | oil | - | - |
MicroStrategy shares were trading at $180. | price | 180 | MSTR | current | - |
Uniswap's UNI surged 19% after the vote. | percent | 19 | UNI | - | - | change=1
AVAX rose 8% to $14. | price | 14 | AVAX | - | - |
LINK rallied 6% as the token broke out. | percent | 6 | LINK | - | - |
Chainlink traded at $13.50. | price | 13.5 | LINK | current | - |
Expectations for EPS growth are strong at around 49%, according to Goldman Sachs. | percent | 49 | - | - | Goldman Sachs | bound=approximately
Another 50 basis points of cuts are priced in, according to the CME Fed Watch Tool. | basis_points | 50 | - | - | CME FedWatch |
The CME FedWatch tool shows an 87% chance of a cut. | percent | 87 | - | - | CME FedWatch |
CME's FedWatch tool puts the odds of a cut at 70%. | percent | 70 | - | - | CME FedWatch |
That begins Friday, according to ZeroHedge, starting with $8.2 billion. | amount | 8200000000 | - | - | ZeroHedge |
Data from CoinGlass shows $900 million in liquidations. | amount | 900000000 | - | - | CoinGlass |
Acme Research noted on X that bitcoin could hit $120,000. | price | 120000 | BTC | target | Acme Research |
JPMorgan estimates the miners' cost at $94,000 per bitcoin. | price | 94000 | BTC | - | JPMorgan |
"We expect bitcoin at $130,000," said Jane Roe of Acme Capital. | price | 130000 | BTC | target | Jane Roe of Acme Capital |
Bitcoin could rally 20% from here, analysts say. | percent | 20 | BTC | - | none | change=1
Several strategists argue ether can gain 30%. | percent | 30 | ETH | - | none |
Market observers say bitcoin may retest $85,000. | price | 85000 | BTC | - | none |
Traders say open interest rose 10%. | percent | 10 | - | - | none | change=1
Bitcoin rose 2% on Thursday, data from Kaiko shows. | percent | 2 | BTC | - | Kaiko |
Per Bloomberg, the fund bought $300 million of bitcoin. | amount | 300000000 | - | - | Bloomberg |
The Federal Reserve said it will buy $20 billion of bills a month. | amount | 20000000000 | - | - | Federal Reserve |
Acme Capital's chief strategist expects ether at $6,000. | price | 6000 | ETH | target | - |
Bitcoin rose 3% to $94,000, CoinDesk data shows. | price | 94000 | BTC | - | CoinDesk |
Ether dropped 7%, according to CoinGecko. | percent | 7 | ETH | - | CoinGecko | change=-1
The dollar index fell 0.4%. | percent | 0.4 | DXY | - | - | change=-1
The Russell 2000 gained 1.2% on the week. | percent | 1.2 | Russell 2000 | - | - | change=1
Goldman Sachs forecasts 49% earnings growth for the Russell 2000 in 2026. | percent | 49 | - | - | Goldman Sachs |
Bitcoin lost nearly 30% from its peak. | percent | 30 | BTC | - | - | change=-1
Bitcoin climbed more than 5% in a day. | percent | 5 | BTC | - | - | bound=above
Ether gained as much as 9% intraday. | percent | 9 | ETH | - | - | bound=at_most
Solana is up at least 10% this month. | percent | 10 | SOL | - | - | bound=at_least
Bitcoin posted a 5% drop after the data. | percent | 5 | BTC | - | - | change=-1
The stablecoin's supply grew 3 percent. | percent | 3 | - | - | - |
Fees rose twenty percent in November. | percent | 20 | - | - | - |
The protocol raised two billion dollars. | amount | 2000000000 | - | - | - |
The project raised $2.5 million from investors. | amount | 2500000 | - | - | - |
The fund raised €50 million. | amount | 50000000 | - | - | - | currency=EUR
The bank invested £200m in the venture. | amount | 200000000 | - | - | - | currency=GBP
The group spent ¥3 billion on chips. | amount | 3000000000 | - | - | - | currency=JPY
Revenue reached US$1.5 billion. | amount | 1500000000 | - | - | - | currency=USD
Volume hit USD 4.2 billion on the day. | amount | 4200000000 | - | - | - | currency=USD
The deal is worth 800 million euros. | amount | 800000000 | - | - | - | currency=EUR
Bitcoin notiert bei 92.400 US-Dollar. | price | 92400 | BTC | - | - | lang=de
Der Bitcoin-Kurs stieg um 4,5 Prozent. | percent | 4.5 | - | - | - | lang=de
Die Fed senkte den Leitzins um 25 Basispunkte. | basis_points | 25 | Fed | - | - | lang=de
Die Zuflüsse lagen bei 1,2 Mrd. US-Dollar. | amount | 1200000000 | - | - | - | lang=de
Ether kostet 3.250,50 €. | price | 3250.5 | ETH | - | - | lang=de
Bitcoin Tops $100,000 for the First Time | price | 100000 | BTC | record | - | headline
Ether Slides 8% as ETF Outflows Mount | percent | 8 | ETH | - | - | headline change=-1
Fed Cuts Rates by 25 Basis Points | basis_points | 25 | Fed | - | - | headline
Acme Labs Raises $10 Million to Scale Payments | amount | 10000000 | - | - | - | headline
The Russell 2000 hit a record. | none | 0 | - | - | - |
The S&P 500 and Nasdaq 100 rallied. | none | 0 | - | - | - |
Since 2020, the two assets moved together. | none | 0 | - | - | - |
Expectations for 2026 are high. | none | 0 | - | - | - |
For the first time in five years, stocks led. | none | 0 | - | - | - |
He was sentenced to 15 Years in prison. | none | 0 | - | - | - |
Share on X (Twitter) or LinkedIn. | none | 0 | - | - | - |
Both bottomed on Nov. 21. | none | 0 | - | - | - |
By Jane Roe, edited by John Doe Dec 12, 2025, 10:50 a.m. | none | 0 | - | - | - |
Copyright © 2025 Example Media. | none | 0 | - | - | - |
It was the third cut of the year. | none | 0 | - | - | - |
The index has 2,000 members. | none | 0 | - | - | - |
Version 2.0 of the protocol ships in Q1 2026. | none | 0 | - | - | - |
The COVID-19 shock hit markets in 2020. | none | 0 | - | - | - |
Meet us at 10:30 on Dec. 12. | none | 0 | - | - | - |
One of the most aggressive outlooks on record. | none | 0 | - | - | - |
The G7 met in Tokyo. | none | 0 | - | - | - |
Layer-2 networks grew. | none | 0 | - | - | - |
A 10x leveraged bet went wrong. | none | 0 | - | - | - |
Read 1 Comment below. | none | 0 | - | - | - |
The 21st block was mined. | none | 0 | - | - | - |
Sol is a common word for sun in Spanish. | none | 0 | - | - | - |
Bitcoin was at $91,200 and ether at $3,150. | price | 3150 | ETH | - | - | n=2
Bitcoin was at $91,200 and ether at $3,150. | price | 91200 | BTC | - | - |
Bitcoin rose 2% while ether fell 1%. | percent | 1 | ETH | - | - | change=-1
Bitcoin rose 2% while ether fell 1%. | percent | 2 | BTC | - | - | change=1
The ETH/BTC ratio slid 4%. | percent | 4 | - | - | - | change=-1
Bitcoin hovered at $89,900 ahead of the Fed. | price | 89900 | BTC | current | - |
BTC last traded at $90,150. | price | 90150 | BTC | current | - |
Bitcoin crossed $100,000 again. | price | 100000 | BTC | - | - |
The first operation under a new $40 billion program starts Friday. | amount | 40000000000 | - | - | - |
The Fed begins $8.2 billion in Treasury-bill purchases on Friday. | amount | 8200000000 | - | - | - |
A $1 million bitcoin is possible, the analyst argued. | price | 1000000 | BTC | - | - |
Cathie Wood sees bitcoin reaching $1.5 million by 2030. | price | 1500000 | BTC | target | Cathie Wood |
Bitcoin's price at publication was $92,565. | price | 92565 | BTC | - | - |
The $92,400 level marks the current price of bitcoin. | price | 92400 | BTC | - | - |
Ether trades near $3,100, roughly 37% below its peak. | percent | 37 | ETH | - | - | bound=approximately
Ether trades near $3,100, roughly 37% below its peak. | price | 3100 | ETH | current | - |
Bitcoin is 8% higher over the past week. | percent | 8 | BTC | - | - |
Dogecoin hovers near key support at $0.14. | price | 0.14 | DOGE | support | - |
XRP holds above $2 after the listing. | price | 2 | XRP | - | - | bound=above
Toncoin fell under $1.50 for the first time. | price | 1.5 | TON | - | - | bound=below
The market fell by a third in two months. | none | 0 | - | - | - |
Stablecoin supply topped $300 billion. | amount | 300000000000 | - | - | - |
Bitcoin ETFs hold about $120bn. | amount | 120000000000 | - | - | - | bound=approximately
"#;

fn parse_kind(s: &str) -> Option<ClaimKind> {
    ClaimKind::parse(s)
}

fn parse_role(s: &str) -> Option<Role> {
    Some(match s {
        "current" => Role::Current,
        "record" => Role::Record,
        "low" => Role::Low,
        "support" => Role::Support,
        "resistance" => Role::Resistance,
        "target" => Role::Target,
        "historical" => Role::Historical,
        _ => return None,
    })
}

fn parse_bound(s: &str) -> Option<Bound> {
    Some(match s {
        "exact" => Bound::Exact,
        "approximately" => Bound::Approximately,
        "above" => Bound::Above,
        "below" => Bound::Below,
        "at_least" => Bound::AtLeast,
        "at_most" => Bound::AtMost,
        _ => return None,
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-9)
}

fn check_opt(col: &str, got: Option<&str>) -> bool {
    match col {
        "-" => true,
        "none" => got.is_none(),
        want => got == Some(want),
    }
}

/// Checks one line; `Err` describes what went wrong.
fn check_line(line: &str) -> Result<(), String> {
    let cols: Vec<&str> = line.split('|').map(str::trim).collect();
    let [text, kind, value, asset, role, source, extras] = cols[..] else {
        return Err(format!("malformed line: {line}"));
    };
    let extras: Vec<&str> = extras.split_whitespace().collect();
    let extra = |k: &str| {
        extras
            .iter()
            .find_map(|e| e.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
    };
    let headline = extras.contains(&"headline");
    let article = Article {
        title: headline.then(|| text.to_string()),
        text: if headline {
            String::new()
        } else {
            text.to_string()
        },
        published: Some("2025-12-12T10:00:00+00:00".to_string()),
        language: extra("lang").map(str::to_string),
        ..Article::default()
    };
    let ex = extract(&article);
    let show = |cs: &[Claim]| {
        cs.iter()
            .map(|c| {
                format!(
                    "{} {} asset={:?} role={:?} src={:?} bound={:?} chg={} high={:?} [{}]",
                    c.kind.as_str(),
                    c.value,
                    c.asset,
                    c.role,
                    c.source,
                    c.bound,
                    c.change,
                    c.value_high,
                    c.surface
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if kind == "none" {
        return if ex.claims.is_empty() {
            Ok(())
        } else {
            Err(format!("expected no claim, got {}", show(&ex.claims)))
        };
    }
    let want_kind = parse_kind(kind).ok_or(format!("bad kind {kind}"))?;
    let want_value: f64 = value.parse().map_err(|_| format!("bad value {value}"))?;
    if let Some(n) = extra("n") {
        if n.parse::<usize>().ok() != Some(ex.claims.len()) {
            return Err(format!("expected {n} claims, got {}", show(&ex.claims)));
        }
    }
    let c = ex
        .claims
        .iter()
        .find(|c| c.kind == want_kind && close(c.value, want_value))
        .ok_or_else(|| format!("no {kind} {value}; got {}", show(&ex.claims)))?;
    let mut errs = Vec::new();
    if !check_opt(asset, c.asset.as_deref()) {
        errs.push(format!("asset {:?} != {asset}", c.asset));
    }
    let role_ok = match role {
        "-" => true,
        "none" => c.role.is_none(),
        r => parse_role(r).is_some() && parse_role(r) == c.role,
    };
    if !role_ok {
        errs.push(format!("role {:?} != {role}", c.role));
    }
    if !check_opt(source, c.source.as_deref()) {
        errs.push(format!("source {:?} != {source}", c.source));
    }
    if let Some(b) = extra("bound") {
        if parse_bound(b) != Some(c.bound) {
            errs.push(format!("bound {:?} != {b}", c.bound));
        }
    }
    if let Some(ch) = extra("change") {
        if ch.parse::<i8>().ok() != Some(c.change) {
            errs.push(format!("change {} != {ch}", c.change));
        }
    }
    if let Some(h) = extra("high") {
        let h: f64 = h.parse().map_err(|_| "bad high".to_string())?;
        if !c.value_high.is_some_and(|v| close(v, h)) {
            errs.push(format!("high {:?} != {h}", c.value_high));
        }
    }
    if let Some(cur) = extra("currency") {
        if c.currency.as_deref() != Some(cur) {
            errs.push(format!("currency {:?} != {cur}", c.currency));
        }
    }
    if headline != c.in_headline {
        errs.push("in_headline wrong".to_string());
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} (claim: {})",
            errs.join(", "),
            show(std::slice::from_ref(c))
        ))
    }
}

#[test]
fn phrasings() {
    let lines: Vec<&str> = TABLE.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 150, "only {} phrasings", lines.len());
    let failures: Vec<String> = lines
        .iter()
        .filter_map(|l| check_line(l).err().map(|e| format!("{l}\n    -> {e}")))
        .collect();
    println!(
        "{} of {} phrasings pass",
        lines.len() - failures.len(),
        lines.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
