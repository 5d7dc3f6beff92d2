//! `lst-abi write` regenerates `abi/` from the Stylus contracts;
//! `lst-abi check` exits non-zero when the committed files are stale.

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(lst_abi::ABI_DIR);
    let result = match std::env::args().nth(1).as_deref() {
        Some("write") => lst_abi::write(&dir).map(|()| {
            println!("wrote {}", dir.display());
            true
        }),
        Some("check") => lst_abi::check(&dir).map(|stale| {
            for file in &stale {
                eprintln!("abi/{file} differs from the contracts: run `cargo run -p lst-abi -- write`");
            }
            stale.is_empty()
        }),
        _ => Err("usage: lst-abi write|check".to_owned()),
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
