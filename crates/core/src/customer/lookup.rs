//! A customer by user name, as people and scripts name them (`--customer juma`).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tikbill_api::{CustomerView, Permission};

use crate::entity::customer;
use crate::{Context, CoreError, CoreResult};

/// The customer called `username`, on the router `router_id` when given. A user name is unique
/// on its router only: one used on two routers needs the router named.
pub async fn by_username(
    ctx: &Context,
    username: &str,
    router_id: Option<i64>,
) -> CoreResult<CustomerView> {
    ctx.require(Permission::ViewCustomers)?;
    let mut query = customer::Entity::find().filter(customer::Column::Username.eq(username.trim()));
    if let Some(router_id) = router_id {
        query = query.filter(customer::Column::RouterId.eq(router_id));
    }
    let mut rows = query.all(ctx.db()).await?;
    match rows.len() {
        0 => Err(CoreError::NotFound(format!(
            "No customer is called '{}'.",
            username.trim()
        ))),
        1 => match rows.pop() {
            Some(row) => super::listing::view_of(ctx.db(), row).await,
            None => Err(CoreError::Internal("a customer vanished".into())),
        },
        n => Err(CoreError::Conflict(format!(
            "'{}' is a customer on {n} routers: name the router too.",
            username.trim()
        ))),
    }
}
