//! Reports: what a range of office days holds, as figures, charts and tables, the same in the
//! window, in CSV and in PDF; and the daily report the agent writes.

use serde::{Deserialize, Serialize};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Money taken and reversed over time, or by method, plan, router or cashier.
    Revenue,
    /// New, renewed and churned customers, active customers over time, revenue per customer.
    Customers,
    /// Uptime and answer time of each router from its health checks, and its outages.
    Routers,
    /// Customers and sales per plan.
    Plans,
    /// Cards made, sold, used and expired, by batch and by cashier.
    Vouchers,
}

impl ReportKind {
    pub const ALL: [ReportKind; 5] = [
        Self::Revenue,
        Self::Customers,
        Self::Routers,
        Self::Plans,
        Self::Vouchers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revenue => "revenue",
            Self::Customers => "customers",
            Self::Routers => "routers",
            Self::Plans => "plans",
            Self::Vouchers => "vouchers",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The report's name as a person reads it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Revenue => "Revenue",
            Self::Customers => "Customers",
            Self::Routers => "Router performance",
            Self::Plans => "Plan popularity",
            Self::Vouchers => "Vouchers",
        }
    }
}

/// How days are grouped over time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportPeriod {
    #[default]
    Day,
    /// Weeks starting on Monday.
    Week,
    Month,
    Year,
}

impl ReportPeriod {
    pub const ALL: [ReportPeriod; 4] = [Self::Day, Self::Week, Self::Month, Self::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What the revenue report is broken down by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevenueBy {
    /// Over time, by [`ReportPeriod`].
    #[default]
    Time,
    Method,
    Plan,
    Router,
    Cashier,
}

impl RevenueBy {
    pub const ALL: [RevenueBy; 5] = [
        Self::Time,
        Self::Method,
        Self::Plan,
        Self::Router,
        Self::Cashier,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Method => "method",
            Self::Plan => "plan",
            Self::Router => "router",
            Self::Cashier => "cashier",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The window's colours, for the charts drawn for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartTheme {
    #[default]
    Light,
    Dark,
}

/// A report asked for: the office's days `from` to `to` (`YYYY-MM-DD`, both included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub kind: ReportKind,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub period: ReportPeriod,
    #[serde(default)]
    pub by: RevenueBy,
    #[serde(default)]
    pub theme: ChartTheme,
}

/// One key figure: "Money taken (KES)" → "12,500.00".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFigure {
    pub label: String,
    pub value: String,
}

/// A chart, drawn by the backend as SVG in the theme asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportChart {
    pub title: String,
    pub svg: String,
}

/// A column of a report's table; `numeric` columns are aligned right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportColumn {
    pub title: String,
    pub numeric: bool,
}

/// A table of a report, every cell already written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTable {
    pub title: String,
    pub columns: Vec<ReportColumn>,
    pub rows: Vec<Vec<String>>,
    /// The totals row, when adding up means something.
    pub total: Option<Vec<String>>,
}

/// A report as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub kind: ReportKind,
    pub title: String,
    pub from: String,
    pub to: String,
    /// The office's time zone the days are in.
    pub time_zone: String,
    pub figures: Vec<ReportFigure>,
    pub charts: Vec<ReportChart>,
    pub tables: Vec<ReportTable>,
}

/// Money taken in one currency on a day, for the daily report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyMoney {
    pub currency: String,
    pub taken: String,
    pub payments: u64,
    pub reversed: String,
    pub reversals: u64,
}

/// The figures of one office day, as the agent stores and prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyReportFigures {
    pub day: String,
    pub time_zone: String,
    pub money: Vec<DailyMoney>,
    pub new_customers: u64,
    pub renewals: u64,
    pub expired: u64,
    pub active_customers: u64,
    pub vouchers_sold: u64,
    pub vouchers_used: u64,
    pub routers_total: u64,
    /// Checks answered of checks made that day, all routers.
    pub router_checks: u64,
    pub router_checks_answered: u64,
    pub outages: u64,
}

/// A daily report as stored: its figures and where its PDF is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyReportView {
    pub figures: DailyReportFigures,
    pub pdf_path: Option<String>,
    pub created_at: String,
}
