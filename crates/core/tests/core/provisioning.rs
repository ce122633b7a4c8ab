//! Routers follow the database through the job queue: against the RouterOS emulator on
//! loopback, on SQLite and PostgreSQL.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration as StdDuration;

use chrono::Duration;
use sea_orm::DatabaseConnection;
use tikbill_api::{CustomerInput, ProfileInput, RouterInput, RouterStatus};
use tikbill_core::provisioning::{self, DrainOutcome, DrainReport, WorkerOptions};
use tikbill_core::router as routers;
use tikbill_core::{customer, profile, Clock, Context, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::menu::parse_bool;
use tikbill_routeros::Row;

use crate::support::{clock, context, jakarta, on_each_database};

mod adoption;
mod certificates;
mod failed;
mod leases;
mod offline;
mod parked;
mod partial;
mod restart;
mod router_clock;
mod scripts;
mod sessions;
mod swallowing_proxy;
mod sync;
mod transitions;

const API_USER: &str = "billing";
const API_PASSWORD: &str = "s3cret-pw";

/// An emulated router on a free loopback port (or `at` a given one), `latency` per command.
async fn emulator(at: Option<SocketAddr>, latency: StdDuration) -> Emulator {
    let mut config = EmulatorConfig::new(API_USER, API_PASSWORD);
    if let Some(address) = at {
        config.listen = address;
    }
    config.latency = latency;
    Emulator::start(config)
        .await
        .expect("the emulator starts on loopback")
}

/// The office: a password store, routers on the given emulators, a 30-day profile.
struct Office {
    routers: Vec<i64>,
    monthly: i64,
}

async fn office(ctx: &Context, emulators: &[&Emulator]) -> Office {
    let ports: Vec<u16> = emulators.iter().map(|e| e.address().port()).collect();
    office_on_ports(ctx, &ports).await
}

/// [`office`] with routers at these loopback ports (an emulator, or a proxy in front of one).
async fn office_on_ports(ctx: &Context, ports: &[u16]) -> Office {
    jakarta(ctx).await;
    let mut ids = Vec::new();
    for (n, port) in ports.iter().enumerate() {
        let input = RouterInput {
            name: format!("Tower {}", n + 1),
            host: "127.0.0.1".into(),
            port: port.to_string(),
            use_tls: false,
            username: API_USER.into(),
            password: Some(API_PASSWORD.into()),
        };
        let saved = routers::create(ctx, &input).await;
        ids.push(saved.expect("a router").id);
    }
    let input = ProfileInput {
        name: "Monthly 10M".into(),
        rate_limit: "5M/10M 10M/20M 4M/8M 16/16".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: "30".into(),
        duration_unit: "days".into(),
        data_limit: "".into(),
        shared_users: "2".into(),
        session_timeout: "4h".into(),
    };
    let monthly = profile::create(ctx, &input).await.expect("a profile").id;
    Office {
        routers: ids,
        monthly,
    }
}

fn customer_input(username: &str, service: &str, router_id: i64, profile_id: i64) -> CustomerInput {
    CustomerInput {
        username: username.into(),
        password: Some(format!("pw-{username}")),
        full_name: format!("Customer {username}"),
        phone: "".into(),
        email: "".into(),
        service_type: service.into(),
        router_id: Some(router_id),
        profile_id: Some(profile_id),
    }
}

fn options() -> WorkerOptions {
    let mut options = WorkerOptions::new("test:worker");
    options.timeout = StdDuration::from_secs(5);
    options
}

/// Applies the router's due jobs.
async fn drain(ctx: &Context, router: i64) -> DrainReport {
    provisioning::drain_router(ctx, router, &options())
        .await
        .expect("the worker runs")
}

/// `menu`'s items on the emulator by name, each as `property=value` pairs (without `.id`).
fn items(emulator: &Emulator, menu: &str) -> BTreeMap<String, Row> {
    emulator
        .rows(menu)
        .into_iter()
        .filter_map(|row| Some((row.get("name")?.to_string(), row)))
        .collect()
}

fn flag(row: &Row, name: &str) -> bool {
    row.get(name).and_then(parse_bool).unwrap_or(false)
}

/// Pending jobs per router, as the UI shows them.
async fn waiting(ctx: &Context, router: i64) -> (u64, u64, RouterStatus, Option<String>) {
    let queues = provisioning::queues(ctx).await.expect("queues");
    let q = queues
        .into_iter()
        .find(|q| q.router_id == router)
        .expect("every router has a queue view");
    (q.waiting, q.failed, q.status, q.last_error)
}

fn finished(report: &DrainReport) -> bool {
    report.outcome == DrainOutcome::Finished
}

/// The test clock moved past any router retry delay.
fn after_retry(clock: &FixedClock) {
    clock.advance(Duration::seconds(61));
}

async fn activate(ctx: &Context, id: i64) {
    customer::activate(ctx, id).await.expect("activate");
}
