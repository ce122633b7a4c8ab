//! The fakes through real HTTP on loopback, with reqwest and a tiny axum receiver standing in
//! for tikbill's relay.

mod daraja;
mod flutterwave;
mod paypal;
mod paystack;
mod receiver;
