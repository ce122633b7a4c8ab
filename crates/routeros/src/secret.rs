//! A password that never shows up in logs.

use std::fmt;

/// A secret string (a router password, a hotspot user's password).
///
/// `Debug` and `Display` print `<redacted>`; call [`Secret::expose`] where the real value is needed
/// (on the wire, on a printed voucher).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Only call this where the value must leave the program.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(
            format!("{secret:?}"),
            "<redacted>",
            "Debug must not leak a password"
        );
        assert_eq!(
            format!("{secret}"),
            "<redacted>",
            "Display must not leak a password"
        );
        assert_eq!(secret.expose(), "hunter2", "expose gives the real value");
    }
}
