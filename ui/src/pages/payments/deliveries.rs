//! The Deliveries tab: what payment gateways sent to the relay, newest first, filtered by state
//! and gateway, "Load more" by a keyset cursor; one delivery opened, processed again on demand.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{ById, GetDelivery, ListDeliveries, ProcessDelivery, WithInput};
use tikbill_api::{DeliveryDetail, DeliveryFilter, DeliveryState, DeliveryView, PaymentId};

use super::delivery_detail::DeliveryDetailView;
use super::delivery_table::{delivery_state_label, DeliveryTable};
use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::till::Till;

/// Deliveries a "Load more" adds.
const PAGE_SIZE: u32 = 50;

/// The tab's state: the filter, the rows read, the delivery open.
#[derive(Clone, Copy)]
pub struct DeliveriesState {
    scope: PageScope,
    till: Option<Till>,
    /// A [`DeliveryState`] name, or empty for all.
    pub state: Signal<String>,
    pub gateway: Signal<String>,
    /// The filter in force (after "Show").
    filter: Signal<DeliveryFilter>,
    pub rows: Signal<Option<Vec<DeliveryView>>>,
    pub next: Signal<Option<i64>>,
    pub loading: Signal<bool>,
    /// Numbers each read: only the newest one's answer is shown.
    request: Signal<u64>,
    pub error: Signal<Option<String>>,
    pub open: Signal<Option<i64>>,
    pub detail: Signal<Option<Result<DeliveryDetail, String>>>,
    /// "Process again" is on its way.
    pub busy: Signal<bool>,
    /// What the last "Process again" came to.
    pub said: Signal<Option<Notice>>,
}

impl DeliveriesState {
    /// Call it in the page component's body.
    pub fn new() -> Self {
        Self {
            scope: PageScope::current(),
            till: try_use_context::<Till>(),
            state: create_signal(String::new()),
            gateway: create_signal(String::new()),
            filter: create_signal(DeliveryFilter {
                limit: Some(PAGE_SIZE),
                ..DeliveryFilter::default()
            }),
            rows: create_signal(None),
            next: create_signal(None),
            loading: create_signal(false),
            request: create_signal(0),
            error: create_signal(None),
            open: create_signal(None),
            detail: create_signal(None),
            busy: create_signal(false),
            said: create_signal(None),
        }
    }

    /// The filter as chosen in the bar.
    pub fn chosen(self) -> DeliveryFilter {
        let gateway = self.gateway.get_clone_untracked().trim().to_lowercase();
        DeliveryFilter {
            state: DeliveryState::parse(&self.state.get_clone_untracked()),
            gateway: (!gateway.is_empty()).then_some(gateway),
            before_id: None,
            limit: Some(PAGE_SIZE),
        }
    }

    /// "Show": the list read from the newest for the filter chosen.
    pub fn apply(self) {
        self.filter.set(self.chosen());
        self.load(false);
    }

    /// Reads the list from the newest, or on from where it stopped.
    pub fn load(self, more: bool) {
        self.request.update(|n| *n += 1);
        let mine = self.request.get_untracked();
        let mut filter = self.filter.get_clone_untracked();
        filter.before_id = if more {
            self.next.get_untracked()
        } else {
            None
        };
        let mut kept = if more {
            self.rows.get_clone_untracked().unwrap_or_default()
        } else {
            Vec::new()
        };
        self.loading.set(true);
        self.scope.spawn(async move {
            let answer = invoke::<ListDeliveries>(&WithInput { input: filter }).await;
            if self.request.get_untracked() != mine {
                return;
            }
            match answer {
                Ok(page) => {
                    kept.extend(page.deliveries);
                    batch(|| {
                        self.error.set(None);
                        self.rows.set(Some(kept));
                        self.next.set(page.next_before_id);
                        self.loading.set(false);
                    });
                }
                Err(e) => batch(|| {
                    self.loading.set(false);
                    self.error.set(Some(e.message));
                }),
            }
        });
    }

    pub fn open_delivery(self, id: i64) {
        batch(|| {
            self.detail.set(None);
            self.said.set(None);
            self.open.set(Some(id));
        });
        self.scope.spawn(async move {
            let answer = invoke::<GetDelivery>(&ById { id }).await;
            if self.open.get_untracked() == Some(id) {
                self.detail.set(Some(answer.map_err(|e| e.message)));
            }
        });
    }

    pub fn close_delivery(self) {
        self.open.set(None);
        self.detail.set(None);
    }

    /// "Process again": the answer shows the new verdict; payments shown anywhere read again.
    pub fn process(self, id: i64) {
        if self.busy.get_untracked() {
            return;
        }
        batch(|| {
            self.busy.set(true);
            self.said.set(None);
        });
        self.scope.spawn(async move {
            let answer = invoke::<ProcessDelivery>(&ById { id }).await;
            self.busy.set(false);
            match answer {
                Ok(detail) => {
                    let d = &detail.delivery;
                    let mut text = format!(
                        "Processed again: {}",
                        delivery_state_label(d.state).to_lowercase()
                    );
                    if let Some(verdict) = &d.verdict {
                        text.push_str(&format!(" — {verdict}"));
                    }
                    let said = match d.state {
                        DeliveryState::Processed | DeliveryState::Ignored => Notice::Success(text),
                        DeliveryState::Rejected => Notice::Error(text),
                        DeliveryState::Stored | DeliveryState::Waiting => Notice::Warning(text),
                    };
                    if self.open.get_untracked() == Some(id) {
                        batch(|| {
                            self.detail.set(Some(Ok(detail)));
                            self.said.set(Some(said));
                        });
                    }
                    match self.till {
                        Some(till) => till.bump(),
                        None => self.load(false),
                    }
                }
                Err(e) => self.said.set(Some(Notice::Error(e.message))),
            }
        });
    }
}

impl Default for DeliveriesState {
    fn default() -> Self {
        Self::new()
    }
}

/// The tab: the filter bar and the table, or the delivery open.
#[component(inline_props)]
pub fn Deliveries(state: DeliveriesState, on_payment: Rc<dyn Fn(PaymentId)>) -> View {
    let for_detail = on_payment.clone();
    view! {
        (match state.open.get() {
            Some(id) => {
                let on_payment = for_detail.clone();
                view! {
                    (match state.detail.get_clone() {
                        None => view! { p(class="muted") { "Loading the delivery…" } },
                        Some(Err(message)) => view! {
                            div(class="detail-nav") {
                                button(class="link", id="delivery-back", on:click=move |_| state.close_delivery()) { "← Deliveries" }
                            }
                            div(class="notice error") { (message) }
                        },
                        Some(Ok(detail)) => {
                            let (said, busy, on_payment) = (state.said.get_clone(), state.busy.get(), on_payment.clone());
                            view! {
                                DeliveryDetailView(detail=detail, said=said, busy=busy,
                                    on_back=Rc::new(move || state.close_delivery()),
                                    on_process=Rc::new(move || state.process(id)),
                                    on_payment=on_payment)
                            }
                        }
                    })
                }
            }
            None => {
                let on_payment = on_payment.clone();
                view! { DeliveryList(state=state, on_payment=on_payment) }
            }
        })
    }
}

#[component(inline_props)]
fn DeliveryList(state: DeliveriesState, on_payment: Rc<dyn Fn(PaymentId)>) -> View {
    let states = DeliveryState::ALL
        .into_iter()
        .map(|s| view! { option(value=s.as_str()) { (delivery_state_label(s)) } })
        .collect::<Vec<_>>();
    view! {
        p(class="muted") { "What payment gateways sent to this office, newest first, and what tikbill made of it." }
        form(class="filter-bar", id="deliveries-filters", novalidate=true,
            on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); state.apply() }) {
            select(id="deliveries-state", aria-label="State", bind:value=state.state) {
                option(value="") { "All states" }
                (states)
            }
            input(id="deliveries-gateway", r#type="search", aria-label="Gateway", placeholder="Gateway (mpesa, paystack…)",
                bind:value=state.gateway)
            button(r#type="submit", class="primary small", id="deliveries-apply") { "Show" }
        }
        (match state.error.get_clone() {
            Some(m) => view! { div(class="notice error", id="deliveries-error") { span { (m) } } },
            None => view! {},
        })
        (match state.rows.get_clone() {
            None => view! { p(class="muted") { "Loading deliveries…" } },
            Some(rows) => {
                let on_payment = on_payment.clone();
                view! { DeliveryTable(deliveries=rows, on_open=Rc::new(move |id| state.open_delivery(id)), on_payment=on_payment) }
            }
        })
        (if state.next.get().is_some() {
            view! {
                div(class="pager") {
                    button(class="small", id="deliveries-more", disabled=state.loading.get(), on:click=move |_| state.load(true)) {
                        (if state.loading.get() { "Loading…" } else { "Load more" })
                    }
                }
            }
        } else {
            view! {}
        })
    }
}
