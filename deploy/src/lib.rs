//! The deploy tool: puts the suite on a chain, wires its roles, and checks
//! a chain against what it recorded.
//!
//! - [`up`] deploys every contract and runs the wiring [`steps`], writing
//!   `deployments/<network>.json` ([`Manifest`]) after each one. On Stylus
//!   it deploys through the StylusDeployer (CREATE2, constructor in the
//!   same transaction); on pallet-revive (ink!) with a contract-creation
//!   transaction (CREATE), recording the address its nonce fixes before
//!   sending. A re-run skips what the manifest shows, after checking the
//!   chain still has it; a contract an interrupted run deployed but did not
//!   record is found at its CREATE2 (Stylus) or recorded pending (ink!)
//!   address, and a step the chain already shows is recorded without a
//!   transaction. Nothing is done twice.
//! - [`verify`] reads the chain and checks every address, code hash, role
//!   and parameter against the manifest.
//!
//! Both work on any [`Chain`]: the in-process devnode, the `devnode`
//! binary, a JSON-RPC endpoint such as Arbitrum Sepolia, the in-process
//! pallet-revive chain, or a pallet-revive eth-rpc endpoint.

pub mod keys;
pub mod manifest;
pub mod network;

use alloy::{
    primitives::{keccak256, Address, B256, U256},
    sol_types::{SolCall, SolValue},
};
use lst_client::{
    abi::{
        IAvalancheDelegator as Delegator, IAvalanchePool as Pool, IBondToken as Bond, ICertToken as Cert,
        IPolkadotPool as DotPool, IRateProvider as Feed, IStaking,
    },
    stylus::{self, STYLUS_DEPLOYER},
    Chain, ChainFailure, Platform,
};
pub use manifest::{Deployed, Done, Manifest, Pending, Roles};
use std::path::PathBuf;

/// Why `up` or `verify` stopped.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// The chain could not be reached or answered nonsense.
    #[error("chain: {0}")]
    Chain(#[from] ChainFailure),
    /// The manifest cannot be read, written, or does not fit this chain.
    #[error("manifest: {0}")]
    Manifest(String),
    /// A transaction reverted.
    #[error("{step} reverted: 0x{data}")]
    Reverted {
        /// The step.
        step: String,
        /// Its revert data, hex.
        data: String,
    },
    /// The chain does not hold what the manifest says (or what a step
    /// should have done).
    #[error("{0}")]
    Mismatch(String),
}

/// What the tool returns.
pub type Result<T> = std::result::Result<T, DeployError>;

/// A contract of the suite: its name in the manifest and which of the
/// suite's contracts it is (its build artifact per platform and its
/// committed ABI, `abi/<kind>.json`).
#[derive(Clone, Copy, Debug)]
pub struct Contract {
    /// Name in the manifest.
    pub name: &'static str,
    /// The contract it deploys.
    pub kind: lst_client::Contract,
    /// Whether it has an owner, whom `up` hands it to (the staking module
    /// names its governance at deployment; the delegator and the node data
    /// have no admin).
    pub owned: bool,
}

impl Contract {
    /// Its committed ABI, relative to the repository root.
    pub fn abi(&self) -> String {
        format!("abi/{}.json", self.kind.name())
    }
}

/// Every contract, in deployment order (each one's constructor takes only
/// addresses deployed before it; the AVAX pool's deposit address, its
/// delegator, deployed after it, is a wiring step).
pub const CONTRACTS: [Contract; 13] = {
    use lst_client::Contract as K;
    [
        Contract { name: "RateProvider", kind: K::RateProvider, owned: true },
        Contract { name: "ankrAVAX", kind: K::CertToken, owned: true },
        Contract { name: "aAVAXb", kind: K::BondToken, owned: true },
        Contract { name: "Staking", kind: K::Staking, owned: false },
        Contract { name: "AvalanchePool", kind: K::AvalanchePool, owned: true },
        Contract { name: "AvalancheDelegator", kind: K::AvalancheDelegator, owned: false },
        Contract { name: "StakeAccount1", kind: K::StakeAccount, owned: false },
        Contract { name: "StakeAccount2", kind: K::StakeAccount, owned: false },
        Contract { name: "StakeAccount3", kind: K::StakeAccount, owned: false },
        Contract { name: "aKSMb", kind: K::BondToken, owned: true },
        Contract { name: "aDOTb", kind: K::BondToken, owned: true },
        Contract { name: "PolkadotPool", kind: K::PolkadotPool, owned: true },
        Contract { name: "ValidatorConfig", kind: K::ValidatorConfig, owned: false },
    ]
};

/// The AVAX pool's validators: the stake accounts `up` deploys and adds
/// to the delegator's set.
pub const STAKE_ACCOUNTS: [&str; 3] = ["StakeAccount1", "StakeAccount2", "StakeAccount3"];

/// The initial ratio of every registered token (1.0).
pub const INITIAL_RATIO: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// The constructor arguments of `name`, given what is deployed so far.
fn constructor_args(name: &str, m: &Manifest) -> Result<Vec<u8>> {
    let get = |n: &str| m.address(n).map_err(DeployError::Manifest);
    let owner = m.deployer;
    let bond = |title: &str, symbol: &str, ratio_token: Address| -> Result<Vec<u8>> {
        Ok((owner, get("RateProvider")?, ratio_token, title.to_owned(), symbol.to_owned()).abi_encode_params())
    };
    Ok(match name {
        "RateProvider" => (owner, m.roles.change_delay_secs).abi_encode_params(),
        "ankrAVAX" => (owner, get("RateProvider")?).abi_encode_params(),
        "aAVAXb" => bond("Ankr AVAX Bond", "aAVAXb", get("ankrAVAX")?)?,
        // The deposit address starts unset: the delegator, which names the
        // pool in its own constructor, is set in a step (the first deposit
        // address is immediate; a later change waits the change delay).
        "AvalanchePool" => {
            (owner, get("RateProvider")?, get("ankrAVAX")?, get("aAVAXb")?, m.roles.treasury, m.roles.change_delay_secs)
                .abi_encode_params()
        }
        "AvalancheDelegator" => (get("AvalanchePool")?, get("Staking")?, m.roles.change_delay_secs).abi_encode_params(),
        // The AVAX pool's three validators, each a stake account managed by
        // the delegator and run by its own operator.
        "StakeAccount1" | "StakeAccount2" | "StakeAccount3" => {
            let index = usize::from(name.as_bytes().last().copied().unwrap_or(b'1').saturating_sub(b'1'));
            (get("AvalancheDelegator")?, get("Staking")?, m.roles.validator_operator(index)).abi_encode_params()
        }
        "aKSMb" => bond("Ankr KSM Bond", "aKSMb", Address::ZERO)?,
        "aDOTb" => bond("Ankr DOT Bond", "aDOTb", Address::ZERO)?,
        "PolkadotPool" => (owner, m.roles.notary, m.roles.change_delay_secs).abi_encode_params(),
        // The validator staking module (its configuration is a constant of
        // its code): the admin is its governance for its life (removes
        // validators, after the change delay); the oracle account reports
        // performance (on a local network, the keeper's oracle key).
        "Staking" => (m.roles.admin, m.roles.oracle, m.roles.change_delay_secs).abi_encode_params(),
        "ValidatorConfig" => (get("Staking")?,).abi_encode_params(),
        other => return Err(DeployError::Manifest(format!("unknown contract {other}"))),
    })
}

/// A fact about the chain: a view returns exactly `want`, or any of
/// several facts holds.
#[derive(Clone, Debug)]
pub enum Probe {
    /// `to.call` returns the ABI encoding `want`.
    Returns {
        /// The contract read.
        to: Address,
        /// The view's calldata.
        call: Vec<u8>,
        /// Its expected return data.
        want: Vec<u8>,
    },
    /// `to.call` returns a non-zero word at index `word` (a balance that
    /// was funded).
    NonZeroWord {
        /// The contract read.
        to: Address,
        /// The view's calldata.
        call: Vec<u8>,
        /// Which word of the return data.
        word: usize,
    },
    /// `to.call` does not revert.
    Succeeds {
        /// The contract read.
        to: Address,
        /// The view's calldata.
        call: Vec<u8>,
    },
    /// At least one holds.
    Any(Vec<Probe>),
}

impl Probe {
    fn returns<C: SolCall>(to: Address, call: C, want: impl SolValue) -> Self {
        Probe::Returns { to, call: call.abi_encode(), want: want.abi_encode() }
    }

    /// Whether it holds on `chain` (a reverting view does not hold).
    pub fn holds(&self, chain: &mut dyn Chain) -> Result<bool> {
        match self {
            Probe::Returns { to, call, want } => Ok(chain.call(*to, call)?.is_ok_and(|out| &out == want)),
            Probe::Succeeds { to, call } => Ok(chain.call(*to, call)?.is_ok()),
            Probe::NonZeroWord { to, call, word } => Ok(chain
                .call(*to, call)?
                .ok()
                .and_then(|out| out.get(word * 32..(word + 1) * 32).map(|w| w.iter().any(|b| *b != 0)))
                .unwrap_or(false)),
            Probe::Any(probes) => {
                for p in probes {
                    if p.holds(chain)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

/// One wiring transaction and the fact it establishes.
#[derive(Clone, Debug)]
pub struct Step {
    /// Its name in the manifest and the progress output.
    pub name: String,
    /// The contract it calls.
    pub to: Address,
    /// Its calldata.
    pub call: Vec<u8>,
    /// Native currency sent with it.
    pub value: U256,
    /// What holds once it is done.
    pub probe: Probe,
}

fn step<C: SolCall>(name: String, to: Address, call: C, probe: Probe) -> Step {
    Step { name, to, call: call.abi_encode(), value: U256::ZERO, probe }
}

/// Ownership of `to` is with `admin`, or handed to it (pending its
/// `acceptOwnership`). Every contract has the same `Ownable2Step` functions,
/// so the feed's `sol!` types encode them for all.
fn owned_by(to: Address, admin: Address) -> Probe {
    Probe::Any(vec![
        Probe::returns(to, Feed::ownerCall {}, admin),
        Probe::returns(to, Feed::pendingOwnerCall {}, admin),
    ])
}

/// The wiring of a fully deployed suite, in order: ratios registered, the
/// pools as the only minters, the oracle, operator and pauser roles, and
/// last, ownership handed to the admin.
pub fn steps(m: &Manifest) -> Result<Vec<Step>> {
    let get = |n: &str| m.address(n).map_err(DeployError::Manifest);
    let (feed, cert, avax_bond, pool) = (get("RateProvider")?, get("ankrAVAX")?, get("aAVAXb")?, get("AvalanchePool")?);
    let (ksm, dot, dot_pool) = (get("aKSMb")?, get("aDOTb")?, get("PolkadotPool")?);
    let (staking, delegator) = (get("Staking")?, get("AvalancheDelegator")?);
    let r = &m.roles;
    let mut steps = Vec::new();
    // The set first: additions before anything is delegated apply at once.
    for name in STAKE_ACCOUNTS {
        let account = get(name)?;
        steps.push(step(
            format!("AvalancheDelegator.addValidator({name})"),
            delegator,
            Delegator::addValidatorCall { account },
            Probe::returns(delegator, Delegator::isRetiringCall { account }, false),
        ));
    }
    steps.push(step(
        "AvalanchePool.setDepositAddress(AvalancheDelegator)".into(),
        pool,
        Pool::setDepositAddressCall { deposit: delegator },
        Probe::returns(pool, Pool::depositAddressCall {}, delegator),
    ));
    if !r.reward_reserve.is_zero() {
        steps.push(Step {
            value: r.reward_reserve,
            ..step(
                format!("Staking.fundRewards({} wei)", r.reward_reserve),
                staking,
                IStaking::fundRewardsCall {},
                // The reserve (the fourth word of `epochInfo()`) holds something.
                Probe::NonZeroWord { to: staking, call: IStaking::epochInfoCall {}.abi_encode(), word: 3 },
            )
        });
    }
    // Each token has its own updater: the AVAX pool reports ankrAVAX's
    // ratio, the KSM/DOT oracle aKSMb's and aDOTb's (aAVAXb reads
    // ankrAVAX's).
    for (token, name, updater, updater_name) in [
        (cert, "ankrAVAX", pool, "AvalanchePool".to_owned()),
        (ksm, "aKSMb", r.oracle, format!("oracle {}", r.oracle)),
        (dot, "aDOTb", r.oracle, format!("oracle {}", r.oracle)),
    ] {
        steps.push(step(
            format!("RateProvider.registerToken({name}, updater {updater_name})"),
            feed,
            Feed::registerTokenCall { token, initialRatio: INITIAL_RATIO, updater },
            // Registered (its ratio reads, at any value: rewards move it)
            // and updated by the right account.
            Probe::returns(feed, Feed::ratioUpdaterCall { token }, updater),
        ));
    }
    steps.push(step(
        "RateProvider.setPrimaryToken(ankrAVAX)".into(),
        feed,
        Feed::setPrimaryTokenCall { token: cert },
        Probe::returns(feed, Feed::primaryTokenAddressCall {}, cert),
    ));
    steps.push(step(
        "ankrAVAX.setPool(AvalanchePool)".into(),
        cert,
        Cert::setPoolCall { pool },
        Probe::returns(cert, Cert::poolCall {}, pool),
    ));
    for (token, name, minter, minter_name) in [
        (avax_bond, "aAVAXb", pool, "AvalanchePool"),
        (ksm, "aKSMb", dot_pool, "PolkadotPool"),
        (dot, "aDOTb", dot_pool, "PolkadotPool"),
    ] {
        steps.push(step(
            format!("{name}.setPool({minter_name})"),
            token,
            Bond::setPoolCall { pool: minter },
            Probe::returns(token, Bond::poolCall {}, minter),
        ));
    }
    for (bond, name) in [(ksm, "aKSMb"), (dot, "aDOTb")] {
        steps.push(step(
            format!("PolkadotPool.registerBond({name})"),
            dot_pool,
            DotPool::registerBondCall { bond, maxPerClaim: r.mint_limit_per_claim, maxPerDay: r.mint_limit_per_day },
            Probe::returns(dot_pool, DotPool::isBondRegisteredCall { bond }, true),
        ));
    }
    for (to, name) in [(pool, "AvalanchePool"), (dot_pool, "PolkadotPool")] {
        steps.push(step(
            format!("{name}.setOperator({})", r.operator),
            to,
            Pool::setOperatorCall { operator: r.operator },
            Probe::returns(to, Pool::operatorCall {}, r.operator),
        ));
    }
    for (to, name) in [
        (pool, "AvalanchePool"),
        (dot_pool, "PolkadotPool"),
        (cert, "ankrAVAX"),
        (avax_bond, "aAVAXb"),
        (ksm, "aKSMb"),
        (dot, "aDOTb"),
    ] {
        steps.push(step(
            format!("{name}.setPauser({})", r.pauser),
            to,
            // `setPauser(address)` / `pauser()`: one signature on pools and tokens.
            Pool::setPauserCall { pauser: r.pauser },
            Probe::returns(to, Pool::pauserCall {}, r.pauser),
        ));
    }
    if r.admin != m.deployer {
        for c in CONTRACTS.iter().filter(|c| c.owned) {
            let to = get(c.name)?;
            steps.push(step(
                format!("{}.transferOwnership({})", c.name, r.admin),
                to,
                Feed::transferOwnershipCall { newOwner: r.admin },
                owned_by(to, r.admin),
            ));
        }
    }
    Ok(steps)
}

/// Where an owned contract's ownership stands against the admin the
/// manifest names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ownership {
    /// The admin owns it.
    Taken,
    /// Handed to the admin, who has not called `acceptOwnership` yet: the
    /// deployer still owns it.
    Pending,
    /// Neither owned by the admin nor handed to it.
    Elsewhere,
}

/// Each owned contract of deployment `m` (name and address) and where its
/// ownership stands.
pub fn ownership(chain: &mut dyn Chain, m: &Manifest) -> Result<Vec<(&'static str, Address, Ownership)>> {
    let admin = m.roles.admin;
    let mut out = Vec::new();
    for c in CONTRACTS.iter().filter(|c| c.owned) {
        let to = m.address(c.name).map_err(DeployError::Manifest)?;
        let state = if Probe::returns(to, Feed::ownerCall {}, admin).holds(chain)? {
            Ownership::Taken
        } else if Probe::returns(to, Feed::pendingOwnerCall {}, admin).holds(chain)? {
            Ownership::Pending
        } else {
            Ownership::Elsewhere
        };
        out.push((c.name, to, state));
    }
    Ok(out)
}

/// The admin's half of the two-step hand-over: `acceptOwnership` from
/// `admin` on every contract `up` handed to it and it has not taken.
/// `admin` must be the manifest's admin (refused by name otherwise, before
/// anything is sent); contracts already taken are skipped, so it may be
/// run again. Returns the contracts it took.
pub fn accept_ownership(chain: &mut dyn Chain, m: &Manifest, admin: Address) -> Result<Vec<&'static str>> {
    if admin != m.roles.admin {
        return Err(DeployError::Mismatch(format!(
            "the key is {admin}, but the deployment's admin is {}: accept with the admin's key",
            m.roles.admin
        )));
    }
    let mut taken = Vec::new();
    for (name, to, state) in ownership(chain, m)? {
        match state {
            Ownership::Taken => {}
            Ownership::Pending => {
                let tx = chain.send(admin, to, U256::ZERO, &Feed::acceptOwnershipCall {}.abi_encode())?;
                if !tx.success {
                    return Err(DeployError::Reverted {
                        step: format!("{name}.acceptOwnership()"),
                        data: alloy::hex::encode(&tx.output),
                    });
                }
                taken.push(name);
            }
            Ownership::Elsewhere => {
                return Err(DeployError::Mismatch(format!(
                    "{name} at {to} is neither owned by nor handed to the admin {admin}"
                )))
            }
        }
    }
    Ok(taken)
}

/// Constructor parameters and ownership `verify` checks beyond the steps.
pub fn parameter_checks(m: &Manifest) -> Result<Vec<(String, Probe)>> {
    let get = |n: &str| m.address(n).map_err(DeployError::Manifest);
    let (feed, cert, avax_bond, pool) = (get("RateProvider")?, get("ankrAVAX")?, get("aAVAXb")?, get("AvalanchePool")?);
    let (ksm, dot, dot_pool) = (get("aKSMb")?, get("aDOTb")?, get("PolkadotPool")?);
    let r = &m.roles;
    let mut checks = vec![
        (
            "AvalanchePool.contracts() = (RateProvider, ankrAVAX, aAVAXb)".to_owned(),
            Probe::returns(pool, Pool::contractsCall {}, (feed, cert, avax_bond)),
        ),
        (format!("AvalanchePool.treasury() = {}", r.treasury), Probe::returns(pool, Pool::treasuryCall {}, r.treasury)),
        (
            "AvalancheDelegator.wiring() = (AvalanchePool, Staking)".to_owned(),
            Probe::returns(get("AvalancheDelegator")?, Delegator::wiringCall {}, (pool, get("Staking")?)),
        ),
        (format!("PolkadotPool.notary() = {}", r.notary), Probe::returns(dot_pool, DotPool::notaryCall {}, r.notary)),
        (
            format!("Staking.performanceOracle() = {}", r.oracle),
            Probe::returns(get("Staking")?, lst_client::abi::IStaking::performanceOracleCall {}, r.oracle),
        ),
        (
            format!("Staking.governance() = {}", r.admin),
            Probe::returns(get("Staking")?, lst_client::abi::IStaking::governanceCall {}, r.admin),
        ),
        (
            "ValidatorConfig.staking() = Staking".to_owned(),
            Probe::returns(get("ValidatorConfig")?, lst_client::abi::IValidatorConfig::stakingCall {}, get("Staking")?),
        ),
        ("ankrAVAX.feed() = RateProvider".to_owned(), Probe::returns(cert, Cert::feedCall {}, feed)),
        ("aAVAXb.ratioToken() = ankrAVAX".to_owned(), Probe::returns(avax_bond, Bond::ratioTokenCall {}, cert)),
    ];
    for (token, name) in [(avax_bond, "aAVAXb"), (ksm, "aKSMb"), (dot, "aDOTb")] {
        checks.push((format!("{name}.feed() = RateProvider"), Probe::returns(token, Bond::feedCall {}, feed)));
    }
    for (index, name) in STAKE_ACCOUNTS.iter().enumerate() {
        let operator = r.validator_operator(index);
        checks.push((
            format!("{name}.wiring() = (AvalancheDelegator, Staking, {operator})"),
            Probe::returns(
                get(name)?,
                lst_client::abi::IStakeAccount::wiringCall {},
                (get("AvalancheDelegator")?, get("Staking")?, operator),
            ),
        ));
    }
    // The tokens share code: their symbols tell them apart.
    for (token, name) in [(cert, "ankrAVAX"), (avax_bond, "aAVAXb"), (ksm, "aKSMb"), (dot, "aDOTb")] {
        checks.push((format!("{name}.symbol() = {name}"), Probe::returns(token, Bond::symbolCall {}, name.to_owned())));
    }
    for c in CONTRACTS.iter().filter(|c| c.owned) {
        let to = get(c.name)?;
        checks.push((format!("{} owned by (or handed to) {}", c.name, r.admin), owned_by(to, r.admin)));
    }
    Ok(checks)
}

/// How `up` runs.
#[derive(Clone, Debug)]
pub struct UpOptions {
    /// The network's name: the manifest is `deployments/<network>.json`.
    pub network: String,
    /// The roles to wire.
    pub roles: Roles,
    /// Wei sent with each deployment (Arbitrum charges program
    /// activation from it; the deployer refunds the excess).
    pub deploy_value: U256,
    /// Stop after this many transactions (staged deployments; the tests
    /// use it to interrupt a run).
    pub max_transactions: Option<usize>,
    /// Put the Stylus programs into Nitro's program cache at the end
    /// ([`cache_steps`]; `lst-deploy up --no-cache` leaves them out).
    pub cache_programs: bool,
}

/// What `up` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpReport {
    /// Contracts deployed by this run.
    pub deployed: usize,
    /// Contracts an interrupted run deployed, found at their address.
    pub found: usize,
    /// Wiring transactions sent.
    pub wired: usize,
    /// Programs put into Nitro's cache (bids placed).
    pub cached: usize,
    /// Steps the manifest or the chain already had.
    pub skipped: usize,
    /// Whether it stopped at `max_transactions` before the end.
    pub stopped: bool,
}

/// The CREATE2 salt of contract `name` in a deployment salted `salt`.
pub fn contract_salt(salt: B256, name: &str) -> B256 {
    keccak256([salt.as_slice(), name.as_bytes()].concat())
}

/// Where [`up`] keeps the manifest, written after every transaction so an
/// interrupted run resumes where it stopped.
pub trait ManifestStore {
    /// The manifest stored so far, if any.
    fn load(&self) -> Result<Option<Manifest>>;
    /// Stores `m`, replacing what was stored.
    fn save(&mut self, m: &Manifest) -> Result<()>;
    /// Where it is, for messages.
    fn describe(&self) -> String;
}

/// A manifest file: `deployments/<network>.json` for the command line.
#[derive(Clone, Debug)]
pub struct FileStore(pub PathBuf);

impl ManifestStore for FileStore {
    fn load(&self) -> Result<Option<Manifest>> {
        Manifest::load(&self.0).map_err(DeployError::Manifest)
    }

    fn save(&mut self, m: &Manifest) -> Result<()> {
        m.save(&self.0).map_err(DeployError::Manifest)
    }

    fn describe(&self) -> String {
        self.0.display().to_string()
    }
}

/// A manifest kept in memory: for a suite deployed and used in one process
/// (the scenarios, a test), which needs no file to resume from.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore(pub Option<Manifest>);

impl ManifestStore for MemoryStore {
    fn load(&self) -> Result<Option<Manifest>> {
        Ok(self.0.clone())
    }

    fn save(&mut self, m: &Manifest) -> Result<()> {
        self.0 = Some(m.clone());
        Ok(())
    }

    fn describe(&self) -> String {
        "the in-memory manifest".into()
    }
}

/// The value sent with each deployment by default: on Stylus, enough for
/// its activation's data fee (the StylusDeployer refunds the excess); on
/// ink!, nothing.
pub fn default_deploy_value(platform: Platform) -> U256 {
    match platform {
        Platform::Stylus => lst_client::stylus::ACTIVATION_VALUE,
        Platform::Ink => U256::ZERO,
    }
}

/// Deploys and wires the suite in one go from `deployer` with `roles`,
/// keeping the manifest in memory: the same contracts, constructor
/// arguments and wiring steps as `lst-deploy up`, for a process that uses
/// the suite at once (the scenarios, tests, a local bench).
pub fn deploy_suite(chain: &mut dyn Chain, deployer: Address, roles: Roles) -> Result<Manifest> {
    deploy_suite_with(chain, deployer, roles, true)
}

/// [`deploy_suite`], the Stylus programs put into Nitro's cache or not
/// (`cache_programs`: a bench measuring uncached calls leaves them out).
pub fn deploy_suite_with(
    chain: &mut dyn Chain,
    deployer: Address,
    roles: Roles,
    cache_programs: bool,
) -> Result<Manifest> {
    let deploy_value = default_deploy_value(chain.platform());
    let opts = UpOptions { network: "local".into(), roles, deploy_value, max_transactions: None, cache_programs };
    let (m, _) = up(chain, deployer, &mut MemoryStore::default(), &opts, &mut |_| {})?;
    Ok(m)
}

/// The bids that put the suite's programs into Nitro's program cache on an
/// Arbitrum chain, one per code hash not cached yet: a `placeBid` to the
/// chain's cache manager (the last of ArbWasmCache's `allCacheManagers`,
/// as cargo-stylus finds it) with the smallest bid it takes now, each done
/// once ArbWasmCache reports the code hash cached. A cached program starts
/// for a fraction of its init gas (docs/gas.md). The bid for a program not
/// activated yet is sized from its wasm (Nitro's machine-code estimate), so
/// `plan` can price it. None on ink!, or where the chain has no cache
/// manager. A bid is not a wiring step: an evicted program is bid for again
/// on the next `up`, and the manifest does not record it.
pub fn cache_steps(chain: &mut dyn Chain, m: &Manifest) -> Result<Vec<Step>> {
    use lst_client::stylus::{IArbWasmCache, ICacheManager, ModuleStats, ARB_WASM_CACHE};
    if chain.platform() != Platform::Stylus {
        return Ok(Vec::new());
    }
    let managers = match chain.call(ARB_WASM_CACHE, &IArbWasmCache::allCacheManagersCall {}.abi_encode())? {
        Ok(out) => IArbWasmCache::allCacheManagersCall::abi_decode_returns(&out).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let Some(&manager) = managers.last() else { return Ok(Vec::new()) };
    let mut seen = Vec::new();
    let mut steps = Vec::new();
    for d in &m.contracts {
        if seen.contains(&d.code_hash) {
            continue;
        }
        seen.push(d.code_hash);
        let probe = Probe::returns(ARB_WASM_CACHE, IArbWasmCache::codehashIsCachedCall { codehash: d.code_hash }, true);
        if probe.holds(chain)? {
            continue;
        }
        // The bid the manager asks now: by address once the program is
        // activated, else by the size Nitro will estimate for it.
        let by_address = ICacheManager::getMinBid_2Call { program: d.address }.abi_encode();
        let min = match chain.call(manager, &by_address)? {
            Ok(out) => ICacheManager::getMinBid_2Call::abi_decode_returns(&out).ok(),
            Err(_) => None,
        };
        let min = match min {
            Some(min) => min,
            None => {
                let wasm = lst_client::stylus_wasm(&d.artifact)?;
                let size = ModuleStats::of(&wasm).map_err(|e| DeployError::Manifest(format!("{}: {e}", d.name)))?;
                let by_size = ICacheManager::getMinBid_0Call { size: size.asm_estimate() }.abi_encode();
                let out = chain.call(manager, &by_size)?.map_err(|data| DeployError::Reverted {
                    step: format!("cache {}: getMinBid", d.name),
                    data: alloy::hex::encode(data),
                })?;
                ICacheManager::getMinBid_0Call::abi_decode_returns(&out)
                    .map_err(|e| DeployError::Manifest(format!("cache {}: getMinBid: {e}", d.name)))?
            }
        };
        steps.push(Step {
            name: format!("cache {} (placeBid)", d.name),
            to: manager,
            call: ICacheManager::placeBidCall { program: d.address }.abi_encode(),
            value: U256::from(min),
            probe,
        });
    }
    Ok(steps)
}

/// Deploys and wires the suite from `deployer` on `chain`, saving the
/// manifest to `store` after every transaction. `progress` gets one line
/// per contract and step.
pub fn up(
    chain: &mut dyn Chain,
    deployer: Address,
    store: &mut dyn ManifestStore,
    opts: &UpOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<(Manifest, UpReport)> {
    let chain_id = chain.chain_id()?;
    let platform = chain.platform();
    let place = store.describe();
    let mut m = match store.load()? {
        Some(m) => {
            if m.chain_id != chain_id {
                return Err(DeployError::Manifest(format!(
                    "{place} is for chain {}, this endpoint is chain {chain_id}",
                    m.chain_id
                )));
            }
            if m.platform != platform.name() {
                return Err(DeployError::Manifest(format!(
                    "{place} is a {} deployment, this endpoint runs {} contracts",
                    m.platform,
                    platform.name()
                )));
            }
            if m.deployer != deployer || m.roles != opts.roles {
                return Err(DeployError::Manifest(format!(
                    "{place} was deployed by {} with other roles; resume with the same key and roles, or use \
                     another network name",
                    m.deployer
                )));
            }
            progress(&format!("resuming {place} (chain {chain_id})"));
            m
        }
        None => {
            let m = new_manifest(chain, deployer, opts)?;
            store.save(&m)?;
            progress(&format!("new deployment {place} (chain {chain_id}, deployer {deployer})"));
            m
        }
    };
    let mut report = UpReport::default();
    let mut budget = opts.max_transactions.unwrap_or(usize::MAX);
    let total = CONTRACTS.len();

    for (i, c) in CONTRACTS.iter().enumerate() {
        let tag = format!("[{}/{total}] {}", i + 1, c.name);
        let code = c.kind.code(platform)?;
        if let Some(d) = m.contract(c.name) {
            check_code(chain, d)?;
            report.skipped += 1;
            progress(&format!("{tag}: deployed at {} (code checked)", d.address));
            continue;
        }
        let record = |address: Address, tx_hash: Option<B256>, block: u64| Deployed {
            name: c.name.into(),
            artifact: c.kind.artifact(platform),
            address,
            code_hash: keccak256(&code),
            tx_hash,
            block,
            abi: c.abi(),
        };
        let args = constructor_args(c.name, &m)?;
        // Where this contract lands (and whether an interrupted run already
        // put it there); on Stylus, also the StylusDeployer call that puts
        // it there.
        let (mut expected, stylus_call) = match platform {
            Platform::Stylus => {
                let salt = contract_salt(m.salt, c.name);
                let (init, init_data) = (stylus::init_code(&code), stylus::constructor_data(&args));
                let call = stylus::deploy_calldata(&init, &init_data, U256::ZERO, salt);
                (stylus::create2_address(salt, &init_data, &init), call)
            }
            Platform::Ink => match &m.pending {
                Some(p) if p.name == c.name => (p.address, Vec::new()),
                _ => (deployer.create(chain.nonce(deployer)?), Vec::new()),
            },
        };
        let found = chain.code(expected)?;
        let record = if !found.is_empty() {
            if keccak256(&found) != keccak256(&code) {
                return Err(DeployError::Mismatch(format!("{tag}: {expected} holds other code")));
            }
            report.found += 1;
            progress(&format!("{tag}: found at {expected} (deployed by an interrupted run)"));
            record(expected, None, 0)
        } else {
            if budget == 0 {
                report.stopped = true;
                return Ok((m, report));
            }
            budget -= 1;
            let (address, tx_hash, block) = match platform {
                Platform::Stylus => {
                    let tx = chain.send(deployer, STYLUS_DEPLOYER, opts.deploy_value, &stylus_call)?;
                    (stylus::deployed(&tx, &chain.backend())?, tx.hash, tx.block)
                }
                Platform::Ink => {
                    // Record the address the nonce fixes now before sending
                    // (a pending one whose deployment never landed may be
                    // stale), so an interruption after the send is found on
                    // resume.
                    expected = deployer.create(chain.nonce(deployer)?);
                    m.pending = Some(Pending { name: c.name.into(), address: expected });
                    store.save(&m)?;
                    let d = chain.deploy_tx(deployer, c.kind, &args)?;
                    (d.address, d.tx.hash, d.tx.block)
                }
            };
            if address != expected {
                return Err(DeployError::Mismatch(format!("{tag}: deployed at {address}, expected {expected}")));
            }
            report.deployed += 1;
            progress(&format!("{tag}: deployed at {address}{}", tx_note(tx_hash)));
            record(address, tx_hash, block)
        };
        m.pending = None;
        m.contracts.push(record);
        store.save(&m)?;
    }

    let steps = steps(&m)?;
    let total = steps.len();
    for (i, s) in steps.iter().enumerate() {
        let tag = format!("[{}/{total}] {}", i + 1, s.name);
        if m.is_done(&s.name) {
            if !s.probe.holds(chain)? {
                return Err(DeployError::Mismatch(format!("{tag}: recorded as done, but the chain disagrees")));
            }
            report.skipped += 1;
            progress(&format!("{tag}: done (checked)"));
            continue;
        }
        let done = if s.probe.holds(chain)? {
            report.skipped += 1;
            progress(&format!("{tag}: already on chain"));
            Done { step: s.name.clone(), tx_hash: None, block: 0 }
        } else {
            if budget == 0 {
                report.stopped = true;
                return Ok((m, report));
            }
            budget -= 1;
            let tx = send_step(chain, deployer, s, &tag)?;
            report.wired += 1;
            progress(&format!("{tag}: done{}", tx_note(tx.hash)));
            Done { step: s.name.clone(), tx_hash: tx.hash, block: tx.block }
        };
        m.steps.push(done);
        store.save(&m)?;
    }

    // Nitro's program cache (Stylus): bids for the programs not cached.
    let bids = if opts.cache_programs { cache_steps(chain, &m)? } else { Vec::new() };
    let total = bids.len();
    for (i, s) in bids.iter().enumerate() {
        let tag = format!("[{}/{total}] {}", i + 1, s.name);
        if budget == 0 {
            report.stopped = true;
            return Ok((m, report));
        }
        budget -= 1;
        let tx = send_step(chain, deployer, s, &tag)?;
        report.cached += 1;
        progress(&format!("{tag}: cached for {} wei{}", s.value, tx_note(tx.hash)));
    }
    Ok((m, report))
}

/// Sends step `s` from `deployer`: its transaction, which must succeed and
/// leave its probe holding (`tag` names it in the error).
fn send_step(chain: &mut dyn Chain, deployer: Address, s: &Step, tag: &str) -> Result<lst_client::Tx> {
    let tx = chain.send(deployer, s.to, s.value, &s.call)?;
    if !tx.success {
        return Err(DeployError::Reverted { step: s.name.clone(), data: alloy::hex::encode(&tx.output) });
    }
    if !s.probe.holds(chain)? {
        return Err(DeployError::Mismatch(format!("{tag}: sent, but the chain does not show it")));
    }
    Ok(tx)
}

/// A fresh deployment's manifest: nothing deployed yet, its salt drawn
/// from the deployer, the chain, the block and the time.
fn new_manifest(chain: &mut dyn Chain, deployer: Address, opts: &UpOptions) -> Result<Manifest> {
    let chain_id = chain.chain_id()?;
    let start_block = chain.block_number()?;
    let seed = (deployer, U256::from(chain_id), U256::from(start_block), U256::from(chain.timestamp()?));
    Ok(Manifest {
        network: opts.network.clone(),
        platform: chain.platform().name().to_owned(),
        chain_id,
        deployer,
        salt: keccak256(seed.abi_encode()),
        start_block,
        roles: opts.roles.clone(),
        contracts: Vec::new(),
        steps: Vec::new(),
        pending: None,
    })
}

/// The gas `lst-deploy plan` assumes for a wiring call it cannot estimate
/// yet (its contract is deployed by an earlier planned transaction), on
/// Stylus: a call writing a few storage slots and emitting an event stays
/// well under it (an `SSTORE` to a fresh slot is 22,100 gas).
pub const ASSUMED_WIRING_GAS: u64 = 250_000;

/// [`ASSUMED_WIRING_GAS`] on ink!, where gas is pallet-revive weight (one
/// gas a nanosecond of `ref_time`): a pool's stake, heavier than any wiring
/// call, measures about 9.8 million.
pub const ASSUMED_WIRING_GAS_INK: u64 = 10_000_000;

/// The wiring gas `lst-deploy plan` assumes on `platform`.
pub fn assumed_wiring_gas(platform: lst_client::Platform) -> u64 {
    match platform {
        lst_client::Platform::Stylus => ASSUMED_WIRING_GAS,
        lst_client::Platform::Ink => ASSUMED_WIRING_GAS_INK,
    }
}

/// A transaction `up` would send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedTx {
    /// What it does (`deploy RateProvider`, a wiring step's name).
    pub what: String,
    /// Its target (`None`: a contract creation).
    pub to: Option<Address>,
    /// Native currency sent with it.
    pub value: U256,
    /// Its calldata (a creation: the code and constructor arguments).
    pub data: Vec<u8>,
    /// Whether it can be estimated now: `false` when it calls a contract
    /// an earlier planned transaction deploys.
    pub ready: bool,
}

/// The transactions `up` would send now from `deployer`, in order, without
/// sending anything: the contracts the manifest (`existing`, if any) and
/// the chain do not have, then the wiring steps not done. Contracts not yet
/// deployed are placed where `up` would put them (on Stylus, by a salt
/// drawn as `up` draws it: the real run draws its own).
pub fn plan(
    chain: &mut dyn Chain,
    deployer: Address,
    existing: Option<Manifest>,
    opts: &UpOptions,
) -> Result<Vec<PlannedTx>> {
    let chain_id = chain.chain_id()?;
    let platform = chain.platform();
    let mut m = match existing {
        Some(m) if m.chain_id != chain_id || m.platform != platform.name() => {
            return Err(DeployError::Manifest(format!(
                "the manifest is for a {} deployment on chain {}, this endpoint is {} chain {chain_id}",
                m.platform,
                m.chain_id,
                platform.name()
            )));
        }
        Some(m) => m,
        None => new_manifest(chain, deployer, opts)?,
    };
    let mut planned = Vec::new();
    let mut nonce = chain.nonce(deployer)?;
    let mut new_contracts = Vec::new();
    for c in CONTRACTS.iter() {
        if m.contract(c.name).is_some() {
            continue;
        }
        let code = c.kind.code(platform)?;
        let args = constructor_args(c.name, &m)?;
        let (address, tx) = match platform {
            Platform::Stylus => {
                let salt = contract_salt(m.salt, c.name);
                let (init, init_data) = (stylus::init_code(&code), stylus::constructor_data(&args));
                let call = stylus::deploy_calldata(&init, &init_data, U256::ZERO, salt);
                let tx = PlannedTx {
                    what: format!("deploy {}", c.name),
                    to: Some(STYLUS_DEPLOYER),
                    value: opts.deploy_value,
                    data: call,
                    ready: true,
                };
                (stylus::create2_address(salt, &init_data, &init), tx)
            }
            Platform::Ink => {
                let address = deployer.create(nonce);
                let data = [code.as_slice(), &args].concat();
                (
                    address,
                    PlannedTx { what: format!("deploy {}", c.name), to: None, value: U256::ZERO, data, ready: true },
                )
            }
        };
        if chain.code(address)?.is_empty() {
            planned.push(tx);
            nonce += 1;
            new_contracts.push(address);
        }
        m.contracts.push(Deployed {
            name: c.name.into(),
            artifact: c.kind.artifact(platform),
            address,
            code_hash: keccak256(&code),
            tx_hash: None,
            block: 0,
            abi: c.abi(),
        });
    }
    for s in steps(&m)? {
        if m.is_done(&s.name) {
            continue;
        }
        let ready = !new_contracts.contains(&s.to);
        // A probe of a contract not deployed yet reads nothing: not done.
        if ready && s.probe.holds(chain).unwrap_or(false) {
            continue;
        }
        planned.push(PlannedTx { what: s.name.clone(), to: Some(s.to), value: s.value, data: s.call.clone(), ready });
    }
    let bids = if opts.cache_programs { cache_steps(chain, &m)? } else { Vec::new() };
    for s in bids {
        // A program the plan deploys cannot be bid for (estimated) yet.
        let ready = !new_contracts.contains(&Address::from_slice(&s.call[16..36]));
        planned.push(PlannedTx { what: s.name.clone(), to: Some(s.to), value: s.value, data: s.call, ready });
    }
    Ok(planned)
}

fn tx_note(hash: Option<B256>) -> String {
    hash.map(|h| format!(" (tx {h})")).unwrap_or_default()
}

/// The code at `d.address` is what the manifest recorded.
fn check_code(chain: &mut dyn Chain, d: &Deployed) -> Result<()> {
    let code = chain.code(d.address)?;
    if code.is_empty() {
        return Err(DeployError::Mismatch(format!(
            "{} at {}: no code (is this the chain the manifest was written for? a restarted devnode starts empty)",
            d.name, d.address
        )));
    }
    if keccak256(&code) != d.code_hash {
        return Err(DeployError::Mismatch(format!("{} at {}: code hash differs from the manifest", d.name, d.address)));
    }
    Ok(())
}

/// One fact `verify` checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was checked.
    pub what: String,
    /// Whether the chain agrees.
    pub ok: bool,
}

/// Reads the chain and checks every address and code hash, every wiring
/// step (roles, minters, operator, notary, pauser, ownership) and the
/// constructor parameters against `m`. Returns every finding; the chain
/// agrees when all are `ok`.
pub fn verify(chain: &mut dyn Chain, m: &Manifest) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    let chain_id = chain.chain_id()?;
    findings
        .push(Finding { what: format!("chain id {} (manifest {})", chain_id, m.chain_id), ok: chain_id == m.chain_id });
    let platform = chain.platform().name();
    findings
        .push(Finding { what: format!("{platform} contracts (manifest {})", m.platform), ok: platform == m.platform });
    for c in CONTRACTS {
        let what = format!("{} at {} has the recorded code", c.name, m.address(c.name).unwrap_or_default());
        let ok = m.contract(c.name).is_some_and(|d| check_code(chain, d).is_ok());
        findings.push(Finding { what, ok });
    }
    if findings.iter().any(|f| !f.ok) {
        // Without the contracts, the rest cannot be read.
        return Ok(findings);
    }
    for s in steps(m)? {
        let ok = s.probe.holds(chain)?;
        findings.push(Finding { what: s.name, ok });
    }
    for (what, probe) in parameter_checks(m)? {
        let ok = probe.holds(chain)?;
        findings.push(Finding { what, ok });
    }
    // Handed over is not done: until the admin accepts, the deployer's key
    // still owns the contract.
    for (name, _, state) in ownership(chain, m)? {
        let what = match state {
            Ownership::Taken => format!("{name} is owned by the admin {}", m.roles.admin),
            Ownership::Pending => format!(
                "{name} is owned by the admin {} (pending: the admin has not accepted; run `lst-deploy \
                 accept-ownership`)",
                m.roles.admin
            ),
            Ownership::Elsewhere => format!("{name} is owned by the admin {} (it is not)", m.roles.admin),
        };
        findings.push(Finding { what, ok: state == Ownership::Taken });
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_assumes_wiring_gas_in_each_platforms_unit() {
        assert_eq!(assumed_wiring_gas(lst_client::Platform::Stylus), 250_000);
        assert!(assumed_wiring_gas(lst_client::Platform::Ink) > 9_800_000, "ink! gas is weight: a stake is ~9.8M");
    }
}
