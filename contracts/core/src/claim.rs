//! Notarised KSM/DOT claims (docs/protocol.md, invariants).
//!
//! The notary signs EIP-712 typed data whose domain binds the chain id and the
//! pool's address (Ankr's claims signed no domain and could be replayed across
//! chains and deployments). A claim is accepted up to and including its
//! block (`claimBeforeBlock`), once,
//! with a canonical signature (65 bytes, `v` 27 or 28, low `s`, non-zero `r`
//! and `s`) that recovers to the notary.
//!
//! Hashing and recovery are the platform's (Stylus: the keccak hostio and the
//! ecrecover precompile; ink!: its host functions), behind [`Keccak256`] and
//! [`EcRecover`]; everything else is here.

use crate::{Address, CoreError, CoreResult, U256, ZERO_ADDRESS};

/// EIP-712 domain name of the PolkadotPool.
pub const DOMAIN_NAME: &str = "PolkadotPool";
/// EIP-712 domain version of the PolkadotPool.
pub const DOMAIN_VERSION: &str = "1";

/// The EIP-712 domain type string.
pub const DOMAIN_TYPE: &[u8] = b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
/// ERC-5267's `fields` of every domain of the suite: bits 0–3 set, as the
/// domains have a name, a version, a chain id and a verifying contract (and
/// no salt).
pub const ERC5267_FIELDS: u8 = 0x0f;
/// `keccak256(DOMAIN_TYPE)`.
pub const DOMAIN_TYPEHASH: [u8; 32] = hex32("8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f");

/// The claim's type string.
pub const CLAIM_TYPE: &[u8] =
    b"Claim(address token,uint256 claimId,uint256 amount,uint256 claimBeforeBlock,address to)";
/// `keccak256(CLAIM_TYPE)`.
pub const CLAIM_TYPEHASH: [u8; 32] = hex32("98ceabcfa0b6d283dbe365f5571c22aac8ec3073cc2fb5c65acc88803d5faa6e");

/// Half the secp256k1 group order: canonical signatures have `s` at most this.
pub const SECP256K1_N_HALF: U256 =
    U256::from_be_bytes(hex32("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"));

/// Decodes 64 hex digits at compile time (only used to build constants: a bad
/// literal fails the build, never a call).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::panic)]
const fn hex32(s: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    let b = s.as_bytes();
    assert!(b.len() == 64, "need 64 hex digits");
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(b[2 * i]) << 4) | nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

/// Keccak-256, provided by the platform.
pub trait Keccak256 {
    /// The Keccak-256 hash of `data`.
    fn keccak256(&self, data: &[u8]) -> [u8; 32];
}

/// Public-key recovery, provided by the platform (the ecrecover precompile).
pub trait EcRecover {
    /// The address that signed `digest`, or `None` when recovery fails.
    fn ecrecover(&self, digest: &[u8; 32], signature: &Signature) -> Option<Address>;
}

/// A claim as the notary signs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The bond token to mint (aKSMb or aDOTb).
    pub token: Address,
    /// Unique claim id (used once).
    pub claim_id: U256,
    /// Bonds to mint, in KSM/DOT units of the bond token.
    pub amount: U256,
    /// Last block number at which the claim may be used.
    pub claim_before_block: U256,
    /// Who receives the bonds.
    pub to: Address,
}

/// A signature split into its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// `r`, big-endian.
    pub r: [u8; 32],
    /// `s`, big-endian, at most [`SECP256K1_N_HALF`].
    pub s: [u8; 32],
    /// 27 or 28.
    pub v: u8,
}

impl Signature {
    /// The 65-byte `r || s || v` encoding the precompile takes.
    pub fn to_bytes(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        let (r, rest) = out.split_at_mut(32);
        let (s, v) = rest.split_at_mut(32);
        r.copy_from_slice(&self.r);
        s.copy_from_slice(&self.s);
        v.fill(self.v);
        out
    }
}

fn word_from_address(a: &Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    if let Some(tail) = w.get_mut(12..) {
        tail.copy_from_slice(a);
    }
    w
}

/// Hashes the `abi.encode` of static 32-byte words: their concatenation.
fn hash_words<K: Keccak256, const N: usize>(k: &K, words: [[u8; 32]; N]) -> [u8; 32] {
    k.keccak256(words.as_flattened())
}

/// The EIP-712 domain separator of a pool at `verifying_contract` on
/// `chain_id`.
pub fn domain_separator<K: Keccak256>(k: &K, chain_id: u64, verifying_contract: &Address) -> [u8; 32] {
    eip712_domain_separator(k, DOMAIN_NAME, DOMAIN_VERSION, chain_id, verifying_contract)
}

/// An EIP-712 domain separator with the `(name, version, chainId,
/// verifyingContract)` fields (the pool's claims, a token's permits).
pub fn eip712_domain_separator<K: Keccak256>(
    k: &K,
    name: &str,
    version: &str,
    chain_id: u64,
    verifying_contract: &Address,
) -> [u8; 32] {
    hash_words(
        k,
        [
            DOMAIN_TYPEHASH,
            k.keccak256(name.as_bytes()),
            k.keccak256(version.as_bytes()),
            U256::from(chain_id).to_be_bytes::<32>(),
            word_from_address(verifying_contract),
        ],
    )
}

/// `keccak256(0x1901 || domainSeparator || structHash)`: what an EIP-712
/// signer signs.
pub fn typed_data_digest<K: Keccak256>(k: &K, domain_separator: &[u8; 32], struct_hash: &[u8; 32]) -> [u8; 32] {
    let mut buf = [0u8; 66];
    let (prefix, rest) = buf.split_at_mut(2);
    let (domain, hash) = rest.split_at_mut(32);
    prefix.copy_from_slice(&[0x19, 0x01]);
    domain.copy_from_slice(domain_separator);
    hash.copy_from_slice(struct_hash);
    k.keccak256(&buf)
}

/// `hashStruct(claim)`.
pub fn claim_struct_hash<K: Keccak256>(k: &K, claim: &Claim) -> [u8; 32] {
    hash_words(
        k,
        [
            CLAIM_TYPEHASH,
            word_from_address(&claim.token),
            claim.claim_id.to_be_bytes::<32>(),
            claim.amount.to_be_bytes::<32>(),
            claim.claim_before_block.to_be_bytes::<32>(),
            word_from_address(&claim.to),
        ],
    )
}

/// The digest the notary signs: `keccak256(0x1901 || domainSeparator || hashStruct(claim))`.
pub fn claim_digest<K: Keccak256>(k: &K, domain_separator: &[u8; 32], claim: &Claim) -> [u8; 32] {
    typed_data_digest(k, domain_separator, &claim_struct_hash(k, claim))
}

/// `Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)` (EIP-2612).
pub const PERMIT_TYPE: &[u8] = b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)";
/// `keccak256(PERMIT_TYPE)`.
pub const PERMIT_TYPEHASH: [u8; 32] = hex32("6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9");

/// An EIP-2612 permit as its owner signs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permit {
    /// The token holder.
    pub owner: Address,
    /// Who may spend.
    pub spender: Address,
    /// The allowance granted.
    pub value: U256,
    /// The owner's permit nonce (used once, in order).
    pub nonce: U256,
    /// Last timestamp (seconds) at which the permit may be used.
    pub deadline: U256,
}

/// `hashStruct(permit)`.
pub fn permit_struct_hash<K: Keccak256>(k: &K, permit: &Permit) -> [u8; 32] {
    hash_words(
        k,
        [
            PERMIT_TYPEHASH,
            word_from_address(&permit.owner),
            word_from_address(&permit.spender),
            permit.value.to_be_bytes::<32>(),
            permit.nonce.to_be_bytes::<32>(),
            permit.deadline.to_be_bytes::<32>(),
        ],
    )
}

/// Parses a 65-byte `r || s || v` signature and rejects non-canonical ones:
/// [`CoreError::SignatureLength`], [`CoreError::SignatureBadV`],
/// [`CoreError::SignatureMalformed`] (zero `r` or `s`, or high `s`).
pub fn parse_signature(bytes: &[u8]) -> CoreResult<Signature> {
    let bytes: &[u8; 65] = bytes.try_into().map_err(|_| CoreError::SignatureLength)?;
    let (r, rest) = bytes.split_at(32);
    let (s, v) = rest.split_at(32);
    let v = match v {
        [v @ (27 | 28)] => *v,
        _ => return Err(CoreError::SignatureBadV),
    };
    let r: [u8; 32] = r.try_into().map_err(|_| CoreError::SignatureLength)?;
    let s: [u8; 32] = s.try_into().map_err(|_| CoreError::SignatureLength)?;
    let s_value = U256::from_be_bytes(s);
    if U256::from_be_bytes(r).is_zero() || s_value.is_zero() || s_value > SECP256K1_N_HALF {
        return Err(CoreError::SignatureMalformed);
    }
    Ok(Signature { r, s, v })
}

/// What the chain knows when a claim is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimContext {
    /// This pool's EIP-712 domain separator.
    pub domain_separator: [u8; 32],
    /// The current notary.
    pub notary: Address,
    /// The current block number.
    pub block_number: u64,
    /// Whether `claim.claim_id` was already used.
    pub used: bool,
}

/// Checks a claim completely; `Ok` means `claimBonds` may mint.
///
/// Errors, in order: [`CoreError::ZeroAmount`], [`CoreError::ClaimExpired`]
/// (`block.number > claimBeforeBlock`), [`CoreError::ClaimAlreadyUsed`], the
/// errors of [`parse_signature`], [`CoreError::SignatureInvalid`] (recovery
/// failed or gave the zero address) and [`CoreError::ClaimSignerNotNotary`].
/// `isClaimValid` is `check_claim(..).is_ok()`: it never reverts.
pub fn check_claim<C: Keccak256 + EcRecover>(
    crypto: &C,
    ctx: &ClaimContext,
    claim: &Claim,
    signature: &[u8],
) -> CoreResult<()> {
    if claim.amount.is_zero() {
        return Err(CoreError::ZeroAmount);
    }
    if U256::from(ctx.block_number) > claim.claim_before_block {
        return Err(CoreError::ClaimExpired);
    }
    if ctx.used {
        return Err(CoreError::ClaimAlreadyUsed);
    }
    let signature = parse_signature(signature)?;
    let digest = claim_digest(crypto, &ctx.domain_separator, claim);
    match crypto.ecrecover(&digest, &signature) {
        None => Err(CoreError::SignatureInvalid),
        Some(signer) if signer == ZERO_ADDRESS => Err(CoreError::SignatureInvalid),
        Some(signer) if signer != ctx.notary => Err(CoreError::ClaimSignerNotNotary),
        Some(_) => Ok(()),
    }
}

/// The bond shares a valid claim of `amount` bonds mints at the bond's
/// `ratio`: rounded down, and [`CoreError::ZeroAmount`] when that is none.
pub fn shares_to_mint(amount: U256, ratio: U256) -> CoreResult<U256> {
    let shares = crate::math::shares_from_bonds(amount, ratio)?;
    if shares.is_zero() {
        return Err(CoreError::ZeroAmount);
    }
    Ok(shares)
}

/// Where claim id `id` lives in a bitmap of 256-bit words:
/// `(word index, bit mask)`, as OpenZeppelin's `BitMaps` lays it out.
pub fn bitmap_position(id: U256) -> (U256, U256) {
    (id.wrapping_shr(8), U256::from(1u8).wrapping_shl(usize::from(id.byte(0))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, Address as AlloyAddress};
    use alloy_sol_types::{eip712_domain, sol, SolStruct};
    use k256::ecdsa::{RecoveryId, Signature as K256Signature, SigningKey, VerifyingKey};
    use proptest::prelude::*;

    /// Independent software implementations of the platform primitives.
    struct Soft;

    impl Keccak256 for Soft {
        fn keccak256(&self, data: &[u8]) -> [u8; 32] {
            use tiny_keccak::Hasher;
            let mut h = tiny_keccak::Keccak::v256();
            h.update(data);
            let mut out = [0u8; 32];
            h.finalize(&mut out);
            out
        }
    }

    impl EcRecover for Soft {
        fn ecrecover(&self, digest: &[u8; 32], sig: &Signature) -> Option<Address> {
            let rs = K256Signature::from_scalars(sig.r, sig.s).ok()?;
            let id = RecoveryId::from_byte(sig.v.checked_sub(27)?)?;
            let key = VerifyingKey::recover_from_prehash(digest, &rs, id).ok()?;
            Some(eth_address(&key))
        }
    }

    fn eth_address(key: &VerifyingKey) -> Address {
        let point = key.to_encoded_point(false);
        let hash = Soft.keccak256(&point.as_bytes()[1..]);
        hash[12..].try_into().unwrap()
    }

    sol! {
        struct Permit {
            address owner;
            address spender;
            uint256 value;
            uint256 nonce;
            uint256 deadline;
        }

        struct Claim {
            address token;
            uint256 claimId;
            uint256 amount;
            uint256 claimBeforeBlock;
            address to;
        }
    }

    const CHAIN_ID: u64 = 421_614; // Arbitrum Sepolia
    const POOL: AlloyAddress = address!("59f767EC659E9FE01ebCf930465E2aD4Cc0F208e");
    const TOKEN: AlloyAddress = address!("84DA8e731172827fCB233B911678E2a82E27Baf2");
    const TO: AlloyAddress = address!("00000000000000000000000000000000000000b0");

    fn notary_key() -> SigningKey {
        SigningKey::from_slice(&[0x42; 32]).unwrap()
    }

    fn claim() -> super::Claim {
        super::Claim {
            token: TOKEN.into_array(),
            claim_id: U256::from(7u8),
            amount: U256::from(12_123_400_000_000u64),
            claim_before_block: U256::from(1_000u32),
            to: TO.into_array(),
        }
    }

    fn alloy_digest(c: &super::Claim, chain_id: u64, pool: AlloyAddress) -> [u8; 32] {
        let domain = eip712_domain! {
            name: DOMAIN_NAME,
            version: DOMAIN_VERSION,
            chain_id: chain_id,
            verifying_contract: pool,
        };
        let typed = Claim {
            token: c.token.into(),
            claimId: alloy_primitives::U256::from_be_bytes(c.claim_id.to_be_bytes::<32>()),
            amount: alloy_primitives::U256::from_be_bytes(c.amount.to_be_bytes::<32>()),
            claimBeforeBlock: alloy_primitives::U256::from_be_bytes(c.claim_before_block.to_be_bytes::<32>()),
            to: c.to.into(),
        };
        typed.eip712_signing_hash(&domain).0
    }

    /// Signs the digest alloy computes (not the core's) with a real key.
    fn sign(c: &super::Claim, key: &SigningKey, chain_id: u64, pool: AlloyAddress) -> [u8; 65] {
        let (sig, id) = key.sign_prehash_recoverable(&alloy_digest(c, chain_id, pool)).unwrap();
        let sig = sig.normalize_s().map_or((sig, id), |n| (n, RecoveryId::new(!id.is_y_odd(), id.is_x_reduced())));
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&sig.0.to_bytes());
        out[64] = 27 + sig.1.to_byte();
        out
    }

    fn ctx() -> ClaimContext {
        ClaimContext {
            domain_separator: domain_separator(&Soft, CHAIN_ID, &POOL.into_array()),
            notary: eth_address(notary_key().verifying_key()),
            block_number: 900,
            used: false,
        }
    }

    #[test]
    fn typehashes_are_the_hashes_of_their_type_strings() {
        assert_eq!(Soft.keccak256(DOMAIN_TYPE), DOMAIN_TYPEHASH);
        assert_eq!(Soft.keccak256(CLAIM_TYPE), CLAIM_TYPEHASH);
        assert_eq!(CLAIM_TYPE, <Claim as SolStruct>::eip712_encode_type().as_bytes());
    }

    #[test]
    fn permit_digest_matches_alloys_eip712_signing_hash() {
        let word = |v: u64| alloy_primitives::U256::from(v);
        let typed = Permit { owner: TO, spender: POOL, value: word(5), nonce: word(1), deadline: word(99) };
        let domain = eip712_domain! {
            name: "Ankr Staked AVAX",
            version: "1",
            chain_id: CHAIN_ID,
            verifying_contract: TOKEN,
        };
        let permit = super::Permit {
            owner: TO.into_array(),
            spender: POOL.into_array(),
            value: U256::from(5u8),
            nonce: U256::from(1u8),
            deadline: U256::from(99u8),
        };
        let separator = eip712_domain_separator(&Soft, "Ankr Staked AVAX", "1", CHAIN_ID, &TOKEN.into_array());
        assert_eq!(
            typed_data_digest(&Soft, &separator, &permit_struct_hash(&Soft, &permit)),
            typed.eip712_signing_hash(&domain).0
        );
        assert_eq!(Soft.keccak256(PERMIT_TYPE), PERMIT_TYPEHASH);
        assert_eq!(PERMIT_TYPE, <Permit as SolStruct>::eip712_encode_type().as_bytes());
    }

    #[test]
    fn a_claim_mints_its_shares_rounded_down_and_never_none() {
        let ratio = U256::from(900_000_000_000_000_000u64);
        assert_eq!(shares_to_mint(U256::from(10u8), ratio), Ok(U256::from(9u8)));
        assert_eq!(shares_to_mint(U256::from(1u8), ratio), Err(CoreError::ZeroAmount));
        assert_eq!(shares_to_mint(U256::from(1u8), U256::ZERO), Err(CoreError::RatioZero));
    }

    #[test]
    fn digest_matches_alloys_eip712_signing_hash() {
        let c = claim();
        assert_eq!(claim_digest(&Soft, &ctx().domain_separator, &c), alloy_digest(&c, CHAIN_ID, POOL));
    }

    #[test]
    fn a_notary_signed_claim_is_valid() {
        let sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
        assert_eq!(check_claim(&Soft, &ctx(), &claim(), &sig), Ok(()));
    }

    #[test]
    fn a_claim_at_its_last_block_is_valid_and_after_it_expired() {
        let sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
        let at = ClaimContext { block_number: 1_000, ..ctx() };
        assert_eq!(check_claim(&Soft, &at, &claim(), &sig), Ok(()));
        let after = ClaimContext { block_number: 1_001, ..ctx() };
        assert_eq!(check_claim(&Soft, &after, &claim(), &sig), Err(CoreError::ClaimExpired));
    }

    #[test]
    fn a_used_claim_is_rejected() {
        let sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
        let used = ClaimContext { used: true, ..ctx() };
        assert_eq!(check_claim(&Soft, &used, &claim(), &sig), Err(CoreError::ClaimAlreadyUsed));
    }

    #[test]
    fn a_zero_amount_claim_is_rejected() {
        let c = super::Claim { amount: U256::ZERO, ..claim() };
        let sig = sign(&c, &notary_key(), CHAIN_ID, POOL);
        assert_eq!(check_claim(&Soft, &ctx(), &c, &sig), Err(CoreError::ZeroAmount));
    }

    #[test]
    fn a_claim_signed_by_another_key_is_rejected() {
        let other = SigningKey::from_slice(&[0x43; 32]).unwrap();
        let sig = sign(&claim(), &other, CHAIN_ID, POOL);
        assert_eq!(check_claim(&Soft, &ctx(), &claim(), &sig), Err(CoreError::ClaimSignerNotNotary));
    }

    #[test]
    fn a_claim_signed_for_another_chain_or_pool_is_rejected() {
        let other_chain = sign(&claim(), &notary_key(), 1, POOL);
        assert_eq!(check_claim(&Soft, &ctx(), &claim(), &other_chain), Err(CoreError::ClaimSignerNotNotary));
        let other_pool = sign(&claim(), &notary_key(), CHAIN_ID, address!("00000000000000000000000000000000000000cc"));
        assert_eq!(check_claim(&Soft, &ctx(), &claim(), &other_pool), Err(CoreError::ClaimSignerNotNotary));
    }

    #[test]
    fn changing_any_claimed_field_invalidates_the_signature() {
        let sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
        let changed = [
            super::Claim { amount: claim().amount + U256::from(1u8), ..claim() },
            super::Claim { to: [0xee; 20], ..claim() },
            super::Claim { token: [0xdd; 20], ..claim() },
            super::Claim { claim_id: U256::from(8u8), ..claim() },
            super::Claim { claim_before_block: U256::from(999u32), ..claim() },
        ];
        for c in changed {
            assert_eq!(check_claim(&Soft, &ctx(), &c, &sig), Err(CoreError::ClaimSignerNotNotary), "{c:?}");
        }
    }

    #[test]
    fn signatures_of_wrong_length_are_rejected() {
        let sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
        for len in [0usize, 64, 66] {
            let mut v = sig.to_vec();
            v.resize(len, 0);
            assert_eq!(check_claim(&Soft, &ctx(), &claim(), &v), Err(CoreError::SignatureLength));
        }
    }

    #[test]
    fn a_zero_r_is_malformed() {
        let mut sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
        sig[..32].fill(0);
        assert_eq!(parse_signature(&sig), Err(CoreError::SignatureMalformed));
    }

    #[test]
    fn a_signature_recovering_to_nobody_is_invalid() {
        // r = 1 is not the x-coordinate of a curve point reachable here: recovery fails.
        let mut sig = [0u8; 65];
        sig[31] = 1;
        sig[63] = 1;
        sig[64] = 27;
        let parsed = parse_signature(&sig).unwrap();
        let digest = claim_digest(&Soft, &ctx().domain_separator, &claim());
        if Soft.ecrecover(&digest, &parsed).is_none() {
            assert_eq!(check_claim(&Soft, &ctx(), &claim(), &sig), Err(CoreError::SignatureInvalid));
        }
    }

    #[test]
    fn bitmap_position_matches_openzeppelin_layout() {
        assert_eq!(bitmap_position(U256::from(0u8)), (U256::ZERO, U256::from(1u8)));
        assert_eq!(bitmap_position(U256::from(255u8)), (U256::ZERO, U256::from(1u8) << 255usize));
        assert_eq!(bitmap_position(U256::from(256u16)), (U256::from(1u8), U256::from(1u8)));
    }

    fn n() -> U256 {
        U256::from_be_bytes(hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
    }

    proptest! {
        #[test]
        fn digest_matches_alloy_for_any_claim_chain_and_pool(
            token in any::<[u8; 20]>(), to in any::<[u8; 20]>(), pool in any::<[u8; 20]>(),
            id in any::<[u64; 4]>(), amount in any::<[u64; 4]>(), before in any::<u64>(), chain_id in any::<u64>(),
        ) {
            let c = super::Claim {
                token, to,
                claim_id: U256::from_limbs(id),
                amount: U256::from_limbs(amount),
                claim_before_block: U256::from(before),
            };
            let ours = claim_digest(&Soft, &domain_separator(&Soft, chain_id, &pool), &c);
            prop_assert_eq!(ours, alloy_digest(&c, chain_id, pool.into()));
        }

        #[test]
        fn high_s_twins_of_valid_signatures_are_rejected(seed in 1u8..=254, id in any::<u64>()) {
            let key = SigningKey::from_slice(&[seed; 32]).unwrap();
            let c = super::Claim { claim_id: U256::from(id), ..claim() };
            let sig = sign(&c, &key, CHAIN_ID, POOL);
            prop_assert!(parse_signature(&sig).is_ok());
            // The malleable twin (n - s, flipped v) recovers the same key but must be refused.
            let mut twin = sig;
            let s = U256::from_be_bytes::<32>(sig[32..64].try_into().unwrap());
            twin[32..64].copy_from_slice(&(n() - s).to_be_bytes::<32>());
            twin[64] = if sig[64] == 27 { 28 } else { 27 };
            prop_assert_eq!(parse_signature(&twin), Err(CoreError::SignatureMalformed));
        }

        #[test]
        fn only_v_27_or_28_is_accepted(v in any::<u8>()) {
            let mut sig = sign(&claim(), &notary_key(), CHAIN_ID, POOL);
            sig[64] = v;
            let parsed = parse_signature(&sig);
            if v == 27 || v == 28 { prop_assert!(parsed.is_ok()); }
            else { prop_assert_eq!(parsed, Err(CoreError::SignatureBadV)); }
        }

        #[test]
        fn any_s_above_half_order_is_rejected(s in any::<[u64; 4]>()) {
            let s = U256::from_limbs(s);
            let mut sig = [1u8; 65];
            sig[32..64].copy_from_slice(&s.to_be_bytes::<32>());
            sig[64] = 27;
            let parsed = parse_signature(&sig);
            if s.is_zero() || s > SECP256K1_N_HALF { prop_assert_eq!(parsed, Err(CoreError::SignatureMalformed)); }
            else { prop_assert!(parsed.is_ok()); }
        }
    }
}
