//! The events and errors of the OpenZeppelin modules the contracts embed.
//!
//! OpenZeppelin declares them with plain `sol!`, so their declarations are
//! restated here; each is paired with the library type it restates and
//! its selector is compared on every export, so a restatement that drifts
//! from the library is an error, not a wrong ABI.

use alloy_json_abi::{AbiItem, JsonAbi};
use alloy_sol_types::{SolError, SolEvent};
use openzeppelin_stylus::{
    access::{ownable, ownable_two_step},
    token::erc20::{self, extensions::permit},
    utils::{cryptography::ecdsa, pausable},
};

/// What an item's selector must be.
#[derive(Clone, Copy, Debug)]
pub enum Selector {
    /// An event's topic 0.
    Event([u8; 32]),
    /// An error's 4-byte selector.
    Error([u8; 4]),
}

/// One OpenZeppelin event or error: its Solidity declaration and the
/// selector of the library's own type.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    /// The Solidity declaration, as in the Solidity OpenZeppelin library.
    pub decl: &'static str,
    /// The selector the library's Rust type has.
    pub selector: Selector,
}

impl Item {
    /// Parses the declaration, checks its selector against the library's
    /// and adds it to `abi`.
    pub(crate) fn add_to(&self, abi: &mut JsonAbi) -> Result<(), String> {
        let parsed = AbiItem::parse(self.decl).map_err(|e| format!("cannot parse `{}`: {e}", self.decl))?;
        match (parsed, self.selector) {
            (AbiItem::Event(e), Selector::Event(want)) if e.selector().0 == want => {
                abi.events.entry(e.name.clone()).or_default().push(e.into_owned());
            }
            (AbiItem::Error(e), Selector::Error(want)) if e.selector().0 == want => {
                abi.errors.entry(e.name.clone()).or_default().push(e.into_owned());
            }
            _ => return Err(format!("`{}` does not match the OpenZeppelin type it restates", self.decl)),
        }
        Ok(())
    }
}

/// An OpenZeppelin trait a contract implements (`#[implements(...)]`):
/// stylus-sdk 0.9's `export-abi` prints only a contract's own `#[public]`
/// functions, not those of its trait impls, so they are restated here and
/// checked against the interface id (the XOR of the selectors).
#[derive(Clone, Copy, Debug)]
pub struct Interface {
    /// The trait's name, for messages.
    pub name: &'static str,
    /// Its functions, as Solidity declarations.
    pub functions: &'static [&'static str],
    /// The XOR of their selectors: the ERC-165 id of the standard, or of
    /// the OpenZeppelin trait (a test compares both).
    pub id: [u8; 4],
}

impl Interface {
    /// Parses the functions, checks the interface id and adds them to `abi`.
    pub(crate) fn add_to(&self, abi: &mut JsonAbi) -> Result<(), String> {
        let mut id = [0u8; 4];
        for decl in self.functions {
            let Ok(AbiItem::Function(f)) = AbiItem::parse(decl) else {
                return Err(format!("`{decl}` is not a function declaration"));
            };
            for (byte, s) in id.iter_mut().zip(f.selector().0) {
                *byte ^= s;
            }
            abi.functions.entry(f.name.clone()).or_default().push(f.into_owned());
        }
        if id != self.id {
            return Err(format!("the restated {} has interface id {id:02x?}, not {:02x?}", self.name, self.id));
        }
        Ok(())
    }
}

/// `IErc20` (ERC-165 id `0x36372b07`).
pub const IERC20: Interface = Interface {
    name: "IErc20",
    functions: &[
        "function totalSupply() external view returns (uint256)",
        "function balanceOf(address account) external view returns (uint256)",
        "function transfer(address to, uint256 value) external returns (bool)",
        "function allowance(address owner, address spender) external view returns (uint256)",
        "function approve(address spender, uint256 value) external returns (bool)",
        "function transferFrom(address from, address to, uint256 value) external returns (bool)",
    ],
    id: [0x36, 0x37, 0x2b, 0x07],
};

/// `INonces`: `nonces(address)`, selector `0x7ecebe00`.
pub const INONCES: Interface = Interface {
    name: "INonces",
    functions: &["function nonces(address owner) external view returns (uint256)"],
    id: [0x7e, 0xce, 0xbe, 0x00],
};

/// `IErc20Permit` (EIP-2612 without `nonces`): `permit` `0xd505accf` XOR
/// `DOMAIN_SEPARATOR` `0x3644e515`.
pub const IERC20_PERMIT: Interface = Interface {
    name: "IErc20Permit",
    functions: &[
        "function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external",
        "function DOMAIN_SEPARATOR() external view returns (bytes32)",
    ],
    id: [0xd5 ^ 0x36, 0x05 ^ 0x44, 0xac ^ 0xe5, 0xcf ^ 0x15],
};

/// `IPausable`: `paused()`, selector `0x5c975abb`.
pub const IPAUSABLE: Interface = Interface {
    name: "IPausable",
    functions: &["function paused() external view returns (bool)"],
    id: [0x5c, 0x97, 0x5a, 0xbb],
};

/// `IOwnable2Step` (the OpenZeppelin trait's own id, checked by a test).
pub const IOWNABLE_2STEP: Interface = Interface {
    name: "IOwnable2Step",
    functions: &[
        "function owner() external view returns (address)",
        "function pendingOwner() external view returns (address)",
        "function transferOwnership(address newOwner) external",
        "function acceptOwnership() external",
        "function renounceOwnership() external",
    ],
    id: [0x94, 0xbe, 0x59, 0x99],
};

macro_rules! event {
    ($ty:ty, $decl:literal) => {
        Item { decl: $decl, selector: Selector::Event(<$ty as SolEvent>::SIGNATURE_HASH.0) }
    };
}

macro_rules! error {
    ($ty:ty, $decl:literal) => {
        Item { decl: $decl, selector: Selector::Error(<$ty as SolError>::SELECTOR) }
    };
}

/// ERC-20: transfers, approvals and their errors.
pub const ERC20: &[Item] = &[
    event!(erc20::Transfer, "event Transfer(address indexed from, address indexed to, uint256 value)"),
    event!(erc20::Approval, "event Approval(address indexed owner, address indexed spender, uint256 value)"),
    error!(
        erc20::ERC20InsufficientBalance,
        "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)"
    ),
    error!(erc20::ERC20InvalidSender, "error ERC20InvalidSender(address sender)"),
    error!(erc20::ERC20InvalidReceiver, "error ERC20InvalidReceiver(address receiver)"),
    error!(
        erc20::ERC20InsufficientAllowance,
        "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)"
    ),
    error!(erc20::ERC20InvalidSpender, "error ERC20InvalidSpender(address spender)"),
    error!(erc20::ERC20InvalidApprover, "error ERC20InvalidApprover(address approver)"),
];

/// EIP-2612 permit, with the ECDSA errors of its signature check.
pub const ERC20_PERMIT: &[Item] = &[
    error!(permit::ERC2612ExpiredSignature, "error ERC2612ExpiredSignature(uint256 deadline)"),
    error!(permit::ERC2612InvalidSigner, "error ERC2612InvalidSigner(address signer, address owner)"),
    error!(ecdsa::ECDSAInvalidSignature, "error ECDSAInvalidSignature()"),
    error!(ecdsa::ECDSAInvalidSignatureS, "error ECDSAInvalidSignatureS(bytes32 s)"),
];

/// Pause and unpause.
pub const PAUSABLE: &[Item] = &[
    event!(pausable::Paused, "event Paused(address account)"),
    event!(pausable::Unpaused, "event Unpaused(address account)"),
    error!(pausable::EnforcedPause, "error EnforcedPause()"),
    error!(pausable::ExpectedPause, "error ExpectedPause()"),
];

/// The two-step admin.
pub const OWNABLE_2STEP: &[Item] = &[
    event!(
        ownable::OwnershipTransferred,
        "event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)"
    ),
    event!(
        ownable_two_step::OwnershipTransferStarted,
        "event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)"
    ),
    error!(ownable::OwnableUnauthorizedAccount, "error OwnableUnauthorizedAccount(address account)"),
    error!(ownable::OwnableInvalidOwner, "error OwnableInvalidOwner(address owner)"),
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn every_restated_item_has_the_library_selector() {
        let mut abi = JsonAbi::new();
        for item in [ERC20, ERC20_PERMIT, PAUSABLE, OWNABLE_2STEP].concat() {
            item.add_to(&mut abi).unwrap();
        }
    }

    #[test]
    fn a_restatement_with_another_signature_is_refused() {
        let wrong = event!(erc20::Transfer, "event Transfer(address indexed from, address indexed to)");
        assert!(wrong.add_to(&mut JsonAbi::new()).is_err());
    }
}
