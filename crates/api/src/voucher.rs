//! Prepaid cards (vouchers): batches, one card's life, what a cashier holds and sells, and
//! printing them.

use serde::{Deserialize, Serialize};

use crate::{CustomerId, PaymentMethod, PaymentView, ProfileId, RouterId, StaffId};

pub type VoucherBatchId = i64;
pub type VoucherId = i64;

/// Where a card is in its life.
///
/// created → on_router → issued (to a cashier) → sold → in_use (first login seen on the
/// router) → used_up | expired; an issued card may be returned unsold (and issued again); a
/// card not in use may be revoked (removed from the router) or redeemed for a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherState {
    Created,
    OnRouter,
    Issued,
    Sold,
    InUse,
    UsedUp,
    Expired,
    Returned,
    Revoked,
    Redeemed,
}

impl VoucherState {
    pub const ALL: [VoucherState; 10] = [
        Self::Created,
        Self::OnRouter,
        Self::Issued,
        Self::Sold,
        Self::InUse,
        Self::UsedUp,
        Self::Expired,
        Self::Returned,
        Self::Revoked,
        Self::Redeemed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::OnRouter => "on_router",
            Self::Issued => "issued",
            Self::Sold => "sold",
            Self::InUse => "in_use",
            Self::UsedUp => "used_up",
            Self::Expired => "expired",
            Self::Returned => "returned",
            Self::Revoked => "revoked",
            Self::Redeemed => "redeemed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// For people: "on router", "in use".
    pub fn label(self) -> &'static str {
        match self {
            Self::OnRouter => "on router",
            Self::InUse => "in use",
            Self::UsedUp => "used up",
            other => other.as_str(),
        }
    }

    /// Whether the card is still a hotspot user on its routers.
    pub fn on_router(self) -> bool {
        !matches!(self, Self::Revoked | Self::Redeemed)
    }
}

/// How a card's time counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherTimeMode {
    /// The plan's duration from the first login (a 1-day card starts when first used); the
    /// router itself ends it (its profile's on-login script).
    #[default]
    FirstLogin,
    /// The plan's duration as time online (RouterOS `limit-uptime`).
    UsageTime,
    /// Valid until the end of a given day, however much it is used.
    FixedDate,
}

impl VoucherTimeMode {
    pub const ALL: [VoucherTimeMode; 3] = [Self::FirstLogin, Self::UsageTime, Self::FixedDate];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstLogin => "first_login",
            Self::UsageTime => "usage_time",
            Self::FixedDate => "fixed_date",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::FirstLogin => "from first login",
            Self::UsageTime => "time online",
            Self::FixedDate => "until a date",
        }
    }
}

/// A batch to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherBatchInput {
    pub profile_id: ProfileId,
    /// 1 to 50,000.
    pub count: u32,
    /// The routers the cards are hotspot users on (one or more).
    pub router_ids: Vec<RouterId>,
    /// The random part's length, 6 to 16 (default 12).
    #[serde(default)]
    pub code_length: Option<u32>,
    /// Letters and digits put before every code (at most 8).
    #[serde(default)]
    pub prefix: String,
    /// The password is the code (one thing to type) instead of a second random word.
    #[serde(default)]
    pub same_password: bool,
    #[serde(default)]
    pub time_mode: VoucherTimeMode,
    /// For [`VoucherTimeMode::FixedDate`]: the last day the cards work, `2026-12-31`, on the
    /// office's clock.
    #[serde(default)]
    pub valid_until: Option<String>,
    /// One card's price as typed; `None`: the plan's price.
    #[serde(default)]
    pub price: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// How many cards of a batch are in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherStateCount {
    pub state: VoucherState,
    pub count: u64,
}

/// A batch as the vouchers page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherBatchView {
    pub id: VoucherBatchId,
    pub profile_id: ProfileId,
    pub plan: String,
    pub count: u32,
    pub routers: Vec<String>,
    pub router_ids: Vec<RouterId>,
    pub code_length: u32,
    pub prefix: String,
    pub same_password: bool,
    pub time_mode: VoucherTimeMode,
    /// RFC 3339, UTC: the instant the cards stop working (fixed date).
    pub valid_until: Option<String>,
    /// One card's price, "5000".
    pub price: String,
    pub currency: String,
    pub note: Option<String>,
    /// "rina (manager)".
    pub created_by: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Cards per state (states with none left out).
    pub states: Vec<VoucherStateCount>,
}

/// One card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherView {
    pub id: VoucherId,
    pub batch_id: VoucherBatchId,
    pub serial: u32,
    pub code: String,
    /// `None`: the password is the code.
    pub password: Option<String>,
    pub state: VoucherState,
    pub plan: String,
    pub price: String,
    pub currency: String,
    /// The cashier holding it: "sari (cashier)".
    pub issued_to: Option<String>,
    pub issued_to_id: Option<StaffId>,
    pub payment_id: Option<i64>,
    pub customer_id: Option<CustomerId>,
    /// RFC 3339, UTC.
    pub first_login_at: Option<String>,
    pub updated_at: String,
}

/// Which cards to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherFilter {
    #[serde(default)]
    pub batch_id: Option<VoucherBatchId>,
    #[serde(default)]
    pub state: Option<VoucherState>,
    /// A code, or the start of one (case does not matter).
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub issued_to: Option<StaffId>,
    /// The page after this card (keyset, by id).
    #[serde(default)]
    pub after: Option<VoucherId>,
    /// At most this many (default 100, at most 1,000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of cards, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherPage {
    pub cards: Vec<VoucherView>,
    /// Pass as `after` for the next page; `None`: this was the last.
    pub next: Option<VoucherId>,
}

/// Cards a cashier receives: serials `from..=to` of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueVouchersInput {
    pub batch_id: VoucherBatchId,
    pub from_serial: u32,
    pub to_serial: u32,
    pub staff_id: StaffId,
}

/// Cards sold over the counter, in one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellVouchersInput {
    pub codes: Vec<String>,
    pub method: PaymentMethod,
}

/// A sale: its payment (none for free cards) and the cards it sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherSale {
    pub payment: Option<PaymentView>,
    pub cards: Vec<VoucherView>,
}

/// Cards by code (return unsold, revoke).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherCodes {
    pub codes: Vec<String>,
    /// Why (kept with each card's history).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A code typed or scanned at the counter, for an existing customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemVoucherInput {
    pub code: String,
    pub customer_id: CustomerId,
}

/// What a redemption gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemOutcome {
    pub card: VoucherView,
    /// The customer's new expiry, RFC 3339, UTC.
    pub expires_at: Option<String>,
}

/// One change of a card's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherTransitionView {
    pub from: Option<VoucherState>,
    pub to: VoucherState,
    pub reason: String,
    /// "sari (cashier)", "tikbill".
    pub actor: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// Which cards to print, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherPrintRequest {
    /// A whole batch…
    #[serde(default)]
    pub batch_id: Option<VoucherBatchId>,
    /// …or these cards (a selection, one card again)…
    #[serde(default)]
    pub codes: Vec<String>,
    /// …or every card made on this day, `2026-11-27`, on the office's clock.
    #[serde(default)]
    pub made_on: Option<String>,
    /// `a4`, `letter`, `avery-l7160`, `avery-5160`, `thermal-58`, `thermal-80`.
    pub layout: String,
    /// Printed on every card (a short note).
    #[serde(default)]
    pub note: Option<String>,
    /// Print the auto-login QR code (on routers with a hotspot address).
    #[serde(default = "yes")]
    pub qr: bool,
}

fn yes() -> bool {
    true
}

/// The first page of a print, as SVG, to preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherPreview {
    pub svg: String,
    pub pages: u32,
    pub cards: u32,
}

/// The layouts cards print on, by their command-line names.
pub const VOUCHER_LAYOUTS: [&str; 6] = [
    "a4",
    "letter",
    "avery-l7160",
    "avery-5160",
    "thermal-58",
    "thermal-80",
];

/// A batch just generated, and the router jobs written for it (cards × routers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedBatch {
    pub batch: VoucherBatchView,
    pub router_jobs: u64,
}
