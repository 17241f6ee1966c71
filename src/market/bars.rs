//! Price files in: the common CSV exports read into sorted bars with their bar size, gaps and
//! overlaps. Binance klines (unix ms, s or µs open times, with or without a header),
//! CoinGecko's `snapped_at,price,market_cap,total_volume`, and a generic
//! `time,open,high,low,close[,volume]` (unix times or ISO dates, UTC unless an offset is
//! given). A bad row is an error naming its line; nothing is returned half read.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use crate::store::Bar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PriceFormat {
    Auto,
    Binance,
    Coingecko,
    Ohlc,
}

impl PriceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceFormat::Auto => "auto",
            PriceFormat::Binance => "binance",
            PriceFormat::Coingecko => "coingecko",
            PriceFormat::Ohlc => "ohlc",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BarError {
    #[error("{file}: no price rows")]
    Empty { file: String },
    #[error("{file}: cannot tell the format from the first line {first:?}: give --format binance, coingecko or ohlc")]
    UnknownFormat { file: String, first: String },
    #[error("{file}: the header has no {column} column (found: {found})")]
    MissingColumn {
        file: String,
        column: &'static str,
        found: String,
    },
    #[error("{file}, line {line}: {what}")]
    Row {
        file: String,
        line: usize,
        what: String,
    },
    #[error("{file}, lines {first} and {second}: two different bars open at {time}")]
    Conflict {
        file: String,
        first: usize,
        second: usize,
        time: String,
    },
}

/// A gap: bars missing between two that are stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Open time of the last bar before the gap, and of the first after it.
    pub after: i64,
    pub before: i64,
    pub missing: i64,
}

/// A price file read: its bars, sorted, one per open time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub format: PriceFormat,
    pub bar_seconds: i64,
    pub bars: Vec<Bar>,
    /// Rows repeating a bar the file already gave, with the same values.
    pub duplicates: usize,
    pub gaps: Vec<Gap>,
    /// The file gave times without an offset, read as UTC.
    pub naive_times: bool,
    /// Snapshot prices (no open, high, low): each bar has one price.
    pub points: bool,
}

/// Reads a price file's text.
pub fn parse(file: &str, text: &str, format: PriceFormat) -> Result<Series, BarError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim().trim_start_matches('\u{feff}')))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let Some(&(_, first)) = lines.first() else {
        return Err(BarError::Empty { file: file.into() });
    };
    let cells: Vec<String> = split(first).iter().map(|c| c.to_lowercase()).collect();
    let has_header = cells
        .iter()
        .any(|c| c.parse::<f64>().is_err() && !looks_like_time(c));
    let format = match format {
        PriceFormat::Auto => detect(&cells, has_header).ok_or_else(|| BarError::UnknownFormat {
            file: file.into(),
            first: first.chars().take(80).collect(),
        })?,
        f => f,
    };
    let columns = columns(file, format, has_header.then_some(&cells[..]))?;
    let body = if has_header { &lines[1..] } else { &lines[..] };
    let mut naive_times = false;
    let mut by_time: BTreeMap<i64, (usize, Bar)> = BTreeMap::new();
    let mut duplicates = 0;
    for &(line, l) in body {
        let row = split(l);
        let err = |what: String| BarError::Row {
            file: file.into(),
            line,
            what,
        };
        let cell = |i: usize, name: &str| {
            row.get(i)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| err(format!("no {name} value (column {})", i + 1)))
        };
        let (t, naive) = parse_time(cell(columns.time, "time")?)
            .ok_or_else(|| err(format!("cannot read the time {:?}", row[columns.time])))?;
        naive_times |= naive;
        let num = |i: usize, name: &str| -> Result<f64, BarError> {
            let s = cell(i, name)?;
            let v: f64 = s
                .parse()
                .map_err(|_| err(format!("{name} {s:?} is not a number")))?;
            if !v.is_finite() || v < 0.0 {
                return Err(err(format!("{name} {s:?} is not a price")));
            }
            Ok(v)
        };
        let bar = match columns.ohlc {
            Some([o, h, lo, c]) => Bar {
                open_time: t,
                open: num(o, "open")?,
                high: num(h, "high")?,
                low: num(lo, "low")?,
                close: num(c, "close")?,
                volume: columns.volume.map(|v| num(v, "volume")).transpose()?,
            },
            None => {
                let p = num(columns.price, "price")?;
                Bar {
                    open_time: t,
                    open: p,
                    high: p,
                    low: p,
                    close: p,
                    volume: columns.volume.map(|v| num(v, "volume")).transpose()?,
                }
            }
        };
        if bar.close <= 0.0
            || bar.low > bar.open.min(bar.close)
            || bar.high < bar.open.max(bar.close)
        {
            return Err(err(format!(
                "not a bar: open {}, high {}, low {}, close {}",
                bar.open, bar.high, bar.low, bar.close
            )));
        }
        match by_time.get(&t) {
            Some((_, b)) if *b == bar => duplicates += 1,
            Some((first_line, _)) => {
                return Err(BarError::Conflict {
                    file: file.into(),
                    first: *first_line,
                    second: line,
                    time: show_time(t),
                })
            }
            None => {
                by_time.insert(t, (line, bar));
            }
        }
    }
    let bars: Vec<Bar> = by_time.into_values().map(|(_, b)| b).collect();
    if bars.is_empty() {
        return Err(BarError::Empty { file: file.into() });
    }
    let bar_seconds = bar_size(&bars);
    let gaps = gaps(&bars, bar_seconds);
    Ok(Series {
        format,
        bar_seconds,
        bars,
        duplicates,
        gaps,
        naive_times,
        points: columns.ohlc.is_none(),
    })
}

struct Columns {
    time: usize,
    ohlc: Option<[usize; 4]>,
    price: usize,
    volume: Option<usize>,
}

fn detect(cells: &[String], has_header: bool) -> Option<PriceFormat> {
    if !has_header {
        return (cells.len() >= 5).then_some(PriceFormat::Binance);
    }
    if cells.iter().any(|c| c == "snapped_at") {
        return Some(PriceFormat::Coingecko);
    }
    let has = |n: &str| cells.iter().any(|c| c == n);
    if has("open") && has("high") && has("low") && has("close") {
        return Some(if has("open_time") || has("close_time") {
            PriceFormat::Binance
        } else {
            PriceFormat::Ohlc
        });
    }
    None
}

fn columns(file: &str, f: PriceFormat, header: Option<&[String]>) -> Result<Columns, BarError> {
    let Some(h) = header else {
        // Binance kline dumps without a header: open time, open, high, low, close, volume, ...
        return Ok(Columns {
            time: 0,
            ohlc: Some([1, 2, 3, 4]),
            price: 4,
            volume: Some(5),
        });
    };
    let find = |names: &[&'static str]| names.iter().find_map(|n| h.iter().position(|c| c == n));
    let need = |names: &[&'static str]| {
        find(names).ok_or_else(|| BarError::MissingColumn {
            file: file.into(),
            column: names[0],
            found: h.join(","),
        })
    };
    const TIME: [&str; 8] = [
        "time",
        "open_time",
        "timestamp",
        "date",
        "datetime",
        "snapped_at",
        "opentime",
        "ts",
    ];
    if f == PriceFormat::Coingecko {
        return Ok(Columns {
            time: need(&["snapped_at", "time", "date"])?,
            ohlc: None,
            price: need(&["price", "close"])?,
            volume: find(&["total_volume", "volume"]),
        });
    }
    Ok(Columns {
        time: need(&TIME)?,
        ohlc: Some([
            need(&["open"])?,
            need(&["high"])?,
            need(&["low"])?,
            need(&["close"])?,
        ]),
        price: 0,
        volume: find(&["volume", "vol"]),
    })
}

fn split(line: &str) -> Vec<&str> {
    let sep = if line.contains(',') {
        ','
    } else if line.contains(';') {
        ';'
    } else {
        '\t'
    };
    line.split(sep)
        .map(|c| c.trim().trim_matches('"'))
        .collect()
}

fn looks_like_time(s: &str) -> bool {
    parse_time(s).is_some()
}

/// A time as unix seconds, and whether it had no offset (read as UTC). Integers are unix
/// times in seconds, milliseconds or microseconds, told apart by their size.
pub fn parse_time(s: &str) -> Option<(i64, bool)> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        let secs = match n.abs() {
            x if x >= 100_000_000_000_000 => n / 1_000_000,
            x if x >= 100_000_000_000 => n / 1000,
            _ => n,
        };
        return Some((secs, false));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t.timestamp(), false));
    }
    let naive = s.trim_end_matches(" UTC").trim_end_matches('Z');
    let utc = naive.len() != s.len();
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(naive, f) {
            return Some((t.and_utc().timestamp(), !utc));
        }
    }
    NaiveDate::parse_from_str(naive, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| (t.and_utc().timestamp(), !utc))
}

/// The bar size: the most common step between consecutive open times.
fn bar_size(bars: &[Bar]) -> i64 {
    let mut steps: BTreeMap<i64, usize> = BTreeMap::new();
    for w in bars.windows(2) {
        *steps.entry(w[1].open_time - w[0].open_time).or_default() += 1;
    }
    steps
        .into_iter()
        .max_by_key(|&(step, n)| (n, std::cmp::Reverse(step)))
        .map(|(s, _)| s)
        .unwrap_or(86_400)
}

pub(crate) fn gaps(bars: &[Bar], step: i64) -> Vec<Gap> {
    bars.windows(2)
        .filter(|w| w[1].open_time - w[0].open_time > step)
        .map(|w| Gap {
            after: w[0].open_time,
            before: w[1].open_time,
            missing: (w[1].open_time - w[0].open_time) / step - 1,
        })
        .collect()
}

/// A unix time as `YYYY-MM-DD HH:MM UTC`.
pub fn show_time(t: i64) -> String {
    DateTime::<Utc>::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// A bar size as `1m`, `4h`, `1d`, ...
pub fn show_bar(seconds: i64) -> String {
    match seconds {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_format() {
        let b = parse(
            "k.csv",
            "1700000000000,10,12,9,11,5,0\n1700000060000,11,13,10,12,6,0\n",
            PriceFormat::Auto,
        )
        .unwrap();
        assert_eq!(
            (b.format, b.bar_seconds, b.bars.len()),
            (PriceFormat::Binance, 60, 2)
        );
        assert_eq!(b.bars[1].close, 12.0);
        let g = parse(
            "g.csv",
            "snapped_at,price,market_cap,total_volume\n2020-01-01 00:00:00 UTC,7200.5,1,2\n2020-01-02 00:00:00 UTC,7300,1,2\n",
            PriceFormat::Auto,
        )
        .unwrap();
        assert_eq!(
            (g.format, g.bar_seconds, g.points),
            (PriceFormat::Coingecko, 86_400, true)
        );
        assert!(!g.naive_times);
        let o = parse(
            "o.csv",
            "time,open,high,low,close\n2020-01-01T00:00:00+01:00,1,2,0.5,1.5\n2020-01-01T01:00:00+01:00,1.5,2,1,1.8\n",
            PriceFormat::Auto,
        )
        .unwrap();
        assert_eq!(o.format, PriceFormat::Ohlc);
        assert_eq!(o.bars[0].open_time, 1_577_833_200);
    }

    #[test]
    fn names_the_bad_line() {
        let e = parse(
            "p.csv",
            "time,open,high,low,close\n1,1,2,1,1\n2,1,x,1,1\n",
            PriceFormat::Auto,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "p.csv, line 3: high \"x\" is not a number");
        let e = parse(
            "p.csv",
            "time,open,high,low,close\n1,1,2,1,1\n2,5,4,1,1\n",
            PriceFormat::Auto,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("p.csv, line 3: not a bar"), "{e}");
        let e = parse(
            "p.csv",
            "time,open,high,low,close\n60,1,2,1,1\n60,1,3,1,1\n",
            PriceFormat::Auto,
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                BarError::Conflict {
                    first: 2,
                    second: 3,
                    ..
                }
            ),
            "{e}"
        );
        let e = parse("p.csv", "when,price\n", PriceFormat::Auto).unwrap_err();
        assert!(matches!(e, BarError::UnknownFormat { .. }), "{e}");
    }

    #[test]
    fn reports_gaps_and_duplicates() {
        let s = parse(
            "p.csv",
            "time,open,high,low,close\n0,1,1,1,1\n3600,1,1,1,1\n3600,1,1,1,1\n14400,1,1,1,1\n18000,1,1,1,1\n",
            PriceFormat::Ohlc,
        )
        .unwrap();
        assert_eq!(s.bar_seconds, 3600);
        assert_eq!(s.duplicates, 1);
        assert_eq!(
            s.gaps,
            vec![Gap {
                after: 3600,
                before: 14400,
                missing: 2
            }]
        );
    }
}
