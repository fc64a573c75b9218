//! The review report of `codegen::diff` on the shipped ABI and on a small
//! synthetic description.

#[macro_use]
mod common;

use codegen::model::Interface;
use codegen::{Source, diff};
use common::{model_of, shipped_model as shipped};

fn between(i: &Interface, from: &str, to: &str) -> String {
    diff::report(&i.at(from), from, &i.at(to), to)
}

/// The report's lines that mention every one of `words`.
fn lines_with<'a>(report: &'a str, words: &[&str]) -> Vec<&'a str> {
    report
        .lines()
        .filter(|l| words.iter().all(|w| l.contains(w)))
        .collect()
}

fn assert_line(report: &str, words: &[&str]) {
    assert_eq!(
        lines_with(report, words).len(),
        1,
        "expected one line with {words:?} in:\n{report}"
    );
}

#[test]
fn rsi_alp17_to_bet0() {
    let m = shipped();
    let r = between(m.interface("RSI").expect("RSI"), "1.1-alp17", "2.0-bet0");
    assert!(r.starts_with("# RSI: 1.1-alp17 → 2.0-bet0\n"), "{r}");
    assert_line(
        &r,
        &[
            "`RsiVdevInfo.state`: offset 0x38 → 0x40",
            "(1.1-alp17: ",
            "; 2.0-bet0: ",
        ],
    );
    assert_line(&r, &["`RsiVdevInfo.vca_digest`: offset 0x40 → 0x80"]);
    assert_line(&r, &["`RsiVdevInfo.report_digest`: offset 0x140 → 0x180"]);
    assert_line(&r, &["`RsiVdevFlags.p2p_enabled` removed"]);
    assert_line(&r, &["`RsiVdevFlags.p2p_bound` removed"]);
    assert_line(&r, &["`RsiVdevFlags.vsmmu` added: bits 0"]);
    assert_line(
        &r,
        &["`RSI_VDEV_STATE_UNLOCKED` (RsiVdevState): value 0x1 → 0x0"],
    );
    assert_line(&r, &["`RSI_VDEV_STATE_NEW` (RsiVdevState) removed"]);
    assert_line(
        &r,
        &["0x19B (FID 0xC400019B): `RSI_VSMMU_ACTIVATE` → `RSI_ARCH_DEV_ACTIVATE`"],
    );
    // Unchanged members and functions say nothing.
    assert!(lines_with(&r, &["RsiVdevInfo.cert_id"]).is_empty(), "{r}");
    assert!(lines_with(&r, &["RSI_VERSION`"]).is_empty(), "{r}");
    // Sections in order; removed items after the newer side's.
    let at = |s: &str| r.find(s).unwrap_or_else(|| panic!("no {s} in:\n{r}"));
    assert!(at("## Functions added") < at("## Function numbers reused"));
    assert!(at("## Function numbers reused") < at("## Layout changes"));
    assert!(at("`RsiVdevFlags.vsmmu` added") < at("`RsiVdevFlags.p2p_bound` removed"));
    assert!(at("`RsiVdevFlags.p2p_bound` removed") < at("`RsiVdevFlags.p2p_enabled` removed"));
}

#[test]
fn rsi_alp12_to_alp17_reuses() {
    let m = shipped();
    let r = between(m.interface("RSI").expect("RSI"), "1.1-alp12", "1.1-alp17");
    assert_line(
        &r,
        &["0x19C (FID 0xC400019C): `RSI_RDEV_GET_INSTANCE_ID` → `RSI_VDEV_DMA_ENABLE`"],
    );
    assert_line(
        &r,
        &["0x1A4 (FID 0xC40001A4): `RSI_RDEV_CONTINUE` → `RSI_VDEV_DMA_DISABLE`"],
    );
}

#[test]
fn a_revision_against_itself_has_no_differences() {
    let m = shipped();
    for i in &m.interfaces {
        let n = i.newest();
        assert_eq!(
            between(i, n, n),
            format!("# {}: {n} → {n}\n\nNo differences.\n", i.name)
        );
    }
}

const SYNTHETIC: &str = concat!(
    t_interface!(),
    r#"  revisions:
    - { name: r1, reports: "1.0", status: stable, source: spec r1 }
    - { name: r2, reports: "1.1", status: draft, source: spec r2 }
  spec: { document: DEN0137, title: RMM }
  source: test
structs:
  - name: TSame
    size: 0x10
    align: 8
    source: same struct
    members:
      - { name: a, offset: 0x0, type: u64 }
      - { name: b, offset: 0x8, type: u64 }
functions:
  - name: T_VERSION
    number: 0x190
    since: r1
    status: stable
    source: version call
    doc: Version.
    outputs:
      - { name: v, reg: X0, type: u64 }
  - name: T_OLD
    number: 0x191
    since: r1
    until: r1
    status: stable
    source: old call
    doc: Old.
  - name: T_NEW
    number: 0x191
    since: r2
    status: draft
    reuses: T_OLD
    source: new call
    doc: New.
"#
);

#[test]
fn unchanged_items_produce_no_line() {
    let src = [Source::new("t.yaml", SYNTHETIC)];
    let m = model_of(&src);
    let r = between(m.interface("T").expect("T"), "r1", "r2");
    assert_eq!(
        r,
        "# T: r1 → r2\n\n\
         ## Functions added, removed or renumbered\n\n\
         - `T_NEW` added: 0x191 (FID 0xC4000191) (r2: new call)\n\
         - `T_OLD` removed: 0x191 (FID 0xC4000191) (r1: old call)\n\n\
         ## Function numbers reused\n\n\
         - 0x191 (FID 0xC4000191): `T_OLD` → `T_NEW` (r1: old call; r2: new call)\n"
    );
}
