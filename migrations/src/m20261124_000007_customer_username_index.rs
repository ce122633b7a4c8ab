//! The customer list sorts by username and pages through it: with this index the first page and
//! the deepest page of 100,000 customers are read in order instead of sorting the whole table.

use sea_orm_migration::prelude::*;

use crate::index;
use crate::m20261124_000003_profiles_customers::Customers;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_customers_username";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(Customers::Table, NAME, &["username", "id"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Customers::Table).to_owned())
            .await
    }
}
