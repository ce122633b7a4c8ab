//! Reports, the dashboard's charts, daily reports and the notification center through the
//! shell: a payment taken shows in today's revenue report (figures, SVG charts in the theme
//! asked, table, CSV and PDF files written to the export folder), bad days come back on their
//! fields, and notifications are read per person.

use serde_json::json;
use tikbill_api::command::{
    CreateCustomer, CreateProfile, CreateRouter, DailyReportPdf, DashboardCharts, ExportReportCsv,
    GetAlertSettings, ListDailyReports, ListNotifications, MarkNotificationsRead, PrintReport,
    RecordPayment, RunReport, SaveAlertSettings,
};
use tikbill_api::{
    AlertSettings, CustomerView, DailyReportView, NotificationView, PdfFile, ProfileView,
    ReportChart, ReportView, RouterView,
};

use crate::harness::Shell;

#[test]
fn a_payment_taken_today_is_in_the_revenue_report_its_csv_and_its_pdf() {
    let shell = Shell::new();
    let router: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
        "name": "Tower 1", "host": "127.0.0.1", "port": "1", "use_tls": false,
        "username": "billing", "password": "pw" }}));
    let plan: ProfileView = shell.ok::<CreateProfile>(json!({ "input": {
        "name": "Monthly", "rate_limit": "2M/4M", "price": "1500", "currency": "KES",
        "duration_value": "30", "duration_unit": "days", "data_limit": "", "shared_users": "1" }}));
    let customer: CustomerView = shell.ok::<CreateCustomer>(json!({ "input": {
        "username": "juma", "password": "pw", "full_name": "Juma", "phone": "", "email": "",
        "service_type": "hotspot", "router_id": router.id, "profile_id": plan.id }}));
    shell.ok::<RecordPayment>(json!({ "input": {
        "customer_id": customer.id, "amount": "1500", "currency": "KES", "method": "mobile_money" }}));
    // The app sets the office's zone to this computer's at its first start.
    let today = chrono::Local::now().date_naive().to_string();
    let request = json!({ "input": {
        "kind": "revenue", "from": today, "to": today, "period": "day", "by": "method", "theme": "dark" }});
    let report: ReportView = shell.ok::<RunReport>(request.clone());
    assert_eq!(report.title, "Revenue");
    assert_eq!(
        report.tables[0].rows,
        vec![vec!["Mobile money", "KES", "1", "1,500.00", "0", "0.00"]],
        "{report:?}"
    );
    assert!(report.charts[0].svg.contains("<svg"), "an SVG chart");
    assert!(
        report.charts[0].svg.to_lowercase().contains("#1e1f24"),
        "drawn on the dark theme's background"
    );

    let csv: PdfFile = shell.ok::<ExportReportCsv>(request.clone());
    let text = std::fs::read_to_string(&csv.path).expect("the CSV was written");
    assert!(
        text.contains("Mobile money,KES,1,\"1,500.00\",0,0.00"),
        "{text}"
    );
    assert!(
        csv.path
            .ends_with(&format!("tikbill-revenue-{today}-{today}.csv")),
        "{}",
        csv.path
    );
    let pdf: PdfFile = shell.ok::<PrintReport>(request);
    let bytes = std::fs::read(&pdf.path).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"));

    let refused = shell
        .invoke::<RunReport>(
            json!({ "input": { "kind": "revenue", "from": "2026-11-30", "to": "2026-11-01" }}),
        )
        .expect_err("to before from");
    assert_eq!(refused["code"], "validation", "{refused}");
    assert_eq!(refused["fields"][0]["field"], "to", "{refused}");

    let charts: Vec<ReportChart> = shell.ok::<DashboardCharts>(json!({ "input": "light" }));
    assert_eq!(
        charts.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        vec![
            "Money taken, last 30 days (KES)",
            "Payments by method, this month (KES)",
            "Plans by customers"
        ]
    );

    // No daily report yet; asking for one's PDF says so.
    let daily: Vec<DailyReportView> = shell.ok::<ListDailyReports>(json!({}));
    assert!(daily.is_empty());
    let missing = shell
        .invoke::<DailyReportPdf>(json!({ "input": today }))
        .expect_err("none written");
    assert_eq!(missing["code"], "not_found", "{missing}");

    let none: Vec<NotificationView> = shell.ok::<ListNotifications>(json!({}));
    assert!(none.iter().all(|n| !n.read));
    let marked: u64 = shell.ok::<MarkNotificationsRead>(json!({ "input": null }));
    assert_eq!(marked as usize, none.len());

    // Every payment received, when the office asks for it: the next one is in the bell.
    let off: AlertSettings = shell.ok::<GetAlertSettings>(json!({}));
    assert!(!off.payments_received);
    let on: AlertSettings =
        shell.ok::<SaveAlertSettings>(json!({ "input": { "payments_received": true } }));
    assert!(on.payments_received);
    shell.ok::<RecordPayment>(json!({ "input": {
        "customer_id": customer.id, "amount": "1500", "currency": "KES", "method": "mobile_money" }}));
    let told: Vec<NotificationView> = shell.ok::<ListNotifications>(json!({}));
    assert_eq!(told[0].kind, "payment.received", "{told:?}");
    assert_eq!(told[0].title, "Payment received: KES 1,500.00");
    assert!(!told[0].read);
}
