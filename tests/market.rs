//! Market data through the CLI: price imports (formats, idempotence, named bad rows, nothing
//! half imported), news dumps (`ingest --jsonl`), price checks on the card and in `claims`,
//! and the backtest on generated prices and stories with known answers, then on real pages.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn cw(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--no-model").arg("--db").arg(db);
    c
}

fn run_ok(c: &mut Command) -> String {
    let out = c.output().expect("run");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const DAY: i64 = 86_400;
/// 2021-01-01 00:00 UTC.
const T0: i64 = 1_609_459_200;

/// Daily bars: even days rise 2%, odd days fall 1%.
fn zigzag_prices(path: &Path) {
    let mut s = String::from("time,open,high,low,close\n");
    let mut p = 30_000.0f64;
    for d in 0..40 {
        let c = if d % 2 == 0 { p * 1.02 } else { p * 0.99 };
        s.push_str(&format!(
            "{},{p:.2},{:.2},{:.2},{c:.2}\n",
            T0 + d * DAY,
            p.max(c) * 1.005,
            p.min(c) * 0.995
        ));
        p = c;
    }
    std::fs::write(path, s).unwrap();
}

/// A made-up word unique to story `k` and slot `j`, so no two stories share a 5-word run.
fn word(k: usize, j: usize) -> String {
    let syl = ["ka", "lo", "mi", "ru", "ze", "to", "vi", "no"];
    let n = k * 31 + j * 7 + 11;
    format!("{}{}{}x", syl[n % 8], syl[(n / 8) % 8], syl[(n / 64) % 8])
}

/// Twenty stories about bitcoin: bullish ones published at noon of the even days 2..20 (days
/// that rise), bearish ones on the odd days 3..21 (days that fall).
fn stories(path: &Path) {
    let mut lines = Vec::new();
    for k in 0..20usize {
        let d = 2 + k as i64;
        let w = |j| word(k, j);
        let (title, body) = if d % 2 == 0 {
            (
                format!("Bitcoin rallies as {} buyers pile in", w(0)),
                format!(
                    "Bitcoin surged strongly as {} buyers from {} piled in and prices climbed. \
                     {} analysts at {} said the rally should extend as inflows rise and optimism grows. \
                     Traders at {} reported bullish momentum while {} sentiment soared and {} volumes jumped. \
                     The upbeat {} outlook boosted {} shares, which gained as the {} advance lifted {} markets higher.",
                    w(1), w(2), w(3), w(4), w(5), w(6), w(7), w(8), w(9), w(10), w(11)
                ),
            )
        } else {
            (
                format!("Bitcoin slumps as {} sellers dump coins", w(0)),
                format!(
                    "Bitcoin plunged sharply as {} sellers from {} dumped coins and prices tumbled. \
                     {} strategists at {} warned the decline could deepen as outflows mount and fear spreads. \
                     Traders at {} reported losses and liquidations while {} sentiment sank and {} volumes slumped. \
                     The bearish {} slide dragged {} shares lower as the {} selloff pushed {} markets down.",
                    w(1), w(2), w(3), w(4), w(5), w(6), w(7), w(8), w(9), w(10), w(11)
                ),
            )
        };
        lines.push(
            serde_json::json!({
                "url": format!("https://news.example/{k}"),
                "title": title,
                "published": format!("2021-01-{:02}T12:00:00Z", d + 1),
                "text": body,
            })
            .to_string(),
        );
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn backtest_on_known_prices_and_stories_gives_known_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    zigzag_prices(&dir.path().join("btc-usd-1d.csv"));
    stories(&dir.path().join("news.jsonl"));
    let out = run_ok(
        cw(&db)
            .arg("ingest")
            .arg("--jsonl")
            .arg(dir.path().join("news.jsonl")),
    );
    assert!(out.contains("20 stored"), "{out}");
    run_ok(
        cw(&db)
            .args(["prices", "import"])
            .arg(dir.path().join("btc-usd-1d.csv")),
    );
    let v: serde_json::Value = serde_json::from_str(&run_ok(cw(&db).args([
        "backtest",
        "--horizons",
        "1d",
        "--overlapping",
        "--format",
        "json",
    ])))
    .unwrap();
    let row = |rule: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == "all" && r["rule"] == rule)
            .cloned()
            .unwrap_or_else(|| panic!("no row {rule}: {v}"))
    };
    let hit = |rule: &str| row(rule)["hit_rate"]["value"].as_f64().unwrap();
    let c = row("claimwire");
    assert_eq!(c["stories"], 20, "{c}");
    assert_eq!(c["neutral"], 0, "{c}");
    // Every bullish story was followed by a rise, every bearish one by a fall.
    assert_eq!(hit("claimwire"), 1.0);
    assert_eq!(c["hit_rate"]["low"].as_f64(), Some(1.0));
    // Half the days after the stories rose; yesterday's move always pointed the wrong way.
    assert_eq!(hit("always_bullish"), 0.5);
    assert_eq!(hit("previous_day"), 0.0);
    let rho = c["spearman"]["value"].as_f64().unwrap();
    assert!(rho > 0.8, "{c}");
    assert!(c["spearman"]["low"].as_f64().unwrap() > 0.0, "{c}");
    assert!(row("previous_day")["spearman"]["value"].as_f64().unwrap() < -0.8);
    // The return of a bullish story published on 2021-01-03 is day 2's rise.
    let first = &v["observations"][0];
    assert!(
        (first["ret"].as_f64().unwrap() - 0.02).abs() < 1e-6,
        "{first}"
    );
    // The table shows intervals and baselines; the SVG report has its three charts.
    let svg = dir.path().join("report.svg");
    let table = run_ok(
        cw(&db)
            .args(["backtest", "--horizons", "1d,2d", "--overlapping", "--svg"])
            .arg(&svg),
    );
    assert!(table.contains("100.0% [100.0, 100.0]"), "{table}");
    assert!(
        table.contains("always_bullish") && table.contains("random"),
        "{table}"
    );
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(
        svg.starts_with("<svg")
            && svg.contains("Calibration")
            && svg.contains("Hit rate by horizon")
    );
    // CSV: a header and one row per rule, every field in place.
    let csv = run_ok(cw(&db).args([
        "backtest",
        "--horizons",
        "1d",
        "--overlapping",
        "--format",
        "csv",
    ]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.headers().unwrap().len(), 12);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        (&rows[0][2], &rows[0][3], &rows[0][4], &rows[0][6]),
        ("claimwire", "20", "20", "1.0000")
    );
    // One story per event by default: these look alike, so fewer count.
    let v: serde_json::Value = serde_json::from_str(&run_ok(cw(&db).args([
        "backtest",
        "--horizons",
        "1d",
        "--format",
        "json",
    ])))
    .unwrap();
    let dropped = v["skipped"]["same_event"].as_u64().unwrap();
    assert_eq!(v["stories"].as_u64().unwrap() + dropped, 20, "{v}");
}

#[test]
fn price_imports_are_idempotent_and_bad_rows_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let good = dir.path().join("eth-usdt-1h.csv");
    // Binance klines without a header, open times in milliseconds, one hour missing.
    let mut s = String::new();
    for h in [0i64, 1, 2, 4] {
        let t = (T0 + h * 3600) * 1000;
        s.push_str(&format!(
            "{t},700,710,690,705,12.5,{},0,3,0,0,0\n",
            t + 3_599_999
        ));
    }
    std::fs::write(&good, &s).unwrap();
    let v: serde_json::Value = serde_json::from_str(&run_ok(
        cw(&db).args(["prices", "import", "--json"]).arg(&good),
    ))
    .unwrap();
    assert_eq!(v["asset"], "ETH");
    assert_eq!(v["format"], "binance");
    assert_eq!(v["bar_seconds"], 3600);
    assert_eq!(v["counts"]["inserted"], 4);
    assert_eq!(v["gaps"][0]["missing"], 1);
    let again = run_ok(cw(&db).args(["prices", "import"]).arg(&good));
    assert!(again.contains("0 new, 4 unchanged, 0 replaced"), "{again}");

    // A bad row: named with its line, and nothing of the file is stored.
    let bad = dir.path().join("sol_1d.csv");
    std::fs::write(
        &bad,
        "time,open,high,low,close\n2021-01-01,1,2,1,1.5\n2021-01-02,1,2,1,1.5\n2021-01-03,1,oops,1,1\n",
    )
    .unwrap();
    let out = cw(&db)
        .args(["prices", "import"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sol_1d.csv, line 4: high \"oops\" is not a number"),
        "{err}"
    );
    let list = run_ok(cw(&db).args(["prices", "list", "--json"]));
    assert!(!list.contains("SOL"), "{list}");

    // CoinGecko's export; an unknown layout; a missing asset name; a missing file.
    let gecko = dir.path().join("prices.csv");
    std::fs::write(
        &gecko,
        "snapped_at,price,market_cap,total_volume\n2021-01-01 00:00:00 UTC,29000,1,1\n2021-01-02 00:00:00 UTC,29500,1,1\n",
    )
    .unwrap();
    let out = cw(&db)
        .args(["prices", "import"])
        .arg(&gecko)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --asset"));
    let v: serde_json::Value = serde_json::from_str(&run_ok(
        cw(&db)
            .args(["prices", "import", "--asset", "btc", "--json"])
            .arg(&gecko),
    ))
    .unwrap();
    assert_eq!(
        (v["asset"].as_str(), v["format"].as_str()),
        (Some("BTC"), Some("coingecko"))
    );
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "when,what\nmonday,3\n").unwrap();
    let out = cw(&db)
        .args(["prices", "import", "--asset", "X"])
        .arg(&odd)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the format"));
    let out = cw(&db)
        .args(["prices", "import"])
        .arg(dir.path().join("none.csv"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read price file"));
    // A backtest needs prices of its asset, and horizons it can read.
    let out = cw(&db)
        .args(["backtest", "--asset", "DOGE"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no DOGE prices in the store"));
    let out = cw(&db)
        .args(["backtest", "--horizons", "3y"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("horizon \"3y\""));
}

#[test]
fn a_bad_dump_line_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let dump = dir.path().join("dump.jsonl");
    stories(&dump);
    let mut text = std::fs::read_to_string(&dump).unwrap();
    text.push_str("{\"title\": \"no body\"}\n{not json\n");
    std::fs::write(&dump, text).unwrap();
    let out = cw(&db)
        .arg("ingest")
        .arg("--jsonl")
        .arg(&dump)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("20 stored") && stdout.contains("2 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("dump.jsonl:21") && stdout.contains("neither text nor html"),
        "{stdout}"
    );
    assert!(
        stdout.contains("dump.jsonl:22") && stdout.contains("not a JSON object"),
        "{stdout}"
    );
    // The dump's dates are the articles' publication dates.
    let v = common::json(cw(&db).args(["stories", "--format", "json"]));
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|s| s["published"] == "2021-01-03T12:00:00Z"),
        "{v}"
    );
}

#[test]
fn the_seed_card_shows_the_market_check_of_its_price() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let pages: Vec<_> = common::build_corpus(&dir.path().join("pages"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    let mut ingest = cw(&db);
    ingest.arg("ingest").args(&pages);
    run_ok(&mut ingest);
    // Hourly BTC bars over 2025-12-12, trading between 92,300 and 92,800.
    let mut s = String::from("time,open,high,low,close,volume\n");
    for h in 0..24 {
        s.push_str(&format!(
            "2025-12-12T{h:02}:00:00Z,92500,92800,92300,92550,7\n"
        ));
    }
    let prices = dir.path().join("btc-usd-1h.csv");
    std::fs::write(&prices, s).unwrap();
    run_ok(cw(&db).args(["prices", "import"]).arg(&prices));
    let stories = common::json(cw(&db).args(["stories", "--format", "json"]));
    let id = stories
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["copies"] == 3)
        .map(|s| s["id"].as_i64().unwrap())
        .expect("the CoinDesk story");
    let card = run_ok(cw(&db).args(["show", &id.to_string()]));
    assert!(card.contains("BTC Price: $92,578.40"), "{card}");
    assert!(
        card.contains("Market at publication: BTC $92,5") && card.contains("btc-usd-1h.csv"),
        "{card}"
    );
    assert!(card.contains("Quoted price check: consistent"), "{card}");
    // claims shows each price's check; a resistance level is no spot price.
    let claims = common::json(cw(&db).args(["claims", "--kind", "price", "--format", "json"]));
    let verdicts: Vec<&str> = claims
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["market"]["verdict"].as_str())
        .collect();
    assert!(
        verdicts.contains(&"consistent") && verdicts.contains(&"not_spot"),
        "{verdicts:?}"
    );
    // Corrected bars for 10:00 put the market far below: the quote matches 09:00's, stale.
    let s = "time,open,high,low,close\n2025-12-12T10:00:00Z,80000,80100,79900,80050\n";
    let low = dir.path().join("btc-usd-1h-fix.csv");
    std::fs::write(&low, s).unwrap();
    let out = run_ok(
        cw(&db)
            .args(["prices", "import", "--asset", "BTC"])
            .arg(&low),
    );
    assert!(out.contains("0 new, 0 unchanged, 1 replaced"), "{out}");
    let card = run_ok(cw(&db).args(["show", &id.to_string()]));
    assert!(
        card.contains("Quoted price check: stale") && card.contains("2025-12-12 09:00 UTC"),
        "{card}"
    );
    // With the whole day far below, it is wrong.
    let mut s = String::from("time,open,high,low,close\n");
    for h in 0..24 {
        s.push_str(&format!(
            "2025-12-12T{h:02}:00:00Z,80000,80100,79900,80050\n"
        ));
    }
    std::fs::write(&low, s).unwrap();
    run_ok(
        cw(&db)
            .args(["prices", "import", "--asset", "BTC"])
            .arg(&low),
    );
    let card = run_ok(cw(&db).args(["show", &id.to_string()]));
    assert!(card.contains("Quoted price check: wrong"), "{card}");
}

/// Real pages with their own publication dates (ScrapingHub's, 2019–2020) as a news dump,
/// the shared daily BTC candles, and the backtest end to end.
#[test]
fn backtest_runs_on_real_pages_and_candles() {
    let shared = common::shared();
    let html = shared.join("eval/extraction/scrapinghub/html");
    let candles = shared.join("datasets/market/btc-usdt-1d.csv");
    let mut names: Vec<_> = std::fs::read_dir(&html)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let mut lines = Vec::new();
    for p in names {
        let gz = std::fs::read(&p).unwrap();
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut raw).unwrap();
        let (text, _) = claimwire::fetch::decode(&raw, None);
        let a = claimwire::page::read_html(&text, None);
        let Some(published) = a.published.clone() else {
            continue;
        };
        if a.text.split_whitespace().count() < 150 {
            continue;
        }
        lines.push(
            serde_json::json!({"title": a.title, "published": published, "text": a.text})
                .to_string(),
        );
        if lines.len() == 40 {
            break;
        }
    }
    assert!(lines.len() >= 30, "only {} dated pages", lines.len());
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("archive.jsonl");
    std::fs::write(&dump, lines.join("\n")).unwrap();
    let db = dir.path().join("m.db");
    let mut ingest = cw(&db);
    ingest.arg("ingest").arg("--jsonl").arg(&dump);
    let _ = ingest.output().unwrap();
    run_ok(cw(&db).args(["prices", "import"]).arg(&candles));
    let table = run_ok(cw(&db).args([
        "backtest",
        "--all-stories",
        "--horizons",
        "1d,7d",
        "--by",
        "publisher",
    ]));
    println!("{table}");
    for want in [
        "claimwire",
        "always_bullish",
        "previous_day",
        "random",
        "1d",
        "7d",
        "publisher: ",
    ] {
        assert!(table.contains(want), "{want} missing:\n{table}");
    }
    let v: serde_json::Value = serde_json::from_str(&run_ok(cw(&db).args([
        "backtest",
        "--all-stories",
        "--horizons",
        "1d,7d",
        "--overlapping",
        "--format",
        "json",
    ])))
    .unwrap();
    let n = v["rows"][0]["stories"].as_u64().unwrap();
    assert!(n >= 25, "{n} stories with returns");
    let h = &v["rows"][0]["hit_rate"];
    assert!(h["low"].as_f64().unwrap() <= h["value"].as_f64().unwrap());
    assert!(h["value"].as_f64().unwrap() <= h["high"].as_f64().unwrap());
}
