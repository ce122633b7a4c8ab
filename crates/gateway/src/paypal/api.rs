//! PayPal's API as data: OAuth, verify-webhook-signature, capture lookup.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{ApiError, VerifyError};
use crate::model::{ApiRequest, Token};
use crate::settings::PaypalSettings;
use crate::util::{basic_auth, bearer, join, segment};
use crate::Delivery;

/// POST {api_base}/v1/oauth2/token, `grant_type=client_credentials`, Basic auth.
pub fn oauth_request(settings: &PaypalSettings) -> ApiRequest {
    ApiRequest {
        method: "POST",
        url: join(&settings.api_base, "/v1/oauth2/token"),
        headers: vec![
            (
                "Authorization".to_owned(),
                basic_auth(&settings.client_id, settings.client_secret.expose()),
            ),
            ("Accept".to_owned(), "application/json".to_owned()),
            (
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
        ],
        body: Some(b"grant_type=client_credentials".to_vec()),
    }
}

#[derive(Deserialize)]
struct Answer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    verification_status: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    name: Option<String>,
    message: Option<String>,
}

fn answer(status: u16, body: &[u8]) -> Result<Answer, ApiError> {
    let parsed: Option<Answer> = serde_json::from_slice(body).ok();
    if let Some(answer) = &parsed {
        if let Some(code) = answer.error.clone().or_else(|| answer.name.clone()) {
            let message = answer
                .error_description
                .clone()
                .or_else(|| answer.message.clone())
                .unwrap_or_default();
            return Err(ApiError::Refused { code, message });
        }
    }
    if !(200..300).contains(&status) {
        return Err(ApiError::http(status, body));
    }
    parsed.ok_or_else(|| ApiError::Unexpected("not JSON".to_owned()))
}

pub fn parse_oauth(status: u16, body: &[u8]) -> Result<Token, ApiError> {
    let answer = answer(status, body)?;
    Ok(Token {
        access_token: answer
            .access_token
            .ok_or_else(|| ApiError::Unexpected("no access_token".to_owned()))?,
        expires_in_secs: answer
            .expires_in
            .ok_or_else(|| ApiError::Unexpected("no expires_in".to_owned()))?,
    })
}

#[derive(Serialize)]
struct VerifyBody<'a> {
    auth_algo: &'a str,
    cert_url: &'a str,
    transmission_id: &'a str,
    transmission_sig: &'a str,
    transmission_time: &'a str,
    webhook_id: &'a str,
    webhook_event: &'a RawValue,
}

/// POST {api_base}/v1/notifications/verify-webhook-signature, the event passed as received.
pub fn verify_api_request(
    settings: &PaypalSettings,
    token: &str,
    delivery: &Delivery<'_>,
) -> Result<ApiRequest, VerifyError> {
    let text = std::str::from_utf8(delivery.body)
        .map_err(|err| VerifyError::BodyNotJson(err.to_string()))?;
    let event: &RawValue =
        serde_json::from_str(text).map_err(|err| VerifyError::BodyNotJson(err.to_string()))?;
    let body = VerifyBody {
        auth_algo: delivery.required("PAYPAL-AUTH-ALGO")?,
        cert_url: delivery.required("PAYPAL-CERT-URL")?,
        transmission_id: delivery.required("PAYPAL-TRANSMISSION-ID")?,
        transmission_sig: delivery.required("PAYPAL-TRANSMISSION-SIG")?,
        transmission_time: delivery.required("PAYPAL-TRANSMISSION-TIME")?,
        webhook_id: &settings.webhook_id,
        webhook_event: event,
    };
    let body =
        serde_json::to_vec(&body).map_err(|err| VerifyError::BodyNotJson(err.to_string()))?;
    Ok(ApiRequest::post_json(
        join(
            &settings.api_base,
            "/v1/notifications/verify-webhook-signature",
        ),
        bearer(token),
        body,
    ))
}

/// true when PayPal answered `verification_status: "SUCCESS"`.
pub fn parse_verify_api(status: u16, body: &[u8]) -> Result<bool, ApiError> {
    let answer = answer(status, body)?;
    let verdict = answer
        .verification_status
        .ok_or_else(|| ApiError::Unexpected("no verification_status".to_owned()))?;
    Ok(verdict == "SUCCESS")
}

/// GET {api_base}/v2/payments/captures/{id} with an OAuth token.
pub fn capture_request(settings: &PaypalSettings, token: &str, capture_id: &str) -> ApiRequest {
    ApiRequest::get(
        join(
            &settings.api_base,
            &format!("/v2/payments/captures/{}", segment(capture_id)),
        ),
        bearer(token),
    )
}
