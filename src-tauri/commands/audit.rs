//! The audit page: pages of the log, its CSV export, the chain's state, and whose actions it
//! may hold.

use tauri::State;
use tikbill_api::command::{AuditChain, AuditLog, AuditPeople, ExportAudit};
use tikbill_api::{ApiError, ErrorCode};
use tikbill_core::{audit, staff};

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
    let failed = |why: String| {
        ApiError::new(
            ErrorCode::Internal,
            format!("The audit log was not exported: {why}"),
        )
    };
    let folder = state.export_dir.clone();
    std::fs::create_dir_all(&folder).map_err(|e| failed(format!("{}: {e}", folder.display())))?;
    let name = format!("tikbill-audit-{}.csv", ctx.now().format("%Y%m%d-%H%M%S"));
    let path = folder.join(name);
    let file =
        std::fs::File::create(&path).map_err(|e| failed(format!("{}: {e}", path.display())))?;
    let rows = audit::export_csv(&ctx, &args.0.input, std::io::BufWriter::new(file)).await;
    match rows {
        Ok(rows) => Ok(format!(
            "Exported {rows} {} to {}.",
            if rows == 1 { "entry" } else { "entries" },
            path.display()
        )),
        Err(e) => {
            // A refused or failed export leaves no half-written file behind.
            let _ = std::fs::remove_file(&path);
            Err(e.into())
        }
    }
}
