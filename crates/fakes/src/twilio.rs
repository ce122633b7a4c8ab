//! FakeTwilio: Twilio's Messages endpoint (`POST
//! /2010-04-01/Accounts/{AccountSid}/Messages.json`) as its documentation describes it: HTTP
//! Basic authentication with the account SID and auth token (else `401` with error 20003), a
//! form with `To`, `From` and `Body` (a `To` that is not E.164 is `400` with error 21211);
//! `201 Created` with the Message resource (`sid` "SM…", `status` "queued").

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::Form;
use serde_json::json;

use crate::server::{self, alnum_id, basic, FakeError};
use crate::sms::{FakeSms, ReceivedSms, Shared};

#[derive(Debug, Clone)]
pub struct TwilioConfig {
    pub account_sid: String,
    pub auth_token: String,
}

impl Default for TwilioConfig {
    fn default() -> Self {
        Self {
            account_sid: "AC0123456789abcdef0123456789abcdef".into(),
            auth_token: "0123456789abcdef0123456789abcdef".into(),
        }
    }
}

/// A loopback Twilio. Dropping it stops the server.
pub type FakeTwilio = FakeSms<TwilioConfig>;

impl FakeTwilio {
    pub async fn start(config: TwilioConfig) -> Result<Self, FakeError> {
        Self::serve(
            config,
            "/2010-04-01/Accounts/{sid}/Messages.json",
            post(create),
        )
        .await
    }
}

fn error(status: u16, code: u32, message: &str) -> Response {
    server::json(
        status,
        json!({
            "code": code,
            "message": message,
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status,
        }),
    )
}

async fn create(
    State(shared): State<Arc<Shared<TwilioConfig>>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let mut state = shared.arrived();
    if let Some(status) = state.failing {
        return error(status, 20500, "Internal Server Error");
    }
    let config = &shared.config;
    let authenticated = basic(&headers).is_some_and(|(user, password)| {
        user == config.account_sid && password == config.auth_token
    });
    if !authenticated || sid != config.account_sid {
        return error(401, 20003, "Authenticate");
    }
    let Ok(Form(form)) = form else {
        return error(400, 21602, "Message body is required.");
    };
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let (to, from, body) = (field("To"), field("From"), field("Body"));
    if body.is_empty() {
        return error(400, 21602, "Message body is required.");
    }
    if from.is_empty() {
        return error(400, 21603, "The 'From' phone number is required.");
    }
    let e164 = to
        .strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()));
    if !e164 {
        return error(
            400,
            21211,
            &format!("The 'To' number {to} is not a valid phone number."),
        );
    }
    state.messages.push(ReceivedSms {
        to: to.clone(),
        message: body.clone(),
        from: Some(from.clone()),
    });
    let message_sid = format!("SM{}", alnum_id(32).to_ascii_lowercase());
    server::json(
        201,
        json!({
            "account_sid": config.account_sid,
            "api_version": "2010-04-01",
            "body": body,
            "direction": "outbound-api",
            "error_code": null,
            "error_message": null,
            "from": from,
            "num_segments": "1",
            "sid": message_sid,
            "status": "queued",
            "to": to,
            "uri": format!("/2010-04-01/Accounts/{}/Messages/{message_sid}.json", config.account_sid),
        }),
    )
}
