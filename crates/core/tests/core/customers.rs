use std::fmt::Debug;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::DatabaseConnection;
use tikbill_api::{
    ApiError, CustomerFilter, CustomerInput, CustomerStatus, CustomerView, DurationUnit, ErrorCode,
    ProfileInput, RouterInput, ServiceType,
};
use tikbill_core::router as routers;
use tikbill_core::{customer, profile, Clock, Context, CoreResult, FixedClock};

use crate::support::{clock, context, jakarta, on_each_database};

use CustomerStatus::{Active, Disabled, Expired, Pending};

/// Two routers and three profiles (1 day, 7 days, 30 days), made through their services.
struct Office {
    tower1: i64,
    tower2: i64,
    daily: i64,
    weekly: i64,
    monthly: i64,
}

/// Also sets the office's time zone to Asia/Jakarta (UTC+7, no daylight saving).
async fn office(ctx: &Context) -> Office {
    jakarta(ctx).await;
    let mut router_ids = Vec::new();
    for name in ["Tower 1", "Tower 2"] {
        let input = RouterInput {
            name: name.into(),
            host: "10.8.0.2".into(),
            port: "".into(),
            use_tls: false,
            username: "billing".into(),
            password: Some("pw".into()),
        };
        let r = routers::create(ctx, &input).await;
        router_ids.push(r.expect("a router").id);
    }
    let mut profile_ids = Vec::new();
    for (name, days) in [("Daily", "1"), ("Weekly", "7"), ("Monthly", "30")] {
        let input = ProfileInput {
            name: name.into(),
            rate_limit: "10M/5M".into(),
            price: "150000".into(),
            currency: "IDR".into(),
            duration_value: days.into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        };
        let p = profile::create(ctx, &input).await;
        profile_ids.push(p.expect("a profile").id);
    }
    Office {
        tower1: router_ids[0],
        tower2: router_ids[1],
        daily: profile_ids[0],
        weekly: profile_ids[1],
        monthly: profile_ids[2],
    }
}

fn input(username: &str, full_name: &str, router_id: i64, profile_id: i64) -> CustomerInput {
    CustomerInput {
        username: username.into(),
        password: Some("rahasia".into()),
        full_name: full_name.into(),
        phone: "".into(),
        email: "".into(),
        service_type: "hotspot".into(),
        router_id: Some(router_id),
        profile_id: Some(profile_id),
    }
}

/// Saves a customer the test needs; a refusal fails the test.
async fn add(ctx: &Context, form: CustomerInput) -> CustomerView {
    customer::create(ctx, &form)
        .await
        .expect("the test's customer is valid")
}

/// The refusal of something that must fail, as the UI receives it.
fn refusal<T: Debug>(result: CoreResult<T>) -> ApiError {
    ApiError::from(result.expect_err("this must be refused"))
}

fn filter(edit: impl FnOnce(&mut CustomerFilter)) -> CustomerFilter {
    let mut f = CustomerFilter::default();
    edit(&mut f);
    f
}

fn utc(y: i32, mo: u32, d: u32, h: u32) -> Option<String> {
    let t = Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).single();
    Some(t.expect("a valid instant").to_rfc3339())
}

/// A customer's status and expiry.
fn state(c: &CustomerView) -> (CustomerStatus, Option<String>) {
    (c.status, c.expires_at.clone())
}

mod lifecycle;
mod listing;
mod records;
mod search;
