//! Every named refusal of the migrated messages, and its revert data: the
//! Solidity custom error's selector and its fields' words, or a core rule's
//! bare `Name()` selector, or a callee's revert passed on unchanged.

use crate::abi::{selector, Word};
use crate::{Address, U256};
use alloc::boxed::Box;
use alloc::vec::Vec;
use lst_core::CoreError;

/// Declares [`Error`] with one variant per Solidity custom error and its
/// encoding.
macro_rules! suite_errors {
    ($($(#[$doc:meta])* $name:ident $signature:literal { $($field:ident : $ty:ty),* },)*) => {
        /// A refused message: the Solidity custom error it reverts with.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[allow(non_snake_case)]
        pub enum Error {
            /// A protocol rule of the core (`ZeroAmount()`, `StakePoolNotFound()`, …).
            Core(CoreError),
            /// A callee's revert data, passed on unchanged.
            Revert(Vec<u8>),
            $($(#[$doc])* $name { $(#[allow(missing_docs)] $field: $ty),* },)*
        }

        impl Error {
            /// The revert data. Each named error gives its selector and
            /// its words; one loop writes them (a shared tail rather than a
            /// buffer built per variant: the encoder is in every contract;
            /// measured smaller than a call per fields' shape or a list of
            /// `&dyn Word`).
            pub fn encode(&self) -> Vec<u8> {
                let mut words = [[0u8; 32]; 3];
                let mut n = 0usize;
                #[allow(unused_mut, unused_variables)]
                let mut push = |word: [u8; 32], words: &mut [[u8; 32]; 3], n: &mut usize| {
                    if let Some(slot) = words.get_mut(*n) {
                        *slot = word;
                        *n = n.saturating_add(1);
                    }
                };
                let selector: [u8; 4] = match self {
                    Error::Core(e) => return e.selector().to_vec(),
                    Error::Revert(data) => return data.clone(),
                    $(Error::$name { $($field),* } => {
                        $(push($field.word(), &mut words, &mut n);)*
                        const { selector($signature) }
                    })*
                };
                let mut out = Vec::with_capacity(4usize.saturating_add(n.saturating_mul(32)));
                out.extend_from_slice(&selector);
                for word in words.iter().take(n) {
                    out.extend_from_slice(word);
                }
                out
            }

            /// The Solidity signature of a named error (`None` for core
            /// rules and passed-on reverts).
            pub fn signature(&self) -> Option<&'static str> {
                match self {
                    Error::Core(_) | Error::Revert(_) => None,
                    $(Error::$name { .. } => Some($signature),)*
                }
            }
        }
    };
}

suite_errors! {
    /// `account` may not call this message.
    Unauthorized "Unauthorized(address)" { account: Address },
    /// A required address was zero.
    ZeroAddress "ZeroAddress()" {},
    /// A callee answered with data that does not decode.
    CallReturnMalformed "CallReturnMalformed()" {},
    /// Sending `amount` of the native currency to `to` failed.
    TransferFailed "TransferFailed(address,uint256)" { to: Address, amount: U256 },
    /// The caller is not the owner (OpenZeppelin's name).
    OwnableUnauthorizedAccount "OwnableUnauthorizedAccount(address)" { account: Address },
    /// A write-once setting (the token's pool) is set already.
    AlreadySet "AlreadySet()" {},
    /// The contract is paused (OpenZeppelin's name).
    EnforcedPause "EnforcedPause()" {},
    /// The contract is not paused (OpenZeppelin's name).
    ExpectedPause "ExpectedPause()" {},
    /// `sender` holds `balance`, less than `needed` (ERC-6093).
    /// (The amounts are boxed, here and in `ERC20InsufficientAllowance`:
    /// every `Result` of every contract is as large as the largest error,
    /// and inline these two made it 88 bytes instead of 56 — measured
    /// +1.0 KiB of PolkaVM code in RateProvider, +2.0 KiB in Staking, from
    /// the copies.)
    ERC20InsufficientBalance "ERC20InsufficientBalance(address,uint256,uint256)" {
        sender: Address, balance: Box<U256>, needed: Box<U256>
    },
    /// Tokens may not come from the zero address (ERC-6093).
    ERC20InvalidSender "ERC20InvalidSender(address)" { sender: Address },
    /// Tokens may not go to the zero address (ERC-6093).
    ERC20InvalidReceiver "ERC20InvalidReceiver(address)" { receiver: Address },
    /// `spender` may move `allowance`, less than `needed` (ERC-6093).
    ERC20InsufficientAllowance "ERC20InsufficientAllowance(address,uint256,uint256)" {
        spender: Address, allowance: Box<U256>, needed: Box<U256>
    },
    /// The zero address may not approve (ERC-6093).
    ERC20InvalidApprover "ERC20InvalidApprover(address)" { approver: Address },
    /// The zero address may not be approved (ERC-6093).
    ERC20InvalidSpender "ERC20InvalidSpender(address)" { spender: Address },
    /// The permit signature does not recover a key (OpenZeppelin's name).
    ECDSAInvalidSignature "ECDSAInvalidSignature()" {},
    /// The permit signature's `s` is in the upper half of the curve order.
    ECDSAInvalidSignatureS "ECDSAInvalidSignatureS(bytes32)" { s: [u8; 32] },
    /// The permit's deadline has passed (EIP-2612).
    ERC2612ExpiredSignature "ERC2612ExpiredSignature(uint256)" { deadline: U256 },
    /// The permit was signed by `signer`, not `owner` (EIP-2612).
    ERC2612InvalidSigner "ERC2612InvalidSigner(address,address)" { signer: Address, owner: Address },
    /// A token's name or symbol is longer than its storage allows.
    MetadataTooLong "MetadataTooLong()" {},
    /// `pushClaims` was asked for more than `max` requests.
    BatchTooLarge "BatchTooLarge(uint256)" { max: U256 },
    /// The bond token is registered already.
    BondAlreadyRegistered "BondAlreadyRegistered(address)" { bond: Address },
    /// The bond token is not registered.
    UnknownBond "UnknownBond(address)" { bond: Address },
    /// `bond` mints for `bondPool`, not for this pool.
    BondPoolMismatch "BondPoolMismatch(address,address)" { bond: Address, bondPool: Address },
    /// The zero address may not own the contract (OpenZeppelin's name).
    OwnableInvalidOwner "OwnableInvalidOwner(address)" { owner: Address },
    /// The token is not registered.
    UnknownToken "UnknownToken(address)" { token: Address },
    /// The token is registered already.
    TokenAlreadyRegistered "TokenAlreadyRegistered(address)" { token: Address },
    /// `ratio()`/`getRate()` were asked before a primary token was set.
    PrimaryTokenNotSet "PrimaryTokenNotSet()" {},
    /// Batch arrays differ in length.
    LengthMismatch "LengthMismatch()" {},
    /// `account` is not the updater of `token`.
    NotRatioUpdater "NotRatioUpdater(address,address)" { token: Address, account: Address },
}

impl From<CoreError> for Error {
    fn from(e: CoreError) -> Self {
        Self::Core(e)
    }
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Self {
        e.encode()
    }
}

/// The result of every fallible message.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn a_core_rule_reverts_with_its_bare_selector() {
        assert_eq!(Error::Core(CoreError::ZeroAmount).encode(), CoreError::ZeroAmount.selector().to_vec());
    }

    #[test]
    fn a_named_error_reverts_with_its_selector_then_its_fields() {
        // keccak256("Unauthorized(address)") = 0x8e4a23d6…
        let data = Error::Unauthorized { account: [0x11; 20] }.encode();
        assert_eq!(data[..4], [0x8e, 0x4a, 0x23, 0xd6]);
        assert_eq!(data.len(), 36);
        assert_eq!(data[16..], [0x11; 20]);
    }

    #[test]
    fn an_error_without_fields_is_four_bytes() {
        // keccak256("ZeroAddress()") = 0xd92e233d
        assert_eq!(Error::ZeroAddress {}.encode(), [0xd9, 0x2e, 0x23, 0x3d]);
    }

    #[test]
    fn a_callees_revert_passes_on_unchanged() {
        assert_eq!(Error::Revert(vec![1, 2, 3]).encode(), [1, 2, 3]);
    }
}
