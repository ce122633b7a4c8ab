//! Importing customers from a CSV file (rules: the parent module).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use csv::{ReaderBuilder, StringRecord};
use sea_orm::EntityTrait;
use tikbill_api::{CustomerInput, CustomerStatus, FieldError, ImportReport};

use super::{
    count, record_run, refuse, report, save, usernames_on, NewCustomer, ProfileChoice, Saved,
};
use crate::customer::{CustomerDraft, Purpose};
use crate::entity::profile;
use crate::{expiry, Context, CoreError, CoreResult};
use tikbill_api::Permission;

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

    /// The name the report and messages use.
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

    /// Every header spelling taken for this column, as [`compact`] leaves it (letters and digits,
    /// lower case: `Expires_At` and `expires at` are both `expiresat`).
    fn spellings(self) -> &'static [&'static str] {
        match self {
            Self::Username => &["username", "user", "login"],
            Self::Password => &["password", "pass", "secret"],
            Self::FullName => &["fullname", "name", "customer", "customername"],
            Self::Phone => &["phone", "mobile", "msisdn", "phonenumber", "tel"],
            Self::Email => &["email", "mail"],
            Self::Profile => &["profile", "plan", "package"],
            Self::ServiceType => &["servicetype", "service", "type"],
            Self::Expiry => &[
                "expiry",
                "expires",
                "expiresat",
                "expirydate",
                "expiration",
                "expirationdate",
                "validuntil",
            ],
        }
    }

    /// The column a header names, in any of its spellings.
    fn named(header: &str) -> Option<Self> {
        let name = compact(header);
        Self::ALL
            .into_iter()
            .find(|c| c.spellings().contains(&name.as_str()))
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

/// Where each column is in a row, and the header's columns that are not used.
struct Columns {
    at: BTreeMap<Column, usize>,
    unused: Vec<String>,
}

impl Columns {
    /// From the header; a file missing a required column is refused whole.
    fn find(header: &StringRecord) -> CoreResult<Self> {
        let mut found = BTreeMap::new();
        let mut unused = Vec::new();
        for (index, name) in header.iter().enumerate() {
            let used = Column::named(name).is_some_and(|column| match found.entry(column) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(index);
                    true
                }
                // A second column for the same thing: the first one is used.
                std::collections::btree_map::Entry::Occupied(_) => false,
            });
            if !used {
                unused.push(shown_header(name, index));
            }
        }
        let missing: Vec<&str> = Column::ALL
            .into_iter()
            .filter(|c| c.required() && !found.contains_key(c))
            .map(Column::header)
            .collect();
        if missing.is_empty() {
            return Ok(Self { at: found, unused });
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
        self.at
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

/// `Expires_At ` → `expiresat`: a header without letter case, spaces or separators.
fn compact(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header cell as the report names it: its own text, or its position when it has none.
fn shown_header(name: &str, index: usize) -> String {
    match name.trim().trim_start_matches('\u{feff}').trim() {
        "" => format!("column {} (no name)", index + 1),
        name => name.to_string(),
    }
}

/// The CSV import form: a router must be chosen (refused under `router_id` otherwise).
pub async fn from_csv_form(
    ctx: &Context,
    input: &tikbill_api::CsvImportInput,
) -> CoreResult<ImportReport> {
    ctx.require(Permission::SyncRouters)?;
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
    ctx.require(Permission::SyncRouters)?;
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
    let run = crate::db::begin_write(db).await?;
    let mut taken = usernames_on(&run, router_id).await?;
    let mut report = report();
    report.ignored_columns = columns.unused.clone();
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
        let saved = save(&run, router_id, new, now).await?;
        count(&mut report, &saved);
        if matches!(saved, Saved::Imported { .. }) {
            taken.insert(username.to_string());
        }
    }
    record_run(ctx, &run, "import.csv", router_id, &report).await?;
    run.commit().await?;
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

    fn column_of(header: &str) -> Option<&'static str> {
        Column::named(header).map(Column::header)
    }

    #[test]
    fn headers_match_loosely() {
        for (header, expect) in [
            ("Full_Name", "full name"),
            (" SERVICE TYPE ", "service type"),
            ("\u{feff}username", "username"),
            ("service-type", "service type"),
        ] {
            assert_eq!(column_of(header), Some(expect), "header {header:?}");
        }
    }

    #[test]
    fn every_usual_spelling_names_its_column() {
        let spellings: [(&str, &[&str]); 7] = [
            (
                "username",
                &["username", "user", "User Name", "LOGIN", "user_name"],
            ),
            ("password", &["password", "Pass", "secret", "PASSWORD"]),
            (
                "full name",
                &[
                    "full name",
                    "Name",
                    "customer",
                    "Customer Name",
                    "customer_name",
                    "FullName",
                ],
            ),
            (
                "phone",
                &[
                    "phone",
                    "Mobile",
                    "msisdn",
                    "Phone Number",
                    "phone-number",
                    "tel",
                    "TEL.",
                ],
            ),
            ("profile", &["profile", "Plan", "package", "PACKAGE"]),
            (
                "service type",
                &["service type", "Service", "type", "service_type"],
            ),
            (
                "expiry",
                &[
                    "expiry",
                    "Expires",
                    "expires_at",
                    "Expiry Date",
                    "expiration",
                    "Expiration Date",
                    "valid until",
                    "Valid-Until",
                ],
            ),
        ];
        for (column, headers) in spellings {
            for header in headers {
                assert_eq!(
                    column_of(header),
                    Some(column),
                    "{header:?} names the {column} column"
                );
            }
        }
        for header in ["notes", "address", "expired", "", "user id"] {
            assert_eq!(column_of(header), None, "{header:?} names no column");
        }
    }

    #[test]
    fn unused_columns_are_named_in_order() {
        let header = StringRecord::from(vec![
            "User",
            "Pass",
            "Name",
            "Plan",
            "notes",
            "",
            "name",
            "Expires_At",
        ]);
        let columns = Columns::find(&header).expect("every required column is there");
        assert_eq!(
            columns.unused,
            ["notes", "column 6 (no name)", "name"],
            "an unknown column, one without a name, and a second full-name column"
        );
        assert_eq!(
            columns.at.get(&Column::Expiry),
            Some(&7),
            "expires_at is the expiry"
        );
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
