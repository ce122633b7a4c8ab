//! Payments at the counter: the list, one payment, recording, assigning, reversing, a
//! customer's credit, and receipts.

use tauri::State;
use tikbill_api::command::{
    AssignPayment, CustomerCredit, ExportPayments, GetPayment, ListPayments, PaymentTotalsOf,
    PrintReceipt, RecordPayment, ReversePayment,
};
use tikbill_core::payment;

use super::files::{write_export, write_pdf};
use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn list_payments(
    state: State<'_, AppState>,
    args: Args<ListPayments>,
) -> Answer<ListPayments> {
    Ok(payment::list(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn payment_totals(
    state: State<'_, AppState>,
    args: Args<PaymentTotalsOf>,
) -> Answer<PaymentTotalsOf> {
    Ok(payment::totals(&state.ctx().await?, &args.0.input).await?)
}

/// Writes the filter's payments to `tikbill-payments-<time>.csv` in the export folder.
#[tauri::command]
pub async fn export_payments(
    state: State<'_, AppState>,
    args: Args<ExportPayments>,
) -> Answer<ExportPayments> {
    let ctx = state.ctx().await?;
    let name = format!("tikbill-payments-{}.csv", ctx.now().format("%Y%m%d-%H%M%S"));
    let (rows, path) = write_export(&state, &name, |file| {
        payment::export_csv(&ctx, &args.0.input, file)
    })
    .await?;
    Ok(format!(
        "Exported {rows} {} to {path}.",
        if rows == 1 { "payment" } else { "payments" }
    ))
}

#[tauri::command]
pub async fn get_payment(state: State<'_, AppState>, args: Args<GetPayment>) -> Answer<GetPayment> {
    Ok(payment::get(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn record_payment(
    state: State<'_, AppState>,
    args: Args<RecordPayment>,
) -> Answer<RecordPayment> {
    let ctx = state.ctx().await?;
    state.changed(payment::record(&ctx, &args.0.input).await)
}

#[tauri::command]
pub async fn assign_payment(
    state: State<'_, AppState>,
    args: Args<AssignPayment>,
) -> Answer<AssignPayment> {
    let ctx = state.ctx().await?;
    state.changed(payment::assign(&ctx, args.0.id, args.0.customer_id).await)
}

#[tauri::command]
pub async fn reverse_payment(
    state: State<'_, AppState>,
    args: Args<ReversePayment>,
) -> Answer<ReversePayment> {
    let ctx = state.ctx().await?;
    state.changed(payment::reverse(&ctx, args.0.id, &args.0.input).await)
}

#[tauri::command]
pub async fn customer_credit(
    state: State<'_, AppState>,
    args: Args<CustomerCredit>,
) -> Answer<CustomerCredit> {
    Ok(payment::credit(&state.ctx().await?, args.0.id).await?)
}

/// Writes `tikbill-receipt-R-000042.pdf` to the export folder and says where.
#[tauri::command]
pub async fn print_receipt(
    state: State<'_, AppState>,
    args: Args<PrintReceipt>,
) -> Answer<PrintReceipt> {
    let ctx = state.ctx().await?;
    let receipt = payment::receipt_pdf(&ctx, &args.0.input).await?;
    write_pdf(
        &state,
        &format!("tikbill-receipt-{}.pdf", receipt.label),
        &receipt.pdf,
    )
}
