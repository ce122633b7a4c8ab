//! The notification center: a bell with what the person signed in has not read, opening the
//! newest notifications (router offline and back, money that could not be applied, a router
//! job failing, the daily report ready, …) with "Mark all read".

#[cfg(target_arch = "wasm32")]
use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{ListNotifications, MarkNotificationsRead, NoArgs, WithInput};
use tikbill_api::NotificationView;

use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;
#[cfg(target_arch = "wasm32")]
use crate::timer;

/// How often the bell asks again.
#[cfg(target_arch = "wasm32")]
const REFRESH_MS: i32 = 20_000;

/// A bell drawn in the text's colour (no emoji font is needed).
const BELL_SVG: &str = "<svg viewBox=\"0 0 16 16\" width=\"14\" height=\"14\" fill=\"currentColor\"><path d=\"M8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.6L2 11v1h12v-1l-1.5-2.4V6A4.5 4.5 0 0 0 8 1.5zM6.2 13a1.8 1.8 0 0 0 3.6 0z\"/></svg>";

/// "9+" past nine; nothing when none.
pub fn badge(unread: usize) -> Option<String> {
    match unread {
        0 => None,
        1..=9 => Some(unread.to_string()),
        _ => Some("9+".to_string()),
    }
}

/// The list the bell opens.
#[component(inline_props)]
pub fn NotificationList(items: Vec<NotificationView>) -> View {
    if items.is_empty() {
        return view! { p(class="muted", id="notifications-empty") { "Nothing to tell you yet." } };
    }
    let rows = items
        .into_iter()
        .map(|n| {
            let class = format!(
                "notification level-{}{}",
                n.level,
                if n.read { "" } else { " unread" }
            );
            let when = format::local_time(&n.created_at);
            view! {
                li(class=class, data-kind=n.kind.clone()) {
                    strong { (n.title.clone()) }
                    p { (n.body.clone()) }
                    span(class="muted") { (when) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! { ul(class="notification-list", id="notification-list") { (rows) } }
}

/// The bell, its count and its panel.
#[component]
pub fn Bell() -> View {
    let items = create_signal(Vec::<NotificationView>::new());
    let open = create_signal(false);
    let scope = PageScope::current();
    let load = move || {
        scope.spawn(async move {
            if let Ok(list) = invoke::<ListNotifications>(&NoArgs {}).await {
                items.set(list);
            }
        });
    };
    // Off wasm (views rendered in tests) there is no backend to ask.
    #[cfg(target_arch = "wasm32")]
    {
        load();
        spawn_local_scoped(async move {
            loop {
                timer::sleep(REFRESH_MS).await;
                if let Ok(list) = invoke::<ListNotifications>(&NoArgs {}).await {
                    items.set(list);
                }
            }
        });
    }
    let unread = create_memo(move || items.with(|l| l.iter().filter(|n| !n.read).count()));
    let read_all = move |_| {
        // The ones shown, not any that came after the list was read.
        let shown: Vec<i64> = items.with(|l| l.iter().map(|n| n.id).collect());
        scope.spawn(async move {
            if invoke::<MarkNotificationsRead>(&WithInput { input: Some(shown) })
                .await
                .is_ok()
            {
                if let Ok(list) = invoke::<ListNotifications>(&NoArgs {}).await {
                    items.set(list);
                }
            }
        });
    };
    view! {
        div(class="bell-box") {
            button(r#type="button", class="bell", id="bell", title="Notifications",
                on:click=move |_| { open.set(!open.get()); if open.get() { load(); } }) {
                span(class="bell-icon", aria-hidden="true", dangerously_set_inner_html=BELL_SVG) {}
                "Alerts"
                (match badge(unread.get()) {
                    Some(text) => view! { span(class="bell-count", id="bell-unread") { (text) } },
                    None => view! {},
                })
            }
            (if open.get() {
                view! {
                    div(class="bell-panel card", id="notifications") {
                        div(class="bell-head") {
                            strong { "Notifications" }
                            button(r#type="button", class="link", id="notifications-read-all", on:click=read_all) { "Mark all read" }
                        }
                        NotificationList(items=items.get_clone())
                    }
                }
            } else {
                view! {}
            })
        }
    }
}
