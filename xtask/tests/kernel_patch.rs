//! `cargo xtask kernel-patch` on the fixture tree: the series applies with
//! `git am`, is byte-stable, and a missing or ambiguous anchor or a missing
//! identity is a clear error that writes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");
const WHO: &str = "A U Thor <author@example.com>";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// git with no user or system configuration and a fixed identity and date.
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Fixture")
        .env("GIT_AUTHOR_EMAIL", "fixture@example.com")
        .env("GIT_COMMITTER_NAME", "Fixture")
        .env("GIT_COMMITTER_EMAIL", "fixture@example.com")
        .env("GIT_AUTHOR_DATE", "2026-05-01T00:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-05-01T00:00:00+00:00")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for e in fs::read_dir(from).expect("read fixture") {
        let p = e.expect("entry").path();
        let dest = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
            copy_tree(&p, &dest);
        } else {
            fs::copy(&p, &dest).expect("copy");
        }
    }
}

/// The fixture tree in a fresh repository, after `edit` of its files.
fn fixture(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let arch = dir.path().join("arch");
    fs::create_dir_all(&arch).expect("mkdir");
    copy_tree(&root().join("xtask/kernel/fixture/arch"), &arch);
    edit(dir.path());
    git(dir.path(), &["init", "-q", "-b", "master"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    dir
}

fn kernel_patch(tree: &Path, profile: &str, out: &Path, signoff: Option<&str>) -> Output {
    let mut cmd = Command::new(XTASK);
    cmd.args(["kernel-patch", "--profile", profile, "--tree"])
        .arg(tree)
        .arg("--out")
        .arg(out)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    if let Some(s) = signoff {
        cmd.args(["--signoff", s]);
    }
    cmd.output().expect("run xtask")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn patches(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read series")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_profile_gives_a_series_git_am_applies() {
    for profile in ["rsi-c", "rhi-c"] {
        let tree = fixture(|_| {});
        let out = tree.path().join("series");
        let o = kernel_patch(tree.path(), profile, &out, Some(WHO));
        assert!(o.status.success(), "{profile}: {}", stderr(&o));
        let names = patches(&out);
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(names[0], "0000-cover-letter.patch");
        let files: Vec<String> = names[1..]
            .iter()
            .map(|n| out.join(n).to_string_lossy().into_owned())
            .collect();
        let mut args = vec!["am"];
        args.extend(files.iter().map(String::as_str));
        git(tree.path(), &args);
        let log = git(tree.path(), &["log", "--format=%an <%ae>|%s", "-3"]);
        let log = String::from_utf8_lossy(&log.stdout).into_owned();
        assert_eq!(log.lines().count(), 3);
        assert!(log.lines().all(|l| l.starts_with(WHO)), "{log}");
        let text = fs::read_to_string(out.join(&names[3])).expect("read");
        assert!(text.contains(&format!("Signed-off-by: {WHO}")));
    }
}

#[test]
fn rsi_c_adds_no_file_and_rhi_c_adds_rhi_c_and_rhi_h() {
    for (profile, added) in [
        ("rsi-c", vec![]),
        (
            "rhi-c",
            vec!["arch/arm64/include/asm/rhi.h", "arch/arm64/kernel/rhi.c"],
        ),
    ] {
        let tree = fixture(|_| {});
        let out = tree.path().join("series");
        assert!(
            kernel_patch(tree.path(), profile, &out, Some(WHO))
                .status
                .success()
        );
        let mut new = Vec::new();
        for n in &patches(&out)[1..] {
            let text = fs::read_to_string(out.join(n)).expect("read");
            new.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("+++ b/"))
                    .filter(|p| text.contains(&format!("--- /dev/null\n+++ b/{p}")))
                    .map(str::to_string),
            );
        }
        new.sort();
        assert_eq!(new, added, "{profile}");
    }
}

#[test]
fn same_tree_same_bytes() {
    let tree = fixture(|_| {});
    let (a, b) = (tree.path().join("a"), tree.path().join("b"));
    assert!(
        kernel_patch(tree.path(), "rsi-c", &a, Some(WHO))
            .status
            .success()
    );
    assert!(
        kernel_patch(tree.path(), "rsi-c", &b, Some(WHO))
            .status
            .success()
    );
    for n in patches(&a) {
        assert_eq!(
            fs::read(a.join(&n)).expect("read"),
            fs::read(b.join(&n)).expect("read"),
            "{n}"
        );
    }
}

#[test]
fn a_missing_anchor_names_file_and_anchor_and_writes_nothing() {
    let tree = fixture(|d| {
        let rsi = d.join("arch/arm64/kernel/rsi.c");
        let text = fs::read_to_string(&rsi).expect("read");
        fs::write(
            &rsi,
            text.replace("static struct realm_config config;\n", ""),
        )
        .expect("write");
    });
    let out = tree.path().join("series");
    let o = kernel_patch(tree.path(), "rsi-c", &out, Some(WHO));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("arch/arm64/kernel/rsi.c: error: anchor `static struct realm_config config;` not found (it places `query_variable`)"),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_ambiguous_anchor_names_every_line() {
    let tree = fixture(|d| {
        let rsi = d.join("arch/arm64/kernel/rsi.c");
        let text = fs::read_to_string(&rsi).expect("read");
        let twice = "#include <asm/rsi.h>\n#include <asm/rsi.h>\n";
        fs::write(&rsi, text.replace("#include <asm/rsi.h>\n", twice)).expect("write");
    });
    let out = tree.path().join("series");
    let o = kernel_patch(tree.path(), "rhi-c", &out, Some(WHO));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("arch/arm64/kernel/rsi.c: error: anchor `#include <asm/rsi.h>` is ambiguous: lines 14, 15 all match"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn no_identity_is_an_error() {
    let tree = fixture(|_| {});
    let out = tree.path().join("series");
    let o = kernel_patch(tree.path(), "rsi-c", &out, None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("pass --signoff 'Name <email>'"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    let o = kernel_patch(tree.path(), "rsi-c", &out, Some("no email"));
    assert!(stderr(&o).contains("error: `no email` is not `Name <email>`"));
}

#[test]
fn an_unknown_profile_lists_the_profiles() {
    let tree = fixture(|_| {});
    let o = kernel_patch(tree.path(), "posted", &tree.path().join("s"), Some(WHO));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: unknown profile `posted`; the profiles are rsi-c, rhi-c"));
}
