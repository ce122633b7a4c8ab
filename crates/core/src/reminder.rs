//! Expiry reminders: the customers whose plan ends soon (the app's "Expiring soon" list), and
//! an SMS to each of them through the office's gateway (Africa's Talking, Twilio, or any HTTP
//! gateway described by a URL template), sent once per expiry and recorded in
//! `sms_reminders`.
//!
//! - `settings.rs`: the settings (`sms.*`) and their secrets (the secret store's
//!   `sms-gateway`, never the database); `check.rs` refuses each wrong field.
//! - `africas_talking.rs`, `twilio.rs`, `custom.rs`: each gateway's request as data and what its
//!   answer means, pure; `gateway.rs` picks one; `encode.rs`, `template.rs`, `phone.rs` the
//!   text they are made of.
//! - `ending.rs`: active customers whose plan ends in a window, with their reminder.
//! - `send.rs`: [`send_due`], each reminder taken by one insert before it is sent, so two
//!   processes never send it twice, and a failure is not sent again.
//! - `listing.rs`: [`expiring`], [`due`] and [`list`] for the app.

mod africas_talking;
mod check;
mod custom;
mod encode;
mod ending;
mod gateway;
mod listing;
mod phone;
mod send;
mod settings;
mod template;
mod twilio;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use check::{DAYS_BEFORE, TEMPLATE_MAX};
pub use listing::{due, expiring, list, EXPIRING_DAYS_MAX};
pub use send::{send_due, ReminderRun, SendOptions};
pub use settings::{save_sms_settings, sms_settings, SECRETS_KEY};

use ending::Ending;

/// How the office reads an instant: "28 Nov 2026 14:00".
fn office_time(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%d %b %Y %H:%M").to_string()
}

/// The reminder's text for `due`, its expiry on the office's clock.
fn message(template: &str, due: &Ending, zone: Tz, office: &str) -> String {
    let expires = office_time(due.expires_at, zone);
    let name = if due.customer.full_name.trim().is_empty() {
        &due.customer.username
    } else {
        &due.customer.full_name
    };
    template::fill(
        template,
        &[
            ("{name}", name),
            ("{username}", &due.customer.username),
            ("{plan}", &due.plan),
            ("{expires}", &expires),
            ("{office}", office),
        ],
        str::to_string,
    )
    .trim()
    .to_string()
}

/// The first 200 characters of what a gateway answered, on one line.
fn snippet(body: &[u8]) -> String {
    snippet_of(&String::from_utf8_lossy(body))
}

fn snippet_of(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        short.push('…');
    }
    short
}
