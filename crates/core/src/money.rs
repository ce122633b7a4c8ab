//! Money is `rust_decimal::Decimal` plus a currency code, never a float.
//!
//! Storage keeps an exact integer count of 1/10,000 of the unit (`*_e4` columns), because SQLite
//! has no exact decimal type; these functions are the only way in and out of that form.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// How many decimal places storage keeps.
pub const SCALE: u32 = 4;
const FACTOR: i64 = 10_000;

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("'{0}' is not an amount: write a number such as 150000 or 9.99")]
    NotANumber(String),
    #[error("the amount cannot be negative")]
    Negative,
    #[error("use at most {SCALE} decimal places")]
    TooPrecise,
    #[error("the amount is too large")]
    TooLarge,
}

/// Parses a non-negative amount typed by a person ("150000", "9.99", "1,250.50").
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    if cleaned.is_empty() {
        return Err(AmountError::NotANumber(text.trim().to_string()));
    }
    let value = Decimal::from_str_exact(&cleaned)
        .map_err(|_| AmountError::NotANumber(text.trim().to_string()))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(AmountError::Negative);
    }
    if value.normalize().scale() > SCALE {
        return Err(AmountError::TooPrecise);
    }
    to_e4(value)?;
    Ok(value.normalize())
}

/// Decimal → stored integer (exact; refuses what it cannot hold exactly).
pub fn to_e4(value: Decimal) -> Result<i64, AmountError> {
    if value.normalize().scale() > SCALE {
        return Err(AmountError::TooPrecise);
    }
    value
        .checked_mul(Decimal::from(FACTOR))
        .and_then(|v| v.to_i64())
        .ok_or(AmountError::TooLarge)
}

/// Stored integer → Decimal, normalised ("150000", "9.99").
pub fn from_e4(stored: i64) -> Decimal {
    Decimal::new(stored, SCALE).normalize()
}

/// A 3-letter ISO 4217 code, upper-cased.
pub fn parse_currency(text: &str) -> Option<String> {
    let code = text.trim().to_ascii_uppercase();
    (code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Result<&str, AmountError>) {
        let got = parse_amount(input).map(|d| d.to_string());
        assert_eq!(got, expect.map(str::to_string), "parse_amount({input:?})");
    }

    #[test]
    fn amounts() {
        check("150000", Ok("150000"));
        check("9.99", Ok("9.99"));
        check(" 1,250.50 ", Ok("1250.5"));
        check("0", Ok("0"));
        check("0.0001", Ok("0.0001"));
        check("0.00001", Err(AmountError::TooPrecise));
        check("-5", Err(AmountError::Negative));
        check("abc", Err(AmountError::NotANumber("abc".into())));
        check("", Err(AmountError::NotANumber("".into())));
        check("1e5", Err(AmountError::NotANumber("1e5".into())));
        check("99999999999999999", Err(AmountError::TooLarge));
    }

    #[test]
    fn storage_round_trip_is_exact() {
        for text in ["0.1", "0.2", "9.99", "150000", "922337203685477.5807"] {
            let d = parse_amount(text).unwrap();
            assert_eq!(
                from_e4(to_e4(d).unwrap()),
                d,
                "{text} survives storage exactly"
            );
        }
        let sum: Decimal = ["0.1", "0.2"]
            .iter()
            .map(|t| from_e4(to_e4(parse_amount(t).unwrap()).unwrap()))
            .sum();
        assert_eq!(
            sum.to_string(),
            "0.3",
            "0.1 + 0.2 is 0.3 with money, unlike floats"
        );
    }

    #[test]
    fn currencies() {
        assert_eq!(parse_currency(" idr "), Some("IDR".into()));
        assert_eq!(parse_currency("US"), None, "two letters is not a code");
        assert_eq!(parse_currency("US1"), None, "digits are not a code");
    }
}
