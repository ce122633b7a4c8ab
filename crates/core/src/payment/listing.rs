//! The payments page's query: payments newest first, a page at a time, narrowed by customer,
//! days on the office's clock, method, state and the cashier who recorded them.
//!
//! **Order.** Newest first is by time: `created_at` descending, then `id` descending for
//! payments of the same instant. A payment's id is not a time: on PostgreSQL two payments for
//! different customers are recorded at once, each reading the clock before its insert takes an
//! id, and offices sharing one database each read their own computer's clock, which may be
//! minutes off. A range of days is a range of times, so the page walks the times; where ids do
//! follow the times (one office, one clock) the order is the id order.
//!
//! **Paging.** Keyset pages: the cursor is the last payment of the previous page
//! (`before_id`), and the next page holds the payments after it in that order,
//! `(created_at, id) < (its created_at, its id)`, one payment more than the page to know
//! whether another page follows. A page deep in the list costs what the first does.
//!
//! **Indexes** (migration `m20261201_000001_payment_indexes`): each narrowing has an index
//! that goes on with `(created_at, id)` after its own column (customer, state, method, cashier,
//! and a cashier's method), and `(created_at, id)` serves days alone and no narrowing at all;
//! so the page is read in its order from where it starts, the days being a range inside the
//! index. When narrowings come together, [`Through`] says which index is walked and how the
//! others are tested on the way.
//!
//! **Days** are the office's: `from` counts from the first instant of its day on the office's
//! clock, `to` up to (not including) the first instant of the next day, as the clock shows them
//! through daylight-saving changes (`expiry::instant_showing`: a day that starts in a skipped
//! hour starts at the gap's end). A date that is not `YYYY-MM-DD`, or a `to` before `from`, is
//! a field error.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::{Alias, BinOper, Condition, Expr, ExprTrait as _, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use tikbill_api::{
    FieldError, PaymentFilter, PaymentId, PaymentMethod, PaymentPage, PaymentState, Permission,
    StaffId,
};

use super::view;
use crate::entity::payment;
use crate::{Context, CoreError, CoreResult};

/// One page of the payments `filter` matches, newest first (see the module): those after
/// `filter.before_id`, `filter.limit` of them ([`PaymentFilter::DEFAULT_LIMIT`] when not given,
/// at most [`PaymentFilter::MAX_LIMIT`]).
pub async fn list(ctx: &Context, filter: &PaymentFilter) -> CoreResult<PaymentPage> {
    ctx.require(Permission::ViewPayments)?;
    let criteria = Criteria::read(ctx, filter).await?;
    let limit = filter
        .limit
        .unwrap_or(PaymentFilter::DEFAULT_LIMIT)
        .clamp(1, PaymentFilter::MAX_LIMIT);
    let (rows, next_before_id) = page_of(ctx.db(), &criteria, filter.before_id, limit).await?;
    Ok(PaymentPage {
        payments: view::views(ctx.db(), rows).await?,
        next_before_id,
    })
}

/// A filter checked: what narrows the payments, paging left aside.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Criteria {
    customer_id: Option<i64>,
    method: Option<PaymentMethod>,
    state: Option<PaymentState>,
    cashier: Option<StaffId>,
    /// From this instant on (the start of the `from` day on the office's clock).
    from: Option<DateTime<Utc>>,
    /// Before this instant (the start of the day after `to`).
    until: Option<DateTime<Utc>>,
}

impl Criteria {
    /// `filter` checked, its days read in the office's time zone (looked up only when the
    /// filter has days).
    pub(super) async fn read(ctx: &Context, filter: &PaymentFilter) -> CoreResult<Self> {
        let has_days = [&filter.from, &filter.to]
            .into_iter()
            .any(|day| day.as_deref().is_some_and(|d| !d.trim().is_empty()));
        let office_tz = if has_days {
            ctx.office_time_zone().await?
        } else {
            Tz::UTC
        };
        Self::of(filter, office_tz)
    }

    /// `filter` checked, its days on the clock of `office_tz`.
    fn of(filter: &PaymentFilter, office_tz: Tz) -> CoreResult<Self> {
        let mut fields = Vec::new();
        let (from, to) =
            crate::days::range(&mut fields, filter.from.as_deref(), filter.to.as_deref());
        if !fields.is_empty() {
            return Err(CoreError::invalid("payment filter", fields));
        }
        let start = |date: NaiveDate| {
            crate::expiry::instant_showing(date.and_time(NaiveTime::MIN), office_tz)
        };
        Ok(Self {
            customer_id: filter.customer_id,
            method: filter.method,
            state: filter.state,
            cashier: filter.cashier,
            from: from.and_then(start),
            // The day after `to` exists for every date but chrono's last; then no upper bound.
            until: to.and_then(|to| to.succ_opt()).and_then(start),
        })
    }

    /// The condition every matching payment meets (every page, every day), read through
    /// `through`'s index: the narrowings of state, method and cashier it does not hold are
    /// written so that no index serves them (`state || ''`, `received_by + 0`: the same values)
    /// and the database tests them on what it reads (see [`Through`]).
    pub(super) fn condition(&self, through: Option<Through>) -> Condition {
        let mut all = Condition::all();
        if let Some(id) = self.customer_id {
            all = all.add(payment::Column::CustomerId.eq(id));
        }
        for (narrowed, value) in self.narrowings() {
            let column = Expr::col((payment::Entity, narrowed.column()));
            let left = match (through.is_some_and(|t| t.holds(narrowed)), narrowed) {
                (true, _) => column,
                (false, Narrowed::Cashier) => column.add(0),
                (false, _) => column.binary(BinOper::Custom("||"), ""),
            };
            all = all.add(left.eq(value));
        }
        if let Some(from) = self.from {
            all = all.add(payment::Column::CreatedAt.gte(from));
        }
        if let Some(until) = self.until {
            all = all.add(payment::Column::CreatedAt.lt(until));
        }
        all
    }

    /// The state, method and cashier narrowings given, with their values.
    fn narrowings(&self) -> Vec<(Narrowed, sea_orm::Value)> {
        let mut given = Vec::new();
        if let Some(state) = self.state {
            given.push((Narrowed::State, state.as_str().into()));
        }
        if let Some(method) = self.method {
            given.push((Narrowed::Method, method.as_str().into()));
        }
        if let Some(id) = self.cashier {
            given.push((Narrowed::Cashier, id.into()));
        }
        given
    }

    /// The index the payments are read through (see [`Through`]); `None`: a customer's, or
    /// only days, or nothing, which the databases choose right.
    pub(super) async fn through(
        &self,
        db: &impl ConnectionTrait,
        cursor: Option<(DateTime<Utc>, PaymentId)>,
    ) -> CoreResult<Option<Through>> {
        if self.customer_id.is_some() {
            return Ok(None);
        }
        let mut candidates = Vec::new();
        match (self.cashier.is_some(), self.method.is_some()) {
            (true, true) => candidates.push(Through::CashierAndMethod),
            (true, false) => candidates.push(Through::Cashier),
            (false, true) => candidates.push(Through::Method),
            (false, false) => {}
        }
        if self.state.is_some() {
            candidates.push(Through::State);
        }
        if candidates.len() < 2 {
            return Ok(candidates.first().copied());
        }
        let mut best: Option<(u64, Through)> = None;
        for candidate in candidates {
            let found = self.count(db, candidate, cursor).await?;
            // The first of the fewest: the candidates' order breaks ties.
            if best.is_none_or(|(fewest, _)| found < fewest) {
                best = Some((found, candidate));
            }
        }
        Ok(best.map(|(_, through)| through))
    }

    /// How many payments (up to [`PROBE`]) the narrowings `through` holds allow, in the days and
    /// after `cursor`: counted in its index alone.
    async fn count(
        &self,
        db: &impl ConnectionTrait,
        through: Through,
        cursor: Option<(DateTime<Utc>, PaymentId)>,
    ) -> CoreResult<u64> {
        let mut probe = payment::Entity::find()
            .select_only()
            .column(payment::Column::Id)
            .limit(PROBE);
        for (narrowed, value) in self.narrowings() {
            if through.holds(narrowed) {
                probe = probe.filter(Expr::col((payment::Entity, narrowed.column())).eq(value));
            }
        }
        if let Some(from) = self.from {
            probe = probe.filter(payment::Column::CreatedAt.gte(from));
        }
        if let Some(until) = self.until {
            probe = probe.filter(payment::Column::CreatedAt.lt(until));
        }
        if let Some(cursor) = cursor {
            probe = probe.filter(before(cursor));
        }
        let count = Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from_subquery(probe.into_query(), Alias::new("probe"))
            .to_owned();
        let found: i64 = match db.query_one(&count).await? {
            Some(row) => row.try_get_by_index(0)?,
            None => 0,
        };
        Ok(u64::try_from(found).unwrap_or(0))
    }
}

/// How many payments a probe counts at most (see [`Through`]).
const PROBE: u64 = 25_000;

/// The index a page is read through when state, method and cashier narrow it together.
///
/// Each of them has its own index `(column, created_at, id)` that also holds the other two
/// columns, and a cashier's method has `(received_by, method, created_at, id, state)`, so a walk
/// through one index tests the other narrowings without reading the payments (about 0.3 µs an
/// entry on SQLite). The walk stops after a page or at the end of the index's range, so it costs
/// at most as many entries as the index holds in the days and after the cursor.
///
/// With more than one candidate (a state and a cashier, a method or both), the one with the
/// fewest payments there is taken: each is counted in its own index, up to [`PROBE`] entries
/// (about 0.1 µs an entry), ties (both past the cap) going to the cashier and method before the
/// state (a state past the cap is nearly always `applied`, most payments). The databases cannot
/// choose this themselves: SQLite (the app runs no `ANALYZE`) takes an index by its shape and
/// read all `applied` payments for one customer's applied ones (1.2 s at 1,000,000 payments);
/// PostgreSQL's statistics know each value's share but not how two narrowings go together (a
/// cashier's gateway payments: none, as gateway payments have no cashier). A customer's index
/// always leads: a customer's payments are few.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Through {
    CashierAndMethod,
    Cashier,
    Method,
    State,
}

impl Through {
    /// Whether the index starts with `narrowed`'s column.
    fn holds(self, narrowed: Narrowed) -> bool {
        matches!(
            (self, narrowed),
            (Self::CashierAndMethod, Narrowed::Cashier | Narrowed::Method)
                | (Self::Cashier, Narrowed::Cashier)
                | (Self::Method, Narrowed::Method)
                | (Self::State, Narrowed::State)
        )
    }
}

/// A narrowing that [`Through`] walks or tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Narrowed {
    State,
    Method,
    Cashier,
}

impl Narrowed {
    fn column(self) -> payment::Column {
        match self {
            Self::State => payment::Column::State,
            Self::Method => payment::Column::Method,
            Self::Cashier => payment::Column::ReceivedBy,
        }
    }
}

/// The payments after `cursor` (its time and id) in the page's order.
fn before((at, id): (DateTime<Utc>, PaymentId)) -> Expr {
    Expr::tuple([
        Expr::col((payment::Entity, payment::Column::CreatedAt)),
        Expr::col((payment::Entity, payment::Column::Id)),
    ])
    .lt(Expr::tuple([Expr::val(at), Expr::val(id)]))
}

/// The page of `limit` payments after `before_id` that `criteria` match, and the next page's
/// cursor (`None`: none follows).
pub(super) async fn page_of(
    db: &impl ConnectionTrait,
    criteria: &Criteria,
    before_id: Option<PaymentId>,
    limit: u32,
) -> CoreResult<(Vec<payment::Model>, Option<PaymentId>)> {
    let cursor = match before_id {
        Some(id) => Some((created_at(db, id).await?, id)),
        None => None,
    };
    let through = criteria.through(db, cursor).await?;
    let mut query = payment::Entity::find().filter(criteria.condition(through));
    if let Some(cursor) = cursor {
        query = query.filter(before(cursor));
    }
    let mut rows = query
        .order_by_desc(payment::Column::CreatedAt)
        .order_by_desc(payment::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(db)
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_before_id = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok((rows, next_before_id))
}

/// When the cursor's payment was recorded; a cursor naming no payment is refused.
async fn created_at(db: &impl ConnectionTrait, id: PaymentId) -> CoreResult<DateTime<Utc>> {
    payment::Entity::find_by_id(id)
        .select_only()
        .column(payment::Column::CreatedAt)
        .into_tuple()
        .one(db)
        .await?
        .ok_or_else(|| {
            CoreError::invalid(
                "payment filter",
                vec![FieldError {
                    field: "before_id".into(),
                    message: format!("Payment #{id} does not exist: start from the first page."),
                }],
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(from: &str, to: &str) -> PaymentFilter {
        PaymentFilter {
            from: Some(from.into()),
            to: Some(to.into()),
            ..PaymentFilter::default()
        }
    }

    /// The instants a day's range runs from and until, in `zone`, as RFC 3339 in the zone.
    fn range(zone: &str, from: &str, to: &str) -> (String, String) {
        let tz: Tz = zone.parse().expect("a zone");
        let c = Criteria::of(&dates(from, to), tz).expect("accepted");
        let show = |t: Option<DateTime<Utc>>| {
            t.map(|t| t.with_timezone(&tz).to_rfc3339())
                .unwrap_or_default()
        };
        (show(c.from), show(c.until))
    }

    #[test]
    fn days_are_whole_days_on_the_office_clock() {
        for (zone, from, to, expect, why) in [
            (
                "Asia/Jakarta",
                "2026-11-24",
                "2026-11-24",
                ("2026-11-24T00:00:00+07:00", "2026-11-25T00:00:00+07:00"),
                "a day in Jakarta is 17:00 to 17:00 UTC",
            ),
            (
                "America/New_York",
                "2026-03-08",
                "2026-03-08",
                ("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00"),
                "the day clocks spring forward has 23 hours",
            ),
            (
                "America/New_York",
                "2026-11-01",
                "2026-11-01",
                ("2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00"),
                "the day clocks fall back has 25 hours",
            ),
            (
                "America/Santiago",
                "2026-09-06",
                "2026-09-06",
                ("2026-09-06T01:00:00-03:00", "2026-09-07T00:00:00-03:00"),
                "Chile springs forward at midnight: the day starts at 01:00, the gap's end",
            ),
            (
                "Pacific/Apia",
                "2011-12-30",
                "2011-12-30",
                ("2011-12-31T00:00:00+14:00", "2011-12-31T00:00:00+14:00"),
                "Samoa skipped 30 December 2011: the day is empty",
            ),
        ] {
            let (from_at, until_at) = range(zone, from, to);
            assert_eq!((from_at.as_str(), until_at.as_str()), expect, "{why}");
        }
    }

    #[test]
    fn a_filter_without_days_has_no_time_bounds() {
        let filter = PaymentFilter {
            customer_id: Some(3),
            method: Some(PaymentMethod::Cash),
            state: Some(PaymentState::Applied),
            cashier: Some(2),
            before_id: Some(10),
            limit: Some(5),
            ..PaymentFilter::default()
        };
        let c = Criteria::of(&filter, Tz::UTC).expect("accepted");
        assert_eq!((c.from, c.until), (None, None));
        assert_eq!(
            (c.customer_id, c.method, c.state, c.cashier),
            (
                Some(3),
                Some(PaymentMethod::Cash),
                Some(PaymentState::Applied),
                Some(2)
            )
        );
    }
}
