//! Moves the state machine refuses, refused input, and who may do what.

use tikbill_api::{ErrorCode, PaymentMethod, StaffInput, StaffRole};
use tikbill_core::{payment, staff, Actor, Context, CoreError, CoreResult};

use super::{cash, pay, shop};
use crate::support::{clock, context, on_each_database};

fn conflict<T: std::fmt::Debug>(outcome: CoreResult<T>) -> String {
    match outcome {
        Err(CoreError::Conflict(message)) => message,
        other => panic!("expected a conflict: {other:?}"),
    }
}

fn fields<T: std::fmt::Debug>(outcome: CoreResult<T>) -> Vec<String> {
    match outcome {
        Err(CoreError::Validation { fields, .. }) => fields.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error: {other:?}"),
    }
}

#[tokio::test]
async fn the_services_refuse_every_illegal_move() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 2).await;
        let (a, b) = (shop.customers[0].id, shop.customers[1].id);
        let applied = pay(&ctx, a, "150000").await;
        // applied → applied is "unchanged", not a move; applied → unmatched (assign) is refused.
        let message = conflict(payment::assign(&ctx, applied.id, b).await);
        assert!(message.contains("applied"), "{label}: {message}");
        let reversed = payment::reverse(&ctx, applied.id, "test")
            .await
            .expect("reversed");
        // reversed → applied, reversed → reversed, reversed → (assigned) applied.
        let message = conflict(payment::apply(&ctx, reversed.id).await);
        assert!(
            message.contains("reversed") && message.contains("applied"),
            "{message}"
        );
        let message = conflict(payment::reverse(&ctx, reversed.id, "again").await);
        assert!(message.contains("reversed"), "{message}");
        conflict(payment::assign(&ctx, reversed.id, b).await);
        // unmatched → reversed.
        let waiting = payment::record(&ctx, &cash(None, "150000"))
            .await
            .expect("recorded");
        let message = conflict(payment::reverse(&ctx, waiting.id, "test").await);
        assert!(
            message.contains("unmatched") && message.contains("reversed"),
            "{message}"
        );
        // unmatched → applied needs a customer: apply without one is refused.
        conflict(payment::apply(&ctx, waiting.id).await);
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_under_its_fields() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let mut input = cash(Some(id), "abc");
        input.currency = "RUPIAH".into();
        input.periods = 0;
        assert_eq!(
            fields(payment::record(&ctx, &input).await),
            vec!["amount", "currency", "periods"],
            "{label}"
        );
        assert_eq!(
            fields(payment::record(&ctx, &cash(Some(id), "0")).await),
            vec!["amount"]
        );
        assert_eq!(
            fields(payment::record(&ctx, &cash(Some(987_654), "10")).await),
            vec!["customer_id"]
        );
        let mut dollars = cash(Some(id), "10");
        dollars.currency = "usd".into();
        dollars.method = PaymentMethod::Card;
        assert_eq!(
            fields(payment::record(&ctx, &dollars).await),
            vec!["currency"]
        );
    })
    .await;
}

/// A staff account with `role`, and a context acting as it.
async fn person(ctx: &Context, username: &str, role: StaffRole) -> Context {
    let input = StaffInput {
        username: username.into(),
        name: String::new(),
        role,
        password: format!("{username}-password-1"),
    };
    let added = staff::add(ctx, &input).await.expect("a staff account");
    ctx.acting_as(Actor::staff(added.id, username, role))
}

#[tokio::test]
async fn a_cashier_takes_payments_a_viewer_only_sees_them_and_a_manager_reverses() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        let cashier = person(&ctx, "sari", StaffRole::Cashier).await;
        let viewer = person(&ctx, "vera", StaffRole::Viewer).await;
        let manager = person(&ctx, "mira", StaffRole::Manager).await;
        tikbill_core::shift::open(
            &cashier,
            &tikbill_api::OpenShiftInput {
                float: "0".into(),
                currency: "IDR".into(),
            },
        )
        .await
        .expect("her shift");
        let taken = pay(&cashier, id, "150000").await;
        assert_eq!(taken.recorded_by, "staff:sari", "{label}");
        let refused = payment::record(&viewer, &cash(Some(id), "150000")).await;
        assert_eq!(
            refused
                .map_err(|e| tikbill_api::ApiError::from(e).code)
                .err(),
            Some(ErrorCode::Forbidden)
        );
        assert!(payment::get(&viewer, taken.id).await.is_ok());
        let refused = payment::reverse(&cashier, taken.id, "mistake").await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden(_))),
            "{refused:?}"
        );
        payment::reverse(&manager, taken.id, "mistake")
            .await
            .expect("a manager reverses");
    })
    .await;
}
