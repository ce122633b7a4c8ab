//! A profile's session timeout: how long one login may last before the router ends it (the
//! customer logs in again). Pushed to routers as `session-timeout` on the hotspot user profile
//! and the PPP profile; empty for no limit.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000003_profiles_customers::Profiles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    SessionTimeoutSecs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Profiles::Table)
                    .add_column(big_integer_null(Added::SessionTimeoutSecs))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Profiles::Table)
                    .drop_column(Added::SessionTimeoutSecs)
                    .to_owned(),
            )
            .await
    }
}
