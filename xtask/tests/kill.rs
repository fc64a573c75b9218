//! `generate` killed at any point leaves every output file whole: the old
//! content or the new, never a part; the next run removes the temporary
//! files the killed one left and succeeds.
//!
//! Deterministic kill points are the write steps the library's writer
//! reports (three per written file: temporary file half written, fully
//! written and synced, renamed), every one of them in turn: this test binary
//! runs itself as a child that generates through the library with an
//! observer aborting the process at step n. Real SIGKILLs of the shipped
//! command at spaced delays follow.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use xtask::files::{Scope, WriteStep};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// The variables that make [`child_generates_until_its_kill_point`] a child
/// run: the step to abort at, the ABI directory and the output directory.
const CHILD_AT: &str = "XTASK_KILL_TEST_AT";
const CHILD_ABI: &str = "XTASK_KILL_TEST_ABI";
const CHILD_OUT: &str = "XTASK_KILL_TEST_OUT";

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    fs::read(&path).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn restore(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    let _ = fs::remove_dir_all(dir);
    for (rel, bytes) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, bytes).expect("write");
    }
}

fn generate(abi: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(XTASK);
    cmd.arg("generate")
        .arg("--no-cache")
        .arg("--abi")
        .arg(abi)
        .arg("--out")
        .arg(out);
    cmd
}

/// The files `generate` writes from the shipped ABI (new), and an older
/// generation of each (old: the same with a line more), so that every
/// file is rewritten.
struct Fixture {
    _dir: tempfile::TempDir,
    abi: PathBuf,
    out: PathBuf,
    old: BTreeMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let abi = dir.path().join("abi");
    fs::create_dir_all(&abi).expect("mkdir");
    for entry in fs::read_dir(root.join("abi")).expect("abi/") {
        let path = entry.expect("entry").path();
        fs::copy(&path, abi.join(path.file_name().expect("name"))).expect("copy");
    }
    let first = dir.path().join("first");
    assert!(generate(&abi, &first).status().expect("runs").success());
    let new = snapshot(&first);
    let old = new
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                [v.as_slice(), b"\n(an older generation)\n"].concat(),
            )
        })
        .collect();
    Fixture {
        out: dir.path().join("run"),
        _dir: dir,
        abi,
        old,
        new,
    }
}

/// After a killed run: every output file is old or new, whole; anything
/// else is a temporary file of the killed process.
fn assert_whole(f: &Fixture, when: &str) {
    for (rel, bytes) in snapshot(&f.out) {
        match f.new.get(&rel) {
            Some(new) => assert!(
                *new == bytes || f.old[&rel] == bytes,
                "{when}: {rel} is neither the old nor the new content"
            ),
            None => {
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                assert!(
                    name.starts_with('.') && name.contains(".tmp"),
                    "{when}: unexpected file {rel}"
                );
            }
        }
    }
}

/// The next run cleans up and leaves exactly the new files.
fn assert_recovers(f: &Fixture, when: &str) {
    let out = generate(&f.abi, &f.out).output().expect("runs");
    assert!(
        out.status.success(),
        "{when}: the next run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        snapshot(&f.out) == f.new,
        "{when}: the next run did not leave exactly the new files"
    );
}

/// In a child run (the variables set), `generate --no-cache` through the
/// library, aborting the process at the n-th write step; elsewhere nothing.
#[test]
fn child_generates_until_its_kill_point() {
    let (Ok(at), Some(abi), Some(out)) = (
        std::env::var(CHILD_AT),
        std::env::var_os(CHILD_ABI),
        std::env::var_os(CHILD_OUT),
    ) else {
        return;
    };
    let at: usize = at.parse().expect("a step number");
    let steps = Cell::new(0);
    let observe = |_: WriteStep| {
        steps.set(steps.get() + 1);
        if steps.get() == at {
            std::process::abort();
        }
    };
    let scope = Scope {
        profile: None,
        cache: false,
    };
    xtask::files::generate_observed(abi.as_ref(), out.as_ref(), &scope, 1, &observe)
        .expect("generates");
}

/// This test binary as a child run aborting at step `k`.
fn generate_killed_at(f: &Fixture, k: usize) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("the test binary"));
    cmd.args(["--exact", "child_generates_until_its_kill_point"])
        .args(["--nocapture", "--test-threads=1"])
        .env(CHILD_AT, k.to_string())
        .env(CHILD_ABI, &f.abi)
        .env(CHILD_OUT, &f.out);
    cmd
}

#[test]
fn generate_killed_at_every_write_step_leaves_whole_files() {
    let f = fixture();
    let mut points = 0;
    for k in 1.. {
        restore(&f.out, &f.old);
        let status = generate_killed_at(&f, k).output().expect("runs").status;
        if status.success() {
            break;
        }
        points += 1;
        let when = format!("killed at step {k}");
        assert_whole(&f, &when);
        assert_recovers(&f, &when);
    }
    assert_eq!(
        points,
        3 * f.new.len(),
        "three kill points per written file"
    );
    println!("{points} kill points, {} files written", f.new.len());
}

#[test]
fn generate_sigkilled_at_spaced_delays_leaves_whole_files() {
    let f = fixture();
    for delay_ms in [0, 1, 2, 5, 10, 20, 40, 80, 160, 320] {
        restore(&f.out, &f.old);
        let mut child = generate(&f.abi, &f.out)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("runs");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let when = format!("SIGKILL after {delay_ms} ms");
        assert_whole(&f, &when);
        assert_recovers(&f, &when);
    }
}
