//! Which optional alerts the office wants in the notification center: every payment received
//! (money that cannot be applied, routers offline, the daily report and late jobs are always
//! told).

use sycamore::prelude::*;
#[cfg(target_arch = "wasm32")]
use tikbill_api::command::{GetAlertSettings, NoArgs};
use tikbill_api::command::{SaveAlertSettings, WithInput};
use tikbill_api::AlertSettings;

use crate::ipc::invoke;
use crate::scope::PageScope;

#[component]
pub fn AlertsCard() -> View {
    let scope = PageScope::current();
    let payments = create_signal(false);
    let said = create_signal(None::<String>);
    let may_edit = crate::state::allowed(tikbill_api::Permission::EditSettings);
    // Off wasm (views rendered in tests) there is no backend to ask.
    #[cfg(target_arch = "wasm32")]
    scope.spawn(async move {
        if let Ok(settings) = invoke::<GetAlertSettings>(&NoArgs {}).await {
            payments.set(settings.payments_received);
        }
    });
    let save = move || {
        let on = payments.get_untracked();
        scope.spawn(async move {
            let input = AlertSettings {
                payments_received: on,
            };
            match invoke::<SaveAlertSettings>(&WithInput { input }).await {
                Ok(saved) => {
                    payments.set(saved.payments_received);
                    said.set(Some("Saved.".into()));
                }
                Err(e) => said.set(Some(e.message)),
            }
        });
    };
    view! {
        section(class="card", id="alert-settings") {
            h2 { "Alerts" }
            p(class="muted") {
                "Routers going offline and back, money that cannot be applied, router changes refused, the daily report and an agent job that stopped are always in the bell. Also tell everyone about:"
            }
            label(class="checkbox-line") {
                input(r#type="checkbox", id="alert-payments-received", disabled=!may_edit,
                    bind:checked=payments, on:change=move |_| save())
                " every payment received"
            }
            (match said.get_clone() {
                Some(text) => view! { span(class="muted", id="alert-settings-said") { (text) } },
                None => view! {},
            })
        }
    }
}
