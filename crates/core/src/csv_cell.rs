//! Spreadsheet-safe CSV cells: a cell a spreadsheet would read as a formula (one starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so opening an export runs
//! nothing (OWASP's "CSV injection" advice).

use std::borrow::Cow;

/// `text`, neutralized when it could start a formula.
pub fn neutralized(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_and_the_rest_is_kept() {
        for (text, expect) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("HS7KX2M9", "HS7KX2M9"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralized(text), expect, "{text:?}");
        }
    }
}
