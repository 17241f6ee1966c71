//! The market commands: `prices import`, `prices list`, `backtest`, and the market checks
//! that `claims` and `show` add when the store holds prices.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use claimwire::export::{self, ClaimNote, Format};
use claimwire::market::backtest::{self, BacktestOptions, GroupBy};
use claimwire::market::bars::{show_bar, show_time};
use claimwire::market::{self, Market, PriceFormat};
use claimwire::store::{ClaimRow, Store, StoryDetail};

#[derive(Subcommand)]
pub enum PricesCommand {
    /// Import a price file (Binance klines, CoinGecko export, or time,open,high,low,close
    /// CSV; any bar size) into the store; importing it again changes nothing.
    Import {
        file: PathBuf,
        /// The asset the prices are of (default: from the file name, e.g. btc-usdt-1d.csv).
        #[arg(long)]
        asset: Option<String>,
        #[arg(long, value_enum, default_value_t = PriceFormat::Auto)]
        format: PriceFormat,
        #[arg(long)]
        json: bool,
    },
    /// List the stored price series.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Clone, Copy)]
pub enum BacktestFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args)]
pub struct BacktestArgs {
    /// The asset whose prices the stories are measured against.
    #[arg(long, default_value = "BTC")]
    pub asset: String,
    /// Horizons from publication: a number and m, h, d or w, comma-separated.
    #[arg(long, default_value = "1h,1d,7d")]
    pub horizons: String,
    /// Also split the figures by publisher, scorer or tag.
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,
    /// Take every rated story, not only those whose claims, price or tags name the asset.
    #[arg(long)]
    pub all_stories: bool,
    /// Take every story of an event (by default only the first published one counts).
    #[arg(long)]
    pub overlapping: bool,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Bootstrap resamples for the 95% intervals.
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    #[arg(long, value_enum, default_value_t = BacktestFormat::Table)]
    pub format: BacktestFormat,
    /// Also write the SVG report (calibration, cumulative return, hit rate by horizon).
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

pub fn prices(db: &Path, cmd: PricesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PricesCommand::Import {
            file,
            asset,
            format,
            json,
        } => {
            let mut store = Store::open(db)?;
            let r = market::import(&mut store, &file, asset.as_deref(), format)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{}: {} {} bars of {}/{} ({}), {} to {}: {} new, {} unchanged, {} replaced",
                r.file,
                r.rows,
                show_bar(r.bar_seconds),
                r.asset,
                r.quote,
                r.format.as_str(),
                show_time(r.first_time),
                show_time(r.last_time),
                r.counts.inserted,
                r.counts.unchanged,
                r.counts.replaced
            );
            if r.duplicates > 0 {
                println!("  {} repeated rows (same values) taken once", r.duplicates);
            }
            if r.naive_times {
                println!("  times without an offset were read as UTC");
            }
            let missing: i64 = r.gaps.iter().map(|g| g.missing).sum();
            if !r.gaps.is_empty() {
                println!("  {} gaps, {missing} bars missing:", r.gaps.len());
                for g in r.gaps.iter().take(10) {
                    println!("    after {}: {} missing", show_time(g.after), g.missing);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        PricesCommand::List { json } => {
            let store = super::commands::open_existing(db)?;
            let series = store.price_series()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&series)?);
            } else {
                let mut t = comfy_table::Table::new();
                t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
                    .set_header(["asset", "quote", "bar", "bars", "first", "last", "source"]);
                for s in series {
                    t.add_row([
                        s.asset,
                        s.quote,
                        show_bar(s.bar_seconds),
                        s.bars.to_string(),
                        show_time(s.first_time),
                        show_time(s.last_time),
                        s.source,
                    ]);
                }
                println!("{t}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn backtest(db: &Path, a: BacktestArgs) -> anyhow::Result<ExitCode> {
    let store = super::commands::open_existing(db)?;
    let options = BacktestOptions {
        asset: a.asset.trim().to_uppercase(),
        horizons: backtest::parse_horizons(&a.horizons)?,
        by: a.by,
        all_stories: a.all_stories,
        overlapping: a.overlapping,
        seed: a.seed,
        resamples: a.resamples.max(1),
    };
    let b = backtest::run(&store, &options)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        BacktestFormat::Table => market::report::write_table(&mut out, &b)?,
        BacktestFormat::Csv => market::report::write_csv(&mut out, &b)?,
        BacktestFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&b)?)?,
    }
    if let Some(path) = a.svg {
        std::fs::write(&path, market::report::svg(&b)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints claims, with a `market` column when the store holds prices.
pub fn write_claims(store: &Store, rows: &[ClaimRow], format: Format) -> anyhow::Result<()> {
    let market = Market::new(store)?;
    let mut out = std::io::stdout().lock();
    if market.is_empty() {
        return export::write_claims(&mut out, rows, format);
    }
    let mut notes = Vec::with_capacity(rows.len());
    for c in rows {
        let published = store.published_of(c.article_id)?;
        notes.push(
            market
                .check(c, published.as_deref())?
                .map(|check| -> anyhow::Result<ClaimNote> {
                    Ok(ClaimNote {
                        summary: check.summary(),
                        detail: serde_json::to_value(&check)?,
                    })
                })
                .transpose()?,
        );
    }
    export::write_claims_noted(&mut out, rows, &notes, "market", format)
}

/// Prints a story's card (or its JSON), with the market at publication when there are prices.
pub fn show(store: &Store, detail: &StoryDetail, json: bool) -> anyhow::Result<()> {
    let market = Market::new(store)?;
    let lines = if market.is_empty() {
        vec![]
    } else {
        market::card_lines(&market, detail)?
    };
    if json {
        let mut v = serde_json::to_value(detail)?;
        if let Some(o) = v.as_object_mut() {
            let mut checks = Vec::new();
            for c in &detail.claims {
                if let Some(check) = market.check(c, detail.story.published.as_deref())? {
                    checks.push(check);
                }
            }
            o.insert(
                "market".into(),
                serde_json::json!({"lines": lines, "checks": checks}),
            );
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", export::render_card_with(detail, &lines));
        for m in &detail.members {
            if let Some(k) = m.kind.as_ref().filter(|k| !k.is_article()) {
                println!(
                    "Note: article {} ({}) is not an article but a {}; its claims were kept \
                     with --keep-non-articles",
                    m.article_id,
                    m.source,
                    k.summary()
                );
            }
        }
    }
    Ok(())
}
