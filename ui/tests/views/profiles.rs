use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{DurationUnit, FieldError, ProfileView};
use tikbill_ui::components::field::TextField;
use tikbill_ui::pages::profiles::ProfileTable;

fn profile(id: i64, name: &str) -> ProfileView {
    ProfileView {
        id,
        name: name.into(),
        rate_limit: "10M/5M".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: 30,
        duration_unit: DurationUnit::Days,
        data_limit: None,
        shared_users: 1,
        session_timeout: None,
        customer_count: 12,
    }
}

fn table(list: Vec<ProfileView>) -> String {
    sycamore::render_to_string(move || {
        view! { ProfileTable(profiles=list, on_edit=Rc::new(|_| {}), on_delete=Rc::new(|_| {})) }
    })
}

#[test]
fn a_row_shows_speed_price_duration_and_usage() {
    let mut cafe = profile(2, "Cafe 2M");
    cafe.data_limit = Some("5 GiB".into());
    cafe.duration_value = 1;
    cafe.duration_unit = DurationUnit::Hours;
    cafe.customer_count = 0;
    let html = table(vec![profile(1, "Home 10M"), cafe]);
    for expected in [
        "id=\"profile-row-1\"",
        "Home 10M",
        "10M/5M",
        "IDR 150,000",
        "30 days",
        "Unlimited",
        ">12<",
        "1 hour",
        "5 GiB",
        ">none<",
        "2 profiles",
    ] {
        assert!(
            html.contains(expected),
            "the table shows {expected:?}: {html}"
        );
    }
}

#[test]
fn no_profiles_shows_how_to_start() {
    let html = table(Vec::new());
    assert!(html.contains("No profiles yet"), "{html}");
    assert!(!html.contains("<table"), "no empty table");
}

#[test]
fn a_field_shows_the_backends_message_instead_of_its_hint() {
    let html = sycamore::render_to_string(|| {
        let value = create_signal("-5".to_string());
        let errors = create_signal(vec![FieldError {
            field: "price".into(),
            message: "The amount cannot be negative".into(),
        }]);
        view! { TextField(name="price", label="Price", value=value, errors=*errors, hint="e.g. 150000") }
    });
    assert!(html.contains("field invalid"), "{html}");
    assert!(html.contains("id=\"error-price\""), "{html}");
    assert!(html.contains("The amount cannot be negative"), "{html}");
    assert!(
        !html.contains("e.g. 150000"),
        "the hint gives way to the error: {html}"
    );
}
