//! App-wide state: a small Copy struct of signals, provided through context.

use sycamore::prelude::*;

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
    Settings,
}

impl Page {
    pub const ALL: [Page; 8] = [
        Page::Dashboard,
        Page::Routers,
        Page::Customers,
        Page::Profiles,
        Page::Payments,
        Page::Vouchers,
        Page::Reports,
        Page::Settings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Page::Dashboard => "Dashboard",
            Page::Routers => "Routers",
            Page::Customers => "Customers",
            Page::Profiles => "Profiles",
            Page::Payments => "Payments",
            Page::Vouchers => "Vouchers",
            Page::Reports => "Reports",
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
            Page::Settings => "How this copy of tikbill is set up.",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub page: Signal<Page>,
}

impl AppState {
    pub fn new(start: Page) -> Self {
        Self {
            page: create_signal(start),
        }
    }
}
