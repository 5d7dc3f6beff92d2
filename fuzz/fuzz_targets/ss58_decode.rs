//! SS58 decoding (`lst_core::ss58::decode`, what `burnBond` runs on a
//! recipient that is not 32 raw bytes) against a reference: the `bs58`
//! crate and RustCrypto's BLAKE2b-512 over `"SS58PRE" ‖ prefix ‖ id`.
//! The core accepts exactly the texts the reference accepts (35 bytes, a
//! known one-byte prefix, the two checksum bytes), decodes them to the same
//! account, and re-encodes what it accepts to the same text.
#![no_main]

use blake2::{Blake2b512, Digest};
use libfuzzer_sys::fuzz_target;
use lst_core::ss58;

/// The reference decoder: `(prefix, account id)` or `None`.
fn reference(text: &[u8]) -> Option<(u8, [u8; 32])> {
    let text = core::str::from_utf8(text).ok()?;
    let raw = bs58::decode(text).into_vec().ok()?;
    let raw: [u8; 35] = raw.try_into().ok()?;
    let (prefix, rest) = raw.split_first()?;
    if ![ss58::POLKADOT_PREFIX, ss58::KUSAMA_PREFIX, ss58::GENERIC_PREFIX].contains(prefix) {
        return None;
    }
    let (id, sum) = rest.split_at(32);
    let hash = Blake2b512::new().chain_update(b"SS58PRE").chain_update([*prefix]).chain_update(id).finalize();
    if hash.get(..2)? != sum {
        return None;
    }
    Some((*prefix, id.try_into().ok()?))
}

fuzz_target!(|text: &[u8]| {
    let core = ss58::decode(text).ok().map(|a| (a.prefix, a.account_id));
    let expected = reference(text).map(|(prefix, id)| (Some(prefix), id));
    assert_eq!(core, expected, "decode({text:?})");
    if let Some((Some(prefix), id)) = core {
        let mut out = [0u8; ss58::MAX_ENCODED_LEN];
        let len = ss58::encode(prefix, &id, &mut out).expect("an accepted prefix encodes");
        assert_eq!(out.get(..len), Some(text), "re-encoding an accepted address");
    }
});
