//! What a delivery means ([`Event`]), what an outbound call looks like ([`ApiRequest`]) and
//! what a verify-transaction API said ([`Confirmation`]).

use rust_decimal::Decimal;

use crate::hook::GatewayName;

/// What happened to the money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    /// Not settled yet (or, for an M-Pesa C2B validation, a question before the money moves).
    Pending,
    /// Did not happen; `code` is the gateway's own code or status, `reason` its words.
    Failed {
        code: String,
        reason: String,
    },
    /// Money that was paid went back (refund, reversal, chargeback).
    Reversed,
}

/// One delivery, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub gateway: GatewayName,
    pub outcome: Outcome,
    /// The money's idempotency key: the M-Pesa receipt number (MpesaReceiptNumber on STK,
    /// TransID on C2B: the SAME key for the same money), PayPal capture id, Paystack reference,
    /// Flutterwave transaction id, generic transaction_id, Midtrans transaction_id, Xendit
    /// invoice id. None when the event carries none (a failed STK push).
    pub reference: Option<String>,
    /// Our own request this answers: M-Pesa CheckoutRequestID; PayPal order id when present.
    pub request_id: Option<String>,
    /// Exact, in major units (Paystack's kobo divided by 100 exactly).
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    /// Who it is for: C2B BillRefNumber, generic customer_username, Paystack
    /// metadata.customer_username (else customer email), Flutterwave tx_ref, PayPal custom_id
    /// (else invoice_id), Midtrans order_id, Xendit external_id.
    pub account: Option<String>,
    /// M-Pesa MSISDN as sent (digits on STK, e.g. "254708374149"; C2B may mask or hash it).
    pub phone: Option<String>,
    /// What the gateway's verify-transaction API is asked with (Paystack reference,
    /// Flutterwave id, PayPal capture id, Midtrans order_id, Xendit invoice id, M-Pesa
    /// CheckoutRequestID for the STK query).
    pub confirm_id: Option<String>,
    /// Replay key of a signed delivery (Standard Webhooks `webhook-id`; PayPal transmission id).
    pub delivery_id: Option<String>,
}

impl Event {
    pub(crate) fn new(gateway: GatewayName, outcome: Outcome) -> Self {
        Event {
            gateway,
            outcome,
            reference: None,
            request_id: None,
            amount: None,
            currency: None,
            account: None,
            phone: None,
            confirm_id: None,
            delivery_id: None,
        }
    }
}

/// An HTTP request for someone else to send. `url` is absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

impl ApiRequest {
    pub(crate) fn get(url: String, authorization: String) -> Self {
        ApiRequest {
            method: "GET",
            url,
            headers: vec![
                ("Authorization".to_owned(), authorization),
                ("Accept".to_owned(), "application/json".to_owned()),
            ],
            body: None,
        }
    }

    pub(crate) fn post_json(url: String, authorization: String, body: Vec<u8>) -> Self {
        ApiRequest {
            method: "POST",
            url,
            headers: vec![
                ("Authorization".to_owned(), authorization),
                ("Accept".to_owned(), "application/json".to_owned()),
                ("Content-Type".to_owned(), "application/json".to_owned()),
            ],
            body: Some(body),
        }
    }

    /// The value of a header (case-insensitive, first).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What a gateway's verify-transaction API said about an event's money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    Confirmed {
        amount: Decimal,
        currency: String,
        /// Who the gateway's own record says the money is for (Flutterwave's and Paystack's
        /// `meta`/`metadata.customer_username`), when it says.
        account: Option<String>,
    },
    NotPaid {
        status: String,
    },
    /// Not decided ("still processing", an HTTP error, …): ask again later.
    Unknown {
        why: String,
    },
}

/// An OAuth access token (M-Pesa, PayPal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub access_token: String,
    pub expires_in_secs: u64,
}
