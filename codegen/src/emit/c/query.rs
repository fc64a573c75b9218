//! The guest query routine in kernel C, and the fragments a series inserts
//! into hand-written files to place and call it.
//!
//! The routine is the same text in both placements: `static` and inserted
//! into `rsi.c` (`Placement::Inline`), or the one global symbol of a file of
//! its own (`Placement::File`). It clears the host-call structure before
//! every call, refuses an RMM error, an echoed function ID and any SMCCC
//! error but `SMCCC_RET_NOT_SUPPORTED` (which means "not offered"), and
//! never returns a granule below `PAGE_SIZE`.

use serde::Serialize;

use super::{Names, include_name, render};
use crate::config::{Fragment, LinuxQuery, Placement};
use crate::emit::wrap;
use crate::model;
use crate::plan::{LinuxQueryPlan, ProfilePlan, Rule, rule};

const ROUTINE: &str = include_str!("../../../../templates/c/query.c.tera");
const FILE: &str = include_str!("../../../../templates/c/query_file.c.tera");
const HOST_CALL: &str = include_str!("../../../../templates/c/rsi_host_call.h.tera");

/// The `linux/` headers the routine's own file and its test driver both
/// include; the file adds `linux/string.h` for the routine's `memset()`,
/// which the driver takes from the C library's `<string.h>`.
pub(super) const ROUTINE_INCLUDES: [&str; 6] = [
    "linux/errno.h",
    "linux/init.h",
    "linux/log2.h",
    "linux/minmax.h",
    "linux/printk.h",
    "linux/sizes.h",
];

/// The header that declares the carrier's call (`asm/rsi_cmds.h`): the file
/// the profile inserts `rsi_host_call()` into.
pub(super) fn carrier_include(q: &LinuxQueryPlan<'_>) -> String {
    include_name(&q.host_call.path).to_string()
}

#[derive(Serialize)]
struct RoutineCtx {
    call: String,
    prefix: String,
    params: String,
    function: String,
    storage: String,
    output: String,
    title: String,
    doc: Vec<String>,
    rule: Vec<String>,
    version: String,
    version_fields: String,
    major_mask: String,
    minor_mask: String,
    minor_check: bool,
    version_fid: String,
    features_fid: String,
    value_fid: String,
    feature_mask: String,
    checks: String,
}

/// The helper's parameters: on its line if that fits in 80 columns, else
/// the second under the first (tabs, then spaces).
fn params(prefix: &str) -> String {
    let head = format!("static int __init {prefix}_hostconf_call(");
    let (a, b) = ("unsigned long fid,", "unsigned long *answer)");
    if head.len() + a.len() + b.len() < 80 {
        return format!("{a} {}", b.trim_end_matches(')'));
    }
    let col = head.len();
    format!(
        "{a}\n{}{}{}",
        "\t".repeat(col / 8),
        " ".repeat(col % 8),
        b.trim_end_matches(')')
    )
}

/// How prose names the value: the profile's title, else the query's.
pub(super) fn title(q: &LinuxQueryPlan<'_>) -> String {
    q.config
        .title
        .clone()
        .unwrap_or_else(|| q.plan.query.title.clone())
}

/// The output parameter: the last word of the profile's variable name.
fn output_name(q: &LinuxQuery) -> String {
    q.variable.rsplit('_').next().unwrap_or("value").to_string()
}

/// The rule the kernel-doc states: what each outcome means for the value.
fn rule(title: &str, rules: &[Rule]) -> Vec<String> {
    wrap(
        &format!(
            "The {title} never goes down: a host that does not offer the call leaves it at \
             PAGE_SIZE, and a valid answer ({}) counts only where it is larger. Any \
             other answer is refused, and the caller keeps Realm support off rather than share \
             memory in units the host may not honour.",
            rule::to_words(rules)
        ),
        72,
    )
}

/// The routine: the host-call structure, two static helpers and the query.
pub(super) fn routine(pp: &ProfilePlan<'_>, lq: &LinuxQueryPlan<'_>) -> Result<String, String> {
    let (p, q) = (&lq.plan, lq.config);
    let mq = p.query;
    let n = Names::new(pp, &lq.header);
    let (version, enc, freg) = (p.version.constant, p.version.encoding, p.feature.register);
    let mask = |b: &model::Bitfield, f: &str| format!("{}_MASK", n.field_prefix(b, f));
    let fields: Vec<String> = n
        .fields(enc)
        .iter()
        .filter_map(|f| f.name.as_deref())
        .map(|f| mask(enc, f))
        .collect();
    let prefix = q.function.split('_').next().unwrap_or("rhi").to_string();
    let title = title(lq);
    let ctx = RoutineCtx {
        call: format!("{prefix}_hostconf"),
        params: params(&prefix),
        prefix,
        function: q.function.clone(),
        storage: if q.placement == Placement::Inline {
            "static ".into()
        } else {
            String::new()
        },
        output: output_name(q),
        doc: wrap(&mq.doc, 72),
        rule: rule(&title, &p.rules),
        title,
        version: version.name.clone(),
        version_fields: fields.join(" | "),
        major_mask: mask(enc, "major"),
        minor_mask: mask(enc, "minor"),
        minor_check: p.version.minor > 0,
        version_fid: n.fid(p.version.call),
        features_fid: n.fid(p.feature.call),
        value_fid: n.fid(p.value),
        feature_mask: mask(freg, p.feature.bit),
        checks: rule::to_c(&p.rules),
    };
    render("query.c", ROUTINE, &ctx)
}

#[derive(Serialize)]
struct FileCtx {
    spdx: String,
    copyright: String,
    includes: Vec<String>,
    asm_includes: Vec<String>,
    routine: String,
}

/// The routine in a file of its own (declared in the query's header).
pub(super) fn file(pp: &ProfilePlan<'_>, lq: &LinuxQueryPlan<'_>) -> Result<String, String> {
    let (profile, q) = (pp.profile, lq.config);
    let mut asm_includes = vec!["asm/memory.h".to_string(), carrier_include(lq)];
    asm_includes.extend(q.header.as_deref().map(|h| include_name(h).to_string()));
    asm_includes.sort();
    asm_includes.dedup();
    let ctx = FileCtx {
        spdx: profile.spdx.clone(),
        copyright: q
            .copyright
            .clone()
            .unwrap_or_else(|| profile.copyright.clone()),
        includes: ROUTINE_INCLUDES
            .iter()
            .chain(&["linux/string.h"])
            .map(|i| i.to_string())
            .collect(),
        asm_includes,
        routine: routine(pp, lq)?,
    };
    render("query_file.c", FILE, &ctx)
}

/// The prototype a file placement declares in its header.
pub(super) fn prototype(q: &LinuxQuery) -> String {
    format!("int {}(unsigned long *{});", q.function, output_name(q))
}

#[derive(Serialize)]
struct HostCallCtx {
    fid: String,
    success: String,
}

/// `rsi_host_call()`, for `asm/rsi_cmds.h`.
fn host_call(pp: &ProfilePlan<'_>, q: &LinuxQueryPlan<'_>) -> Result<String, String> {
    let c = &q.carrier;
    let n = Names::new(pp, &c.header);
    render(
        "rsi_host_call.h",
        HOST_CALL,
        &HostCallCtx {
            fid: n.fid(c.call),
            success: c.success.to_string(),
        },
    )
}

/// The text a series inserts for `fragment` (lines, each ending in a
/// newline; an `append` fragment is one word).
pub(super) fn fragment(
    pp: &ProfilePlan<'_>,
    lq: &LinuxQueryPlan<'_>,
    fragment: Fragment,
) -> Result<String, String> {
    let q = lq.config;
    Ok(match fragment {
        Fragment::RsiHostCall => host_call(pp, lq)?,
        Fragment::QueryInclude => match &q.header {
            None => "#include <linux/log2.h>\n".into(),
            Some(h) => format!("#include <{}>\n", include_name(h)),
        },
        Fragment::QueryVariable => {
            let text = format!(
                "The host's {}: Realm memory is shared with the host, and made private again, in multiples of it. It starts at PAGE_SIZE and never goes down.",
                title(lq)
            );
            let lines: Vec<String> = wrap(&text, 72).iter().map(|l| format!(" * {l}")).collect();
            format!(
                "\n/*\n{}\n */\nstatic unsigned long {} __ro_after_init = PAGE_SIZE;\n",
                lines.join("\n"),
                q.variable
            )
        }
        Fragment::QueryRoutine => format!("{}\n", routine(pp, lq)?),
        Fragment::QueryCall => format!("\tif ({}(&{}))\n\t\treturn;\n", q.function, q.variable),
        Fragment::MakefileObject => q
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&q.path)
            .replace(".c", ".o"),
    })
}
