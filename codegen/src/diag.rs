//! Diagnostics: `file:line:col: error: message`, followed by the offending
//! source line and a caret, in the style of compilers that editors parse.

use std::fmt;

/// One source given to the loader: a display name (as the user should see it
/// in diagnostics) and its text.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// A position in a source, 1-based. Line 0 means "the file as a whole".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub loc: Loc,
    pub message: String,
}

impl Diagnostic {
    /// The first line alone: `file:line:col: error: message`.
    pub fn headline(&self) -> String {
        format!("{}: error: {}", self.loc, self.message)
    }

    /// The headline plus the source line and a caret under the column.
    pub fn render(&self, sources: &[Source]) -> String {
        let mut out = self.headline();
        out.push('\n');
        let line = sources
            .iter()
            .find(|s| s.name == self.loc.file)
            .and_then(|s| {
                let idx = usize::try_from(self.loc.line).ok()?.checked_sub(1)?;
                s.text.lines().nth(idx)
            });
        if let Some(text) = line {
            let number = self.loc.line.to_string();
            let pad = " ".repeat(number.len());
            // Keep tabs as tabs so the caret lines up in any terminal.
            let lead: String = text
                .chars()
                .take(self.loc.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{pad} |\n{number} | {text}\n{pad} | {lead}^\n"));
        }
        out
    }
}

/// All diagnostics of one run, sorted by position so output is stable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, loc: Loc, message: impl Into<String>) {
        self.0.push(Diagnostic {
            loc,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sort by file, line, column, then message; drop exact repeats.
    pub fn finish(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.loc, &a.message).cmp(&(&b.loc, &b.message)));
        self.0.dedup();
        self
    }

    /// Every diagnostic rendered with its source line.
    pub fn render(&self, sources: &[Source]) -> String {
        self.0.iter().map(|d| d.render(sources)).collect()
    }
}
