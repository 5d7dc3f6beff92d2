//! What the suites share: the `ink_e2e` client on the running node, the
//! roles (the sr25519 development keys), the suite deployed and wired as
//! `lst-deploy up` wires it, named errors, and the node's clock.
#![allow(dead_code)]

use ink::{Address, U256};
use ink_e2e::{ContractsBackend, IntoAddress, Keypair};
use lst_ink_avalanche_delegator::avalanche_delegator::{AvalancheDelegator, AvalancheDelegatorRef};
use lst_ink_avalanche_pool::avalanche_pool::{AvalanchePool, AvalanchePoolRef};
use lst_ink_bond_token::bond_token::{BondToken, BondTokenRef};
use lst_ink_cert_token::cert_token::{CertToken, CertTokenRef};
use lst_ink_common::Failure;
use lst_ink_polkadot_pool::polkadot_pool::{PolkadotPool, PolkadotPoolRef};
use lst_ink_rate_provider::rate_provider::{RateProvider, RateProviderRef};
use lst_ink_stake_account::stake_account::StakeAccountRef;
use lst_ink_staking::staking::{Staking, StakingRef};
use lst_ink_validator_config::validator_config::ValidatorConfigRef;

/// The `ink_e2e` client of the suites.
pub type Client = ink_e2e::Client<ink_e2e::PolkadotConfig, ink::env::DefaultEnvironment>;

/// One whole token (18 decimals; one planck is one wei on this chain).
pub const ONE: u128 = 1_000_000_000_000_000_000;
/// The change delay the suite is deployed with (seconds): the shortest the
/// contracts take (an hour: 3,600 empty blocks of a second, about 1.5 s of
/// the node's time to seal).
pub const CHANGE_DELAY: u64 = 3_600;
/// Every registered token's first ratio (1.0).
pub const INITIAL_RATIO: u128 = ONE;

/// The contracts the suites deploy, by their artifacts' names.
pub const CONTRACTS: [&str; 9] = [
    "lst_ink_rate_provider",
    "lst_ink_cert_token",
    "lst_ink_bond_token",
    "lst_ink_staking",
    "lst_ink_avalanche_pool",
    "lst_ink_avalanche_delegator",
    "lst_ink_stake_account",
    "lst_ink_polkadot_pool",
    "lst_ink_validator_config",
];

/// A variable the tests need, or a loud failure naming what sets it.
fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run these tests with scripts/ink-e2e.sh (it starts lst-node --platform ink)")
    })
}

/// The node's Substrate JSON-RPC (`CONTRACTS_NODE_URL`, as `ink_e2e` names it).
pub fn node_url() -> String {
    env("CONTRACTS_NODE_URL")
}

/// The same node's Ethereum JSON-RPC (`ETH_RPC_URL`).
pub fn eth_url() -> String {
    env("ETH_RPC_URL")
}

/// The `.polkavm` of artifact `name` (from `scripts/build.sh --ink`).
pub fn artifact(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env("INK_ARTIFACTS_DIR"));
    dir.join(name).join(format!("{name}.polkavm"))
}

/// An `ink_e2e` client on the running node, knowing the suite's code.
pub async fn client() -> Client {
    let url = node_url();
    let rpc = ink_e2e::RpcClient::from_url(&url).await.unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
    Client::new(rpc, CONTRACTS.map(artifact), url).await.expect("an ink_e2e client")
}

/// A raw JSON-RPC client on `url` (either of the node's ports).
pub async fn rpc(url: &str) -> ink_e2e::RpcClient {
    let ws = url.replace("http://", "ws://");
    ink_e2e::RpcClient::from_url(&ws).await.unwrap_or_else(|e| panic!("connecting to {ws}: {e}"))
}

/// `method(params…)` on `rpc`, answered as JSON.
pub async fn ask(rpc: &ink_e2e::RpcClient, method: &str, params: Vec<serde_json::Value>) -> serde_json::Value {
    let mut list = ink_e2e::subxt::ext::subxt_rpcs::client::RpcParams::new();
    for p in params {
        list.push(p).expect("JSON params");
    }
    rpc.request::<serde_json::Value>(method, list).await.unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// Lets `seconds` of chain time pass: one empty block a second
/// (`dev_newBlock` on the Substrate side).
pub async fn pass_time(seconds: u64) {
    let node = rpc(&node_url()).await;
    ask(&node, "dev_newBlock", vec![serde_json::json!({"count": seconds})]).await;
}

/// The roles, each a development key of its own.
pub struct Roles {
    /// Deploys everything, owns it, governs the staking module.
    pub admin: Keypair,
    /// Runs the pools (serves claims, collects stakes).
    pub operator: Keypair,
    /// Pauses the pools and tokens.
    pub pauser: Keypair,
    /// Reports validator performance.
    pub oracle: Keypair,
    /// Stakes and claims.
    pub staker: Keypair,
    /// Holds no role.
    pub stranger: Keypair,
}

impl Roles {
    /// `//Alice` admin, `//Bob` operator, `//Charlie` pauser, `//Dave`
    /// oracle, `//Eve` staker, `//Ferdie` stranger.
    pub fn dev() -> Self {
        Self {
            admin: ink_e2e::alice(),
            operator: ink_e2e::bob(),
            pauser: ink_e2e::charlie(),
            oracle: ink_e2e::dave(),
            staker: ink_e2e::eve(),
            stranger: ink_e2e::ferdie(),
        }
    }
}

/// The notary's secp256k1 key (it only signs: not an account on the chain).
pub fn notary_key() -> k256::ecdsa::SigningKey {
    k256::ecdsa::SigningKey::from_slice(&keccak(b"lst-ink-e2e-notary")).expect("a valid secp256k1 key")
}

/// The Ethereum address of `key`.
pub fn eth_address(key: &k256::ecdsa::SigningKey) -> Address {
    let point = key.verifying_key().to_encoded_point(false);
    let hash = keccak(&point.as_bytes()[1..]);
    Address::from_slice(&hash[12..])
}

/// Keccak-256.
pub fn keccak(data: &[u8]) -> [u8; 32] {
    use sha3::Digest;
    sha3::Keccak256::digest(data).into()
}

/// The Solidity selector of `signature`.
pub fn selector(signature: &str) -> [u8; 4] {
    let h = keccak(signature.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

/// The deployed suite.
pub struct Suite {
    /// The roles.
    pub roles: Roles,
    /// RateProvider.
    pub feed: Address,
    /// ankrAVAX.
    pub cert: Address,
    /// aAVAXb.
    pub avax_bond: Address,
    /// Staking.
    pub staking: Address,
    /// AvalanchePool.
    pub pool: Address,
    /// AvalancheDelegator.
    pub delegator: Address,
    /// The delegator's stake account.
    pub account: Address,
    /// aKSMb.
    pub ksm: Address,
    /// PolkadotPool.
    pub dot_pool: Address,
    /// ValidatorConfig.
    pub config: Address,
}

/// Instantiates `constructor` of artifact `name` from `signer`; its address.
macro_rules! instantiate {
    ($client:expr, $name:literal, $signer:expr, $constructor:expr) => {{
        let mut constructor = $constructor;
        $client
            .instantiate($name, $signer, &mut constructor)
            .submit()
            .await
            .unwrap_or_else(|e| panic!("instantiating {}: {e:?}", $name))
            .addr
    }};
}

/// Builds `message` on `contract` (of type `$ty`) and runs it from
/// `signer` with `value` through `$how` (`submit` or `dry_run`), failing
/// loudly if the node refuses it; what `send!` and `read!` share.
#[macro_export]
macro_rules! run {
    ($how:ident, $client:expr, $signer:expr, $ty:ty, $contract:expr, $value:expr, |$c:ident| $message:expr) => {{
        #[allow(unused_mut)]
        let mut $c = ink_e2e::create_call_builder::<$ty>($contract);
        let message = $message;
        $client
            .call($signer, &message)
            .value($value)
            .$how()
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", stringify!($message)))
    }};
}

/// Submits `message` on `contract` (of type `$ty`) from `signer`, with
/// `value` (none if not given), expecting it to succeed.
#[macro_export]
macro_rules! send {
    ($client:expr, $signer:expr, $ty:ty, $contract:expr, |$c:ident| $message:expr) => {
        run!(submit, $client, $signer, $ty, $contract, 0, |$c| $message)
    };
    ($client:expr, $signer:expr, $ty:ty, $contract:expr, value $value:expr, |$c:ident| $message:expr) => {
        run!(submit, $client, $signer, $ty, $contract, $value, |$c| $message)
    };
}

/// Reads `message` on `contract` (of type `$ty`) by a dry run from
/// `signer`, with `value` (none if not given): its answer.
#[macro_export]
macro_rules! read {
    ($client:expr, $signer:expr, $ty:ty, $contract:expr, |$c:ident| $message:expr) => {
        run!(dry_run, $client, $signer, $ty, $contract, 0, |$c| $message).return_value()
    };
    ($client:expr, $signer:expr, $ty:ty, $contract:expr, value $value:expr, |$c:ident| $message:expr) => {
        run!(dry_run, $client, $signer, $ty, $contract, $value, |$c| $message).return_value()
    };
}

/// The revert data of the named error `want`.
pub fn encoded(want: impl Into<Failure>) -> Vec<u8> {
    ink::sol::SolErrorEncode::encode(&want.into())
}

/// `answer` is the refusal `want` (compared as the revert data a Solidity
/// caller decodes by the error's name).
pub fn assert_refused<T: std::fmt::Debug>(answer: Result<T, Failure>, want: impl Into<Failure>, what: &str) {
    let want = encoded(want);
    match answer {
        Err(Failure(lst_app::Error::Revert(data))) => assert_eq!(
            hex(&data),
            hex(&want),
            "{what}: reverted with another error (selector {})",
            hex(data.get(..4).unwrap_or_default())
        ),
        other => panic!("{what}: expected the revert {}, got {other:?}", hex(&want)),
    }
}

/// `0x…` hex.
pub fn hex(bytes: &[u8]) -> String {
    format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// A U256 of `n` whole tokens.
pub fn tokens(n: u128) -> U256 {
    U256::from(n) * U256::from(ONE)
}

impl Suite {
    /// Deploys the suite from the admin and wires it as `lst-deploy up`
    /// does (one stake account for the AVAX pool's validator, run by the
    /// operator).
    pub async fn deploy(client: &mut Client) -> Self {
        let roles = Roles::dev();
        let admin = roles.admin.address();
        let notary = eth_address(&notary_key());
        let treasury = roles.stranger.address();
        let a = &roles.admin;
        let feed = instantiate!(client, "lst_ink_rate_provider", a, RateProviderRef::new(admin, CHANGE_DELAY));
        let cert = instantiate!(client, "lst_ink_cert_token", a, CertTokenRef::new(admin, feed));
        let avax_bond = instantiate!(
            client,
            "lst_ink_bond_token",
            a,
            BondTokenRef::new(admin, feed, cert, "Ankr AVAX Bond".into(), "aAVAXb".into())
        );
        let staking =
            instantiate!(client, "lst_ink_staking", a, StakingRef::new(admin, roles.oracle.address(), CHANGE_DELAY));
        let pool = instantiate!(
            client,
            "lst_ink_avalanche_pool",
            a,
            AvalanchePoolRef::new(admin, feed, cert, avax_bond, treasury, CHANGE_DELAY)
        );
        let delegator = instantiate!(
            client,
            "lst_ink_avalanche_delegator",
            a,
            AvalancheDelegatorRef::new(pool, staking, CHANGE_DELAY)
        );
        let account = instantiate!(
            client,
            "lst_ink_stake_account",
            a,
            StakeAccountRef::new(delegator, staking, roles.operator.address())
        );
        let ksm = instantiate!(
            client,
            "lst_ink_bond_token",
            a,
            BondTokenRef::new(admin, feed, Address::zero(), "Ankr KSM Bond".into(), "aKSMb".into())
        );
        let dot_pool =
            instantiate!(client, "lst_ink_polkadot_pool", a, PolkadotPoolRef::new(admin, notary, CHANGE_DELAY));
        let config = instantiate!(client, "lst_ink_validator_config", a, ValidatorConfigRef::new(staking));

        // The wiring, in lst-deploy's order.
        send!(client, a, AvalancheDelegator, delegator, |c| c.add_validator(account));
        send!(client, a, AvalanchePool, pool, |c| c.set_deposit_address(delegator));
        send!(client, a, Staking, staking, value 10 * ONE, |c| c.fund_rewards());
        let ratio = U256::from(INITIAL_RATIO);
        send!(client, a, RateProvider, feed, |c| c.register_token(cert, ratio, pool));
        send!(client, a, RateProvider, feed, |c| c.register_token(ksm, ratio, roles.oracle.address()));
        send!(client, a, RateProvider, feed, |c| c.set_primary_token(cert));
        send!(client, a, CertToken, cert, |c| c.set_pool(pool));
        send!(client, a, BondToken, avax_bond, |c| c.set_pool(pool));
        send!(client, a, BondToken, ksm, |c| c.set_pool(dot_pool));
        send!(client, a, PolkadotPool, dot_pool, |c| c.register_bond(ksm, tokens(1_000), tokens(10_000)));
        send!(client, a, AvalanchePool, pool, |c| c.set_operator(roles.operator.address()));
        send!(client, a, PolkadotPool, dot_pool, |c| c.set_operator(roles.operator.address()));
        send!(client, a, AvalanchePool, pool, |c| c.set_pauser(roles.pauser.address()));
        send!(client, a, PolkadotPool, dot_pool, |c| c.set_pauser(roles.pauser.address()));
        Self { roles, feed, cert, avax_bond, staking, pool, delegator, account, ksm, dot_pool, config }
    }
}
