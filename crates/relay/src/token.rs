//! The secrets in the relay's URLs and its pull endpoint.

use subtle::ConstantTimeEq;

/// Whether a presented token is the expected one, in time that does not depend on how much of
/// it matches.
pub fn tokens_match(presented: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(presented.as_bytes().ct_eq(expected.as_bytes()))
}

/// A new token: 32 random bytes as 64 lowercase hex digits (safe in any URL).
pub fn new_token(random: &tikbill_core::Randomness) -> String {
    let mut bytes = [0u8; 32];
    random.fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abd", "abc"));
        assert!(!tokens_match("ab", "abc"));
        assert!(!tokens_match("", ""), "an unset token matches nothing");
    }
}
