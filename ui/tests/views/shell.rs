use sycamore::prelude::*;
use tikbill_api::{AppInfo, DatabaseKind, SecretStoreKind, StaffRole};
use tikbill_ui::components::sidebar::Sidebar;
use tikbill_ui::pages::settings::AppInfoCard;
use tikbill_ui::state::{AppState, Page};

#[test]
fn the_sidebar_lists_every_area_and_marks_the_current_one() {
    let html = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Profiles, StaffRole::Owner));
        view! { Sidebar {} }
    });
    let mut last = 0;
    for page in Page::ALL {
        let at = html
            .find(&format!("id=\"nav-{}\"", page.slug()))
            .unwrap_or_else(|| panic!("{} is in the sidebar: {html}", page.title()));
        assert!(at >= last, "{} comes in sidebar order", page.title());
        last = at;
        assert!(html.contains(page.title()));
    }
    assert_eq!(
        html.matches("nav-item active").count(),
        1,
        "exactly one area is current"
    );
    let active = html.find("nav-item active").expect("an active item");
    assert!(
        html[active..].starts_with("nav-item active\" id=\"nav-profiles\"")
            || html[..active].ends_with("id=\"nav-profiles\" class=\""),
        "Profiles is the current area: {html}"
    );
}

#[test]
fn settings_show_where_the_data_lives() {
    let info = AppInfo {
        version: "0.1.0".into(),
        database: DatabaseKind::Postgres,
        database_location: "postgres://office@db:5432/tikbill".into(),
        secret_store: SecretStoreKind::File,
        secret_store_location: Some("/srv/tikbill/secrets.json".into()),
    };
    let html = sycamore::render_to_string(move || view! { AppInfoCard(info=info) });
    assert!(html.contains("PostgreSQL (shared)"), "{html}");
    assert!(html.contains("postgres://office@db:5432/tikbill"), "{html}");
    assert!(
        html.contains("password file readable only by this account: /srv/tikbill/secrets.json"),
        "the file fallback is said plainly: {html}"
    );
}

#[test]
fn the_sidebar_shows_each_role_only_the_areas_it_may_open_and_who_is_signed_in() {
    let sidebar = |role: StaffRole| {
        sycamore::render_to_string(move || {
            provide_context(AppState::signed_in_as(Page::Dashboard, role));
            view! { Sidebar {} }
        })
    };
    let cashier = sidebar(StaffRole::Cashier);
    for shown in ["nav-customers", "nav-routers", "nav-profiles"] {
        assert!(cashier.contains(shown), "{shown}: {cashier}");
    }
    for hidden in ["nav-staff", "nav-audit", "nav-settings"] {
        assert!(!cashier.contains(hidden), "{hidden}: {cashier}");
    }
    assert!(cashier.contains("ayu · cashier"), "{cashier}");
    assert!(cashier.contains("id=\"switch-user\""), "{cashier}");
    let viewer = sidebar(StaffRole::Viewer);
    assert!(
        viewer.contains("nav-audit") && !viewer.contains("nav-staff"),
        "{viewer}"
    );
    let manager = sidebar(StaffRole::Manager);
    assert!(
        manager.contains("nav-settings") && !manager.contains("nav-staff"),
        "{manager}"
    );
    let nobody = sycamore::render_to_string(|| {
        provide_context(AppState::new(Page::Dashboard));
        view! { Sidebar {} }
    });
    assert!(
        !nobody.contains("nav-item"),
        "nobody signed in sees no area: {nobody}"
    );
}
