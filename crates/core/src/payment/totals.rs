//! What the payments of a filter add up to: per currency, and per currency and method, the money
//! taken and the money reversed, exact, with how many payments each.
//!
//! Money taken is what `paid`, `unmatched` and `applied` payments hold; `reversed` payments are
//! counted apart (taken once, given back); `pending` and `failed` ones hold no money and are left
//! out (`tikbill_api::PaymentTotals` says the same to the UI). Amounts of different currencies
//! are never added together.
//!
//! The database adds the stored 1/10,000 units up (`SUM(amount_e4)` grouped by currency, method
//! and state: integers, exact, a few dozen groups at most); the groups are then added into the
//! totals here, as integers, and written out as exact decimals. Paging (`before_id`, `limit`) is
//! not part of the totals: they are the filter's, all pages.

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::{
    CurrencyTotals, MethodTotals, MoneyCount, PaymentFilter, PaymentMethod, PaymentState,
    PaymentTotals, Permission,
};

use super::listing::{Criteria, Through};
use crate::entity::payment;
use crate::money::from_e4;
use crate::{Context, CoreError, CoreResult};

/// The states whose payments are money taken.
pub const TAKEN: [PaymentState; 3] = [
    PaymentState::Paid,
    PaymentState::Unmatched,
    PaymentState::Applied,
];

/// The totals of every payment `filter` matches (see the module); its paging is ignored.
pub async fn totals(ctx: &Context, filter: &PaymentFilter) -> CoreResult<PaymentTotals> {
    ctx.require(Permission::ViewPayments)?;
    let criteria = Criteria::read(ctx, filter).await?;
    let through = criteria.through(ctx.db(), None).await?;
    let groups = groups(ctx.db(), &criteria, through).await?;
    add_up(groups)
}

/// One group of payments as the database adds them up: currency, method, state, the sum of
/// their amounts (1/10,000 units) and how many they are.
type Group = (String, String, String, i64, i64);

async fn groups(
    db: &impl ConnectionTrait,
    criteria: &Criteria,
    through: Option<Through>,
) -> CoreResult<Vec<Group>> {
    // Every state is grouped, pending and failed too, and left out when the groups are added
    // up: a `state IN (…)` here would send SQLite through the state index, reading each row
    // by its id, which at 1,000,000 payments took longer than reading them all in order.
    Ok(payment::Entity::find()
        .select_only()
        .column(payment::Column::Currency)
        .column(payment::Column::Method)
        .column(payment::Column::State)
        // PostgreSQL's SUM of a BIGINT is a NUMERIC: cast back (a total past a BIGINT is an
        // error, never a rounded number).
        .column_as(
            Expr::cust(r#"CAST(SUM("amount_e4") AS BIGINT)"#),
            "total_e4",
        )
        .column_as(Expr::cust("COUNT(*)"), "payments")
        .filter(criteria.condition(through))
        .group_by(payment::Column::Currency)
        .group_by(payment::Column::Method)
        .group_by(payment::Column::State)
        .into_tuple()
        .all(db)
        .await?)
}

/// Sums and counts of one currency and method, as integers.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    taken_e4: i64,
    taken: u64,
    reversed_e4: i64,
    reversed: u64,
}

impl Sums {
    fn add(&mut self, other: Sums) -> CoreResult<()> {
        self.taken_e4 = checked(self.taken_e4.checked_add(other.taken_e4))?;
        self.reversed_e4 = checked(self.reversed_e4.checked_add(other.reversed_e4))?;
        self.taken += other.taken;
        self.reversed += other.reversed;
        Ok(())
    }

    fn taken(&self) -> MoneyCount {
        MoneyCount {
            amount: from_e4(self.taken_e4).to_string(),
            count: self.taken,
        }
    }

    fn reversed(&self) -> MoneyCount {
        MoneyCount {
            amount: from_e4(self.reversed_e4).to_string(),
            count: self.reversed,
        }
    }
}

fn checked(sum: Option<i64>) -> CoreResult<i64> {
    sum.ok_or_else(|| CoreError::Internal("a payment total is too large".into()))
}

/// The database's groups added up per currency and method, and per currency.
fn add_up(groups: Vec<Group>) -> CoreResult<PaymentTotals> {
    let mut by_currency: BTreeMap<String, [Sums; PaymentMethod::ALL.len()]> = BTreeMap::new();
    for (currency, method, state, total_e4, payments) in groups {
        let unknown = |what: &str, value: &str| {
            CoreError::Internal(format!("a payment with an unknown {what} '{value}'"))
        };
        let method = PaymentMethod::ALL
            .iter()
            .position(|m| m.as_str() == method)
            .ok_or_else(|| unknown("method", &method))?;
        let state = PaymentState::parse(&state).ok_or_else(|| unknown("state", &state))?;
        let payments = u64::try_from(payments).unwrap_or(0);
        let group = if state == PaymentState::Reversed {
            Sums {
                reversed_e4: total_e4,
                reversed: payments,
                ..Sums::default()
            }
        } else if TAKEN.contains(&state) {
            Sums {
                taken_e4: total_e4,
                taken: payments,
                ..Sums::default()
            }
        } else {
            // Pending and failed: no money.
            continue;
        };
        by_currency.entry(currency).or_default()[method].add(group)?;
    }
    let mut currencies = Vec::new();
    for (currency, methods) in by_currency {
        let mut all = Sums::default();
        let mut by_method = Vec::new();
        for (method, sums) in PaymentMethod::ALL.into_iter().zip(methods) {
            if sums.taken + sums.reversed == 0 {
                continue;
            }
            all.add(sums)?;
            by_method.push(MethodTotals {
                method,
                taken: sums.taken(),
                reversed: sums.reversed(),
            });
        }
        currencies.push(CurrencyTotals {
            currency,
            taken: all.taken(),
            reversed: all.reversed(),
            methods: by_method,
        });
    }
    Ok(PaymentTotals { currencies })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(currency: &str, method: &str, state: &str, e4: i64, n: i64) -> Group {
        (currency.into(), method.into(), state.into(), e4, n)
    }

    #[test]
    fn groups_add_up_per_currency_and_method_never_across_currencies() {
        let totals = add_up(vec![
            group("USD", "card", "applied", 1_000, 1),
            group("IDR", "cash", "applied", 1_500_000_000, 10),
            group("IDR", "cash", "unmatched", 3_000, 2),
            group("IDR", "bank_transfer", "paid", 2_000, 1),
            group("IDR", "cash", "reversed", 1_500_000_000, 1),
            group("USD", "card", "reversed", 2_000, 1),
            group("IDR", "gateway", "pending", 1_500_000_000, 3),
            group("IDR", "gateway", "failed", 1_500_000_000, 2),
            group("EUR", "card", "failed", 10_000, 1),
        ])
        .expect("added up");
        let show = |m: &MoneyCount| (m.amount.clone(), m.count);
        let idr = &totals.currencies[0];
        assert_eq!(idr.currency, "IDR", "currencies by code");
        assert_eq!(show(&idr.taken), ("150000.5".into(), 13));
        assert_eq!(show(&idr.reversed), ("150000".into(), 1));
        let methods: Vec<_> = idr
            .methods
            .iter()
            .map(|m| (m.method, show(&m.taken), show(&m.reversed)))
            .collect();
        assert_eq!(
            methods,
            vec![
                (
                    PaymentMethod::Cash,
                    ("150000.3".into(), 12),
                    ("150000".into(), 1)
                ),
                (
                    PaymentMethod::BankTransfer,
                    ("0.2".into(), 1),
                    ("0".into(), 0)
                ),
            ],
            "methods in PaymentMethod::ALL's order, only those with payments"
        );
        assert_eq!(
            totals.currencies.len(),
            2,
            "pending and failed: no money, no EUR"
        );
        let usd = &totals.currencies[1];
        assert_eq!(
            (show(&usd.taken), show(&usd.reversed)),
            (("0.1".into(), 1), ("0.2".into(), 1))
        );
    }

    #[test]
    fn an_unknown_state_or_method_is_an_error_not_a_guess() {
        for groups in [
            vec![group("IDR", "barter", "applied", 1, 1)],
            vec![group("IDR", "cash", "refunded", 1, 1)],
        ] {
            assert!(matches!(add_up(groups), Err(CoreError::Internal(_))));
        }
    }

    #[test]
    fn a_total_too_large_is_an_error() {
        let outcome = add_up(vec![
            group("IDR", "cash", "applied", i64::MAX, 1),
            group("IDR", "card", "applied", 1, 1),
        ]);
        assert!(matches!(outcome, Err(CoreError::Internal(_))));
    }
}
