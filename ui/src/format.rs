//! How numbers and amounts are shown to people.

/// `150000` → `150,000`; `1250.5` → `1,250.5`. Works on the exact decimal text the backend sends.
pub fn group_thousands(amount: &str) -> String {
    let (sign, digits) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `IDR 150,000`.
pub fn money(amount: &str, currency: &str) -> String {
    format!("{currency} {}", group_thousands(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        for (input, expect) in [
            ("0", "0"),
            ("999", "999"),
            ("1000", "1,000"),
            ("150000", "150,000"),
            ("1250.5", "1,250.5"),
            ("-1234567.89", "-1,234,567.89"),
        ] {
            assert_eq!(group_thousands(input), expect, "group_thousands({input})");
        }
        assert_eq!(money("9.99", "USD"), "USD 9.99");
    }
}
