//! The SMS gateway reminders go through, with its secrets: one request per message, and what
//! its answer means.

use tikbill_gateway::ApiRequest;
use tikbill_routeros::Secret;

use super::custom::{self, CustomGateway};
use super::{africas_talking, twilio};

pub(crate) enum SmsGateway {
    AfricasTalking {
        username: String,
        sender_id: Option<String>,
        api_key: Secret,
    },
    Twilio {
        account_sid: String,
        from: String,
        auth_token: Secret,
    },
    Custom(CustomGateway),
}

impl SmsGateway {
    /// The request that sends `message` to `phone`. `api_base` stands in for a preset's host
    /// (tests only); a custom gateway's URL is the office's own.
    pub(crate) fn request(&self, api_base: Option<&str>, phone: &str, message: &str) -> ApiRequest {
        match self {
            Self::AfricasTalking {
                username,
                sender_id,
                api_key,
            } => africas_talking::request(
                username,
                sender_id.as_deref(),
                api_key,
                api_base,
                phone,
                message,
            ),
            Self::Twilio {
                account_sid,
                from,
                auth_token,
            } => twilio::request(account_sid, from, auth_token, api_base, phone, message),
            Self::Custom(gateway) => gateway.request(phone, message),
        }
    }

    /// The gateway's id for the message when it took it, else why not.
    pub(crate) fn outcome(&self, status: u16, body: &[u8]) -> Result<String, String> {
        match self {
            Self::AfricasTalking { .. } => africas_talking::outcome(status, body),
            Self::Twilio { .. } => twilio::outcome(status, body),
            Self::Custom(_) => custom::outcome(status, body),
        }
    }
}
