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
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `100000` → `100,000`.
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// `1 change`, `14 changes`, `1,200 changes`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// Which rows a page shows: `1–50 of 100,000`, `51–73 of 73`, `0 of 0`.
pub fn range(page: u32, page_size: u32, shown: usize, total: u64) -> String {
    if shown == 0 {
        return format!("0 of {}", count(total));
    }
    let first = u64::from(page.max(1) - 1) * u64::from(page_size) + 1;
    let last = first + shown as u64 - 1;
    format!("{}–{} of {}", count(first), count(last), count(total))
}

/// `IDR 150,000`.
pub fn money(amount: &str, currency: &str) -> String {
    format!("{currency} {}", group_thousands(amount))
}

/// `3d 4h 5m` from seconds; minutes are the finest unit an operator needs.
pub fn uptime(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    match (d, h) {
        (0, 0) => format!("{m}m"),
        (0, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h {m}m"),
    }
}

/// `45 MiB`, `1.5 GiB`.
pub fn bytes(n: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = n as f64 / MIB;
    if mib >= 1024.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.0} MiB")
    }
}

/// An RFC 3339 UTC instant in the computer's local time (in the window), or as
/// `2026-11-24 08:00 UTC` where there is no browser (host-side rendering).
pub fn local_time(rfc3339: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
        if !date.get_time().is_nan() {
            return String::from(
                date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED),
            );
        }
    }
    let trimmed = rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ");
    format!("{trimmed} UTC")
}

/// The time of day of an RFC 3339 UTC instant in the computer's local time, `08:02`
/// (`08:02 UTC` where there is no browser).
pub fn local_clock(rfc3339: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
        if !date.get_time().is_nan() {
            return format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
        }
    }
    match rfc3339.get(11..16) {
        Some(clock) => format!("{clock} UTC"),
        None => rfc3339.to_string(),
    }
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
        assert_eq!(plural(1, "change", "changes"), "1 change");
        assert_eq!(plural(1400, "change", "changes"), "1,400 changes");
    }

    #[test]
    fn page_ranges() {
        for ((page, size, shown, total), expect) in [
            ((1, 50, 50, 100_000), "1–50 of 100,000"),
            ((2, 50, 23, 73), "51–73 of 73"),
            ((0, 50, 3, 3), "1–3 of 3"),
            ((3, 50, 0, 60), "0 of 60"),
            ((1, 50, 0, 0), "0 of 0"),
        ] {
            assert_eq!(
                range(page, size, shown, total),
                expect,
                "page {page} of size {size}"
            );
        }
    }

    #[test]
    fn durations_sizes_times() {
        assert_eq!(uptime(59), "0m");
        assert_eq!(uptime(3_660), "1h 1m");
        assert_eq!(uptime(3 * 86_400 + 4 * 3_600 + 5 * 60), "3d 4h 5m");
        assert_eq!(bytes(45 * 1024 * 1024), "45 MiB");
        assert_eq!(bytes(3 * 512 * 1024 * 1024), "1.5 GiB");
        assert_eq!(
            local_time("2026-11-24T08:00:00+00:00"),
            "2026-11-24 08:00 UTC"
        );
        assert_eq!(local_clock("2026-11-24T08:02:00+00:00"), "08:02 UTC");
    }
}
