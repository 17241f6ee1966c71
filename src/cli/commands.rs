//! The body of each subcommand.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};

use claimwire::export::{self, Format};
use claimwire::fetch::{FetchOptions, Fetcher, Outcome};
use claimwire::store::{ClaimFilter, Store};
use claimwire::{analyse_with, read_document, IngestOptions, SourceReport};

use super::models::{Models, SharedEmbedder};
use super::{Cli, Command, EvalCommand, ExportFormat, FetchArgs, ListFormat, TrainCommand};

const SOME_FAILED: u8 = 3;

pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = cli.db;
    let models = Models::new(
        cli.model_dir.clone(),
        cli.direction_weights.clone(),
        cli.no_model,
    );
    match cli.command {
        Command::Ingest {
            sources,
            from,
            refresh,
            json,
            since,
            jsonl,
            warc,
            warc_limit,
            page_budget_ms,
            keep_non_articles,
            stage_times,
            fetch,
        } => {
            let mut all = sources;
            if let Some(list) = from {
                all.extend(read_list(&list)?);
            }
            let options = IngestOptions {
                fetch: fetch_options(&fetch),
                refresh,
                since: since
                    .as_deref()
                    .map(super::progress::parse_since)
                    .transpose()?,
                direction: models.direction()?,
                page_budget: Some(std::time::Duration::from_millis(page_budget_ms)),
                keep_non_articles,
                stage_times,
                ..IngestOptions::default()
            };
            let mut failed = false;
            if jsonl.is_some() || warc.is_some() {
                let mut store = Store::open(&db)?;
                set_embedder(&mut store, &models)?;
                if let Some(dump) = jsonl {
                    let summary = super::progress::run_dump(&mut store, &dump, &options, json)?;
                    failed |= !summary.failed.is_empty();
                }
                if let Some(file) = warc {
                    let summary =
                        super::progress::run_warc(&mut store, &file, warc_limit, &options, json)?;
                    failed |= !summary.failed.is_empty();
                }
                if all.is_empty() {
                    return Ok(if failed {
                        ExitCode::from(SOME_FAILED)
                    } else {
                        ExitCode::SUCCESS
                    });
                }
            }
            if all.is_empty() {
                bail!("nothing to ingest: give sources, --from FILE, --jsonl FILE or --warc FILE");
            }
            run_ingest(&db, &all, &options, &models, json)
        }
        Command::Reprocess { json } => {
            let mut store = open_existing(&db)?;
            set_embedder(&mut store, &models)?;
            super::progress::run_reprocess(store, models.direction()?.as_deref(), json)
        }
        Command::Read { source } => {
            let doc = fetch_one(&source)?;
            let article = read_document(&doc);
            eprintln!("kind: {}", article.kind.summary());
            println!("{}", serde_json::to_string_pretty(&article)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { source } => {
            let doc = fetch_one(&source)?;
            let article = read_document(&doc);
            eprintln!("kind: {}", article.kind.summary());
            let (extraction, rating) = analyse_with(&article, models.direction()?.as_deref());
            let out = serde_json::json!({
                "article": article,
                "claims": extraction.claims,
                "sources": extraction.sources,
                "times": extraction.times,
                "assets": extraction.assets,
                "rating": rating,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Claims {
            asset,
            kind,
            source,
            story,
            format,
        } => {
            if let Some(k) = &kind {
                if claimwire::claims::ClaimKind::parse(k).is_none() {
                    bail!("unknown claim kind '{k}': use price, percent, basis_points, amount, crypto_amount or index_level");
                }
            }
            let store = open_existing(&db)?;
            let rows = store.claims(&ClaimFilter {
                asset,
                kind,
                source,
                story,
                article: None,
            })?;
            super::market::write_claims(&store, &rows, list_format(format))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stories { format } => {
            let store = open_existing(&db)?;
            let rows = store.stories()?;
            export::write_stories(&mut std::io::stdout().lock(), &rows, list_format(format))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let store = open_existing(&db)?;
            let Some(detail) = store.story(id)? else {
                bail!("no story {id} in {}", db.display());
            };
            super::market::show(&store, &detail, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, output } => {
            let store = open_existing(&db)?;
            let rows = store.ratings_table()?;
            let format = match format {
                ExportFormat::Csv => Format::Csv,
                ExportFormat::Jsonl => Format::Jsonl,
                ExportFormat::Markdown => Format::Markdown,
                ExportFormat::Table => Format::Table,
            };
            match output {
                Some(path) => {
                    let mut f = std::fs::File::create(&path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    export::write_ratings(&mut f, &rows, format)?;
                }
                None => export::write_ratings(&mut std::io::stdout().lock(), &rows, format)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sources { failed, format } => {
            let store = open_existing(&db)?;
            let rows = store.sources(failed)?;
            let mut out = std::io::stdout().lock();
            match format {
                ListFormat::Json | ListFormat::Csv => {
                    export::write_sources(&mut out, &rows, list_format(format))?
                }
                ListFormat::Table => {
                    for r in rows {
                        writeln!(
                            out,
                            "{}\t{}\t{}",
                            r.status,
                            r.source,
                            r.detail.unwrap_or_default()
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Corpus { seeds, out } => {
            let seeds = seeds.unwrap_or_else(claimwire::corpus::default_seeds_dir);
            let pages = claimwire::corpus::build(&seeds, &out)?;
            for p in pages {
                println!("{}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { seeds, corpus } => {
            let seeds = seeds.unwrap_or_else(claimwire::corpus::default_seeds_dir);
            claimwire::corpus::build(&seeds, &corpus.join("pages"))?;
            let list = corpus.join("urls.txt");
            claimwire::corpus::ensure_url_list(&list)?;
            let sources = read_list(&list.to_string_lossy())?;
            let options = IngestOptions {
                direction: models.direction()?,
                ..IngestOptions::default()
            };
            let code = run_ingest(&db, &sources, &options, &models, false)?;
            println!();
            let store = open_existing(&db)?;
            export::write_ratings(
                &mut std::io::stdout().lock(),
                &store.ratings_table()?,
                Format::Table,
            )?;
            Ok(code)
        }
        Command::Serve { addr, token } => {
            let config = claimwire::serve::ServeConfig {
                db,
                addr,
                token,
                ingest: IngestOptions {
                    direction: models.direction()?,
                    ..IngestOptions::default()
                },
                embedder: models.embedder()?,
            };
            claimwire::serve::check_addr(config.addr, config.token.as_deref())?;
            runtime()?.block_on(claimwire::serve::serve(config))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Extraction {
            html,
            truth,
            split,
            predictions,
            json,
        }) if truth.is_dir() => {
            let report =
                claimwire::eval::wcxb::evaluate(&html, &truth, split, predictions.as_deref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Extraction {
            html,
            truth,
            predictions,
            json,
            ..
        }) => {
            let report =
                claimwire::eval::extraction::evaluate_with(&html, &truth, predictions.as_deref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Dedup(d) => super::dedup::run(&db, d, &models),
        Command::Eval(e @ (EvalCommand::Stories { .. } | EvalCommand::Copies { .. })) => {
            super::dedup::eval(e, &models)
        }
        Command::Eval(EvalCommand::Direction { data, split, json }) => {
            super::models::eval_direction(&models, &data, split, json)
        }
        Command::Eval(EvalCommand::Focus { pages, json }) => {
            super::models::eval_focus(&models, &pages, json)
        }
        Command::Sentiment { input } => super::models::sentiment(&models, input.as_deref()),
        Command::Train(TrainCommand::Direction(args)) => {
            super::models::train_direction(cli.model_dir.as_deref(), &args)
        }
        Command::Train(TrainCommand::Soup { inputs, out }) => {
            super::models::train_soup(cli.model_dir.as_deref(), &inputs, &out)
        }
        Command::Prices(p) => super::market::prices(&db, p),
        Command::Backtest(b) => super::market::backtest(&db, b),
        Command::Setup(s) => super::setup::run(&s, cli.model_dir.as_deref()),
        Command::Eval(EvalCommand::Claims {
            gold,
            docs,
            shared,
            split,
            json,
        }) => {
            let shared = shared.unwrap_or_else(claimwire::eval::claims::docs::default_shared_dir);
            let report = claimwire::eval::claims::evaluate(
                &gold,
                docs.as_deref(),
                &shared,
                split,
                read_path,
            )?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn fetch_options(a: &FetchArgs) -> FetchOptions {
    FetchOptions {
        concurrency: a.concurrency.max(1),
        per_host: a.per_host.max(1),
        delay: Duration::from_millis(a.delay_ms),
        total_timeout: Duration::from_secs(a.timeout.max(1)),
        connect_timeout: Duration::from_secs(a.connect_timeout.max(1)),
        read_timeout: Duration::from_secs(a.read_timeout.max(1)),
        max_redirects: a.max_redirects,
        max_bytes: a.max_bytes,
        retries: a.retries,
        respect_robots: !a.ignore_robots,
        ..FetchOptions::default()
    }
}

fn list_format(f: ListFormat) -> Format {
    match f {
        ListFormat::Table => Format::Table,
        ListFormat::Json => Format::Json,
        ListFormat::Csv => Format::Csv,
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Gives the store the text embedder for placing stories, when there is one.
fn set_embedder(store: &mut Store, models: &Models) -> anyhow::Result<()> {
    if let Some(e) = models.embedder()? {
        store.set_embedder(Some(Box::new(SharedEmbedder(e))));
    }
    Ok(())
}

pub(super) fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        bail!(
            "no database at {}: run `claimwire ingest` first, or pass --db",
            db.display()
        );
    }
    Ok(Store::open(db)?)
}

fn run_ingest(
    db: &Path,
    sources: &[String],
    options: &IngestOptions,
    models: &Models,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(db)?;
    set_embedder(&mut store, models)?;
    let summary = super::progress::ingest_with_progress(
        &runtime()?,
        &mut store,
        sources,
        options,
        json,
        report_line,
    )?;
    Ok(if summary.failed.is_empty() && !summary.interrupted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SOME_FAILED)
    })
}

pub(super) fn report_line(r: &SourceReport) -> String {
    match r.status.as_str() {
        "stored" => format!(
            "stored          {}  article {} story {}: {} claims — {}",
            r.source,
            r.article_id.unwrap_or_default(),
            r.story_id.unwrap_or_default(),
            r.claims,
            r.title.as_deref().unwrap_or("(untitled)")
        ),
        "stored_non_article" => format!(
            "non-article     {}  article {}: {}",
            r.source,
            r.article_id.unwrap_or_default(),
            r.detail.as_deref().unwrap_or("")
        ),
        "already_stored" => format!(
            "already stored  {}  article {}",
            r.source,
            r.article_id.unwrap_or_default()
        ),
        "unchanged" => format!("unchanged       {}", r.source),
        "expanded" => format!("expanded        {}  {} entries queued", r.source, r.queued),
        other => format!(
            "FAILED          {}  {other}: {}",
            r.source,
            r.detail.as_deref().unwrap_or("")
        ),
    }
}

/// Reads a list of sources: one a line, blank lines and `#` comments skipped; relative paths
/// are resolved against the list's folder.
fn read_list(list: &str) -> anyhow::Result<Vec<String>> {
    let (lines, base): (Vec<String>, Option<PathBuf>) = if list == "-" {
        let lines = std::io::stdin()
            .lock()
            .lines()
            .collect::<std::io::Result<_>>()
            .context("cannot read sources from standard input")?;
        (lines, None)
    } else {
        let text = std::fs::read_to_string(list)
            .with_context(|| format!("cannot read source list {list}"))?;
        let base = Path::new(list).parent().map(Path::to_path_buf);
        (text.lines().map(str::to_string).collect(), base)
    };
    Ok(lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match &base {
            Some(b) if !l.contains("://") && Path::new(l).is_relative() => {
                b.join(l).to_string_lossy().into_owned()
            }
            _ => l.to_string(),
        })
        .collect())
}

pub(super) fn fetch_one(source: &str) -> anyhow::Result<claimwire::fetch::Document> {
    let fetcher = Fetcher::new(FetchOptions::default())?;
    let outcome = runtime()?
        .block_on(fetcher.fetch(source, None))
        .with_context(|| format!("cannot fetch {source}"))?;
    match outcome {
        Outcome::Fetched(doc) => Ok(*doc),
        Outcome::NotModified => bail!("{source}: server answered 304 to an unconditional request"),
        Outcome::Feed(_) => bail!("{source}: is a feed or sitemap; ingest it to take its entries"),
    }
}

/// Reads a local document as an article (for evaluations).
fn read_path(path: &Path) -> anyhow::Result<claimwire::page::Article> {
    let doc = fetch_one(&path.to_string_lossy())?;
    Ok(read_document(&doc))
}
