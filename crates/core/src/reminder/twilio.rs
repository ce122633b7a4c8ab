//! Twilio's Messages API, as its public documentation describes it: `POST
//! https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic
//! authentication (account SID and auth token), a form with `To`, `From` and `Body`; `201
//! Created` with the message's `sid` and `status` (`queued`, `accepted`, `sending`, `sent`, …);
//! an error is JSON with `code` and `message`.

use base64::Engine as _;
use serde::Deserialize;
use tikbill_gateway::ApiRequest;
use tikbill_routeros::Secret;

use super::encode::{form, percent};
use super::snippet;

pub(crate) const API: &str = "https://api.twilio.com";

/// The request that sends `message` to `phone`; `api_base` replaces the host (tests only).
pub(crate) fn request(
    account_sid: &str,
    from: &str,
    auth_token: &Secret,
    api_base: Option<&str>,
    phone: &str,
    message: &str,
) -> ApiRequest {
    let host = api_base.unwrap_or(API).trim_end_matches('/');
    let credentials = base64::engine::general_purpose::STANDARD
        .encode(format!("{account_sid}:{}", auth_token.expose()));
    ApiRequest {
        method: "POST",
        url: format!(
            "{host}/2010-04-01/Accounts/{}/Messages.json",
            percent(account_sid)
        ),
        headers: vec![
            ("Authorization".into(), format!("Basic {credentials}")),
            ("Accept".into(), "application/json".into()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
        ],
        body: Some(form(&[("To", phone), ("From", from), ("Body", message)]).into_bytes()),
    }
}

#[derive(Deserialize)]
struct Created {
    sid: String,
    #[serde(default)]
    status: String,
}

#[derive(Deserialize)]
struct Refused {
    code: Option<i64>,
    message: Option<String>,
}

/// The message's SID when Twilio took it, else why not.
pub(crate) fn outcome(status: u16, body: &[u8]) -> Result<String, String> {
    if (200..300).contains(&status) {
        let created: Created = serde_json::from_slice(body)
            .map_err(|_| format!("Twilio answered: {}", snippet(body)))?;
        return match created.status.as_str() {
            "failed" | "undelivered" | "canceled" => Err(format!(
                "Twilio did not send it ({}): {}",
                created.status, created.sid
            )),
            _ => Ok(created.sid),
        };
    }
    match serde_json::from_slice::<Refused>(body) {
        Ok(Refused {
            code: Some(code),
            message: Some(message),
        }) => Err(format!(
            "Twilio refused it (HTTP {status}, error {code}): {message}"
        )),
        _ => Err(format!("Twilio answered HTTP {status}: {}", snippet(body))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "AC0123456789abcdef0123456789abcdef";

    #[test]
    fn the_request_is_the_documented_form() {
        let request = request(
            SID,
            "+15005550006",
            &Secret::new("tok"),
            None,
            "+254711000111",
            "Hi ayu",
        );
        assert_eq!(
            request.url,
            format!("https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json")
        );
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{SID}:tok"));
        assert!(request
            .headers
            .contains(&("Authorization".into(), format!("Basic {basic}"))));
        assert_eq!(
            request.body.as_deref(),
            Some(&b"To=%2B254711000111&From=%2B15005550006&Body=Hi+ayu"[..])
        );
    }

    #[test]
    fn answers_are_read_as_documented() {
        let queued = br#"{"account_sid":"AC0123","body":"Hi","sid":"SM1234567890abcdef1234567890abcdef","status":"queued","error_code":null}"#;
        assert_eq!(
            outcome(201, queued),
            Ok("SM1234567890abcdef1234567890abcdef".into())
        );
        let error = br#"{"code":21211,"message":"The 'To' number +2547 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"#;
        assert_eq!(
            outcome(400, error),
            Err("Twilio refused it (HTTP 400, error 21211): The 'To' number +2547 is not a valid phone number.".into())
        );
        assert_eq!(
            outcome(500, b"oops"),
            Err("Twilio answered HTTP 500: oops".into())
        );
        assert!(outcome(201, br#"{"sid":"SM1","status":"failed"}"#).is_err());
    }
}
