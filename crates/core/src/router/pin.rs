//! The api-ssl certificate tikbill trusts for each router: read strictly, pinned on the first
//! connection of any kind (trust on first use), and replaced only when a person accepts a new
//! one ([`trust_certificate`]).

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use tikbill_api::{FieldError, RouterId, RouterView};
use tikbill_routeros::Fingerprint;

use crate::audit::AuditEntry;
use crate::entity::router;
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

/// The pin stored for `row`: `None` when none was taken yet. A stored value that is not a
/// fingerprint is an error, never "no pin": treating it as none would accept any certificate.
pub fn stored_pin(row: &router::Model) -> CoreResult<Option<Fingerprint>> {
    match row.tls_fingerprint.as_deref() {
        None => Ok(None),
        Some(text) => text
            .parse::<Fingerprint>()
            .map(Some)
            .map_err(|_| CoreError::UnreadablePin {
                router_id: row.id,
                router_name: row.name.clone(),
                stored: text.to_string(),
            }),
    }
}

/// Saves `seen` as the router's pin if it has none yet (the first api-ssl connection, by
/// whichever part of tikbill made it). If another connection pinned a different certificate in
/// the meantime, that is a changed certificate.
pub async fn pin_first_use(
    db: &impl ConnectionTrait,
    row: &router::Model,
    seen: Fingerprint,
) -> CoreResult<()> {
    if !row.use_tls || row.tls_fingerprint.is_some() {
        return Ok(());
    }
    let saved = router::Entity::update_many()
        .col_expr(
            router::Column::TlsFingerprint,
            Expr::value(Some(seen.to_string())),
        )
        .filter(router::Column::Id.eq(row.id))
        .filter(router::Column::TlsFingerprint.is_null())
        .exec(db)
        .await?;
    if saved.rows_affected == 1 {
        return Ok(());
    }
    // Someone else pinned first (or the router is gone): theirs must be the same certificate.
    let Some(now) = router::Entity::find_by_id(row.id).one(db).await? else {
        return Ok(());
    };
    match stored_pin(&now)? {
        Some(pinned) if pinned != seen => Err(CoreError::CertificateChanged {
            router_id: row.id,
            router_name: row.name.clone(),
            pinned,
            presented: seen,
        }),
        _ => Ok(()),
    }
}

/// Accepts `fingerprint` as router `id`'s certificate from now on, replacing the pin. The app
/// calls it after an owner confirmed a changed certificate (the fingerprint comes from the
/// [`CoreError::CertificateChanged`] they were shown).
pub async fn trust_certificate(
    ctx: &Context,
    id: RouterId,
    fingerprint: &str,
) -> CoreResult<RouterView> {
    ctx.require(Permission::EditRouters)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = super::find(&txn, id).await?;
    let refuse = |message: String| {
        CoreError::invalid(
            "certificate",
            vec![FieldError {
                field: "fingerprint".into(),
                message,
            }],
        )
    };
    if !row.use_tls {
        return Err(refuse(format!(
            "'{}' is reached by plain API, which has no certificate to trust",
            row.name
        )));
    }
    let fingerprint = fingerprint
        .parse::<Fingerprint>()
        .map_err(|e| refuse(e.to_string()))?;
    let before = json!({ "tls_fingerprint": row.tls_fingerprint });
    let mut update: router::ActiveModel = row.into();
    update.tls_fingerprint = Set(Some(fingerprint.to_string()));
    update.updated_at = Set(ctx.now());
    let saved = update.update(&txn).await?;
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "router.trust_certificate", "router", Some(id))
            .before(&before)
            .after(&json!({ "tls_fingerprint": saved.tls_fingerprint })),
    )
    .await?;
    txn.commit().await?;
    super::get(ctx, id).await
}
