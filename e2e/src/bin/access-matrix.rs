//! `access-matrix`: computes the access-control matrix ([`lst_e2e::access`])
//! on the Stylus contracts in the in-process chain and writes it to
//! `docs/ACCESS_MATRIX.md`. `tests/access.rs` checks the file against
//! both platforms; run this after changing a role check, then review the
//! diff of the file.
#![allow(clippy::print_stdout)]

use lst_devnode::InProcess;
use lst_e2e::access::Matrix;

/// The committed matrix, beside the other docs.
const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/ACCESS_MATRIX.md");

fn main() {
    let result = InProcess::new(412_346).and_then(|mut chain| Matrix::compute(&mut chain, |c| c.fork()));
    match result {
        Ok(matrix) => {
            if let Err(e) = std::fs::write(PATH, matrix.render()) {
                eprintln!("access-matrix: writing {PATH}: {e}");
                std::process::exit(1);
            }
            println!(
                "access-matrix: {} functions × {} roles written to docs/ACCESS_MATRIX.md",
                matrix.rows.len(),
                lst_e2e::access::ROLES.len()
            );
        }
        Err(e) => {
            eprintln!("access-matrix: {e}");
            std::process::exit(1);
        }
    }
}
