//! Africa's Talking's SMS API, as its public documentation describes it: `POST
//! {host}/version1/messaging` (`api.africastalking.com`, or `api.sandbox.africastalking.com` for
//! the `sandbox` user name), a form with `username`, `to`, `message` and optional `from`, the
//! `apiKey` header; `201 Created` with `SMSMessageData.Recipients[]`, each with `status`
//! (`Success`), `statusCode` (100 processed, 101 sent, 102 queued; 4xx and 5xx refusals) and
//! `messageId`.

use serde::Deserialize;
use tikbill_gateway::ApiRequest;
use tikbill_routeros::Secret;

use super::encode::form;
use super::snippet;

pub(crate) const LIVE: &str = "https://api.africastalking.com";
pub(crate) const SANDBOX: &str = "https://api.sandbox.africastalking.com";

/// The request that sends `message` to `phone`; `api_base` replaces the host (tests only).
pub(crate) fn request(
    username: &str,
    sender_id: Option<&str>,
    api_key: &Secret,
    api_base: Option<&str>,
    phone: &str,
    message: &str,
) -> ApiRequest {
    let host = match api_base {
        Some(base) => base,
        None if username == "sandbox" => SANDBOX,
        None => LIVE,
    };
    let mut fields = vec![("username", username), ("to", phone), ("message", message)];
    if let Some(from) = sender_id {
        fields.push(("from", from));
    }
    ApiRequest {
        method: "POST",
        url: format!("{}/version1/messaging", host.trim_end_matches('/')),
        headers: vec![
            ("apiKey".into(), api_key.expose().to_string()),
            ("Accept".into(), "application/json".into()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
        ],
        body: Some(form(&fields).into_bytes()),
    }
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "SMSMessageData")]
    data: MessageData,
}

#[derive(Deserialize)]
struct MessageData {
    #[serde(rename = "Message", default)]
    message: String,
    #[serde(rename = "Recipients", default)]
    recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
struct Recipient {
    #[serde(default)]
    status: String,
    #[serde(rename = "statusCode", default)]
    status_code: u16,
    #[serde(rename = "messageId", default)]
    message_id: String,
}

/// The message id when Africa's Talking took the message, else why not.
pub(crate) fn outcome(status: u16, body: &[u8]) -> Result<String, String> {
    if status != 201 {
        return Err(format!(
            "Africa's Talking answered HTTP {status}: {}",
            snippet(body)
        ));
    }
    let answer: Answer = serde_json::from_slice(body)
        .map_err(|_| format!("Africa's Talking answered: {}", snippet(body)))?;
    match answer.data.recipients.first() {
        Some(r) if r.status == "Success" && (100..=102).contains(&r.status_code) => {
            Ok(r.message_id.clone())
        }
        Some(r) => Err(format!(
            "Africa's Talking refused it: {} ({})",
            r.status, r.status_code
        )),
        None => Err(format!(
            "Africa's Talking sent it to nobody: {}",
            answer.data.message
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_the_documented_form() {
        let key = Secret::new("atsk_123");
        let live = request(
            "nairobinet",
            Some("NAIROBINET"),
            &key,
            None,
            "+254711000111",
            "Hi & bye",
        );
        assert_eq!(
            live.url,
            "https://api.africastalking.com/version1/messaging"
        );
        assert!(live.headers.contains(&("apiKey".into(), "atsk_123".into())));
        assert!(live
            .headers
            .contains(&("Accept".into(), "application/json".into())));
        assert_eq!(
            live.body.as_deref(),
            Some(&b"username=nairobinet&to=%2B254711000111&message=Hi+%26+bye&from=NAIROBINET"[..])
        );
        let sandbox = request("sandbox", None, &key, None, "+254711000111", "x");
        assert_eq!(
            sandbox.url,
            "https://api.sandbox.africastalking.com/version1/messaging"
        );
        assert_eq!(
            sandbox.body.as_deref(),
            Some(&b"username=sandbox&to=%2B254711000111&message=x"[..]),
            "no from without a sender id"
        );
        let test = request(
            "sandbox",
            None,
            &key,
            Some("http://127.0.0.1:9/"),
            "+1",
            "x",
        );
        assert_eq!(test.url, "http://127.0.0.1:9/version1/messaging");
    }

    #[test]
    fn answers_are_read_as_documented() {
        let sent = br#"{"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: KES 0.8000","Recipients":[{"statusCode":101,"number":"+254711XXXYYY","status":"Success","cost":"KES 0.8000","messageId":"ATPid_SampleTxnId123"}]}}"#;
        assert_eq!(outcome(201, sent), Ok("ATPid_SampleTxnId123".into()));
        let refused = br#"{"SMSMessageData":{"Message":"Sent to 0/1","Recipients":[{"statusCode":403,"number":"+2547","status":"InvalidPhoneNumber","cost":"0","messageId":"None"}]}}"#;
        assert_eq!(
            outcome(201, refused),
            Err("Africa's Talking refused it: InvalidPhoneNumber (403)".into())
        );
        let nobody = br#"{"SMSMessageData":{"Message":"InvalidSenderId","Recipients":[]}}"#;
        assert_eq!(
            outcome(201, nobody),
            Err("Africa's Talking sent it to nobody: InvalidSenderId".into())
        );
        assert_eq!(
            outcome(401, b"The supplied authentication is invalid"),
            Err(
                "Africa's Talking answered HTTP 401: The supplied authentication is invalid".into()
            )
        );
        assert!(outcome(201, b"<html>").is_err());
    }
}
