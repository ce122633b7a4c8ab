mod jobs;
mod office;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{AgentJobs, GetAppInfo, NoArgs};
use tikbill_api::{AppInfo, DatabaseKind, JobRunView, SecretStoreKind};

use crate::components::notice::NoticeBar;
use crate::components::page_header::PageHeader;
use crate::ipc::invoke;
use crate::state::Page;

pub use jobs::{job_purpose, JobList};
pub use office::{OfficeForm, OfficeSettingsCard};

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
    view! {
        PageHeader(page=Page::Settings) {}
        NoticeBar(notice=office.notice)
        OfficeSettingsCard(form=office)
        (match info.get_clone() {
            None => view! { p(class="muted") { "Loading…" } },
            Some(Err(message)) => view! { div(class="notice error") { (message) } },
            Some(Ok(info)) => view! { AppInfoCard(info=info) },
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
                            (format!("Kept in a password file readable only by this account: {at}. This was chosen explicitly (TIKBILL_SECRET_STORE=file) because no system keyring is available. Protect this file like the routers themselves."))
                        }
                    }
                }
            })
        }
    }
}
