//! Every role against the permission table, in the core itself (on both databases): for each
//! permission one service that needs exactly it is called as each role and as nobody. A
//! refusal is `forbidden` (`unauthenticated` for nobody); an allowed call may fail for its own
//! reasons (a record that does not exist), never for the role.

use tikbill_api::{JobScope, OfficeSettings, Permission, StaffRole};
use tikbill_core::{
    audit, customer, payment, profile, provisioning, router, settings, shift, staff, voucher,
    Actor, Context, CoreError, CoreResult,
};

use crate::support::{clock, context, on_each_database};

/// An id no row has.
const NONE: i64 = 987_654;

/// Calls a service that needs `permission` (and only it); the outcome without its value.
async fn call(ctx: &Context, permission: Permission) -> CoreResult<()> {
    match permission {
        Permission::ViewCustomers => customer::get(ctx, NONE).await.map(drop),
        Permission::CreateCustomers => {
            customer::create(ctx, &tikbill_api::CustomerInput::default())
                .await
                .map(drop)
        }
        Permission::EditCustomers => {
            customer::update(ctx, NONE, &tikbill_api::CustomerInput::default())
                .await
                .map(drop)
        }
        Permission::DeleteCustomers => customer::delete(ctx, NONE).await,
        Permission::ActivateCustomers => customer::activate(ctx, NONE).await.map(drop),
        Permission::SuspendCustomers => customer::disable(ctx, NONE).await.map(drop),
        Permission::ViewPlans => profile::list(ctx).await.map(drop),
        Permission::EditPlans => profile::delete(ctx, NONE).await,
        Permission::ViewRouters => router::list(ctx).await.map(drop),
        Permission::EditRouters => router::delete(ctx, NONE).await,
        Permission::SyncRouters => provisioning::retry_failed(ctx, JobScope::Router(NONE))
            .await
            .map(drop),
        Permission::ViewSettings => settings::job_runs(ctx).await.map(drop),
        Permission::EditSettings => settings::save_office_settings(
            ctx,
            &OfficeSettings {
                time_zone: "Asia/Jakarta".into(),
                idle_lock_minutes: 15,
            },
        )
        .await
        .map(drop),
        // Kept outside the database (the app's settings file): the shell asks the actor.
        Permission::ChooseSecretStore => ctx.require(Permission::ChooseSecretStore),
        Permission::ManageStaff => staff::list(ctx).await.map(drop),
        Permission::ViewAudit => audit::verify(ctx).await.map(drop),
        Permission::ViewPayments => payment::get(ctx, NONE).await.map(drop),
        Permission::ViewReports => tikbill_core::report::daily::list(ctx, 1).await.map(drop),
        Permission::TakePayments => payment::apply(ctx, NONE).await.map(drop),
        Permission::ReversePayments => payment::reverse(ctx, NONE, "test").await.map(drop),
        Permission::ManageShifts => shift::list(
            ctx,
            &tikbill_api::ShiftFilter {
                staff_id: Some(NONE),
                ..Default::default()
            },
        )
        .await
        .map(drop),
        Permission::ViewVouchers => voucher::batch(ctx, NONE).await.map(drop),
        Permission::SellVouchers => voucher::return_unsold(ctx, &no_cards()).await.map(drop),
        Permission::ManageVouchers => voucher::revoke(ctx, &no_cards()).await.map(drop),
    }
}

/// A code no card has.
fn no_cards() -> tikbill_api::VoucherCodes {
    tikbill_api::VoucherCodes {
        codes: vec!["NOSUCHCARD".into()],
        reason: None,
    }
}

#[tokio::test]
async fn each_role_may_do_what_the_table_says_and_is_refused_the_rest() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        for permission in Permission::ALL {
            for role in StaffRole::ALL {
                let as_role = ctx.acting_as(Actor::staff(1, "someone", role));
                let outcome = call(&as_role, permission).await;
                let refused = matches!(
                    outcome,
                    Err(CoreError::Forbidden(_) | CoreError::Unauthenticated(_))
                );
                assert_eq!(
                    refused,
                    !permission.allows(role),
                    "{label}: {role:?} and {permission:?}: {outcome:?}"
                );
                if refused {
                    assert!(
                        matches!(outcome, Err(CoreError::Forbidden(_))),
                        "{outcome:?}"
                    );
                }
            }
            let nobody = ctx.acting_as(Actor::Nobody);
            let outcome = call(&nobody, permission).await;
            assert!(
                matches!(outcome, Err(CoreError::Unauthenticated(_))),
                "{label}: nobody and {permission:?}: {outcome:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_person_changes_only_their_own_password() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let owner = staff::create_owner(
            &ctx,
            &tikbill_api::OwnerInput {
                username: "budi".into(),
                name: String::new(),
                password: "budi-password-1".into(),
            },
        )
        .await
        .expect("the owner");
        let cashier = ctx.acting_as(Actor::staff(owner.id + 1, "sari", StaffRole::Cashier));
        let refused =
            staff::change_own_password(&cashier, owner.id, "budi-password-1", "stolen-pass-12")
                .await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden(_))),
            "{label}: {refused:?}"
        );
        let nobody = ctx.acting_as(Actor::Nobody);
        let refused =
            staff::change_own_password(&nobody, owner.id, "budi-password-1", "stolen-pass-12")
                .await;
        assert!(
            matches!(refused, Err(CoreError::Unauthenticated(_))),
            "{label}: {refused:?}"
        );
        let own = ctx.acting_as(Actor::staff(owner.id, "budi", StaffRole::Owner));
        staff::change_own_password(&own, owner.id, "budi-password-1", "budi-password-2")
            .await
            .expect("their own");
    })
    .await;
}
