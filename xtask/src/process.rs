//! Running programs. Every process the xtask starts is a `duct`
//! [`Expression`] (program, arguments, directory, environment, standard
//! input), run here in one of three ways: captured whatever its status
//! ([`output`]), captured and required to succeed ([`run`]), or on the
//! terminal ([`status`]).

use std::ffi::OsString;
use std::path::Path;
use std::process::{ExitStatus, Output};

use anyhow::{Context as _, Result, bail};
pub use duct::{Expression, cmd};

/// An argument list as a command line reads: words of literal text, then
/// arguments of any kind (paths, formatted text).
#[derive(Debug, Default)]
pub struct Args(Vec<OsString>);

impl Args {
    /// The words of `line`, split at white space.
    pub fn words(line: &str) -> Self {
        Args(line.split_whitespace().map(OsString::from).collect())
    }

    /// The same with `more` words of literal text.
    pub fn and(mut self, more: &str) -> Self {
        self.0.extend(more.split_whitespace().map(OsString::from));
        self
    }

    /// The same with one argument more.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.0.push(arg.into());
        self
    }

    /// The same with every argument of `args`.
    pub fn args<I>(mut self, args: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        self.0.extend(args.into_iter().map(Into::into));
        self
    }

    /// The same with `-I DIR` for every directory.
    pub fn includes<I>(self, dirs: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        dirs.into_iter().fold(self, |a, d| a.arg("-I").arg(d))
    }
}

impl IntoIterator for Args {
    type Item = OsString;
    type IntoIter = std::vec::IntoIter<OsString>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Run `e` with its standard output and error captured, whatever its exit
/// status; an error only when it cannot be started. Its standard input is
/// empty, as with `std::process::Command::output` (qemu `-nographic` would
/// take the terminal's), unless `e` gives it one (the innermost wins).
pub fn output(e: &Expression) -> std::io::Result<Output> {
    e.stdin_null()
        .stdout_capture()
        .stderr_capture()
        .unchecked()
        .run()
}

/// A finished command's stdout followed by its stderr.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Run `e` captured; its stdout and stderr, or an error (`what`) carrying them.
pub fn run(e: &Expression, what: &str) -> Result<String> {
    let out = output(e).with_context(|| format!("{what}: cannot start"))?;
    let text = text(&out);
    if !out.status.success() {
        bail!("{what} failed ({}):\n{text}", out.status);
    }
    Ok(text)
}

/// Run `e` on the terminal (nothing captured); its exit status.
pub fn status(e: &Expression) -> std::io::Result<ExitStatus> {
    e.unchecked().run().map(|o| o.status)
}

/// Whether `e` starts and succeeds, its output discarded.
pub fn succeeds(e: &Expression) -> bool {
    output(e).is_ok_and(|o| o.status.success())
}

/// The cargo that runs this xtask (`$CARGO`), in the workspace root.
pub fn cargo<I>(args: I) -> Expression
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    cargo_in(&crate::root(), args)
}

/// The same in `dir`. (A directory, a variable or a redirection given to an
/// expression yields to one its inner expression already has, so the
/// directory is set here, once.)
pub fn cargo_in<I>(dir: &Path, args: I) -> Expression
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    cmd(program, args).dir(dir)
}

/// [`cargo`] with arguments of several types (`&str`, `String`, paths), as
/// `duct::cmd!` takes them.
#[macro_export]
macro_rules! cargo {
    ($($arg:expr),* $(,)?) => {
        $crate::process::cargo([$(::std::ffi::OsString::from($arg)),*])
    };
}

#[cfg(test)]
mod tests {
    use super::Args;

    /// Literal text splits into words; an argument stays whole.
    #[test]
    fn args_read_like_the_command_line() {
        let args: Vec<_> = Args::words("-std=gnu11 -O2")
            .arg("a path/with space")
            .includes(["inc"])
            .and("-o out")
            .into_iter()
            .collect();
        assert_eq!(
            args,
            [
                "-std=gnu11",
                "-O2",
                "a path/with space",
                "-I",
                "inc",
                "-o",
                "out"
            ]
        );
    }
}
