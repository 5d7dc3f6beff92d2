//! The development accounts of the local chains: ten keys, each account
//! funded with [`DEV_BALANCE`] at genesis on the Stylus devnode and the
//! in-process pallet-revive chain. Never use them on a public network: the
//! keys are derived from public strings.

use alloy::{
    primitives::{keccak256, Address, B256, U256},
    signers::local::PrivateKeySigner,
};

/// What each dev account holds at start: 10,000 ETH.
pub const DEV_BALANCE: U256 = U256::from_limbs([0x19e0_c9ba_b240_0000, 0x21e, 0, 0]);

/// The nitro-devnode's pre-funded development key (published in
/// OffchainLabs' nitro-devnode and the Stylus quickstart), so a tutorial's
/// commands work against the local node as they are written.
pub const NITRO_DEVNODE_KEY: B256 =
    alloy::primitives::b256!("b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659");

/// The dev accounts' private keys: account 0 is the nitro-devnode's
/// ([`NITRO_DEVNODE_KEY`]), the other nine `keccak256("lst-devnode-<i>")`.
pub fn dev_keys() -> Vec<B256> {
    std::iter::once(NITRO_DEVNODE_KEY).chain((1..10).map(|i| keccak256(format!("lst-devnode-{i}")))).collect()
}

/// The address of private key `key`; `None` when `key` is not a valid
/// secp256k1 secret key.
pub fn address_of(key: B256) -> Option<Address> {
    PrivateKeySigner::from_bytes(&key).ok().map(|signer| signer.address())
}

/// The dev accounts' addresses, in the order of [`dev_keys`].
pub fn dev_accounts() -> Vec<Address> {
    dev_keys().into_iter().filter_map(address_of).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_balance_is_ten_thousand_ether() {
        assert_eq!(DEV_BALANCE, U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18u64)));
    }

    #[test]
    fn account_zero_is_the_nitro_devnodes_prefunded_account() {
        let expected: Address = alloy::primitives::address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
        assert_eq!(dev_accounts()[0], expected);
    }

    #[test]
    fn every_dev_key_has_a_distinct_account() {
        let accounts = dev_accounts();
        assert_eq!(accounts.len(), dev_keys().len());
        let mut unique = accounts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), accounts.len());
    }

    #[test]
    fn the_zero_key_has_no_account() {
        assert_eq!(address_of(B256::ZERO), None);
    }
}
