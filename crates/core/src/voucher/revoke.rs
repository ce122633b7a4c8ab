//! Revoking cards: they leave their routers (through the router job queue) and can never be
//! used, sold or redeemed again.

use sea_orm::DatabaseTransaction;
use tikbill_api::{Permission, VoucherCodes, VoucherState, VoucherView};

use super::moves;
use super::view::{card_views, routers_of};
use crate::audit::{self, AuditEntry};
use crate::entity::voucher;
use crate::provisioning::Kind;
use crate::{Context, CoreResult};

/// Revokes the cards with these codes.
pub async fn revoke(ctx: &Context, input: &VoucherCodes) -> CoreResult<Vec<VoucherView>> {
    ctx.require(Permission::ManageVouchers)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let rows = moves::cards_by_code(&txn, &input.codes).await?;
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("revoked")
        .to_string();
    let saved = revoke_in(ctx, &txn, rows, &reason).await?;
    let views = card_views(&txn, saved).await?;
    audit::record(
        &txn,
        AuditEntry::by(
            ctx,
            "voucher.revoke",
            "voucher",
            views.first().map(|v| v.id),
        )
        .after(&serde_json::json!({
            "codes": views.iter().map(|v| &v.code).collect::<Vec<_>>(),
            "reason": reason,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(views)
}

/// Revokes cards already read in `txn`, and writes the jobs that take them off their routers.
pub(crate) async fn revoke_in(
    ctx: &Context,
    txn: &DatabaseTransaction,
    rows: Vec<voucher::Model>,
    reason: &str,
) -> CoreResult<Vec<voucher::Model>> {
    moves::check_all(&rows, VoucherState::Revoked)?;
    let saved = moves::apply(
        ctx,
        txn,
        rows,
        VoucherState::Revoked,
        reason,
        |_| None,
        |_| {},
    )
    .await?;
    off_routers(ctx, txn, &saved).await?;
    Ok(saved)
}

/// Jobs taking these cards off every router of their batches.
pub(crate) async fn off_routers(
    ctx: &Context,
    txn: &DatabaseTransaction,
    cards: &[voucher::Model],
) -> CoreResult<()> {
    let mut by_batch: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
    for card in cards {
        by_batch
            .entry(card.batch_id)
            .or_default()
            .push(card.code.clone());
    }
    for (batch_id, codes) in by_batch {
        for router_id in routers_of(txn, batch_id).await? {
            crate::provisioning::enqueue::names(
                txn,
                router_id,
                Kind::HotspotUser,
                &codes,
                ctx.now(),
            )
            .await?;
        }
    }
    Ok(())
}
