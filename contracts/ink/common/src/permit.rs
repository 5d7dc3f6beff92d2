//! EIP-2612 `permit` with OpenZeppelin's errors: an allowance set by the
//! holder's off-chain signature over the core's EIP-712 digest.

use crate::{address_bytes, erc20::Allowances, to_core, Bytes32, Crypto, Error, Result};
use ink::{storage::Mapping, Address, U256};
use lst_core::claim::{self, EcRecover as _, Permit, Signature};

/// Per-holder permit nonces.
#[ink::storage_item]
#[derive(Default)]
pub struct Permits {
    nonces: Mapping<Address, U256>,
}

impl core::fmt::Debug for Permits {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Permits")
    }
}

/// A permit request as `permit(owner, spender, value, deadline, v, r, s)` takes it.
#[derive(Debug, Clone, Copy)]
pub struct PermitCall {
    /// The holder who signed.
    pub owner: Address,
    /// Who may spend.
    pub spender: Address,
    /// The allowance.
    pub value: U256,
    /// Last timestamp (seconds) the permit is good for.
    pub deadline: U256,
    /// Signature `v` (27/28).
    pub v: u8,
    /// Signature `r`.
    pub r: Bytes32,
    /// Signature `s`.
    pub s: Bytes32,
}

impl Permits {
    /// `owner`'s next permit nonce.
    pub fn nonce(&self, owner: Address) -> U256 {
        self.nonces.get(owner).unwrap_or_default()
    }

    /// The EIP-712 domain separator of the token `name` at `contract`.
    pub fn domain_separator(name: &str, contract: Address) -> [u8; 32] {
        claim::eip712_domain_separator(&Crypto, name, "1", crate::chain_id(), &address_bytes(contract))
    }

    /// Checks the permit and sets the allowance, using the owner's nonce:
    /// `ERC2612ExpiredSignature`, `ECDSAInvalidSignatureS`,
    /// `ECDSAInvalidSignature`, `ERC2612InvalidSigner`, then the approval's
    /// own errors.
    pub fn permit(
        &mut self,
        name: &str,
        contract: Address,
        call: PermitCall,
        allowances: &mut Allowances,
    ) -> Result<()> {
        if U256::from(crate::now_secs()) > call.deadline {
            return Err(Error::ERC2612ExpiredSignature { deadline: call.deadline });
        }
        let nonce = self.nonce(call.owner);
        let permit = Permit {
            owner: address_bytes(call.owner),
            spender: address_bytes(call.spender),
            value: to_core(call.value),
            nonce: to_core(nonce),
            deadline: to_core(call.deadline),
        };
        let digest = claim::typed_data_digest(
            &Crypto,
            &Self::domain_separator(name, contract),
            &claim::permit_struct_hash(&Crypto, &permit),
        );
        let signer = recover(&digest, call.v, call.r, call.s)?;
        if signer != call.owner {
            return Err(Error::ERC2612InvalidSigner { signer, owner: call.owner });
        }
        allowances.approve(call.owner, call.spender, call.value)?;
        // Cannot overflow: one nonce per signed permit.
        self.nonces.insert(call.owner, &nonce.saturating_add(U256::one()));
        Ok(())
    }
}

/// OpenZeppelin's `ECDSA.recover(digest, v, r, s)`: rejects a high `s`
/// (`ECDSAInvalidSignatureS`) and anything that does not recover to a
/// non-zero address (`ECDSAInvalidSignature`).
fn recover(digest: &[u8; 32], v: u8, r: Bytes32, s: Bytes32) -> Result<Address> {
    if to_core(U256::from_big_endian(&s.0)) > claim::SECP256K1_N_HALF {
        return Err(Error::ECDSAInvalidSignatureS { s });
    }
    let signature = Signature { r: r.0, s: s.0, v };
    match Crypto.ecrecover(digest, &signature) {
        Some(signer) if signer != lst_core::ZERO_ADDRESS => Ok(Address::from(signer)),
        _ => Err(Error::ECDSAInvalidSignature {}),
    }
}
