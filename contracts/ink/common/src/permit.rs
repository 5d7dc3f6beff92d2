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

/// The EIP-712 domain version of permits.
pub const VERSION: &str = "1";

impl Permits {
    /// `owner`'s next permit nonce.
    pub fn nonce(&self, owner: Address) -> U256 {
        self.nonces.get(owner).unwrap_or_default()
    }

    /// The EIP-712 domain separator of the token `name` at `contract`.
    pub fn domain_separator(name: &str, contract: Address) -> [u8; 32] {
        claim::eip712_domain_separator(&Crypto, name, VERSION, crate::chain_id(), &address_bytes(contract))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{
        account,
        keys::{address_of, key, sign_permit, PermitTerms},
        last_log, log_count, set_time, uint, word, Log,
    };
    use k256::ecdsa::SigningKey;

    const NAME: &str = "Test Token";

    fn token() -> Address {
        account(7)
    }

    fn spender() -> Address {
        account(2)
    }

    fn holder() -> SigningKey {
        key(0x42)
    }

    /// `holder()`'s permit of `value` for `spender()`, nonce 0, good until
    /// 2,000 s.
    fn terms(value: u64) -> PermitTerms {
        PermitTerms {
            owner: address_of(&holder()),
            spender: spender(),
            value: U256::from(value),
            nonce: U256::zero(),
            deadline: U256::from(2_000),
        }
    }

    /// The `permit` call of `terms`, signed by `signer`.
    fn call(signer: &SigningKey, terms: PermitTerms) -> PermitCall {
        let (v, r, s) = sign_permit(signer, &Permits::domain_separator(NAME, token()), terms);
        PermitCall { owner: terms.owner, spender: terms.spender, value: terms.value, deadline: terms.deadline, v, r, s }
    }

    /// Asserts the permit fails with `expected` and changes no allowance,
    /// no nonce and emits nothing.
    fn assert_refused(call: PermitCall, expected: Error) {
        set_time(1_000);
        let (mut permits, mut allowances) = (Permits::default(), Allowances::default());
        assert_eq!(permits.permit(NAME, token(), call, &mut allowances), Err(expected));
        assert_eq!(allowances.get(call.owner, call.spender), U256::zero());
        assert_eq!((permits.nonce(call.owner), log_count()), (U256::zero(), 0));
    }

    #[ink::test]
    fn the_domain_separator_is_eip712_over_name_version_chain_and_contract() {
        let expected = claim::eip712_domain_separator(&Crypto, NAME, "1", 1, &address_bytes(token()));
        assert_eq!(Permits::domain_separator(NAME, token()), expected);
    }

    #[ink::test]
    fn a_signed_permit_sets_the_allowance_and_uses_the_holders_nonce() {
        set_time(1_000);
        let (mut permits, mut allowances) = (Permits::default(), Allowances::default());
        let owner = address_of(&holder());
        let signed = call(&holder(), terms(33));
        assert_eq!(permits.permit(NAME, token(), signed, &mut allowances), Ok(()));
        assert_eq!((allowances.get(owner, spender()), permits.nonce(owner)), (U256::from(33), U256::one()));
        assert_eq!(
            last_log(),
            Log::new("Approval(address,address,uint256)", vec![word(owner), word(spender())], uint(33u64).to_vec())
        );
    }

    #[ink::test]
    fn a_permit_cannot_be_replayed_once_its_nonce_is_used() {
        set_time(1_000);
        let (mut permits, mut allowances) = (Permits::default(), Allowances::default());
        let owner = address_of(&holder());
        let signed = call(&holder(), terms(33));
        permits.permit(NAME, token(), signed, &mut allowances).unwrap();
        allowances.approve(owner, spender(), U256::zero()).unwrap();
        let replay = permits.permit(NAME, token(), signed, &mut allowances);
        assert!(matches!(replay, Err(Error::ERC2612InvalidSigner { owner: o, .. }) if o == owner), "{replay:?}");
        assert_eq!((allowances.get(owner, spender()), permits.nonce(owner)), (U256::zero(), U256::one()));
    }

    #[ink::test]
    fn an_expired_permit_is_erc2612_expired_signature() {
        let expired = PermitTerms { deadline: U256::from(999), ..terms(1) };
        assert_refused(call(&holder(), expired), Error::ERC2612ExpiredSignature { deadline: U256::from(999) });
    }

    #[ink::test]
    fn a_permit_signed_by_another_key_is_erc2612_invalid_signer() {
        let forged = call(&key(0x07), terms(1));
        assert_refused(forged, Error::ERC2612InvalidSigner { signer: address_of(&key(0x07)), owner: forged.owner });
    }

    #[ink::test]
    fn a_permit_with_a_high_s_is_ecdsa_invalid_signature_s() {
        let signed = call(&holder(), terms(1));
        // s' = n - s with the other v: the same signature's malleable twin.
        let n =
            lst_core::U256::from_be_bytes(hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"));
        let high: Bytes32 = crate::from_core(n - to_core(U256::from_big_endian(&signed.s.0))).to_big_endian().into();
        let twin = PermitCall { v: if signed.v == 27 { 28 } else { 27 }, s: high, ..signed };
        assert_refused(twin, Error::ECDSAInvalidSignatureS { s: high });
    }

    #[ink::test]
    fn a_permit_that_does_not_recover_is_ecdsa_invalid_signature() {
        let signed = call(&holder(), terms(1));
        // r = n is no point's x coordinate below the order: nothing recovers.
        let r: Bytes32 = hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").into();
        assert_refused(PermitCall { v: 27, r, ..signed }, Error::ECDSAInvalidSignature {});
    }

    fn hex32(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }
}
