use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{
    CustomerId, CustomerPage, CustomerStatus, CustomerView, FieldError, ServiceType,
};
use tikbill_ui::components::field::{SelectField, TextField};
use tikbill_ui::pages::customers::{expiring_days, CustomerTable, Selection};

pub fn customer(id: i64, username: &str, status: CustomerStatus) -> CustomerView {
    CustomerView {
        id,
        username: username.into(),
        full_name: format!("{username} Lestari"),
        phone: Some("+62 812 3456 7890".into()),
        email: None,
        service_type: ServiceType::Hotspot,
        router_id: 1,
        router_name: "Tower 1".into(),
        profile_id: 7,
        profile_name: "Home 10M".into(),
        status,
        expires_at: Some("2026-12-24T08:00:00+00:00".into()),
        created_at: "2026-11-01T02:30:00+00:00".into(),
    }
}

fn table(page: CustomerPage, narrowed: bool) -> String {
    table_with(page, narrowed, &[])
}

/// The table with the customers `ticked` selected.
pub fn table_with(page: CustomerPage, narrowed: bool, ticked: &[CustomerId]) -> String {
    let ticked = ticked.to_vec();
    sycamore::render_to_string(move || {
        let act = || Rc::new(|_: CustomerView| {}) as Rc<dyn Fn(CustomerView)>;
        let selection = Selection::new();
        for id in ticked {
            selection.toggle(id);
        }
        view! {
            CustomerTable(page=page, narrowed=narrowed, selection=selection, on_open=act(), on_edit=act(),
                on_delete=act(), on_page=Rc::new(|_| {}))
        }
    })
}

/// The opening tag of the element with `id`.
pub fn tag_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} is shown: {html}"));
    let start = html[..at].rfind('<').expect("a tag start");
    let end = at + html[at..].find('>').expect("a tag end");
    &html[start..=end]
}

#[test]
fn a_page_of_customers_reads_at_a_glance() {
    let mut items: Vec<_> = (1..=50)
        .map(|i| customer(i, &format!("user{i:02}"), CustomerStatus::Active))
        .collect();
    items[0] = customer(1, "ayu", CustomerStatus::Active);
    let mut budi = customer(2, "budi", CustomerStatus::Pending);
    budi.service_type = ServiceType::Pppoe;
    budi.expires_at = None;
    budi.phone = None;
    items[1] = budi;
    let html = table(
        CustomerPage {
            items,
            total: 100_000,
            page: 1,
            page_size: 50,
        },
        false,
    );
    assert_eq!(
        html.matches("class=\"customer-row\"").count(),
        50,
        "one row per customer on the page"
    );
    for expected in [
        "data-username=\"ayu\"",
        "id=\"customer-row-1\"",
        "id=\"open-customer-1\"",
        "ayu Lestari",
        "+62 812 3456 7890",
        "Hotspot",
        "PPPoE",
        "Tower 1",
        "Home 10M",
        "badge status-active",
        ">Active<",
        "badge status-pending",
        ">Pending<",
        "2026-12-24 08:00 UTC",
        "not started",
        "1–50 of 100,000",
        "id=\"edit-customer-2\"",
        "id=\"delete-customer-2\"",
    ] {
        assert!(
            html.contains(expected),
            "the table shows {expected:?}: {html}"
        );
    }
    assert!(
        tag_of(&html, "customers-prev").contains("disabled"),
        "no page before the first"
    );
    assert!(
        !tag_of(&html, "customers-next").contains("disabled"),
        "99,950 more customers follow"
    );
}

#[test]
fn the_last_page_has_no_next() {
    let html = table(
        CustomerPage {
            items: vec![customer(51, "zed", CustomerStatus::Expired)],
            total: 51,
            page: 2,
            page_size: 50,
        },
        false,
    );
    assert!(html.contains("51–51 of 51"), "{html}");
    assert!(html.contains("badge status-expired"), "{html}");
    assert!(
        !tag_of(&html, "customers-prev").contains("disabled"),
        "page 1 is before"
    );
    assert!(
        tag_of(&html, "customers-next").contains("disabled"),
        "nothing after the last customer"
    );
}

#[test]
fn an_empty_list_says_whether_nothing_exists_or_nothing_matches() {
    let empty = CustomerPage {
        items: Vec::new(),
        total: 0,
        page: 1,
        page_size: 50,
    };
    let none_yet = table(empty.clone(), false);
    assert!(
        none_yet.contains("No customers yet") && none_yet.contains("import"),
        "{none_yet}"
    );
    let no_match = table(empty, true);
    assert!(no_match.contains("No customers match"), "{no_match}");
    for html in [none_yet, no_match] {
        assert!(!html.contains("<table"), "no empty table: {html}");
    }
}

#[test]
fn expiring_within_takes_a_positive_whole_number_of_days() {
    for (typed, expect) in [
        ("7", Some(7)),
        (" 14 ", Some(14)),
        ("", None),
        ("0", None),
        ("-3", None),
        ("2.5", None),
        ("soon", None),
    ] {
        assert_eq!(expiring_days(typed), expect, "typed {typed:?}");
    }
}

#[test]
fn form_fields_show_the_backends_messages_under_them() {
    let html = sycamore::render_to_string(|| {
        let errors = create_signal(vec![
            FieldError {
                field: "full_name".into(),
                message: "Give the customer's name".into(),
            },
            FieldError {
                field: "router_id".into(),
                message: "Choose the router the customer connects to".into(),
            },
        ]);
        let routers = create_signal(vec![
            (String::new(), "Choose a router".to_string()),
            ("1".to_string(), "Tower 1".to_string()),
        ]);
        view! {
            TextField(name="full_name", label="Full name", value=create_signal(String::new()), errors=*errors,
                id="customer-full-name")
            SelectField(name="router_id", label="Router", id="customer-router", value=create_signal(String::new()),
                errors=*errors, options=*routers)
        }
    });
    for expected in [
        "id=\"customer-full-name\"",
        "id=\"error-full_name\"",
        "Give the customer's name",
        "id=\"customer-router\"",
        "id=\"error-router_id\"",
        "Choose the router the customer connects to",
        "Tower 1",
    ] {
        assert!(
            html.contains(expected),
            "the form shows {expected:?}: {html}"
        );
    }
    assert_eq!(
        html.matches("field invalid").count(),
        2,
        "both refused fields are marked: {html}"
    );
}
