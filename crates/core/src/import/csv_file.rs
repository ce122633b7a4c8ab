//! Importing customers from a CSV file (rules: the parent module).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use csv::{ReaderBuilder, StringRecord};
use sea_orm::EntityTrait;
use tikbill_api::{CustomerInput, CustomerStatus, FieldError, ImportReport};

use super::{count, refuse, report, save, usernames_on, NewCustomer, ProfileChoice, Saved};
use crate::customer::{CustomerDraft, Purpose};
use crate::entity::profile;
use crate::{expiry, Context, CoreError, CoreResult};

/// A column of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    Username,
    Password,
    FullName,
    Phone,
    Email,
    Profile,
    ServiceType,
    Expiry,
}

impl Column {
    const ALL: [Column; 8] = [
        Self::Username,
        Self::Password,
        Self::FullName,
        Self::Phone,
        Self::Email,
        Self::Profile,
        Self::ServiceType,
        Self::Expiry,
    ];

    /// As the header names it (after lower-casing and reading `_` as a space).
    fn header(self) -> &'static str {
        match self {
            Self::Username => "username",
            Self::Password => "password",
            Self::FullName => "full name",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Profile => "profile",
            Self::ServiceType => "service type",
            Self::Expiry => "expiry",
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            Self::Username | Self::Password | Self::FullName | Self::Profile
        )
    }

    /// The column a customer form field comes from.
    fn of_field(field: &str) -> Option<Self> {
        Some(match field {
            "username" => Self::Username,
            "password" => Self::Password,
            "full_name" => Self::FullName,
            "phone" => Self::Phone,
            "email" => Self::Email,
            "service_type" => Self::ServiceType,
            "profile_id" => Self::Profile,
            _ => return None,
        })
    }
}

/// Where each column is in a row.
struct Columns(BTreeMap<Column, usize>);

impl Columns {
    /// From the header; a file missing a required column is refused whole.
    fn find(header: &StringRecord) -> CoreResult<Self> {
        let mut found = BTreeMap::new();
        for (index, name) in header.iter().enumerate() {
            let name = normalised(name);
            if let Some(column) = Column::ALL.into_iter().find(|c| c.header() == name) {
                found.entry(column).or_insert(index);
            }
        }
        let missing: Vec<&str> = Column::ALL
            .into_iter()
            .filter(|c| c.required() && !found.contains_key(c))
            .map(Column::header)
            .collect();
        if missing.is_empty() {
            return Ok(Self(found));
        }
        let mut names: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
        let last = names.pop().unwrap_or_default();
        let list = if names.is_empty() {
            last
        } else {
            format!("{} or {last}", names.join(", "))
        };
        let message = format!(
            "no column is named {list}. The first line must name the columns: username, \
             password, full name, phone, profile, service type, expiry."
        );
        Err(CoreError::Validation {
            summary: format!("The file was not imported: {message}"),
            fields: vec![FieldError {
                field: "csv".into(),
                message: capitalised(&message),
            }],
        })
    }

    /// The cell of `column` in `record`, trimmed ("" when the column or cell is absent).
    fn cell<'r>(&self, record: &'r StringRecord, column: Column) -> &'r str {
        self.0
            .get(&column)
            .and_then(|i| record.get(*i))
            .unwrap_or_default()
            .trim()
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `Full_Name ` → `full name`.
fn normalised(header: &str) -> String {
    let header = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    header
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The CSV import form: a router must be chosen (refused under `router_id` otherwise).
pub async fn from_csv_form(
    ctx: &Context,
    input: &tikbill_api::CsvImportInput,
) -> CoreResult<ImportReport> {
    let Some(router_id) = input.router_id else {
        return Err(CoreError::invalid(
            "import",
            vec![tikbill_api::FieldError {
                field: "router_id".into(),
                message: "Choose the router the customers log in on.".into(),
            }],
        ));
    };
    from_csv(ctx, router_id, &input.csv).await
}

/// Imports the customers in `csv_text` onto router `router_id`; see the
/// [module documentation](super) for the columns and rules.
pub async fn from_csv(ctx: &Context, router_id: i64, csv_text: &str) -> CoreResult<ImportReport> {
    let db = ctx.db();
    let office_tz = ctx.office_time_zone().await?;
    crate::router::find(db, router_id).await?;
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let lines = Lines::of(text);
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    let columns = Columns::find(&header)?;
    let profiles: Vec<profile::Model> = profile::Entity::find().all(db).await?;
    let mut taken = usernames_on(db, router_id).await?;
    let mut report = report();
    let now = ctx.now();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or("?".to_string(), |p| lines.at(p.byte()));
                refuse(
                    &mut report,
                    line,
                    "",
                    format!("the line cannot be read: {e}"),
                );
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record
            .position()
            .map_or("?".to_string(), |p| lines.at(p.byte()));
        let username = columns.cell(&record, Column::Username);
        if taken.contains(username) {
            report.skipped += 1;
            continue;
        }
        let new = match check(&columns, &record, &profiles, router_id, now, office_tz) {
            Ok(new) => new,
            Err(why) => {
                refuse(&mut report, line, username, why);
                continue;
            }
        };
        let saved = save(db, router_id, new, now).await?;
        count(&mut report, &saved);
        if matches!(saved, Saved::Imported { .. }) {
            taken.insert(username.to_string());
        }
    }
    Ok(report)
}

/// Line numbers by byte offset. (The csv reader's own count skips blank lines, and a record's
/// offset is where the blank lines before it start; people look for the line their editor
/// shows.)
struct Lines<'t> {
    text: &'t str,
    newlines: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn of(text: &'t str) -> Self {
        let newlines = text.match_indices('\n').map(|(at, _)| at).collect();
        Self { text, newlines }
    }

    /// The 1-based line of the record that starts at byte `offset` (after any blank lines).
    fn at(&self, offset: u64) -> String {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let rest = self.text.get(offset..).unwrap_or_default();
        let start = offset + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        (self.newlines.partition_point(|newline| *newline < start) + 1).to_string()
    }
}

/// One row as a customer to save, or every refused cell's message.
fn check(
    columns: &Columns,
    record: &StringRecord,
    profiles: &[profile::Model],
    router_id: i64,
    now: DateTime<Utc>,
    office_tz: Tz,
) -> Result<NewCustomer, String> {
    let cell = |column| columns.cell(record, column);
    let service = match cell(Column::ServiceType).to_lowercase() {
        s if s.is_empty() => "hotspot".to_string(),
        s => s,
    };
    let input = CustomerInput {
        username: cell(Column::Username).to_string(),
        // Trimmed like every cell: spaces after a comma are the file's layout, not the password.
        password: Some(cell(Column::Password).to_string()),
        full_name: cell(Column::FullName).to_string(),
        phone: cell(Column::Phone).to_string(),
        email: cell(Column::Email).to_string(),
        service_type: service,
        router_id: Some(router_id),
        // Resolved below; the form only needs one to be chosen.
        profile_id: Some(0),
    };
    let mut refused: Vec<(Column, String)> = Vec::new();
    let draft = match CustomerDraft::parse(&input, Purpose::Create) {
        Ok(draft) => Some(draft),
        Err(fields) => {
            for f in fields {
                let column = Column::of_field(&f.field).unwrap_or(Column::Username);
                refused.push((column, f.message));
            }
            None
        }
    };
    let profile = match profile_named(profiles, cell(Column::Profile)) {
        Ok(profile) => Some(profile),
        Err(why) => {
            refused.push((Column::Profile, why));
            None
        }
    };
    let expiry = match expiry_of(cell(Column::Expiry), office_tz) {
        Ok(expiry) => Some(expiry),
        Err(why) => {
            refused.push((Column::Expiry, why));
            None
        }
    };
    match (draft, profile, expiry) {
        (Some(draft), Some(profile), Some(expires_at)) if refused.is_empty() => {
            let status = match expires_at {
                None => CustomerStatus::Pending,
                Some(at) if at > now => CustomerStatus::Active,
                Some(_) => CustomerStatus::Expired,
            };
            Ok(NewCustomer {
                draft,
                profile: ProfileChoice::Existing(profile.id),
                status,
                expires_at,
            })
        }
        _ => {
            refused.sort_by_key(|(column, _)| *column);
            let each: Vec<String> = refused
                .into_iter()
                .map(|(column, message)| format!("{}: {message}", column.header()))
                .collect();
            Err(each.join("; "))
        }
    }
}

/// The profile called `name` (exactly, else in any letter case), or why none is.
fn profile_named<'p>(
    profiles: &'p [profile::Model],
    name: &str,
) -> Result<&'p profile::Model, String> {
    if name.is_empty() {
        return Err("Give the name of the profile this customer buys".into());
    }
    let exact = profiles.iter().find(|p| p.name == name);
    let loose = || {
        let mut same = profiles
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case(name));
        match (same.next(), same.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    };
    exact.or_else(loose).ok_or_else(|| {
        let mut names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        if names.is_empty() {
            format!("'{name}' is not a tikbill profile: create it first")
        } else {
            format!(
                "'{name}' is not a tikbill profile: create it first, or use one of: {}",
                names.join(", ")
            )
        }
    })
}

/// An expiry cell: empty (none), `YYYY-MM-DD` (that day's start) or `YYYY-MM-DD HH:MM` on the
/// office's clock.
fn expiry_of(text: &str, office_tz: Tz) -> Result<Option<DateTime<Utc>>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN))
        })
        .map_err(|_| {
            format!(
                "'{text}' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM ({} time)",
                office_tz.name()
            )
        })?;
    expiry::instant_showing(local, office_tz)
        .map(Some)
        .ok_or_else(|| format!("'{text}' is too far in the future"))
}

#[cfg(test)]
mod tests {
    use chrono_tz::Asia::Jakarta;

    use super::*;

    #[test]
    fn headers_match_loosely() {
        for (header, expect) in [
            ("Full_Name", "full name"),
            (" SERVICE TYPE ", "service type"),
            ("\u{feff}username", "username"),
            ("service-type", "service type"),
        ] {
            assert_eq!(normalised(header), expect, "header {header:?}");
        }
    }

    #[test]
    fn expiries_are_office_time() {
        let check = |text: &str| expiry_of(text, Jakarta).map(|t| t.map(|t| t.to_rfc3339()));
        assert_eq!(check(""), Ok(None), "empty: no plan yet");
        assert_eq!(
            check("2026-12-01"),
            Ok(Some("2026-11-30T17:00:00+00:00".into())),
            "a date is the start of that day in Jakarta"
        );
        assert_eq!(
            check("2026-12-01 18:30"),
            Ok(Some("2026-12-01T11:30:00+00:00".into()))
        );
        assert!(check("01/12/2026").is_err_and(|e| e.contains("YYYY-MM-DD")));
    }
}
