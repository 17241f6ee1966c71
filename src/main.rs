//! The claimwire command line: parses flags, calls the library, prints.
//!
//! Exit codes: 0 success; 1 a fatal error (unreadable list, database error, bad input);
//! 2 a usage error; 3 the batch ran but at least one source failed (the rest is stored).

mod cli;
#[path = "cli/model_delegate.rs"]
mod model_backend;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
