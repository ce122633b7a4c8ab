use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{CreateProfile, Edit, UpdateProfile, WithInput};
use tikbill_api::{ApiError, DurationUnit, FieldError, ProfileId, ProfileInput, ProfileView};

use super::ProfilesPageState;
use crate::components::field::TextField;
use crate::components::notice::Notice;
use crate::ipc::invoke;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit { id: ProfileId, name: String },
}

/// The form's fields as signals, plus what the backend said about them.
#[derive(Clone, Copy)]
pub struct ProfileFormState {
    pub mode: Signal<Option<FormMode>>,
    pub name: Signal<String>,
    pub rate_limit: Signal<String>,
    pub price: Signal<String>,
    pub currency: Signal<String>,
    pub duration_value: Signal<String>,
    pub duration_unit: Signal<String>,
    pub data_limit: Signal<String>,
    pub shared_users: Signal<String>,
    pub session_timeout: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub saving: Signal<bool>,
}

impl ProfileFormState {
    pub fn new() -> Self {
        Self {
            mode: create_signal(None),
            name: create_signal(String::new()),
            rate_limit: create_signal(String::new()),
            price: create_signal(String::new()),
            currency: create_signal(String::new()),
            duration_value: create_signal(String::new()),
            duration_unit: create_signal(String::new()),
            data_limit: create_signal(String::new()),
            shared_users: create_signal(String::new()),
            session_timeout: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            saving: create_signal(false),
        }
    }

    fn fill(&self, input: &ProfileInput) {
        self.name.set(input.name.clone());
        self.rate_limit.set(input.rate_limit.clone());
        self.price.set(input.price.clone());
        self.currency.set(input.currency.clone());
        self.duration_value.set(input.duration_value.clone());
        self.duration_unit.set(input.duration_unit.clone());
        self.data_limit.set(input.data_limit.clone());
        self.shared_users.set(input.shared_users.clone());
        self.session_timeout.set(input.session_timeout.clone());
        self.errors.set(Vec::new());
    }

    /// A blank form with the usual defaults (a 30-day plan for one device).
    pub fn open_new(&self) {
        self.fill(&ProfileInput {
            currency: self
                .currency
                .get_clone_untracked()
                .chars()
                .take(3)
                .collect::<String>()
                .to_uppercase(),
            duration_value: "30".into(),
            duration_unit: DurationUnit::Days.as_str().into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
            ..ProfileInput::default()
        });
        self.mode.set(Some(FormMode::New));
    }

    pub fn open_edit(&self, profile: &ProfileView) {
        self.fill(&profile.to_input());
        self.mode.set(Some(FormMode::Edit {
            id: profile.id,
            name: profile.name.clone(),
        }));
    }

    pub fn close(&self) {
        self.mode.set(None);
        self.errors.set(Vec::new());
    }

    pub fn input(&self) -> ProfileInput {
        ProfileInput {
            name: self.name.get_clone(),
            rate_limit: self.rate_limit.get_clone(),
            price: self.price.get_clone(),
            currency: self.currency.get_clone(),
            duration_value: self.duration_value.get_clone(),
            duration_unit: self.duration_unit.get_clone(),
            data_limit: self.data_limit.get_clone(),
            shared_users: self.shared_users.get_clone(),
            session_timeout: self.session_timeout.get_clone(),
        }
    }
}

impl Default for ProfileFormState {
    fn default() -> Self {
        Self::new()
    }
}

fn save(page: ProfilesPageState) {
    let form = page.form;
    let Some(mode) = form.mode.get_clone() else {
        return;
    };
    form.saving.set(true);
    spawn_local_scoped(async move {
        let input = form.input();
        let result: Result<ProfileView, ApiError> = match &mode {
            FormMode::New => invoke::<CreateProfile>(&WithInput { input }).await,
            FormMode::Edit { id, .. } => invoke::<UpdateProfile>(&Edit { id: *id, input }).await,
        };
        form.saving.set(false);
        match result {
            Ok(saved) => {
                form.close();
                let verb = if mode == FormMode::New {
                    "Created"
                } else {
                    "Saved"
                };
                page.notice
                    .set(Some(Notice::Success(format!("{verb} '{}'.", saved.name))));
                page.reload();
            }
            Err(e) => {
                form.errors.set(e.fields.clone());
                page.notice.set(Some(Notice::Error(e.message)));
            }
        }
    });
}

/// Create or edit a profile. Each field shows the backend's message for it.
#[component]
pub fn ProfileForm() -> View {
    let page = use_context::<ProfilesPageState>();
    let form = page.form;
    let errors = *form.errors;
    let title = move || match form.mode.get_clone() {
        Some(FormMode::Edit { name, .. }) => format!("Edit '{name}'"),
        _ => "New profile".to_string(),
    };
    let units = DurationUnit::ALL
        .into_iter()
        .map(|u| view! { option(value=u.as_str()) { (u.as_str()) } })
        .collect::<Vec<_>>();
    let unit_error = move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == "duration_unit")
                .map(|e| e.message.clone())
        })
    };
    view! {
        section(class="card form-card", id="profile-form") {
            h2 { (title()) }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); save(page) }) {
                div(class="form-grid") {
                    TextField(name="name", label="Name", value=form.name, errors=errors, placeholder="Home 10M")
                    TextField(name="rate_limit", label="Speed (upload/download)", value=form.rate_limit, errors=errors,
                        placeholder="10M/5M", hint="RouterOS rate-limit; burst optional: 10M/5M 20M/10M 8M/4M 16/16")
                    TextField(name="price", label="Price", value=form.price, errors=errors, placeholder="150000")
                    TextField(name="currency", label="Currency", value=form.currency, errors=errors, placeholder="IDR")
                    TextField(name="duration_value", label="Duration", value=form.duration_value, errors=errors, placeholder="30")
                    label(class="field") {
                        span(class="field-label") { "Duration unit" }
                        select(id="profile-duration_unit", bind:value=form.duration_unit) { (units) }
                        (match unit_error() {
                            Some(m) => view! { span(class="field-error", id="error-duration_unit") { (m) } },
                            None => view! { span(class="field-hint") {} },
                        })
                    }
                    TextField(name="data_limit", label="Data limit", value=form.data_limit, errors=errors,
                        placeholder="Unlimited", hint="Empty for unlimited, or e.g. 5G")
                    TextField(name="shared_users", label="Devices at once", value=form.shared_users, errors=errors, placeholder="1")
                    TextField(name="session_timeout", label="Session timeout", value=form.session_timeout, errors=errors, placeholder="none, or e.g. 2h")
                }
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="profile-save", disabled=form.saving.get()) {
                        (if form.saving.get() { "Saving…" } else { "Save profile" })
                    }
                    button(r#type="button", id="profile-cancel", on:click=move |_| { form.close(); page.notice.set(None) }) { "Cancel" }
                }
            }
        }
    }
}
