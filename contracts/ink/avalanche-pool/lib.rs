//! AvalanchePool, for ink! 6 on pallet-revive, with the Solidity
//! ABI of `abi/AvalanchePool.json`: stakes the chain's native currency for
//! ankrAVAX (certificates) or aAVAXb (bonds), queues unstake requests in the
//! core's O(1) first-in first-out queue, and reports rewards through the
//! bounded ratio feed.
//!
//! Staking mints `value * ratio / 1e18` shares (rounded down); claiming
//! burns the caller's tokens at once and fixes the AVAX owed; the operator
//! serves the queue in one step (`serveClaims`) from the pool's free
//! balance, and owners withdraw (`withdrawClaim`) or the operator pushes
//! payments in bounded batches (`pushClaims`). The pool's accounting is the
//! core's `PoolLedger`: never its raw balance.
//!
//! Staked AVAX leaves the pool only for its deposit address
//! (`collectStakes`): on the project's chains the `AvalancheDelegator`,
//! which stakes it in `Staking`, brings unlocked stake back
//! (`onStakingPayment`), and measures the rewards it earned, which it alone
//! reports here (`reportRewards`, stopped while paused: the fee mints).
//!
//! The owner's changes that redirect funds or raise what it takes are
//! scheduled ([`lst_ink_common::timelock`]): a new deposit address (once one
//! is set), a new treasury, a higher fee. They take effect only when asked
//! for again after the delay fixed at deployment; the owner or the pauser
//! may cancel them meanwhile. A lower fee is immediate.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::AVALANCHE_POOL, passes lst_core::error::raised::RATE_PROVIDER, passes lst_core::error::raised::CERT_TOKEN, passes lst_core::error::raised::BOND_TOKEN;
    OwnableUnauthorizedAccount,
    OwnableInvalidOwner,
    UnknownToken,
    TokenAlreadyRegistered,
    PrimaryTokenNotSet,
    LengthMismatch,
    NotRatioUpdater,
    Unauthorized,
    AlreadySet,
    ZeroAddress,
    CallReturnMalformed,
    EnforcedPause,
    ExpectedPause,
    ERC20InsufficientBalance,
    ERC20InvalidSender,
    ERC20InvalidReceiver,
    ERC20InsufficientAllowance,
    ERC20InvalidApprover,
    ERC20InvalidSpender,
    MetadataTooLong,
    ECDSAInvalidSignature,
    ECDSAInvalidSignatureS,
    ERC2612ExpiredSignature,
    ERC2612InvalidSigner,
    BatchTooLarge,
    TransferFailed,
);

/// Most requests one `pushClaims` call pays.
pub const MAX_PUSH_BATCH: u64 = 32;

/// Computation (ref_time) a pushed payment's recipient may use: enough for
/// an account or a plain receiving contract, too little to grief the batch.
pub const PUSH_REF_TIME: u64 = 1_000_000_000;

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::timelock_messages(changes, ownable, pausable)]
#[ink::contract]
mod avalanche_pool {
    use super::{MAX_PUSH_BATCH, PUSH_REF_TIME};
    use ink::{storage::Mapping, U256};
    use lst_core::{
        ledger::{self, PoolLedger},
        queue::{self as core_queue, QueueHeader, QueueStore, Request, RequestId, RequestStatus},
        rewards,
        stake::StakeRules,
        CoreError,
    };
    use lst_ink_common::{
        address_bytes, caller, calls, from_core, non_zero,
        operator::Operator,
        ownable::Ownable2Step,
        pausable::Pausable,
        selector,
        timelock::{self, Timelock},
        to_core, Error, Result,
    };

    /// The selectors that name the scheduled changes of this contract.
    const SET_FEE_BPS: [u8; 4] = selector!("setFeeBps(uint32)");
    const SET_TREASURY: [u8; 4] = selector!("setTreasury(address)");
    const SET_DEPOSIT_ADDRESS: [u8; 4] = selector!("setDepositAddress(address)");

    /// `staker` staked `amount` for ankrAVAX (`isRebasing` false) or aAVAXb.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct StakePendingV2 {
        /// Who staked.
        #[ink(topic)]
        pub staker: Address,
        /// AVAX staked.
        pub amount: U256,
        /// Whether bonds (aAVAXb) were minted.
        #[ink(topic)]
        pub isRebasing: bool,
    }

    /// `claimer` asked to unstake `amount` AVAX.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct AvaxClaimPendingV2 {
        /// Who unstakes.
        #[ink(topic)]
        pub claimer: Address,
        /// AVAX owed.
        pub amount: U256,
        /// Whether bonds (aAVAXb) were burned.
        #[ink(topic)]
        pub isRebasing: bool,
    }

    /// Request `requestId` joined the queue.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct ClaimRequested {
        /// The request's id.
        #[ink(topic)]
        pub requestId: U256,
        /// Its owner.
        #[ink(topic)]
        pub claimer: Address,
        /// AVAX owed.
        pub amount: U256,
    }

    /// Requests `firstId..=lastId` became claimable.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct ClaimsServed {
        /// First id served.
        pub firstId: U256,
        /// Last id served.
        pub lastId: U256,
        /// AVAX reserved for them.
        pub amount: U256,
    }

    /// Request `requestId` was paid to its owner.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct ClaimWithdrawn {
        /// The request's id.
        #[ink(topic)]
        pub requestId: U256,
        /// Its owner, paid.
        #[ink(topic)]
        pub claimer: Address,
        /// AVAX paid.
        pub amount: U256,
    }

    /// Pushing request `requestId` to its owner failed; it stays claimable.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct ClaimPushFailed {
        /// The request's id.
        #[ink(topic)]
        pub requestId: U256,
        /// Its owner.
        #[ink(topic)]
        pub claimer: Address,
    }

    /// `amount` staked AVAX went to the deposit address.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct StakesCollected {
        /// The deposit address.
        #[ink(topic)]
        pub depositAddress: Address,
        /// AVAX sent.
        pub amount: U256,
    }

    /// Rewards were reported: the fee, the new ratio and the fee's shares.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct RewardsReported {
        /// AVAX earned.
        pub rewards: U256,
        /// The protocol's part of it.
        pub fee: U256,
        /// The ratio now.
        pub newRatio: U256,
        /// ankrAVAX minted to the treasury for the fee.
        pub feeShares: U256,
    }

    /// The minimum stake changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct MinStakeChanged {
        /// Before.
        pub oldMinStake: U256,
        /// Now.
        pub newMinStake: U256,
    }

    /// The fee on rewards changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct FeeChanged {
        /// Before, in basis points.
        pub oldFeeBps: U256,
        /// Now, in basis points.
        pub newFeeBps: U256,
    }

    /// The treasury changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct TreasuryChanged {
        /// Before.
        #[ink(topic)]
        pub previousTreasury: Address,
        /// Now.
        #[ink(topic)]
        pub newTreasury: Address,
    }

    /// The deposit address (receiver of collected stakes) changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct DepositAddressChanged {
        /// Before.
        #[ink(topic)]
        pub previousDeposit: Address,
        /// Now.
        #[ink(topic)]
        pub newDeposit: Address,
    }

    /// A stored request: (owner, assets, cumulative, withdrawn).
    type StoredRequest = (Address, U256, U256, bool);
    /// The queue's header: (tail, finalized, total requested, total
    /// finalized, total withdrawn).
    type StoredHeader = (u64, u64, U256, U256, U256);

    /// The unstake queue over ink! storage (the core's [`QueueStore`]).
    #[ink::storage_item]
    #[derive(Default)]
    pub struct QueueStorage {
        requests: Mapping<u64, StoredRequest>,
        pending: Mapping<Address, U256>,
        header: StoredHeader,
    }

    impl core::fmt::Debug for QueueStorage {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("QueueStorage")
        }
    }

    impl QueueStore for QueueStorage {
        fn header(&self) -> QueueHeader {
            let (tail, finalized, requested, served, withdrawn) = self.header;
            QueueHeader {
                tail,
                finalized,
                total_requested: to_core(requested),
                total_finalized: to_core(served),
                total_withdrawn: to_core(withdrawn),
            }
        }

        fn set_header(&mut self, h: QueueHeader) {
            self.header = (
                h.tail,
                h.finalized,
                from_core(h.total_requested),
                from_core(h.total_finalized),
                from_core(h.total_withdrawn),
            );
        }

        fn request(&self, id: RequestId) -> Option<Request> {
            self.requests.get(id).map(|(owner, assets, cumulative, withdrawn)| Request {
                owner: address_bytes(owner),
                assets: to_core(assets),
                cumulative: to_core(cumulative),
                withdrawn,
            })
        }

        fn set_request(&mut self, id: RequestId, r: Request) {
            self.requests
                .insert(id, &(Address::from(r.owner), from_core(r.assets), from_core(r.cumulative), r.withdrawn));
        }

        fn pending_of(&self, owner: &lst_core::Address) -> lst_core::U256 {
            to_core(self.pending.get(Address::from(*owner)).unwrap_or_default())
        }

        fn set_pending_of(&mut self, owner: &lst_core::Address, assets: lst_core::U256) {
            self.pending.insert(Address::from(*owner), &from_core(assets));
        }
    }

    /// The pool's state.
    #[ink(storage)]
    pub struct AvalanchePool {
        ownable: Ownable2Step,
        pausable: Pausable,
        operator: Operator,
        changes: Timelock,
        /// (feed, ankrAVAX, aAVAXb).
        contracts: (Address, Address, Address),
        treasury: Address,
        /// Zero until the owner sets the first one.
        deposit: Address,
        min_stake: U256,
        fee_bps: u32,
        /// Accounted AVAX backing the shares (never the raw balance).
        pooled_assets: U256,
        /// Shares outstanding: ankrAVAX supply plus aAVAXb shares.
        supply_shares: U256,
        queue: QueueStorage,
    }

    // The scheduled changes' cancel runs in the app layer (the attribute
    // macro above), on the pool's timelock and pause records.
    lst_ink_common::app_host!(AvalanchePool);
    lst_app::store_in!(timelock: AvalanchePool, changes);
    lst_app::store_in!(pausable: AvalanchePool, pausable);

    impl AvalanchePool {
        /// Wires the pool to its feed and tokens. `admin` becomes owner,
        /// operator and pauser; the fee starts at 10% and the minimum at 1
        /// AVAX; scheduled changes wait `changeDelaySecs` (one hour to 30
        /// days). The deposit address starts unset: `setDepositAddress` sets
        /// the first one at once (collecting stakes waits for it).
        /// `ZeroAddress` for any zero address.
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(
            admin: Address,
            feed: Address,
            cert: Address,
            bond: Address,
            treasury: Address,
            changeDelaySecs: u64,
        ) -> Result<Self> {
            let mut pool = Self {
                ownable: Ownable2Step::default(),
                pausable: Pausable::new(admin),
                operator: Operator::new(admin),
                changes: Timelock::default(),
                contracts: (non_zero(feed)?, non_zero(cert)?, non_zero(bond)?),
                treasury: non_zero(treasury)?,
                deposit: Address::zero(),
                min_stake: from_core(StakeRules::default().min_stake),
                fee_bps: rewards::AVAX_FEE_BPS,
                pooled_assets: U256::zero(),
                supply_shares: U256::zero(),
                queue: QueueStorage::default(),
            };
            pool.ownable.init(admin)?;
            pool.changes.init(changeDelaySecs)?;
            Ok(pool)
        }

        /// Stakes the value sent (at least the minimum, whole AVAX) and
        /// mints `value * ratio / 1e18` ankrAVAX to the caller.
        #[ink(message, payable, name = "stakeAndClaimCerts")]
        pub fn stake_and_claim_certs(&mut self) -> Result<()> {
            self.stake(false)
        }

        /// Stakes the value sent (same rules) and mints aAVAXb: the caller's
        /// bond balance grows by the value (less rounding).
        #[ink(message, payable, name = "stakeAndClaimBonds")]
        pub fn stake_and_claim_bonds(&mut self) -> Result<()> {
            self.stake(true)
        }

        /// Burns `shares` ankrAVAX of the caller now, fixes the AVAX owed at
        /// the current ratio (rounded down), queues it and returns the
        /// request id.
        #[ink(message, name = "claimCerts")]
        pub fn claim_certs(&mut self, shares: U256) -> Result<U256> {
            self.pausable.check_not_paused()?;
            let claimer = caller();
            let (ledger, assets) = self.ledger().redeem_shares(to_core(shares), self.current_ratio()?)?;
            calls::burn(self.contracts.1, claimer, shares)?;
            self.queue_claim(claimer, assets, ledger, false)
        }

        /// Burns the aAVAXb shares worth `amount` AVAX (rounded up) of the
        /// caller, queues `amount` and returns the request id.
        #[ink(message, name = "claimBonds")]
        pub fn claim_bonds(&mut self, amount: U256) -> Result<U256> {
            self.pausable.check_not_paused()?;
            let claimer = caller();
            let (ledger, shares) = self.ledger().redeem_bonds(to_core(amount), self.current_ratio()?)?;
            calls::burn_shares(self.contracts.2, claimer, from_core(shares))?;
            self.queue_claim(claimer, to_core(amount), ledger, true)
        }

        /// Operator: makes every request up to `upToId` claimable, in O(1).
        /// The AVAX sent with the call joins the pool's balance; what is not
        /// already reserved for claimable requests must cover the new ones.
        #[ink(message, payable, name = "serveClaims")]
        #[allow(non_snake_case)]
        pub fn serve_claims(&mut self, upToId: U256) -> Result<()> {
            self.operator.only_operator(caller())?;
            let up_to = request_id(upToId).map_err(|_| Error::Core(CoreError::ServeOutOfRange))?;
            let available = to_core(self.env().balance()).saturating_sub(self.queue.header().reserved());
            let served = core_queue::finalize(&mut self.queue, up_to, available)?;
            lst_ink_common::emit(ClaimsServed {
                firstId: U256::from(served.first),
                lastId: U256::from(served.last),
                amount: from_core(served.assets),
            });
            Ok(())
        }

        /// The owner of claimable request `requestId` takes its AVAX. Works
        /// while paused.
        #[ink(message, name = "withdrawClaim")]
        #[allow(non_snake_case)]
        pub fn withdraw_claim(&mut self, requestId: U256) -> Result<()> {
            let claimer = caller();
            let id = request_id(requestId)?;
            let request = core_queue::withdraw(&mut self.queue, id, &address_bytes(claimer))?;
            let amount = from_core(request.assets);
            if !calls::pay(claimer, amount, None) {
                // The revert undoes the withdrawal: the request stays claimable.
                return Err(Error::TransferFailed { to: claimer, amount });
            }
            lst_ink_common::emit(ClaimWithdrawn { requestId, claimer, amount });
            Ok(())
        }

        /// Operator: pays the claimable requests among the `count` ids from
        /// `firstId` on (at most [`MAX_PUSH_BATCH`]) to their owners. Ids
        /// that are not claimable are skipped; a recipient that refuses the
        /// payment, or needs more than [`PUSH_REF_TIME`], keeps its request
        /// claimable and emits `ClaimPushFailed`. Returns how many were paid.
        #[ink(message, name = "pushClaims")]
        #[allow(non_snake_case)]
        pub fn push_claims(&mut self, firstId: U256, count: U256) -> Result<U256> {
            self.operator.only_operator(caller())?;
            if count > U256::from(MAX_PUSH_BATCH) {
                return Err(Error::BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) });
            }
            let Ok(first) = request_id(firstId) else { return Ok(U256::zero()) };
            let mut paid = 0_u64;
            for id in first..first.saturating_add(count.low_u64()) {
                if core_queue::status(&self.queue, id) != RequestStatus::Claimable {
                    continue;
                }
                let request = core_queue::withdraw_for_owner(&mut self.queue, id)?;
                let owner = Address::from(request.owner);
                let amount = from_core(request.assets);
                if calls::pay(owner, amount, Some(PUSH_REF_TIME)) {
                    paid = paid.saturating_add(1);
                    lst_ink_common::emit(ClaimWithdrawn { requestId: U256::from(id), claimer: owner, amount });
                } else {
                    core_queue::undo_withdraw(&mut self.queue, id)?;
                    lst_ink_common::emit(ClaimPushFailed { requestId: U256::from(id), claimer: owner });
                }
            }
            Ok(U256::from(paid))
        }

        /// Operator: sends `amount` staked AVAX to the deposit address; at
        /// most `collectableStakes()`, so the queue's dues always stay.
        #[ink(message, name = "collectStakes")]
        pub fn collect_stakes(&mut self, amount: U256) -> Result<()> {
            self.operator.only_operator(caller())?;
            let deposit = non_zero(self.deposit)?;
            if amount.is_zero() {
                return Err(CoreError::ZeroAmount.into());
            }
            if amount > self.collectable_stakes() {
                return Err(CoreError::InsufficientFunding.into());
            }
            if !calls::pay_with(deposit, amount, &calls::STAKING_PAYMENT) {
                return Err(Error::TransferFailed { to: deposit, amount });
            }
            lst_ink_common::emit(StakesCollected { depositAddress: deposit, amount });
            Ok(())
        }

        /// The deposit address brings staked AVAX back (withdrawn stake the
        /// queue needs). Only it may pay the pool this way
        /// (`Unauthorized`): AVAX from anyone else would be a gift to the
        /// holders, or a staker's mistake.
        #[ink(message, payable, name = "onStakingPayment")]
        pub fn on_staking_payment(&mut self) -> Result<()> {
            self.only_deposit()
        }

        /// The deposit address (the delegator, which measures them on
        /// chain) reports `rewards` AVAX earned. The core takes the fee,
        /// computes the new ratio, which goes through the feed's bounds, and
        /// mints the fee to the treasury as ankrAVAX. Stopped while paused.
        #[ink(message, name = "reportRewards")]
        pub fn report_rewards(&mut self, rewards: U256) -> Result<()> {
            self.only_deposit()?;
            self.pausable.check_not_paused()?;
            if rewards.is_zero() {
                return Err(CoreError::ZeroAmount.into());
            }
            let (feed, cert, _) = self.contracts;
            let (ledger, outcome) =
                self.ledger().report_rewards(to_core(rewards), self.fee_bps, self.current_ratio()?)?;
            calls::update_ratio(feed, cert, from_core(outcome.new_ratio))?;
            if !outcome.fee_shares.is_zero() {
                calls::mint(cert, self.treasury, from_core(outcome.fee_shares))?;
            }
            self.store_ledger(ledger);
            lst_ink_common::emit(RewardsReported {
                rewards,
                fee: from_core(outcome.split.fee_assets),
                newRatio: from_core(outcome.new_ratio),
                feeShares: from_core(outcome.fee_shares),
            });
            Ok(())
        }

        /// Owner: sets the minimum stake (a non-zero whole number of AVAX).
        #[ink(message, name = "setMinStake")]
        #[allow(non_snake_case)]
        pub fn set_min_stake(&mut self, minStake: U256) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let rules = self.rules().with_min_stake(to_core(minStake))?;
            let old = self.min_stake;
            self.min_stake = from_core(rules.min_stake);
            lst_ink_common::emit(MinStakeChanged { oldMinStake: old, newMinStake: minStake });
            Ok(())
        }

        /// Owner: sets the fee on rewards, in basis points (at most 50%). A
        /// lower fee is immediate; a higher one is scheduled: the first call
        /// schedules it, the same call after the delay applies it.
        #[ink(message, name = "setFeeBps")]
        #[allow(non_snake_case)]
        pub fn set_fee_bps(&mut self, feeBps: u32) -> Result<()> {
            self.ownable.only_owner(caller())?;
            rewards::check_fee(feeBps)?;
            let old = self.fee_bps;
            if feeBps > old && !self.changes.request(timelock::key(SET_FEE_BPS, Address::zero()), U256::from(feeBps))? {
                return Ok(());
            }
            self.fee_bps = feeBps;
            lst_ink_common::emit(FeeChanged { oldFeeBps: U256::from(old), newFeeBps: U256::from(feeBps) });
            Ok(())
        }

        /// Owner: changes the operator.
        #[ink(message, name = "setOperator")]
        pub fn set_operator(&mut self, operator: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            self.operator.set(operator)
        }

        /// Owner: changes the pauser.
        #[ink(message, name = "setPauser")]
        pub fn set_pauser(&mut self, pauser: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            self.pausable.set_pauser(non_zero(pauser)?);
            Ok(())
        }

        /// Owner, scheduled: changes the treasury that receives the fee
        /// shares (the first call schedules it, the same call after the
        /// delay applies it).
        #[ink(message, name = "setTreasury")]
        pub fn set_treasury(&mut self, treasury: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let previous = self.treasury;
            non_zero(treasury)?;
            if !self.changes.request(timelock::key(SET_TREASURY, Address::zero()), timelock::address_value(treasury))? {
                return Ok(());
            }
            self.treasury = treasury;
            lst_ink_common::emit(TreasuryChanged { previousTreasury: previous, newTreasury: treasury });
            Ok(())
        }

        /// Owner: sets the deposit address collected stakes go to: the
        /// first one at once, a change of it scheduled (the first call
        /// schedules it, the same call after the delay applies it).
        #[ink(message, name = "setDepositAddress")]
        pub fn set_deposit_address(&mut self, deposit: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let previous = self.deposit;
            non_zero(deposit)?;
            if previous != Address::zero()
                && !self
                    .changes
                    .request(timelock::key(SET_DEPOSIT_ADDRESS, Address::zero()), timelock::address_value(deposit))?
            {
                return Ok(());
            }
            self.deposit = deposit;
            lst_ink_common::emit(DepositAddressChanged { previousDeposit: previous, newDeposit: deposit });
            Ok(())
        }

        /// Pauser: stops staking and claiming (withdrawals keep working).
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.pausable.pause(caller())
        }

        /// Pauser: resumes staking and claiming.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.pausable.unpause(caller())
        }

        /// Whether staking and claiming are stopped.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.pausable.paused()
        }

        /// AVAX owed to `claimer` over its requests not yet paid out.
        #[ink(message, name = "pendingAvaxClaimsOf")]
        pub fn pending_avax_claims_of(&self, claimer: Address) -> U256 {
            from_core(self.queue.pending_of(&address_bytes(claimer)))
        }

        /// Request `requestId`: owner, AVAX owed and status (0 unknown,
        /// 1 pending, 2 claimable, 3 claimed).
        #[ink(message, name = "claimStatus")]
        #[allow(non_snake_case)]
        pub fn claim_status(&self, requestId: U256) -> (Address, U256, u8) {
            let Ok(id) = request_id(requestId) else {
                return (Address::zero(), U256::zero(), RequestStatus::Unknown as u8);
            };
            let status = core_queue::status(&self.queue, id) as u8;
            match self.queue.request(id) {
                Some(r) => (Address::from(r.owner), from_core(r.assets), status),
                None => (Address::zero(), U256::zero(), status),
            }
        }

        /// The queue: (head = oldest request not yet claimable, last
        /// claimable id, tail = newest id).
        #[ink(message, name = "queueBounds")]
        pub fn queue_bounds(&self) -> (u64, u64, u64) {
            let header = self.queue.header();
            (header.head(), header.finalized, header.tail)
        }

        /// AVAX the operator may still collect: the balance less everything
        /// the queue is owed (claimable and pending).
        #[ink(message, name = "collectableStakes")]
        pub fn collectable_stakes(&self) -> U256 {
            from_core(ledger::collectable(to_core(self.env().balance()), self.queue.header().owed()))
        }

        /// AVAX the queue is owed: every request not yet paid out (pending
        /// and claimable).
        #[ink(message, name = "owedToQueue")]
        pub fn owed_to_queue(&self) -> U256 {
            from_core(self.queue.header().owed())
        }

        /// Accounted AVAX backing all shares.
        #[ink(message, name = "totalPooledAvax")]
        pub fn total_pooled_avax(&self) -> U256 {
            self.pooled_assets
        }

        /// Shares outstanding (ankrAVAX supply plus aAVAXb shares).
        #[ink(message, name = "totalShares")]
        pub fn total_shares(&self) -> U256 {
            self.supply_shares
        }

        /// The smallest stake accepted.
        #[ink(message, name = "minStake")]
        pub fn min_stake(&self) -> U256 {
            self.min_stake
        }

        /// The fee on rewards, in basis points.
        #[ink(message, name = "feeBps")]
        pub fn fee_bps(&self) -> u32 {
            self.fee_bps
        }

        /// The operator.
        #[ink(message)]
        pub fn operator(&self) -> Address {
            self.operator.get()
        }

        /// The pauser.
        #[ink(message)]
        pub fn pauser(&self) -> Address {
            self.pausable.pauser()
        }

        /// The treasury.
        #[ink(message)]
        pub fn treasury(&self) -> Address {
            self.treasury
        }

        /// Where collected stakes go.
        #[ink(message, name = "depositAddress")]
        pub fn deposit_address(&self) -> Address {
            self.deposit
        }

        /// The contracts the pool works with: (feed, ankrAVAX, aAVAXb).
        #[ink(message)]
        pub fn contracts(&self) -> (Address, Address, Address) {
            self.contracts
        }

        /// `Unauthorized` unless the caller is the deposit address.
        fn only_deposit(&self) -> Result<()> {
            let account = caller();
            if account == self.deposit {
                Ok(())
            } else {
                Err(Error::Unauthorized { account })
            }
        }

        fn ledger(&self) -> PoolLedger {
            PoolLedger { pooled_assets: to_core(self.pooled_assets), supply_shares: to_core(self.supply_shares) }
        }

        fn store_ledger(&mut self, ledger: PoolLedger) {
            self.pooled_assets = from_core(ledger.pooled_assets);
            self.supply_shares = from_core(ledger.supply_shares);
        }

        fn rules(&self) -> StakeRules {
            StakeRules { min_stake: to_core(self.min_stake), ..StakeRules::default() }
        }

        fn current_ratio(&self) -> Result<lst_core::U256> {
            Ok(to_core(calls::get_ratio_for(self.contracts.0, self.contracts.1)?))
        }

        /// Stakes the value sent for the caller and mints its shares: as
        /// aAVAXb if `is_rebasing`, else as ankrAVAX.
        fn stake(&mut self, is_rebasing: bool) -> Result<()> {
            self.pausable.check_not_paused()?;
            let staker = caller();
            let amount = self.env().transferred_value();
            let (ledger, shares) = self.ledger().stake(to_core(amount), &self.rules(), self.current_ratio()?)?;
            if is_rebasing {
                calls::mint_shares(self.contracts.2, staker, from_core(shares))?;
            } else {
                calls::mint(self.contracts.1, staker, from_core(shares))?;
            }
            self.store_ledger(ledger);
            lst_ink_common::emit(StakePendingV2 { staker, amount, isRebasing: is_rebasing });
            Ok(())
        }

        /// Queues `assets` for `claimer` after its tokens were burned.
        fn queue_claim(
            &mut self,
            claimer: Address,
            assets: lst_core::U256,
            ledger: PoolLedger,
            is_rebasing: bool,
        ) -> Result<U256> {
            let id = core_queue::enqueue(&mut self.queue, &address_bytes(claimer), assets)?;
            self.store_ledger(ledger);
            let amount = from_core(assets);
            lst_ink_common::emit(AvaxClaimPendingV2 { claimer, amount, isRebasing: is_rebasing });
            lst_ink_common::emit(ClaimRequested { requestId: U256::from(id), claimer, amount });
            Ok(U256::from(id))
        }
    }

    /// A request id as the queue's `u64`; `RequestNotFound` beyond it.
    fn request_id(id: U256) -> Result<RequestId> {
        if id > U256::from(u64::MAX) {
            return Err(CoreError::RequestNotFound.into());
        }
        Ok(id.low_u64())
    }
}

#[cfg(test)]
mod tests;
