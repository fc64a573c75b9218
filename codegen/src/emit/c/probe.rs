//! The layout probe: a C program that prints every figure of
//! `emit::probe::items` a profile's headers define, spelled in the
//! profile's C names, as `label value` lines.

use super::{Names, include_name};
use crate::emit::probe::{Figure, Item};
use crate::plan::ProfilePlan;

impl Names<'_> {
    /// Whether the header defines the figure. Reserved members are left
    /// out: a profile's C type may move their start.
    fn probes(&self, item: &Item<'_>) -> bool {
        match *item {
            Item::Fid(f) => self.function(f),
            Item::Code(v) => self.used.is_none() && self.shown(v.status),
            Item::Value(e, v) => {
                self.whole_items(e.status)
                    && self.profile.omitted(&e.name).is_none()
                    && self.shown(v.status)
            }
            Item::Version(v) => self.version(v),
            Item::Field(b, f, _, kind) => {
                let suffix = kind.word().to_ascii_uppercase();
                self.fields(b).iter().any(|x| x.name == f.name)
                    && self.field_suffixes().contains(&suffix.as_str())
            }
            Item::Size(s) | Item::Align(s) => self.whole_items(s.status),
            Item::Offset(s, m) => self.whole_items(s.status) && !m.reserved,
        }
    }

    /// The probe's line for one figure.
    fn probe_line(&self, item: &Item<'_>) -> String {
        let label = item.label();
        let p = |expr: String| format!("\tp(\"{label}\", (unsigned long)({expr}));");
        let printf = |expr: String| format!("\tprintf(\"{label} %zu\\n\", {expr});");
        match *item {
            Item::Fid(f) => p(self.fid(f)),
            Item::Code(v) => p(v.name.clone()),
            Item::Value(_, v) => p(v.name.clone()),
            Item::Version(v) => p(v.name.clone()),
            Item::Field(b, _, name, kind) => {
                let suffix = kind.word().to_ascii_uppercase();
                p(format!("{}_{suffix}", self.field_prefix(b, name)))
            }
            Item::Size(s) => printf(format!("sizeof(struct {})", self.struct_name(s))),
            Item::Align(s) => printf(format!("_Alignof(struct {})", self.struct_name(s))),
            Item::Offset(s, m) => printf(format!(
                "offsetof(struct {}, {})",
                self.struct_name(s),
                self.member(s, m)
            )),
        }
    }
}

/// The headers' `Names` and the figures each defines, in print order.
fn each_header<'m>(pp: &'m ProfilePlan<'m>) -> impl Iterator<Item = (Names<'m>, Vec<Item<'m>>)> {
    pp.headers.iter().map(move |h| {
        let n = Names::new(pp, h);
        let items = crate::emit::probe::items(n.iface);
        let items = items.into_iter().filter(|i| n.probes(i)).collect();
        (n, items)
    })
}

/// What the layout probe of `profile` prints, with the `Model`'s value of
/// each figure: the list `cargo xtask c-test` compares the output with.
pub fn probe_figures(pp: &ProfilePlan<'_>) -> Vec<Figure> {
    each_header(pp)
        .flat_map(|(_, items)| items.iter().map(Figure::from).collect::<Vec<_>>())
        .collect()
}

/// A C program that prints every constant and the layout of every struct the
/// profile's headers define, one `label value` per line, labelled with spec
/// names (`fid RSI_VERSION`, `mask RsiInterfaceVersion.major`,
/// `size RsiHostCall`, `offset RsiHostCall.gprs`, …) so that the caller can
/// compare it with [`probe_figures`] and with the Rust crate's `probe` example.
pub fn layout_probe(pp: &ProfilePlan<'_>) -> String {
    let mut includes: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for (n, items) in each_header(pp) {
        let include = format!("#include <{}>", include_name(&n.header.path));
        if !includes.contains(&include) {
            includes.push(include);
        }
        lines.extend(items.iter().map(|i| n.probe_line(i)));
    }
    format!(
        "#include <stddef.h>\n#include <stdio.h>\n{}\n\nstatic void p(const char *label, unsigned long value)\n{{\n\tprintf(\"%s %lu\\n\", label, value);\n}}\n\nint main(void)\n{{\n{}\n\treturn 0;\n}}\n",
        includes.join("\n"),
        lines.join("\n")
    )
}
