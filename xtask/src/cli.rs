//! The command line: every subcommand, its flags, and what it runs.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::{abi_diff, bench, ci, ctest, e2e, files, fuzz, kernel, patch, root, summary};

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate and check the Arm CCA guest ABI bindings"
)]
pub struct Cli {
    /// Threads that format the generated Rust crate; the output does not
    /// depend on it [default: one per core].
    #[arg(
        long,
        global = true,
        env = "CCA_ABI_THREADS",
        value_name = "N",
        display_order = 100
    )]
    threads: Option<NonZeroUsize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write every generated file from the ABI description.
    Generate(Dirs),
    /// Fail, with a diff, if the generated files differ from what the ABI produces now.
    Check(Dirs),
    /// Print the resolved model.
    Model {
        /// Print it as JSON (the same text as generated/json/cca-abi.json)
        /// [default: a summary per interface].
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        abi: Abi,
    },
    /// Review report (Markdown) of what changed between two spec revisions (`FROM TO`), or
    /// between abi/ at a git revision and now (`--git REV [REVISION]`).
    AbiDiff {
        /// Compare abi/ as it is at this git revision (each interface at its newest spec revision)
        /// with the current abi/.
        #[arg(long, value_name = "REV")]
        git: Option<String>,
        /// `FROM TO`: two spec revision names; with `--git`, at most one: the current
        /// description's revision to compare with [default: each interface's newest].
        #[arg(value_name = "REVISION")]
        revisions: Vec<String>,
        #[command(flatten)]
        abi: Abi,
    },
    /// Check the generated C in a real arm64 Linux tree (checkpatch, W=1, sparse, gcc and clang).
    KernelCheck(Abi),
    /// Write a profile's patch series for a kernel tree (git format-patch output).
    KernelPatch {
        /// The kernel tree: a git repository; the series applies to its HEAD.
        #[arg(long, value_name = "LINUX")]
        tree: PathBuf,
        /// The profile of abi/outputs.yaml [default: its `default`].
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Directory for 0000-cover-letter.patch, 0001-….patch, …
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Author and Signed-off-by, `Name <email>` [default: the tree's git config].
        #[arg(long, value_name = "IDENTITY")]
        signoff: Option<String>,
        #[command(flatten)]
        abi: Abi,
    },
    /// Run the generated C: the hostile-host table and the aarch64 layout probe.
    CTest(Abi),
    /// Boot the Rust guest and each kernel profile's C routine under QEMU against a model
    /// monitor at EL3, once per hostile-host case and page size, with real `smc`s.
    E2e(Abi),
    /// Fuzz the loader, the whole pipeline and the generated decoders (cargo-fuzz, nightly).
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Run the whole test suite, as CI does.
    Ci,
    /// Measure the generator, the proc-macro and the generated code; prints one table of figures and ratios.
    Bench {
        /// Iterations per measurement.
        #[arg(long, default_value_t = 20)]
        iterations: u32,
        /// Each section once, at its smallest size (what `cargo xtask ci` runs).
        #[arg(long)]
        smoke: bool,
        /// Measure one section only: commands, wayland, scaling, macro or code.
        #[arg(long, value_name = "SECTION")]
        only: Option<String>,
    },
}

// `--abi DIR`, the description every command but `fuzz` and `ci` reads.
// (Plain comments: a doc comment here would become the help text of the
// commands that flatten it.)
#[derive(Args, Debug)]
struct Abi {
    /// Directory holding the ABI YAML files [default: abi/ of the workspace].
    #[arg(long, value_name = "DIR")]
    abi: Option<PathBuf>,
}

impl Abi {
    fn dir(&self) -> PathBuf {
        self.abi.clone().unwrap_or_else(|| root().join("abi"))
    }
}

// The flags of `generate` and `check`.
#[derive(Args, Debug)]
struct Dirs {
    #[command(flatten)]
    abi: Abi,
    /// Output directory [default: generated/ of the workspace].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Parse and emit even when the inputs, the generator and the output
    /// directory are as the last run left them (see the stamp in README).
    #[arg(long)]
    no_cache: bool,
    /// Only this Linux profile of abi/outputs.yaml (its `linux/NAME/` files);
    /// every other generated file is left as it is [default: everything].
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
}

impl Dirs {
    fn out(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| root().join("generated"))
    }
    /// What to generate or check, and whether the stamp may be used.
    fn scope(&self) -> files::Scope {
        files::Scope {
            profile: self.profile.clone(),
            cache: !self.no_cache,
        }
    }

    /// The command line that regenerates these files, for `check` to print.
    fn regenerate_command(&self) -> String {
        let mut cmd = String::from("cargo xtask generate");
        if let Some(a) = &self.abi.abi {
            cmd.push_str(&format!(" --abi {}", a.display()));
        }
        if let Some(o) = &self.out {
            cmd.push_str(&format!(" --out {}", o.display()));
        }
        if let Some(p) = &self.profile {
            cmd.push_str(&format!(" --profile {p}"));
        }
        cmd
    }
}

/// The comparison `abi-diff`'s arguments ask for.
fn abi_diff_options(git: Option<String>, mut revs: Vec<String>) -> Result<abi_diff::Options> {
    match (git, revs.len()) {
        (Some(rev), 0 | 1) => Ok(abi_diff::Options::Git {
            rev,
            revision: revs.pop(),
        }),
        (Some(_), _) => bail!("abi-diff --git REV takes at most one REVISION"),
        (None, 2) => {
            let to = revs.pop().unwrap_or_default();
            let from = revs.pop().unwrap_or_default();
            Ok(abi_diff::Options::Revisions { from, to })
        }
        (None, _) => bail!("abi-diff takes FROM TO (two spec revisions) or --git REV [REVISION]"),
    }
}

/// `cargo xtask model`.
fn model(json: bool, abi: &Abi) -> Result<()> {
    let (model, _) = files::load_model(&abi.dir())?;
    if json {
        print!("{}", codegen::emit::json::render(&model));
    } else {
        print!("{}", summary::model(&model));
    }
    Ok(())
}

/// Run the command `cli` asks for.
pub fn run(cli: Cli) -> Result<()> {
    let threads = cli.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    match cli.command {
        Command::Generate(d) => files::generate(&d.abi.dir(), &d.out(), &d.scope(), threads),
        Command::Check(d) => {
            let fix = d.regenerate_command();
            files::check(&d.abi.dir(), &d.out(), &fix, &d.scope(), threads)
        }
        Command::Model { json, abi } => model(json, &abi),
        Command::AbiDiff {
            git,
            revisions,
            abi,
        } => abi_diff::run(&abi.dir(), &abi_diff_options(git, revisions)?),
        Command::KernelCheck(abi) => kernel::run_check(&abi.dir()),
        Command::KernelPatch {
            tree,
            profile,
            out,
            signoff,
            abi,
        } => {
            let options = patch::Options {
                abi: abi.dir(),
                tree,
                profile,
                out,
                signoff,
            };
            for f in patch::run(&options)? {
                println!("{}", f.display());
            }
            Ok(())
        }
        Command::CTest(abi) => ctest::run_tests(&abi.dir()),
        Command::E2e(abi) => e2e::run(&abi.dir()),
        Command::Fuzz { seconds } => fuzz::run(seconds),
        Command::Ci => ci::run(threads),
        Command::Bench {
            iterations,
            smoke,
            only,
        } => bench::run(&bench::Options {
            iterations,
            smoke,
            only,
        }),
    }
}
