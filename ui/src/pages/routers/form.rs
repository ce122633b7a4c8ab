use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{
    CreateRouter, Edit, SetRouterHotspot, TryRouter, UpdateRouter, WithInput,
};
use tikbill_api::{ApiError, FieldError, RouterId, RouterInput, RouterTrial, RouterView};

use super::RoutersPageState;
use crate::components::field::TextField;
use crate::components::file_store_offer::{choose_file_store, offers_file_store, FileStoreOffer};
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
    /// Where the hotspot's login page is, for the QR code on vouchers (blank: none).
    pub hotspot_address: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub saving: Signal<bool>,
    /// "Test" is running.
    pub testing: Signal<bool>,
    /// Saving failed because there is no OS keyring: the password file is offered.
    pub no_keyring: Signal<bool>,
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
            hotspot_address: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            saving: create_signal(false),
            testing: create_signal(false),
            no_keyring: create_signal(false),
        }
    }

    pub fn open_new(&self) {
        self.name.set(String::new());
        self.host.set(String::new());
        self.port.set(String::new());
        self.use_tls.set(false);
        self.username.set(String::new());
        self.password.set(String::new());
        self.hotspot_address.set(String::new());
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
        self.hotspot_address
            .set(r.hotspot_address.clone().unwrap_or_default());
        self.errors.set(Vec::new());
        self.mode.set(Some(FormMode::Edit {
            id: r.id,
            name: r.name.clone(),
        }));
    }

    pub fn close(&self) {
        self.no_keyring.set(false);
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
        // The hotspot's address is its own setting, saved after the router.
        let hotspot = form
            .hotspot_address
            .get_clone_untracked()
            .trim()
            .to_string();
        let result = match result {
            Ok(saved) if saved.hotspot_address.clone().unwrap_or_default() != hotspot => {
                let set = invoke::<SetRouterHotspot>(&Edit {
                    id: saved.id,
                    input: hotspot,
                })
                .await;
                if set.is_err() {
                    // The router itself is saved: the form edits it from now on, so saving
                    // again fixes the address instead of adding the router twice.
                    form.mode.set(Some(FormMode::Edit {
                        id: saved.id,
                        name: saved.name.clone(),
                    }));
                    form.password.set(String::new());
                    page.reload();
                }
                set
            }
            other => other,
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
                form.no_keyring.set(offers_file_store(&e));
                form.errors.set(e.fields.clone());
                page.notice.set(Some(Notice::Error(e.message)));
            }
        }
    });
}

/// What a trial found, as a notice: the note on encryption always comes with it.
pub fn describe_trial(trial: &RouterTrial) -> Notice {
    let how = if trial.use_tls {
        "api-ssl"
    } else {
        "plain API"
    };
    match (&trial.report, &trial.error) {
        (Some(r), _) => {
            let mut text = format!(
                "Reached {} running RouterOS {} over {how} on port {} in {} ms. {}",
                r.identity, r.routeros_version, trial.port, r.latency_ms, trial.note
            );
            if let Some(warning) = &trial.warning {
                text.push(' ');
                text.push_str(warning);
            }
            if trial.use_tls {
                Notice::Success(text)
            } else {
                Notice::Warning(text)
            }
        }
        (None, error) => {
            let why = error.clone().unwrap_or_else(|| "no answer".into());
            Notice::Error(format!("{why} {}", trial.note).trim().to_string())
        }
    }
}

/// "Test" before saving; the form takes the way of reaching the router that answered.
fn try_it(page: RoutersPageState) {
    let form = page.form;
    form.testing.set(true);
    page.scope.spawn(async move {
        let input = form.input();
        let result: Result<RouterTrial, ApiError> = invoke::<TryRouter>(&WithInput { input }).await;
        form.testing.set(false);
        match result {
            Ok(trial) => {
                if trial.report.is_some() {
                    form.use_tls.set(trial.use_tls);
                    form.port.set(trial.port.to_string());
                }
                page.notice.set(Some(describe_trial(&trial)));
            }
            Err(e) => {
                form.errors.set(e.fields.clone());
                page.notice.set(Some(Notice::Error(e.message)));
            }
        }
    });
}

/// Switches to the password file, then saves the router again.
fn use_file_store(page: RoutersPageState) {
    let form = page.form;
    form.saving.set(true);
    page.scope.spawn(async move {
        let chosen = choose_file_store().await;
        form.saving.set(false);
        match chosen {
            Ok(_) => {
                form.no_keyring.set(false);
                save(page);
            }
            Err(e) => page.notice.set(Some(Notice::Error(e.message))),
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
                        hint="Empty: Test tries api-ssl (8729) first, then 8728", id_prefix="router")
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
                    TextField(name="hotspot_address", label="Hotspot address", value=form.hotspot_address, errors=errors,
                        placeholder="10.5.50.1", hint="Where the hotspot login page is: printed on vouchers as a QR code", id="router-hotspot-address")
                }
                (if form.no_keyring.get() {
                    view! { FileStoreOffer(busy=form.saving.get(), on_choose=Rc::new(move || use_file_store(page))) }
                } else {
                    view! {}
                })
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="router-save", disabled=form.saving.get()) {
                        (if form.saving.get() { "Saving…" } else { "Save router" })
                    }
                    button(r#type="button", id="router-try", disabled=form.testing.get(), on:click=move |_| try_it(page)) {
                        (if form.testing.get() { "Testing…" } else { "Test" })
                    }
                    button(r#type="button", id="router-cancel", on:click=move |_| { form.close(); page.notice.set(None) }) { "Cancel" }
                }
            }
        }
    }
}
