//! The payments' CSV export on both databases, read back field for field.

use chrono::DateTime;
use chrono_tz::Tz;
use tikbill_api::{PaymentFilter, PaymentMethod};
use tikbill_core::{payment, Actor, CoreError};

use super::page::book;
use crate::support::{clock, context, on_each_database};

/// The CSV of `filter`: how many rows the export said, and the rows read back.
async fn exported(ctx: &tikbill_core::Context, filter: &PaymentFilter) -> (u64, Vec<Vec<String>>) {
    let mut out = Vec::new();
    let written = payment::export_csv(ctx, filter, &mut out)
        .await
        .expect("the export");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_slice());
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect();
    (written, rows)
}

#[tokio::test]
async fn the_export_holds_every_payment_of_the_filter_field_for_field() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let book = book(&ctx, &clock, &db).await;
        let tz: Tz = "Asia/Jakarta".parse().expect("a zone");
        for filter in [
            PaymentFilter {
                limit: Some(2),
                ..PaymentFilter::default()
            },
            PaymentFilter {
                from: Some("2026-11-30".into()),
                to: Some("2026-11-30".into()),
                ..PaymentFilter::default()
            },
            PaymentFilter {
                method: Some(PaymentMethod::Card),
                ..PaymentFilter::default()
            },
        ] {
            let (written, rows) = exported(&ctx, &filter).await;
            let ids = book.expected(&filter);
            assert_eq!(written, ids.len() as u64, "{label}: {filter:?}");
            assert_eq!(rows[0], payment::CSV_COLUMNS, "{label}: the header");
            assert_eq!(rows.len(), ids.len() + 1, "{label}: {filter:?}");
            for (row, id) in rows[1..].iter().zip(&ids) {
                let view = payment::get(&ctx, *id).await.expect("the payment");
                let spec = book.spec(*id);
                let at = DateTime::parse_from_rfc3339(&row[1]).expect("an RFC 3339 time");
                assert_eq!(at, spec.at, "{label}: #{id}'s time");
                assert!(
                    row[1].ends_with("+07:00"),
                    "{label}: on the office clock: {}",
                    row[1]
                );
                let expect = [
                    id.to_string(),
                    spec.at.with_timezone(&tz).to_rfc3339(),
                    spec.username.clone().unwrap_or_default(),
                    view.amount.clone(),
                    view.currency.clone(),
                    view.method.as_str().to_string(),
                    view.state.as_str().to_string(),
                    view.reference.clone(),
                    view.recorded_by.clone(),
                    view.credit_added.clone(),
                    view.credit_used.clone(),
                ];
                assert_eq!(row.as_slice(), expect.as_slice(), "{label}: #{id}");
            }
        }
        // The awkward reference (comma, quotes, line break) and the cashier's name come back
        // intact; a payment for nobody has no customer.
        let (_, rows) = exported(&ctx, &PaymentFilter::default()).await;
        let awkward = rows
            .iter()
            .find(|r| r[7].starts_with("TRX 7"))
            .expect("the awkward payment");
        assert_eq!(
            (
                awkward[7].as_str(),
                awkward[8].as_str(),
                awkward[2].as_str()
            ),
            ("TRX 7, \"kasir\"\nline two", "staff:sari", "user1"),
            "{label}"
        );
        assert!(
            rows.iter().any(|r| r[6] == "unmatched" && r[2].is_empty()),
            "{label}"
        );

        // The filter's before_id is where the export starts; bad days are refused, before any
        // row is written; and nobody signed in gets nothing.
        let every = book.expected(&PaymentFilter::default());
        let (written, rows) = exported(
            &ctx,
            &PaymentFilter {
                before_id: Some(every[9]),
                ..PaymentFilter::default()
            },
        )
        .await;
        assert_eq!(written, (every.len() - 10) as u64, "{label}");
        assert_eq!(rows[1][0], every[10].to_string(), "{label}");
        let mut out = Vec::new();
        let refused = payment::export_csv(
            &ctx,
            &PaymentFilter {
                to: Some("tomorrow".into()),
                ..PaymentFilter::default()
            },
            &mut out,
        )
        .await;
        assert!(
            matches!(refused, Err(CoreError::Validation { .. })) && out.is_empty(),
            "{label}: {refused:?}"
        );
        let nobody = ctx.acting_as(Actor::Nobody);
        let refused = payment::export_csv(&nobody, &PaymentFilter::default(), &mut out).await;
        assert!(refused.is_err() && out.is_empty(), "{label}: {refused:?}");
        assert!(payment::totals(&nobody, &PaymentFilter::default())
            .await
            .is_err());
        assert!(payment::list(&nobody, &PaymentFilter::default())
            .await
            .is_err());
    })
    .await;
}
