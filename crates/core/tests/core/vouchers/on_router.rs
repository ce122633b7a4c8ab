//! Cards on a router (the emulator, which runs the profile's on-login script and its
//! scheduler as a router does): pushed through the job queue, their first login and their end
//! counted by the router with no tikbill running, and seen by tikbill afterwards.

use std::time::Duration as StdDuration;

use tikbill_api::{VoucherCodes, VoucherState, VoucherTimeMode};
use tikbill_core::provisioning::{self, WorkerOptions};
use tikbill_core::{voucher, Context};
use tikbill_routeros::emulator::Emulator;
use tikbill_routeros::menu::parse_bool;

use super::{batch_input, codes, emulator, stand, stand_with_plan};
use crate::support::{clock, context, on_each_database};

async fn drain(ctx: &Context, router: i64) {
    let mut options = WorkerOptions::new("test:worker");
    options.timeout = StdDuration::from_secs(5);
    provisioning::drain_router(ctx, router, &options)
        .await
        .expect("the worker runs");
}

async fn observe(ctx: &Context, router: i64) -> voucher::Observed {
    voucher::observe_router(ctx, router, StdDuration::from_secs(5))
        .await
        .expect("the router is read")
}

fn user(emulator: &Emulator, name: &str) -> tikbill_routeros::Row {
    emulator
        .rows("/ip/hotspot/user")
        .into_iter()
        .find(|r| r.get("name") == Some(name))
        .unwrap_or_else(|| panic!("{name} on the router"))
}

fn disabled(emulator: &Emulator, name: &str) -> bool {
    user(emulator, name)
        .get("disabled")
        .and_then(parse_bool)
        .unwrap_or(false)
}

async fn state(ctx: &Context, code: &str) -> VoucherState {
    voucher::by_code(ctx, code).await.expect("the card").state
}

#[tokio::test]
async fn a_first_login_card_ends_a_day_after_its_first_login_with_no_tikbill_running() {
    let router = emulator().await;
    router.set_clock("2026-11-27", "09:00:00");
    on_each_database(|db, label| {
        let router = &router;
        async move {
            let ctx = context(&db, &clock());
            let stand = stand(&ctx, Some(router)).await;
            let made = voucher::generate(&ctx, &batch_input(&stand, 40))
                .await
                .expect("batch");
            let codes = codes(&ctx, made.batch.id).await;
            drain(&ctx, stand.router).await;
            assert_eq!(
                voucher::settle_pushed(&ctx).await.expect("settled"),
                40,
                "{label}"
            );
            let profile = router
                .rows("/ip/hotspot/user/profile")
                .into_iter()
                .find(|r| r.get("name") == Some("tikbill-card-Daily-1d"))
                .expect("the card profile");
            assert!(profile
                .get("on-login")
                .is_some_and(|s| s.contains("interval=1d")));
            assert_eq!(profile.get("rate-limit"), Some("2M/4M"));
            let first = &codes[0];
            let card = voucher::by_code(&ctx, first).await.expect("card");
            let row = user(router, first);
            assert_eq!(row.get("profile"), Some("tikbill-card-Daily-1d"), "{label}");
            assert_eq!(row.get("password"), card.password.as_deref());
            assert_eq!(
                row.get("comment"),
                Some(format!("tikbill:card:{}", made.batch.id).as_str())
            );
            // The customer logs in at the hotspot: the router starts the card's day.
            router
                .hotspot_login(
                    first,
                    card.password.as_deref().unwrap_or(first),
                    "10.5.50.7",
                    "AA:BB:CC:00:00:07",
                )
                .expect("the card logs in");
            let observed = observe(&ctx, stand.router).await;
            assert_eq!(observed.in_use, 1, "{label}");
            assert_eq!(state(&ctx, first).await, VoucherState::InUse);
            // A second login later the same day starts nothing again.
            router.advance_clock(StdDuration::from_secs(3600));
            router.hotspot_logout(first);
            router
                .hotspot_login(
                    first,
                    card.password.as_deref().unwrap_or(first),
                    "10.5.50.7",
                    "AA:BB:CC:00:00:07",
                )
                .expect("the card logs in again");
            // No tikbill runs: the router alone ends the card a day after its first login.
            router.advance_clock(StdDuration::from_secs(23 * 3600 - 60));
            assert!(!disabled(router, first), "{label}: 1 minute left");
            router.advance_clock(StdDuration::from_secs(61));
            assert!(
                disabled(router, first),
                "{label}: the router switched it off"
            );
            assert!(router
                .rows("/ip/hotspot/active")
                .iter()
                .all(|r| r.get("user") != Some(first.as_str())));
            assert!(!disabled(router, &codes[1]), "an unused card keeps waiting");
            let observed = observe(&ctx, stand.router).await;
            assert_eq!((observed.in_use, observed.expired), (0, 1), "{label}");
            assert_eq!(state(&ctx, first).await, VoucherState::Expired);
            assert_eq!(state(&ctx, &codes[1]).await, VoucherState::OnRouter);
            // A revoked card leaves the router.
            voucher::revoke(
                &ctx,
                &VoucherCodes {
                    codes: vec![codes[1].clone()],
                    reason: Some("lost".into()),
                },
            )
            .await
            .expect("revoked");
            drain(&ctx, stand.router).await;
            assert!(
                router
                    .rows("/ip/hotspot/user")
                    .iter()
                    .all(|r| r.get("name") != Some(codes[1].as_str())),
                "{label}"
            );
            // Clean the shared emulator for the next database.
            for code in &codes {
                router
                    .run_script(&format!(
                        "/ip hotspot user remove [find where name=\"{code}\"]"
                    ))
                    .ok();
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_time_online_card_is_used_up_after_its_hours_and_a_dated_one_ends_on_its_day() {
    let router = emulator().await;
    router.set_clock("2026-11-27", "09:00:00");
    on_each_database(|db, label| {
        let router = &router;
        async move {
            let ctx = context(&db, &clock());
            let stand = stand_with_plan(&ctx, Some(router), "Hour", "1G").await;
            let mut input = batch_input(&stand, 2);
            input.time_mode = VoucherTimeMode::UsageTime;
            input.same_password = true;
            let made = voucher::generate(&ctx, &input).await.expect("batch");
            let code = codes(&ctx, made.batch.id).await.remove(0);
            let mut dated = batch_input(&stand, 1);
            dated.time_mode = VoucherTimeMode::FixedDate;
            dated.valid_until = Some("2026-11-28".into());
            let dated = voucher::generate(&ctx, &dated).await.expect("dated batch");
            let dated_code = codes(&ctx, dated.batch.id).await.remove(0);
            drain(&ctx, stand.router).await;
            voucher::settle_pushed(&ctx).await.expect("settled");
            let row = user(router, &code);
            assert_eq!(row.get("limit-uptime"), Some("1d"), "{label}");
            assert_eq!(row.get("limit-bytes-total"), Some("1073741824"));
            assert_eq!(row.get("profile"), Some("Hour"), "the plan's own profile");
            let entry = router
                .rows("/system/scheduler")
                .into_iter()
                .find(|r| {
                    r.get("name") == Some(format!("tikbill-expire-hotspot-{dated_code}").as_str())
                })
                .expect("the dated card's expiry entry");
            let (end_date, end_time) = (
                entry.get("start-date").expect("a date").to_string(),
                entry.get("start-time").expect("a time").to_string(),
            );
            router
                .hotspot_login(&code, &code, "10.5.50.8", "AA:BB:CC:00:00:08")
                .expect("login");
            router.advance_clock(StdDuration::from_secs(86_400));
            assert!(
                router
                    .rows("/ip/hotspot/active")
                    .iter()
                    .all(|r| r.get("user") != Some(code.as_str())),
                "{label}: logged out at its limit"
            );
            assert!(router
                .hotspot_login(&code, &code, "10.5.50.8", "AA:BB:CC:00:00:08")
                .is_err());
            let observed = observe(&ctx, stand.router).await;
            assert_eq!(observed.used_up, 1, "{label}");
            assert_eq!(state(&ctx, &code).await, VoucherState::UsedUp);
            // The dated card: its last day was 2026-11-28 in Jakarta; the router ends it.
            router.set_clock(&end_date, &end_time);
            observe(&ctx, stand.router).await;
            assert_eq!(
                state(&ctx, &dated_code).await,
                VoucherState::Expired,
                "{label}"
            );
            for name in [&code, &dated_code] {
                router
                    .run_script(&format!(
                        "/ip hotspot user remove [find where name=\"{name}\"]"
                    ))
                    .ok();
            }
            router.set_clock("2026-11-27", "09:00:00");
        }
    })
    .await;
}

#[tokio::test]
async fn a_card_on_two_routers_works_where_it_was_first_used_and_keeps_the_time_it_was_sold_as() {
    let (a, b) = (emulator().await, emulator().await);
    a.set_clock("2026-11-27", "09:00:00");
    b.set_clock("2026-11-27", "09:00:00");
    on_each_database(|db, label| {
        let (a, b) = (&a, &b);
        async move {
            let ctx = context(&db, &clock());
            let one = stand(&ctx, Some(a)).await;
            let other = tikbill_core::router::create(
                &ctx,
                &tikbill_api::RouterInput {
                    name: "Hotspot B".into(),
                    host: "127.0.0.1".into(),
                    port: b.address().port().to_string(),
                    use_tls: false,
                    username: super::API_USER.into(),
                    password: Some(super::API_PASSWORD.into()),
                },
            )
            .await
            .expect("a second router")
            .id;
            let mut input = batch_input(&one, 2);
            input.router_ids = vec![one.router, other];
            input.same_password = true;
            let made = voucher::generate(&ctx, &input).await.expect("batch");
            let code = codes(&ctx, made.batch.id).await.remove(0);
            // The plan becomes a week after the batch: its cards stay one-day cards.
            let week = tikbill_api::ProfileInput {
                name: "Daily".into(),
                rate_limit: "2M/4M".into(),
                price: "5000".into(),
                currency: "IDR".into(),
                duration_value: "7".into(),
                duration_unit: "days".into(),
                data_limit: "".into(),
                shared_users: "1".into(),
                session_timeout: String::new(),
            };
            tikbill_core::profile::update(&ctx, one.daily, &week)
                .await
                .expect("the plan changed");
            drain(&ctx, one.router).await;
            drain(&ctx, other).await;
            assert_eq!(
                voucher::settle_pushed(&ctx).await.expect("settled"),
                2,
                "{label}"
            );
            for router in [a, b] {
                assert_eq!(
                    user(router, &code).get("profile"),
                    Some("tikbill-card-Daily-1d"),
                    "{label}: sold as a day"
                );
            }
            a.hotspot_login(&code, &code, "10.5.50.9", "AA:BB:CC:00:00:09")
                .expect("login on A");
            observe(&ctx, one.router).await;
            // Router B drops it: the card's day is counted once, on A.
            drain(&ctx, other).await;
            assert!(
                b.rows("/ip/hotspot/user")
                    .iter()
                    .all(|r| r.get("name") != Some(code.as_str())),
                "{label}: B dropped the card"
            );
            assert!(b
                .hotspot_login(&code, &code, "10.5.50.9", "AA:BB:CC:00:00:09")
                .is_err());
            assert!(!disabled(a, &code), "A keeps it");
            for router in [a, b] {
                for name in codes(&ctx, made.batch.id).await {
                    router.hotspot_logout(&name);
                    router
                        .run_script(&format!(
                            "/ip hotspot user remove [find where name=\"{name}\"]"
                        ))
                        .ok();
                }
                router.run_script("/system scheduler remove [find]").ok();
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_card_valid_until_a_day_that_is_over_is_neither_sold_nor_redeemed() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let stand = stand(&ctx, None).await;
        let mut input = batch_input(&stand, 1);
        input.time_mode = VoucherTimeMode::FixedDate;
        input.valid_until = Some("2026-11-25".into());
        let made = voucher::generate(&ctx, &input).await.expect("batch");
        let code = codes(&ctx, made.batch.id).await.remove(0);
        {
            use sea_orm::sea_query::Expr;
            use sea_orm::EntityTrait;
            tikbill_core::entity::router_job::Entity::update_many()
                .col_expr(
                    tikbill_core::entity::router_job::Column::Status,
                    Expr::value("done"),
                )
                .exec(&db)
                .await
                .expect("jobs done");
        }
        voucher::settle_pushed(&ctx).await.expect("on the router");
        clock.advance(chrono::Duration::days(3));
        let sold = voucher::sell(
            &ctx,
            &tikbill_api::SellVouchersInput {
                codes: vec![code],
                method: tikbill_api::PaymentMethod::Cash,
            },
        )
        .await;
        assert!(
            matches!(sold, Err(tikbill_core::CoreError::Conflict(_))),
            "{label}: {sold:?}"
        );
    })
    .await;
}
