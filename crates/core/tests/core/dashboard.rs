//! The dashboard's figures against a hand-computed office (Jakarta, UTC+7) on both databases:
//! days on the office's clock (a payment at 23:30 and one at 00:30 fall on different days),
//! two currencies, a reversed payment left out, last month whole.

use chrono::{TimeZone, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use tikbill_api::{
    CustomerInput, PaymentInput, PaymentMethod, ProfileInput, RevenueFigures, RouterInput,
    VoucherBatchInput, VoucherTimeMode,
};
use tikbill_core::router as routers;
use tikbill_core::{
    customer, dashboard, entity, payment, profile, voucher, Clock, Context, FixedClock,
};

use crate::support::{context, jakarta, on_each_database};

pub(crate) fn plan(name: &str, price: &str, currency: &str, days: &str) -> ProfileInput {
    ProfileInput {
        name: name.into(),
        rate_limit: "2M/4M".into(),
        price: price.into(),
        currency: currency.into(),
        duration_value: days.into(),
        duration_unit: "days".into(),
        data_limit: "".into(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    }
}

pub(crate) async fn customer_on(ctx: &Context, name: &str, router: i64, plan: i64) -> i64 {
    customer::create(
        ctx,
        &CustomerInput {
            username: name.into(),
            password: Some("rahasia".into()),
            full_name: name.into(),
            phone: "".into(),
            email: "".into(),
            service_type: "hotspot".into(),
            router_id: Some(router),
            profile_id: Some(plan),
        },
    )
    .await
    .expect("a customer")
    .id
}

async fn pay(ctx: &Context, customer_id: i64, amount: &str, currency: &str, periods: u32) -> i64 {
    payment::record(
        ctx,
        &PaymentInput {
            customer_id: Some(customer_id),
            profile_id: None,
            periods,
            amount: amount.into(),
            currency: currency.into(),
            method: PaymentMethod::Cash,
            reference: None,
        },
    )
    .await
    .expect("a payment")
    .id
}

/// Moves the shared clock to `at`.
fn to(clock: &FixedClock, at: chrono::DateTime<Utc>) {
    clock.advance(at - clock.now());
}

#[tokio::test]
async fn dashboard_figures_match_a_hand_computed_office() {
    on_each_database(|db, label| async move {
        let utc = |d: u32, m: u32, h: u32, min: u32| {
            Utc.with_ymd_and_hms(2026, m, d, h, min, 0)
                .single()
                .expect("an instant")
        };
        let clock = FixedClock::at(utc(15, 10, 5, 0));
        let ctx = context(&db, &clock);
        jakarta(&ctx).await;
        let tower = routers::create(
            &ctx,
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
        .expect("a router")
        .id;
        routers::create(
            &ctx,
            &RouterInput {
                name: "Tower 2".into(),
                host: "10.8.0.3".into(),
                port: "".into(),
                use_tls: false,
                username: "billing".into(),
                password: Some("pw".into()),
            },
        )
        .await
        .expect("a second router");
        let daily = profile::create(&ctx, &plan("Daily", "150000", "IDR", "1"))
            .await
            .expect("a plan")
            .id;
        let monthly_kes = profile::create(&ctx, &plan("Monthly KES", "1500", "KES", "30"))
            .await
            .expect("a plan")
            .id;
        let (a, b, c, d, e) = (
            customer_on(&ctx, "ayu", tower, daily).await,
            customer_on(&ctx, "baraka", tower, monthly_kes).await,
            customer_on(&ctx, "citra", tower, daily).await,
            customer_on(&ctx, "dewi", tower, daily).await,
            customer_on(&ctx, "eko", tower, daily).await,
        );
        let _ = d; // never pays: pending.

        // Last month (15 October): eko pays a day; his plan has long ended by November.
        pay(&ctx, e, "150000", "IDR", 1).await;
        // 23 November 23:30 in Jakarta (16:30 UTC): this month, not today.
        to(&clock, utc(23, 11, 16, 30));
        customer::expire_due(&ctx).await.expect("eko's plan ended");
        pay(&ctx, a, "150000", "IDR", 1).await;
        // 24 November 00:30 in Jakarta (17:30 UTC the day before): today.
        to(&clock, utc(23, 11, 17, 30));
        pay(&ctx, a, "150000", "IDR", 1).await;
        pay(&ctx, b, "1500", "KES", 1).await;
        // 14:00 in Jakarta: citra is activated, pays 2 more days, and that payment is reversed.
        to(&clock, utc(24, 11, 7, 0));
        customer::activate(&ctx, c).await.expect("citra active");
        let reversed = pay(&ctx, c, "300000", "IDR", 2).await;
        payment::reverse(&ctx, reversed, "paid twice")
            .await
            .expect("reversed");
        // Money nobody's yet: waiting to be applied.
        payment::record(
            &ctx,
            &PaymentInput {
                customer_id: None,
                profile_id: None,
                periods: 1,
                amount: "5000".into(),
                currency: "IDR".into(),
                method: PaymentMethod::BankTransfer,
                reference: Some("TRX-1".into()),
            },
        )
        .await
        .expect("unmatched money");
        // Ayu is online; one router answered its last check.
        entity::customer_session::ActiveModel {
            customer_id: Set(a),
            router_id: Set(tower),
            started_at: Set(utc(24, 11, 7, 30)),
            ended_at: Set(None),
            bytes_in: Set(0),
            bytes_out: Set(0),
            uptime_secs: Set(0),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("a session");
        let mut online: entity::router::ActiveModel = entity::router::Entity::find_by_id(tower)
            .one(&db)
            .await
            .expect("read")
            .expect("the router")
            .into();
        online.status = Set("online".into());
        online.update(&db).await.expect("online");

        // Three prepaid cards on the router, one sold today.
        let cards = voucher::generate(
            &ctx,
            &VoucherBatchInput {
                profile_id: daily,
                count: 3,
                router_ids: vec![tower],
                code_length: None,
                prefix: String::new(),
                same_password: true,
                time_mode: VoucherTimeMode::FirstLogin,
                valid_until: None,
                price: Some("5000".into()),
                note: None,
            },
        )
        .await
        .expect("cards");
        {
            use sea_orm::sea_query::Expr;
            entity::router_job::Entity::update_many()
                .col_expr(entity::router_job::Column::Status, Expr::value("done"))
                .exec(&db)
                .await
                .expect("jobs done");
        }
        voucher::settle_pushed(&ctx).await.expect("on the router");
        let first = voucher::list(
            &ctx,
            &tikbill_api::VoucherFilter {
                batch_id: Some(cards.batch.id),
                limit: Some(1),
                ..Default::default()
            },
        )
        .await
        .expect("a card")
        .cards
        .remove(0);
        voucher::sell(
            &ctx,
            &tikbill_api::SellVouchersInput {
                codes: vec![first.code],
                method: PaymentMethod::Cash,
            },
        )
        .await
        .expect("sold");

        // 15:00 in Jakarta, 24 November.
        to(&clock, utc(24, 11, 8, 0));
        let figures = dashboard::figures(&ctx).await.expect("the figures");
        assert_eq!(figures.day, "2026-11-24", "{label}");
        // ayu (until 25 Nov 23:30 WIB), baraka (30 days), citra (until 25 Nov 14:00 WIB).
        assert_eq!(figures.active_customers, 3, "{label}");
        assert_eq!(
            figures.expiring_soon, 2,
            "{label}: ayu and citra within 3 days"
        );
        assert_eq!(figures.online_now, 1, "{label}");
        assert_eq!(
            (figures.routers_online, figures.routers_total),
            (1, 2),
            "{label}"
        );
        assert_eq!(figures.payments_waiting, 1, "{label}: the unmatched 5000");
        assert_eq!(
            figures.revenue,
            vec![
                RevenueFigures {
                    currency: "IDR".into(),
                    // 00:30 today, the unmatched 5000 (money taken, waiting for its owner) and
                    // a card sold for 5000.
                    today: "160000".into(),
                    this_month: "310000".into(),
                    last_month: "150000".into(),
                },
                RevenueFigures {
                    currency: "KES".into(),
                    today: "1500".into(),
                    this_month: "1500".into(),
                    last_month: "0".into(),
                },
            ],
            "{label}: the reversed 300000 is not revenue"
        );
        assert_eq!(
            (figures.vouchers_sold_today, figures.vouchers_in_stock),
            (1, 2),
            "{label}"
        );
    })
    .await;
}
