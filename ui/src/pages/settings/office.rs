use sycamore::prelude::*;
use tikbill_api::command::{GetOfficeSettings, NoArgs, SaveOfficeSettings, WithInput};
use tikbill_api::{ApiError, FieldError, OfficeSettings};

use crate::components::field::TextField;
use crate::components::notice::Notice;
use crate::ipc::invoke;

/// The office settings form: the time zone as typed, and what the backend said.
#[derive(Clone, Copy)]
pub struct OfficeForm {
    pub time_zone: Signal<String>,
    /// Minutes, as typed.
    pub idle_lock: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub saving: Signal<bool>,
    pub notice: Signal<Option<Notice>>,
    /// The app around the form (none in view tests), whose idle lock follows a save.
    app: Option<crate::state::AppState>,
    /// The page's scope: a save outlives the button that started it.
    scope: crate::scope::PageScope,
}

impl OfficeForm {
    pub fn new() -> Self {
        Self {
            time_zone: create_signal(String::new()),
            idle_lock: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            saving: create_signal(false),
            notice: create_signal(None),
            app: try_use_context::<crate::state::AppState>(),
            scope: crate::scope::PageScope::current(),
        }
    }

    pub fn load(self) {
        self.scope.spawn(async move {
            match invoke::<GetOfficeSettings>(&NoArgs {}).await {
                Ok(s) => {
                    self.time_zone.set(s.time_zone);
                    self.idle_lock.set(s.idle_lock_minutes.to_string());
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    pub fn save(self) {
        self.saving.set(true);
        self.errors.set(Vec::new());
        let typed = self.idle_lock.get_clone_untracked();
        let Ok(idle_lock_minutes) = typed.trim().parse::<u32>() else {
            self.saving.set(false);
            let message = format!("'{}' is not a number of minutes.", typed.trim());
            self.errors.set(vec![FieldError {
                field: "idle_lock_minutes".into(),
                message: message.clone(),
            }]);
            self.notice.set(Some(Notice::Error(message)));
            return;
        };
        self.scope.spawn(async move {
            let input = OfficeSettings {
                time_zone: self.time_zone.get_clone_untracked().trim().to_string(),
                idle_lock_minutes,
            };
            let result: Result<OfficeSettings, ApiError> =
                invoke::<SaveOfficeSettings>(&WithInput { input }).await;
            self.saving.set(false);
            match result {
                Ok(saved) => {
                    self.notice.set(Some(Notice::Success(format!(
                        "Saved: plans now end by the clock in {}.",
                        saved.time_zone
                    ))));
                    self.time_zone.set(saved.time_zone);
                    self.idle_lock.set(saved.idle_lock_minutes.to_string());
                    // The idle lock counts the new minutes from now on.
                    if let Some(app) = self.app {
                        app.session.update(|s| {
                            if let Some(s) = s.as_mut() {
                                s.idle_lock_minutes = saved.idle_lock_minutes;
                            }
                        });
                    }
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }
}

impl Default for OfficeForm {
    fn default() -> Self {
        Self::new()
    }
}

/// The office's time zone, which plans of days, weeks and months are counted in.
#[component(inline_props)]
pub fn OfficeSettingsCard(form: OfficeForm) -> View {
    view! {
        section(class="card form-card", id="office-settings") {
            h2 { "Office" }
            p(class="muted") {
                "Plans of days, weeks and months end at the same wall-clock time in the office's time zone; times on screen are shown in this computer's local time."
            }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); form.save() }) {
                div(class="form-grid") {
                    TextField(name="time_zone", label="Time zone", value=form.time_zone, errors=*form.errors,
                        placeholder="Africa/Nairobi", hint="An IANA name, e.g. Africa/Nairobi or Asia/Jakarta", id="office-time-zone")
                    TextField(name="idle_lock_minutes", label="Lock after idle (minutes)", value=form.idle_lock, errors=*form.errors,
                        placeholder="15", hint="The app returns to the sign-in screen, keeping what was on it", id="office-idle-lock")
                }
                (if crate::state::allowed(tikbill_api::Permission::EditSettings) {
                    view! {
                        div(class="form-actions") {
                            button(r#type="submit", class="primary", id="save-office", disabled=form.saving.get()) {
                                (if form.saving.get() { "Saving…" } else { "Save" })
                            }
                        }
                    }
                } else {
                    view! {}
                })
            }
        }
    }
}
