//! "Request M-Pesa payment": an STK push to the customer's phone for periods of their plan;
//! then the dialog asks every two seconds how it stands, until the customer paid or did not.

use sycamore::prelude::*;
use tikbill_api::command::{ById, CustomerPushes, GetCustomer, RequestMpesaPush, WithInput};
use tikbill_api::{
    CustomerId, CustomerView, ErrorCode, FieldError, MpesaPushInput, MpesaPushView, PushState,
};

use super::pushes::push_waiting;
use super::CustomersPageState;
use crate::ipc::invoke;
use crate::till::Till;
use crate::timer;

/// How often the dialog asks how the push stands.
const POLL_MS: i32 = 2_000;

/// The dialog's state.
#[derive(Clone, Copy)]
pub struct MpesaRequest {
    pub open: Signal<bool>,
    pub phone: Signal<String>,
    pub periods: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    /// What the gateway (or the backend) said about the whole request.
    pub message: Signal<Option<String>>,
    pub busy: Signal<bool>,
    /// The push sent, as last read.
    pub push: Signal<Option<MpesaPushView>>,
    /// Numbers each opening and closing: a poll started for an earlier one stops.
    round: Signal<u64>,
    /// The app's till, told when a push paid (lists showing payments read again).
    till: Option<Till>,
}

impl MpesaRequest {
    /// Call it in the page component's body (it finds the app's till there).
    pub fn new() -> Self {
        Self {
            open: create_signal(false),
            phone: create_signal(String::new()),
            periods: create_signal("1".into()),
            errors: create_signal(Vec::new()),
            message: create_signal(None),
            busy: create_signal(false),
            push: create_signal(None),
            round: create_signal(0),
            till: try_use_context::<Till>(),
        }
    }

    fn next_round(self) -> u64 {
        self.round.update(|n| *n = n.wrapping_add(1));
        self.round.get_untracked()
    }

    /// The dialog for `customer`, their phone filled in, one period.
    pub fn start(self, customer: &CustomerView) {
        self.next_round();
        batch(|| {
            self.phone.set(customer.phone.clone().unwrap_or_default());
            self.periods.set("1".into());
            self.errors.set(Vec::new());
            self.message.set(None);
            self.busy.set(false);
            self.push.set(None);
            self.open.set(true);
        });
    }

    /// Back to the form, to send another request.
    pub fn again(self) {
        self.next_round();
        batch(|| {
            self.errors.set(Vec::new());
            self.message.set(None);
            self.push.set(None);
        });
    }

    /// Closes the dialog; its poll stops.
    pub fn close(self) {
        self.next_round();
        self.open.set(false);
    }

    /// The periods typed, or the refusal to show under them.
    pub fn periods(self) -> Result<u32, FieldError> {
        match self.periods.get_clone_untracked().trim().parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(FieldError {
                field: "periods".into(),
                message: "A whole number of periods, 1 or more.".into(),
            }),
        }
    }

    /// The request as typed for `customer_id`: an empty phone asks the customer's own.
    pub fn input(self, customer_id: CustomerId) -> Result<MpesaPushInput, FieldError> {
        let periods = self.periods()?;
        let phone = self.phone.get_clone_untracked().trim().to_string();
        Ok(MpesaPushInput {
            customer_id,
            periods,
            phone: (!phone.is_empty()).then_some(phone),
        })
    }
}

impl Default for MpesaRequest {
    fn default() -> Self {
        Self::new()
    }
}

impl CustomersPageState {
    /// "Send request": the push goes to the phone; the dialog then waits for the answer.
    pub fn send_mpesa(self, customer_id: CustomerId) {
        let mpesa = self.mpesa;
        if mpesa.busy.get_untracked() {
            return;
        }
        let input = match mpesa.input(customer_id) {
            Ok(input) => input,
            Err(refusal) => {
                mpesa.errors.set(vec![refusal]);
                return;
            }
        };
        let round = mpesa.round.get_untracked();
        batch(|| {
            mpesa.busy.set(true);
            mpesa.errors.set(Vec::new());
            mpesa.message.set(None);
        });
        self.scope.spawn(async move {
            let answer = invoke::<RequestMpesaPush>(&WithInput { input }).await;
            if mpesa.round.get_untracked() != round {
                return; // closed meanwhile
            }
            mpesa.busy.set(false);
            match answer {
                Ok(push) => {
                    let (id, waiting) = (push.id, push_waiting(push.state));
                    mpesa.push.set(Some(push));
                    self.load_money(customer_id);
                    if waiting {
                        self.poll_push(round, id, customer_id);
                    }
                }
                Err(e) => batch(|| {
                    let gateway = e.code == ErrorCode::Gateway;
                    if gateway || e.fields.is_empty() {
                        mpesa.message.set(Some(e.message));
                    }
                    mpesa.errors.set(e.fields);
                }),
            }
        });
    }

    /// Asks every two seconds how push `push_id` stands, while the dialog shows it and the
    /// customer has not answered.
    fn poll_push(self, round: u64, push_id: i64, customer_id: CustomerId) {
        let mpesa = self.mpesa;
        self.scope.spawn(async move {
            loop {
                timer::sleep(POLL_MS).await;
                if mpesa.round.get_untracked() != round || !mpesa.open.get_untracked() {
                    return;
                }
                // A failed read is tried again at the next round: the push goes on regardless.
                let Ok(list) = invoke::<CustomerPushes>(&ById { id: customer_id }).await else {
                    continue;
                };
                // Set only when something moved: a redraw every round would replace the
                // buttons under the pointer.
                if self.open.get_untracked() == Some(customer_id)
                    && self.pushes.with_untracked(|p| p.as_ref() != Some(&list))
                {
                    self.pushes.set(Some(list.clone()));
                }
                if mpesa.round.get_untracked() != round {
                    return;
                }
                let Some(push) = list.into_iter().find(|p| p.id == push_id) else {
                    continue;
                };
                let state = push.state;
                if mpesa.push.with_untracked(|p| p.as_ref() != Some(&push)) {
                    mpesa.push.set(Some(push));
                }
                if !push_waiting(state) {
                    if state == PushState::Paid {
                        self.after_paid(customer_id).await;
                    }
                    return;
                }
            }
        });
    }

    /// The customer paid: their status, expiry, payments and credit are read again.
    async fn after_paid(self, customer_id: CustomerId) {
        if let Some(till) = self.mpesa.till {
            // Everything that shows payments reads again (this page's money among them).
            till.bump();
        } else {
            self.load_money(customer_id);
        }
        let now = invoke::<GetCustomer>(&ById { id: customer_id }).await;
        if let Ok(c) = now {
            if self.open.get_untracked() == Some(customer_id) {
                self.customer.set(Some(c));
                self.load_router_side(customer_id);
            }
        }
        self.refresh_list();
        self.queues.reload();
    }
}
