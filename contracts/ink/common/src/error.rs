//! Every way a call to a contract of the suite fails, as the Solidity custom
//! errors of `abi/*.json`.
//!
//! One [`Error`] type serves all contracts: a contract only ever returns the
//! variants its code can produce, and it declares its ABI's error list with
//! [`register_errors!`](crate::register_errors) from the groups below, so the
//! `.abi` cargo-contract writes lists exactly the errors of the Stylus build.
//! Core rules ([`CoreError`]) revert with their bare `Name()` selector; a
//! callee's revert passes through unchanged ([`Error::Revert`]).

use ink::{prelude::vec::Vec, sol::SolParamsEncode, Address, U256};
use lst_core::CoreError;

/// A Solidity `bytes32` (roles, signature parts).
pub type Bytes32 = ink::sol::FixedBytes<32>;

/// Declares [`Error`] with one variant per Solidity custom error, its
/// encoding, and one metadata constructor per error (`spec::<Name>`).
macro_rules! suite_errors {
    ($($(#[$doc:meta])* $name:ident { $($field:ident : $ty:ty),* },)*) => {
        /// A failed call: the Solidity custom error it reverts with.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[allow(non_snake_case)]
        pub enum Error {
            /// A protocol rule of the core (`RatioIncrease()`, `ZeroAmount()`, …).
            Core(CoreError),
            /// A callee's revert data, passed through unchanged.
            Revert(Vec<u8>),
            $($(#[$doc])* $name { $(#[allow(missing_docs)] $field: $ty),* },)*
        }

        impl Error {
            /// The revert data: the error's selector and ABI-encoded fields.
            pub fn encode(&self) -> Vec<u8> {
                match self {
                    Error::Core(e) => e.selector().to_vec(),
                    Error::Revert(data) => data.clone(),
                    $(Error::$name { $($field),* } => {
                        let mut out = Vec::from(ink::sol_error_selector!(stringify!($name), ($($ty,)*)));
                        out.extend(<($(&$ty,)*) as SolParamsEncode>::encode(&($($field,)*)));
                        out
                    })*
                }
            }
        }

        /// Solidity ABI metadata of each error, by name (what
        /// [`register_errors!`](crate::register_errors) lists).
        #[cfg(feature = "std")]
        #[allow(non_snake_case, missing_docs)]
        pub mod spec {
            use super::*;
            use ink::metadata::sol::{ErrorMetadata, ErrorParamMetadata};
            $(
                pub fn $name() -> ErrorMetadata {
                    ErrorMetadata {
                        name: stringify!($name).into(),
                        params: ink::prelude::vec![$(ErrorParamMetadata {
                            name: stringify!($field).into(),
                            ty: <$ty as ink::SolEncode>::SOL_NAME.into(),
                            docs: "".into(),
                        }),*],
                        docs: "".into(),
                    }
                }
            )*

            /// The `Name()` error of each core rule in `raised`.
            pub fn core(raised: &[CoreError]) -> Vec<ErrorMetadata> {
                raised
                    .iter()
                    .map(|e| ErrorMetadata { name: e.name().into(), params: Vec::new(), docs: "".into() })
                    .collect()
            }
        }
    };
}

suite_errors! {
    // --- ownership (OpenZeppelin's names) ---
    /// The caller is not the owner (or not the pending owner when accepting).
    OwnableUnauthorizedAccount { account: Address },
    /// The zero address cannot own the contract.
    OwnableInvalidOwner { owner: Address },
    // --- the mint gate ---
    /// The caller may not do this (not the pool, not the pauser).
    Unauthorized { account: Address },
    /// A write-once setting (the pool) is set already.
    AlreadySet {},
    /// A required address was zero.
    ZeroAddress {},
    /// A callee answered with data that does not decode.
    CallReturnMalformed {},
    /// The contract is paused.
    EnforcedPause {},
    /// The contract is not paused.
    ExpectedPause {},
    // --- ERC-20 (OpenZeppelin's ERC-6093 names) ---
    /// `sender` holds `balance`, less than `needed`.
    ERC20InsufficientBalance { sender: Address, balance: U256, needed: U256 },
    /// Tokens cannot come from the zero address.
    ERC20InvalidSender { sender: Address },
    /// Tokens cannot go to the zero address.
    ERC20InvalidReceiver { receiver: Address },
    /// `spender` may move `allowance`, less than `needed`.
    ERC20InsufficientAllowance { spender: Address, allowance: U256, needed: U256 },
    /// The zero address cannot approve.
    ERC20InvalidApprover { approver: Address },
    /// The zero address cannot be approved.
    ERC20InvalidSpender { spender: Address },
    /// A token name or symbol is longer than its storage allows.
    MetadataTooLong {},
    // --- EIP-2612 permit ---
    /// The permit signature does not recover.
    ECDSAInvalidSignature {},
    /// The permit signature's `s` is in the upper half of the curve order.
    ECDSAInvalidSignatureS { s: Bytes32 },
    /// The permit's deadline has passed.
    ERC2612ExpiredSignature { deadline: U256 },
    /// The permit was signed by `signer`, not `owner`.
    ERC2612InvalidSigner { signer: Address, owner: Address },
    // --- the ratio feed ---
    /// The token is not registered.
    UnknownToken { token: Address },
    /// The token is registered already.
    TokenAlreadyRegistered { token: Address },
    /// `ratio()`/`getRate()` were asked before a primary token was set.
    PrimaryTokenNotSet {},
    /// Batch arrays differ in length.
    LengthMismatch {},
    /// `account` is not the updater of `token`.
    NotRatioUpdater { token: Address, account: Address },
    // --- pools ---
    /// `pushClaims` was asked for more than `max` requests.
    BatchTooLarge { max: U256 },
    /// Sending `amount` of the native currency to `to` failed.
    TransferFailed { to: Address, amount: U256 },
    /// The bond token is registered already.
    BondAlreadyRegistered { bond: Address },
    /// The bond token is not registered.
    UnknownBond { bond: Address },
    /// `bond` mints for `bondPool`, not for this pool.
    BondPoolMismatch { bond: Address, bondPool: Address },
}

impl From<CoreError> for Error {
    fn from(e: CoreError) -> Self {
        Self::Core(e)
    }
}

impl From<lst_app::Error> for Error {
    /// A refusal of the app layer inside a contract not yet moved to it:
    /// its revert data, unchanged.
    fn from(e: lst_app::Error) -> Self {
        Self::Revert(e.encode())
    }
}

/// A refused message of a contract whose messages live in `lst-app`: the
/// app's error, reverting with the data the app layer encodes (the
/// contract's ABI lists it with [`register_errors!`](crate::register_errors)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub lst_app::Error);

impl From<lst_app::Error> for Failure {
    fn from(e: lst_app::Error) -> Self {
        Self(e)
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Self(e.into())
    }
}

impl ink::sol::SolErrorEncode for Failure {
    fn encode(&self) -> Vec<u8> {
        self.0.encode()
    }
}

impl ink::sol::SolErrorDecode for Failure {
    /// Revert data decodes as a passed-on revert (`lst_app::Error::Revert`).
    fn decode(data: &[u8]) -> core::result::Result<Self, ink::sol::Error> {
        Ok(Self(lst_app::Error::Revert(data.to_vec())))
    }
}

impl ink::sol::SolErrorEncode for Error {
    fn encode(&self) -> Vec<u8> {
        Error::encode(self)
    }
}

impl ink::sol::SolErrorDecode for Error {
    /// Revert data decodes as [`Error::Revert`]: the suite never needs to
    /// branch on a callee's error, only to pass it on.
    fn decode(data: &[u8]) -> core::result::Result<Self, ink::sol::Error> {
        Ok(Error::Revert(data.to_vec()))
    }
}

/// Result of every fallible message.
pub type Result<T> = core::result::Result<T, Error>;

/// Registers a contract's Solidity error list for cargo-contract's `.abi`:
/// `register_errors!(core: lst_core::error::raised::X, passes raised::Y; OwnableUnauthorizedAccount, ...)`:
/// the core rules it can raise first (also defined as the crate's
/// `CORE_ERRORS`, which its tests check every core error against), then
/// those of each contract whose reverts it passes through, then the named
/// errors. Use once, in the contract crate.
#[macro_export]
macro_rules! register_errors {
    (core: $core:path $(, passes $through:path)*; $($name:ident),* $(,)?) => {
        /// The core rules this contract can raise: its ABI lists exactly
        /// these (`lst_core::error::raised`), and those of the contracts
        /// whose reverts it passes through (`passes`).
        pub const CORE_ERRORS: &[lst_core::CoreError] = $core;

        #[cfg(feature = "std")]
        const _: () = {
            #[ink::linkme::distributed_slice(ink::CONTRACT_ERRORS_SOL)]
            #[linkme(crate = ink::linkme)]
            static SUITE_ERRORS: fn() -> ink::prelude::vec::Vec<ink::metadata::sol::ErrorMetadata> = || {
                let mut all = $crate::error::spec::core(CORE_ERRORS);
                $(
                    for e in $crate::error::spec::core($through) {
                        if !all.iter().any(|a| a.name == e.name) {
                            all.push(e);
                        }
                    }
                )*
                $(all.push($crate::error::spec::$name());)*
                all
            };
        };
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_revert_with_their_bare_selector() {
        assert_eq!(Error::Core(CoreError::ZeroAmount).encode(), CoreError::ZeroAmount.selector().to_vec());
    }

    #[test]
    fn errors_with_fields_encode_selector_then_words() {
        // keccak256("OwnableUnauthorizedAccount(address)") = 0x118cdaa7…
        let account = Address::from([0x11; 20]);
        let data = Error::OwnableUnauthorizedAccount { account }.encode();
        assert_eq!(data[..4], [0x11, 0x8c, 0xda, 0xa7]);
        assert_eq!(data.len(), 36);
        assert_eq!(data[16..], [0x11; 20]);
    }

    #[test]
    fn unit_errors_are_four_bytes() {
        // keccak256("EnforcedPause()") = 0xd93c0665
        assert_eq!(Error::EnforcedPause {}.encode(), [0xd9, 0x3c, 0x06, 0x65]);
    }

    #[test]
    fn callee_reverts_pass_through_unchanged() {
        let data = vec![1, 2, 3, 4, 5];
        assert_eq!(Error::Revert(data.clone()).encode(), data);
        assert_eq!(<Error as ink::sol::SolErrorDecode>::decode(&data), Ok(Error::Revert(data)));
    }

    #[test]
    fn metadata_names_fields_with_solidity_types() {
        let spec = spec::ERC20InsufficientBalance();
        assert_eq!(spec.name, "ERC20InsufficientBalance");
        let tys: Vec<_> = spec.params.iter().map(|p| (p.name.to_string(), p.ty.to_string())).collect();
        assert_eq!(
            tys,
            [
                ("sender".to_string(), "address".to_string()),
                ("balance".to_string(), "uint256".to_string()),
                ("needed".to_string(), "uint256".to_string())
            ]
        );
        assert_eq!(spec::ECDSAInvalidSignatureS().params[0].ty, "bytes32");
    }
}
