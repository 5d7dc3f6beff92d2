//! What every Stylus contract of the suite shares: the wasm panic handler,
//! the calls the contracts make to each other (a callee's revert passes
//! through unchanged), and the shared errors and gates.
//!
//! The contracts are `no_std` on wasm: this crate provides the one panic
//! handler they link (a trap, no message formatting), which keeps the
//! formatting machinery out of the deployed code.
#![cfg_attr(not(test), no_std)]
extern crate alloc;

use alloc::vec::Vec;
use lst_core::CoreError;

pub mod gate;
pub mod interfaces;
mod ownable;

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
