use sycamore::prelude::*;
use tikbill_api::command::{ImportCustomersCsv, WithInput};
use tikbill_api::{ApiError, CsvImportInput, FieldError, ImportReport};

use super::CustomersPageState;
use crate::components::field::{FieldMessage, SelectField};
use crate::components::import_report::{import_summary, ImportReportCard};
use crate::components::notice::Notice;
use crate::ipc::invoke;

/// The CSV import panel: the router chosen, what the backend said, and the last report.
#[derive(Clone, Copy)]
pub struct CsvImportState {
    pub open: Signal<bool>,
    /// A router id, or empty.
    pub router: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub busy: Signal<bool>,
    /// The file's name and what importing it did.
    pub report: Signal<Option<(String, ImportReport)>>,
}

impl CsvImportState {
    pub fn new() -> Self {
        Self {
            open: create_signal(false),
            router: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            busy: create_signal(false),
            report: create_signal(None),
        }
    }

    pub fn open_new(&self) {
        self.errors.set(Vec::new());
        self.report.set(None);
        self.open.set(true);
    }

    pub fn close(&self) {
        self.open.set(false);
        self.errors.set(Vec::new());
        self.report.set(None);
    }
}

impl Default for CsvImportState {
    fn default() -> Self {
        Self::new()
    }
}

fn import(page: CustomersPageState, file_input: NodeRef) {
    let csv = page.csv;
    csv.busy.set(true);
    csv.errors.set(Vec::new());
    page.scope.spawn(async move {
        let file = crate::file::chosen_text(file_input.try_get()).await;
        let (name, text) = match file {
            Ok(Some(f)) => f,
            Ok(None) => {
                csv.busy.set(false);
                csv.errors.set(vec![FieldError {
                    field: "csv".into(),
                    message: "Choose a CSV file to import.".into(),
                }]);
                return;
            }
            Err(message) => {
                csv.busy.set(false);
                page.notice.set(Some(Notice::Error(message)));
                return;
            }
        };
        let input = CsvImportInput {
            router_id: csv.router.get_clone_untracked().parse().ok(),
            csv: text,
        };
        let result: Result<ImportReport, ApiError> =
            invoke::<ImportCustomersCsv>(&WithInput { input }).await;
        csv.busy.set(false);
        match result {
            Ok(report) => {
                let summary = import_summary(&report);
                page.notice.set(Some(if report.refused.is_empty() {
                    Notice::Success(format!("{name}: {summary}"))
                } else {
                    Notice::Warning(format!(
                        "{name}: {summary} The refused lines are listed below."
                    ))
                }));
                csv.report.set(Some((name, report)));
                page.refresh_list();
                page.queues.reload();
            }
            Err(e) => {
                csv.errors.set(e.fields.clone());
                page.notice.set(Some(Notice::Error(e.message)));
            }
        }
    });
}

/// Import customers onto one router from a CSV file chosen on this computer.
#[component]
pub fn CsvImport() -> View {
    let page = use_context::<CustomersPageState>();
    let csv = page.csv;
    let errors = *csv.errors;
    let file_input = create_node_ref();
    let routers = create_memo(move || {
        let mut options = vec![(String::new(), "Choose a router".to_string())];
        page.routers.with(|all| {
            options.extend(all.iter().map(|r| (r.id.to_string(), r.name.clone())));
        });
        options
    });
    view! {
        section(class="card form-card", id="csv-import") {
            div(class="card-title-row") {
                h2 { "Import customers from a CSV file" }
                button(class="small", id="csv-close", on:click=move |_| csv.close()) { "Close" }
            }
            p(class="muted") {
                "Columns, after a header line: username, password, full name, phone, profile, service type (hotspot or pppoe), expiry. A user name tikbill already has on that router is skipped; a row naming a profile tikbill does not have is refused (create the profile first). Expiry: YYYY-MM-DD or YYYY-MM-DD HH:MM in the office time zone; empty for pending."
            }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); import(page, file_input) }) {
                div(class="form-grid") {
                    SelectField(name="router_id", label="Router", id="csv-router", value=csv.router, errors=errors, options=routers)
                    label(class="field") {
                        span(class="field-label") { "File" }
                        input(id="csv-file", r#type="file", name="csv", accept=".csv,text/csv", r#ref=file_input)
                        FieldMessage(name="csv", errors=errors, hint="A .csv file, UTF-8")
                    }
                }
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="csv-import-run", disabled=csv.busy.get()) {
                        (if csv.busy.get() { "Importing…" } else { "Import" })
                    }
                }
            }
            (match csv.report.get_clone() {
                None => view! {},
                Some((name, report)) => view! {
                    ImportReportCard(title=format!("Import of {name}"), report=report)
                },
            })
        }
    }
}
