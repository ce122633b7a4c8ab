mod alerts;
mod jobs;
mod office;
mod receipts;
mod relay;
mod saving;
mod sms;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{AgentJobs, GetAppInfo, NoArgs};
use tikbill_api::{AppInfo, DatabaseKind, JobRunView, SecretStoreKind};

use crate::components::file_store_offer::{choose_file_store, FILE_STORE_CHOICE};
use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::ipc::invoke;
use crate::state::Page;

pub use alerts::AlertsCard;
pub use jobs::{job_purpose, JobList};
pub use office::{OfficeForm, OfficeSettingsCard};
pub use receipts::{base64, paper_options, ReceiptsCard, ReceiptsForm};
pub use relay::{RelayCard, RelayForm};
pub use sms::{provider_options, secret_hint, SmsCard, SmsForm};

#[component]
pub fn SettingsPage() -> View {
    let info = create_signal(None::<Result<AppInfo, String>>);
    let jobs = create_signal(None::<Result<Vec<JobRunView>, String>>);
    let office = OfficeForm::new();
    spawn_local_scoped(async move {
        info.set(Some(
            invoke::<GetAppInfo>(&NoArgs {})
                .await
                .map_err(|e| e.message),
        ));
    });
    spawn_local_scoped(async move {
        jobs.set(Some(
            invoke::<AgentJobs>(&NoArgs {}).await.map_err(|e| e.message),
        ));
    });
    office.load();
    let receipts = ReceiptsForm::new(office.notice);
    receipts.load();
    let relay = RelayForm::new(office.notice);
    relay.load();
    let sms = SmsForm::new(office.notice);
    sms.load();
    view! {
        PageHeader(page=Page::Settings) {}
        NoticeBar(notice=office.notice)
        OfficeSettingsCard(form=office)
        ReceiptsCard(form=receipts)
        RelayCard(form=relay)
        AlertsCard {}
        SmsCard(form=sms)
        (match info.get_clone() {
            None => view! { p(class="muted") { "Loading…" } },
            Some(Err(message)) => view! { div(class="notice error") { (message) } },
            Some(Ok(current)) => {
                let keyring = current.secret_store == SecretStoreKind::Keyring
                    && crate::state::allowed(tikbill_api::Permission::ChooseSecretStore);
                view! {
                    AppInfoCard(info=current)
                    (if keyring {
                        view! {
                            section(class="card", id="secret-store-choice") {
                                p(class="muted") {
                                    "If this computer has no keyring (a Linux desktop without a Secret Service), router passwords cannot be saved there. tikbill can keep them in a file only your account can read instead; it takes effect at once, and for the agent at its next start."
                                }
                                button(id="use-file-store", on:click=move |_| {
                                    spawn_local_scoped(async move {
                                        match choose_file_store().await {
                                            Ok(now) => info.set(Some(Ok(now))),
                                            Err(e) => office.notice.set(Some(Notice::Error(e.message))),
                                        }
                                    });
                                }) { (FILE_STORE_CHOICE) }
                            }
                        }
                    } else {
                        view! {}
                    })
                }
            }
        })
        (match jobs.get_clone() {
            None => view! {},
            Some(Err(message)) => view! {
                section(class="card", id="agent-jobs") {
                    h2 { "Scheduled jobs" }
                    div(class="notice error") { (message) }
                }
            },
            Some(Ok(list)) => view! { JobList(jobs=list) },
        })
    }
}

/// Where the data lives and which version runs.
#[component(inline_props)]
pub fn AppInfoCard(info: AppInfo) -> View {
    let kind = match info.database {
        DatabaseKind::Sqlite => "SQLite (this computer)",
        DatabaseKind::Postgres => "PostgreSQL (shared)",
    };
    view! {
        section(class="card") {
            h2 { "Database" }
            dl(class="facts") {
                dt { "Kind" } dd(id="db-kind") { (kind) }
                dt { "Location" } dd(id="db-location") { code { (info.database_location.clone()) } }
                dt { "tikbill version" } dd { (info.version.clone()) }
            }
            p(class="muted") {
                "To use a shared PostgreSQL database, set TIKBILL_DATABASE_URL or the database_url setting and restart."
            }
        }
        section(class="card") {
            h2 { "Router passwords" }
            (match info.secret_store {
                SecretStoreKind::Keyring => view! {
                    p(id="secret-store") { "Kept in this computer's keyring (Keychain, Credential Manager or the Secret Service), never in the database." }
                },
                SecretStoreKind::File => {
                    let at = info.secret_store_location.clone().unwrap_or_default();
                    view! {
                        p(id="secret-store", class="notice warning") {
                            (format!("Kept in a password file readable only by this account: {at}. This was chosen explicitly (in Settings, or TIKBILL_SECRET_STORE=file) because no system keyring is available. Protect this file like the routers themselves."))
                        }
                    }
                }
            })
        }
    }
}
