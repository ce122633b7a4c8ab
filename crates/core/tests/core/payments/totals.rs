//! The page's totals on both databases: exact sums per currency and method (never across
//! currencies), money taken apart from money reversed, pending and failed payments in neither,
//! the filter's payments on every page.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use tikbill_api::{MoneyCount, PaymentFilter, PaymentMethod, PaymentState, PaymentTotals};
use tikbill_core::payment;

use super::page::{book, Book};
use crate::support::{clock, context, on_each_database};

/// (currency, method) → (taken, reversed), each (amount, count), for `filter`, added up here
/// from the book as decimals.
type Expected = BTreeMap<(String, &'static str), ((Decimal, u64), (Decimal, u64))>;

fn expected(book: &Book, filter: &PaymentFilter) -> Expected {
    let mut sums = Expected::new();
    for id in book.expected(filter) {
        let s = book.spec(id);
        let amount = Decimal::from_str(&s.amount).expect("an exact amount");
        let entry = sums
            .entry((s.currency.clone(), s.method.as_str()))
            .or_default();
        match s.state {
            PaymentState::Paid | PaymentState::Unmatched | PaymentState::Applied => {
                entry.0 .0 += amount;
                entry.0 .1 += 1;
            }
            PaymentState::Reversed => {
                entry.1 .0 += amount;
                entry.1 .1 += 1;
            }
            PaymentState::Pending | PaymentState::Failed => {}
        }
    }
    sums.retain(|_, (taken, reversed)| taken.1 + reversed.1 > 0);
    sums
}

fn pair(m: &MoneyCount) -> (Decimal, u64) {
    (
        Decimal::from_str(&m.amount).expect("an exact amount"),
        m.count,
    )
}

/// The totals as the same map, checking on the way that each currency's total is its
/// methods' sum and that the amounts are written normalised ("0.3", not "0.30000").
fn as_map(totals: &PaymentTotals) -> Expected {
    let mut map = Expected::new();
    for c in &totals.currencies {
        let (mut taken, mut reversed) = ((Decimal::ZERO, 0), (Decimal::ZERO, 0));
        for m in &c.methods {
            for (sum, part) in [(&mut taken, &m.taken), (&mut reversed, &m.reversed)] {
                let (amount, count) = pair(part);
                assert_eq!(part.amount, amount.normalize().to_string());
                sum.0 += amount;
                sum.1 += count;
            }
            map.insert(
                (c.currency.clone(), m.method.as_str()),
                (pair(&m.taken), pair(&m.reversed)),
            );
        }
        assert_eq!(
            (pair(&c.taken), pair(&c.reversed)),
            (taken, reversed),
            "{}: the currency's totals are its methods'",
            c.currency
        );
    }
    map
}

#[tokio::test]
async fn totals_are_exact_per_currency_and_method() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let book = book(&ctx, &clock, &db).await;
        let all = PaymentFilter::default();
        let totals = payment::totals(&ctx, &all).await.expect("totals");
        let currencies: Vec<(&str, &str, u64, &str, u64)> = totals
            .currencies
            .iter()
            .map(|c| {
                (
                    c.currency.as_str(),
                    c.taken.amount.as_str(),
                    c.taken.count,
                    c.reversed.amount.as_str(),
                    c.reversed.count,
                )
            })
            .collect();
        // IDR: 34 payments taken (36 + 2 at the edges, less the 4 reversed; the pending and
        // failed ones hold no money), 11 of 150000.1 and 11 of 150000.2 among them; USD: 0.1 +
        // 0.2, exactly 0.3.
        assert_eq!(
            currencies,
            vec![
                ("IDR", "5100003.3", 34, "600000.3", 4),
                ("USD", "0.3", 2, "0", 0),
            ],
            "{label}"
        );
        let usd = &totals.currencies[1];
        assert_eq!(usd.methods.len(), 1, "{label}: USD by card alone");
        assert_eq!(usd.methods[0].method, PaymentMethod::Card);

        let cases = [
            ("every payment", all.clone()),
            (
                "user0's",
                PaymentFilter {
                    customer_id: Some(book.customers[0]),
                    ..all.clone()
                },
            ),
            (
                "30 November (Jakarta)",
                PaymentFilter {
                    from: Some("2026-11-30".into()),
                    to: Some("2026-11-30".into()),
                    ..all.clone()
                },
            ),
            (
                "sari's cards",
                PaymentFilter {
                    cashier: Some(book.sari),
                    method: Some(PaymentMethod::Card),
                    ..all.clone()
                },
            ),
            (
                "reversed",
                PaymentFilter {
                    state: Some(PaymentState::Reversed),
                    ..all.clone()
                },
            ),
            (
                "pending: no money",
                PaymentFilter {
                    state: Some(PaymentState::Pending),
                    ..all.clone()
                },
            ),
        ];
        for (why, filter) in cases {
            let totals = payment::totals(&ctx, &filter).await.expect("totals");
            assert_eq!(as_map(&totals), expected(&book, &filter), "{label}: {why}");
            let paged = PaymentFilter {
                before_id: book.expected(&all).get(3).copied(),
                limit: Some(2),
                ..filter.clone()
            };
            assert_eq!(
                payment::totals(&ctx, &paged).await.expect("totals"),
                totals,
                "{label}: {why}: the totals are the filter's, paging left aside"
            );
        }
        let none = PaymentFilter {
            state: Some(PaymentState::Pending),
            ..all
        };
        assert_eq!(
            payment::totals(&ctx, &none).await.expect("totals"),
            PaymentTotals::default(),
            "{label}: pending payments hold no money"
        );
    })
    .await;
}
