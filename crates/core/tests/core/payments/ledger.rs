//! Recording, applying once, credit and reversal.

use tikbill_api::{CustomerStatus, PaymentFilter, PaymentState};
use tikbill_core::{audit, customer, payment};

use super::{cash, credit, days, expiry, moves, now, pay, shop};
use crate::support::{clock, context, on_each_database};

use PaymentState::{Applied, Paid, Reversed, Unmatched};

#[tokio::test]
async fn a_payment_extends_its_customer_exactly_once() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let paid = pay(&ctx, id, "150000").await;
        assert_eq!(paid.state, Applied, "{label}");
        assert_eq!(moves(&paid), vec![(None, Paid), (Some(Paid), Applied)]);
        assert_eq!(paid.amount, "150000");
        assert_eq!(paid.gateway, payment::MANUAL);
        assert!(paid.reference.starts_with("manual-"), "{}", paid.reference);
        assert_eq!(paid.customer_username.as_deref(), Some("user0"));
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(1)), "{label}");
        let c = customer::get(&ctx, id).await.expect("the customer");
        assert_eq!(c.status, CustomerStatus::Active);

        let again = payment::apply(&ctx, paid.id).await.expect("applying again");
        assert_eq!(again, paid, "{label}: applying twice changes nothing");
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(1)), "{label}");
        assert_eq!(payment::get(&ctx, paid.id).await.expect("get"), paid);
    })
    .await;
}

#[tokio::test]
async fn the_same_reference_is_stored_once() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let mut input = cash(Some(id), "150000");
        input.reference = Some("TRX-1".into());
        let first = payment::record(&ctx, &input).await.expect("first");
        let second = payment::record(&ctx, &input).await.expect("second");
        assert_eq!(first, second, "{label}");
        assert_eq!(first.reference, "TRX-1");
        let all = payment::list(&ctx, &PaymentFilter::default())
            .await
            .expect("list");
        assert_eq!(all.payments.len(), 1, "{label}");
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(1)), "{label}");
    })
    .await;
}

#[tokio::test]
async fn an_overpayment_is_credit_the_next_payment_uses() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let over = pay(&ctx, id, "200000.5").await;
        assert_eq!(
            (over.credit_added.as_str(), over.credit_used.as_str()),
            ("50000.5", "0")
        );
        assert_eq!(
            credit(&ctx, id).await,
            vec![("IDR".into(), "50000.5".into())]
        );
        let short = pay(&ctx, id, "100000").await;
        assert_eq!(
            (short.credit_added.as_str(), short.credit_used.as_str()),
            ("0", "50000")
        );
        assert_eq!(credit(&ctx, id).await, vec![("IDR".into(), "0.5".into())]);
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(2)), "{label}");
    })
    .await;
}

#[tokio::test]
async fn an_underpayment_is_credit_and_buys_no_time() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let short = pay(&ctx, id, "100000").await;
        assert_eq!(short.state, Applied, "{label}");
        assert_eq!(short.credit_added, "100000");
        assert_eq!(expiry(&ctx, id).await, None, "{label}");
        let c = customer::get(&ctx, id).await.expect("the customer");
        assert_eq!(c.status, CustomerStatus::Pending);
        assert_eq!(
            credit(&ctx, id).await,
            vec![("IDR".into(), "100000".into())]
        );
        // Two periods at once: 300000 needed, 100000 credit + 200000 paid.
        let mut two = cash(Some(id), "200000");
        two.periods = 2;
        let two = payment::record(&ctx, &two).await.expect("two periods");
        assert_eq!(two.credit_used, "100000");
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(2)), "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_reversal_takes_back_only_its_own_time_and_credit() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let start = now(&ctx);
        let first = pay(&ctx, id, "200000").await; // 1 day, 50000 credit
        clock.advance(chrono::Duration::hours(5));
        let second = pay(&ctx, id, "150000").await; // 1 more day
        assert_eq!(expiry(&ctx, id).await, Some(start + days(2)), "{label}");

        let refused = payment::reverse(&ctx, first.id, "  ").await;
        assert!(refused.is_err(), "{label}: a reason is needed");
        let reversed = payment::reverse(&ctx, first.id, "counted twice")
            .await
            .expect("reversed");
        assert_eq!(reversed.state, Reversed);
        let last = reversed.transitions.last().expect("a move");
        assert_eq!((last.from, last.to), (Some(Applied), Reversed));
        assert_eq!(last.reason, "counted twice");
        assert_eq!(expiry(&ctx, id).await, Some(start + days(1)), "{label}");
        assert_eq!(credit(&ctx, id).await, vec![("IDR".into(), "0".into())]);
        let c = customer::get(&ctx, id).await.expect("the customer");
        assert_eq!(c.status, CustomerStatus::Active);

        payment::reverse(&ctx, second.id, "wrong customer")
            .await
            .expect("reversed");
        assert_eq!(expiry(&ctx, id).await, Some(start), "{label}");
        let c = customer::get(&ctx, id).await.expect("the customer");
        assert_eq!(c.status, CustomerStatus::Expired, "{label}");
        let state = audit::verify(&ctx).await.expect("verify");
        assert!(
            matches!(state, tikbill_api::ChainState::Intact { .. }),
            "{label}: {state}"
        );
    })
    .await;
}

#[tokio::test]
async fn money_for_nobody_waits_unmatched_until_assigned() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let mut input = cash(None, "150000");
        input.profile_id = Some(shop.daily);
        let waiting = payment::record(&ctx, &input).await.expect("recorded");
        assert_eq!(waiting.state, Unmatched, "{label}");
        assert_eq!(moves(&waiting), vec![(None, Paid), (Some(Paid), Unmatched)]);
        let applied = payment::assign(&ctx, waiting.id, id)
            .await
            .expect("assigned");
        assert_eq!(applied.state, Applied);
        assert_eq!(applied.customer_id, Some(id));
        assert_eq!(
            moves(&applied),
            vec![
                (None, Paid),
                (Some(Paid), Unmatched),
                (Some(Unmatched), Applied)
            ]
        );
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(1)), "{label}");
    })
    .await;
}
