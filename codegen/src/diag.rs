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

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub loc: Loc,
    pub message: String,
    /// Other places the error involves (`file:line:col: note: …`), such as
    /// the earlier of two overlapping items.
    pub notes: Vec<Note>,
}

/// A place a diagnostic points to besides its own.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub loc: Loc,
    pub message: String,
}

impl Note {
    /// `file:line:col: note: message`.
    pub fn headline(&self) -> String {
        format!("{}: note: {}", self.loc, self.message)
    }
}

impl Diagnostic {
    /// The first line alone: `file:line:col: error: message`.
    pub fn headline(&self) -> String {
        format!("{}: error: {}", self.loc, self.message)
    }

    /// The headline and each note's, each with its source line and a caret
    /// under the column.
    pub fn render(&self, sources: &[Source]) -> String {
        let mut out = self.headline();
        out.push('\n');
        out.push_str(&snippet(&self.loc, sources));
        for n in &self.notes {
            out.push_str(&n.headline());
            out.push('\n');
            out.push_str(&snippet(&n.loc, sources));
        }
        out
    }
}

/// The source line at `loc` with a caret under its column (nothing when the
/// source or the line is unknown).
fn snippet(loc: &Loc, sources: &[Source]) -> String {
    let line = sources.iter().find(|s| s.name == loc.file).and_then(|s| {
        let idx = usize::try_from(loc.line).ok()?.checked_sub(1)?;
        s.text.lines().nth(idx)
    });
    let Some(text) = line else {
        return String::new();
    };
    let number = loc.line.to_string();
    let pad = " ".repeat(number.len());
    // Keep tabs as tabs so the caret lines up in any terminal.
    let lead: String = text
        .chars()
        .take(loc.col.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{pad} |\n{number} | {text}\n{pad} | {lead}^\n")
}

/// All diagnostics of one run, sorted by position so output is stable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, loc: Loc, message: impl Into<String>) {
        self.0.push(Diagnostic {
            loc,
            message: message.into(),
            notes: Vec::new(),
        });
    }

    /// An error with notes at other places.
    pub fn push_with(&mut self, loc: Loc, message: impl Into<String>, notes: Vec<Note>) {
        self.0.push(Diagnostic {
            loc,
            message: message.into(),
            notes,
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
        self.0.sort();
        self.0.dedup();
        self
    }

    /// Every diagnostic rendered with its source line.
    pub fn render(&self, sources: &[Source]) -> String {
        self.0.iter().map(|d| d.render(sources)).collect()
    }
}
