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
