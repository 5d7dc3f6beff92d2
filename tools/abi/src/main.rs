//! `lst-abi write` regenerates `abi/` from the Stylus contracts;
//! `lst-abi check` exits non-zero when the committed files are stale;
//! `lst-abi ink-parity [DIR]` exits non-zero when an ink! contract's ABI
//! (in DIR, default `$INK_ARTIFACTS_DIR`) differs from the committed one.

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(lst_abi::ABI_DIR);
    let result = match std::env::args().nth(1).as_deref() {
        Some("write") => lst_abi::write(&dir).map(|()| {
            println!("wrote {}", dir.display());
            true
        }),
        Some("check") => lst_abi::check(&dir).and_then(|stale| {
            for file in &stale {
                eprintln!("abi/{file} differs from the contracts: run `cargo run -p lst-abi -- write`");
            }
            let reference = dir.join("..").join(lst_abi::reference::REFERENCE);
            let fresh = std::fs::read_to_string(&reference).ok() == Some(lst_abi::reference::render(&dir)?);
            if !fresh {
                eprintln!("{} differs from abi/: run `cargo run -p lst-abi -- write`", lst_abi::reference::REFERENCE);
            }
            let package = lst_abi::check_package(&dir)?;
            for file in &package {
                eprintln!("{file} differs from abi/: run `cargo run -p lst-abi -- write`");
            }
            Ok(stale.is_empty() && fresh && package.is_empty())
        }),
        Some("ink-parity") => {
            match std::env::args()
                .nth(2)
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("INK_ARTIFACTS_DIR").map(PathBuf::from))
            {
                Some(artifacts) => lst_abi::parity::check(&dir, &artifacts).map(|(report, same)| {
                    for line in report {
                        println!("{line}");
                    }
                    same
                }),
                None => Err("ink-parity: give the ink! artifacts directory (or set INK_ARTIFACTS_DIR)".to_owned()),
            }
        }
        _ => Err("usage: lst-abi write|check|ink-parity [DIR]".to_owned()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("lst-abi: {e}");
            ExitCode::FAILURE
        }
    }
}
