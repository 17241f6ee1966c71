//! How an ingest looks from the terminal: one line (or one NDJSON record) per source on
//! standard output, a progress bar on standard error when it is a terminal, Ctrl-C to stop
//! cleanly (what was stored stays stored, the summary is printed, the next run resumes), and
//! the closing summary. Also the `reprocess` command's output.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::bail;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};

use claimwire::store::Store;
use claimwire::{ingest, IngestOptions, IngestSummary, SourceReport};

/// Parses `--since`: a date (midnight UTC) or an RFC 3339 time.
pub fn parse_since(s: &str) -> anyhow::Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        Some(t) => Ok(t.and_utc()),
        None => bail!("--since {s:?}: use YYYY-MM-DD or an RFC 3339 time"),
    }
}

pub fn ingest_with_progress(
    rt: &tokio::runtime::Runtime,
    store: &mut Store,
    sources: &[String],
    options: &IngestOptions,
    json: bool,
    line: fn(&SourceReport) -> String,
) -> anyhow::Result<IngestSummary> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(sources.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} sources {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let options = IngestOptions {
        stop: Some(stop_rx),
        ..options.clone()
    };
    let print = |r: &SourceReport| {
        let text = if json {
            serde_json::to_string(r).unwrap_or_default()
        } else {
            line(r)
        };
        match &bar {
            Some(bar) => {
                bar.suspend(|| println!("{text}"));
                bar.inc_length(r.queued as u64);
                bar.inc(1);
            }
            None => println!("{text}"),
        }
    };
    let summary = rt.block_on(async {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("stopping: what was stored stays stored; run again to resume");
                let _ = stop_tx.send(true);
            }
        });
        ingest(store, sources, &options, print).await
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if !json {
        print_summary(&summary);
        if summary.interrupted {
            println!(
                "interrupted: {} sources not finished; run the same command again to resume",
                summary.pending
            );
        }
    }
    print_stage_times(&summary, json);
    Ok(summary)
}

/// Ingests the response records of a WARC file (at most `limit`), one line (or NDJSON
/// record) per record, a spinner on standard error when it is a terminal, and the summary.
pub fn run_warc(
    store: &mut Store,
    path: &std::path::Path,
    limit: Option<usize>,
    options: &IngestOptions,
    json: bool,
) -> anyhow::Result<IngestSummary> {
    let records = claimwire::fetch::warc::read_warc(path, limit)
        .map_err(|e| anyhow::anyhow!("cannot read WARC file {}: {e}", path.display()))?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = match limit {
            Some(l) => ProgressBar::new(l as u64),
            None => ProgressBar::new_spinner(),
        };
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} records {elapsed} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let summary = claimwire::ingest_dump(store, records, options, |r| {
        let text = if json {
            serde_json::to_string(r).unwrap_or_default()
        } else {
            super::commands::report_line(r)
        };
        match &bar {
            Some(bar) => {
                bar.suspend(|| println!("{text}"));
                bar.inc(1);
            }
            None => println!("{text}"),
        }
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if !json {
        print_summary(&summary);
    }
    Ok(summary)
}

/// Ingests a news dump, one line (or NDJSON record) per article and the summary.
pub fn run_dump(
    store: &mut Store,
    path: &std::path::Path,
    options: &IngestOptions,
    json: bool,
) -> anyhow::Result<IngestSummary> {
    let entries = claimwire::fetch::dump::read_dump(path)
        .map_err(|e| anyhow::anyhow!("cannot read news dump {}: {e}", path.display()))?;
    let summary = claimwire::ingest_dump(store, entries, options, |r| {
        if json {
            println!("{}", serde_json::to_string(r).unwrap_or_default());
        } else {
            println!("{}", super::commands::report_line(r));
        }
    })?;
    if !json {
        print_summary(&summary);
    }
    print_stage_times(&summary, json);
    Ok(summary)
}

fn print_stage_times(summary: &IngestSummary, json: bool) {
    if let Some(t) = &summary.stage_times {
        let sources = summary.stored
            + summary.non_articles
            + summary.already_stored
            + summary.unchanged
            + summary.expanded
            + summary.failed.len();
        super::stage_table::print(t, sources, json);
    }
}

fn print_summary(summary: &IngestSummary) {
    println!(
        "{} stored, {} already stored, {} unchanged, {} failed",
        summary.stored,
        summary.already_stored,
        summary.unchanged,
        summary.failed.len()
    );
    if summary.non_articles > 0 {
        println!(
            "{} pages stored as non-articles, without claims (--keep-non-articles takes them)",
            summary.non_articles
        );
    }
    if summary.expanded > 0 {
        println!("{} feeds or sitemaps expanded", summary.expanded);
    }
    for f in &summary.failed {
        println!(
            "  failed: {} — {}: {}",
            f.source,
            f.status,
            f.detail.as_deref().unwrap_or("")
        );
    }
}

pub fn run_reprocess(
    mut store: Store,
    direction: Option<&dyn claimwire::rating::SentenceClassifier>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let done = claimwire::reprocess(&mut store, direction, |r| {
        if json {
            println!("{}", serde_json::to_string(r).unwrap_or_default());
        } else {
            println!(
                "{:<15} article {}  {} claims — {}",
                r.status,
                r.article_id.unwrap_or_default(),
                r.claims,
                r.title.as_deref().unwrap_or("(untitled)")
            );
        }
    })?;
    if !json {
        println!("{done} articles reprocessed");
    }
    Ok(ExitCode::SUCCESS)
}
