//! Encodings a gateway request needs: a URL's percent-encoding, an HTML form's body, and text
//! inside a JSON string.

/// `text` percent-encoded for a URL (RFC 3986: only unreserved characters stay as they are).
pub(crate) fn percent(text: &str) -> String {
    encode(text, b"-._~", "%20")
}

/// `application/x-www-form-urlencoded` pairs (WHATWG: `*-._` stay, a space is `+`).
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                encode(name, b"*-._", "+"),
                encode(value, b"*-._", "+")
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `text` as it goes between the quotes of a JSON string.
pub(crate) fn json_inside(text: &str) -> String {
    let quoted = serde_json::Value::String(text.to_string()).to_string();
    quoted
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string()
}

fn encode(text: &str, keep: &[u8], space: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push_str(space);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_forms_and_json_get_what_they_need() {
        assert_eq!(percent("+254 711/ä&x=1"), "%2B254%20711%2F%C3%A4%26x%3D1");
        assert_eq!(
            form(&[("to", "+254711"), ("message", "Hi Ayu, 3 days & 5%")]),
            "to=%2B254711&message=Hi+Ayu%2C+3+days+%26+5%25"
        );
        assert_eq!(json_inside("say \"hi\"\nbye"), "say \\\"hi\\\"\\nbye");
    }
}
