//! Typed bindings of every contract, generated from the committed
//! `abi/*.sol` (so they are the deployed ABI on both platforms), with
//! alloy's `rpc` support: `IAvalanchePool::new(address, provider)` gives a
//! contract instance whose methods build, send and decode calls on any
//! alloy provider. Calls, events, errors and return types are also plain
//! `sol!` types for [`crate::ChainExt`].
//!
//! The notary's claim (EIP-712 domain "PolkadotPool", version "1", the
//! pool as verifying contract) is [`Claim`]; [`sign_claim`] signs one as
//! the notary does and `claimBonds` checks.

use alloy::{
    primitives::{Address, Bytes, B256},
    signers::{local::PrivateKeySigner, SignerSync},
    sol_types::{eip712_domain, Eip712Domain, SolStruct},
};

#[allow(missing_docs, clippy::too_many_arguments)]
mod generated {
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IRateProvider.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/ICertToken.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IBondToken.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IAvalanchePool.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IAvalancheDelegator.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IPolkadotPool.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IStaking.sol"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        "../../abi/IValidatorConfig.sol"
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
    use alloy::primitives::{address, U256};

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
}
