//! Bit-field types: `_SHIFT`, `_WIDTH` and `_MASK` of every named field.

use super::{Names, cite, comment, defines};

pub(super) fn bitfields(n: &Names<'_>) -> Vec<String> {
    let mut blocks = Vec::new();
    for b in &n.iface.bitfields {
        let fields = n.fields(b);
        if fields.is_empty() {
            continue;
        }
        let mut items = Vec::new();
        for f in fields {
            let Some(name) = &f.name else { continue };
            let p = n.field_prefix(b, name);
            for suffix in n.field_suffixes() {
                let value = match *suffix {
                    "SHIFT" => format!("{}", f.lo),
                    "WIDTH" => format!("{}", f.width()),
                    _ if f.hi == f.lo => format!("BIT({})", f.lo),
                    _ => format!("GENMASK({}, {})", f.hi, f.lo),
                };
                items.push((format!("{p}_{suffix}"), value));
            }
        }
        let reserved: Vec<String> = b
            .fields
            .iter()
            .filter(|f| f.reserved)
            .map(|f| {
                if f.hi == f.lo {
                    format!("{}", f.hi)
                } else {
                    format!("{}:{}", f.hi, f.lo)
                }
            })
            .collect();
        let mut para = format!("{} ({} bits, {})", b.name, b.width, cite(&b.source));
        if !reserved.is_empty() {
            para.push_str(&format!(
                "; reserved bits {} must be zero",
                reserved.join(", ")
            ));
        }
        para.push('.');
        blocks.push(format!("{}\n{}", comment(&[para], ""), defines(&items)));
    }
    blocks
}
