//! The Staff page (owners only): every account, adding one, changing a role, disabling (never
//! deleting: the audit log names them) and resetting a forgotten password.

mod table;

use sycamore::prelude::*;
use tikbill_api::command::{
    AddStaff, ById, DisableStaff, Edit, EnableStaff, ListStaff, NoArgs, ResetStaffPassword,
    SetStaffRole, WithInput,
};
use tikbill_api::{ApiError, FieldError, StaffId, StaffInput, StaffRole, StaffView};

use crate::components::field::{SelectField, TextField};
use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::Page;

pub use table::{StaffAction, StaffTable};

/// The roles as the form offers them: `(value, text)`.
pub fn role_options() -> Vec<(String, String)> {
    StaffRole::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), role_title(r).to_string()))
        .collect()
}

/// A role as people say it.
pub fn role_title(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Owner => "Owner",
        StaffRole::Manager => "Manager",
        StaffRole::Cashier => "Cashier",
        StaffRole::Viewer => "Viewer",
    }
}

#[derive(Clone, Copy)]
struct StaffPageState {
    staff: Signal<Option<Vec<StaffView>>>,
    notice: Signal<Option<Notice>>,
    scope: PageScope,
}

impl StaffPageState {
    fn reload(self) {
        self.scope.spawn(async move {
            match invoke::<ListStaff>(&NoArgs {}).await {
                Ok(list) => self.staff.set(Some(list)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// Shows the outcome of a change to one account and reloads the list.
    fn changed(self, result: Result<StaffView, ApiError>, said: impl Fn(&StaffView) -> String) {
        match result {
            Ok(account) => {
                self.notice.set(Some(Notice::Success(said(&account))));
                self.reload();
            }
            Err(e) => self.notice.set(Some(Notice::Error(e.message))),
        }
    }

    fn set_role(self, id: StaffId, role: StaffRole) {
        self.scope.spawn(async move {
            let result = invoke::<SetStaffRole>(&Edit { id, input: role }).await;
            self.changed(result, |a| {
                format!(
                    "{} is now {}.",
                    a.username,
                    role_title(a.role).to_lowercase()
                )
            });
        });
    }

    fn set_disabled(self, id: StaffId, disabled: bool) {
        self.scope.spawn(async move {
            let result = if disabled {
                invoke::<DisableStaff>(&ById { id }).await
            } else {
                invoke::<EnableStaff>(&ById { id }).await
            };
            self.changed(result, |a| {
                if a.disabled {
                    format!("{} can no longer sign in.", a.username)
                } else {
                    format!("{} can sign in again.", a.username)
                }
            });
        });
    }

    fn reset(self, id: StaffId, temporary: String) {
        self.scope.spawn(async move {
            let result = invoke::<ResetStaffPassword>(&Edit {
                id,
                input: temporary,
            })
            .await;
            self.changed(result, |a| {
                format!(
                    "{} signs in with the temporary password once, then chooses their own.",
                    a.username
                )
            });
        });
    }
}

#[component]
pub fn StaffPage() -> View {
    let page = StaffPageState {
        staff: create_signal(None),
        notice: create_signal(None),
        scope: PageScope::current(),
    };
    page.reload();
    let on_action: std::rc::Rc<dyn Fn(StaffId, StaffAction)> =
        std::rc::Rc::new(move |id: StaffId, action: StaffAction| match action {
            StaffAction::Role(role) => page.set_role(id, role),
            StaffAction::Disable => page.set_disabled(id, true),
            StaffAction::Enable => page.set_disabled(id, false),
            StaffAction::Reset(temporary) => page.reset(id, temporary),
        });
    view! {
        PageHeader(page=Page::Staff) {}
        NoticeBar(notice=page.notice)
        AddStaffForm(on_added=std::rc::Rc::new(move |added: StaffView| {
            page.notice.set(Some(Notice::Success(format!(
                "Added {} ({}). Give them their password; they can change it after signing in.",
                added.username,
                role_title(added.role).to_lowercase()
            ))));
            page.reload();
        }))
        (match page.staff.get_clone() {
            None => view! { p(class="muted") { "Loading staff…" } },
            Some(list) => {
                let on_action = on_action.clone();
                view! { StaffTable(staff=list, on_action=on_action) }
            }
        })
    }
}

#[component(inline_props)]
fn AddStaffForm(on_added: std::rc::Rc<dyn Fn(StaffView)>) -> View {
    let username = create_signal(String::new());
    let name = create_signal(String::new());
    let role = create_signal(StaffRole::Cashier.as_str().to_string());
    let password = create_signal(String::new());
    let errors = create_signal(Vec::<FieldError>::new());
    let message = create_signal(None::<String>);
    let options = create_signal(role_options());
    let scope = PageScope::current();
    let submit = move |e: web_sys::SubmitEvent| {
        e.prevent_default();
        errors.set(Vec::new());
        message.set(None);
        let input = StaffInput {
            username: username.get_clone_untracked(),
            name: name.get_clone_untracked(),
            role: StaffRole::parse(&role.get_clone_untracked()).unwrap_or(StaffRole::Viewer),
            password: password.get_clone_untracked(),
        };
        let on_added = on_added.clone();
        scope.spawn(async move {
            match invoke::<AddStaff>(&WithInput { input }).await {
                Ok(added) => {
                    username.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    on_added(added);
                }
                Err(e) => {
                    message.set(Some(e.message));
                    errors.set(e.fields);
                }
            }
        });
    };
    view! {
        section(class="card form-card staff-add", id="add-staff") {
            h2 { "Add a staff account" }
            form(novalidate=true, on:submit=submit) {
                div(class="form-grid") {
                    TextField(name="username", label="User name", value=username, errors=*errors, id="staff-username", hint="What they sign in with")
                    TextField(name="name", label="Full name", value=name, errors=*errors, id="staff-name")
                    SelectField(name="role", label="Role", id="staff-role", value=role, errors=*errors, options=*options)
                    TextField(name="password", label="First password", value=password, errors=*errors, id="staff-password", kind="password",
                        hint="At least 10 characters")
                }
                (match message.get_clone() {
                    Some(m) => view! { p(class="field-error", id="add-staff-error") { (m) } },
                    None => view! {},
                })
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="add-staff-submit") { "Add account" }
                }
            }
        }
    }
}
