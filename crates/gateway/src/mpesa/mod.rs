//! Safaricom M-Pesa (Daraja): STK push results, C2B validation and confirmation, the answers
//! Daraja expects, and its API (OAuth, STK push, STK query, C2B URL registration) as data.
//!
//! Daraja does not sign its callbacks: [`verify`](crate::verify) is Ok for any delivery; the
//! core matches an STK result to its own stored CheckoutRequestID, and can confirm with the
//! STK query ([`stk_query_request`]).

mod api;
mod c2b;
mod stk;

pub use api::{
    c2b_register_request, normalize_phone, oauth_request, parse_c2b_register, parse_oauth,
    parse_stk_push, parse_stk_query, password, stk_push_request, stk_query_request, timestamp,
    PushAccepted, QueryAnswer, ResponseType, StkPush,
};
pub use stk::result_wording;

use chrono::{DateTime, Utc};

use crate::error::{ParseError, VerifyError};
use crate::gateway::Gateway;
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::GatewaySettings;
use crate::Delivery;

/// The M-Pesa gateway.
pub struct Mpesa;

impl Gateway for Mpesa {
    fn name(&self) -> GatewayName {
        GatewayName::Mpesa
    }

    fn verify(
        &self,
        _hook: Hook,
        _delivery: &Delivery<'_>,
        _settings: &GatewaySettings,
        _now: DateTime<Utc>,
        _certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        Ok(())
    }

    fn parse(&self, hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        match hook {
            Hook::C2bValidation => c2b::parse(delivery.body, false),
            Hook::C2bConfirmation => c2b::parse(delivery.body, true),
            _ => stk::parse(delivery.body),
        }
    }

    /// None: the STK query needs an OAuth token and the time; use [`stk_query_request`].
    fn confirm_request(&self, _event: &Event, _settings: &GatewaySettings) -> Option<ApiRequest> {
        None
    }

    /// Reads an STK query answer ([`parse_stk_query`]). The query carries no amount: a paid
    /// answer is Confirmed with the event's own amount, or Unknown when the event has none.
    fn confirm_response(
        &self,
        event: &Event,
        status: u16,
        body: &[u8],
    ) -> Result<Confirmation, ParseError> {
        Ok(match parse_stk_query(status, body) {
            Ok(QueryAnswer::Processing) => Confirmation::Unknown {
                why: "still processing".to_owned(),
            },
            Ok(QueryAnswer::Resolved(Outcome::Paid)) => match event.amount {
                Some(amount) => Confirmation::Confirmed {
                    amount,
                    currency: "KES".to_owned(),
                    account: None,
                },
                None => Confirmation::Unknown {
                    why: "paid, but the query gives no amount".to_owned(),
                },
            },
            Ok(QueryAnswer::Resolved(Outcome::Failed { code, reason })) => Confirmation::NotPaid {
                status: format!("{code}: {reason}"),
            },
            Ok(QueryAnswer::Resolved(other)) => Confirmation::Unknown {
                why: format!("{other:?}"),
            },
            Err(err) => Confirmation::Unknown {
                why: err.to_string(),
            },
        })
    }
}

/// The answer to an STK result or a C2B confirmation: `{"ResultCode":0,"ResultDesc":"Accepted"}`.
pub fn ack() -> Vec<u8> {
    br#"{"ResultCode":0,"ResultDesc":"Accepted"}"#.to_vec()
}

/// Why a C2B validation is refused, with Daraja's documented result codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum C2bReject {
    /// C2B00011
    InvalidMsisdn,
    /// C2B00012
    InvalidAccount,
    /// C2B00013
    InvalidAmount,
    /// C2B00014
    InvalidKyc,
    /// C2B00015
    InvalidShortcode,
    /// C2B00016
    Other,
}

impl C2bReject {
    pub fn code(self) -> &'static str {
        match self {
            C2bReject::InvalidMsisdn => "C2B00011",
            C2bReject::InvalidAccount => "C2B00012",
            C2bReject::InvalidAmount => "C2B00013",
            C2bReject::InvalidKyc => "C2B00014",
            C2bReject::InvalidShortcode => "C2B00015",
            C2bReject::Other => "C2B00016",
        }
    }
}

/// The answer to a C2B validation: `{"ResultCode":"0","ResultDesc":"Accepted"}` or
/// `{"ResultCode":"C2B00012","ResultDesc":"Rejected"}`.
pub fn validation_answer(result: Result<(), C2bReject>) -> Vec<u8> {
    let code = match result {
        Ok(()) => return br#"{"ResultCode":"0","ResultDesc":"Accepted"}"#.to_vec(),
        Err(reject) => reject.code(),
    };
    format!(r#"{{"ResultCode":"{code}","ResultDesc":"Rejected"}}"#).into_bytes()
}
