//! Payments through the shell: a cashier's shift from float to count, cash that activates a
//! pending customer on the (emulated) router, receipts and the shift report as PDF files, the
//! unmatched queue, reversal, credit, and the receipt settings.

use std::time::{Duration, Instant};

use serde_json::json;
use tikbill_api::command::{
    AssignPayment, CloseShift, CreateCustomer, CreateProfile, CreateRouter, CurrentShift,
    CustomerCredit, ExportPayments, GetCustomer, GetPayment, GetReceiptSettings, ListPayments,
    ListShifts, OpenShift, PaymentTotalsOf, PrintReceipt, PrintShiftReport, RecordPayment,
    ReversePayment, SaveReceiptSettings, SetOfficeLogo,
};
use tikbill_api::{
    CustomerStatus, CustomerView, PaymentPage, PaymentState, PaymentTotals, PaymentView, PdfFile,
    ProfileView, ReceiptSettings, RouterView, ShiftView, StaffRole,
};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::harness::{Shell, OWNER, OWNER_PASSWORD};

/// A 1×1 PNG.
const LOGO_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

fn setup(shell: &Shell, port: u16) -> (RouterView, ProfileView) {
    let router: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
            "name": "Tower 1", "host": "127.0.0.1", "port": port.to_string(), "use_tls": false,
            "username": "billing", "password": "pw" }}));
    let profile: ProfileView = shell.ok::<CreateProfile>(json!({ "input": {
            "name": "Monthly 10M", "rate_limit": "10M/10M", "price": "1500", "currency": "KES",
            "duration_value": "30", "duration_unit": "days", "data_limit": "", "shared_users": "1" }}),
    );
    (router, profile)
}

fn customer(shell: &Shell, name: &str, router: &RouterView, profile: &ProfileView) -> CustomerView {
    shell.ok::<CreateCustomer>(json!({ "input": {
        "username": name, "password": "siri", "full_name": format!("{name} Wanjiru"),
        "phone": "", "email": "", "service_type": "hotspot",
        "router_id": router.id, "profile_id": profile.id }}))
}

fn user_enabled(emulator: &Emulator, name: &str) -> bool {
    emulator
        .rows("/ip/hotspot/user")
        .into_iter()
        .find(|row| row.get("name") == Some(name))
        .is_some_and(|row| matches!(row.get("disabled"), Some("no" | "false")))
}

fn pdf_written(file: &PdfFile) -> Vec<u8> {
    let bytes = std::fs::read(&file.path).expect("the PDF is on disk");
    assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", file.path);
    assert_eq!(bytes.len() as u64, file.bytes);
    bytes
}

#[test]
fn a_cashier_takes_cash_prints_the_receipt_and_closes_the_drawer_even() {
    let emulator =
        tauri::async_runtime::block_on(Emulator::start(EmulatorConfig::new("billing", "pw")))
            .expect("emulator");
    let shell = Shell::new();
    let (router, profile) = setup(&shell, emulator.address().port());
    let juma = customer(&shell, "juma", &router, &profile);
    shell.ok::<SaveReceiptSettings>(json!({ "input": {
        "office_name": "Nairobi Net", "lines": ["Moi Avenue 12", "0712 345 678"],
        "footer": "Asante!", "paper": "thermal58" }}));
    let with_logo: ReceiptSettings =
        shell.ok::<SetOfficeLogo>(json!({ "input": { "base64": LOGO_PNG } }));
    assert!(with_logo.has_logo);
    let bad_logo = shell
        .invoke::<SetOfficeLogo>(json!({ "input": { "base64": "bm90IGFuIGltYWdl" } }))
        .expect_err("text is not a logo");
    assert_eq!(bad_logo["code"], "validation", "{bad_logo}");

    shell.add_and_sign_in(StaffRole::Cashier, "sari");
    let cashier = &shell;
    let settings: ReceiptSettings = cashier.ok::<GetReceiptSettings>(json!({}));
    assert_eq!(settings.office_name, "Nairobi Net");
    let no_shift = cashier
        .invoke::<RecordPayment>(json!({ "input": {
            "customer_id": juma.id, "amount": "1500", "currency": "KES", "method": "cash" }}))
        .expect_err("cash needs a shift");
    assert_eq!(no_shift["fields"][0]["field"], "method", "{no_shift}");
    assert_eq!(cashier.ok::<CurrentShift>(json!({})), None);
    let shift: ShiftView =
        cashier.ok::<OpenShift>(json!({ "input": { "float": "2000", "currency": "KES" } }));
    assert_eq!(
        cashier.ok::<CurrentShift>(json!({})).map(|s| s.id),
        Some(shift.id)
    );

    let paid: PaymentView = cashier.ok::<RecordPayment>(json!({ "input": {
        "customer_id": juma.id, "amount": "1520", "currency": "KES", "method": "cash" }}));
    assert_eq!(paid.state, PaymentState::Applied);
    assert_eq!(
        paid.credit_added, "20",
        "the 20 over the price goes to credit"
    );
    assert_eq!(paid.receipt_number, Some(1));
    let credit: Vec<(String, String)> = cashier.ok::<CustomerCredit>(json!({ "id": juma.id }));
    assert_eq!(credit, vec![("KES".to_string(), "20".to_string())]);
    let now: CustomerView = cashier.ok::<GetCustomer>(json!({ "id": juma.id }));
    assert_eq!(now.status, CustomerStatus::Active);
    let until = Instant::now() + Duration::from_secs(10);
    while !user_enabled(&emulator, "juma") {
        assert!(
            Instant::now() < until,
            "juma never became active on the router"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let receipt: PdfFile =
        cashier.ok::<PrintReceipt>(json!({ "input": { "payment_id": paid.id } }));
    assert!(
        receipt.path.ends_with("tikbill-receipt-R-000001.pdf"),
        "{}",
        receipt.path
    );
    pdf_written(&receipt);
    let a5: PdfFile =
        cashier.ok::<PrintReceipt>(json!({ "input": { "payment_id": paid.id, "paper": "a5" } }));
    pdf_written(&a5);

    let listed: PaymentPage = cashier.ok::<ListPayments>(json!({ "input": { "method": "cash" } }));
    assert_eq!(
        listed.payments.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![paid.id]
    );
    let totals: PaymentTotals = cashier.ok::<PaymentTotalsOf>(json!({ "input": {} }));
    assert_eq!(totals.currencies.len(), 1);
    assert_eq!(totals.currencies[0].taken.amount, "1520");
    let exported: String = cashier.ok::<ExportPayments>(json!({ "input": { "state": "applied" } }));
    assert!(exported.starts_with("Exported 1 payment to "), "{exported}");
    let csv_path = exported
        .trim_start_matches("Exported 1 payment to ")
        .trim_end_matches('.');
    let csv = std::fs::read_to_string(csv_path).expect("the CSV file");
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.contains("juma")),
        "{csv}"
    );
    let mine: Vec<ShiftView> = cashier.ok::<ListShifts>(json!({ "input": {} }));
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].expected, "3520");
    let closed: ShiftView = cashier.ok::<CloseShift>(json!({ "input": {
        "shift_id": shift.id, "counted": "3520" }}));
    assert_eq!(closed.difference.as_deref(), Some("0"));
    let report: PdfFile = cashier.ok::<PrintShiftReport>(json!({ "id": shift.id }));
    pdf_written(&report);
}

#[test]
fn unmatched_money_is_assigned_and_a_manager_reverses_it() {
    let emulator =
        tauri::async_runtime::block_on(Emulator::start(EmulatorConfig::new("billing", "pw")))
            .expect("emulator");
    let shell = Shell::new();
    let (router, profile) = setup(&shell, emulator.address().port());
    let amina = customer(&shell, "amina", &router, &profile);
    shell.add_and_sign_in(StaffRole::Cashier, "tono");
    let cashier = &shell;
    let waiting: PaymentView = cashier.ok::<RecordPayment>(json!({ "input": {
        "amount": "1500", "currency": "KES", "method": "mobile_money",
        "reference": "QK7X2P9ABC" }}));
    assert_eq!(waiting.state, PaymentState::Unmatched);
    let again: PaymentView = cashier.ok::<RecordPayment>(json!({ "input": {
        "amount": "1500", "currency": "KES", "method": "mobile_money",
        "reference": "QK7X2P9ABC" }}));
    assert_eq!(
        again.id, waiting.id,
        "the same reference is the same payment"
    );
    let assigned: PaymentView = cashier.ok::<AssignPayment>(json!({
        "id": waiting.id, "customerId": amina.id }));
    assert_eq!(assigned.state, PaymentState::Applied);

    let refused = cashier
        .invoke::<ReversePayment>(json!({ "id": waiting.id, "input": "mistake" }))
        .expect_err("a cashier may not reverse");
    assert_eq!(refused["code"], "forbidden");
    shell.sign_in(OWNER, OWNER_PASSWORD);
    let reversed: PaymentView =
        shell.ok::<ReversePayment>(json!({ "id": waiting.id, "input": "paid twice" }));
    assert_eq!(reversed.state, PaymentState::Reversed);
    let history: PaymentView = shell.ok::<GetPayment>(json!({ "id": waiting.id }));
    let moves: Vec<(Option<PaymentState>, PaymentState, String)> = history
        .transitions
        .iter()
        .map(|t| (t.from, t.to, t.reason.clone()))
        .collect();
    assert_eq!(moves.last().map(|m| m.2.as_str()), Some("paid twice"));
    assert_eq!(
        moves.len(),
        4,
        "paid, unmatched, applied, reversed: {moves:?}"
    );
    let back: CustomerView = shell.ok::<GetCustomer>(json!({ "id": amina.id }));
    assert_ne!(
        back.status,
        CustomerStatus::Active,
        "the time it bought is taken back"
    );

    // The abandoned drawer: the manager (here the owner) closes it.
    shell.sign_in("tono", "tono-password-1");
    let shift: ShiftView =
        cashier.ok::<OpenShift>(json!({ "input": { "float": "500", "currency": "KES" } }));
    let other = cashier
        .invoke::<OpenShift>(json!({ "input": { "float": "1", "currency": "KES" } }))
        .expect_err("one open shift per person");
    assert_eq!(other["code"], "conflict", "{other}");
    shell.sign_in(OWNER, OWNER_PASSWORD);
    let closed: ShiftView = shell.ok::<CloseShift>(json!({ "input": {
        "shift_id": shift.id, "counted": "450", "note": "Tono went home" }}));
    assert_eq!(closed.difference.as_deref(), Some("-50"));
    assert_eq!(closed.closed_by.as_deref(), Some("owner (Owner)"));
}
