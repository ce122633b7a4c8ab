//! A router form, parsed and checked field by field.

use tikbill_api::{FieldError, RouterInput};

use crate::CoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterDraft {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub use_tls: bool,
    pub username: String,
    /// `None`: keep the stored password (when editing).
    pub password: Option<String>,
}

fn field(fields: &mut Vec<FieldError>, name: &str, message: impl Into<String>) {
    fields.push(FieldError {
        field: name.into(),
        message: message.into(),
    });
}

impl RouterDraft {
    pub fn parse(input: &RouterInput) -> Result<Self, CoreError> {
        let mut fields = Vec::new();
        let name = input.name.trim().to_string();
        if name.is_empty() {
            field(&mut fields, "name", "Give the router a name, e.g. Tower 1");
        } else if name.chars().count() > 64 {
            field(&mut fields, "name", "Use at most 64 characters");
        }
        let host = input.host.trim().to_string();
        if host.is_empty() {
            field(
                &mut fields,
                "host",
                "Give the router's address, e.g. 10.8.0.2 or router.example.net",
            );
        } else if host.len() > 255
            || host
                .chars()
                .any(|c| c.is_whitespace() || c == '/' || c == '@')
        {
            field(
                &mut fields,
                "host",
                format!("'{host}' is not a host name or IP address"),
            );
        }
        let default_port = if input.use_tls { 8729 } else { 8728 };
        let port = match input.port.trim() {
            "" => default_port,
            text => match text.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => {
                    field(
                        &mut fields,
                        "port",
                        format!("'{text}' is not a port: use a number from 1 to 65535"),
                    );
                    default_port
                }
            },
        };
        let username = input.username.trim().to_string();
        if username.is_empty() {
            field(&mut fields, "username", "Give the API user's name");
        }
        if !fields.is_empty() {
            return Err(CoreError::invalid("router", fields));
        }
        Ok(Self {
            name,
            host,
            port,
            use_tls: input.use_tls,
            username,
            password: input.password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_refusals() {
        let mut input = RouterInput {
            name: " Tower 1 ".into(),
            host: "10.8.0.2".into(),
            port: "".into(),
            use_tls: true,
            username: "billing".into(),
            password: Some("pw".into()),
        };
        let d = RouterDraft::parse(&input).unwrap();
        assert_eq!(
            (d.name.as_str(), d.port),
            ("Tower 1", 8729),
            "an empty port means api-ssl's 8729 with TLS"
        );
        input.use_tls = false;
        assert_eq!(RouterDraft::parse(&input).unwrap().port, 8728);
        input.port = "70000".into();
        input.host = "10.8.0.2/24".into();
        input.username = " ".into();
        match RouterDraft::parse(&input) {
            Err(CoreError::Validation { fields, .. }) => {
                let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["host", "port", "username"]);
            }
            other => panic!("expected refusals, got {other:?}"),
        }
    }
}
