//! Finding customers: search, filters and pages, and how a customer is shown.
//!
//! Built to stay fast at 100,000 customers. The page is chosen on the customers table alone and
//! by id only (filters, `ORDER BY username, id`, `LIMIT`/`OFFSET`): sorting narrow rows keeps
//! deep pages cheap. Then the page's rows, and the names of their routers and profiles, are read
//! by primary key. The filters' indexes hold the user name too, so a filtered page is chosen
//! from one index without reading the table: `idx_customers_status_expiry_username` for status
//! and "expiring within" (SQLite sorts the matching entries; PostgreSQL, with statistics, walks
//! `idx_customers_username` and tests each row), `uq_customers_router_username` for a router and
//! `idx_customers_profile_username` for a profile (both already in user-name order).
//!
//! A text search is a substring match (`LIKE '%…%'`) on user name, full name and phone, which no
//! B-tree index serves; trigram indexes find the candidates instead (migration
//! `m20261124_000010_customer_search`), and only the candidates are read and sorted:
//! - PostgreSQL compares one generated column, `search_text` (the three lower-cased, joined by a
//!   control character), and a `pg_trgm` GIN index on it finds the rows that may match, which
//!   PostgreSQL then checks.
//! - SQLite: the FTS5 table `customers_search` (trigram tokenizer, kept in step with `customers`
//!   by triggers) gives the ids of the rows holding the text in any letter case of any script,
//!   and the `LIKE`s then keep exactly the rows they match, so the index changes the speed,
//!   never the result.
//!
//! A trigram is three characters. A search of one or two characters (on PostgreSQL, also one
//! without three letters or digits in a row, as `pg_trgm` indexes words) reads every row for
//! the count. When many rows match, the page comes quickly from walking `idx_customers_username`;
//! when few do, SQLite reads the table in order and sorts the matches instead (`SCAN_FRACTION`),
//! as PostgreSQL decides by itself; when none do, no page is read. At 100,000 customers that is
//! about 20 ms on SQLite and on PostgreSQL, which reads `search_text` already lower-cased
//! (BENCHMARKS.md).
//!
//! Letter case: PostgreSQL lower-cases both sides (any script); SQLite's `LIKE` ignores the case
//! of ASCII letters only, so there `é` does not find `É`. `%`, `_` and `\` in the search are
//! plain characters on both.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use tikbill_api::{CustomerFilter, CustomerPage, CustomerStatus, CustomerView, ServiceType};

use crate::entity::{customer, profile, router};
use crate::{Context, CoreResult};
use tikbill_api::Permission;

/// The customers matching `filter`, one page of them by user name, and how many match in all.
/// The clock's now is the start of the "expiring within" window.
pub async fn list(ctx: &Context, filter: &CustomerFilter) -> CoreResult<CustomerPage> {
    ctx.require(Permission::ViewCustomers)?;
    list_at(ctx.db(), filter, ctx.now()).await
}

/// [`list`] on any connection, with the "expiring within" window starting at `now`.
pub(crate) async fn list_at(
    db: &impl ConnectionTrait,
    filter: &CustomerFilter,
    now: DateTime<Utc>,
) -> CoreResult<CustomerPage> {
    let page = filter.page.max(1);
    let page_size = match filter.page_size {
        0 => CustomerFilter::DEFAULT_PAGE_SIZE,
        n => n.min(CustomerFilter::MAX_PAGE_SIZE),
    };
    let backend = db.get_database_backend();
    let matching = filtered(filter, now, backend);
    let total = matching.clone().count(db).await?;
    let offset = u64::from(page - 1) * u64::from(page_size);
    if offset >= total {
        return Ok(CustomerPage {
            items: Vec::new(),
            total,
            page,
            page_size,
        });
    }
    let by_username = if backend == DbBackend::Sqlite
        && scans(&filter.search)
        && total < SCAN_FRACTION * (offset + u64::from(page_size))
    {
        // Few rows match a search the trigram index cannot serve: walking
        // `idx_customers_username` would read nearly every row out of order to fill the page,
        // so SQLite reads the table in order and sorts what matches. A unary `+` keeps it from
        // taking the index for the order; the value and its collation stay the column's.
        Expr::cust(r#"+"customers"."username""#)
    } else {
        Expr::col((customer::Entity, customer::Column::Username))
    };
    let ids: Vec<i64> = matching
        .select_only()
        .column(customer::Column::Id)
        .order_by_asc(by_username)
        .order_by_asc(customer::Column::Id)
        .limit(u64::from(page_size))
        .offset(offset)
        .into_tuple()
        .all(db)
        .await?;
    let mut rows = customer::Entity::find()
        .filter(customer::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let place: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|row| place.get(&row.id).copied());
    Ok(CustomerPage {
        items: views(db, rows).await?,
        total,
        page,
        page_size,
    })
}

/// The query for every customer `filter` matches.
fn filtered(
    filter: &CustomerFilter,
    now: DateTime<Utc>,
    backend: DbBackend,
) -> Select<customer::Entity> {
    // Here only: its `min`/`max` would shadow the integers' elsewhere.
    use sea_orm::sea_query::ExprTrait as _;
    let mut query = customer::Entity::find();
    let search = filter.search.trim();
    if !search.is_empty() {
        match backend {
            // SQLite's LIKE ignores ASCII letter case by itself (and its LOWER knows nothing
            // more), so the columns are compared as stored: no function per row.
            DbBackend::Sqlite => {
                let matches = |column: customer::Column| {
                    Expr::col((customer::Entity, column)).like(like(search))
                };
                query = query.filter(
                    Condition::any()
                        .add(matches(customer::Column::Username))
                        .add(matches(customer::Column::FullName))
                        .add(matches(customer::Column::Phone)),
                );
                // The trigram index finds the candidates (a superset: it folds the case of
                // every script); the `LIKE`s above keep exactly the ones SQLite's rule matches.
                if !scans(search) {
                    query = query.filter(Expr::cust_with_values(
                        r#""customers"."id" IN (SELECT rowid FROM customers_search WHERE customers_search MATCH ?)"#,
                        [fts_phrase(search)],
                    ));
                }
            }
            // The three columns, lower-cased once when written (case-blind in any script).
            _ => {
                query = query.filter(
                    Expr::cust(r#""customers"."search_text""#)
                        .like(like(&postgres_search_text(search))),
                );
            }
        }
    }
    if let Some(status) = filter.status {
        query = query.filter(customer::Column::Status.eq(status.as_str()));
    }
    if let Some(id) = filter.router_id {
        query = query.filter(customer::Column::RouterId.eq(id));
    }
    if let Some(id) = filter.profile_id {
        query = query.filter(customer::Column::ProfileId.eq(id));
    }
    if let Some(days) = filter.expiring_within_days {
        query = query
            .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
            .filter(customer::Column::ExpiresAt.gt(now));
        // A window past the last representable instant has no upper end.
        if let Some(until) =
            TimeDelta::try_days(i64::from(days)).and_then(|d| now.checked_add_signed(d))
        {
            query = query.filter(customer::Column::ExpiresAt.lte(until));
        }
    }
    query
}

/// The search as PostgreSQL's `customers.search_text` holds text: lower-cased, and without the
/// control characters, one of which separates the columns there (so a search never spans two).
fn postgres_search_text(search: &str) -> String {
    search
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_lowercase()
}

/// The shortest text the trigram indexes serve; a shorter search reads every row.
const TRIGRAM: usize = 3;

/// Whether `search` is text too short for the trigram indexes, so every row is read.
fn scans(search: &str) -> bool {
    let search = search.trim();
    !search.is_empty() && search.chars().count() < TRIGRAM
}

/// With a search too short for the trigram indexes, SQLite walks `idx_customers_username` only
/// while the page lies within the first 1/`SCAN_FRACTION` of the matching rows: reading a row
/// out of order costs it several times a row of a scan in order (measured at 100,000 rows).
const SCAN_FRACTION: u64 = 5;

/// The text as one FTS5 phrase, taken literally: inside double quotes only a double quote is
/// special, and it is written twice. With the trigram tokenizer a phrase matches where the text
/// occurs as a substring of one column, ignoring letter case.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `%text%`, where the text is taken literally.
fn like(text: &str) -> LikeExpr {
    LikeExpr::new(format!("%{}%", escape_like(text))).escape('\\')
}

/// The search text taken literally: `%` and `_` are not wildcards to the person typing.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One stored customer as the UI sees it.
pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    row: customer::Model,
) -> CoreResult<CustomerView> {
    let router_name =
        name_of::<router::Entity>(db, router::Column::Id, router::Column::Name, row.router_id)
            .await?;
    let profile_name = name_of::<profile::Entity>(
        db,
        profile::Column::Id,
        profile::Column::Name,
        row.profile_id,
    )
    .await?;
    Ok(view(row, router_name, profile_name))
}

/// Stored customers as the UI sees them, with their router and profile names (two queries,
/// whatever the number of rows).
pub(crate) async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<customer::Model>,
) -> CoreResult<Vec<CustomerView>> {
    let routers = names_of::<router::Entity>(
        db,
        router::Column::Id,
        router::Column::Name,
        rows.iter().map(|r| r.router_id).collect(),
    )
    .await?;
    let profiles = names_of::<profile::Entity>(
        db,
        profile::Column::Id,
        profile::Column::Name,
        rows.iter().map(|r| r.profile_id).collect(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let router_name = routers.get(&row.router_id).cloned().unwrap_or_default();
            let profile_name = profiles.get(&row.profile_id).cloned().unwrap_or_default();
            view(row, router_name, profile_name)
        })
        .collect())
}

async fn name_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id_column: E::Column,
    name_column: E::Column,
    id: i64,
) -> CoreResult<String> {
    let names = names_of::<E>(db, id_column, name_column, BTreeSet::from([id])).await?;
    Ok(names.get(&id).cloned().unwrap_or_default())
}

/// `id → name` for the given ids of `E` (routers or profiles).
async fn names_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id_column: E::Column,
    name_column: E::Column,
    ids: BTreeSet<i64>,
) -> CoreResult<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find()
        .select_only()
        .column(id_column)
        .column(name_column)
        .filter(id_column.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// A stored customer with the names of their router and profile.
pub(crate) fn view(
    row: customer::Model,
    router_name: String,
    profile_name: String,
) -> CustomerView {
    CustomerView {
        id: row.id,
        username: row.username,
        full_name: row.full_name,
        phone: row.phone,
        email: row.email,
        // Only values written by this module are stored; the fallbacks are never taken.
        service_type: ServiceType::parse(&row.service_type).unwrap_or(ServiceType::Hotspot),
        router_id: row.router_id,
        router_name,
        profile_id: row.profile_id,
        profile_name,
        status: CustomerStatus::parse(&row.status).unwrap_or(CustomerStatus::Pending),
        expires_at: row.expires_at.map(|t| t.to_rfc3339()),
        created_at: row.created_at.to_rfc3339(),
    }
}

#[cfg(test)]
mod tests {
    use super::{escape_like, fts_phrase};

    #[test]
    fn a_phrase_is_the_text_in_double_quotes() {
        for (typed, phrase) in [
            ("santo", "\"santo\""),
            ("812 0042", "\"812 0042\""),
            ("Ayu \"Cici\"", "\"Ayu \"\"Cici\"\"\""),
            ("50% OR a*", "\"50% OR a*\""),
        ] {
            assert_eq!(fts_phrase(typed), phrase, "{typed:?} is one literal phrase");
        }
    }

    #[test]
    fn search_text_is_literal() {
        for (typed, pattern) in [
            ("ayu", "ayu"),
            ("50%", "50\\%"),
            ("a_b", "a\\_b"),
            ("c:\\x", "c:\\\\x"),
        ] {
            assert_eq!(escape_like(typed), pattern, "{typed:?} matches only itself");
        }
    }
}
