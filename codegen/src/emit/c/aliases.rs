//! Other names of items, kept beside the ones Linux uses on request.

use super::{Names, comment, defines};
use crate::plan::AliasTarget;

/// Spec and other names kept beside the names Linux uses: only on request.
pub(super) fn aliases(n: &Names<'_>) -> Option<String> {
    if !n.header.aliases {
        return None;
    }
    let iface = n.iface;
    let mut aliases = Vec::new();
    for f in iface.functions.iter().filter(|f| n.function(f)) {
        for a in &f.aliases {
            if *a != n.fid(f) && *a != n.default_fid(f) {
                aliases.push((a.clone(), n.fid(f)));
            }
        }
    }
    for a in &n.plan.aliases {
        let target = match a.target {
            AliasTarget::Function(f) => n.function(f).then(|| n.fid(f)),
            AliasTarget::Field(b, f) => {
                let shown = n.fields(b).iter().any(|x| std::ptr::eq(*x, f));
                let name = f.name.as_deref().unwrap_or_default();
                shown.then(|| format!("{}_MASK", n.field_prefix(b, name)))
            }
        };
        aliases.extend(target.map(|t| (a.name.to_string(), t)));
    }
    (!aliases.is_empty()).then(|| {
        format!(
            "{}\n{}",
            comment(&["Other names in use for the items above.".into()], ""),
            defines(&aliases)
        )
    })
}
