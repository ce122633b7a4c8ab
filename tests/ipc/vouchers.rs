//! Vouchers through the shell, with the JSON the window sends: a batch generated, listed,
//! previewed and printed to the export folder, its CSV, a card's history, issued to a cashier
//! and sold into her drawer, returned, revoked, redeemed, and the routers read.

use serde_json::json;
use tikbill_api::command::{
    CreateCustomer, CreateProfile, CreateRouter, ExportVouchers, GenerateVouchers, IssueVouchers,
    ListVoucherBatches, ListVouchers, OpenShift, PreviewVouchers, PrintVouchers, RedeemVoucher,
    RefreshVouchers, ReturnVouchers, RevokeVouchers, SellVouchers, SetRouterHotspot,
    VoucherHistory,
};
use tikbill_api::{
    CustomerView, GeneratedBatch, PdfFile, ProfileView, RedeemOutcome, RouterView, StaffRole,
    VoucherBatchView, VoucherPage, VoucherPreview, VoucherSale, VoucherState,
    VoucherTransitionView, VoucherView,
};

use crate::harness::Shell;
use tikbill_api::command::{AddStaff, DashboardFiguresNow, OpenExportedFile, SaveVouchersAs};
use tikbill_api::StaffView;

#[test]
fn a_batch_goes_from_the_form_to_a_printed_sheet_and_through_the_counter() {
    let shell = Shell::new();
    let router: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
        "name": "Hotspot 1", "host": "127.0.0.1", "port": "1", "use_tls": false,
        "username": "billing", "password": "pw" }}));
    let plan: ProfileView = shell.ok::<CreateProfile>(json!({ "input": {
        "name": "Daily", "rate_limit": "2M/4M", "price": "5000", "currency": "IDR",
        "duration_value": "1", "duration_unit": "days", "data_limit": "", "shared_users": "1" }}));
    let with_address: RouterView =
        shell.ok::<SetRouterHotspot>(json!({ "id": router.id, "input": "10.5.50.1" }));
    assert_eq!(with_address.hotspot_address.as_deref(), Some("10.5.50.1"));

    // Bad input comes back on its fields.
    let refused = shell
        .invoke::<GenerateVouchers>(json!({ "input": {
            "profile_id": plan.id, "count": 0, "router_ids": [router.id], "code_length": 4 }}))
        .expect_err("a bad batch");
    assert_eq!(refused["code"], "validation", "{refused}");
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"count") && fields.contains(&"code_length"),
        "{refused}"
    );

    let made: GeneratedBatch = shell.ok::<GenerateVouchers>(json!({ "input": {
        "profile_id": plan.id, "count": 30, "router_ids": [router.id], "prefix": "hs" }}));
    assert_eq!(made.batch.count, 30);
    assert_eq!(made.router_jobs, 30);
    let batches: Vec<VoucherBatchView> = shell.ok::<ListVoucherBatches>(json!({}));
    assert_eq!(batches.len(), 1);
    let page: VoucherPage =
        shell.ok::<ListVouchers>(json!({ "input": { "batch_id": made.batch.id, "limit": 10 } }));
    assert_eq!(page.cards.len(), 10);
    assert!(page.next.is_some());
    assert!(page.cards.iter().all(|c| c.code.starts_with("HS")));

    let preview: VoucherPreview = shell.ok::<PreviewVouchers>(json!({ "input": {
        "batch_id": made.batch.id, "layout": "avery-l7160" }}));
    assert_eq!((preview.cards, preview.pages), (30, 2), "21 labels a sheet");
    assert!(preview.svg.contains(&page.cards[0].code));
    let pdf: PdfFile = shell.ok::<PrintVouchers>(json!({ "input": {
        "batch_id": made.batch.id, "layout": "a4" }}));
    assert!(pdf
        .path
        .ends_with(&format!("tikbill-vouchers-batch-{}.pdf", made.batch.id)));
    let bytes = std::fs::read(&pdf.path).expect("the PDF is where it says");
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(bytes.len() as u64, pdf.bytes);
    // "Save as…" lays the cards out first: a batch that is not there never opens a dialog.
    let missing = shell
        .invoke::<SaveVouchersAs>(json!({ "input": { "batch_id": 987_654, "layout": "a4" }}))
        .expect_err("no such batch");
    assert_eq!(missing["code"], "not_found", "{missing}");
    // Only what tikbill exported opens in the system's viewer.
    let outside = shell
        .invoke::<OpenExportedFile>(json!({ "input": "/etc/passwd" }))
        .expect_err("not tikbill's file");
    assert_eq!(outside["code"], "validation", "{outside}");
    let escape = format!("{}/../../etc/passwd", shell.export_dir().display());
    let escaped = shell
        .invoke::<OpenExportedFile>(json!({ "input": escape }))
        .expect_err("not tikbill's file");
    assert_eq!(escaped["code"], "validation", "{escaped}");
    let bad_layout = shell
        .invoke::<PrintVouchers>(json!({ "input": { "batch_id": made.batch.id, "layout": "a3" }}))
        .expect_err("no such layout");
    assert_eq!(bad_layout["code"], "validation");
    let said: String = shell.ok::<ExportVouchers>(json!({ "id": made.batch.id }));
    assert!(said.starts_with("Exported 30 cards to "), "{said}");

    // The router never answered (port 1): the cards wait to be on it; refreshing says so.
    let refreshed: String = shell.ok::<RefreshVouchers>(json!({}));
    assert!(refreshed.contains("0 on the router"), "{refreshed}");
    // Made on the router as its worker would, so the counter can work with them.
    let agent = shell.agent();
    tauri::async_runtime::block_on(async {
        use sea_orm::sea_query::Expr;
        use sea_orm::EntityTrait;
        tikbill_core::entity::router_job::Entity::update_many()
            .col_expr(
                tikbill_core::entity::router_job::Column::Status,
                Expr::value("done"),
            )
            .exec(agent.db())
            .await
            .expect("jobs done");
        tikbill_core::voucher::settle_pushed(&agent)
            .await
            .expect("on the router");
    });
    let codes: Vec<String> = page.cards.iter().map(|c| c.code.clone()).collect();

    let sari: StaffView = shell.ok::<AddStaff>(json!({ "input": {
        "username": "sari", "name": "Sari", "role": "cashier", "password": "sari-password-1" }}));
    shell.add_and_sign_in(StaffRole::Manager, "mira");
    let sari_id = sari.id;
    let issued: Vec<VoucherView> = shell.ok::<IssueVouchers>(json!({ "input": {
        "batch_id": made.batch.id, "from_serial": 1, "to_serial": 5, "staff_id": sari_id }}));
    assert!(issued.iter().all(|c| c.state == VoucherState::Issued));
    shell.sign_in("sari", "sari-password-1");
    let _shift = shell.ok::<OpenShift>(json!({ "input": { "float": "0", "currency": "IDR" }}));
    let sale: VoucherSale = shell.ok::<SellVouchers>(json!({ "input": {
        "codes": [codes[0], codes[1]], "method": "cash" }}));
    assert_eq!(sale.payment.expect("money").amount, "10000");
    let back: Vec<VoucherView> =
        shell.ok::<ReturnVouchers>(json!({ "input": { "codes": [codes[2]] }}));
    assert_eq!(back[0].state, VoucherState::Returned);
    let forbidden = shell
        .invoke::<RevokeVouchers>(json!({ "input": { "codes": [codes[3]] }}))
        .expect_err("a cashier does not revoke");
    assert_eq!(forbidden["code"], "forbidden");
    let history: Vec<VoucherTransitionView> =
        shell.ok::<VoucherHistory>(json!({ "input": codes[0].to_lowercase() }));
    let steps: Vec<VoucherState> = history.iter().map(|h| h.to).collect();
    assert_eq!(
        steps,
        [
            VoucherState::Created,
            VoucherState::OnRouter,
            VoucherState::Issued,
            VoucherState::Sold
        ]
    );
    let customer: CustomerView = {
        shell.sign_in("mira", "mira-password-1");
        shell.ok::<CreateCustomer>(json!({ "input": {
            "username": "ayu", "password": "rahasia", "full_name": "Ayu", "phone": "", "email": "",
            "service_type": "hotspot", "router_id": router.id, "profile_id": plan.id }}))
    };
    let redeemed: RedeemOutcome = shell.ok::<RedeemVoucher>(json!({ "input": {
        "code": codes[0], "customer_id": customer.id }}));
    assert_eq!(redeemed.card.state, VoucherState::Redeemed);
    let revoked: Vec<VoucherView> = shell.ok::<RevokeVouchers>(json!({ "input": {
        "codes": [codes[9]], "reason": "lost" }}));
    assert_eq!(revoked[0].state, VoucherState::Revoked);

    // The dashboard counts the card sold today and the cards still in stock.
    let figures: tikbill_api::DashboardFigures = shell.ok::<DashboardFiguresNow>(json!({}));
    assert_eq!(figures.vouchers_sold_today, 2, "{figures:?}");
    assert_eq!(figures.active_customers, 1, "ayu, by the redeemed card");
    assert_eq!(figures.routers_total, 1);
}
