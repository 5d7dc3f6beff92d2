//! motsu tests of ankrAVAX with a real feed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use motsu::prelude::*;

#[motsu::test]
fn debug_burn(cert: Contract<CertToken>, admin: Address, pool: Address, alice: Address, feed: Address) {
    assert!(!cert.sender(admin).paused(), "fresh");
    cert.sender(admin).constructor(admin, feed).unwrap();
    assert!(!cert.sender(admin).paused(), "after constructor");
    cert.sender(admin).set_pool(pool).unwrap();
    assert!(!cert.sender(admin).paused());
    cert.sender(pool).mint(alice, U256::from(10)).unwrap();
    assert!(!cert.sender(admin).paused());
    cert.sender(pool).burn(alice, U256::from(4)).unwrap();
}
