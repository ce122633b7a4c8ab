//! The payments page's query on both databases: every narrowing (customer, days on the office's
//! clock, method, state, cashier) alone and combined, pages of every size walking each once in
//! time order, a cursor that the filter does not match, and refused filters.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use tikbill_api::{
    PaymentFilter, PaymentInput, PaymentMethod, PaymentState, ProfileInput, StaffInput, StaffRole,
};
use tikbill_core::entity::payment as payment_row;
use tikbill_core::{payment, profile, staff, Actor, Context, CoreError, FixedClock};

use super::shop;
use crate::support::{clock, context, on_each_database};

use PaymentMethod::{BankTransfer, Card, Cash, Gateway, MobileMoney};
use PaymentState::{Applied, Failed, Paid, Pending, Reversed, Unmatched};

/// A payment as the book made it, to compute what each filter should answer.
#[derive(Debug, Clone)]
pub struct Spec {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub customer_id: Option<i64>,
    pub username: Option<String>,
    pub method: PaymentMethod,
    pub state: PaymentState,
    pub cashier: Option<i64>,
    pub amount: String,
    pub currency: String,
    pub reference: String,
}

/// The payments of [`book`], and who took them.
pub struct Book {
    pub specs: Vec<Spec>,
    /// sari and budi, cashiers.
    pub sari: i64,
    pub budi: i64,
    /// The customers on the IDR daily plan (user0, user1, user2).
    pub customers: Vec<i64>,
}

impl Book {
    /// The ids `filter` should list, in page order (newest first by time, then id).
    pub fn expected(&self, filter: &PaymentFilter) -> Vec<i64> {
        let tz: Tz = "Asia/Jakarta".parse().expect("a zone");
        let day = |text: &Option<String>| {
            text.as_deref()
                .map(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("a date"))
        };
        let (from, to) = (day(&filter.from), day(&filter.to));
        let mut found: Vec<&Spec> = self
            .specs
            .iter()
            .filter(|s| {
                let local = s.at.with_timezone(&tz).date_naive();
                filter.customer_id.is_none_or(|c| s.customer_id == Some(c))
                    && filter.method.is_none_or(|m| s.method == m)
                    && filter.state.is_none_or(|st| s.state == st)
                    && filter.cashier.is_none_or(|c| s.cashier == Some(c))
                    && from.is_none_or(|f| local >= f)
                    && to.is_none_or(|t| local <= t)
            })
            .collect();
        found.sort_by_key(|s| std::cmp::Reverse((s.at, s.id)));
        found.into_iter().map(|s| s.id).collect()
    }

    pub fn spec(&self, id: i64) -> &Spec {
        self.specs
            .iter()
            .find(|s| s.id == id)
            .expect("a payment of the book")
    }
}

fn jakarta(date: &str, time: &str) -> DateTime<Utc> {
    let tz: Tz = "Asia/Jakarta".parse().expect("a zone");
    let local = chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M")
        .expect("a local time");
    tz.from_local_datetime(&local)
        .single()
        .expect("Jakarta shows every time once")
        .with_timezone(&Utc)
}

/// Moves the shared clock to `at`.
fn set(clock: &FixedClock, ctx: &Context, at: DateTime<Utc>) {
    clock.advance(at - ctx.now());
}

/// The payments every case here reads, on the office clock of Asia/Jakarta (UTC+7):
///
/// - 36 recorded through the service between 24 November 08:00 UTC and 1 December, one every
///   5 hours: methods in turn, by sari, budi or tikbill itself (no cashier) in turn, for user0,
///   user1, user2 or nobody (unmatched) in turn, 150000, 150000.1 or 150000.2 IDR; every 7th
///   applied one reversed afterwards;
/// - two at the edges of 30 November, recorded last but earlier in time: 23:30 on the 30th and
///   00:10 on 1 December (the office's clock);
/// - 0.1 and 0.2 USD by card for user0 on a USD plan;
/// - one pending and one failed gateway payment, written by hand (no service makes them yet).
pub async fn book(ctx: &Context, clock: &FixedClock, db: &DatabaseConnection) -> Book {
    let shop = shop(ctx, 3).await;
    let customers: Vec<i64> = shop.customers.iter().map(|c| c.id).collect();
    let usernames = ["user0", "user1", "user2"];
    let cashier = |username: &str| StaffInput {
        username: username.into(),
        name: String::new(),
        role: StaffRole::Cashier,
        password: format!("{username}-password-1"),
    };
    let sari = staff::add(ctx, &cashier("sari")).await.expect("sari").id;
    let budi = staff::add(ctx, &cashier("budi")).await.expect("budi").id;
    let takers = [
        (
            ctx.acting_as(Actor::staff(sari, "sari", StaffRole::Cashier)),
            Some(sari),
        ),
        (
            ctx.acting_as(Actor::staff(budi, "budi", StaffRole::Cashier)),
            Some(budi),
        ),
        (ctx.clone(), None),
    ];
    // Cash goes into a cashier's drawer: each has a shift open.
    for (taker, _) in &takers[..2] {
        tikbill_core::shift::open(
            taker,
            &tikbill_api::OpenShiftInput {
                float: "0".into(),
                currency: "IDR".into(),
            },
        )
        .await
        .expect("a shift");
    }
    let dollars = profile::create(
        ctx,
        &ProfileInput {
            name: "Tiny USD".into(),
            rate_limit: "1M/1M".into(),
            price: "0.1".into(),
            currency: "USD".into(),
            duration_value: "1".into(),
            duration_unit: "hours".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a USD plan")
    .id;
    let start = Utc
        .with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .expect("an instant");
    let mut specs = Vec::new();
    let mut record = async |taker: usize, at: DateTime<Utc>, input: PaymentInput| {
        set(clock, ctx, at);
        let (by, cashier) = &takers[taker];
        let view = payment::record(by, &input).await.expect("recorded");
        specs.push(Spec {
            id: view.id,
            at,
            customer_id: input.customer_id,
            username: view.customer_username.clone(),
            method: input.method,
            state: view.state,
            cashier: *cashier,
            amount: view.amount.clone(),
            currency: view.currency.clone(),
            reference: view.reference.clone(),
        });
        view
    };
    let idr = |customer: Option<i64>, amount: &str, method: PaymentMethod| PaymentInput {
        customer_id: customer,
        profile_id: None,
        periods: 1,
        amount: amount.into(),
        currency: "IDR".into(),
        method,
        reference: None,
    };
    let mut reversals = Vec::new();
    for i in 0..36_usize {
        let at = start + chrono::Duration::hours(5 * i64::try_from(i).expect("small"));
        let customer = customers.get(i % 4).copied();
        let amount = ["150000", "150000.1", "150000.2"][i % 3];
        let view = record(i % 3, at, idr(customer, amount, PaymentMethod::ALL[i % 5])).await;
        if view.state == Applied && i % 7 == 0 {
            reversals.push(view.id);
        }
    }
    let mut awkward = idr(Some(customers[1]), "150000", BankTransfer);
    awkward.reference = Some("TRX 7, \"kasir\"\nline two".into());
    record(0, jakarta("2026-11-30", "23:30"), awkward).await;
    record(
        1,
        jakarta("2026-12-01", "00:10"),
        idr(Some(customers[2]), "150000", MobileMoney),
    )
    .await;
    for amount in ["0.1", "0.2"] {
        let input = PaymentInput {
            customer_id: Some(customers[0]),
            profile_id: Some(dollars),
            currency: "USD".into(),
            ..idr(None, amount, Card)
        };
        record(0, jakarta("2026-11-27", "12:00"), input).await;
    }
    for id in reversals {
        let view = payment::reverse(ctx, id, "counted twice")
            .await
            .expect("reversed");
        let spec = specs.iter_mut().find(|s| s.id == id).expect("its spec");
        spec.state = view.state;
    }
    for (state, reference) in [(Pending, "GW-1"), (Failed, "GW-2")] {
        let at = jakarta("2026-11-28", "09:00");
        let row = payment_row::ActiveModel {
            customer_id: Set(Some(customers[0])),
            profile_id: Set(None),
            amount_e4: Set(1_500_000_000),
            currency: Set("IDR".into()),
            method: Set(Gateway.as_str().into()),
            gateway: Set(Some("midtrans".into())),
            gateway_reference: Set(Some(reference.into())),
            state: Set(state.as_str().into()),
            received_by: Set(None),
            note: Set(None),
            paid_at: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            periods: Set(1),
            credit_added_e4: Set(0),
            credit_used_e4: Set(0),
            expiry_before: Set(None),
            expiry_after: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("a gateway payment");
        specs.push(Spec {
            id: row.id,
            at,
            customer_id: Some(customers[0]),
            username: Some("user0".into()),
            method: Gateway,
            state,
            cashier: None,
            amount: "150000".into(),
            currency: "IDR".into(),
            reference: reference.into(),
        });
    }
    for s in &mut specs {
        s.username = s
            .customer_id
            .and_then(|c| customers.iter().position(|x| *x == c))
            .map(|i| usernames[i].to_string());
    }
    Book {
        specs,
        sari,
        budi,
        customers,
    }
}

/// Every page of `filter` with `limit` payments a page: the ids in order, and the page sizes.
async fn walk(ctx: &Context, filter: &PaymentFilter, limit: u32) -> (Vec<i64>, Vec<usize>) {
    let mut ids = Vec::new();
    let mut sizes = Vec::new();
    let mut before_id = filter.before_id;
    loop {
        let page = payment::list(
            ctx,
            &PaymentFilter {
                before_id,
                limit: Some(limit),
                ..filter.clone()
            },
        )
        .await
        .expect("a page");
        sizes.push(page.payments.len());
        ids.extend(page.payments.iter().map(|p| p.id));
        assert!(sizes.len() < 200, "the pages end");
        match page.next_before_id {
            Some(next) => {
                assert_eq!(Some(next), ids.last().copied(), "the cursor is the last id");
                before_id = Some(next);
            }
            None => break,
        }
    }
    (ids, sizes)
}

/// `filter` answers the book's expected payments on every page size, each page full but the
/// last, and matches `count` of them (to keep the cases honest: none of them trivially empty by
/// mistake).
async fn check(
    ctx: &Context,
    book: &Book,
    label: &str,
    why: &str,
    filter: PaymentFilter,
    count: usize,
) {
    let expected = book.expected(&filter);
    assert_eq!(
        expected.len(),
        count,
        "{label}: {why}: the book has {count}"
    );
    for limit in [1, 3, 7, 500] {
        let (ids, sizes) = walk(ctx, &filter, limit).await;
        assert_eq!(ids, expected, "{label}: {why}, {limit} a page");
        let limit = limit as usize;
        let full = sizes.iter().rev().skip(1).all(|s| *s == limit);
        assert!(
            full,
            "{label}: {why}: every page but the last is full: {sizes:?}"
        );
        assert!(
            sizes.last().is_some_and(|s| *s <= limit),
            "{label}: {why}: {sizes:?}"
        );
    }
}

fn days(from: &str, to: &str) -> PaymentFilter {
    let given = |d: &str| (!d.is_empty()).then(|| d.to_string());
    PaymentFilter {
        from: given(from),
        to: given(to),
        ..PaymentFilter::default()
    }
}

#[tokio::test]
async fn every_filter_pages_through_exactly_its_payments_newest_first() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let book = book(&ctx, &clock, &db).await;
        let all = PaymentFilter::default();
        let cases: Vec<(&str, PaymentFilter, usize)> = vec![
            ("every payment", all.clone(), 42),
            (
                "user0's",
                PaymentFilter {
                    customer_id: Some(book.customers[0]),
                    ..all.clone()
                },
                13,
            ),
            (
                "cash",
                PaymentFilter {
                    method: Some(Cash),
                    ..all.clone()
                },
                8,
            ),
            (
                "bank transfers",
                PaymentFilter {
                    method: Some(BankTransfer),
                    ..all.clone()
                },
                8,
            ),
            (
                "mobile money",
                PaymentFilter {
                    method: Some(MobileMoney),
                    ..all.clone()
                },
                8,
            ),
            (
                "cards",
                PaymentFilter {
                    method: Some(Card),
                    ..all.clone()
                },
                9,
            ),
            (
                "gateway",
                PaymentFilter {
                    method: Some(Gateway),
                    ..all.clone()
                },
                9,
            ),
            (
                "applied",
                PaymentFilter {
                    state: Some(Applied),
                    ..all.clone()
                },
                27,
            ),
            (
                "unmatched",
                PaymentFilter {
                    state: Some(Unmatched),
                    ..all.clone()
                },
                9,
            ),
            (
                "reversed",
                PaymentFilter {
                    state: Some(Reversed),
                    ..all.clone()
                },
                4,
            ),
            (
                "pending",
                PaymentFilter {
                    state: Some(Pending),
                    ..all.clone()
                },
                1,
            ),
            (
                "failed",
                PaymentFilter {
                    state: Some(Failed),
                    ..all.clone()
                },
                1,
            ),
            (
                "paid: none stays paid",
                PaymentFilter {
                    state: Some(Paid),
                    ..all.clone()
                },
                0,
            ),
            (
                "sari's",
                PaymentFilter {
                    cashier: Some(book.sari),
                    ..all.clone()
                },
                15,
            ),
            (
                "budi's",
                PaymentFilter {
                    cashier: Some(book.budi),
                    ..all.clone()
                },
                13,
            ),
            (
                "a staff id that took nothing",
                PaymentFilter {
                    cashier: Some(987_654),
                    ..all.clone()
                },
                0,
            ),
            (
                "30 November, to 23:59:59 Jakarta",
                days("2026-11-30", "2026-11-30"),
                6,
            ),
            ("from 1 December, 00:00 Jakarta", days("2026-12-01", ""), 6),
            ("up to 30 November", days("", "2026-11-30"), 36),
            ("a week", days("2026-11-24", "2026-11-30"), 36),
            (
                "days before the first payment",
                days("2026-01-01", "2026-11-23"),
                0,
            ),
            (
                "sari's cash",
                PaymentFilter {
                    cashier: Some(book.sari),
                    method: Some(Cash),
                    ..all.clone()
                },
                3,
            ),
            (
                "user1's applied payments in 25 to 30 November",
                PaymentFilter {
                    customer_id: Some(book.customers[1]),
                    state: Some(Applied),
                    ..days("2026-11-25", "2026-11-30")
                },
                7,
            ),
            (
                "budi's mobile money on 1 December",
                PaymentFilter {
                    cashier: Some(book.budi),
                    method: Some(MobileMoney),
                    ..days("2026-12-01", "2026-12-01")
                },
                1,
            ),
            (
                "every narrowing at once",
                PaymentFilter {
                    customer_id: Some(book.customers[0]),
                    method: Some(Card),
                    state: Some(Applied),
                    cashier: Some(book.sari),
                    ..days("2026-11-27", "2026-11-27")
                },
                2,
            ),
        ];
        for (why, filter, count) in cases {
            check(&ctx, &book, label, why, filter, count).await;
        }
        // The edges of 30 November on the office's clock, by name: 23:30 is in, 00:10 of
        // 1 December is not (and is in 1 December).
        let at = |time: DateTime<Utc>| {
            book.specs
                .iter()
                .find(|s| s.at == time)
                .expect("a payment at that time")
                .id
        };
        let (late, early) = (
            at(jakarta("2026-11-30", "23:30")),
            at(jakarta("2026-12-01", "00:10")),
        );
        for (day, expect) in [("2026-11-30", (true, false)), ("2026-12-01", (false, true))] {
            let (ids, _) = walk(&ctx, &days(day, day), 500).await;
            assert_eq!(
                (ids.contains(&late), ids.contains(&early)),
                expect,
                "{label}: {day}"
            );
        }
        // What a page shows of each payment is what was recorded.
        let page = payment::list(
            &ctx,
            &PaymentFilter {
                limit: Some(500),
                ..all
            },
        )
        .await
        .expect("a page");
        for view in page.payments {
            let spec = book.spec(view.id);
            assert_eq!(
                (
                    &view.amount,
                    &view.currency,
                    view.method,
                    view.state,
                    &view.customer_username
                ),
                (
                    &spec.amount,
                    &spec.currency,
                    spec.method,
                    spec.state,
                    &spec.username
                ),
                "{label}: #{}",
                view.id
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_page_goes_on_after_its_cursor_even_one_the_filter_does_not_match() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let book = book(&ctx, &clock, &db).await;
        let every = book.expected(&PaymentFilter::default());
        let cash = PaymentFilter {
            method: Some(Cash),
            ..PaymentFilter::default()
        };
        let cash_ids = book.expected(&cash);
        // A payment in the middle of the list that is not cash: the cash payments after it.
        let cursor = every
            .iter()
            .copied()
            .skip(every.len() / 2)
            .find(|id| book.spec(*id).method != Cash)
            .expect("a payment that is not cash");
        let position = |id: i64| every.iter().position(|x| *x == id).expect("listed");
        let after: Vec<i64> = cash_ids
            .iter()
            .copied()
            .filter(|id| position(*id) > position(cursor))
            .collect();
        assert!(!after.is_empty() && after.len() < cash_ids.len(), "{label}");
        let (ids, _) = walk(
            &ctx,
            &PaymentFilter {
                before_id: Some(cursor),
                ..cash
            },
            2,
        )
        .await;
        assert_eq!(
            ids, after,
            "{label}: the cash payments after #{cursor} in the list"
        );

        // Recorded last, earlier in time than five payments before it: listed among them by time.
        let edge = book
            .specs
            .iter()
            .find(|s| s.reference.starts_with("TRX 7"))
            .expect("the payment at 23:30 on 30 November");
        let newer_ids = book
            .specs
            .iter()
            .filter(|s| s.id < edge.id && s.at > edge.at)
            .count();
        assert_eq!(
            newer_ids, 5,
            "{label}: five payments of 1 December have smaller ids"
        );
        assert_eq!(
            position(edge.id),
            6,
            "{label}: after the six payments of 1 December"
        );
    })
    .await;
}

#[tokio::test]
async fn a_bad_filter_is_refused_on_its_fields() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        super::shop(&ctx, 1).await;
        let fields = |outcome: Result<tikbill_api::PaymentPage, CoreError>| match outcome {
            Err(CoreError::Validation { fields, .. }) => {
                fields.into_iter().map(|f| f.field).collect::<Vec<_>>()
            }
            other => panic!("{label}: a validation error, not {other:?}"),
        };
        for (filter, expect) in [
            (days("2026-02-30", ""), vec!["from"]),
            (days("", "30/11/2026"), vec!["to"]),
            (days("today", "2026-11-31"), vec!["from", "to"]),
            (days("2026-12-01", "2026-11-30"), vec!["to"]),
            (
                PaymentFilter {
                    before_id: Some(987_654),
                    ..PaymentFilter::default()
                },
                vec!["before_id"],
            ),
        ] {
            assert_eq!(
                fields(payment::list(&ctx, &filter).await),
                expect,
                "{label}: {filter:?}"
            );
        }
        // Blank days are no days; a filter that matches nothing is an empty page.
        let page = payment::list(&ctx, &days(" ", "")).await.expect("a page");
        assert_eq!((page.payments.len(), page.next_before_id), (0, None));
    })
    .await;
}
