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
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::timelock_messages(changes, ownable, pausable)]
#[ink::contract]
pub mod avalanche_pool {
    use super::PUSH_REF_TIME;
    use ink::{storage::Mapping, U256};
    use lst_app::avalanche_pool as app;
    use lst_core::{
        ledger::PoolLedger,
        queue::{QueueHeader, QueueStore, Request, RequestId},
    };
    use lst_ink_common::{
        address_bytes, from_core, ownable::Ownable2Step, pausable::Pausable, timelock::Timelock, to_core, Failure,
    };

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// The operator changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct OperatorChanged {
        /// Before.
        #[ink(topic)]
        pub previousOperator: Address,
        /// Now.
        #[ink(topic)]
        pub newOperator: Address,
    }

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
        operator: Address,
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

    lst_ink_common::app_host!(AvalanchePool);
    lst_app::store_in!(timelock: AvalanchePool, changes);
    lst_app::store_in!(pausable: AvalanchePool, pausable);
    lst_app::store_in!(queue: AvalanchePool, queue);

    impl app::Payments for AvalanchePool {
        fn send(&mut self, to: lst_app::Address, amount: lst_app::U256, pushed: bool) -> bool {
            let budget = if pushed { Some(PUSH_REF_TIME) } else { None };
            lst_ink_common::calls::pay(Address::from(to), from_core(amount), budget)
        }
    }

    impl lst_app::operator::Store for AvalanchePool {
        fn operator(&self) -> lst_app::Address {
            self.operator.0
        }

        fn set_operator(&mut self, operator: lst_app::Address) {
            self.operator = Address::from(operator);
        }
    }

    impl app::Store for AvalanchePool {
        fn ledger(&self) -> PoolLedger {
            PoolLedger { pooled_assets: to_core(self.pooled_assets), supply_shares: to_core(self.supply_shares) }
        }

        fn set_ledger(&mut self, ledger: PoolLedger) {
            self.pooled_assets = from_core(ledger.pooled_assets);
            self.supply_shares = from_core(ledger.supply_shares);
        }

        fn min_stake(&self) -> lst_app::U256 {
            to_core(self.min_stake)
        }

        fn set_min_stake(&mut self, min_stake: lst_app::U256) {
            self.min_stake = from_core(min_stake);
        }

        fn fee_bps(&self) -> u32 {
            self.fee_bps
        }

        fn set_fee_bps(&mut self, fee_bps: u32) {
            self.fee_bps = fee_bps;
        }

        fn contracts(&self) -> (lst_app::Address, lst_app::Address, lst_app::Address) {
            (self.contracts.0 .0, self.contracts.1 .0, self.contracts.2 .0)
        }

        fn set_contracts(&mut self, feed: lst_app::Address, cert: lst_app::Address, bond: lst_app::Address) {
            self.contracts = (Address::from(feed), Address::from(cert), Address::from(bond));
        }

        fn treasury(&self) -> lst_app::Address {
            self.treasury.0
        }

        fn set_treasury(&mut self, treasury: lst_app::Address) {
            self.treasury = Address::from(treasury);
        }

        fn deposit(&self) -> lst_app::Address {
            self.deposit.0
        }

        fn set_deposit(&mut self, deposit: lst_app::Address) {
            self.deposit = Address::from(deposit);
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::avalanche_pool` (ownership and the scheduled changes: the
    /// attribute macros above).
    impl AvalanchePool {
        /// See `lst_app::avalanche_pool::init`.
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
                pausable: Pausable::default(),
                operator: Address::zero(),
                changes: Timelock::default(),
                contracts: (Address::zero(), Address::zero(), Address::zero()),
                treasury: Address::zero(),
                deposit: Address::zero(),
                min_stake: U256::zero(),
                fee_bps: 0,
                pooled_assets: U256::zero(),
                supply_shares: U256::zero(),
                queue: QueueStorage::default(),
            };
            lst_app::ownable::init(&mut pool.ownable, admin.0)?;
            app::init(&mut pool, admin.0, (feed.0, cert.0, bond.0), treasury.0, changeDelaySecs)?;
            Ok(pool)
        }

        /// See `lst_app::avalanche_pool::stake` (ankrAVAX).
        #[ink(message, payable, name = "stakeAndClaimCerts")]
        pub fn stake_and_claim_certs(&mut self) -> Result<()> {
            Ok(app::stake(self, false)?)
        }

        /// See `lst_app::avalanche_pool::stake` (aAVAXb).
        #[ink(message, payable, name = "stakeAndClaimBonds")]
        pub fn stake_and_claim_bonds(&mut self) -> Result<()> {
            Ok(app::stake(self, true)?)
        }

        /// See `lst_app::avalanche_pool::claim_certs`.
        #[ink(message, name = "claimCerts")]
        pub fn claim_certs(&mut self, shares: U256) -> Result<U256> {
            Ok(from_core(app::claim_certs(self, to_core(shares))?))
        }

        /// See `lst_app::avalanche_pool::claim_bonds`.
        #[ink(message, name = "claimBonds")]
        pub fn claim_bonds(&mut self, amount: U256) -> Result<U256> {
            Ok(from_core(app::claim_bonds(self, to_core(amount))?))
        }

        /// See `lst_app::avalanche_pool::serve_claims`.
        #[ink(message, payable, name = "serveClaims")]
        #[allow(non_snake_case)]
        pub fn serve_claims(&mut self, upToId: U256) -> Result<()> {
            Ok(app::serve_claims(self, to_core(upToId))?)
        }

        /// See `lst_app::avalanche_pool::withdraw_claim`.
        #[ink(message, name = "withdrawClaim")]
        #[allow(non_snake_case)]
        pub fn withdraw_claim(&mut self, requestId: U256) -> Result<()> {
            Ok(app::withdraw_claim(self, to_core(requestId))?)
        }

        /// See `lst_app::avalanche_pool::push_claims`.
        #[ink(message, name = "pushClaims")]
        #[allow(non_snake_case)]
        pub fn push_claims(&mut self, firstId: U256, count: U256) -> Result<U256> {
            Ok(from_core(app::push_claims(self, to_core(firstId), to_core(count))?))
        }

        /// See `lst_app::avalanche_pool::collect_stakes`.
        #[ink(message, name = "collectStakes")]
        pub fn collect_stakes(&mut self, amount: U256) -> Result<()> {
            Ok(app::collect_stakes(self, to_core(amount))?)
        }

        /// See `lst_app::avalanche_pool::on_staking_payment`.
        #[ink(message, payable, name = "onStakingPayment")]
        pub fn on_staking_payment(&mut self) -> Result<()> {
            Ok(app::on_staking_payment(self)?)
        }

        /// See `lst_app::avalanche_pool::report_rewards`.
        #[ink(message, name = "reportRewards")]
        pub fn report_rewards(&mut self, rewards: U256) -> Result<()> {
            Ok(app::report_rewards(self, to_core(rewards))?)
        }

        /// See `lst_app::avalanche_pool::set_min_stake`.
        #[ink(message, name = "setMinStake")]
        #[allow(non_snake_case)]
        pub fn set_min_stake(&mut self, minStake: U256) -> Result<()> {
            Ok(app::set_min_stake(self, to_core(minStake))?)
        }

        /// See `lst_app::avalanche_pool::set_fee_bps`.
        #[ink(message, name = "setFeeBps")]
        #[allow(non_snake_case)]
        pub fn set_fee_bps(&mut self, feeBps: u32) -> Result<()> {
            Ok(app::set_fee_bps(self, feeBps)?)
        }

        /// See `lst_app::operator::set_operator`.
        #[ink(message, name = "setOperator")]
        pub fn set_operator(&mut self, operator: Address) -> Result<()> {
            Ok(lst_app::operator::set_operator(self, operator.0)?)
        }

        /// See `lst_app::pausable::set_pauser_non_zero`.
        #[ink(message, name = "setPauser")]
        pub fn set_pauser(&mut self, pauser: Address) -> Result<()> {
            Ok(lst_app::pausable::set_pauser_non_zero(self, pauser.0)?)
        }

        /// See `lst_app::avalanche_pool::set_treasury`.
        #[ink(message, name = "setTreasury")]
        pub fn set_treasury(&mut self, treasury: Address) -> Result<()> {
            Ok(app::set_treasury(self, treasury.0)?)
        }

        /// See `lst_app::avalanche_pool::set_deposit_address`.
        #[ink(message, name = "setDepositAddress")]
        pub fn set_deposit_address(&mut self, deposit: Address) -> Result<()> {
            Ok(app::set_deposit_address(self, deposit.0)?)
        }

        /// See `lst_app::pausable::pause`.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            Ok(lst_app::pausable::pause(self)?)
        }

        /// See `lst_app::pausable::unpause`.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            Ok(lst_app::pausable::unpause(self)?)
        }

        /// Whether staking, claiming and reports are stopped.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.pausable.paused()
        }

        /// AVAX owed to `claimer` over its requests not yet paid.
        #[ink(message, name = "pendingAvaxClaimsOf")]
        pub fn pending_avax_claims_of(&self, claimer: Address) -> U256 {
            from_core(self.queue.pending_of(&address_bytes(claimer)))
        }

        /// See `lst_app::avalanche_pool::claim_status`.
        #[ink(message, name = "claimStatus")]
        #[allow(non_snake_case)]
        pub fn claim_status(&self, requestId: U256) -> (Address, U256, u8) {
            let (owner, assets, status) = app::claim_status(self, to_core(requestId));
            (Address::from(owner), from_core(assets), status)
        }

        /// (head, finalized, tail) of the queue.
        #[ink(message, name = "queueBounds")]
        pub fn queue_bounds(&self) -> (u64, u64, u64) {
            let header = self.queue.header();
            (header.head(), header.finalized, header.tail)
        }

        /// AVAX the queue still needs.
        #[ink(message, name = "owedToQueue")]
        pub fn owed_to_queue(&self) -> U256 {
            from_core(self.queue.header().owed())
        }

        /// See `lst_app::avalanche_pool::collectable_stakes`.
        #[ink(message, name = "collectableStakes")]
        pub fn collectable_stakes(&self) -> Result<U256> {
            Ok(from_core(app::collectable_stakes(self)?))
        }

        /// AVAX backing the shares.
        #[ink(message, name = "totalPooledAvax")]
        pub fn total_pooled_avax(&self) -> U256 {
            self.pooled_assets
        }

        /// Shares outstanding.
        #[ink(message, name = "totalShares")]
        pub fn total_shares(&self) -> U256 {
            self.supply_shares
        }

        /// The smallest stake.
        #[ink(message, name = "minStake")]
        pub fn min_stake(&self) -> U256 {
            self.min_stake
        }

        /// The fee on rewards, in basis points.
        #[ink(message, name = "feeBps")]
        pub fn fee_bps(&self) -> u32 {
            self.fee_bps
        }

        /// The account that serves the queue.
        #[ink(message)]
        pub fn operator(&self) -> Address {
            self.operator
        }

        /// The account that may pause.
        #[ink(message)]
        pub fn pauser(&self) -> Address {
            self.pausable.pauser()
        }

        /// Where the fee is minted.
        #[ink(message)]
        pub fn treasury(&self) -> Address {
            self.treasury
        }

        /// Where collected stakes go (zero until set).
        #[ink(message, name = "depositAddress")]
        pub fn deposit_address(&self) -> Address {
            self.deposit
        }

        /// (feed, ankrAVAX, aAVAXb).
        #[ink(message)]
        pub fn contracts(&self) -> (Address, Address, Address) {
            self.contracts
        }
    }
}

#[cfg(test)]
mod tests;
