//! The return-code values, as `#define`s.

use super::{Names, cite, comment, defines};

pub(super) fn return_codes(n: &Names<'_>) -> Option<String> {
    let rc = n.iface.return_codes.as_ref().filter(|_| n.used.is_none())?;
    let items: Vec<(String, String)> = rc
        .values
        .iter()
        .filter(|v| n.shown(v.status))
        .map(|v| {
            let val = if v.value < 0 {
                format!("({})", v.value)
            } else {
                format!("UL({})", v.value)
            };
            (v.name.clone(), val)
        })
        .collect();
    Some(format!(
        "{}\n{}",
        comment(&[format!("{} ({}).", rc.name, cite(&rc.source))], ""),
        defines(&items)
    ))
}
