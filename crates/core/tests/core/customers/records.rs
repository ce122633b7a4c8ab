//! Customer records: create, read, edit, delete, validation, uniqueness, and the counts other pages show.

use super::*;

#[tokio::test]
async fn create_get_list_edit_delete() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let mut ayu = input(" ayu ", " Ayu Lestari ", o.tower1, o.monthly);
        ayu.phone = "+62 812 555 0101".into();
        ayu.email = "ayu@example.com".into();
        let created = add(&ctx, ayu).await;
        let expected = CustomerView {
            id: created.id,
            username: "ayu".into(),
            full_name: "Ayu Lestari".into(),
            phone: Some("+62 812 555 0101".into()),
            email: Some("ayu@example.com".into()),
            service_type: ServiceType::Hotspot,
            router_id: o.tower1,
            router_name: "Tower 1".into(),
            profile_id: o.monthly,
            profile_name: "Monthly".into(),
            status: Pending,
            expires_at: None,
            created_at: "2026-11-24T08:00:00+00:00".into(),
        };
        assert_eq!(
            created, expected,
            "{label}: a new customer is pending, with no expiry, as typed but trimmed"
        );
        let got = customer::get(&ctx, created.id).await.expect("get");
        assert_eq!(got, created, "{label}: get shows what create returned");
        let budi = add(&ctx, input("budi", "Budi", o.tower2, o.daily)).await;

        clock.advance(Duration::hours(1));
        let mut edit = created.to_input();
        edit.full_name = "Ayu Lestari Putri".into();
        edit.service_type = "pppoe".into();
        edit.profile_id = Some(o.weekly);
        edit.phone = "".into();
        let edited = customer::update(&ctx, created.id, &edit).await;
        let edited = edited.expect("edit");
        assert_eq!(
            edited,
            CustomerView {
                full_name: "Ayu Lestari Putri".into(),
                service_type: ServiceType::Pppoe,
                profile_id: o.weekly,
                profile_name: "Weekly".into(),
                phone: None,
                ..expected
            },
            "{label}: the edit is stored; status and creation time stay"
        );

        let page = customer::list(&ctx, &CustomerFilter::default()).await;
        let page = page.expect("list");
        let rows: Vec<(&str, &str)> = page
            .items
            .iter()
            .map(|c| (c.username.as_str(), c.router_name.as_str()))
            .collect();
        assert_eq!(
            rows,
            [("ayu", "Tower 1"), ("budi", "Tower 2")],
            "{label}: by user name, with router names"
        );
        assert_eq!(
            (page.total, page.page, page.page_size),
            (2, 1, 50),
            "{label}: the default page"
        );

        customer::delete(&ctx, budi.id).await.expect("delete");
        let page = customer::list(&ctx, &CustomerFilter::default()).await;
        assert_eq!(
            page.expect("list").items,
            [edited],
            "{label}: only the deleted one is gone"
        );
        let gone = format!(
            "Customer #{} does not exist (it may have been deleted).",
            budi.id
        );
        for (what, err) in [
            ("get", refusal(customer::get(&ctx, budi.id).await)),
            ("delete", refusal(customer::delete(&ctx, budi.id).await)),
            (
                "update",
                refusal(customer::update(&ctx, budi.id, &edit).await),
            ),
            ("activate", refusal(customer::activate(&ctx, budi.id).await)),
        ] {
            assert_eq!(
                (err.code, err.message.as_str()),
                (ErrorCode::NotFound, gone.as_str()),
                "{label}: {what} of a deleted customer"
            );
        }
    })
    .await;
}

/// (field, message) pairs, in form order.
type Refused = Vec<(&'static str, &'static str)>;

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_saves_nothing() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let no_router = "Router #999999 does not exist (it may have been deleted). Choose another.";
        let no_profile =
            "Profile #999999 does not exist (it may have been deleted). Choose another.";
        let cases: Vec<(CustomerInput, Refused, &str)> = vec![
            (
                CustomerInput {
                    password: None,
                    ..input("ayu lestari", "", o.tower1, o.daily)
                },
                vec![
                    (
                        "username",
                        "'ayu lestari' has a space: a user name cannot contain spaces",
                    ),
                    ("password", "Give the password the customer logs in with"),
                    ("full_name", "Give the customer's name, e.g. Ayu Lestari"),
                ],
                "form refusals are listed together",
            ),
            (
                CustomerInput {
                    profile_id: None,
                    ..input("ayu", "Ayu", 999_999, 0)
                },
                vec![
                    ("router_id", no_router),
                    ("profile_id", "Choose the profile this customer buys"),
                ],
                "a router that does not exist is a field error, in form order",
            ),
            (
                CustomerInput {
                    service_type: "wifi".into(),
                    ..input(&"a".repeat(65), "Ayu", o.tower1, 999_999)
                },
                vec![
                    ("username", "Use at most 64 characters"),
                    ("service_type", "Choose hotspot or PPPoE"),
                    ("profile_id", no_profile),
                ],
                "form and database refusals come back at once",
            ),
        ];
        for (bad, expect, why) in cases {
            let api = refusal(customer::create(&ctx, &bad).await);
            assert_eq!(api.code, ErrorCode::Validation, "{label}: {why}");
            let got: Vec<(&str, &str)> = api
                .fields
                .iter()
                .map(|f| (f.field.as_str(), f.message.as_str()))
                .collect();
            assert_eq!(got, expect, "{label}: {why}");
        }
        let mut bad_email = input("ayu", "Ayu", o.tower1, o.daily);
        bad_email.email = "ayu@".into();
        let one = refusal(customer::create(&ctx, &bad_email).await);
        assert_eq!(
            one.message,
            "The customer was not saved: 'ayu@' is not an email address, e.g. ayu@example.com",
            "{label}: one refusal is said in the summary"
        );
        let page = customer::list(&ctx, &CustomerFilter::default()).await;
        assert_eq!(page.expect("list").total, 0, "{label}: nothing was saved");

        let saved = add(&ctx, input("ayu", "Ayu", o.tower1, o.daily)).await;
        let mut broken = saved.to_input();
        broken.phone = "call me".into();
        let api = refusal(customer::update(&ctx, saved.id, &broken).await);
        assert_eq!(
            api.field("phone"),
            Some("'call me' is not a phone number: use digits, spaces and + - ( )"),
            "{label}"
        );
        let now = customer::get(&ctx, saved.id).await.expect("get");
        assert_eq!(now, saved, "{label}: a refused edit changes nothing");
    })
    .await;
}

#[tokio::test]
async fn a_username_is_unique_on_its_router_only() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let ayu = add(&ctx, input("ayu", "Ayu", o.tower1, o.daily)).await;
        let again = input("ayu", "Ayu Dua", o.tower1, o.weekly);
        let dup = refusal(customer::create(&ctx, &again).await);
        let taken = "The user name 'ayu' is already taken on router 'Tower 1'. \
                     Choose another user name.";
        assert_eq!(
            (dup.code, dup.message.as_str()),
            (ErrorCode::Conflict, taken),
            "{label}: the same name on the same router; the refusal names the router"
        );
        let elsewhere = input("ayu", "Ayu Dua", o.tower2, o.weekly);
        let other = add(&ctx, elsewhere).await;
        assert_eq!(
            other.router_name, "Tower 2",
            "{label}: another router, another user"
        );

        let mut move_back = other.to_input();
        move_back.router_id = Some(o.tower1);
        let moved = refusal(customer::update(&ctx, other.id, &move_back).await);
        assert_eq!(
            moved.code,
            ErrorCode::Conflict,
            "{label}: moving onto a router where the name is taken"
        );
        customer::update(&ctx, ayu.id, &ayu.to_input())
            .await
            .expect("a customer keeps their own name when saved again");
        let upper = add(&ctx, input("AYU", "Ayu Tiga", o.tower1, o.daily)).await;
        assert_eq!(
            upper.username, "AYU",
            "{label}: user names are case-sensitive, as on RouterOS"
        );
    })
    .await;
}

/// One generated customer as the test expects it to be stored.

#[tokio::test]
async fn profiles_and_routers_count_these_customers_and_refuse_deletion() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let mut ids = Vec::new();
        for (user, router_id, profile_id) in [
            ("ayu", o.tower1, o.monthly),
            ("budi", o.tower1, o.monthly),
            ("citra", o.tower2, o.daily),
        ] {
            ids.push(add(&ctx, input(user, user, router_id, profile_id)).await.id);
        }
        let profiles: Vec<(String, u64)> = profile::list(&ctx)
            .await
            .expect("list")
            .into_iter()
            .map(|p| (p.name, p.customer_count))
            .collect();
        let expect = [("Daily", 1), ("Monthly", 2), ("Weekly", 0)];
        assert_eq!(
            profiles,
            expect.map(|(n, c)| (n.to_string(), c)),
            "{label}: customers per profile"
        );
        let towers: Vec<(String, u64)> = routers::list(&ctx)
            .await
            .expect("list")
            .into_iter()
            .map(|r| (r.name, r.customer_count))
            .collect();
        let expect = [("Tower 1", 2), ("Tower 2", 1)];
        assert_eq!(
            towers,
            expect.map(|(n, c)| (n.to_string(), c)),
            "{label}: customers per router"
        );

        let p = refusal(profile::delete(&ctx, o.monthly).await);
        assert_eq!(
            (p.code, p.message.as_str()),
            (
                ErrorCode::InUse,
                "'Monthly' is used by 2 customers. Move them to another profile before deleting it."
            ),
            "{label}"
        );
        let r = refusal(routers::delete(&ctx, o.tower2).await);
        assert_eq!(
            (r.code, r.message.as_str()),
            (
                ErrorCode::InUse,
                "'Tower 2' has 1 customer. Move or delete them before removing the router."
            ),
            "{label}"
        );
        customer::delete(&ctx, ids[2]).await.expect("delete");
        routers::delete(&ctx, o.tower2)
            .await
            .expect("a router without customers goes");
        profile::delete(&ctx, o.daily)
            .await
            .expect("a profile without customers goes");
    })
    .await;
}
