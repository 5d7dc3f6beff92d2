//! The scenarios, each a function over any [`Chain`]. Balances are checked
//! as changes, so a scenario runs the same on a fresh in-process chain and
//! on a long-lived node.

use alloy::{
    primitives::{keccak256, Address, Bytes, FixedBytes, B256, U256},
    signers::local::PrivateKeySigner,
    sol_types::{SolError, SolEvent, SolValue},
};
use lst_client::{
    abi::{
        self, claim_bonds_call, sign_claim, IAvalancheDelegator as Delegator, IAvalanchePool as Pool,
        IBondToken as Bond, ICertToken as Cert, IPolkadotPool as DotPool, IRateProvider as Feed, IStaking as Staking,
        IValidatorConfig as NodeConfig,
    },
    Chain, ChainExt, ChainFailure, Contract, Deployment, Platform, Result, Tx,
};
use lst_deploy::{Manifest, Roles};

/// Declares one `#[test]` per scenario, each on a fresh chain from
/// `$chain` (an expression giving a `Result<impl Chain>`), so every backend
/// runs the same list.
#[macro_export]
macro_rules! scenario_tests {
    ($chain:expr) => {
        $crate::scenario_tests!(@each $chain;
            avax_lifecycle, rate_provider_bounds, pause_keeps_withdrawals_open, access_control,
            scheduled_changes, polkadot_claim_and_burn, eip712_domains, signatures_that_recover_no_key_fail_by_name,
            validator_lifecycle);
    };
    (@each $chain:expr; $($name:ident),*) => {$(
        #[test]
        fn $name() {
            let mut chain = $chain.unwrap_or_else(|e| panic!("{e}"));
            if let Err(e) = $crate::scenarios::$name(&mut chain) {
                panic!("{}: {e}", stringify!($name));
            }
        }
    )*};
}

/// 1e18.
pub const ONE: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);
/// The feed's minimum interval between two updates of one token, plus one.
pub const UPDATE_INTERVAL: u64 = 12 * 60 * 60 + 1;

fn avax(n: u64) -> U256 {
    ONE * U256::from(n)
}

fn check(cond: bool, what: impl FnOnce() -> String) -> Result<()> {
    if cond {
        Ok(())
    } else {
        Err(ChainFailure(what()))
    }
}

fn eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<()> {
    check(got == want, || format!("{what}: got {got:?}, want {want:?}"))
}

/// A revert whose data is exactly `error`.
fn reverted_with<E: SolError + PartialEq + std::fmt::Debug>(tx: &Tx, error: &E) -> Result<()> {
    check(!tx.success, || format!("expected {} but the call succeeded", E::SIGNATURE))?;
    match E::abi_decode(&tx.output) {
        Ok(got) => check(&got == error, || format!("{}: got {got:?}, want {error:?}", E::SIGNATURE)),
        Err(_) => {
            Err(ChainFailure(format!("expected {}, reverted with 0x{}", E::SIGNATURE, alloy::hex::encode(&tx.output))))
        }
    }
}

/// The roles of the scenarios' deployments: dev account 0 deploys, owns,
/// operates and pauses everything; 3 is the treasury, 4 runs the AVAX
/// pool's validator, 9 the oracle (ratios and validator performance); the
/// notary is a key that is no account. `Staking`'s reward reserve starts
/// with 10 units.
pub fn roles(chain: &dyn Chain) -> Result<Roles> {
    let a = chain.accounts();
    let account = |i: usize| a.get(i).copied().ok_or_else(|| ChainFailure(format!("the chain has no account {i}")));
    let admin = account(0)?;
    Ok(Roles {
        admin,
        operator: admin,
        oracle: account(9)?,
        notary: notary()?.address(),
        pauser: admin,
        treasury: account(3)?,
        validator_operators: vec![account(4)?],
        reward_reserve: avax(10),
        change_delay_secs: lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS,
        mint_limit_per_claim: lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_CLAIM,
        mint_limit_per_day: lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_DAY,
    })
}

/// The whole suite on `chain`, deployed and wired from dev account 0 by
/// `lst_deploy::deploy_suite` (the deployment and wiring `lst-deploy up`
/// ships) with the scenarios' [`roles`].
pub fn deploy(chain: &mut dyn Chain) -> Result<Manifest> {
    deploy_with(chain, true)
}

/// [`deploy`], the Stylus programs in Nitro's cache or not.
pub fn deploy_with(chain: &mut dyn Chain, cache_programs: bool) -> Result<Manifest> {
    let roles = roles(chain)?;
    lst_deploy::deploy_suite_with(chain, roles.admin, roles, cache_programs)
        .map_err(|e| ChainFailure(format!("deploying the suite: {e}")))
}

fn address(m: &Manifest, name: &str) -> Result<Address> {
    m.address(name).map_err(ChainFailure)
}

/// The AVAX side of the suite, deployed and wired by [`deploy`]: the feed
/// (ankrAVAX registered at 1e18, the pool its oracle), ankrAVAX, aAVAXb, the
/// pool, its delegator and `Staking`.
pub struct AvaxSuite {
    /// Owner, operator and pauser of everything.
    pub admin: Address,
    /// The ratio feed.
    pub feed: Address,
    /// ankrAVAX.
    pub cert: Address,
    /// aAVAXb.
    pub bond: Address,
    /// AvalanchePool.
    pub pool: Address,
    /// Receives the fee shares.
    pub treasury: Address,
    /// The pool's deposit address: spreads the stake over the validators,
    /// measures rewards.
    pub delegator: Address,
    /// The validator staking module.
    pub staking: Address,
    /// The pool's validators: their stake accounts (keys of their stake
    /// pools in `Staking`), in the delegator's order.
    pub accounts: [Address; 3],
    /// Their operators.
    pub validators: [Address; 3],
    /// Reports validator performance to `Staking`.
    pub oracle: Address,
}

impl AvaxSuite {
    /// Deploys and wires the suite ([`deploy`]).
    pub fn deploy(chain: &mut dyn Chain) -> Result<Self> {
        Self::from_manifest(&deploy(chain)?)
    }

    /// [`AvaxSuite::deploy`] with no program in Nitro's cache (the gas
    /// benchmark's uncached run).
    pub fn deploy_uncached(chain: &mut dyn Chain) -> Result<Self> {
        Self::from_manifest(&deploy_with(chain, false)?)
    }

    fn from_manifest(m: &Manifest) -> Result<Self> {
        Ok(Self {
            admin: m.roles.admin,
            feed: address(m, "RateProvider")?,
            cert: address(m, "ankrAVAX")?,
            bond: address(m, "aAVAXb")?,
            pool: address(m, "AvalanchePool")?,
            treasury: m.roles.treasury,
            delegator: address(m, "AvalancheDelegator")?,
            staking: address(m, "Staking")?,
            accounts: [address(m, "StakeAccount1")?, address(m, "StakeAccount2")?, address(m, "StakeAccount3")?],
            validators: [0, 1, 2].map(|i| m.roles.validator_operator(i)),
            oracle: m.roles.oracle,
        })
    }

    /// What the validators hold in `Staking`, every bucket (nothing for a
    /// stake account before its first stake created its stake pool).
    pub fn staked(&self, chain: &mut dyn Chain) -> Result<U256> {
        let mut total = U256::ZERO;
        for account in self.accounts {
            let data = alloy::sol_types::SolCall::abi_encode(&Staking::getStakeCall { pool: account });
            if let Ok(out) = chain.call(self.staking, &data)? {
                let s = <Staking::getStakeCall as alloy::sol_types::SolCall>::abi_decode_returns(&out)
                    .map_err(|e| ChainFailure(format!("getStake: {e}")))?;
                total += s._0 + s._1 + s._2 + s._3;
            }
        }
        Ok(total)
    }

    /// What the delegator and its stake accounts hold between calls.
    pub fn held_by_the_set(&self, chain: &mut dyn Chain) -> Result<U256> {
        let mut held = chain.balance(self.delegator)?;
        for account in self.accounts {
            held += chain.balance(account)?;
        }
        Ok(held)
    }

    /// Invariant 1: what the pool owes (its queue and all shares at the
    /// ratio) never exceeds what it holds: its balance, the delegator's and
    /// the stake in every bucket of `Staking`; and the shares are backed by
    /// what it accounts for.
    pub fn assert_solvent(&self, chain: &mut dyn Chain) -> Result<()> {
        let pooled = chain.view(self.pool, Pool::totalPooledAvaxCall {})?;
        let shares = chain.view(self.pool, Pool::totalSharesCall {})?;
        let ratio = chain.view(self.feed, Feed::getRatioForCall { token: self.cert })?;
        // shares * 1e18 <= pooled * ratio, without overflow for these sizes.
        check(shares * ONE <= pooled * ratio, || format!("insolvent: {shares} shares, {pooled} pooled at {ratio}"))?;
        let owed = pooled + chain.view(self.pool, Pool::owedToQueueCall {})?;
        let held = chain.balance(self.pool)? + self.held_by_the_set(chain)? + self.staked(chain)?;
        check(held >= owed, || format!("owes {owed} but holds and stakes {held}"))
    }
}

/// What a platform-independent observer sees of an AVAX lifecycle: the
/// balances, ratio and queue at its end and the event sequence of every
/// transaction, with contract addresses (which differ between platforms)
/// replaced by their roles. Two backends running the same scenario must
/// produce equal traces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// Native balance changes by role (dev accounts and contracts), from
    /// the wired suite to the end, two's complement (deployment costs
    /// differ between platforms: pallet-revive moves an existential
    /// deposit to each new contract).
    pub balances: Vec<(String, U256)>,
    /// Token balances: (token role, holder role, balance).
    pub tokens: Vec<(String, String, U256)>,
    /// The feed's ratio for ankrAVAX.
    pub ratio: U256,
    /// The pool's (head, finalized, tail), pooled AVAX and total shares.
    pub queue: (u64, u64, u64, U256, U256),
    /// Every log of every transaction, in order: (emitter role, topics, data).
    pub events: Vec<(String, Vec<B256>, Bytes)>,
}

/// Replaces the addresses `roles` names, wherever they appear as an ABI
/// word (topics and 32-byte words of event data), by a placeholder per role.
pub(crate) fn normalise(word: [u8; 32], roles: &[(Address, String)]) -> [u8; 32] {
    // An address word (12 zero bytes, then the address) or a scheduled
    // change's key (a selector, 8 zero bytes, then the address it is
    // about): the address becomes its role, the selector stays.
    if word[4..12] != [0u8; 8] {
        return word;
    }
    match roles.iter().position(|(a, _)| a.as_slice() == &word[12..]) {
        Some(i) => {
            let mut out = B256::left_padding_from(&[0xA0, u8::try_from(i).unwrap_or(u8::MAX)]).0;
            out[..4].copy_from_slice(&word[..4]);
            out
        }
        None => word,
    }
}

/// A [`Chain`] that passes everything through and keeps the logs of every
/// transaction in order.
struct Recorder<'a> {
    chain: &'a mut dyn Chain,
    logs: Vec<alloy::primitives::Log>,
}

impl Chain for Recorder<'_> {
    fn backend(&self) -> String {
        self.chain.backend()
    }
    fn platform(&self) -> Platform {
        self.chain.platform()
    }
    fn nonce(&mut self, account: Address) -> Result<u64> {
        self.chain.nonce(account)
    }
    fn accounts(&self) -> &[Address] {
        self.chain.accounts()
    }
    fn chain_id(&mut self) -> Result<u64> {
        self.chain.chain_id()
    }
    fn deploy_tx(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Deployment> {
        self.chain.deploy_tx(from, contract, constructor_args)
    }
    fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Tx> {
        let tx = self.chain.send(from, to, value, data)?;
        self.logs.extend(tx.logs.iter().cloned());
        Ok(tx)
    }
    fn call(&mut self, to: Address, data: &[u8]) -> Result<std::result::Result<Vec<u8>, Vec<u8>>> {
        self.chain.call(to, data)
    }
    fn balance(&mut self, account: Address) -> Result<U256> {
        self.chain.balance(account)
    }
    fn block_number(&mut self) -> Result<u64> {
        self.chain.block_number()
    }
    fn contract_block_number(&mut self) -> Result<u64> {
        self.chain.contract_block_number()
    }
    fn timestamp(&mut self) -> Result<u64> {
        self.chain.timestamp()
    }
    fn code(&mut self, account: Address) -> Result<Vec<u8>> {
        self.chain.code(account)
    }
    fn mine(&mut self, blocks: u64) -> Result<()> {
        self.chain.mine(blocks)
    }
    fn advance_time(&mut self, seconds: u64) -> Result<()> {
        self.chain.advance_time(seconds)
    }
    fn log_records(&mut self, address: Address, from: u64, to: u64) -> Result<Vec<lst_client::ChainLog>> {
        self.chain.log_records(address, from, to)
    }
}

/// The delegated AVAX lifecycle: stake for certificates and bonds →
/// collect (the delegator stakes it in `Staking`, the validator joins) →
/// epochs paying rewards by reported performance → a measured report (fee
/// taken, ratio down; no number typed) → claim → unlock → the lockup →
/// withdraw the stake back → serve from the pool's balance → withdraw
/// (pull and push); invariant 1 checked after every step.
pub fn avax_lifecycle(chain: &mut dyn Chain) -> Result<()> {
    avax_lifecycle_trace(chain).map(drop)
}

/// [`avax_lifecycle`], returning its [`Trace`] (the parity test compares
/// the traces of both platforms).
pub fn avax_lifecycle_trace(chain: &mut dyn Chain) -> Result<Trace> {
    // Uncached: the cache's bids have no ink! counterpart and would move
    // the Stylus clock, which the events carry, ahead.
    let s = AvaxSuite::deploy_uncached(chain)?;
    let contracts = [
        (s.feed, "feed"),
        (s.cert, "ankrAVAX"),
        (s.bond, "aAVAXb"),
        (s.pool, "pool"),
        (s.delegator, "delegator"),
        (s.accounts[0], "validator 1"),
        (s.accounts[1], "validator 2"),
        (s.accounts[2], "validator 3"),
        (s.staking, "Staking"),
    ];
    let (roles, balances, events) = traced(chain, &contracts, |chain| avax_lifecycle_steps(chain, &s))?;
    let role = |a: Address| roles.iter().find(|(r, _)| *r == a).map_or_else(|| a.to_string(), |(_, n)| n.clone());
    let mut tokens = Vec::new();
    for token in [s.cert, s.bond] {
        for (holder, name) in &roles {
            let balance = chain.view(token, Cert::balanceOfCall { account: *holder })?;
            tokens.push((role(token), name.clone(), balance));
        }
    }
    let ratio = chain.view(s.feed, Feed::getRatioForCall { token: s.cert })?;
    let bounds = chain.view(s.pool, Pool::queueBoundsCall {})?;
    let pooled = chain.view(s.pool, Pool::totalPooledAvaxCall {})?;
    let shares = chain.view(s.pool, Pool::totalSharesCall {})?;
    Ok(Trace { balances, tokens, ratio, queue: (bounds._0, bounds._1, bounds._2, pooled, shares), events })
}

/// Runs `steps` on `chain` and returns what a platform-independent observer
/// sees of them: the roles (dev accounts, then `contracts`), each role's
/// native balance change, and every log with the roles' addresses replaced
/// by placeholders.
#[allow(clippy::type_complexity)]
fn traced(
    chain: &mut dyn Chain,
    contracts: &[(Address, &str)],
    steps: impl FnOnce(&mut dyn Chain) -> Result<()>,
) -> Result<(Vec<(Address, String)>, Vec<(String, U256)>, Vec<(String, Vec<B256>, Bytes)>)> {
    let mut roles: Vec<(Address, String)> =
        chain.accounts().iter().enumerate().map(|(i, a)| (*a, format!("account{i}"))).collect();
    roles.extend(contracts.iter().map(|(a, name)| (*a, (*name).to_owned())));
    let mut before = Vec::new();
    for (a, _) in &roles {
        before.push(chain.balance(*a)?);
    }
    let mut recorder = Recorder { chain, logs: Vec::new() };
    steps(&mut recorder)?;
    let logs = std::mem::take(&mut recorder.logs);
    let chain = recorder.chain;
    let role = |a: Address| roles.iter().find(|(r, _)| *r == a).map_or_else(|| a.to_string(), |(_, n)| n.clone());
    let mut balances = Vec::new();
    for ((a, name), before) in roles.iter().zip(before) {
        balances.push((name.clone(), chain.balance(*a)?.wrapping_sub(before)));
    }
    let events = logs
        .iter()
        .map(|l| {
            let topics = l.topics().iter().map(|t| B256::from(normalise(t.0, &roles))).collect();
            let data: Vec<u8> = l
                .data
                .data
                .chunks(32)
                .flat_map(|c| match <[u8; 32]>::try_from(c) {
                    Ok(word) => normalise(word, &roles).to_vec(),
                    Err(_) => c.to_vec(),
                })
                .collect();
            (role(l.address), topics, data.into())
        })
        .collect();
    Ok((roles, balances, events))
}

fn avax_lifecycle_steps(chain: &mut dyn Chain, s: &AvaxSuite) -> Result<()> {
    let accounts = chain.accounts().to_vec();
    let (alice, bob) = (accounts[1], accounts[2]);
    let first_block = chain.block_number()? + 1;
    let config = chain.view(s.staking, Staking::stakingConfigCall {})?;
    let (epoch_secs, lockup_secs) = (config._5, config._2);
    let end_epoch = |chain: &mut dyn Chain| -> Result<Tx> {
        chain.advance_time(epoch_secs + 1)?;
        chain.ok(bob, s.staking, Staking::endEpochCall {})
    };

    // Stake: 3 AVAX for ankrAVAX, 2 AVAX for aAVAXb, at ratio 1.
    let stake = chain.exec(alice, s.pool, avax(3), Pool::stakeAndClaimCertsCall {})?;
    check(stake.success, || "alice's stake reverted".into())?;
    let event = stake
        .logs
        .iter()
        .find_map(|l| Pool::StakePendingV2::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no StakePendingV2".into()))?;
    eq("StakePendingV2", (event.staker, event.amount, event.isRebasing), (alice, avax(3), false))?;
    check(chain.exec(bob, s.pool, avax(2), Pool::stakeAndClaimBondsCall {})?.success, || "bob's stake".into())?;
    eq("alice's ankrAVAX", chain.view(s.cert, Cert::balanceOfCall { account: alice })?, avax(3))?;
    eq("bob's aAVAXb", chain.view(s.bond, Bond::balanceOfCall { account: bob })?, avax(2))?;
    eq("pool balance", chain.balance(s.pool)?, avax(5))?;
    s.assert_solvent(chain)?;

    // Collect 4 AVAX: the delegator stakes it in its own stake pool, run by
    // the validator operator, who joins the set; the next epoch activates it.
    chain.ok(s.admin, s.pool, Pool::collectStakesCall { amount: avax(4) })?;
    eq("pool balance after collect", chain.balance(s.pool)?, avax(1))?;
    let stake = chain.view(s.staking, Staking::getStakeCall { pool: s.accounts[0] })?;
    eq("delegated", stake._0, avax(4))?;
    eq("operator", chain.view(s.staking, Staking::stakePoolCall { pool: s.accounts[0] })?._2, s.validators[0])?;
    chain.ok(s.validators[0], s.staking, Staking::joinValidatorSetCall { pool: s.accounts[0] })?;
    end_epoch(chain)?;
    eq("validating", chain.view(s.staking, Staking::stakePoolCall { pool: s.accounts[0] })?._0, 2)?;
    s.assert_solvent(chain)?;

    // Two epochs with rewards by reported performance (10 of 10, then 9 of
    // 10): reward = active * 913e-8 * successful / total.
    let mut rewards = U256::ZERO;
    for successful in [10u64, 9] {
        let active = chain.view(s.staking, Staking::getStakeCall { pool: s.accounts[0] })?._0;
        chain.ok(s.oracle, s.staking, Staking::reportPerformanceCall { pool: s.accounts[0], successful, total: 10 })?;
        end_epoch(chain)?;
        let reward = active * U256::from(913 * successful) / U256::from(1_000_000_000u64);
        eq(
            "active after the epoch",
            chain.view(s.staking, Staking::getStakeCall { pool: s.accounts[0] })?._0,
            active + reward,
        )?;
        rewards += reward;
    }
    s.assert_solvent(chain)?;

    // A measured report: the delegator finds the growth and reports it
    // (anyone may call it once the feed's interval has passed).
    let measured = chain.view(s.delegator, Delegator::measuredRewardsCall {})?;
    eq(
        "measured (growth, reported, carried)",
        (measured._0, measured._1, measured._2),
        (rewards, rewards, U256::ZERO),
    )?;
    let soon = chain.exec(bob, s.delegator, U256::ZERO, Delegator::reportRewardsCall {})?;
    reverted_with(&soon, &Delegator::RatioUpdateTooSoon {})?;
    chain.advance_time(UPDATE_INTERVAL)?;
    let report = chain.ok(bob, s.delegator, Delegator::reportRewardsCall {})?;
    let reported = report
        .logs
        .iter()
        .find_map(|l| Pool::RewardsReported::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no RewardsReported".into()))?;
    eq("rewards reported", reported.rewards, rewards)?;
    eq("fee (10%, rounded up)", reported.fee, (rewards + U256::from(9)) / U256::from(10))?;
    let ratio = chain.view(s.feed, Feed::getRatioForCall { token: s.cert })?;
    check(ratio < ONE, || format!("ratio did not go down: {ratio}"))?;
    eq("newRatio event", reported.newRatio, ratio)?;
    check(chain.view(s.cert, Cert::balanceOfCall { account: s.treasury })? > U256::ZERO, || "no fee shares".into())?;
    let bob_bonds = chain.view(s.bond, Bond::balanceOfCall { account: bob })?;
    check(bob_bonds > avax(2), || format!("bonds did not grow: {bob_bonds}"))?;
    let nothing = chain.exec(bob, s.delegator, U256::ZERO, Delegator::reportRewardsCall {})?;
    reverted_with(&nothing, &Delegator::NoRewardsToReport {})?;
    s.assert_solvent(chain)?;

    // Claim: alice all her ankrAVAX, bob all his aAVAXb.
    let claim = chain.ok(alice, s.pool, Pool::claimCertsCall { shares: avax(3) })?;
    let alice_owed = claim
        .logs
        .iter()
        .find_map(|l| Pool::AvaxClaimPendingV2::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no AvaxClaimPendingV2".into()))?
        .amount;
    check(alice_owed > avax(3), || format!("alice's claim did not earn: {alice_owed}"))?;
    chain.ok(bob, s.pool, Pool::claimBondsCall { amount: bob_bonds })?;
    eq("alice pending", chain.view(s.pool, Pool::pendingAvaxClaimsOfCall { claimer: alice })?, alice_owed)?;
    let bounds = chain.view(s.pool, Pool::queueBoundsCall {})?;
    eq("queue (head, finalized, tail)", (bounds._0, bounds._1, bounds._2), (1, 0, 2))?;
    let owed = chain.view(s.pool, Pool::owedToQueueCall {})?;
    eq("owed to the queue", owed, alice_owed + bob_bonds)?;
    s.assert_solvent(chain)?;

    // The pool cannot serve yet; the operator unlocks what the queue needs
    // beyond the pool's balance. It stays locked until the lockup ends.
    let short = chain.exec(s.admin, s.pool, U256::ZERO, Pool::serveClaimsCall { upToId: U256::from(2) })?;
    reverted_with(&short, &Pool::InsufficientFunding {})?;
    let need = owed - chain.balance(s.pool)?;
    let stranger = chain.exec(bob, s.delegator, U256::ZERO, Delegator::unlockStakesCall { amount: need })?;
    reverted_with(&stranger, &Delegator::Unauthorized { account: bob })?;
    chain.ok(s.admin, s.delegator, Delegator::unlockStakesCall { amount: need })?;
    let locked = chain.exec(bob, s.delegator, U256::ZERO, Delegator::withdrawStakesCall {})?;
    reverted_with(&locked, &Delegator::ZeroAmount {})?;
    s.assert_solvent(chain)?;

    // After the lockup an epoch makes it inactive; anyone brings it back.
    chain.advance_time(lockup_secs)?;
    end_epoch(chain)?;
    let stake = chain.view(s.staking, Staking::getStakeCall { pool: s.accounts[0] })?;
    check(stake._1 >= need && stake._3.is_zero(), || format!("not withdrawable after the lockup: {stake:?}"))?;
    let withdrawn = chain.ok(bob, s.delegator, Delegator::withdrawStakesCall {})?;
    let back = withdrawn
        .logs
        .iter()
        .find_map(|l| Delegator::StakesWithdrawn::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no StakesWithdrawn".into()))?
        .amount;
    eq("inactive stake withdrawn to the pool", back, stake._1)?;
    check(chain.balance(s.pool)? >= owed, || "the pool cannot serve the queue".into())?;
    s.assert_solvent(chain)?;

    // Serve from the pool's own balance, then withdraw: alice pulls, the
    // operator pushes bob's.
    chain.ok(s.admin, s.pool, Pool::serveClaimsCall { upToId: U256::from(2) })?;
    let alice_before = chain.balance(alice)?;
    let bob_before = chain.balance(bob)?;
    let pull = chain.ok(alice, s.pool, Pool::withdrawClaimCall { requestId: U256::from(1) })?;
    chain.ok(s.admin, s.pool, Pool::pushClaimsCall { firstId: U256::from(2), count: U256::from(1) })?;
    eq("alice paid", chain.balance(alice)? + pull.fee - alice_before, alice_owed)?;
    eq("bob paid", chain.balance(bob)? - bob_before, bob_bonds)?;
    eq("owed to the queue at the end", chain.view(s.pool, Pool::owedToQueueCall {})?, U256::ZERO)?;
    let again = chain.exec(alice, s.pool, U256::ZERO, Pool::withdrawClaimCall { requestId: U256::from(1) })?;
    reverted_with(&again, &Pool::RequestAlreadyClaimed {})?;
    s.assert_solvent(chain)?;

    // The pool's history, as an indexer reads it.
    let logs = chain.logs(s.pool, first_block)?;
    let count = |topic| logs.iter().filter(|l| l.topics().first() == Some(&topic)).count();
    eq("StakePendingV2 logs", count(Pool::StakePendingV2::SIGNATURE_HASH), 2)?;
    eq("ClaimRequested logs", count(Pool::ClaimRequested::SIGNATURE_HASH), 2)?;
    eq("ClaimWithdrawn logs", count(Pool::ClaimWithdrawn::SIGNATURE_HASH), 2)?;
    eq("RewardsReported logs", count(Pool::RewardsReported::SIGNATURE_HASH), 1)
}

/// The feed: each token moved by its own updater only, bounded updates, a
/// repeated ratio that does not restart the clock, `getRatioFor`,
/// `getRate`.
pub fn rate_provider_bounds(chain: &mut dyn Chain) -> Result<()> {
    let accounts = chain.accounts().to_vec();
    let (admin, oracle, token) = (accounts[0], accounts[5], accounts[6]);
    let (other_oracle, other_token) = (accounts[7], accounts[8]);
    let delay = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;
    let feed = chain.deploy(admin, Contract::RateProvider, &(admin, delay).abi_encode_params())?;
    chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: oracle })?;
    chain.ok(admin, feed, Feed::registerTokenCall { token: other_token, initialRatio: ONE, updater: other_oracle })?;
    chain.ok(admin, feed, Feed::setPrimaryTokenCall { token })?;
    eq("getRatioFor", chain.view(feed, Feed::getRatioForCall { token })?, ONE)?;
    eq("getRate", chain.view(feed, Feed::getRateCall {})?, ONE)?;
    eq("ratioUpdater", chain.view(feed, Feed::ratioUpdaterCall { token })?, oracle)?;

    let ratio = ONE - ONE / U256::from(1000);
    // Another token's updater cannot move this one.
    let denied = chain.exec(other_oracle, feed, U256::ZERO, Feed::updateRatioCall { token, newRatio: ratio })?;
    reverted_with(&denied, &Feed::NotRatioUpdater { token, account: other_oracle })?;
    let soon = chain.exec(oracle, feed, U256::ZERO, Feed::updateRatioCall { token, newRatio: ratio })?;
    reverted_with(&soon, &Feed::RatioUpdateTooSoon {})?;
    chain.advance_time(UPDATE_INTERVAL)?;
    // Repeating the ratio changes nothing, so it cannot restart the clock.
    let registered_at = chain.view(feed, Feed::lastUpdatedCall { token })?;
    let same = chain.ok(oracle, feed, Feed::updateRatioCall { token, newRatio: ONE })?;
    eq("events of an unchanged ratio", same.logs.len(), 0)?;
    eq("lastUpdated after an unchanged ratio", chain.view(feed, Feed::lastUpdatedCall { token })?, registered_at)?;
    let too_far = ONE - ONE / U256::from(100);
    let large = chain.exec(oracle, feed, U256::ZERO, Feed::updateRatioCall { token, newRatio: too_far })?;
    reverted_with(&large, &Feed::RatioChangeTooLarge {})?;
    let up = chain.exec(oracle, feed, U256::ZERO, Feed::updateRatioCall { token, newRatio: ONE + U256::from(1) })?;
    check(!up.success, || "a ratio increase was accepted".into())?;
    let update = chain.ok(oracle, feed, Feed::updateRatioCall { token, newRatio: ratio })?;
    let event = update
        .logs
        .iter()
        .find_map(|l| Feed::RatioUpdated::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no RatioUpdated".into()))?;
    eq("RatioUpdated", (event.token, event.oldRatio, event.newRatio), (token, ONE, ratio))?;
    eq("getRatioFor after", chain.view(feed, Feed::getRatioForCall { token })?, ratio)?;
    // getRate is the AVAX value of one token: 1e36 / ratio, rounded down.
    eq("getRate after", chain.view(feed, Feed::getRateCall {})?, ONE * ONE / ratio)
}

/// Pausing stops staking and claiming but never the withdrawal of a
/// claimable request; only the pauser may pause.
pub fn pause_keeps_withdrawals_open(chain: &mut dyn Chain) -> Result<()> {
    let s = AvaxSuite::deploy(chain)?;
    let alice = chain.accounts()[1];
    check(chain.exec(alice, s.pool, avax(2), Pool::stakeAndClaimCertsCall {})?.success, || "stake".into())?;
    chain.ok(alice, s.pool, Pool::claimCertsCall { shares: avax(1) })?;
    chain.ok(s.admin, s.pool, Pool::serveClaimsCall { upToId: U256::from(1) })?;

    let denied = chain.exec(alice, s.pool, U256::ZERO, Pool::pauseCall {})?;
    reverted_with(&denied, &Pool::Unauthorized { account: alice })?;
    chain.ok(s.admin, s.pool, Pool::pauseCall {})?;
    check(chain.view(s.pool, Pool::pausedCall {})?, || "not paused".into())?;
    let stake = chain.exec(alice, s.pool, avax(1), Pool::stakeAndClaimCertsCall {})?;
    reverted_with(&stake, &Pool::EnforcedPause {})?;
    let claim = chain.exec(alice, s.pool, U256::ZERO, Pool::claimCertsCall { shares: avax(1) })?;
    reverted_with(&claim, &Pool::EnforcedPause {})?;
    let before = chain.balance(alice)?;
    let pull = chain.ok(alice, s.pool, Pool::withdrawClaimCall { requestId: U256::from(1) })?;
    eq("withdrawn while paused", chain.balance(alice)? + pull.fee - before, avax(1))?;
    chain.ok(s.admin, s.pool, Pool::unpauseCall {})?;
    check(chain.exec(alice, s.pool, avax(1), Pool::stakeAndClaimCertsCall {})?.success, || "stake after unpause".into())
}

/// The key of the pool's scheduled change made by `setter`.
fn pool_change_key(setter: [u8; 4]) -> B256 {
    B256::from(lst_core::timelock::change_key(setter, &[0u8; 20]))
}

/// The pool's owner changes that redirect funds or raise the fee wait the
/// change delay fixed at deployment: a higher fee is scheduled, refused
/// before its time and applied by the same call after it; a new treasury is
/// cancelled by the pauser; a lower fee is immediate.
pub fn scheduled_changes(chain: &mut dyn Chain) -> Result<()> {
    use alloy::sol_types::SolCall;
    let s = AvaxSuite::deploy(chain)?;
    let delay = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;
    eq("changeDelay", chain.view(s.pool, Pool::changeDelayCall {})?, U256::from(delay))?;
    let fee_key = pool_change_key(Pool::setFeeBpsCall::SELECTOR);
    let scheduled = chain.ok(s.admin, s.pool, Pool::setFeeBpsCall { feeBps: 2_000 })?;
    let event = scheduled
        .logs
        .iter()
        .find_map(|l| Pool::ChangeScheduled::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no ChangeScheduled".into()))?;
    let value = B256::from(U256::from(2_000u32));
    eq("ChangeScheduled key and value", (event.key, event.value), (fee_key, value))?;
    let pending = chain.view(s.pool, Pool::pendingChangeCall { key: fee_key })?;
    eq("pendingChange", (pending._0, pending._1), (value, event.executableAt))?;
    eq("fee before the delay", chain.view(s.pool, Pool::feeBpsCall {})?, 1_000u32)?;
    let early = chain.exec(s.admin, s.pool, U256::ZERO, Pool::setFeeBpsCall { feeBps: 2_000 })?;
    reverted_with(&early, &Pool::ChangeNotReady {})?;
    chain.advance_time(delay)?;
    chain.ok(s.admin, s.pool, Pool::setFeeBpsCall { feeBps: 2_000 })?;
    eq("fee after the delay", chain.view(s.pool, Pool::feeBpsCall {})?, 2_000u32)?;
    chain.ok(s.admin, s.pool, Pool::setFeeBpsCall { feeBps: 500 })?;
    eq("a lower fee at once", chain.view(s.pool, Pool::feeBpsCall {})?, 500u32)?;

    let mallory = chain.accounts()[7];
    let treasury_key = pool_change_key(Pool::setTreasuryCall::SELECTOR);
    chain.ok(s.admin, s.pool, Pool::setTreasuryCall { treasury: mallory })?;
    let denied = chain.exec(mallory, s.pool, U256::ZERO, Pool::cancelChangeCall { key: treasury_key })?;
    reverted_with(&denied, &Pool::Unauthorized { account: mallory })?;
    chain.ok(s.admin, s.pool, Pool::cancelChangeCall { key: treasury_key })?;
    let again = chain.exec(s.admin, s.pool, U256::ZERO, Pool::cancelChangeCall { key: treasury_key })?;
    reverted_with(&again, &Pool::NoChangePending {})?;
    chain.advance_time(delay)?;
    chain.ok(s.admin, s.pool, Pool::setTreasuryCall { treasury: mallory })?;
    eq("treasury after a cancelled change", chain.view(s.pool, Pool::treasuryCall {})?, s.treasury)
}

/// Every privileged function of the pool refuses an account without the
/// role, with the named error, and nothing changes.
pub fn access_control(chain: &mut dyn Chain) -> Result<()> {
    let s = AvaxSuite::deploy(chain)?;
    let mallory = chain.accounts()[7];
    let operator_calls: Vec<Vec<u8>> = vec![
        alloy::sol_types::SolCall::abi_encode(&Pool::serveClaimsCall { upToId: U256::from(1) }),
        alloy::sol_types::SolCall::abi_encode(&Pool::pushClaimsCall { firstId: U256::from(1), count: U256::from(1) }),
        alloy::sol_types::SolCall::abi_encode(&Pool::collectStakesCall { amount: avax(1) }),
        // Only the deposit address (the delegator) reports, and pays the pool.
        alloy::sol_types::SolCall::abi_encode(&Pool::reportRewardsCall { rewards: avax(1) }),
        alloy::sol_types::SolCall::abi_encode(&Pool::onStakingPaymentCall {}),
    ];
    for data in operator_calls {
        let tx = chain.send(mallory, s.pool, U256::ZERO, &data)?;
        reverted_with(&tx, &Pool::Unauthorized { account: mallory })?;
    }
    let owner_calls: Vec<Vec<u8>> = vec![
        alloy::sol_types::SolCall::abi_encode(&Pool::setMinStakeCall { minStake: avax(2) }),
        alloy::sol_types::SolCall::abi_encode(&Pool::setFeeBpsCall { feeBps: 0 }),
        alloy::sol_types::SolCall::abi_encode(&Pool::setOperatorCall { operator: mallory }),
        alloy::sol_types::SolCall::abi_encode(&Pool::setPauserCall { pauser: mallory }),
        alloy::sol_types::SolCall::abi_encode(&Pool::setTreasuryCall { treasury: mallory }),
        alloy::sol_types::SolCall::abi_encode(&Pool::setDepositAddressCall { deposit: mallory }),
        alloy::sol_types::SolCall::abi_encode(&Pool::transferOwnershipCall { newOwner: mallory }),
    ];
    for data in owner_calls {
        let tx = chain.send(mallory, s.pool, U256::ZERO, &data)?;
        reverted_with(&tx, &Pool::OwnableUnauthorizedAccount { account: mallory })?;
    }
    let mint = chain.exec(mallory, s.cert, U256::ZERO, Cert::mintCall { to: mallory, amount: avax(1) })?;
    reverted_with(&mint, &Cert::Unauthorized { account: mallory })?;
    eq("operator unchanged", chain.view(s.pool, Pool::operatorCall {})?, s.admin)?;
    eq("owner unchanged", chain.view(s.pool, Pool::ownerCall {})?, s.admin)?;
    eq("mallory's ankrAVAX", chain.view(s.cert, Cert::balanceOfCall { account: mallory })?, U256::ZERO)
}

/// The notary's key in the scenarios (not an account: it only signs).
fn notary() -> Result<PrivateKeySigner> {
    PrivateKeySigner::from_bytes(&keccak256("lst-e2e-notary")).map_err(|e| ChainFailure(e.to_string()))
}

/// `signer`'s signature over `claim` for `pool` on `chain_id`.
fn notarise(signer: &PrivateKeySigner, claim: &abi::Claim, chain_id: u64, pool: Address) -> Result<Bytes> {
    sign_claim(signer, claim, chain_id, pool).map_err(|e| ChainFailure(e.to_string()))
}

/// Lets `blocks` blocks pass in the unit contracts read: on Arbitrum the
/// L1 number follows the clock (about 12 s a block), elsewhere each mined
/// block counts. Both happen, so either chain moves on.
fn pass_contract_blocks(chain: &mut dyn Chain, blocks: u64) -> Result<()> {
    let start = chain.contract_block_number()?;
    chain.advance_time(blocks * 12)?;
    chain.mine(blocks)?;
    check(chain.contract_block_number()? >= start + blocks, || "the contracts' block number did not move".into())
}

/// ERC-5267: the certificate token and the PolkadotPool report the EIP-712
/// domain they check signatures under (decoded as Solidity returns seven
/// values), the reported domain hashes to the contract's separator, and a
/// permit signed under the reported domain, as a wallet signs it, sets the
/// allowance.
pub fn eip712_domains(chain: &mut dyn Chain) -> Result<()> {
    let m = deploy(chain)?;
    let (cert, pool) = (address(&m, "ankrAVAX")?, address(&m, "PolkadotPool")?);
    let chain_id = U256::from(chain.chain_id()?);

    let d = chain.view(pool, DotPool::eip712DomainCall {})?;
    let separator = chain.view(pool, DotPool::domainSeparatorCall {})?;
    reported_domain_is(
        "PolkadotPool",
        (d.fields, d.name, d.version, d.chainId, d.verifyingContract, d.salt, d.extensions),
        (chain_id, pool),
        separator,
    )?;
    let d = chain.view(cert, Cert::eip712DomainCall {})?;
    let separator = chain.view(cert, Cert::DOMAIN_SEPARATORCall {})?;
    let permits = reported_domain_is(
        "Ankr Staked AVAX",
        (d.fields, d.name, d.version, d.chainId, d.verifyingContract, d.salt, d.extensions),
        (chain_id, cert),
        separator,
    )?;

    let owner =
        PrivateKeySigner::from_bytes(&keccak256("lst-e2e-permit-owner")).map_err(|e| ChainFailure(e.to_string()))?;
    let spender = chain.accounts()[2];
    let nonce = chain.view(cert, Cert::noncesCall { owner: owner.address() })?;
    let permit = abi::Permit { owner: owner.address(), spender, value: avax(3), nonce, deadline: U256::MAX };
    let (v, r, s) = abi::sign_permit(&owner, &permit, &permits).map_err(|e| ChainFailure(e.to_string()))?;
    let call = Cert::permitCall { owner: owner.address(), spender, value: avax(3), deadline: U256::MAX, v, r, s };
    chain.ok(spender, cert, call)?;
    eq(
        "allowance after the permit",
        chain.view(cert, Cert::allowanceCall { owner: owner.address(), spender })?,
        avax(3),
    )?;
    eq("nonce after the permit", chain.view(cert, Cert::noncesCall { owner: owner.address() })?, nonce + U256::from(1))
}

/// A signature that recovers no key (`r` past the curve's order, which
/// the ecrecover precompile refuses with empty output) fails by name: a
/// permit with `ECDSAInvalidSignature`, a claim with `SignatureInvalid`,
/// and `isClaimValid` answers false. (On Stylus, OpenZeppelin 0.3's
/// `ecdsa::recover` panicked on the empty output: a trap without data,
/// found by the stateful fuzzer.)
pub fn signatures_that_recover_no_key_fail_by_name(chain: &mut dyn Chain) -> Result<()> {
    let m = deploy(chain)?;
    let (cert, pool, bond) = (address(&m, "ankrAVAX")?, address(&m, "PolkadotPool")?, address(&m, "aKSMb")?);
    let (alice, bob) = (chain.accounts()[1], chain.accounts()[2]);
    let off_curve = B256::repeat_byte(0xff);
    let low_s = B256::from(U256::from(1));
    for v in [27u8, 28, 2] {
        let permit = Cert::permitCall {
            owner: alice,
            spender: bob,
            value: avax(1),
            deadline: U256::MAX,
            v,
            r: off_curve,
            s: low_s,
        };
        let tx = chain.exec(bob, cert, U256::ZERO, permit)?;
        reverted_with(&tx, &Cert::ECDSAInvalidSignature {})?;
    }
    eq(
        "allowance after refused permits",
        chain.view(cert, Cert::allowanceCall { owner: alice, spender: bob })?,
        U256::ZERO,
    )?;

    let deadline = U256::from(chain.contract_block_number()? + 10);
    let signature: Bytes = [off_curve.as_slice(), low_s.as_slice(), &[27]].concat().into();
    let claim =
        abi::Claim { token: bond, claimId: U256::from(1), amount: avax(1), claimBeforeBlock: deadline, to: alice };
    let valid = is_claim_valid_call(&claim, signature.clone());
    check(!chain.view(pool, valid)?, || "a signature that recovers no key is valid".into())?;
    let tx = chain.exec(bob, pool, U256::ZERO, claim_bonds_call(&claim, signature))?;
    reverted_with(&tx, &DotPool::SignatureInvalid {})
}

/// The `isClaimValid` call that asks about `claim` with `signature`.
fn is_claim_valid_call(claim: &abi::Claim, signature: Bytes) -> DotPool::isClaimValidCall {
    DotPool::isClaimValidCall {
        token: claim.token,
        claimId: claim.claimId,
        claimBeforeBlock: claim.claimBeforeBlock,
        amount: claim.amount,
        to: claim.to,
        signature,
    }
}

/// The seven values of an ERC-5267 `eip712Domain()`.
type Erc5267 = (FixedBytes<1>, String, String, U256, Address, B256, Vec<U256>);

/// Checks that `reported` is the domain `name`, version "1", on `chain_id`
/// at `contract`, with no salt or extensions, and that it hashes to
/// `separator`; returns it as alloy's domain, for signing.
fn reported_domain_is(
    name: &str,
    reported: Erc5267,
    (chain_id, contract): (U256, Address),
    separator: B256,
) -> Result<alloy::sol_types::Eip712Domain> {
    let (fields, n, version, id, verifying, salt, extensions) = reported;
    eq(
        &format!("{name}: eip712Domain"),
        (fields, n.as_str(), version.as_str(), id, verifying, salt, extensions.len()),
        (FixedBytes([0x0f]), name, "1", chain_id, contract, B256::ZERO, 0),
    )?;
    let domain = abi::reported_domain(fields, n, version, id, verifying, salt)
        .ok_or_else(|| ChainFailure(format!("{name} reports extensions")))?;
    eq(&format!("{name}: the reported domain, hashed"), domain.separator(), separator)?;
    Ok(domain)
}

/// KSM liquid staking: a notarised claim mints aKSMb once (anyone may
/// submit it; a replay, an expired claim or another signer's claim is
/// refused by name), and `burnBond` burns them back to a Kusama account.
/// Expiry uses real blocks.
pub fn polkadot_claim_and_burn(chain: &mut dyn Chain) -> Result<()> {
    let accounts = chain.accounts().to_vec();
    let (alice, bob) = (accounts[1], accounts[2]);
    let m = deploy(chain)?;
    let (bond, pool) = (address(&m, "aKSMb")?, address(&m, "PolkadotPool")?);
    let notary = notary()?;
    let chain_id = chain.chain_id()?;

    // Deadlines are in the block number the contract reads (the L1 estimate
    // on Arbitrum), never `eth_blockNumber`.
    let deadline = U256::from(chain.contract_block_number()? + 10);
    let claim =
        abi::Claim { token: bond, claimId: U256::from(1), amount: avax(5), claimBeforeBlock: deadline, to: alice };
    let signature = notarise(&notary, &claim, chain_id, pool)?;
    let valid = is_claim_valid_call(&claim, signature.clone());
    check(chain.view(pool, valid.clone())?, || "a notarised claim is not valid".into())?;

    // Bob submits alice's claim: alice gets the bonds.
    let minted = chain.ok(bob, pool, claim_bonds_call(&claim, signature.clone()))?;
    let event = minted
        .logs
        .iter()
        .find_map(|l| DotPool::TokensClaimed::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no TokensClaimed".into()))?;
    eq(
        "TokensClaimed",
        (event.token, event.claimId, event.amount, event.account),
        (bond, claim.claimId, claim.amount, alice),
    )?;
    eq("alice's aKSMb", chain.view(bond, Bond::balanceOfCall { account: alice })?, avax(5))?;
    check(chain.view(pool, DotPool::isClaimUsedCall { claimId: claim.claimId })?, || "claim not marked used".into())?;
    check(!chain.view(pool, valid)?, || "a used claim is still valid".into())?;

    // The same claim again.
    let replay = chain.exec(bob, pool, U256::ZERO, claim_bonds_call(&claim, signature))?;
    reverted_with(&replay, &DotPool::ClaimAlreadyUsed {})?;

    // Signed by someone else.
    let forged = abi::Claim { claimId: U256::from(2), ..claim.clone() };
    let stranger =
        PrivateKeySigner::from_bytes(&keccak256("not the notary")).map_err(|e| ChainFailure(e.to_string()))?;
    let by_alice = notarise(&stranger, &forged, chain_id, pool)?;
    let tx = chain.exec(alice, pool, U256::ZERO, claim_bonds_call(&forged, by_alice))?;
    reverted_with(&tx, &DotPool::ClaimSignerNotNotary {})?;

    // A claim whose block has passed.
    let soon = U256::from(chain.contract_block_number()? + 2);
    let late = abi::Claim { claimId: U256::from(3), claimBeforeBlock: soon, ..claim.clone() };
    let late_signature = notarise(&notary, &late, chain_id, pool)?;
    pass_contract_blocks(chain, 3)?;
    let tx = chain.exec(bob, pool, U256::ZERO, claim_bonds_call(&late, late_signature))?;
    reverted_with(&tx, &DotPool::ClaimExpired {})?;
    check(!chain.view(pool, DotPool::isClaimUsedCall { claimId: late.claimId })?, || {
        "expired claim marked used".into()
    })?;

    // Alice burns 2 aKSMb back to a raw 32-byte Kusama account id.
    let recipient: Bytes = vec![0x11; 32].into();
    let burn = DotPool::burnBondCall { bond, amount: avax(2), polkadotRecipient: recipient.clone() };
    let burned = chain.ok(alice, pool, burn)?;
    let event = burned
        .logs
        .iter()
        .find_map(|l| DotPool::TokensBurned::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no TokensBurned".into()))?;
    eq("TokensBurned", (event.account, event.recipient, event.amount), (alice, recipient, avax(2)))?;
    eq("alice's aKSMb after burning", chain.view(bond, Bond::balanceOfCall { account: alice })?, avax(3))?;
    let bad = DotPool::burnBondCall { bond, amount: avax(1), polkadotRecipient: vec![0x11; 31].into() };
    let tx = chain.exec(alice, pool, U256::ZERO, bad)?;
    check(!tx.success, || "a 31-byte recipient was accepted".into())?;

    // A notarised claim over the bond's per-claim limit is refused, not
    // used up, and reported invalid: a stolen notary key mints no more.
    let limits = chain.view(pool, DotPool::mintLimitCall { bond })?;
    let roles = roles(chain)?;
    eq("mintLimit", (limits._0, limits._1), (roles.mint_limit_per_claim, roles.mint_limit_per_day))?;
    // The bucket refills by the second: 5 aKSMb taken, then some of it back.
    let remaining = limits._2;
    check(remaining >= roles.mint_limit_per_day - avax(5) && remaining <= roles.mint_limit_per_day, || {
        format!("remaining {remaining} after a 5 aKSMb claim")
    })?;
    let huge = abi::Claim {
        claimId: U256::from(4),
        amount: roles.mint_limit_per_claim + U256::from(1),
        claimBeforeBlock: U256::from(chain.contract_block_number()? + 10),
        ..claim.clone()
    };
    let huge_signature = notarise(&notary, &huge, chain_id, pool)?;
    let is_valid = is_claim_valid_call(&huge, huge_signature.clone());
    check(!chain.view(pool, is_valid)?, || "a claim over the limit is valid".into())?;
    let tx = chain.exec(bob, pool, U256::ZERO, claim_bonds_call(&huge, huge_signature))?;
    reverted_with(&tx, &DotPool::MintOverClaimLimit {})?;
    check(!chain.view(pool, DotPool::isClaimUsedCall { claimId: huge.claimId })?, || {
        "a claim over the limit was used up".into()
    })
}

/// The staking contract's balance covers every pool's four buckets, the
/// reward reserve and the operators' commission not yet withdrawn.
fn assert_staking_covered(chain: &mut dyn Chain, staking: Address, pool: Address, operator: Address) -> Result<()> {
    let stake = chain.view(staking, Staking::getStakeCall { pool })?;
    let reserve = chain.view(staking, Staking::epochInfoCall {})?._3;
    let claim = chain.view(staking, Staking::commissionClaimCall { pool, operator })?;
    let owed = stake._0 + stake._1 + stake._2 + stake._3 + reserve + claim._0 + claim._1;
    eq("Staking balance = stake + reserve + commission", chain.balance(staking)?, owed)
}

/// One validator through its life on `Staking`: a pool is created, its
/// owner sets the commission and it joins; the operator's node data in
/// `ValidatorConfig` is in force from the next epoch; epochs pay it from
/// the reserve by reported performance (none when unreported or under the
/// 80% floor), its operator's commission held until the lockup ends; the
/// owner unlocks, waits out the lockup and withdraws; the operator takes
/// its commission; governance removes the validator (scheduled, then at
/// the epoch change). Every failure on the way is the named error.
pub fn validator_lifecycle(chain: &mut dyn Chain) -> Result<()> {
    validator_lifecycle_trace(chain).map(drop)
}

/// What a platform-independent observer sees of [`validator_lifecycle`]:
/// native balance changes by role, the pool's four buckets and the epoch
/// at the end, and every log with addresses replaced by their roles. Both
/// platforms must produce the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatorTrace {
    /// Native balance changes by role (see [`Trace::balances`]).
    pub balances: Vec<(String, U256)>,
    /// The pool's (active, inactive, pending_active, pending_inactive).
    pub stake: (U256, U256, U256, U256),
    /// The epoch number, the reserve and the total voting power.
    pub epoch: (u64, U256, U256),
    /// Every log of every transaction, in order: (emitter role, topics, data).
    pub events: Vec<(String, Vec<B256>, Bytes)>,
}

/// [`validator_lifecycle`], returning its [`ValidatorTrace`] (the parity
/// test compares both platforms').
pub fn validator_lifecycle_trace(chain: &mut dyn Chain) -> Result<ValidatorTrace> {
    // Uncached, as in [`avax_lifecycle_trace`].
    let m = deploy_with(chain, false)?;
    let (staking, node_config) = (address(&m, "Staking")?, address(&m, "ValidatorConfig")?);
    let contracts = [(staking, "Staking"), (node_config, "ValidatorConfig")];
    let (_, balances, events) =
        traced(chain, &contracts, |chain| validator_lifecycle_steps(chain, &m, staking, node_config))?;
    let owner = chain.accounts()[5];
    let stake = chain.view(staking, Staking::getStakeCall { pool: owner })?;
    let epoch = chain.view(staking, Staking::epochInfoCall {})?;
    Ok(ValidatorTrace {
        balances,
        stake: (stake._0, stake._1, stake._2, stake._3),
        epoch: (epoch._0, epoch._3, epoch._4),
        events,
    })
}

fn validator_lifecycle_steps(
    chain: &mut dyn Chain,
    m: &Manifest,
    staking: Address,
    node_config: Address,
) -> Result<()> {
    let oracle = m.roles.oracle;
    let accounts = chain.accounts().to_vec();
    let (owner, operator, voter, funder) = (accounts[5], accounts[6], accounts[7], accounts[8]);
    let config = chain.view(staking, Staking::stakingConfigCall {})?;
    let (epoch_secs, lockup_secs) = (config._5, config._2);

    // A pool of 10 units; its owner sets 10% commission (the operator
    // cannot), its operator its node data (in force from the next epoch).
    let created = chain.exec(owner, staking, avax(10), Staking::initializeStakePoolCall { operator, voter })?;
    check(created.success, || "initializeStakePool reverted".into())?;
    let again = chain.exec(owner, staking, U256::ZERO, Staking::initializeStakePoolCall { operator, voter })?;
    reverted_with(&again, &Staking::StakePoolExists {})?;
    let by_operator = chain.exec(
        operator,
        staking,
        U256::ZERO,
        Staking::setCommissionCall { pool: owner, bps: U256::from(1_000) },
    )?;
    reverted_with(&by_operator, &Staking::StakeUnauthorized {})?;
    chain.ok(owner, staking, Staking::setCommissionCall { pool: owner, bps: U256::from(1_000) })?;
    let key = Bytes::from(vec![0xaa; 48]);
    chain.ok(operator, node_config, NodeConfig::setConsensusKeyCall { pool: owner, consensusKey: key.clone() })?;
    let stranger_key = chain.exec(
        owner,
        node_config,
        U256::ZERO,
        NodeConfig::setConsensusKeyCall { pool: owner, consensusKey: key.clone() },
    )?;
    reverted_with(&stranger_key, &NodeConfig::StakeUnauthorized {})?;
    eq("key before the epoch", chain.view(node_config, NodeConfig::consensusKeyCall { pool: owner })?, Bytes::new())?;
    let waiting = chain.view(node_config, NodeConfig::pendingConfigCall { pool: owner })?;
    eq("pending key", (waiting._0, waiting._3), (key.clone(), 1))?;

    // Join; the reserve is funded; the first epoch makes it active.
    let early = chain.exec(owner, staking, U256::ZERO, Staking::joinValidatorSetCall { pool: owner })?;
    reverted_with(&early, &Staking::StakeUnauthorized {})?;
    chain.ok(operator, staking, Staking::joinValidatorSetCall { pool: owner })?;
    check(chain.exec(funder, staking, avax(1), Staking::fundRewardsCall {})?.success, || "fundRewards".into())?;
    let too_soon = chain.exec(funder, staking, U256::ZERO, Staking::endEpochCall {})?;
    reverted_with(&too_soon, &Staking::EpochNotEnded {})?;
    chain.advance_time(epoch_secs + 1)?;
    chain.ok(funder, staking, Staking::endEpochCall {})?;
    eq("state after the first epoch", chain.view(staking, Staking::stakePoolCall { pool: owner })?._0, 2)?;
    eq("consensus key in force", chain.view(node_config, NodeConfig::consensusKeyCall { pool: owner })?, key)?;
    eq("voting power", chain.view(staking, Staking::votingPowerCall { pool: owner })?, avax(10))?;
    assert_staking_covered(chain, staking, owner, operator)?;

    // An epoch with 8 of 10 proposals: reward = 10 * 913e-8 * 0.8, 10% commission.
    let report = chain.exec(
        funder,
        staking,
        U256::ZERO,
        Staking::reportPerformanceCall { pool: owner, successful: 8, total: 10 },
    )?;
    reverted_with(&report, &Staking::Unauthorized { account: funder })?;
    chain.ok(oracle, staking, Staking::reportPerformanceCall { pool: owner, successful: 8, total: 10 })?;
    chain.advance_time(epoch_secs + 1)?;
    let ended = chain.ok(funder, staking, Staking::endEpochCall {})?;
    let reward = avax(10) * U256::from(913 * 8) / U256::from(1_000_000_000u64);
    let commission = reward / U256::from(10);
    let paid = ended
        .logs
        .iter()
        .find_map(|l| Staking::RewardsDistributed::decode_log_data(&l.data).ok())
        .ok_or_else(|| ChainFailure("no RewardsDistributed".into()))?;
    eq("rewards paid", (paid.rewards, paid.commission), (reward, commission))?;
    let active = avax(10) + reward - commission;
    eq("active after rewards", chain.view(staking, Staking::getStakeCall { pool: owner })?._0, active)?;
    let claim = chain.view(staking, Staking::commissionClaimCall { pool: owner, operator })?;
    eq("commission locked", (claim._0, claim._1), (U256::ZERO, commission))?;
    let locked = chain.exec(operator, staking, U256::ZERO, Staking::withdrawCommissionCall { pool: owner })?;
    reverted_with(&locked, &Staking::NoCommission {})?;
    assert_staking_covered(chain, staking, owner, operator)?;

    // An unreported epoch pays nothing.
    chain.advance_time(epoch_secs + 1)?;
    chain.ok(funder, staking, Staking::endEpochCall {})?;
    eq("active after an unreported epoch", chain.view(staking, Staking::getStakeCall { pool: owner })?._0, active)?;

    // An epoch under the 80% floor (7 of 10 proposals) pays nothing either.
    chain.ok(oracle, staking, Staking::reportPerformanceCall { pool: owner, successful: 7, total: 10 })?;
    chain.advance_time(epoch_secs + 1)?;
    chain.ok(funder, staking, Staking::endEpochCall {})?;
    eq(
        "active after an epoch under the floor",
        chain.view(staking, Staking::getStakeCall { pool: owner })?._0,
        active,
    )?;

    // Unlock 4: withdrawable only once the lockup has passed and an epoch moved it.
    chain.ok(owner, staking, Staking::unlockCall { amount: avax(4) })?;
    let stuck = chain.exec(owner, staking, U256::ZERO, Staking::withdrawCall { amount: avax(4) })?;
    reverted_with(&stuck, &Staking::InsufficientStake {})?;
    chain.advance_time(lockup_secs + 1)?;
    chain.ok(funder, staking, Staking::endEpochCall {})?;
    let stake = chain.view(staking, Staking::getStakeCall { pool: owner })?;
    eq("inactive after the lockup", (stake._1, stake._3), (avax(4), U256::ZERO))?;
    let before = chain.balance(staking)?;
    chain.ok(owner, staking, Staking::withdrawCall { amount: avax(4) })?;
    eq("withdrawn", before - chain.balance(staking)?, avax(4))?;
    assert_staking_covered(chain, staking, owner, operator)?;

    // The commission earned in the ended lockup is the operator's to take.
    let before = chain.balance(staking)?;
    chain.ok(operator, staking, Staking::withdrawCommissionCall { pool: owner })?;
    eq("commission withdrawn", before - chain.balance(staking)?, commission)?;

    // Governance removes it: scheduled, carried out after the change delay
    // (pending_inactive: it leaves at the next epoch); the operator can no
    // longer leave.
    let governance = m.roles.admin;
    let by_owner = chain.exec(owner, staking, U256::ZERO, Staking::removeValidatorCall { pool: owner })?;
    reverted_with(&by_owner, &Staking::Unauthorized { account: owner })?;
    chain.ok(governance, staking, Staking::removeValidatorCall { pool: owner })?;
    eq("state while removal waits", chain.view(staking, Staking::stakePoolCall { pool: owner })?._0, 2)?;
    chain.advance_time(m.roles.change_delay_secs)?;
    chain.ok(governance, staking, Staking::removeValidatorCall { pool: owner })?;
    eq("state once removed", chain.view(staking, Staking::stakePoolCall { pool: owner })?._0, 3)?;
    let leave = chain.exec(operator, staking, U256::ZERO, Staking::leaveValidatorSetCall { pool: owner })?;
    reverted_with(&leave, &Staking::NotInValidatorSet {})?;
    chain.advance_time(epoch_secs + 1)?;
    chain.ok(funder, staking, Staking::endEpochCall {})?;
    eq("state after leaving", chain.view(staking, Staking::stakePoolCall { pool: owner })?._0, 0)?;
    eq("validator set", chain.view(staking, Staking::validatorSetCall {})?, Vec::<Address>::new())?;
    assert_staking_covered(chain, staking, owner, operator)
}
