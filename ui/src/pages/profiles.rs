//! The Profiles page: the list of plans, and a form to create or edit one.

mod form;
mod table;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{ById, DeleteProfile, ListProfiles, NoArgs};
use tikbill_api::{ApiError, ProfileView};

use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::ipc::invoke;
use crate::state::Page;

pub use form::{FormMode, ProfileForm, ProfileFormState};
pub use table::ProfileTable;

/// Everything the page's parts share.
#[derive(Clone, Copy)]
pub struct ProfilesPageState {
    pub profiles: Signal<Option<Vec<ProfileView>>>,
    pub notice: Signal<Option<Notice>>,
    pub form: ProfileFormState,
    /// The profile waiting for the user to confirm its deletion.
    pub confirm_delete: Signal<Option<ProfileView>>,
}

impl ProfilesPageState {
    fn new() -> Self {
        Self {
            profiles: create_signal(None),
            notice: create_signal(None),
            form: ProfileFormState::new(),
            confirm_delete: create_signal(None),
        }
    }

    pub fn reload(self) {
        spawn_local_scoped(async move {
            match invoke::<ListProfiles>(&NoArgs {}).await {
                Ok(list) => self.profiles.set(Some(list)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    pub fn delete(self, profile: ProfileView) {
        spawn_local_scoped(async move {
            let result: Result<(), ApiError> =
                invoke::<DeleteProfile>(&ById { id: profile.id }).await;
            self.confirm_delete.set(None);
            match result {
                Ok(()) => {
                    self.notice.set(Some(Notice::Success(format!(
                        "Deleted '{}'.",
                        profile.name
                    ))));
                    self.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }
}

#[component]
pub fn ProfilesPage() -> View {
    let page = ProfilesPageState::new();
    provide_context(page);
    page.reload();
    let form_open = move || page.form.mode.get_clone().is_some();
    view! {
        PageHeader(page=Page::Profiles) {
            (if crate::state::allowed(tikbill_api::Permission::EditPlans) {
                view! {
                    button(class="primary", id="new-profile", disabled=form_open(), on:click=move |_| {
                        page.notice.set(None);
                        page.form.open_new();
                    }) { "New profile" }
                }
            } else {
                view! {}
            })
        }
        NoticeBar(notice=page.notice)
        (match page.confirm_delete.get_clone() {
            None => view! {},
            Some(p) => {
                let name = p.name.clone();
                view! {
                    div(class="notice warning", id="confirm-delete") {
                        span { (format!("Delete the profile '{name}'? This cannot be undone.")) }
                        div(class="notice-actions") {
                            button(class="danger", id="confirm-delete-yes", on:click=move |_| page.delete(p.clone())) { "Delete" }
                            button(id="confirm-delete-no", on:click=move |_| page.confirm_delete.set(None)) { "Keep it" }
                        }
                    }
                }
            }
        })
        (if form_open() { view! { ProfileForm {} } } else { view! {} })
        (match page.profiles.get_clone() {
            None => view! { p(class="muted") { "Loading profiles…" } },
            Some(list) => view! {
                ProfileTable(
                    profiles=list,
                    on_edit=std::rc::Rc::new(move |p: ProfileView| { page.notice.set(None); page.form.open_edit(&p) }),
                    on_delete=std::rc::Rc::new(move |p: ProfileView| page.confirm_delete.set(Some(p))),
                )
            },
        })
    }
}
