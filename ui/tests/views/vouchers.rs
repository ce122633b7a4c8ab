//! The vouchers page's tables, rendered on the host: batches with their cards counted by state,
//! cards with what each may still become, and the counter's reading of scanned codes.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{
    VoucherBatchView, VoucherState, VoucherStateCount, VoucherTimeMode, VoucherView,
};
use tikbill_ui::pages::vouchers::{
    codes_in, layout_title, revocable, state_summary, BatchAction, BatchTable, CardAction,
    CardTable,
};

fn batch(id: i64, states: &[(VoucherState, u64)]) -> VoucherBatchView {
    VoucherBatchView {
        id,
        profile_id: 1,
        plan: "Daily 2M".into(),
        count: states.iter().map(|(_, n)| *n as u32).sum(),
        routers: vec!["Hotspot 1".into(), "Hotspot 2".into()],
        router_ids: vec![1, 2],
        code_length: 12,
        prefix: String::new(),
        same_password: false,
        time_mode: VoucherTimeMode::FirstLogin,
        valid_until: None,
        price: "5000".into(),
        currency: "IDR".into(),
        note: None,
        created_by: "rina (manager)".into(),
        created_at: "2026-11-27T02:00:00+00:00".into(),
        states: states
            .iter()
            .map(|(state, count)| VoucherStateCount {
                state: *state,
                count: *count,
            })
            .collect(),
    }
}

fn card(serial: u32, code: &str, state: VoucherState) -> VoucherView {
    VoucherView {
        id: i64::from(serial),
        batch_id: 3,
        serial,
        code: code.into(),
        password: Some("K7QX2M9A".into()),
        state,
        plan: "Daily 2M".into(),
        price: "5000".into(),
        currency: "IDR".into(),
        issued_to: Some("sari (Sari Dewi)".into()),
        issued_to_id: Some(4),
        payment_id: None,
        customer_id: None,
        first_login_at: None,
        updated_at: "2026-11-27T02:00:00+00:00".into(),
    }
}

#[test]
fn a_batch_row_counts_its_cards_by_state_and_offers_print_cards_and_csv() {
    let b = batch(
        7,
        &[
            (VoucherState::OnRouter, 20),
            (VoucherState::Sold, 9),
            (VoucherState::InUse, 1),
        ],
    );
    assert_eq!(state_summary(&b), "20 on router · 9 sold · 1 in use");
    let html = sycamore::render_to_string(move || {
        view! { BatchTable(batches=vec![b.clone()], on_action=Rc::new(|_: BatchAction| {})) }
    });
    for expected in [
        "batch-7",
        "Daily 2M",
        "IDR 5,000",
        "from first login",
        "Hotspot 1, Hotspot 2",
        "20 on router · 9 sold · 1 in use",
        "batch-print-7",
        "batch-cards-7",
        "batch-export-7",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    let empty = sycamore::render_to_string(|| {
        view! { BatchTable(batches=Vec::new(), on_action=Rc::new(|_: BatchAction| {})) }
    });
    assert!(empty.contains("No vouchers yet"));
}

#[test]
fn cards_that_ended_cannot_be_revoked_and_every_card_can_be_reprinted() {
    let cards = vec![
        card(1, "HS7KX2M9QRTA", VoucherState::Issued),
        card(2, "HS8PV3N4WXYB", VoucherState::Expired),
    ];
    let html = sycamore::render_to_string(move || {
        view! { CardTable(cards=cards.clone(), on_action=Rc::new(|_: CardAction| {})) }
    });
    assert!(html.contains("card-revoke-HS7KX2M9QRTA"));
    assert!(
        !html.contains("card-revoke-HS8PV3N4WXYB"),
        "an expired card is over"
    );
    assert!(html.contains("card-reprint-HS8PV3N4WXYB"));
    assert!(html.contains("sari (Sari Dewi)"));
    for state in VoucherState::ALL {
        let ended = matches!(
            state,
            VoucherState::UsedUp
                | VoucherState::Expired
                | VoucherState::Revoked
                | VoucherState::Redeemed
        );
        assert_eq!(revocable(state), !ended, "{state:?}");
    }
}

#[test]
fn scanned_codes_split_on_lines_spaces_and_commas() {
    assert_eq!(
        codes_in("HS7KX2M9QRTA\nHS8PV3N4WXYB, HS9ABCDEFGHJ;  "),
        vec!["HS7KX2M9QRTA", "HS8PV3N4WXYB", "HS9ABCDEFGHJ"]
    );
    assert!(codes_in(" \n ").is_empty());
    for layout in tikbill_api::VOUCHER_LAYOUTS {
        assert_ne!(layout_title(layout), "layout", "{layout} has a title");
    }
}
