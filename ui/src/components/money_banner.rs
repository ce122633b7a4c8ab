//! "3 payments are waiting to be matched": money in hand that no customer got yet (unmatched,
//! or paid but not applied), over every page for those who see payments, with a link to the
//! Payments page's Unmatched tab.

use std::rc::Rc;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{ListPayments, WithInput};
use tikbill_api::{PaymentFilter, PaymentState, Permission};

use crate::ipc::invoke;
use crate::state::{AppState, Page};
use crate::till::Till;
use crate::timer;

/// How often the banner asks again.
const REFRESH_MS: i32 = 15_000;

/// How many of each kind are counted; more shows as "100+".
const COUNTED: u32 = 100;

/// Payments waiting: how many were counted, and whether there are more than that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Waiting {
    pub count: usize,
    pub more: bool,
}

/// The banner's sentence, or `None` when nothing waits.
pub fn waiting_text(waiting: Waiting) -> Option<String> {
    match (waiting.count, waiting.more) {
        (0, false) => None,
        (1, false) => Some("1 payment is waiting to be matched".into()),
        (n, false) => Some(format!("{n} payments are waiting to be matched")),
        (n, true) => Some(format!("{n}+ payments are waiting to be matched")),
    }
}

/// The banner for `waiting`; nothing at all when nothing waits.
#[component(inline_props)]
pub fn MoneyWaitingBanner(waiting: Waiting, on_show: Rc<dyn Fn()>) -> View {
    let Some(text) = waiting_text(waiting) else {
        return view! {};
    };
    view! {
        div(class="queue-banner money-waiting", id="money-waiting", role="status") {
            strong(class="queue-text") { (text) }
            button(r#type="button", class="link", id="money-waiting-show", on:click=move |_| on_show()) {
                "Payments → Unmatched"
            }
        }
    }
}

/// How many payments in `state` there are, up to [`COUNTED`]; `None` when unreadable.
async fn count(state: PaymentState) -> Option<Waiting> {
    let filter = PaymentFilter {
        state: Some(state),
        limit: Some(COUNTED),
        ..PaymentFilter::default()
    };
    let page = invoke::<ListPayments>(&WithInput { input: filter })
        .await
        .ok()?;
    Some(Waiting {
        count: page.payments.len(),
        more: page.next_before_id.is_some(),
    })
}

/// Unmatched and paid-not-applied together; `None` when either could not be read.
async fn read() -> Option<Waiting> {
    let unmatched = count(PaymentState::Unmatched).await?;
    let paid = count(PaymentState::Paid).await?;
    Some(Waiting {
        count: unmatched.count + paid.count,
        more: unmatched.more || paid.more,
    })
}

/// The banner, read now, every 15 seconds and whenever a payment changed, while the person
/// signed in may see payments (and the app is not locked).
#[component]
pub fn LiveMoneyWaiting() -> View {
    let app = use_context::<AppState>();
    let till = use_context::<Till>();
    let waiting = create_signal(Waiting::default());
    let may_read = move || untrack(|| !app.locked.get() && app.can(Permission::ViewPayments));
    // A failed read keeps what was known: the banner is a hint.
    spawn_local_scoped(async move {
        loop {
            if may_read() {
                if let Some(now) = read().await {
                    if waiting.get_untracked() != now {
                        waiting.set(now);
                    }
                }
            }
            timer::sleep(REFRESH_MS).await;
        }
    });
    let first = create_signal(true);
    create_effect(move || {
        till.changed.track();
        if first.get_untracked() {
            first.set(false); // the loop has just read
            return;
        }
        spawn_local_scoped(async move {
            if may_read() {
                if let Some(now) = read().await {
                    if waiting.get_untracked() != now {
                        waiting.set(now);
                    }
                }
            }
        });
    });
    let show: Rc<dyn Fn()> = Rc::new(move || {
        // The page first (drawn afresh only when another page was shown), then the tab: the
        // Payments page turns to it, newly drawn or not.
        if app.page.get_untracked() != Page::Payments {
            app.page.set(Page::Payments);
        }
        till.show_unmatched.set(true);
    });
    view! {
        (move || {
            let (now, show) = (waiting.get(), show.clone());
            view! { MoneyWaitingBanner(waiting=now, on_show=show) }
        })
    }
}
