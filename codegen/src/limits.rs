//! Bounds on one input file, so that a hostile or broken file is refused
//! with a message a user understands, in bounded time and memory, while the
//! largest real description still loads: 10,000 functions with their types
//! and bit fields (about 120,000 lines, 1.3 million YAML nodes).

use serde_saphyr::Options;
use serde_saphyr::budget::{Budget, BudgetBreach};
use serde_saphyr::options::AliasLimits;

use crate::diag::{Loc, Source};

/// A description file may hold at most this many bytes (16 MiB).
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// A line may hold at most this many bytes (64 KiB): no line of a real
/// description comes near, and the parser's cost grows with the line.
pub const MAX_LINE_BYTES: usize = 64 << 10;
/// Mappings and sequences nest at most this deep (the format needs 6).
pub const MAX_DEPTH: usize = 32;
/// YAML nodes (scalars, mappings, sequences) per file.
pub const MAX_NODES: usize = 4_000_000;
/// Aliases (`*name`) per file, and events an alias may replay in all: the
/// format has no use for them beyond sharing a few lists.
pub const MAX_ALIASES: usize = 10_000;
pub const MAX_REPLAYED_EVENTS: usize = 100_000;

/// The parser's options with these bounds.
pub fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_events = 3 * MAX_NODES;
    budget.max_aliases = MAX_ALIASES;
    let mut aliases = AliasLimits::default();
    aliases.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits = aliases;
    options
}

/// The file's size and its longest line, checked before parsing.
pub fn check_size(src: &Source) -> Result<(), (Loc, String)> {
    let at = |line: usize, col: usize| Loc {
        file: src.name.clone(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    };
    if src.text.len() > MAX_FILE_BYTES {
        let msg = format!(
            "the file is {} bytes; a description file may hold at most {MAX_FILE_BYTES} bytes (16 MiB)",
            src.text.len()
        );
        return Err((at(1, 1), msg));
    }
    for (i, line) in src.text.split('\n').enumerate() {
        if line.len() > MAX_LINE_BYTES {
            let msg = format!(
                "line {} is {} bytes long; a line may hold at most {MAX_LINE_BYTES} bytes (split long text with YAML's `>-`)",
                i + 1,
                line.len()
            );
            return Err((at(i + 1, MAX_LINE_BYTES + 1), msg));
        }
    }
    Ok(())
}

/// A parser budget breach in the user's words.
pub fn describe(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Depth { .. } => format!(
            "mappings and sequences nest more than {MAX_DEPTH} levels deep; the format needs 6"
        ),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            format!("the file holds more than {MAX_NODES} YAML values; split it into several files")
        }
        BudgetBreach::Aliases { .. } => {
            format!("the file uses more than {MAX_ALIASES} YAML aliases (`*name`)")
        }
        other => format!("the file exceeds a parser limit ({other:?}); aliases may expand too far"),
    }
}
