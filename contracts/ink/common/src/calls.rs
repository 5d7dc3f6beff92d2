//! Solidity-ABI calls to the suite's other contracts. A callee's revert is
//! passed through unchanged ([`Error::Revert`]); an answer that does not
//! decode is `CallReturnMalformed`.
//!
//! ink!'s off-chain test environment cannot run Solidity-ABI calls (its
//! `return_value_solidity` is unimplemented), so under `std` (the unit
//! tests) each call is answered by [`crate::testing::feed`], a stand-in the
//! tests configure. The real calls run in the local-chain scenarios.

use crate::Result;
#[cfg(not(feature = "std"))]
use crate::{Env, Error};
#[cfg(not(feature = "std"))]
use ink::env::call::{build_call_sol, ExecutionInput, Selector};
use ink::{Address, U256};

/// The 4-byte selector of a Solidity signature, at compile time.
#[macro_export]
macro_rules! selector {
    ($signature:literal) => {
        const { ink::codegen::sol::selector_bytes($signature) }
    };
}

/// Maps the three layers of an ink call result to the suite's errors.
#[cfg(not(feature = "std"))]
fn settle<T>(result: ink::env::Result<ink::MessageResult<core::result::Result<T, Error>>>) -> Result<T> {
    match result {
        Ok(Ok(answer)) => answer,
        Ok(Err(_)) => Err(Error::CallReturnMalformed {}),
        Err(ink::env::Error::ReturnError(_)) => Err(Error::Revert(ink::prelude::vec::Vec::new())),
        Err(_) => Err(Error::CallReturnMalformed {}),
    }
}

/// `feed.getRatioFor(token)`: the token's ratio (1e18 fixed point).
#[cfg(feature = "std")]
pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
    crate::testing::feed::get_ratio_for(feed, token)
}

/// `feed.getRatioFor(token)`: the token's ratio (1e18 fixed point).
#[cfg(not(feature = "std"))]
pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
    settle(
        build_call_sol::<Env>()
            .call(feed)
            .exec_input(ExecutionInput::new(Selector::new(selector!("getRatioFor(address)"))).push_arg(token))
            .returns::<core::result::Result<U256, Error>>()
            .try_invoke(),
    )
}

/// `bond.ratio()`: the ratio the bond token's balances use.
#[cfg(feature = "std")]
pub fn bond_ratio(bond: Address) -> Result<U256> {
    crate::testing::tokens::ratio(bond)
}

/// `bond.ratio()`: the ratio the bond token's balances use.
#[cfg(not(feature = "std"))]
pub fn bond_ratio(bond: Address) -> Result<U256> {
    settle(
        build_call_sol::<Env>()
            .call(bond)
            .exec_input(ExecutionInput::new(Selector::new(selector!("ratio()"))))
            .returns::<core::result::Result<U256, Error>>()
            .try_invoke(),
    )
}

/// `token.<signature>(account, amount)` for the pools' mint and burn calls
/// (`mintShares`, `burnShares`, `mint`, `burn`).
#[cfg(feature = "std")]
fn account_amount_call(token: Address, selector: [u8; 4], account: Address, amount: U256) -> Result<()> {
    crate::testing::tokens::call(token, selector, account, amount)
}

/// `token.<signature>(account, amount)` for the pools' mint and burn calls
/// (`mintShares`, `burnShares`, `mint`, `burn`).
#[cfg(not(feature = "std"))]
fn account_amount_call(token: Address, selector: [u8; 4], account: Address, amount: U256) -> Result<()> {
    settle(
        build_call_sol::<Env>()
            .call(token)
            .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(account).push_arg(amount))
            .returns::<core::result::Result<(), Error>>()
            .try_invoke(),
    )
}

/// `bond.mintShares(to, shares)`.
pub fn mint_shares(bond: Address, to: Address, shares: U256) -> Result<()> {
    account_amount_call(bond, MINT_SHARES, to, shares)
}

/// `bond.burnShares(from, shares)`.
pub fn burn_shares(bond: Address, from: Address, shares: U256) -> Result<()> {
    account_amount_call(bond, BURN_SHARES, from, shares)
}

/// `cert.mint(to, amount)`.
pub fn mint(cert: Address, to: Address, amount: U256) -> Result<()> {
    account_amount_call(cert, MINT, to, amount)
}

/// `cert.burn(from, amount)`.
pub fn burn(cert: Address, from: Address, amount: U256) -> Result<()> {
    account_amount_call(cert, BURN, from, amount)
}

/// `staking.stakePool(pool)`'s operator: who runs `pool`'s validator (the
/// call reverts with `StakePoolNotFound` for an account without a pool).
#[cfg(feature = "std")]
pub fn stake_pool_operator(staking: Address, pool: Address) -> Result<Address> {
    crate::testing::staking::operator(staking, pool)
}

/// `staking.stakePool(pool)`'s operator: who runs `pool`'s validator (the
/// call reverts with `StakePoolNotFound` for an account without a pool).
#[cfg(not(feature = "std"))]
pub fn stake_pool_operator(staking: Address, pool: Address) -> Result<Address> {
    settle(
        build_call_sol::<Env>()
            .call(staking)
            .exec_input(ExecutionInput::new(Selector::new(selector!("stakePool(address)"))).push_arg(pool))
            .returns::<core::result::Result<(u8, u64, Address, Address, U256), Error>>()
            .try_invoke(),
    )
    .map(|(_, _, operator, _, _)| operator)
}

/// `feed.updateRatio(token, newRatio)`.
#[cfg(feature = "std")]
pub fn update_ratio(feed: Address, token: Address, new_ratio: U256) -> Result<()> {
    crate::testing::feed::update_ratio(feed, token, new_ratio)
}

/// `feed.updateRatio(token, newRatio)`.
#[cfg(not(feature = "std"))]
pub fn update_ratio(feed: Address, token: Address, new_ratio: U256) -> Result<()> {
    settle(
        build_call_sol::<Env>()
            .call(feed)
            .exec_input(
                ExecutionInput::new(Selector::new(selector!("updateRatio(address,uint256)")))
                    .push_arg(token)
                    .push_arg(new_ratio),
            )
            .returns::<core::result::Result<(), Error>>()
            .try_invoke(),
    )
}

/// Sends `amount` of the native currency to `to`, giving the recipient at
/// most `ref_time` of computation (`None`: all that is left). Whether it
/// was accepted; a refusal changes nothing.
#[cfg(feature = "std")]
pub fn pay(to: Address, amount: U256, ref_time: Option<u64>) -> bool {
    let _ = ref_time;
    ink::env::transfer::<crate::Env>(to, amount).is_ok()
}

/// Sends `amount` of the native currency to `to`, giving the recipient at
/// most `ref_time` of computation (`None`: all that is left). Whether it
/// was accepted; a refusal changes nothing.
#[cfg(not(feature = "std"))]
pub fn pay(to: Address, amount: U256, ref_time: Option<u64>) -> bool {
    use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
    HostFnImpl::call(
        CallFlags::empty(),
        &to.0,
        ref_time.unwrap_or(u64::MAX),
        u64::MAX,
        &[u8::MAX; 32],
        &amount.to_little_endian(),
        &[],
        None,
    )
    .is_ok()
}

/// `mintShares(address,uint256)`.
pub const MINT_SHARES: [u8; 4] = selector!("mintShares(address,uint256)");
/// `burnShares(address,uint256)`.
pub const BURN_SHARES: [u8; 4] = selector!("burnShares(address,uint256)");
/// `mint(address,uint256)`.
pub const MINT: [u8; 4] = selector!("mint(address,uint256)");
/// `burn(address,uint256)`.
pub const BURN: [u8; 4] = selector!("burn(address,uint256)");

#[cfg(test)]
mod tests {
    #[test]
    fn selectors_are_keccak_of_the_signature() {
        // cast sig "getRatioFor(address)"
        assert_eq!(selector!("getRatioFor(address)"), [0xa1, 0xf1, 0xd4, 0x8d]);
        // cast sig "mint(address,uint256)"
        assert_eq!(super::MINT, [0x40, 0xc1, 0x0f, 0x19]);
    }
}
