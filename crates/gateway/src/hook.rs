//! Which URL a delivery came to ([`Hook`]) and which gateway that is ([`GatewayName`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The webhook a delivery was posted to: the URL is `/hooks/{token}/{path}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hook {
    /// M-Pesa STK push (Lipa na M-Pesa Online) result.
    Stk,
    /// M-Pesa C2B validation: a question ("may this payment go through?"), not money.
    C2bValidation,
    /// M-Pesa C2B confirmation: money received on the paybill or till.
    C2bConfirmation,
    Paypal,
    Paystack,
    Flutterwave,
    /// Any payment service that signs by the Standard Webhooks specification.
    Generic,
    Midtrans,
    Xendit,
}

impl Hook {
    pub const ALL: [Hook; 9] = [
        Hook::Stk,
        Hook::C2bValidation,
        Hook::C2bConfirmation,
        Hook::Paypal,
        Hook::Paystack,
        Hook::Flutterwave,
        Hook::Generic,
        Hook::Midtrans,
        Hook::Xendit,
    ];

    /// The last part of the hook's URL. Daraja refuses callback URLs that contain words such
    /// as "mpesa", "query" or "exec", so none of these do.
    pub fn path(self) -> &'static str {
        match self {
            Hook::Stk => "stk",
            Hook::C2bValidation => "c2b/validation",
            Hook::C2bConfirmation => "c2b/confirmation",
            Hook::Paypal => "paypal",
            Hook::Paystack => "paystack",
            Hook::Flutterwave => "flutterwave",
            Hook::Generic => "generic",
            Hook::Midtrans => "midtrans",
            Hook::Xendit => "xendit",
        }
    }

    /// The hook whose [`path`](Hook::path) this is (exactly; no leading or trailing slash).
    pub fn from_path(path: &str) -> Option<Hook> {
        Hook::ALL.into_iter().find(|hook| hook.path() == path)
    }

    /// The gateway whose settings and verification apply to this hook.
    pub fn gateway(self) -> GatewayName {
        match self {
            Hook::Stk | Hook::C2bValidation | Hook::C2bConfirmation => GatewayName::Mpesa,
            Hook::Paypal => GatewayName::Paypal,
            Hook::Paystack => GatewayName::Paystack,
            Hook::Flutterwave => GatewayName::Flutterwave,
            Hook::Generic => GatewayName::Generic,
            Hook::Midtrans => GatewayName::Midtrans,
            Hook::Xendit => GatewayName::Xendit,
        }
    }
}

/// A payment gateway tikbill knows. Serialized lowercase ("mpesa", "paypal", …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GatewayName {
    Mpesa,
    Paypal,
    Paystack,
    Flutterwave,
    Generic,
    Midtrans,
    Xendit,
}

impl GatewayName {
    pub const ALL: [GatewayName; 7] = [
        GatewayName::Mpesa,
        GatewayName::Paypal,
        GatewayName::Paystack,
        GatewayName::Flutterwave,
        GatewayName::Generic,
        GatewayName::Midtrans,
        GatewayName::Xendit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GatewayName::Mpesa => "mpesa",
            GatewayName::Paypal => "paypal",
            GatewayName::Paystack => "paystack",
            GatewayName::Flutterwave => "flutterwave",
            GatewayName::Generic => "generic",
            GatewayName::Midtrans => "midtrans",
            GatewayName::Xendit => "xendit",
        }
    }
}

impl fmt::Display for GatewayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A gateway name that is not one of [`GatewayName::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown gateway {given:?}: expected one of mpesa, paypal, paystack, flutterwave, generic, midtrans, xendit")]
pub struct UnknownGateway {
    pub given: String,
}

impl FromStr for GatewayName {
    type Err = UnknownGateway;

    /// Case-insensitive; surrounding spaces are ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        GatewayName::ALL
            .into_iter()
            .find(|name| name.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownGateway {
                given: s.to_owned(),
            })
    }
}
