//! Daraja's API as data: each request is an [`ApiRequest`] and each answer is read from its
//! HTTP status and body.

use base64::Engine as _;
use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, RequestError};
use crate::model::{ApiRequest, Outcome, Token};
use crate::settings::MpesaSettings;
use crate::util::{self, basic_auth, bearer, join, Scalar};

/// Daraja's timestamp: YYYYMMDDHHmmss in Kenya time (UTC+3, no daylight saving).
pub fn timestamp(now_utc: DateTime<Utc>) -> String {
    let kenya = now_utc
        .naive_utc()
        .checked_add_signed(TimeDelta::hours(3))
        .unwrap_or(now_utc.naive_utc());
    kenya.format("%Y%m%d%H%M%S").to_string()
}

/// The STK password: base64(shortcode + passkey + timestamp).
pub fn password(shortcode: &str, passkey: &str, timestamp: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{shortcode}{passkey}{timestamp}"))
}

/// GET {api_base}/oauth/v1/generate?grant_type=client_credentials with Basic auth.
pub fn oauth_request(settings: &MpesaSettings) -> ApiRequest {
    ApiRequest::get(
        join(
            &settings.api_base,
            "/oauth/v1/generate?grant_type=client_credentials",
        ),
        basic_auth(&settings.consumer_key, settings.consumer_secret.expose()),
    )
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Answer {
    access_token: Option<Scalar>,
    expires_in: Option<Scalar>,
    errorCode: Option<Scalar>,
    errorMessage: Option<Scalar>,
    ResponseCode: Option<Scalar>,
    ResponseDescription: Option<Scalar>,
    MerchantRequestID: Option<Scalar>,
    CheckoutRequestID: Option<Scalar>,
    CustomerMessage: Option<Scalar>,
    ResultCode: Option<Scalar>,
    ResultDesc: Option<Scalar>,
}

fn answer(status: u16, body: &[u8]) -> Result<Answer, ApiError> {
    let parsed: Result<Answer, _> = serde_json::from_slice(body);
    match parsed {
        Ok(answer) => {
            if let Some(code) = util::text(&answer.errorCode) {
                let message = util::text(&answer.errorMessage).unwrap_or_default();
                return Err(ApiError::Refused { code, message });
            }
            if !(200..300).contains(&status) {
                return Err(ApiError::http(status, body));
            }
            Ok(answer)
        }
        Err(_) if !(200..300).contains(&status) => Err(ApiError::http(status, body)),
        Err(err) => Err(ApiError::Unexpected(format!("not JSON: {err}"))),
    }
}

/// Reads the OAuth answer (`expires_in` comes as a string, "3599").
pub fn parse_oauth(status: u16, body: &[u8]) -> Result<Token, ApiError> {
    let answer = answer(status, body)?;
    let access_token = util::text(&answer.access_token)
        .ok_or_else(|| ApiError::Unexpected("no access_token".to_owned()))?;
    let expires_in_secs = util::text(&answer.expires_in)
        .and_then(|t| t.parse::<u64>().ok())
        .ok_or_else(|| ApiError::Unexpected("no whole expires_in".to_owned()))?;
    Ok(Token {
        access_token,
        expires_in_secs,
    })
}

/// An STK push to ask of a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkPush {
    /// Any form [`normalize_phone`] accepts.
    pub phone: String,
    /// Whole shillings; fractions are refused.
    pub amount: Decimal,
    /// At most 12 characters (shown to the customer as the account).
    pub account_reference: String,
    /// At most 13 characters.
    pub description: String,
    pub callback_url: String,
}

/// Words Daraja refuses in callback URLs.
const REFUSED_WORDS: [&str; 7] = [
    "mpesa",
    "m-pesa",
    "safaricom",
    "exec",
    "cmd",
    "sql",
    "query",
];

fn check_url(url: &str) -> Result<(), RequestError> {
    let refuse = |why: String| {
        Err(RequestError::Url {
            url: url.to_owned(),
            why,
        })
    };
    if let Err(why) = util::scheme_and_authority(url) {
        return refuse(why);
    }
    let lower = url.to_ascii_lowercase();
    if let Some(word) = REFUSED_WORDS.iter().find(|w| lower.contains(*w)) {
        return refuse(format!("Daraja refuses URLs that contain {word:?}"));
    }
    Ok(())
}

fn check_len(field: &'static str, value: &str, max: usize) -> Result<(), RequestError> {
    let len = value.chars().count();
    if len == 0 {
        return Err(RequestError::Empty { field });
    }
    if len > max {
        return Err(RequestError::TooLong { field, len, max });
    }
    Ok(())
}

/// A JSON number for a string of digits (as Daraja's samples send shortcodes and phones).
fn digits(value: &str) -> Value {
    value
        .parse::<u64>()
        .map_or_else(|_| Value::String(value.to_owned()), Value::from)
}

/// POST {api_base}/mpesa/stkpush/v1/processrequest. Paybill (CustomerPayBillOnline) unless a
/// till is set (CustomerBuyGoodsOnline, PartyB = till).
pub fn stk_push_request(
    settings: &MpesaSettings,
    token: &str,
    push: &StkPush,
    now: DateTime<Utc>,
) -> Result<ApiRequest, RequestError> {
    let amount_text = push.amount.to_string();
    if push.amount <= Decimal::ZERO {
        return Err(RequestError::Amount(
            amount_text,
            "it must be more than zero",
        ));
    }
    if !push.amount.fract().is_zero() {
        return Err(RequestError::Amount(
            amount_text,
            "M-Pesa takes whole shillings only",
        ));
    }
    let amount = push
        .amount
        .trunc()
        .to_u64()
        .ok_or(RequestError::Amount(amount_text, "it is too large"))?;
    let phone = normalize_phone(&push.phone)?;
    check_len("account_reference", &push.account_reference, 12)?;
    check_len("description", &push.description, 13)?;
    check_url(&push.callback_url)?;
    let stamp = timestamp(now);
    let (kind, party_b) = match &settings.till_number {
        Some(till) => ("CustomerBuyGoodsOnline", till.as_str()),
        None => ("CustomerPayBillOnline", settings.shortcode.as_str()),
    };
    let body = json!({
        "BusinessShortCode": digits(&settings.shortcode),
        "Password": password(&settings.shortcode, settings.passkey.expose(), &stamp),
        "Timestamp": stamp,
        "TransactionType": kind,
        "Amount": amount,
        "PartyA": digits(&phone),
        "PartyB": digits(party_b),
        "PhoneNumber": digits(&phone),
        "CallBackURL": push.callback_url,
        "AccountReference": push.account_reference,
        "TransactionDesc": push.description,
    });
    Ok(ApiRequest::post_json(
        join(&settings.api_base, "/mpesa/stkpush/v1/processrequest"),
        bearer(token),
        body.to_string().into_bytes(),
    ))
}

/// Daraja accepted the STK push; the result comes later to the CallBackURL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushAccepted {
    pub merchant_request_id: String,
    pub checkout_request_id: String,
    pub customer_message: String,
}

fn accepted(answer: &Answer) -> Result<(), ApiError> {
    match util::text(&answer.ResponseCode).as_deref() {
        Some("0") => Ok(()),
        Some(code) => Err(ApiError::Refused {
            code: code.to_owned(),
            message: util::text(&answer.ResponseDescription).unwrap_or_default(),
        }),
        None => Err(ApiError::Unexpected("no ResponseCode".to_owned())),
    }
}

/// Reads the STK push answer: ResponseCode "0" is accepted; errors carry errorCode/errorMessage.
pub fn parse_stk_push(status: u16, body: &[u8]) -> Result<PushAccepted, ApiError> {
    let answer = answer(status, body)?;
    accepted(&answer)?;
    let checkout_request_id = util::text(&answer.CheckoutRequestID)
        .ok_or_else(|| ApiError::Unexpected("no CheckoutRequestID".to_owned()))?;
    Ok(PushAccepted {
        merchant_request_id: util::text(&answer.MerchantRequestID).unwrap_or_default(),
        checkout_request_id,
        customer_message: util::text(&answer.CustomerMessage).unwrap_or_default(),
    })
}

/// POST {api_base}/mpesa/stkpushquery/v1/query: what became of an STK push?
pub fn stk_query_request(
    settings: &MpesaSettings,
    token: &str,
    checkout_request_id: &str,
    now: DateTime<Utc>,
) -> ApiRequest {
    let stamp = timestamp(now);
    let body = json!({
        "BusinessShortCode": digits(&settings.shortcode),
        "Password": password(&settings.shortcode, settings.passkey.expose(), &stamp),
        "Timestamp": stamp,
        "CheckoutRequestID": checkout_request_id,
    });
    ApiRequest::post_json(
        join(&settings.api_base, "/mpesa/stkpushquery/v1/query"),
        bearer(token),
        body.to_string().into_bytes(),
    )
}

/// What the STK query says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryAnswer {
    /// Not decided yet: ask again later. Never a failure.
    Processing,
    /// Paid (the query gives no receipt number: that comes with the callback) or Failed.
    Resolved(Outcome),
}

fn still_processing(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    [
        "being processed",
        "under processing",
        "still processing",
        "in progress",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Reads the STK query answer. "The transaction is being processed" (errorCode
/// 500.001.1001) and ResultCode 4999 ("still under processing") are [`QueryAnswer::Processing`].
pub fn parse_stk_query(status: u16, body: &[u8]) -> Result<QueryAnswer, ApiError> {
    let answer = match answer(status, body) {
        Err(ApiError::Refused { message, .. }) if still_processing(&message) => {
            return Ok(QueryAnswer::Processing)
        }
        other => other?,
    };
    accepted(&answer)?;
    let code = util::text(&answer.ResultCode)
        .ok_or_else(|| ApiError::Unexpected("no ResultCode".to_owned()))?;
    let desc = util::text(&answer.ResultDesc).unwrap_or_default();
    if code == "0" {
        return Ok(QueryAnswer::Resolved(Outcome::Paid));
    }
    if code == "4999" || still_processing(&desc) {
        return Ok(QueryAnswer::Processing);
    }
    let reason = if desc.is_empty() {
        super::result_wording(&code)
            .map_or_else(|| format!("M-Pesa result code {code}"), str::to_owned)
    } else {
        desc
    };
    Ok(QueryAnswer::Resolved(Outcome::Failed { code, reason }))
}

/// What M-Pesa does when the validation URL cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Completed,
    Cancelled,
}

/// POST {api_base}/mpesa/c2b/v1/registerurl with ShortCode, ResponseType, ConfirmationURL,
/// ValidationURL.
pub fn c2b_register_request(
    settings: &MpesaSettings,
    token: &str,
    confirmation_url: &str,
    validation_url: &str,
    response_type: ResponseType,
) -> Result<ApiRequest, RequestError> {
    check_url(confirmation_url)?;
    check_url(validation_url)?;
    let body = json!({
        "ShortCode": settings.till_number.as_deref().unwrap_or(&settings.shortcode),
        "ResponseType": match response_type { ResponseType::Completed => "Completed", ResponseType::Cancelled => "Cancelled" },
        "ConfirmationURL": confirmation_url,
        "ValidationURL": validation_url,
    });
    Ok(ApiRequest::post_json(
        join(&settings.api_base, "/mpesa/c2b/v1/registerurl"),
        bearer(token),
        body.to_string().into_bytes(),
    ))
}

/// Reads the C2B registration answer: ResponseCode "0" (or ResponseDescription "success").
pub fn parse_c2b_register(status: u16, body: &[u8]) -> Result<(), ApiError> {
    let answer = answer(status, body)?;
    let success =
        util::text(&answer.ResponseDescription).is_some_and(|d| d.eq_ignore_ascii_case("success"));
    if success {
        return Ok(());
    }
    accepted(&answer)
}

/// A Kenyan mobile number as Daraja wants it: "254" and nine digits starting 7 or 1.
/// Accepts "0712 345 678", "+254712345678", "254712345678", "712345678" (spaces, dashes and
/// brackets are ignored).
pub fn normalize_phone(phone: &str) -> Result<String, RequestError> {
    let refuse = || RequestError::Phone(phone.to_owned());
    let compact: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse());
    }
    let national = match digits.len() {
        12 if digits.starts_with("254") => &digits[3..],
        10 if digits.starts_with('0') => &digits[1..],
        9 => digits,
        _ => return Err(refuse()),
    };
    if !(national.starts_with('7') || national.starts_with('1')) {
        return Err(refuse());
    }
    Ok(format!("254{national}"))
}
