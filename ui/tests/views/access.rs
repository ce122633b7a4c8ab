use sycamore::prelude::*;
use tikbill_api::{StaffRole, StaffView};
use tikbill_ui::pages::access::{strength, FirstRunPage, SignInForm, Strength};
use tikbill_ui::pages::staff::StaffTable;
use tikbill_ui::state::{AppState, Page};

#[test]
fn the_first_start_asks_for_the_owner_account_with_the_password_twice() {
    let html = sycamore::render_to_string(|| {
        provide_context(AppState::new(Page::Dashboard));
        view! { FirstRunPage {} }
    });
    for expected in [
        "Create the owner account",
        "id=\"owner-username\"",
        "id=\"owner-password\"",
        "id=\"owner-password-again\"",
        "At least 10 characters.",
        "no default password",
    ] {
        assert!(html.contains(expected), "{expected}: {html}");
    }
    assert_eq!(strength("abc"), Strength::TooShort);
}

#[test]
fn the_sign_in_form_and_the_locked_app_say_what_they_are() {
    let at_start = sycamore::render_to_string(|| {
        provide_context(AppState::new(Page::Dashboard));
        view! { SignInForm(over_page=false) }
    });
    assert!(at_start.contains("Sign in to tikbill"), "{at_start}");
    assert!(at_start.contains("id=\"sign-in-password\""), "{at_start}");
    let locked = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Customers, StaffRole::Cashier));
        view! { SignInForm(over_page=true) }
    });
    assert!(locked.contains("tikbill is locked"), "{locked}");
    assert_eq!(
        tikbill_ui::pages::access::wait_message(40),
        "Too many wrong passwords: try again in 40 s."
    );
}

#[test]
fn the_staff_table_shows_roles_states_and_what_the_owner_can_do() {
    let account = |id: i64, username: &str, role: StaffRole, disabled: bool| StaffView {
        id,
        name: username.to_uppercase(),
        username: username.into(),
        role,
        disabled,
        must_change_password: false,
        created_at: "2026-11-26T09:00:00Z".into(),
    };
    let html = sycamore::render_to_string(move || {
        view! {
            StaffTable(staff=vec![
                account(1, "budi", StaffRole::Owner, false),
                account(2, "sari", StaffRole::Cashier, true),
            ], on_action=std::rc::Rc::new(|_, _| {}))
        }
    });
    for expected in [
        "id=\"staff-row-1\"",
        "budi",
        "id=\"staff-toggle-2\"",
        "Enable",
        "Disabled",
        "id=\"staff-reset-1\"",
        "2 accounts",
    ] {
        assert!(html.contains(expected), "{expected}: {html}");
    }
}
