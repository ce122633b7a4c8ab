//! FakeAfricasTalking: Africa's Talking's SMS endpoint (`POST /version1/messaging`) as its
//! documentation describes it: the `apiKey` header and the application's `username` must match
//! (else `401` with the plain-text "The supplied authentication is invalid"), a form with
//! `username`, `to`, `message` and optional `from`; `201 Created` with
//! `SMSMessageData.Recipients[]` (`statusCode` 101, `status` "Success", `messageId`, `cost`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse as _, Response};
use axum::routing::post;
use axum::Form;
use serde_json::json;

use crate::server::{self, alnum_id, FakeError};
use crate::sms::{FakeSms, ReceivedSms, Shared};

#[derive(Debug, Clone)]
pub struct AfricasTalkingConfig {
    pub username: String,
    pub api_key: String,
}

impl Default for AfricasTalkingConfig {
    fn default() -> Self {
        Self {
            username: "sandbox".into(),
            api_key: "atsk_fakefakefakefakefakefakefakefake".into(),
        }
    }
}

/// A loopback Africa's Talking. Dropping it stops the server.
pub type FakeAfricasTalking = FakeSms<AfricasTalkingConfig>;

impl FakeAfricasTalking {
    pub async fn start(config: AfricasTalkingConfig) -> Result<Self, FakeError> {
        Self::serve(config, "/version1/messaging", post(messaging)).await
    }
}

async fn messaging(
    State(shared): State<Arc<Shared<AfricasTalkingConfig>>>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let mut state = shared.arrived();
    if let Some(status) = state.failing {
        return server::json(status, json!({"error": "fake failure"}));
    }
    let key = headers.get("apiKey").and_then(|v| v.to_str().ok());
    let Ok(Form(form)) = form else {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            "Request is missing required form field 'username'",
        )
            .into_response();
    };
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    if key != Some(shared.config.api_key.as_str()) || field("username") != shared.config.username {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            "The supplied authentication is invalid",
        )
            .into_response();
    }
    for required in ["to", "message"] {
        if field(required).is_empty() {
            return (
                axum::http::StatusCode::BAD_REQUEST,
                format!("Request is missing required form field '{required}'"),
            )
                .into_response();
        }
    }
    let wants_json = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if !wants_json {
        // The documentation's default is XML; tikbill always asks for JSON.
        return (
            axum::http::StatusCode::NOT_ACCEPTABLE,
            "ask for application/json",
        )
            .into_response();
    }
    let to = field("to").to_string();
    state.messages.push(ReceivedSms {
        to: to.clone(),
        message: field("message").to_string(),
        from: form.get("from").cloned(),
    });
    server::json(
        201,
        json!({"SMSMessageData": {
            "Message": "Sent to 1/1 Total Cost: KES 0.8000",
            "Recipients": [{
                "statusCode": 101,
                "number": to,
                "status": "Success",
                "cost": "KES 0.8000",
                "messageId": format!("ATXid_{}", alnum_id(24).to_ascii_lowercase()),
            }],
        }}),
    )
}
