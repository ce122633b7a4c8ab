//! Every change writes its audit entry in its own transaction: who (the test context is `test`,
//! a person `staff:ayu`, the agent `agent@host`), from where, what, and the record before and
//! after (secrets redacted); a change refused, or failing after its entry was written, leaves
//! neither; sign-ins, failed and refused ones, are recorded; a bulk activation writes one entry
//! per customer; and the chain verifies after a mix of all of these. On SQLite and PostgreSQL.

use std::time::Duration as StdDuration;

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde_json::{json, Value};
use tikbill_api::{
    ChainState, CustomerInput, CustomerStatus, DurationUnit, JobScope, OfficeSettings,
    ProfileInput, RouterInput, StaffRole,
};
use tikbill_core::audit::AuditEntry;
use tikbill_core::entity::{activity_log, router_job};
use tikbill_core::provisioning::{self, WorkerOptions};
use tikbill_core::{
    audit, customer, db, import, profile, router, settings, staff, sync, Actor, Context,
};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::Row;

use crate::staff::{owner, person, PASSWORD};
use crate::support::{clock, context, jakarta, on_each_database};

const ROUTER_PASSWORD: &str = "Router-Pw-1234";
const CUSTOMER_PASSWORD: &str = "Cust-Pw-9876";

/// The id of the newest entry (0 for none): entries after it are the ones a step wrote.
async fn head(db: &DatabaseConnection) -> i64 {
    activity_log::Entity::find()
        .order_by_desc(activity_log::Column::Id)
        .one(db)
        .await
        .expect("read the log")
        .map_or(0, |row| row.id)
}

/// The entries after `mark`, in order.
async fn since(db: &DatabaseConnection, mark: i64) -> Vec<activity_log::Model> {
    activity_log::Entity::find()
        .filter(activity_log::Column::Id.gt(mark))
        .order_by_asc(activity_log::Column::Id)
        .all(db)
        .await
        .expect("read the log")
}

/// (actor, action, entity kind, entity id) of each entry.
type Seen = Vec<(String, String, String, Option<i64>)>;

fn seen(entries: &[activity_log::Model]) -> Seen {
    entries
        .iter()
        .map(|e| {
            (
                e.actor.clone(),
                e.action.clone(),
                e.entity_type.clone(),
                e.entity_id,
            )
        })
        .collect()
}

fn expect(rows: &[(&str, &str, &str, Option<i64>)]) -> Seen {
    rows.iter()
        .map(|(actor, action, kind, id)| {
            (actor.to_string(), action.to_string(), kind.to_string(), *id)
        })
        .collect()
}

/// `before_json` or `after_json` as JSON (null when absent).
fn json_of(text: &Option<String>) -> Value {
    text.as_deref()
        .map(|t| serde_json::from_str(t).expect("the log holds JSON"))
        .unwrap_or(Value::Null)
}

/// `key` of an entry's before and after.
fn before_after(entry: &activity_log::Model, key: &str) -> (Value, Value) {
    (
        json_of(&entry.before_json)[key].clone(),
        json_of(&entry.after_json)[key].clone(),
    )
}

/// Everything the log holds as text, to look for what must never be there.
fn all_text(entries: &[activity_log::Model]) -> String {
    entries
        .iter()
        .map(|e| format!("{:?} {:?}", e.before_json, e.after_json))
        .collect()
}

fn plan(name: &str, price: &str) -> ProfileInput {
    ProfileInput {
        name: name.into(),
        rate_limit: "5M/10M".into(),
        price: price.into(),
        currency: "IDR".into(),
        duration_value: "30".into(),
        duration_unit: "days".into(),
        data_limit: String::new(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    }
}

fn router_at(host: &str, port: u16, use_tls: bool, password: Option<&str>) -> RouterInput {
    RouterInput {
        name: "Tower 1".into(),
        host: host.into(),
        port: port.to_string(),
        use_tls,
        username: "billing".into(),
        password: password.map(str::to_string),
    }
}

fn subscriber(username: &str, router_id: i64, profile_id: i64) -> CustomerInput {
    CustomerInput {
        username: username.into(),
        password: Some(CUSTOMER_PASSWORD.into()),
        full_name: format!("Customer {username}"),
        service_type: "hotspot".into(),
        router_id: Some(router_id),
        profile_id: Some(profile_id),
        ..CustomerInput::default()
    }
}

/// Makes every commit that wrote an audit entry fail, after the entry was written: a trigger
/// adds, with each entry, a row whose deferred foreign key is checked only at `COMMIT`.
async fn trip_commits(db: &DatabaseConnection) {
    let statements: &[&str] = match db.get_database_backend() {
        DbBackend::Postgres => &[
            "CREATE TABLE audit_tripwire (staff_id BIGINT REFERENCES staff_users (id) \
             DEFERRABLE INITIALLY DEFERRED)",
            "CREATE FUNCTION audit_tripwire() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN INSERT INTO audit_tripwire VALUES (-1); RETURN NULL; END $$",
            "CREATE TRIGGER audit_tripwire AFTER INSERT ON activity_log \
             FOR EACH ROW EXECUTE FUNCTION audit_tripwire()",
        ],
        _ => &[
            "CREATE TABLE audit_tripwire (staff_id INTEGER REFERENCES staff_users (id) \
             DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TRIGGER audit_tripwire AFTER INSERT ON activity_log \
             BEGIN INSERT INTO audit_tripwire VALUES (-1); END",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await.expect("set the tripwire");
    }
}

async fn untrip_commits(db: &DatabaseConnection) {
    let statements: &[&str] = match db.get_database_backend() {
        DbBackend::Postgres => &[
            "DROP TRIGGER audit_tripwire ON activity_log",
            "DROP FUNCTION audit_tripwire()",
            "DROP TABLE audit_tripwire",
        ],
        _ => &["DROP TRIGGER audit_tripwire", "DROP TABLE audit_tripwire"],
    };
    for sql in statements {
        db.execute_unprepared(sql)
            .await
            .expect("remove the tripwire");
    }
}

mod chain;
mod rollback;
mod sign_in;

#[tokio::test]
async fn plan_and_router_changes_name_who_and_what_and_never_the_password() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let ayu = staff::create_owner(&ctx, &owner("ayu"))
            .await
            .expect("the owner");
        let as_ayu = ctx.acting_as(Actor::staff(ayu.id, "ayu", StaffRole::Owner));
        let mark = head(&db).await;

        let monthly = profile::create(&ctx, &plan("Monthly 10M", "150000"))
            .await
            .expect("create");
        profile::update(&as_ayu, monthly.id, &plan("Monthly 20M", "175000"))
            .await
            .expect("update");
        let tower = router::create(
            &ctx,
            &router_at("10.8.0.2", 8729, true, Some(ROUTER_PASSWORD)),
        )
        .await
        .expect("create");
        let moved = router_at("10.8.0.3", 8729, true, Some("Router-Pw-5678"));
        router::update(&as_ayu, tower.id, &moved)
            .await
            .expect("update");
        let fingerprint = "ab".repeat(32);
        router::trust_certificate(&as_ayu, tower.id, &fingerprint)
            .await
            .expect("trust");
        router::delete(&ctx, tower.id).await.expect("delete");
        profile::delete(&ctx, monthly.id).await.expect("delete");

        let entries = since(&db, mark).await;
        assert_eq!(
            seen(&entries),
            expect(&[
                ("test", "profile.create", "profile", Some(monthly.id)),
                ("staff:ayu", "profile.update", "profile", Some(monthly.id)),
                ("test", "router.create", "router", Some(tower.id)),
                ("staff:ayu", "router.update", "router", Some(tower.id)),
                (
                    "staff:ayu",
                    "router.trust_certificate",
                    "router",
                    Some(tower.id)
                ),
                ("test", "router.delete", "router", Some(tower.id)),
                ("test", "profile.delete", "profile", Some(monthly.id)),
            ]),
            "{label}: one entry per change, in order"
        );
        for entry in &entries {
            assert_eq!(entry.origin, "test", "{label}: {}", entry.action);
            assert_eq!(entry.created_at, clock_now(&ctx), "{label}: when");
            let by_ayu = entry.actor == "staff:ayu";
            assert_eq!(
                entry.staff_user_id,
                by_ayu.then_some(ayu.id),
                "{label}: {} names the staff account that acted",
                entry.action
            );
        }
        let check = |n: usize, key: &str, expect: (Value, Value), why: &str| {
            assert_eq!(before_after(&entries[n], key), expect, "{label}: {why}");
        };
        check(
            0,
            "name",
            (Value::Null, json!("Monthly 10M")),
            "a creation has no before",
        );
        check(
            1,
            "name",
            (json!("Monthly 10M"), json!("Monthly 20M")),
            "renamed",
        );
        check(1, "price", (json!("150000"), json!("175000")), "repriced");
        check(
            2,
            "password",
            (Value::Null, json!("<redacted>")),
            "a password was set",
        );
        check(3, "host", (json!("10.8.0.2"), json!("10.8.0.3")), "moved");
        check(
            3,
            "password",
            (Value::Null, json!("<redacted>")),
            "a new password",
        );
        check(
            4,
            "tls_fingerprint",
            (Value::Null, json!(fingerprint)),
            "the pin before (none: the router moved) and after",
        );
        check(
            5,
            "name",
            (json!("Tower 1"), Value::Null),
            "a deletion has no after",
        );
        check(
            6,
            "customer_count",
            (json!(0), Value::Null),
            "deleted unused",
        );
        let text = all_text(&entries);
        assert!(
            !text.contains("Router-Pw"),
            "{label}: no router password reaches the log: {text}"
        );
    })
    .await;
}

fn clock_now(ctx: &Context) -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    ctx.now().trunc_subsecs(6)
}

#[tokio::test]
async fn customer_changes_record_the_customer_before_and_after() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        jakarta(&ctx).await;
        let tower = router::create(&ctx, &router_at("10.8.0.2", 8728, false, Some("pw")))
            .await
            .expect("router")
            .id;
        let monthly = profile::create(&ctx, &plan("Monthly", "150000"))
            .await
            .expect("profile")
            .id;
        let mark = head(&db).await;

        let ayu = customer::create(&ctx, &subscriber("ayu", tower, monthly))
            .await
            .expect("create");
        let mut renamed = subscriber("ayu", tower, monthly);
        renamed.full_name = "Ayu Lestari".into();
        renamed.password = None;
        customer::update(&ctx, ayu.id, &renamed)
            .await
            .expect("update");
        customer::activate(&ctx, ayu.id).await.expect("activate");
        customer::extend(&ctx, ayu.id, Some((7, DurationUnit::Days)))
            .await
            .expect("extend");
        customer::disable(&ctx, ayu.id).await.expect("disable");
        customer::enable(&ctx, ayu.id).await.expect("enable");
        clock.advance(Duration::days(40));
        let agent = ctx.acting_as(Actor::agent());
        let expired = customer::expire_due(&agent).await.expect("expire");
        assert_eq!(expired, vec![ayu.id], "{label}");
        customer::delete(&ctx, ayu.id).await.expect("delete");

        let entries = since(&db, mark).await;
        let agent_label = Actor::agent().label();
        let id = Some(ayu.id);
        assert_eq!(
            seen(&entries),
            expect(&[
                ("test", "customer.create", "customer", id),
                ("test", "customer.update", "customer", id),
                ("test", "customer.activate", "customer", id),
                ("test", "customer.extend", "customer", id),
                ("test", "customer.disable", "customer", id),
                ("test", "customer.enable", "customer", id),
                (agent_label.as_str(), "customer.expire", "customer", id),
                ("test", "customer.delete", "customer", id),
            ]),
            "{label}"
        );
        assert!(agent_label.starts_with("agent@"), "{agent_label}");
        let status = |n: usize| before_after(&entries[n], "status");
        let expires = |n: usize| before_after(&entries[n], "expires_at");
        assert_eq!(status(0), (Value::Null, json!("pending")), "{label}");
        assert_eq!(
            before_after(&entries[0], "password"),
            (Value::Null, json!("<redacted>")),
            "{label}: the service password was set, and is not shown"
        );
        assert_eq!(
            before_after(&entries[1], "full_name"),
            (json!("Customer ayu"), json!("Ayu Lestari")),
            "{label}"
        );
        assert_eq!(
            before_after(&entries[1], "password"),
            (Value::Null, Value::Null),
            "{label}: the password was kept"
        );
        assert_eq!(status(2), (json!("pending"), json!("active")), "{label}");
        assert_eq!(expires(2).0, Value::Null, "{label}: never activated before");
        assert_eq!(expires(3).0, expires(2).1, "{label}: extended from there");
        assert_ne!(expires(3).1, expires(3).0, "{label}: a week later");
        assert_eq!(status(4), (json!("active"), json!("disabled")), "{label}");
        assert_eq!(status(5), (json!("disabled"), json!("active")), "{label}");
        assert_eq!(status(6), (json!("active"), json!("expired")), "{label}");
        assert_eq!(
            before_after(&entries[7], "username"),
            (json!("ayu"), Value::Null),
            "{label}"
        );
        assert!(
            !all_text(&entries).contains(CUSTOMER_PASSWORD),
            "{label}: the service password never reaches the log"
        );
    })
    .await;
}

#[tokio::test]
async fn activating_many_writes_one_entry_per_customer_activated() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let tower = router::create(&ctx, &router_at("10.8.0.2", 8728, false, Some("pw")))
            .await
            .expect("router")
            .id;
        let monthly = profile::create(&ctx, &plan("Monthly", "150000"))
            .await
            .expect("profile")
            .id;
        let mut ids = Vec::new();
        for name in ["ayu", "budi", "citra", "dedi"] {
            let c = customer::create(&ctx, &subscriber(name, tower, monthly))
                .await
                .expect("customer");
            ids.push(c.id);
        }
        customer::activate(&ctx, ids[3]).await.expect("dedi first");
        let mark = head(&db).await;
        let mut asked = ids.clone();
        asked.push(987_654);
        let outcome = customer::activate_many(&ctx, &asked).await.expect("bulk");
        assert_eq!(outcome.changed, ids[..3].to_vec(), "{label}");
        let entries = since(&db, mark).await;
        let each: Vec<_> = ids[..3]
            .iter()
            .map(|id| ("test", "customer.activate", "customer", Some(*id)))
            .collect();
        assert_eq!(
            seen(&entries),
            expect(&each),
            "{label}: dedi (already active) and #987654 (none) were refused: no entry"
        );
        for entry in &entries {
            assert_eq!(
                before_after(entry, "status"),
                (json!("pending"), json!("active")),
                "{label}"
            );
        }
    })
    .await;
}
