//! Other names of items, kept beside the ones Linux uses on request.

use super::{Names, comment, defines};

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
    for a in &iface.aliases {
        if let Some(f) = iface.function(&a.target).filter(|f| n.function(f)) {
            aliases.push((a.name.clone(), n.fid(f)));
        }
    }
    for (alias, of) in &n.profile.aliases {
        let target = match of.split_once('.') {
            Some((ty, field)) => iface
                .bitfield(ty)
                .filter(|b| n.fields(b).iter().any(|f| f.name.as_deref() == Some(field)))
                .map(|b| format!("{}_MASK", n.field_prefix(b, field))),
            None => iface
                .function(of)
                .filter(|f| n.function(f))
                .map(|f| n.fid(f)),
        };
        if let Some(t) = target {
            aliases.push((alias.clone(), t));
        }
    }
    (!aliases.is_empty()).then(|| {
        format!(
            "{}\n{}",
            comment(&["Other names in use for the items above.".into()], ""),
            defines(&aliases)
        )
    })
}
