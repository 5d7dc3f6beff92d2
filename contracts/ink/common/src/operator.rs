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
        ink::env::emit_event(OperatorChanged { previousOperator: previous, newOperator: operator });
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
