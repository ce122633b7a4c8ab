//! The dashboard's figures: what is true now and what happened today and this month.

use serde::{Deserialize, Serialize};

/// Money taken in one currency (paid, unmatched or applied; reversed payments out), today, this
/// month so far and the whole of last month, days on the office's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueFigures {
    pub currency: String,
    pub today: String,
    pub this_month: String,
    pub last_month: String,
}

/// The dashboard's tiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFigures {
    /// The office's day the figures are for, `2026-11-24`.
    pub day: String,
    pub active_customers: u64,
    /// Customers with a session open on a router (as last seen).
    pub online_now: u64,
    /// Active customers whose plan ends within the next 3 days.
    pub expiring_soon: u64,
    pub routers_online: u64,
    pub routers_total: u64,
    /// Payments stored but not applied to anyone yet (paid or unmatched).
    pub payments_waiting: u64,
    /// One per currency with money in any of the three periods, by code.
    pub revenue: Vec<RevenueFigures>,
    /// Prepaid cards sold today.
    pub vouchers_sold_today: u64,
    /// Cards on their routers not sold yet (on the router, issued to a cashier, returned).
    pub vouchers_in_stock: u64,
}
