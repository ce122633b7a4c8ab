//! The audit entries as a table, and the chain's state as words.

use sycamore::prelude::*;
use tikbill_api::{AuditEntryView, BreakReason, ChainState};

use crate::format;

/// The chain's state: a badge class and a sentence.
pub fn chain_text(state: &ChainState) -> (&'static str, String) {
    match state {
        ChainState::Intact { entries } => (
            "badge online",
            format!("{} entries, chain intact", format::count(*entries)),
        ),
        ChainState::Broken(broken) => {
            let why = match broken.reason {
                BreakReason::Edited => "its contents were changed after it was written",
                BreakReason::PreviousMissing => {
                    "the entry before it is missing or out of order (deleted or reordered)"
                }
            };
            (
                "badge offline",
                format!(
                    "The chain is broken at entry #{}: {why}. The {} entries before it are intact.",
                    broken.entry_id,
                    format::count(broken.intact_before)
                ),
            )
        }
    }
}

/// Before and after, in one line each.
fn change(before: &Option<String>, after: &Option<String>) -> String {
    match (before, after) {
        (None, None) => String::new(),
        (None, Some(a)) => format!("→ {a}"),
        (Some(b), None) => format!("{b} →"),
        (Some(b), Some(a)) => format!("{b}\n→ {a}"),
    }
}

#[component(inline_props)]
pub fn AuditTable(entries: Vec<AuditEntryView>) -> View {
    if entries.is_empty() {
        return view! {
            section(class="card empty-state", id="audit-empty") {
                h2 { "No entries" }
                p { "Nothing was recorded that matches these filters." }
            }
        };
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            let record = match e.entity_id {
                Some(id) => format!("{} #{id}", e.entity_kind),
                None => e.entity_kind.clone(),
            };
            let change = change(&e.before, &e.after);
            view! {
                tr(class="audit-row", id=format!("audit-{}", e.id)) {
                    td { (format::local_time(&e.at)) }
                    td(class="stack") { (e.actor.clone()) span(class="sub") { (e.origin.clone()) } }
                    td { code { (e.action.clone()) } }
                    td { (record) }
                    td { div(class="audit-json") { (change) } }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="audit-table") {
                thead {
                    tr {
                        th { "When" }
                        th { "Who, from where" }
                        th { "What" }
                        th { "Record" }
                        th { "Before → after" }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
