//! Loopback fakes of the payment gateways' HTTP APIs, written from each gateway's public
//! documentation (not from tikbill's gateway code: an independent reading is the point), for
//! tikbill's tests. Each fake's `start(config)` binds 127.0.0.1:0 and serves on a tokio task;
//! `base_url()` is "http://127.0.0.1:PORT"; what it received can be read back; knobs choose
//! its answers; dropping it (or `shutdown()`) stops it. Callbacks and webhooks are POSTed with
//! reqwest over plain HTTP (no TLS: receivers in tests are on loopback).
//!
//! - [`FakeDaraja`] (Safaricom M-Pesa Daraja): OAuth `generate` (Basic keys, `expires_in` as a
//!   string, 400.008.01/02 errors); M-Pesa Express `processrequest` (bearer token, every
//!   documented field checked, Password = base64(shortcode+passkey+Timestamp), Timestamp
//!   within `timestamp_tolerance_secs` of now in Kenya time; 400.002.02 "Bad Request - Invalid
//!   X", 404.001.03 "Invalid Access Token" (HTTP 401), 500.001.1001 "Wrong credentials" as
//!   integrators report it); `stkpushquery` (500.001.1001 "The transaction is being processed"
//!   until resolved); C2B `registerurl` (refuses URLs with the words Daraja's Register URL
//!   page forbids: M-Pesa, Safaricom, exe, exec, cmd, SQL, query). Sends the STK callback
//!   (paid: Amount as `1.00`, a Balance item without Value, TransactionDate and PhoneNumber as
//!   numbers) and C2B validation/confirmation bodies.
//! - [`FakePaypal`]: `/v1/oauth2/token`, the webhook certificate, `verify-webhook-signature`,
//!   `GET /v2/payments/captures/{id}`; sends PAYMENT.CAPTURE.* webhooks signed SHA256withRSA
//!   over `transmission_id|time|webhook_id|crc32(body)` with its own key and self-signed cert.
//! - [`FakePaystack`]: `GET /transaction/verify/{reference}`; sends `charge.success` with
//!   `x-paystack-signature` = hex HMAC-SHA512 of the body under the secret key.
//! - [`FakeFlutterwave`]: `GET /v3/transactions/{id}/verify`; sends `charge.completed` with
//!   the `verif-hash` header.
//!
//! - [`FakeAfricasTalking`]: the SMS endpoint `version1/messaging` (the `apiKey` header, the
//!   form, `201` with `SMSMessageData.Recipients`).
//! - [`FakeTwilio`]: the Messages endpoint (Basic authentication, the form, `201` with the
//!   Message resource, errors with `code` and `message`).
//!
//! What they do not do: TLS; retries of unacknowledged callbacks/webhooks (each send is one
//! POST, the caller decides to resend); rate limits; any endpoint not listed above (no B2C,
//! no PayPal orders, no Paystack initialize, no Flutterwave charges); STK CallBackURL keyword
//! checks (Daraja documents them for C2B URLs only); Daraja's real HTTP status for a few
//! errors is not documented and is taken from the error code's prefix or integrators' reports.
//! Field values that are not the test's (customer ids, card details, fees) are fixed samples
//! from the gateways' documentation.
pub mod africas_talking;
mod daraja;
mod daraja_send;
pub mod flutterwave;
mod paypal;
mod paypal_send;
mod paypal_sign;
pub mod paystack;
mod server;
mod sms;
pub mod twilio;
pub use africas_talking::{AfricasTalkingConfig, FakeAfricasTalking};
pub use daraja::*;
pub use daraja_send::*;
pub use flutterwave::{FakeFlutterwave, FlutterwaveConfig};
pub use paypal::*;
pub use paypal_sign::ServedCert;
pub use paystack::{FakePaystack, PaystackConfig};
pub use server::{http_client, FakeError, Headers};
pub use sms::{FakeSms, ReceivedSms};
pub use twilio::{FakeTwilio, TwilioConfig};
