//! The way out when this computer has no OS keyring (a Linux desktop without a Secret Service):
//! keep router passwords in a file only this account can read, chosen by the person, at once.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{ChooseSecretStore, SecretStoreChoice};
use tikbill_api::{ApiError, AppInfo, ErrorCode, SecretStoreKind};

use crate::ipc::invoke;

/// The button's words.
pub const FILE_STORE_CHOICE: &str = "Keep router passwords in an owner-only file instead";

/// Whether `error` is the keyring being unavailable, for which the file is offered.
pub fn offers_file_store(error: &ApiError) -> bool {
    error.code == ErrorCode::KeyringUnavailable
}

/// Switches the app to the password file (saved in its settings; the agent follows at its next
/// start).
pub async fn choose_file_store() -> Result<AppInfo, ApiError> {
    invoke::<ChooseSecretStore>(&SecretStoreChoice {
        kind: SecretStoreKind::File,
    })
    .await
}

/// The offer, with the button that takes it.
#[component(inline_props)]
pub fn FileStoreOffer(
    /// The switch is under way.
    busy: bool,
    on_choose: Rc<dyn Fn()>,
) -> View {
    view! {
        div(class="notice warning", id="file-store-offer", role="status") {
            span {
                "This computer has no keyring for router passwords (no Secret Service is running). \
                 tikbill can keep them in a file that only your account can read instead; protect \
                 that file like the routers themselves."
            }
            div(class="notice-actions") {
                button(class="primary", id="use-file-store", disabled=busy, on:click=move |_| on_choose()) {
                    (FILE_STORE_CHOICE)
                }
            }
        }
    }
}
