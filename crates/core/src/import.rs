//! Bringing existing customers into tikbill: from a router's own users ([`from_router`]) or
//! from a CSV file ([`from_csv`]).
//!
//! Both work row by row, so one bad row never loses the others: a row is imported, skipped (a
//! customer with that user name is already on that router; it is left as it is), or refused
//! with a reason a person can act on. Every imported customer gets its router job with it, so
//! the router account takes tikbill's comment (`tikbill:<id>`) and, for an active customer,
//! tikbill's expiry entry. The whole run is one write transaction, each row a savepoint within
//! it (a row that loses a race for its user name is rolled back alone and skipped), and an
//! import that imported someone is recorded in it as one audit entry (`import.router` or
//! `import.csv`, on the router, with the report's counts): the customers and their entry are
//! saved together, or, when the database fails midway, none of them.
//!
//! # From a router
//!
//! Hotspot users become hotspot customers and PPP secrets PPPoE customers (a secret whose
//! service is neither `pppoe` nor `any` is refused: tikbill would turn it into a PPPoE secret).
//! The full name is the account's comment, unless the comment is tikbill's own (`tikbill:7`),
//! a Mikhmon expiry date, or empty: then it is the user name.
//!
//! Passwords are read from the router, which shows them only to an API user with the
//! `sensitive` policy; a row whose password the router did not show is refused.
//!
//! A profile tikbill does not know is created from the router's profile of that name: its
//! `rate-limit` (refused, with every row using it, if tikbill cannot read it or it has none),
//! its sharing (hotspot `shared-users`; PPP `only-one=yes` is 1 device, anything else 2), 30
//! days, price 0 in the currency of the oldest tikbill profile (USD if there is none). It is
//! listed in [`ImportReport::profiles_created`]; set its price before selling it.
//!
//! Status and expiry:
//!
//! - a disabled account is a **disabled** customer (with the expiry found below, if any);
//! - an enabled account is **active**, and its expiry is, in this order: the start of
//!   tikbill's own expiry entry on the router (`tikbill-expire-…`, from an earlier tikbill);
//!   else a Mikhmon-style date in the comment (`jan/31/2026 10:00:00` or
//!   `2026-01-31 10:00:00`, on the router's clock); else one period of its profile from now
//!   (computed by [`crate::expiry`]). An expiry found on the router that has already passed
//!   makes the customer **expired** instead.
//!
//! # From a CSV file
//!
//! The first line names the columns, in any order, letter case and separators (`Full_Name`,
//! `full name` and `fullname` are one), each in its usual spellings: `username` (`user`,
//! `login`), `password` (`pass`, `secret`), `full name` (`name`, `customer`, `customer name`),
//! `profile` (`plan`, `package`) are required; `phone` (`mobile`, `msisdn`, `phone number`,
//! `tel`), `email`, `service type` (`service`, `type`), `expiry` (`expires`, `expires_at`,
//! `expiry date`, `expiration`, `expiration date`, `valid until`) may be left out. A column
//! none of these name, or a second one for the same thing, is not used, and the report says so
//! ([`ImportReport::ignored_columns`]): a file whose expiry column went unread must not look
//! like a clean import. A file without a required column is refused whole. Per row: the profile must exist in tikbill (by name); the service type is `hotspot`
//! or `pppoe` (empty: hotspot); the expiry is empty (a **pending** customer), or
//! `YYYY-MM-DD` (that day's start) or `YYYY-MM-DD HH:MM` on the office's clock: **active** if
//! it is still ahead, **expired** if it has passed. Every field is checked by the same rules as
//! the customer form, and a refusal lists each field's message. [`ImportRefusal::row`] is the
//! file's line number, the header being line 1.

mod csv_file;
mod routeros;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use tikbill_api::{CustomerStatus, FieldError, ImportRefusal, ImportReport};

pub use csv_file::{from_csv, from_csv_form};
pub use routeros::{from_router, NO_PASSWORD};

use crate::audit::AuditEntry;
use crate::customer::CustomerDraft;
use crate::entity::{customer, profile};
use crate::profile::ProfileDraft;
use crate::provisioning::enqueue;
use crate::{Context, CoreError, CoreResult};

/// The profile an imported customer buys.
enum ProfileChoice {
    Existing(i64),
    /// A profile to create in the row's transaction (from the router's profile).
    Create(ProfileDraft),
}

/// One row, checked and ready to save.
struct NewCustomer {
    draft: CustomerDraft,
    profile: ProfileChoice,
    status: CustomerStatus,
    expires_at: Option<DateTime<Utc>>,
}

/// What saving a row did.
enum Saved {
    /// Imported, as this profile (`created`: the row's transaction made it).
    Imported {
        profile: Box<profile::Model>,
        created: bool,
    },
    /// A customer with this user name is already on the router.
    Skipped,
}

/// Saves one customer and its router job in a savepoint of the run's transaction `run`.
async fn save(
    run: &DatabaseTransaction,
    router_id: i64,
    new: NewCustomer,
    now: DateTime<Utc>,
) -> CoreResult<Saved> {
    let txn = run.begin().await?;
    if username_taken(&txn, router_id, &new.draft.username).await? {
        txn.rollback().await?;
        return Ok(Saved::Skipped);
    }
    let (profile, created) = match new.profile {
        ProfileChoice::Existing(id) => {
            let found = profile::Entity::find_by_id(id).one(&txn).await?;
            let found = found.ok_or_else(|| {
                CoreError::NotFound(format!(
                    "Profile #{id} does not exist (it may have been deleted)."
                ))
            })?;
            (found, false)
        }
        ProfileChoice::Create(draft) => {
            let same_name = profile::Entity::find()
                .filter(profile::Column::Name.eq(draft.name.as_str()))
                .one(&txn)
                .await?;
            match same_name {
                Some(found) => (found, false),
                None => {
                    let mut row = draft.into_active_model();
                    row.created_at = Set(now);
                    row.updated_at = Set(now);
                    (row.insert(&txn).await?, true)
                }
            }
        }
    };
    let draft = new.draft;
    let inserted = customer::ActiveModel {
        username: Set(draft.username.clone()),
        service_password: Set(draft.password.unwrap_or_default()),
        full_name: Set(draft.full_name),
        phone: Set(draft.phone),
        email: Set(draft.email),
        service_type: Set(draft.service_type.as_str().to_string()),
        router_id: Set(router_id),
        profile_id: Set(profile.id),
        status: Set(new.status.as_str().to_string()),
        expires_at: Set(new.expires_at),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let saved = match inserted {
        Ok(saved) => saved,
        // Another writer took the name since the check: that customer stays as it is.
        Err(e) if CoreError::is_unique_violation(&e) => {
            txn.rollback().await?;
            return Ok(Saved::Skipped);
        }
        Err(e) => return Err(e.into()),
    };
    // The router (or the file's source) may already have this account: it becomes theirs.
    enqueue::adopting_account(
        &txn,
        router_id,
        draft.service_type,
        &saved.username,
        saved.id,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Saved::Imported {
        profile: Box::new(profile),
        created,
    })
}

/// Records the run (`action`: `import.router`, `import.csv`) on router `router_id` with its
/// report's counts, in the run's transaction, if it imported anyone.
async fn record_run(
    ctx: &Context,
    run: &DatabaseTransaction,
    action: &str,
    router_id: i64,
    report: &ImportReport,
) -> CoreResult<()> {
    if report.imported == 0 {
        return Ok(());
    }
    let counts = serde_json::json!({
        "imported": report.imported,
        "skipped": report.skipped,
        "refused": report.refused.len(),
        "profiles_created": report.profiles_created,
        "ignored_columns": report.ignored_columns.len(),
    });
    crate::audit::record(
        run,
        AuditEntry::by(ctx, action, "router", Some(router_id)).after(&counts),
    )
    .await
}

async fn username_taken(
    db: &impl ConnectionTrait,
    router_id: i64,
    username: &str,
) -> CoreResult<bool> {
    let n = customer::Entity::find()
        .filter(customer::Column::RouterId.eq(router_id))
        .filter(customer::Column::Username.eq(username))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// The user names already on a router.
async fn usernames_on(
    db: &impl ConnectionTrait,
    router_id: i64,
) -> CoreResult<std::collections::BTreeSet<String>> {
    let names: Vec<String> = customer::Entity::find()
        .select_only()
        .column(customer::Column::Username)
        .filter(customer::Column::RouterId.eq(router_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(names.into_iter().collect())
}

/// An empty report.
fn report() -> ImportReport {
    ImportReport {
        imported: 0,
        skipped: 0,
        refused: Vec::new(),
        profiles_created: Vec::new(),
        ignored_columns: Vec::new(),
    }
}

fn refuse(report: &mut ImportReport, row: String, username: &str, reason: String) {
    report.refused.push(ImportRefusal {
        row,
        username: username.to_string(),
        reason,
    });
}

/// Counts a saved row.
fn count(report: &mut ImportReport, saved: &Saved) {
    match saved {
        Saved::Imported { profile, created } => {
            report.imported += 1;
            if *created {
                report.profiles_created.push(profile.name.clone());
            }
        }
        Saved::Skipped => report.skipped += 1,
    }
}

/// Field refusals as one reason: `phone: '…' is not a phone number…; …`, each field under the
/// name `column` gives it.
fn reason(fields: &[FieldError], column: impl Fn(&str) -> String) -> String {
    let each: Vec<String> = fields
        .iter()
        .map(|f| format!("{}: {}", column(&f.field), f.message))
        .collect();
    each.join("; ")
}
