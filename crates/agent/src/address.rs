//! A router's API address as typed on the command line: `HOST:PORT`, `[IPv6]:PORT`.

use std::fmt;
use std::str::FromStr;

use crate::AgentError;

/// A host (name or IP address) and an API port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiAddress {
    pub host: String,
    pub port: u16,
}

impl FromStr for ApiAddress {
    type Err = AgentError;

    fn from_str(text: &str) -> Result<Self, AgentError> {
        let text = text.trim();
        let refuse = |why: String| Err(AgentError::Address(why));
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            match rest.split_once("]:") {
                Some((host, port)) => (host, port),
                None => {
                    return refuse(format!(
                        "'{text}' is not [IPv6]:PORT: write it like [2001:db8::1]:8728"
                    ))
                }
            }
        } else {
            match text.rsplit_once(':') {
                Some((host, _)) if host.contains(':') => {
                    return refuse(format!("'{text}' is ambiguous: put an IPv6 address in brackets, like [2001:db8::1]:8728"))
                }
                Some((host, port)) => (host, port),
                None => {
                    return refuse(format!(
                        "'{text}' is not HOST:PORT: add the API port, e.g. {text}:8728 (8729 for api-ssl)"
                    ))
                }
            }
        };
        if host.is_empty() {
            return refuse(format!(
                "'{text}' has no host: write it as HOST:PORT, e.g. 192.0.2.1:8728"
            ));
        }
        match port.parse::<u16>() {
            Ok(port) if port > 0 => Ok(Self {
                host: host.to_string(),
                port,
            }),
            _ => refuse(format!(
                "'{port}' in '{text}' is not a port: use a number from 1 to 65535"
            )),
        }
    }
}

impl fmt::Display for ApiAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Result<(&str, u16), &str>) {
        match (text.parse::<ApiAddress>(), expect) {
            (Ok(a), Ok((host, port))) => {
                assert_eq!(
                    (a.host.as_str(), a.port),
                    (host, port),
                    "'{text}' splits into host and port"
                );
                assert_eq!(
                    a.to_string().parse::<ApiAddress>().ok(),
                    Some(a),
                    "'{text}' prints back parseably"
                );
            }
            (Err(e), Err(words)) => assert!(
                e.to_string().contains(words),
                "'{text}' is refused saying '{words}': {e}"
            ),
            (got, want) => panic!("'{text}': got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn host_and_port() {
        check("10.8.0.2:8728", Ok(("10.8.0.2", 8728)));
        check(
            " router.example.net:8729 ",
            Ok(("router.example.net", 8729)),
        );
        check("[2001:db8::1]:8728", Ok(("2001:db8::1", 8728)));
        check("nothost", Err("add the API port, e.g. nothost:8728"));
        check("host:", Err("is not a port"));
        check("host:0", Err("is not a port"));
        check("host:70000", Err("is not a port"));
        check(":8728", Err("has no host"));
        check("2001:db8::1:8728", Err("put an IPv6 address in brackets"));
        check("[2001:db8::1", Err("is not [IPv6]:PORT"));
        check("", Err("is not HOST:PORT"));
    }
}
