//! The Payments page: every payment newest first (filtered, "Load more" by a keyset cursor),
//! one payment with its history, receipt and reversal; the unmatched payments waiting for a
//! customer; and the cashiers' shifts.

mod deliveries;
mod delivery_detail;
mod delivery_table;
mod detail;
mod filters;
mod paid_not_applied;
mod shifts;
mod table;
mod unmatched;

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{
    AuditPeople, ById, Edit, ExportPayments, GetPayment, ListCustomers, ListCustomersArgs,
    ListPayments, ListShifts, ListStaff, NoArgs, PaymentTotalsOf, ReversePayment, WithInput,
};
use tikbill_api::{
    receipt_label, CustomerFilter, CustomerId, PaymentId, PaymentState, PaymentTotals, PaymentView,
    PdfFile, Permission, ShiftFilter, ShiftId, ShiftView, StaffView,
};

use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::components::shift_box::ReportLine;
use crate::ipc::invoke;
use crate::pages::audit::person_options;
use crate::scope::PageScope;
use crate::state::{allowed, AppState, Page};
use crate::till::Till;

pub use deliveries::{Deliveries, DeliveriesState};
pub use delivery_detail::DeliveryDetailView;
pub use delivery_table::{
    delivery_source_text, delivery_state_badge, delivery_state_label, DeliveryTable,
};
pub use detail::{may_reverse, transition_text, PaymentDetail, ReverseState};
pub use filters::{PaymentCriteria, PaymentFilterBar, PaymentFilterForm};
pub use paid_not_applied::PaidNotApplied;
pub use shifts::{may_close, ShiftAction, ShiftTable};
pub use table::{
    customer_text, receipt_text, state_badge, state_label, totals_text, PaymentTable,
    PaymentTotalsLine,
};
pub use unmatched::{assign_target, UnmatchedList};

/// Payments a "Load more" adds.
const PAGE_SIZE: u32 = 50;

/// The page's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentsTab {
    All,
    Unmatched,
    Deliveries,
    Shifts,
}

impl PaymentsTab {
    fn id(self) -> &'static str {
        match self {
            Self::All => "tab-payments",
            Self::Unmatched => "tab-unmatched",
            Self::Deliveries => "tab-deliveries",
            Self::Shifts => "tab-shifts",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::All => "All payments",
            Self::Unmatched => "Unmatched",
            Self::Deliveries => "Deliveries",
            Self::Shifts => "Shifts",
        }
    }
}

/// Payments read a page at a time, newest first.
#[derive(Clone, Copy)]
struct Listing {
    rows: Signal<Option<Vec<PaymentView>>>,
    /// Where the next page starts (the last id read); `None` when everything is read.
    next: Signal<Option<PaymentId>>,
    loading: Signal<bool>,
    /// Numbers each read: only the newest one's answer is shown.
    request: Signal<u64>,
    /// Whether the page shows this list's totals.
    totals_shown: bool,
}

impl Listing {
    fn new(totals_shown: bool) -> Self {
        Self {
            rows: create_signal(None),
            next: create_signal(None),
            loading: create_signal(false),
            request: create_signal(0),
            totals_shown,
        }
    }
}

#[derive(Clone, Copy)]
struct PaymentsPageState {
    scope: PageScope,
    till: Till,
    tab: Signal<PaymentsTab>,
    filter: PaymentFilterForm,
    /// The criteria in force (after "Show").
    criteria: Signal<PaymentCriteria>,
    all: Listing,
    unmatched: Listing,
    /// Payments paid but not applied (shown with the unmatched).
    paid: Listing,
    deliveries: DeliveriesState,
    /// What the criteria's payments add up to.
    totals: Signal<Option<PaymentTotals>>,
    shifts: Signal<Option<Vec<ShiftView>>>,
    shifts_next: Signal<Option<ShiftId>>,
    shift_report: Signal<Option<Result<PdfFile, String>>>,
    /// The payment shown instead of the list.
    open: Signal<Option<PaymentId>>,
    payment: Signal<Option<PaymentView>>,
    receipt: Signal<Option<Result<PdfFile, String>>>,
    reverse: ReverseState,
    notice: Signal<Option<Notice>>,
}

impl PaymentsPageState {
    /// Reads `listing` for `criteria`: from the newest, or on from where it stopped.
    fn fetch(self, listing: Listing, criteria: PaymentCriteria, more: bool) {
        listing.request.update(|n| *n += 1);
        let mine = listing.request.get_untracked();
        let mut cursor: Option<PaymentId> = if more {
            listing.next.get_untracked()
        } else {
            None
        };
        let mut kept = if more {
            listing.rows.get_clone_untracked().unwrap_or_default()
        } else {
            Vec::new()
        };
        listing.loading.set(true);
        if !more && listing.totals_shown {
            self.read_totals(criteria.clone());
        }
        self.scope.spawn(async move {
            let filter = criteria.filter(cursor.take(), PAGE_SIZE);
            let answer = invoke::<ListPayments>(&WithInput { input: filter }).await;
            if listing.request.get_untracked() != mine {
                return;
            }
            match answer {
                Ok(page) => {
                    kept.extend(page.payments);
                    batch(|| {
                        listing.rows.set(Some(kept));
                        listing.next.set(page.next_before_id);
                        listing.loading.set(false);
                    });
                }
                Err(e) => {
                    listing.loading.set(false);
                    self.filter.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }

    /// What the criteria's payments add up to (every page).
    fn read_totals(self, criteria: PaymentCriteria) {
        self.totals.set(None);
        self.scope.spawn(async move {
            let filter = criteria.filter(None, PAGE_SIZE);
            let answer = invoke::<PaymentTotalsOf>(&WithInput { input: filter }).await;
            if self.criteria.get_clone_untracked() != criteria {
                return;
            }
            match answer {
                Ok(totals) => self.totals.set(Some(totals)),
                Err(e) => self.notice.set(Some(Notice::Error(format!(
                    "The totals could not be read: {}",
                    e.message
                )))),
            }
        });
    }

    /// "Export CSV": every payment the criteria match, to a file.
    fn export(self) {
        let filter = self.criteria.get_clone_untracked().filter(None, PAGE_SIZE);
        self.scope.spawn(async move {
            match invoke::<ExportPayments>(&WithInput { input: filter }).await {
                Ok(said) => self.notice.set(Some(Notice::Success(said))),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn unmatched_criteria() -> PaymentCriteria {
        PaymentCriteria {
            state: Some(PaymentState::Unmatched),
            ..PaymentCriteria::default()
        }
    }

    fn paid_criteria() -> PaymentCriteria {
        PaymentCriteria {
            state: Some(PaymentState::Paid),
            ..PaymentCriteria::default()
        }
    }

    /// Reads what the tab shows.
    fn load_tab(self, more: bool) {
        match self.tab.get_untracked() {
            PaymentsTab::All => self.fetch(self.all, self.criteria.get_clone_untracked(), more),
            PaymentsTab::Unmatched => {
                self.fetch(self.unmatched, Self::unmatched_criteria(), more);
                if !more {
                    self.fetch(self.paid, Self::paid_criteria(), false);
                }
            }
            PaymentsTab::Deliveries => self.deliveries.load(more),
            PaymentsTab::Shifts => self.load_shifts(more),
        }
    }

    fn load_shifts(self, more: bool) {
        let before_id = if more {
            self.shifts_next.get_untracked()
        } else {
            None
        };
        let mut kept = if more {
            self.shifts.get_clone_untracked().unwrap_or_default()
        } else {
            Vec::new()
        };
        self.scope.spawn(async move {
            let filter = ShiftFilter {
                before_id,
                limit: Some(PAGE_SIZE),
                ..ShiftFilter::default()
            };
            match invoke::<ListShifts>(&WithInput { input: filter }).await {
                Ok(page) => {
                    let full = page.len() == PAGE_SIZE as usize;
                    let next = page.last().map(|s| s.id).filter(|_| full);
                    kept.extend(page);
                    batch(|| {
                        self.shifts.set(Some(kept));
                        self.shifts_next.set(next);
                    });
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// "Show": the customer typed is looked up by user name, then the list read from the newest.
    fn apply(self) {
        self.filter.errors.set(Vec::new());
        let typed = self
            .filter
            .customer
            .get_clone_untracked()
            .trim()
            .to_string();
        if typed.is_empty() {
            self.criteria.set(self.filter.criteria(None));
            self.fetch(self.all, self.criteria.get_clone_untracked(), false);
            return;
        }
        self.scope.spawn(async move {
            match find_customer(&typed).await {
                Ok(id) => {
                    self.criteria.set(self.filter.criteria(Some(id)));
                    self.fetch(self.all, self.criteria.get_clone_untracked(), false);
                }
                Err(message) => self.filter.errors.set(vec![tikbill_api::FieldError {
                    field: "customer".into(),
                    message,
                }]),
            }
        });
    }

    fn clear(self) {
        self.filter.clear();
        self.apply();
    }

    /// Who the cashier filter offers: everyone the log names, or just oneself.
    fn load_people(self, me: Option<StaffView>) {
        self.scope.spawn(async move {
            let people = if allowed(Permission::ViewAudit) {
                invoke::<AuditPeople>(&NoArgs {}).await.ok()
            } else if allowed(Permission::ManageStaff) {
                invoke::<ListStaff>(&NoArgs {}).await.ok()
            } else {
                None
            };
            let people = people.unwrap_or_else(|| me.into_iter().collect());
            self.filter.people.set(person_options(&people));
        });
    }

    fn open_payment(self, id: PaymentId) {
        batch(|| {
            self.notice.set(None);
            self.payment.set(None);
            self.receipt.set(None);
            self.reverse.open.set(false);
            self.open.set(Some(id));
        });
        self.scope.spawn(async move {
            let answer = invoke::<GetPayment>(&ById { id }).await;
            if self.open.get_untracked() != Some(id) {
                return;
            }
            match answer {
                Ok(p) => self.payment.set(Some(p)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn reverse(self, id: PaymentId, reason: String) {
        let reverse = self.reverse;
        reverse.busy.set(true);
        reverse.errors.set(Vec::new());
        self.scope.spawn(async move {
            let answer = invoke::<ReversePayment>(&Edit { id, input: reason }).await;
            reverse.busy.set(false);
            match answer {
                Ok(p) => {
                    let label = p.receipt_number.map(receipt_label).unwrap_or_default();
                    batch(|| {
                        reverse.open.set(false);
                        self.notice.set(Some(Notice::Success(format!(
                            "Reversed {label}: its time and credit were taken back."
                        ))));
                        self.payment.set(Some(p));
                    });
                    self.till.bump();
                }
                Err(e) => {
                    reverse.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }
}

/// The customer whose user name is `typed` (any letter case), or the only one it finds.
async fn find_customer(typed: &str) -> Result<CustomerId, String> {
    let filter = CustomerFilter {
        search: typed.to_string(),
        page_size: 20,
        ..CustomerFilter::default()
    };
    let page = invoke::<ListCustomers>(&ListCustomersArgs { filter })
        .await
        .map_err(|e| e.message)?;
    if let Some(c) = page
        .items
        .iter()
        .find(|c| c.username.eq_ignore_ascii_case(typed))
    {
        return Ok(c.id);
    }
    match page.items.as_slice() {
        [only] => Ok(only.id),
        [] => Err(format!("No customer matches '{typed}'.")),
        _ => Err(format!(
            "{} customers match '{typed}': type the whole user name.",
            page.total
        )),
    }
}

#[component]
pub fn PaymentsPage() -> View {
    let app = try_use_context::<AppState>();
    let till = use_context::<Till>();
    let page = PaymentsPageState {
        scope: PageScope::current(),
        till,
        tab: create_signal(PaymentsTab::All),
        filter: PaymentFilterForm::new(),
        criteria: create_signal(PaymentCriteria::default()),
        all: Listing::new(true),
        unmatched: Listing::new(false),
        paid: Listing::new(false),
        deliveries: DeliveriesState::new(),
        totals: create_signal(None),
        shifts: create_signal(None),
        shifts_next: create_signal(None),
        shift_report: create_signal(None),
        open: create_signal(None),
        payment: create_signal(None),
        receipt: create_signal(None),
        reverse: ReverseState::new(),
        notice: create_signal(None),
    };
    page.filter.people.set(person_options(&[]));
    if let Some(id) = till.show_payment.get_untracked() {
        till.show_payment.set(None);
        page.open_payment(id);
    }
    page.load_people(app.and_then(|a| a.staff_untracked()));
    // "N payments are waiting" (the banner) asks for the Unmatched tab, on this page or another.
    create_effect(move || {
        if till.show_unmatched.get() {
            untrack(|| {
                batch(|| {
                    till.show_unmatched.set(false);
                    page.open.set(None);
                    page.tab.set(PaymentsTab::Unmatched);
                })
            });
        }
    });
    // The tab's list, read again when the tab changes or a payment or shift changed.
    create_effect(move || {
        page.tab.track();
        till.changed.track();
        untrack(|| page.load_tab(false));
    });
    let me = app.and_then(|a| a.staff_untracked()).map(|s| s.id);
    let tabs = move || {
        let current = page.tab.get();
        [
            PaymentsTab::All,
            PaymentsTab::Unmatched,
            PaymentsTab::Deliveries,
            PaymentsTab::Shifts,
        ]
        .into_iter()
        .filter(|t| *t != PaymentsTab::Shifts || allowed(Permission::TakePayments))
        .map(|t| {
            let class = if t == current { "tab active" } else { "tab" };
            view! {
                button(class=class, id=t.id(), role="tab", aria-selected=(t == current).to_string(),
                    on:click=move |_| {
                        page.open.set(None);
                        page.deliveries.close_delivery();
                        page.tab.set(t)
                    }) { (t.title()) }
            }
        })
        .collect::<Vec<_>>()
    };
    view! {
        PageHeader(page=Page::Payments) {
            (if allowed(Permission::TakePayments) {
                view! { button(class="primary", id="payments-take-payment", on:click=move |_| till.take_payment()) { "Take payment" } }
            } else {
                view! {}
            })
        }
        NoticeBar(notice=page.notice)
        (match page.open.get() {
            Some(id) => view! { OpenPayment(page=page, id=id) },
            None => view! {
                div(class="tabs", role="tablist") { (tabs()) }
                (match page.tab.get() {
                    PaymentsTab::All => view! { AllPayments(page=page) },
                    PaymentsTab::Unmatched => view! { Unmatched(page=page) },
                    PaymentsTab::Deliveries => view! {
                        Deliveries(state=page.deliveries, on_payment=Rc::new(move |id| page.open_payment(id)))
                    },
                    PaymentsTab::Shifts => view! { Shifts(page=page, me=me) },
                })
            },
        })
    }
}

#[component(inline_props)]
fn OpenPayment(page: PaymentsPageState, id: PaymentId) -> View {
    view! {
        (match page.payment.get_clone() {
            None => view! { p(class="muted") { "Loading the payment…" } },
            Some(p) => {
                let receipt = page.receipt.get_clone();
                view! {
                    PaymentDetail(
                        payment=p,
                        receipt=receipt,
                        reverse=page.reverse,
                        on_back=Rc::new(move || page.open.set(None)),
                        on_print=Rc::new(move || page.till.print_receipt(id, page.receipt)),
                        on_reverse=Rc::new(move |reason: String| page.reverse(id, reason)),
                    )
                }
            }
        })
    }
}

/// "Load more", while there is more.
#[component(inline_props)]
fn LoadMore(listing: Listing, on_more: Rc<dyn Fn()>, id: &'static str) -> View {
    view! {
        (if listing.next.get().is_some() {
            let more = on_more.clone();
            view! {
                div(class="pager") {
                    button(class="small", id=id, disabled=listing.loading.get(), on:click=move |_| more()) {
                        (if listing.loading.get() { "Loading…" } else { "Load more" })
                    }
                }
            }
        } else {
            view! {}
        })
    }
}

#[component(inline_props)]
fn AllPayments(page: PaymentsPageState) -> View {
    view! {
        PaymentFilterBar(form=page.filter, on_apply=Rc::new(move || page.apply()), on_clear=Rc::new(move || page.clear()))
        div(class="totals-bar") {
            (move || {
                // Read here, not in the props: a component's props are built untracked.
                let totals = page.totals.get_clone();
                view! { PaymentTotalsLine(totals=totals) }
            })
            button(class="small", id="payments-export", on:click=move |_| page.export()) { "Export CSV" }
        }
        (match page.all.rows.get_clone() {
            None => view! { p(class="muted") { "Loading payments…" } },
            Some(rows) => view! {
                PaymentTable(payments=rows, id="payments-table", on_open=Rc::new(move |id| page.open_payment(id)))
            },
        })
        LoadMore(listing=page.all, id="payments-more", on_more=Rc::new(move || page.fetch(page.all, page.criteria.get_clone_untracked(), true)))
    }
}

#[component(inline_props)]
fn Unmatched(page: PaymentsPageState) -> View {
    view! {
        p(class="muted") { "Money in hand for nobody known yet (a transfer with a reference no customer has, say). Find the customer and assign it: they get what it buys." }
        (match page.unmatched.rows.get_clone() {
            None => view! { p(class="muted") { "Loading unmatched payments…" } },
            Some(rows) => view! {
                UnmatchedList(
                    payments=rows,
                    scope=page.scope,
                    on_assigned=Rc::new(move |p: PaymentView| {
                        let who = p.customer_username.clone().unwrap_or_default();
                        page.notice.set(Some(Notice::Success(format!("Gave {} to {who}.", receipt_text(&p)))));
                        page.till.bump();
                    }),
                    on_open=Rc::new(move |id| page.open_payment(id)),
                )
            },
        })
        LoadMore(listing=page.unmatched, id="unmatched-more",
            on_more=Rc::new(move || page.fetch(page.unmatched, PaymentsPageState::unmatched_criteria(), true)))
        (move || {
            let rows = page.paid.rows.get_clone();
            view! {
                PaidNotApplied(
                    payments=rows,
                    scope=page.scope,
                    on_applied=Rc::new(move |p: PaymentView| {
                        let who = p.customer_username.clone().unwrap_or_default();
                        page.notice.set(Some(Notice::Success(format!("Applied {} for {who}.", receipt_text(&p)))));
                        page.till.bump();
                    }),
                    on_open=Rc::new(move |id| page.open_payment(id)),
                )
            }
        })
        LoadMore(listing=page.paid, id="paid-more",
            on_more=Rc::new(move || page.fetch(page.paid, PaymentsPageState::paid_criteria(), true)))
    }
}

#[component(inline_props)]
fn Shifts(page: PaymentsPageState, #[prop(!optional)] me: Option<tikbill_api::StaffId>) -> View {
    let till = page.till;
    let on_action = Rc::new(move |action: ShiftAction| match action {
        ShiftAction::Close(shift) => till.close_shift_form(*shift),
        ShiftAction::Report(id) => till.print_shift_report(id, page.shift_report),
    });
    view! {
        (move || {
            let report = page.shift_report.get_clone();
            view! { ReportLine(report=report, id="shifts-report-path") }
        })
        (match page.shifts.get_clone() {
            None => view! { p(class="muted") { "Loading shifts…" } },
            Some(list) => {
                let on_action = on_action.clone();
                view! { ShiftTable(shifts=list, me=me, on_action=on_action) }
            }
        })
        (if page.shifts_next.get().is_some() {
            view! {
                div(class="pager") {
                    button(class="small", id="shifts-more", on:click=move |_| page.load_shifts(true)) { "Load more" }
                }
            }
        } else {
            view! {}
        })
    }
}
