//! `cargo xtask`: the project's only entry point for generating and checking.
//!
//! All file-system policy lives here; `codegen` only maps text to text.

/// The generator allocates and frees millions of small token and syntax
/// nodes; mimalloc does that markedly faster than glibc's allocator
/// (`cargo xtask bench` measures the emitters).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod abi_diff;
mod bench;
mod ci;
mod ctest;
mod e2e;
mod files;
mod fuzz;
mod kernel;
mod patch;
mod stamp;
mod summary;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate and check the Arm CCA guest ABI bindings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
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
        /// Directory holding the ABI YAML files.
        #[arg(long, value_name = "DIR")]
        abi: Option<PathBuf>,
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
        /// Directory holding the current ABI YAML files.
        #[arg(long, value_name = "DIR")]
        abi: Option<PathBuf>,
    },
    /// Check the generated C in a real arm64 Linux tree (checkpatch, W=1, sparse, gcc and clang).
    KernelCheck {
        /// Directory holding the ABI YAML files.
        #[arg(long, value_name = "DIR")]
        abi: Option<PathBuf>,
    },
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
        /// Directory holding the ABI YAML files.
        #[arg(long, value_name = "DIR")]
        abi: Option<PathBuf>,
    },
    /// Run the generated C: the hostile-host table and the aarch64 layout probe.
    CTest {
        /// Directory holding the ABI YAML files.
        #[arg(long, value_name = "DIR")]
        abi: Option<PathBuf>,
    },
    /// Boot the Rust guest and each kernel profile's C routine under QEMU against a model
    /// monitor at EL3, once per hostile-host case and page size, with real `smc`s.
    E2e {
        /// Directory holding the ABI YAML files.
        #[arg(long, value_name = "DIR")]
        abi: Option<PathBuf>,
    },
    /// Fuzz the loader, the whole pipeline and the generated decoders (cargo-fuzz, nightly).
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Run the whole test suite, as CI does.
    Ci,
    /// The I/O floor `bench` compares `generate` and `check` with (not for users).
    #[command(hide = true)]
    IoFloor {
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
    },
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

#[derive(Args)]
struct Dirs {
    /// Directory holding the ABI YAML files [default: abi/ of the workspace].
    #[arg(long, value_name = "DIR")]
    abi: Option<PathBuf>,
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

/// The workspace root: the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

impl Dirs {
    fn abi(&self) -> PathBuf {
        self.abi.clone().unwrap_or_else(|| root().join("abi"))
    }
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
        if let Some(a) = &self.abi {
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
fn abi_diff_options(
    git: Option<String>,
    mut revs: Vec<String>,
) -> Result<abi_diff::Options, String> {
    match (git, revs.len()) {
        (Some(rev), 0 | 1) => Ok(abi_diff::Options::Git {
            rev,
            revision: revs.pop(),
        }),
        (Some(_), _) => Err("error: abi-diff --git REV takes at most one REVISION".into()),
        (None, 2) => {
            let to = revs.pop().unwrap_or_default();
            let from = revs.pop().unwrap_or_default();
            Ok(abi_diff::Options::Revisions { from, to })
        }
        (None, _) => {
            Err("error: abi-diff takes FROM TO (two spec revisions) or --git REV [REVISION]".into())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(d) => files::generate(&d.abi(), &d.out(), &d.scope()),
        Command::Check(d) => files::check(&d.abi(), &d.out(), &d.regenerate_command(), &d.scope()),
        Command::Model { json, abi } => {
            let abi = abi.unwrap_or_else(|| root().join("abi"));
            files::load_model(&abi).map(|(model, _)| {
                if json {
                    print!("{}", codegen::emit::json::render(&model));
                } else {
                    print!("{}", summary::model(&model));
                }
            })
        }
        Command::AbiDiff {
            git,
            revisions,
            abi,
        } => abi_diff_options(git, revisions)
            .and_then(|o| abi_diff::run(&abi.unwrap_or_else(|| root().join("abi")), &o)),
        Command::KernelCheck { abi } => {
            kernel::run_check(&abi.unwrap_or_else(|| root().join("abi")))
        }
        Command::KernelPatch {
            tree,
            profile,
            out,
            signoff,
            abi,
        } => patch::run(&patch::Options {
            abi: abi.unwrap_or_else(|| root().join("abi")),
            tree,
            profile,
            out,
            signoff,
        })
        .map(|files| {
            for f in files {
                println!("{}", f.display());
            }
        }),
        Command::CTest { abi } => ctest::run_tests(&abi.unwrap_or_else(|| root().join("abi"))),
        Command::E2e { abi } => e2e::run(&abi.unwrap_or_else(|| root().join("abi"))),
        Command::Fuzz { seconds } => fuzz::run(seconds),
        Command::Ci => ci::run(),
        Command::IoFloor {
            abi,
            from,
            out,
            read,
        } => files::io_floor(&abi, &from, &out, !read),
        Command::Bench {
            iterations,
            smoke,
            only,
        } => bench::run(&bench::Options {
            iterations,
            smoke,
            only,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            if !msg.is_empty() {
                eprint!("{msg}");
                if !msg.ends_with('\n') {
                    eprintln!();
                }
            }
            ExitCode::FAILURE
        }
    }
}
