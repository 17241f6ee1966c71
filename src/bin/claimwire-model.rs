//! `claimwire-model`: the claimwire command line with the model runtime (libtorch) linked in.
//! `claimwire` starts without it and hands every command that needs a model to this binary
//! (same arguments, same output, same exit codes); it can also be run directly.

#[path = "../cli/mod.rs"]
mod cli;
#[path = "../cli/model_inprocess.rs"]
mod model_backend;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
