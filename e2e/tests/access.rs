//! The committed access-control matrix (`docs/ACCESS_MATRIX.md`) is what
//! the contracts grant, on each platform: every state-changing function
//! called by every role ([`lst_e2e::access`]). A changed role check fails
//! here until the file is regenerated (`cargo run -p lst-e2e --bin
//! access-matrix`) and its diff reviewed.
#![allow(missing_docs, clippy::panic)]

use lst_devnode::InProcess;
use lst_e2e::access::Matrix;
use lst_revive_chain::InkChain;

const COMMITTED: &str = include_str!("../../docs/ACCESS_MATRIX.md");

fn assert_matches_the_committed_matrix(platform: &str, computed: lst_client::Result<Matrix>) {
    let computed = computed.unwrap_or_else(|e| panic!("{platform}: computing the matrix: {e}"));
    let committed = Matrix::parse(COMMITTED);
    assert!(!committed.rows.is_empty(), "docs/ACCESS_MATRIX.md has no rows");
    let diff = committed.diff(&computed);
    assert!(
        diff.is_empty(),
        "the {platform} contracts grant other access than docs/ACCESS_MATRIX.md (- committed, + {platform}):\n{}\n\
         regenerate with `cargo run -p lst-e2e --bin access-matrix` if the change is meant",
        diff.join("\n")
    );
}

#[test]
fn the_stylus_contracts_grant_exactly_the_committed_access_matrix() {
    let computed = InProcess::new(412_346).and_then(|mut chain| Matrix::compute(&mut chain, |c| c.fork()));
    assert_matches_the_committed_matrix("Stylus", computed);
}

#[test]
fn the_ink_contracts_grant_exactly_the_committed_access_matrix() {
    let computed = InkChain::new(412_346).and_then(|mut chain| Matrix::compute(&mut chain, |c| c.fork()));
    assert_matches_the_committed_matrix("ink!", computed);
}

#[test]
fn the_committed_matrix_reads_back_as_it_was_written() {
    let committed = Matrix::parse(COMMITTED);
    assert_eq!(Matrix::parse(&committed.render()), committed);
}
