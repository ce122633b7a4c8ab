use sea_orm::entity::prelude::*;

/// A router offline: from the first failed check to the first that answered again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "router_outages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub router_id: i64,
    pub started_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
