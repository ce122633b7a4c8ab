//! Status transitions with exact expiries from the fixed clock.

use super::*;

#[tokio::test]
async fn activate_extend_disable_enable_with_exact_expiries() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let id = add(&ctx, input("ayu", "Ayu", o.tower1, o.monthly)).await.id;
        let conflict = |result: CoreResult<CustomerView>| {
            let api = refusal(result);
            assert_eq!(api.code, ErrorCode::Conflict, "{label}: {}", api.message);
            api.message
        };

        assert_eq!(
            conflict(customer::extend(&ctx, id, None).await),
            "Ayu has not been activated yet. Activate them to start the first period.",
            "{label}: a pending customer is activated, not extended"
        );
        let active = customer::activate(&ctx, id).await;
        assert_eq!(
            state(&active.expect("activate")),
            (Active, utc(2026, 12, 24, 8)),
            "{label}: a 30-day plan activated at 2026-11-24T08:00Z in Jakarta ends on \
             2026-12-24T08:00Z"
        );
        assert_eq!(
            conflict(customer::activate(&ctx, id).await),
            "Ayu is already active until 2026-12-24 15:00 WIB. Extend the plan to add time.",
            "{label}: the refusal shows the expiry on the office clock"
        );

        clock.advance(Duration::days(10));
        let extended = customer::extend(&ctx, id, None).await;
        assert_eq!(
            state(&extended.expect("extend")),
            (Active, utc(2027, 1, 23, 8)),
            "{label}: 30 days are added to the current expiry, not to now (2026-12-04)"
        );
        let by = Some((36, DurationUnit::Hours));
        let by_hours = customer::extend(&ctx, id, by).await;
        assert_eq!(
            state(&by_hours.expect("extend by")),
            (Active, utc(2027, 1, 24, 20)),
            "{label}: an explicit period replaces the profile's"
        );
        let zero = Some((0, DurationUnit::Days));
        let zero = refusal(customer::extend(&ctx, id, zero).await);
        assert_eq!(
            (zero.code, zero.message.as_str()),
            (
                ErrorCode::Validation,
                "Ayu's plan was not changed: a plan lasts at least 1 day; 0 days is not a duration."
            ),
            "{label}"
        );

        let disabled = customer::disable(&ctx, id).await;
        assert_eq!(
            state(&disabled.expect("disable")),
            (Disabled, utc(2027, 1, 24, 20)),
            "{label}: disabling keeps the expiry"
        );
        assert_eq!(
            conflict(customer::disable(&ctx, id).await),
            "Ayu is already disabled.",
            "{label}"
        );
        assert_eq!(
            conflict(customer::extend(&ctx, id, None).await),
            "Ayu is disabled. Enable or activate them before extending the plan.",
            "{label}"
        );
        let enabled = customer::enable(&ctx, id).await;
        assert_eq!(
            state(&enabled.expect("enable")),
            (Active, utc(2027, 1, 24, 20)),
            "{label}: enabled before the expiry: active, same expiry"
        );
        assert_eq!(
            conflict(customer::enable(&ctx, id).await),
            "Ayu is not disabled: they are active until 2027-01-25 03:00 WIB.",
            "{label}"
        );

        customer::disable(&ctx, id).await.expect("disable");
        clock.advance(Duration::days(90));
        let late = customer::enable(&ctx, id).await;
        assert_eq!(
            state(&late.expect("enable")),
            (Expired, utc(2027, 1, 24, 20)),
            "{label}: enabled after the expiry passed: expired"
        );
        assert_eq!(
            conflict(customer::enable(&ctx, id).await),
            "Ayu is not disabled: their plan expired. Extend or activate them instead.",
            "{label}"
        );
        let renewed = customer::extend(&ctx, id, None).await;
        let renewed = renewed.expect("extend an expired customer");
        assert_eq!(
            state(&renewed),
            (Active, utc(2027, 4, 3, 8)),
            "{label}: an expired customer's 30 days start now (2027-03-04), not at the old expiry"
        );
        let stored = customer::get(&ctx, id).await.expect("get");
        assert_eq!(stored, renewed, "{label}: every change is stored");

        let budi = add(&ctx, input("budi", "Budi", o.tower1, o.daily)).await;
        customer::disable(&ctx, budi.id)
            .await
            .expect("a pending customer can be disabled");
        let back = customer::enable(&ctx, budi.id).await;
        assert_eq!(
            state(&back.expect("enable")),
            (Pending, None),
            "{label}: never activated: pending again"
        );
        let daily = customer::activate(&ctx, budi.id).await;
        assert_eq!(
            state(&daily.expect("activate")),
            (Active, utc(2027, 3, 5, 8)),
            "{label}: the customer's own profile (1 day) sets the period"
        );
    })
    .await;
}

#[tokio::test]
async fn expire_due_flips_only_active_customers_whose_time_is_up() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let mut ids = Vec::new();
        for (user, profile_id, disable) in [
            ("daily", o.daily, false),
            ("daily-disabled", o.daily, true),
            ("weekly", o.weekly, false),
            ("monthly", o.monthly, false),
        ] {
            let c = add(&ctx, input(user, user, o.tower1, profile_id)).await;
            let active = customer::activate(&ctx, c.id).await;
            active.expect("activate");
            if disable {
                let off = customer::disable(&ctx, c.id).await;
                off.expect("disable");
            }
            ids.push(c.id);
        }
        add(&ctx, input("pending", "Pending", o.tower1, o.daily)).await;

        let steps: [(Duration, Vec<i64>, &str); 4] = [
            (Duration::hours(23), vec![], "nobody is due an hour early"),
            (
                Duration::hours(1),
                vec![ids[0]],
                "an expiry equal to now is due; a disabled customer stays disabled",
            ),
            (Duration::zero(), vec![], "a second run changes nothing"),
            (
                Duration::days(30),
                vec![ids[2], ids[3]],
                "the weekly and the monthly, in id order",
            ),
        ];
        for (wait, expect, why) in steps {
            clock.advance(wait);
            let changed = customer::expire_due(&ctx).await.expect("expire");
            assert_eq!(changed, expect, "{label}: {why}");
        }

        let page = customer::list(&ctx, &CustomerFilter::default()).await;
        let statuses: Vec<(String, CustomerStatus)> = page
            .expect("list")
            .items
            .into_iter()
            .map(|c| (c.username, c.status))
            .collect();
        let expect = [
            ("daily", Expired),
            ("daily-disabled", Disabled),
            ("monthly", Expired),
            ("pending", Pending),
            ("weekly", Expired),
        ]
        .map(|(u, s)| (u.to_string(), s));
        assert_eq!(statuses, expect, "{label}: only active customers expire");
    })
    .await;
}
