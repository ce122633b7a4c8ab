//! Expiry reminders: the "Expiring soon" list and the SMS settings card.

use sycamore::prelude::*;
use tikbill_api::{ExpiringCustomer, ReminderOutcome, SmsProvider, SmsSettings, StaffRole};
use tikbill_ui::pages::customers::{days_left_text, reminder_text, ExpiringList};
use tikbill_ui::pages::settings::{SmsCard, SmsForm};
use tikbill_ui::state::{AppState, Page};

use crate::payments::contains_all;

fn ending(id: i64, name: &str, days: i64, reminder: Option<ReminderOutcome>) -> ExpiringCustomer {
    ExpiringCustomer {
        customer_id: id,
        username: name.into(),
        full_name: format!("{name} Lestari"),
        phone: Some("+254711000111".into()),
        plan: "Daily".into(),
        expires_at: "2026-11-25T08:00:00Z".into(),
        expires_local: "25 Nov 2026 15:00".into(),
        days_left: days,
        reminder,
    }
}

#[test]
fn expiring_customers_show_days_left_and_their_reminder() {
    let customers = vec![
        ending(1, "ayu", 0, Some(ReminderOutcome::Sent)),
        ending(2, "baraka", 3, Some(ReminderOutcome::Failed)),
        ending(3, "citra", 6, None),
    ];
    let html = sycamore::render_to_string(move || view! { ExpiringList(customers=customers) });
    contains_all(
        &html,
        &[
            "id=\"expiring-table\"",
            "id=\"expiring-1\"",
            "id=\"expiring-3\"",
            "25 Nov 2026 15:00",
            "ends today",
            "3 days left",
            "SMS sent",
            "SMS failed",
            "not yet",
        ],
        "each customer with days left and the reminder's fate",
    );
    let none = sycamore::render_to_string(|| view! { ExpiringList(customers=Vec::new()) });
    assert!(none.contains("id=\"expiring-none\""), "{none}");
    assert_eq!(days_left_text(1), "1 day left");
    assert_eq!(reminder_text(None, Some(" ")), "no phone");
}

#[test]
fn the_sms_card_shows_the_chosen_gateway_and_only_whether_secrets_are_set() {
    let html = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Settings, StaffRole::Owner));
        let form = SmsForm::new(create_signal(None));
        let mut saved = SmsSettings {
            enabled: true,
            provider: SmsProvider::Twilio,
            ..SmsSettings::default()
        };
        saved.twilio.auth_token_set = true;
        form.show(saved);
        view! { SmsCard(form=form) }
    });
    contains_all(
        &html,
        &[
            "id=\"sms-enabled\"",
            "id=\"sms-days-before\"",
            "id=\"sms-provider\"",
            "Africa's Talking",
            "id=\"sms-template\"",
            "id=\"sms-twilio-sid\"",
            "id=\"sms-twilio-token\"",
            "Set. Leave blank to keep it.",
            "id=\"sms-save\"",
        ],
        "the Twilio fields, the token only said to be set",
    );
    assert!(
        !html.contains("id=\"sms-at-api-key\""),
        "one gateway's fields at a time"
    );
}
