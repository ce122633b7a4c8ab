//! A range of days typed into a filter (the audit page's, the payments page's): `from` and `to`
//! as `YYYY-MM-DD`, either blank for no bound, checked in one place so both pages refuse the
//! same input with the same words.

use chrono::NaiveDate;
use tikbill_api::FieldError;

/// The days `from` and `to` (blank: none). A date that is not `YYYY-MM-DD` is refused on its
/// field, a `to` before `from` on `to`; each refusal is added to `fields`.
pub(crate) fn range(
    fields: &mut Vec<FieldError>,
    from: Option<&str>,
    to: Option<&str>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let from = day(fields, "from", from);
    let to = day(fields, "to", to);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            fields.push(FieldError {
                field: "to".into(),
                message: "must not be before the first day".into(),
            });
        }
    }
    (from, to)
}

/// A `YYYY-MM-DD` date; blank is no date, anything else refused on `field`.
pub(crate) fn day(
    fields: &mut Vec<FieldError>,
    field: &str,
    text: Option<&str>,
) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            fields.push(FieldError {
                field: field.into(),
                message: format!("'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-24"),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_days_are_refused_on_their_field() {
        for (from, to, refused) in [
            ("2026-11-01", "2026-11-30", vec![]),
            ("2026-11-24", "2026-11-24", vec![]),
            (" 2026-11-24 ", "", vec![]),
            ("", " ", vec![]),
            ("2026-02-30", "", vec!["from"]),
            ("", "24/11/2026", vec!["to"]),
            ("yesterday", "2026-13-01", vec!["from", "to"]),
            ("2026-11-25", "2026-11-24", vec!["to"]),
        ] {
            let mut fields = Vec::new();
            let (a, b) = range(&mut fields, Some(from), Some(to));
            let got: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(got, refused, "from {from:?} to {to:?}");
            if refused.is_empty() {
                assert_eq!(
                    (a.is_some(), b.is_some()),
                    (!from.trim().is_empty(), !to.trim().is_empty()),
                    "blank is no day"
                );
            }
        }
    }
}
