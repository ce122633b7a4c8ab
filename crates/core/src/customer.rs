//! Customers: who buys a profile, and on which router they log in (a hotspot user or a PPPoE
//! secret). A user name is unique on its router. A customer's status moves through
//! [`transition`]'s rules (activate, extend, disable, enable, expire) and every expiry comes from
//! [`crate::expiry`].
//!
//! Every change is written in one transaction that the function opens and commits itself. The
//! router follows the database: each mutating function enqueues its router job
//! ([`crate::provisioning::enqueue`]) in that same transaction, and then its audit entry
//! ([`crate::audit`]), just before its single `commit`, so a change, its job and its entry are
//! saved together or not at all. Listing and reading never touch a router.

mod bulk;
mod draft;
mod lifecycle;
mod listing;
mod lookup;
mod on_router;
mod sessions;
mod transition;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};
use tikbill_api::{
    CustomerId, CustomerInput, CustomerStatus, CustomerView, FieldError, ServiceType,
};

use crate::audit::{self, AuditEntry};
use crate::entity::{customer, profile, router};
use crate::provisioning::enqueue;
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

pub use bulk::activate_many;
pub use draft::{CustomerDraft, Purpose};
pub use lifecycle::{activate, disable, enable, expire_due, extend, period_of};
pub(crate) use lifecycle::{add_periods, take_back};
pub use listing::list;
pub use lookup::by_username;
pub use on_router::{kick, on_router};
pub use sessions::record_sessions;

const WHAT: &str = "customer";

/// One customer.
pub async fn get(ctx: &Context, id: CustomerId) -> CoreResult<CustomerView> {
    ctx.require(Permission::ViewCustomers)?;
    let row = find(ctx.db(), id).await?;
    listing::view_of(ctx.db(), row).await
}

/// Saves a new customer, pending until activated.
pub async fn create(ctx: &Context, input: &CustomerInput) -> CoreResult<CustomerView> {
    ctx.require(Permission::CreateCustomers)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let (draft, router, profile) = checked(&txn, input, Purpose::Create).await?;
    ensure_username_free(&txn, &router, &draft.username, None).await?;
    let now = ctx.now();
    let password_given = draft.password.is_some();
    let saved = customer::ActiveModel {
        username: Set(draft.username.clone()),
        service_password: Set(draft.password.unwrap_or_default()),
        full_name: Set(draft.full_name),
        phone: Set(draft.phone),
        email: Set(draft.email),
        service_type: Set(draft.service_type.as_str().to_string()),
        router_id: Set(router.id),
        profile_id: Set(profile.id),
        status: Set(CustomerStatus::Pending.as_str().to_string()),
        expires_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| username_clash(e, &draft.username, &router))?;
    enqueue::account(
        &txn,
        router.id,
        draft.service_type,
        &saved.username,
        Some(saved.id),
        now,
    )
    .await?;
    let after = listing::view(saved, router.name, profile.name);
    let mut entry = AuditEntry::by(ctx, "customer.create", WHAT, Some(after.id)).after(&after);
    if password_given {
        entry = entry.secret_set("password");
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Changes a customer's details; the status and expiry stay as they are.
pub async fn update(
    ctx: &Context,
    id: CustomerId,
    input: &CustomerInput,
) -> CoreResult<CustomerView> {
    ctx.require(Permission::EditCustomers)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let existing = find_for_update(&txn, id).await?;
    let before_view = listing::view_of(&txn, existing.clone()).await?;
    let before = (
        existing.router_id,
        ServiceType::parse(&existing.service_type).unwrap_or(ServiceType::Hotspot),
        existing.username.clone(),
    );
    let (draft, router, profile) = checked(&txn, input, Purpose::Edit).await?;
    ensure_username_free(&txn, &router, &draft.username, Some(id)).await?;
    if existing.router_id != router.id {
        // Its payments' days add up to other routers now.
        crate::report::rollup::stale_payments_of(
            &txn,
            crate::entity::payment::Column::CustomerId,
            id,
        )
        .await?;
    }
    let mut row: customer::ActiveModel = existing.into();
    row.username = Set(draft.username.clone());
    let password_given = draft.password.is_some();
    if let Some(password) = draft.password {
        row.service_password = Set(password);
    }
    row.full_name = Set(draft.full_name);
    row.phone = Set(draft.phone);
    row.email = Set(draft.email);
    row.service_type = Set(draft.service_type.as_str().to_string());
    row.router_id = Set(router.id);
    row.profile_id = Set(profile.id);
    let now = ctx.now();
    row.updated_at = Set(now);
    let saved = row
        .update(&txn)
        .await
        .map_err(|e| username_clash(e, &draft.username, &router))?;
    let after = (router.id, draft.service_type, saved.username.clone());
    if before != after {
        enqueue::account(&txn, before.0, before.1, &before.2, Some(id), now).await?;
    }
    enqueue::account(&txn, after.0, after.1, &after.2, Some(id), now).await?;
    let after_view = listing::view(saved, router.name, profile.name);
    let mut entry = AuditEntry::by(ctx, "customer.update", WHAT, Some(id))
        .before(&before_view)
        .after(&after_view);
    if password_given {
        entry = entry.secret_set("password");
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(after_view)
}

/// Deletes a customer, and (through the job queue) their account on the router. Their sessions
/// go with them; their payments and vouchers stay, no longer linked to anyone.
pub async fn delete(ctx: &Context, id: CustomerId) -> CoreResult<()> {
    ctx.require(Permission::DeleteCustomers)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    let before = listing::view_of(&txn, row.clone()).await?;
    // Its payments stay, paid by nobody: their days are added up again.
    crate::report::rollup::stale_payments_of(&txn, crate::entity::payment::Column::CustomerId, id)
        .await?;
    customer::Entity::delete_by_id(id).exec(&txn).await?;
    let service = ServiceType::parse(&row.service_type).unwrap_or(ServiceType::Hotspot);
    enqueue::account(
        &txn,
        row.router_id,
        service,
        &row.username,
        Some(id),
        ctx.now(),
    )
    .await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "customer.delete", WHAT, Some(id)).before(&before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: CustomerId) -> CoreResult<customer::Model> {
    customer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

/// The customer, locked until the transaction ends, so two changes at once cannot both start
/// from the same expiry. (PostgreSQL locks the row; SQLite has no row locks, but refuses to
/// commit a write whose read another writer has made stale.)
pub(crate) async fn find_for_update(
    db: &impl ConnectionTrait,
    id: CustomerId,
) -> CoreResult<customer::Model> {
    customer::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: CustomerId) -> CoreError {
    CoreError::NotFound(format!(
        "Customer #{id} does not exist (it may have been deleted)."
    ))
}

/// The parsed form and the router and profile it names. Refusals of the form and of missing
/// references come back together, in form order.
async fn checked(
    db: &impl ConnectionTrait,
    input: &CustomerInput,
    purpose: Purpose,
) -> CoreResult<(CustomerDraft, router::Model, profile::Model)> {
    let parsed = CustomerDraft::parse(input, purpose);
    let mut fields = parsed.as_ref().err().cloned().unwrap_or_default();
    let router = match input.router_id {
        Some(id) => router::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    if let (Some(id), None) = (input.router_id, &router) {
        fields.push(FieldError {
            field: "router_id".into(),
            message: format!(
                "Router #{id} does not exist (it may have been deleted). Choose another."
            ),
        });
    }
    let profile = match input.profile_id {
        Some(id) => profile::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    if let (Some(id), None) = (input.profile_id, &profile) {
        fields.push(FieldError {
            field: "profile_id".into(),
            message: format!(
                "Profile #{id} does not exist (it may have been deleted). Choose another."
            ),
        });
    }
    match (parsed, router, profile) {
        (Ok(draft), Some(router), Some(profile)) if fields.is_empty() => {
            Ok((draft, router, profile))
        }
        _ => {
            draft::in_form_order(&mut fields);
            Err(CoreError::invalid(WHAT, fields))
        }
    }
}

/// Refuses `username` if another customer (other than `except`) has it on `router`.
async fn ensure_username_free(
    db: &impl ConnectionTrait,
    router: &router::Model,
    username: &str,
    except: Option<CustomerId>,
) -> CoreResult<()> {
    let mut query = customer::Entity::find()
        .filter(customer::Column::RouterId.eq(router.id))
        .filter(customer::Column::Username.eq(username));
    if let Some(id) = except {
        query = query.filter(customer::Column::Id.ne(id));
    }
    if query.count(db).await? > 0 {
        return Err(username_taken(username, router));
    }
    // A prepaid card's code is a hotspot user too: a customer never takes a card's account.
    let card = crate::entity::voucher::Entity::find()
        .filter(crate::entity::voucher::Column::Code.eq(username))
        .count(db)
        .await?;
    if card > 0 {
        return Err(CoreError::Conflict(format!(
            "The user name '{username}' is a prepaid card's code. Choose another user name."
        )));
    }
    Ok(())
}

fn username_taken(username: &str, router: &router::Model) -> CoreError {
    CoreError::Conflict(format!(
        "The user name '{username}' is already taken on router '{}'. Choose another user name.",
        router.name
    ))
}

/// A write that lost a race on the unique index is the same conflict.
fn username_clash(err: sea_orm::DbErr, username: &str, router: &router::Model) -> CoreError {
    if CoreError::is_unique_violation(&err) {
        username_taken(username, router)
    } else {
        err.into()
    }
}
