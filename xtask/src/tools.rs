//! External tools the checks need: found on PATH, or installed from Debian's
//! packages (as root, `apt-get update` then `apt-get install -y …`), or a
//! clear error that names the command to run. Never a silent skip.

use std::path::{Path, PathBuf};
use std::process::Command;

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
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Install the packages behind every missing need, or fail saying how.
pub fn ensure(needs: &[Need]) -> Result<(), String> {
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
        return Err(format!(
            "error: missing Debian packages: {list}\n  install them with: sudo apt-get update && sudo apt-get install -y {list}"
        ));
    }
    println!("==> installing {list}");
    let run = |args: &[&str]| -> Result<(), String> {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("error: cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "error: `apt-get {}` failed ({status})",
                args.join(" ")
            ))
        }
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
    if still.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "error: still missing after installing {list}: {}",
            still.join(", ")
        ))
    }
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

/// The cargo that runs this xtask (`$CARGO`), in the workspace root.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(crate::root());
    cmd
}

/// A finished command's stdout followed by its stderr.
pub fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Run a command; on failure the error carries its output.
pub fn run(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("error: {what}: cannot start: {e}"))?;
    let text = output_text(&out);
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("error: {what} failed ({}):\n{text}", out.status))
    }
}

/// Write a file, creating its directory.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)
            .map_err(|e| format!("error: cannot create {}: {e}", p.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("error: cannot write {}: {e}", path.display()))
}

/// Generated C files laid out for a build: headers under `DIR/include/`
/// (as `asm/…`), sources flat in `DIR`.
pub struct KernelLayout {
    /// `(include name, path)`, e.g. `("asm/rhi.h", DIR/include/asm/rhi.h)`.
    pub headers: Vec<(String, PathBuf)>,
    pub sources: Vec<PathBuf>,
}

/// Write `files` (paths under `linux/`) into a fresh `dir`.
pub fn lay_out(files: &[codegen::emit::File], dir: &Path) -> Result<KernelLayout, String> {
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
pub fn ensure_target(target: &str) -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("error: cannot run rustup to look for the {target} target: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == target)
    {
        return Ok(());
    }
    println!("==> installing the rustup target {target}");
    let status = Command::new("rustup")
        .args(["target", "add", target])
        .status()
        .map_err(|e| format!("error: cannot run rustup: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: `rustup target add {target}` failed ({status})"
        ))
    }
}
