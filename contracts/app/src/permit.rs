//! EIP-2612 `permit` with OpenZeppelin's errors: an allowance set by the
//! holder's off-chain signature over the core's EIP-712 digest
//! ([`lst_core::claim`]), and the nonces that make each signature count
//! once. Used by the certificate token on ink! (on Stylus it keeps
//! OpenZeppelin's `Erc20Permit`, the same rules).

use crate::{erc20, Address, Error, Host, Result, U256};
use lst_core::claim::{self, EcRecover, Keccak256, Permit, Signature};

/// The version of every permit domain of the suite.
pub const VERSION: &str = "1";

/// What a permit needs of the chain besides the [`Host`]: hashing, key
/// recovery and the chain id.
pub trait Signatures: Keccak256 + EcRecover {
    /// The chain's id (in the domain separator).
    fn chain_id(&self) -> u64;
}

/// The nonces, as each platform lays them out.
pub trait Store: erc20::Allowances {
    /// `owner`'s next permit nonce.
    fn nonce(&self, owner: Address) -> U256;
    /// Stores `owner`'s next nonce.
    fn set_nonce(&mut self, owner: Address, nonce: U256);
}

/// One `permit` call's arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermitCall {
    /// Whose tokens.
    pub owner: Address,
    /// Who may move them.
    pub spender: Address,
    /// How many.
    pub value: U256,
    /// The last second the signature is good for.
    pub deadline: U256,
    /// The signature's recovery id (27 or 28).
    pub v: u8,
    /// The signature's `r`.
    pub r: [u8; 32],
    /// The signature's `s`.
    pub s: [u8; 32],
}

/// `DOMAIN_SEPARATOR()` of the token named `name`.
pub fn domain_separator<C: Host + Signatures>(c: &C, name: &str) -> [u8; 32] {
    claim::eip712_domain_separator(c, name, VERSION, c.chain_id(), &c.this())
}

/// `permit(owner, spender, value, deadline, v, r, s)` for the token named
/// `name`: sets `owner`'s allowance for `spender` to `value` (with
/// `Approval`) and spends the nonce. `ERC2612ExpiredSignature` past the
/// deadline, `ECDSAInvalidSignatureS` for a high `s`,
/// `ECDSAInvalidSignature` when no key recovers, `ERC2612InvalidSigner`
/// when another key signed.
pub fn permit<C: Host + Store + Signatures>(c: &mut C, name: &str, call: PermitCall) -> Result<()> {
    if U256::from(c.now()) > call.deadline {
        return Err(Error::ERC2612ExpiredSignature { deadline: call.deadline });
    }
    let nonce = c.nonce(call.owner);
    let permit = Permit { owner: call.owner, spender: call.spender, value: call.value, nonce, deadline: call.deadline };
    let digest = claim::typed_data_digest(c, &domain_separator(c, name), &claim::permit_struct_hash(c, &permit));
    if U256::from_be_bytes(call.s) > claim::SECP256K1_N_HALF {
        return Err(Error::ECDSAInvalidSignatureS { s: call.s });
    }
    let signer = match c.ecrecover(&digest, &Signature { r: call.r, s: call.s, v: call.v }) {
        Some(signer) if signer != lst_core::ZERO_ADDRESS => signer,
        _ => return Err(Error::ECDSAInvalidSignature {}),
    };
    if signer != call.owner {
        return Err(Error::ERC2612InvalidSigner { signer, owner: call.owner });
    }
    erc20::approve_for(c, call.owner, call.spender, call.value)?;
    // Cannot overflow: one nonce per signed permit.
    c.set_nonce(call.owner, nonce.saturating_add(U256::from(1)));
    Ok(())
}

#[cfg(test)]
mod tests;
