//! Linux kernel C: the headers, the guest query routine and the patch series
//! that carries them into a kernel tree.
//!
//! `header` renders one header file (one or more interfaces), `query` the
//! routine and the fragments a series inserts into hand-written files,
//! `series` the patches, `harness` the routine's userspace test driver,
//! `probe` the layout probe. This module holds what they share: names, the
//! selection of items a header shows, kernel-style text blocks and the
//! generated-file banner.

mod aliases;
mod bitfields;
mod definitions;
mod enums;
mod files;
mod functions;
mod harness;
mod header;
mod patch;
mod probe;
mod query;
mod return_codes;
mod select;
mod series;
mod structs;
mod versions;

use serde::Serialize;

pub use files::{all_profiles, files, fragment_path, header_files, profile_root, routine_source};
pub use harness::{HarnessCall, HarnessCase, harness};
pub use patch::{Change, Patch, Series};
pub use probe::{layout_probe, probe_figures};
pub use series::series;

use super::names::{snake, upper_snake};
use super::wrap;
use crate::config::{Items, LinuxHeader, LinuxProfile};
use crate::model::{self, Interface};
use crate::plan::{HeaderPlan, ProfilePlan, QueryPlan};

/// Output paths are `linux/` + the path in the kernel tree.
pub const ROOT: &str = "linux";

/// SMCCC owning-entity numbers and the macro `linux/arm-smccc.h` gives each.
fn owner_macro(owner: u8) -> Option<&'static str> {
    Some(match owner {
        0 => "ARM_SMCCC_OWNER_ARCH",
        1 => "ARM_SMCCC_OWNER_CPU",
        2 => "ARM_SMCCC_OWNER_SIP",
        3 => "ARM_SMCCC_OWNER_OEM",
        4 => "ARM_SMCCC_OWNER_STANDARD",
        5 => "ARM_SMCCC_OWNER_STANDARD_HYP",
        6 => "ARM_SMCCC_OWNER_VENDOR_HYP",
        48 => "ARM_SMCCC_OWNER_TRUSTED_APP",
        50 => "ARM_SMCCC_OWNER_TRUSTED_OS",
        _ => return None,
    })
}

/// A block comment; a single short line becomes `/* text */`.
fn comment(paragraphs: &[String], indent: &str) -> String {
    let width = 76 - indent.len() * 8;
    let mut body: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            body.push(String::new());
        }
        for l in p.lines() {
            if l.starts_with("  ") || l.starts_with("arg") || l.starts_with("ret") {
                body.push(l.to_string());
            } else {
                body.extend(wrap(l, width));
            }
        }
    }
    if body.len() == 1 && body[0].len() + 6 <= width {
        return format!("{indent}/* {} */", body[0]);
    }
    let mut out = format!("{indent}/*\n");
    for l in body {
        if l.is_empty() {
            out.push_str(&format!("{indent} *\n"));
        } else {
            out.push_str(&format!("{indent} * {l}\n"));
        }
    }
    out.push_str(&format!("{indent} */"));
    out
}

/// A source as a kernel file cites it: the documents it names, without the
/// paths of their files, so that a header in a patch points at nothing
/// outside the kernel tree ("Linux HOSTCONF v4 asm/rhi.h; ACS
/// val/common/inc/val_rhi.h" becomes "Linux HOSTCONF v4; ACS"). The ABI
/// description keeps the full citation.
fn cite(source: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for word in source.split_whitespace() {
        let core = word.trim_matches(|c: char| ",;.()".contains(c));
        let file = core.contains('/') || core.ends_with(".h") || core.ends_with(".c");
        if !file {
            out.push(word.to_string());
            continue;
        }
        // Keep what closes a clause: `;` and `)`.
        let tail: String = word
            [word.len() - word.trim_start_matches(|c| c != ';' && c != ')').len()..]
            .chars()
            .filter(|c| *c == ';' || *c == ')')
            .collect();
        match out.last_mut() {
            Some(last) => last.push_str(&tail),
            None => out.push(tail),
        }
    }
    out.join(" ")
        .replace(",;", ";")
        .replace(", )", ")")
        .trim_end_matches(',')
        .to_string()
}

/// Width of `s` with tabs expanded to 8 columns.
fn columns(s: &str) -> usize {
    s.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        }
    })
}

/// `#define NAME<tabs>VALUE` lines, values aligned to one tab stop per block.
fn defines(items: &[(String, String)]) -> String {
    let widest = items
        .iter()
        .map(|(n, _)| columns(&format!("#define {n}")))
        .max()
        .unwrap_or(0);
    let stop = (widest / 8 + 1) * 8;
    items
        .iter()
        .map(|(n, v)| {
            let head = format!("#define {n}");
            let mut line = head.clone();
            let mut col = columns(&head);
            while col < stop {
                line.push('\t');
                col = (col / 8 + 1) * 8;
            }
            line.push_str(v);
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn hex(v: u64) -> String {
    format!("{v:#x}")
}

/// `arch/arm64/include/asm/rsi_smc.h` -> `asm/rsi_smc.h`.
fn include_name(path: &str) -> &str {
    path.strip_prefix("arch/arm64/include/").unwrap_or(path)
}

/// Names the C header of one interface gives to model items, and which items
/// it shows: every item of its statuses, or only what the query uses.
struct Names<'a> {
    profile: &'a LinuxProfile,
    header: &'a LinuxHeader,
    iface: &'a Interface,
    /// The header's lowered version macros and aliases.
    plan: &'a HeaderPlan<'a>,
    used: Option<&'a QueryPlan<'a>>,
}

impl<'a> Names<'a> {
    /// The names of header `h` of profile `pp`. A header of `items: used`
    /// holds the profile's query's interface (checked by lowering).
    fn new(pp: &'a ProfilePlan<'a>, h: &'a HeaderPlan<'a>) -> Self {
        let used = match h.header.items {
            Items::All => None,
            Items::Used => pp.query.as_ref().map(|q| &q.plan),
        };
        Names {
            profile: pp.profile,
            header: h.header,
            iface: h.iface,
            plan: h,
            used,
        }
    }
    fn fid(&self, f: &model::Function) -> String {
        self.profile
            .name_of(&f.name, || format!("{}{}", self.header.fid_prefix, f.name))
    }
    fn default_fid(&self, f: &model::Function) -> String {
        format!("{}{}", self.header.fid_prefix, f.name)
    }
    fn struct_name(&self, s: &model::Struct) -> String {
        self.profile.name_of(&s.name, || snake(&s.name))
    }
    fn member(&self, s: &model::Struct, m: &model::Member) -> String {
        self.profile
            .name_of(&format!("{}.{}", s.name, m.name), || m.name.clone())
    }
    fn field_prefix(&self, b: &model::Bitfield, f: &str) -> String {
        self.profile.name_of(&format!("{}.{f}", b.name), || {
            format!("{}_{}", upper_snake(&b.name), f.to_ascii_uppercase())
        })
    }
}

/// Render a template; an error names the template and carries tera's message.
fn render<T: Serialize>(name: &str, template: &str, ctx: &T) -> Result<String, String> {
    let fail = |e: tera::Error| format!("templates/c/{name}.tera: {e}");
    let mut tera = tera::Tera::default();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, template).map_err(fail)?;
    let context = tera::Context::from_serialize(ctx).map_err(fail)?;
    tera.render(name, &context).map_err(fail)
}
