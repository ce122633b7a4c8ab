use sycamore::prelude::*;
use tikbill_api::command::{CreateRouter, Edit, UpdateRouter, WithInput};
use tikbill_api::{ApiError, FieldError, RouterId, RouterInput, RouterView};

use super::RoutersPageState;
use crate::components::field::TextField;
use crate::components::notice::Notice;
use crate::ipc::invoke;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit { id: RouterId, name: String },
}

#[derive(Clone, Copy)]
pub struct RouterFormState {
    pub mode: Signal<Option<FormMode>>,
    pub name: Signal<String>,
    pub host: Signal<String>,
    pub port: Signal<String>,
    pub use_tls: Signal<bool>,
    pub username: Signal<String>,
    pub password: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub saving: Signal<bool>,
}

impl Default for RouterFormState {
    fn default() -> Self {
        Self::new()
    }
}

impl RouterFormState {
    pub fn new() -> Self {
        Self {
            mode: create_signal(None),
            name: create_signal(String::new()),
            host: create_signal(String::new()),
            port: create_signal(String::new()),
            use_tls: create_signal(false),
            username: create_signal(String::new()),
            password: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            saving: create_signal(false),
        }
    }

    pub fn open_new(&self) {
        self.name.set(String::new());
        self.host.set(String::new());
        self.port.set(String::new());
        self.use_tls.set(false);
        self.username.set(String::new());
        self.password.set(String::new());
        self.errors.set(Vec::new());
        self.mode.set(Some(FormMode::New));
    }

    pub fn open_edit(&self, r: &RouterView) {
        self.name.set(r.name.clone());
        self.host.set(r.host.clone());
        self.port.set(r.port.to_string());
        self.use_tls.set(r.use_tls);
        self.username.set(r.username.clone());
        self.password.set(String::new());
        self.errors.set(Vec::new());
        self.mode.set(Some(FormMode::Edit {
            id: r.id,
            name: r.name.clone(),
        }));
    }

    pub fn close(&self) {
        self.mode.set(None);
        self.errors.set(Vec::new());
        self.password.set(String::new());
    }

    /// The form as sent; when editing, an empty password keeps the stored one.
    pub fn input(&self) -> RouterInput {
        let editing = matches!(self.mode.get_clone(), Some(FormMode::Edit { .. }));
        let password = self.password.get_clone();
        RouterInput {
            name: self.name.get_clone(),
            host: self.host.get_clone(),
            port: self.port.get_clone(),
            use_tls: self.use_tls.get(),
            username: self.username.get_clone(),
            password: if editing && password.is_empty() {
                None
            } else {
                Some(password)
            },
        }
    }
}

fn save(page: RoutersPageState) {
    let form = page.form;
    let Some(mode) = form.mode.get_clone() else {
        return;
    };
    form.saving.set(true);
    page.scope.spawn(async move {
        let input = form.input();
        let result: Result<RouterView, ApiError> = match &mode {
            FormMode::New => invoke::<CreateRouter>(&WithInput { input }).await,
            FormMode::Edit { id, .. } => invoke::<UpdateRouter>(&Edit { id: *id, input }).await,
        };
        form.saving.set(false);
        match result {
            Ok(saved) => {
                form.close();
                page.notice.set(Some(Notice::Success(format!(
                    "Saved '{}'. Use Test to check that tikbill can reach it.",
                    saved.name
                ))));
                page.reload();
            }
            Err(e) => {
                form.errors.set(e.fields.clone());
                page.notice.set(Some(Notice::Error(e.message)));
            }
        }
    });
}

#[component]
pub fn RouterForm() -> View {
    let page = use_context::<RoutersPageState>();
    let form = page.form;
    let errors = *form.errors;
    let editing = move || matches!(form.mode.get_clone(), Some(FormMode::Edit { .. }));
    let title = move || match form.mode.get_clone() {
        Some(FormMode::Edit { name, .. }) => format!("Edit '{name}'"),
        _ => "Add a router".to_string(),
    };
    view! {
        section(class="card form-card", id="router-form") {
            h2 { (title()) }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); save(page) }) {
                div(class="form-grid") {
                    TextField(name="name", label="Name", value=form.name, errors=errors, placeholder="Tower 1", id_prefix="router")
                    TextField(name="host", label="Address", value=form.host, errors=errors, placeholder="10.8.0.2",
                        hint="LAN or VPN address, or a host name", id_prefix="router")
                    TextField(name="port", label="API port", value=form.port, errors=errors, placeholder="8728",
                        hint="Empty: 8728, or 8729 with TLS", id_prefix="router")
                    label(class="field checkbox-field") {
                        span(class="field-label") { "Encryption" }
                        span(class="checkbox-line") {
                            input(r#type="checkbox", id="router-use_tls", bind:checked=form.use_tls)
                            " Use api-ssl (TLS)"
                        }
                        span(class="field-hint") { "The router's certificate is pinned on first use" }
                    }
                    TextField(name="username", label="API user", value=form.username, errors=errors, placeholder="billing", id_prefix="router")
                    TextField(name="password", label="Password", value=form.password, errors=errors, kind="password",
                        hint=if editing() { "Leave empty to keep the stored password" } else { "Kept in the system keyring" }, id_prefix="router")
                }
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="router-save", disabled=form.saving.get()) {
                        (if form.saving.get() { "Saving…" } else { "Save router" })
                    }
                    button(r#type="button", id="router-cancel", on:click=move |_| { form.close(); page.notice.set(None) }) { "Cancel" }
                }
            }
        }
    }
}
