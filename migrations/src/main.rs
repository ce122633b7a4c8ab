//! `tikbill-migrations up|down|status|fresh|…` against DATABASE_URL (sea-orm-migration's CLI).
//! The app and the agent migrate on start by themselves; this is for operators and developers.

#[tokio::main]
async fn main() {
    sea_orm_migration::cli::run_cli(tikbill_migrations::Migrator).await;
}
