//! The payment state machine, pure, and the history row each move leaves.
//!
//! | from \ to  | paid | failed | unmatched | applied | reversed |
//! |------------|------|--------|-----------|---------|----------|
//! | pending    | yes  | yes    |           |         |          |
//! | paid       |      |        | yes       | yes     |          |
//! | unmatched  |      |        |           | yes     |          |
//! | applied    |      |        |           |         | yes      |
//!
//! Every other move (failed and reversed are final) is a conflict naming both states.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use tikbill_api::PaymentState;

use crate::entity::payment_transition;
use crate::{Context, CoreError, CoreResult};

/// Whether a payment may go from `from` to `to`.
pub fn transition(from: PaymentState, to: PaymentState) -> Result<(), CoreError> {
    use PaymentState::{Applied, Failed, Paid, Pending, Reversed, Unmatched};
    match (from, to) {
        (Pending, Paid | Failed)
        | (Paid, Applied | Unmatched)
        | (Unmatched, Applied)
        | (Applied, Reversed) => Ok(()),
        _ => Err(CoreError::Conflict(format!(
            "A payment that is {} cannot become {}.",
            from.as_str(),
            to.as_str()
        ))),
    }
}

/// Stores one move of payment `id` (`from`: `None` when it is created) by the context's actor.
pub(crate) async fn log(
    ctx: &Context,
    db: &impl ConnectionTrait,
    id: i64,
    from: Option<PaymentState>,
    to: PaymentState,
    reason: &str,
) -> CoreResult<()> {
    if let Some(from) = from {
        transition(from, to)?;
    }
    payment_transition::ActiveModel {
        payment_id: Set(id),
        from_state: Set(from.map(|s| s.as_str().to_string())),
        to_state: Set(to.as_str().to_string()),
        reason: Set(reason.to_string()),
        actor: Set(ctx.actor().label()),
        staff_id: Set(ctx.actor().staff_id()),
        at: Set(ctx.now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The day this payment was made on is added up again at its next report.
    crate::report::rollup::stale(db, id).await?;
    crate::alerts::payment_moved(db, id, to, ctx.now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentState::{Applied, Failed, Paid, Pending, Reversed, Unmatched};

    #[test]
    fn only_the_table_s_moves_are_allowed() {
        let legal = [
            (Pending, Paid),
            (Pending, Failed),
            (Paid, Applied),
            (Paid, Unmatched),
            (Unmatched, Applied),
            (Applied, Reversed),
        ];
        for from in PaymentState::ALL {
            for to in PaymentState::ALL {
                let outcome = transition(from, to);
                if legal.contains(&(from, to)) {
                    assert_eq!(outcome.ok(), Some(()), "{from:?} → {to:?}");
                } else {
                    match outcome {
                        Err(CoreError::Conflict(message)) => {
                            assert!(message.contains(from.as_str()), "{message}");
                            assert!(message.contains(to.as_str()), "{message}");
                        }
                        other => panic!("{from:?} → {to:?}: {other:?}"),
                    }
                }
            }
        }
    }
}
