//! The Solidity ABI of every Stylus contract, as the contracts compile it.
//!
//! An interface is assembled from three sources, none written by hand:
//! - the functions and constructor that stylus-sdk's `export-abi` prints
//!   for the contract type (the router the wasm dispatches with);
//! - the events and errors the contract's crates declare with
//!   [`lst_stylus_common::sol_abi!`] (their `ABI_ITEMS`);
//! - the events and errors of the OpenZeppelin modules the contract embeds
//!   ([`oz`]), each checked against the library's own selector, and the
//!   `Name()` error of every core rule the contract can raise (its crate's
//!   `CORE_ERRORS`, from `lst_core::error::raised`).
//!
//! Errors a contract passes through from a contract it calls (the feed's,
//! a token's) are part of its interface too: a dapp decodes them from the
//! caller's revert.
//!
//! `cargo run -p lst-abi -- write` writes `abi/I<Contract>.sol`,
//! `abi/<Contract>.json` and their reference `docs/abi.md`
//! ([`reference`](mod@reference)); `cargo run -p lst-abi -- check` (and this
//! crate's tests) fail when the committed files and the contracts disagree;
//! `cargo run -p lst-abi -- ink-parity <dir>` fails when an ink! build's
//! ABI differs from them ([`parity`]).

use alloy_json_abi::{AbiItem, JsonAbi};
use core::fmt;
use std::path::Path;
use stylus_sdk::abi::GenerateAbi;

pub mod dapp;
pub mod oz;
pub mod parity;
pub mod reference;

/// Where the committed ABI files live, relative to the repository root.
pub const ABI_DIR: &str = "abi";

/// What a contract's interface is made of.
#[derive(Clone, Copy)]
pub struct Contract {
    /// The contract's name: `abi/I<name>.sol` and `abi/<name>.json`.
    pub name: &'static str,
    /// Prints the router's functions (stylus-sdk `export-abi`).
    functions: fn(&mut fmt::Formatter<'_>) -> fmt::Result,
    /// Prints the constructor signature (stylus-sdk `export-abi`).
    constructor: fn(&mut fmt::Formatter<'_>) -> fmt::Result,
    /// Event and error declarations of the project's crates.
    items: &'static [&'static [&'static str]],
    /// The OpenZeppelin traits it implements (`#[implements(...)]`).
    traits: &'static [oz::Interface],
    /// Event and error declarations of the OpenZeppelin modules used.
    oz: &'static [&'static [oz::Item]],
    /// Contracts whose errors this one passes through unchanged.
    passes_through: &'static [Through],
    /// The core rules it can raise (its crate's `CORE_ERRORS`).
    core_errors: &'static [lst_core::CoreError],
}

fn contract<T: GenerateAbi>(
    name: &'static str,
    traits: &'static [oz::Interface],
    items: &'static [&'static [&'static str]],
    oz: &'static [&'static [oz::Item]],
    passes_through: &'static [Through],
    core_errors: &'static [lst_core::CoreError],
) -> Contract {
    Contract {
        name,
        functions: T::fmt_abi,
        constructor: T::fmt_constructor_signature,
        traits,
        items,
        oz,
        passes_through,
        core_errors,
    }
}

/// A callee whose revert a contract passes through: every error of its
/// interface, or only those of the calls it makes.
#[derive(Clone, Copy)]
pub struct Through {
    /// The callee.
    callee: fn() -> Contract,
    /// The callee's errors the calls can return (`None`: all of them).
    only: Option<&'static [&'static str]>,
}

/// The tokens only read their ratio from the feed (`getRatioFor`), which
/// reverts for an unregistered token only.
const FEED_RATIO_READ: Through = Through { callee: rate_provider, only: Some(&["UnknownToken"]) };

/// The ratio feed (`RateProvider`).
pub fn rate_provider() -> Contract {
    contract::<lst_rate_provider::RateProvider>(
        "RateProvider",
        &[oz::IOWNABLE_2STEP],
        &[lst_rate_provider::ABI_ITEMS, lst_stylus_common::timelock::ABI_ITEMS],
        &[oz::OWNABLE_2STEP],
        &[],
        lst_rate_provider::CORE_ERRORS,
    )
}

/// The ankrAVAX certificate token.
pub fn cert_token() -> Contract {
    contract::<lst_cert_token::CertToken>(
        "CertToken",
        &[oz::IERC20, oz::INONCES, oz::IERC20_PERMIT, oz::IPAUSABLE, oz::IOWNABLE_2STEP],
        &[lst_stylus_common::ABI_ITEMS, lst_stylus_common::gate::ABI_ITEMS],
        &[oz::ERC20, oz::ERC20_PERMIT, oz::PAUSABLE, oz::OWNABLE_2STEP],
        &[FEED_RATIO_READ],
        lst_cert_token::CORE_ERRORS,
    )
}

/// The bond token (aAVAXb, aKSMb, aDOTb).
pub fn bond_token() -> Contract {
    contract::<lst_bond_token::BondToken>(
        "BondToken",
        &[oz::IOWNABLE_2STEP],
        &[lst_bond_token::ABI_ITEMS, lst_stylus_common::ABI_ITEMS, lst_stylus_common::gate::ABI_ITEMS],
        &[oz::ERC20, oz::PAUSABLE, oz::OWNABLE_2STEP],
        &[FEED_RATIO_READ],
        lst_bond_token::CORE_ERRORS,
    )
}

/// The AVAX staking pool.
pub fn avalanche_pool() -> Contract {
    contract::<lst_avalanche_pool::AvalanchePool>(
        "AvalanchePool",
        &[oz::IOWNABLE_2STEP, oz::IPAUSABLE],
        &[lst_avalanche_pool::ABI_ITEMS, lst_stylus_common::ABI_ITEMS, lst_stylus_common::timelock::ABI_ITEMS],
        &[oz::PAUSABLE, oz::OWNABLE_2STEP],
        &[
            Through { callee: rate_provider, only: None },
            Through { callee: cert_token, only: None },
            Through { callee: bond_token, only: None },
        ],
        lst_avalanche_pool::CORE_ERRORS,
    )
}

/// The AVAX pool's operator side: its validator set, measured rewards.
pub fn avalanche_delegator() -> Contract {
    contract::<lst_avalanche_delegator::AvalancheDelegator>(
        "AvalancheDelegator",
        &[],
        &[lst_avalanche_delegator::ABI_ITEMS, lst_stylus_common::ABI_ITEMS, lst_stylus_common::timelock::ABI_ITEMS],
        &[],
        &[
            Through { callee: avalanche_pool, only: None },
            Through { callee: rate_provider, only: None },
            Through { callee: staking, only: None },
            Through { callee: stake_account, only: None },
        ],
        lst_avalanche_delegator::CORE_ERRORS,
    )
}

/// The AVAX pool's stake at one validator of the delegator's set.
pub fn stake_account() -> Contract {
    contract::<lst_stake_account::StakeAccount>(
        "StakeAccount",
        &[],
        &[lst_stake_account::ABI_ITEMS, lst_stylus_common::ABI_ITEMS],
        &[],
        &[Through { callee: staking, only: None }],
        lst_stake_account::CORE_ERRORS,
    )
}

/// The KSM/DOT pool: notarised claims and `burnBond`.
pub fn polkadot_pool() -> Contract {
    contract::<lst_polkadot_pool::PolkadotPool>(
        "PolkadotPool",
        &[oz::IOWNABLE_2STEP, oz::IPAUSABLE],
        &[lst_polkadot_pool::ABI_ITEMS, lst_stylus_common::ABI_ITEMS, lst_stylus_common::timelock::ABI_ITEMS],
        &[oz::PAUSABLE, oz::OWNABLE_2STEP],
        &[FEED_RATIO_READ, Through { callee: bond_token, only: None }],
        lst_polkadot_pool::CORE_ERRORS,
    )
}

/// The validator staking module (governance's scheduled removals: the
/// timelock's events; no owner, nothing of OpenZeppelin's).
pub fn staking() -> Contract {
    contract::<lst_staking::Staking>(
        "Staking",
        &[],
        &[lst_staking::ABI_ITEMS, lst_stylus_common::ABI_ITEMS, lst_stylus_common::timelock::ABI_ITEMS],
        &[],
        &[],
        lst_staking::CORE_ERRORS,
    )
}

/// The validators' node data beside the staking module.
pub fn validator_config() -> Contract {
    contract::<lst_validator_config::ValidatorConfig>(
        "ValidatorConfig",
        &[],
        &[lst_validator_config::ABI_ITEMS, lst_stylus_common::ABI_ITEMS],
        &[],
        &[Through { callee: staking, only: None }],
        lst_validator_config::CORE_ERRORS,
    )
}

/// Every Stylus contract of the suite, in the registry's order
/// (`lst-registry`; tested).
pub fn contracts() -> Vec<Contract> {
    vec![
        rate_provider(),
        cert_token(),
        bond_token(),
        staking(),
        avalanche_pool(),
        avalanche_delegator(),
        stake_account(),
        polkadot_pool(),
        validator_config(),
    ]
}

struct Printer(fn(&mut fmt::Formatter<'_>) -> fmt::Result);

impl fmt::Display for Printer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// The function declarations in stylus-sdk's `export-abi` text. Lines it
/// does not understand are an error, so nothing is dropped silently.
fn exported_functions(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line == "}" || line.starts_with("interface ") {
            continue;
        }
        match line.strip_prefix("function ").and_then(|l| l.strip_suffix(';')) {
            Some(decl) => out.push(format!("function {decl}")),
            None => return Err(format!("unexpected line in the exported ABI: {line:?}")),
        }
    }
    Ok(out)
}

impl Contract {
    /// The events and errors this contract itself declares and raises.
    fn own_items(&self) -> Result<JsonAbi, String> {
        let mut decls: Vec<String> = Vec::new();
        decls.extend(self.items.iter().flat_map(|items| items.iter().map(|s| (*s).to_owned())));
        decls.extend(self.core_errors.iter().map(|e| format!("error {}()", e.name())));
        let mut abi = parse(&decls)?;
        for item in self.oz.iter().flat_map(|items| items.iter()) {
            item.add_to(&mut abi)?;
        }
        Ok(abi)
    }

    /// The complete interface: functions, constructor, events, and every
    /// error a call can revert with (its own and those it passes through).
    pub fn abi(&self) -> Result<JsonAbi, String> {
        let mut decls = exported_functions(&Printer(self.functions).to_string())?;
        let constructor = Printer(self.constructor).to_string();
        if !constructor.trim().is_empty() {
            decls.push(constructor.trim().to_owned());
        }
        let mut abi = parse(&decls)?;
        camel_case_parameters(&mut abi);
        name_outputs(&mut abi);
        for iface in self.traits {
            iface.add_to(&mut abi)?;
        }
        let own = self.own_items()?;
        merge(&mut abi, own, true);
        for through in self.passes_through {
            // The callee's own errors (what it passes through from its
            // own callees is listed where it calls them).
            let mut errors = (through.callee)().own_items()?.errors;
            if let Some(only) = through.only {
                errors.retain(|name, _| only.contains(&name.as_str()));
            }
            let errors_only = JsonAbi { errors, ..JsonAbi::new() };
            merge(&mut abi, errors_only, false);
        }
        abi.dedup();
        Ok(abi)
    }

    /// `abi/I<name>.sol`: the interface as Solidity.
    pub fn sol(&self) -> Result<String, String> {
        let abi = self.abi()?;
        Ok(format!(
            "// SPDX-License-Identifier: MIT\n\
             // Generated by `cargo run -p lst-abi -- write` from the Stylus contracts; do not edit.\n\
             pragma solidity ^0.8.23;\n\n{}\n",
            abi.to_sol(&format!("I{}", self.name), None)
        ))
    }

    /// `abi/<name>.json`: the interface as a JSON ABI.
    pub fn json(&self) -> Result<String, String> {
        let abi = self.abi()?;
        serde_json::to_string_pretty(&abi).map(|s| s + "\n").map_err(|e| e.to_string())
    }

    /// The two files of this contract, as (file name, contents).
    pub fn files(&self) -> Result<[(String, String); 2], String> {
        Ok([(format!("I{}.sol", self.name), self.sol()?), (format!("{}.json", self.name), self.json()?)])
    }
}

fn parse(decls: &[String]) -> Result<JsonAbi, String> {
    let mut abi = JsonAbi::new();
    for decl in decls {
        // `stringify!` may wrap long declarations over lines.
        let decl = decl.split_whitespace().collect::<Vec<_>>().join(" ");
        let item = AbiItem::parse(&decl).map_err(|e| format!("cannot parse `{decl}`: {e}"))?;
        match item {
            AbiItem::Function(f) => abi.functions.entry(f.name.clone()).or_default().push(f.into_owned()),
            AbiItem::Event(e) => abi.events.entry(e.name.clone()).or_default().push(e.into_owned()),
            AbiItem::Error(e) => abi.errors.entry(e.name.clone()).or_default().push(e.into_owned()),
            AbiItem::Constructor(c) => abi.constructor = Some(c.into_owned()),
            other => return Err(format!("unsupported ABI item `{decl}`: {other:?}")),
        }
    }
    Ok(abi)
}

/// Rust parameter names (`up_to_id`) as Solidity names (`upToId`). Names
/// are not part of a selector; this keeps the interface idiomatic.
fn camel_case_parameters(abi: &mut JsonAbi) {
    let params = abi
        .functions
        .values_mut()
        .flatten()
        .flat_map(|f| f.inputs.iter_mut())
        .chain(abi.constructor.iter_mut().flat_map(|c| c.inputs.iter_mut()));
    for param in params {
        param.name = camel(&param.name);
    }
}

/// Names for the outputs of functions whose values are otherwise known by
/// position only (a binding would call them `_0`, `_1`, …): ERC-5267's
/// `eip712Domain`, named as the ERC names them.
const OUTPUT_NAMES: &[(&str, &[&str])] =
    &[("eip712Domain", &["fields", "name", "version", "chainId", "verifyingContract", "salt", "extensions"])];

/// Gives the outputs of [`OUTPUT_NAMES`]' functions their names. Names are
/// not part of the encoding.
fn name_outputs(abi: &mut JsonAbi) {
    for (function, names) in OUTPUT_NAMES {
        for f in abi.functions.get_mut(*function).into_iter().flatten() {
            if f.outputs.len() == names.len() {
                for (output, name) in f.outputs.iter_mut().zip(names.iter()) {
                    output.name = (*name).to_owned();
                }
            }
        }
    }
}

fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.trim_start_matches('_').split('_').enumerate() {
        let mut chars = word.chars();
        match (i, chars.next()) {
            (0, Some(c)) => out.push(c),
            (_, Some(c)) => out.extend(c.to_uppercase()),
            (_, None) => {}
        }
        out.extend(chars);
    }
    out
}

fn merge(into: &mut JsonAbi, from: JsonAbi, events: bool) {
    if events {
        for (name, mut list) in from.events {
            into.events.entry(name).or_default().append(&mut list);
        }
    }
    for (name, mut list) in from.errors {
        into.errors.entry(name).or_default().append(&mut list);
    }
}

/// Writes every contract's files into `dir`.
pub fn write(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for contract in contracts() {
        for (file, text) in contract.files()? {
            std::fs::write(dir.join(&file), text).map_err(|e| format!("{file}: {e}"))?;
        }
    }
    // The reference and the dapp package are rendered from the files just
    // written.
    let reference = dir.join("..").join(reference::REFERENCE);
    std::fs::write(&reference, reference::render(dir)?).map_err(|e| format!("{}: {e}", reference.display()))?;
    let package = dir.join("..").join(dapp::PACKAGE);
    for (file, text) in dapp::render(dir, &dir.join("..").join("deployments"))? {
        let path = package.join(&file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Every file of the dapp package ([`dapp::PACKAGE`]) that differs from
/// what `abi_dir` and the deployments give (or is missing), by path.
pub fn check_package(abi_dir: &Path) -> Result<Vec<String>, String> {
    let package = abi_dir.join("..").join(dapp::PACKAGE);
    let mut stale = Vec::new();
    for (file, text) in dapp::render(abi_dir, &abi_dir.join("..").join("deployments"))? {
        if std::fs::read_to_string(package.join(&file)).ok().as_deref() != Some(text.as_str()) {
            stale.push(format!("{}/{file}", dapp::PACKAGE));
        }
    }
    Ok(stale)
}

/// Every file in `dir` that differs from what the contracts export (or is
/// missing), by name.
pub fn check(dir: &Path) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for contract in contracts() {
        for (file, text) in contract.files()? {
            if std::fs::read_to_string(dir.join(&file)).ok().as_deref() != Some(text.as_str()) {
                stale.push(file);
            }
        }
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use std::path::PathBuf;

    fn repo_abi_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(ABI_DIR)
    }

    #[test]
    fn committed_abi_files_match_the_contracts() {
        let stale = check(&repo_abi_dir()).unwrap();
        assert!(stale.is_empty(), "abi/ is stale ({stale:?}): run `cargo run -p lst-abi -- write`");
    }

    #[test]
    fn the_committed_dapp_package_matches_abi_and_the_deployments() {
        let stale = check_package(&repo_abi_dir()).unwrap();
        assert!(stale.is_empty(), "packages/contracts is stale ({stale:?}): run `cargo run -p lst-abi -- write`");
    }

    #[test]
    fn contracts_are_the_registrys() {
        let names: Vec<_> = contracts().iter().map(|c| c.name).collect();
        let registry: Vec<_> = lst_registry::CONTRACTS.iter().map(|c| c.name).collect();
        assert_eq!(names, registry);
    }

    #[test]
    fn eip712_domain_outputs_carry_erc_5267_names() {
        let abi = cert_token().abi().unwrap();
        let f = &abi.functions["eip712Domain"][0];
        let names: Vec<&str> = f.outputs.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["fields", "name", "version", "chainId", "verifyingContract", "salt", "extensions"]);
    }

    #[test]
    fn parameter_names_are_camel_case() {
        assert_eq!(camel("up_to_id"), "upToId");
        assert_eq!(camel("amount"), "amount");
        assert_eq!(camel("_bytes32"), "bytes32");
    }

    #[test]
    fn export_lines_other_than_functions_are_refused() {
        let text = "interface IX {\n    function a() external;\n    struct S { uint256 x; }\n}\n";
        assert!(exported_functions(text).unwrap_err().contains("struct S"));
    }

    #[test]
    fn restated_traits_have_the_library_interface_ids() {
        use openzeppelin_stylus::{access::ownable_two_step::IOwnable2Step, token::erc20::IErc20};
        assert_eq!(oz::IERC20.id, <lst_cert_token::CertToken as IErc20>::interface_id().0);
        assert_eq!(oz::IOWNABLE_2STEP.id, <lst_avalanche_pool::AvalanchePool as IOwnable2Step>::interface_id().0);
    }

    #[test]
    fn every_interface_has_functions_events_errors_and_a_constructor() {
        for c in contracts() {
            let abi = c.abi().unwrap();
            assert!(abi.constructor.is_some(), "{}", c.name);
            assert!(!abi.functions.is_empty() && !abi.events.is_empty() && !abi.errors.is_empty(), "{}", c.name);
        }
    }

    #[test]
    fn pool_interface_carries_the_spec_events_and_passed_through_errors() {
        let abi = avalanche_pool().abi().unwrap();
        let staked = &abi.events["StakePendingV2"][0];
        assert_eq!(staked.signature(), "StakePendingV2(address,uint256,bool)");
        assert_eq!(staked.inputs.iter().map(|p| p.indexed).collect::<Vec<_>>(), [true, false, true]);
        assert!(abi.errors.contains_key("RatioChangeTooLarge"), "core error");
        assert!(abi.errors.contains_key("UnknownToken"), "the feed's error, passed through");
        assert!(abi.errors.contains_key("ERC20InsufficientBalance"), "a token's error, passed through");
    }
}
