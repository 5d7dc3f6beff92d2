//! The contracts' builds, as `scripts/build.sh` leaves them: Stylus wasm in
//! `$STYLUS_WASM_DIR`, ink! `.polkavm` blobs in `$INK_ARTIFACTS_DIR` (each
//! defaulting to `$HOME/.cache/lst-target/...`). A missing build is an
//! error that says which command makes it.

use crate::{ChainFailure, Result};
use std::path::PathBuf;

/// The directory `var` names, or `$HOME/.cache/lst-target/<default>`.
fn artifact_dir(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/lst-target").join(default)
    })
}

/// The `.polkavm` blob of `contract` (e.g. `lst_ink_rate_provider`) as
/// built by `scripts/build.sh --ink` into `$INK_ARTIFACTS_DIR`.
pub fn ink_code(contract: &str) -> Result<Vec<u8>> {
    let path = artifact_dir("INK_ARTIFACTS_DIR", "ink-artifacts").join(contract).join(format!("{contract}.polkavm"));
    std::fs::read(&path)
        .map_err(|e| ChainFailure(format!("{}: {e} (run scripts/build.sh --ink first)", path.display())))
}

/// The deployable wasm of `contract` (e.g. `lst_avalanche_pool`) as built
/// by `scripts/build.sh --stylus` into `$STYLUS_WASM_DIR`.
pub fn stylus_wasm(contract: &str) -> Result<Vec<u8>> {
    let path = artifact_dir("STYLUS_WASM_DIR", "stylus-wasm").join(format!("{contract}.wasm"));
    std::fs::read(&path)
        .map_err(|e| ChainFailure(format!("{}: {e} (run scripts/build.sh --stylus first)", path.display())))
}

/// [`stylus_wasm`] compressed into Stylus code.
pub fn stylus_code(contract: &str) -> Result<Vec<u8>> {
    Ok(crate::stylus::code(&stylus_wasm(contract)?))
}
