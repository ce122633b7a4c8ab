//! stub
mod daraja;
mod daraja_send;
pub mod flutterwave;
mod paypal;
mod paypal_send;
mod paypal_sign;
pub mod paystack;
mod server;
pub use daraja::*;
pub use daraja_send::*;
pub use flutterwave::{FakeFlutterwave, FlutterwaveConfig};
pub use paypal::*;
pub use paypal_sign::ServedCert;
pub use paystack::{FakePaystack, PaystackConfig};
pub use server::FakeError;
