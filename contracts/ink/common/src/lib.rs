//! What every ink! 6 contract of the suite shares, so each contract crate
//! only adapts storage, calls and events around [`lst_core`]:
//!
//! - [`error`]: the suite's Solidity custom errors and their ABI metadata;
//! - [`ownable`]: two-step ownership (OpenZeppelin's `Ownable2Step` ABI);
//! - [`pausable`]: a pauser account and OpenZeppelin's `Pausable` ABI;
//! - [`gate`]: the tokens' mint gate — one pool may mint and burn;
//! - [`erc20`] and [`permit`]: ERC-20 balances and EIP-2612 permits;
//! - [`timelock`]: scheduled admin changes (`ChangeScheduled`, …);
//! - [`calls`]: Solidity-ABI calls to the suite's other contracts;
//! - [`erc5267`]: the return value of ERC-5267's `eip712Domain()`;
//! - [`events`]: one emitter for every contract's events ([`emit`]);
//! - the bridge between ink's `U256`/`Address` and the core's types, and the
//!   chain facts the core needs (time, chain id, Keccak, `ecrecover`).
//!
//! Modules whose events belong to only some contracts sit behind features
//! (`ownable`, `timelock`, `pausable`, `gate`, `erc20`, `permit`): cargo-contract lists every linked
//! event in a contract's `.abi`, so a contract links only what it uses.
#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod calls;
pub mod erc5267;
pub mod error;
pub mod events;
#[cfg(feature = "ownable")]
pub mod ownable;

#[cfg(feature = "erc20")]
pub mod erc20;
#[cfg(feature = "gate")]
pub mod gate;
#[cfg(feature = "pausable")]
pub mod pausable;
#[cfg(feature = "permit")]
pub mod permit;
#[cfg(feature = "std")]
pub mod testing;
#[cfg(feature = "timelock")]
pub mod timelock;

pub use error::{Bytes32, Error, Failure, Result};
pub use events::emit;
/// The app layer, for the code the attribute macros write.
pub use lst_app;
/// The shared messages, written once: `#[lst_ink_common::ownable_messages(ownable)]`
/// (two-step ownership), `#[lst_ink_common::mint_gate_messages(gate, ownable)]`
/// (the mint gate) and `#[lst_ink_common::timelock_messages(changes, ownable[,
/// pausable])]` (scheduled changes), each in front of `#[ink::contract]`.
pub use lst_ink_macros::{mint_gate_messages, ownable_messages, timelock_messages};

// The PolkaVM stack of every contract that links this crate. cargo-contract
// links with `-zstack-size=4096` (the blob declares 8 KiB): too little for
// the core's 256- and 512-bit arithmetic, and a pool's `stake` trapped with
// `ContractTrapped` on pallet-revive before its first cross-contract call.
// pallet-revive sizes a contract's memory from the blob, so this is paid
// per call frame, not per contract.
#[cfg(target_arch = "riscv64")]
polkavm_derive::min_stack_size!(64 * 1024);
use ink::{Address, U256};

/// The ink! environment every contract of the suite runs in.
pub type Env = ink::env::DefaultEnvironment;

/// ink's `U256` as the core's. Both hold four 64-bit limbs, least
/// significant first, so the limbs move as they are (no byte swapping).
pub fn to_core(value: U256) -> lst_core::U256 {
    lst_core::U256::from_limbs(value.0)
}

/// The core's `U256` as ink's (the same limbs, see [`to_core`]).
pub fn from_core(value: lst_core::U256) -> U256 {
    U256(*value.as_limbs())
}

/// Implements `lst_app::Host` for an ink! contract type: the caller, the
/// value sent, the block time and balances from ink!'s environment, logs
/// through [`events::emit_app`], payments through [`calls::pay_with`],
/// calls through [`calls::app_call`] and [`calls::app_view`].
#[macro_export]
macro_rules! app_host {
    ($contract:ty) => {
        impl lst_app::Host for $contract {
            fn caller(&self) -> lst_app::Address {
                $crate::caller().0
            }

            fn value(&self) -> lst_app::U256 {
                $crate::to_core(ink::env::transferred_value())
            }

            fn now(&self) -> u64 {
                $crate::now_secs()
            }

            fn block_number(&self) -> u64 {
                $crate::block_number()
            }

            fn this(&self) -> lst_app::Address {
                ink::env::address().0
            }

            fn balance(&self, account: lst_app::Address) -> lst_app::U256 {
                $crate::to_core($crate::calls::balance_of(ink::Address::from(account)))
            }

            fn log(&mut self, log: &lst_app::abi::Log) {
                $crate::events::emit_app(log)
            }

            fn call(
                &mut self,
                call: &lst_app::abi::Call,
            ) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
                $crate::calls::app_call(call)
            }

            fn view(
                &self,
                to: lst_app::Address,
                input: &[u8],
            ) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
                $crate::calls::app_view(to, input)
            }

            fn pay(&mut self, to: lst_app::Address, amount: lst_app::U256) -> bool {
                $crate::calls::pay_with(
                    ink::Address::from(to),
                    $crate::from_core(amount),
                    &$crate::calls::STAKING_PAYMENT,
                )
            }
        }
    };
}

/// An ink `Address` as the core's 20 bytes.
pub fn address_bytes(a: Address) -> lst_core::Address {
    a.0
}

/// `account`, or `ZeroAddress` when it is zero.
pub fn non_zero(account: Address) -> Result<Address> {
    if account == Address::zero() {
        return Err(Error::ZeroAddress {});
    }
    Ok(account)
}

/// The caller of the current message.
pub fn caller() -> Address {
    ink::env::caller()
}

/// The current block's timestamp in seconds (pallet-revive's `now`).
pub fn now_secs() -> u64 {
    ink::env::block_timestamp::<Env>()
}

/// The current block number.
pub fn block_number() -> u64 {
    u64::from(ink::env::block_number::<Env>())
}

/// Keccak-256, by the host.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Keccak256>(data, &mut out);
    out
}

/// The host's Keccak-256 and `ecrecover`, for [`lst_core::claim`].
pub struct Crypto;

impl lst_core::claim::Keccak256 for Crypto {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        keccak256(data)
    }
}

impl lst_core::claim::EcRecover for Crypto {
    /// Ethereum's `ecrecover`; the caller has checked `s` is low, `r`/`s`
    /// are non-zero and `v` is 27/28.
    fn ecrecover(&self, digest: &[u8; 32], signature: &lst_core::claim::Signature) -> Option<lst_core::Address> {
        ecrecover(digest, signature)
    }
}

/// The secp256k1 group order `n`: `r` must be below it.
const SECP256K1_N: lst_core::U256 = lst_core::U256::from_be_bytes([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc,
    0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/// On chain: pallet-revive's `ecrecover` precompile at `0x01`, with the EVM
/// layout (`digest ‖ v ‖ r ‖ s` in, the signer as a 32-byte word out, no
/// output when recovery fails). ink 6.0.0-beta.1's `ecdsa_recover` passes
/// another layout to the same precompile, and `ecdsa_to_eth_address` is an
/// unstable host function production runtimes reject, so neither is used.
#[cfg(not(feature = "std"))]
fn ecrecover(digest: &[u8; 32], signature: &lst_core::claim::Signature) -> Option<lst_core::Address> {
    use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
    const ECRECOVER: [u8; 20] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    if lst_core::U256::from_be_bytes(signature.r) >= SECP256K1_N {
        return None;
    }
    let mut input = [0u8; 128];
    let (hash, rest) = input.split_at_mut(32);
    let (v, rest) = rest.split_at_mut(32);
    let (r, s) = rest.split_at_mut(32);
    hash.copy_from_slice(digest);
    v.fill(0);
    if let Some(last) = v.last_mut() {
        *last = signature.v;
    }
    r.copy_from_slice(&signature.r);
    s.copy_from_slice(&signature.s);
    let mut word = [0u8; 32];
    let mut output = &mut word[..];
    HostFnImpl::call(
        CallFlags::empty(),
        &ECRECOVER,
        u64::MAX,
        u64::MAX,
        &[u8::MAX; 32],
        &[0u8; 32],
        &input,
        Some(&mut output),
    )
    .ok()?;
    if output.len() != 32 {
        return None;
    }
    let (_, address) = word.split_at(12);
    address.try_into().ok()
}

/// Off chain (unit tests): the ink! test environment's secp256k1 recovery,
/// guarded against the inputs it panics on (`r` not below `n`).
#[cfg(feature = "std")]
fn ecrecover(digest: &[u8; 32], signature: &lst_core::claim::Signature) -> Option<lst_core::Address> {
    if lst_core::U256::from_be_bytes(signature.r) >= SECP256K1_N {
        return None;
    }
    let mut sig = signature.to_bytes();
    if let Some(v) = sig.last_mut() {
        *v = v.checked_sub(27)?;
    }
    let mut pubkey = [0u8; 33];
    ink::env::ecdsa_recover(&sig, digest, &mut pubkey).ok()?;
    let mut address = [0u8; 20];
    ink::env::ecdsa_to_eth_address(&pubkey, &mut address).ok()?;
    Some(address)
}

/// The chain's EIP-155 id (pallet-revive's `chain_id`; in off-chain unit
/// tests, the value of [`test_chain_id`]).
#[cfg(not(feature = "std"))]
pub fn chain_id() -> u64 {
    use pallet_revive_uapi::{HostFn, HostFnImpl};
    // pallet-revive writes integers as 32-byte little-endian words (as
    // ink reads `now` and `block_number`).
    let mut out = [0u8; 32];
    HostFnImpl::chain_id(&mut out);
    let (low, _) = out.split_at(8);
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(low);
    u64::from_le_bytes(bytes)
}

/// The chain's EIP-155 id (pallet-revive's `chain_id`; in off-chain unit
/// tests, the value of [`test_chain_id`]).
#[cfg(feature = "std")]
pub fn chain_id() -> u64 {
    test_chain_id::get()
}

/// The chain id off-chain unit tests run with (the ink! test environment
/// has none): 1 unless a test sets another.
#[cfg(feature = "std")]
pub mod test_chain_id {
    use core::cell::Cell;
    std::thread_local!(static CHAIN_ID: Cell<u64> = const { Cell::new(1) });

    /// The chain id [`super::chain_id`] answers on this thread.
    pub fn get() -> u64 {
        CHAIN_ID.with(Cell::get)
    }

    /// Sets the chain id [`super::chain_id`] answers on this thread.
    pub fn set(id: u64) {
        CHAIN_ID.with(|c| c.set(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u256_round_trips_between_ink_and_core() {
        let v = U256::from(123_456_789u64) << 200;
        assert_eq!(from_core(to_core(v)), v);
        assert_eq!(to_core(U256::MAX), lst_core::U256::MAX);
    }

    #[test]
    fn u256_conversion_keeps_the_value_in_every_limb() {
        let bytes: [u8; 32] = [
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32,
        ];
        let v = U256::from_big_endian(&bytes);
        assert_eq!(to_core(v).to_be_bytes::<32>(), v.to_big_endian());
        assert_eq!(to_core(U256::from(7u64)), lst_core::U256::from(7u64));
        assert_eq!(from_core(lst_core::U256::from(1u64) << 255), U256::from(1u64) << 255);
    }
}
