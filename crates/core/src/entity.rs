//! sea-orm models of the tables the core works with. They never leave this crate: services turn
//! them into `tikbill_api` views.

pub mod activity_log;
pub mod cash_shift;
pub mod customer;
pub mod customer_credit;
pub mod customer_session;
pub mod daily_report;
pub mod gateway_delivery;
pub mod mpesa_push;
pub mod notification;
pub mod notification_read;
pub mod payment;
pub mod payment_transition;
pub mod profile;
pub mod report_day;
pub mod report_revenue_day;
pub mod report_router_day;
pub mod report_voucher_day;
pub mod router;
pub mod router_check;
pub mod router_job;
pub mod router_job_queue;
pub mod router_log;
pub mod router_outage;
pub mod setting;
pub mod sms_reminder;
pub mod staff_user;
pub mod voucher;
pub mod voucher_batch;
pub mod voucher_batch_router;
pub mod voucher_redeem_attempt;
pub mod voucher_transition;
