//! The payment ledger on both databases: recording and applying (once), credit, reversal,
//! who may do what, many payments at once, and the payments page (filters and paging, totals,
//! the CSV export).

use chrono::{DateTime, Duration, Utc};
use tikbill_api::{
    CustomerInput, CustomerView, PaymentInput, PaymentMethod, PaymentState, PaymentView,
    ProfileInput, RouterInput,
};
use tikbill_core::router as routers;
use tikbill_core::{customer, payment, profile, Context};

use crate::support::jakarta;

/// A router, a 1-day plan at 150000 IDR, and customers on it (pending).
struct Shop {
    daily: i64,
    customers: Vec<CustomerView>,
}

async fn shop(ctx: &Context, customers: usize) -> Shop {
    jakarta(ctx).await;
    let router = routers::create(
        ctx,
        &RouterInput {
            name: "Tower 1".into(),
            host: "10.8.0.2".into(),
            port: "".into(),
            use_tls: false,
            username: "billing".into(),
            password: Some("pw".into()),
        },
    )
    .await
    .expect("a router");
    let daily = profile::create(
        ctx,
        &ProfileInput {
            name: "Daily".into(),
            rate_limit: "10M/5M".into(),
            price: "150000".into(),
            currency: "IDR".into(),
            duration_value: "1".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan")
    .id;
    let mut made = Vec::new();
    for n in 0..customers {
        let c = customer::create(
            ctx,
            &CustomerInput {
                username: format!("user{n}"),
                password: Some("rahasia".into()),
                full_name: format!("User {n}"),
                phone: "".into(),
                email: "".into(),
                service_type: "hotspot".into(),
                router_id: Some(router.id),
                profile_id: Some(daily),
            },
        )
        .await
        .expect("a customer");
        made.push(c);
    }
    Shop {
        daily,
        customers: made,
    }
}

/// Cash for a customer, in IDR, one period.
fn cash(customer_id: Option<i64>, amount: &str) -> PaymentInput {
    PaymentInput {
        customer_id,
        profile_id: None,
        periods: 1,
        amount: amount.into(),
        currency: "IDR".into(),
        method: PaymentMethod::Cash,
        reference: None,
    }
}

async fn pay(ctx: &Context, customer_id: i64, amount: &str) -> PaymentView {
    payment::record(ctx, &cash(Some(customer_id), amount))
        .await
        .expect("the payment is recorded")
}

async fn expiry(ctx: &Context, id: i64) -> Option<DateTime<Utc>> {
    let c = customer::get(ctx, id).await.expect("the customer");
    c.expires_at.map(|t| {
        DateTime::parse_from_rfc3339(&t)
            .expect("an RFC 3339 time")
            .with_timezone(&Utc)
    })
}

async fn credit(ctx: &Context, id: i64) -> Vec<(String, String)> {
    payment::credit(ctx, id).await.expect("the credit")
}

fn moves(view: &PaymentView) -> Vec<(Option<PaymentState>, PaymentState)> {
    view.transitions.iter().map(|t| (t.from, t.to)).collect()
}

fn now(ctx: &Context) -> DateTime<Utc> {
    ctx.clock().now()
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

mod at_once;
mod export;
mod ledger;
mod page;
mod receipts;
mod received;
mod rules;
mod shifts;
mod totals;
