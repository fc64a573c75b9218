//! A reference from one item of an interface to another: its name, as the
//! description and the JSON spell it, and the position of the item it
//! names, set by linking (`Interface::link`).

use serde::Serialize;

/// A reference to an enum, bit-field type or struct of the same interface.
/// Two references are equal when they name the same item.
#[derive(Clone, Debug, Eq)]
pub struct Ref {
    pub name: String,
    /// The item's index in its list; `usize::MAX` until linked.
    at: usize,
}

impl Ref {
    /// The item's position in its list (`Interface::link`).
    pub fn index(&self) -> usize {
        self.at
    }

    /// Link it to position `at` (`None`: it names no item).
    pub(crate) fn set_index(&mut self, at: Option<usize>) {
        self.at = at.unwrap_or(usize::MAX);
    }

    /// A reference to `name`, not yet linked.
    pub fn new(name: impl Into<String>) -> Self {
        Ref {
            name: name.into(),
            at: usize::MAX,
        }
    }
}

impl PartialEq for Ref {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl From<&str> for Ref {
    fn from(name: &str) -> Self {
        Ref::new(name)
    }
}

impl std::fmt::Display for Ref {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}
