//! Texts with `{placeholders}`: the reminder's message and a custom gateway's URL and body.

/// The placeholders in `text`, in order (`{name}` → `name`): a `{` followed by letters and `_`
/// up to a `}`.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '_') =>
            {
                found.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// The first placeholder of `text` that is not one of `known` (given with their braces).
pub(crate) fn unknown_placeholder(text: &str, known: &[&str]) -> Option<String> {
    placeholders(text)
        .into_iter()
        .map(|name| format!("{{{name}}}"))
        .find(|p| !known.contains(&p.as_str()))
}

/// Whether `text` uses `placeholder` (given with its braces).
pub(crate) fn uses(text: &str, placeholder: &str) -> bool {
    text.contains(placeholder)
}

/// `text` with each `(placeholder, value)` put in, each value through `encode`. Values are put
/// in one pass, so a value that itself holds `{…}` is left as it is.
pub(crate) fn fill(text: &str, values: &[(&str, &str)], encode: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for (placeholder, value) in values {
            if let Some(after) = rest.strip_prefix(placeholder) {
                out.push_str(&encode(value));
                rest = after;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_checked_and_filled() {
        let known = ["{name}", "{plan}"];
        assert_eq!(unknown_placeholder("Hi {name}, {plan} ends", &known), None);
        assert_eq!(
            unknown_placeholder("Hi {name}, {expiry}", &known).as_deref(),
            Some("{expiry}")
        );
        assert_eq!(unknown_placeholder("JSON {\"a\": 1} {}", &known), None);
        assert_eq!(
            fill(
                "Hi {name}, {plan} {x}",
                &[("{name}", "{plan}"), ("{plan}", "Daily")],
                str::to_string
            ),
            "Hi {plan}, Daily {x}",
            "a value holding a placeholder is not filled again"
        );
        assert_eq!(
            fill("ä{name}ö", &[("{name}", "a b")], |v| v.replace(' ', "+")),
            "äa+bö"
        );
    }
}
