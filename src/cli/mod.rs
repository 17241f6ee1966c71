//! Flags and subcommands; each command calls the library and prints its result.

mod commands;
mod dedup;
mod market;
mod models;
mod progress;
mod setup;
mod stage_table;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "claimwire",
    version,
    about = "News pages in, claims and rated summaries out"
)]
pub struct Cli {
    /// SQLite database file.
    #[arg(
        long,
        global = true,
        env = "CLAIMWIRE_DB",
        default_value = "claimwire.db"
    )]
    pub db: PathBuf,
    /// Folder of all-MiniLM-L6-v2 (config.json, vocab.txt, model.safetensors); default: where
    /// scripts/setup-model.sh put it. Needs a build with the `model` feature.
    #[arg(long, global = true, env = "CLAIMWIRE_MODEL_DIR")]
    pub model_dir: Option<PathBuf>,
    /// Trained direction weights to use instead of the shipped ones (what `train direction
    /// --out` or `train soup --out` wrote). Needs a build with the `model` feature.
    #[arg(long, global = true, env = "CLAIMWIRE_DIRECTION_WEIGHTS")]
    pub direction_weights: Option<PathBuf>,
    /// Use no model: lexical direction cues, dedup without embeddings.
    #[arg(long, global = true)]
    pub no_model: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Clone)]
pub struct FetchArgs {
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 2)]
    pub per_host: usize,
    /// Pause between two requests to one host, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub delay_ms: u64,
    /// Longest time for one request, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Largest body accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Further tries after 429, 503 or a connection error.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// Longest wait for a connection, in seconds.
    #[arg(long, default_value_t = 10)]
    pub connect_timeout: u64,
    /// Longest silence while reading a response, in seconds.
    #[arg(long, default_value_t = 20)]
    pub read_timeout: u64,
    /// Redirects followed at most (a loop fails at once as redirect_loop).
    #[arg(long, default_value_t = 10)]
    pub max_redirects: usize,
    /// Do not read or obey robots.txt (obeyed by default, Crawl-delay included).
    #[arg(long)]
    pub ignore_robots: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Fetch, read, extract, rate and store sources (URLs, file:// URLs, local .html/.txt).
    Ingest {
        sources: Vec<String>,
        /// Read sources from FILE, one a line ('-' for standard input); relative paths are
        /// taken from the file's folder.
        #[arg(long)]
        from: Option<String>,
        /// Fetch and store again even when stored before.
        #[arg(long)]
        refresh: bool,
        /// One JSON record a source instead of text lines.
        #[arg(long)]
        json: bool,
        /// Take only feed and sitemap entries published on or after DATE (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        since: Option<String>,
        /// Also read dated articles from a news dump: one JSON object a line,
        /// {url?, title?, published?, text | html} (no fetching).
        #[arg(long, value_name = "FILE")]
        jsonl: Option<PathBuf>,
        /// Also read the response records of a WARC file (plain or .warc.gz, CC-NEWS style;
        /// streamed, no fetching).
        #[arg(long, value_name = "FILE")]
        warc: Option<PathBuf>,
        /// Read at most N response records of the WARC file.
        #[arg(long, value_name = "N", requires = "warc")]
        warc_limit: Option<usize>,
        /// Longest time reading and analysing one page may take, in milliseconds; a page
        /// past it fails as read_timeout and the batch goes on.
        #[arg(long, default_value_t = 30_000)]
        page_budget_ms: u64,
        /// Take claims and a rating from pages that are not articles too (listings, forum
        /// threads, product pages); by default they are stored as such, without claims.
        #[arg(long)]
        keep_non_articles: bool,
        /// Print the CPU time of each stage after the summary (with --json: each source's in
        /// its record, the batch's in a closing {"stage_times": ...} record).
        #[arg(long)]
        stage_times: bool,
        #[command(flatten)]
        fetch: FetchArgs,
    },
    /// Read, extract and rate the stored pages again from their raw bytes (no network).
    Reprocess {
        /// One JSON record an article instead of text lines.
        #[arg(long)]
        json: bool,
    },
    /// Print the article (metadata, main text, page kind with confidence and reasons) of a
    /// source as JSON, the kind also on standard error; stores nothing.
    Read { source: String },
    /// Print article, claims and rating of a source as JSON (the page kind also on standard
    /// error); stores nothing.
    Extract { source: String },
    /// List stored claims.
    Claims {
        #[arg(long)]
        asset: Option<String>,
        /// price, percent, basis_points, amount, crypto_amount, index_level
        #[arg(long)]
        kind: Option<String>,
        /// Cited source (substring, any case).
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        story: Option<i64>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// List stories with their number of copies.
    Stories {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show a story's rated summary card, its copies and claims.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Export the ratings table, one row per story.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// List sources with their last status.
    Sources {
        /// Only the failed ones.
        #[arg(long)]
        failed: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Build the sample corpus pages from the seed texts.
    Corpus {
        /// Folder of the seed .txt files (default: $CLAIMWIRE_SHARED/seeds or ../shared/seeds).
        #[arg(long)]
        seeds: Option<PathBuf>,
        #[arg(long, default_value = "corpus/pages")]
        out: PathBuf,
    },
    /// Serve the store over HTTP: a JSON API and web pages (ratings, story cards, claims,
    /// sources, an ingest form). Loopback by default; another address needs a token.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Every write (POST) needs `Authorization: Bearer TOKEN`; required off loopback.
        #[arg(long, env = "CLAIMWIRE_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// The quick start: build the corpus, ingest corpus/urls.txt (written if missing), print
    /// the ratings table.
    Demo {
        #[arg(long)]
        seeds: Option<PathBuf>,
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
    },
    /// Measure a stage on labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Sentence direction: one text a line from FILE or standard input ('-'), one JSON record
    /// a line out (label, probabilities of bearish / bullish / neutral, scorer).
    Sentiment { input: Option<String> },
    /// Train a model (needs the `model` feature).
    #[command(subcommand)]
    Train(TrainCommand),
    /// Inspect the dedup (copies and coverage of one event).
    #[command(subcommand)]
    Dedup(DedupCommand),
    /// Market data: import price files (any bar size), list the stored series.
    #[command(subcommand)]
    Prices(market::PricesCommand),
    /// Backtest ratings against what the asset's price did after publication: hit rates and
    /// rank correlations with 95% bootstrap intervals, beside baselines.
    Backtest(market::BacktestArgs),
    /// Set up the model files (libtorch, all-MiniLM-L6-v2) in the user's cache folder with
    /// pip, checked against built-in checksums; `--check` says where they are found.
    Setup(setup::SetupArgs),
}

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Fine-tune all-MiniLM-L6-v2 and a head for sentence direction on the train split (the
    /// rows outside `eval direction --split holdout`) of a labelled file.
    Direction(TrainArgs),
    /// Average the weights of direction models trained from the same base with different
    /// seeds (a uniform model soup): one model's size and speed, an ensemble's robustness.
    Soup {
        /// Trained direction weights (`train direction --out`), two or more.
        #[arg(required = true, num_args = 2..)]
        inputs: Vec<PathBuf>,
        /// Where to write the averaged weights (a JSON record goes beside them).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// `text,label` CSV (0 bearish, 1 bullish, 2 neutral) or `sentence@label` lines.
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the trained weights (a JSON record of the run goes beside them).
    #[arg(long, default_value = "models/direction/minilm-direction.safetensors")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 2)]
    pub epochs: usize,
    /// Learning rate of the head and the top encoder layer.
    #[arg(long, default_value_t = 5e-5)]
    pub lr: f64,
    /// Layer-wise decay: each layer below the top learns at this fraction of the one above
    /// (the word embeddings below the bottom layer); 1 trains all at --lr.
    #[arg(long, default_value_t = 1.0)]
    pub layer_decay: f64,
    /// Weigh each label's loss by the square root of its inverse frequency in the data, so
    /// the rarer bearish and bullish sentences count more than the neutral majority.
    #[arg(long)]
    pub balance: bool,
    #[arg(long, default_value_t = 32)]
    pub batch: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Subcommand)]
pub enum DedupCommand {
    /// Every signal between two articles (stored ids, or local files / URLs: no database
    /// needed), with scores, thresholds and the verdicts same_story and same_event.
    Explain {
        a: String,
        b: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Main text and metadata vs annotations. With a truth file (ScrapingHub layout): token-shingle
    /// precision, recall, F1. With a truth folder (WCXB layout: one <id>.json a page): word F1,
    /// shingle F1, with/without snippets, title, author and published-date accuracy, per page type.
    Extraction {
        /// Folder of <id>.html or <id>.html.gz pages.
        #[arg(long)]
        html: PathBuf,
        /// JSON file mapping id to {articleBody, url}, or a folder of WCXB truth files.
        #[arg(long)]
        truth: PathBuf,
        /// Pages to score in a truth folder: all, the tuning part or the held-aside quarter.
        #[arg(long, value_enum, default_value_t = claimwire::eval::claims::Split::All)]
        split: claimwire::eval::claims::Split,
        /// Score another extractor's output instead of reading the pages: a JSON object of
        /// id to {text, title, authors, published} (a truth file scores `text` only).
        #[arg(long)]
        predictions: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Claims and sources vs a gold file (seeds-gold.json format).
    Claims {
        #[arg(long)]
        gold: PathBuf,
        /// Folder holding the gold file's `file` documents (default: the gold file's folder).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Shared data folder for `doc` locators (default: $CLAIMWIRE_SHARED or ../shared).
        #[arg(long)]
        shared: Option<PathBuf>,
        /// Documents to score: all, the tuning part or the held-out part.
        #[arg(long, value_enum, default_value_t = claimwire::eval::claims::Split::All)]
        split: claimwire::eval::claims::Split,
        #[arg(long)]
        json: bool,
    },
    /// Sentence direction vs labels: accuracy, macro-F1, confusion matrix. Reads `text,label`
    /// CSV (0 bearish, 1 bullish, 2 neutral) or `sentence@label` (positive/neutral/negative).
    Direction {
        #[arg(long)]
        data: PathBuf,
        /// Rows to score: all, or the train / holdout split `train direction` uses.
        #[arg(long, value_enum, default_value_t = claimwire::eval::direction::Split::All)]
        split: claimwire::eval::direction::Split,
        #[arg(long)]
        json: bool,
    },
    /// What reading only each article's focus (headline, lede, sentences with a claim or a
    /// directional cue) instead of every sentence changes in the classifier's direction, on
    /// the article pages of folders of `*.html[.gz]` (tune and held-out quarter apart).
    Focus {
        /// Folder of pages (repeatable).
        #[arg(long = "pages", required = true)]
        pages: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Same-event F1 on labelled article pairs (SemEval-2022 task 8 JSONL: overall <= 1.5 is
    /// the same event, >= 3 different, in between left out).
    Stories {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        json: bool,
        /// Also write every labelled pair with its signals and verdict (NDJSON) to FILE.
        #[arg(long, value_name = "FILE")]
        pairs: Option<PathBuf>,
    },
    /// Pairwise precision and recall of the story grouping on a copies test set: a JSONL file
    /// of {name, story, title?, text}, or the shared folder to generate the set from.
    Copies {
        #[arg(long)]
        data: Option<PathBuf>,
        /// Also write the documents (as JSONL) to FILE.
        #[arg(long)]
        write: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Clone, Copy)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy)]
pub enum ExportFormat {
    Csv,
    Jsonl,
    Markdown,
    Table,
}

/// Logging set-up, the command, and its exit code (1 for an error, printed).
/// Ends the process quietly, as a Unix filter does, when stdout is closed under it
/// (`claimwire claims | head`): `print!` panics on a broken pipe, which would print a panic
/// message and a backtrace. Every other panic keeps the default report.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") && msg.contains("Broken pipe") {
            // 128 + SIGPIPE, the status a shell reports for a filter whose reader went away.
            std::process::exit(141);
        }
        default(info)
    }));
}

pub fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("CLAIMWIRE_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new("warn,html5ever=error,selectors=error")
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let code = match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    };
    // No inference may run on a reader left past its budget while the process ends.
    claimwire::close_analyses();
    code
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    if !cli.no_model && cli.command.needs_model() && crate::model_backend::delegates() {
        return crate::model_backend::delegate(cli.model_dir.as_deref());
    }
    commands::dispatch(cli)
}

impl Command {
    /// Whether the command runs a model (unless `--no-model`): those start the model runtime.
    fn needs_model(&self) -> bool {
        matches!(
            self,
            Command::Ingest { .. }
                | Command::Reprocess { .. }
                | Command::Extract { .. }
                | Command::Demo { .. }
                | Command::Serve { .. }
                | Command::Sentiment { .. }
                | Command::Train(_)
                | Command::Dedup(_)
                | Command::Eval(
                    EvalCommand::Direction { .. }
                        | EvalCommand::Focus { .. }
                        | EvalCommand::Stories { .. }
                        | EvalCommand::Copies { .. }
                )
        )
    }
}
