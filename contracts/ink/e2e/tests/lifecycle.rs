//! The suite's lifecycle on the ink! contracts with `ink_e2e`, against
//! `lst-node --platform ink` over its Substrate JSON-RPC: every contract
//! deployed and wired by signed extrinsics, AVAX staked, unstaked, served
//! and withdrawn, a KSM claim signed by the notary key minting aKSMb and
//! `burnBond` returning some, a pause, a scheduled change, and refused
//! calls answered with their named errors and changing nothing.
//!
//! Run by `scripts/ink-e2e.sh` (it starts the node); each test deploys a
//! suite of its own on the one chain.

mod common;

use common::*;
use ink::{Address, U256};
use ink_e2e::{ChainBackend, ContractsBackend, IntoAddress};
use lst_core::CoreError;
use lst_ink_avalanche_delegator::avalanche_delegator::AvalancheDelegator;
use lst_ink_avalanche_pool::avalanche_pool::AvalanchePool;
use lst_ink_bond_token::bond_token::BondToken;
use lst_ink_cert_token::cert_token::CertToken;
use lst_ink_polkadot_pool::polkadot_pool::PolkadotPool;
use lst_ink_rate_provider::rate_provider::RateProvider;

/// The free balance of `who`'s native account.
async fn free(client: &mut Client, who: &ink_e2e::Keypair) -> u128 {
    client.free_balance(ink_e2e::account_id(keyring(who))).await.expect("a balance")
}

/// The keyring entry of a development key (for its account id).
fn keyring(who: &ink_e2e::Keypair) -> ink_e2e::Sr25519Keyring {
    use ink_e2e::Sr25519Keyring as K;
    [K::Alice, K::Bob, K::Charlie, K::Dave, K::Eve, K::Ferdie]
        .into_iter()
        .find(|k| k.public().0 == who.public_key().0)
        .expect("a development key")
}

#[tokio::test]
async fn the_suite_deploys_and_wires_over_the_substrate_rpc() {
    let mut client = client().await;
    let s = Suite::deploy(&mut client).await;
    let a = &s.roles.admin;
    let contracts = read!(client, a, AvalanchePool, s.pool, |c| c.contracts());
    assert_eq!(contracts, (s.feed, s.cert, s.avax_bond));
    assert_eq!(read!(client, a, AvalanchePool, s.pool, |c| c.deposit_address()), s.delegator);
    assert_eq!(read!(client, a, AvalanchePool, s.pool, |c| c.operator()), s.roles.operator.address());
    assert_eq!(read!(client, a, RateProvider, s.feed, |c| c.primary_token_address()), s.cert);
    assert_eq!(read!(client, a, CertToken, s.cert, |c| c.pool()), s.pool);
    assert_eq!(read!(client, a, BondToken, s.ksm, |c| c.pool()), s.dot_pool);
    assert_eq!(read!(client, a, PolkadotPool, s.dot_pool, |c| c.notary()), eth_address(&notary_key()));
    assert!(read!(client, a, PolkadotPool, s.dot_pool, |c| c.is_bond_registered(s.ksm)));
    assert_eq!(read!(client, a, AvalancheDelegator, s.delegator, |c| c.validators()), vec![s.account]);
    assert_eq!(read!(client, a, AvalancheDelegator, s.delegator, |c| c.wiring()), (s.pool, s.staking));
}

#[tokio::test]
async fn a_stake_is_unstaked_served_and_withdrawn() {
    let mut client = client().await;
    let s = Suite::deploy(&mut client).await;
    let (staker, operator) = (&s.roles.staker, &s.roles.operator);

    // Stake 3 AVAX for ankrAVAX at ratio 1: the pool's event is on the
    // extrinsic's events.
    let stake = send!(client, staker, AvalanchePool, s.pool, value 3 * ONE, |c| c.stake_and_claim_certs());
    assert!(stake.contract_emitted_events().expect("decodable events").iter().any(|e| e.event.contract == s.pool));
    assert_eq!(read!(client, staker, CertToken, s.cert, |c| c.balance_of(staker.address())), tokens(3));
    assert_eq!(read!(client, staker, AvalanchePool, s.pool, |c| c.total_pooled_avax()), tokens(3));

    // Unstake all of it: a claim in the queue, owed to the staker.
    send!(client, staker, AvalanchePool, s.pool, |c| c.claim_certs(tokens(3)));
    assert_eq!(read!(client, staker, CertToken, s.cert, |c| c.balance_of(staker.address())), U256::zero());
    assert_eq!(read!(client, staker, AvalanchePool, s.pool, |c| c.pending_avax_claims_of(staker.address())), tokens(3));
    assert_eq!(read!(client, staker, AvalanchePool, s.pool, |c| c.owed_to_queue()), tokens(3));

    // The operator serves it from the pool's balance; the staker withdraws.
    send!(client, operator, AvalanchePool, s.pool, |c| c.serve_claims(U256::from(1)));
    let before = free(&mut client, staker).await;
    send!(client, staker, AvalanchePool, s.pool, |c| c.withdraw_claim(U256::from(1)));
    assert_eq!(free(&mut client, staker).await, before + 3 * ONE, "no fees: the 3 AVAX are back");
    assert_eq!(read!(client, staker, AvalanchePool, s.pool, |c| c.owed_to_queue()), U256::zero());
    let again = read!(client, staker, AvalanchePool, s.pool, |c| c.withdraw_claim(U256::from(1)));
    assert_refused(again, CoreError::RequestAlreadyClaimed, "withdrawing twice");
}

/// The claim `notary` signs: `amount` aKSMb for `to`, usable before block
/// `before`, under the pool's EIP-712 domain on chain `chain_id`.
fn notarise(notary: &k256::ecdsa::SigningKey, pool: Address, chain_id: u64, claim: &lst_core::claim::Claim) -> Vec<u8> {
    struct K;
    impl lst_core::claim::Keccak256 for K {
        fn keccak256(&self, data: &[u8]) -> [u8; 32] {
            keccak(data)
        }
    }
    let domain = lst_core::claim::domain_separator(&K, chain_id, &pool.0);
    let digest = lst_core::claim::claim_digest(&K, &domain, claim);
    let (signature, recovery) = notary.sign_prehash_recoverable(&digest).expect("a signature");
    let mut bytes = signature.to_bytes().to_vec();
    bytes.push(27 + recovery.to_byte());
    bytes
}

/// The chain id the contracts read (the node's Ethereum side reports it).
async fn chain_id() -> u64 {
    let eth = rpc(&eth_url()).await;
    let id = ask(&eth, "eth_chainId", vec![]).await;
    u64::from_str_radix(id.as_str().expect("a hex id").trim_start_matches("0x"), 16).expect("a chain id")
}

/// The head's block number (what the contracts read as the block number).
async fn head() -> u64 {
    let node = rpc(&node_url()).await;
    let header = ask(&node, "chain_getHeader", vec![]).await;
    u64::from_str_radix(header["number"].as_str().expect("a number").trim_start_matches("0x"), 16).expect("hex")
}

#[tokio::test]
async fn a_notarised_ksm_claim_mints_bonds_and_burn_bond_returns_some() {
    let mut client = client().await;
    let s = Suite::deploy(&mut client).await;
    let (staker, stranger) = (&s.roles.staker, &s.roles.stranger);
    let chain_id = chain_id().await;
    let claim = lst_core::claim::Claim {
        token: s.ksm.0,
        claim_id: lst_core::U256::from(1),
        amount: lst_core::U256::from(5 * ONE),
        claim_before_block: lst_core::U256::from(head().await + 50),
        to: staker.address().0,
    };
    let signature = notarise(&notary_key(), s.dot_pool, chain_id, &claim);
    let before = U256::from(head().await + 50);

    // `claimBonds` of claim `id` (5 aKSMb for the staker) with `sig`.
    macro_rules! claim_bonds {
        ($c:ident, $id:expr, $sig:expr) => {
            $c.claim_bonds(s.ksm, U256::from($id), tokens(5), before, staker.address(), $sig.clone())
        };
    }

    // Anyone submits the staker's claim; the staker gets the bonds.
    let sig = ink::sol::DynBytes(signature.clone());
    assert!(read!(client, stranger, PolkadotPool, s.dot_pool, |c| c.is_claim_valid(
        s.ksm,
        U256::from(1),
        before,
        tokens(5),
        staker.address(),
        sig.clone()
    )));
    send!(client, stranger, PolkadotPool, s.dot_pool, |c| claim_bonds!(c, 1, sig));
    assert_eq!(read!(client, staker, BondToken, s.ksm, |c| c.balance_of(staker.address())), Ok(tokens(5)));
    assert!(read!(client, staker, PolkadotPool, s.dot_pool, |c| c.is_claim_used(U256::from(1))));

    // The same claim again, and one signed by another key.
    let replay = read!(client, stranger, PolkadotPool, s.dot_pool, |c| claim_bonds!(c, 1, sig));
    assert_refused(replay, CoreError::ClaimAlreadyUsed, "a replayed claim");
    let forged_claim = lst_core::claim::Claim { claim_id: lst_core::U256::from(2), ..claim };
    let other = k256::ecdsa::SigningKey::from_slice(&keccak(b"not the notary")).expect("a key");
    let forged = ink::sol::DynBytes(notarise(&other, s.dot_pool, chain_id, &forged_claim));
    let refused = read!(client, stranger, PolkadotPool, s.dot_pool, |c| claim_bonds!(c, 2, forged));
    assert_refused(refused, CoreError::ClaimSignerNotNotary, "a claim signed by another key");

    // The staker burns 2 aKSMb back to a 32-byte Kusama account.
    let recipient = ink::sol::DynBytes(vec![0x11; 32]);
    send!(client, staker, PolkadotPool, s.dot_pool, |c| c.burn_bond(s.ksm, tokens(2), recipient.clone()));
    assert_eq!(read!(client, staker, BondToken, s.ksm, |c| c.balance_of(staker.address())), Ok(tokens(3)));
}

#[tokio::test]
async fn a_paused_pool_refuses_stakes_by_name_and_keeps_withdrawals_open() {
    let mut client = client().await;
    let s = Suite::deploy(&mut client).await;
    let (staker, operator, pauser, stranger) = (&s.roles.staker, &s.roles.operator, &s.roles.pauser, &s.roles.stranger);
    send!(client, staker, AvalanchePool, s.pool, value 2 * ONE, |c| c.stake_and_claim_certs());
    send!(client, staker, AvalanchePool, s.pool, |c| c.claim_certs(tokens(1)));
    send!(client, operator, AvalanchePool, s.pool, |c| c.serve_claims(U256::from(1)));

    let denied = read!(client, stranger, AvalanchePool, s.pool, |c| c.pause());
    assert_refused(denied, lst_app::Error::Unauthorized { account: stranger.address().0 }, "a stranger pausing");
    send!(client, pauser, AvalanchePool, s.pool, |c| c.pause());
    assert!(read!(client, pauser, AvalanchePool, s.pool, |c| c.paused()));
    let stake = read!(client, staker, AvalanchePool, s.pool, value ONE, |c| c.stake_and_claim_certs());
    assert_refused(stake, lst_app::Error::EnforcedPause {}, "staking while paused");

    let before = free(&mut client, staker).await;
    send!(client, staker, AvalanchePool, s.pool, |c| c.withdraw_claim(U256::from(1)));
    assert_eq!(free(&mut client, staker).await, before + ONE, "withdrawn while paused");
    send!(client, pauser, AvalanchePool, s.pool, |c| c.unpause());
    send!(client, staker, AvalanchePool, s.pool, value ONE, |c| c.stake_and_claim_certs());
}

#[tokio::test]
async fn a_higher_fee_is_scheduled_refused_before_its_time_and_applied_after() {
    let mut client = client().await;
    let s = Suite::deploy(&mut client).await;
    let admin = &s.roles.admin;
    let key = lst_core::timelock::change_key(selector("setFeeBps(uint32)"), &[0u8; 20]);
    let fee = read!(client, admin, AvalanchePool, s.pool, |c| c.fee_bps());
    send!(client, admin, AvalanchePool, s.pool, |c| c.set_fee_bps(2_000));
    let (value, executable_at) =
        read!(client, admin, AvalanchePool, s.pool, |c| c.pending_change(lst_ink_common::Bytes32::from(key)));
    assert_eq!(U256::from_big_endian(&value.0), U256::from(2_000), "the pending fee");
    assert!(executable_at > U256::zero());
    assert_eq!(read!(client, admin, AvalanchePool, s.pool, |c| c.fee_bps()), fee, "unchanged before the delay");
    let early = read!(client, admin, AvalanchePool, s.pool, |c| c.set_fee_bps(2_000));
    assert_refused(early, CoreError::ChangeNotReady, "applying it early");

    pass_time(CHANGE_DELAY + 1).await;
    send!(client, admin, AvalanchePool, s.pool, |c| c.set_fee_bps(2_000));
    assert_eq!(read!(client, admin, AvalanchePool, s.pool, |c| c.fee_bps()), 2_000);
}

#[tokio::test]
async fn refused_calls_are_named_errors_and_change_nothing() {
    let mut client = client().await;
    let s = Suite::deploy(&mut client).await;
    let (stranger, operator) = (&s.roles.stranger, &s.roles.operator);
    let who = stranger.address();

    // Owner-only, operator-only, and a protocol rule.
    let r = read!(client, stranger, AvalanchePool, s.pool, |c| c.set_operator(who));
    assert_refused(r, lst_app::Error::OwnableUnauthorizedAccount { account: who.0 }, "setOperator by a stranger");
    let r = read!(client, stranger, AvalanchePool, s.pool, |c| c.serve_claims(U256::from(1)));
    assert_refused(r, lst_app::Error::Unauthorized { account: who.0 }, "serveClaims by a stranger");
    let r = read!(client, stranger, AvalanchePool, s.pool, |c| c.claim_certs(U256::zero()));
    assert_refused(r, CoreError::ZeroAmount, "unstaking nothing");

    // Submitted anyway, the extrinsic fails (ContractReverted) and the
    // operator is still the operator.
    let mut c = ink_e2e::create_call_builder::<AvalanchePool>(s.pool);
    let message = c.set_operator(who);
    let submitted = client.call(stranger, &message).submit().await;
    assert!(submitted.is_err(), "a refused call is a failed extrinsic");
    assert_eq!(read!(client, stranger, AvalanchePool, s.pool, |c| c.operator()), operator.address());
}
