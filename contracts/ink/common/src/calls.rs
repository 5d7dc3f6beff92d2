//! Solidity-ABI calls to the suite's other contracts, all through one
//! non-generic path, [`raw_call`]. A callee's revert is passed through
//! unchanged (`Error::Revert`, as on Stylus); an answer that does not
//! decode is `CallReturnMalformed`.
//!
//! ink!'s off-chain test environment cannot run Solidity-ABI calls (its
//! `return_value_solidity` is unimplemented), so under `std` (the unit
//! tests) each call is answered by [`crate::testing::feed`], a stand-in the
//! tests configure. The real calls run in the local-chain scenarios.

#[cfg(not(feature = "std"))]
use crate::Error;
use crate::Result;
use ink::{Address, U256};

/// The 4-byte selector of a Solidity signature, at compile time.
#[macro_export]
macro_rules! selector {
    ($signature:literal) => {
        const { ink::codegen::sol::selector_bytes($signature) }
    };
}

/// `feed.getRatioFor(token)`: the token's ratio (1e18 fixed point).
#[cfg(feature = "std")]
pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
    crate::testing::feed::get_ratio_for(feed, token)
}

/// `feed.getRatioFor(token)`: the token's ratio (1e18 fixed point).
#[cfg(not(feature = "std"))]
pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
    let [ratio] = view_words::<1>(feed, selector!("getRatioFor(address)"), Some(token))?;
    Ok(ratio)
}

/// `bond.ratio()`: the ratio the bond token's balances use.
#[cfg(feature = "std")]
pub fn bond_ratio(bond: Address) -> Result<U256> {
    crate::testing::tokens::ratio(bond)
}

/// `bond.ratio()`: the ratio the bond token's balances use.
#[cfg(not(feature = "std"))]
pub fn bond_ratio(bond: Address) -> Result<U256> {
    let [ratio] = view_words::<1>(bond, selector!("ratio()"), None)?;
    Ok(ratio)
}

/// `bond.pool()`: the one account that may mint and burn it.
#[cfg(feature = "std")]
pub fn bond_pool(bond: Address) -> Result<Address> {
    crate::testing::tokens::pool(bond)
}

/// `bond.pool()`: the one account that may mint and burn it.
#[cfg(not(feature = "std"))]
pub fn bond_pool(bond: Address) -> Result<Address> {
    let [pool] = view_words::<1>(bond, selector!("pool()"), None)?;
    Ok(word_address(pool))
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
    let input = calldata(selector, &[address_word(account), amount.to_big_endian()]);
    raw_call(token, U256::zero(), pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
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
    let [_, _, operator] = view_words::<3>(staking, selector!("stakePool(address)"), Some(pool))?;
    Ok(word_address(operator))
}

/// `feed.updateRatio(token, newRatio)`.
#[cfg(feature = "std")]
pub fn update_ratio(feed: Address, token: Address, new_ratio: U256) -> Result<()> {
    crate::testing::feed::update_ratio(feed, token, new_ratio)
}

/// `feed.updateRatio(token, newRatio)`.
#[cfg(not(feature = "std"))]
pub fn update_ratio(feed: Address, token: Address, new_ratio: U256) -> Result<()> {
    let input = calldata(selector!("updateRatio(address,uint256)"), &[address_word(token), new_ratio.to_big_endian()]);
    raw_call(feed, U256::zero(), pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
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

/// Calls `to` with `value` and `input` (all computation left, `flags`):
/// its return data, or its revert data as [`Error::Revert`] (a trap or
/// exhausted resources: `CallReturnMalformed`). One non-generic path for
/// every call of the suite: ink!'s typed call builder instantiates its
/// encoder and decoder per call site (it cost the AVAX delegator about
/// 5 kB more than its 32 KiB budget), and maps a revert to empty data.
#[cfg(not(feature = "std"))]
pub fn raw_call(
    to: Address,
    value: U256,
    flags: pallet_revive_uapi::CallFlags,
    input: &[u8],
) -> Result<ink::prelude::vec::Vec<u8>> {
    use pallet_revive_uapi::{HostFn, HostFnImpl, ReturnErrorCode};
    let result =
        HostFnImpl::call(flags, &to.0, u64::MAX, u64::MAX, &[u8::MAX; 32], &value.to_little_endian(), input, None);
    let len = usize::try_from(HostFnImpl::return_data_size()).map_err(|_| Error::CallReturnMalformed {})?;
    let mut data = ink::prelude::vec![0u8; len];
    HostFnImpl::return_data_copy(&mut &mut data[..], 0);
    match result {
        Ok(()) => Ok(data),
        Err(ReturnErrorCode::CalleeReverted) => Err(Error::Revert(data)),
        Err(_) => Err(Error::CallReturnMalformed {}),
    }
}

/// Calldata: `selector` followed by the ABI words `args`.
#[cfg(not(feature = "std"))]
pub fn calldata(selector: [u8; 4], args: &[[u8; 32]]) -> ink::prelude::vec::Vec<u8> {
    let mut data = ink::prelude::vec::Vec::with_capacity(4 + 32 * args.len());
    data.extend_from_slice(&selector);
    for arg in args {
        data.extend_from_slice(arg);
    }
    data
}

/// `account` as an ABI word.
pub fn address_word(account: Address) -> [u8; 32] {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(account.as_bytes());
    word
}

/// The first `N` words of return data (`CallReturnMalformed` if shorter).
pub fn words<const N: usize>(data: &[u8]) -> Result<[U256; N]> {
    let mut out = [U256::zero(); N];
    for (i, word) in out.iter_mut().enumerate() {
        let bytes = data.get(i * 32..(i + 1) * 32).ok_or(crate::Error::CallReturnMalformed {})?;
        *word = U256::from_big_endian(bytes);
    }
    Ok(out)
}

/// An address in an ABI word.
pub fn word_address(word: U256) -> Address {
    let bytes = word.to_big_endian();
    Address::from_slice(&bytes[12..])
}

/// The first `N` words a view of `to` returns (no arguments, or `arg`).
#[cfg(not(feature = "std"))]
fn view_words<const N: usize>(to: Address, selector: [u8; 4], arg: Option<Address>) -> Result<[U256; N]> {
    let input = match arg {
        Some(a) => calldata(selector, &[address_word(a)]),
        None => calldata(selector, &[]),
    };
    words(&raw_call(to, U256::zero(), pallet_revive_uapi::CallFlags::READ_ONLY, &input)?)
}

/// `feed.ratioPolicy(token)`'s threshold: the largest move one update of
/// `token` may make, in basis points.
#[cfg(feature = "std")]
pub fn threshold_bps(feed: Address, token: Address) -> Result<u32> {
    crate::testing::feed::threshold_bps(feed, token)
}

/// `feed.ratioPolicy(token)`'s threshold: the largest move one update of
/// `token` may make, in basis points.
#[cfg(not(feature = "std"))]
pub fn threshold_bps(feed: Address, token: Address) -> Result<u32> {
    let [threshold] = view_words::<1>(feed, selector!("ratioPolicy(address)"), Some(token))?;
    Ok(threshold.low_u32())
}

/// `feed.getRatioFor(token)`, through [`raw_call`] (the delegator's path).
#[cfg(feature = "std")]
pub fn ratio_word(feed: Address, token: Address) -> Result<U256> {
    get_ratio_for(feed, token)
}

/// `feed.getRatioFor(token)`, through [`raw_call`] (the delegator's path).
#[cfg(not(feature = "std"))]
pub fn ratio_word(feed: Address, token: Address) -> Result<U256> {
    let [ratio] = view_words::<1>(feed, selector!("getRatioFor(address)"), Some(token))?;
    Ok(ratio)
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
        let [a, b, c, d] = view_words::<4>(staking, selector!("getStake(address)"), Some(pool))?;
        Ok((a, b, c, d))
    }

    /// `stakePool(pool)`'s validator state and lockup end.
    #[cfg(feature = "std")]
    pub fn state_and_lockup(staking: Address, pool: Address) -> Result<(u8, u64)> {
        crate::testing::staking::state_and_lockup(staking, pool)
    }

    /// `stakePool(pool)`'s validator state and lockup end.
    #[cfg(not(feature = "std"))]
    pub fn state_and_lockup(staking: Address, pool: Address) -> Result<(u8, u64)> {
        let [state, locked_until] = view_words::<2>(staking, selector!("stakePool(address)"), Some(pool))?;
        Ok((u8::try_from(state.low_u32()).unwrap_or(u8::MAX), locked_until.low_u64()))
    }

    /// `initializeStakePool(operator, voter)` with `value` as the first stake.
    #[cfg(feature = "std")]
    pub fn initialize_stake_pool(staking: Address, value: U256, operator: Address, voter: Address) -> Result<()> {
        crate::testing::staking::initialize(staking, value, operator, voter)
    }

    /// `initializeStakePool(operator, voter)` with `value` as the first stake.
    #[cfg(not(feature = "std"))]
    pub fn initialize_stake_pool(staking: Address, value: U256, operator: Address, voter: Address) -> Result<()> {
        let input =
            calldata(selector!("initializeStakePool(address,address)"), &[address_word(operator), address_word(voter)]);
        raw_call(staking, value, pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
    }

    /// `addStake()` with `value`.
    #[cfg(feature = "std")]
    pub fn add_stake(staking: Address, value: U256) -> Result<()> {
        crate::testing::staking::add_stake(staking, value)
    }

    /// `addStake()` with `value`.
    #[cfg(not(feature = "std"))]
    pub fn add_stake(staking: Address, value: U256) -> Result<()> {
        raw_call(staking, value, pallet_revive_uapi::CallFlags::empty(), &selector!("addStake()")).map(drop)
    }

    /// `unlock(amount)`.
    #[cfg(feature = "std")]
    pub fn unlock(staking: Address, amount: U256) -> Result<()> {
        crate::testing::staking::unlock(staking, amount)
    }

    /// `unlock(amount)`.
    #[cfg(not(feature = "std"))]
    pub fn unlock(staking: Address, amount: U256) -> Result<()> {
        let input = calldata(selector!("unlock(uint256)"), &[amount.to_big_endian()]);
        raw_call(staking, U256::zero(), pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
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
        let input = calldata(selector!("withdraw(uint256)"), &[amount.to_big_endian()]);
        raw_call(staking, U256::zero(), pallet_revive_uapi::CallFlags::ALLOW_REENTRY, &input).map(drop)
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
        let word = |selector: [u8; 4]| view_words::<1>(pool, selector, None).map(|[w]| w);
        let [feed, cert] = view_words::<2>(pool, selector!("contracts()"), None)?;
        Ok(PoolView {
            operator: word_address(word(selector!("operator()"))?),
            pooled_assets: word(selector!("totalPooledAvax()"))?,
            supply_shares: word(selector!("totalShares()"))?,
            owed_to_queue: word(selector!("owedToQueue()"))?,
            fee_bps: word(selector!("feeBps()"))?.low_u32(),
            feed: word_address(feed),
            cert: word_address(cert),
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
        let input = calldata(selector!("reportRewards(uint256)"), &[rewards.to_big_endian()]);
        raw_call(pool, U256::zero(), pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
    }

    /// `pool.onStakingPayment()` with `value`: stake brought back.
    #[cfg(feature = "std")]
    pub fn pay(pool: Address, value: U256) -> Result<()> {
        crate::testing::avax_pool::pay(pool, value)
    }

    /// `pool.onStakingPayment()` with `value`: stake brought back.
    #[cfg(not(feature = "std"))]
    pub fn pay(pool: Address, value: U256) -> Result<()> {
        raw_call(pool, value, pallet_revive_uapi::CallFlags::empty(), &STAKING_PAYMENT).map(drop)
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
    fn words_read_the_leading_abi_words_and_refuse_short_data() {
        let data = [[0u8; 31].as_slice(), &[7], &super::address_word(ink::Address::from([0x11; 20]))].concat();
        let [first, second] = super::words::<2>(&data).unwrap();
        assert_eq!(first, ink::U256::from(7));
        assert_eq!(super::word_address(second), ink::Address::from([0x11; 20]));
        assert_eq!(super::words::<3>(&data), Err(crate::Error::CallReturnMalformed {}));
    }

    #[test]
    fn selectors_are_keccak_of_the_signature() {
        // cast sig "getRatioFor(address)"
        assert_eq!(selector!("getRatioFor(address)"), [0xa1, 0xf1, 0xd4, 0x8d]);
        // cast sig "mint(address,uint256)"
        assert_eq!(super::MINT, [0x40, 0xc1, 0x0f, 0x19]);
    }
}
