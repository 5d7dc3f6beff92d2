//! The binary's logs follow `RUST_LOG` and `--log-format` (checked on a
//! run that logs its start and then fails: no deployment to read).
#![allow(clippy::unwrap_used, missing_docs)]

use std::process::Command;

/// stdout of `lst-backend keeper` in an empty root, with `env` set.
fn run(env: &[(&str, &str)]) -> String {
    let root = std::env::temp_dir().join(format!("lst-backend-logging-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lst-backend"));
    cmd.args(["--root", root.to_str().unwrap(), "keeper", "--network", "nowhere"]);
    cmd.env_remove("RUST_LOG").env_remove("LST_LOG_FORMAT");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "there is no deployment to run against");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn debug_lines_are_logged_only_when_rust_log_asks_for_them() {
    assert!(!run(&[]).contains("lst-backend starting"), "the default level is info");
    assert!(!run(&[("RUST_LOG", "warn")]).contains("lst-backend starting"));
    assert!(run(&[("RUST_LOG", "debug")]).contains("lst-backend starting"));
}

#[test]
fn json_format_writes_one_object_per_line() {
    let out = run(&[("RUST_LOG", "debug"), ("LST_LOG_FORMAT", "json")]);
    let line = out.lines().find(|l| l.contains("lst-backend starting")).unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["level"], "DEBUG");
    assert_eq!(v["fields"]["message"], "lst-backend starting");
}
