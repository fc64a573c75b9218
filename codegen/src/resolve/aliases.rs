//! Top-level aliases: other names for an item, possibly of another file.
//! Each is defined while its interface resolves and followed to its target
//! once every file has defined its names.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 and 6 (through
//! `define`: alias names are identifiers, unique across all files) and 35
//! (an alias ends at a real item: no alias to nothing, no cycle).

use super::{Ctx, Kind};
use crate::check::Report;
use crate::model::{self, Span};
use crate::schema;

/// Define a file's top-level aliases, resolved later by [`aliases`].
pub(super) fn define(cx: &mut Ctx<'_>, aliases: &[schema::Alias], always: &Span) {
    for a in aliases {
        cx.define(&a.name, Kind::Alias, &a.of.value, always);
    }
}

/// Resolve a file's top-level aliases; run after every interface has defined
/// its names, so an alias may name an item of another file.
pub(crate) fn aliases(cx: &mut Ctx<'_>, f: &schema::File) -> Vec<model::Alias> {
    f.aliases.iter().filter_map(|a| alias(cx, a)).collect()
}

/// Rule 35: follow the chain of names from `a` to a real item.
fn alias(cx: &mut Ctx<'_>, a: &schema::Alias) -> Option<model::Alias> {
    let mut seen = vec![a.name.value.clone()];
    let mut cur = a.of.value.clone();
    loop {
        let first = cx.global.names.get(&cur).and_then(|d| d.first());
        let Some(def) = first.cloned() else {
            let msg = if cur == a.of.value {
                format!(
                    "alias `{}` names `{cur}`, which is not defined",
                    a.name.value
                )
            } else {
                format!(
                    "alias `{}` ends at `{cur}`, which is not defined (via {})",
                    a.name.value,
                    seen.join(" -> ")
                )
            };
            cx.err(&a.of, msg);
            return None;
        };
        if seen.contains(&cur) {
            seen.push(cur);
            cx.err(&a.of, format!("alias cycle: {}", seen.join(" -> ")));
            return None;
        }
        if matches!(def.kind, Kind::Alias | Kind::FunctionAlias) {
            seen.push(cur);
            cur = def.target;
            if def.kind == Kind::FunctionAlias {
                // A function's own alias ends at that function.
                return Some(resolved(a, cur, model::AliasKind::Function));
            }
            continue;
        }
        return Some(resolved(a, cur, target_kind(def.kind)?));
    }
}

/// The kind of item a chain of aliases ends at; `None` for an alias.
fn target_kind(kind: Kind) -> Option<model::AliasKind> {
    Some(match kind {
        Kind::Alias | Kind::FunctionAlias => return None,
        Kind::Function => model::AliasKind::Function,
        Kind::ReturnCodeType | Kind::ReturnCode => model::AliasKind::ReturnCode,
        Kind::Enum => model::AliasKind::Enum,
        Kind::Bitfield => model::AliasKind::Bitfield,
        Kind::Struct => model::AliasKind::Struct,
        Kind::Version => model::AliasKind::Version,
    })
}

/// The resolved alias `a`, ending at `target`.
fn resolved(a: &schema::Alias, target: String, kind: model::AliasKind) -> model::Alias {
    model::Alias {
        name: a.name.value.clone(),
        of: a.of.value.clone(),
        target,
        kind,
        source: a.source.clone(),
        note: a.note.clone(),
    }
}
