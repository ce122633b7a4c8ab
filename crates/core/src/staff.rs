//! Staff accounts: the owner made at the first start, the people the owner adds (each with a
//! [`StaffRole`]), and signing in (`sign_in.rs`). Passwords are kept only as Argon2id hashes
//! (`password.rs`); wrong passwords slow an account down (`lockout.rs`). Accounts are disabled,
//! never deleted, and there is always an enabled owner.
//!
//! Every change, and every sign-in, signed-in or refused, is recorded in the audit log in the
//! transaction that makes it (`staff.*`, see [`crate::audit`]), with the account's
//! [`StaffView`], which has no password or hash.

mod draft;
pub mod lockout;
pub mod password;
mod sign_in;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use tikbill_api::{OwnerInput, StaffId, StaffInput, StaffRole, StaffView};

use crate::audit::{self, AuditEntry};
use crate::entity::{setting, staff_user};
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

pub use draft::{NAME_MAX, USERNAME_MAX};
pub use sign_in::{change_own_password, sign_in};

const WHAT: &str = "staff account";
/// The audit log's name for a staff account.
const ENTITY: &str = "staff";
/// Set in `settings` when the owner account is made: the database's own guard that two first
/// starts at once (two offices on one PostgreSQL) cannot both make an owner.
const OWNER_CREATED: &str = "staff.owner_created_at";

/// Whether any staff account exists: the app asks "Create the owner account" until one does.
pub async fn any_exists(ctx: &Context) -> CoreResult<bool> {
    Ok(staff_user::Entity::find().count(ctx.db()).await? > 0)
}

/// The first account, an owner; refused once any staff account exists.
pub async fn create_owner(ctx: &Context, input: &OwnerInput) -> CoreResult<StaffView> {
    let draft = draft::StaffDraft::parse(&input.username, &input.name, &input.password)?;
    if any_exists(ctx).await? {
        return Err(owner_exists());
    }
    let hash = password::hash(&input.password, ctx.random())?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    if staff_user::Entity::find().count(&txn).await? > 0 {
        return Err(owner_exists());
    }
    let now = ctx.now();
    setting::ActiveModel {
        key: Set(OWNER_CREATED.into()),
        value: Set(now.to_rfc3339()),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if CoreError::is_unique_violation(&e) {
            owner_exists()
        } else {
            e.into()
        }
    })?;
    let saved = insert(&txn, draft, StaffRole::Owner, hash, now).await?;
    let after = view(saved);
    record(ctx, &txn, "staff.create_owner", None, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// A new account with any role; its first password is the one in `input`.
pub async fn add(ctx: &Context, input: &StaffInput) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    let draft = draft::StaffDraft::parse(&input.username, &input.name, &input.password)?;
    if find_by_username(ctx.db(), &draft.username).await?.is_some() {
        return Err(username_taken(&draft.username));
    }
    let hash = password::hash(&input.password, ctx.random())?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let saved = insert(&txn, draft, input.role, hash, ctx.now()).await?;
    let after = view(saved);
    record(ctx, &txn, "staff.add", None, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// The actor for a session of account `id`, read afresh for each call so that a role changed
/// or an account disabled since sign-in counts at once: `None` when the account is disabled
/// or gone (the session is over).
pub async fn acting(ctx: &Context, id: StaffId) -> CoreResult<Option<crate::Actor>> {
    Ok(staff_user::Entity::find_by_id(id)
        .one(ctx.db())
        .await?
        .filter(|row| row.active)
        .map(|row| {
            let role = StaffRole::parse(&row.role).unwrap_or(StaffRole::Viewer);
            let actor = crate::Actor::staff(row.id, row.username, role);
            if row.must_change_password {
                actor.with_temporary_password()
            } else {
                actor
            }
        }))
}

/// Records that the person acting signed out (or the app locked, or they switched user).
pub async fn record_sign_out(ctx: &Context) -> CoreResult<()> {
    let Some(id) = ctx.actor().staff_id() else {
        return Ok(());
    };
    let txn = crate::db::begin_write(ctx.db()).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "staff.sign_out", ENTITY, Some(id)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The account of the person acting, as the session shows it (their own: no permission
/// needed); `None` when no person acts.
pub async fn own_view(ctx: &Context) -> CoreResult<Option<StaffView>> {
    match ctx.actor().staff_id() {
        Some(id) => Ok(Some(view(find(ctx.db(), id).await?))),
        None => Ok(None),
    }
}

/// Every account by user name, for the audit page's "person" filter: who may read the log may
/// see whose actions it holds (names and roles only).
pub async fn people(ctx: &Context) -> CoreResult<Vec<StaffView>> {
    ctx.require(tikbill_api::Permission::ViewAudit)?;
    let rows = staff_user::Entity::find()
        .order_by_asc(staff_user::Column::Username)
        .all(ctx.db())
        .await?;
    Ok(rows.into_iter().map(view).collect())
}

/// Every account, disabled ones too, by user name.
pub async fn list(ctx: &Context) -> CoreResult<Vec<StaffView>> {
    ctx.require(Permission::ManageStaff)?;
    let rows = staff_user::Entity::find()
        .order_by_asc(staff_user::Column::Username)
        .all(ctx.db())
        .await?;
    Ok(rows.into_iter().map(view).collect())
}

pub async fn get(ctx: &Context, id: StaffId) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    Ok(view(find(ctx.db(), id).await?))
}

/// The account that signs in as `username` (compared as stored: trimmed, lowercase).
pub async fn by_username(ctx: &Context, username: &str) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    let wanted = username.trim().to_lowercase();
    find_by_username(ctx.db(), &wanted)
        .await?
        .map(view)
        .ok_or_else(|| CoreError::NotFound(format!("There is no staff account '{wanted}'.")))
}

/// Gives the account another role; the last enabled owner stays an owner.
pub async fn set_role(ctx: &Context, id: StaffId, role: StaffRole) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    if role != StaffRole::Owner {
        keep_an_owner(&txn, &row, "stop being an owner").await?;
    }
    let before = view(row.clone());
    let mut change: staff_user::ActiveModel = row.into();
    change.role = Set(role.as_str().into());
    change.updated_at = Set(ctx.now());
    let after = view(change.update(&txn).await?);
    record(ctx, &txn, "staff.set_role", Some(&before), &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Disables the account: it can no longer sign in, and stays in the list (and in the records
/// that name it). The last enabled owner cannot be disabled.
pub async fn disable(ctx: &Context, id: StaffId) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    set_active(ctx, id, false).await
}

/// Lets a disabled account sign in again.
pub async fn enable(ctx: &Context, id: StaffId) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    set_active(ctx, id, true).await
}

async fn set_active(ctx: &Context, id: StaffId, active: bool) -> CoreResult<StaffView> {
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    if !active {
        keep_an_owner(&txn, &row, "be disabled").await?;
    }
    let before = view(row.clone());
    let mut change: staff_user::ActiveModel = row.into();
    change.active = Set(active);
    change.updated_at = Set(ctx.now());
    let after = view(change.update(&txn).await?);
    let action = if active {
        "staff.enable"
    } else {
        "staff.disable"
    };
    record(ctx, &txn, action, Some(&before), &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Sets a temporary password for someone who forgot theirs (and lifts a wait for wrong
/// passwords); they sign in with it once and must then choose their own.
pub async fn reset_password(
    ctx: &Context,
    id: StaffId,
    temporary_password: &str,
) -> CoreResult<StaffView> {
    ctx.require(Permission::ManageStaff)?;
    password::check_rule(temporary_password, "password")
        .map_err(|refusal| CoreError::invalid("password", vec![refusal]))?;
    find(ctx.db(), id).await?;
    let hash = password::hash(temporary_password, ctx.random())?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    let before = view(row.clone());
    let mut change: staff_user::ActiveModel = row.into();
    change.password_hash = Set(hash);
    change.must_change_password = Set(true);
    change.failed_attempts = Set(0);
    change.locked_until = Set(None);
    change.updated_at = Set(ctx.now());
    let after = view(change.update(&txn).await?);
    record(ctx, &txn, "staff.reset_password", Some(&before), &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Records `action` on the account `after` shows (`before`: as it was, for a change), in the
/// change's transaction.
async fn record(
    ctx: &Context,
    txn: &impl ConnectionTrait,
    action: &str,
    before: Option<&StaffView>,
    after: &StaffView,
) -> CoreResult<()> {
    let mut entry = AuditEntry::by(ctx, action, ENTITY, Some(after.id)).after(after);
    if let Some(before) = before {
        entry = entry.before(before);
    }
    audit::record(txn, entry).await
}

/// Refuses to take away the last enabled owner (by a role change or by disabling): someone must
/// always be able to manage staff.
async fn keep_an_owner(
    db: &impl ConnectionTrait,
    row: &staff_user::Model,
    change: &str,
) -> CoreResult<()> {
    if row.role != StaffRole::Owner.as_str() || !row.active {
        return Ok(());
    }
    let owners = staff_user::Entity::find()
        .filter(staff_user::Column::Role.eq(StaffRole::Owner.as_str()))
        .filter(staff_user::Column::Active.eq(true))
        .count(db)
        .await?;
    if owners <= 1 {
        return Err(CoreError::Conflict(format!(
            "'{}' is the only owner, so the account cannot {change}: make someone else an \
             owner first.",
            row.username
        )));
    }
    Ok(())
}

async fn insert(
    db: &impl ConnectionTrait,
    draft: draft::StaffDraft,
    role: StaffRole,
    password_hash: String,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<staff_user::Model> {
    let username = draft.username.clone();
    staff_user::ActiveModel {
        username: Set(draft.username),
        full_name: Set(draft.name),
        role: Set(role.as_str().into()),
        password_hash: Set(password_hash),
        active: Set(true),
        last_login_at: Set(None),
        must_change_password: Set(false),
        failed_attempts: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if CoreError::is_unique_violation(&e) {
            username_taken(&username)
        } else {
            e.into()
        }
    })
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: StaffId) -> CoreResult<staff_user::Model> {
    staff_user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

/// The account, locked until the transaction ends (PostgreSQL locks the row; on SQLite the
/// write transaction holds the database's write lock).
pub(crate) async fn find_for_update(
    db: &impl ConnectionTrait,
    id: StaffId,
) -> CoreResult<staff_user::Model> {
    staff_user::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

pub(crate) async fn find_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> CoreResult<Option<staff_user::Model>> {
    Ok(staff_user::Entity::find()
        .filter(staff_user::Column::Username.eq(username))
        .one(db)
        .await?)
}

fn not_found(id: StaffId) -> CoreError {
    CoreError::NotFound(format!("Staff account #{id} does not exist."))
}

fn owner_exists() -> CoreError {
    CoreError::Conflict(
        "The owner account exists already: sign in, and add other accounts from there.".into(),
    )
}

fn username_taken(username: &str) -> CoreError {
    CoreError::Conflict(format!("There is already a staff account '{username}'."))
}

/// The account as the UI sees it: never the hash. A role this version does not know (a newer
/// tikbill wrote it into a shared database) reads as the least one, `viewer`.
pub(crate) fn view(row: staff_user::Model) -> StaffView {
    StaffView {
        id: row.id,
        name: row.full_name,
        username: row.username,
        role: StaffRole::parse(&row.role).unwrap_or(StaffRole::Viewer),
        disabled: !row.active,
        must_change_password: row.must_change_password,
        created_at: row.created_at.to_rfc3339(),
    }
}
