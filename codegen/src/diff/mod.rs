//! What changed between two descriptions of an interface, as a Markdown
//! review report: for a reviewer reading a respin of a series written
//! against one specification revision and moved to another.
//!
//! Items are matched by name (functions also by number, for reuses). Every
//! line names the source of the item on each side it exists on. Lines follow
//! the declaration order of the newer side, then removed items in the order
//! of the older one. Reserved members and bit ranges are not compared one by
//! one: a size, offset or bit change of a named neighbour shows the move.

mod functions;
mod layouts;
mod values;

use crate::model::Interface;

/// The report on `from` (called `from_label` in it) against `to`.
pub fn report(from: &Interface, from_label: &str, to: &Interface, to_label: &str) -> String {
    let cx = Cx {
        from,
        to,
        fl: from_label,
        tl: to_label,
    };
    let sections = [
        (
            "Functions added, removed or renumbered",
            functions::functions(&cx),
        ),
        ("Function numbers reused", functions::reuses(&cx)),
        ("Register changes", functions::registers(&cx)),
        ("Layout changes", layouts::layouts(&cx)),
    ];
    let mut out = format!("# {}: {from_label} → {to_label}\n", to.name);
    let mut any = false;
    for (title, body) in sections {
        if !body.is_empty() {
            out.push_str(&format!("\n## {title}\n\n{body}"));
            any = true;
        }
    }
    if !any {
        out.push_str("\nNo differences.\n");
    }
    out
}

/// The report line of an interface that only the newer side has.
pub fn interface_added(to: &Interface, to_label: &str) -> String {
    format!(
        "# {}: added in {to_label}\n\n- `{}` ({}) added, {} functions ({to_label}: {})\n",
        to.name,
        to.name,
        to.title,
        to.functions.len(),
        to.source
    )
}

/// The report line of an interface that only the older side has.
pub fn interface_removed(from: &Interface, from_label: &str) -> String {
    format!(
        "# {}: removed since {from_label}\n\n- `{}` ({}) removed, {} functions ({from_label}: {})\n",
        from.name,
        from.name,
        from.title,
        from.functions.len(),
        from.source
    )
}

/// The two sides of a comparison and their labels.
pub(crate) struct Cx<'a> {
    pub from: &'a Interface,
    pub to: &'a Interface,
    pub fl: &'a str,
    pub tl: &'a str,
}

impl Cx<'_> {
    /// `(FROM: source; TO: source)`.
    pub fn both(&self, from_src: &str, to_src: &str) -> String {
        format!("({}: {from_src}; {}: {to_src})", self.fl, self.tl)
    }
    /// `(TO: source)`, for an item only the newer side has.
    pub fn added(&self, to_src: &str) -> String {
        format!("({}: {to_src})", self.tl)
    }
    /// `(FROM: source)`, for an item only the older side has.
    pub fn removed(&self, from_src: &str) -> String {
        format!("({}: {from_src})", self.fl)
    }
}

/// One item of a pairing by key.
pub(crate) enum Pair<'a, T> {
    Added(&'a T),
    Both(&'a T, &'a T),
    Removed(&'a T),
}

/// The items of `to` in order, each paired with the `from` item of the same
/// key when there is one, then the `from` items `to` lacks, in order.
pub(crate) fn pair<'a, T, K: PartialEq>(
    from: &'a [T],
    to: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<Pair<'a, T>> {
    let mut out: Vec<Pair<'a, T>> = to
        .iter()
        .map(|t| match from.iter().find(|f| key(f) == key(t)) {
            Some(f) => Pair::Both(f, t),
            None => Pair::Added(t),
        })
        .collect();
    out.extend(
        from.iter()
            .filter(|f| !to.iter().any(|t| key(t) == key(f)))
            .map(Pair::Removed),
    );
    out
}

/// `what a → b` when the two differ.
pub(crate) fn change<T: PartialEq + std::fmt::Display>(what: &str, a: T, b: T) -> Option<String> {
    (a != b).then(|| format!("{what} {a} → {b}"))
}

/// `0x` and upper-case hex digits, as the specifications print numbers.
pub(crate) fn hex(n: u64) -> String {
    format!("{n:#X}")
}

/// A bit range as the YAML writes it: `hi:lo`, or `n` for one bit.
pub(crate) fn bits(hi: u8, lo: u8) -> String {
    if hi == lo {
        format!("{hi}")
    } else {
        format!("{hi}:{lo}")
    }
}

/// `- subject: changes (sources)` when there are changes, else nothing.
pub(crate) fn line(out: &mut String, subject: &str, changes: &[Option<String>], sources: &str) {
    let c: Vec<&str> = changes.iter().flatten().map(String::as_str).collect();
    if !c.is_empty() {
        out.push_str(&format!("- {subject}: {} {sources}\n", c.join(", ")));
    }
}
