//! Who may do what: the one permission table. The core checks it in every service that changes
//! or reveals data (a refused call answers `forbidden`); the UI reads the same table to hide
//! what a role cannot do; each command names the permission it needs ([`crate::command`]).

use serde::{Deserialize, Serialize};

use crate::StaffRole;

/// Something a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See customers, their router accounts and sessions.
    ViewCustomers,
    /// Add a customer.
    CreateCustomers,
    /// Change a customer's record (name, plan, password, router…).
    EditCustomers,
    /// Remove a customer.
    DeleteCustomers,
    /// Activate or extend a customer's plan (what a cashier does at the counter).
    ActivateCustomers,
    /// Disable or enable a customer, or end their session on the router.
    SuspendCustomers,
    /// See plans (router profiles).
    ViewPlans,
    /// Add, change or remove plans.
    EditPlans,
    /// See routers, their health, queues and logs, and check them now.
    ViewRouters,
    /// Add, change or remove routers; trust a changed certificate.
    EditRouters,
    /// Bring routers and tikbill into line: sync, imports from a router or a CSV file, and
    /// retrying changes a router refused.
    SyncRouters,
    /// See the office settings and the agent's jobs.
    ViewSettings,
    /// Change the office settings.
    EditSettings,
    /// Choose where router passwords are kept.
    ChooseSecretStore,
    /// Add staff, change roles, disable accounts, reset passwords.
    ManageStaff,
    /// Read the audit log and export it.
    ViewAudit,
    /// See payments and their history.
    ViewPayments,
    /// Record payments and apply them to customers (what a cashier does at the counter).
    TakePayments,
    /// Reverse an applied payment, taking back the time and credit it gave.
    ReversePayments,
    /// See every cashier's shifts and close one a cashier left open.
    ManageShifts,
    ViewVouchers,
    SellVouchers,
    ManageVouchers,
    /// Read the reports (money, customers, routers, plans, cards) and the daily reports.
    ViewReports,
}

impl Permission {
    /// Every permission, in the order declared.
    pub const ALL: [Permission; 24] = [
        Self::ViewCustomers,
        Self::CreateCustomers,
        Self::EditCustomers,
        Self::DeleteCustomers,
        Self::ActivateCustomers,
        Self::SuspendCustomers,
        Self::ViewPlans,
        Self::EditPlans,
        Self::ViewRouters,
        Self::EditRouters,
        Self::SyncRouters,
        Self::ViewSettings,
        Self::EditSettings,
        Self::ChooseSecretStore,
        Self::ManageStaff,
        Self::ViewAudit,
        Self::ViewPayments,
        Self::TakePayments,
        Self::ReversePayments,
        Self::ManageShifts,
        Self::ViewVouchers,
        Self::SellVouchers,
        Self::ManageVouchers,
        Self::ViewReports,
    ];

    /// The roles that have this permission: the table itself.
    ///
    /// - Owner: everything.
    /// - Manager: everything except staff accounts (and, with the backup issue, restore).
    /// - Cashier: views customers and plans, creates customers, activates and extends them,
    ///   takes payments; no deletes, no reversals, no router or plan edits.
    /// - Viewer: reads everything, changes nothing.
    pub fn roles(self) -> &'static [StaffRole] {
        use StaffRole::{Cashier, Manager, Owner, Viewer};
        match self {
            Self::ViewCustomers
            | Self::ViewPlans
            | Self::ViewRouters
            | Self::ViewPayments
            | Self::ViewVouchers => &[Owner, Manager, Cashier, Viewer],
            Self::CreateCustomers
            | Self::ActivateCustomers
            | Self::TakePayments
            | Self::SellVouchers => &[Owner, Manager, Cashier],
            Self::ViewSettings | Self::ViewAudit | Self::ViewReports => &[Owner, Manager, Viewer],
            Self::EditCustomers
            | Self::DeleteCustomers
            | Self::SuspendCustomers
            | Self::EditPlans
            | Self::EditRouters
            | Self::SyncRouters
            | Self::EditSettings
            | Self::ReversePayments
            | Self::ManageShifts
            | Self::ManageVouchers => &[Owner, Manager],
            Self::ChooseSecretStore | Self::ManageStaff => &[Owner],
        }
    }

    /// Whether `role` has this permission.
    pub fn allows(self, role: StaffRole) -> bool {
        self.roles().contains(&role)
    }

    /// What the permission lets a person do, for a refusal: "change plans".
    pub fn describe(self) -> &'static str {
        match self {
            Self::ViewCustomers => "see customers",
            Self::CreateCustomers => "add customers",
            Self::EditCustomers => "change customers",
            Self::DeleteCustomers => "delete customers",
            Self::ActivateCustomers => "activate or extend customers",
            Self::SuspendCustomers => "disable, enable or disconnect customers",
            Self::ViewPlans => "see plans",
            Self::EditPlans => "change plans",
            Self::ViewRouters => "see routers",
            Self::EditRouters => "change routers",
            Self::SyncRouters => "sync or import from routers",
            Self::ViewSettings => "see the settings",
            Self::EditSettings => "change the settings",
            Self::ChooseSecretStore => "choose where router passwords are kept",
            Self::ManageStaff => "manage staff accounts",
            Self::ViewAudit => "read the audit log",
            Self::ViewPayments => "see payments",
            Self::TakePayments => "take payments",
            Self::ReversePayments => "reverse payments",
            Self::ManageShifts => "see or close other cashiers' shifts",
            Self::ViewVouchers => "see vouchers",
            Self::SellVouchers => "sell, return and redeem vouchers",
            Self::ManageVouchers => "generate, issue, revoke and print vouchers",
            Self::ViewReports => "read the reports",
        }
    }
}

/// What a command needs of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone, signed in or not: the app's information, signing in, the first owner account.
    Anyone,
    /// Anyone signed in, whatever their role: signing out, changing their own password.
    SignedIn,
    /// A signed-in person whose role has the permission.
    Needs(Permission),
}

impl Access {
    /// Whether a person with `role` (`None`: nobody is signed in) may call a command with this
    /// access.
    pub fn allows(self, role: Option<StaffRole>) -> bool {
        match (self, role) {
            (Self::Anyone, _) => true,
            (_, None) => false,
            (Self::SignedIn, Some(_)) => true,
            (Self::Needs(permission), Some(role)) => permission.allows(role),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_may_do_everything_and_the_viewer_only_reads() {
        for permission in Permission::ALL {
            assert!(permission.allows(StaffRole::Owner), "{permission:?}");
            let reads = matches!(
                permission,
                Permission::ViewCustomers
                    | Permission::ViewPlans
                    | Permission::ViewRouters
                    | Permission::ViewSettings
                    | Permission::ViewAudit
                    | Permission::ViewPayments
                    | Permission::ViewVouchers
                    | Permission::ViewReports
            );
            assert_eq!(
                permission.allows(StaffRole::Viewer),
                reads,
                "{permission:?}"
            );
        }
    }

    #[test]
    fn a_manager_may_not_manage_staff_and_a_cashier_may_not_edit_routers_or_plans() {
        assert!(!Permission::ManageStaff.allows(StaffRole::Manager));
        assert!(Permission::EditRouters.allows(StaffRole::Manager));
        for refused in [
            Permission::EditRouters,
            Permission::EditPlans,
            Permission::DeleteCustomers,
            Permission::ManageStaff,
            Permission::ViewAudit,
            Permission::ReversePayments,
        ] {
            assert!(!refused.allows(StaffRole::Cashier), "{refused:?}");
        }
        for allowed in [
            Permission::CreateCustomers,
            Permission::ActivateCustomers,
            Permission::ViewRouters,
            Permission::ViewPayments,
            Permission::TakePayments,
        ] {
            assert!(allowed.allows(StaffRole::Cashier), "{allowed:?}");
        }
    }

    #[test]
    fn a_manager_may_reverse_payments_and_a_viewer_only_sees_them() {
        assert!(Permission::ReversePayments.allows(StaffRole::Manager));
        assert!(Permission::ViewPayments.allows(StaffRole::Viewer));
        assert!(!Permission::TakePayments.allows(StaffRole::Viewer));
        assert!(!Permission::ReversePayments.allows(StaffRole::Viewer));
    }

    #[test]
    fn nobody_signed_in_may_only_call_what_anyone_may() {
        assert!(Access::Anyone.allows(None));
        assert!(!Access::SignedIn.allows(None));
        assert!(!Access::Needs(Permission::ViewPlans).allows(None));
        assert!(Access::SignedIn.allows(Some(StaffRole::Viewer)));
    }
}
