//! The depositor's proof: before the notary signs a claim for a relay-chain
//! deposit, the depositor signs the claim request with the key of the
//! Substrate account the deposit came from — sr25519 (what Polkadot
//! wallets use by default) or ed25519.
//!
//! The signed text is [`claim_request_message`]: the network, the deposit,
//! its amount in the smallest unit, the Ethereum address to mint to, and the
//! deployment (chain id and pool), so a signature is good for exactly one
//! request to one deployment. Wallets sign raw bytes wrapped as
//! `<Bytes>…</Bytes>` (polkadot.js `signRaw`); both the bare and the wrapped
//! text are accepted.
//!
//! Verification is schnorrkel's (sr25519 in the `substrate` signing
//! context, as `sp_core::sr25519`) and ed25519-dalek's strict verification.

use alloy::primitives::{Address, U256};

/// The signing context Substrate uses for sr25519 signatures.
pub const SR25519_CONTEXT: &[u8] = b"substrate";

/// A Substrate signature scheme the notary accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Schnorr over Ristretto25519 (Substrate's default).
    Sr25519,
    /// Ed25519.
    Ed25519,
}

impl Scheme {
    /// `"sr25519"` or `"ed25519"`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sr25519" => Some(Self::Sr25519),
            "ed25519" => Some(Self::Ed25519),
            _ => None,
        }
    }
}

/// Why a depositor's signature was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Not 64 bytes of hex.
    #[error("must be 64 bytes of hex")]
    Malformed,
    /// The account is not a valid public key of the scheme.
    #[error("the account is not a valid {0} public key")]
    BadKey(&'static str),
    /// Well formed, but not by the account's key over this request.
    #[error("does not verify for the deposit's account over this request")]
    Invalid,
}

/// The text a depositor signs to claim `native_amount` of deposit
/// `extrinsic_id` on `network` to `to`, on the pool `pool` of chain
/// `chain_id`.
pub fn claim_request_message(
    network: &str,
    extrinsic_id: &str,
    native_amount: U256,
    to: Address,
    chain_id: u64,
    pool: Address,
) -> String {
    format!(
        "Claim liquid-staking bonds for a relay-chain deposit\nnetwork: {network}\ndeposit: {extrinsic_id}\n\
         amount: {native_amount}\nto: {to}\nchain: {chain_id}\npool: {pool}"
    )
}

/// `message` as wallets sign raw bytes: `<Bytes>message</Bytes>`.
pub fn wrapped(message: &str) -> String {
    format!("<Bytes>{message}</Bytes>")
}

/// Checks `signature` (hex, with or without `0x`) by `account` over
/// `message`, bare or wrapped.
pub fn verify(scheme: Scheme, account: &[u8; 32], message: &str, signature: &str) -> Result<(), SignatureError> {
    let hex = signature.strip_prefix("0x").unwrap_or(signature);
    let bytes: [u8; 64] =
        alloy::hex::decode(hex).ok().and_then(|b| b.try_into().ok()).ok_or(SignatureError::Malformed)?;
    let wrapped = wrapped(message);
    let candidates = [message.as_bytes(), wrapped.as_bytes()];
    let verifies = match scheme {
        Scheme::Sr25519 => {
            let key = schnorrkel::PublicKey::from_bytes(account).map_err(|_| SignatureError::BadKey("sr25519"))?;
            // A signature without schnorrkel's marker bit is not one
            // Substrate makes: malformed rather than invalid.
            let sig = schnorrkel::Signature::from_bytes(&bytes).map_err(|_| SignatureError::Malformed)?;
            candidates.iter().any(|m| key.verify_simple(SR25519_CONTEXT, m, &sig).is_ok())
        }
        Scheme::Ed25519 => {
            let key =
                ed25519_dalek::VerifyingKey::from_bytes(account).map_err(|_| SignatureError::BadKey("ed25519"))?;
            let sig = ed25519_dalek::Signature::from_bytes(&bytes);
            candidates.iter().any(|m| key.verify_strict(m, &sig).is_ok())
        }
    };
    if verifies {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ed25519_dalek::Signer;

    fn message() -> String {
        claim_request_message("kusama", "100-1", U256::from(10u8), Address::repeat_byte(1), 412_346, Address::ZERO)
    }

    fn sr25519() -> schnorrkel::Keypair {
        schnorrkel::MiniSecretKey::from_bytes(&[7; 32]).unwrap().expand_to_keypair(schnorrkel::ExpansionMode::Ed25519)
    }

    fn hex(bytes: &[u8]) -> String {
        format!("0x{}", alloy::hex::encode(bytes))
    }

    #[test]
    fn an_sr25519_signature_over_the_bare_or_wrapped_message_verifies() {
        let pair = sr25519();
        let key = pair.public.to_bytes();
        for text in [message(), wrapped(&message())] {
            let sig = pair.sign_simple(SR25519_CONTEXT, text.as_bytes()).to_bytes();
            assert_eq!(verify(Scheme::Sr25519, &key, &message(), &hex(&sig)), Ok(()));
        }
    }

    #[test]
    fn an_ed25519_signature_verifies_and_not_as_sr25519() {
        let pair = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
        let key = pair.verifying_key().to_bytes();
        let sig = pair.sign(message().as_bytes()).to_bytes();
        assert_eq!(verify(Scheme::Ed25519, &key, &message(), &hex(&sig)), Ok(()));
        assert!(verify(Scheme::Sr25519, &key, &message(), &hex(&sig)).is_err());
    }

    #[test]
    fn a_signature_over_another_request_is_invalid() {
        let pair = sr25519();
        let other =
            claim_request_message("kusama", "100-1", U256::from(11u8), Address::repeat_byte(1), 412_346, Address::ZERO);
        let sig = pair.sign_simple(SR25519_CONTEXT, other.as_bytes()).to_bytes();
        assert_eq!(
            verify(Scheme::Sr25519, &pair.public.to_bytes(), &message(), &hex(&sig)),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn a_signature_by_another_key_is_invalid() {
        let sig = sr25519().sign_simple(SR25519_CONTEXT, message().as_bytes()).to_bytes();
        let other = schnorrkel::MiniSecretKey::from_bytes(&[8; 32])
            .unwrap()
            .expand_to_keypair(schnorrkel::ExpansionMode::Ed25519)
            .public
            .to_bytes();
        assert_eq!(verify(Scheme::Sr25519, &other, &message(), &hex(&sig)), Err(SignatureError::Invalid));
    }

    #[test]
    fn a_signature_that_is_not_64_bytes_of_hex_is_malformed() {
        let key = sr25519().public.to_bytes();
        for sig in ["", "0x", "0x1234", "zz", &"00".repeat(65)] {
            assert_eq!(verify(Scheme::Sr25519, &key, &message(), sig), Err(SignatureError::Malformed), "{sig}");
        }
        // 64 bytes without schnorrkel's marker bit.
        assert_eq!(verify(Scheme::Sr25519, &key, &message(), &"00".repeat(64)), Err(SignatureError::Malformed));
    }

    #[test]
    fn a_message_names_every_field_of_the_request() {
        let m = message();
        for part in ["kusama", "100-1", "amount: 10", &Address::repeat_byte(1).to_string(), "412346"] {
            assert!(m.contains(part), "{m} lacks {part}");
        }
    }
}
