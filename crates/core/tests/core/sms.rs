//! Expiry reminders by SMS on both databases, through loopback Africa's Talking and Twilio
//! fakes written from their documentation: once per expiry, again after a renewal, once when
//! two processes run at once, caught up after the agent was off (but never after a plan
//! ended), failures recorded and not resent, bad phones failed without a request, the message
//! in office time, settings checked field by field, secrets kept out of the database.

use chrono::Duration;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tikbill_api::{
    AfricasTalkingSettings, CustomerInput, ErrorCode, ReceiptSettings, ReminderOutcome,
    SmsProvider, SmsSettings, TwilioSettings,
};
use tikbill_core::gateway::Gateways;
use tikbill_core::reminder::{self, ReminderRun, SendOptions};
use tikbill_core::{customer, entity, profile, settings, Context};
use tikbill_fakes::{AfricasTalkingConfig, FakeAfricasTalking, FakeTwilio, TwilioConfig};

use crate::dashboard::plan;
use crate::support::{clock, context, jakarta, on_each_database, router};

const TEMPLATE: &str = "Dear {name}, your {plan} plan ends on {expires}. {office}";

/// An office in Jakarta called Nairobi Net (it happens), with one router and plans of 1, 2, 5
/// and 30 days; answers the plans' ids in that order.
async fn office(ctx: &Context) -> (i64, [i64; 4]) {
    jakarta(ctx).await;
    settings::save_receipt_settings(
        ctx,
        &ReceiptSettings {
            office_name: "Nairobi Net".into(),
            ..ReceiptSettings::default()
        },
    )
    .await
    .expect("the office's name");
    let tower = router(ctx, "Tower").await;
    let mut plans = [0; 4];
    for (slot, (name, days)) in plans.iter_mut().zip([
        ("Daily", "1"),
        ("Two days", "2"),
        ("Five days", "5"),
        ("Monthly", "30"),
    ]) {
        *slot = profile::create(ctx, &plan(name, "1000", "KES", days))
            .await
            .expect("a plan")
            .id;
    }
    (tower, plans)
}

/// An active customer on `plan` (activated now) with `phone`.
async fn active(ctx: &Context, name: &str, phone: &str, router: i64, plan: i64) -> i64 {
    let id = customer::create(
        ctx,
        &CustomerInput {
            username: name.into(),
            password: Some("rahasia".into()),
            full_name: format!("{name} Lestari"),
            phone: phone.into(),
            email: "".into(),
            service_type: "hotspot".into(),
            router_id: Some(router),
            profile_id: Some(plan),
        },
    )
    .await
    .expect("a customer")
    .id;
    customer::activate(ctx, id).await.expect("activated");
    id
}

fn africas_talking(days: &str) -> SmsSettings {
    SmsSettings {
        enabled: true,
        days_before: days.into(),
        provider: SmsProvider::AfricasTalking,
        template: TEMPLATE.into(),
        africas_talking: AfricasTalkingSettings {
            username: "sandbox".into(),
            sender_id: "NAIROBINET".into(),
            api_key: Some(AfricasTalkingConfig::default().api_key),
            api_key_set: false,
        },
        ..SmsSettings::default()
    }
}

fn twilio(token: &str) -> SmsSettings {
    let config = TwilioConfig::default();
    SmsSettings {
        enabled: true,
        days_before: "1".into(),
        provider: SmsProvider::Twilio,
        template: TEMPLATE.into(),
        twilio: TwilioSettings {
            account_sid: config.account_sid,
            from: "+15005550006".into(),
            auth_token: Some(token.into()),
            auth_token_set: false,
        },
        ..SmsSettings::default()
    }
}

async fn at_fake() -> FakeAfricasTalking {
    FakeAfricasTalking::start(AfricasTalkingConfig::default())
        .await
        .expect("a fake Africa's Talking")
}

async fn save(ctx: &Context, settings: &SmsSettings) {
    reminder::save_sms_settings(ctx, settings)
        .await
        .expect("SMS settings saved");
}

async fn run(ctx: &Context, gateways: &Gateways, base: &str) -> ReminderRun {
    reminder::send_due(
        ctx,
        &SendOptions {
            gateways,
            api_base: Some(base.to_string()),
        },
    )
    .await
    .expect("the reminders run")
}

async fn reminders(db: &DatabaseConnection) -> Vec<entity::sms_reminder::Model> {
    entity::sms_reminder::Entity::find()
        .all(db)
        .await
        .expect("read reminders")
}

#[tokio::test]
async fn a_reminder_goes_once_per_expiry_and_again_after_a_renewal() {
    on_each_database(|db, label| async move {
        let clock = clock(); // 24 Nov 2026 08:00 UTC, 15:00 in Jakarta.
        let ctx = context(&db, &clock);
        let (tower, [daily, _, _, monthly]) = office(&ctx).await;
        let fake = at_fake().await;
        let gateways = Gateways::real().expect("an HTTP client");
        let ayu = active(&ctx, "ayu", "+254 711-000-111", tower, daily).await;
        active(&ctx, "baraka", "+254711000222", tower, monthly).await;

        let off = run(&ctx, &gateways, &fake.base_url()).await;
        assert!(
            !off.enabled,
            "{label}: reminders are off until the office turns them on"
        );
        assert_eq!(fake.requests(), 0, "{label}");

        save(&ctx, &africas_talking("1")).await;
        let first = run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!(
            (first.sent, first.failed),
            (1, 0),
            "{label}: ayu's plan ends within a day, baraka's in 30"
        );
        let again = run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!(
            (again.sent, again.failed),
            (0, 0),
            "{label}: once per expiry"
        );
        let received = fake.received();
        assert_eq!(received.len(), 1, "{label}");
        assert_eq!(
            received[0].to, "+254711000111",
            "{label}: the phone normalised"
        );
        assert_eq!(received[0].from.as_deref(), Some("NAIROBINET"), "{label}");
        assert_eq!(
            received[0].message,
            "Dear ayu Lestari, your Daily plan ends on 25 Nov 2026 15:00. Nairobi Net",
            "{label}: the expiry on the office's clock (08:00 UTC is 15:00 in Jakarta)"
        );

        // The list in the app: ayu's expiry, reminded; baraka's not within 2 days.
        let soon = reminder::expiring(&ctx, 2).await.expect("the list");
        assert_eq!(soon.len(), 1, "{label}");
        assert_eq!(
            (soon[0].customer_id, soon[0].days_left, soon[0].reminder),
            (ayu, 1, Some(ReminderOutcome::Sent)),
            "{label}"
        );
        assert_eq!(soon[0].expires_local, "25 Nov 2026 15:00", "{label}");
        let month = reminder::expiring(&ctx, 31).await.expect("the list");
        assert_eq!(
            month
                .iter()
                .map(|c| c.username.as_str())
                .collect::<Vec<_>>(),
            ["ayu", "baraka"],
            "{label}: soonest first"
        );
        assert_eq!(month[1].reminder, None, "{label}");

        // Ayu renews for another day: a new expiry, reminded when it is a day away.
        customer::extend(&ctx, ayu, None).await.expect("renewed");
        assert_eq!(
            run(&ctx, &gateways, &fake.base_url()).await.sent,
            0,
            "{label}: two days away"
        );
        clock.advance(Duration::days(1));
        assert_eq!(
            run(&ctx, &gateways, &fake.base_url()).await.sent,
            1,
            "{label}"
        );
        assert_eq!(fake.received().len(), 2, "{label}");
        assert!(
            fake.received()[1].message.contains("26 Nov 2026 15:00"),
            "{label}"
        );

        let listed = reminder::list(&ctx, 50).await.expect("the reminders sent");
        assert_eq!(listed.len(), 2, "{label}");
        assert!(
            listed[0].expires_at > listed[1].expires_at,
            "{label}: newest first"
        );
        assert!(
            listed
                .iter()
                .all(|r| r.outcome == ReminderOutcome::Sent && r.username == "ayu"),
            "{label}"
        );
        assert!(
            listed[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.starts_with("ATXid_")),
            "{label}: the gateway's message id"
        );

        let notices = entity::notification::Entity::find()
            .filter(entity::notification::Column::Kind.eq("customers.expiring"))
            .all(&db)
            .await
            .expect("notifications");
        assert_eq!(
            notices
                .iter()
                .map(|n| (n.title.as_str(), n.level.as_str()))
                .collect::<Vec<_>>(),
            [
                ("1 expiry reminder sent", "info"),
                ("1 expiry reminder sent", "info")
            ],
            "{label}: one notification per run that sent something"
        );
    })
    .await;
}

#[tokio::test]
async fn two_runs_at_once_send_each_reminder_once() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (tower, [daily, ..]) = office(&ctx).await;
        let fake = at_fake().await;
        save(&ctx, &africas_talking("1")).await;
        for n in 0..6 {
            active(
                &ctx,
                &format!("c{n}"),
                &format!("+25471100010{n}"),
                tower,
                daily,
            )
            .await;
        }
        let gateways = Gateways::real().expect("an HTTP client");
        let base = fake.base_url();
        let (a, b) = tokio::join!(run(&ctx, &gateways, &base), run(&ctx, &gateways, &base));
        assert_eq!(a.sent + b.sent, 6, "{label}: {a:?} {b:?}");
        let mut to: Vec<String> = fake.received().into_iter().map(|m| m.to).collect();
        to.sort();
        to.dedup();
        assert_eq!(
            (fake.requests(), to.len()),
            (6, 6),
            "{label}: each customer texted once"
        );
        assert_eq!(reminders(&db).await.len(), 6, "{label}");
    })
    .await;
}

#[tokio::test]
async fn reminders_missed_while_the_agent_was_off_are_caught_up_while_still_due() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (tower, [daily, two, five, _]) = office(&ctx).await;
        save(&ctx, &africas_talking("2")).await;
        let fake = at_fake().await;
        active(&ctx, "ends_day_1", "+254711000001", tower, daily).await;
        active(&ctx, "ends_day_2", "+254711000002", tower, two).await;
        active(&ctx, "ends_day_5", "+254711000005", tower, five).await;
        // The agent is off for three and a half days: the first two plans end unreminded.
        clock.advance(Duration::hours(84));
        let gateways = Gateways::real().expect("an HTTP client");
        let run = run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!((run.sent, run.failed), (1, 0), "{label}");
        let to: Vec<String> = fake.received().into_iter().map(|m| m.to).collect();
        assert_eq!(
            to,
            ["+254711000005"],
            "{label}: only the plan that has not ended yet"
        );
        assert_eq!(
            reminders(&db).await.len(),
            1,
            "{label}: nothing recorded for ended plans"
        );
    })
    .await;
}

#[tokio::test]
async fn a_failing_gateway_is_recorded_and_not_sent_again() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (tower, [daily, two, ..]) = office(&ctx).await;
        let fake = FakeTwilio::start(TwilioConfig::default())
            .await
            .expect("a fake Twilio");
        let gateways = Gateways::real().expect("an HTTP client");
        active(&ctx, "ayu", "+254711000111", tower, daily).await;
        save(&ctx, &twilio(&TwilioConfig::default().auth_token)).await;
        fake.fail_with(Some(500));
        let failed = run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!((failed.sent, failed.failed), (0, 1), "{label}");
        fake.fail_with(None);
        assert_eq!(
            run(&ctx, &gateways, &fake.base_url()).await,
            ReminderRun {
                enabled: true,
                ..ReminderRun::default()
            },
            "{label}: not tried again"
        );
        assert_eq!(fake.requests(), 1, "{label}");
        let rows = reminders(&db).await;
        assert_eq!(rows[0].outcome, "failed", "{label}");
        assert!(
            rows[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("HTTP 500")),
            "{label}: {:?}",
            rows[0].detail
        );

        // A wrong auth token: Twilio's 401 (error 20003), recorded without the token.
        save(&ctx, &twilio("ffffffffffffffffffffffffffffffff")).await;
        active(&ctx, "baraka", "+254711000222", tower, two).await;
        clock.advance(Duration::hours(25));
        let refused = run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!((refused.sent, refused.failed), (0, 1), "{label}");
        let detail = reminder::list(&ctx, 1).await.expect("list")[0]
            .detail
            .clone()
            .unwrap_or_default();
        assert!(
            detail.contains("error 20003") && !detail.contains("ffff"),
            "{label}: {detail}"
        );

        // The right token again: a customer due now is texted, with Twilio's message SID.
        save(&ctx, &twilio(&TwilioConfig::default().auth_token)).await;
        active(&ctx, "citra", "+254711000333", tower, daily).await;
        assert_eq!(
            run(&ctx, &gateways, &fake.base_url()).await.sent,
            1,
            "{label}"
        );
        let sent = &fake.received()[0];
        assert_eq!(
            (sent.to.as_str(), sent.from.as_deref()),
            ("+254711000333", Some("+15005550006")),
            "{label}"
        );
        let newest = &reminder::list(&ctx, 1).await.expect("list")[0];
        assert!(
            newest
                .detail
                .as_deref()
                .is_some_and(|d| d.starts_with("SM")),
            "{label}"
        );
        let warning = entity::notification::Entity::find()
            .filter(entity::notification::Column::Level.eq("warning"))
            .all(&db)
            .await
            .expect("notifications");
        assert_eq!(warning.len(), 2, "{label}: both failed runs warned");
        assert_eq!(
            warning[0].title, "0 expiry reminders sent, 1 failed",
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_phone_that_is_no_phone_fails_without_a_request() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (tower, [daily, ..]) = office(&ctx).await;
        save(&ctx, &africas_talking("1")).await;
        let fake = at_fake().await;
        active(&ctx, "ayu", "0711 000 111", tower, daily).await;
        active(&ctx, "nophone", "", tower, daily).await;
        let gateways = Gateways::real().expect("an HTTP client");
        let first = run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!(
            (first.sent, first.failed),
            (0, 1),
            "{label}: nobody without a phone is counted"
        );
        run(&ctx, &gateways, &fake.base_url()).await;
        assert_eq!(fake.requests(), 0, "{label}");
        let rows = reminders(&db).await;
        assert_eq!(rows.len(), 1, "{label}");
        assert_eq!(rows[0].outcome, "failed", "{label}");
        assert!(
            rows[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("country code")),
            "{label}: {:?}",
            rows[0].detail
        );
    })
    .await;
}

#[tokio::test]
async fn settings_are_checked_and_secrets_never_come_back() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let defaults = reminder::sms_settings(&ctx).await.expect("read");
        assert_eq!(
            defaults,
            SmsSettings::default(),
            "{label}: off, a day before, Africa's Talking"
        );

        let mut bad = twilio("");
        bad.days_before = "0".into();
        bad.template = "Hi {nama}".into();
        bad.twilio.account_sid = "AC-nope".into();
        bad.twilio.auth_token = None;
        let err = reminder::save_sms_settings(&ctx, &bad)
            .await
            .expect_err("refused");
        let api: tikbill_api::ApiError = err.into();
        assert_eq!(api.code, ErrorCode::Validation, "{label}");
        assert_eq!(
            api.fields
                .iter()
                .map(|f| f.field.as_str())
                .collect::<Vec<_>>(),
            [
                "daysBefore",
                "template",
                "twilio.accountSid",
                "twilio.authToken"
            ],
            "{label}"
        );

        let secret = "atsk_0123456789secretsecretsecret";
        let mut good = africas_talking("3");
        good.africas_talking.api_key = Some(secret.into());
        let saved = reminder::save_sms_settings(&ctx, &good)
            .await
            .expect("saved");
        assert_eq!(
            saved.africas_talking.api_key, None,
            "{label}: never answered"
        );
        assert!(saved.africas_talking.api_key_set, "{label}");
        assert_eq!(saved.days_before, "3", "{label}");
        // Saved again without the key: it is kept.
        good.africas_talking.api_key = None;
        let again = reminder::save_sms_settings(&ctx, &good)
            .await
            .expect("saved");
        assert!(again.africas_talking.api_key_set, "{label}");
        assert_eq!(
            reminder::sms_settings(&ctx).await.expect("read"),
            again,
            "{label}"
        );

        let values: Vec<String> = entity::setting::Entity::find()
            .all(&db)
            .await
            .expect("settings")
            .into_iter()
            .map(|s| format!("{}={}", s.key, s.value))
            .collect();
        assert!(values.iter().any(|v| v == "sms.days_before=3"), "{label}");
        assert!(
            values.iter().all(|v| !v.contains(secret)),
            "{label}: no secret in settings"
        );
        let audit: Vec<String> = entity::activity_log::Entity::find()
            .all(&db)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| format!("{:?} {:?} {}", e.before_json, e.after_json, e.action))
            .collect();
        assert!(audit.iter().any(|e| e.contains("settings.sms")), "{label}");
        assert!(
            audit.iter().all(|e| !e.contains(secret)),
            "{label}: no secret in the audit log"
        );
        assert!(
            ctx.secrets()
                .get(reminder::SECRETS_KEY)
                .expect("the secret store")
                .is_some_and(|s| s.expose().contains(secret)),
            "{label}: in the secret store"
        );

        let viewer = ctx.acting_as(tikbill_core::Actor::Nobody);
        assert!(
            reminder::sms_settings(&viewer).await.is_err(),
            "{label}: nobody reads them"
        );
    })
    .await;
}
