//! The pools' operator: the one account the owner names for day-to-day
//! duties (serving the AVAX queue, collecting stakes, registering bonds).

use crate::ownable::{only_owner, Owned};
use crate::{emit, non_zero, Address, Error, Host, Result};

/// The operator record, as each platform lays it out.
pub trait Store {
    /// The operator.
    fn operator(&self) -> Address;
    /// Stores the operator.
    fn set_operator(&mut self, operator: Address);
}

crate::events! {
    /// The operator changed.
    OperatorChanged = "OperatorChanged(address,address)" {
        topics { previousOperator: Address, newOperator: Address } data {}
    }
}

/// Refuses anyone but the operator (`Unauthorized`).
pub fn only_operator<C: Host + Store + ?Sized>(c: &C) -> Result<()> {
    let caller = c.caller();
    if caller != c.operator() {
        return Err(Error::Unauthorized { account: caller });
    }
    Ok(())
}

/// `setOperator(operator)`, the owner: never zero.
pub fn set_operator<C: Host + Owned + Store + ?Sized>(c: &mut C, operator: Address) -> Result<()> {
    only_owner(c)?;
    let previous = c.operator();
    c.set_operator(non_zero(operator)?);
    emit(c, OperatorChanged { previousOperator: previous, newOperator: operator });
    Ok(())
}
