//! Names for the ids reports group by: plans, routers, staff.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

use crate::entity::{profile, router, staff_user};
use crate::CoreResult;

/// Plan, router and staff names by id.
#[derive(Debug, Default)]
pub(crate) struct Names {
    pub plans: HashMap<i64, String>,
    pub routers: HashMap<i64, String>,
    pub staff: HashMap<i64, String>,
}

impl Names {
    pub async fn read(db: &impl ConnectionTrait) -> CoreResult<Names> {
        let pairs = |rows: Vec<(i64, String)>| rows.into_iter().collect::<HashMap<_, _>>();
        Ok(Names {
            plans: pairs(
                profile::Entity::find()
                    .select_only()
                    .column(profile::Column::Id)
                    .column(profile::Column::Name)
                    .into_tuple()
                    .all(db)
                    .await?,
            ),
            routers: pairs(
                router::Entity::find()
                    .select_only()
                    .column(router::Column::Id)
                    .column(router::Column::Name)
                    .into_tuple()
                    .all(db)
                    .await?,
            ),
            staff: pairs(
                staff_user::Entity::find()
                    .select_only()
                    .column(staff_user::Column::Id)
                    .column(staff_user::Column::Username)
                    .into_tuple()
                    .all(db)
                    .await?,
            ),
        })
    }

    /// The name of `key` (an id as text, or empty) in one of the maps, `none` for empty.
    pub fn of(map: &HashMap<i64, String>, key: &str, none: &str) -> String {
        match key.parse::<i64>() {
            Ok(id) => map.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
            Err(_) => none.to_string(),
        }
    }
}
