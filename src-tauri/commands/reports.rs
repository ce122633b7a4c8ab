//! Reports, the dashboard's charts, the daily reports and the notification center.

use tauri::State;
use tikbill_api::command::{
    DailyReportPdf, DashboardCharts, ExportReportCsv, GetAlertSettings, ListDailyReports,
    ListNotifications, MarkNotificationsRead, PrintReport, RunReport, SaveAlertSettings,
};
use tikbill_api::ReportRequest;
use tikbill_core::{alerts, dashboard, notification, report};

use super::files::write_pdf;
use crate::contract::{Answer, Args};
use crate::AppState;

/// How many daily reports the page lists.
const DAILY_REPORTS_SHOWN: u64 = 62;

#[tauri::command]
pub async fn dashboard_charts(
    state: State<'_, AppState>,
    args: Args<DashboardCharts>,
) -> Answer<DashboardCharts> {
    Ok(dashboard::charts(&state.ctx().await?, args.0.input).await?)
}

#[tauri::command]
pub async fn run_report(state: State<'_, AppState>, args: Args<RunReport>) -> Answer<RunReport> {
    Ok(report::view(&state.ctx().await?, &args.0.input).await?)
}

/// `tikbill-revenue-2026-11-01-2026-11-30.csv`.
fn file_name(request: &ReportRequest, extension: &str) -> String {
    let safe = |day: &str| -> String {
        day.chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect()
    };
    format!(
        "tikbill-{}-{}-{}.{extension}",
        request.kind.as_str(),
        safe(&request.from),
        safe(&request.to)
    )
}

#[tauri::command]
pub async fn export_report_csv(
    state: State<'_, AppState>,
    args: Args<ExportReportCsv>,
) -> Answer<ExportReportCsv> {
    let request = args.0.input;
    let text = report::csv(&state.ctx().await?, &request).await?;
    let written = write_pdf(&state, &file_name(&request, "csv"), text.as_bytes())?;
    Ok(written)
}

#[tauri::command]
pub async fn print_report(
    state: State<'_, AppState>,
    args: Args<PrintReport>,
) -> Answer<PrintReport> {
    let request = args.0.input;
    let pdf = report::pdf(&state.ctx().await?, &request).await?;
    write_pdf(&state, &file_name(&request, "pdf"), &pdf)
}

#[tauri::command]
pub async fn list_daily_reports(
    state: State<'_, AppState>,
    _args: Args<ListDailyReports>,
) -> Answer<ListDailyReports> {
    Ok(report::daily::list(&state.ctx().await?, DAILY_REPORTS_SHOWN).await?)
}

#[tauri::command]
pub async fn list_notifications(
    state: State<'_, AppState>,
    _args: Args<ListNotifications>,
) -> Answer<ListNotifications> {
    Ok(notification::list(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn mark_notifications_read(
    state: State<'_, AppState>,
    args: Args<MarkNotificationsRead>,
) -> Answer<MarkNotificationsRead> {
    Ok(notification::mark_read(&state.ctx().await?, args.0.input).await?)
}

#[tauri::command]
pub async fn daily_report_pdf(
    state: State<'_, AppState>,
    args: Args<DailyReportPdf>,
) -> Answer<DailyReportPdf> {
    let day = args.0.input;
    let pdf = report::daily::pdf(&state.ctx().await?, &day).await?;
    let safe: String = day
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    write_pdf(&state, &format!("tikbill-daily-{safe}.pdf"), &pdf)
}

#[tauri::command]
pub async fn alert_settings(
    state: State<'_, AppState>,
    _args: Args<GetAlertSettings>,
) -> Answer<GetAlertSettings> {
    Ok(alerts::settings(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn save_alert_settings(
    state: State<'_, AppState>,
    args: Args<SaveAlertSettings>,
) -> Answer<SaveAlertSettings> {
    Ok(alerts::save_settings(&state.ctx().await?, &args.0.input).await?)
}
