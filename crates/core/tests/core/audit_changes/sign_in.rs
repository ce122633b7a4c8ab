//! Sign-ins, failed and refused ones, and changes to staff accounts.

use super::*;

#[tokio::test]
async fn sign_ins_failed_and_refused_ones_and_staff_changes_are_recorded() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let nobody = ctx.acting_as(Actor::Nobody);
        let mark = head(&db).await;
        let budi = staff::create_owner(&nobody, &owner("budi"))
            .await
            .expect("the owner");
        let as_budi = ctx.acting_as(Actor::staff(budi.id, "budi", StaffRole::Owner));
        staff::sign_in(&nobody, "Budi", PASSWORD)
            .await
            .expect("signed in");
        let wrong = staff::sign_in(&nobody, "budi", "not the password").await;
        let ghost = staff::sign_in(&nobody, "  Ghost ", "whatever it is").await;
        assert!(wrong.is_err() && ghost.is_err(), "{label}");
        for _ in 0..4 {
            let _ = staff::sign_in(&nobody, "budi", "not the password").await;
        }
        let waiting = staff::sign_in(&nobody, "budi", PASSWORD).await;
        assert!(waiting.is_err(), "{label}: the account waits after 5 wrong");
        clock.advance(Duration::minutes(1));

        let sari = staff::add(&as_budi, &person("sari", StaffRole::Cashier))
            .await
            .expect("add");
        staff::set_role(&as_budi, sari.id, StaffRole::Manager)
            .await
            .expect("set role");
        staff::disable(&as_budi, sari.id).await.expect("disable");
        staff::enable(&as_budi, sari.id).await.expect("enable");
        staff::reset_password(&as_budi, sari.id, "temporary-pass-1")
            .await
            .expect("reset");
        let as_sari = ctx.acting_as(Actor::staff(sari.id, "sari", StaffRole::Manager));
        staff::change_own_password(&as_sari, sari.id, "temporary-pass-1", "her-own-pass-22")
            .await
            .expect("her own");
        staff::record_sign_out(&as_sari).await.expect("signed out");

        let entries = since(&db, mark).await;
        let (b, s) = (Some(budi.id), Some(sari.id));
        let failed = ("nobody", "staff.sign_in_failed", "staff", b);
        assert_eq!(
            seen(&entries),
            expect(&[
                ("nobody", "staff.create_owner", "staff", b),
                ("staff:budi", "staff.sign_in", "staff", b),
                failed,
                ("nobody", "staff.sign_in_failed", "staff", None),
                failed,
                failed,
                failed,
                failed,
                ("nobody", "staff.sign_in_refused", "staff", b),
                ("staff:budi", "staff.add", "staff", s),
                ("staff:budi", "staff.set_role", "staff", s),
                ("staff:budi", "staff.disable", "staff", s),
                ("staff:budi", "staff.enable", "staff", s),
                ("staff:budi", "staff.reset_password", "staff", s),
                ("staff:sari", "staff.change_own_password", "staff", s),
                ("staff:sari", "staff.sign_out", "staff", s),
            ]),
            "{label}"
        );
        assert_eq!(entries[1].staff_user_id, b, "{label}: budi signed in");
        let after = |n: usize| json_of(&entries[n].after_json);
        assert_eq!(
            after(2),
            json!({"username": "budi", "failed_attempts": 1, "wait_secs": null}),
            "{label}: a wrong password, counted"
        );
        assert_eq!(
            after(3),
            json!({"username": "  Ghost "}),
            "{label}: an unknown name, as typed"
        );
        assert_eq!(after(7)["wait_secs"], json!(10), "{label}: the fifth waits");
        assert_eq!(
            after(8)["refused"],
            json!({"too_many_attempts": {"retry_after_secs": 10}}),
            "{label}"
        );
        assert_eq!(
            before_after(&entries[10], "role"),
            (json!("cashier"), json!("manager")),
            "{label}"
        );
        assert_eq!(
            before_after(&entries[11], "disabled"),
            (json!(false), json!(true)),
            "{label}"
        );
        assert_eq!(
            before_after(&entries[13], "must_change_password"),
            (json!(false), json!(true)),
            "{label}"
        );
        let text = all_text(&entries);
        for secret in [
            "$argon2",
            "password_hash",
            PASSWORD,
            "not the password",
            "temporary-pass-1",
            "her-own-pass-22",
        ] {
            assert!(
                !text.contains(secret),
                "{label}: no {secret} in the log: {text}"
            );
        }
    })
    .await;
}
