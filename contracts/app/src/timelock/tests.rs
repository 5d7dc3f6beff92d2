//! The scheduled changes, once for every contract that has them, on the
//! memory chain.

use super::*;
use crate::memory::{abi_items, Chain, Changes};
use lst_core::CoreError;

const HOUR: u64 = 3_600;
const DELAY: u64 = 48 * HOUR;
const OWNER: Address = [1; 20];
const KEY: [u8; 32] = [7; 32];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    changes: Changes,
}

crate::memory::parts!(State: changes);

type Timelocked = Chain<State>;

fn deployed() -> Timelocked {
    let mut c = Timelocked::at(1_700_000_000);
    init(&mut c, DELAY).unwrap();
    c
}

fn value(n: u64) -> U256 {
    U256::from(n)
}

#[test]
fn deployment_takes_a_delay_from_an_hour_to_thirty_days() {
    let c = deployed();
    assert_eq!(c.delay(), DELAY);
}

#[test]
fn a_delay_out_of_range_is_change_delay_out_of_range() {
    for delay in [HOUR - 1, 30 * 24 * HOUR + 1] {
        let mut c = Timelocked::at(0);
        assert_eq!(init(&mut c, delay), Err(CoreError::ChangeDelayOutOfRange));
    }
}

#[test]
fn a_first_request_schedules_the_change() {
    let mut c = deployed();
    let now = c.now;
    assert_eq!(c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)), Ok(false));
    assert_eq!(pending(&c, KEY), (value(5).word(), U256::from(now + DELAY)));
    assert!(c.emitted(&ChangeScheduled { key: KEY, value: value(5).word(), executableAt: U256::from(now + DELAY) }));
}

#[test]
fn the_same_request_after_the_delay_takes_effect() {
    let mut c = deployed();
    c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)).unwrap();
    c.advance(DELAY);
    assert_eq!(c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)), Ok(true));
    assert_eq!(pending(&c, KEY), ([0; 32], U256::ZERO));
    assert!(c.emitted(&ChangeExecuted { key: KEY, value: value(5).word() }));
}

#[test]
fn the_same_request_before_the_delay_is_change_not_ready() {
    let mut c = deployed();
    c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)).unwrap();
    c.advance(DELAY - 1);
    c.assert_refused(CoreError::ChangeNotReady, |c| c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)));
}

#[test]
fn another_value_replaces_the_waiting_one_and_waits_again() {
    let mut c = deployed();
    c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)).unwrap();
    c.advance(DELAY);
    assert_eq!(c.call(OWNER, |c| Ok(request(c, KEY, value(6))?)), Ok(false));
    assert_eq!(pending(&c, KEY).0, value(6).word());
}

#[test]
fn cancel_forgets_the_waiting_change() {
    let mut c = deployed();
    c.call(OWNER, |c| Ok(request(c, KEY, value(5))?)).unwrap();
    c.call(OWNER, |c| Ok(cancel(c, KEY)?)).unwrap();
    assert_eq!(pending(&c, KEY), ([0; 32], U256::ZERO));
    assert!(c.emitted(&ChangeCancelled { key: KEY, value: value(5).word() }));
}

#[test]
fn cancel_with_nothing_waiting_is_no_change_pending() {
    let mut c = deployed();
    c.assert_refused(CoreError::NoChangePending, |c| c.call(OWNER, |c| Ok(cancel(c, KEY)?)));
}

#[test]
fn a_key_is_the_setters_selector_then_the_subject() {
    let k = key([0xAA, 0xBB, 0xCC, 0xDD], [9; 20]);
    assert_eq!(k[..4], [0xAA, 0xBB, 0xCC, 0xDD]);
    assert_eq!(k[4..12], [0; 8]);
    assert_eq!(k[12..], [9; 20]);
}

#[test]
fn the_events_are_those_of_the_abis_with_scheduled_changes() {
    use crate::abi::Event;
    for contract in ["RateProvider", "AvalanchePool", "PolkadotPool"] {
        let declared = abi_items(contract, "event");
        for signature in [ChangeScheduled::SIGNATURE, ChangeExecuted::SIGNATURE, ChangeCancelled::SIGNATURE] {
            assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/{contract}.json");
        }
    }
}
