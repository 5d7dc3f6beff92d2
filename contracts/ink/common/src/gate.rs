//! The mint gate of the suite's tokens: exactly one pool (set once) may
//! mint and burn, a pauser may pause transfers and mints. Events and errors
//! match the Stylus `MintGate`.

use crate::{pausable::Pausable, Error, Result};
use ink::Address;

/// The pool that may mint was set (once).
#[ink::event]
pub struct PoolSet {
    /// The pool.
    #[ink(topic)]
    pub pool: Address,
}

/// The pool and the pause switch.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct MintGate {
    pool: Address,
    /// The pauser and the paused flag.
    pub pausable: Pausable,
}

impl lst_app::pausable::Store for MintGate {
    fn pauser(&self) -> lst_app::Address {
        lst_app::pausable::Store::pauser(&self.pausable)
    }

    fn set_pauser(&mut self, pauser: lst_app::Address) {
        lst_app::pausable::Store::set_pauser(&mut self.pausable, pauser);
    }

    fn paused(&self) -> bool {
        self.pausable.paused()
    }

    fn set_paused(&mut self, paused: bool) {
        lst_app::pausable::Store::set_paused(&mut self.pausable, paused);
    }
}

impl lst_app::gate::Store for MintGate {
    fn pool(&self) -> lst_app::Address {
        self.pool.0
    }

    fn set_pool(&mut self, pool: lst_app::Address) {
        self.pool = Address::from(pool);
    }
}

impl MintGate {
    /// The pool allowed to mint (zero until set).
    pub fn pool(&self) -> Address {
        self.pool
    }

    /// `Unauthorized(caller)` unless `caller` is the pool; `EnforcedPause`
    /// while paused.
    pub fn check_mint(&self, caller: Address) -> Result<()> {
        if caller == Address::zero() || caller != self.pool {
            return Err(Error::Unauthorized { account: caller });
        }
        self.pausable.check_not_paused()
    }

    /// Sets the pool once: `ZeroAddress`, then `AlreadySet`.
    pub fn set_pool(&mut self, pool: Address) -> Result<()> {
        if pool == Address::zero() {
            return Err(Error::ZeroAddress {});
        }
        if self.pool != Address::zero() {
            return Err(Error::AlreadySet {});
        }
        self.pool = pool;
        crate::emit(PoolSet { pool });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, last_log, log_count, word, Log};

    fn pool() -> Address {
        account(1)
    }

    #[ink::test]
    fn the_pool_is_set_once_with_an_event_and_never_zero() {
        let mut g = MintGate::default();
        assert_eq!(g.set_pool(Address::zero()), Err(Error::ZeroAddress {}));
        assert_eq!((g.pool(), log_count()), (Address::zero(), 0));
        assert_eq!(g.set_pool(pool()), Ok(()));
        assert_eq!(last_log(), Log::new("PoolSet(address)", vec![word(pool())], vec![]));
        assert_eq!(g.set_pool(account(2)), Err(Error::AlreadySet {}));
        assert_eq!(g.pool(), pool());
    }

    #[ink::test]
    fn only_the_pool_mints_and_burns() {
        let mut g = MintGate::default();
        // Before a pool is set, not even the zero address may mint.
        assert_eq!(g.check_mint(Address::zero()), Err(Error::Unauthorized { account: Address::zero() }));
        g.set_pool(pool()).unwrap();
        assert_eq!(g.check_mint(pool()), Ok(()));
        assert_eq!(g.check_mint(account(2)), Err(Error::Unauthorized { account: account(2) }));
    }

    #[ink::test]
    fn nothing_mints_while_paused() {
        let mut g = MintGate { pausable: Pausable::new(account(9)), ..MintGate::default() };
        g.set_pool(pool()).unwrap();
        g.pausable.pause(account(9)).unwrap();
        assert_eq!(g.check_mint(pool()), Err(Error::EnforcedPause {}));
    }
}
