//! Prepaid cards on both databases: generating batches (unique codes, bad input, concurrent
//! batches), every state change from the counter, and the router's side on the emulator (the
//! card's time counted by the router itself, its first login and its end seen by tikbill).

use std::time::Duration as StdDuration;

use tikbill_api::{
    ProfileInput, RouterInput, StaffInput, StaffRole, VoucherBatchInput, VoucherTimeMode,
};
use tikbill_core::router as routers;
use tikbill_core::{profile, staff, voucher, Actor, Context};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::support::jakarta;

mod counter;
mod generate;
mod on_router;
mod print;

const API_USER: &str = "billing";
const API_PASSWORD: &str = "s3cret-pw";

/// An office selling cards: a router (on an emulator when one is given), a 1-day plan at
/// 5000 IDR.
struct Stand {
    router: i64,
    daily: i64,
}

async fn stand(ctx: &Context, emulator: Option<&Emulator>) -> Stand {
    stand_with_plan(ctx, emulator, "Daily", "").await
}

async fn stand_with_plan(
    ctx: &Context,
    emulator: Option<&Emulator>,
    plan: &str,
    data_limit: &str,
) -> Stand {
    jakarta(ctx).await;
    let port = emulator.map_or(8728, |e| e.address().port());
    let router = routers::create(
        ctx,
        &RouterInput {
            name: format!("Hotspot {plan}"),
            host: "127.0.0.1".into(),
            port: port.to_string(),
            use_tls: false,
            username: API_USER.into(),
            password: Some(API_PASSWORD.into()),
        },
    )
    .await
    .expect("a router")
    .id;
    let daily = profile::create(
        ctx,
        &ProfileInput {
            name: plan.into(),
            rate_limit: "2M/4M".into(),
            price: "5000".into(),
            currency: "IDR".into(),
            duration_value: "1".into(),
            duration_unit: "days".into(),
            data_limit: data_limit.into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan")
    .id;
    Stand { router, daily }
}

fn batch_input(stand: &Stand, count: u32) -> VoucherBatchInput {
    VoucherBatchInput {
        profile_id: stand.daily,
        count,
        router_ids: vec![stand.router],
        code_length: None,
        prefix: String::new(),
        same_password: false,
        time_mode: VoucherTimeMode::FirstLogin,
        valid_until: None,
        price: None,
        note: None,
    }
}

/// Every code of a batch, by serial.
async fn codes(ctx: &Context, batch: i64) -> Vec<String> {
    voucher::list_all(
        ctx,
        &tikbill_api::VoucherFilter {
            batch_id: Some(batch),
            ..Default::default()
        },
    )
    .await
    .expect("the batch's cards")
    .into_iter()
    .map(|c| c.code)
    .collect()
}

async fn emulator() -> Emulator {
    let mut config = EmulatorConfig::new(API_USER, API_PASSWORD);
    config.latency = StdDuration::ZERO;
    Emulator::start(config).await.expect("the emulator starts")
}

/// A staff member, and a context where they act.
async fn person(ctx: &Context, username: &str, role: StaffRole) -> (i64, Context) {
    let added = staff::add(
        ctx,
        &StaffInput {
            username: username.into(),
            name: format!("{username} full"),
            role,
            password: format!("{username}-password-1"),
        },
    )
    .await
    .expect("a staff account");
    (
        added.id,
        ctx.acting_as(Actor::staff(added.id, username, role)),
    )
}
