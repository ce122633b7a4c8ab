//! Cashier shifts: the drawer's arithmetic, who sees and closes which shift, and the gapless
//! receipt numbers every recorded payment takes.

use sea_orm::{EntityTrait, QueryOrder};
use tikbill_api::{
    CloseShiftInput, OpenShiftInput, PaymentMethod, PaymentState, ShiftFilter, StaffInput,
    StaffRole,
};
use tikbill_core::{entity, payment, shift, staff, Actor, Context, CoreError, CoreResult};

use super::{cash, shop};
use crate::support::{clock, context, on_each_database};

async fn person(ctx: &Context, username: &str, role: StaffRole) -> Context {
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
    ctx.acting_as(Actor::staff(added.id, username, role))
}

fn open_input(float: &str) -> OpenShiftInput {
    OpenShiftInput {
        float: float.into(),
        currency: "IDR".into(),
    }
}

fn close_input(shift_id: i64, counted: &str) -> CloseShiftInput {
    CloseShiftInput {
        shift_id,
        counted: counted.into(),
        note: None,
    }
}

fn fields<T: std::fmt::Debug>(outcome: CoreResult<T>) -> Vec<String> {
    match outcome {
        Err(CoreError::Validation { fields, .. }) => fields.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error: {other:?}"),
    }
}

#[tokio::test]
async fn a_drawer_balances_float_plus_cash_taken_without_reversed_payments() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 3).await;
        let ids: Vec<i64> = shop.customers.iter().map(|c| c.id).collect();
        let sari = person(&ctx, "sari", StaffRole::Cashier).await;
        let mira = person(&ctx, "mira", StaffRole::Manager).await;

        assert_eq!(
            fields(payment::record(&sari, &cash(Some(ids[0]), "150000")).await),
            vec!["method"],
            "{label}: cash needs an open shift"
        );
        let opened = shift::open(&sari, &open_input("50000.50"))
            .await
            .expect("open");
        assert_eq!(
            (opened.float.as_str(), opened.expected.as_str()),
            ("50000.5", "50000.5")
        );
        let again = shift::open(&sari, &open_input("0")).await;
        assert!(
            matches!(again, Err(CoreError::Conflict(_))),
            "{label}: {again:?}"
        );

        let first = payment::record(&sari, &cash(Some(ids[0]), "150000"))
            .await
            .expect("cash");
        let second = payment::record(&sari, &cash(Some(ids[1]), "200000.25"))
            .await
            .expect("cash");
        let mut mobile = cash(Some(ids[2]), "150000");
        mobile.method = PaymentMethod::MobileMoney;
        mobile.reference = Some("QK7X2P9".into());
        let third = payment::record(&sari, &mobile).await.expect("mobile money");
        let unmatched = payment::record(&sari, &cash(None, "1000"))
            .await
            .expect("for nobody");
        for p in [&first, &second, &third, &unmatched] {
            assert_eq!(
                p.shift_id,
                Some(opened.id),
                "{label}: every payment is in the shift"
            );
        }
        assert_eq!(unmatched.state, PaymentState::Unmatched);
        // The manager takes back the first: its cash went back to the customer.
        payment::reverse(&mira, first.id, "wrong customer")
            .await
            .expect("reversed");

        let now = shift::current(&sari).await.expect("current").expect("open");
        assert_eq!(
            now.cash_taken, "201000.25",
            "{label}: 200000.25 + 1000, not the reversed"
        );
        assert_eq!(now.expected, "251000.75", "{label}");
        assert_eq!(now.payments, 4);
        let by_method: Vec<(PaymentMethod, &str, u32, &str)> = now
            .by_method
            .iter()
            .map(|t| (t.method, t.currency.as_str(), t.count, t.total.as_str()))
            .collect();
        assert_eq!(
            by_method,
            vec![
                (PaymentMethod::Cash, "IDR", 2, "201000.25"),
                (PaymentMethod::MobileMoney, "IDR", 1, "150000"),
            ],
            "{label}"
        );

        let short = shift::close(&sari, &close_input(opened.id, "250,000.75"))
            .await
            .expect("closed");
        assert_eq!(short.counted.as_deref(), Some("250000.75"));
        assert_eq!(
            short.difference.as_deref(),
            Some("-1000"),
            "{label}: 1000 short"
        );
        assert_eq!(short.closed_by.as_deref(), Some("sari (sari full)"));
        let twice = shift::close(&sari, &close_input(opened.id, "0")).await;
        assert!(
            matches!(twice, Err(CoreError::Conflict(_))),
            "{label}: {twice:?}"
        );

        // Closed: a later reversal does not change what the drawer was expected to hold.
        payment::reverse(&mira, second.id, "refund")
            .await
            .expect("reversed");
        let kept = shift::get(&sari, opened.id).await.expect("the shift");
        assert_eq!(kept.expected, "251000.75", "{label}: frozen at closing");
        assert_eq!(kept.difference.as_deref(), Some("-1000"));

        // The next shift starts clean; cash balances to 0.
        let next = shift::open(&sari, &open_input("0"))
            .await
            .expect("open again");
        payment::record(&sari, &cash(Some(ids[0]), "150000"))
            .await
            .expect("cash");
        let even = shift::close(&sari, &close_input(next.id, "150000"))
            .await
            .expect("closed");
        assert_eq!(even.difference.as_deref(), Some("0"), "{label}");
        let report = shift::report(&sari, next.id).await.expect("report");
        assert_eq!(report.lines.len(), 1);
        assert_eq!(report.lines[0].customer, "user0");
    })
    .await;
}

#[tokio::test]
async fn a_cashier_sees_their_own_shifts_and_a_manager_closes_an_abandoned_one() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        shop(&ctx, 1).await;
        let sari = person(&ctx, "sari", StaffRole::Cashier).await;
        let tono = person(&ctx, "tono", StaffRole::Cashier).await;
        let mira = person(&ctx, "mira", StaffRole::Manager).await;
        let viewer = person(&ctx, "vera", StaffRole::Viewer).await;
        let sari_shift = shift::open(&sari, &open_input("100")).await.expect("open");
        let tono_shift = shift::open(&tono, &open_input("200")).await.expect("open");
        assert!(
            shift::open(&viewer, &open_input("1")).await.is_err(),
            "{label}"
        );
        assert!(
            matches!(
                shift::open(&ctx, &open_input("1")).await,
                Err(CoreError::Forbidden(_))
            ),
            "{label}: tikbill itself has no drawer"
        );

        let own: Vec<i64> = shift::list(&sari, &ShiftFilter::default())
            .await
            .expect("list")
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(own, vec![sari_shift.id], "{label}: only her own");
        let seen = shift::get(&sari, tono_shift.id).await;
        assert!(
            matches!(seen, Err(CoreError::NotFound(_))),
            "{label}: {seen:?}"
        );
        let closed = shift::close(&sari, &close_input(tono_shift.id, "200")).await;
        assert!(
            matches!(closed, Err(CoreError::NotFound(_))),
            "{label}: {closed:?}"
        );

        let all = shift::list(
            &mira,
            &ShiftFilter {
                open_only: true,
                ..Default::default()
            },
        )
        .await
        .expect("all");
        assert_eq!(all.len(), 2, "{label}: a manager sees every open shift");
        let mut input = close_input(tono_shift.id, "200");
        input.note = Some("Tono left without closing".into());
        let closed = shift::close(&mira, &input)
            .await
            .expect("closed by the manager");
        assert_eq!(closed.closed_by.as_deref(), Some("mira (mira full)"));
        assert_eq!(closed.difference.as_deref(), Some("0"));
        assert_eq!(closed.note.as_deref(), Some("Tono left without closing"));
        assert_eq!(
            fields(shift::close(&sari, &close_input(sari_shift.id, "ten")).await),
            vec!["counted"]
        );
        assert_eq!(
            fields(
                shift::open(
                    &tono,
                    &OpenShiftInput {
                        float: "-5".into(),
                        currency: "rupiah".into()
                    }
                )
                .await
            ),
            vec!["float", "currency"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_cash_payment_in_another_currency_stays_out_of_the_drawer() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        shop(&ctx, 1).await;
        let sari = person(&ctx, "sari", StaffRole::Cashier).await;
        shift::open(&sari, &open_input("0")).await.expect("open");
        let mut dollars = cash(None, "10");
        dollars.currency = "USD".into();
        assert_eq!(
            fields(payment::record(&sari, &dollars).await),
            vec!["currency"],
            "{label}"
        );
        dollars.method = PaymentMethod::Card;
        payment::record(&sari, &dollars)
            .await
            .expect("a card payment in dollars");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn receipt_numbers_have_no_gaps_and_no_repeats() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 4).await;
        let ids: Vec<i64> = shop.customers.iter().map(|c| c.id).collect();
        // A refused payment takes no number.
        assert!(payment::record(&ctx, &cash(Some(ids[0]), "abc"))
            .await
            .is_err());
        let mut tasks = Vec::new();
        for task in 0..4 {
            let ctx = ctx.clone();
            let ids = ids.clone();
            tasks.push(tokio::spawn(async move {
                for n in 0..25 {
                    let mut input = cash(Some(ids[task]), "150000");
                    input.reference = Some(format!("r-{task}-{n}"));
                    payment::record(&ctx, &input).await.expect("recorded");
                    // The same reference again is the same payment: no second number.
                    payment::record(&ctx, &input)
                        .await
                        .expect("the same payment");
                }
            }));
        }
        for task in tasks {
            task.await.expect("the task finishes");
        }
        let mut numbers: Vec<i64> = entity::payment::Entity::find()
            .order_by_asc(entity::payment::Column::Id)
            .all(ctx.db())
            .await
            .expect("payments")
            .into_iter()
            .map(|p| p.receipt_number.expect("a number"))
            .collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=100).collect::<Vec<i64>>(), "{label}");
    })
    .await;
}
