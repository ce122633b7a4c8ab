//! App-wide state: a small Copy struct of signals, provided through context.

use sycamore::prelude::*;
use tikbill_api::{Permission, SessionView, StaffRole, StaffView};

/// Every area of the product, in sidebar order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Dashboard,
    Routers,
    Customers,
    Profiles,
    Payments,
    Vouchers,
    Reports,
    Staff,
    Audit,
    Settings,
}

impl Page {
    pub const ALL: [Page; 10] = [
        Page::Dashboard,
        Page::Routers,
        Page::Customers,
        Page::Profiles,
        Page::Payments,
        Page::Vouchers,
        Page::Reports,
        Page::Staff,
        Page::Audit,
        Page::Settings,
    ];

    /// What a person needs to see the page in the sidebar (the core refuses the rest anyway).
    pub fn needs(self) -> Option<Permission> {
        match self {
            Page::Dashboard => None,
            Page::Reports => Some(Permission::ViewReports),
            Page::Vouchers => Some(Permission::ViewVouchers),
            Page::Payments => Some(Permission::ViewPayments),
            Page::Routers => Some(Permission::ViewRouters),
            Page::Customers => Some(Permission::ViewCustomers),
            Page::Profiles => Some(Permission::ViewPlans),
            Page::Staff => Some(Permission::ManageStaff),
            Page::Audit => Some(Permission::ViewAudit),
            Page::Settings => Some(Permission::ViewSettings),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Page::Dashboard => "Dashboard",
            Page::Routers => "Routers",
            Page::Customers => "Customers",
            Page::Profiles => "Profiles",
            Page::Payments => "Payments",
            Page::Vouchers => "Vouchers",
            Page::Reports => "Reports",
            Page::Staff => "Staff",
            Page::Audit => "Audit log",
            Page::Settings => "Settings",
        }
    }

    /// Stable id fragment for the DOM (`nav-profiles`), used by end-to-end tests.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Dashboard => "dashboard",
            Page::Routers => "routers",
            Page::Customers => "customers",
            Page::Profiles => "profiles",
            Page::Payments => "payments",
            Page::Vouchers => "vouchers",
            Page::Reports => "reports",
            Page::Staff => "staff",
            Page::Audit => "audit",
            Page::Settings => "settings",
        }
    }

    /// A one-line description under the page title.
    pub fn purpose(self) -> &'static str {
        match self {
            Page::Dashboard => "Today at a glance.",
            Page::Routers => "The MikroTik routers this office manages.",
            Page::Customers => "Hotspot and PPPoE customers, their plans and expiry.",
            Page::Profiles => "The plans customers buy: speed, price and duration.",
            Page::Payments => "Money received, by cash and by payment gateway.",
            Page::Vouchers => "Prepaid voucher batches and printable sheets.",
            Page::Reports => "Income, usage and growth over time.",
            Page::Staff => "Who works in tikbill, and what each person may do.",
            Page::Audit => "Every change: who made it, when, from where. Tamper-evident.",
            Page::Settings => "How this copy of tikbill is set up.",
        }
    }
}

/// Whether the person signed in has `permission`, for a component deciding which buttons to
/// show (tracks the session). Views rendered without an app around them (tests) show all.
pub fn allowed(permission: Permission) -> bool {
    try_use_context::<AppState>().is_none_or(|state| state.can(permission))
}

#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub page: Signal<Page>,
    /// Who is signed in, as the backend last said (`None` until it answered).
    pub session: Signal<Option<SessionView>>,
    /// The app is locked (idle, or "Switch user"): the sign-in screen covers the page, which
    /// stays as it was underneath.
    pub locked: Signal<bool>,
    /// The person asked to change their own password (the form shows above the page).
    pub changing_password: Signal<bool>,
    /// Who was signed in last (id, user name): the lock fills in the name, and the page stays
    /// only for the same person.
    pub last_user: Signal<Option<(tikbill_api::StaffId, String)>>,
    /// Light or dark (the window's colours and the charts drawn for it).
    pub theme: Signal<tikbill_api::ChartTheme>,
}

impl AppState {
    pub fn new(start: Page) -> Self {
        Self {
            page: create_signal(start),
            session: create_signal(None),
            locked: create_signal(false),
            changing_password: create_signal(false),
            last_user: create_signal(None),
            theme: create_signal(crate::theme::initial()),
        }
    }

    /// State with `role` signed in (views rendered in tests).
    pub fn signed_in_as(start: Page, role: StaffRole) -> Self {
        let state = Self::new(start);
        state.session.set(Some(SessionView {
            needs_owner: false,
            staff: Some(StaffView {
                id: 1,
                name: "Ayu".into(),
                username: "ayu".into(),
                role,
                disabled: false,
                must_change_password: false,
                created_at: "2026-11-26T00:00:00Z".into(),
            }),
            idle_lock_minutes: 15,
        }));
        state.last_user.set(Some((1, "ayu".into())));
        state
    }

    /// The person signed in (tracks the session).
    pub fn staff(self) -> Option<StaffView> {
        self.session
            .with(|s| s.as_ref().and_then(|s| s.staff.clone()))
    }

    /// The person signed in, without tracking.
    pub fn staff_untracked(self) -> Option<StaffView> {
        self.session
            .with_untracked(|s| s.as_ref().and_then(|s| s.staff.clone()))
    }

    /// Whether the person signed in has `permission` (tracks the session). The UI hides what
    /// they may not do; the core refuses it anyway.
    pub fn can(self, permission: Permission) -> bool {
        self.session.with(|s| {
            s.as_ref()
                .and_then(|s| s.staff.as_ref())
                .is_some_and(|staff| permission.allows(staff.role))
        })
    }

    /// Whether the page is for the person signed in.
    pub fn may_see(self, page: Page) -> bool {
        match page.needs() {
            Some(permission) => self.can(permission),
            None => self.staff().is_some(),
        }
    }
}
