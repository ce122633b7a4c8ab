//! Reports against a hand-computed office (Jakarta, UTC+7) on both databases: days on the
//! office's clock (23:30 and 00:30 fall on different days), two currencies, a reversal weeks
//! later making its day be added up again, the roll-ups equal to the raw rows, router uptime
//! and outages from the checks kept, the daily report's catch-up, and notifications read per
//! person.

use chrono::{TimeZone, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use tikbill_api::{
    ChartTheme, ErrorCode, PaymentInput, PaymentMethod, ReportKind, ReportPeriod, ReportRequest,
    ReportView, RevenueBy, RouterInput, StaffRole,
};
use tikbill_core::router as routers;
use tikbill_core::{
    entity, notification, payment, profile, report, Actor, Clock, Context, FixedClock,
};

use crate::dashboard::{customer_on, plan};
use crate::support::{context, jakarta, on_each_database};

fn utc(m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0)
        .single()
        .expect("an instant")
}

fn to(clock: &FixedClock, at: chrono::DateTime<Utc>) {
    clock.advance(at - clock.now());
}

async fn pay(
    ctx: &Context,
    customer_id: Option<i64>,
    amount: &str,
    currency: &str,
    periods: u32,
    method: PaymentMethod,
) -> i64 {
    payment::record(
        ctx,
        &PaymentInput {
            customer_id,
            profile_id: None,
            periods,
            amount: amount.into(),
            currency: currency.into(),
            method,
            reference: customer_id.is_none().then(|| "TRX-1".to_string()),
        },
    )
    .await
    .expect("a payment")
    .id
}

fn request(kind: ReportKind, from: &str, to: &str) -> ReportRequest {
    ReportRequest {
        kind,
        from: from.into(),
        to: to.into(),
        period: ReportPeriod::Day,
        by: RevenueBy::Time,
        theme: ChartTheme::Light,
    }
}

/// The first table's rows, cells joined by " | ".
fn rows(view: &ReportView, table: usize) -> Vec<String> {
    view.tables[table]
        .rows
        .iter()
        .map(|r| r.join(" | "))
        .collect()
}

fn figure<'a>(view: &'a ReportView, label: &str) -> &'a str {
    view.figures
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value.as_str())
        .unwrap_or_else(|| panic!("no figure '{label}' in {:?}", view.figures))
}

/// The office's money and customers: 20–25 November 2026 in Jakarta.
async fn office(ctx: &Context, clock: &FixedClock) -> (i64, i64) {
    jakarta(ctx).await;
    let tower = routers::create(
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
    .expect("a router")
    .id;
    let daily = profile::create(ctx, &plan("Daily", "150000", "IDR", "1"))
        .await
        .expect("a plan")
        .id;
    let kes = profile::create(ctx, &plan("Daily KES", "1500", "KES", "1"))
        .await
        .expect("a plan")
        .id;
    let a = customer_on(ctx, "ayu", tower, daily).await;
    let b = customer_on(ctx, "baraka", tower, kes).await;
    // 22 Nov 23:30 in Jakarta.
    to(clock, utc(11, 22, 16, 30));
    pay(ctx, Some(a), "150000", "IDR", 1, PaymentMethod::Cash).await;
    // 23 Nov 00:30 in Jakarta (still the 22nd in UTC).
    to(clock, utc(11, 22, 17, 30));
    pay(ctx, Some(a), "150000", "IDR", 1, PaymentMethod::Cash).await;
    pay(ctx, Some(b), "1500", "KES", 1, PaymentMethod::Card).await;
    // 23 Nov 14:00: two days paid, reversed later.
    to(clock, utc(11, 23, 7, 0));
    let twice = pay(ctx, Some(a), "300000", "IDR", 2, PaymentMethod::Cash).await;
    // 24 Nov 10:00: money nobody's yet.
    to(clock, utc(11, 24, 3, 0));
    pay(ctx, None, "5000", "IDR", 1, PaymentMethod::BankTransfer).await;
    (tower, twice)
}

#[tokio::test]
async fn revenue_by_office_day_week_and_method_with_a_late_reversal() {
    on_each_database(|db, label| async move {
        let clock = FixedClock::at(utc(11, 20, 3, 0));
        let ctx = context(&db, &clock);
        let (_, twice) = office(&ctx, &clock).await;
        // 25 Nov 09:00 in Jakarta: the 22nd to the 24th have ended and are rolled up.
        to(&clock, utc(11, 25, 2, 0));
        let by_day = request(ReportKind::Revenue, "2026-11-22", "2026-11-25");
        let view = report::view(&ctx, &by_day).await.expect("the report");
        assert_eq!(
            rows(&view, 0),
            vec![
                "2026-11-22 | IDR | 1 | 150,000 | 0 | 0",
                "2026-11-23 | IDR | 2 | 450,000 | 0 | 0",
                "2026-11-23 | KES | 1 | 1,500.00 | 0 | 0.00",
                "2026-11-24 | IDR | 1 | 5,000 | 0 | 0",
            ],
            "{label}"
        );
        assert_eq!(figure(&view, "Taken (IDR)"), "605,000", "{label}");
        assert_eq!(figure(&view, "Taken (KES)"), "1,500.00", "{label}");
        assert_eq!(
            view.tables[0].total, None,
            "{label}: two currencies, no total"
        );
        assert_eq!(view.charts.len(), 2, "{label}: a chart per currency");
        assert!(view.charts[0].svg.contains("<svg"), "{label}");
        assert_eq!(view.time_zone, "Asia/Jakarta", "{label}");
        assert_eq!(
            entity::report_day::Entity::find()
                .count(&db)
                .await
                .expect("count"),
            3,
            "{label}: the 22nd, 23rd and 24th rolled up; today is not"
        );

        // Reversed on the 25th: the 23rd is added up again at the next read.
        payment::reverse(&ctx, twice, "paid twice")
            .await
            .expect("reversed");
        assert_eq!(
            entity::report_day::Entity::find()
                .count(&db)
                .await
                .expect("count"),
            2,
            "{label}: the 23rd is no longer rolled up"
        );
        let view = report::view(&ctx, &by_day).await.expect("the report again");
        assert_eq!(
            rows(&view, 0)[1],
            "2026-11-23 | IDR | 1 | 150,000 | 1 | 300,000",
            "{label}"
        );
        let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("a day");
        let until = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("a day");
        assert_eq!(
            report::rollup::verify(&ctx, from, until)
                .await
                .expect("verified"),
            Vec::<String>::new(),
            "{label}: every roll-up equals its raw rows"
        );
        // Ayu moves to another router: the days of her payments count for it now.
        let tower_2 = routers::create(
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
        .expect("a second router")
        .id;
        let ayu = tikbill_core::customer::get(&ctx, 1).await.expect("ayu");
        tikbill_core::customer::update(
            &ctx,
            ayu.id,
            &tikbill_api::CustomerInput {
                username: ayu.username.clone(),
                password: None,
                full_name: ayu.full_name.clone(),
                phone: String::new(),
                email: String::new(),
                service_type: "hotspot".into(),
                router_id: Some(tower_2),
                profile_id: Some(ayu.profile_id),
            },
        )
        .await
        .expect("moved");
        let by_router = ReportRequest {
            by: RevenueBy::Router,
            ..by_day.clone()
        };
        let view = report::view(&ctx, &by_router).await.expect("by router");
        assert_eq!(
            rows(&view, 0)[0],
            "Tower 2 | IDR | 2 | 300,000 | 1 | 300,000",
            "{label}"
        );
        assert_eq!(
            report::rollup::verify(&ctx, from, until)
                .await
                .expect("verified"),
            Vec::<String>::new(),
            "{label}: the move dropped her days' roll-ups, built again as they are now"
        );

        let by_method = ReportRequest {
            by: RevenueBy::Method,
            ..by_day.clone()
        };
        let view = report::view(&ctx, &by_method).await.expect("by method");
        assert_eq!(
            rows(&view, 0),
            vec![
                "Cash | IDR | 2 | 300,000 | 1 | 300,000",
                "Bank transfer | IDR | 1 | 5,000 | 0 | 0",
                "Card | KES | 1 | 1,500.00 | 0 | 0.00",
            ],
            "{label}"
        );
        let by_week = ReportRequest {
            period: ReportPeriod::Week,
            ..by_day.clone()
        };
        let view = report::view(&ctx, &by_week).await.expect("by week");
        assert_eq!(
            rows(&view, 0),
            vec![
                "2026-W47 (16 Nov) | IDR | 1 | 150,000 | 0 | 0",
                "2026-W48 (23 Nov) | IDR | 2 | 155,000 | 1 | 300,000",
                "2026-W48 (23 Nov) | KES | 1 | 1,500.00 | 0 | 0.00",
            ],
            "{label}: Sunday the 22nd is in the week of the 16th"
        );
        let by_plan = ReportRequest {
            by: RevenueBy::Plan,
            ..by_day.clone()
        };
        let view = report::view(&ctx, &by_plan).await.expect("by plan");
        assert_eq!(
            rows(&view, 0),
            vec![
                "Daily | IDR | 2 | 300,000 | 1 | 300,000",
                "No plan | IDR | 1 | 5,000 | 0 | 0",
                "Daily KES | KES | 1 | 1,500.00 | 0 | 0.00",
            ],
            "{label}"
        );

        let csv = report::csv(&ctx, &by_day).await.expect("CSV");
        assert!(csv.starts_with("Revenue,"), "{label}: {csv}");
        assert!(
            csv.contains("2026-11-23,IDR,1,\"150,000\",1,\"300,000\""),
            "{label}: {csv}"
        );
        let pdf = report::pdf(&ctx, &by_day).await.expect("PDF");
        assert!(pdf.starts_with(b"%PDF"), "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_report_refuses_days_it_cannot_read_and_people_without_the_right() {
    on_each_database(|db, label| async move {
        let clock = FixedClock::at(utc(11, 20, 3, 0));
        let ctx = context(&db, &clock);
        for (from, to, field) in [
            ("", "2026-11-25", "from"),
            ("2026-11-25", "2026-11-24", "to"),
            ("2026-11-25", "25/11/2026", "to"),
            ("2010-01-01", "2026-11-24", "to"),
        ] {
            let err = report::view(&ctx, &request(ReportKind::Revenue, from, to))
                .await
                .expect_err("refused");
            let err = tikbill_api::ApiError::from(err);
            assert_eq!(err.code, ErrorCode::Validation, "{label}: {from} {to}");
            assert!(
                err.fields.iter().any(|f| f.field == field),
                "{label}: {from} {to}: {:?}",
                err.fields
            );
        }
        let cashier = ctx.acting_as(Actor::staff(9, "sari", StaffRole::Cashier));
        let err = report::view(
            &cashier,
            &request(ReportKind::Revenue, "2026-11-01", "2026-11-02"),
        )
        .await
        .expect_err("a cashier reads no reports");
        assert_eq!(
            tikbill_api::ApiError::from(err).code,
            ErrorCode::Forbidden,
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn customers_plans_and_routers_reports_count_what_happened() {
    on_each_database(|db, label| async move {
        let clock = FixedClock::at(utc(11, 20, 3, 0));
        let ctx = context(&db, &clock);
        let (tower, _) = office(&ctx, &clock).await;
        // Checks on the 23rd (Jakarta): 4, of which 3 answered in 10, 20 and 30 ms; an outage
        // 17:00–17:30 (10:00–10:30 UTC).
        for (minute, online, ms) in [(0, true, 10), (5, true, 20), (10, false, 0), (15, true, 30)] {
            entity::router_check::ActiveModel {
                router_id: Set(tower),
                checked_at: Set(utc(11, 23, 10, minute)),
                online: Set(online),
                latency_ms: Set(online.then_some(ms)),
                ..Default::default()
            }
            .insert(&db)
            .await
            .expect("a check");
        }
        entity::router_outage::ActiveModel {
            router_id: Set(tower),
            started_at: Set(utc(11, 23, 10, 0)),
            ended_at: Set(Some(utc(11, 23, 10, 30))),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("an outage");
        // And one across the 23rd's first hour: 22 Nov 23:00 to 23 Nov 01:00 in Jakarta.
        entity::router_outage::ActiveModel {
            router_id: Set(tower),
            started_at: Set(utc(11, 22, 16, 0)),
            ended_at: Set(Some(utc(11, 22, 18, 0))),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("an outage across midnight");
        to(&clock, utc(11, 25, 2, 0));
        let the_23rd = report::view(
            &ctx,
            &request(ReportKind::Routers, "2026-11-23", "2026-11-23"),
        )
        .await
        .expect("routers on the 23rd");
        assert_eq!(
            rows(&the_23rd, 0),
            vec!["Tower 1 | 4 | 3 | 75.00 % | 20 ms | 2 | 1 h 30 min"],
            "{label}: only the outage's hour within the 23rd counts"
        );
        let view = report::view(
            &ctx,
            &request(ReportKind::Routers, "2026-11-20", "2026-11-25"),
        )
        .await
        .expect("routers");
        assert_eq!(
            rows(&view, 0),
            vec!["Tower 1 | 4 | 3 | 75.00 % | 20 ms | 2 | 2 h 30 min"],
            "{label}"
        );
        assert_eq!(
            rows(&view, 1),
            vec![
                "Tower 1 | 2026-11-22 23:00 | 2026-11-23 01:00 | 2 h 0 min",
                "Tower 1 | 2026-11-23 17:00 | 2026-11-23 17:30 | 30 min"
            ],
            "{label}: outages in office time"
        );

        let view = report::view(
            &ctx,
            &request(ReportKind::Customers, "2026-11-20", "2026-11-25"),
        )
        .await
        .expect("customers");
        assert_eq!(figure(&view, "New customers"), "2", "{label}");
        // Payments with a customer: ayu's three and baraka's one.
        assert_eq!(figure(&view, "Renewals"), "4", "{label}");
        let first_row = &view.tables[0].rows[0];
        assert_eq!(first_row[0], "2026-11-20", "{label}");
        assert_eq!(first_row[1], "2", "{label}: both made on the 20th");
        // baraka's day ended 24 Nov 00:30 and was not renewed; ayu's runs to the 26th.
        assert_eq!(figure(&view, "Churned"), "1", "{label}");
        assert_eq!(figure(&view, "Active at the end"), "1", "{label}");
        assert_eq!(
            view.tables[0].rows[4],
            vec!["2026-11-24", "0", "0", "1", "1"],
            "{label}: the 24th: baraka churned, one active"
        );

        let view = report::view(
            &ctx,
            &request(ReportKind::Plans, "2026-11-20", "2026-11-25"),
        )
        .await
        .expect("plans");
        let plans = rows(&view, 0);
        assert!(
            plans
                .iter()
                .any(|r| r.starts_with("Daily | ") && r.ends_with("| 3 | IDR 600,000")),
            "{label}: {plans:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_daily_report_catches_up_on_missed_days_once() {
    on_each_database(|db, label| async move {
        let clock = FixedClock::at(utc(11, 20, 3, 0));
        let ctx = context(&db, &clock);
        office(&ctx, &clock).await;
        let dir = tempfile::tempdir().expect("a folder");
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("a day");
        // 25 Nov 09:00 in Jakarta, nothing written ever: yesterday is due.
        to(&clock, utc(11, 25, 2, 0));
        assert_eq!(
            report::daily::due(&ctx).await.expect("due"),
            vec![day(24)],
            "{label}"
        );
        let written = report::daily::write(&ctx, day(24), dir.path())
            .await
            .expect("written");
        assert_eq!(written.figures.money.len(), 1, "{label}");
        assert_eq!(written.figures.money[0].taken, "5000", "{label}");
        let pdf = std::fs::read(report::daily::pdf_path(dir.path(), day(24))).expect("the PDF");
        assert!(pdf.starts_with(b"%PDF"), "{label}");
        assert!(
            report::daily::due(&ctx).await.expect("due").is_empty(),
            "{label}"
        );
        // The PC is off until 27 Nov 23:56: the 25th, 26th and 27th are due.
        to(&clock, utc(11, 27, 16, 56));
        assert_eq!(
            report::daily::due(&ctx).await.expect("due"),
            vec![day(25), day(26), day(27)],
            "{label}"
        );
        // Written again, a day is still told once.
        report::daily::write(&ctx, day(24), dir.path())
            .await
            .expect("again");
        let owner = ctx.acting_as(Actor::staff(1, "budi", StaffRole::Owner));
        let told = notification::list(&owner).await.expect("notifications");
        assert_eq!(
            told.iter().filter(|n| n.kind == "report.daily").count(),
            1,
            "{label}"
        );
        assert_eq!(
            report::daily::list(&ctx, 10).await.expect("list").len(),
            1,
            "{label}"
        );
        // Written at 23:56 on the 27th, each day is whole except the 27th, written again
        // once it has ended (its last minutes' payments in it).
        for d in [25, 26, 27] {
            report::daily::write(&ctx, day(d), dir.path())
                .await
                .expect("written");
        }
        assert!(
            report::daily::due(&ctx).await.expect("due").is_empty(),
            "{label}"
        );
        to(&clock, utc(11, 27, 17, 10));
        assert_eq!(
            report::daily::due(&ctx).await.expect("due"),
            vec![day(27)],
            "{label}"
        );
        let future = report::daily::write(&ctx, day(30), dir.path())
            .await
            .expect_err("a day to come");
        assert_eq!(
            tikbill_api::ApiError::from(future).fields[0].field,
            "date",
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn notifications_are_read_per_person() {
    on_each_database(|db, label| async move {
        let clock = FixedClock::at(utc(11, 20, 3, 0));
        let ctx = context(&db, &clock);
        office(&ctx, &clock).await;
        let dir = tempfile::tempdir().expect("a folder");
        for d in [21, 22] {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("a day");
            report::daily::write(&ctx, day, dir.path())
                .await
                .expect("written");
        }
        let budi = ctx.acting_as(Actor::staff(1, "budi", StaffRole::Owner));
        let sari = ctx.acting_as(Actor::staff(2, "sari", StaffRole::Cashier));
        // Two daily reports, and the money nobody's yet (told always).
        assert_eq!(
            notification::unread(&budi).await.expect("unread"),
            3,
            "{label}"
        );
        let kinds: Vec<String> = notification::list(&budi)
            .await
            .expect("list")
            .into_iter()
            .map(|n| n.kind)
            .collect();
        assert_eq!(
            kinds,
            vec!["report.daily", "report.daily", "payment.unmatched"],
            "{label}: newest first"
        );
        let newest = notification::list(&budi).await.expect("list")[0].id;
        assert_eq!(
            notification::mark_read(&budi, Some(vec![newest]))
                .await
                .expect("read"),
            1
        );
        assert_eq!(
            notification::unread(&budi).await.expect("unread"),
            2,
            "{label}"
        );
        assert_eq!(
            notification::unread(&sari).await.expect("unread"),
            3,
            "{label}"
        );
        notification::mark_read(&sari, None)
            .await
            .expect("all read");
        assert_eq!(
            notification::unread(&sari).await.expect("unread"),
            0,
            "{label}"
        );
        assert_eq!(
            notification::unread(&budi).await.expect("unread"),
            2,
            "{label}"
        );
        assert!(
            notification::list(&ctx).await.is_err(),
            "{label}: tikbill itself has no bell"
        );
    })
    .await;
}

#[tokio::test]
async fn alerts_tell_payments_plans_ending_and_a_stopped_agent_once() {
    on_each_database(|db, label| async move {
        let clock = FixedClock::at(utc(11, 20, 3, 0));
        let ctx = context(&db, &clock);
        tikbill_core::alerts::save_settings(
            &ctx,
            &tikbill_api::AlertSettings {
                payments_received: true,
            },
        )
        .await
        .expect("saved");
        office(&ctx, &clock).await;
        let owner = ctx.acting_as(Actor::staff(1, "budi", StaffRole::Owner));
        let count = |kind: &'static str| {
            let owner = owner.clone();
            async move {
                notification::list(&owner)
                    .await
                    .expect("list")
                    .iter()
                    .filter(|n| n.kind == kind)
                    .count()
            }
        };
        // Five payments (one nobody's, also told as waiting to be matched).
        assert_eq!(count("payment.received").await, 5, "{label}");
        assert_eq!(count("payment.unmatched").await, 1, "{label}");

        // 25 Nov 09:00: ayu's plan ends within 3 days; told once that day.
        to(&clock, utc(11, 25, 2, 0));
        assert_eq!(
            tikbill_core::alerts::expiring_soon(&ctx)
                .await
                .expect("counted"),
            1,
            "{label}"
        );
        tikbill_core::alerts::expiring_soon(&ctx)
            .await
            .expect("again");
        assert_eq!(count("customers.expiring").await, 1, "{label}");

        // The health job ran at 09:00 and then stopped: late after 15 minutes, told once.
        tikbill_core::settings::record_job_run(&ctx, "health", clock.now())
            .await
            .expect("a run");
        clock.advance(chrono::Duration::minutes(10));
        assert!(
            tikbill_core::alerts::late_jobs(&ctx)
                .await
                .expect("looked")
                .is_empty(),
            "{label}"
        );
        clock.advance(chrono::Duration::minutes(10));
        assert_eq!(
            tikbill_core::alerts::late_jobs(&ctx).await.expect("looked"),
            vec!["health".to_string()],
            "{label}"
        );
        tikbill_core::alerts::late_jobs(&ctx).await.expect("again");
        assert_eq!(count("agent.job_late").await, 1, "{label}");
    })
    .await;
}
