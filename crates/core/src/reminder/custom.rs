//! Any HTTP SMS gateway, described by the office: a method, a URL template, an optional body
//! template and its content type, an optional `Authorization` header. `{phone}` and `{message}`
//! are put in URL-encoded in the URL, and in the body as its type needs (form: URL-encoded;
//! JSON: escaped for a JSON string; otherwise as they are). Any 2xx answer is taken as sent.

use tikbill_api::SmsMethod;
use tikbill_gateway::ApiRequest;
use tikbill_routeros::Secret;

use super::encode::{json_inside, percent};
use super::snippet;
use super::template::fill;

/// The placeholders a custom gateway's URL and body may use.
pub(crate) const PLACEHOLDERS: [&str; 2] = ["{phone}", "{message}"];
/// The body's type when the office names none.
pub(crate) const FORM: &str = "application/x-www-form-urlencoded";

/// A custom gateway as the office described it.
pub(crate) struct CustomGateway {
    pub method: SmsMethod,
    pub url: String,
    pub body: Option<String>,
    pub content_type: String,
    pub authorization: Option<Secret>,
}

impl CustomGateway {
    pub(crate) fn request(&self, phone: &str, message: &str) -> ApiRequest {
        let values = [("{phone}", phone), ("{message}", message)];
        let mut headers = Vec::new();
        if let Some(authorization) = &self.authorization {
            headers.push(("Authorization".into(), authorization.expose().to_string()));
        }
        let body = self.body.as_ref().map(|body| {
            headers.push(("Content-Type".into(), self.content_type.clone()));
            let kind = self.content_type.to_ascii_lowercase();
            if kind.starts_with(FORM) {
                fill(body, &values, percent)
            } else if kind.contains("json") {
                fill(body, &values, json_inside)
            } else {
                fill(body, &values, str::to_string)
            }
        });
        ApiRequest {
            method: self.method.as_str(),
            url: fill(&self.url, &values, percent),
            headers,
            body: body.map(String::into_bytes),
        }
    }
}

/// What the gateway answered, when it took the message (2xx), else why not.
pub(crate) fn outcome(status: u16, body: &[u8]) -> Result<String, String> {
    let words = snippet(body);
    if (200..300).contains(&status) {
        Ok(if words.is_empty() {
            format!("HTTP {status}")
        } else {
            words
        })
    } else {
        Err(format!("the gateway answered HTTP {status}: {words}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gateway(method: SmsMethod, url: &str, body: Option<&str>, kind: &str) -> CustomGateway {
        CustomGateway {
            method,
            url: url.into(),
            body: body.map(str::to_string),
            content_type: kind.into(),
            authorization: Some(Secret::new("Bearer abc")),
        }
    }

    #[test]
    fn placeholders_are_encoded_where_they_go() {
        let get = gateway(
            SmsMethod::Get,
            "https://sms.example/send?to={phone}&text={message}",
            None,
            FORM,
        )
        .request("+254711", "Hi ayu & co");
        assert_eq!(get.method, "GET");
        assert_eq!(
            get.url,
            "https://sms.example/send?to=%2B254711&text=Hi%20ayu%20%26%20co"
        );
        assert_eq!(get.body, None);
        assert_eq!(
            get.headers,
            vec![("Authorization".to_string(), "Bearer abc".to_string())]
        );
        let json = gateway(
            SmsMethod::Post,
            "https://sms.example/v1",
            Some(r#"{"to":"{phone}","text":"{message}"}"#),
            "application/json",
        )
        .request("+254711", "say \"hi\"");
        assert_eq!(
            json.body.as_deref(),
            Some(&br#"{"to":"+254711","text":"say \"hi\""}"#[..])
        );
        let form = gateway(
            SmsMethod::Post,
            "https://sms.example/v1",
            Some("to={phone}&text={message}"),
            FORM,
        )
        .request("+254711", "a b");
        assert_eq!(form.body.as_deref(), Some(&b"to=%2B254711&text=a%20b"[..]));
    }

    #[test]
    fn any_2xx_is_sent() {
        assert_eq!(outcome(200, b"OK id=5"), Ok("OK id=5".into()));
        assert_eq!(outcome(204, b""), Ok("HTTP 204".into()));
        assert_eq!(
            outcome(403, b"bad key"),
            Err("the gateway answered HTTP 403: bad key".into())
        );
    }
}
