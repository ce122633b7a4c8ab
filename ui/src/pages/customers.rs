//! The Customers page: the searchable, filtered list (a page at a time, for offices with
//! 100,000 customers) with bulk activation of the rows ticked, the form to add or edit one, CSV
//! import, and one customer's own page with their plan, the router's view of them, their
//! session and history.

mod bulk;
mod csv_import;
mod detail;
mod expiring;
mod filters;
mod form;
mod money;
mod mpesa;
mod mpesa_dialog;
mod pushes;
mod router_side;
mod table;

use std::cell::RefCell;
use std::rc::Rc;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{
    ById, CustomerRouter, DeleteCustomer, GetCustomer, ListCustomers, ListCustomersArgs,
    ListProfiles, ListRouters, NoArgs,
};
use tikbill_api::{
    ApiError, CustomerFilter, CustomerId, CustomerPage, CustomerRouterView, CustomerView,
    Permission, ProfileView, RouterView,
};

use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::components::queue_banner::{LiveQueueBanner, QueueWatch};
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::{allowed, Page};

pub use bulk::{activation_report, BulkBar, BulkRefusals, BulkReport, Selection};
pub use csv_import::{CsvImport, CsvImportState};
pub use detail::{
    actions_for, expiry_text, CustomerAction, CustomerDetail, CustomerSummary, ExtendForm,
    ExtendState,
};
pub use expiring::{days_left_text, reminder_text, ExpiringList, ExpiringSoon, EXPIRING_SOON_DAYS};
pub use filters::{expiring_days, FilterBar, FilterState};
pub use form::{CustomerForm, CustomerFormState, FormMode};
pub use money::{credit_text, CustomerMoney};
pub use mpesa::MpesaRequest;
pub use mpesa_dialog::{asked_amount, MpesaDialog};
pub use pushes::{push_state_label, push_status_text, push_waiting, CustomerPushes};
pub use router_side::CustomerRouterSections;
pub use table::{service_label, status_badge, CustomerTable};

/// A customer's credit: `(currency, amount)` for each currency they hold some in.
pub type Credit = Vec<(String, String)>;

/// Everything the page's parts share.
#[derive(Clone, Copy)]
pub struct CustomersPageState {
    /// Where the page's calls to the backend run (see [`PageScope`]).
    pub scope: PageScope,
    pub filter: FilterState,
    /// The page of customers last read for the filter.
    pub list: Signal<Option<CustomerPage>>,
    /// Bumped to read the list again with the same filter (after a change).
    pub list_version: Signal<u32>,
    /// For the router and profile choices in the filters and the form.
    pub routers: Signal<Vec<RouterView>>,
    pub profiles: Signal<Vec<ProfileView>>,
    pub notice: Signal<Option<Notice>>,
    pub form: CustomerFormState,
    pub confirm_delete: Signal<Option<CustomerView>>,
    /// The customer whose own page is shown instead of the list.
    pub open: Signal<Option<CustomerId>>,
    pub customer: Signal<Option<CustomerView>>,
    /// The router's side of the open customer; `Err` when it could not be read at all.
    pub router_side: Signal<Option<Result<CustomerRouterView, String>>>,
    /// Numbers each read (or kick) of the router's side: only the newest answer is shown, so a
    /// slow answer to an older read never replaces a newer one.
    pub router_side_request: Signal<u64>,
    /// A status change or kick is on its way.
    pub busy: Signal<bool>,
    pub extend: ExtendState,
    pub queues: QueueWatch,
    pub csv: CsvImportState,
    /// The rows ticked on the page shown.
    pub selection: Selection,
    /// A bulk change is on its way.
    pub bulk_busy: Signal<bool>,
    /// What the last bulk change refused (shown with its notice).
    pub bulk_report: Signal<Option<BulkReport>>,
    /// The open customer's credit per currency, and their latest payments.
    pub credit: Signal<Option<Result<Credit, String>>>,
    pub payments: Signal<Option<Result<Vec<tikbill_api::PaymentView>, String>>>,
    /// The open customer's latest M-Pesa pushes (empty when none, or not readable).
    pub pushes: Signal<Option<Vec<tikbill_api::MpesaPushView>>>,
    /// The "Request M-Pesa payment" dialog.
    pub mpesa: MpesaRequest,
}

impl CustomersPageState {
    fn new() -> Self {
        Self {
            scope: PageScope::current(),
            filter: FilterState::new(),
            list: create_signal(None),
            list_version: create_signal(0),
            routers: create_signal(Vec::new()),
            profiles: create_signal(Vec::new()),
            notice: create_signal(None),
            form: CustomerFormState::new(),
            confirm_delete: create_signal(None),
            open: create_signal(None),
            customer: create_signal(None),
            router_side: create_signal(None),
            router_side_request: create_signal(0),
            busy: create_signal(false),
            extend: ExtendState::new(),
            queues: QueueWatch::new(),
            csv: CsvImportState::new(),
            selection: Selection::new(),
            bulk_busy: create_signal(false),
            bulk_report: create_signal(None),
            credit: create_signal(None),
            payments: create_signal(None),
            pushes: create_signal(None),
            mpesa: MpesaRequest::new(),
        }
    }

    /// Routers and profiles, for the choices.
    fn load_choices(self) {
        self.scope.spawn(async move {
            match invoke::<ListRouters>(&NoArgs {}).await {
                Ok(list) => self.routers.set(list),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
        self.scope.spawn(async move {
            match invoke::<ListProfiles>(&NoArgs {}).await {
                Ok(list) => self.profiles.set(list),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// Reads the list whenever the filter, the page number or `list_version` changes. A new
    /// search or filter starts again at page 1; a read still running when the next one starts
    /// is dropped, so an answer to an old search never replaces a newer one. Another page or
    /// search clears the selection; reading the same page again keeps whoever is still on it.
    fn watch_list(self) {
        let last_criteria = Rc::new(RefCell::new(None::<CustomerFilter>));
        let last_page = Rc::new(RefCell::new(None::<CustomerFilter>));
        create_effect(move || {
            self.list_version.track();
            let mut filter = self.filter.criteria();
            if last_criteria.borrow().as_ref() != Some(&filter) {
                *last_criteria.borrow_mut() = Some(filter.clone());
                self.filter.page.set_silent(1);
            }
            filter.page = self.filter.page.get();
            if last_page.borrow().as_ref() != Some(&filter) {
                *last_page.borrow_mut() = Some(filter.clone());
                self.selection.clear();
            }
            spawn_local_scoped(async move {
                match invoke::<ListCustomers>(&ListCustomersArgs { filter }).await {
                    Ok(page) => {
                        let ids: Vec<CustomerId> = page.items.iter().map(|c| c.id).collect();
                        batch(|| {
                            self.selection.keep_only(&ids);
                            self.list.set(Some(page));
                        });
                    }
                    Err(e) => self.notice.set(Some(Notice::Error(e.message))),
                }
            });
        });
    }

    pub fn refresh_list(self) {
        self.list_version.update(|v| *v = v.wrapping_add(1));
    }

    pub fn open_customer(self, id: CustomerId) {
        self.notice.set(None);
        self.form.close();
        self.extend.close();
        self.customer.set(None);
        self.router_side.set(None);
        self.credit.set(None);
        self.payments.set(None);
        self.pushes.set(None);
        self.mpesa.close();
        self.open.set(Some(id));
        self.scope.spawn(async move {
            let result: Result<CustomerView, ApiError> = invoke::<GetCustomer>(&ById { id }).await;
            if self.open.get_untracked() != Some(id) {
                return; // another customer was opened meanwhile
            }
            match result {
                Ok(c) => self.customer.set(Some(c)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
        self.load_router_side(id);
    }

    pub fn close_customer(self) {
        self.mpesa.close();
        self.form.close();
        self.extend.close();
        self.open.set(None);
        self.customer.set(None);
        self.router_side.set(None);
    }

    /// Asks for the router's side of a customer (this can take as long as the router needs
    /// to answer or time out; the database part comes either way).
    pub fn load_router_side(self, id: CustomerId) {
        let request = self.next_router_side_request();
        self.scope.spawn(async move {
            let result: Result<CustomerRouterView, ApiError> =
                invoke::<CustomerRouter>(&ById { id }).await;
            if self.is_newest_router_side(request, id) {
                self.router_side.set(Some(result.map_err(|e| e.message)));
            }
        });
    }

    /// Starts a read of the router's side; answers to reads started before it are dropped.
    pub fn next_router_side_request(self) -> u64 {
        self.router_side_request.update(|n| *n += 1);
        self.router_side_request.get_untracked()
    }

    /// The answer to `request` is still wanted: no newer read started, and the customer is open.
    pub fn is_newest_router_side(self, request: u64, id: CustomerId) -> bool {
        self.router_side_request.get_untracked() == request && self.open.get_untracked() == Some(id)
    }

    /// After a customer was saved or changed: say so, and show the change everywhere.
    pub fn changed(self, saved: CustomerView, message: String) {
        self.notice.set(Some(Notice::Success(message)));
        if self.open.get_untracked() == Some(saved.id) {
            let id = saved.id;
            self.customer.set(Some(saved));
            self.load_router_side(id);
        }
        self.refresh_list();
        self.queues.reload();
    }

    pub fn delete(self, customer: CustomerView) {
        self.scope.spawn(async move {
            let result: Result<(), ApiError> =
                invoke::<DeleteCustomer>(&ById { id: customer.id }).await;
            self.confirm_delete.set(None);
            match result {
                Ok(()) => {
                    if self.open.get_untracked() == Some(customer.id) {
                        self.close_customer();
                    }
                    self.notice.set(Some(Notice::Success(format!(
                        "Deleted '{}'.",
                        customer.username
                    ))));
                    self.refresh_list();
                    self.queues.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }
}

#[component]
pub fn CustomersPage() -> View {
    let page = CustomersPageState::new();
    provide_context(page);
    page.load_choices();
    page.watch_list();
    page.queues.keep_fresh();
    let form_open = move || page.form.mode.get_clone().is_some();
    let on_list = move || page.open.get().is_none();
    view! {
        PageHeader(page=Page::Customers) {
            (if allowed(Permission::SyncRouters) {
                view! {
                    button(id="import-csv", disabled=page.csv.open.get(), on:click=move |_| {
                        page.notice.set(None);
                        page.close_customer();
                        page.form.close();
                        page.csv.open_new();
                    }) { "Import CSV…" }
                }
            } else {
                view! {}
            })
            (if allowed(Permission::CreateCustomers) {
                view! {
                    button(class="primary", id="new-customer", disabled=form_open(), on:click=move |_| {
                        page.notice.set(None);
                        page.close_customer();
                        page.csv.close();
                        page.form.open_new();
                    }) { "New customer" }
                }
            } else {
                view! {}
            })
        }
        LiveQueueBanner(watch=page.queues)
        NoticeBar(notice=page.notice)
        (move || {
            let lines = page.shown_refusals();
            view! { BulkRefusals(lines=lines) }
        })
        (match page.confirm_delete.get_clone() {
            None => view! {},
            Some(c) => {
                let name = c.username.clone();
                view! {
                    div(class="notice warning", id="confirm-delete") {
                        span { (format!("Delete the customer '{name}'? This cannot be undone.")) }
                        div(class="notice-actions") {
                            button(class="danger", id="confirm-delete-yes", on:click=move |_| page.delete(c.clone())) { "Delete" }
                            button(id="confirm-delete-no", on:click=move |_| page.confirm_delete.set(None)) { "Keep them" }
                        }
                    }
                }
            }
        })
        (if on_list() { view! { CustomerList {} } } else { view! { CustomerDetail {} } })
    }
}

/// The list view: CSV import and the form when open, the filters, the table, and the bar for
/// the rows ticked.
#[component]
fn CustomerList() -> View {
    let page = use_context::<CustomersPageState>();
    let form_open = move || page.form.mode.get_clone().is_some();
    let bulk_bar = move || {
        let (count, busy) = (page.selection.count(), page.bulk_busy.get());
        view! {
            BulkBar(
                count=count,
                busy=busy,
                on_activate=Rc::new(move || page.activate_selected()),
                on_clear=Rc::new(move || page.selection.clear()),
            )
        }
    };
    view! {
        (if page.csv.open.get() { view! { CsvImport {} } } else { view! {} })
        (if form_open() { view! { CustomerForm {} } } else { view! {} })
        FilterBar {}
        (match page.list.get_clone() {
            None => view! { p(class="muted") { "Loading customers…" } },
            Some(list) => view! {
                CustomerTable(
                    page=list,
                    narrowed=page.filter.is_narrowed(),
                    selection=page.selection,
                    on_open=Rc::new(move |c: CustomerView| page.open_customer(c.id)),
                    on_edit=Rc::new(move |c: CustomerView| { page.notice.set(None); page.form.open_edit(&c) }),
                    on_delete=Rc::new(move |c: CustomerView| page.confirm_delete.set(Some(c))),
                    on_page=Rc::new(move |n: u32| page.filter.page.set(n)),
                )
            },
        })
        (bulk_bar())
        ExpiringSoon {}
    }
}
