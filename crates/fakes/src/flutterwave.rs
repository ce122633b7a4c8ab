//! FakeFlutterwave: Flutterwave v3's Verify Transaction endpoint and its `charge.completed`
//! webhook.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{SecondsFormat, Utc};
use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::server::{self, lock, FakeError, Headers, Server};

#[derive(Debug, Clone)]
pub struct FlutterwaveConfig {
    /// The secret key, the bearer token of API calls.
    pub secret_key: String,
    /// The "secret hash" set on the dashboard, sent as the `verif-hash` header of webhooks.
    pub secret_hash: String,
}

impl Default for FlutterwaveConfig {
    fn default() -> Self {
        Self {
            secret_key: "FLWSECK_TEST-fakefakefakefakefakefakefakefake-X".into(),
            secret_hash: "fake-flutterwave-secret-hash".into(),
        }
    }
}

/// A Flutterwave transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    /// Flutterwave's id (`data.id`), what the verify URL takes.
    pub id: u64,
    /// The merchant's reference.
    pub tx_ref: String,
    /// In major units (Flutterwave sends a JSON number, e.g. 100 or 1.4).
    pub amount: Decimal,
    pub currency: String,
    /// successful, failed or pending.
    pub status: String,
    pub email: String,
    pub name: String,
    pub meta: Value,
}

#[derive(Default)]
struct State_ {
    transactions: HashMap<u64, Transaction>,
    verify_requests: Vec<String>,
}

struct Shared {
    config: FlutterwaveConfig,
    state: Mutex<State_>,
}

/// A loopback Flutterwave. Dropping it stops the server.
pub struct FakeFlutterwave {
    shared: Arc<Shared>,
    server: Server,
}

impl FakeFlutterwave {
    pub async fn start(config: FlutterwaveConfig) -> Result<Self, FakeError> {
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(State_::default()),
        });
        let router = Router::new()
            .route("/v3/transactions/{id}/verify", get(verify))
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

    /// Adds (or replaces, by id) a transaction.
    pub fn add_transaction(&self, transaction: Transaction) {
        lock(&self.shared.state)
            .transactions
            .insert(transaction.id, transaction);
    }

    /// The ids asked for on the verify endpoint (authorized or not), oldest first.
    pub fn verify_requests(&self) -> Vec<String> {
        lock(&self.shared.state).verify_requests.clone()
    }

    /// Builds (without sending) the `charge.completed` webhook: headers (with `verif-hash`,
    /// the configured secret hash as is) and the exact body.
    pub fn charge_completed(&self, transaction: &Transaction) -> (Headers, Vec<u8>) {
        let mut data = data(transaction);
        if let Some(object) = data.as_object_mut() {
            // The webhook's data carries no meta (the verify answer does).
            object.remove("meta");
        }
        // The v3 webhook sample (docs "Webhooks" page) has "event.type" beside "event".
        let body =
            json!({"event": "charge.completed", "data": data, "event.type": "CARD_TRANSACTION"})
                .to_string()
                .into_bytes();
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            (
                "verif-hash".to_owned(),
                self.shared.config.secret_hash.clone(),
            ),
        ];
        (headers, body)
    }

    /// POSTs the `charge.completed` webhook to `url`; returns the receiver's (status, body).
    pub async fn send_charge_completed(
        &self,
        url: &str,
        transaction: &Transaction,
    ) -> Result<(u16, Vec<u8>), FakeError> {
        let (headers, body) = self.charge_completed(transaction);
        server::post(url, &headers, body).await
    }
}

/// A Decimal as a JSON number: an integer when whole, else a float (as Flutterwave writes).
fn number(amount: Decimal) -> Value {
    if amount.fract().is_zero() {
        amount.to_i64().map_or(Value::Null, Value::from)
    } else {
        amount.to_f64().map_or(Value::Null, Value::from)
    }
}

/// The transaction object, shaped like the sample of Flutterwave v3's "Verify a transaction"
/// API reference (and of its `charge.completed` webhook sample).
fn data(t: &Transaction) -> Value {
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let processor_response = match t.status.as_str() {
        "successful" => "Approved by Financial Institution",
        "failed" => "Declined",
        _ => "Pending",
    };
    let fee = (t.amount * Decimal::new(14, 3)).round_dp(2);
    json!({
        "id": t.id,
        "tx_ref": t.tx_ref,
        "flw_ref": format!("FLW-MOCK-{}", server::alnum_id(32).to_ascii_lowercase()),
        "device_fingerprint": "N/A",
        "amount": number(t.amount),
        "currency": t.currency,
        "charged_amount": number(t.amount),
        "app_fee": number(fee),
        "merchant_fee": 0,
        "processor_response": processor_response,
        "auth_model": "PIN",
        "ip": "197.210.64.96",
        "narration": "CARD Transaction ",
        "status": t.status,
        "payment_type": "card",
        "created_at": now,
        "account_id": 17321,
        "card": {
            "first_6digits": "553188",
            "last_4digits": "2950",
            "issuer": "MASTERCARD CREDIT",
            "country": "NG",
            "type": "MASTERCARD",
            "expiry": "09/32"
        },
        "meta": t.meta,
        "amount_settled": number(t.amount - fee),
        "customer": {
            "id": 215_604_089,
            "name": t.name,
            "phone_number": null,
            "email": t.email,
            "created_at": now
        }
    })
}

async fn verify(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut state = lock(&shared.state);
    state.verify_requests.push(id.clone());
    if server::bearer(&headers).as_deref() != Some(shared.config.secret_key.as_str()) {
        return server::json(
            401,
            json!({"status": "error", "message": "Invalid authorization key", "data": null}),
        );
    }
    let found = id
        .parse::<u64>()
        .ok()
        .and_then(|id| state.transactions.get(&id));
    match found {
        Some(transaction) => server::json(
            200,
            json!({
                "status": "success",
                "message": "Transaction fetched successfully",
                "data": data(transaction),
            }),
        ),
        None => server::json(
            400,
            json!({"status": "error", "message": "No transaction was found for this id", "data": null}),
        ),
    }
}
