//! A customer's phone number as gateways take it: international (E.164), `+` and 8 to 15 digits.

/// The number with spaces, dashes, dots and brackets taken out and `00` read as `+`; digits
/// alone (10 to 15, not starting with 0) are taken as international without their `+`. Anything
/// else is refused with the reason, in words.
pub(crate) fn normalise(raw: &str) -> Result<String, String> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = match compact.strip_prefix('+') {
        Some(rest) => rest,
        None => compact.strip_prefix("00").unwrap_or(&compact),
    };
    let international = compact.starts_with('+') || compact.starts_with("00");
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{}' is not a phone number", raw.trim()));
    }
    let enough = if international { 8..=15 } else { 10..=15 };
    if digits.starts_with('0') || !enough.contains(&digits.len()) {
        return Err(format!(
            "'{}' is not an international number: write it with its country code, e.g. +254712345678",
            raw.trim()
        ));
    }
    Ok(format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expect: Option<&str>) {
        assert_eq!(normalise(raw).ok().as_deref(), expect, "{raw}");
    }

    #[test]
    fn phones_are_international_or_refused() {
        check("+254 712-345-678", Some("+254712345678"));
        check("00 62 (812) 3456.7890", Some("+6281234567890"));
        check("254712345678", Some("+254712345678"));
        check("+1 555 0100 222", Some("+15550100222"));
        check("0712345678", None);
        check("712345", None);
        check("+254 71x", None);
        check("", None);
        check("+1234567890123456", None);
        check("++254712345678", None);
    }
}
