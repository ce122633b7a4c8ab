//! Signing in: right and wrong passwords, unknown names, disabled accounts, the waits after
//! wrong passwords (on the test's clock), password resets and changes, and hashes made with
//! older parameters being made again.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, Set};
use tikbill_api::{ApiError, ErrorCode, StaffRole};
use tikbill_core::entity::staff_user;
use tikbill_core::{staff, Context};

use crate::staff::{owner, person, refusal, row, PASSWORD};
use crate::support::{clock, context, on_each_database};

const WRONG: &str = "The user name or password is wrong.";

/// What a sign-in answered: "ok", or the error's code and message.
async fn try_sign_in(
    ctx: &Context,
    username: &str,
    password: &str,
) -> Result<String, (ErrorCode, String)> {
    staff::sign_in(ctx, username, password)
        .await
        .map(|signed| signed.staff.username)
        .map_err(|e| {
            let e = ApiError::from(e);
            (e.code, e.message)
        })
}

fn waits(secs: u64) -> Result<String, (ErrorCode, String)> {
    Err((
        ErrorCode::TooManyAttempts,
        format!("Too many wrong passwords for this account: try again in {secs} s."),
    ))
}

fn wrong() -> Result<String, (ErrorCode, String)> {
    Err((ErrorCode::Unauthenticated, WRONG.into()))
}

#[tokio::test]
async fn the_right_password_signs_in_and_records_when() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let budi = staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let signed = staff::sign_in(&ctx, "Budi", PASSWORD)
            .await
            .expect("sign in");
        assert_eq!(
            signed.staff, budi,
            "{label}: the account, as listed (name typed in capitals)"
        );
        assert_eq!(
            row(&db, budi.id).await.last_login_at,
            Some(ctx.now()),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let answers = [
            refusal(
                staff::sign_in(&ctx, "budi", "wrong horse battery").await,
                "wrong password",
            ),
            refusal(
                staff::sign_in(&ctx, "nobody", PASSWORD).await,
                "unknown user",
            ),
            refusal(
                staff::sign_in(&ctx, "no body!", PASSWORD).await,
                "not even a user name",
            ),
            refusal(staff::sign_in(&ctx, "budi", "").await, "no password"),
        ];
        for answer in &answers {
            assert_eq!(
                answer,
                &ApiError::new(ErrorCode::Unauthenticated, WRONG),
                "{label}: the answer does not tell which names exist"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_until_enabled() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let ayu = staff::add(&ctx, &person("ayu", StaffRole::Cashier))
            .await
            .expect("add");
        staff::disable(&ctx, ayu.id).await.expect("disable");
        assert_eq!(
            try_sign_in(&ctx, "ayu", PASSWORD).await,
            Err((
                ErrorCode::Unauthenticated,
                "The account 'ayu' is disabled: an owner can enable it again.".into()
            )),
            "{label}: the right password learns the account is disabled"
        );
        assert_eq!(
            try_sign_in(&ctx, "ayu", "wrong horse battery").await,
            wrong(),
            "{label}: a wrong password learns nothing more"
        );
        staff::enable(&ctx, ayu.id).await.expect("enable");
        assert_eq!(
            try_sign_in(&ctx, "ayu", PASSWORD).await,
            Ok("ayu".into()),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn five_wrong_passwords_start_a_wait_that_doubles_and_a_right_one_ends_the_run() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let budi = staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let bad = "wrong horse battery";
        for n in 1..=4 {
            assert_eq!(
                try_sign_in(&ctx, "budi", bad).await,
                wrong(),
                "{label}: wrong password {n} is free"
            );
        }
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(10),
            "{label}: the 5th starts 10 s"
        );
        clock.advance(Duration::seconds(9));
        assert_eq!(
            try_sign_in(&ctx, "budi", PASSWORD).await,
            waits(1),
            "{label}: during the wait even the right password is not tried"
        );
        clock.advance(Duration::seconds(1));
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(20),
            "{label}: the 6th: 20 s"
        );
        clock.advance(Duration::seconds(20));
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(40),
            "{label}: the 7th: 40 s"
        );
        let during = refusal(
            staff::sign_in(&ctx, "budi", PASSWORD).await,
            "during the wait",
        );
        assert_eq!(
            during.field("retry_after_secs"),
            Some("40"),
            "{label}: the UI can count down: {during:?}"
        );
        let stored = row(&db, budi.id).await;
        assert_eq!(
            (stored.failed_attempts, stored.locked_until),
            (7, Some(ctx.now() + Duration::seconds(40))),
            "{label}: refusals during a wait are not counted"
        );
        clock.advance(Duration::seconds(39));
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(1),
            "{label}: one second left"
        );
        clock.advance(Duration::seconds(1));
        assert_eq!(
            try_sign_in(&ctx, "budi", PASSWORD).await,
            Ok("budi".into()),
            "{label}: the wait is over"
        );
        let stored = row(&db, budi.id).await;
        assert_eq!(
            (stored.failed_attempts, stored.locked_until),
            (0, None),
            "{label}: the run ended"
        );
        for n in 1..=4 {
            assert_eq!(
                try_sign_in(&ctx, "budi", bad).await,
                wrong(),
                "{label}: after a success, wrong password {n} is free again"
            );
        }
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(10),
            "{label}: and the 5th waits 10 s again"
        );
    })
    .await;
}

#[tokio::test]
async fn the_wait_stops_doubling_at_fifteen_minutes() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let budi = staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        // Eleven wrong passwords already counted, as if made over the last hour.
        let mut change: staff_user::ActiveModel = row(&db, budi.id).await.into();
        change.failed_attempts = Set(11);
        change.update(&db).await.expect("set the count");
        let bad = "wrong horse battery";
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(900),
            "{label}: the 12th: 15 min, not 1280 s"
        );
        clock.advance(Duration::minutes(15));
        assert_eq!(
            try_sign_in(&ctx, "budi", bad).await,
            waits(900),
            "{label}: the 13th: still 15 min"
        );
    })
    .await;
}

#[tokio::test]
async fn a_reset_password_works_once_and_must_be_changed() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let ayu = staff::add(&ctx, &person("ayu", StaffRole::Cashier))
            .await
            .expect("add");
        // Ayu forgot her password and locked herself out trying.
        for _ in 0..5 {
            let _ = staff::sign_in(&ctx, "ayu", "forgotten-password").await;
        }
        let temporary = "temporary-2026";
        let reset = staff::reset_password(&ctx, ayu.id, temporary)
            .await
            .expect("reset");
        assert!(reset.must_change_password, "{label}");
        assert_eq!(
            try_sign_in(&ctx, "ayu", PASSWORD).await,
            wrong(),
            "{label}: the old password is gone"
        );
        let signed = staff::sign_in(&ctx, "ayu", temporary)
            .await
            .expect("the reset lifted the wait");
        assert!(
            signed.staff.must_change_password,
            "{label}: the UI asks for a new password"
        );

        let not_current = refusal(
            staff::change_own_password(&ctx, ayu.id, "not-the-temporary", "ayu-own-password").await,
            "wrong current password",
        );
        assert_eq!(
            (not_current.code, not_current.field("current_password")),
            (
                ErrorCode::Validation,
                Some("This is not your current password.")
            ),
            "{label}"
        );
        let same = refusal(
            staff::change_own_password(&ctx, ayu.id, temporary, temporary).await,
            "the same password again",
        );
        assert_eq!(
            same.field("password"),
            Some("Choose a password other than the current one."),
            "{label}"
        );
        let changed = staff::change_own_password(&ctx, ayu.id, temporary, "ayu-own-password")
            .await
            .expect("change");
        assert!(!changed.must_change_password, "{label}: cleared");
        assert_eq!(
            try_sign_in(&ctx, "ayu", temporary).await,
            wrong(),
            "{label}: the temporary one is gone"
        );
        let signed = staff::sign_in(&ctx, "ayu", "ayu-own-password")
            .await
            .expect("her own");
        assert!(!signed.staff.must_change_password, "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_hash_made_with_other_parameters_is_made_again_at_sign_in() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let budi = staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let older = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 1, 1, Some(32)).expect("params"),
        )
        .hash_password(
            PASSWORD.as_bytes(),
            &SaltString::encode_b64(&[3; 16]).expect("salt"),
        )
        .expect("hash")
        .to_string();
        assert!(
            older.starts_with("$argon2id$v=19$m=8192,t=1,p=1$"),
            "{older}"
        );
        let mut change: staff_user::ActiveModel = row(&db, budi.id).await.into();
        change.password_hash = Set(older.clone());
        change.update(&db).await.expect("store the older hash");

        assert_eq!(
            try_sign_in(&ctx, "budi", "wrong horse battery").await,
            wrong(),
            "{label}"
        );
        assert_eq!(
            row(&db, budi.id).await.password_hash,
            older,
            "{label}: a wrong password changes no hash"
        );
        staff::sign_in(&ctx, "budi", PASSWORD)
            .await
            .expect("the older hash still verifies");
        let upgraded = row(&db, budi.id).await.password_hash;
        assert!(
            upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{label}: made again with today's parameters: {upgraded}"
        );
        staff::sign_in(&ctx, "budi", PASSWORD)
            .await
            .expect("and the new hash verifies");
        assert_eq!(
            row(&db, budi.id).await.password_hash,
            upgraded,
            "{label}: a current hash is kept"
        );
    })
    .await;
}
