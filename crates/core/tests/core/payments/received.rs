//! Money a gateway confirmed: stored `paid` on its own, once per (gateway, reference), and
//! applied by the settling pass exactly once.

use tikbill_api::{PaymentMethod, PaymentState, StaffRole};
use tikbill_core::{payment, Actor, CoreError};

use super::{cash, days, expiry, now, shop};
use crate::support::{clock, context, on_each_database};

#[tokio::test]
async fn received_money_waits_paid_and_a_settling_pass_applies_it_once() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let mut input = cash(Some(id), "150000");
        input.method = PaymentMethod::MobileMoney;
        let stored = payment::receive(&ctx, "mpesa", "QK7X2P9", &input)
            .await
            .expect("stored");
        assert_eq!(stored.state, PaymentState::Paid, "{label}: not applied yet");
        assert_eq!(stored.gateway, "mpesa");
        assert_eq!(
            expiry(&ctx, id).await,
            None,
            "{label}: no time before the pass"
        );
        let again = payment::receive(&ctx, "mpesa", "QK7X2P9", &input)
            .await
            .expect("again");
        assert_eq!(
            again.id, stored.id,
            "{label}: the callback twice is one payment"
        );
        let other_gateway = payment::receive(&ctx, "paystack", "QK7X2P9", &input)
            .await
            .expect("another gateway's reference");
        assert_ne!(
            other_gateway.id, stored.id,
            "{label}: references are per gateway"
        );
        let nobody = payment::receive(&ctx, "mpesa", "QK-NOBODY", &cash(None, "10"))
            .await
            .expect("for nobody known");
        assert_eq!(nobody.state, PaymentState::Unmatched);

        let settled = payment::settle(&ctx).await.expect("settled");
        assert_eq!(
            settled.applied,
            vec![stored.id, other_gateway.id],
            "{label}"
        );
        assert!(settled.failed.is_empty(), "{label}: {:?}", settled.failed);
        assert_eq!(expiry(&ctx, id).await, Some(now(&ctx) + days(2)), "{label}");
        let twice = payment::settle(&ctx).await.expect("settled again");
        assert!(twice.applied.is_empty(), "{label}: nothing left to apply");
        assert_eq!(
            expiry(&ctx, id).await,
            Some(now(&ctx) + days(2)),
            "{label}: not twice"
        );

        let cashier = ctx.acting_as(Actor::staff(1, "sari", StaffRole::Cashier));
        assert!(matches!(
            payment::receive(&cashier, "mpesa", "QK-X", &input).await,
            Err(CoreError::Forbidden(_))
        ));
        assert!(matches!(
            payment::settle(&cashier).await,
            Err(CoreError::Forbidden(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn money_that_cannot_be_applied_waits_unmatched_and_a_reference_is_one_payment() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 2).await;
        let (a, b) = (shop.customers[0].id, shop.customers[1].id);
        let stored = payment::receive(&ctx, "mpesa", "QK-PLAN", &cash(Some(a), "150000"))
            .await
            .expect("stored");
        // The plan changes currency before the pass: the money no longer fits it.
        let mut plan = tikbill_api::ProfileInput {
            name: "Daily".into(),
            rate_limit: "10M/5M".into(),
            price: "10".into(),
            currency: "USD".into(),
            duration_value: "1".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        };
        tikbill_core::profile::update(&ctx, shop.daily, &plan)
            .await
            .expect("the plan");
        let settled = payment::settle(&ctx).await.expect("settled");
        assert_eq!(settled.failed.len(), 1, "{label}: {settled:?}");
        let waiting = payment::get(&ctx, stored.id).await.expect("the payment");
        assert_eq!(waiting.state, PaymentState::Unmatched, "{label}: set aside");
        let why = &waiting.transitions.last().expect("a move").reason;
        assert!(why.starts_with("not applied: "), "{label}: {why}");
        assert!(
            payment::settle(&ctx)
                .await
                .expect("again")
                .failed
                .is_empty(),
            "{label}: once"
        );
        plan.currency = "IDR".into();
        plan.price = "150000".into();
        tikbill_core::profile::update(&ctx, shop.daily, &plan)
            .await
            .expect("back");
        let given = payment::assign(&ctx, stored.id, a).await.expect("assigned");
        assert_eq!(given.state, PaymentState::Applied, "{label}");

        // At the counter, a reference already used for someone else is refused, not reused.
        let mut first = cash(Some(a), "150000");
        first.reference = Some("SLIP-77".into());
        let taken = payment::record(&ctx, &first).await.expect("recorded");
        assert_eq!(
            payment::record(&ctx, &first).await.expect("a retry").id,
            taken.id
        );
        let mut other = cash(Some(b), "150000");
        other.reference = Some("SLIP-77".into());
        match payment::record(&ctx, &other).await {
            Err(CoreError::Validation { fields, .. }) => {
                assert_eq!(fields[0].field, "reference", "{label}");
                assert!(
                    fields[0].message.contains("already payment"),
                    "{}",
                    fields[0].message
                );
            }
            other => panic!("{label}: {other:?}"),
        }
    })
    .await;
}
