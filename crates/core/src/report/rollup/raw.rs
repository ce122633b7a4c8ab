//! Adding up the raw rows of a span of instants: payments by every dimension, health checks by
//! router. What builds a day's roll-up, adds up today, and checks a stored roll-up.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult};

use super::{
    statement, CardMoves, CheckSums, DayMoney, DayRollup, MoneySums, DIMENSIONS, PAID_BY_CUSTOMER,
};
use crate::CoreResult;

/// Which parts of a span to add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts {
    pub money: bool,
    pub checks: bool,
    pub cards: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        money: true,
        checks: true,
        cards: true,
    };
}

pub(super) fn int(row: &QueryResult, index: usize) -> CoreResult<i64> {
    Ok(row.try_get_by_index::<Option<i64>>(index)?.unwrap_or(0))
}

/// Adds up the raw rows of the instants `[start, end)`: payments, health checks and cards'
/// moves, as `parts` asks.
pub(crate) async fn add_up(
    db: &impl ConnectionTrait,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    parts: Parts,
) -> CoreResult<DayRollup> {
    Ok(DayRollup {
        money: if parts.money {
            money(db, start, end).await?
        } else {
            DayMoney::new()
        },
        checks: if parts.checks {
            checks(db, start, end).await?
        } else {
            BTreeMap::new()
        },
        cards: if parts.cards {
            cards(db, start, end).await?
        } else {
            CardMoves::new()
        },
    })
}

async fn money(
    db: &impl ConnectionTrait,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> CoreResult<DayMoney> {
    // The router is looked up per payment (a day's few thousand by primary key): joined, the
    // planner may read all the customers to hash them.
    let payments = db
        .query_all_raw(statement(
            db.get_database_backend(),
            r#"SELECT currency, method, plan, cashier, router, state,
                      CAST(SUM(amount_e4) AS BIGINT), COUNT(*), paid_by
               FROM (SELECT p.currency, p.method, COALESCE(p.profile_id, 0) AS plan,
                            COALESCE(p.received_by, 0) AS cashier,
                            COALESCE((SELECT c.router_id FROM customers c
                                      WHERE c.id = p.customer_id), 0) AS router,
                            p.state, p.amount_e4,
                            CAST(CASE WHEN p.customer_id IS NULL THEN 0 ELSE 1 END AS BIGINT)
                              AS paid_by
                     FROM payments p WHERE p.created_at >= $1 AND p.created_at < $2) d
               GROUP BY currency, method, plan, cashier, router, state, paid_by"#,
            vec![start.into(), end.into()],
        ))
        .await?;
    let mut money = DayMoney::new();
    for row in payments {
        let currency: String = row.try_get_by_index(0)?;
        let method: String = row.try_get_by_index(1)?;
        let state: String = row.try_get_by_index(5)?;
        let (total, count) = (int(&row, 6)?, int(&row, 7)?);
        let sums = match state.as_str() {
            "paid" | "unmatched" | "applied" => MoneySums {
                taken_e4: total,
                taken: count,
                ..MoneySums::default()
            },
            "reversed" => MoneySums {
                reversed_e4: total,
                reversed: count,
                ..MoneySums::default()
            },
            // Pending and failed payments hold no money.
            _ => continue,
        };
        let key = |id: i64| {
            if id == 0 {
                String::new()
            } else {
                id.to_string()
            }
        };
        let keys = [
            String::new(),
            method,
            key(int(&row, 2)?),
            key(int(&row, 4)?),
            key(int(&row, 3)?),
            if int(&row, 8)? == 1 {
                PAID_BY_CUSTOMER.to_string()
            } else {
                String::new()
            },
        ];
        for (dimension, key) in DIMENSIONS.into_iter().zip(keys) {
            money
                .entry((dimension.to_string(), key, currency.clone()))
                .or_default()
                .add(sums)?;
        }
    }
    Ok(money)
}

async fn checks(
    db: &impl ConnectionTrait,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> CoreResult<BTreeMap<i64, CheckSums>> {
    let rows = db
        .query_all_raw(statement(
            db.get_database_backend(),
            r#"SELECT router_id, COUNT(*), CAST(SUM(CASE WHEN online THEN 1 ELSE 0 END) AS BIGINT),
                      CAST(SUM(latency_ms) AS BIGINT), COUNT(latency_ms)
               FROM router_checks WHERE checked_at >= $1 AND checked_at < $2
               GROUP BY router_id"#,
            vec![start.into(), end.into()],
        ))
        .await?;
    let mut checks = BTreeMap::new();
    for row in rows {
        checks.insert(
            int(&row, 0)?,
            CheckSums {
                checks: int(&row, 1)?,
                online: int(&row, 2)?,
                latency_sum_ms: int(&row, 3)?,
                latency_checks: int(&row, 4)?,
            },
        );
    }
    Ok(checks)
}

async fn cards(
    db: &impl ConnectionTrait,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> CoreResult<CardMoves> {
    // The batch is looked up per move by primary key, as the router is per payment.
    let rows = db
        .query_all_raw(statement(
            db.get_database_backend(),
            r#"SELECT batch, staff, to_state, COUNT(*)
               FROM (SELECT (SELECT v.batch_id FROM vouchers v WHERE v.id = t.voucher_id)
                              AS batch,
                            COALESCE(t.staff_id, 0) AS staff, t.to_state
                     FROM voucher_transitions t WHERE t.at >= $1 AND t.at < $2) d
               GROUP BY batch, staff, to_state"#,
            vec![start.into(), end.into()],
        ))
        .await?;
    let mut cards = CardMoves::new();
    for row in rows {
        cards.insert(
            (
                int(&row, 0)?,
                int(&row, 1)?,
                row.try_get_by_index::<String>(2)?,
            ),
            int(&row, 3)?,
        );
    }
    Ok(cards)
}
