//! Whether a router job may take over an account the router already had (tikbill did not
//! create it): only the jobs an import writes do (the customer was imported from the router or
//! a file). A new customer whose user name the router already uses is refused instead of
//! silently taking that account over. Once the router confirmed such a job the account carries
//! tikbill's comment, so later jobs need no mark.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RouterJobs {
    Table,
    AdoptsRouterAccount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RouterJobs::Table)
                    .add_column(boolean(RouterJobs::AdoptsRouterAccount).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RouterJobs::Table)
                    .drop_column(RouterJobs::AdoptsRouterAccount)
                    .to_owned(),
            )
            .await
    }
}
