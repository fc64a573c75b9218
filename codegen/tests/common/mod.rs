//! Helpers shared by the integration tests (`mod common;`). Each test file is
//! a crate of its own and uses only some of them.
#![allow(dead_code, unused_macros)]

use std::path::{Path, PathBuf};

use codegen::{Model, Source, load, load_outputs};

/// Lines 1-8 of the SMC test interface `T` (owner 4, RSI's numbers); its
/// revision keys follow.
macro_rules! t_interface {
    () => {
        r#"interface:
  name: T
  title: Test interface
  transport: smc
  owner: 4
  call_type: fast
  width: 64
  numbers: { first: 0x190, last: 0x1AF }
"#
    };
}

/// The first lines of an `outputs.yaml` with one profile `p`; its headers
/// follow.
macro_rules! profile_head {
    () => {
        r#"linux:
  default: p
  profiles:
    - name: p
      doc: d
      spdx: GPL-2.0-only
      copyright: Copyright (C) 2026 Nobody
      headers:
"#
    };
}

/// The workspace's `abi/` directory.
pub fn abi_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../abi")
}

/// The shipped interface files (every interface file of `abi/`), named
/// `abi/FILE` as the xtask names them.
pub fn shipped_sources() -> Vec<Source> {
    let mut names: Vec<String> = std::fs::read_dir(abi_dir())
        .expect("read abi/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| codegen::is_interface_file(n))
        .collect();
    names.sort();
    names
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(abi_dir().join(f)).expect("read abi file");
            Source::new(format!("abi/{f}"), text)
        })
        .collect()
}

/// The model of `src`; a description that does not load fails the test
/// with its diagnostics.
pub fn model_of(src: &[Source]) -> Model {
    load(src).unwrap_or_else(|d| panic!("{}", d.render(src)))
}

/// The model of the shipped description.
pub fn shipped_model() -> Model {
    model_of(&shipped_sources())
}

/// Headlines (`file:line:col: error: message`) of loading `src`; none when
/// it loads.
pub fn headlines(src: &[Source]) -> Vec<String> {
    match load(src) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(|d| d.headline()).collect(),
    }
}

/// The notes of every diagnostic of loading `src`, in order.
pub fn notes(src: &[Source]) -> Vec<String> {
    match load(src) {
        Ok(_) => Vec::new(),
        Err(d) => {
            d.0.iter()
                .flat_map(|d| &d.notes)
                .map(|n| n.headline())
                .collect()
        }
    }
}

/// Headlines of loading `text` as the outputs file `o.yaml` against `model`.
pub fn output_headlines(text: &str, model: &Model) -> Vec<String> {
    let diags = match load_outputs(&Source::new("o.yaml", text), model) {
        Ok(outputs) => {
            match codegen::plan::lower(model, &outputs, &codegen::plan::views(model, &outputs)) {
                Ok(_) => return Vec::new(),
                Err(d) => d,
            }
        }
        Err(d) => d,
    };
    diags.0.iter().map(|d| d.headline()).collect()
}

/// The plan of a profile on its view; one that does not lower fails the test.
#[allow(dead_code)]
pub fn plan_of<'v>(
    model: &Model,
    view: &'v codegen::plan::View<'v>,
) -> codegen::plan::ProfilePlan<'v> {
    codegen::plan::lower_profile(model, view).unwrap_or_else(|d| panic!("{d:?}"))
}

/// Every headline, and every note, of loading `src`, which must fail.
pub fn report(src: &[Source]) -> (Vec<String>, Vec<String>) {
    let d = load(src).expect_err("refused");
    let heads = d.0.iter().map(|d| d.headline()).collect();
    let notes =
        d.0.iter()
            .flat_map(|d| &d.notes)
            .map(|n| n.headline())
            .collect();
    (heads, notes)
}
