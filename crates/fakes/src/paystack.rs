//! FakePaystack: Paystack's Verify Transaction endpoint and its `charge.success` webhook.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{SecondsFormat, Utc};
use hmac::{Hmac, Mac as _};
use serde_json::{json, Value};
use sha2::Sha512;

use crate::server::{self, lock, FakeError, Headers, Server};

#[derive(Debug, Clone)]
pub struct PaystackConfig {
    /// The secret key: the bearer token of API calls and the HMAC key of webhooks.
    pub secret_key: String,
}

impl Default for PaystackConfig {
    fn default() -> Self {
        Self {
            secret_key: "sk_test_fakefakefakefakefakefakefakefakefake".into(),
        }
    }
}

/// A Paystack transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    pub reference: String,
    /// In the currency's subunit (kobo, cents), as Paystack counts.
    pub amount_minor: i64,
    pub currency: String,
    /// success, abandoned, failed, ongoing, pending, reversed…
    pub status: String,
    pub email: String,
    pub metadata: Value,
}

#[derive(Default)]
struct State_ {
    transactions: HashMap<String, (u64, Transaction)>,
    verify_requests: Vec<String>,
}

struct Shared {
    config: PaystackConfig,
    state: Mutex<State_>,
}

/// A loopback Paystack. Dropping it stops the server.
pub struct FakePaystack {
    shared: Arc<Shared>,
    server: Server,
}

impl FakePaystack {
    pub async fn start(config: PaystackConfig) -> Result<Self, FakeError> {
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(State_::default()),
        });
        let router = Router::new()
            .route("/transaction/verify/{reference}", get(verify))
            .with_state(shared.clone());
        let server = Server::start(router).await?;
        Ok(Self { shared, server })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn shutdown(mut self) {
        self.server.shutdown();
    }

    /// Adds (or replaces, by reference) a transaction; returns Paystack's numeric id for it.
    pub fn add_transaction(&self, transaction: Transaction) -> u64 {
        let mut state = lock(&self.shared.state);
        let id = state
            .transactions
            .get(&transaction.reference)
            .map_or_else(|| 4_099_260_000 + server::next_id(), |(id, _)| *id);
        state
            .transactions
            .insert(transaction.reference.clone(), (id, transaction));
        id
    }

    /// The references asked for on the verify endpoint (authorized or not), oldest first.
    pub fn verify_requests(&self) -> Vec<String> {
        lock(&self.shared.state).verify_requests.clone()
    }

    /// Builds (without sending) the `charge.success` webhook for `transaction` (added first if
    /// the fake does not know it): headers (with `x-paystack-signature`, the hex HMAC-SHA512
    /// of the body under the secret key) and the exact body.
    pub fn charge_success(&self, transaction: &Transaction) -> (Headers, Vec<u8>) {
        let known = lock(&self.shared.state)
            .transactions
            .get(&transaction.reference)
            .map(|(id, _)| *id);
        let id = known.unwrap_or_else(|| self.add_transaction(transaction.clone()));
        let body = json!({"event": "charge.success", "data": data(id, transaction, true)})
            .to_string()
            .into_bytes();
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            (
                "x-paystack-signature".to_owned(),
                signature(&self.shared.config.secret_key, &body),
            ),
        ];
        (headers, body)
    }

    /// POSTs the `charge.success` webhook to `url`; returns the receiver's (status, body).
    pub async fn send_charge_success(
        &self,
        url: &str,
        transaction: &Transaction,
    ) -> Result<(u16, Vec<u8>), FakeError> {
        let (headers, body) = self.charge_success(transaction);
        server::post(url, &headers, body).await
    }
}

/// Hex HMAC-SHA512 of `body` under `secret_key`.
pub fn signature(secret_key: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha512>>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The transaction object, shaped like the samples of Paystack's "Verify Transaction" API
/// reference and its `charge.success` webhook sample (docs "Webhooks" page).
fn data(id: u64, t: &Transaction, webhook: bool) -> Value {
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let success = t.status == "success";
    let gateway_response = match t.status.as_str() {
        "success" => "Successful",
        "failed" => "Declined",
        "abandoned" => "The transaction was not completed",
        _ => "Transaction ongoing",
    };
    let mut data = json!({
        "id": id,
        "domain": "test",
        "status": t.status,
        "reference": t.reference,
        "amount": t.amount_minor,
        "message": null,
        "gateway_response": gateway_response,
        "paid_at": if success { Value::from(now.clone()) } else { Value::Null },
        "created_at": now,
        "channel": "card",
        "currency": t.currency,
        "ip_address": "41.242.49.37",
        "metadata": t.metadata,
        "log": null,
        "fees": if success { Value::from(t.amount_minor * 15 / 1000) } else { Value::Null },
        "customer": {
            "id": 68324,
            "first_name": null,
            "last_name": null,
            "email": t.email,
            "customer_code": "CUS_qo38as2hpsgk2r0",
            "phone": null,
            "metadata": null,
            "risk_action": "default"
        },
        "authorization": {
            "authorization_code": "AUTH_f5rnfq9p",
            "bin": "408408",
            "last4": "4081",
            "exp_month": "12",
            "exp_year": "2030",
            "channel": "card",
            "card_type": "visa DEBIT",
            "bank": "Test Bank",
            "country_code": "NG",
            "brand": "visa",
            "reusable": true,
            "signature": "SIG_uSYN4fv1adlAuoij8QXh"
        },
        "plan": {}
    });
    if !webhook {
        data["requested_amount"] = Value::from(t.amount_minor);
        data["transaction_date"] = data["created_at"].clone();
        data["plan"] = Value::Null;
    }
    data
}

async fn verify(
    State(shared): State<Arc<Shared>>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut state = lock(&shared.state);
    state.verify_requests.push(reference.clone());
    if server::bearer(&headers).as_deref() != Some(shared.config.secret_key.as_str()) {
        return server::json(401, json!({"status": false, "message": "Invalid key"}));
    }
    match state.transactions.get(&reference) {
        Some((id, transaction)) => server::json(
            200,
            json!({
                "status": true,
                "message": "Verification successful",
                "data": data(*id, transaction, false),
            }),
        ),
        None => server::json(
            400,
            json!({"status": false, "message": "Transaction reference not found"}),
        ),
    }
}
