//! External tools the checks need: found on PATH, or installed from Debian's
//! packages (as root, `apt-get update` then `apt-get install -y …`), or a
//! clear error that names the command to run. Never a silent skip.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::process::{self, cmd};

/// What a check needs: a program on PATH or a file, and the package that provides it.
#[derive(Clone, Copy, Debug)]
pub enum Need {
    Program(&'static str, &'static str),
    File(&'static str, &'static str),
}

impl Need {
    fn package(self) -> &'static str {
        match self {
            Need::Program(_, p) | Need::File(_, p) => p,
        }
    }
    fn present(self) -> bool {
        match self {
            Need::Program(name, _) => which(name).is_some(),
            Need::File(path, _) => Path::new(path).exists(),
        }
    }
}

pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn is_root() -> bool {
    process::output(&cmd("id", ["-u"]))
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Install the packages behind every missing need, or fail saying how.
pub fn ensure(needs: &[Need]) -> Result<()> {
    let mut missing: Vec<&'static str> = needs
        .iter()
        .filter(|n| !n.present())
        .map(|n| n.package())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        bail!(
            "missing Debian packages: {list}\n  install them with: sudo apt-get update && sudo apt-get install -y {list}"
        );
    }
    println!("==> installing {list}");
    let run = |args: &[&str]| -> Result<()> {
        let apt = cmd("apt-get", args).env("DEBIAN_FRONTEND", "noninteractive");
        let status = process::status(&apt).context("cannot run apt-get")?;
        if !status.success() {
            bail!("`apt-get {}` failed ({status})", args.join(" "));
        }
        Ok(())
    };
    run(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(missing.iter().copied());
    run(&args)?;
    let still: Vec<&str> = needs
        .iter()
        .filter(|n| !n.present())
        .map(|n| match n {
            Need::Program(p, _) | Need::File(p, _) => *p,
        })
        .collect();
    if !still.is_empty() {
        bail!(
            "still missing after installing {list}: {}",
            still.join(", ")
        );
    }
    Ok(())
}

/// Cache for large derived inputs (the unpacked kernel tree), outside the
/// repository: `$CCA_ABI_CACHE`, else `$XDG_CACHE_HOME/cca-abi`, else `~/.cache/cca-abi`.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CCA_ABI_CACHE") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(d).join("cca-abi");
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/tmp".into());
    PathBuf::from(home).join(".cache/cca-abi")
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the
/// workspace root when relative), else `target/` of the workspace.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => crate::root().join(d),
        None => crate::root().join("target"),
    }
}

/// Write a file, creating its directory.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Generated C files laid out for a build: headers under `DIR/include/`
/// (as `asm/…`), sources flat in `DIR`.
pub struct KernelLayout {
    /// `(include name, path)`, e.g. `("asm/rhi.h", DIR/include/asm/rhi.h)`.
    pub headers: Vec<(String, PathBuf)>,
    pub sources: Vec<PathBuf>,
}

/// Write `files` (paths under `linux/`) into a fresh `dir`.
pub fn lay_out(files: &[codegen::emit::File], dir: &Path) -> Result<KernelLayout> {
    let _ = std::fs::remove_dir_all(dir);
    let mut out = KernelLayout {
        headers: Vec::new(),
        sources: Vec::new(),
    };
    for f in files {
        let rel = f.path.strip_prefix("linux/").unwrap_or(&f.path);
        if let Some(h) = rel.strip_prefix("arch/arm64/include/") {
            let path = dir.join("include").join(h);
            write_file(&path, &f.contents)?;
            out.headers.push((h.to_string(), path));
        } else if rel.ends_with(".c") {
            let name = Path::new(rel)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let path = dir.join(name);
            write_file(&path, &f.contents)?;
            out.sources.push(path);
        }
    }
    Ok(out)
}

/// Make sure a rustup target is installed; install it when missing.
pub fn ensure_target(target: &str) -> Result<()> {
    let out = process::output(&cmd("rustup", ["target", "list", "--installed"]))
        .with_context(|| format!("cannot run rustup to look for the {target} target"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == target)
    {
        return Ok(());
    }
    println!("==> installing the rustup target {target}");
    let status =
        process::status(&cmd("rustup", ["target", "add", target])).context("cannot run rustup")?;
    if !status.success() {
        bail!("`rustup target add {target}` failed ({status})");
    }
    Ok(())
}
