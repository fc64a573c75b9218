//! Emits the crate as files: `lib.rs`, `Cargo.toml`, one formatted module
//! per interface, the verbatim runtime and model host, the round-trip tests
//! and examples. Formatting uses `prettyplease` (feature `files`); the
//! proc-macro needs only the tokens of `krate`.

use quote::quote;

use super::format::format_file;
use super::generated_tests::{probe_example, roundtrip_jobs};
use super::krate::{MODEL_HOST, Module, RUNTIME, inner_docs, module_head, runtime_exports};
use super::marshal::marshalling_of;
use super::names::doc_lines;
use super::revisions::{self, Variant};
use super::{CRATE, ROOT};
use crate::emit::parallel::{self, Job};
use crate::emit::{Comment, Constructs, File, banner};
use crate::model::{Interface, Model};
use crate::narrow::Selection;

const HOSTILE_EXAMPLE: &str = include_str!("../../../../templates/rust/hostile.rs");
const HELPER_TESTS: &str = include_str!("../../../../templates/rust/helpers.rs");

/// The crate-level example (a doctest): the query's three outcomes against
/// the model host.
const CRATE_EXAMPLE: &str = "\
```
use cca_abi::{model_host::ModelHost, rhi, QueryError, Step};

// A 4K guest on a host that asks for 16K: 16K.
let mut host = ModelHost::new();
host.ipa_change_alignment = 0x4000;
assert_eq!(rhi::ipa_change_alignment(&mut host, 0x1000), Ok(0x4000));
// A 64K guest on the same host: the granule never goes down below the page size.
assert_eq!(rhi::ipa_change_alignment(&mut host, 0x10000), Ok(0x10000));

// A host that does not offer the call: the guest's page size.
host.hostconf_version = rhi::NOT_SUPPORTED;
assert_eq!(rhi::ipa_change_alignment(&mut host, 0x1000), Ok(0x1000));

// A host that offers the call and answers garbage: refused.
host.hostconf_version = rhi::RHI_HOSTCONF_VER_1_0.bits();
host.ipa_change_alignment = 0x3000;
assert_eq!(
    rhi::ipa_change_alignment(&mut host, 0x1000),
    Err(QueryError::Invalid { step: Step::Value, value: 0x3000 })
);
```";

/// Functions per formatting job of an interface module.
const CHUNK: usize = 32;

/// One interface module as formatting jobs: the head, the marshalling in
/// chunks of `CHUNK` functions, the query routines. `prettyplease` prints
/// the items of a file one after the other, so the pieces concatenate to
/// the module formatted whole.
fn module_jobs(iface: &Interface) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job<'_>> = vec![Box::new(move || {
        format_file(module_head(iface, super::ZeroCopy::Feature))
    })];
    let n = iface.functions.len();
    for start in (0..n).step_by(CHUNK) {
        let range = start..(start + CHUNK).min(n);
        jobs.push(Box::new(move || format_file(marshalling_of(iface, range))));
    }
    let module = Module {
        iface,
        zc: super::ZeroCopy::Feature,
    };
    jobs.push(Box::new(move || format_file(module.queries())));
    jobs
}

/// `src/lib.rs`: the crate docs, the interface modules and the runtime's exports.
fn lib_rs(model: &Model) -> String {
    let mods = revisions::modules(model);
    // List items wrapped as the crate's other docs, continuation lines indented.
    let specs: Vec<String> = model
        .interfaces
        .iter()
        .flat_map(|i| {
            let lines = crate::emit::wrap(&revisions::crate_doc_line(i), 94);
            lines
                .into_iter()
                .enumerate()
                .map(|(k, l)| if k == 0 { l } else { format!("  {l}") })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut d = vec![
        "The Arm CCA guest ABIs for `no_std` firmware and guests, from one description."
            .to_string(),
        String::new(),
    ];
    d.extend(specs);
    d.push(String::new());
    d.extend(doc_lines(&format!(
        "{} Each interface module has its function \
         identifiers, return codes, enums, bit fields, structs (with compile-time layout checks), \
         register marshalling per function and the guest query routines. Calls go through a \
         [`Conduit`]: `Smc` on aarch64, or `model_host::ModelHost` for tests (feature `model-host`).",
        banner(&crate::emit::inputs(model))
    )));
    d.push(String::new());
    d.extend(CRATE_EXAMPLE.lines().map(str::to_string));
    let inner = inner_docs(&d);
    let exports = runtime_exports();
    let file = quote! {
        #inner
        #![no_std]
        #![deny(unsafe_code)]
        #![deny(missing_docs)]

        #[allow(unsafe_code)]
        mod runtime;
        /// A model RMM and host for tests and examples (feature `model-host`).
        #[cfg(feature = "model-host")]
        pub mod model_host;
        #mods

        #exports
    };
    format_file(file)
}

/// The crate's `Cargo.toml`.
fn cargo_toml(model: &Model) -> String {
    let (revision_features, default) = revisions::cargo_features(model);
    let quoted: Vec<String> = default.iter().map(|f| format!("\"{f}\"")).collect();
    let probe = if default.is_empty() {
        String::new()
    } else {
        format!(
            "\n# The probe covers the default revisions' items.\n[[example]]\nname = \"probe\"\nrequired-features = [{}]\n",
            quoted.join(", ")
        )
    };
    format!(
        "[package]\n\
name = \"{CRATE}\"\n\
version = \"0.1.0\"\n\
description = \"Arm CCA guest ABIs (RSI, RHI) for no_std firmware and guests\"\n\
edition = \"2024\"\n\
rust-version = \"1.89\"\n\
license = \"MIT OR Apache-2.0\"\n\
publish = false\n\
\n\
[lib]\n\
path = \"src/lib.rs\"\n\
\n\
[features]\n\
default = [{}]\n\
{revision_features}\
# The model RMM and host (`ModelHost`, `ScriptedHost`) for tests and examples; firmware leaves it off.\n\
model-host = []\n\
# zerocopy's FromBytes, IntoBytes, KnownLayout and Immutable on every memory structure.\n\
zerocopy = [\"dep:zerocopy\"]\n\
\n\
[package.metadata.docs.rs]\n\
default-target = \"aarch64-unknown-none\"\n\
features = [\"model-host\", \"zerocopy\"]\n\
\n\
# `cargo test` also runs the hostile-host table through this example.\n\
[[example]]\n\
name = \"hostile\"\n\
test = true\n\
required-features = [\"model-host\"]\n\
{probe}\
\n\
[dependencies]\n\
zerocopy = {{ version = \"0.8\", features = [\"derive\"], optional = true }}\n\
\n\
[target.'cfg(target_arch = \"aarch64\")'.dependencies]\n\
# 0.2.1 or later: 0.2.0 marked the asm `nomem`, hiding the RMM's writes to memory.\n\
smccc = \"0.2.1\"\n\
\n\
[dev-dependencies]\n\
{CRATE} = {{ path = \".\", default-features = false, features = [\"model-host\"] }}\n\
proptest = \"1\"\n\
serde = {{ version = \"1\", features = [\"derive\"] }}\n\
serde-saphyr = \"2.2\"\n",
        quoted.join(", "),
    )
}

/// A file to be: under the banner (written with `comment`, naming the
/// inputs `from`), `prefix`, then the texts of its jobs in order.
struct Planned<'m> {
    path: String,
    comment: Comment,
    from: Vec<&'m str>,
    prefix: String,
    jobs: Vec<Job<'m>>,
}

impl<'m> Planned<'m> {
    /// A Rust file with fixed contents.
    fn fixed(path: &str, contents: String) -> Self {
        Self::jobs(path, contents, Vec::new())
    }

    /// A TOML file made from the inputs `from`.
    fn toml(path: &str, from: Vec<&'m str>, contents: String) -> Self {
        Self {
            comment: Comment::Hash,
            from,
            ..Self::fixed(path, contents)
        }
    }

    /// A Rust file formatted by `jobs`.
    fn formatted(path: &str, jobs: Vec<Job<'m>>) -> Self {
        Self::jobs(path, "\n".into(), jobs)
    }

    fn jobs(path: &str, prefix: String, jobs: Vec<Job<'m>>) -> Self {
        Self {
            path: format!("{ROOT}/{path}"),
            comment: Comment::Slash,
            from: Vec::new(),
            prefix,
            jobs,
        }
    }
}

/// A verbatim template, under the banner.
fn verbatim(template: &str, text: &str) -> String {
    format!("// Copied verbatim from templates/rust/{template}.\n\n{text}")
}

/// Every file of the crate, paths under `rust/`; the formatting runs on up
/// to `threads` threads (`emit::parallel`), the result does not depend on it. The
/// default configuration (every interface at its newest revision) has the
/// plain file names; each older revision of an interface adds its module
/// and its round-trip tests (`revisions`).
pub fn files(model: &Model, threads: usize) -> Vec<File> {
    let newest = model.at(&Selection::new());
    // Each variant's files cover its own interface only.
    let variants: Vec<(Variant<'_>, Model)> = revisions::variants(model)
        .into_iter()
        .map(|v| {
            let at = v.iface.at(v.revision());
            let m = Model {
                interfaces: vec![at],
            };
            (v, m)
        })
        .collect();
    let mut plan = crate_plan(model, &newest);
    for (v, m) in &variants {
        let tests = format!("tests/roundtrip{}.rs", v.suffix());
        let jobs = roundtrip_jobs(m, CHUNK, Some(v.predicate().to_string()));
        plan.push(Planned::formatted(&tests, jobs));
        for i in &m.interfaces {
            let path = format!(
                "src/{}{}.rs",
                i.name.to_ascii_lowercase(),
                revision_suffix(v)
            );
            plan.push(Planned::formatted(&path, module_jobs(i)));
        }
    }
    assemble(plan, threads)
}

/// The module file suffix of a variant: `_1_1_alp17`.
fn revision_suffix(v: &Variant<'_>) -> String {
    let full = v.suffix();
    full[1 + v.iface.name.len()..].to_string()
}

/// The files of the default configuration, from `model` (for the
/// descriptions and features) and `newest` (for the items).
fn crate_plan<'m>(model: &'m Model, newest: &'m Model) -> Vec<Planned<'m>> {
    let rustfmt_toml = "# The crate is formatted by prettyplease when it is generated; rustfmt \
                        leaves it be.\ndisable_all_formatting = true\n";
    let mut plan = vec![
        Planned::toml("Cargo.toml", crate::emit::inputs(model), cargo_toml(model)),
        Planned::toml("rustfmt.toml", Vec::new(), rustfmt_toml.into()),
        Planned::formatted("src/lib.rs", vec![Box::new(|| lib_rs(model))]),
        Planned::fixed("src/runtime.rs", verbatim("runtime.rs", RUNTIME)),
        Planned::fixed("src/model_host.rs", verbatim("model_host.rs", MODEL_HOST)),
        Planned::fixed(
            "examples/hostile.rs",
            verbatim("hostile.rs", HOSTILE_EXAMPLE),
        ),
        Planned::formatted(
            "examples/probe.rs",
            vec![Box::new(|| probe_example(newest))],
        ),
        Planned::fixed("tests/helpers.rs", verbatim("helpers.rs", HELPER_TESTS)),
        Planned::formatted(
            "fuzz/decoders.rs",
            vec![Box::new(|| super::fuzz_harness::decoders(newest))],
        ),
    ];
    let cfg = revisions::default_predicate(model).map(|p| p.to_string());
    plan.push(Planned::formatted(
        "tests/roundtrip.rs",
        roundtrip_jobs(newest, CHUNK, cfg),
    ));
    for i in &newest.interfaces {
        let path = format!("src/{}.rs", i.name.to_ascii_lowercase());
        plan.push(Planned::formatted(&path, module_jobs(i)));
    }
    plan
}

/// Run every planned file's jobs together and put each file together.
fn assemble(plan: Vec<Planned<'_>>, threads: usize) -> Vec<File> {
    let mut heads = Vec::new();
    let mut jobs = Vec::new();
    for p in plan {
        heads.push((p.path, p.comment, p.from, p.prefix, p.jobs.len()));
        jobs.extend(p.jobs);
    }
    let mut texts = parallel::run(jobs, threads).into_iter();
    heads
        .into_iter()
        .map(|(path, comment, from, mut body, n)| {
            body.extend(texts.by_ref().take(n));
            File::generated(path, comment, &from, &body)
        })
        .collect()
}
