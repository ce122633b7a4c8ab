use chrono::Duration;
use tikbill_api::{ApiError, CustomerInput, DurationUnit, ErrorCode, ProfileInput, RouterInput};
use tikbill_core::{customer, profile, router, Context, CoreError};

use crate::support::{clock, context, on_each_database};

fn input(name: &str) -> ProfileInput {
    ProfileInput {
        name: name.into(),
        rate_limit: "10M/5M".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: "30".into(),
        duration_unit: "days".into(),
        data_limit: "".into(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    }
}

/// A router and `n` customers on `profile_id`, saved through their services.
async fn customers_on(ctx: &Context, profile_id: i64, n: usize) {
    let r = router::create(
        ctx,
        &RouterInput {
            name: format!("r{profile_id}"),
            host: "10.8.0.2".into(),
            port: String::new(),
            use_tls: false,
            username: "billing".into(),
            password: Some("pw".into()),
        },
    )
    .await
    .expect("a router");
    for i in 0..n {
        let input = CustomerInput {
            username: format!("c{profile_id}-{i}"),
            password: Some("pw".into()),
            full_name: format!("Customer {i}"),
            phone: String::new(),
            email: String::new(),
            service_type: "hotspot".into(),
            router_id: Some(r.id),
            profile_id: Some(profile_id),
        };
        customer::create(ctx, &input).await.expect("a customer");
    }
}

#[tokio::test]
async fn create_list_edit_delete() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let home = profile::create(&ctx, &input("Home 10M"))
            .await
            .expect("a valid profile is saved");
        assert_eq!(
            home.rate_limit, "10M/5M",
            "{label}: the rate is shown back as typed"
        );
        assert_eq!(home.price, "150000");
        assert_eq!(home.duration_unit, DurationUnit::Days);
        let mut cafe = input("Cafe 2M");
        cafe.rate_limit = "2M/4M 4M/8M 1500k/3M 16/16".into();
        cafe.price = "9.99".into();
        cafe.currency = "usd".into();
        cafe.data_limit = "5G".into();
        cafe.shared_users = "3".into();
        let cafe = profile::create(&ctx, &cafe)
            .await
            .expect("a burst profile is saved");

        let listed = profile::list(&ctx).await.expect("list");
        let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Cafe 2M", "Home 10M"], "{label}: listed by name");
        assert_eq!(
            listed[0].rate_limit, "2M/4M 4M/8M 1500k/3M 16/16",
            "{label}: burst survives storage"
        );
        assert_eq!(listed[0].price, "9.99", "{label}: price is exact");
        assert_eq!(listed[0].currency, "USD");
        assert_eq!(listed[0].data_limit.as_deref(), Some("5 GiB"));
        assert_eq!(listed[0].shared_users, 3);

        clock.advance(Duration::hours(1));
        let mut edit = cafe.to_input();
        edit.name = "Cafe 3M".into();
        edit.rate_limit = "3M/3M".into();
        let edited = profile::update(&ctx, cafe.id, &edit).await.expect("edit");
        assert_eq!(
            (edited.name.as_str(), edited.rate_limit.as_str()),
            ("Cafe 3M", "3M/3M"),
            "{label}"
        );
        assert_eq!(
            edited.data_limit.as_deref(),
            Some("5 GiB"),
            "{label}: editing keeps what the form kept"
        );
        assert_eq!(
            profile::get(&ctx, cafe.id).await.expect("get").name,
            "Cafe 3M"
        );

        profile::delete(&ctx, home.id)
            .await
            .expect("an unused profile is deleted");
        let left: Vec<String> = profile::list(&ctx)
            .await
            .expect("list")
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(left, ["Cafe 3M"], "{label}: only the deleted one is gone");
        assert!(matches!(
            profile::get(&ctx, home.id).await,
            Err(CoreError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn in_use_profiles_are_counted_and_not_deleted() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let p = profile::create(&ctx, &input("Home 10M"))
            .await
            .expect("create");
        let other = profile::create(&ctx, &input("Spare"))
            .await
            .expect("create");
        customers_on(&ctx, p.id, 3).await;
        let listed = profile::list(&ctx).await.expect("list");
        let counts: Vec<(String, u64)> = listed
            .into_iter()
            .map(|v| (v.name, v.customer_count))
            .collect();
        assert_eq!(
            counts,
            [("Home 10M".to_string(), 3), ("Spare".to_string(), 0)],
            "{label}: customers per profile"
        );

        let err = profile::delete(&ctx, p.id).await.expect_err("in use");
        let api = ApiError::from(err);
        assert_eq!(api.code, ErrorCode::InUse, "{label}");
        assert_eq!(
            api.message,
            "'Home 10M' is used by 3 customers. Move them to another profile before deleting it.",
            "{label}: the refusal says why and what to do"
        );
        assert_eq!(
            profile::list(&ctx).await.expect("list").len(),
            2,
            "{label}: nothing was deleted"
        );
        profile::delete(&ctx, other.id)
            .await
            .expect("the unused one goes");
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_saves_nothing() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let mut bad = input("Broken");
        bad.price = "-5".into();
        bad.duration_value = "0".into();
        let api = ApiError::from(profile::create(&ctx, &bad).await.expect_err("refused"));
        assert_eq!(api.code, ErrorCode::Validation, "{label}");
        assert_eq!(
            api.field("price"),
            Some("The amount cannot be negative"),
            "{label}"
        );
        assert_eq!(
            api.field("duration_value"),
            Some("The duration must be at least 1"),
            "{label}"
        );
        assert_eq!(
            api.message,
            "The profile was not saved: 2 fields need attention."
        );
        assert!(
            profile::list(&ctx).await.expect("list").is_empty(),
            "{label}: nothing saved"
        );

        let saved = profile::create(&ctx, &input("Home 10M"))
            .await
            .expect("create");
        let dup = ApiError::from(
            profile::create(&ctx, &input("Home 10M"))
                .await
                .expect_err("duplicate"),
        );
        assert_eq!(dup.code, ErrorCode::Conflict, "{label}");
        assert_eq!(
            dup.message,
            "A profile named 'Home 10M' already exists. Choose another name."
        );

        let mut broken_edit = saved.to_input();
        broken_edit.rate_limit = "fast".into();
        let api = ApiError::from(
            profile::update(&ctx, saved.id, &broken_edit)
                .await
                .expect_err("refused"),
        );
        assert_eq!(
            api.field("rate_limit"),
            Some("'fast' is not a rate: use a number with k, M or G, e.g. 10M")
        );
        assert_eq!(
            profile::get(&ctx, saved.id).await.expect("get"),
            saved,
            "{label}: a refused edit changes nothing"
        );

        let missing = ApiError::from(
            profile::update(&ctx, 999_999, &input("X"))
                .await
                .expect_err("missing"),
        );
        assert_eq!(missing.code, ErrorCode::NotFound, "{label}");
        let missing = ApiError::from(profile::delete(&ctx, 999_999).await.expect_err("missing"));
        assert_eq!(missing.code, ErrorCode::NotFound, "{label}");
    })
    .await;
}
