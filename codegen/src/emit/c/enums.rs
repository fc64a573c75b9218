//! Enums, as `#define`s of their values.

use super::{Names, cite, comment, defines};

pub(super) fn enums(n: &Names<'_>) -> Vec<String> {
    let mut blocks = Vec::new();
    for e in n.iface.enums.iter().filter(|e| n.whole_items(e.status)) {
        if let Some(reason) = n.profile.omitted(&e.name) {
            blocks.push(comment(
                &[format!(
                    "{} ({}) is not defined here: {reason}.",
                    e.name,
                    cite(&e.source)
                )],
                "",
            ));
            continue;
        }
        let items: Vec<(String, String)> = e
            .values
            .iter()
            .filter(|v| n.shown(v.status))
            .map(|v| (v.name.clone(), format!("UL({})", v.value)))
            .collect();
        let head = match &e.doc {
            Some(d) => format!(
                "{}: {} ({}).",
                e.name,
                d.trim_end_matches('.'),
                cite(&e.source)
            ),
            None => format!("{} ({}).", e.name, cite(&e.source)),
        };
        blocks.push(format!("{}\n{}", comment(&[head], ""), defines(&items)));
    }
    blocks
}
