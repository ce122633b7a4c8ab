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

/// The instants office day `day` starts and the next one starts (a day that starts in a
/// daylight-saving gap starts when the clock shows it first).
pub(crate) fn bounds(
    day: NaiveDate,
    office_tz: chrono_tz::Tz,
) -> crate::CoreResult<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
    let start = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|local| crate::expiry::instant_showing(local, office_tz))
    };
    match (start(day), day.succ_opt().and_then(start)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(crate::CoreError::Internal(format!(
            "the office's day {day} cannot be shown on its clock"
        ))),
    }
}

/// The office's day that instant `at` falls on.
pub(crate) fn office_day(at: chrono::DateTime<chrono::Utc>, office_tz: chrono_tz::Tz) -> NaiveDate {
    at.with_timezone(&office_tz).date_naive()
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
