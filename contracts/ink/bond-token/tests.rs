//! Off-chain unit tests of the ink! bond token: every message, its events,
//! every error path with unchanged state, and the access matrix. The feed
//! is the unit-test stand-in of `lst_ink_common::testing::feed`.

use crate::bond_token::BondToken;
use ink::{Address, U256};
use lst_core::CoreError;
use lst_ink_common::{
    testing::{account, call_as, feed::set_ratio, last_log, log_count, logs, uint, word, words, Log},
    Error,
};

/// 0.8e18: one share is worth 1.25 bonds.
const RATIO: u128 = 800_000_000_000_000_000;

fn admin() -> Address {
    account(1)
}
fn pool() -> Address {
    account(2)
}
fn alice() -> Address {
    account(3)
}
fn bob() -> Address {
    account(4)
}
fn feed() -> Address {
    account(9)
}
fn this() -> Address {
    ink::env::test::callee()
}

/// aKSMb (its own ratio, 0.8), pool set, 80 shares (100 bonds) for alice.
fn bond() -> BondToken {
    call_as(admin());
    let mut t = BondToken::new(admin(), feed(), Address::zero(), "Ankr KSM Bond".into(), "aKSMb".into()).unwrap();
    t.set_pool(pool()).unwrap();
    set_ratio(feed(), this(), U256::from(RATIO));
    call_as(pool());
    t.mint_shares(alice(), U256::from(80)).unwrap();
    t
}

type Snapshot = (U256, U256, U256, U256, Address, Address, bool, Address);

fn snapshot(t: &BondToken) -> Snapshot {
    (
        t.total_shares(),
        t.shares_of(alice()),
        t.shares_of(bob()),
        t.allowance(alice(), bob()),
        t.pool(),
        t.pauser(),
        t.paused(),
        t.owner(),
    )
}

/// Asserts `f` fails with `expected`, changes no state and emits nothing.
fn assert_fails_unchanged<T: core::fmt::Debug + PartialEq>(
    t: &mut BondToken,
    expected: Error,
    f: impl FnOnce(&mut BondToken) -> Result<T, Error>,
) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (snapshot(t), log_count());
    assert_eq!(f(t), Err(expected));
    assert_eq!((snapshot(t), log_count()), before);
}

/// The `Transfer` and `SharesTransferred` pair every balance change emits.
fn transfer_logs(from: Address, to: Address, amount: u64, shares: u64) -> Vec<Log> {
    vec![
        Log::new("Transfer(address,address,uint256)", vec![word(from), word(to)], words(&[uint(amount)])),
        Log::new(
            "SharesTransferred(address,address,uint256,uint256)",
            vec![word(from), word(to)],
            words(&[uint(amount), uint(shares)]),
        ),
    ]
}

fn last_two_logs() -> Vec<Log> {
    let all = logs();
    all[all.len() - 2..].to_vec()
}

// --- constructor, metadata, ratio source ---

#[ink::test]
fn constructor_stores_metadata_and_makes_admin_owner_and_pauser() {
    let t = bond();
    assert_eq!((t.name().as_str(), t.symbol().as_str(), t.decimals()), ("Ankr KSM Bond", "aKSMb", 18));
    assert_eq!((t.owner(), t.pauser(), t.feed()), (admin(), admin(), feed()));
}

#[ink::test]
fn without_a_ratio_token_the_ratio_is_this_tokens_own() {
    let t = bond();
    assert_eq!(t.ratio_token(), this());
    assert_eq!(t.ratio(), Ok(U256::from(RATIO)));
}

#[ink::test]
fn a_configured_ratio_token_is_used_instead() {
    call_as(admin());
    let cert = account(20);
    let t = BondToken::new(admin(), feed(), cert, "Ankr AVAX Bond".into(), "aAVAXb".into()).unwrap();
    set_ratio(feed(), cert, U256::from(RATIO / 2));
    assert_eq!((t.ratio_token(), t.ratio()), (cert, Ok(U256::from(RATIO / 2))));
}

#[ink::test]
fn constructor_refuses_a_zero_feed_and_long_metadata() {
    let long = "x".repeat(33);
    assert_eq!(
        BondToken::new(admin(), Address::zero(), Address::zero(), "n".into(), "s".into()).err(),
        Some(Error::ZeroAddress {})
    );
    assert_eq!(
        BondToken::new(admin(), feed(), Address::zero(), long.clone(), "s".into()).err(),
        Some(Error::MetadataTooLong {})
    );
    assert_eq!(
        BondToken::new(admin(), feed(), Address::zero(), "n".into(), long).err(),
        Some(Error::MetadataTooLong {})
    );
    assert_eq!(
        BondToken::new(Address::zero(), feed(), Address::zero(), "n".into(), "s".into()).err(),
        Some(Error::OwnableInvalidOwner { owner: Address::zero() })
    );
}

#[ink::test]
fn reads_pass_the_feeds_revert_through() {
    let t = bond();
    set_ratio(feed(), this(), U256::from(RATIO));
    call_as(admin());
    let other = BondToken::new(admin(), feed(), account(30), "n".into(), "s".into()).unwrap();
    let revert = Error::Revert(Error::UnknownToken { token: account(30) }.encode());
    assert_eq!(other.ratio(), Err(revert.clone()));
    assert_eq!(other.total_supply(), Err(revert.clone()));
    assert_eq!(other.balance_of(alice()), Err(revert));
    assert_eq!(t.total_supply(), Ok(U256::from(100)));
}

// --- balances ---

#[ink::test]
fn minted_shares_show_as_their_value_in_the_asset() {
    let t = bond();
    assert_eq!((t.shares_of(alice()), t.balance_of(alice())), (U256::from(80), Ok(U256::from(100))));
    assert_eq!((t.total_shares(), t.total_supply()), (U256::from(80), Ok(U256::from(100))));
    assert_eq!(last_two_logs(), transfer_logs(Address::zero(), alice(), 100, 80));
}

#[ink::test]
fn balances_grow_when_the_ratio_falls() {
    let t = bond();
    set_ratio(feed(), this(), U256::from(RATIO / 2));
    assert_eq!((t.shares_of(alice()), t.balance_of(alice())), (U256::from(80), Ok(U256::from(200))));
}

// --- transfer ---

#[ink::test]
fn transfer_moves_the_shares_worth_the_amount_rounded_down() {
    let mut t = bond();
    call_as(alice());
    // 10 bonds at 0.8 = 8 shares exactly; 11 bonds = 8.8 shares -> 8.
    assert_eq!(t.transfer(bob(), U256::from(10)), Ok(true));
    assert_eq!(last_two_logs(), transfer_logs(alice(), bob(), 10, 8));
    assert_eq!(t.transfer(bob(), U256::from(11)), Ok(true));
    assert_eq!(last_two_logs(), transfer_logs(alice(), bob(), 11, 8));
    assert_eq!((t.shares_of(alice()), t.shares_of(bob())), (U256::from(64), U256::from(16)));
}

#[ink::test]
fn one_wei_transfers_at_half_move_no_value() {
    // The attack run's finding: at ratio 0.5 ten thousand 1-wei transfers
    // moved 20,000 wei of value (a whole share each, rounded up).
    let mut t = bond();
    set_ratio(feed(), this(), U256::from(500_000_000_000_000_000u128));
    call_as(alice());
    for _ in 0..100 {
        t.transfer(bob(), U256::one()).unwrap();
    }
    assert_eq!((t.shares_of(alice()), t.shares_of(bob())), (U256::from(80), U256::zero()));
}

#[ink::test]
fn one_wei_transfer_froms_never_pull_more_value_than_the_allowance() {
    // The attack run's finding: a spender approved for 10,000 wei pulled
    // 20,000 wei of value in 1-wei transferFrom calls at ratio 0.5.
    let mut t = bond();
    set_ratio(feed(), this(), U256::from(500_000_000_000_000_000u128));
    call_as(alice());
    t.approve(bob(), U256::from(50)).unwrap();
    call_as(bob());
    for _ in 0..50 {
        t.transfer_from(alice(), bob(), U256::one()).unwrap();
    }
    assert_eq!(t.allowance(alice(), bob()), U256::zero());
    assert!(t.balance_of(bob()).unwrap() <= U256::from(50));
    assert_eq!(t.shares_of(alice()) + t.shares_of(bob()), U256::from(80));
}

#[ink::test]
fn transferring_the_whole_balance_never_needs_more_shares_than_held() {
    let mut t = bond();
    set_ratio(feed(), this(), U256::from(333_333_333_333_333_333u128));
    let balance = t.balance_of(alice()).unwrap();
    call_as(alice());
    assert_eq!(t.transfer(bob(), balance), Ok(true));
    assert!(t.shares_of(alice()) <= U256::one());
}

#[ink::test]
fn transferring_more_than_the_balance_is_erc20_insufficient_balance() {
    let mut t = bond();
    call_as(alice());
    let expected =
        Error::ERC20InsufficientBalance { sender: alice(), balance: U256::from(100), needed: U256::from(101) };
    assert_fails_unchanged(&mut t, expected, |t| t.transfer(bob(), U256::from(101)));
}

#[ink::test]
fn transferring_to_zero_is_erc20_invalid_receiver() {
    let mut t = bond();
    call_as(alice());
    assert_fails_unchanged(&mut t, Error::ERC20InvalidReceiver { receiver: Address::zero() }, |t| {
        t.transfer(Address::zero(), U256::one())
    });
}

#[ink::test]
fn transferring_from_zero_is_erc20_invalid_sender() {
    let mut t = bond();
    call_as(Address::zero());
    assert_fails_unchanged(&mut t, Error::ERC20InvalidSender { sender: Address::zero() }, |t| {
        t.transfer(bob(), U256::zero())
    });
}

#[ink::test]
fn transfer_to_oneself_moves_nothing_but_still_logs() {
    let mut t = bond();
    call_as(alice());
    assert_eq!(t.transfer(alice(), U256::from(10)), Ok(true));
    assert_eq!(t.shares_of(alice()), U256::from(80));
    assert_eq!(last_two_logs(), transfer_logs(alice(), alice(), 10, 8));
}

#[ink::test]
fn transfer_at_a_zero_ratio_is_ratio_zero() {
    let mut t = bond();
    set_ratio(feed(), this(), U256::zero());
    call_as(alice());
    assert_fails_unchanged(&mut t, CoreError::RatioZero.into(), |t| t.transfer(bob(), U256::one()));
}

// --- approve / transferFrom ---

#[ink::test]
fn approve_sets_an_allowance_in_bond_units() {
    let mut t = bond();
    call_as(alice());
    assert_eq!(t.approve(bob(), U256::from(30)), Ok(true));
    assert_eq!(t.allowance(alice(), bob()), U256::from(30));
    assert_eq!(
        last_log(),
        Log::new("Approval(address,address,uint256)", vec![word(alice()), word(bob())], words(&[uint(30u64)]))
    );
}

#[ink::test]
fn transfer_from_spends_the_allowance_in_bond_units() {
    let mut t = bond();
    call_as(alice());
    t.approve(bob(), U256::from(30)).unwrap();
    call_as(bob());
    assert_eq!(t.transfer_from(alice(), bob(), U256::from(20)), Ok(true));
    assert_eq!((t.allowance(alice(), bob()), t.shares_of(bob())), (U256::from(10), U256::from(16)));
}

#[ink::test]
fn an_unlimited_allowance_is_never_spent() {
    let mut t = bond();
    call_as(alice());
    t.approve(bob(), U256::MAX).unwrap();
    call_as(bob());
    t.transfer_from(alice(), bob(), U256::from(20)).unwrap();
    assert_eq!(t.allowance(alice(), bob()), U256::MAX);
}

#[ink::test]
fn transfer_from_the_zero_address_is_erc20_invalid_approver_as_in_openzeppelin() {
    let mut t = bond();
    call_as(bob());
    assert_fails_unchanged(&mut t, Error::ERC20InvalidApprover { approver: Address::zero() }, |t| {
        t.transfer_from(Address::zero(), bob(), U256::zero())
    });
}

#[ink::test]
fn transfer_from_beyond_the_allowance_is_erc20_insufficient_allowance() {
    let mut t = bond();
    call_as(alice());
    t.approve(bob(), U256::from(5)).unwrap();
    call_as(bob());
    let expected =
        Error::ERC20InsufficientAllowance { spender: bob(), allowance: U256::from(5), needed: U256::from(6) };
    assert_fails_unchanged(&mut t, expected, |t| t.transfer_from(alice(), bob(), U256::from(6)));
}

#[ink::test]
fn transfer_from_beyond_the_balance_keeps_the_allowance() {
    let mut t = bond();
    call_as(alice());
    t.approve(bob(), U256::from(500)).unwrap();
    call_as(bob());
    let expected =
        Error::ERC20InsufficientBalance { sender: alice(), balance: U256::from(100), needed: U256::from(101) };
    assert_fails_unchanged(&mut t, expected, |t| t.transfer_from(alice(), bob(), U256::from(101)));
}

// --- mintShares / burnShares ---

#[ink::test]
fn pool_burns_shares_with_events() {
    let mut t = bond();
    call_as(pool());
    assert_eq!(t.burn_shares(alice(), U256::from(40)), Ok(()));
    assert_eq!((t.shares_of(alice()), t.total_shares()), (U256::from(40), U256::from(40)));
    assert_eq!(last_two_logs(), transfer_logs(alice(), Address::zero(), 50, 40));
}

#[ink::test]
fn burning_more_shares_than_held_is_erc20_insufficient_balance() {
    let mut t = bond();
    call_as(pool());
    let expected =
        Error::ERC20InsufficientBalance { sender: alice(), balance: U256::from(100), needed: U256::from(101) };
    // 81 shares are worth 101.25 bonds, shown rounded down.
    assert_fails_unchanged(&mut t, expected, |t| t.burn_shares(alice(), U256::from(81)));
}

#[ink::test]
fn minting_to_zero_is_erc20_invalid_receiver() {
    let mut t = bond();
    call_as(pool());
    assert_fails_unchanged(&mut t, Error::ERC20InvalidReceiver { receiver: Address::zero() }, |t| {
        t.mint_shares(Address::zero(), U256::one())
    });
}

#[ink::test]
fn minting_past_the_word_is_math_overflow() {
    let mut t = bond();
    set_ratio(feed(), this(), lst_ink_common::from_core(lst_core::math::ONE));
    call_as(pool());
    assert_fails_unchanged(&mut t, CoreError::MathOverflow.into(), |t| t.mint_shares(bob(), U256::MAX));
}

#[ink::test]
fn minting_or_burning_by_anyone_but_the_pool_is_unauthorized() {
    let mut t = bond();
    call_as(admin());
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: admin() }, |t| t.mint_shares(bob(), U256::one()));
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: admin() }, |t| t.burn_shares(alice(), U256::one()));
}

// --- pause ---

#[ink::test]
fn pause_stops_transfers_minting_and_burning() {
    let mut t = bond();
    call_as(admin());
    assert_eq!(t.pause(), Ok(()));
    assert_eq!(last_log(), Log::new("Paused(address)", vec![], words(&[word(admin())])));
    call_as(alice());
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.transfer(bob(), U256::one()));
    call_as(pool());
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.mint_shares(bob(), U256::one()));
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.burn_shares(alice(), U256::one()));
    call_as(admin());
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.pause());
    assert_eq!(t.unpause(), Ok(()));
    assert_eq!(last_log(), Log::new("Unpaused(address)", vec![], words(&[word(admin())])));
    assert_fails_unchanged(&mut t, Error::ExpectedPause {}, |t| t.unpause());
}

#[ink::test]
fn pausing_by_anyone_but_the_pauser_is_unauthorized() {
    let mut t = bond();
    call_as(bob());
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: bob() }, |t| t.pause());
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: bob() }, |t| t.unpause());
}

// --- owner settings and ownership ---

#[ink::test]
fn owner_settings_by_anyone_else_are_ownable_unauthorized() {
    call_as(admin());
    let mut t = BondToken::new(admin(), feed(), Address::zero(), "n".into(), "s".into()).unwrap();
    call_as(bob());
    let expected = Error::OwnableUnauthorizedAccount { account: bob() };
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.set_pool(pool()));
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.set_pauser(bob()));
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.transfer_ownership(bob()));
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.renounce_ownership());
    assert_fails_unchanged(&mut t, expected, |t| t.accept_ownership());
}
