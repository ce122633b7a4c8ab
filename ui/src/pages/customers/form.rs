use sycamore::prelude::*;
use tikbill_api::command::{CreateCustomer, Edit, UpdateCustomer, WithInput};
use tikbill_api::{ApiError, CustomerId, CustomerInput, CustomerView, FieldError, ServiceType};

use super::table::service_label;
use super::CustomersPageState;
use crate::components::field::{SelectField, TextField};
use crate::components::notice::Notice;
use crate::ipc::invoke;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit { id: CustomerId, username: String },
}

/// The form's fields as typed (ids of the router and profile as text, empty for none), plus
/// what the backend said about them.
#[derive(Clone, Copy)]
pub struct CustomerFormState {
    pub mode: Signal<Option<FormMode>>,
    pub username: Signal<String>,
    pub password: Signal<String>,
    pub full_name: Signal<String>,
    pub phone: Signal<String>,
    pub email: Signal<String>,
    pub service_type: Signal<String>,
    pub router: Signal<String>,
    pub profile: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub saving: Signal<bool>,
}

impl Default for CustomerFormState {
    fn default() -> Self {
        Self::new()
    }
}

impl CustomerFormState {
    pub fn new() -> Self {
        Self {
            mode: create_signal(None),
            username: create_signal(String::new()),
            password: create_signal(String::new()),
            full_name: create_signal(String::new()),
            phone: create_signal(String::new()),
            email: create_signal(String::new()),
            service_type: create_signal(String::new()),
            router: create_signal(String::new()),
            profile: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            saving: create_signal(false),
        }
    }

    fn fill(&self, input: &CustomerInput) {
        let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
        self.username.set(input.username.clone());
        self.password
            .set(input.password.clone().unwrap_or_default());
        self.full_name.set(input.full_name.clone());
        self.phone.set(input.phone.clone());
        self.email.set(input.email.clone());
        self.service_type.set(input.service_type.clone());
        self.router.set(id(input.router_id));
        self.profile.set(id(input.profile_id));
        self.errors.set(Vec::new());
    }

    /// A blank hotspot customer; the router and profile of the last one are offered again.
    pub fn open_new(&self) {
        let (router, profile) = (
            self.router.get_clone_untracked().parse().ok(),
            self.profile.get_clone_untracked().parse().ok(),
        );
        self.fill(&CustomerInput {
            service_type: ServiceType::Hotspot.as_str().into(),
            router_id: router,
            profile_id: profile,
            ..CustomerInput::default()
        });
        self.mode.set(Some(FormMode::New));
    }

    pub fn open_edit(&self, customer: &CustomerView) {
        self.fill(&customer.to_input());
        self.mode.set(Some(FormMode::Edit {
            id: customer.id,
            username: customer.username.clone(),
        }));
    }

    pub fn close(&self) {
        self.mode.set(None);
        self.errors.set(Vec::new());
        self.password.set(String::new());
    }

    /// The form as sent; when editing, an empty password keeps the stored one.
    pub fn input(&self) -> CustomerInput {
        let editing = matches!(self.mode.get_clone(), Some(FormMode::Edit { .. }));
        let password = self.password.get_clone();
        CustomerInput {
            username: self.username.get_clone(),
            password: if editing && password.is_empty() {
                None
            } else {
                Some(password)
            },
            full_name: self.full_name.get_clone(),
            phone: self.phone.get_clone(),
            email: self.email.get_clone(),
            service_type: self.service_type.get_clone(),
            router_id: self.router.get_clone().parse().ok(),
            profile_id: self.profile.get_clone().parse().ok(),
        }
    }
}

fn save(page: CustomersPageState) {
    let form = page.form;
    let Some(mode) = form.mode.get_clone() else {
        return;
    };
    form.saving.set(true);
    page.scope.spawn(async move {
        let input = form.input();
        let result: Result<CustomerView, ApiError> = match &mode {
            FormMode::New => invoke::<CreateCustomer>(&WithInput { input }).await,
            FormMode::Edit { id, .. } => invoke::<UpdateCustomer>(&Edit { id: *id, input }).await,
        };
        form.saving.set(false);
        match result {
            Ok(saved) => {
                form.close();
                let message = match mode {
                    FormMode::New => format!(
                        "Created '{}'. Activate them to start their first period.",
                        saved.username
                    ),
                    FormMode::Edit { .. } => format!("Saved '{}'.", saved.username),
                };
                page.changed(saved, message);
            }
            Err(e) => {
                form.errors.set(e.fields.clone());
                page.notice.set(Some(Notice::Error(e.message)));
            }
        }
    });
}

/// Create or edit a customer. Each field shows the backend's message for it.
#[component]
pub fn CustomerForm() -> View {
    let page = use_context::<CustomersPageState>();
    let form = page.form;
    let errors = *form.errors;
    let editing = move || matches!(form.mode.get_clone(), Some(FormMode::Edit { .. }));
    let title = move || match form.mode.get_clone() {
        Some(FormMode::Edit { username, .. }) => format!("Edit '{username}'"),
        _ => "New customer".to_string(),
    };
    let services = *create_signal(
        ServiceType::ALL
            .into_iter()
            .map(|s| (s.as_str().to_string(), service_label(s).to_string()))
            .collect::<Vec<_>>(),
    );
    let routers = create_memo(move || {
        let mut options = vec![(String::new(), "Choose a router".to_string())];
        page.routers.with(|all| {
            options.extend(all.iter().map(|r| (r.id.to_string(), r.name.clone())));
        });
        options
    });
    let profiles = create_memo(move || {
        let mut options = vec![(String::new(), "Choose a profile".to_string())];
        page.profiles.with(|all| {
            options.extend(all.iter().map(|p| {
                let about = format!(
                    "{} ({}, {})",
                    p.name,
                    p.rate_limit,
                    p.duration_unit.describe(p.duration_value)
                );
                (p.id.to_string(), about)
            }));
        });
        options
    });
    view! {
        section(class="card form-card", id="customer-form") {
            h2 { (title()) }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); save(page) }) {
                div(class="form-grid") {
                    TextField(name="username", label="User name", value=form.username, errors=errors,
                        placeholder="ayu", hint="The hotspot or PPPoE login; no spaces", id_prefix="customer")
                    TextField(name="password", label="Password", value=form.password, errors=errors, kind="password",
                        hint=if editing() { "Leave empty to keep the current password" } else { "The customer types this to log in" },
                        id_prefix="customer")
                    TextField(name="full_name", label="Full name", value=form.full_name, errors=errors,
                        placeholder="Ayu Lestari", id="customer-full-name")
                    TextField(name="phone", label="Phone", value=form.phone, errors=errors,
                        placeholder="+62 812 3456 7890", hint="Optional", id_prefix="customer")
                    TextField(name="email", label="Email", value=form.email, errors=errors,
                        placeholder="ayu@example.com", hint="Optional", id_prefix="customer")
                    SelectField(name="service_type", label="Service", id="customer-service-type",
                        value=form.service_type, errors=errors, options=services)
                    SelectField(name="router_id", label="Router", id="customer-router",
                        value=form.router, errors=errors, options=routers)
                    SelectField(name="profile_id", label="Profile", id="customer-profile",
                        value=form.profile, errors=errors, options=profiles)
                }
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="save-customer", disabled=form.saving.get()) {
                        (if form.saving.get() { "Saving…" } else { "Save customer" })
                    }
                    button(r#type="button", id="cancel-customer", on:click=move |_| { form.close(); page.notice.set(None) }) { "Cancel" }
                }
            }
        }
    }
}
