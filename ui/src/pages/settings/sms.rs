//! Expiry reminders by SMS: on or off, how many days before a plan ends, the gateway (Africa's
//! Talking, Twilio or any HTTP gateway by URL template) and the message. Secrets are typed to
//! set them and never shown: a blank field keeps what is stored.

use sycamore::prelude::*;
use tikbill_api::command::{GetSmsSettings, NoArgs, SaveSmsSettings};
use tikbill_api::{Permission, SmsMethod, SmsProvider, SmsSettings};

use super::saving::Saving;
use crate::components::field::{FieldMessage, SelectField, TextField};
use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::allowed;

/// The providers as the form offers them: `(value, text)`.
pub fn provider_options() -> Vec<(String, String)> {
    SmsProvider::ALL
        .into_iter()
        .map(|p| (p.as_str().to_string(), p.label().to_string()))
        .collect()
}

fn method_options() -> Vec<(String, String)> {
    [SmsMethod::Post, SmsMethod::Get]
        .into_iter()
        .map(|m| (m.as_str().to_string(), m.as_str().to_string()))
        .collect()
}

/// A secret as typed: blank keeps the stored one.
fn secret(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// What a secret's field says under it.
pub fn secret_hint(set: bool) -> &'static str {
    if set {
        "Set. Leave blank to keep it."
    } else {
        "Not set."
    }
}

/// The SMS reminders form as typed.
#[derive(Clone, Copy)]
pub struct SmsForm {
    pub enabled: Signal<bool>,
    pub days_before: Signal<String>,
    /// An [`SmsProvider`] name.
    pub provider: Signal<String>,
    pub template: Signal<String>,
    pub at_username: Signal<String>,
    pub at_sender_id: Signal<String>,
    pub at_api_key: Signal<String>,
    pub twilio_sid: Signal<String>,
    pub twilio_from: Signal<String>,
    pub twilio_token: Signal<String>,
    pub custom_method: Signal<String>,
    pub custom_url: Signal<String>,
    pub custom_body: Signal<String>,
    pub custom_content_type: Signal<String>,
    pub custom_authorization: Signal<String>,
    /// What the backend last said: which secrets are set.
    pub saved: Signal<SmsSettings>,
    /// Busy, refused fields, and where the page says how a save went.
    pub saving: Saving,
}

impl SmsForm {
    /// `notice` is where the page says how a save went. Call it in the page's body.
    pub fn new(notice: Signal<Option<Notice>>) -> Self {
        let text = || create_signal(String::new());
        let form = Self {
            enabled: create_signal(false),
            days_before: text(),
            provider: text(),
            template: text(),
            at_username: text(),
            at_sender_id: text(),
            at_api_key: text(),
            twilio_sid: text(),
            twilio_from: text(),
            twilio_token: text(),
            custom_method: text(),
            custom_url: text(),
            custom_body: text(),
            custom_content_type: text(),
            custom_authorization: text(),
            saved: create_signal(SmsSettings::default()),
            saving: Saving {
                scope: PageScope::current(),
                busy: create_signal(false),
                errors: create_signal(Vec::new()),
                notice,
            },
        };
        form.show(SmsSettings::default());
        form
    }

    /// Fills the form with `saved` (secret fields blank).
    pub fn show(self, saved: SmsSettings) {
        batch(|| {
            self.enabled.set(saved.enabled);
            self.days_before.set(saved.days_before.clone());
            self.provider.set(saved.provider.as_str().to_string());
            self.template.set(saved.template.clone());
            self.at_username.set(saved.africas_talking.username.clone());
            self.at_sender_id
                .set(saved.africas_talking.sender_id.clone());
            self.twilio_sid.set(saved.twilio.account_sid.clone());
            self.twilio_from.set(saved.twilio.from.clone());
            self.custom_method
                .set(saved.custom.method.as_str().to_string());
            self.custom_url.set(saved.custom.url.clone());
            self.custom_body.set(saved.custom.body.clone());
            self.custom_content_type
                .set(saved.custom.content_type.clone());
            for field in [
                self.at_api_key,
                self.twilio_token,
                self.custom_authorization,
            ] {
                field.set(String::new());
            }
            self.saved.set(saved);
        });
    }

    pub fn load(self) {
        self.saving.scope.spawn(async move {
            match invoke::<GetSmsSettings>(&NoArgs {}).await {
                Ok(saved) => self.show(saved),
                Err(e) => self.saving.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// The settings as typed.
    pub fn settings(self) -> SmsSettings {
        let get = |s: Signal<String>| s.get_clone_untracked();
        let mut input = self.saved.get_clone_untracked();
        input.enabled = self.enabled.get_untracked();
        input.days_before = get(self.days_before);
        input.provider = SmsProvider::parse(&get(self.provider)).unwrap_or_default();
        input.template = get(self.template);
        input.africas_talking.username = get(self.at_username);
        input.africas_talking.sender_id = get(self.at_sender_id);
        input.africas_talking.api_key = secret(get(self.at_api_key));
        input.twilio.account_sid = get(self.twilio_sid);
        input.twilio.from = get(self.twilio_from);
        input.twilio.auth_token = secret(get(self.twilio_token));
        input.custom.method = SmsMethod::parse(&get(self.custom_method)).unwrap_or_default();
        input.custom.url = get(self.custom_url);
        input.custom.body = get(self.custom_body);
        input.custom.content_type = get(self.custom_content_type);
        input.custom.authorization = secret(get(self.custom_authorization));
        input
    }

    pub fn save(self) {
        self.saving.save::<SaveSmsSettings, _>(
            self.settings(),
            "Saved. The agent sends reminders at its next look (every 5 minutes).",
            move |saved| self.show(saved),
        );
    }
}

/// The SMS reminders section of Settings.
#[component(inline_props)]
pub fn SmsCard(form: SmsForm) -> View {
    let errors = *form.saving.errors;
    let editable = allowed(Permission::EditSettings);
    let providers = *create_signal(provider_options());
    let methods = *create_signal(method_options());
    let saved = move || form.saved.get_clone();
    let gateway = move || match SmsProvider::parse(&form.provider.get_clone()).unwrap_or_default() {
        SmsProvider::AfricasTalking => view! {
            div(class="form-grid two", id="sms-africas-talking") {
                TextField(name="africasTalking.username", label="User name", value=form.at_username,
                    errors=errors, id="sms-at-username", placeholder="sandbox",
                    hint="The application's user name (sandbox to test)")
                TextField(name="africasTalking.senderId", label="Sender id", value=form.at_sender_id,
                    errors=errors, id="sms-at-sender-id", hint="Optional: a registered sender id or short code")
                TextField(name="africasTalking.apiKey", label="API key", value=form.at_api_key,
                    errors=errors, id="sms-at-api-key", kind="password",
                    hint=secret_hint(saved().africas_talking.api_key_set))
            }
        },
        SmsProvider::Twilio => view! {
            div(class="form-grid two", id="sms-twilio") {
                TextField(name="twilio.accountSid", label="Account SID", value=form.twilio_sid,
                    errors=errors, id="sms-twilio-sid", placeholder="AC…")
                TextField(name="twilio.from", label="From", value=form.twilio_from, errors=errors,
                    id="sms-twilio-from", placeholder="+15005550006", hint="A Twilio number or sender id")
                TextField(name="twilio.authToken", label="Auth token", value=form.twilio_token,
                    errors=errors, id="sms-twilio-token", kind="password",
                    hint=secret_hint(saved().twilio.auth_token_set))
            }
        },
        SmsProvider::Custom => view! {
            div(class="form-grid two", id="sms-custom") {
                SelectField(name="custom.method", label="Method", id="sms-custom-method",
                    value=form.custom_method, errors=errors, options=methods)
                TextField(name="custom.url", label="URL", value=form.custom_url, errors=errors,
                    id="sms-custom-url", placeholder="https://sms.example.com/send?to={phone}&text={message}",
                    hint="{phone} and {message} are put in URL-encoded")
                TextField(name="custom.body", label="Body (POST)", value=form.custom_body, errors=errors,
                    id="sms-custom-body", placeholder="to={phone}&text={message}", hint="Optional")
                TextField(name="custom.contentType", label="Content type", value=form.custom_content_type,
                    errors=errors, id="sms-custom-content-type",
                    placeholder="application/x-www-form-urlencoded")
                TextField(name="custom.authorization", label="Authorization header",
                    value=form.custom_authorization, errors=errors, id="sms-custom-authorization",
                    kind="password", hint=secret_hint(saved().custom.authorization_set))
            }
        },
    };
    view! {
        section(class="card form-card", id="sms-settings") {
            h2 { "SMS reminders" }
            p(class="muted") { "Text each customer once before their plan ends. The agent sends them; a reminder it could not send is listed as failed and not sent again." }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); form.save() }) {
                label(class="field check") {
                    input(r#type="checkbox", id="sms-enabled", bind:checked=form.enabled)
                    span { "Send expiry reminders by SMS" }
                }
                div(class="form-grid two") {
                    TextField(name="daysBefore", label="Days before", value=form.days_before,
                        errors=errors, id="sms-days-before", hint="1 to 14: remind when the plan ends within this many days")
                    SelectField(name="provider", label="Gateway", id="sms-provider", value=form.provider,
                        errors=errors, options=providers)
                }
                label(class="field") {
                    span(class="field-label") { "Message" }
                    textarea(id="sms-template", name="template", rows="3", bind:value=form.template) {}
                    FieldMessage(name="template", errors=errors,
                        hint="Placeholders: {name} {username} {plan} {expires} {office}")
                }
                (gateway())
                (if editable {
                    view! {
                        div(class="form-actions") {
                            button(r#type="submit", class="primary", id="sms-save", disabled=form.saving.busy.get()) { "Save" }
                        }
                    }
                } else {
                    view! {}
                })
            }
        }
    }
}
