//! A card's life as a pure state machine, and the history row each move leaves.
//!
//! | from              | to                                              |
//! |-------------------|-------------------------------------------------|
//! | created           | on_router, revoked                              |
//! | on_router         | issued, sold, in_use, expired, revoked           |
//! | issued            | sold, returned, in_use, expired, revoked         |
//! | returned          | issued, in_use, expired, revoked                 |
//! | sold              | in_use, expired, revoked, redeemed              |
//! | in_use            | used_up, expired, revoked                       |
//!
//! used_up, expired, revoked and redeemed are final. Only a sold card is redeemed: a card
//! nobody paid for gives nobody time. A first login can be seen on a card not
//! sold yet (a card lost or taken from a cashier's stack): it goes to in_use all the same, and
//! its history says from which state.

use sea_orm::{ConnectionTrait, EntityTrait, Set};
use tikbill_api::VoucherState;

use crate::entity::voucher_transition;
use crate::{Context, CoreError, CoreResult};

/// Whether a card may go from `from` to `to`.
pub fn allowed(from: VoucherState, to: VoucherState) -> bool {
    use VoucherState::{
        Created, Expired, InUse, Issued, OnRouter, Redeemed, Returned, Revoked, Sold, UsedUp,
    };
    matches!(
        (from, to),
        (Created, OnRouter | Revoked)
            | (OnRouter, Issued | Sold | InUse | Expired | Revoked)
            | (Issued, Sold | Returned | InUse | Expired | Revoked)
            | (Returned, Issued | InUse | Expired | Revoked)
            | (Sold, InUse | Expired | Revoked | Redeemed)
            | (InUse, UsedUp | Expired | Revoked)
    )
}

/// [`allowed`], as a conflict naming the card and both states.
pub fn check(code: &str, from: VoucherState, to: VoucherState) -> CoreResult<()> {
    if allowed(from, to) {
        return Ok(());
    }
    Err(CoreError::Conflict(format!(
        "Card {code} is {} and cannot become {}.",
        from.label(),
        to.label()
    )))
}

/// One move to store.
pub(crate) struct Move {
    pub voucher_id: i64,
    pub from: Option<VoucherState>,
    pub to: VoucherState,
    pub shift_id: Option<i64>,
}

/// Rows per `INSERT`.
const INSERT_BATCH: usize = 500;

/// Stores moves made by the context's actor now, with why.
pub(crate) async fn log(
    ctx: &Context,
    db: &impl ConnectionTrait,
    moves: Vec<Move>,
    reason: &str,
) -> CoreResult<()> {
    let actor = ctx.actor().label();
    let staff_id = ctx.actor().staff_id();
    let now = ctx.now();
    let mut rows = moves.into_iter().map(|m| voucher_transition::ActiveModel {
        voucher_id: Set(m.voucher_id),
        from_state: Set(m.from.map(|s| s.as_str().to_string())),
        to_state: Set(m.to.as_str().to_string()),
        reason: Set(reason.chars().take(256).collect()),
        actor: Set(actor.clone()),
        staff_id: Set(staff_id),
        shift_id: Set(m.shift_id),
        at: Set(now),
        ..Default::default()
    });
    let mut any = false;
    loop {
        let chunk: Vec<_> = rows.by_ref().take(INSERT_BATCH).collect();
        if chunk.is_empty() {
            // The day's roll-up of cards' moves, if some clock ahead of this one built it.
            if any {
                crate::report::rollup::stale_at(db, now).await?;
            }
            return Ok(());
        }
        any = true;
        voucher_transition::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VoucherState::*;

    #[test]
    fn final_states_go_nowhere() {
        for from in [UsedUp, Expired, Revoked, Redeemed] {
            for to in VoucherState::ALL {
                assert!(!allowed(from, to), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn the_counter_s_path_is_allowed_and_nothing_goes_back() {
        for (from, to) in [
            (Created, OnRouter),
            (OnRouter, Issued),
            (Issued, Sold),
            (Sold, InUse),
            (InUse, UsedUp),
            (InUse, Expired),
            (Issued, Returned),
            (Returned, Issued),
        ] {
            assert!(allowed(from, to), "{from:?} → {to:?}");
        }
        for (from, to) in [
            (Sold, Issued),
            (Sold, Returned),
            (InUse, Sold),
            (Created, Issued),
        ] {
            assert!(!allowed(from, to), "{from:?} → {to:?}");
        }
        assert!(check("ABC", Sold, Returned)
            .unwrap_err()
            .to_string()
            .contains("ABC"));
    }
}
