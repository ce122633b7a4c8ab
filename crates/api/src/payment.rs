//! Payments: money taken for a customer's plan, and its history. Amounts travel as exact
//! decimal strings ("150000", "9.99"), never floats.

use serde::{Deserialize, Serialize};

use crate::{CustomerId, ProfileId, StaffId};

pub type PaymentId = i64;

/// Where a payment is in its life.
///
/// pending → paid | failed; paid → applied | unmatched; unmatched → applied;
/// applied → reversed. Nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Started (a gateway payment not yet confirmed).
    Pending,
    /// The money is in hand, not yet applied to a customer.
    Paid,
    /// The gateway said it did not go through.
    Failed,
    /// Paid, but for no known customer: waits to be assigned.
    Unmatched,
    /// Given to the customer: time added and/or credit.
    Applied,
    /// Taken back: the time and credit it gave are removed.
    Reversed,
}

impl PaymentState {
    pub const ALL: [PaymentState; 6] = [
        Self::Pending,
        Self::Paid,
        Self::Failed,
        Self::Unmatched,
        Self::Applied,
        Self::Reversed,
    ];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Unmatched => "unmatched",
            Self::Applied => "applied",
            Self::Reversed => "reversed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How the money came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    BankTransfer,
    MobileMoney,
    Card,
    Gateway,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 5] = [
        Self::Cash,
        Self::BankTransfer,
        Self::MobileMoney,
        Self::Card,
        Self::Gateway,
    ];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::BankTransfer => "bank_transfer",
            Self::MobileMoney => "mobile_money",
            Self::Card => "card",
            Self::Gateway => "gateway",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// As people say it: "Bank transfer".
    pub fn label(self) -> &'static str {
        match self {
            Self::Cash => "Cash",
            Self::BankTransfer => "Bank transfer",
            Self::MobileMoney => "Mobile money",
            Self::Card => "Card",
            Self::Gateway => "Online",
        }
    }
}

fn one_period() -> u32 {
    1
}

/// A payment taken at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    /// `None`: money for nobody known yet (it waits, unmatched, to be assigned).
    #[serde(default)]
    pub customer_id: Option<CustomerId>,
    /// `None`: the customer's plan.
    #[serde(default)]
    pub profile_id: Option<ProfileId>,
    /// How many periods of the plan it pays for (1 or more).
    #[serde(default = "one_period")]
    pub periods: u32,
    /// As typed: "150000", "9.99".
    pub amount: String,
    /// A 3-letter code: "IDR".
    pub currency: String,
    pub method: PaymentMethod,
    /// The receipt or transfer reference; `None`: tikbill makes one. The same reference twice
    /// is the same payment.
    #[serde(default)]
    pub reference: Option<String>,
}

/// One change of a payment's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTransitionView {
    /// `None`: the payment was created in `to`.
    pub from: Option<PaymentState>,
    pub to: PaymentState,
    pub reason: String,
    /// Who did it ("sari (cashier)").
    pub actor: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// A payment as the office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: PaymentId,
    pub customer_id: Option<CustomerId>,
    pub customer_username: Option<String>,
    pub profile_id: Option<ProfileId>,
    pub periods: u32,
    /// Exact: "150000", "9.99".
    pub amount: String,
    pub currency: String,
    pub method: PaymentMethod,
    pub gateway: String,
    pub reference: String,
    pub state: PaymentState,
    /// What the payment put on the customer's credit.
    pub credit_added: String,
    /// What the payment took from the customer's credit.
    pub credit_used: String,
    /// Who recorded it ("sari (cashier)").
    pub recorded_by: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The cashier shift it was taken in.
    #[serde(default)]
    pub shift_id: Option<crate::ShiftId>,
    /// Its receipt's number (a gapless sequence); `None` for money not yet in hand.
    #[serde(default)]
    pub receipt_number: Option<i64>,
    /// Oldest first.
    pub transitions: Vec<PaymentTransitionView>,
}

/// Which payments to list: newest first, a page at a time. Every narrowing is optional and they
/// combine (all must hold). The same filter, paging left aside, gives the page's totals and its
/// CSV export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentFilter {
    #[serde(default)]
    pub customer_id: Option<CustomerId>,
    /// The first day, `YYYY-MM-DD`, from its start on the office's clock (its time zone, as
    /// set in Settings). Empty for no bound.
    #[serde(default)]
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`, to its end on the office's clock. Empty for no bound.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub method: Option<PaymentMethod>,
    #[serde(default)]
    pub state: Option<PaymentState>,
    /// Payments recorded by this staff member.
    #[serde(default)]
    pub cashier: Option<StaffId>,
    /// The page's cursor: the payments after this one in the list (the last id of the previous
    /// page, its `next_before_id`); `None` for the newest.
    #[serde(default)]
    pub before_id: Option<PaymentId>,
    /// At most this many ([`PaymentFilter::DEFAULT_LIMIT`] when `None`, at most
    /// [`PaymentFilter::MAX_LIMIT`]).
    #[serde(default)]
    pub limit: Option<u32>,
}

impl PaymentFilter {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 500;
}

/// One page of payments, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentPage {
    pub payments: Vec<PaymentView>,
    /// The next (older) page's `before_id`; `None` when this page holds the oldest matching
    /// payment.
    pub next_before_id: Option<PaymentId>,
}

/// What the payments a filter matches add up to, per currency (amounts in different currencies
/// are never added together).
///
/// Money taken is what `paid`, `unmatched` and `applied` payments hold: the office has that money
/// (an unmatched payment waits for its customer, but the cash is in the drawer). `reversed`
/// payments are counted apart: taken once and given back, they are not in the money taken.
/// `pending` and `failed` payments hold no money and are in neither.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTotals {
    /// One per currency with money taken or reversed, by code.
    pub currencies: Vec<CurrencyTotals>,
}

/// The totals of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyTotals {
    /// A 3-letter code: "IDR".
    pub currency: String,
    pub taken: MoneyCount,
    pub reversed: MoneyCount,
    /// One per method with money taken or reversed in this currency, in
    /// [`PaymentMethod::ALL`]'s order.
    pub methods: Vec<MethodTotals>,
}

/// The totals of one method in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTotals {
    pub method: PaymentMethod,
    pub taken: MoneyCount,
    pub reversed: MoneyCount,
}

/// An exact sum of payments and how many they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyCount {
    /// Exact: "150000", "0.3".
    pub amount: String,
    pub count: u64,
}

/// A receipt number as printed: "R-000042".
pub fn receipt_label(number: i64) -> String {
    format!("R-{number:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_methods_round_trip_by_name() {
        for state in PaymentState::ALL {
            assert_eq!(PaymentState::parse(state.as_str()), Some(state));
            let json = serde_json::to_string(&state).expect("serialises");
            assert_eq!(json, format!("\"{}\"", state.as_str()));
        }
        for method in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(method.as_str()), Some(method));
            let json = serde_json::to_string(&method).expect("serialises");
            assert_eq!(json, format!("\"{}\"", method.as_str()));
        }
    }

    #[test]
    fn an_input_defaults_to_one_period_of_the_customers_plan() {
        let input: PaymentInput =
            serde_json::from_str(r#"{"amount":"150000","currency":"IDR","method":"cash"}"#)
                .expect("parses");
        assert_eq!(input.periods, 1);
        assert_eq!(input.profile_id, None);
        assert_eq!(input.reference, None);
    }
}
