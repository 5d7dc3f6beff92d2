//! The access-control matrix: every state-changing function of every
//! contract (read from the committed `abi/*.json`) called by every role of
//! a deployed suite, each call on a fresh fork of the same chain, and what
//! came back: allowed, or the named error that refused the caller.
//!
//! The suite is deployed by `lst_deploy::deploy_suite` with each role on
//! an account of its own ([`ROLES`]), then brought to a state where the
//! role-guarded calls can pass their other checks: Alice has staked and
//! asked for a claim (request 1), and the operator has collected, so the
//! first validator's stake pool exists in `Staking`.
//!
//! Arguments are chosen by parameter name and type ([`argument`]): tokens
//! and bonds are aKSMb (the token the oracle updates), `pool` is the
//! first validator's stake pool, `account` the second validator's (a stake
//! account), other addresses are Bob, amounts are one token,
//! ratios are the current one. A cell is:
//! - `✓`: the call succeeded;
//! - `✓ Name`: the caller passed every role check (or there is none) and
//!   the call then failed for the named reason with these arguments;
//! - `✗ Name`: the caller was refused by an access error ([`ACCESS_ERRORS`]);
//! - `? revert 0x…`: a revert that is none of the ABI's errors (a bug).
//!
//! [`Matrix::render`] writes `docs/ACCESS_MATRIX.md`; `tests/access.rs`
//! computes the matrix on the Stylus and on the ink! contracts and fails
//! when either differs from the committed file, so a changed role check
//! shows up as a diff of that file.

use crate::scenarios::ONE;
use alloy::{
    dyn_abi::{DynSolType, DynSolValue, JsonAbiExt},
    json_abi::{Function, JsonAbi, Param, StateMutability},
    primitives::{Address, U256},
};
use lst_client::{
    abi::{IAvalanchePool as Pool, IRateProvider as Feed},
    Chain, ChainExt, ChainFailure, Result,
};
use lst_deploy::{deploy_suite, manifest::Roles};
use std::collections::BTreeMap;

/// The roles, each on its own dev account: (column name, account index).
pub const ROLES: [(&str, usize); 6] =
    [("owner", 0), ("operator", 6), ("pauser", 8), ("oracle", 9), ("validator", 4), ("anyone", 7)];

/// The errors that mean "this caller may not": a role check, an ownership
/// check, the token-specific updater check, `Staking`'s stake-pool roles
/// and a request's owner.
pub const ACCESS_ERRORS: [&str; 5] =
    ["OwnableUnauthorizedAccount", "Unauthorized", "NotRatioUpdater", "StakeUnauthorized", "NotRequestOwner"];

/// The contracts, by their manifest name, with their committed ABI. One
/// of each kind: aAVAXb stands for both bond tokens.
const CONTRACTS: [(&str, &str, &str); 9] = [
    ("RateProvider", "RateProvider", include_str!("../../abi/RateProvider.json")),
    ("ankrAVAX", "CertToken", include_str!("../../abi/CertToken.json")),
    ("aAVAXb", "BondToken", include_str!("../../abi/BondToken.json")),
    ("AvalanchePool", "AvalanchePool", include_str!("../../abi/AvalanchePool.json")),
    ("AvalancheDelegator", "AvalancheDelegator", include_str!("../../abi/AvalancheDelegator.json")),
    ("StakeAccount1", "StakeAccount", include_str!("../../abi/StakeAccount.json")),
    ("Staking", "Staking", include_str!("../../abi/Staking.json")),
    ("ValidatorConfig", "ValidatorConfig", include_str!("../../abi/ValidatorConfig.json")),
    ("PolkadotPool", "PolkadotPool", include_str!("../../abi/PolkadotPool.json")),
];

/// One function's row: its contract (ABI name), signature and one cell per
/// role, in [`ROLES`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The contract's ABI name.
    pub contract: String,
    /// The function's signature, `name(types)`.
    pub function: String,
    /// The cells.
    pub cells: Vec<String>,
}

/// The whole matrix, in ABI order (contract, then function name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// Every state-changing function of every contract.
    pub rows: Vec<Row>,
}

/// Where the suite is, for choosing arguments.
struct Context {
    addresses: BTreeMap<String, Address>,
    accounts: Vec<Address>,
    ratio: U256,
}

/// The roles of the matrix's deployment: each on its own account.
fn roles(chain: &dyn Chain) -> Result<Roles> {
    let mut roles = crate::scenarios::roles(chain)?;
    let account = |name: &str| -> Result<Address> {
        let index = ROLES.iter().find(|(n, _)| *n == name).map(|(_, i)| *i).unwrap_or_default();
        chain.accounts().get(index).copied().ok_or_else(|| ChainFailure(format!("the chain has no account {index}")))
    };
    roles.admin = account("owner")?;
    roles.operator = account("operator")?;
    roles.pauser = account("pauser")?;
    roles.oracle = account("oracle")?;
    roles.validator_operators = vec![account("validator")?];
    Ok(roles)
}

/// Deploys the suite with [`ROLES`] and brings it to the matrix's state
/// (see the module docs); returns what [`argument`] needs.
fn prepare(chain: &mut dyn Chain) -> Result<Context> {
    let roles = roles(chain)?;
    let m = deploy_suite(chain, roles.admin, roles.clone()).map_err(|e| ChainFailure(format!("deploying: {e}")))?;
    let mut addresses = BTreeMap::new();
    for d in &m.contracts {
        addresses.insert(d.name.clone(), d.address);
    }
    let get = |name: &str| addresses.get(name).copied().ok_or_else(|| ChainFailure(format!("no {name} deployed")));
    let (pool, feed, ksm) = (get("AvalanchePool")?, get("RateProvider")?, get("aKSMb")?);
    let alice = chain.accounts().get(1).copied().ok_or_else(|| ChainFailure("no account 1".into()))?;
    let stake = ONE * U256::from(10);
    ok(chain.exec(alice, pool, stake, Pool::stakeAndClaimCertsCall {})?, "Alice stakes")?;
    let collectable = chain.view(pool, Pool::collectableStakesCall {})?;
    ok(chain.exec(roles.operator, pool, U256::ZERO, Pool::collectStakesCall { amount: collectable })?, "collect")?;
    ok(chain.exec(alice, pool, U256::ZERO, Pool::claimCertsCall { shares: ONE })?, "Alice claims")?;
    let ratio = chain.view(feed, Feed::getRatioForCall { token: ksm })?;
    Ok(Context { addresses, accounts: chain.accounts().to_vec(), ratio })
}

fn ok(tx: lst_client::Tx, what: &str) -> Result<()> {
    if tx.success {
        Ok(())
    } else {
        Err(ChainFailure(format!("{what}: reverted with 0x{}", alloy::hex::encode(&tx.output))))
    }
}

/// The argument the matrix passes for `param` (see the module docs).
fn argument(param: &Param, ty: &DynSolType, cx: &Context) -> DynSolValue {
    let name = param.name.as_str();
    let by_name = |n: &str| cx.addresses.get(n).copied().unwrap_or_default();
    let bob = cx.accounts.get(2).copied().unwrap_or_default();
    match ty {
        DynSolType::Address => DynSolValue::Address(match name {
            "token" | "bond" | "tokens" => by_name("aKSMb"),
            "pool" => by_name("StakeAccount1"),
            "account" => by_name("StakeAccount2"),
            _ => bob,
        }),
        DynSolType::Uint(bits) => {
            let value = match name {
                "newRatio" | "newRatios" | "initialRatio" => cx.ratio,
                "deadline" | "claimBeforeBlock" => U256::from(u64::MAX),
                "requestId" | "firstId" | "upToId" | "count" => U256::from(1),
                _ if *bits == 256 => ONE,
                _ => U256::from(1),
            };
            DynSolValue::Uint(value, *bits)
        }
        DynSolType::Bool => DynSolValue::Bool(true),
        DynSolType::FixedBytes(size) => DynSolValue::FixedBytes(alloy::primitives::B256::ZERO, *size),
        DynSolType::Bytes => DynSolValue::Bytes(vec![0x11; 32]),
        DynSolType::Array(inner) => DynSolValue::Array(vec![argument(param, inner, cx)]),
        _ => DynSolValue::String(String::new()),
    }
}

/// Every state-changing function of `abi`, sorted by signature.
fn functions(abi: &JsonAbi) -> Vec<&Function> {
    let mut fs: Vec<&Function> = abi
        .functions()
        .filter(|f| matches!(f.state_mutability, StateMutability::NonPayable | StateMutability::Payable))
        .collect();
    fs.sort_by_key(|f| f.signature());
    fs
}

/// The error names of every contract, by selector.
pub fn error_names() -> Result<BTreeMap<[u8; 4], String>> {
    let mut names = BTreeMap::new();
    for (_, _, json) in CONTRACTS {
        let abi: JsonAbi = serde_json::from_str(json).map_err(|e| ChainFailure(format!("abi: {e}")))?;
        for e in abi.errors() {
            names.insert(e.selector().0, e.name.clone());
        }
    }
    Ok(names)
}

/// What one call returned, as a cell.
fn cell(tx: &lst_client::Tx, errors: &BTreeMap<[u8; 4], String>) -> String {
    if tx.success {
        return "✓".into();
    }
    let name = tx
        .output
        .get(..4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .and_then(|sel| errors.get(&sel).cloned())
        .unwrap_or_else(|| format!("revert 0x{}", alloy::hex::encode(&tx.output)));
    if name.starts_with("revert ") {
        // Not one of the ABI's errors: neither allowed nor a named refusal.
        format!("? {name}")
    } else if ACCESS_ERRORS.contains(&name.as_str()) {
        format!("✗ {name}")
    } else {
        format!("✓ {name}")
    }
}

impl Matrix {
    /// Computes the matrix on `template` (deploying and preparing the
    /// suite on it), running each cell on a fork made by `fork`.
    pub fn compute<C: Chain>(template: &mut C, fork: impl Fn(&mut C) -> Result<C>) -> Result<Self> {
        let cx = prepare(template)?;
        let errors = error_names()?;
        let mut rows = Vec::new();
        for (deployed, name, json) in CONTRACTS {
            let abi: JsonAbi = serde_json::from_str(json).map_err(|e| ChainFailure(format!("abi: {e}")))?;
            let to = cx.addresses.get(deployed).copied().ok_or_else(|| ChainFailure(format!("no {deployed}")))?;
            for function in functions(&abi) {
                let mut args = Vec::new();
                for p in &function.inputs {
                    let ty = DynSolType::parse(&p.selector_type())
                        .map_err(|e| ChainFailure(format!("{}: {e}", function.signature())))?;
                    args.push(argument(p, &ty, &cx));
                }
                let data = function
                    .abi_encode_input(&args)
                    .map_err(|e| ChainFailure(format!("encoding {}: {e}", function.signature())))?;
                let value = if function.state_mutability == StateMutability::Payable { ONE } else { U256::ZERO };
                let mut cells = Vec::new();
                for (_, index) in ROLES {
                    let from = cx.accounts.get(index).copied().unwrap_or_default();
                    let mut chain = fork(template)?;
                    cells.push(cell(&chain.send(from, to, value, &data)?, &errors));
                }
                rows.push(Row { contract: name.into(), function: function.signature(), cells });
            }
        }
        Ok(Self { rows })
    }

    /// The matrix as the Markdown of `docs/ACCESS_MATRIX.md`.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# Access-control matrix\n\n\
             Generated by `cargo run -p lst-e2e --bin access-matrix` (the `offchain/` workspace) from the \
             deployed contracts; `e2e/tests/access.rs` recomputes it on the Stylus and on the ink! \
             build and fails when either differs from this file. Do not edit it by hand.\n\n\
             Every state-changing function of every contract (its committed `abi/*.json`) is called once by \
             each role, on a fresh fork of one suite deployed with each role on an account of its own, after \
             Alice staked 10 AVAX and asked for 1 (request 1) and the operator collected (so the first validator's \
             stake pool exists). Arguments: tokens and bonds are aKSMb (the oracle's token), `pool` is the \
             first validator's stake pool, `account` the second validator's, other addresses are Bob, amounts \
             are one token (10^18), ratios the \
             current one, ids and counts 1; payable calls send 1 AVAX.\n\n\
             - `✓`: the call succeeded.\n\
             - `✓ Name`: no role refused the caller; the call failed for that named reason with these \
             arguments.\n\
             - `✗ Name`: refused by an access error (",
        );
        out.push_str(&ACCESS_ERRORS.map(|e| format!("`{e}`")).join(", "));
        out.push_str(
            ").\n\
             - `? revert 0x…`: a revert that is none of the ABI's errors (none today).\n\n\
             The notary is not a caller (its claims are signatures anyone submits), and the tokens' `pool` \
             role is the AvalanchePool contract: no account holds it, so every account is refused the \
             tokens' mint and burn.\n",
        );
        let mut contract = "";
        for row in &self.rows {
            if row.contract != contract {
                contract = &row.contract;
                out.push_str(&format!("\n## {contract}\n\n| function |"));
                for (role, _) in ROLES {
                    out.push_str(&format!(" {role} |"));
                }
                out.push_str("\n|---|");
                out.push_str(&"---|".repeat(ROLES.len()));
                out.push('\n');
            }
            out.push_str(&format!("| `{}` |", row.function));
            for c in &row.cells {
                out.push_str(&format!(" {c} |"));
            }
            out.push('\n');
        }
        out
    }

    /// Reads the matrix back from [`Matrix::render`]'s Markdown.
    pub fn parse(markdown: &str) -> Self {
        let mut rows = Vec::new();
        let mut contract = String::new();
        for line in markdown.lines() {
            if let Some(name) = line.strip_prefix("## ") {
                contract = name.trim().into();
            } else if let Some(rest) = line.strip_prefix("| `") {
                let mut parts = rest.split(" |").map(str::trim);
                let function = parts.next().unwrap_or_default().trim_end_matches('`').to_owned();
                let cells: Vec<String> = parts.filter(|c| !c.is_empty()).map(str::to_owned).collect();
                rows.push(Row { contract: contract.clone(), function, cells });
            }
        }
        Self { rows }
    }

    /// The rows that differ from `other`, one line each (`-` this, `+` other).
    pub fn diff(&self, other: &Self) -> Vec<String> {
        let key = |r: &Row| (r.contract.clone(), r.function.clone());
        let mine: BTreeMap<_, _> = self.rows.iter().map(|r| (key(r), r)).collect();
        let theirs: BTreeMap<_, _> = other.rows.iter().map(|r| (key(r), r)).collect();
        let mut lines = Vec::new();
        for (k, r) in &mine {
            match theirs.get(k) {
                Some(o) if o.cells == r.cells => {}
                Some(o) => {
                    lines.push(format!("- {}.{}: {}", k.0, k.1, r.cells.join(" | ")));
                    lines.push(format!("+ {}.{}: {}", k.0, k.1, o.cells.join(" | ")));
                }
                None => lines.push(format!("- {}.{}: {} (gone)", k.0, k.1, r.cells.join(" | "))),
            }
        }
        for (k, o) in &theirs {
            if !mine.contains_key(k) {
                lines.push(format!("+ {}.{}: {} (new)", k.0, k.1, o.cells.join(" | ")));
            }
        }
        lines
    }
}
