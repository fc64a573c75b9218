//! The I/O floor `cargo xtask bench` compares `generate` and `check` with
//! (see `xtask::bench::floor`); the bench runs it, users do not.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(name = "io-floor")]
struct Args {
    #[arg(long)]
    abi: PathBuf,
    /// The generated files whose bytes are written (or, with `--read`, whose names are read in `--out`).
    #[arg(long)]
    from: PathBuf,
    #[arg(long)]
    out: PathBuf,
    /// Only read the files in `--out` (the floor of a run that changes nothing).
    #[arg(long)]
    read: bool,
}

fn main() -> ExitCode {
    let a = Args::parse();
    xtask::exit_code(
        xtask::bench::floor::run(&a.abi, &a.from, &a.out, !a.read)
            .map(|bytes| println!("io-floor: {bytes} bytes")),
    )
}
