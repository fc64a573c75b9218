//! A query's `validate:` rules are one fact: the C check, the kernel-doc,
//! the Rust check, its rustdoc and the commit message all state them, from
//! the same lowered rules (`codegen::plan::rule`). Here on the shipped
//! description with the rules changed (no power of two, no maximum).

mod common;

use codegen::{Model, Outputs, Source, load_outputs};
use common::{abi_dir, model_of, shipped_sources};

const SHIPPED: &str = "validate: { power_of_two: true, min: 0x1000, max: 0x20000000 }";

fn setup(validate: &str) -> (Model, Outputs) {
    let mut src = shipped_sources();
    for s in &mut src {
        if s.text.contains(SHIPPED) {
            s.text = s.text.replace(SHIPPED, validate);
        }
    }
    let model = model_of(&src);
    let text = std::fs::read_to_string(abi_dir().join("outputs.yaml")).expect("outputs.yaml");
    let out = Source::new("abi/outputs.yaml", text);
    let outputs = load_outputs(&out, &model).unwrap_or_else(|d| panic!("{}", d.render(&[out])));
    (model, outputs)
}

/// Every commit message of every profile's series, subject and body.
fn prose(model: &Model, outputs: &Outputs) -> String {
    let mut out = String::new();
    for p in &outputs.linux.profiles {
        let view = codegen::plan::View::new(model, p);
        let s = codegen::emit::c::series(&common::plan_of(model, &view)).expect("series");
        out.push_str(&format!("== {}\n{}\n\n{}\n", p.name, s.subject, s.body));
        for patch in &s.patches {
            out.push_str(&format!(
                "-- {}\n{}\n\n{}\n",
                patch.slug, patch.subject, patch.body
            ));
        }
    }
    out
}

fn routines(model: &Model, outputs: &Outputs) -> String {
    let all = outputs.linux.profiles.iter();
    all.map(|p| {
        let view = codegen::plan::View::new(model, p);
        let plan = common::plan_of(model, &view);
        let q = plan.query.as_ref().expect("query");
        codegen::emit::c::routine_source(&plan, q).expect("routine")
    })
    .collect()
}

fn rust_rhi(model: &Model) -> String {
    let files = codegen::emit::rust::files(model, 2);
    let f = files
        .iter()
        .find(|f| f.path == "rust/src/rhi.rs")
        .expect("rhi.rs");
    f.contents.clone()
}

/// The words of `text` on one line, without comment leaders, so that a
/// phrase is found wherever the text wraps.
fn flat(text: &str) -> String {
    let words = text.split_whitespace();
    let words: Vec<&str> = words
        .filter(|w| !matches!(*w, "*" | "///" | "//!"))
        .collect();
    words.join(" ")
}

#[test]
fn other_rules_are_stated_alike_in_c_rust_docs_and_prose() {
    let (model, outputs) = setup("validate: { min: 0x3000 }");
    let c = routines(&model, &outputs);
    assert!(c.contains("if (*answer < UL(0x3000))"), "{c}");
    assert!(
        flat(&c).contains("valid answer (a value of at least UL(0x3000))"),
        "{c}"
    );
    let rust = rust_rhi(&model);
    assert!(rust.contains("value >= 0x3000"), "Rust check");
    assert!(
        flat(&rust).contains("ipa_change_alignment`]: at least 0x3000."),
        "rustdoc"
    );
    let text = prose(&model, &outputs);
    assert!(
        flat(&text).contains("must be a value of at least UL(0x3000)"),
        "{text}"
    );
    for (what, out) in [("C", &c), ("Rust", &rust), ("prose", &text)] {
        let lower = out.to_lowercase();
        assert!(
            !lower.contains("power of two") && !lower.contains("is_power_of"),
            "{what}"
        );
        assert!(
            !out.contains("SZ_512M") && !out.contains("0x2000_0000"),
            "{what}"
        );
    }
}

#[test]
fn a_maximum_alone_is_stated_alike() {
    let (model, outputs) = setup("validate: { power_of_two: true, max: 0x10000 }");
    let c = routines(&model, &outputs);
    assert!(
        c.contains("!is_power_of_2(*answer) ||\n\t    *answer > SZ_64K"),
        "{c}"
    );
    assert!(
        flat(&c).contains("(a power of two of at most SZ_64K)"),
        "{c}"
    );
    let rust = rust_rhi(&model);
    assert!(
        rust.contains("value.is_power_of_two() && value <= 0x1_0000"),
        "Rust check"
    );
    assert!(
        flat(&rust).contains("a power of two, at most 0x10000."),
        "rustdoc"
    );
    let text = prose(&model, &outputs);
    assert!(
        flat(&text).contains("must be a power of two of at most SZ_64K"),
        "{text}"
    );
}

#[test]
fn the_shipped_rules_are_stated_alike() {
    let (model, outputs) = setup(SHIPPED);
    let c = routines(&model, &outputs);
    assert!(
        c.contains("!is_power_of_2(*answer) ||\n\t    *answer < SZ_4K ||\n\t    *answer > SZ_512M"),
        "{c}"
    );
    assert!(
        flat(&c).contains("(a power of two from SZ_4K to SZ_512M)"),
        "{c}"
    );
    let rust = rust_rhi(&model);
    assert!(rust.contains("value.is_power_of_two() && 0x1000 <= value && value <= 0x2000_0000"));
    assert!(flat(&rust).contains("a power of two, in 0x1000..=0x20000000."));
    let text = prose(&model, &outputs);
    assert!(
        flat(&text).contains("must be a power of two from SZ_4K to SZ_512M"),
        "{text}"
    );
    assert!(flat(&text).contains("a value that is not a power of two from SZ_4K to SZ_512M"));
}
