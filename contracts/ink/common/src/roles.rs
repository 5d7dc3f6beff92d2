//! Owner-granted roles with OpenZeppelin's `AccessControl` events and errors
//! (the feed's `ORACLE_ROLE`). Only the owner grants and revokes, so
//! `RoleAdminChanged` is part of the ABI but never emitted.

use crate::{Bytes32, Error, Result};
use ink::{storage::Mapping, Address};

/// `account` was granted `role` by `sender`.
#[ink::event]
pub struct RoleGranted {
    /// The role.
    #[ink(topic)]
    pub role: Bytes32,
    /// Who holds it now.
    #[ink(topic)]
    pub account: Address,
    /// Who granted it.
    #[ink(topic)]
    pub sender: Address,
}

/// `account` lost `role`, revoked by `sender`.
#[ink::event]
pub struct RoleRevoked {
    /// The role.
    #[ink(topic)]
    pub role: Bytes32,
    /// Who held it.
    #[ink(topic)]
    pub account: Address,
    /// Who revoked it.
    #[ink(topic)]
    pub sender: Address,
}

/// OpenZeppelin's role-admin event, kept for ABI compatibility.
#[ink::event]
#[allow(non_snake_case)]
pub struct RoleAdminChanged {
    /// The role.
    #[ink(topic)]
    pub role: Bytes32,
    /// Its admin role before.
    #[ink(topic)]
    pub previousAdminRole: Bytes32,
    /// Its admin role now.
    #[ink(topic)]
    pub newAdminRole: Bytes32,
}

/// A role and an account.
type Membership = ([u8; 32], Address);

/// Who holds which role.
#[ink::storage_item]
#[derive(Default)]
pub struct Roles {
    members: Mapping<Membership, ()>,
}

impl core::fmt::Debug for Roles {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Roles")
    }
}

impl Roles {
    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: [u8; 32], account: Address) -> bool {
        self.members.contains((role, account))
    }

    /// `AccessControlUnauthorizedAccount(account, role)` unless it holds `role`.
    pub fn only_role(&self, role: [u8; 32], account: Address) -> Result<()> {
        if !self.has_role(role, account) {
            return Err(Error::AccessControlUnauthorizedAccount { account, neededRole: role.into() });
        }
        Ok(())
    }

    /// Grants `role` to `account` (an event only when it is new).
    pub fn grant(&mut self, role: [u8; 32], account: Address, sender: Address) {
        if !self.has_role(role, account) {
            self.members.insert((role, account), &());
            crate::emit(RoleGranted { role: role.into(), account, sender });
        }
    }

    /// Revokes `role` from `account` (an event only when it was held).
    pub fn revoke(&mut self, role: [u8; 32], account: Address, sender: Address) {
        if self.has_role(role, account) {
            self.members.remove((role, account));
            crate::emit(RoleRevoked { role: role.into(), account, sender });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, last_log, log_count, word, Log};

    const ROLE: [u8; 32] = [7; 32];

    #[ink::test]
    fn a_role_is_granted_once_with_role_granted() {
        let mut roles = Roles::default();
        assert!(!roles.has_role(ROLE, account(2)));
        roles.grant(ROLE, account(2), account(1));
        assert!(roles.has_role(ROLE, account(2)));
        assert_eq!(
            last_log(),
            Log::new("RoleGranted(bytes32,address,address)", vec![ROLE, word(account(2)), word(account(1))], vec![])
        );
        let events = log_count();
        roles.grant(ROLE, account(2), account(1));
        assert_eq!(log_count(), events, "granting a held role emits nothing");
    }

    #[ink::test]
    fn a_role_is_revoked_with_role_revoked_and_only_when_held() {
        let mut roles = Roles::default();
        roles.revoke(ROLE, account(2), account(1));
        assert_eq!(log_count(), 0, "revoking a role not held emits nothing");
        roles.grant(ROLE, account(2), account(1));
        roles.revoke(ROLE, account(2), account(1));
        assert!(!roles.has_role(ROLE, account(2)));
        assert_eq!(
            last_log(),
            Log::new("RoleRevoked(bytes32,address,address)", vec![ROLE, word(account(2)), word(account(1))], vec![])
        );
    }

    #[ink::test]
    fn only_a_holder_passes_the_role_check() {
        let mut roles = Roles::default();
        let missing = Error::AccessControlUnauthorizedAccount { account: account(2), neededRole: ROLE.into() };
        assert_eq!(roles.only_role(ROLE, account(2)), Err(missing));
        roles.grant(ROLE, account(2), account(1));
        assert_eq!(roles.only_role(ROLE, account(2)), Ok(()));
        assert!(!roles.has_role([8; 32], account(2)), "roles are told apart");
    }
}
