//! A router that presents another api-ssl certificate than the one pinned: both fingerprints,
//! what it may mean, and the owner's choice to trust the new one (nothing is sent to or read
//! from that router until then).

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{TrustRouterCertificate, WithInput};
use tikbill_api::{ApiError, CertificateChange, TrustCertificateInput};

use super::RoutersPageState;
use crate::components::notice::Notice;
use crate::ipc::invoke;

/// `AB:CD:…` in groups of two, as RouterOS's `/certificate print` shows a fingerprint.
pub fn grouped(fingerprint: &str) -> String {
    let chars: Vec<char> = fingerprint.chars().filter(|c| *c != ':').collect();
    chars
        .chunks(2)
        .map(|pair| pair.iter().collect::<String>().to_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

/// The question put to the owner, with both fingerprints.
#[component(inline_props)]
pub fn CertificateChangeDialog(
    change: CertificateChange,
    busy: bool,
    on_trust: Rc<dyn Fn()>,
    on_dismiss: Rc<dyn Fn()>,
) -> View {
    let title = format!("{} presented a different certificate", change.router_name);
    let (pinned, presented) = (grouped(&change.pinned), grouped(&change.presented));
    view! {
        div(class="notice error stacked", id="certificate-change", role="alertdialog") {
            strong { (title) }
            p {
                "tikbill refuses to talk to this router until its owner decides. If you replaced \
                 the router's certificate (or reset the router), compare the new fingerprint with \
                 the one on the router (System › Certificates) and trust it. If you did not, \
                 someone may be intercepting the connection: keep refusing and check the link."
            }
            dl(class="facts") {
                dt { "Trusted until now" }
                dd { code(class="fingerprint", id="pinned-fingerprint") { (pinned) } }
                dt { "Presented now" }
                dd { code(class="fingerprint", id="presented-fingerprint") { (presented) } }
            }
            p(class="muted") { "Only the office owner should confirm this." }
            div(class="actions") {
                button(r#type="button", id="trust-certificate", class="danger", disabled=busy,
                    on:click=move |_| on_trust()) { "Trust the new certificate" }
                button(r#type="button", id="keep-refusing", on:click=move |_| on_dismiss()) {
                    "Keep refusing"
                }
            }
        }
    }
}

impl RoutersPageState {
    /// Shows an error: a changed certificate as the question to the owner, anything else as a
    /// notice.
    pub fn failed(self, error: ApiError) {
        match CertificateChange::from_error(&error) {
            Some(change) => self.ask_about(change),
            None => self.notice.set(Some(Notice::Error(error.message))),
        }
    }

    /// Puts a changed certificate to the owner (and nothing else on the page competes with it).
    pub fn ask_about(self, change: CertificateChange) {
        self.notice.set(None);
        self.certificate.set(Some(change));
    }

    /// The owner trusts the certificate the router presents now.
    pub fn trust(self, change: CertificateChange) {
        self.busy.update(|b| b.push(change.router_id));
        self.scope.spawn(async move {
            let input = TrustCertificateInput {
                router_id: change.router_id,
                fingerprint: change.presented.clone(),
            };
            let result = invoke::<TrustRouterCertificate>(&WithInput { input }).await;
            self.busy.update(|b| b.retain(|id| *id != change.router_id));
            match result {
                Ok(router) => {
                    self.certificate.set(None);
                    self.notice.set(Some(Notice::Success(format!(
                        "{} is trusted with its new certificate.",
                        router.name
                    ))));
                    self.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }
}
