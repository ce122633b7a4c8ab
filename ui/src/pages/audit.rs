//! The audit log (owners, managers, viewers): every change, newest first, filtered by person,
//! kind of record, one record, or dates; pages of 50 by a keyset cursor (fast at a million
//! entries); CSV export; and whether the hash chain is intact.

mod table;

use sycamore::prelude::*;
use tikbill_api::command::{AuditChain, AuditLog, AuditPeople, ExportAudit, NoArgs, WithInput};
use tikbill_api::{AuditFilter, AuditPage, ChainState, FieldError, StaffView};

use crate::components::field::{SelectField, TextField};
use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::Page;

pub use table::{chain_text, AuditTable};

/// Entries per page.
const PAGE_SIZE: u32 = 50;

/// The kinds of record the log names, as the filter offers them: `(value, text)`.
pub fn kind_options() -> Vec<(String, String)> {
    [
        ("", "Everything"),
        ("customer", "Customers"),
        ("profile", "Plans"),
        ("router", "Routers"),
        ("staff", "Staff"),
        ("settings", "Settings"),
        ("import", "Imports"),
    ]
    .into_iter()
    .map(|(v, t)| (v.to_string(), t.to_string()))
    .collect()
}

#[derive(Clone, Copy)]
struct AuditPageState {
    person: Signal<String>,
    kind: Signal<String>,
    record: Signal<String>,
    from: Signal<String>,
    to: Signal<String>,
    errors: Signal<Vec<FieldError>>,
    /// Cursors of the pages before this one (`None`: the newest page).
    newer: Signal<Vec<Option<i64>>>,
    cursor: Signal<Option<i64>>,
    page: Signal<Option<AuditPage>>,
    chain: Signal<Option<Result<ChainState, String>>>,
    people: Signal<Vec<(String, String)>>,
    notice: Signal<Option<Notice>>,
    scope: PageScope,
}

impl AuditPageState {
    /// The filter as typed; a record number that is not a number is said under its field.
    fn filter(self) -> Result<AuditFilter, FieldError> {
        let record = self.record.get_clone_untracked();
        let entity_id = match record.trim() {
            "" => None,
            text => Some(text.parse::<i64>().map_err(|_| FieldError {
                field: "entity_id".into(),
                message: format!("'{text}' is not a record number."),
            })?),
        };
        let text = |s: Signal<String>| {
            Some(s.get_clone_untracked().trim().to_string()).filter(|t| !t.is_empty())
        };
        Ok(AuditFilter {
            staff_id: text(self.person).and_then(|p| p.parse().ok()),
            entity_kind: text(self.kind),
            entity_id,
            from: text(self.from),
            to: text(self.to),
            before_id: self.cursor.get_untracked(),
            limit: Some(PAGE_SIZE),
        })
    }

    fn load(self) {
        let filter = match self.filter() {
            Ok(filter) => filter,
            Err(refusal) => {
                self.errors.set(vec![refusal]);
                return;
            }
        };
        self.errors.set(Vec::new());
        self.scope.spawn(async move {
            match invoke::<AuditLog>(&WithInput { input: filter }).await {
                Ok(page) => self.page.set(Some(page)),
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }

    /// From the newest entry again (after the filter changed).
    fn apply(self) {
        self.newer.set(Vec::new());
        self.cursor.set(None);
        self.load();
    }

    fn older(self, next: i64) {
        let here = self.cursor.get_untracked();
        self.newer.update(|stack| stack.push(here));
        self.cursor.set(Some(next));
        self.load();
    }

    fn newer_page(self) {
        let mut stack = self.newer.get_clone_untracked();
        let back = stack.pop().flatten();
        self.newer.set(stack);
        self.cursor.set(back);
        self.load();
    }

    fn export(self) {
        let Ok(mut filter) = self.filter() else {
            return;
        };
        filter.before_id = None;
        self.scope.spawn(async move {
            match invoke::<ExportAudit>(&WithInput { input: filter }).await {
                Ok(saved) => self.notice.set(Some(Notice::Success(saved))),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn check_chain(self) {
        self.chain.set(None);
        self.scope.spawn(async move {
            let state = invoke::<AuditChain>(&NoArgs {})
                .await
                .map_err(|e| e.message);
            self.chain.set(Some(state));
        });
    }

    fn load_people(self) {
        self.scope.spawn(async move {
            if let Ok(list) = invoke::<AuditPeople>(&NoArgs {}).await {
                self.people.set(person_options(&list));
            }
        });
    }
}

/// The people the filter offers: everyone first, then each account.
pub fn person_options(staff: &[StaffView]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Everyone".to_string()))
        .chain(staff.iter().map(|s| {
            let shown = if s.name.is_empty() {
                s.username.clone()
            } else {
                format!("{} ({})", s.name, s.username)
            };
            (s.id.to_string(), shown)
        }))
        .collect()
}

#[component]
pub fn AuditLogPage() -> View {
    let page = AuditPageState {
        person: create_signal(String::new()),
        kind: create_signal(String::new()),
        record: create_signal(String::new()),
        from: create_signal(String::new()),
        to: create_signal(String::new()),
        errors: create_signal(Vec::new()),
        newer: create_signal(Vec::new()),
        cursor: create_signal(None),
        page: create_signal(None),
        chain: create_signal(None),
        people: create_signal(person_options(&[])),
        notice: create_signal(None),
        scope: PageScope::current(),
    };
    let kinds = create_signal(kind_options());
    page.load_people();
    page.load();
    page.check_chain();
    view! {
        PageHeader(page=Page::Audit) {
            button(id="audit-export", on:click=move |_| page.export()) { "Export CSV" }
        }
        NoticeBar(notice=page.notice)
        section(class="card chain-state", id="chain-state") {
            (match page.chain.get_clone() {
                None => view! { span(class="muted") { "Checking the chain…" } },
                Some(Ok(state)) => {
                    let (class, text) = chain_text(&state);
                    view! { span(class=class, id="chain-text") { (text) } }
                }
                Some(Err(message)) => view! { span(class="badge offline") { (message) } },
            })
            button(class="small", id="chain-check", on:click=move |_| page.check_chain()) { "Check again" }
        }
        section(class="card") {
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); page.apply() }) {
                div(class="form-grid") {
                    SelectField(name="staff_id", label="Person", id="audit-person", value=page.person, errors=*page.errors, options=*page.people)
                    SelectField(name="entity_kind", label="Kind of record", id="audit-kind", value=page.kind, errors=*page.errors, options=*kinds)
                    TextField(name="entity_id", label="Record number", value=page.record, errors=*page.errors, id="audit-record",
                        hint="One customer, router… by its number")
                    div {}
                    TextField(name="from", label="From (YYYY-MM-DD)", value=page.from, errors=*page.errors, id="audit-from", placeholder="2026-11-01")
                    TextField(name="to", label="To (YYYY-MM-DD)", value=page.to, errors=*page.errors, id="audit-to", placeholder="2026-11-30")
                }
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="audit-apply") { "Show" }
                }
            }
        }
        (match page.page.get_clone() {
            None => view! { p(class="muted") { "Loading the log…" } },
            Some(shown) => {
                let has_newer = !page.newer.with(Vec::is_empty);
                let older = shown.next_before_id;
                let count = format::plural(shown.entries.len() as u64, "entry", "entries");
                view! {
                    AuditTable(entries=shown.entries)
                    div(class="pager") {
                        span(class="muted") { (count) }
                        div(class="row-actions") {
                            button(class="small", id="audit-newer", disabled=!has_newer, on:click=move |_| page.newer_page()) { "Newer" }
                            button(class="small", id="audit-older", disabled=older.is_none(), on:click=move |_| {
                                if let Some(next) = older { page.older(next) }
                            }) { "Older" }
                        }
                    }
                }
            }
        })
    }
}
