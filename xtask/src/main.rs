//! `cargo xtask`: parse the command line, run the command, print its error.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    xtask::exit_code(xtask::cli::run(xtask::cli::Cli::parse()))
}
