//! The till at the counter: the signed-in person's cashier shift and the "Take payment" dialog.
//! The app makes one and provides it through context; the sidebar, the Payments page and a
//! customer's page open its dialogs, and lists that show payments or shifts read again when
//! [`Till::changed`] moves.

use sycamore::prelude::*;
use tikbill_api::command::{
    ById, CloseShift, CurrentShift, GetCustomer, ListCustomers, ListCustomersArgs, ListProfiles,
    NoArgs, OpenShift, PrintReceipt, PrintShiftReport, RecordPayment, WithInput,
};
use tikbill_api::{
    ApiError, CloseShiftInput, CustomerFilter, CustomerView, FieldError, OpenShiftInput, PaymentId,
    PaymentInput, PaymentMethod, PaymentView, PdfFile, ProfileView, ReceiptRequest, ShiftId,
    ShiftView,
};

use crate::ipc::invoke;
use crate::scope::PageScope;

/// How many customers the dialog's search shows.
const SEARCH_RESULTS: u32 = 8;

/// `price` × `periods`, exactly ("1500.50" × 3 → "4501.50"); `None` when `price` is not a plain
/// non-negative decimal.
pub fn amount_for(price: &str, periods: u32) -> Option<String> {
    let price = price.trim();
    let (whole, fraction) = price.split_once('.').unwrap_or((price, ""));
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) {
        return None;
    }
    // Multiply the digits as one integer, then put the point back.
    let mut digits: Vec<u32> = format!("{whole}{fraction}")
        .bytes()
        .rev()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let mut carry = 0u64;
    for d in digits.iter_mut() {
        let product = u64::from(*d) * u64::from(periods) + carry;
        *d = (product % 10) as u32;
        carry = product / 10;
    }
    while carry > 0 {
        digits.push((carry % 10) as u32);
        carry /= 10;
    }
    while digits.len() <= fraction.len() {
        digits.push(0);
    }
    let text: String = digits
        .iter()
        .rev()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect();
    let (int, frac) = text.split_at(text.len() - fraction.len());
    let int = match int.trim_start_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    Some(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

/// Whether the backend refused a payment because no shift is open (then the dialog offers
/// "Open shift").
pub fn needs_shift(errors: &[FieldError]) -> bool {
    // A method is chosen from a list: the only thing the core says about it is that cash
    // needs an open shift.
    errors.iter().any(|e| e.field == "method")
}

/// A payment method as people say it.
pub fn method_label(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cash => "Cash",
        PaymentMethod::BankTransfer => "Bank transfer",
        PaymentMethod::MobileMoney => "Mobile money",
        PaymentMethod::Card => "Card",
        PaymentMethod::Gateway => "Payment gateway",
    }
}

/// The methods a cashier can choose at the counter (a gateway's payments arrive by themselves):
/// `(value, text)`.
pub fn counter_methods() -> Vec<(String, String)> {
    PaymentMethod::ALL
        .into_iter()
        .filter(|m| *m != PaymentMethod::Gateway)
        .map(|m| (m.as_str().to_string(), method_label(m).to_string()))
        .collect()
}

/// Where the "Take payment" dialog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeStep {
    /// Finding the customer.
    Search,
    /// Amount, currency, method and reference for this customer.
    Confirm(Box<CustomerView>),
    /// Recorded: the payment, and the customer as they are now (for the new expiry).
    Done(Box<(PaymentView, Option<CustomerView>)>),
}

/// The "Take payment" dialog's state.
#[derive(Clone, Copy)]
pub struct TakePayment {
    /// `None`: closed.
    pub step: Signal<Option<TakeStep>>,
    pub query: Signal<String>,
    pub results: Signal<Vec<CustomerView>>,
    /// The result Enter picks.
    pub highlighted: Signal<usize>,
    /// Numbers each search: only the newest answer is shown.
    search_request: Signal<u64>,
    pub periods: Signal<String>,
    pub amount: Signal<String>,
    pub currency: Signal<String>,
    /// A [`PaymentMethod`] name.
    pub method: Signal<String>,
    pub reference: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    /// What the backend said about the whole payment.
    pub message: Signal<Option<String>>,
    pub busy: Signal<bool>,
    /// The receipt printed after recording, or why not.
    pub receipt: Signal<Option<Result<PdfFile, String>>>,
    /// The plans, for the price of the customer's.
    pub profiles: Signal<Vec<ProfileView>>,
}

impl TakePayment {
    fn new() -> Self {
        Self {
            step: create_signal(None),
            query: create_signal(String::new()),
            results: create_signal(Vec::new()),
            highlighted: create_signal(0),
            search_request: create_signal(0),
            periods: create_signal("1".into()),
            amount: create_signal(String::new()),
            currency: create_signal(String::new()),
            method: create_signal(PaymentMethod::Cash.as_str().into()),
            reference: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            message: create_signal(None),
            busy: create_signal(false),
            receipt: create_signal(None),
            profiles: create_signal(Vec::new()),
        }
    }

    /// The plan of `customer`, when the plans are known.
    pub fn plan_of(self, customer: &CustomerView) -> Option<ProfileView> {
        self.profiles
            .with_untracked(|all| all.iter().find(|p| p.id == customer.profile_id).cloned())
    }

    /// The confirm step's fields for `customer`: one period of their plan, in cash.
    fn prefill(self, customer: &CustomerView) {
        let plan = self.plan_of(customer);
        batch(|| {
            self.periods.set("1".into());
            self.amount
                .set(plan.as_ref().map(|p| p.price.clone()).unwrap_or_default());
            self.currency
                .set(plan.map(|p| p.currency).unwrap_or_default());
            self.method.set(PaymentMethod::Cash.as_str().into());
            self.reference.set(String::new());
            self.errors.set(Vec::new());
            self.message.set(None);
        });
    }

    /// The periods were changed: the amount follows (the plan's price × periods).
    pub fn periods_changed(self, customer: &CustomerView) {
        let periods = self.periods.get_clone_untracked();
        let Ok(n) = periods.trim().parse::<u32>() else {
            return;
        };
        if let Some(amount) = self
            .plan_of(customer)
            .and_then(|p| amount_for(&p.price, n.max(1)))
        {
            self.amount.set(amount);
        }
    }

    /// The payment as typed, or the field that is wrong.
    fn input(self, customer_id: tikbill_api::CustomerId) -> Result<PaymentInput, FieldError> {
        let periods_text = self.periods.get_clone_untracked();
        let periods = periods_text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| FieldError {
                field: "periods".into(),
                message: format!(
                    "'{}' is not a number of periods (1 or more).",
                    periods_text.trim()
                ),
            })?;
        let method =
            PaymentMethod::parse(&self.method.get_clone_untracked()).ok_or_else(|| FieldError {
                field: "method".into(),
                message: "Choose how the money came.".into(),
            })?;
        let reference = self.reference.get_clone_untracked().trim().to_string();
        Ok(PaymentInput {
            customer_id: Some(customer_id),
            profile_id: None,
            periods,
            amount: self.amount.get_clone_untracked().trim().to_string(),
            currency: self.currency.get_clone_untracked().trim().to_uppercase(),
            method,
            reference: Some(reference).filter(|r| !r.is_empty()),
        })
    }
}

/// Which shift dialog is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShiftDialog {
    /// "Open shift": the float and its currency.
    Open,
    /// "Close shift": the cash counted (one's own shift, or a manager closing another's).
    Close(ShiftView),
    /// Closed: expected, counted and the difference, with the report.
    Closed(ShiftView),
}

/// The shift dialogs' fields.
#[derive(Clone, Copy)]
pub struct ShiftForms {
    pub dialog: Signal<Option<ShiftDialog>>,
    pub float: Signal<String>,
    pub currency: Signal<String>,
    pub counted: Signal<String>,
    pub note: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub message: Signal<Option<String>>,
    pub busy: Signal<bool>,
    /// The shift report printed, or why not.
    pub report: Signal<Option<Result<PdfFile, String>>>,
}

impl ShiftForms {
    fn new() -> Self {
        Self {
            dialog: create_signal(None),
            float: create_signal(String::new()),
            currency: create_signal(String::new()),
            counted: create_signal(String::new()),
            note: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            message: create_signal(None),
            busy: create_signal(false),
            report: create_signal(None),
        }
    }

    fn show(self, dialog: ShiftDialog) {
        batch(|| {
            self.errors.set(Vec::new());
            self.message.set(None);
            self.report.set(None);
            self.dialog.set(Some(dialog));
        });
    }
}

/// The till: shared by everything in the signed-in app.
#[derive(Clone, Copy)]
pub struct Till {
    /// The app's scope: the till's work outlives the page and the dialog that started it.
    scope: PageScope,
    /// The person's open shift: `None` until read, `Some(None)` when none is open.
    pub shift: Signal<Option<Option<ShiftView>>>,
    pub take: TakePayment,
    pub shifts: ShiftForms,
    /// Moves after a payment is recorded, or a shift opened or closed: lists showing payments
    /// or shifts read again.
    pub changed: Signal<u32>,
    /// A payment another page asked the Payments page to open.
    pub show_payment: Signal<Option<PaymentId>>,
    /// Someone asked for the Payments page's Unmatched tab (the "money waiting" banner).
    pub show_unmatched: Signal<bool>,
}

impl Till {
    /// Call it in the body of the component the till lives as long as.
    pub fn new() -> Self {
        Self {
            scope: PageScope::current(),
            shift: create_signal(None),
            take: TakePayment::new(),
            shifts: ShiftForms::new(),
            changed: create_signal(0),
            show_payment: create_signal(None),
            show_unmatched: create_signal(false),
        }
    }

    /// Something payments or shifts show changed.
    pub fn bump(self) {
        self.changed.update(|n| *n = n.wrapping_add(1));
    }

    /// Reads the person's open shift.
    pub fn load_shift(self) {
        self.scope.spawn(async move {
            if let Ok(current) = invoke::<CurrentShift>(&NoArgs {}).await {
                self.shift.set(Some(current));
            }
        });
    }

    /// The plans, for prices and the drawer's default currency.
    fn load_profiles(self, then: impl FnOnce(Self) + 'static) {
        self.scope.spawn(async move {
            if let Ok(list) = invoke::<ListProfiles>(&NoArgs {}).await {
                self.take.profiles.set(list);
            }
            then(self);
        });
    }

    // --- Take payment ---

    /// Opens the dialog at the search.
    pub fn take_payment(self) {
        let take = self.take;
        batch(|| {
            take.query.set(String::new());
            take.results.set(Vec::new());
            take.highlighted.set(0);
            take.errors.set(Vec::new());
            take.message.set(None);
            take.receipt.set(None);
            take.step.set(Some(TakeStep::Search));
        });
        self.load_profiles(|_| {});
    }

    /// Opens the dialog at the confirm step for `customer`.
    pub fn take_payment_for(self, customer: CustomerView) {
        let take = self.take;
        batch(|| {
            take.receipt.set(None);
            take.prefill(&customer);
            take.step
                .set(Some(TakeStep::Confirm(Box::new(customer.clone()))));
        });
        self.load_profiles(move |till| {
            // The price arrives with the plans.
            if let Some(TakeStep::Confirm(shown)) = till.take.step.get_clone_untracked() {
                if shown.id == customer.id && till.take.amount.with_untracked(String::is_empty) {
                    till.take.prefill(&customer);
                }
            }
        });
    }

    pub fn close_take_payment(self) {
        self.take.step.set(None);
    }

    /// Searches customers by user name, phone or name (the newest search wins).
    pub fn search(self, query: String) {
        let take = self.take;
        take.search_request.update(|n| *n += 1);
        let request = take.search_request.get_untracked();
        // Results found for other text are no answer for this one: Enter waits for them.
        take.results.set(Vec::new());
        if query.trim().is_empty() {
            return;
        }
        self.scope.spawn(async move {
            let filter = CustomerFilter {
                search: query.trim().to_string(),
                page_size: SEARCH_RESULTS,
                ..CustomerFilter::default()
            };
            let answer = invoke::<ListCustomers>(&ListCustomersArgs { filter }).await;
            if take.search_request.get_untracked() != request {
                return;
            }
            match answer {
                Ok(page) => batch(|| {
                    take.highlighted.set(0);
                    take.results.set(page.items);
                    take.message.set(None);
                }),
                Err(e) => take.message.set(Some(e.message)),
            }
        });
    }

    /// Moves the highlighted result by `by` (arrow keys), staying within the results.
    pub fn move_highlight(self, by: isize) {
        let count = self.take.results.with_untracked(Vec::len);
        if count == 0 {
            return;
        }
        let now = self.take.highlighted.get_untracked() as isize;
        let next = (now + by).clamp(0, count as isize - 1) as usize;
        self.take.highlighted.set(next);
    }

    /// Picks the highlighted result (Enter).
    pub fn pick_highlighted(self) {
        let take = self.take;
        let picked = take
            .results
            .with_untracked(|all| all.get(take.highlighted.get_untracked()).cloned());
        if let Some(customer) = picked {
            self.pick(customer);
        }
    }

    pub fn pick(self, customer: CustomerView) {
        let take = self.take;
        batch(|| {
            take.prefill(&customer);
            take.step.set(Some(TakeStep::Confirm(Box::new(customer))));
        });
    }

    /// Records the payment for `customer` as typed.
    pub fn confirm(self, customer: CustomerView) {
        let take = self.take;
        if take.busy.get_untracked() {
            return;
        }
        let input = match take.input(customer.id) {
            Ok(input) => input,
            Err(refusal) => {
                take.errors.set(vec![refusal]);
                return;
            }
        };
        batch(|| {
            take.busy.set(true);
            take.errors.set(Vec::new());
            take.message.set(None);
        });
        self.scope.spawn(async move {
            let answer: Result<PaymentView, ApiError> =
                invoke::<RecordPayment>(&WithInput { input }).await;
            match answer {
                Ok(payment) => {
                    let now = invoke::<GetCustomer>(&ById { id: customer.id }).await.ok();
                    batch(|| {
                        take.busy.set(false);
                        take.receipt.set(None);
                        take.step
                            .set(Some(TakeStep::Done(Box::new((payment, now)))));
                    });
                    self.bump();
                    self.load_shift();
                }
                Err(e) => batch(|| {
                    take.busy.set(false);
                    take.errors.set(e.fields.clone());
                    take.message.set(Some(e.message));
                }),
            }
        });
    }

    /// Writes payment `id`'s receipt; `into` gets where, or why not.
    pub fn print_receipt(self, id: PaymentId, into: Signal<Option<Result<PdfFile, String>>>) {
        into.set(None);
        self.scope.spawn(async move {
            let request = ReceiptRequest {
                payment_id: id,
                paper: None,
            };
            let answer = invoke::<PrintReceipt>(&WithInput { input: request }).await;
            into.set(Some(answer.map_err(|e| e.message)));
        });
    }

    // --- Shifts ---

    /// "Open shift": asks the float, in the currency used last or the first plan's.
    pub fn open_shift_form(self) {
        let forms = self.shifts;
        forms.float.set(String::new());
        forms.show(ShiftDialog::Open);
        if forms.currency.with_untracked(String::is_empty) {
            forms.currency.set(last_currency().unwrap_or_default());
        }
        if forms.currency.with_untracked(String::is_empty) {
            self.load_profiles(move |till| {
                if till.shifts.currency.with_untracked(String::is_empty) {
                    let first = till
                        .take
                        .profiles
                        .with_untracked(|all| all.first().map(|p| p.currency.clone()));
                    till.shifts.currency.set(first.unwrap_or_default());
                }
            });
        }
    }

    pub fn open_shift(self) {
        let forms = self.shifts;
        let input = OpenShiftInput {
            float: forms.float.get_clone_untracked().trim().to_string(),
            currency: forms.currency.get_clone_untracked().trim().to_uppercase(),
        };
        forms.busy.set(true);
        forms.errors.set(Vec::new());
        self.scope.spawn(async move {
            let answer = invoke::<OpenShift>(&WithInput { input }).await;
            forms.busy.set(false);
            match answer {
                Ok(shift) => {
                    remember_currency(&shift.currency);
                    batch(|| {
                        forms.currency.set(shift.currency.clone());
                        self.shift.set(Some(Some(shift)));
                        forms.dialog.set(None);
                        // A payment refused for want of a shift can go through now.
                        if needs_shift(&self.take.errors.get_clone_untracked()) {
                            self.take.errors.set(Vec::new());
                            self.take.message.set(None);
                        }
                    });
                    self.bump();
                }
                Err(e) => batch(|| {
                    forms.errors.set(e.fields.clone());
                    forms.message.set(Some(e.message));
                }),
            }
        });
    }

    /// "Close shift" for `shift` (one's own, or another's for owners and managers).
    pub fn close_shift_form(self, shift: ShiftView) {
        let forms = self.shifts;
        forms.counted.set(String::new());
        forms.note.set(String::new());
        forms.show(ShiftDialog::Close(shift));
    }

    pub fn close_shift(self, shift_id: ShiftId) {
        let forms = self.shifts;
        let note = forms.note.get_clone_untracked().trim().to_string();
        let input = CloseShiftInput {
            shift_id,
            counted: forms.counted.get_clone_untracked().trim().to_string(),
            note: Some(note).filter(|n| !n.is_empty()),
        };
        forms.busy.set(true);
        forms.errors.set(Vec::new());
        self.scope.spawn(async move {
            let answer = invoke::<CloseShift>(&WithInput { input }).await;
            forms.busy.set(false);
            match answer {
                Ok(closed) => {
                    forms.show(ShiftDialog::Closed(closed));
                    self.load_shift();
                    self.bump();
                }
                Err(e) => batch(|| {
                    forms.errors.set(e.fields.clone());
                    forms.message.set(Some(e.message));
                }),
            }
        });
    }

    /// Writes shift `id`'s report; `into` gets where, or why not.
    pub fn print_shift_report(self, id: ShiftId, into: Signal<Option<Result<PdfFile, String>>>) {
        into.set(None);
        self.scope.spawn(async move {
            let answer = invoke::<PrintShiftReport>(&ById { id }).await;
            into.set(Some(answer.map_err(|e| e.message)));
        });
    }
}

impl Default for Till {
    fn default() -> Self {
        Self::new()
    }
}

const CURRENCY_KEY: &str = "tikbill.drawer_currency";

/// The currency of the last drawer opened on this computer.
#[cfg(target_arch = "wasm32")]
fn last_currency() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(CURRENCY_KEY).ok()?
}

#[cfg(target_arch = "wasm32")]
fn remember_currency(currency: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        // Only a default for next time: a refused write changes nothing else.
        let _ = storage.set_item(CURRENCY_KEY, currency);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn last_currency() -> Option<String> {
    let _ = CURRENCY_KEY;
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn remember_currency(_currency: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_multiply_exactly() {
        for (price, periods, expect) in [
            ("1500", 1, Some("1500")),
            ("1500.50", 3, Some("4501.50")),
            ("0.05", 3, Some("0.15")),
            ("9.99", 0, Some("0.00")),
            ("150000", 12, Some("1800000")),
            ("0.1", 10, Some("1.0")),
            ("abc", 2, None),
            ("-5", 2, None),
            ("", 2, None),
        ] {
            assert_eq!(
                amount_for(price, periods).as_deref(),
                expect,
                "{price} × {periods}"
            );
        }
    }

    #[test]
    fn the_missing_shift_is_recognised_by_its_field() {
        let refusal = |field: &str, message: &str| FieldError {
            field: field.into(),
            message: message.into(),
        };
        assert!(needs_shift(&[refusal(
            "method",
            "Open a shift first: cash goes into a cashier's drawer."
        )]));
        assert!(!needs_shift(&[refusal("amount", "Open a shift first")]));
        assert!(!needs_shift(&[refusal(
            "currency",
            "Your drawer holds KES"
        )]));
    }
}
