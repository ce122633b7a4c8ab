//! A cashier shift's cards, for its view and report: how many were issued to the cashier, sold
//! and returned during it (each move is recorded with the shift it happened in), and what the
//! cards sold are worth at their price.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::{PaymentState, ShiftCards, VoucherState};

use crate::entity::{payment, voucher, voucher_batch, voucher_transition};
use crate::money::from_e4;
use crate::CoreResult;

/// The cards of shift `shift_id`, whose drawer holds `currency`. A sale reversed later counts
/// no more; `sold_value` adds the cards priced in the drawer's currency.
pub async fn shift_cards(
    db: &impl ConnectionTrait,
    shift_id: i64,
    currency: &str,
) -> CoreResult<ShiftCards> {
    let moves: Vec<(i64, String)> = voucher_transition::Entity::find()
        .select_only()
        .columns([
            voucher_transition::Column::VoucherId,
            voucher_transition::Column::ToState,
        ])
        .filter(voucher_transition::Column::ShiftId.eq(shift_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut cards = ShiftCards {
        sold_value: "0".into(),
        ..Default::default()
    };
    let mut sold = Vec::new();
    for (voucher_id, to) in moves {
        match VoucherState::parse(&to) {
            Some(VoucherState::Issued) => cards.issued += 1,
            Some(VoucherState::Returned) => cards.returned += 1,
            Some(VoucherState::Sold) => sold.push(voucher_id),
            _ => {}
        }
    }
    let mut value_e4: i64 = 0;
    let mut prices: std::collections::HashMap<i64, (i64, String)> = Default::default();
    for chunk in sold.chunks(500) {
        let rows: Vec<(i64, Option<i64>)> = voucher::Entity::find()
            .select_only()
            .columns([voucher::Column::BatchId, voucher::Column::PaymentId])
            .filter(voucher::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        let payments: Vec<i64> = rows.iter().filter_map(|(_, p)| *p).collect();
        let reversed: std::collections::HashSet<i64> = payment::Entity::find()
            .select_only()
            .column(payment::Column::Id)
            .filter(payment::Column::Id.is_in(payments))
            .filter(payment::Column::State.eq(PaymentState::Reversed.as_str()))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for (batch_id, payment_id) in rows {
            if payment_id.is_some_and(|p| reversed.contains(&p)) {
                continue;
            }
            cards.sold += 1;
            if let std::collections::hash_map::Entry::Vacant(slot) = prices.entry(batch_id) {
                let batch = voucher_batch::Entity::find_by_id(batch_id).one(db).await?;
                slot.insert(batch.map_or((0, String::new()), |b| (b.price_e4, b.currency)));
            }
            let (price, batch_currency) = &prices[&batch_id];
            if batch_currency == currency {
                value_e4 = value_e4.saturating_add(*price);
            }
        }
    }
    if value_e4 > 0 {
        cards.sold_value = from_e4(value_e4).to_string();
    }
    if cards.issued == 0 && cards.sold == 0 && cards.returned == 0 {
        return Ok(ShiftCards::default());
    }
    Ok(cards)
}
