//! Staff accounts: the first owner, adding, listing, roles, disabling, and the rules their
//! passwords and user names follow. Signing in is in `staff_sign_in.rs`.

use sea_orm::{DatabaseConnection, EntityTrait};
use tikbill_api::{ApiError, ErrorCode, OwnerInput, StaffInput, StaffRole, StaffView};
use tikbill_core::entity::staff_user;
use tikbill_core::{staff, Context, CoreResult};

use crate::support::{clock, context, on_each_database};

pub const PASSWORD: &str = "correct horse battery";

pub fn owner(username: &str) -> OwnerInput {
    OwnerInput {
        username: username.into(),
        name: "Budi Santoso".into(),
        password: PASSWORD.into(),
    }
}

pub fn person(username: &str, role: StaffRole) -> StaffInput {
    StaffInput {
        username: username.into(),
        name: String::new(),
        role,
        password: PASSWORD.into(),
    }
}

/// The result's error as the UI gets it.
pub fn refusal<T: std::fmt::Debug>(result: CoreResult<T>, what: &str) -> ApiError {
    ApiError::from(result.expect_err(what))
}

/// The stored row of `id`, hash included.
pub async fn row(db: &DatabaseConnection, id: i64) -> staff_user::Model {
    staff_user::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("read the staff row")
        .expect("the row exists")
}

async fn add(ctx: &Context, username: &str, role: StaffRole) -> StaffView {
    staff::add(ctx, &person(username, role))
        .await
        .unwrap_or_else(|e| panic!("add {username}: {e}"))
}

#[tokio::test]
async fn the_owner_account_is_made_once_and_only_while_no_staff_exists() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        assert!(
            !staff::any_exists(&ctx).await.unwrap(),
            "{label}: a new database has no staff"
        );
        let made = staff::create_owner(&ctx, &owner("Budi"))
            .await
            .expect("the first owner");
        assert_eq!(
            made,
            StaffView {
                id: made.id,
                name: "Budi Santoso".into(),
                username: "budi".into(),
                role: StaffRole::Owner,
                disabled: false,
                must_change_password: false,
                created_at: "2026-11-24T08:00:00+00:00".into(),
            },
            "{label}: an enabled owner, user name lowercase, made at the clock's now"
        );
        assert!(staff::any_exists(&ctx).await.unwrap(), "{label}");
        let again = refusal(
            staff::create_owner(&ctx, &owner("siti")).await,
            "a second owner",
        );
        assert_eq!(
            (again.code, again.message.as_str()),
            (
                ErrorCode::Conflict,
                "The owner account exists already: sign in, and add other accounts from there."
            ),
            "{label}"
        );
        assert_eq!(
            staff::list(&ctx).await.unwrap().len(),
            1,
            "{label}: still one account"
        );
    })
    .await;
}

#[tokio::test]
async fn no_owner_can_be_created_once_an_account_was_added_another_way() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        add(&ctx, "kasir", StaffRole::Cashier).await;
        let refused = refusal(
            staff::create_owner(&ctx, &owner("budi")).await,
            "owner after a cashier",
        );
        assert_eq!(refused.code, ErrorCode::Conflict, "{label}: {refused:?}");
    })
    .await;
}

#[tokio::test]
async fn accounts_are_listed_by_user_name_with_their_roles_and_never_a_hash() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        add(&ctx, "siti", StaffRole::Viewer).await;
        add(&ctx, "ayu", StaffRole::Cashier).await;
        add(&ctx, "dewi", StaffRole::Manager).await;
        let listed = staff::list(&ctx).await.expect("list");
        let seen: Vec<(&str, StaffRole)> = listed
            .iter()
            .map(|s| (s.username.as_str(), s.role))
            .collect();
        assert_eq!(
            seen,
            [
                ("ayu", StaffRole::Cashier),
                ("budi", StaffRole::Owner),
                ("dewi", StaffRole::Manager),
                ("siti", StaffRole::Viewer),
            ],
            "{label}: by user name"
        );
        let json = serde_json::to_string(&listed).expect("JSON");
        for never in ["hash", "argon2", PASSWORD] {
            assert!(!json.contains(never), "{label}: '{never}' in {json}");
        }
        for account in &listed {
            let stored = row(&db, account.id).await;
            assert!(
                stored
                    .password_hash
                    .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
                "{label}: {} is stored as an Argon2id hash with OWASP's parameters: {}",
                account.username,
                stored.password_hash
            );
            assert!(!stored.password_hash.contains(PASSWORD), "{label}");
        }
        let ayu = staff::by_username(&ctx, " AYU ")
            .await
            .expect("by user name");
        assert_eq!(
            ayu.username, "ayu",
            "{label}: names are found as they are stored"
        );
        let missing = refusal(staff::by_username(&ctx, "nobody").await, "unknown");
        assert_eq!(
            (missing.code, missing.message.as_str()),
            (ErrorCode::NotFound, "There is no staff account 'nobody'."),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_user_name_is_taken_whatever_its_case_and_spacing() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        add(&ctx, "ayu", StaffRole::Cashier).await;
        let taken = refusal(
            staff::add(&ctx, &person(" Ayu ", StaffRole::Viewer)).await,
            "the same name in capitals",
        );
        assert_eq!(
            (taken.code, taken.message.as_str()),
            (
                ErrorCode::Conflict,
                "There is already a staff account 'ayu'."
            ),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_password_under_ten_characters_is_refused_on_its_field_everywhere() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let expect = "A password needs at least 10 characters (this one has 9).";
        let short = OwnerInput {
            password: "123456789".into(),
            ..owner("budi")
        };
        let refused = refusal(
            staff::create_owner(&ctx, &short).await,
            "short owner password",
        );
        assert_eq!(
            (refused.code, refused.field("password")),
            (ErrorCode::Validation, Some(expect)),
            "{label}: {refused:?}"
        );
        assert_eq!(
            refused.fields.len(),
            1,
            "{label}: only the password: {refused:?}"
        );
        assert!(
            !staff::any_exists(&ctx).await.unwrap(),
            "{label}: nothing was saved"
        );

        let short = StaffInput {
            password: "123456789".into(),
            ..person("ayu", StaffRole::Cashier)
        };
        let refused = refusal(staff::add(&ctx, &short).await, "short password");
        assert_eq!(
            refused.field("password"),
            Some(expect),
            "{label}: {refused:?}"
        );

        let ayu = add(&ctx, "ayu", StaffRole::Cashier).await;
        let refused = refusal(
            staff::reset_password(&ctx, ayu.id, "123456789").await,
            "short reset",
        );
        assert_eq!(
            (refused.code, refused.field("password")),
            (ErrorCode::Validation, Some(expect)),
            "{label}"
        );
        let refused = refusal(
            staff::change_own_password(&ctx, ayu.id, PASSWORD, "123456789").await,
            "short new password",
        );
        assert_eq!(
            (refused.code, refused.field("password")),
            (ErrorCode::Validation, Some(expect)),
            "{label}"
        );
        staff::add(
            &ctx,
            &StaffInput {
                password: "1234567890".into(),
                ..person("siti", StaffRole::Viewer)
            },
        )
        .await
        .expect("ten characters are enough");
    })
    .await;
}

#[tokio::test]
async fn the_last_enabled_owner_can_be_neither_demoted_nor_disabled() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let budi = staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let demote = refusal(
            staff::set_role(&ctx, budi.id, StaffRole::Manager).await,
            "demote",
        );
        assert_eq!(
            (demote.code, demote.message.as_str()),
            (
                ErrorCode::Conflict,
                "'budi' is the only owner, so the account cannot stop being an owner: make \
                 someone else an owner first."
            ),
            "{label}"
        );
        let disable = refusal(
            staff::disable(&ctx, budi.id).await,
            "disable the only owner",
        );
        assert_eq!(disable.code, ErrorCode::Conflict, "{label}: {disable:?}");

        let dewi = add(&ctx, "dewi", StaffRole::Manager).await;
        let dewi = staff::set_role(&ctx, dewi.id, StaffRole::Owner)
            .await
            .expect("promote");
        assert_eq!(dewi.role, StaffRole::Owner, "{label}");
        let budi = staff::disable(&ctx, budi.id)
            .await
            .expect("another owner is left");
        assert!(budi.disabled, "{label}");
        let last = refusal(
            staff::set_role(&ctx, dewi.id, StaffRole::Viewer).await,
            "last enabled owner",
        );
        assert_eq!(
            last.code,
            ErrorCode::Conflict,
            "{label}: a disabled owner does not count"
        );
        let budi = staff::set_role(&ctx, budi.id, StaffRole::Viewer)
            .await
            .expect("a disabled owner may be demoted");
        assert_eq!(
            (budi.role, budi.disabled),
            (StaffRole::Viewer, true),
            "{label}"
        );
        let listed = staff::list(&ctx).await.expect("list");
        assert_eq!(listed.len(), 2, "{label}: disabling deletes nothing");
        let budi = staff::enable(&ctx, budi.id).await.expect("enable");
        assert!(!budi.disabled, "{label}");
        let missing = refusal(staff::disable(&ctx, 9_999).await, "no such account");
        assert_eq!(missing.code, ErrorCode::NotFound, "{label}");
    })
    .await;
}
