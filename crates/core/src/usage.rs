//! How many customers use a profile or sit on a router: shown in lists, and the reason a profile
//! or router cannot be deleted.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::entity::customer;
use crate::CoreResult;

/// Customers whose `column` (profile_id or router_id) is `id`.
pub(crate) async fn customers_with(
    db: &impl ConnectionTrait,
    column: customer::Column,
    id: i64,
) -> CoreResult<i64> {
    let n = customer::Entity::find()
        .filter(column.eq(id))
        .count(db)
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Customers per value of `column`, in one query.
pub(crate) async fn customers_by(
    db: &impl ConnectionTrait,
    column: customer::Column,
) -> CoreResult<HashMap<i64, i64>> {
    Ok(customer::Entity::find()
        .select_only()
        .column(column)
        .column_as(customer::Column::Id.count(), "n")
        .group_by(column)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// "1 customer", "3 customers".
pub(crate) fn customers_phrase(n: i64) -> String {
    if n == 1 {
        "1 customer".to_string()
    } else {
        format!("{n} customers")
    }
}
