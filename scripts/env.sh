# Shared environment for the project's scripts (sourced, not run).
# One cargo target dir outside the clone, so fresh clones reuse warm builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lst-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
