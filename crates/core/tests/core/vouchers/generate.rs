//! Generating batches: codes from the alphabet, unique across every card ever made (even when
//! two batches draw the same codes at the same time), bad input refused on its field with
//! nothing left behind.

use std::collections::HashSet;

use sea_orm::{EntityTrait, PaginatorTrait};
use tikbill_api::{VoucherState, VoucherTimeMode};
use tikbill_core::voucher::code::ALPHABET;
use tikbill_core::{entity, voucher, CoreError};

use super::{batch_input, codes, stand};
use crate::support::{clock, context, on_each_database};

#[tokio::test]
async fn a_batch_has_unique_codes_from_the_alphabet_and_a_job_per_card_and_router() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let stand = stand(&ctx, None).await;
        let mut input = batch_input(&stand, 300);
        input.prefix = "wifi".into();
        input.code_length = Some(10);
        let made = voucher::generate(&ctx, &input).await.expect("a batch");
        assert_eq!(made.router_jobs, 300, "{label}");
        assert_eq!(made.batch.count, 300);
        assert_eq!(made.batch.prefix, "WIFI", "{label}: prefixes are capitals");
        assert_eq!(made.batch.price, "5000");
        assert_eq!(made.batch.states.len(), 1);
        assert_eq!(made.batch.states[0].state, VoucherState::Created);
        assert_eq!(made.batch.states[0].count, 300);
        let codes = codes(&ctx, made.batch.id).await;
        assert_eq!(codes.len(), 300);
        let unique: HashSet<&String> = codes.iter().collect();
        assert_eq!(unique.len(), 300, "{label}");
        for code in &codes {
            assert_eq!(code.len(), 14, "{code}");
            assert!(code.starts_with("WIFI"), "{code}");
            assert!(code[4..].chars().all(|c| ALPHABET.contains(c)), "{code}");
        }
        let cards = voucher::list_all(&ctx, &Default::default())
            .await
            .expect("cards");
        assert!(cards
            .iter()
            .all(|c| c.password.as_ref().is_some_and(|p| p.len() == 8)));
        let serials: Vec<u32> = cards.iter().map(|c| c.serial).collect();
        assert_eq!(serials, (1..=300).collect::<Vec<_>>());
        // The same password as the code when asked.
        input.same_password = true;
        input.count = 3;
        let same = voucher::generate(&ctx, &input)
            .await
            .expect("a second batch");
        let page = voucher::list(
            &ctx,
            &tikbill_api::VoucherFilter {
                batch_id: Some(same.batch.id),
                ..Default::default()
            },
        )
        .await
        .expect("its cards");
        assert!(page.cards.iter().all(|c| c.password.is_none()));
        // A code found by its start, typed in lower case with a dash.
        let first = &codes[0];
        let typed = format!("{}-{}", first[..6].to_lowercase(), &first[6..8]);
        let found = voucher::list(
            &ctx,
            &tikbill_api::VoucherFilter {
                code: Some(typed),
                ..Default::default()
            },
        )
        .await
        .expect("search");
        assert!(found.cards.iter().any(|c| &c.code == first), "{label}");
        assert!(found.cards.iter().all(|c| c.code.starts_with(&first[..8])));
    })
    .await;
}

#[tokio::test]
async fn two_batches_drawing_the_same_codes_at_once_still_get_unique_ones() {
    on_each_database(|db, label| async move {
        // Two contexts seeded alike draw the same codes in the same order: every code of the
        // second batch to reach the index collides, and is drawn again.
        let first = context(&db, &clock());
        let second = context(&db, &clock());
        let stand = stand(&first, None).await;
        let input = batch_input(&stand, 1200);
        let (a, b) = tokio::join!(
            voucher::generate(&first, &input),
            voucher::generate(&second, &input)
        );
        let (a, b) = (a.expect("batch a"), b.expect("batch b"));
        let mut all = codes(&first, a.batch.id).await;
        all.extend(codes(&first, b.batch.id).await);
        assert_eq!(all.len(), 2400, "{label}");
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), 2400, "{label}: no code twice");
        // And a third batch from a context seeded alike again: every first draw is taken.
        let third = context(&db, &clock());
        let c = voucher::generate(&third, &batch_input(&stand, 50))
            .await
            .expect("batch c");
        let more = codes(&first, c.batch.id).await;
        assert!(more.iter().all(|code| !unique.contains(code)), "{label}");
    })
    .await;
}

/// A change that makes a batch's input wrong.
type Change = Box<dyn Fn(&mut tikbill_api::VoucherBatchInput)>;

#[tokio::test]
async fn bad_batches_are_refused_on_their_fields_and_leave_nothing() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let stand = stand(&ctx, None).await;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|i| i.count = 0), "count"),
            (Box::new(|i| i.count = 50_001), "count"),
            (Box::new(|i| i.code_length = Some(5)), "code_length"),
            (Box::new(|i| i.code_length = Some(17)), "code_length"),
            (Box::new(|i| i.prefix = "A B".into()), "prefix"),
            (Box::new(|i| i.prefix = "ABCDEFGHI".into()), "prefix"),
            (Box::new(|i| i.router_ids.clear()), "router_ids"),
            (Box::new(|i| i.router_ids = vec![987_654]), "router_ids"),
            (Box::new(|i| i.profile_id = 987_654), "profile_id"),
            (Box::new(|i| i.price = Some("-1".into())), "price"),
            (Box::new(|i| i.price = Some("lima ribu".into())), "price"),
            (
                Box::new(|i| i.time_mode = VoucherTimeMode::FixedDate),
                "valid_until",
            ),
            (
                Box::new(|i| {
                    i.time_mode = VoucherTimeMode::FixedDate;
                    i.valid_until = Some("2020-01-01".into());
                }),
                "valid_until",
            ),
            (
                Box::new(|i| {
                    i.time_mode = VoucherTimeMode::FixedDate;
                    i.valid_until = Some("31/12/2026".into());
                }),
                "valid_until",
            ),
        ];
        for (change, field) in cases {
            let mut input = batch_input(&stand, 10);
            change(&mut input);
            match voucher::generate(&ctx, &input).await {
                Err(CoreError::Validation { fields, .. }) => assert!(
                    fields.iter().any(|f| f.field == field),
                    "{label}: {field} in {fields:?}"
                ),
                other => panic!("{label}: {field}: {other:?}"),
            }
        }
        let batches = entity::voucher_batch::Entity::find()
            .count(&db)
            .await
            .expect("count");
        let cards = entity::voucher::Entity::find()
            .count(&db)
            .await
            .expect("count");
        let jobs = entity::router_job::Entity::find()
            .count(&db)
            .await
            .expect("count");
        assert_eq!(
            (batches, cards, jobs),
            (0, 0, 0),
            "{label}: nothing left behind"
        );
    })
    .await;
}
