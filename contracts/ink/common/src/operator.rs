//! The pools' operator: an account the owner sets for day-to-day duties
//! (registering bonds, serving the unstake queue, reporting rewards).

use crate::{Error, Result};
use ink::Address;

/// The operator changed.
#[ink::event]
#[allow(non_snake_case)]
pub struct OperatorChanged {
    /// The operator before.
    #[ink(topic)]
    pub previousOperator: Address,
    /// The operator now.
    #[ink(topic)]
    pub newOperator: Address,
}

/// The operator account.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Operator {
    operator: Address,
}

impl Operator {
    /// `operator` from the start (a constructor's setting: no event, as the
    /// Stylus pools).
    pub fn new(operator: Address) -> Self {
        Self { operator }
    }

    /// The operator.
    pub fn get(&self) -> Address {
        self.operator
    }

    /// Replaces the operator: `ZeroAddress` for zero.
    pub fn set(&mut self, operator: Address) -> Result<()> {
        let previous = self.operator;
        self.operator = crate::non_zero(operator)?;
        crate::emit(OperatorChanged { previousOperator: previous, newOperator: operator });
        Ok(())
    }

    /// `Unauthorized(caller)` unless `caller` is the operator.
    pub fn only_operator(&self, caller: Address) -> Result<()> {
        if caller != self.operator {
            return Err(Error::Unauthorized { account: caller });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, last_log, log_count, word, Log};

    #[ink::test]
    fn the_operator_changes_with_an_event_and_is_never_zero() {
        let mut o = Operator::new(account(1));
        assert_eq!((o.get(), log_count()), (account(1), 0));
        assert_eq!(o.set(Address::zero()), Err(Error::ZeroAddress {}));
        assert_eq!((o.get(), log_count()), (account(1), 0));
        assert_eq!(o.set(account(2)), Ok(()));
        assert_eq!(
            last_log(),
            Log::new("OperatorChanged(address,address)", vec![word(account(1)), word(account(2))], vec![])
        );
        assert_eq!(o.get(), account(2));
    }

    #[ink::test]
    fn only_the_operator_passes() {
        let o = Operator::new(account(1));
        assert_eq!(o.only_operator(account(1)), Ok(()));
        assert_eq!(o.only_operator(account(2)), Err(Error::Unauthorized { account: account(2) }));
    }
}
