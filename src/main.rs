//! The claimwire command line: parses flags, calls the library, prints.
//!
//! Exit codes: 0 success; 1 a fatal error (unreadable list, database error, bad input);
//! 2 a usage error; 3 the batch ran but at least one source failed (the rest is stored).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("CLAIMWIRE_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new("warn,html5ever=error,selectors=error")
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
