//! The admin of every contract: OpenZeppelin `Ownable2Step`, exposed the
//! same way everywhere.

/// Exposes `IOwnable2Step` for `$contract` by delegating to its
/// `Ownable2Step` field `$field`, with the contract's `Error` type (which
/// must implement `From<ownable::Error>`).
#[macro_export]
macro_rules! public_ownable2step {
    ($contract:ty, $field:ident) => {
        #[stylus_sdk::prelude::public]
        impl openzeppelin_stylus::access::ownable_two_step::IOwnable2Step for $contract {
            type Error = Error;

            fn owner(&self) -> alloy_primitives::Address {
                self.$field.owner()
            }

            fn pending_owner(&self) -> alloy_primitives::Address {
                self.$field.pending_owner()
            }

            fn transfer_ownership(&mut self, new_owner: alloy_primitives::Address) -> Result<(), Error> {
                Ok(self.$field.transfer_ownership(new_owner)?)
            }

            fn accept_ownership(&mut self) -> Result<(), Error> {
                Ok(self.$field.accept_ownership()?)
            }

            fn renounce_ownership(&mut self) -> Result<(), Error> {
                Ok(self.$field.renounce_ownership()?)
            }
        }
    };
}
