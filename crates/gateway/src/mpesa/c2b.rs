//! C2B validation and confirmation: what Daraja posts when a customer pays the paybill or till.

use serde::Deserialize;

use crate::error::ParseError;
use crate::hook::GatewayName;
use crate::model::{Event, Outcome};
use crate::util::{self, from_body, Scalar};

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct C2b {
    TransID: Option<Scalar>,
    TransAmount: Option<Scalar>,
    BillRefNumber: Option<Scalar>,
    MSISDN: Option<Scalar>,
}

/// A confirmation is money (Paid); a validation is a question (Pending).
pub(super) fn parse(body: &[u8], confirmation: bool) -> Result<Event, ParseError> {
    let c2b: C2b = from_body(body)?;
    let outcome = if confirmation {
        Outcome::Paid
    } else {
        Outcome::Pending
    };
    let mut event = Event::new(GatewayName::Mpesa, outcome);
    event.reference = if confirmation {
        Some(util::required(&c2b.TransID, "TransID")?)
    } else {
        util::text(&c2b.TransID)
    };
    event.amount = util::decimal(&c2b.TransAmount, "TransAmount")?;
    if confirmation && event.amount.is_none() {
        return Err(ParseError::Missing("TransAmount"));
    }
    event.currency = Some("KES".to_owned());
    event.account = util::text(&c2b.BillRefNumber);
    event.phone = util::text(&c2b.MSISDN);
    Ok(event)
}
