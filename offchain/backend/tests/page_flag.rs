//! `lst-backend notary --page`: a directory that holds no built page is
//! refused by name before the notary starts.
#![allow(clippy::unwrap_used, missing_docs)]

use std::process::Command;

/// (success, stderr) of `lst-backend notary` in an empty root with `args`.
fn notary(args: &[&str]) -> (bool, String) {
    let root = std::env::temp_dir().join(format!("lst-backend-page-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lst-backend"))
        .args(["--root", root.to_str().unwrap(), "notary", "--network", "nowhere"])
        .args(args)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_page_directory_without_an_index_is_refused_before_the_notary_starts() {
    let empty = std::env::temp_dir().join(format!("lst-backend-no-page-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let (ok, err) = notary(&["--page", empty.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("no index.html there"), "{err}");
    assert!(!err.contains("deployment"), "refused before the manifest is read: {err}");
}

#[test]
fn a_page_rpc_url_without_a_page_is_refused() {
    let (ok, err) = notary(&["--page-rpc-url", "http://127.0.0.1:1"]);
    assert!(!ok);
    assert!(err.contains("--page"), "{err}");
}
