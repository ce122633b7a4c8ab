//! "Router X offline: 14 changes waiting": the changes saved in tikbill that a router has not
//! taken yet, one line per router that has any.

use std::rc::Rc;
use sycamore::prelude::*;

use tikbill_api::command::{ByScope, NoArgs, RetryFailedJobs, RouterQueues};
use tikbill_api::{JobScope, RouterId, RouterQueueView, RouterStatus};

use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::timer;

/// How often a shown banner asks again.
const REFRESH_MS: i32 = 5_000;

/// The sentence for one router's queue, or `None` when nothing is waiting or failed.
pub fn queue_message(q: &RouterQueueView) -> Option<String> {
    if q.waiting == 0 && q.failed == 0 && q.parked == 0 {
        return None;
    }
    let head = if q.status == RouterStatus::Offline {
        format!("Router {} offline", q.router_name)
    } else {
        format!("Router {}", q.router_name)
    };
    let mut parts = Vec::new();
    if q.waiting > 0 {
        parts.push(format!(
            "{} waiting",
            format::plural(q.waiting, "change", "changes")
        ));
    }
    if q.failed > 0 {
        parts.push(if q.waiting > 0 {
            format!("{} failed", format::count(q.failed))
        } else {
            format!("{} failed", format::plural(q.failed, "change", "changes"))
        });
    }
    if q.parked > 0 {
        parts.push(format!(
            "{} parked (written by a newer tikbill; update this one to apply them)",
            format::plural(q.parked, "change", "changes")
        ));
    }
    Some(format!("{head}: {}", parts.join(", ")))
}

/// One line per router with waiting or failed changes (with "Retry now" for the failed ones);
/// nothing at all when every router is up to date.
#[component(inline_props)]
pub fn QueueBanner(queues: Vec<RouterQueueView>, on_retry: Rc<dyn Fn(RouterId)>) -> View {
    let lines = queues
        .into_iter()
        .filter_map(|q| {
            let text = queue_message(&q)?;
            let class = match (q.status, q.failed) {
                (RouterStatus::Offline, _) => "queue-banner offline",
                (_, 0) => "queue-banner",
                _ => "queue-banner failed",
            };
            let next = q
                .next_attempt_at
                .clone()
                .filter(|_| q.waiting > 0)
                .map(|t| format!("Next attempt {}.", format::local_time(&t)));
            let error = q.last_error.clone().map(|e| format!("Last error: {e}"));
            let retry = if q.failed > 0
                && crate::state::allowed(tikbill_api::Permission::SyncRouters)
            {
                let (on_retry, id) = (on_retry.clone(), q.router_id);
                view! {
                    button(r#type="button", class="queue-retry", id=format!("retry-router-{id}"),
                        on:click=move |_| on_retry(id)) { "Retry now" }
                }
            } else {
                view! {}
            };
            Some(view! {
                div(class=class, data-router-id=q.router_id.to_string(), role="status") {
                    strong(class="queue-text") { (text) }
                    (match next.clone() {
                        Some(n) => view! { span(class="queue-next") { (n) } },
                        None => view! {},
                    })
                    (match error.clone() {
                        Some(e) => view! { span(class="queue-error") { (e) } },
                        None => view! {},
                    })
                    (retry)
                }
            })
        })
        .collect::<Vec<_>>();
    if lines.is_empty() {
        return view! {};
    }
    view! { div(id="queue-banners") { (lines) } }
}

/// The queues as last read from the backend, for a page that shows the banner.
#[derive(Clone, Copy)]
pub struct QueueWatch {
    scope: PageScope,
    pub queues: Signal<Vec<RouterQueueView>>,
}

impl QueueWatch {
    /// Call it in the page component's body: reads belong to the page.
    pub fn new() -> Self {
        Self {
            scope: PageScope::current(),
            queues: create_signal(Vec::new()),
        }
    }

    /// Reads the queues once (after a change that may have queued router work).
    pub fn reload(self) {
        self.scope.spawn(async move {
            self.load().await;
        });
    }

    /// Reads the queues now and every few seconds for as long as the calling view is shown
    /// (the loop belongs to the current scope and ends with it).
    pub fn keep_fresh(self) {
        self.scope.spawn(async move {
            loop {
                self.load().await;
                timer::sleep(REFRESH_MS).await;
            }
        });
    }

    /// "Retry now" on a router's failed changes: tried again at once, then the queues read again.
    pub fn retry(self, router_id: RouterId) {
        self.scope.spawn(async move {
            let scope = ByScope {
                scope: JobScope::Router(router_id),
            };
            // The banner shows the outcome: the failed count goes, or comes back with the
            // router's words.
            let _ = invoke::<RetryFailedJobs>(&scope).await;
            self.load().await;
        });
    }

    /// A failed read keeps the last known queues: the banner is a hint, not the page's content.
    async fn load(self) {
        if let Ok(list) = invoke::<RouterQueues>(&NoArgs {}).await {
            self.queues.set(list);
        }
    }
}

impl Default for QueueWatch {
    fn default() -> Self {
        Self::new()
    }
}

/// The banner for the queues `watch` keeps, redrawn when they change.
#[component(inline_props)]
pub fn LiveQueueBanner(watch: QueueWatch) -> View {
    view! {
        (move || {
            // Read here: a child's props are read untracked, so reading there would not redraw.
            let queues = watch.queues.get_clone();
            view! { QueueBanner(queues=queues, on_retry=Rc::new(move |id| watch.retry(id))) }
        })
    }
}
