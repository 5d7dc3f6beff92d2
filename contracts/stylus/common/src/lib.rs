//! What every Stylus contract of the suite shares: the wasm panic handler,
//! the calls the contracts make to each other (a callee's revert passes
//! through unchanged), and the shared errors and gates.
//!
//! The contracts are `no_std` on wasm: this crate provides the one panic
//! handler they link (a trap, no message formatting), which keeps the
//! formatting machinery out of the deployed code.
#![cfg_attr(not(test), no_std)]
extern crate alloc;
// Linked for its `memcmp` and `bcmp` (it has no other items to use).
use lst_stylus_mem as _;

use alloc::vec::Vec;
use lst_core::CoreError;

pub mod erc5267;
pub mod gate;
pub mod interfaces;
mod ownable;
#[cfg(feature = "test-accounts")]
pub mod test_accounts;
pub mod timelock;

/// A refused message of a contract whose messages live in `lst-app`: the
/// app's [`lst_app::Error`], reverting with its revert data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub lst_app::Error);

impl From<lst_app::Error> for Failure {
    fn from(e: lst_app::Error) -> Self {
        Self(e)
    }
}

impl From<openzeppelin_stylus::access::ownable::Error> for Failure {
    /// OpenZeppelin's ownership refusal (`OwnableUnauthorizedAccount`,
    /// `OwnableInvalidOwner`), as its revert data.
    fn from(e: openzeppelin_stylus::access::ownable::Error) -> Self {
        Self(lst_app::Error::Revert(e.into()))
    }
}

impl From<Failure> for Vec<u8> {
    fn from(e: Failure) -> Self {
        e.0.encode()
    }
}

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Failure {}

/// Logs `log` through the Stylus host: its topics then its data, one buffer.
/// Inlined, as every function here that takes the host: called on the
/// contract's own host type the call is direct; an out-of-line call through
/// `&dyn Host` links the host's whole table, every hostio included
/// (`create2`, `delegate_call_contract`, …), which activation refuses.
#[inline(always)]
pub fn emit(vm: &dyn stylus_sdk::stylus_core::Host, log: &lst_app::abi::Log) {
    let mut buffer = Vec::with_capacity(log.topics().len() * 32 + log.data().len());
    for topic in log.topics() {
        buffer.extend_from_slice(topic);
    }
    buffer.extend_from_slice(log.data());
    vm.emit_log(&buffer, log.topics().len());
}

/// Pays `amount` to `to` with `onStakingPayment()`'s calldata: whether it
/// was accepted (inlined, see [`emit`]).
#[inline(always)]
pub fn pay(vm: &dyn stylus_sdk::stylus_core::Host, to: lst_app::Address, amount: alloy_primitives::U256) -> bool {
    interfaces::call_with(
        vm,
        interfaces::Context::with_value(amount),
        alloy_primitives::Address::from(to),
        &interfaces::STAKING_PAYMENT,
    )
    .is_ok()
}

/// Implements `lst_app::Host` for a Stylus contract type: the message's
/// sender, value and block time, balances, logs, payments and calls through
/// its host (`call.reentry` needs no flag: a Stylus contract that takes a
/// call back is built with stylus-sdk's `reentrant` feature).
#[macro_export]
macro_rules! app_host {
    ($contract:ty) => {
        impl lst_app::Host for $contract {
            fn caller(&self) -> lst_app::Address {
                stylus_sdk::prelude::HostAccess::vm(self).msg_sender().into_array()
            }

            fn value(&self) -> lst_app::U256 {
                stylus_sdk::prelude::HostAccess::vm(self).msg_value()
            }

            fn now(&self) -> u64 {
                stylus_sdk::prelude::HostAccess::vm(self).block_timestamp()
            }

            fn block_number(&self) -> u64 {
                stylus_sdk::prelude::HostAccess::vm(self).block_number()
            }

            fn this(&self) -> lst_app::Address {
                stylus_sdk::prelude::HostAccess::vm(self).contract_address().into_array()
            }

            fn balance(&self, account: lst_app::Address) -> lst_app::U256 {
                stylus_sdk::prelude::HostAccess::vm(self).balance(alloy_primitives::Address::from(account))
            }

            fn log(&mut self, log: &lst_app::abi::Log) {
                $crate::emit(stylus_sdk::prelude::HostAccess::vm(self), log)
            }

            fn call(
                &mut self,
                call: &lst_app::abi::Call,
            ) -> core::result::Result<alloc::vec::Vec<u8>, alloc::vec::Vec<u8>> {
                $crate::interfaces::call_with(
                    stylus_sdk::prelude::HostAccess::vm(self),
                    $crate::interfaces::Context::with_value(call.value),
                    alloy_primitives::Address::from(call.to),
                    &call.input,
                )
            }

            fn view(
                &self,
                to: lst_app::Address,
                input: &[u8],
            ) -> core::result::Result<alloc::vec::Vec<u8>, alloc::vec::Vec<u8>> {
                $crate::interfaces::static_call_with(
                    stylus_sdk::prelude::HostAccess::vm(self),
                    alloy_primitives::Address::from(to),
                    input,
                )
            }

            fn pay(&mut self, to: lst_app::Address, amount: lst_app::U256) -> bool {
                $crate::pay(stylus_sdk::prelude::HostAccess::vm(self), to, amount)
            }
        }
    };
}

/// The bytes of a core rule's custom error, `Name()`.
pub fn core_revert(error: CoreError) -> Vec<u8> {
    error.selector().to_vec()
}

/// Declares Solidity events and errors (as `alloy_sol_types::sol!` does)
/// and records each declaration in a `pub const ABI_ITEMS: &[&str]` of the
/// calling module.
///
/// The ABI export (`tools/abi`) reads `ABI_ITEMS`, so the committed
/// interface lists exactly the events and errors the contract compiles: a
/// declaration cannot reach the contract without reaching its ABI. One
/// `sol_abi!` per module. Only `event` and `error` items are accepted.
#[macro_export]
macro_rules! sol_abi {
    ($(#![$inner:meta])* $($(#[$meta:meta])* $kind:ident $name:ident ($($params:tt)*);)*) => {
        ::alloy_sol_types::sol! {
            $(#![$inner])*
            $($(#[$meta])* $kind $name($($params)*);)*
        }

        /// The Solidity declarations of this module's events and errors,
        /// for the ABI export.
        pub const ABI_ITEMS: &[&str] = &[$(
            concat!(stringify!($kind), " ", stringify!($name), "(", stringify!($($params)*), ")")
        ),*];
    };
}

/// Declares a return type that Solidity callers read as several return
/// values: `Name(Values): NameSol(SolTuple)` makes `Name`, a wrapper of the
/// Rust tuple `Values`, whose Solidity type `NameSol` is the tuple `SolTuple`
/// in every respect but one — `abi_encode` writes the values as a parameter
/// list (`abi_encode_params`), without the leading offset word stylus-sdk
/// 0.9 would put before a tuple with a dynamic member (`bytes`, `string`,
/// arrays), which viem, ethers and wallets would misread. The exported ABI
/// lists the values as separate outputs, as Solidity declares them. Used by
/// `eip712Domain()` (ERC-5267) and `ValidatorConfig.pendingConfig`.
#[macro_export]
macro_rules! params_return {
    ($(#[$meta:meta])* $name:ident($values:ty): $sol:ident($tuple:ty)) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(pub $values);

        #[doc = concat!("The Solidity type of [`", stringify!($name), "`]: its tuple, encoded without the leading offset.")]
        pub struct $sol;

        impl ::alloy_sol_types::SolType for $sol {
            type RustType = $name;
            type Token<'a> = <$tuple as ::alloy_sol_types::SolType>::Token<'a>;
            const SOL_NAME: &'static str = <$tuple as ::alloy_sol_types::SolType>::SOL_NAME;
            const ENCODED_SIZE: Option<usize> = None;
            const PACKED_ENCODED_SIZE: Option<usize> = None;

            fn valid_token(token: &Self::Token<'_>) -> bool {
                <$tuple as ::alloy_sol_types::SolType>::valid_token(token)
            }

            fn detokenize(token: Self::Token<'_>) -> $name {
                $name(<$tuple as ::alloy_sol_types::SolType>::detokenize(token))
            }

            /// The values as a parameter list (the one difference from the tuple).
            fn abi_encode<E: ?Sized + ::alloy_sol_types::private::SolTypeValue<Self>>(
                rust: &E,
            ) -> $crate::__private::Vec<u8> {
                ::alloy_sol_types::abi::encode_sequence(&rust.stv_to_tokens())
            }
        }

        impl ::alloy_sol_types::private::SolTypeValue<$sol> for $name {
            fn stv_abi_encoded_size(&self) -> usize {
                ::alloy_sol_types::private::SolTypeValue::<$tuple>::stv_abi_encoded_size(&self.0)
            }

            fn stv_to_tokens(&self) -> <$sol as ::alloy_sol_types::SolType>::Token<'_> {
                ::alloy_sol_types::private::SolTypeValue::<$tuple>::stv_to_tokens(&self.0)
            }

            fn stv_abi_packed_encoded_size(&self) -> usize {
                ::alloy_sol_types::private::SolTypeValue::<$tuple>::stv_abi_packed_encoded_size(&self.0)
            }

            fn stv_abi_encode_packed_to(&self, out: &mut $crate::__private::Vec<u8>) {
                ::alloy_sol_types::private::SolTypeValue::<$tuple>::stv_abi_encode_packed_to(&self.0, out)
            }

            fn stv_eip712_data_word(&self) -> ::alloy_sol_types::Word {
                ::alloy_sol_types::private::SolTypeValue::<$tuple>::stv_eip712_data_word(&self.0)
            }
        }

        impl ::stylus_sdk::abi::AbiType for $name {
            type SolType = $sol;
            const ABI: ::stylus_sdk::abi::ConstString = <$values as ::stylus_sdk::abi::AbiType>::ABI;
            /// The values as separate outputs in the exported interface.
            const EXPORT_ABI_RET: ::stylus_sdk::abi::ConstString =
                <$values as ::stylus_sdk::abi::AbiType>::EXPORT_ABI_RET;
            const CAN_BE_CALLDATA: bool = false;
        }

        /// No structs or errors to declare: the values are plain types.
        #[cfg(feature = "export-abi")]
        impl ::stylus_sdk::abi::export::internal::InnerTypes for $name {}
    };
}

/// Declares a contract's error enum and its revert encoding, in one place.
///
/// Each variant says how it reverts:
/// - `core`: a [`CoreError`], as its `Name()` selector;
/// - `sol`: an error type of `sol_abi!`, ABI-encoded;
/// - `wrap`: another error type with its own `Into<Vec<u8>>` (an
///   OpenZeppelin module's, the mint gate's);
/// - `raw`: revert data passed through unchanged (a called contract's).
///
/// Every variant but `raw` gets a `From` its error type, so `?` converts.
/// The enum also gets `From<Error> for Vec<u8>` (what stylus-sdk reverts
/// with) and, under `export-abi`, the marker the SDK's export needs (the
/// errors reach the ABI through `ABI_ITEMS`, see [`sol_abi!`]).
#[macro_export]
macro_rules! contract_error {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident($ty:ty) => $how:ident),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub enum $name {
            $($(#[$vmeta])* $variant($ty),)*
        }

        #[cfg(feature = "export-abi")]
        impl stylus_sdk::abi::export::internal::InnerTypes for $name {}

        $($crate::contract_error!(@from $how $name $variant $ty);)*

        impl From<$name> for $crate::__private::Vec<u8> {
            fn from(e: $name) -> Self {
                match e {
                    $($name::$variant(e) => $crate::contract_error!(@encode $how e),)*
                }
            }
        }
    };
    (@from raw $name:ident $variant:ident $ty:ty) => {};
    (@from $how:ident $name:ident $variant:ident $ty:ty) => {
        impl From<$ty> for $name {
            fn from(e: $ty) -> Self {
                Self::$variant(e)
            }
        }
    };
    (@encode core $e:ident) => { $e.selector().to_vec() };
    (@encode sol $e:ident) => { $crate::__private::SolError::abi_encode(&$e) };
    (@encode wrap $e:ident) => { $e.into() };
    (@encode raw $e:ident) => { $e };
}

/// What [`contract_error!`] names from the calling crate's point of view.
#[doc(hidden)]
pub mod __private {
    pub use alloc::vec::Vec;
    pub use alloy_sol_types::SolError;
}

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

sol_abi! {
    /// A called contract answered with data that does not decode.
    #[derive(Debug, PartialEq, Eq)]
    error CallReturnMalformed();
    /// `account` may not call this function (it holds no role that may).
    #[derive(Debug, PartialEq, Eq)]
    error Unauthorized(address account);
    /// A one-time setting was made already.
    #[derive(Debug, PartialEq, Eq)]
    error AlreadySet();
    /// The zero address is not a valid value here.
    #[derive(Debug, PartialEq, Eq)]
    error ZeroAddress();
}
