//! Version constants, and the header's version macros (`NAME_MAJOR`, …).

use super::{Names, cite, comment, defines, hex};
use crate::model::{self};

/// `NAME_MAJOR`, `NAME_MINOR`, `NAME` and the `GET` macros, as mainline
/// spells them: the top field is shifted, not masked. Where the encoding
/// reserves bits above it, a comment says so rather than change the macro.
pub(super) fn version_macros(n: &Names<'_>) -> Vec<String> {
    let Some(m) = &n.plan.version else {
        return Vec::new();
    };
    let iface = n.iface;
    let (v, name, enc, maj, min) = (m.constant, m.name, m.encoding, m.major, m.minor);
    let place = |f: &model::Field, v: &str| {
        if f.lo == 0 {
            v.to_string()
        } else {
            format!("({v} << {})", f.lo)
        }
    };
    let value = comment(
        &[format!(
            "The {} revision this header describes ({}), encoded as {}.",
            iface.name,
            cite(&v.source),
            enc.name
        )],
        "",
    );
    let value = format!(
        "{value}\n{}",
        defines(&[
            (format!("{name}_MAJOR"), format!("UL({})", v.major)),
            (format!("{name}_MINOR"), format!("UL({})", v.minor)),
            (
                name.to_string(),
                format!(
                    "({} | {})",
                    place(maj, &format!("{name}_MAJOR")),
                    place(min, &format!("{name}_MINOR"))
                ),
            ),
        ])
    );
    let mut getters = Vec::new();
    let reserved: Vec<String> = enc
        .fields
        .iter()
        .filter(|f| f.reserved && f.lo > maj.hi)
        .map(|f| format!("{}:{}", f.hi, f.lo))
        .collect();
    if !reserved.is_empty() {
        getters.push(comment(
            &[format!(
                "{} ({}) reserves bits {} as zero; like the kernel's existing macro, _GET_MAJOR shifts without masking them.",
                enc.name,
                cite(&enc.source),
                reserved.join(", ")
            )],
            "",
        ));
    }
    let minor_mask = if min.width() >= 64 {
        u64::MAX
    } else {
        ((1u64 << min.width()) - 1) << min.lo
    };
    getters.push(defines(&[
        (
            format!("{name}_GET_MAJOR(_version)"),
            format!("((_version) >> {})", maj.lo),
        ),
        (
            format!("{name}_GET_MINOR(_version)"),
            format!("((_version) & 0x{minor_mask:X})"),
        ),
    ]));
    vec![value, getters.join("\n")]
}

pub(super) fn version_constants(n: &Names<'_>) -> Option<String> {
    let versions: Vec<(String, String)> = n
        .iface
        .versions
        .iter()
        .filter(|v| n.version(v))
        .map(|v| (v.name.clone(), format!("UL({})", hex(v.value))))
        .collect();
    (!versions.is_empty()).then(|| {
        format!(
            "{}\n{}",
            comment(
                &["Version constants, encoded as their version register.".into()],
                ""
            ),
            defines(&versions)
        )
    })
}
