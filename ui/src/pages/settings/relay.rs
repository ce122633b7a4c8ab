//! Online payments: where payment gateways reach this office (the public URL), where the relay
//! listens on this computer, a relay on another server to pull from, and the gateways set up.

use sycamore::prelude::*;
use tikbill_api::command::{
    GetRelaySettings, NoArgs, RegisterMpesaC2b, SaveRelaySettings, WithInput,
};
use tikbill_api::{FieldError, Permission, RelaySettings};

use crate::components::field::TextField;
use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::allowed;

/// `Some(text)` for text that is not blank, trimmed.
fn typed(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The Online payments form as typed.
#[derive(Clone, Copy)]
pub struct RelayForm {
    pub public_url: Signal<String>,
    pub listen: Signal<String>,
    pub pull_from: Signal<String>,
    /// The gateways set up on this computer (read-only here).
    pub gateways: Signal<Vec<String>>,
    pub errors: Signal<Vec<FieldError>>,
    pub busy: Signal<bool>,
    notice: Signal<Option<Notice>>,
    scope: PageScope,
}

impl RelayForm {
    /// `notice` is where the page says how a save went. Call it in the page's body.
    pub fn new(notice: Signal<Option<Notice>>) -> Self {
        Self {
            public_url: create_signal(String::new()),
            listen: create_signal(String::new()),
            pull_from: create_signal(String::new()),
            gateways: create_signal(Vec::new()),
            errors: create_signal(Vec::new()),
            busy: create_signal(false),
            notice,
            scope: PageScope::current(),
        }
    }

    fn show(self, saved: RelaySettings) {
        batch(|| {
            self.public_url.set(saved.public_url.unwrap_or_default());
            self.listen.set(saved.listen.unwrap_or_default());
            self.pull_from.set(saved.pull_from.unwrap_or_default());
            self.gateways.set(saved.gateways);
        });
    }

    pub fn load(self) {
        self.scope.spawn(async move {
            match invoke::<GetRelaySettings>(&NoArgs {}).await {
                Ok(saved) => self.show(saved),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// The settings as typed: blank fields are none.
    pub fn settings(self) -> RelaySettings {
        RelaySettings {
            public_url: typed(self.public_url.get_clone_untracked()),
            listen: typed(self.listen.get_clone_untracked()),
            pull_from: typed(self.pull_from.get_clone_untracked()),
            gateways: self.gateways.get_clone_untracked(),
        }
    }

    /// Registers the relay's C2B URLs with Daraja and says which.
    pub fn register_c2b(self) {
        self.busy.set(true);
        self.scope.spawn(async move {
            let answer = invoke::<RegisterMpesaC2b>(&NoArgs {}).await;
            self.busy.set(false);
            self.notice.set(Some(match answer {
                Ok(urls) => {
                    Notice::Success(format!("Daraja took the C2B URLs: {}.", urls.join(" and ")))
                }
                Err(e) => Notice::Error(e.message),
            }));
        });
    }

    pub fn save(self) {
        let input = self.settings();
        batch(|| {
            self.busy.set(true);
            self.errors.set(Vec::new());
        });
        self.scope.spawn(async move {
            let answer = invoke::<SaveRelaySettings>(&WithInput { input }).await;
            self.busy.set(false);
            match answer {
                Ok(saved) => {
                    self.show(saved);
                    self.notice.set(Some(Notice::Success(
                        "Saved. A new listen address applies when tikbill next starts.".into(),
                    )));
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }
}

/// The Online payments section of Settings.
#[component(inline_props)]
pub fn RelayCard(form: RelayForm) -> View {
    let errors = *form.errors;
    let editable = allowed(Permission::EditSettings);
    let gateways = move || {
        let list = form.gateways.get_clone();
        if list.is_empty() {
            return view! { p(class="muted", id="relay-gateways-none") { "No gateway is set up on this computer yet." } };
        }
        let items = list
            .into_iter()
            .map(|name| view! { li { code { (name) } } })
            .collect::<Vec<_>>();
        view! { ul(class="relay-gateways", id="relay-gateways") { (items) } }
    };
    view! {
        section(class="card form-card", id="relay-settings") {
            h2 { "Online payments" }
            p(class="muted") { "Payment gateways (M-Pesa, Paystack…) tell tikbill about payments by calling the relay. It must be reachable from the internet at the public URL." }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); form.save() }) {
                div(class="form-grid two") {
                    TextField(name="publicUrl", label="Public URL", value=form.public_url, errors=errors,
                        id="relay-public-url", placeholder="https://pay.example.net",
                        hint="What gateways call; M-Pesa requests' callbacks start with it")
                    TextField(name="listen", label="Listen address", value=form.listen, errors=errors,
                        id="relay-listen", placeholder="0.0.0.0:8080",
                        hint="The relay starts with tikbill; a change applies at the next start")
                    TextField(name="pullFrom", label="Pull from", value=form.pull_from, errors=errors,
                        id="relay-pull-from", placeholder="https://relay.example.net",
                        hint="A relay on another server this computer fetches deliveries from (optional)")
                }
                (if editable {
                    view! {
                        div(class="form-actions") {
                            button(r#type="submit", class="primary", id="relay-save", disabled=form.busy.get()) { "Save" }
                        }
                    }
                } else {
                    view! {}
                })
            }
            h3 { "Gateways set up here" }
            (gateways())
            (if editable && form.gateways.get_clone().iter().any(|g| g == "mpesa") {
                view! {
                    div(class="form-actions") {
                        button(r#type="button", id="relay-register-c2b", disabled=form.busy.get(),
                            on:click=move |_| form.register_c2b()) { "Register M-Pesa C2B URLs" }
                    }
                }
            } else {
                view! {}
            })
            p(class="muted") {
                "Set them up with " code { "tikbill-agent gateways set NAME" } " on this computer."
            }
        }
    }
}
