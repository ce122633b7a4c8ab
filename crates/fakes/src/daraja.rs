//! FakeDaraja: Safaricom's M-Pesa Daraja API (OAuth, M-Pesa Express STK push and query,
//! C2B register URL), and the callbacks Safaricom sends (see `daraja_send`).
#![allow(
    clippy::result_large_err,
    reason = "handlers return their early HTTP answer as the Err of a Result"
)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use base64::Engine as _;
use chrono::{FixedOffset, NaiveDateTime, TimeZone as _, Utc};
use serde_json::{json, Value};

use crate::daraja_send::Completion;
use crate::server::{self, lock, FakeError, Server};

/// Credentials and shortcode the fake accepts.
#[derive(Debug, Clone)]
pub struct DarajaConfig {
    pub consumer_key: String,
    pub consumer_secret: String,
    /// The Lipa na M-Pesa Online (STK push) shortcode.
    pub shortcode: String,
    pub passkey: String,
    /// How far an STK request's Timestamp may be from now, Kenya time, in seconds.
    pub timestamp_tolerance_secs: i64,
}

impl Default for DarajaConfig {
    /// Daraja's public sandbox shortcode and passkey (from the M-Pesa Express simulator page
    /// of developer.safaricom.co.ke); the consumer key and secret are the fake's own.
    fn default() -> Self {
        Self {
            consumer_key: "fake-consumer-key".into(),
            consumer_secret: "fake-consumer-secret".into(),
            shortcode: "174379".into(),
            passkey: "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919".into(),
            timestamp_tolerance_secs: 300,
        }
    }
}

/// An STK push the fake accepted.
#[derive(Debug, Clone)]
pub struct StkPush {
    pub merchant_request_id: String,
    pub checkout_request_id: String,
    /// The request body as received.
    pub request: Value,
    pub amount: u64,
    pub phone: u64,
    pub callback_url: String,
}

/// A C2B URL registration the fake accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct C2bRegistration {
    pub short_code: String,
    pub response_type: String,
    pub confirmation_url: String,
    pub validation_url: String,
}

/// What the STK query answers for one CheckoutRequestID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryAnswer {
    /// HTTP 500, errorCode 500.001.1001 "The transaction is being processed".
    Processing,
    /// HTTP 200 with this ResultCode and ResultDesc.
    Resolved {
        result_code: String,
        result_desc: String,
    },
}

#[derive(Debug, Default)]
pub(crate) struct DarajaState {
    pub(crate) tokens: Vec<String>,
    pub(crate) token_requests: usize,
    pub(crate) pushes: Vec<StkPush>,
    pub(crate) queries: Vec<Value>,
    pub(crate) registrations: Vec<C2bRegistration>,
    pub(crate) answers: HashMap<String, QueryAnswer>,
}

pub(crate) struct Shared {
    pub(crate) config: DarajaConfig,
    pub(crate) state: Mutex<DarajaState>,
}

/// A loopback Daraja. Dropping it stops the server.
pub struct FakeDaraja {
    pub(crate) shared: Arc<Shared>,
    server: Server,
}

/// Kenya's time zone (EAT, UTC+3, no daylight saving).
pub(crate) fn kenya() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).expect("UTC+3 is a valid offset")
}

impl FakeDaraja {
    pub async fn start(config: DarajaConfig) -> Result<Self, FakeError> {
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(DarajaState::default()),
        });
        let router = Router::new()
            .route("/oauth/v1/generate", get(token))
            .route("/mpesa/stkpush/v1/processrequest", post(stk_push))
            .route("/mpesa/stkpushquery/v1/query", post(stk_query))
            .route("/mpesa/c2b/v1/registerurl", post(register_url))
            .with_state(shared.clone());
        let server = Server::start(router).await?;
        Ok(Self { shared, server })
    }

    /// "http://127.0.0.1:PORT".
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn config(&self) -> &DarajaConfig {
        &self.shared.config
    }

    /// Stops the server now (dropping the fake does the same).
    pub fn shutdown(mut self) {
        self.server.shutdown();
    }

    /// How many token requests arrived, successful or not.
    pub fn token_requests(&self) -> usize {
        lock(&self.shared.state).token_requests
    }

    /// Makes every token issued so far invalid (as if its hour had passed).
    pub fn expire_tokens(&self) {
        lock(&self.shared.state).tokens.clear();
    }

    /// The STK pushes accepted, oldest first.
    pub fn pushes(&self) -> Vec<StkPush> {
        lock(&self.shared.state).pushes.clone()
    }

    /// The STK query bodies received (valid or not), oldest first.
    pub fn queries(&self) -> Vec<Value> {
        lock(&self.shared.state).queries.clone()
    }

    /// The C2B registrations accepted, oldest first.
    pub fn registrations(&self) -> Vec<C2bRegistration> {
        lock(&self.shared.state).registrations.clone()
    }

    /// Sets what the STK query answers for this CheckoutRequestID from now on.
    pub fn set_query_answer(&self, checkout_request_id: &str, answer: QueryAnswer) {
        lock(&self.shared.state)
            .answers
            .insert(checkout_request_id.to_owned(), answer);
    }

    pub(crate) fn resolve(&self, checkout_request_id: &str, completion: &Completion) {
        let (code, desc) = completion.result();
        self.set_query_answer(
            checkout_request_id,
            QueryAnswer::Resolved {
                result_code: code.to_string(),
                result_desc: desc.to_owned(),
            },
        );
    }
}

/// Daraja's error body: `{"requestId","errorCode","errorMessage"}`.
fn error(status: u16, code: &str, message: &str) -> Response {
    let request_id = format!(
        "{}-{}-1",
        2000 + server::next_id() % 8000,
        94_324_073 + server::next_id()
    );
    server::json(
        status,
        json!({"requestId": request_id, "errorCode": code, "errorMessage": message}),
    )
}

fn bad_request(field: &str) -> Response {
    error(400, "400.002.02", &format!("Bad Request - Invalid {field}"))
}

async fn token(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut state = lock(&shared.state);
    state.token_requests += 1;
    // Daraja's Authorization error table: 400.008.02 for the grant type, 400.008.01 for the keys.
    if query.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return error(400, "400.008.02", "Invalid grant type passed");
    }
    let wanted = (
        shared.config.consumer_key.clone(),
        shared.config.consumer_secret.clone(),
    );
    if server::basic(&headers) != Some(wanted) {
        return error(400, "400.008.01", "Invalid Authentication passed");
    }
    let access_token = server::alnum_id(28);
    state.tokens.push(access_token.clone());
    // expires_in is a string in Daraja's answer.
    server::json(
        200,
        json!({"access_token": access_token, "expires_in": "3599"}),
    )
}

/// Checks the bearer token; Daraja answers an invalid or expired one like this.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let ok =
        server::bearer(headers).is_some_and(|token| lock(&shared.state).tokens.contains(&token));
    if ok {
        Ok(())
    } else {
        Err(error(401, "404.001.03", "Invalid Access Token"))
    }
}

fn parse_body(body: &Bytes) -> Result<serde_json::Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(bad_request("JSON")),
    }
}

/// A field as text: a JSON string, or a number written out (Daraja takes both).
fn text(body: &serde_json::Map<String, Value>, field: &str) -> Result<String, Response> {
    match body.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(bad_request(field)),
    }
}

fn digits(body: &serde_json::Map<String, Value>, field: &str) -> Result<String, Response> {
    let value = text(body, field)?;
    if value.chars().all(|c| c.is_ascii_digit()) && (5..=7).contains(&value.len()) {
        Ok(value)
    } else {
        Err(bad_request(field))
    }
}

/// A Safaricom MSISDN in international form: 2547XXXXXXXX or 2541XXXXXXXX.
fn msisdn(body: &serde_json::Map<String, Value>, field: &str) -> Result<u64, Response> {
    let value = text(body, field)?;
    let ok = value.len() == 12
        && value.chars().all(|c| c.is_ascii_digit())
        && (value.starts_with("2547") || value.starts_with("2541"));
    match value.parse::<u64>() {
        Ok(number) if ok => Ok(number),
        _ => Err(bad_request(field)),
    }
}

/// Password, Timestamp and shortcode: the Timestamp is YYYYMMDDHHmmss, Kenya time, near now;
/// the Password is base64(shortcode + passkey + Timestamp).
fn credentials(shared: &Shared, body: &serde_json::Map<String, Value>) -> Result<String, Response> {
    let shortcode = digits(body, "BusinessShortCode")?;
    let password = text(body, "Password")?;
    let timestamp = text(body, "Timestamp")?;
    let parsed = NaiveDateTime::parse_from_str(&timestamp, "%Y%m%d%H%M%S")
        .ok()
        .filter(|_| timestamp.len() == 14)
        .and_then(|naive| kenya().from_local_datetime(&naive).single())
        .ok_or_else(|| bad_request("Timestamp"))?;
    let skew = (Utc::now() - parsed.with_timezone(&Utc))
        .num_seconds()
        .abs();
    if skew > shared.config.timestamp_tolerance_secs {
        return Err(bad_request("Timestamp"));
    }
    let expected = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}{}{}",
        shared.config.shortcode, shared.config.passkey, timestamp
    ));
    if shortcode != shared.config.shortcode || password != expected {
        // What Daraja answers a wrong passkey or a shortcode not set up for STK push.
        return Err(error(500, "500.001.1001", "Wrong credentials"));
    }
    Ok(shortcode)
}

fn http_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/') && !rest.contains(' '))
}

async fn stk_push(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    match stk_push_checked(&shared, &headers, &body) {
        Ok(response) | Err(response) => response,
    }
}

fn stk_push_checked(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, Response> {
    authorize(shared, headers)?;
    let map = parse_body(body)?;
    digits(&map, "BusinessShortCode")?;
    text(&map, "Password")?;
    text(&map, "Timestamp")?;
    let kind = text(&map, "TransactionType")?;
    if kind != "CustomerPayBillOnline" && kind != "CustomerBuyGoodsOnline" {
        return Err(bad_request("TransactionType"));
    }
    let amount = match map.get("Amount") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse::<u64>().ok(),
        _ => None,
    }
    .filter(|amount| *amount >= 1)
    .ok_or_else(|| bad_request("Amount"))?;
    msisdn(&map, "PartyA")?;
    digits(&map, "PartyB")?;
    let phone = msisdn(&map, "PhoneNumber")?;
    let callback_url = text(&map, "CallBackURL")?;
    if !http_url(&callback_url) {
        return Err(bad_request("CallBackURL"));
    }
    let reference = text(&map, "AccountReference")?;
    if reference.chars().count() > 12 {
        return Err(bad_request("AccountReference"));
    }
    let description = text(&map, "TransactionDesc")?;
    if description.chars().count() > 13 {
        return Err(bad_request("TransactionDesc"));
    }
    credentials(shared, &map)?;

    let n = server::next_id();
    let merchant_request_id = format!("{}-{}-1", 29115 + n % 1000, 34_620_561 + n);
    let now = Utc::now().with_timezone(&kenya());
    let checkout_request_id = format!("ws_CO_{}{:04}", now.format("%d%m%Y%H%M%S"), n % 10_000);
    let push = StkPush {
        merchant_request_id: merchant_request_id.clone(),
        checkout_request_id: checkout_request_id.clone(),
        request: Value::Object(map),
        amount,
        phone,
        callback_url,
    };
    let mut state = lock(&shared.state);
    state.pushes.push(push);
    state
        .answers
        .insert(checkout_request_id.clone(), QueryAnswer::Processing);
    let accepted = "Success. Request accepted for processing";
    Ok(server::json(
        200,
        json!({
            "MerchantRequestID": merchant_request_id,
            "CheckoutRequestID": checkout_request_id,
            "ResponseCode": "0",
            "ResponseDescription": accepted,
            "CustomerMessage": accepted,
        }),
    ))
}

async fn stk_query(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&body) {
        lock(&shared.state).queries.push(Value::Object(map));
    }
    let checked = (|| {
        authorize(&shared, &headers)?;
        let map = parse_body(&body)?;
        let checkout = text(&map, "CheckoutRequestID")?;
        credentials(&shared, &map)?;
        let state = lock(&shared.state);
        let push = state
            .pushes
            .iter()
            .find(|push| push.checkout_request_id == checkout)
            .ok_or_else(|| bad_request("CheckoutRequestID"))?;
        match state.answers.get(&checkout) {
            Some(QueryAnswer::Resolved {
                result_code,
                result_desc,
            }) => Ok(server::json(
                200,
                json!({
                    "ResponseCode": "0",
                    // Daraja's own spelling.
                    "ResponseDescription": "The service request has been accepted successsfully",
                    "MerchantRequestID": push.merchant_request_id,
                    "CheckoutRequestID": push.checkout_request_id,
                    "ResultCode": result_code,
                    "ResultDesc": result_desc,
                }),
            )),
            _ => Err(error(
                500,
                "500.001.1001",
                "The transaction is being processed",
            )),
        }
    })();
    match checked {
        Ok(response) | Err(response) => response,
    }
}

/// Daraja's Register URL page asks that the URLs carry none of these words.
const FORBIDDEN_IN_URLS: [&str; 8] = [
    "m-pesa",
    "mpesa",
    "safaricom",
    "exe",
    "exec",
    "cmd",
    "sql",
    "query",
];

fn register_url_field(
    map: &serde_json::Map<String, Value>,
    field: &str,
) -> Result<String, Response> {
    let url = text(map, field)?;
    let lower = url.to_ascii_lowercase();
    if !http_url(&url) || FORBIDDEN_IN_URLS.iter().any(|word| lower.contains(word)) {
        return Err(bad_request(field));
    }
    Ok(url)
}

async fn register_url(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let checked = (|| {
        authorize(&shared, &headers)?;
        let map = parse_body(&body)?;
        let short_code = digits(&map, "ShortCode")?;
        let response_type = text(&map, "ResponseType")?;
        if response_type != "Completed" && response_type != "Cancelled" {
            return Err(bad_request("ResponseType"));
        }
        let confirmation_url = register_url_field(&map, "ConfirmationURL")?;
        let validation_url = register_url_field(&map, "ValidationURL")?;
        lock(&shared.state).registrations.push(C2bRegistration {
            short_code,
            response_type,
            confirmation_url,
            validation_url,
        });
        let n = server::next_id();
        Ok(server::json(
            200,
            json!({
                // Sic: the field is spelled so in Daraja's documented response.
                "OriginatorCoversationID": format!("{}-{}-1", 7619 + n % 1000, 37_765_134 + n),
                "ResponseCode": "0",
                "ResponseDescription": "success",
            }),
        ))
    })();
    match checked {
        Ok(response) | Err(response) => response,
    }
}
