//! Typed bindings of every contract, generated from the committed
//! `abi/*.sol` (so they are the deployed ABI on both platforms), with
//! alloy's `rpc` support: `IAvalanchePool::new(address, provider)` gives a
//! contract instance whose methods build, send and decode calls on any
//! alloy provider. Calls, events, errors and return types are also plain
//! `sol!` types for [`crate::ChainExt`].
//!
//! The notary's claim (EIP-712 domain "PolkadotPool", version "1", the
//! pool as verifying contract) is [`Claim`]; [`sign_claim`] signs one as
//! the notary does and `claimBonds` checks. A certificate-token permit is
//! [`Permit`], signed by [`sign_permit`] under the domain the token reports
//! through ERC-5267 `eip712Domain()` ([`reported_domain`]), as a wallet
//! does.

use alloy::{
    primitives::{Address, Bytes, FixedBytes, B256, U256},
    signers::{local::PrivateKeySigner, SignerSync},
    sol_types::{eip712_domain, Eip712Domain, SolStruct},
};

#[allow(missing_docs, clippy::too_many_arguments)]
mod generated {
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IRateProvider.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/ICertToken.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IBondToken.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IAvalanchePool.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IAvalancheDelegator.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IStakeAccount.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IPolkadotPool.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IStaking.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "abi/IValidatorConfig.sol"
    );
    alloy::sol! {
        /// The claim the notary signs for `PolkadotPool.claimBonds`: `amount`
        /// of bond `token` to `to`, once per `claimId`, before block
        /// `claimBeforeBlock`.
        #[derive(Debug, PartialEq, Eq)]
        struct Claim {
            address token;
            uint256 claimId;
            uint256 amount;
            uint256 claimBeforeBlock;
            address to;
        }

        /// An EIP-2612 permit of the certificate token: `owner` lets
        /// `spender` move `value`, with `owner`'s next `nonce`, until
        /// `deadline` (a timestamp in seconds).
        #[derive(Debug, PartialEq, Eq)]
        struct Permit {
            address owner;
            address spender;
            uint256 value;
            uint256 nonce;
            uint256 deadline;
        }
    }
}
pub use generated::*;

/// The EIP-712 domain of claims for the PolkadotPool at `pool` on chain
/// `chain_id`.
pub fn claim_domain(chain_id: u64, pool: Address) -> Eip712Domain {
    eip712_domain! {
        name: "PolkadotPool",
        version: "1",
        chain_id: chain_id,
        verifying_contract: pool,
    }
}

/// The digest a notary signs for `claim` (EIP-712 typed-data hash).
pub fn claim_digest(claim: &Claim, chain_id: u64, pool: Address) -> B256 {
    claim.eip712_signing_hash(&claim_domain(chain_id, pool))
}

/// `notary`'s 65-byte signature (`r ‖ s ‖ v`) over `claim` for the pool at
/// `pool` on chain `chain_id`: the `signature` argument of `claimBonds`.
pub fn sign_claim(
    notary: &PrivateKeySigner,
    claim: &Claim,
    chain_id: u64,
    pool: Address,
) -> Result<Bytes, alloy::signers::Error> {
    let signature = notary.sign_hash_sync(&claim_digest(claim, chain_id, pool))?;
    Ok(signature.as_bytes().to_vec().into())
}

/// The EIP-712 domain a contract reports through ERC-5267
/// `eip712Domain()`: the members `fields` marks (bit 0 name, 1 version,
/// 2 chain id, 3 verifying contract, 4 salt), the others left out. `None`
/// when it marks extensions (bit 5 and up), which a signer must not
/// ignore.
pub fn reported_domain(
    fields: FixedBytes<1>,
    name: String,
    version: String,
    chain_id: U256,
    verifying_contract: Address,
    salt: B256,
) -> Option<Eip712Domain> {
    let bits = fields[0];
    let has = |bit: u8| bits & (1 << bit) != 0;
    if bits >> 5 != 0 {
        return None;
    }
    Some(Eip712Domain::new(
        has(0).then(|| name.into()),
        has(1).then(|| version.into()),
        has(2).then_some(chain_id),
        has(3).then_some(verifying_contract),
        has(4).then_some(salt),
    ))
}

/// `owner`'s signature `(v, r, s)` over `permit` under `domain` (the
/// token's, from [`reported_domain`]): the last three arguments of
/// `permit`.
pub fn sign_permit(
    owner: &PrivateKeySigner,
    permit: &Permit,
    domain: &Eip712Domain,
) -> Result<(u8, B256, B256), alloy::signers::Error> {
    let signature = owner.sign_hash_sync(&permit.eip712_signing_hash(domain))?;
    Ok((27 + u8::from(signature.v()), signature.r().into(), signature.s().into()))
}

/// The `claimBonds` call that submits `claim` with its `signature`.
pub fn claim_bonds_call(claim: &Claim, signature: Bytes) -> IPolkadotPool::claimBondsCall {
    IPolkadotPool::claimBondsCall {
        bond: claim.token,
        claimId: claim.claimId,
        amount: claim.amount,
        claimBeforeBlock: claim.claimBeforeBlock,
        account: claim.to,
        signature,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use alloy::primitives::address;

    fn claim() -> Claim {
        Claim {
            token: address!("00000000000000000000000000000000000000aa"),
            claimId: U256::from(7),
            amount: U256::from(5),
            claimBeforeBlock: U256::from(100),
            to: address!("00000000000000000000000000000000000000bb"),
        }
    }

    #[test]
    fn a_signed_claim_recovers_to_the_notary() {
        let notary = PrivateKeySigner::random();
        let pool = address!("00000000000000000000000000000000000000cc");
        let signature = sign_claim(&notary, &claim(), 42, pool).unwrap();
        assert_eq!(signature.len(), 65);
        let parsed = alloy::primitives::Signature::from_raw(&signature).unwrap();
        let recovered = parsed.recover_address_from_prehash(&claim_digest(&claim(), 42, pool)).unwrap();
        assert_eq!(recovered, notary.address());
    }

    #[test]
    fn the_claim_digest_binds_chain_and_pool() {
        let pool = address!("00000000000000000000000000000000000000cc");
        let digest = claim_digest(&claim(), 42, pool);
        assert_ne!(digest, claim_digest(&claim(), 43, pool));
        assert_ne!(digest, claim_digest(&claim(), 42, Address::ZERO));
    }

    #[test]
    fn the_claim_call_carries_every_field() {
        let call = claim_bonds_call(&claim(), Bytes::from_static(b"sig"));
        assert_eq!(
            (call.bond, call.claimId, call.amount, call.account),
            (claim().token, U256::from(7), U256::from(5), claim().to)
        );
        assert_eq!(call.claimBeforeBlock, U256::from(100));
    }

    fn reported(fields: u8) -> Option<Eip712Domain> {
        let pool = address!("00000000000000000000000000000000000000cc");
        reported_domain(FixedBytes([fields]), "PolkadotPool".into(), "1".into(), U256::from(42), pool, B256::ZERO)
    }

    #[test]
    fn a_reported_domain_with_fields_0x0f_is_the_claim_domain() {
        let pool = address!("00000000000000000000000000000000000000cc");
        assert_eq!(reported(0x0f), Some(claim_domain(42, pool)));
    }

    #[test]
    fn a_reported_domain_leaves_out_the_members_fields_does_not_mark() {
        let domain = reported(0x05).unwrap();
        assert_eq!((domain.name.as_deref(), domain.version.as_deref()), (Some("PolkadotPool"), None));
        assert_eq!((domain.chain_id, domain.verifying_contract, domain.salt), (Some(U256::from(42)), None, None));
    }

    #[test]
    fn a_reported_domain_with_extensions_is_refused() {
        assert_eq!(reported(0x2f), None);
    }

    #[test]
    fn a_signed_permit_recovers_to_its_owner() {
        let owner = PrivateKeySigner::random();
        let domain = reported(0x0f).unwrap();
        let permit = Permit {
            owner: owner.address(),
            spender: address!("00000000000000000000000000000000000000bb"),
            value: U256::from(3),
            nonce: U256::ZERO,
            deadline: U256::MAX,
        };
        let (v, r, s) = sign_permit(&owner, &permit, &domain).unwrap();
        assert!(v == 27 || v == 28);
        let signature = alloy::primitives::Signature::new(r.into(), s.into(), v == 28);
        let recovered = signature.recover_address_from_prehash(&permit.eip712_signing_hash(&domain)).unwrap();
        assert_eq!(recovered, owner.address());
    }
}
