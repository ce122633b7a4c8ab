//! Secrets never reach the audit log: a value under a secret's key is replaced, at any depth.

use serde_json::Value;

/// What a secret's value becomes.
pub const REDACTED: &str = "<redacted>";

/// Keys whose values are secrets, compared without regard to case.
pub const SECRET_KEYS: [&str; 4] = ["password", "password_hash", "secret", "token"];

/// `value` with every value under a secret's key (in objects at any depth, arrays included)
/// replaced by [`REDACTED`]; everything else as it was.
pub fn redact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    if is_secret(&key) {
                        (key, Value::String(REDACTED.into()))
                    } else {
                        (key, redact(value))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

fn is_secret(key: &str) -> bool {
    SECRET_KEYS.iter().any(|s| key.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(input: Value, expect: Value, why: &str) {
        assert_eq!(redact(input), expect, "{why}");
    }

    #[test]
    fn audit_redacts_secrets_by_key() {
        check(
            json!({"username": "ayu", "password": "hunter2"}),
            json!({"username": "ayu", "password": "<redacted>"}),
            "a password beside a name",
        );
        check(
            json!({"password_hash": "$argon2id$v=19$...", "Token": "abc", "SECRET": 7}),
            json!({"password_hash": "<redacted>", "Token": "<redacted>", "SECRET": "<redacted>"}),
            "every secret key, in any case, whatever its value's type",
        );
        check(
            json!({"router": {"host": "10.0.0.1", "password": {"nested": "x"}}, "list": [{"token": "t"}, 1]}),
            json!({"router": {"host": "10.0.0.1", "password": "<redacted>"}, "list": [{"token": "<redacted>"}, 1]}),
            "nested objects and arrays",
        );
        check(
            json!({"password_hint": "blue", "tokens_used": 3, "note": "password"}),
            json!({"password_hint": "blue", "tokens_used": 3, "note": "password"}),
            "only the exact keys: other keys and a value that reads 'password' stay",
        );
        check(json!("password"), json!("password"), "a bare string stays");
    }
}
