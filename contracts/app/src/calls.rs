//! The calls the suite's contracts make to each other, each encoded and
//! decoded once. A callee's revert passes on unchanged
//! ([`Error::Revert`]); an answer too short for its words is
//! `CallReturnMalformed`. Narrow answers (a `uint8` state, a `uint32` fee)
//! saturate, as the callee never sends a wider value.

use crate::abi::{address, selector, words, Call, Word};
use crate::{Address, Error, Host, Result, U256};
use alloc::vec::Vec;

/// Makes `call`, passing a revert on.
fn call<H: Host + ?Sized>(host: &mut H, call: &Call) -> Result<Vec<u8>> {
    host.call(call).map_err(Error::Revert)
}

/// Reads `N` words from `to` with `input`, passing a revert on.
fn view<H: Host + ?Sized, const N: usize>(host: &H, to: Address, input: &[u8]) -> Result<[U256; N]> {
    words(&host.view(to, input).map_err(Error::Revert)?)
}

/// Calldata of `selector` with one address argument.
fn with_address(selector: [u8; 4], account: Address) -> Vec<u8> {
    let mut input = Vec::from(selector);
    input.extend_from_slice(&account.word());
    input
}

/// The validator staking contract (`Staking`).
pub mod staking {
    use super::*;
    use lst_core::validator::{JoiningPower, StakePool, StakingConfig, ValidatorState};

    /// `getStake(pool)`: (active, inactive, pending_active, pending_inactive).
    pub fn get_stake<H: Host + ?Sized>(host: &H, staking: Address, pool: Address) -> Result<[U256; 4]> {
        view(host, staking, &with_address(const { selector("getStake(address)") }, pool))
    }

    /// `stakePool(pool)`'s first words: (validator state, lockup end,
    /// operator).
    pub fn state_lockup_operator<H: Host + ?Sized>(
        host: &H,
        staking: Address,
        pool: Address,
    ) -> Result<(u8, u64, Address)> {
        let [state, locked_until, operator] =
            view(host, staking, &with_address(const { selector("stakePool(address)") }, pool))?;
        Ok((state.saturating_to(), locked_until.saturating_to(), address(operator)))
    }

    /// `pool`'s stake pool as `getStake(pool)` and `stakePool(pool)`
    /// describe it: its buckets, state and lockup. `Staking` answers a
    /// valid state code; anything else counts as in the set, so nothing
    /// unlocking becomes withdrawable early.
    pub fn read_pool<H: Host + ?Sized>(host: &H, staking: Address, pool: Address) -> Result<StakePool> {
        let [active, inactive, pending_active, pending_inactive] = get_stake(host, staking, pool)?;
        let (state, locked_until_secs, _) = state_lockup_operator(host, staking, pool)?;
        Ok(StakePool {
            active,
            inactive,
            pending_active,
            pending_inactive,
            locked_until_secs,
            state: ValidatorState::from_code(state).unwrap_or(ValidatorState::Active),
            ..StakePool::default()
        })
    }

    /// The set's voting power this epoch and what joined it since it began
    /// (`epochInfo()`'s fifth and sixth words).
    pub fn joining_power<H: Host + ?Sized>(host: &H, staking: Address) -> Result<JoiningPower> {
        let [_, _, _, _, total_voting_power, joining] = view(host, staking, &const { selector("epochInfo()") })?;
        Ok(JoiningPower { total_voting_power, joining })
    }

    /// The configuration `stakingConfig()` answers.
    pub fn config<H: Host + ?Sized>(host: &H, staking: Address) -> Result<StakingConfig> {
        let [min, max, lockup, rate, denominator, epoch, size, limit, cap, floor] =
            view(host, staking, &const { selector("stakingConfig()") })?;
        Ok(StakingConfig {
            minimum_stake: min,
            maximum_stake: max,
            recurring_lockup_secs: lockup.saturating_to(),
            rewards_rate: rate,
            rewards_rate_denominator: denominator,
            epoch_duration_secs: epoch.saturating_to(),
            max_validator_set_size: size.saturating_to(),
            voting_power_increase_limit_bps: limit.saturating_to(),
            max_commission_bps: cap.saturating_to(),
            performance_floor_bps: floor.saturating_to(),
        })
    }

    /// `epochInfo()`'s first word: the current epoch.
    pub fn epoch<H: Host + ?Sized>(host: &H, staking: Address) -> Result<u64> {
        let [epoch] = view(host, staking, &const { selector("epochInfo()") })?;
        Ok(epoch.saturating_to())
    }

    /// `initializeStakePool(operator, voter)` with `value` as the first stake.
    pub fn initialize_stake_pool<H: Host + ?Sized>(
        host: &mut H,
        staking: Address,
        value: U256,
        operator: Address,
        voter: Address,
    ) -> Result<()> {
        let c =
            Call::new(staking, const { selector("initializeStakePool(address,address)") }).arg(&operator).arg(&voter);
        call(host, &c.with_value(value)).map(drop)
    }

    /// `addStake()` with `value`.
    pub fn add_stake<H: Host + ?Sized>(host: &mut H, staking: Address, value: U256) -> Result<()> {
        call(host, &Call::new(staking, const { selector("addStake()") }).with_value(value)).map(drop)
    }

    /// `unlock(amount)`.
    pub fn unlock<H: Host + ?Sized>(host: &mut H, staking: Address, amount: U256) -> Result<()> {
        call(host, &Call::new(staking, const { selector("unlock(uint256)") }).arg(&amount)).map(drop)
    }

    /// `withdraw(amount)`: `Staking` pays `amount` back to the caller's
    /// `onStakingPayment()`, a call back into it while this one runs.
    pub fn withdraw<H: Host + ?Sized>(host: &mut H, staking: Address, amount: U256) -> Result<()> {
        call(host, &Call::new(staking, const { selector("withdraw(uint256)") }).arg(&amount).reentrant()).map(drop)
    }
}

/// The AVAX pool (`AvalanchePool`), as its delegator uses it.
pub mod avalanche_pool {
    use super::*;

    fn word<H: Host + ?Sized>(host: &H, pool: Address, signature: [u8; 4]) -> Result<U256> {
        let [value] = view(host, pool, &signature)?;
        Ok(value)
    }

    /// `owner()`.
    pub fn owner<H: Host + ?Sized>(host: &H, pool: Address) -> Result<Address> {
        Ok(address(word(host, pool, const { selector("owner()") })?))
    }

    /// `operator()`.
    pub fn operator<H: Host + ?Sized>(host: &H, pool: Address) -> Result<Address> {
        Ok(address(word(host, pool, const { selector("operator()") })?))
    }

    /// The pool's ledger: (`totalPooledAvax()`, `totalShares()`).
    pub fn ledger<H: Host + ?Sized>(host: &H, pool: Address) -> Result<(U256, U256)> {
        Ok((
            word(host, pool, const { selector("totalPooledAvax()") })?,
            word(host, pool, const { selector("totalShares()") })?,
        ))
    }

    /// `owedToQueue()`.
    pub fn owed_to_queue<H: Host + ?Sized>(host: &H, pool: Address) -> Result<U256> {
        word(host, pool, const { selector("owedToQueue()") })
    }

    /// `feeBps()`.
    pub fn fee_bps<H: Host + ?Sized>(host: &H, pool: Address) -> Result<u32> {
        Ok(word(host, pool, const { selector("feeBps()") })?.saturating_to())
    }

    /// `contracts()`' first words: (feed, certificate token).
    pub fn feed_and_cert<H: Host + ?Sized>(host: &H, pool: Address) -> Result<(Address, Address)> {
        let [feed, cert] = view(host, pool, &const { selector("contracts()") })?;
        Ok((address(feed), address(cert)))
    }

    /// `reportRewards(rewards)`.
    pub fn report_rewards<H: Host + ?Sized>(host: &mut H, pool: Address, rewards: U256) -> Result<()> {
        call(host, &Call::new(pool, const { selector("reportRewards(uint256)") }).arg(&rewards)).map(drop)
    }

    /// `onStakingPayment()` with `value`: stake brought back to the pool.
    pub fn pay<H: Host + ?Sized>(host: &mut H, pool: Address, value: U256) -> Result<()> {
        call(host, &Call::new(pool, STAKING_PAYMENT).with_value(value)).map(drop)
    }
}

/// The AVAX pool's deposit address (`AvalancheDelegator`), as the pool
/// uses it.
pub mod avalanche_delegator {
    use super::*;

    /// `stakeRoom()`: how much one collection can take now.
    pub fn stake_room<H: Host + ?Sized>(host: &H, delegator: Address) -> Result<U256> {
        let [room] = view(host, delegator, &const { selector("stakeRoom()") })?;
        Ok(room)
    }
}

/// A stake account of the AVAX pool's delegator (`StakeAccount`), as the
/// delegator uses it — and the delegator, as a stake account pays it back.
pub mod stake_account {
    use super::*;

    /// `onStakingPayment()` with `value`: AVAX to stake (to an account), or
    /// withdrawn stake coming back (to the delegator).
    pub fn pay<H: Host + ?Sized>(host: &mut H, to: Address, value: U256) -> Result<()> {
        call(host, &Call::new(to, STAKING_PAYMENT).with_value(value)).map(drop)
    }

    /// `unlock(amount)`.
    pub fn unlock<H: Host + ?Sized>(host: &mut H, account: Address, amount: U256) -> Result<()> {
        call(host, &Call::new(account, const { selector("unlock(uint256)") }).arg(&amount)).map(drop)
    }

    /// `withdraw()`: the account pays what it withdrew back to the caller
    /// while the call runs (a call back into the delegator).
    pub fn withdraw<H: Host + ?Sized>(host: &mut H, account: Address) -> Result<U256> {
        let out = call(host, &Call::new(account, const { selector("withdraw()") }).reentrant())?;
        let [amount] = words(&out)?;
        Ok(amount)
    }

    /// `wiring()`: (manager, staking, operator).
    pub fn wiring<H: Host + ?Sized>(host: &H, account: Address) -> Result<(Address, Address, Address)> {
        let [manager, staking, operator] = view(host, account, &const { selector("wiring()") })?;
        Ok((address(manager), address(staking), address(operator)))
    }
}

/// The ratio feed (`RateProvider`).
pub mod feed {
    use super::*;

    /// `getRatioFor(token)`.
    pub fn get_ratio_for<H: Host + ?Sized>(host: &H, feed: Address, token: Address) -> Result<U256> {
        let [ratio] = view(host, feed, &with_address(const { selector("getRatioFor(address)") }, token))?;
        Ok(ratio)
    }

    /// `updateRatio(token, newRatio)`: the pool, the certificate's
    /// updater, moves its ratio.
    pub fn update_ratio<H: Host + ?Sized>(host: &mut H, feed: Address, token: Address, ratio: U256) -> Result<()> {
        let input = Call::new(feed, const { selector("updateRatio(address,uint256)") }).arg(&token).arg(&ratio);
        call(host, &input).map(drop)
    }

    /// `token`'s policy threshold in basis points: the first word of
    /// `ratioPolicy(token)`.
    pub fn threshold_bps<H: Host + ?Sized>(host: &H, feed: Address, token: Address) -> Result<u32> {
        let [threshold] = view(host, feed, &with_address(const { selector("ratioPolicy(address)") }, token))?;
        Ok(threshold.saturating_to())
    }
}

/// The certificate token (`CertToken`), from its pool.
pub mod cert {
    use super::*;

    /// `mint(to, amount)`.
    pub fn mint<H: Host + ?Sized>(host: &mut H, cert: Address, to: Address, amount: U256) -> Result<()> {
        let input = Call::new(cert, const { selector("mint(address,uint256)") }).arg(&to).arg(&amount);
        call(host, &input).map(drop)
    }

    /// `burn(from, amount)`.
    pub fn burn<H: Host + ?Sized>(host: &mut H, cert: Address, from: Address, amount: U256) -> Result<()> {
        let input = Call::new(cert, const { selector("burn(address,uint256)") }).arg(&from).arg(&amount);
        call(host, &input).map(drop)
    }
}

/// A bond token (`BondToken`), from its pool.
pub mod bond {
    use super::*;

    /// `ratio()`: the ratio its balances are shown at.
    pub fn ratio<H: Host + ?Sized>(host: &H, bond: Address) -> Result<U256> {
        let [ratio] = view(host, bond, &const { selector("ratio()") })?;
        Ok(ratio)
    }

    /// `pool()`: the pool allowed to mint and burn it.
    pub fn pool<H: Host + ?Sized>(host: &H, bond: Address) -> Result<Address> {
        let [pool] = view(host, bond, &const { selector("pool()") })?;
        Ok(address(pool))
    }

    /// `mintShares(to, shares)`.
    pub fn mint_shares<H: Host + ?Sized>(host: &mut H, bond: Address, to: Address, shares: U256) -> Result<()> {
        let input = Call::new(bond, const { selector("mintShares(address,uint256)") }).arg(&to).arg(&shares);
        call(host, &input).map(drop)
    }

    /// `burnShares(from, shares)`.
    pub fn burn_shares<H: Host + ?Sized>(host: &mut H, bond: Address, from: Address, shares: U256) -> Result<()> {
        let input = Call::new(bond, const { selector("burnShares(address,uint256)") }).arg(&from).arg(&shares);
        call(host, &input).map(drop)
    }
}

/// The calldata the staking side pays an account with: the selector of
/// `onStakingPayment()`. An account without code ignores it; a contract of
/// the suite takes the payment in that payable function.
pub const STAKING_PAYMENT: [u8; 4] = selector("onStakingPayment()");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_argument_is_one_word_after_the_selector() {
        let input = with_address(const { selector("getStake(address)") }, [7; 20]);
        assert_eq!(input[..4], const { selector("getStake(address)") });
        assert_eq!(input[4..], [7u8; 20].word());
    }

    #[test]
    fn every_function_called_is_in_the_callees_abi() {
        use crate::memory::abi_items;
        for (callee, signatures) in [
            (
                "Staking",
                &[
                    "getStake(address)",
                    "stakePool(address)",
                    "initializeStakePool(address,address)",
                    "addStake()",
                    "unlock(uint256)",
                    "withdraw(uint256)",
                ][..],
            ),
            (
                "AvalanchePool",
                &[
                    "operator()",
                    "totalPooledAvax()",
                    "totalShares()",
                    "owedToQueue()",
                    "feeBps()",
                    "contracts()",
                    "reportRewards(uint256)",
                ][..],
            ),
            ("AvalancheDelegator", &["onStakingPayment()"][..]),
            ("RateProvider", &["getRatioFor(address)", "ratioPolicy(address)"][..]),
        ] {
            let declared = abi_items(callee, "function");
            for signature in signatures {
                assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/{callee}.json");
            }
        }
    }

    #[test]
    fn the_staking_payment_is_on_staking_payment() {
        // keccak256("onStakingPayment()")[..4]
        assert_eq!(STAKING_PAYMENT, const { selector("onStakingPayment()") });
    }
}
