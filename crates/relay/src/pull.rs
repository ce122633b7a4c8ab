//! `GET /deliveries?after=N`: a desktop pulling what this relay stored.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::state::RelayState;
use crate::token::tokens_match;

#[derive(Debug, Deserialize)]
pub(crate) struct After {
    #[serde(default)]
    after: i64,
    #[serde(default)]
    limit: Option<u64>,
}

pub(crate) async fn deliveries(
    State(state): State<RelayState>,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Response {
    let Some(expected) = state.pull_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !tokens_match(presented.trim(), expected) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    let limit = after.limit.unwrap_or(tikbill_core::delivery::PULL_LIMIT);
    match tikbill_core::delivery::after(&state.db, after.after, limit).await {
        Ok(page) => Json(page).into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "error": e.to_string() })),
        )
            .into_response(),
    }
}
