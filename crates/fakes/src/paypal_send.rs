//! The webhooks PayPal sends for captured payments (Payments v2 events), signed as PayPal
//! signs them.

use chrono::{SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::paypal::{Capture, FakePaypal, SentWebhook};
use crate::paypal_sign::signed_string;
use crate::server::{self, lock, FakeError, Headers};

/// The capture object of "Show captured payment details" (Payments v2), with links into the
/// fake. `status` overrides the capture's own (a webhook carries the event's status).
pub(crate) fn capture_json(base: &str, capture: &Capture, status: Option<&str>) -> Value {
    let time = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let status = status.unwrap_or(&capture.status);
    let mut object = json!({
        "id": capture.id,
        "status": status,
        "amount": {"currency_code": capture.currency, "value": capture.amount},
        "final_capture": true,
        "seller_protection": {
            "status": "ELIGIBLE",
            "dispute_categories": ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"]
        },
        "invoice_id": capture.invoice_id,
        "custom_id": capture.custom_id,
        "supplementary_data": {"related_ids": {"order_id": capture.order_id}},
        "create_time": time,
        "update_time": time,
        "links": [
            {"href": format!("{base}/v2/payments/captures/{}", capture.id), "rel": "self", "method": "GET"},
            {"href": format!("{base}/v2/payments/captures/{}/refund", capture.id), "rel": "refund", "method": "POST"},
            {"href": format!("{base}/v2/checkout/orders/{}", capture.order_id), "rel": "up", "method": "GET"}
        ]
    });
    if status == "PENDING" {
        object["status_details"] = json!({"reason": "PENDING_REVIEW"});
    }
    object
}

/// The refund object of a PAYMENT.CAPTURE.REFUNDED (or REVERSED) event: its `up` link
/// points at the refunded capture.
fn refund_json(base: &str, capture: &Capture) -> Value {
    let time = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let id = server::alnum_id(17);
    json!({
        "id": id,
        "status": "COMPLETED",
        "amount": {"currency_code": capture.currency, "value": capture.amount},
        "invoice_id": capture.invoice_id,
        "custom_id": capture.custom_id,
        "create_time": time,
        "update_time": time,
        "links": [
            {"href": format!("{base}/v2/payments/refunds/{id}"), "rel": "self", "method": "GET"},
            {"href": format!("{base}/v2/payments/captures/{}", capture.id), "rel": "up", "method": "GET"}
        ]
    })
}

fn money(capture: &Capture) -> String {
    if capture.currency == "USD" {
        format!("$ {} USD", capture.amount)
    } else {
        format!("{} {}", capture.amount, capture.currency)
    }
}

impl FakePaypal {
    /// Builds (without sending) the webhook PayPal would POST for `event_type`:
    /// PAYMENT.CAPTURE.COMPLETED, .PENDING, .DENIED, .REFUNDED or .REVERSED.
    ///
    /// Body: the event envelope of PayPal's Webhooks API (id "WH-…", event_version "1.0",
    /// create_time, resource_type, resource_version "2.0", event_type, summary, resource,
    /// links); the sample for PAYMENT.CAPTURE.COMPLETED in PayPal's webhook event docs.
    /// Headers: PAYPAL-TRANSMISSION-ID, -TIME (RFC 3339), -SIG (base64 SHA256withRSA over
    /// `id|time|webhook_id|crc32(body)`), PAYPAL-CERT-URL, PAYPAL-AUTH-ALGO.
    /// The webhook is recorded (see [`FakePaypal::webhooks`]).
    pub fn webhook(
        &self,
        webhook_id: &str,
        event_type: &str,
        capture: &Capture,
    ) -> Result<(Headers, Vec<u8>), FakeError> {
        let base = self.shared.base();
        let (resource_type, resource, summary) = match event_type {
            "PAYMENT.CAPTURE.COMPLETED" => (
                "capture",
                capture_json(&base, capture, Some("COMPLETED")),
                format!("Payment completed for {}", money(capture)),
            ),
            "PAYMENT.CAPTURE.PENDING" => (
                "capture",
                capture_json(&base, capture, Some("PENDING")),
                format!("Payment pending for {}", money(capture)),
            ),
            "PAYMENT.CAPTURE.DENIED" => (
                "capture",
                capture_json(&base, capture, Some("DECLINED")),
                format!("A {} capture payment was denied", money(capture)),
            ),
            "PAYMENT.CAPTURE.REFUNDED" => (
                "refund",
                refund_json(&base, capture),
                format!("A {} capture payment was refunded", money(capture)),
            ),
            "PAYMENT.CAPTURE.REVERSED" => (
                "refund",
                refund_json(&base, capture),
                format!("A {} capture payment was reversed", money(capture)),
            ),
            other => {
                return Err(FakeError::Unknown {
                    what: "PayPal event type",
                    id: other.to_owned(),
                })
            }
        };
        let event_id = format!("WH-{}-{}", server::alnum_id(17), server::alnum_id(17));
        let event = json!({
            "id": event_id,
            "event_version": "1.0",
            "create_time": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
            "resource_type": resource_type,
            "resource_version": "2.0",
            "event_type": event_type,
            "summary": summary,
            "resource": resource,
            "links": [
                {"href": format!("{base}/v1/notifications/webhooks-events/{event_id}"), "rel": "self", "method": "GET"},
                {"href": format!("{base}/v1/notifications/webhooks-events/{event_id}/resend"), "rel": "resend", "method": "POST"}
            ]
        });
        let body = event.to_string().into_bytes();
        let transmission_id = uuid_like();
        let time = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let signature = self
            .shared
            .signer
            .sign(signed_string(&transmission_id, &time, webhook_id, &body).as_bytes())?;
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("PAYPAL-TRANSMISSION-ID".to_owned(), transmission_id),
            ("PAYPAL-TRANSMISSION-TIME".to_owned(), time),
            ("PAYPAL-TRANSMISSION-SIG".to_owned(), signature),
            ("PAYPAL-CERT-URL".to_owned(), self.shared.cert_url()),
            ("PAYPAL-AUTH-ALGO".to_owned(), "SHA256withRSA".to_owned()),
        ];
        lock(&self.shared.state).webhooks.push(SentWebhook {
            event_id,
            webhook_id: webhook_id.to_owned(),
            headers: headers.clone(),
            body: body.clone(),
        });
        Ok((headers, body))
    }

    /// Builds the webhook (see [`FakePaypal::webhook`]) and POSTs it to `url`; returns the
    /// receiver's (status, body).
    pub async fn send_webhook(
        &self,
        url: &str,
        webhook_id: &str,
        event_type: &str,
        capture: &Capture,
    ) -> Result<(u16, Vec<u8>), FakeError> {
        let (headers, body) = self.webhook(webhook_id, event_type, capture)?;
        server::post(url, &headers, body).await
    }
}

/// A transmission id shaped like PayPal's (a time-based UUID, e.g.
/// "69cd13f0-d67a-11e5-baa3-778b53f4ae55").
fn uuid_like() -> String {
    let hex = server::alnum_id(32)
        .bytes()
        .map(|b| char::from(b"0123456789abcdef"[usize::from(b) % 16]))
        .collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
