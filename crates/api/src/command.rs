//! The contract of every command the UI may call: its name, what it takes and what it answers,
//! declared once here and used by both sides. The UI calls `ipc::invoke::<C>(&args)`; the shell
//! declares each handler as taking `Args<C>` and answering `Answer<C>`, so a handler whose
//! arguments or result drift from this list does not compile.
//!
//! On the wire a command's arguments are one JSON object, its `Args` type as serde writes it
//! (keys in camelCase, as Tauri names command arguments): `{"id": 3, "input": {…}}`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{
    Access, AppInfo, AuditFilter, AuditPage, BulkOutcome, ChainState, CloseShiftInput,
    CsvImportInput, CustomerFilter, CustomerId, CustomerInput, CustomerPage, CustomerRouterView,
    CustomerView, DeliveryDetail, DeliveryFilter, DeliveryPage, ExtendInput, FailedRouterJob,
    ImportReport, JobRunView, JobScope, LogoInput, MpesaPushInput, MpesaPushView, OfficeSettings,
    OpenShiftInput, OwnerInput, PasswordChange, PaymentFilter, PaymentId, PaymentInput,
    PaymentPage, PaymentTotals, PaymentView, PdfFile, Permission, ProfileId, ProfileInput,
    ProfileView, ReceiptRequest, ReceiptSettings, RelaySettings, RouterCheck, RouterId,
    RouterInput, RouterLogView, RouterQueueView, RouterTrial, RouterView, SecretStoreKind,
    SessionView, ShiftFilter, ShiftId, ShiftView, SignInInput, StaffId, StaffInput, StaffRole,
    StaffView, SyncRun, TrustCertificateInput,
};
use crate::{
    AlertSettings, ChartTheme, DailyReportView, NotificationView, ReportChart, ReportRequest,
    ReportView,
};
use crate::{
    DashboardFigures, GeneratedBatch, IssueVouchersInput, RedeemOutcome, RedeemVoucherInput,
    SellVouchersInput, VoucherBatchId, VoucherBatchInput, VoucherBatchView, VoucherCodes,
    VoucherFilter, VoucherPage, VoucherPreview, VoucherPrintRequest, VoucherSale,
    VoucherTransitionView, VoucherView,
};
use crate::{ExpiringCustomer, SmsReminderView, SmsSettings};

/// A command of the backend: its name, its arguments and its answer.
pub trait Command {
    /// The name the shell registers and the UI invokes.
    const NAME: &'static str;
    /// The arguments, as one object.
    type Args: Serialize + DeserializeOwned;
    /// The answer on success (errors are always `ApiError`).
    type Output: Serialize + DeserializeOwned;
    /// Who may call it: the core refuses everyone else (`unauthenticated`, `forbidden`), and
    /// the UI hides it from them.
    const ACCESS: Access;
}

/// No arguments: `{}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoArgs {}

/// One thing by id: `{"id": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ById<I> {
    pub id: I,
}

/// A form to save as new: `{"input": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithInput<T> {
    pub input: T,
}

/// A form to save over thing `id`: `{"id": 3, "input": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit<I, T> {
    pub id: I,
    pub input: T,
}

/// Many things by id: `{"ids": [1, 2]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByIds<I> {
    pub ids: Vec<I>,
}

/// One page of customers: `{"filter": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCustomersArgs {
    pub filter: CustomerFilter,
}

/// Extend customer `id` by `input`, or by one period of their profile when `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendArgs {
    pub id: CustomerId,
    pub input: Option<ExtendInput>,
}

/// Whose failed router changes: `{"scope": {"router": 3}}` or `{"scope": {"customer": 7}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByScope {
    pub scope: JobScope,
}

/// The password store to keep router passwords in from now on: `{"kind": "file"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretStoreChoice {
    pub kind: SecretStoreKind,
}

/// Give payment `id` to customer `customer_id`: `{"id": 9, "customerId": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignArgs {
    pub id: PaymentId,
    pub customer_id: CustomerId,
}

/// Compare router `id` (every router when `None`) with tikbill; fix what differs unless
/// `dry_run`: `{"id": 3, "dryRun": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncArgs {
    pub id: Option<RouterId>,
    pub dry_run: bool,
}

macro_rules! commands {
    ($(
        $(#[$doc:meta])*
        $command:ident = $name:literal, $args:ty => $output:ty, $access:ident $(($permission:ident))?;
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $command;

            impl Command for $command {
                const NAME: &'static str = $name;
                type Args = $args;
                type Output = $output;
                const ACCESS: Access = Access::$access $((Permission::$permission))?;
            }
        )*

        /// Every command's name, in the order declared.
        pub const ALL: &[&str] = &[$($name),*];

        /// Every command's name beside who may call it.
        pub const ACCESS: &[(&str, Access)] = &[$(($name, <$command as Command>::ACCESS)),*];

        /// Every command's type name beside its name, for tests that check each is used.
        pub const TYPE_NAMES: &[(&str, &str)] = &[$((stringify!($command), $name)),*];
    };
}

commands! {
    /// The app's version, database and password store.
    GetAppInfo = "app_info", NoArgs => AppInfo, Anyone;
    ListProfiles = "list_profiles", NoArgs => Vec<ProfileView>, Needs(ViewPlans);
    CreateProfile = "create_profile", WithInput<ProfileInput> => ProfileView, Needs(EditPlans);
    UpdateProfile = "update_profile", Edit<ProfileId, ProfileInput> => ProfileView, Needs(EditPlans);
    DeleteProfile = "delete_profile", ById<ProfileId> => (), Needs(EditPlans);
    ListRouters = "list_routers", NoArgs => Vec<RouterView>, Needs(ViewRouters);
    CreateRouter = "create_router", WithInput<RouterInput> => RouterView, Needs(EditRouters);
    UpdateRouter = "update_router", Edit<RouterId, RouterInput> => RouterView, Needs(EditRouters);
    DeleteRouter = "delete_router", ById<RouterId> => (), Needs(EditRouters);
    /// "Test connection": checks one router now.
    TestRouter = "test_router", ById<RouterId> => RouterCheck, Needs(ViewRouters);
    /// "Test" on the router form, before saving (api-ssl first when the form names neither a
    /// port nor api-ssl).
    TryRouter = "try_router", WithInput<RouterInput> => RouterTrial, Needs(EditRouters);
    /// Accepts a router's changed api-ssl certificate, after the owner confirmed it.
    TrustRouterCertificate = "trust_router_certificate", WithInput<TrustCertificateInput> => RouterView, Needs(EditRouters);
    /// Keeps router passwords in another store from now on.
    ChooseSecretStore = "choose_secret_store", SecretStoreChoice => AppInfo, Needs(ChooseSecretStore);
    /// Checks every router now.
    CheckRouters = "check_routers", NoArgs => Vec<RouterCheck>, Needs(ViewRouters);
    /// The router's recent API interactions.
    RouterLog = "router_log", ById<RouterId> => Vec<RouterLogView>, Needs(ViewRouters);
    ListCustomers = "list_customers", ListCustomersArgs => CustomerPage, Needs(ViewCustomers);
    GetCustomer = "get_customer", ById<CustomerId> => CustomerView, Needs(ViewCustomers);
    CreateCustomer = "create_customer", WithInput<CustomerInput> => CustomerView, Needs(CreateCustomers);
    UpdateCustomer = "update_customer", Edit<CustomerId, CustomerInput> => CustomerView, Needs(EditCustomers);
    DeleteCustomer = "delete_customer", ById<CustomerId> => (), Needs(DeleteCustomers);
    ActivateCustomer = "activate_customer", ById<CustomerId> => CustomerView, Needs(ActivateCustomers);
    /// Activates many customers at once (one transaction): "Activate selected".
    ActivateCustomers = "activate_customers", ByIds<CustomerId> => BulkOutcome, Needs(ActivateCustomers);
    ExtendCustomer = "extend_customer", ExtendArgs => CustomerView, Needs(ActivateCustomers);
    DisableCustomer = "disable_customer", ById<CustomerId> => CustomerView, Needs(SuspendCustomers);
    EnableCustomer = "enable_customer", ById<CustomerId> => CustomerView, Needs(SuspendCustomers);
    /// The customer's account, session and history as the router and the database have them.
    CustomerRouter = "customer_router", ById<CustomerId> => CustomerRouterView, Needs(ViewCustomers);
    KickCustomer = "kick_customer", ById<CustomerId> => CustomerRouterView, Needs(SuspendCustomers);
    /// Every router's queue of waiting changes.
    RouterQueues = "router_queues", NoArgs => Vec<RouterQueueView>, Needs(ViewRouters);
    SyncRouter = "sync_router", SyncArgs => SyncRun, Needs(SyncRouters);
    /// Changes a router refused for good (retried hourly), for one router or one customer.
    FailedJobs = "failed_jobs", ByScope => Vec<FailedRouterJob>, Needs(ViewRouters);
    /// Tries those changes again now; answers how many.
    RetryFailedJobs = "retry_failed_jobs", ByScope => u64, Needs(SyncRouters);
    ImportFromRouter = "import_from_router", ById<RouterId> => ImportReport, Needs(SyncRouters);
    ImportCustomersCsv = "import_customers_csv", WithInput<CsvImportInput> => ImportReport, Needs(SyncRouters);
    GetOfficeSettings = "office_settings", NoArgs => OfficeSettings, SignedIn;
    SaveOfficeSettings = "save_office_settings", WithInput<OfficeSettings> => OfficeSettings, Needs(EditSettings);
    /// Who is signed in here, and whether the first owner account must still be made.
    GetSession = "session", NoArgs => SessionView, Anyone;
    /// "Create the owner account" at the first start; signs the owner in.
    CreateOwner = "create_owner", WithInput<OwnerInput> => SessionView, Anyone;
    SignIn = "sign_in", WithInput<SignInInput> => SessionView, Anyone;
    /// Signs out (also the idle lock and "Switch user", which then show the sign-in screen).
    SignOut = "sign_out", NoArgs => SessionView, Anyone;
    ChangeOwnPassword = "change_own_password", WithInput<PasswordChange> => SessionView, SignedIn;
    ListStaff = "list_staff", NoArgs => Vec<StaffView>, Needs(ManageStaff);
    AddStaff = "add_staff", WithInput<StaffInput> => StaffView, Needs(ManageStaff);
    SetStaffRole = "set_staff_role", Edit<StaffId, StaffRole> => StaffView, Needs(ManageStaff);
    DisableStaff = "disable_staff", ById<StaffId> => StaffView, Needs(ManageStaff);
    EnableStaff = "enable_staff", ById<StaffId> => StaffView, Needs(ManageStaff);
    /// Sets a temporary password; the person chooses their own at the next sign-in.
    ResetStaffPassword = "reset_staff_password", Edit<StaffId, String> => StaffView, Needs(ManageStaff);
    /// A page of the audit log, newest first, as filtered.
    AuditLog = "audit_log", WithInput<AuditFilter> => AuditPage, Needs(ViewAudit);
    /// Saves every entry the filter matches as a CSV file; answers where.
    ExportAudit = "export_audit", WithInput<AuditFilter> => String, Needs(ViewAudit);
    /// Walks the whole hash chain: intact, or where it breaks.
    AuditChain = "audit_chain", NoArgs => ChainState, Needs(ViewAudit);
    /// Whose actions the log may hold, for its "person" filter.
    AuditPeople = "audit_people", NoArgs => Vec<StaffView>, Needs(ViewAudit);
    /// When each of the agent's jobs last ran.
    AgentJobs = "agent_jobs", NoArgs => Vec<JobRunView>, Needs(ViewSettings);
    /// Payments newest first, a page at a time.
    ListPayments = "list_payments", WithInput<PaymentFilter> => PaymentPage, Needs(ViewPayments);
    /// What the filter's payments add up to, per currency and method (paging left aside).
    PaymentTotalsOf = "payment_totals", WithInput<PaymentFilter> => PaymentTotals, Needs(ViewPayments);
    /// Writes the filter's payments (all pages) to a CSV file; says where and how many.
    ExportPayments = "export_payments", WithInput<PaymentFilter> => String, Needs(ViewPayments);
    /// One payment with its whole history.
    GetPayment = "get_payment", ById<PaymentId> => PaymentView, Needs(ViewPayments);
    /// Money taken at the counter, applied to its customer at once (or left unmatched).
    RecordPayment = "record_payment", WithInput<PaymentInput> => PaymentView, Needs(TakePayments);
    /// Gives an unmatched payment to a customer, who gets what it buys.
    AssignPayment = "assign_payment", AssignArgs => PaymentView, Needs(TakePayments);
    /// Takes back an applied payment's time and credit, with the reason given.
    ReversePayment = "reverse_payment", Edit<PaymentId, String> => PaymentView, Needs(ReversePayments);
    /// A customer's credit balance per currency: `[["IDR", "5000"]]`.
    CustomerCredit = "customer_credit", ById<CustomerId> => Vec<(String, String)>, Needs(ViewPayments);
    /// Writes a payment's receipt as a PDF (a reprint when printed before).
    PrintReceipt = "print_receipt", WithInput<ReceiptRequest> => PdfFile, Needs(ViewPayments);
    /// The signed-in person's open shift, if any.
    CurrentShift = "current_shift", NoArgs => Option<ShiftView>, Needs(TakePayments);
    OpenShift = "open_shift", WithInput<OpenShiftInput> => ShiftView, Needs(TakePayments);
    /// Closes one's own shift, or (owners and managers) one a cashier left open.
    CloseShift = "close_shift", WithInput<CloseShiftInput> => ShiftView, Needs(TakePayments);
    /// Shifts newest first: a cashier's own, everyone's for owners and managers.
    ListShifts = "list_shifts", WithInput<ShiftFilter> => Vec<ShiftView>, Needs(TakePayments);
    /// Writes a shift's report as a PDF.
    PrintShiftReport = "print_shift_report", ById<ShiftId> => PdfFile, Needs(TakePayments);
    /// What receipts show and the paper they are printed on.
    GetReceiptSettings = "receipt_settings", NoArgs => ReceiptSettings, SignedIn;
    SaveReceiptSettings = "save_receipt_settings", WithInput<ReceiptSettings> => ReceiptSettings, Needs(EditSettings);
    /// Sets or removes the logo printed on receipts.
    SetOfficeLogo = "set_office_logo", WithInput<LogoInput> => ReceiptSettings, Needs(EditSettings);
    /// Applies a payment stored `paid` but not applied (a gateway's that could not be, yet).
    ApplyPayment = "apply_payment", ById<PaymentId> => PaymentView, Needs(TakePayments);
    /// "Request M-Pesa payment": an STK push to the customer's phone.
    RequestMpesaPush = "request_mpesa_push", WithInput<MpesaPushInput> => MpesaPushView, Needs(TakePayments);
    /// A customer's M-Pesa pushes, newest first.
    CustomerPushes = "customer_pushes", ById<CustomerId> => Vec<MpesaPushView>, Needs(ViewPayments);
    /// What gateways sent, newest first, with processing's verdicts.
    ListDeliveries = "list_deliveries", WithInput<DeliveryFilter> => DeliveryPage, Needs(ViewPayments);
    /// One delivery with its headers and body.
    GetDelivery = "get_delivery", ById<i64> => DeliveryDetail, Needs(ViewPayments);
    /// Processes a delivery again now (after a gateway was set up, say).
    ProcessDelivery = "process_delivery", ById<i64> => DeliveryDetail, Needs(TakePayments);
    /// Where the payment relay is reached and served, and which gateways are set up.
    GetRelaySettings = "relay_settings", NoArgs => RelaySettings, Needs(ViewSettings);
    SaveRelaySettings = "save_relay_settings", WithInput<RelaySettings> => RelaySettings, Needs(EditSettings);
    /// Registers the relay's M-Pesa C2B validation and confirmation URLs with Daraja; answers
    /// the two URLs.
    RegisterMpesaC2b = "register_mpesa_urls", NoArgs => Vec<String>, Needs(EditSettings);
    /// The cards as a PDF saved where the person chooses (the system's "Save as" dialog);
    /// `None` when they cancelled.
    SaveVouchersAs = "save_vouchers_as", WithInput<VoucherPrintRequest> => Option<PdfFile>, Needs(ManageVouchers);
    /// Opens a file tikbill wrote to its export folder in the system's viewer (to print it).
    OpenExportedFile = "open_exported_file", WithInput<String> => String, SignedIn;
    /// Sets where a router's hotspot login page is, for the QR code on vouchers.
    SetRouterHotspot = "set_router_hotspot", Edit<RouterId, String> => RouterView, Needs(EditRouters);
    /// The dashboard's tiles: customers, online, routers, money taken, payments waiting, cards.
    DashboardFiguresNow = "dashboard_figures", NoArgs => DashboardFigures, Needs(ViewCustomers);
    /// Every voucher batch, newest first, with its cards counted by state.
    ListVoucherBatches = "list_voucher_batches", NoArgs => Vec<VoucherBatchView>, Needs(ViewVouchers);
    /// Generates a batch (progress reported as `voucher-progress` events: `[done, total]`).
    GenerateVouchers = "generate_vouchers", WithInput<VoucherBatchInput> => GeneratedBatch, Needs(ManageVouchers);
    /// A page of cards, by id, as filtered.
    ListVouchers = "list_vouchers", WithInput<VoucherFilter> => VoucherPage, Needs(ViewVouchers);
    /// One card's history, by its code.
    VoucherHistory = "voucher_history", WithInput<String> => Vec<VoucherTransitionView>, Needs(ViewVouchers);
    IssueVouchers = "issue_vouchers", WithInput<IssueVouchersInput> => Vec<VoucherView>, Needs(ManageVouchers);
    SellVouchers = "sell_vouchers", WithInput<SellVouchersInput> => VoucherSale, Needs(SellVouchers);
    ReturnVouchers = "return_vouchers", WithInput<VoucherCodes> => Vec<VoucherView>, Needs(SellVouchers);
    RevokeVouchers = "revoke_vouchers", WithInput<VoucherCodes> => Vec<VoucherView>, Needs(ManageVouchers);
    RedeemVoucher = "redeem_voucher", WithInput<RedeemVoucherInput> => RedeemOutcome, Needs(SellVouchers);
    /// Writes a batch's cards to a CSV file; says where and how many.
    ExportVouchers = "export_vouchers", ById<VoucherBatchId> => String, Needs(ManageVouchers);
    /// Reads the routers for first logins and ended cards now; says what moved.
    RefreshVouchers = "refresh_vouchers", NoArgs => String, Needs(ViewVouchers);
    /// The first page of a print as SVG, drawn from the same layout as the PDF.
    PreviewVouchers = "preview_vouchers", WithInput<VoucherPrintRequest> => VoucherPreview, Needs(ManageVouchers);
    /// Writes the cards as a PDF sheet or roll; answers where.
    PrintVouchers = "print_vouchers", WithInput<VoucherPrintRequest> => PdfFile, Needs(ManageVouchers);
    /// The dashboard's charts (money of the last 30 days, payments by method, plans by
    /// customers), drawn in the window's theme.
    DashboardCharts = "dashboard_charts", WithInput<ChartTheme> => Vec<ReportChart>, Needs(ViewCustomers);
    /// A report: figures, charts in the window's theme, tables.
    RunReport = "run_report", WithInput<ReportRequest> => ReportView, Needs(ViewReports);
    /// Writes a report as CSV to the export folder; answers where.
    ExportReportCsv = "export_report_csv", WithInput<ReportRequest> => PdfFile, Needs(ViewReports);
    /// Writes a report as a PDF to the export folder; answers where.
    PrintReport = "print_report", WithInput<ReportRequest> => PdfFile, Needs(ViewReports);
    /// The daily reports the agent wrote, newest first.
    ListDailyReports = "list_daily_reports", NoArgs => Vec<DailyReportView>, Needs(ViewReports);
    /// Puts a daily report's PDF (`YYYY-MM-DD`) in the export folder to open; answers where.
    DailyReportPdf = "daily_report_pdf", WithInput<String> => PdfFile, Needs(ViewReports);
    /// The newest notifications, each saying whether the person signed in has read it.
    ListNotifications = "list_notifications", NoArgs => Vec<NotificationView>, SignedIn;
    /// Marks notifications read for the person signed in (all of them when none are named).
    MarkNotificationsRead = "mark_notifications_read", WithInput<Option<Vec<i64>>> => u64, SignedIn;
    /// Which optional alerts the office wants (every payment received).
    GetAlertSettings = "alert_settings", NoArgs => AlertSettings, Needs(ViewSettings);
    SaveAlertSettings = "save_alert_settings", WithInput<AlertSettings> => AlertSettings, Needs(EditSettings);
    /// Expiry reminders by SMS: on or off, when, the gateway and the message (secrets are only
    /// said to be set).
    GetSmsSettings = "sms_settings", NoArgs => SmsSettings, Needs(ViewSettings);
    SaveSmsSettings = "save_sms_settings", WithInput<SmsSettings> => SmsSettings, Needs(EditSettings);
    /// Active customers whose plan ends within `input` days, soonest first, with their reminder.
    ExpiringCustomers = "expiring_customers", WithInput<u32> => Vec<ExpiringCustomer>, Needs(ViewCustomers);
    /// The newest expiry reminders sent or tried.
    ListSmsReminders = "sms_reminders", NoArgs => Vec<SmsReminderView>, Needs(ViewCustomers);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for name in ALL {
            assert!(seen.insert(name), "{name} is declared twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not snake_case"
            );
        }
        assert_eq!(ALL.len(), TYPE_NAMES.len());
    }

    #[test]
    fn arguments_travel_as_tauri_names_them() {
        let sync = serde_json::to_value(SyncArgs {
            id: Some(3),
            dry_run: true,
        })
        .unwrap();
        assert_eq!(sync, serde_json::json!({"id": 3, "dryRun": true}));
        let none = serde_json::to_value(NoArgs {}).unwrap();
        assert_eq!(none, serde_json::json!({}));
        let edit = serde_json::to_value(Edit { id: 4, input: "x" }).unwrap();
        assert_eq!(edit, serde_json::json!({"id": 4, "input": "x"}));
    }
}
