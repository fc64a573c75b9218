//! git, as the commands use it: in one repository, either in the user's
//! environment or isolated from the user's and the system's configuration
//! (so that what it writes depends on the repository and the arguments
//! alone), with environment variables of the caller's.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::process::{self, Expression};

/// git in one repository.
#[derive(Clone, Debug)]
pub struct Git {
    dir: PathBuf,
    env: Vec<(String, OsString)>,
}

impl Git {
    /// git in `dir`, with the user's configuration.
    pub fn new(dir: &Path) -> Self {
        Git {
            dir: dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// git in `dir`, without the user's or the system's configuration, in
    /// the C locale.
    pub fn isolated(dir: &Path) -> Self {
        Self::new(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("LC_ALL", "C")
    }

    /// The same with one more environment variable.
    pub fn env(mut self, key: &str, value: impl Into<OsString>) -> Self {
        self.env.push((key.to_string(), value.into()));
        self
    }

    /// `git -C DIR ARGS` as a command to run.
    pub fn cmd<I>(&self, args: I) -> Expression
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let mut argv: Vec<OsString> = vec!["-C".into(), self.dir.clone().into()];
        argv.extend(args.into_iter().map(Into::into));
        self.env
            .iter()
            .fold(process::cmd("git", argv), |e, (k, v)| e.env(k, v))
    }

    /// The standard output of `git ARGS`; an error quoting git's own
    /// message when it fails.
    pub fn read<I>(&self, args: I) -> Result<String>
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        self.read_with_input(args, None)
    }

    /// The same with `input` as git's standard input.
    pub fn read_with_input<I>(&self, args: I, input: Option<&str>) -> Result<String>
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let shown = args
            .iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ");
        let mut e = self.cmd(&args);
        if let Some(text) = input {
            e = e.stdin_bytes(text);
        }
        let out = process::output(&e).context("cannot run git")?;
        if !out.status.success() {
            bail!(
                "git {shown} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        String::from_utf8(out.stdout).with_context(|| format!("git {shown} printed non-UTF-8 text"))
    }
}
