//! ABI parity across platforms: an ink! contract's Solidity ABI (the `.abi`
//! file its build writes) against the committed `abi/<Contract>.json`, the
//! interface the Stylus contracts are checked against (see the crate docs).
//!
//! Compared as sets, so order does not matter:
//! - the constructor's input types and whether it is payable;
//! - every function's name, input types, output types and state mutability;
//! - every event's name, inputs (name, type, indexed) and anonymity;
//! - every error's name and inputs (name, type);
//! - the fallback and receive functions, if any.
//!
//! Types are compared in their canonical form (a tuple as `(t1,t2)`, so a
//! struct's fields count). Parameter names of functions are not part of
//! the wire format and are not compared; those of events and errors are
//! (indexers and decoders show them).
//!
//! One normalisation, which changes no byte on the wire: ink! declares a
//! multi-value return as one `tuple` output, solc and Stylus as several
//! outputs. A tuple of static types encodes the same either way, so its
//! components are compared.

use alloy_json_abi::{JsonAbi, Param};
use std::collections::BTreeSet;
use std::path::Path;

/// Whether `ty` (canonical form) is a static type: its encoding has a fixed
/// size, so a tuple of such types is encoded in place. Tuples count as
/// dynamic here (no return value of the suite nests one).
fn is_static(ty: &str) -> bool {
    if ty.ends_with("[]") {
        return false;
    }
    if let Some(element) = ty.strip_suffix(']').and_then(|t| t.rfind('[').and_then(|open| t.get(..open))) {
        return is_static(element);
    }
    ["uint", "int", "address", "bool"].iter().any(|p| ty.starts_with(p))
        || ty.strip_prefix("bytes").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn types(params: &[Param]) -> Vec<String> {
    params.iter().map(Param::selector_type).map(|t| t.into_owned()).collect()
}

/// Output types, a lone tuple of static types unpacked into its components.
fn output_types(outputs: &[Param]) -> Vec<String> {
    if let [only] = outputs {
        if only.ty == "tuple" && only.components.iter().all(|c| is_static(&c.selector_type())) {
            return types(&only.components);
        }
    }
    types(outputs)
}

/// One line per ABI item, in a form two equal interfaces share.
pub fn normalise(abi: &JsonAbi) -> BTreeSet<String> {
    let mut items = BTreeSet::new();
    if let Some(c) = &abi.constructor {
        items.insert(format!(
            "constructor({}) {}",
            types(&c.inputs).join(","),
            c.state_mutability.as_str().unwrap_or("nonpayable")
        ));
    }
    for f in abi.functions() {
        items.insert(format!(
            "function {}({}) {} returns ({})",
            f.name,
            types(&f.inputs).join(","),
            f.state_mutability.as_str().unwrap_or("nonpayable"),
            output_types(&f.outputs).join(",")
        ));
    }
    for e in abi.events() {
        let inputs: Vec<String> = e
            .inputs
            .iter()
            .map(|p| format!("{}{} {}", p.selector_type(), if p.indexed { " indexed" } else { "" }, p.name))
            .collect();
        items.insert(format!("event {}({}){}", e.name, inputs.join(", "), if e.anonymous { " anonymous" } else { "" }));
    }
    for e in abi.errors() {
        let inputs: Vec<String> = e.inputs.iter().map(|p| format!("{} {}", p.selector_type(), p.name)).collect();
        items.insert(format!("error {}({})", e.name, inputs.join(", ")));
    }
    if let Some(f) = &abi.fallback {
        items.insert(format!("fallback {}", f.state_mutability.as_str().unwrap_or("nonpayable")));
    }
    if let Some(r) = &abi.receive {
        items.insert(format!("receive {}", r.state_mutability.as_str().unwrap_or("payable")));
    }
    items
}

/// The differences between the committed interface and an ink! build's,
/// one line each; empty when they are the same.
pub fn compare(committed: &JsonAbi, ink: &JsonAbi) -> Vec<String> {
    let (a, b) = (normalise(committed), normalise(ink));
    let mut out: Vec<String> = a.difference(&b).map(|i| format!("only in abi/: {i}")).collect();
    out.extend(b.difference(&a).map(|i| format!("only in the ink! build: {i}")));
    out
}

fn load(path: &Path) -> Result<JsonAbi, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a JSON ABI: {e}", path.display()))
}

/// Compares every registered contract's ink! ABI (`<artifacts>/<crate>/<crate>.abi`)
/// with `abi_dir/<Name>.json`. Returns one report line per contract and
/// whether all were the same.
pub fn check(abi_dir: &Path, artifacts: &Path) -> Result<(Vec<String>, bool), String> {
    let mut report = Vec::new();
    let mut same = true;
    for c in lst_registry::CONTRACTS {
        let committed = load(&abi_dir.join(format!("{}.json", c.name)))?;
        let stem = c.ink_artifact();
        let ink_file = artifacts.join(&stem).join(format!("{stem}.abi"));
        let ink = load(&ink_file)?;
        let diff = compare(&committed, &ink);
        if diff.is_empty() {
            report.push(format!("{}: {} items, same as abi/{}.json", c.name, normalise(&ink).len(), c.name));
        } else {
            same = false;
            report.push(format!("{}: the ink! ABI ({}) differs from abi/{}.json", c.name, ink_file.display(), c.name));
            report.extend(diff.into_iter().map(|d| format!("  {d}")));
        }
    }
    Ok((report, same))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn abi(json: &str) -> JsonAbi {
        serde_json::from_str(json).expect("test ABI")
    }

    const COMMITTED: &str = r#"[
      {"type":"constructor","inputs":[{"name":"admin","type":"address"}],"stateMutability":"nonpayable"},
      {"type":"function","name":"queue","inputs":[],"outputs":[{"name":"head","type":"uint256"},{"name":"tail","type":"uint256"}],"stateMutability":"view"},
      {"type":"function","name":"stake","inputs":[],"outputs":[],"stateMutability":"payable"},
      {"type":"event","name":"Staked","inputs":[{"name":"staker","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}],"anonymous":false},
      {"type":"error","name":"Paused","inputs":[]}
    ]"#;

    #[test]
    fn an_equal_interface_in_another_order_is_the_same() {
        let reordered = r#"[
          {"type":"error","name":"Paused","inputs":[]},
          {"type":"function","name":"stake","inputs":[],"outputs":[],"stateMutability":"payable"},
          {"type":"event","name":"Staked","inputs":[{"name":"staker","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}],"anonymous":false},
          {"type":"function","name":"queue","inputs":[],"outputs":[{"name":"head","type":"uint256"},{"name":"tail","type":"uint256"}],"stateMutability":"view"},
          {"type":"constructor","inputs":[{"name":"owner","type":"address"}],"stateMutability":"nonpayable"}
        ]"#;
        assert_eq!(compare(&abi(COMMITTED), &abi(reordered)), Vec::<String>::new());
    }

    #[test]
    fn a_tuple_of_static_outputs_equals_separate_outputs() {
        let ink = COMMITTED.replace(
            r#""outputs":[{"name":"head","type":"uint256"},{"name":"tail","type":"uint256"}]"#,
            r#""outputs":[{"name":"","type":"tuple","components":[{"name":"","type":"uint256"},{"name":"","type":"uint256"}]}]"#,
        );
        assert_eq!(compare(&abi(COMMITTED), &abi(&ink)), Vec::<String>::new());
    }

    #[test]
    fn a_tuple_with_a_dynamic_component_is_not_unpacked() {
        let committed = r#"[{"type":"function","name":"f","inputs":[],"outputs":[{"name":"","type":"uint256"},{"name":"","type":"string"}],"stateMutability":"view"}]"#;
        let ink = r#"[{"type":"function","name":"f","inputs":[],"outputs":[{"name":"","type":"tuple","components":[{"name":"","type":"uint256"},{"name":"","type":"string"}]}],"stateMutability":"view"}]"#;
        assert_eq!(compare(&abi(committed), &abi(ink)).len(), 2);
    }

    #[test]
    fn another_state_mutability_is_a_difference() {
        let ink = COMMITTED.replace(
            r#""name":"stake","inputs":[],"outputs":[],"stateMutability":"payable""#,
            r#""name":"stake","inputs":[],"outputs":[],"stateMutability":"nonpayable""#,
        );
        let diff = compare(&abi(COMMITTED), &abi(&ink));
        assert_eq!(
            diff,
            vec![
                "only in abi/: function stake() payable returns ()".to_owned(),
                "only in the ink! build: function stake() nonpayable returns ()".to_owned()
            ]
        );
    }

    #[test]
    fn a_missing_event_is_a_difference() {
        let ink = abi(COMMITTED);
        let mut without = ink.clone();
        without.events.clear();
        assert_eq!(
            compare(&ink, &without),
            vec!["only in abi/: event Staked(address indexed staker, uint256 amount)".to_owned()]
        );
    }

    #[test]
    fn an_event_field_no_longer_indexed_is_a_difference() {
        let ink = COMMITTED.replace(r#""type":"address","indexed":true"#, r#""type":"address","indexed":false"#);
        assert_eq!(compare(&abi(COMMITTED), &abi(&ink)).len(), 2);
    }

    #[test]
    fn an_error_parameter_renamed_is_a_difference() {
        let committed = r#"[{"type":"error","name":"TooLow","inputs":[{"name":"minimum","type":"uint256"}]}]"#;
        let ink = r#"[{"type":"error","name":"TooLow","inputs":[{"name":"min","type":"uint256"}]}]"#;
        assert_eq!(compare(&abi(committed), &abi(ink)).len(), 2);
    }

    #[test]
    fn a_payable_constructor_is_a_difference() {
        let ink = COMMITTED.replace(r#""stateMutability":"nonpayable"},"#, r#""stateMutability":"payable"},"#);
        assert_eq!(compare(&abi(COMMITTED), &abi(&ink)).len(), 2);
    }

    #[test]
    fn static_types_are_recognised() {
        for ty in ["uint256", "int8", "address", "bool", "bytes32", "bytes1", "uint256[2]"] {
            assert!(is_static(ty), "{ty}");
        }
        for ty in ["string", "bytes", "uint256[]", "string[2]", "(uint256,string)"] {
            assert!(!is_static(ty), "{ty}");
        }
    }

    #[test]
    fn a_missing_artifact_is_a_named_error() {
        let err = check(Path::new("../../abi"), Path::new("/nonexistent-artifacts")).unwrap_err();
        assert!(err.contains("lst_ink_rate_provider.abi"), "{err}");
    }
}
