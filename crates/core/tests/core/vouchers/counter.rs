//! The counter's moves: issuing cards to a cashier, selling them into the drawer, returning
//! them unsold, revoking, redeeming for a customer (attempts limited), reversing a sale, and
//! the CSV export's safe cells.

use tikbill_api::{
    CustomerInput, IssueVouchersInput, OpenShiftInput, PaymentMethod, PaymentState,
    RedeemVoucherInput, SellVouchersInput, StaffRole, VoucherCodes, VoucherState,
};
use tikbill_core::{customer, payment, shift, voucher, Clock, CoreError};

use super::{batch_input, codes, person, stand, stand_with_plan};
use crate::support::{clock, context, on_each_database};

fn of(codes: &[String]) -> VoucherCodes {
    VoucherCodes {
        codes: codes.to_vec(),
        reason: None,
    }
}

/// Cards of a batch, made `on_router` as the router's confirmation would.
async fn on_router_cards(
    ctx: &tikbill_core::Context,
    stand: &super::Stand,
    n: u32,
) -> (i64, Vec<String>) {
    let made = voucher::generate(ctx, &batch_input(stand, n))
        .await
        .expect("a batch");
    mark_pushed(ctx, stand.router).await;
    (made.batch.id, codes(ctx, made.batch.id).await)
}

/// The router's jobs done, as its worker would mark them after the router confirmed.
async fn mark_pushed(ctx: &tikbill_core::Context, router: i64) {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tikbill_core::entity::router_job;
    router_job::Entity::update_many()
        .col_expr(router_job::Column::Status, Expr::value("done"))
        .filter(router_job::Column::RouterId.eq(router))
        .exec(ctx.db())
        .await
        .expect("jobs done");
    let moved = voucher::settle_pushed(ctx).await.expect("settled");
    assert!(moved > 0);
}

#[tokio::test]
async fn cards_go_from_the_router_to_a_cashier_to_a_sale_in_her_drawer() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let stand = stand(&ctx, None).await;
        let (batch, codes) = on_router_cards(&ctx, &stand, 10).await;
        let (sari_id, sari) = person(&ctx, "sari", StaffRole::Cashier).await;
        let (_, mira) = person(&ctx, "mira", StaffRole::Manager).await;
        // Not on the router yet: a created card cannot be issued.
        let waiting = voucher::generate(&ctx, &batch_input(&stand, 1))
            .await
            .expect("batch");
        let refused = voucher::issue(
            &mira,
            &IssueVouchersInput {
                batch_id: waiting.batch.id,
                from_serial: 1,
                to_serial: 1,
                staff_id: sari_id,
            },
        )
        .await;
        assert!(
            matches!(refused, Err(CoreError::Conflict(_))),
            "{label}: {refused:?}"
        );
        // A cashier may not issue cards.
        let issue = IssueVouchersInput {
            batch_id: batch,
            from_serial: 1,
            to_serial: 6,
            staff_id: sari_id,
        };
        assert!(matches!(
            voucher::issue(&sari, &issue).await,
            Err(CoreError::Forbidden(_))
        ));
        shift::open(
            &sari,
            &OpenShiftInput {
                float: "0".into(),
                currency: "IDR".into(),
            },
        )
        .await
        .expect("sari's shift");
        let issued = voucher::issue(&mira, &issue).await.expect("issued");
        assert_eq!(issued.len(), 6);
        assert!(issued.iter().all(|c| c.state == VoucherState::Issued));
        assert!(issued.iter().all(|c| c.issued_to_id == Some(sari_id)));
        // Issued twice: refused, nothing changes.
        assert!(matches!(
            voucher::issue(&mira, &issue).await,
            Err(CoreError::Conflict(_))
        ));
        // A cashier sells only what she holds.
        let not_hers = voucher::sell(
            &sari,
            &SellVouchersInput {
                codes: vec![codes[8].clone()],
                method: PaymentMethod::Cash,
            },
        )
        .await;
        assert!(
            matches!(not_hers, Err(CoreError::Forbidden(_))),
            "{label}: {not_hers:?}"
        );
        let sale = voucher::sell(
            &sari,
            &SellVouchersInput {
                codes: codes[0..3].iter().map(|c| c.to_lowercase()).collect(),
                method: PaymentMethod::Cash,
            },
        )
        .await
        .expect("a sale");
        let paid = sale.payment.expect("money");
        assert_eq!(paid.amount, "15000", "{label}: 3 × 5000");
        assert_eq!(paid.state, PaymentState::Applied);
        assert!(paid.customer_id.is_none());
        assert!(sale.cards.iter().all(|c| c.state == VoucherState::Sold));
        assert!(sale.cards.iter().all(|c| c.payment_id == Some(paid.id)));
        let drawer = shift::current(&sari).await.expect("shift").expect("open");
        assert_eq!(drawer.cash_taken, "15000", "{label}");
        assert_eq!(
            (
                drawer.cards.issued,
                drawer.cards.sold,
                drawer.cards.returned
            ),
            (6, 3, 0),
            "{label}: the shift counts her cards"
        );
        assert_eq!(drawer.cards.sold_value, "15000");
        // Sold twice: refused.
        let again = voucher::sell(
            &sari,
            &SellVouchersInput {
                codes: vec![codes[0].clone()],
                method: PaymentMethod::Cash,
            },
        )
        .await;
        assert!(
            matches!(again, Err(CoreError::Conflict(_))),
            "{label}: {again:?}"
        );
        // Two unsold back; a sold one cannot be returned.
        let back = voucher::return_unsold(&sari, &of(&codes[3..5]))
            .await
            .expect("returned");
        assert!(back
            .iter()
            .all(|c| c.state == VoucherState::Returned && c.issued_to.is_none()));
        assert!(matches!(
            voucher::return_unsold(&sari, &of(&codes[0..1])).await,
            Err(CoreError::Conflict(_))
        ));
        // Revoked: a returned card and one never issued; a sold one only by reversing its sale.
        let revoked = voucher::revoke(&mira, &of(&[codes[3].clone(), codes[9].clone()]))
            .await
            .expect("revoked");
        assert!(revoked.iter().all(|c| c.state == VoucherState::Revoked));
        assert!(matches!(
            voucher::issue(
                &mira,
                &IssueVouchersInput {
                    batch_id: batch,
                    from_serial: 4,
                    to_serial: 4,
                    staff_id: sari_id
                }
            )
            .await,
            Err(CoreError::Conflict(_))
        ));
        let history = voucher::history(&ctx, &codes[0]).await.expect("history");
        let steps: Vec<(VoucherState, &str)> =
            history.iter().map(|h| (h.to, h.actor.as_str())).collect();
        assert_eq!(
            steps,
            vec![
                (VoucherState::Created, "test"),
                (VoucherState::OnRouter, "test"),
                (VoucherState::Issued, "staff:mira"),
                (VoucherState::Sold, "staff:sari"),
            ],
            "{label}"
        );
        // Reversing the sale revokes its cards and reverses the money.
        let reversed = payment::reverse(&mira, paid.id, "customer changed her mind")
            .await
            .expect("reversed");
        assert_eq!(reversed.state, PaymentState::Reversed);
        let card = voucher::by_code(&ctx, &codes[1]).await.expect("card");
        assert_eq!(card.state, VoucherState::Revoked, "{label}");
        let drawer = shift::current(&sari).await.expect("shift").expect("open");
        assert_eq!(drawer.cash_taken, "0", "{label}");
        assert_eq!(drawer.cards.sold, 0, "{label}: a reversed sale is no sale");
        // A viewer sees no usable code, and exports none.
        let (_, vera) = person(&ctx, "vera", StaffRole::Viewer).await;
        let seen = voucher::list(
            &vera,
            &tikbill_api::VoucherFilter {
                batch_id: Some(batch),
                ..Default::default()
            },
        )
        .await
        .expect("a viewer lists cards");
        assert!(seen.cards.iter().all(|c| c.code.contains('•')), "{label}");
        assert!(seen.cards.iter().all(|c| !codes.contains(&c.code)));
        let mut out = Vec::new();
        assert!(matches!(
            voucher::export_csv(&vera, batch, &mut out).await,
            Err(CoreError::Forbidden(_))
        ));
        // Sari sees the cards she holds whole, and the others masked.
        let hers = voucher::list(
            &sari,
            &tikbill_api::VoucherFilter {
                batch_id: Some(batch),
                ..Default::default()
            },
        )
        .await
        .expect("sari lists cards");
        assert_eq!(
            hers.cards
                .iter()
                .filter(|c| codes.contains(&c.code))
                .count(),
            4,
            "{label}: the three she sold (revoked with the sale) and the one she still holds"
        );
        let batch_view = voucher::batch(&ctx, batch).await.expect("batch");
        let count = |s: VoucherState| {
            batch_view
                .states
                .iter()
                .find(|c| c.state == s)
                .map_or(0, |c| c.count)
        };
        assert_eq!(
            (
                count(VoucherState::Issued),
                count(VoucherState::Returned),
                count(VoucherState::Revoked),
                count(VoucherState::OnRouter)
            ),
            (1, 1, 5, 3),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_card_redeemed_gives_its_time_to_a_customer_once_and_guessing_is_limited() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let stand = stand(&ctx, None).await;
        let (_, codes) = on_router_cards(&ctx, &stand, 4).await;
        let (_, sari) = person(&ctx, "sari", StaffRole::Cashier).await;
        // Three of the four cards are sold (tikbill itself sells: no drawer).
        voucher::sell(
            &ctx,
            &SellVouchersInput {
                codes: codes[..3].to_vec(),
                method: PaymentMethod::Cash,
            },
        )
        .await
        .expect("sold");
        // The plan becomes a week: cards sold as a day stay a day.
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
        tikbill_core::profile::update(&ctx, stand.daily, &week)
            .await
            .expect("the plan changed");
        let ayu = customer::create(
            &ctx,
            &CustomerInput {
                username: "ayu".into(),
                password: Some("rahasia".into()),
                full_name: "Ayu".into(),
                phone: "".into(),
                email: "".into(),
                service_type: "hotspot".into(),
                router_id: Some(stand.router),
                profile_id: Some(stand.daily),
            },
        )
        .await
        .expect("a customer");
        let redeemed = voucher::redeem(
            &sari,
            &RedeemVoucherInput {
                code: format!(" {} ", codes[0].to_lowercase()),
                customer_id: ayu.id,
            },
        )
        .await
        .expect("redeemed");
        assert_eq!(redeemed.card.state, VoucherState::Redeemed);
        assert_eq!(redeemed.card.customer_id, Some(ayu.id));
        let expected = (clock.now() + chrono::Duration::days(1)).to_rfc3339();
        assert_eq!(redeemed.expires_at.as_deref(), Some(expected.as_str()), "{label}");
        let twice = voucher::redeem(
            &sari,
            &RedeemVoucherInput {
                code: codes[0].clone(),
                customer_id: ayu.id,
            },
        )
        .await;
        assert!(matches!(twice, Err(CoreError::Conflict(_))), "{label}: {twice:?}");
        // A card nobody paid for gives nobody time.
        let unsold = voucher::redeem(
            &sari,
            &RedeemVoucherInput {
                code: codes[3].clone(),
                customer_id: ayu.id,
            },
        )
        .await;
        assert!(matches!(unsold, Err(CoreError::Conflict(_))), "{label}: {unsold:?}");
        // A card of another plan is refused on its field.
        let other = stand_with_plan(&ctx, None, "Weekly", "").await;
        let weekly = voucher::generate(&ctx, &batch_input(&other, 1)).await.expect("batch");
        mark_pushed(&ctx, other.router).await;
        let weekly_code = super::codes(&ctx, weekly.batch.id).await.remove(0);
        voucher::sell(
            &ctx,
            &SellVouchersInput {
                codes: vec![weekly_code.clone()],
                method: PaymentMethod::Cash,
            },
        )
        .await
        .expect("sold");
        let wrong_plan = voucher::redeem(
            &sari,
            &RedeemVoucherInput {
                code: weekly_code,
                customer_id: ayu.id,
            },
        )
        .await;
        assert!(matches!(wrong_plan, Err(CoreError::Validation { .. })), "{label}");
        // Five codes that are no card's in a minute, then the sixth waits.
        for n in 0..5 {
            let guess = voucher::redeem(
                &sari,
                &RedeemVoucherInput {
                    code: format!("GUESS{n}"),
                    customer_id: ayu.id,
                },
            )
            .await;
            assert!(matches!(guess, Err(CoreError::NotFound(_))), "{label}: {guess:?}");
        }
        let limited = voucher::redeem(
            &sari,
            &RedeemVoucherInput {
                code: codes[1].clone(),
                customer_id: ayu.id,
            },
        )
        .await;
        assert!(
            matches!(limited, Err(CoreError::TooManyCodes { retry_after_secs }) if retry_after_secs <= 60),
            "{label}: {limited:?}"
        );
        // Another person is not held back, and after a minute sari is not either.
        let (_, rina) = person(&ctx, "rina", StaffRole::Cashier).await;
        voucher::redeem(
            &rina,
            &RedeemVoucherInput {
                code: codes[1].clone(),
                customer_id: ayu.id,
            },
        )
        .await
        .expect("rina redeems");
        clock.advance(chrono::Duration::seconds(61));
        voucher::redeem(
            &sari,
            &RedeemVoucherInput {
                code: codes[2].clone(),
                customer_id: ayu.id,
            },
        )
        .await
        .expect("a minute later");
    })
    .await;
}

#[tokio::test]
async fn the_csv_export_neutralizes_cells_a_spreadsheet_would_run() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let stand = stand_with_plan(&ctx, None, "=HYPERLINK(\"http://evil\")", "").await;
        let made = voucher::generate(&ctx, &batch_input(&stand, 5))
            .await
            .expect("batch");
        let mut out = Vec::new();
        let written = voucher::export_csv(&ctx, made.batch.id, &mut out)
            .await
            .expect("csv");
        assert_eq!(written, 5);
        let text = String::from_utf8(out).expect("utf-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, voucher::CSV_COLUMNS.to_vec(), "{label}");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 5);
        for row in &rows {
            assert_eq!(&row[5], "'=HYPERLINK(\"http://evil\")", "{label}");
            assert!(!row[2].starts_with('\''), "codes need no quote");
        }
        let codes = codes(&ctx, made.batch.id).await;
        let serial_order: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
        assert_eq!(
            serial_order,
            codes.iter().map(String::as_str).collect::<Vec<_>>()
        );
    })
    .await;
}

/// The vouchers report over days that have ended reads their roll-ups of cards' moves (by
/// batch and by person); a move saved by a machine whose clock is behind, into a day already
/// rolled up, makes that day be added up again.
#[tokio::test]
async fn the_vouchers_report_counts_moves_from_daily_roll_ups() {
    use sea_orm::{EntityTrait, PaginatorTrait};
    use tikbill_api::{ChartTheme, ReportKind, ReportPeriod, ReportRequest, RevenueBy};
    use tikbill_core::{entity, report};
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let stand = stand(&ctx, None).await;
        let (batch, codes) = on_router_cards(&ctx, &stand, 10).await;
        let (sari_id, sari) = person(&ctx, "sari", StaffRole::Cashier).await;
        let (_, mira) = person(&ctx, "mira", StaffRole::Manager).await;
        shift::open(
            &sari,
            &OpenShiftInput {
                float: "0".into(),
                currency: "IDR".into(),
            },
        )
        .await
        .expect("sari's shift");
        voucher::issue(
            &mira,
            &IssueVouchersInput {
                batch_id: batch,
                from_serial: 1,
                to_serial: 6,
                staff_id: sari_id,
            },
        )
        .await
        .expect("issued");
        let sell = |codes: &[String]| SellVouchersInput {
            codes: codes.to_vec(),
            method: PaymentMethod::Cash,
        };
        voucher::sell(&sari, &sell(&codes[0..3]))
            .await
            .expect("three sold");
        // Two days on: the 24th has ended and is rolled up at the first read.
        let day = clock.now().date_naive();
        clock.advance(chrono::Duration::days(2));
        let request = ReportRequest {
            kind: ReportKind::Vouchers,
            from: day.to_string(),
            to: (day + chrono::Duration::days(2)).to_string(),
            period: ReportPeriod::Day,
            by: RevenueBy::Time,
            theme: ChartTheme::Light,
        };
        let rows = |view: &tikbill_api::ReportView, table: usize| -> Vec<String> {
            view.tables[table]
                .rows
                .iter()
                .map(|r| r.join(" | "))
                .collect()
        };
        let view = report::view(&ctx, &request).await.expect("the report");
        assert_eq!(
            rows(&view, 0),
            vec![format!("#{batch} | Daily | 10 | 3 | 0 | 0 | 0 | 0 | 0")],
            "{label}"
        );
        assert_eq!(
            rows(&view, 1)
                .into_iter()
                .filter(|r| r.starts_with("sari") || r.starts_with("mira"))
                .collect::<Vec<_>>(),
            vec![
                "sari | 0 | 3 | 0 | 0 | 0 | 0 | 0",
                "mira | 6 | 0 | 0 | 0 | 0 | 0 | 0"
            ],
            "{label}: who issued, and who sold"
        );
        let rolled_up = entity::report_voucher_day::Entity::find()
            .count(&db)
            .await
            .expect("count");
        assert!(rolled_up >= 2, "{label}: issued and sold on the 24th");
        // Sari's till is behind by two days: her sale is saved on the 24th, already rolled up.
        clock.advance(chrono::Duration::days(-2));
        voucher::sell(&sari, &sell(&codes[3..4]))
            .await
            .expect("one more sold");
        clock.advance(chrono::Duration::days(2));
        assert_eq!(
            entity::report_day::Entity::find_by_id(day.to_string())
                .one(&db)
                .await
                .expect("read"),
            None,
            "{label}: the 24th is no longer rolled up"
        );
        let view = report::view(&ctx, &request)
            .await
            .expect("the report again");
        assert_eq!(
            rows(&view, 0),
            vec![format!("#{batch} | Daily | 10 | 4 | 0 | 0 | 0 | 0 | 0")],
            "{label}"
        );
        assert_eq!(
            report::rollup::verify(&ctx, day, day + chrono::Duration::days(1))
                .await
                .expect("verified"),
            Vec::<String>::new(),
            "{label}: the roll-ups equal the raw moves"
        );
    })
    .await;
}
