//! Money as people read it: "KES 1,500.00". Amounts travel as exact decimal strings; this
//! formats them without ever rounding a digit away.

/// How many minor-unit digits a currency is written with (ISO 4217; 2 unless listed).
pub fn minor_digits(currency: &str) -> usize {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "VND" | "VUV" | "XAF" | "XOF" | "XPF" | "IDR" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// "1500.5" in KES → "KES 1,500.50"; digits beyond the currency's are kept ("0.0001" stays),
/// so nothing is rounded away. Text that is not a plain decimal is returned as it came.
pub fn format_money(amount: &str, currency: &str) -> String {
    format!("{currency} {}", format_amount(amount, currency))
}

/// The amount alone: "1,500.50".
pub fn format_amount(amount: &str, currency: &str) -> String {
    let text = amount.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) {
        return text.to_string();
    }
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let fraction = fraction.trim_end_matches('0');
    let wanted = minor_digits(currency).max(fraction.len());
    if wanted == 0 {
        return format!("{sign}{grouped}");
    }
    format!("{sign}{grouped}.{fraction:0<wanted$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        let check = |amount: &str, currency: &str, expect: &str| {
            assert_eq!(
                format_money(amount, currency),
                expect,
                "{amount} {currency}"
            );
        };
        check("1500.5", "KES", "KES 1,500.50");
        check("150000", "IDR", "IDR 150,000");
        check("999", "USD", "USD 999.00");
        check("1234567.891", "KWD", "KWD 1,234,567.891");
        check("0.0001", "KES", "KES 0.0001");
        check("-20", "KES", "KES -20.00");
        check("0", "JPY", "JPY 0");
        check("12.5000", "IDR", "IDR 12.5");
        check("abc", "KES", "KES abc");
    }
}
