use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{
    ActivateCustomer, ById, ByScope, DisableCustomer, EnableCustomer, ExtendArgs, ExtendCustomer,
    KickCustomer, RetryFailedJobs,
};
use tikbill_api::{
    ApiError, CustomerId, CustomerRouterView, CustomerStatus, CustomerView, DurationUnit,
    ExtendInput, FieldError, JobScope, ProfileView,
};

use super::form::CustomerForm;
use super::money::CustomerMoney;
use super::mpesa_dialog::MpesaDialog;
use super::router_side::CustomerRouterSections;
use super::table::{service_label, status_badge, status_label};
use super::CustomersPageState;
use crate::components::field::{SelectField, TextField};
use crate::components::notice::Notice;
use crate::format;
use crate::ipc::invoke;

/// What the office can do with a customer from their page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerAction {
    Activate,
    Extend,
    Disable,
    Enable,
    Edit,
    Delete,
}

impl CustomerAction {
    /// What the person needs for the button to be shown.
    pub fn needs(self) -> tikbill_api::Permission {
        use tikbill_api::Permission;
        match self {
            Self::Activate | Self::Extend => Permission::ActivateCustomers,
            Self::Disable | Self::Enable => Permission::SuspendCustomers,
            Self::Edit => Permission::EditCustomers,
            Self::Delete => Permission::DeleteCustomers,
        }
    }

    /// The button's id (`activate-customer`), for end-to-end tests.
    pub fn id(self) -> &'static str {
        match self {
            Self::Activate => "activate-customer",
            Self::Extend => "extend-customer",
            Self::Disable => "disable-customer",
            Self::Enable => "enable-customer",
            Self::Edit => "edit-customer",
            Self::Delete => "delete-customer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Activate => "Activate",
            Self::Extend => "Extend…",
            Self::Disable => "Disable",
            Self::Enable => "Enable",
            Self::Edit => "Edit",
            Self::Delete => "Delete",
        }
    }
}

/// The actions a customer in `status` allows (the core refuses the others): activate starts a
/// period for pending, expired and disabled customers; extend adds time to active and expired
/// ones; disable switches off anyone not already off; enable gives a disabled customer back
/// what they had.
pub fn actions_for(status: CustomerStatus) -> Vec<CustomerAction> {
    use CustomerAction::*;
    let mut actions = match status {
        CustomerStatus::Pending => vec![Activate, Disable],
        CustomerStatus::Active => vec![Extend, Disable],
        CustomerStatus::Expired => vec![Activate, Extend, Disable],
        CustomerStatus::Disabled => vec![Enable, Activate],
    };
    actions.extend([Edit, Delete]);
    actions
}

/// The expiry as a sentence for the customer's status, in local time.
pub fn expiry_text(customer: &CustomerView) -> String {
    match (&customer.expires_at, customer.status) {
        (None, _) => "Not started: activate to begin the first period".to_string(),
        (Some(t), CustomerStatus::Active) => format!("Until {}", format::local_time(t)),
        (Some(t), CustomerStatus::Expired) => format!("Ran out {}", format::local_time(t)),
        (Some(t), CustomerStatus::Disabled) => format!(
            "{} (kept while disabled: enabling gives back the time left)",
            format::local_time(t)
        ),
        (Some(t), CustomerStatus::Pending) => format::local_time(t),
    }
}

/// Who the customer is, their plan, status and expiry, and the buttons their status allows.
#[component(inline_props)]
pub fn CustomerSummary(
    customer: CustomerView,
    /// Their profile, when known (for its duration).
    #[prop(!optional)]
    profile: Option<ProfileView>,
    /// A change is on its way: the buttons wait.
    busy: bool,
    on_action: Rc<dyn Fn(CustomerAction)>,
) -> View {
    let plan = match &profile {
        Some(p) => format!(
            "{} · {} · {}",
            customer.profile_name,
            p.rate_limit,
            p.duration_unit.describe(p.duration_value)
        ),
        None => customer.profile_name.clone(),
    };
    let buttons = actions_for(customer.status)
        .into_iter()
        .filter(|action| crate::state::allowed(action.needs()))
        .map(|action| {
            let act = on_action.clone();
            let class = match action {
                CustomerAction::Activate | CustomerAction::Enable => "primary",
                CustomerAction::Extend if customer.status == CustomerStatus::Active => "primary",
                CustomerAction::Delete => "danger-outline",
                _ => "",
            };
            view! {
                button(class=class, id=action.id(), disabled=busy, on:click=move |_| act(action)) { (action.label()) }
            }
        })
        .collect::<Vec<_>>();
    let status_class = format!("status-line status-{}", customer.status.as_str());
    let badge = status_badge(customer.status);
    let expiry = expiry_text(&customer);
    let service = format!(
        "{} on {}",
        service_label(customer.service_type),
        customer.router_name
    );
    let since = format::local_time(&customer.created_at);
    let CustomerView {
        username,
        full_name,
        phone,
        email,
        ..
    } = customer;
    let (phone, email) = (
        phone.unwrap_or_else(|| "—".into()),
        email.unwrap_or_else(|| "—".into()),
    );
    view! {
        section(class="card", id="customer-summary") {
            div(class="card-title-row") {
                div {
                    h2(id="customer-username") { (username) }
                    p(class="muted customer-full-name") { (full_name) }
                }
                span(id="customer-status", class=status_class) { (badge) }
            }
            dl(class="facts") {
                dt { "Plan" } dd(id="customer-plan") { (plan) }
                dt { "Expiry" } dd(id="customer-expiry") { (expiry) }
                dt { "Service" } dd { (service) }
                dt { "Phone" } dd { (phone) }
                dt { "Email" } dd { (email) }
                dt { "Customer since" } dd { (since) }
            }
            div(class="customer-actions") { (buttons) }
        }
    }
}

/// The Extend panel's fields.
#[derive(Clone, Copy)]
pub struct ExtendState {
    pub open: Signal<bool>,
    pub value: Signal<String>,
    pub unit: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
}

impl ExtendState {
    pub fn new() -> Self {
        Self {
            open: create_signal(false),
            value: create_signal(String::new()),
            unit: create_signal(DurationUnit::Days.as_str().to_string()),
            errors: create_signal(Vec::new()),
        }
    }

    pub fn open(&self) {
        self.value.set(String::new());
        self.errors.set(Vec::new());
        self.open.set(true);
    }

    pub fn close(&self) {
        self.open.set(false);
        self.errors.set(Vec::new());
    }
}

impl Default for ExtendState {
    fn default() -> Self {
        Self::new()
    }
}

/// Add one period of the profile, or a chosen amount of time.
#[component(inline_props)]
pub fn ExtendForm(
    state: ExtendState,
    /// The profile's period, e.g. `30 days`, when known.
    #[prop(!optional)]
    period: Option<String>,
    busy: bool,
    /// `None` for one period of the profile.
    on_extend: Rc<dyn Fn(Option<ExtendInput>)>,
) -> View {
    let errors = *state.errors;
    let units = *create_signal(
        DurationUnit::ALL
            .into_iter()
            .map(|u| (u.as_str().to_string(), u.as_str().to_string()))
            .collect::<Vec<_>>(),
    );
    let by_profile = match &period {
        Some(p) => format!("Add one period ({p})"),
        None => "Add one period of the profile".to_string(),
    };
    let (one, chosen) = (on_extend.clone(), on_extend);
    view! {
        section(class="card form-card", id="extend-form") {
            div(class="card-title-row") {
                h2 { "Extend the plan" }
                button(class="small", id="extend-cancel", on:click=move |_| state.close()) { "Cancel" }
            }
            p(class="muted") {
                "Time still left is kept: the time is added to the current expiry. Time that already ran out is not charged: it starts now."
            }
            div(class="extend-options") {
                button(class="primary", id="extend-by-profile", disabled=busy, on:click=move |_| one(None)) { (by_profile) }
                span(class="muted extend-or") { "or" }
                form(class="extend-custom", novalidate=true, on:submit=move |e: web_sys::SubmitEvent| {
                    e.prevent_default();
                    chosen(Some(ExtendInput { value: state.value.get_clone(), unit: state.unit.get_clone() }))
                }) {
                    TextField(name="value", label="Add", value=state.value, errors=errors, placeholder="7", id="extend-value")
                    SelectField(name="unit", label="Unit", id="extend-unit", value=state.unit, errors=errors, options=units)
                    button(r#type="submit", id="extend-by-value", disabled=busy) { "Add this time" }
                }
            }
        }
    }
}

impl CustomersPageState {
    /// Activate, disable or enable; the answer is the customer as they are now.
    fn change_status(self, customer: CustomerView, action: CustomerAction) {
        let verb = match action {
            CustomerAction::Activate => "Activated",
            CustomerAction::Disable => "Disabled",
            CustomerAction::Enable => "Enabled",
            _ => return,
        };
        self.busy.set(true);
        self.scope.spawn(async move {
            let id = ById { id: customer.id };
            let result: Result<CustomerView, ApiError> = match action {
                CustomerAction::Activate => invoke::<ActivateCustomer>(&id).await,
                CustomerAction::Disable => invoke::<DisableCustomer>(&id).await,
                _ => invoke::<EnableCustomer>(&id).await,
            };
            self.busy.set(false);
            match result {
                Ok(c) => {
                    let message = after_change(verb, &c);
                    self.changed(c, message);
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn extend_by(self, id: CustomerId, input: Option<ExtendInput>) {
        self.busy.set(true);
        self.extend.errors.set(Vec::new());
        self.scope.spawn(async move {
            let result: Result<CustomerView, ApiError> =
                invoke::<ExtendCustomer>(&ExtendArgs { id, input }).await;
            self.busy.set(false);
            match result {
                Ok(c) => {
                    self.extend.close();
                    let message = after_change("Extended", &c);
                    self.changed(c, message);
                }
                Err(e) => {
                    self.extend.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }

    /// Ends the customer's session on the router (they can log in again).
    fn kick(self, customer: CustomerView) {
        self.busy.set(true);
        let request = self.next_router_side_request();
        self.scope.spawn(async move {
            let result: Result<CustomerRouterView, ApiError> =
                invoke::<KickCustomer>(&ById { id: customer.id }).await;
            self.busy.set(false);
            match result {
                Ok(view) => {
                    self.notice.set(Some(Notice::Success(format!(
                        "Ended {}'s session on {}.",
                        customer.username, customer.router_name
                    ))));
                    if self.is_newest_router_side(request, customer.id) {
                        self.router_side.set(Some(Ok(view)));
                    }
                    self.queues.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// "Retry now": the changes the router refused for good are tried again at once; the router
    /// side is read again.
    fn retry_failed(self, customer: CustomerView) {
        self.busy.set(true);
        self.scope.spawn(async move {
            let scope = ByScope {
                scope: JobScope::Customer(customer.id),
            };
            let result = invoke::<RetryFailedJobs>(&scope).await;
            self.busy.set(false);
            match result {
                Ok(n) => {
                    self.notice.set(Some(Notice::Success(format!(
                        "Trying {} on {} again.",
                        format::plural(n, "change", "changes"),
                        customer.router_name
                    ))));
                    self.queues.reload();
                    self.load_router_side(customer.id);
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn act(self, customer: CustomerView, action: CustomerAction) {
        self.notice.set(None);
        match action {
            CustomerAction::Activate | CustomerAction::Disable | CustomerAction::Enable => {
                self.extend.close();
                self.change_status(customer, action);
            }
            CustomerAction::Extend => {
                self.form.close();
                self.extend.open();
            }
            CustomerAction::Edit => {
                self.extend.close();
                self.form.open_edit(&customer);
            }
            CustomerAction::Delete => self.confirm_delete.set(Some(customer)),
        }
    }
}

/// `Activated 'ayu': active until 24/12/2026, 15:00:00.`
fn after_change(verb: &str, c: &CustomerView) -> String {
    let status = status_label(c.status).to_lowercase();
    match (&c.expires_at, c.status) {
        (Some(t), CustomerStatus::Active) => format!(
            "{verb} '{}': {status} until {}.",
            c.username,
            format::local_time(t)
        ),
        _ => format!("{verb} '{}': now {status}.", c.username),
    }
}

/// One customer's page: summary and actions, the Extend panel or the form when open, and the
/// router's side. (Signals are read before a child is made: a child's props are read
/// untracked, so a value read there would not redraw it.)
#[component]
pub fn CustomerDetail() -> View {
    let page = use_context::<CustomersPageState>();
    let profile_of = move |c: &CustomerView| {
        page.profiles
            .with(|all| all.iter().find(|p| p.id == c.profile_id).cloned())
    };
    let form_open = move || page.form.mode.get_clone().is_some();
    let till = try_use_context::<crate::till::Till>();
    let app = try_use_context::<crate::state::AppState>();
    // Their money, read again whenever a payment or shift changed anywhere.
    create_effect(move || {
        if let Some(till) = till {
            till.changed.track();
        }
        if let Some(id) = page.open.get_untracked() {
            untrack(|| page.load_money(id));
        }
    });
    let money = move || {
        if !crate::state::allowed(tikbill_api::Permission::ViewPayments) {
            return view! {};
        }
        let (credit, payments) = (page.credit.get_clone(), page.payments.get_clone());
        let pushes = page.pushes.get_clone().unwrap_or_default();
        let request = move || {
            if let Some(c) = page.customer.get_clone_untracked() {
                page.mpesa.start(&c);
            }
        };
        let take = move || {
            if let (Some(till), Some(c)) = (till, page.customer.get_clone_untracked()) {
                till.take_payment_for(c);
            }
        };
        let open = move |id| {
            if let (Some(till), Some(app)) = (till, app) {
                till.show_payment.set(Some(id));
                app.page.set(crate::state::Page::Payments);
            }
        };
        view! {
            CustomerMoney(credit=credit, payments=payments, pushes=pushes, on_take=Rc::new(take),
                on_request=Rc::new(request), on_open=Rc::new(open))
        }
    };
    let mpesa_dialog = move || {
        if !page.mpesa.open.get() {
            return view! {};
        }
        // The customer as the dialog opened: a paid push reads them again, which must not
        // draw the dialog afresh.
        match page.customer.get_clone_untracked() {
            None => view! {},
            Some(c) => {
                let (plan, id) = (profile_of(&c), c.id);
                view! {
                    MpesaDialog(mpesa=page.mpesa, customer=c, plan=plan,
                        on_send=Rc::new(move || page.send_mpesa(id)))
                }
            }
        }
    };
    view! {
        div(id="customer-page") {
            div(class="detail-nav") {
                button(class="link", id="customers-back", on:click=move |_| page.close_customer()) { "← All customers" }
            }
            (match page.customer.get_clone() {
                None => view! { p(class="muted") { "Loading the customer…" } },
                Some(c) => {
                    let (profile, busy) = (profile_of(&c), page.busy.get());
                    let for_action = c.clone();
                    view! {
                        CustomerSummary(
                            customer=c,
                            profile=profile,
                            busy=busy,
                            on_action=Rc::new(move |a: CustomerAction| page.act(for_action.clone(), a)),
                        )
                    }
                }
            })
            (match (page.extend.open.get(), page.customer.get_clone()) {
                (true, Some(c)) => {
                    let period = profile_of(&c).map(|p| p.duration_unit.describe(p.duration_value));
                    let (id, busy) = (c.id, page.busy.get());
                    view! {
                        ExtendForm(
                            state=page.extend,
                            period=period,
                            busy=busy,
                            on_extend=Rc::new(move |input: Option<ExtendInput>| page.extend_by(id, input)),
                        )
                    }
                }
                _ => view! {},
            })
            (if form_open() { view! { CustomerForm {} } } else { view! {} })
            (money())
            (mpesa_dialog())
            (match (page.router_side.get_clone(), page.customer.get_clone()) {
                (None, _) | (_, None) => view! {
                    section(class="card", id="on-router") {
                        h2 { "On the router" }
                        p(class="muted") { "Asking the router…" }
                    }
                },
                (Some(Err(message)), Some(_)) => view! {
                    section(class="card", id="on-router") {
                        h2 { "On the router" }
                        div(class="notice error", id="router-error") { (message) }
                    }
                },
                (Some(Ok(view)), Some(c)) => {
                    let (for_kick, for_retry, busy) = (c.clone(), c.clone(), page.busy.get());
                    view! {
                        CustomerRouterSections(
                            view=view,
                            username=c.username.clone(),
                            router_name=c.router_name.clone(),
                            busy=busy,
                            on_kick=Rc::new(move || page.kick(for_kick.clone())),
                            on_retry=Rc::new(move || page.retry_failed(for_retry.clone())),
                        )
                    }
                }
            })
        }
    }
}
