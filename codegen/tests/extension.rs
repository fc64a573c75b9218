//! The generator is open at both ends. A third interface is a description
//! file and nothing else (`tests/data/third.yaml`: an SMC interface with its
//! own return codes and a structure that holds another), and a fourth
//! emitter is a type implementing `emit::Emitter`, defined here and run
//! beside the shipped ones through `emit::all_with`. Neither needs a change
//! to the library.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use codegen::emit::{self, Comment, Emitter, File};
use codegen::model::TypeRef;
use codegen::plan::Plan;
use codegen::{Model, Outputs, Source, load, load_outputs};

/// The shipped interfaces (every interface file of `abi/`) and the third.
fn sources() -> Vec<Source> {
    let third = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/third.yaml");
    let mut out = common::shipped_sources();
    out.push(Source::new(
        "abi/third.yaml",
        std::fs::read_to_string(third).expect("read"),
    ));
    out
}

/// The shipped `outputs.yaml` with one more Linux profile: a header of the
/// third interface alone.
fn outputs(model: &Model) -> Outputs {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../abi");
    let shipped = std::fs::read_to_string(dir.join(codegen::OUTPUTS_FILE)).expect("read");
    let text = format!(
        "{shipped}    - name: demo-c\n      doc: The third interface.\n      spdx: GPL-2.0-only\n      copyright: Copyright (C) 2026 Nobody\n      headers:\n        - interface: DEMO\n          path: include/demo.h\n          guard: __DEMO_H_\n          fid_macro: DEMO_FID\n          fid_prefix: \"\"\n          statuses: [stable]\n"
    );
    let src = Source::new("abi/outputs.yaml", text);
    load_outputs(&src, model).unwrap_or_else(|d| panic!("{}", d.render(std::slice::from_ref(&src))))
}

/// The toy fourth emitter: every function and struct member of every
/// interface as CSV rows, one file per interface.
#[derive(Debug)]
struct Csv;

impl Emitter for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn files(&self, plan: &Plan<'_>) -> Result<Vec<File>, String> {
        let model = plan.model;
        let from = emit::inputs(model);
        Ok(model
            .interfaces
            .iter()
            .map(|i| {
                let mut body = String::from("kind,name,value\n");
                for f in &i.functions {
                    let _ = writeln!(body, "function,{},{:#x}", f.name, f.fid);
                }
                for s in &i.structs {
                    for m in &s.members {
                        let _ = writeln!(body, "member,{}.{},{:#x}", s.name, m.name, m.offset);
                    }
                }
                let path = format!("csv/{}.csv", i.name.to_ascii_lowercase());
                File::generated(path, Comment::Hash, &from, &body)
            })
            .collect())
    }
}

fn file<'a>(files: &'a [File], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

#[test]
fn a_third_interface_is_a_description_file_only() {
    let src = sources();
    let model = load(&src).unwrap_or_else(|d| panic!("{}", d.render(&src)));
    let demo = model.interface("DEMO").expect("DEMO");
    assert_eq!(demo.function("DEMO_DESCRIBE").expect("fn").fid, 0xC200_0011);
    let rc = demo.return_codes.as_ref().expect("its own return codes");
    let names: Vec<&str> = rc.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        ["DEMO_SUCCESS", "DEMO_ERROR_INPUT", "DEMO_ERROR_BUSY"]
    );
    let table = demo.structure("DemoTable").expect("DemoTable");
    let ranges = &table.members[2];
    assert_eq!(ranges.ty, Some(TypeRef::Struct("DemoRange".into())));
    assert_eq!(
        (ranges.offset, ranges.size, ranges.count),
        (8, 0x40, Some(4))
    );

    let outputs = outputs(&model);
    let views = codegen::plan::views(&model, &outputs);
    let plan = codegen::plan::lower(&model, &outputs, &views).expect("lower");
    let files = emit::all(&plan, 2).expect("emit");
    let json = file(&files, "json/cca-abi.json");
    assert!(json.contains("\"DEMO_ERROR_BUSY\"") && json.contains("\"DemoRange\""));
    let rust = file(&files, "rust/src/demo.rs");
    assert!(rust.contains("pub ranges: [DemoRange; 4],"), "{rust}");
    assert!(
        rust.contains("ranges: [const { DemoRange::zeroed() }; 4],"),
        "{rust}"
    );
    assert!(
        rust.contains("DemoErrorBusy") || rust.contains("DEMO_ERROR_BUSY"),
        "{rust}"
    );
    assert!(file(&files, "rust/src/lib.rs").contains("pub mod demo;"));
    let c = file(&files, "linux/demo-c/1-definitions/include/demo.h");
    assert!(c.contains("struct demo_range ranges[4];"), "{c}");
    assert!(c.contains("#define DEMO_ERROR_BUSY"), "{c}");
}

#[test]
fn a_fourth_emitter_is_registered_through_all_with() {
    let src = sources();
    let model = load(&src).unwrap_or_else(|d| panic!("{}", d.render(&src)));
    let outputs = outputs(&model);
    let rust = emit::RustCrate { threads: 2 };
    let emitters: [&dyn Emitter; 4] = [&emit::Json, &emit::Linux, &rust, &Csv];
    let views = codegen::plan::views(&model, &outputs);
    let plan = codegen::plan::lower(&model, &outputs, &views).expect("lower");
    let files = emit::all_with(&plan, &emitters).expect("emit");
    let shipped = emit::all(&plan, 2).expect("emit");
    assert_eq!(
        files[..shipped.len()],
        shipped[..],
        "the shipped files come first, unchanged"
    );
    let csv = file(&files, "csv/demo.csv");
    assert!(csv.starts_with("# Generated by `cargo xtask generate` from abi/rhi.yaml"));
    assert!(csv.contains("member,DemoTable.ranges,0x8\n"), "{csv}");
    assert!(file(&files, "csv/rsi.csv").contains("function,RSI_HOST_CALL,0xc4000199\n"));
    assert!(files.iter().all(|f| emit::is_generated(&f.contents)));
}

/// An emitter whose files lack the banner, or that makes a path another
/// emitter makes, is refused: `generate` could not tell its files from the
/// user's, or one would overwrite the other.
#[test]
fn all_with_refuses_a_file_without_the_banner_or_made_twice() {
    #[derive(Debug)]
    struct Plain(&'static str);
    impl Emitter for Plain {
        fn name(&self) -> &'static str {
            self.0
        }
        fn files(&self, _: &Plan<'_>) -> Result<Vec<File>, String> {
            let contents = if self.0 == "bare" {
                "x\n".into()
            } else {
                "# cargo xtask generate\n".into()
            };
            Ok(vec![File {
                path: "x/y".into(),
                contents,
            }])
        }
    }
    let src = sources();
    let model = load(&src).expect("load");
    let outputs = outputs(&model);
    let views = codegen::plan::views(&model, &outputs);
    let plan = codegen::plan::lower(&model, &outputs, &views).expect("lower");
    let err = emit::all_with(&plan, &[&Plain("bare")]).expect_err("no banner");
    assert_eq!(err, "bare: x/y lacks the generated-file banner");
    let err = emit::all_with(&plan, &[&Plain("a"), &Plain("b")]).expect_err("twice");
    assert_eq!(err, "b: x/y is also made by a");
}
