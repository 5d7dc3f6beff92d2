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

/// Sends `amount` to `to` with the calldata `input` (all computation left):
/// whether it was accepted. The staking side pays with
/// [`STAKING_PAYMENT`], which an account ignores and a contract takes in its
/// payable `onStakingPayment()`: ink! contracts cannot take a call without
/// a selector.
#[cfg(feature = "std")]
pub fn pay_with(to: Address, amount: U256, input: &[u8]) -> bool {
    let _ = input;
    ink::env::transfer::<crate::Env>(to, amount).is_ok()
}

/// Sends `amount` to `to` with the calldata `input` (all computation left):
/// whether it was accepted. The staking side pays with
/// [`STAKING_PAYMENT`], which an account ignores and a contract takes in its
/// payable `onStakingPayment()`: ink! contracts cannot take a call without
/// a selector.
#[cfg(not(feature = "std"))]
pub fn pay_with(to: Address, amount: U256, input: &[u8]) -> bool {
    use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
    HostFnImpl::call(
        CallFlags::empty(),
        &to.0,
        u64::MAX,
        u64::MAX,
        &[u8::MAX; 32],
        &amount.to_little_endian(),
        input,
        None,
    )
    .is_ok()
}

/// The balance of `account` (the test environment's under `std`).
#[cfg(feature = "std")]
pub fn balance_of(account: Address) -> U256 {
    ink::env::test::get_contract_balance::<crate::Env>(account).unwrap_or_default()
}

/// The balance of `account`.
#[cfg(not(feature = "std"))]
pub fn balance_of(account: Address) -> U256 {
    use pallet_revive_uapi::{HostFn, HostFnImpl};
    let mut out = [0u8; 32];
    HostFnImpl::balance_of(&account.0, &mut out);
    U256::from_little_endian(&out)
}

/// A view of `to` with no arguments, decoded as `T`.
#[cfg(not(feature = "std"))]
fn view<T: ink::SolDecode + ink::SolEncode<'static>>(to: Address, selector: [u8; 4]) -> Result<T> {
    settle(
        build_call_sol::<Env>()
            .call(to)
            .exec_input(ExecutionInput::new(Selector::new(selector)))
            .returns::<core::result::Result<T, Error>>()
            .try_invoke(),
    )
}

/// `feed.ratioPolicy()`'s threshold: the largest move one update may make,
/// in basis points.
#[cfg(feature = "std")]
pub fn threshold_bps(feed: Address) -> Result<u32> {
    crate::testing::feed::threshold_bps(feed)
}

/// `feed.ratioPolicy()`'s threshold: the largest move one update may make,
/// in basis points.
#[cfg(not(feature = "std"))]
pub fn threshold_bps(feed: Address) -> Result<u32> {
    view::<(u32, u64, u32)>(feed, selector!("ratioPolicy()")).map(|(threshold, _, _)| threshold)
}

/// The calls the AVAX delegator makes to `Staking`, which pays it back
/// through `onStakingPayment()`.
pub mod staking {
    use super::*;

    /// `getStake(pool)`: (active, inactive, pending_active, pending_inactive).
    #[cfg(feature = "std")]
    pub fn get_stake(staking: Address, pool: Address) -> Result<(U256, U256, U256, U256)> {
        crate::testing::staking::get_stake(staking, pool)
    }

    /// `getStake(pool)`: (active, inactive, pending_active, pending_inactive).
    #[cfg(not(feature = "std"))]
    pub fn get_stake(staking: Address, pool: Address) -> Result<(U256, U256, U256, U256)> {
        settle(
            build_call_sol::<Env>()
                .call(staking)
                .exec_input(ExecutionInput::new(Selector::new(selector!("getStake(address)"))).push_arg(pool))
                .returns::<core::result::Result<(U256, U256, U256, U256), Error>>()
                .try_invoke(),
        )
    }

    /// `stakePool(pool)`'s validator state and lockup end.
    #[cfg(feature = "std")]
    pub fn state_and_lockup(staking: Address, pool: Address) -> Result<(u8, u64)> {
        crate::testing::staking::state_and_lockup(staking, pool)
    }

    /// `stakePool(pool)`'s validator state and lockup end.
    #[cfg(not(feature = "std"))]
    pub fn state_and_lockup(staking: Address, pool: Address) -> Result<(u8, u64)> {
        settle(
            build_call_sol::<Env>()
                .call(staking)
                .exec_input(ExecutionInput::new(Selector::new(selector!("stakePool(address)"))).push_arg(pool))
                .returns::<core::result::Result<(u8, u64, Address, Address, U256), Error>>()
                .try_invoke(),
        )
        .map(|(state, locked_until, _, _, _)| (state, locked_until))
    }

    /// `initializeStakePool(operator, voter)` with `value` as the first stake.
    #[cfg(feature = "std")]
    pub fn initialize_stake_pool(staking: Address, value: U256, operator: Address, voter: Address) -> Result<()> {
        crate::testing::staking::initialize(staking, value, operator, voter)
    }

    /// `initializeStakePool(operator, voter)` with `value` as the first stake.
    #[cfg(not(feature = "std"))]
    pub fn initialize_stake_pool(staking: Address, value: U256, operator: Address, voter: Address) -> Result<()> {
        settle(
            build_call_sol::<Env>()
                .call(staking)
                .transferred_value(value)
                .exec_input(
                    ExecutionInput::new(Selector::new(selector!("initializeStakePool(address,address)")))
                        .push_arg(operator)
                        .push_arg(voter),
                )
                .returns::<core::result::Result<(), Error>>()
                .try_invoke(),
        )
    }

    /// `addStake()` with `value`.
    #[cfg(feature = "std")]
    pub fn add_stake(staking: Address, value: U256) -> Result<()> {
        crate::testing::staking::add_stake(staking, value)
    }

    /// `addStake()` with `value`.
    #[cfg(not(feature = "std"))]
    pub fn add_stake(staking: Address, value: U256) -> Result<()> {
        settle(
            build_call_sol::<Env>()
                .call(staking)
                .transferred_value(value)
                .exec_input(ExecutionInput::new(Selector::new(selector!("addStake()"))))
                .returns::<core::result::Result<(), Error>>()
                .try_invoke(),
        )
    }

    /// `unlock(amount)`.
    #[cfg(feature = "std")]
    pub fn unlock(staking: Address, amount: U256) -> Result<()> {
        crate::testing::staking::unlock(staking, amount)
    }

    /// `unlock(amount)`.
    #[cfg(not(feature = "std"))]
    pub fn unlock(staking: Address, amount: U256) -> Result<()> {
        settle(
            build_call_sol::<Env>()
                .call(staking)
                .exec_input(ExecutionInput::new(Selector::new(selector!("unlock(uint256)"))).push_arg(amount))
                .returns::<core::result::Result<(), Error>>()
                .try_invoke(),
        )
    }

    /// `withdraw(amount)`: `Staking` pays `amount` back at once, by calling
    /// this contract's `onStakingPayment()`, which pallet-revive allows only
    /// when this call lets the callee reenter (`ALLOW_REENTRY`).
    #[cfg(feature = "std")]
    pub fn withdraw(staking: Address, amount: U256) -> Result<()> {
        crate::testing::staking::withdraw(staking, amount)
    }

    /// `withdraw(amount)`: `Staking` pays `amount` back at once, by calling
    /// this contract's `onStakingPayment()`, which pallet-revive allows only
    /// when this call lets the callee reenter (`ALLOW_REENTRY`).
    #[cfg(not(feature = "std"))]
    pub fn withdraw(staking: Address, amount: U256) -> Result<()> {
        settle(
            build_call_sol::<Env>()
                .call(staking)
                .call_flags(ink::env::CallFlags::ALLOW_REENTRY)
                .exec_input(ExecutionInput::new(Selector::new(selector!("withdraw(uint256)"))).push_arg(amount))
                .returns::<core::result::Result<(), Error>>()
                .try_invoke(),
        )
    }
}

/// The calls the AVAX delegator makes to its pool.
pub mod avax_pool {
    use super::*;

    /// The pool's operator, accounted assets, shares, queue dues, fee and
    /// (feed, certificate token): what a measurement reads.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct PoolView {
        /// `operator()`.
        pub operator: Address,
        /// `totalPooledAvax()`.
        pub pooled_assets: U256,
        /// `totalShares()`.
        pub supply_shares: U256,
        /// `owedToQueue()`.
        pub owed_to_queue: U256,
        /// `feeBps()`.
        pub fee_bps: u32,
        /// `contracts()`' feed.
        pub feed: Address,
        /// `contracts()`' certificate token.
        pub cert: Address,
    }

    /// Reads the pool's [`PoolView`].
    #[cfg(feature = "std")]
    pub fn read(pool: Address) -> Result<PoolView> {
        crate::testing::avax_pool::read(pool)
    }

    /// Reads the pool's [`PoolView`].
    #[cfg(not(feature = "std"))]
    pub fn read(pool: Address) -> Result<PoolView> {
        let (feed, cert, _) = view::<(Address, Address, Address)>(pool, selector!("contracts()"))?;
        Ok(PoolView {
            operator: view(pool, selector!("operator()"))?,
            pooled_assets: view(pool, selector!("totalPooledAvax()"))?,
            supply_shares: view(pool, selector!("totalShares()"))?,
            owed_to_queue: view(pool, selector!("owedToQueue()"))?,
            fee_bps: view(pool, selector!("feeBps()"))?,
            feed,
            cert,
        })
    }

    /// `pool.reportRewards(rewards)`.
    #[cfg(feature = "std")]
    pub fn report_rewards(pool: Address, rewards: U256) -> Result<()> {
        crate::testing::avax_pool::report_rewards(pool, rewards)
    }

    /// `pool.reportRewards(rewards)`.
    #[cfg(not(feature = "std"))]
    pub fn report_rewards(pool: Address, rewards: U256) -> Result<()> {
        settle(
            build_call_sol::<Env>()
                .call(pool)
                .exec_input(ExecutionInput::new(Selector::new(selector!("reportRewards(uint256)"))).push_arg(rewards))
                .returns::<core::result::Result<(), Error>>()
                .try_invoke(),
        )
    }

    /// `pool.onStakingPayment()` with `value`: stake brought back.
    #[cfg(feature = "std")]
    pub fn pay(pool: Address, value: U256) -> Result<()> {
        crate::testing::avax_pool::pay(pool, value)
    }

    /// `pool.onStakingPayment()` with `value`: stake brought back.
    #[cfg(not(feature = "std"))]
    pub fn pay(pool: Address, value: U256) -> Result<()> {
        settle(
            build_call_sol::<Env>()
                .call(pool)
                .transferred_value(value)
                .exec_input(ExecutionInput::new(Selector::new(STAKING_PAYMENT)))
                .returns::<core::result::Result<(), Error>>()
                .try_invoke(),
        )
    }
}

/// `onStakingPayment()`: the calldata of a payment from the staking side.
pub const STAKING_PAYMENT: [u8; 4] = selector!("onStakingPayment()");
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
