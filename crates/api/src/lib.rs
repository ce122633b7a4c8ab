//! The contract between the tikbill UI and its backend.
//!
//! Everything that crosses the Tauri IPC boundary is defined here, once, and used by both sides:
//! the Sycamore UI (compiled to wasm32) and the Tauri shell. Database models never appear here;
//! the core crate converts them at the boundary.
//!
//! Free-text fields a user types (prices, rate limits, sizes) travel as strings: the core parses
//! them and answers with a field-level [`ApiError`] when they are wrong, so validation lives in
//! one place.

mod audit;
mod certificate;
pub mod command;
mod customer;
mod dashboard;
mod delivery;
mod error;
pub mod money;
mod mpesa;
mod notification;
mod payment;
mod permission;
mod profile;
mod provisioning;
mod receipt;
mod reminder;
mod report;
mod router;
mod shift;
mod staff;
mod system;
mod voucher;

pub use audit::{AuditEntryView, AuditFilter, AuditPage, BreakReason, ChainBreak, ChainState};
pub use certificate::{CertificateChange, TrustCertificateInput};
pub use customer::{
    BulkOutcome, BulkRefusal, CustomerFilter, CustomerId, CustomerInput, CustomerPage,
    CustomerStatus, CustomerView, ExtendInput, ServiceType,
};
pub use dashboard::{DashboardFigures, RevenueFigures};
pub use delivery::{
    DeliveryDetail, DeliveryFilter, DeliveryPage, DeliveryState, DeliveryView, PulledDelivery,
    PulledPage, RelaySettings,
};
pub use error::{ApiError, ErrorCode, FieldError};
pub use mpesa::{MpesaPushInput, MpesaPushView, PushState};
pub use notification::{AlertSettings, NotificationView};
pub use payment::receipt_label;
pub use payment::{
    CurrencyTotals, MethodTotals, MoneyCount, PaymentFilter, PaymentId, PaymentInput,
    PaymentMethod, PaymentPage, PaymentState, PaymentTotals, PaymentTransitionView, PaymentView,
};
pub use permission::{Access, Permission};
pub use profile::{DurationUnit, ProfileId, ProfileInput, ProfileView};
pub use provisioning::{
    ActiveSessionView, CsvImportInput, CustomerRouterView, FailedRouterJob, ImportRefusal,
    ImportReport, JobRunView, JobScope, OfficeSettings, RouterAccountView, RouterQueueView,
    SessionHistoryView, SyncDifference, SyncFailureView, SyncReport, SyncRun,
    DEFAULT_IDLE_LOCK_MINUTES,
};
pub use receipt::{LogoInput, PdfFile, ReceiptPaper, ReceiptRequest, ReceiptSettings};
pub use reminder::{
    AfricasTalkingSettings, CustomSmsSettings, ExpiringCustomer, ReminderOutcome, SmsMethod,
    SmsProvider, SmsReminderView, SmsSettings, TwilioSettings, DEFAULT_SMS_TEMPLATE,
    SMS_PLACEHOLDERS,
};
pub use report::{
    ChartTheme, DailyMoney, DailyReportFigures, DailyReportView, ReportChart, ReportColumn,
    ReportFigure, ReportKind, ReportPeriod, ReportRequest, ReportTable, ReportView, RevenueBy,
};
pub use router::{
    RouterCheck, RouterId, RouterInput, RouterLogView, RouterReport, RouterStatus, RouterTrial,
    RouterView,
};
pub use shift::{
    CloseShiftInput, OpenShiftInput, ShiftCards, ShiftFilter, ShiftId, ShiftMethodTotal, ShiftView,
};
pub use staff::{
    OwnerInput, PasswordChange, SessionView, SignInInput, SignedIn, StaffId, StaffInput, StaffRole,
    StaffView,
};
pub use system::{AppInfo, DatabaseKind, SecretStoreKind};
pub use voucher::{
    GeneratedBatch, IssueVouchersInput, RedeemOutcome, RedeemVoucherInput, SellVouchersInput,
    VoucherBatchId, VoucherBatchInput, VoucherBatchView, VoucherCodes, VoucherFilter, VoucherId,
    VoucherPage, VoucherPreview, VoucherPrintRequest, VoucherSale, VoucherState, VoucherStateCount,
    VoucherTimeMode, VoucherTransitionView, VoucherView, VOUCHER_LAYOUTS,
};
