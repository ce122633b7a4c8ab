use sea_orm::entity::prelude::*;

/// The report of one office day, written by the agent.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "daily_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    /// `tikbill_api::DailyReport`'s figures as JSON.
    pub figures: String,
    pub pdf_path: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
