//! The side-by-side gas benchmark: the same operations, with the same
//! calldata, on the project's Stylus contracts (uncached and in Nitro's
//! program cache, on the in-process chain whose gas is `lst-node`'s) and on
//! the Solidity reference of `bench/reference` (OpenZeppelin's ERC-20 and a
//! pool written to the same rules, compiled by solc, run on anvil). The
//! reference is a measuring stick: `bench/reference/README.md` says what it
//! leaves out.

use crate::scenarios::{AvaxSuite, ONE};
use alloy::{
    primitives::{Address, B256, U256},
    sol_types::{SolCall, SolEvent, SolValue},
};
use lst_client::{
    abi::{IAvalanchePool as Pool, ICertToken as Cert},
    Chain, ChainFailure, Result, Rpc, Tx,
};

/// The measured operations, in the order they run.
pub const OPERATIONS: [&str; 10] = [
    "stakeAndClaimCerts, new user",
    "stakeAndClaimCerts, same user again",
    "cert transfer, new recipient",
    "cert transfer, warm recipient",
    "approve, first",
    "approve again",
    "transferFrom, warm",
    "claimCerts",
    "serveClaims (one request)",
    "withdrawClaim",
];

/// The token operations: their target is cached Stylus at most 1.0× the
/// reference; the others', 1.5×.
pub fn is_token_operation(index: usize) -> bool {
    (2..=6).contains(&index)
}

/// The target ratio (cached Stylus over Solidity) of operation `index`,
/// in hundredths.
pub fn target_percent(index: usize) -> u64 {
    if is_token_operation(index) {
        100
    } else {
        150
    }
}

/// Where the operations run: the pool, its certificate token, the account
/// that serves the queue, and three users (staker, recipient, spender).
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// The pool.
    pub pool: Address,
    /// Its certificate token.
    pub cert: Address,
    /// Its operator.
    pub operator: Address,
    /// Stakes, transfers, approves, claims, withdraws.
    pub staker: Address,
    /// Receives transfers.
    pub recipient: Address,
    /// Spends the staker's allowance.
    pub spender: Address,
}

fn ok(tx: Tx, what: &str) -> Result<Tx> {
    if tx.success {
        Ok(tx)
    } else {
        Err(ChainFailure(format!("{what} reverted: 0x{}", alloy::hex::encode(&tx.output))))
    }
}

/// Runs [`OPERATIONS`] on `chain` in order, returning each transaction's
/// gas and what `probe` reads right after it.
pub fn run_operations<C: Chain + ?Sized, T>(
    chain: &mut C,
    s: Setup,
    mut probe: impl FnMut(&mut C) -> T,
) -> Result<Vec<(u64, T)>> {
    let tenth = ONE / U256::from(10);
    let mut out = Vec::new();
    let mut step = |chain: &mut C, from: Address, to: Address, value: U256, data: Vec<u8>, what: &str| -> Result<Tx> {
        let tx = ok(chain.send(from, to, value, &data)?, what)?;
        out.push((tx.cost, probe(chain)));
        Ok(tx)
    };
    let stake = Pool::stakeAndClaimCertsCall {}.abi_encode();
    step(chain, s.staker, s.pool, ONE, stake.clone(), "stake")?;
    step(chain, s.staker, s.pool, ONE, stake, "stake again")?;
    let transfer = Cert::transferCall { to: s.recipient, value: tenth }.abi_encode();
    step(chain, s.staker, s.cert, U256::ZERO, transfer.clone(), "transfer")?;
    step(chain, s.staker, s.cert, U256::ZERO, transfer, "transfer again")?;
    let approve = |value| Cert::approveCall { spender: s.spender, value }.abi_encode();
    step(chain, s.staker, s.cert, U256::ZERO, approve(tenth * U256::from(5)), "approve")?;
    step(chain, s.staker, s.cert, U256::ZERO, approve(tenth * U256::from(4)), "approve again")?;
    let spend = Cert::transferFromCall { from: s.staker, to: s.recipient, value: tenth }.abi_encode();
    step(chain, s.spender, s.cert, U256::ZERO, spend, "transferFrom")?;
    let claim =
        step(chain, s.staker, s.pool, U256::ZERO, Pool::claimCertsCall { shares: tenth }.abi_encode(), "claim")?;
    let id = claim
        .logs
        .iter()
        .find(|l| l.topics().first() == Some(&Pool::ClaimRequested::SIGNATURE_HASH))
        .and_then(|l| l.topics().get(1))
        .map(|t| U256::from_be_bytes(t.0))
        .ok_or_else(|| ChainFailure("claimCerts logged no ClaimRequested".into()))?;
    step(chain, s.operator, s.pool, U256::ZERO, Pool::serveClaimsCall { upToId: id }.abi_encode(), "serve")?;
    step(chain, s.staker, s.pool, U256::ZERO, Pool::withdrawClaimCall { requestId: id }.abi_encode(), "withdraw")?;
    Ok(out)
}

/// The Stylus side: the AVAX suite deployed on `chain` (the operator is its
/// admin; users are dev accounts 1 to 3), its programs in Nitro's cache
/// when `cached` (as `lst-deploy up` leaves them) or not.
pub fn stylus_setup<C: Chain>(chain: &mut C, cached: bool) -> Result<(AvaxSuite, Setup)> {
    let suite = if cached { AvaxSuite::deploy(chain)? } else { AvaxSuite::deploy_uncached(chain)? };
    let a = chain.accounts();
    let setup = Setup {
        pool: suite.pool,
        cert: suite.cert,
        operator: suite.admin,
        staker: a[1],
        recipient: a[2],
        spender: a[3],
    };
    Ok((suite, setup))
}

/// A contract of the reference as solc wrote it (`bench/reference/compile.mjs`).
fn artifact(dir: &std::path::Path, name: &str) -> Result<Vec<u8>> {
    let path = dir.join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ChainFailure(format!("{}: {e} (bench/reference/compile.mjs writes it)", path.display())))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| ChainFailure(format!("{name}: {e}")))?;
    let hex = json["bytecode"].as_str().ok_or_else(|| ChainFailure(format!("{name}: no bytecode")))?;
    alloy::hex::decode(hex).map_err(|e| ChainFailure(format!("{name}: {e}")))
}

/// The Solidity side: the reference's feed, token and pool deployed on an
/// EVM chain at `rpc` from its first account (the operator), the token
/// registered in the feed with the pool as its updater.
pub fn solidity_setup(rpc: &mut Rpc, artifacts: &std::path::Path) -> Result<Setup> {
    alloy::sol! {
        function addToken(address token, address updater);
    }
    let a = rpc.accounts().to_vec();
    let deployer = a[0];
    let nonce = rpc.nonce(deployer)?;
    // The token names its pool, the pool its token: the pool's address is
    // known before either exists (the deployer's nonce after the token's).
    let pool_at = deployer.create(nonce + 2);
    let (_, feed) = rpc.create(deployer, &artifact(artifacts, "RefRatioFeed")?)?;
    let cert_code = [artifact(artifacts, "RefCertToken")?, pool_at.abi_encode()].concat();
    let (_, cert) = rpc.create(deployer, &cert_code)?;
    let pool_code = [artifact(artifacts, "RefAvalanchePool")?, (feed, cert, deployer).abi_encode_params()].concat();
    let (_, pool) = rpc.create(deployer, &pool_code)?;
    if pool != pool_at {
        return Err(ChainFailure(format!("the pool landed at {pool}, not {pool_at}")));
    }
    ok(rpc.send(deployer, feed, U256::ZERO, &addTokenCall { token: cert, updater: pool }.abi_encode())?, "addToken")?;
    Ok(Setup { pool, cert, operator: deployer, staker: a[1], recipient: a[2], spender: a[3] })
}

/// Funds the first four of `accounts` on an anvil node (`anvil_setBalance`).
pub fn fund_on_anvil(rpc: &Rpc, accounts: &[Address]) -> Result<()> {
    for account in accounts.iter().take(4) {
        let balance = B256::from(ONE * U256::from(1_000_000u64));
        rpc.raw("anvil_setBalance", serde_json::json!([account, balance]))?;
    }
    Ok(())
}
