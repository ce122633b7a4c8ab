//! Prepaid cards: batches, the cards' moves at the counter, their CSV, preview and print.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Runtime, State};
use tikbill_api::command::{
    ExportVouchers, GenerateVouchers, IssueVouchers, ListVoucherBatches, ListVouchers,
    PreviewVouchers, PrintVouchers, RedeemVoucher, RefreshVouchers, ReturnVouchers, RevokeVouchers,
    SaveVouchersAs, SellVouchers, SetRouterHotspot, VoucherHistory,
};
use tikbill_api::{ApiError, ErrorCode, Permission};
use tikbill_core::voucher;

use super::files::{write_export, write_pdf};
use crate::contract::{Answer, Args};
use crate::AppState;

/// How long one router may take to show its cards.
const ROUTER_TIMEOUT: Duration = Duration::from_secs(10);

#[tauri::command]
pub async fn list_voucher_batches(
    state: State<'_, AppState>,
    _args: Args<ListVoucherBatches>,
) -> Answer<ListVoucherBatches> {
    Ok(voucher::batches(&state.ctx().await?).await?)
}

/// Generates a batch, telling the window how far it has come (`voucher-progress`).
#[tauri::command]
pub async fn generate_vouchers<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<GenerateVouchers>,
) -> Answer<GenerateVouchers> {
    let ctx = state.ctx().await?;
    let progress = move |done: u32, total: u32| {
        let _ = app.emit("voucher-progress", [done, total]);
    };
    state.changed(voucher::generate_with_progress(&ctx, &args.0.input, &progress).await)
}

#[tauri::command]
pub async fn list_vouchers(
    state: State<'_, AppState>,
    args: Args<ListVouchers>,
) -> Answer<ListVouchers> {
    Ok(voucher::list(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn voucher_history(
    state: State<'_, AppState>,
    args: Args<VoucherHistory>,
) -> Answer<VoucherHistory> {
    Ok(voucher::history(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn issue_vouchers(
    state: State<'_, AppState>,
    args: Args<IssueVouchers>,
) -> Answer<IssueVouchers> {
    Ok(voucher::issue(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn sell_vouchers(
    state: State<'_, AppState>,
    args: Args<SellVouchers>,
) -> Answer<SellVouchers> {
    Ok(voucher::sell(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn return_vouchers(
    state: State<'_, AppState>,
    args: Args<ReturnVouchers>,
) -> Answer<ReturnVouchers> {
    Ok(voucher::return_unsold(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn revoke_vouchers(
    state: State<'_, AppState>,
    args: Args<RevokeVouchers>,
) -> Answer<RevokeVouchers> {
    state.changed(voucher::revoke(&state.ctx().await?, &args.0.input).await)
}

#[tauri::command]
pub async fn redeem_voucher(
    state: State<'_, AppState>,
    args: Args<RedeemVoucher>,
) -> Answer<RedeemVoucher> {
    state.changed(voucher::redeem(&state.ctx().await?, &args.0.input).await)
}

/// Writes `tikbill-vouchers-<batch>.csv` to the export folder.
#[tauri::command]
pub async fn export_vouchers(
    state: State<'_, AppState>,
    args: Args<ExportVouchers>,
) -> Answer<ExportVouchers> {
    let ctx = state.ctx().await?;
    let name = format!("tikbill-vouchers-{}.csv", args.0.id);
    let (rows, path) = write_export(&state, &name, |file| {
        voucher::export_csv(&ctx, args.0.id, file)
    })
    .await?;
    Ok(format!(
        "Exported {rows} {} to {path}.",
        if rows == 1 { "card" } else { "cards" }
    ))
}

/// The routers read now (the agent does it every minute).
#[tauri::command]
pub async fn refresh_vouchers(
    state: State<'_, AppState>,
    _args: Args<RefreshVouchers>,
) -> Answer<RefreshVouchers> {
    state.ctx().await?.require(Permission::ViewVouchers)?;
    let (seen, problems) = voucher::observe_all(&state.itself(), ROUTER_TIMEOUT).await?;
    let mut said = format!(
        "{} on the router, {} in use, {} used up, {} expired.",
        seen.on_router, seen.in_use, seen.used_up, seen.expired
    );
    if !problems.is_empty() {
        said.push_str(&format!(" Not read: {}.", problems.join("; ")));
    }
    Ok(said)
}

#[tauri::command]
pub async fn preview_vouchers(
    state: State<'_, AppState>,
    args: Args<PreviewVouchers>,
) -> Answer<PreviewVouchers> {
    Ok(voucher::preview(&state.ctx().await?, &args.0.input).await?)
}

/// Writes `tikbill-vouchers-<what>.pdf` to the export folder and says where.
#[tauri::command]
pub async fn print_vouchers(
    state: State<'_, AppState>,
    args: Args<PrintVouchers>,
) -> Answer<PrintVouchers> {
    let ctx = state.ctx().await?;
    let printed = voucher::print_pdf(&ctx, &args.0.input).await?;
    write_pdf(
        &state,
        &format!("tikbill-vouchers-{}.pdf", printed.label),
        &printed.pdf,
    )
}

#[tauri::command]
pub async fn set_router_hotspot(
    state: State<'_, AppState>,
    args: Args<SetRouterHotspot>,
) -> Answer<SetRouterHotspot> {
    Ok(
        tikbill_core::router::set_hotspot_address(&state.ctx().await?, args.0.id, &args.0.input)
            .await?,
    )
}

/// Lays the cards out, then asks where to save them (the system's "Save as" dialog).
#[tauri::command]
pub async fn save_vouchers_as<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<SaveVouchersAs>,
) -> Answer<SaveVouchersAs> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let ctx = state.ctx().await?;
    let printed = voucher::print_pdf(&ctx, &args.0.input).await?;
    if app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Err(ApiError::new(
            ErrorCode::Internal,
            "No file dialog is available here: use Save PDF.",
        ));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter("PDF", &["pdf"])
        .set_file_name(format!("tikbill-vouchers-{}.pdf", printed.label))
        .save_file(move |chosen| {
            let _ = tx.send(chosen);
        });
    let Some(chosen) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("That place cannot be written: {e}"),
        )
    })?;
    std::fs::write(&path, &printed.pdf).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("The PDF was not written to {}: {e}", path.display()),
        )
    })?;
    Ok(Some(tikbill_api::PdfFile {
        path: path.display().to_string(),
        bytes: printed.pdf.len() as u64,
    }))
}
