# Shared environment for the project's scripts (sourced, not run).
# One cargo target dir outside the clone, so fresh clones reuse warm builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lst-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# No incremental caches: every fresh clone sits at a new path, so CI runs
# would each leave gigabytes of incremental state behind and reuse none.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Tools the scripts install outside the clone (npm packages such as binaryen).
export LST_TOOLS="${LST_TOOLS:-$HOME/.cache/lst-tools}"
# Where scripts/build.sh puts the deployable Stylus wasm.
export STYLUS_WASM_DIR="${STYLUS_WASM_DIR:-$CARGO_TARGET_DIR/stylus-wasm}"
# The deployable Stylus contracts: crate name and wasm file stem.
STYLUS_CONTRACTS=(lst-rate-provider lst-cert-token lst-bond-token lst-avalanche-pool lst-polkadot-pool)
# The ink! 6 contracts: directory under contracts/ink and ABI name.
INK_CONTRACTS=(rate-provider:RateProvider cert-token:CertToken bond-token:BondToken polkadot-pool:PolkadotPool avalanche-pool:AvalanchePool)
# cargo-contract (pinned in scripts/setup.sh) lives outside the clone too.
export CARGO_CONTRACT_ROOT="${CARGO_CONTRACT_ROOT:-$HOME/.cache/lst-tools/cargo-contract}"
export PATH="${CARGO_CONTRACT_ROOT}/bin:${PATH}"
# Where scripts/build.sh puts the ink! artifacts (.polkavm, .abi, .json).
export INK_ARTIFACTS_DIR="${INK_ARTIFACTS_DIR:-$CARGO_TARGET_DIR/ink-artifacts}"
# The ink! workspace builds with its own target dir: its `ink_abi` cfg
# (contracts/ink/.cargo/config.toml) would otherwise invalidate the shared
# dependencies of the Stylus workspace on every switch.
export INK_TARGET_DIR="${INK_TARGET_DIR:-$CARGO_TARGET_DIR/ink}"
