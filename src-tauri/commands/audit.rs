//! The audit page: pages of the log, its CSV export, the chain's state, and whose actions it
//! may hold.

use tauri::State;
use tikbill_api::command::{AuditChain, AuditLog, AuditPeople, ExportAudit};
use tikbill_core::{audit, staff};

use super::files::write_export;
use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, args: Args<AuditLog>) -> Answer<AuditLog> {
    Ok(audit::page(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn audit_chain(
    state: State<'_, AppState>,
    _args: Args<AuditChain>,
) -> Answer<AuditChain> {
    Ok(audit::verify(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn audit_people(
    state: State<'_, AppState>,
    _args: Args<AuditPeople>,
) -> Answer<AuditPeople> {
    Ok(staff::people(&state.ctx().await?).await?)
}

/// Writes the entries the filter matches to `tikbill-audit-<time>.csv` in the Downloads folder
/// (the app's data folder when there is none) and says where, and how many.
#[tauri::command]
pub async fn export_audit(
    state: State<'_, AppState>,
    args: Args<ExportAudit>,
) -> Answer<ExportAudit> {
    let ctx = state.ctx().await?;
    let name = format!("tikbill-audit-{}.csv", ctx.now().format("%Y%m%d-%H%M%S"));
    let (rows, path) = write_export(&state, &name, |file| {
        audit::export_csv(&ctx, &args.0.input, file)
    })
    .await?;
    Ok(format!(
        "Exported {rows} {} to {path}.",
        if rows == 1 { "entry" } else { "entries" }
    ))
}
