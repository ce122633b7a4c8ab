//! A cashier shift's cards, for its view and report: how many were issued to the cashier, sold
//! and returned during it (each move is recorded with the shift it happened in), and what the
//! cards sold are worth at their price.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::{ShiftCards, VoucherState};

use crate::entity::{voucher, voucher_batch, voucher_transition};
use crate::money::from_e4;
use crate::CoreResult;

/// The cards of shift `shift_id`.
pub async fn shift_cards(db: &impl ConnectionTrait, shift_id: i64) -> CoreResult<ShiftCards> {
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
            Some(VoucherState::Sold) => {
                cards.sold += 1;
                sold.push(voucher_id);
            }
            _ => {}
        }
    }
    let mut value_e4: i64 = 0;
    for chunk in sold.chunks(500) {
        let batches: Vec<i64> = voucher::Entity::find()
            .select_only()
            .column(voucher::Column::BatchId)
            .filter(voucher::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for batch_id in batches {
            let price = voucher_batch::Entity::find_by_id(batch_id)
                .one(db)
                .await?
                .map_or(0, |b| b.price_e4);
            value_e4 = value_e4.saturating_add(price);
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
