//! A profile as a kernel patch series: which files each patch adds or
//! replaces whole, which fragments it inserts at the profile's anchors, and
//! what its commit message says. The xtask applies it to a tree and runs
//! `git format-patch`; nothing here touches a file.
//!
//! 1. `rsi_host_call()` and `struct rsi_host_call` (the transport);
//! 2. the RHI definitions the query uses;
//! 3. the query routine, where its result lives, and its call site.
//!
//! A profile without a query is one patch of headers (`definitions`).

use super::header::render_header;
use super::query::{self, fragment, title};
use super::{must, query_of};
use crate::config::{Edit, Fragment, LinuxProfile, LinuxQuery, Placement};
use crate::emit::wrap;
use crate::model::Model;

/// A whole series: the cover letter's subject and text, and the patches.
#[derive(Clone, Debug)]
pub struct Series {
    pub subject: String,
    pub body: String,
    pub patches: Vec<Patch>,
}

/// One patch: its subject, its message (without the sign-off) and changes.
#[derive(Clone, Debug)]
pub struct Patch {
    /// A short name of what the patch does (`1-transport`), for file layouts.
    pub slug: &'static str,
    pub subject: String,
    pub body: String,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug)]
pub enum Change {
    /// A generated file, added or replaced whole.
    Whole { path: String, contents: String },
    /// A fragment inserted into a hand-written file at the edit's anchor.
    Insert { edit: Edit, text: String },
}

/// Paragraphs wrapped for a commit message (72 columns).
pub(super) fn message(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| wrap(p, 72).join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The subject area of the patches that belong to the query's placement.
fn area(q: &LinuxQuery) -> &'static str {
    match q.placement {
        Placement::Inline => "rsi",
        Placement::File => "rhi",
    }
}

/// The distinct header paths of the profile, in order, that `keep` admits.
pub(super) fn header_paths(profile: &LinuxProfile, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for h in &profile.headers {
        if keep(&h.interface) && !paths.contains(&h.path) {
            paths.push(h.path.clone());
        }
    }
    paths
}

fn inserts(
    model: &Model,
    profile: &LinuxProfile,
    wanted: &[Fragment],
) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    for e in profile
        .edits
        .iter()
        .filter(|e| wanted.contains(&e.fragment))
    {
        out.push(Change::Insert {
            edit: e.clone(),
            text: fragment(model, profile, e.fragment)?,
        });
    }
    Ok(out)
}

/// Patch 1: the carrier interface's header without the query's interface,
/// and `rsi_host_call()`.
fn transport(model: &Model, profile: &LinuxProfile, q: &LinuxQuery) -> Result<Patch, String> {
    let queried = must(model.interface(&q.interface), &q.interface)?;
    let (rsi, hc, st) = must(model.carrier_of(queried), "the carrier")?;
    let mut changes = Vec::new();
    for path in header_paths(profile, |i| i != q.interface) {
        let only_rsi = |h: &crate::config::LinuxHeader| h.interface != q.interface;
        changes.push(Change::Whole {
            contents: render_header(model, profile, &path, &only_rsi, None)?,
            path,
        });
    }
    changes.extend(inserts(model, profile, &[Fragment::RsiHostCall])?);
    let body = message(&[
        format!(
            "RSI_HOST_CALL ({}) passes a call from the Realm to the host: the Realm gives the RMM \
             the IPA of a struct rsi_host_call ({}: {:#x} bytes, {:#x}-byte aligned), whose \
             registers carry the function ID and arguments in and the host's answer out. Add the \
             structure and rsi_host_call().",
            hc.source, st.source, st.size, st.align
        ),
        "rsi_host_call() takes a phys_addr_t, as Marc Zyngier asked in the review of the \
         HOSTCONF series: the RMM reads and writes the whole structure at that address, so the \
         caller must pass the IPA of memory it owns and that is IPA-contiguous, and the \
         kernel-doc says so in capitals. Callers pass __pa_symbol() of an object in the kernel \
         image."
            .into(),
        format!(
            "asm/rsi_smc.h is now generated from a machine-readable description of the RSI tables \
             ({} {}); every macro, structure and member name the kernel uses keeps its value \
             and type (only the padding members of struct realm_config are renamed), and where \
             the specification is stricter than an existing macro a comment says so.",
            rsi.spec.document, rsi.spec.revision
        ),
    ]);
    Ok(Patch {
        slug: "1-transport",
        subject: "arm64: rsi: Add rsi_host_call()".into(),
        body,
        changes,
    })
}

/// Patch 2: the headers that hold the query's interface, without the prototype.
fn definitions(model: &Model, profile: &LinuxProfile, q: &LinuxQuery) -> Result<Patch, String> {
    let (iface, mq) = must(query_of(model, q), &q.query)?;
    let mut changes = Vec::new();
    let mut files = Vec::new();
    for path in header_paths(profile, |i| i == q.interface) {
        files.push(path.rsplit('/').next().unwrap_or(&path).to_string());
        changes.push(Change::Whole {
            contents: render_header(model, profile, &path, &|_| true, None)?,
            path,
        });
    }
    let calls = [&mq.version.call, &mq.feature.call, &mq.value.call];
    let body = message(&[
        format!(
            "The {} ({}) is reached through RSI_HOST_CALL: the function ID goes in gprs[0], the \
             host answers in gprs[0]. Define SMC_RHI_CALL() on the SMCCC standard-hypervisor \
             owner and the host-configuration calls {}, {} and {}, with revision {} and the \
             feature bit that advertises the last one.",
            iface.title, iface.name, calls[0], calls[1], calls[2], mq.version.requires
        ),
        format!(
            "Only these are defined, in {}; the other RHI groups follow with their users. The \
             RHI specification ({} {}) is still a draft; the values are those of the posted RHI \
             patches and of Arm's RMM ACS, which agree.",
            files.join(", "),
            iface.spec.document,
            iface.spec.revision
        ),
    ]);
    Ok(Patch {
        slug: "2-definitions",
        subject: format!(
            "arm64: {}: Define the RHI host-configuration calls",
            area(q)
        ),
        body,
        changes,
    })
}

/// Patch 3: the routine, where its result lives, and the call in arm64_rsi_init().
fn query_patch(model: &Model, profile: &LinuxProfile, q: &LinuxQuery) -> Result<Patch, String> {
    let (_, mq) = must(query_of(model, q), &q.query)?;
    let mut changes = Vec::new();
    if q.placement == Placement::File {
        let header = must(q.header.clone(), "the query's header")?;
        changes.push(Change::Whole {
            path: q.path.clone(),
            contents: query::file(model, profile, q)?,
        });
        changes.push(Change::Whole {
            contents: render_header(
                model,
                profile,
                &header,
                &|_| true,
                Some(query::prototype(q)),
            )?,
            path: header,
        });
    }
    let wanted: Vec<Fragment> = Fragment::needed(q.placement)
        .into_iter()
        .filter(|f| *f != Fragment::RsiHostCall)
        .collect();
    changes.extend(inserts(model, profile, &wanted)?);
    let title = title(mq, q);
    let (min, max) = (
        mq.validate.min.unwrap_or(0),
        mq.validate.max.unwrap_or(u64::MAX),
    );
    let place = match q.placement {
        Placement::Inline => format!(
            "It is a static __init routine in rsi.c, as Marc Zyngier asked (\"In rsi.c it goes\"): \
             no new file and no new global symbol. The result is kept in a static \
             __ro_after_init variable, {}, that starts at PAGE_SIZE.",
            q.variable
        ),
        Placement::File => format!(
            "It lives in {} with the RHI code, as Suzuki K Poulose argued: RHI is a service \
             interface of its own that RSI_HOST_CALL only carries. {}() is its one global symbol, \
             __init and called once; the result is kept in a static __ro_after_init variable in \
             rsi.c, {}, that starts at PAGE_SIZE.",
            q.path, q.function, q.variable
        ),
    };
    let body = message(&[
        format!(
            "Ask the host for its {title} while the Realm is set up, before it is enabled: the \
             host's HOSTCONF version must have major {} (as {} does), the host must advertise \
             the call in {}, and the value must be a power of two from {min:#x} to {max:#x}.",
            mq.version.major, mq.version.requires, mq.feature.call
        ),
        format!(
            "The outcomes follow the review of the HOSTCONF series. The {title} can never go down \
             (Marc Zyngier): the result is the larger of PAGE_SIZE and the host's answer. A host \
             that does not offer the call (SMCCC_RET_NOT_SUPPORTED at any step, another major \
             revision, the feature bit clear) leaves it at PAGE_SIZE, as before RHI. Any other \
             answer, an RMM error from RSI_HOST_CALL, an echoed function ID or a value out of \
             range, keeps Realm support off instead of falling back to a granule the host may not \
             honour: whatever granule the host requires, the guest must follow it (Jason \
             Gunthorpe). An echoed function ID is refused too: a host that leaves gprs[0] \
             untouched has not answered, and a value read from it would be the call's own \
             number. Every call starts from a cleared structure with only gprs[0] set, so \
             nothing the host wrote earlier is sent back."
        ),
        place,
    ]);
    Ok(Patch {
        slug: "3-query",
        subject: format!("arm64: {}: Query the host's {title} at boot", area(q)),
        body,
        changes,
    })
}

fn cover(
    model: &Model,
    profile: &LinuxProfile,
    q: &LinuxQuery,
) -> Result<(String, String), String> {
    let (_, mq) = must(query_of(model, q), &q.query)?;
    let title = title(mq, q);
    let inputs = crate::emit::inputs(model);
    let mut edited: Vec<&str> = Vec::new();
    for e in &profile.edits {
        let name = e.path.rsplit('/').next().unwrap_or(&e.path);
        if !edited.contains(&name) {
            edited.push(name);
        }
    }
    let body = message(&[
        format!(
            "A Realm must share memory with the host in units the host can map: its {title}. \
             This series asks the host for it over the Realm Host Interface while the Realm is set \
             up, and keeps the Realm off if the host's answer is not usable."
        ),
        format!(
            "Patch 1 adds rsi_host_call(), taking a phys_addr_t, and struct rsi_host_call; patch \
             2 defines the RHI host-configuration calls; patch 3 adds the query and calls it from \
             arm64_rsi_init(). {}",
            profile.doc.trim()
        ),
        format!(
            "The headers and the routine are generated from a machine-readable description of \
             the RSI and RHI tables ({}), which cites the specification section or the public \
             source of every value; the changes to {} are insertions only. The same \
             description generates Rust bindings for Realm firmware.",
            inputs.join(", "),
            edited.join(", ")
        ),
        "Nothing reads the granule yet: the series only fetches it, checks it and keeps the \
         Realm off when the host's answer is unusable. How it reaches the memory-encryption code \
         is left to the series that consumes it: Will Deacon asked for that to go through struct \
         arm64_mem_crypt_ops rather than an is_realm_world() test, so that pKVM guests can \
         provide their own."
            .into(),
    ]);
    Ok((
        format!("arm64: rsi: Query the host's {title} at Realm set-up"),
        body,
    ))
}

/// The patch series of a profile.
pub fn series(model: &Model, profile: &LinuxProfile) -> Result<Series, String> {
    let model = &model.at(&profile.selection());
    let Some(q) = profile.query.as_ref() else {
        return super::definitions::series(model, profile);
    };
    let patches = vec![
        transport(model, profile, q)?,
        definitions(model, profile, q)?,
        query_patch(model, profile, q)?,
    ];
    let (subject, body) = cover(model, profile, q)?;
    Ok(Series {
        subject,
        body,
        patches,
    })
}
