//! The xtask as a user runs it: generate, check, model, on copies of `abi/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// A scratch copy of the shipped `abi/`, an empty output directory and a
/// cache directory of its own (where emission stamps go).
struct Scratch {
    _dir: tempfile::TempDir,
    abi: PathBuf,
    out: PathBuf,
    cache: PathBuf,
}

fn scratch() -> Scratch {
    let dir = tempfile::tempdir().expect("temp dir");
    let abi = dir.path().join("abi");
    let out = dir.path().join("out");
    fs::create_dir(&abi).expect("mkdir abi");
    for entry in fs::read_dir(root().join("abi")).expect("read abi") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            fs::copy(&path, abi.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let cache = dir.path().join("cache");
    Scratch {
        _dir: dir,
        abi,
        out,
        cache,
    }
}

fn xtask(args: &[&str], s: &Scratch) -> Output {
    Command::new(XTASK)
        .args(args)
        .arg("--abi")
        .arg(&s.abi)
        .arg("--out")
        .arg(&s.out)
        .env("CCA_ABI_CACHE", &s.cache)
        .output()
        .expect("run xtask")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = fs::metadata(&p).expect("stat");
                out.push((
                    p.clone(),
                    fs::read(&p).expect("read"),
                    meta.modified().expect("mtime"),
                ));
            }
        }
    }
    out.sort();
    out
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn generate_then_check_passes() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let check = xtask(&["check"], &s);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn check_fails_with_a_diff_naming_the_file_and_passes_after_revert() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let rsi = s.abi.join("rsi.yaml");
    let original = fs::read_to_string(&rsi).expect("read");
    edit(
        &rsi,
        "name: RSI_ERROR_INPUT\n      value: 1\n",
        "name: RSI_ERROR_INPUT\n      value: 7\n",
    );

    let check = xtask(&["check"], &s);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(err.contains("changed: "), "{err}");
    assert!(err.contains("json/cca-abi.json"), "{err}");
    assert!(
        err.contains("--- a/json/cca-abi.json\n+++ b/json/cca-abi.json\n"),
        "{err}"
    );
    let changed = |sign: char, text: &str| {
        err.lines()
            .any(|l| l.starts_with(sign) && l[1..].trim() == text)
    };
    assert!(changed('-', "\"value\": 1,"), "{err}");
    assert!(changed('+', "\"value\": 7,"), "{err}");
    assert!(err.contains("run `cargo xtask generate --abi "), "{err}");

    fs::write(&rsi, original).expect("revert");
    assert!(xtask(&["check"], &s).status.success());
}

#[test]
fn check_lists_missing_and_extra_files() {
    let s = scratch();
    fs::create_dir_all(s.out.join("json")).expect("mkdir");
    fs::write(s.out.join("stale.h"), "/* stale */\n").expect("write");
    let check = xtask(&["check"], &s);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(
        err.contains("missing: ") && err.contains("cca-abi.json"),
        "{err}"
    );
    assert!(err.contains("extra: ") && err.contains("stale.h"), "{err}");
}

#[test]
fn bad_input_reports_every_error_and_leaves_out_byte_identical() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let before = snapshot(&s.out);

    let rsi = s.abi.join("rsi.yaml");
    edit(&rsi, "number: 0x191", "number: 0x190");
    edit(&rsi, "reg: X1,", "reg: X18,");
    let generated = xtask(&["generate"], &s);
    assert_eq!(generated.status.code(), Some(1));
    let err = stderr(&generated);
    assert!(
        err.contains("abi/rsi.yaml:")
            && err.contains(
                ": error: function number 0x190 of `RSI_FEATURES` is already used by `RSI_VERSION`"
            ),
        "{err}"
    );
    assert!(
        err.contains(": error: register X18 is outside the SMCCC 1.2 argument registers X0-X17"),
        "{err}"
    );
    assert!(err.contains(": error: fid 0xC4000191 does not match 0xC4000190, derived from owner 4, number 0x190 (fast, SMC64)"), "{err}");
    assert!(
        err.contains("error: 3 problems in the ABI description; nothing was written"),
        "{err}"
    );
    assert_eq!(snapshot(&s.out), before);
}

#[test]
fn generate_leaves_unchanged_files_untouched() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let before = snapshot(&s.out);
    std::thread::yield_now();
    let again = xtask(&["generate"], &s);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 written, "));
    assert_eq!(snapshot(&s.out), before);
}

#[test]
fn generate_removes_stale_generated_files_but_refuses_foreign_ones() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let stale = s.out.join("old.json");
    fs::write(
        &stale,
        "{\"generated\": {\"by\": \"cargo xtask generate\"}}\n",
    )
    .expect("write");
    assert!(xtask(&["generate"], &s).status.success());
    assert!(!stale.exists());

    let foreign = s.out.join("notes.txt");
    fs::write(&foreign, "mine\n").expect("write");
    let generated = xtask(&["generate"], &s);
    assert_eq!(generated.status.code(), Some(1));
    assert!(stderr(&generated).contains("notes.txt"));
    assert!(foreign.exists());
}

#[test]
fn model_json_is_the_generated_json() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let model = Command::new(XTASK)
        .args(["model", "--json", "--abi"])
        .arg(&s.abi)
        .output()
        .expect("run xtask");
    assert!(model.status.success());
    let file = fs::read(s.out.join("json/cca-abi.json")).expect("read");
    assert_eq!(model.stdout, file);
}

#[test]
fn generated_header_names_command_and_inputs_without_absolute_paths() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let text = fs::read_to_string(s.out.join("json/cca-abi.json")).expect("read");
    assert!(text.starts_with(
        "{\n  \"generated\": {\n    \"by\": \"cargo xtask generate\",\n    \"from\": [\n      \"abi/rhi.yaml\",\n      \"abi/rsi.yaml\"\n    ],"
    ));
    assert!(!text.contains(&*s.abi.to_string_lossy()));
}

#[test]
fn shipped_generated_directory_is_up_to_date() {
    let out = Command::new(XTASK)
        .arg("check")
        .output()
        .expect("run xtask");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_run_over_unchanged_inputs_and_outputs_skips_emitting() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let again = xtask(&["generate"], &s);
    assert!(
        stdout(&again).contains("0 written")
            && stdout(&again).contains("as the last run left them"),
        "{}",
        stdout(&again)
    );
    let check = xtask(&["check"], &s);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("up to date (as the last run left them)"),
        "{}",
        stdout(&check)
    );
    let full = xtask(&["check", "--no-cache"], &s);
    assert!(
        full.status.success() && !stdout(&full).contains("last run"),
        "{}",
        stdout(&full)
    );
}

#[test]
fn a_hand_edit_after_a_stamped_run_is_caught_and_repaired() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let header = s.out.join("json/cca-abi.json");
    let text = fs::read_to_string(&header).expect("read");
    fs::write(&header, text.replacen('1', "2", 1)).expect("write");
    let check = xtask(&["check"], &s);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("changed:") && stderr(&check).contains("json/cca-abi.json"),
        "{}",
        stderr(&check)
    );
    let again = xtask(&["generate"], &s);
    assert!(
        stdout(&again).starts_with("generate: 1 written"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn an_input_edit_after_a_stamped_run_regenerates() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    let rhi = s.abi.join("rhi.yaml");
    let text = fs::read_to_string(&rhi).expect("read");
    fs::write(&rhi, text.replacen("title: ", "title: The ", 1)).expect("write");
    let again = xtask(&["generate"], &s);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        !stdout(&again).contains("last run") && !stdout(&again).starts_with("generate: 0 written"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn an_extra_file_or_a_damaged_stamp_means_a_full_run() {
    let s = scratch();
    assert!(xtask(&["generate"], &s).status.success());
    fs::write(s.out.join("stray.txt"), "not ours\n").expect("write");
    let check = xtask(&["check"], &s);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("extra:") && stderr(&check).contains("stray.txt"),
        "{}",
        stderr(&check)
    );
    fs::remove_file(s.out.join("stray.txt")).expect("remove");
    for stamp in fs::read_dir(s.cache.join("stamps")).expect("stamps") {
        fs::write(stamp.expect("entry").path(), "garbage\n").expect("damage");
    }
    let again = xtask(&["check"], &s);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!stdout(&again).contains("last run"), "{}", stdout(&again));
}

#[test]
fn abi_diff_between_two_revisions_prints_the_report() {
    let out = Command::new(XTASK)
        .args(["abi-diff", "1.1-alp17", "2.0-bet0"])
        .output()
        .expect("run xtask");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# RSI: 1.1-alp17 → 2.0-bet0\n"), "{text}");
    assert!(
        text.contains("`RsiVdevInfo.state`: offset 0x38 → 0x40"),
        "{text}"
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn abi_diff_of_an_unknown_revision_fails() {
    let out = Command::new(XTASK)
        .args(["abi-diff", "1.1-alp17", "9.9-nope"])
        .output()
        .expect("run xtask");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: no interface declares both revisions `1.1-alp17` and `9.9-nope`"),
        "{err}"
    );
    assert!(
        err.contains("RSI: 1.0-rel0, 1.1-alp12, 1.1-alp17, 2.0-bet0"),
        "{err}"
    );
}

#[test]
fn abi_diff_against_git_head_reports_each_interface() {
    let out = Command::new(XTASK)
        .args(["abi-diff", "--git", "HEAD"])
        .output()
        .expect("run xtask");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("# RSI: HEAD 2.0-bet0 → current 2.0-bet0\n"),
        "{text}"
    );
    assert!(text.contains("# RHI: HEAD "), "{text}");
}

#[test]
fn profile_narrows_generate_and_check_to_one_profile() {
    let s = scratch();
    let one = xtask(&["generate", "--profile", "rhi-c"], &s);
    assert!(one.status.success(), "{}", stderr(&one));
    assert!(
        stdout(&one).contains("linux/rhi-c/ only"),
        "{}",
        stdout(&one)
    );
    let top: Vec<String> = fs::read_dir(&s.out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, ["linux"]);
    assert!(
        s.out
            .join("linux/rhi-c/2-definitions/arch/arm64/include/asm/rhi.h")
            .exists()
    );
    assert!(!s.out.join("linux/rsi-c").exists());
    assert!(xtask(&["check", "--profile", "rhi-c"], &s).status.success());
    // The whole check still sees everything the narrowed run left out.
    assert_eq!(xtask(&["check"], &s).status.code(), Some(1));
}

#[test]
fn an_unknown_profile_is_named_with_the_nearest() {
    let s = scratch();
    let o = xtask(&["generate", "--profile", "rsi-x"], &s);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: abi/outputs.yaml has no profile `rsi-x`; did you mean `rsi-c`? (its profiles are rsi-c, rhi-c)\n"
    );
    assert!(!s.out.exists(), "nothing written");
}

#[test]
fn inputs_are_named_abi_whatever_the_description_directory_is_called() {
    let s = scratch();
    let renamed = s.abi.with_file_name("abi-hsg");
    fs::rename(&s.abi, &renamed).expect("rename");
    let o = Command::new(XTASK)
        .args(["generate", "--profile", "rhi-c", "--abi"])
        .arg(&renamed)
        .arg("--out")
        .arg(&s.out)
        .env("CCA_ABI_CACHE", &s.cache)
        .output()
        .expect("run xtask");
    assert!(o.status.success(), "{}", stderr(&o));
    let h = fs::read_to_string(
        s.out
            .join("linux/rhi-c/2-definitions/arch/arm64/include/asm/rhi.h"),
    )
    .expect("read");
    assert!(
        h.contains("from abi/rhi.yaml, abi/rsi.yaml; do not edit."),
        "{h}"
    );
    assert!(!h.contains("abi-hsg"), "{h}");
}

#[test]
fn model_without_json_prints_a_summary() {
    let o = Command::new(XTASK)
        .arg("model")
        .output()
        .expect("run xtask");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("RSI - Realm Services Interface (abi/rsi.yaml)"),
        "{text}"
    );
    assert!(text.contains("0xC4000190  RSI_VERSION"), "{text}");
    assert!(
        text.contains("DEN0137 revisions: 1.0-rel0 (stable, reports 1.0)"),
        "{text}"
    );
}
