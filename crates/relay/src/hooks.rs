//! `POST /hooks/{token}/{hook}`: store, then answer.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tikbill_core::delivery::NewDelivery;
use tikbill_gateway::{mpesa, Delivery, Hook, ParseError};

use crate::state::RelayState;
use crate::token::tokens_match;

/// How long a C2B validation may take to decide before the payment is accepted (Daraja waits
/// about 8 s at most and applies the registered default after; our budget is under 2 s).
const C2B_DECIDE_WITHIN: Duration = Duration::from_millis(1500);

pub(crate) async fn healthz() -> impl IntoResponse {
    json(StatusCode::OK, br#"{"status":"ok"}"#.to_vec())
}

pub(crate) async fn receive(
    State(state): State<RelayState>,
    Path((token, hook)): Path<(String, String)>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !tokens_match(&token, &state.hook_token) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(hook) = Hook::from_path(&hook) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes());
            // A header that is a gateway's secret itself is kept as its digest only.
            (
                name.as_str().to_string(),
                tikbill_gateway::stored_header(name.as_str(), &value),
            )
        })
        .collect();
    let stored = state
        .inbox
        .store(NewDelivery {
            hook: hook.path().to_string(),
            gateway: hook.gateway().as_str().to_string(),
            received_at: state.clock.now(),
            remote_addr: remote.to_string(),
            headers: headers.clone(),
            body: body.to_vec(),
        })
        .await;
    if stored.is_err() {
        // Not stored, so not acknowledged: the gateway sends it again.
        return json(
            StatusCode::SERVICE_UNAVAILABLE,
            br#"{"error":"the delivery could not be stored; send it again"}"#.to_vec(),
        );
    }
    let delivery = Delivery {
        headers: &headers,
        body: &body,
    };
    answer(&state, hook, &delivery).await
}

/// The answer once the delivery is stored: what its gateway expects, or a clear 400 for a body
/// it would never send.
async fn answer(state: &RelayState, hook: Hook, delivery: &Delivery<'_>) -> Response {
    let event = match tikbill_gateway::parse(hook, delivery) {
        Ok(event) => event,
        // A genuine event tikbill does not act on: acknowledged, or the gateway keeps sending it.
        Err(ParseError::Unsupported(_)) => return accepted(hook),
        Err(e) => {
            let body = serde_json::json!({ "error": e.to_string() }).to_string();
            return json(StatusCode::BAD_REQUEST, body.into_bytes());
        }
    };
    if hook == Hook::C2bValidation {
        let decided = tokio::time::timeout(C2B_DECIDE_WITHIN, state.c2b.check(&event)).await;
        let result = decided.unwrap_or(Ok(()));
        return json(StatusCode::OK, mpesa::validation_answer(result));
    }
    accepted(hook)
}

fn accepted(hook: Hook) -> Response {
    match hook.gateway() {
        tikbill_gateway::GatewayName::Mpesa => json(StatusCode::OK, mpesa::ack()),
        _ => json(StatusCode::OK, br#"{"received":true}"#.to_vec()),
    }
}

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
