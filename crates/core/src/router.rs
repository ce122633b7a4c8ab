//! Routers the office manages: their records, their passwords (in a [`SecretStore`], never the
//! database), connection tests and health checks.

pub mod clock;
pub mod connect;
mod draft;
pub mod exposure;
pub mod health;
mod history;
pub mod log;
pub mod pin;
pub mod probe;
pub mod trial;

use std::time::Duration;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tikbill_api::{RouterId, RouterInput, RouterStatus, RouterView};
use tikbill_routeros::{ConnectOptions, Secret, Transport};

use crate::audit::{self, AuditEntry};
use crate::entity::{customer, router};
use crate::secret_store::{router_key, SecretStore};
use crate::{unique_name, usage, Context, CoreError, CoreResult};
use tikbill_api::Permission;

const WHAT: &str = "router";

pub use connect::connect;
pub use draft::RouterDraft;
pub use pin::trust_certificate;
pub use trial::{try_router, ApiPorts};

/// Every router by name, with its customer count.
pub async fn list(ctx: &Context) -> CoreResult<Vec<RouterView>> {
    ctx.require(Permission::ViewRouters)?;
    let db = ctx.db();
    let counts = usage::customers_by(db, customer::Column::RouterId).await?;
    let rows = router::Entity::find()
        .order_by_asc(router::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = counts.get(&r.id).copied().unwrap_or(0);
            view(r, n)
        })
        .collect())
}

pub async fn get(ctx: &Context, id: RouterId) -> CoreResult<RouterView> {
    ctx.require(Permission::ViewRouters)?;
    let row = find(ctx.db(), id).await?;
    let n = customers_on(ctx.db(), id).await?;
    Ok(view(row, n))
}

/// The router called `name` (exactly), as the command line names routers.
pub async fn by_name(ctx: &Context, name: &str) -> CoreResult<RouterView> {
    ctx.require(Permission::ViewRouters)?;
    let row = find_by_name(ctx.db(), name).await?;
    let n = customers_on(ctx.db(), row.id).await?;
    Ok(view(row, n))
}

pub(crate) async fn find_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> CoreResult<router::Model> {
    router::Entity::find()
        .filter(router::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("There is no router named '{name}'.")))
}

pub async fn create(ctx: &Context, input: &RouterInput) -> CoreResult<RouterView> {
    ctx.require(Permission::EditRouters)?;
    let draft = RouterDraft::parse(input)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    ensure_name_free(&txn, &draft.name, None).await?;
    let now = ctx.now();
    let password_given = draft.password.is_some();
    let saved = router::ActiveModel {
        name: Set(draft.name.clone()),
        host: Set(draft.host),
        api_port: Set(i32::from(draft.port)),
        use_tls: Set(draft.use_tls),
        username: Set(draft.username),
        status: Set(RouterStatus::Unknown.as_str().into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| name_clash(e, &draft.name))?;
    // The password goes to the store before the row is committed: a failure saves neither.
    ctx.secrets()
        .set(
            &router_key(saved.id),
            &Secret::new(draft.password.unwrap_or_default()),
        )
        .map_err(CoreError::from)?;
    let after = view(saved, 0);
    let mut entry = AuditEntry::by(ctx, "router.create", WHAT, Some(after.id)).after(&after);
    if password_given {
        entry = entry.secret_set("password");
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn update(ctx: &Context, id: RouterId, input: &RouterInput) -> CoreResult<RouterView> {
    ctx.require(Permission::EditRouters)?;
    let draft = RouterDraft::parse(input)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let existing = find(&txn, id).await?;
    ensure_name_free(&txn, &draft.name, Some(id)).await?;
    let n = customers_on(&txn, id).await?;
    let before = view(existing.clone(), n);
    let moved = existing.host != draft.host
        || i32::from(draft.port) != existing.api_port
        || existing.use_tls != draft.use_tls;
    let mut row: router::ActiveModel = existing.into();
    row.name = Set(draft.name.clone());
    row.host = Set(draft.host);
    row.api_port = Set(i32::from(draft.port));
    row.use_tls = Set(draft.use_tls);
    row.username = Set(draft.username);
    if moved {
        // Another address may be another device: pin its certificate afresh, check it afresh.
        row.tls_fingerprint = Set(None);
        row.status = Set(RouterStatus::Unknown.as_str().into());
    }
    row.updated_at = Set(ctx.now());
    let saved = row
        .update(&txn)
        .await
        .map_err(|e| name_clash(e, &draft.name))?;
    let password_given = draft.password.is_some();
    if let Some(password) = draft.password {
        ctx.secrets()
            .set(&router_key(id), &Secret::new(password))
            .map_err(CoreError::from)?;
    }
    let after = view(saved, n);
    let mut entry = AuditEntry::by(ctx, "router.update", WHAT, Some(id))
        .before(&before)
        .after(&after);
    if password_given {
        entry = entry.secret_set("password");
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Sets where the router's hotspot login page is (`10.5.50.1`, `wifi.example.net`, with a port
/// if not 80), printed on vouchers as the auto-login QR code's address; blank removes it.
pub async fn set_hotspot_address(
    ctx: &Context,
    id: RouterId,
    address: &str,
) -> CoreResult<RouterView> {
    ctx.require(Permission::EditRouters)?;
    let address = address.trim();
    let ok = address.len() <= 255
        && address
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !ok {
        return Err(CoreError::invalid(
            "router",
            vec![tikbill_api::FieldError {
                field: "hotspot_address".into(),
                message: "Write the hotspot's address as a host name or IP address, such as \
                          10.5.50.1 or wifi.example.net (a port after ':')."
                    .into(),
            }],
        ));
    }
    let txn = crate::db::begin_write(ctx.db()).await?;
    let existing = find(&txn, id).await?;
    let n = customers_on(&txn, id).await?;
    let before = view(existing.clone(), n);
    let mut row: router::ActiveModel = existing.into();
    row.hotspot_address = Set((!address.is_empty()).then(|| address.to_string()));
    row.updated_at = Set(ctx.now());
    let after = view(row.update(&txn).await?, n);
    audit::record(
        &txn,
        AuditEntry::by(ctx, "router.update", WHAT, Some(id))
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Deletes a router that has no customers, and its stored password.
pub async fn delete(ctx: &Context, id: RouterId) -> CoreResult<()> {
    ctx.require(Permission::EditRouters)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let existing = find(&txn, id).await?;
    let n = customers_on(&txn, id).await?;
    if n > 0 {
        let who = usage::customers_phrase(n);
        return Err(CoreError::InUse(format!(
            "'{}' has {who}. Move or delete them before removing the router.",
            existing.name
        )));
    }
    router::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "router.delete", WHAT, Some(id)).before(&view(existing, 0)),
    )
    .await?;
    txn.commit().await?;
    ctx.secrets()
        .delete(&router_key(id))
        .map_err(CoreError::from)?;
    Ok(())
}

/// How to reach a router: its address, its password from the store, the pinned certificate (a
/// stored pin that cannot be read is an error). Connect with [`connect()`], which also pins the
/// certificate seen first.
pub fn connect_options(
    row: &router::Model,
    secrets: &dyn SecretStore,
    timeout: Duration,
) -> CoreResult<ConnectOptions> {
    let password = secrets
        .get(&router_key(row.id))
        .map_err(CoreError::from)?
        .ok_or_else(|| {
            CoreError::Secrets(format!(
                "No password is stored for router '{}'. Edit the router and enter it.",
                row.name
            ))
        })?;
    let pin = if row.use_tls {
        pin::stored_pin(row)?
    } else {
        None
    };
    let port = u16::try_from(row.api_port).unwrap_or(8728);
    let mut options = ConnectOptions::plain(row.host.clone(), row.username.clone(), password)
        .with_port(port)
        .with_connect_timeout(timeout)
        .with_login_timeout(timeout)
        .with_command_timeout(timeout);
    if row.use_tls {
        options.transport = Transport::Tls { pin };
    }
    Ok(options)
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: RouterId) -> CoreResult<router::Model> {
    router::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| {
            CoreError::NotFound(format!(
                "Router #{id} does not exist (it may have been deleted)."
            ))
        })
}

async fn customers_on(db: &impl ConnectionTrait, id: RouterId) -> CoreResult<i64> {
    usage::customers_with(db, customer::Column::RouterId, id).await
}

async fn ensure_name_free(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<RouterId>,
) -> CoreResult<()> {
    unique_name::ensure_free::<router::Entity>(
        db,
        router::Column::Name,
        router::Column::Id,
        name,
        except,
        WHAT,
    )
    .await
}

fn name_clash(err: sea_orm::DbErr, name: &str) -> CoreError {
    unique_name::clash(err, WHAT, name)
}

fn view(r: router::Model, customer_count: i64) -> RouterView {
    RouterView {
        warning: exposure::plain_api_warning(&r.host, r.use_tls),
        id: r.id,
        name: r.name,
        host: r.host,
        port: u16::try_from(r.api_port).unwrap_or(0),
        use_tls: r.use_tls,
        username: r.username,
        tls_fingerprint: r.tls_fingerprint,
        status: RouterStatus::parse(&r.status),
        last_seen_at: r.last_seen_at.map(|t| t.to_rfc3339()),
        last_checked_at: r.last_checked_at.map(|t| t.to_rfc3339()),
        latency_ms: r.latency_ms.and_then(|v| u32::try_from(v).ok()),
        identity: r.identity,
        routeros_version: r.routeros_version,
        uptime_secs: r.uptime_secs.and_then(|v| u64::try_from(v).ok()),
        cpu_load: r.cpu_load.and_then(|v| u32::try_from(v).ok()),
        free_memory: r.free_memory.and_then(|v| u64::try_from(v).ok()),
        total_memory: r.total_memory.and_then(|v| u64::try_from(v).ok()),
        last_error: r.last_error,
        customer_count: u64::try_from(customer_count).unwrap_or(0),
        hotspot_address: r.hotspot_address,
    }
}
