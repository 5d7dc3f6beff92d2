# Shared environment for the project's scripts (sourced, not run).
# One cargo target dir outside the clone, so fresh clones reuse warm builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lst-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Tools the scripts install outside the clone (npm packages such as binaryen).
export LST_TOOLS="${LST_TOOLS:-$HOME/.cache/lst-tools}"
# Where scripts/build.sh puts the deployable Stylus wasm.
export STYLUS_WASM_DIR="${STYLUS_WASM_DIR:-$CARGO_TARGET_DIR/stylus-wasm}"
# The deployable Stylus contracts: crate name and wasm file stem.
STYLUS_CONTRACTS=(lst-rate-provider lst-cert-token lst-bond-token lst-avalanche-pool lst-polkadot-pool)
