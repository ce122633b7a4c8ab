//! FakePaypal: PayPal's REST API (OAuth token, webhook certificate, verify webhook
//! signature, show captured payment) and the webhooks PayPal sends (see `paypal_send`).
#![allow(
    clippy::result_large_err,
    reason = "handlers return their early HTTP answer as the Err of a Result"
)]

use std::collections::HashMap;
use std::ops::Not as _;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse as _, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::paypal_sign::{signed_string, ServedCert, Signer};
use crate::server::{self, lock, FakeError, Server};

/// The id in the fake's certificate URL.
pub const CERT_ID: &str = "CERT-360caa42-fca2a594-fake";

#[derive(Debug, Clone)]
pub struct PaypalConfig {
    pub client_id: String,
    pub client_secret: String,
    /// The genuine certificate's validity window.
    pub cert_not_before: DateTime<Utc>,
    pub cert_not_after: DateTime<Utc>,
}

impl Default for PaypalConfig {
    fn default() -> Self {
        let now = Utc::now();
        Self {
            client_id: "fake-paypal-client-id".into(),
            client_secret: "fake-paypal-client-secret".into(),
            cert_not_before: now - Duration::days(1),
            cert_not_after: now + Duration::days(365),
        }
    }
}

/// A captured payment the fake knows (`GET /v2/payments/captures/{id}`, webhooks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub id: String,
    /// COMPLETED, PENDING, DECLINED, REFUNDED, PARTIALLY_REFUNDED or FAILED.
    pub status: String,
    /// As PayPal writes it, e.g. "10.00".
    pub amount: String,
    pub currency: String,
    pub custom_id: String,
    pub invoice_id: String,
    pub order_id: String,
}

/// A webhook the fake built (sent or not), kept so the verify API can find its exact bytes.
#[derive(Debug, Clone)]
pub struct SentWebhook {
    pub event_id: String,
    pub webhook_id: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Default)]
pub(crate) struct PaypalState {
    pub(crate) tokens: Vec<String>,
    pub(crate) token_requests: usize,
    pub(crate) captures: HashMap<String, Capture>,
    pub(crate) served: ServedCert,
    pub(crate) webhooks: Vec<SentWebhook>,
    pub(crate) verify_requests: Vec<Value>,
}

pub(crate) struct Shared {
    pub(crate) config: PaypalConfig,
    pub(crate) signer: Signer,
    pub(crate) base_url: Mutex<String>,
    pub(crate) state: Mutex<PaypalState>,
}

impl Shared {
    pub(crate) fn base(&self) -> String {
        lock(&self.base_url).clone()
    }

    pub(crate) fn cert_url(&self) -> String {
        format!("{}/v1/notifications/certs/{CERT_ID}", self.base())
    }
}

/// A loopback PayPal. Dropping it stops the server.
pub struct FakePaypal {
    pub(crate) shared: Arc<Shared>,
    server: Server,
}

impl FakePaypal {
    pub async fn start(config: PaypalConfig) -> Result<Self, FakeError> {
        let signer = Signer::new(config.cert_not_before, config.cert_not_after)?;
        let shared = Arc::new(Shared {
            config,
            signer,
            base_url: Mutex::new(String::new()),
            state: Mutex::new(PaypalState::default()),
        });
        let router = Router::new()
            .route("/v1/oauth2/token", post(token))
            .route("/v1/notifications/certs/{id}", get(cert))
            .route("/v1/notifications/verify-webhook-signature", post(verify))
            .route("/v2/payments/captures/{id}", get(show_capture))
            .with_state(shared.clone());
        let server = Server::start(router).await?;
        *lock(&shared.base_url) = server.base_url();
        Ok(Self { shared, server })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn shutdown(mut self) {
        self.server.shutdown();
    }

    /// `{base_url}/v1/notifications/certs/CERT-360caa42-fca2a594-fake`.
    pub fn cert_url(&self) -> String {
        self.shared.cert_url()
    }

    /// The genuine certificate (PEM), whatever the cert URL currently serves.
    pub fn certificate_pem(&self) -> String {
        self.shared.signer.pem(ServedCert::Genuine).to_owned()
    }

    /// Chooses what the cert URL serves from now on.
    pub fn serve_cert(&self, which: ServedCert) {
        lock(&self.shared.state).served = which;
    }

    pub fn token_requests(&self) -> usize {
        lock(&self.shared.state).token_requests
    }

    pub fn expire_tokens(&self) {
        lock(&self.shared.state).tokens.clear();
    }

    /// Adds (or replaces, by id) a capture.
    pub fn add_capture(&self, capture: Capture) {
        lock(&self.shared.state)
            .captures
            .insert(capture.id.clone(), capture);
    }

    /// The webhooks built so far, oldest first.
    pub fn webhooks(&self) -> Vec<SentWebhook> {
        lock(&self.shared.state).webhooks.clone()
    }

    /// The verify-webhook-signature request bodies received, oldest first.
    pub fn verify_requests(&self) -> Vec<Value> {
        lock(&self.shared.state).verify_requests.clone()
    }
}

fn debug_id() -> String {
    server::alnum_id(13).to_ascii_lowercase()
}

/// PayPal's answer to a missing, unknown or expired bearer token.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let ok = server::bearer(headers).is_some_and(|t| lock(&shared.state).tokens.contains(&t));
    if ok {
        Ok(())
    } else {
        Err(server::json(
            401,
            json!({"error": "invalid_token", "error_description": "Token signature verification failed"}),
        ))
    }
}

async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let mut state = lock(&shared.state);
    state.token_requests += 1;
    let wanted = (
        shared.config.client_id.clone(),
        shared.config.client_secret.clone(),
    );
    if server::basic(&headers) != Some(wanted) {
        return server::json(
            401,
            json!({"error": "invalid_client", "error_description": "Client Authentication failed"}),
        );
    }
    let grant = form.ok().and_then(|Form(f)| f.get("grant_type").cloned());
    match grant.as_deref() {
        Some("client_credentials") => {}
        None => {
            return server::json(
                400,
                json!({"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"}),
            )
        }
        Some(_) => {
            return server::json(
                400,
                json!({"error": "unsupported_grant_type", "error_description": "Grant Type is not supported"}),
            )
        }
    }
    let access_token = format!("A21AA{}", server::alnum_id(60));
    state.tokens.push(access_token.clone());
    let now = Utc::now();
    // Shape of the sample in PayPal's "Get started" (authentication) guide.
    server::json(
        200,
        json!({
            "scope": "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/applications/webhooks",
            "access_token": access_token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": 32400,
            "nonce": format!("{}{}", now.format("%Y-%m-%dT%H:%M:%SZ"), server::alnum_id(20)),
        }),
    )
}

async fn cert(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    if id != CERT_ID {
        return not_found();
    }
    let which = lock(&shared.state).served;
    let pem = shared.signer.pem(which).to_owned();
    (
        [(axum::http::header::CONTENT_TYPE, "application/x-pem-file")],
        pem,
    )
        .into_response()
}

fn not_found() -> Response {
    server::json(
        404,
        json!({
            "name": "RESOURCE_NOT_FOUND",
            "details": [{
                "issue": "INVALID_RESOURCE_ID",
                "description": "Specified resource ID does not exist. Please check the resource ID and try again."
            }],
            "message": "The specified resource does not exist.",
            "debug_id": debug_id(),
            "links": [{
                "href": "https://developer.paypal.com/docs/api/payments/v2/#error-INVALID_RESOURCE_ID",
                "rel": "information_link",
                "method": "GET"
            }]
        }),
    )
}

async fn show_capture(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let capture = lock(&shared.state).captures.get(&id).cloned();
    match capture {
        Some(capture) => server::json(
            200,
            crate::paypal_send::capture_json(&shared.base(), &capture, None),
        ),
        None => not_found(),
    }
}

const VERIFY_FIELDS: [&str; 7] = [
    "auth_algo",
    "cert_url",
    "transmission_id",
    "transmission_sig",
    "transmission_time",
    "webhook_id",
    "webhook_event",
];

/// Checks the signature against the fake's own key. The CRC is taken over the webhook_event
/// re-serialized compactly (what PayPal's API does with the event it is sent) and, failing
/// that, over the exact bytes of the webhook this fake sent with the same event id, provided
/// the event sent back equals that webhook's event as JSON (so a changed event fails).
async fn verify(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    lock(&shared.state).verify_requests.push(request.clone());
    let missing = VERIFY_FIELDS.iter().find(|field| {
        match request.get(**field) {
            Some(Value::Object(_)) => **field == "webhook_event",
            Some(Value::String(s)) => **field != "webhook_event" && !s.is_empty(),
            _ => false,
        }
        .not()
    });
    if let Some(field) = missing {
        return server::json(
            400,
            json!({
                "name": "VALIDATION_ERROR",
                "message": "Invalid request - see details",
                "debug_id": debug_id(),
                "details": [{
                    "field": format!("/{field}"),
                    "location": "body",
                    "issue": "MISSING_REQUIRED_PARAMETER",
                    "description": "A required field / parameter is missing."
                }]
            }),
        );
    }
    let text = |field: &str| {
        request
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let event = request.get("webhook_event").cloned().unwrap_or(Value::Null);
    let mut candidates = vec![serde_json::to_vec(&event).unwrap_or_default()];
    let event_id = event.get("id").and_then(Value::as_str).unwrap_or_default();
    candidates.extend(
        lock(&shared.state)
            .webhooks
            .iter()
            .filter(|sent| sent.event_id == event_id)
            // Only if the event sent back is the one sent (same JSON, whatever the layout).
            .filter(|sent| {
                serde_json::from_slice::<Value>(&sent.body).ok().as_ref() == Some(&event)
            })
            .map(|sent| sent.body.clone()),
    );
    let ok = text("auth_algo") == "SHA256withRSA"
        && text("cert_url") == shared.cert_url()
        && candidates.iter().any(|bytes| {
            let message = signed_string(
                text("transmission_id"),
                text("transmission_time"),
                text("webhook_id"),
                bytes,
            );
            shared
                .signer
                .verify(message.as_bytes(), text("transmission_sig"))
        });
    let status = if ok { "SUCCESS" } else { "FAILURE" };
    server::json(200, json!({"verification_status": status}))
}
