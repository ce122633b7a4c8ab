//! The STK push result Daraja posts to the CallBackURL.

use serde::Deserialize;

use crate::error::ParseError;
use crate::hook::GatewayName;
use crate::model::{Event, Outcome};
use crate::util::{self, from_body, Scalar};

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "Body")]
    body: Body,
}

#[derive(Deserialize)]
struct Body {
    #[serde(rename = "stkCallback")]
    callback: Callback,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Callback {
    CheckoutRequestID: Option<Scalar>,
    ResultCode: Option<Scalar>,
    ResultDesc: Option<Scalar>,
    CallbackMetadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "Item", default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Value")]
    value: Option<Scalar>,
}

/// Daraja's documented wording for an STK result code, for when ResultDesc is empty.
pub fn result_wording(code: &str) -> Option<&'static str> {
    Some(match code {
        "0" => "The service request is processed successfully.",
        "1" => "The balance is insufficient for the transaction.",
        "1001" => "Unable to lock subscriber, a transaction is already in process for the current subscriber.",
        "1019" => "Transaction has expired.",
        "1025" | "9999" => "An error occurred while sending a push request.",
        "1032" => "Request cancelled by user.",
        "1037" => "DS timeout user cannot be reached.",
        "2001" => "The initiator information is invalid.",
        _ => return None,
    })
}

pub(super) fn parse(body: &[u8]) -> Result<Event, ParseError> {
    let envelope: Envelope = from_body(body)?;
    let cb = envelope.body.callback;
    let checkout = util::required(&cb.CheckoutRequestID, "Body.stkCallback.CheckoutRequestID")?;
    let code = util::required(&cb.ResultCode, "Body.stkCallback.ResultCode")?;
    let items = cb.CallbackMetadata.map(|m| m.items).unwrap_or_default();
    let item = |name: &str| {
        items
            .iter()
            .find(|item| {
                item.name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
            })
            .and_then(|item| item.value.clone())
    };

    let outcome = if code == "0" {
        Outcome::Paid
    } else {
        let reason = util::text(&cb.ResultDesc)
            .or_else(|| result_wording(&code).map(str::to_owned))
            .unwrap_or_else(|| format!("M-Pesa result code {code}"));
        Outcome::Failed { code, reason }
    };
    let mut event = Event::new(GatewayName::Mpesa, outcome);
    event.request_id = Some(checkout.clone());
    event.confirm_id = Some(checkout);
    event.currency = Some("KES".to_owned());
    event.reference = util::text(&item("MpesaReceiptNumber"));
    event.amount = util::decimal(&item("Amount"), "Amount")?;
    event.phone = util::text(&item("PhoneNumber"));
    if event.outcome == Outcome::Paid && event.reference.is_none() {
        return Err(ParseError::Missing("CallbackMetadata MpesaReceiptNumber"));
    }
    Ok(event)
}
