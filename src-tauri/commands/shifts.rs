//! Cashier shifts: open, current, close, the list, and the shift report.

use tauri::State;
use tikbill_api::command::{CloseShift, CurrentShift, ListShifts, OpenShift, PrintShiftReport};
use tikbill_core::shift;

use super::files::write_pdf;
use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn current_shift(
    state: State<'_, AppState>,
    _args: Args<CurrentShift>,
) -> Answer<CurrentShift> {
    Ok(shift::current(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn open_shift(state: State<'_, AppState>, args: Args<OpenShift>) -> Answer<OpenShift> {
    Ok(shift::open(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn close_shift(state: State<'_, AppState>, args: Args<CloseShift>) -> Answer<CloseShift> {
    Ok(shift::close(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn list_shifts(state: State<'_, AppState>, args: Args<ListShifts>) -> Answer<ListShifts> {
    Ok(shift::list(&state.ctx().await?, &args.0.input).await?)
}

/// Writes `tikbill-shift-12.pdf` to the export folder and says where.
#[tauri::command]
pub async fn print_shift_report(
    state: State<'_, AppState>,
    args: Args<PrintShiftReport>,
) -> Answer<PrintShiftReport> {
    let ctx = state.ctx().await?;
    let pdf = shift::report_pdf(&ctx, args.0.id).await?;
    write_pdf(&state, &format!("tikbill-shift-{}.pdf", args.0.id), &pdf)
}
