//! Acting on many customers of the list at once: the rows ticked on the current page, the bar
//! that says how many and offers "Activate selected", and what the backend refused.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{ActivateCustomers, ByIds};
use tikbill_api::{ApiError, BulkOutcome, BulkRefusal, CustomerId};

use super::CustomersPageState;
use crate::components::notice::Notice;
use crate::format;
use crate::ipc::invoke;

/// The customers ticked on the page shown (in the order they were ticked). Selection belongs
/// to one page of one search: another page, search or filter starts it again empty.
#[derive(Clone, Copy)]
pub struct Selection {
    ids: Signal<Vec<CustomerId>>,
}

impl Selection {
    pub fn new() -> Self {
        Self {
            ids: create_signal(Vec::new()),
        }
    }

    /// Whether `id` is ticked (tracked).
    pub fn contains(self, id: CustomerId) -> bool {
        self.ids.with(|ids| ids.contains(&id))
    }

    /// How many are ticked (tracked).
    pub fn count(self) -> usize {
        self.ids.with(Vec::len)
    }

    /// The ticked ids, without tracking them.
    pub fn ids_untracked(self) -> Vec<CustomerId> {
        self.ids.get_clone_untracked()
    }

    /// Ticks or unticks one customer.
    pub fn toggle(self, id: CustomerId) {
        self.ids
            .update(|ids| match ids.iter().position(|i| *i == id) {
                Some(at) => {
                    ids.remove(at);
                }
                None => ids.push(id),
            });
    }

    /// Every customer of `page` ticked (tracked); false for an empty page.
    pub fn covers(self, page: &[CustomerId]) -> bool {
        !page.is_empty() && self.ids.with(|ids| page.iter().all(|id| ids.contains(id)))
    }

    /// The header's box: ticks every customer of `page`, or clears them all when they already
    /// were.
    pub fn toggle_page(self, page: &[CustomerId]) {
        if untrack(|| self.covers(page)) {
            self.ids.update(|ids| ids.retain(|id| !page.contains(id)));
        } else {
            self.ids.update(|ids| {
                let missing: Vec<CustomerId> = page
                    .iter()
                    .copied()
                    .filter(|id| !ids.contains(id))
                    .collect();
                ids.extend(missing);
            });
        }
    }

    /// Keeps only the customers still on `page` (after the list was read again).
    pub fn keep_only(self, page: &[CustomerId]) {
        if self
            .ids
            .with_untracked(|ids| ids.iter().any(|id| !page.contains(id)))
        {
            self.ids.update(|ids| ids.retain(|id| page.contains(id)));
        }
    }

    pub fn clear(self) {
        if self.ids.with_untracked(|ids| !ids.is_empty()) {
            self.ids.set(Vec::new());
        }
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

/// What the last bulk change said, kept beside the notice it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkReport {
    pub notice: Notice,
    /// `username: reason`, one per refused customer.
    pub refusals: Vec<String>,
}

/// `Activated 12 customers.`, `Activated 10 customers; 2 refused.`,
/// `No customers activated; 3 refused.`
pub fn activation_summary(outcome: &BulkOutcome) -> String {
    let (changed, refused) = (outcome.changed.len() as u64, outcome.refused.len() as u64);
    match (changed, refused) {
        (_, 0) => format!(
            "Activated {}.",
            format::plural(changed, "customer", "customers")
        ),
        (0, _) => format!(
            "No customers activated; {} refused.",
            format::count(refused)
        ),
        _ => format!(
            "Activated {}; {} refused.",
            format::plural(changed, "customer", "customers"),
            format::count(refused)
        ),
    }
}

/// `ayu: Ayu is already active …` for each refusal; a customer whose user name is not known
/// (no longer on the page) is `#42`.
pub fn refusal_lines(refused: &[BulkRefusal], names: &[(CustomerId, String)]) -> Vec<String> {
    refused
        .iter()
        .map(|r| {
            let who = names
                .iter()
                .find(|(id, _)| *id == r.customer_id)
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| format!("#{}", r.customer_id));
            format!("{who}: {}", r.reason)
        })
        .collect()
}

/// The notice and refusal list for `outcome`; `names` maps ids to user names.
pub fn activation_report(outcome: &BulkOutcome, names: &[(CustomerId, String)]) -> BulkReport {
    let summary = activation_summary(outcome);
    BulkReport {
        notice: if outcome.refused.is_empty() {
            Notice::Success(summary)
        } else {
            Notice::Warning(summary)
        },
        refusals: refusal_lines(&outcome.refused, names),
    }
}

/// "3 selected" with what can be done with them; nothing at all while none are ticked.
#[component(inline_props)]
pub fn BulkBar(
    count: usize,
    /// The change is on its way: the buttons wait.
    busy: bool,
    on_activate: Rc<dyn Fn()>,
    on_clear: Rc<dyn Fn()>,
) -> View {
    if count == 0 || !crate::state::allowed(tikbill_api::Permission::ActivateCustomers) {
        return view! {};
    }
    let text = format!("{} selected", format::count(count as u64));
    view! {
        div(class="bulk-actions", id="bulk-actions", role="region", aria-label="Selected customers") {
            strong(id="bulk-count") { (text) }
            div(class="row-actions") {
                button(class="primary", id="activate-selected", disabled=busy, on:click=move |_| on_activate()) {
                    (if busy { "Activating…" } else { "Activate selected" })
                }
                button(id="clear-selection", disabled=busy, on:click=move |_| on_clear()) { "Clear selection" }
            }
        }
    }
}

/// The customers a bulk change left alone, and why.
#[component(inline_props)]
pub fn BulkRefusals(lines: Vec<String>) -> View {
    if lines.is_empty() {
        return view! {};
    }
    let items = lines
        .into_iter()
        .map(|line| view! { li(class="bulk-refusal") { (line) } })
        .collect::<Vec<_>>();
    view! {
        div(class="bulk-refusals", id="bulk-refusals") {
            strong { "Not activated:" }
            ul { (items) }
        }
    }
}

impl CustomersPageState {
    /// Activates the ticked customers for one period of their profiles, says how many and who
    /// was refused, and reads the page again. On failure the selection stays, to try again.
    pub fn activate_selected(self) {
        let ids = self.selection.ids_untracked();
        if ids.is_empty() || self.bulk_busy.get_untracked() {
            return;
        }
        // Names now: the page is read again afterwards (and may have changed meanwhile).
        let names: Vec<(CustomerId, String)> = self.list.with_untracked(|list| {
            list.iter()
                .flat_map(|page| &page.items)
                .filter(|c| ids.contains(&c.id))
                .map(|c| (c.id, c.username.clone()))
                .collect()
        });
        self.notice.set(None);
        self.bulk_report.set(None);
        self.bulk_busy.set(true);
        // The bar that was clicked goes away with the selection: run in the page's scope.
        self.scope.spawn(async move {
            let result: Result<BulkOutcome, ApiError> =
                invoke::<ActivateCustomers>(&ByIds { ids }).await;
            self.bulk_busy.set(false);
            match result {
                Ok(outcome) => {
                    let report = activation_report(&outcome, &names);
                    batch(|| {
                        self.notice.set(Some(report.notice.clone()));
                        self.bulk_report.set(Some(report));
                        self.selection.clear();
                    });
                    self.refresh_list();
                    self.queues.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// The refusals of the last bulk change, while its notice is still shown (tracked).
    pub fn shown_refusals(self) -> Vec<String> {
        let notice = self.notice.get_clone();
        self.bulk_report.with(|report| match (report, notice) {
            (Some(r), Some(n)) if r.notice == n => r.refusals.clone(),
            _ => Vec::new(),
        })
    }
}
