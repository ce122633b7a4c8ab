//! What Safaricom sends: the M-Pesa Express (STK) callback and the C2B validation and
//! confirmation requests.

use chrono::Utc;

use crate::daraja::{kenya, FakeDaraja};
use crate::server::{self, lock, FakeError};

/// How an STK push ends, as the customer's phone and M-Pesa decide it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// ResultCode 0: paid, with this M-Pesa receipt number (e.g. "NLJ7RT61SV").
    Paid { receipt: String },
    /// ResultCode 1032 "Request cancelled by user".
    Cancelled,
    /// ResultCode 1037 "DS timeout user cannot be reached".
    Timeout,
    /// ResultCode 2001 "The initiator information is invalid." (wrong PIN).
    WrongPin,
    /// ResultCode 1019 "Transaction has expired".
    Expired,
    /// ResultCode 1 "The balance is insufficient for the transaction.".
    InsufficientFunds,
}

impl Completion {
    /// (ResultCode, ResultDesc).
    pub fn result(&self) -> (u32, &'static str) {
        match self {
            Self::Paid { .. } => (0, "The service request is processed successfully."),
            Self::Cancelled => (1032, "Request cancelled by user"),
            Self::Timeout => (1037, "DS timeout user cannot be reached"),
            Self::WrongPin => (2001, "The initiator information is invalid."),
            Self::Expired => (1019, "Transaction has expired"),
            Self::InsufficientFunds => (1, "The balance is insufficient for the transaction."),
        }
    }
}

/// A C2B payment (a customer paying the paybill from the M-Pesa menu).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct C2b {
    /// M-Pesa's transaction id, e.g. "RKTQDM7W6S".
    pub trans_id: String,
    /// As Daraja writes it, e.g. "10.00".
    pub amount: String,
    /// The account number the customer typed (BillRefNumber).
    pub bill_ref: String,
    /// e.g. "254708374149" (production masks it: "25470****149").
    pub msisdn: String,
    pub first_name: String,
    /// YYYYMMDDHHmmss, e.g. "20191122063845".
    pub trans_time: String,
}

impl FakeDaraja {
    /// The STK callback body Safaricom would POST for this push, byte for byte as sent.
    ///
    /// Shape from the M-Pesa Express page of Daraja's docs (the "Balance" item without a
    /// Value is from Safaricom's older published samples, which production still sends):
    /// `{"Body":{"stkCallback":{"MerchantRequestID","CheckoutRequestID","ResultCode":0,
    /// "ResultDesc","CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},
    /// {"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"Balance"},
    /// {"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}`.
    /// Failures carry no CallbackMetadata.
    pub fn callback_body(
        &self,
        checkout_request_id: &str,
        completion: &Completion,
    ) -> Result<Vec<u8>, FakeError> {
        let push = self.push(checkout_request_id)?;
        let (code, desc) = completion.result();
        let quote = |s: &str| serde_json::Value::from(s).to_string();
        let metadata = match completion {
            Completion::Paid { receipt } => format!(
                ",\"CallbackMetadata\":{{\"Item\":[\
                 {{\"Name\":\"Amount\",\"Value\":{}.00}},\
                 {{\"Name\":\"MpesaReceiptNumber\",\"Value\":{}}},\
                 {{\"Name\":\"Balance\"}},\
                 {{\"Name\":\"TransactionDate\",\"Value\":{}}},\
                 {{\"Name\":\"PhoneNumber\",\"Value\":{}}}]}}",
                push.amount,
                quote(receipt),
                Utc::now().with_timezone(&kenya()).format("%Y%m%d%H%M%S"),
                push.phone,
            ),
            _ => String::new(),
        };
        let body = format!(
            "{{\"Body\":{{\"stkCallback\":{{\"MerchantRequestID\":{},\"CheckoutRequestID\":{},\
             \"ResultCode\":{code},\"ResultDesc\":{}{metadata}}}}}}}",
            quote(&push.merchant_request_id),
            quote(&push.checkout_request_id),
            quote(desc),
        );
        Ok(body.into_bytes())
    }

    /// Ends the push: from now on the STK query answers this result, and the callback is
    /// POSTed to the push's CallBackURL. Returns the receiver's (status, body).
    pub async fn complete_push(
        &self,
        checkout_request_id: &str,
        completion: Completion,
    ) -> Result<(u16, Vec<u8>), FakeError> {
        let body = self.callback_body(checkout_request_id, &completion)?;
        let url = self.push(checkout_request_id)?.callback_url;
        self.resolve(checkout_request_id, &completion);
        server::post(&url, &[], body).await
    }

    /// The C2B body as Daraja documents it (Customer To Business Register URL page), for a
    /// validation (`OrgAccountBalance` empty) or a confirmation.
    pub fn c2b_body(&self, payment: &C2b, confirmation: bool) -> Vec<u8> {
        let body = serde_json::json!({
            "TransactionType": "Pay Bill",
            "TransID": payment.trans_id,
            "TransTime": payment.trans_time,
            "TransAmount": payment.amount,
            "BusinessShortCode": self.config().shortcode,
            "BillRefNumber": payment.bill_ref,
            "InvoiceNumber": "",
            "OrgAccountBalance": if confirmation { "49197.00" } else { "" },
            "ThirdPartyTransID": "",
            "MSISDN": payment.msisdn,
            "FirstName": payment.first_name,
            "MiddleName": "",
            "LastName": "",
        });
        body.to_string().into_bytes()
    }

    /// POSTs the C2B confirmation to `url`; returns the receiver's (status, body).
    pub async fn send_c2b_confirmation(
        &self,
        url: &str,
        payment: &C2b,
    ) -> Result<(u16, Vec<u8>), FakeError> {
        server::post(url, &[], self.c2b_body(payment, true)).await
    }

    /// POSTs the C2B validation request to `url`; returns the receiver's (status, body).
    pub async fn send_c2b_validation(
        &self,
        url: &str,
        payment: &C2b,
    ) -> Result<(u16, Vec<u8>), FakeError> {
        server::post(url, &[], self.c2b_body(payment, false)).await
    }

    fn push(&self, checkout_request_id: &str) -> Result<crate::daraja::StkPush, FakeError> {
        lock(&self.shared.state)
            .pushes
            .iter()
            .find(|push| push.checkout_request_id == checkout_request_id)
            .cloned()
            .ok_or_else(|| FakeError::Unknown {
                what: "CheckoutRequestID",
                id: checkout_request_id.to_owned(),
            })
    }
}
