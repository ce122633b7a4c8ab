//! Cashier shifts: a drawer from the float counted in to the cash counted out.

use serde::{Deserialize, Serialize};

use crate::{PaymentMethod, StaffId};

pub type ShiftId = i64;

/// Opening a shift: the cash already in the drawer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenShiftInput {
    /// As typed: "2000", "150.50".
    pub float: String,
    /// The drawer's currency, a 3-letter code: cash in another currency is not taken into it.
    pub currency: String,
}

/// Closing a shift: the cash counted in the drawer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseShiftInput {
    pub shift_id: ShiftId,
    /// As typed.
    pub counted: String,
    /// Why the drawer is short or over, or why someone else closes it.
    #[serde(default)]
    pub note: Option<String>,
}

/// What a shift took by one method in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftMethodTotal {
    pub method: PaymentMethod,
    pub currency: String,
    pub count: u32,
    /// Exact.
    pub total: String,
}

/// A shift as the office sees it. Amounts are exact strings in the drawer's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftView {
    pub id: ShiftId,
    pub staff_id: StaffId,
    /// "sari (Sari Dewi)".
    pub cashier: String,
    pub currency: String,
    pub float: String,
    /// RFC 3339, UTC.
    pub opened_at: String,
    pub closed_at: Option<String>,
    /// Who closed it ("rina (manager)").
    pub closed_by: Option<String>,
    /// Cash taken in the shift (reversed payments not counted).
    pub cash_taken: String,
    /// The float plus the cash taken (frozen at closing).
    pub expected: String,
    pub counted: Option<String>,
    /// Counted minus expected: negative when the drawer is short.
    pub difference: Option<String>,
    pub note: Option<String>,
    /// What was taken, by method and currency (reversed payments not counted).
    pub by_method: Vec<ShiftMethodTotal>,
    /// How many payments were taken in the shift (reversed included).
    pub payments: u32,
    /// Prepaid cards issued to, sold by and returned by the cashier in the shift.
    #[serde(default)]
    pub cards: ShiftCards,
}

/// Prepaid cards in a shift.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftCards {
    pub issued: u32,
    pub sold: u32,
    pub returned: u32,
    /// What the cards sold are worth at their price (in the drawer's currency); "0" for none.
    pub sold_value: String,
}

/// Which shifts to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftFilter {
    /// Only shifts still open.
    #[serde(default)]
    pub open_only: bool,
    /// Only this person's shifts (a cashier always sees only their own).
    #[serde(default)]
    pub staff_id: Option<StaffId>,
    /// Only shifts with an id below this one (the previous page's last).
    #[serde(default)]
    pub before_id: Option<ShiftId>,
    /// At most this many (default 50, at most 500).
    #[serde(default)]
    pub limit: Option<u32>,
}
