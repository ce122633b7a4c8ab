//! The relay's promise under `kill -9` of the real binary, on SQLite and PostgreSQL: every
//! delivery answered 2xx is in the database afterwards and paid exactly once.

use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Statement};
use tikbill_api::{CustomerInput, ProfileInput};
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::test_context::context;
use tikbill_core::{customer, db, entity, profile, FixedClock};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::online::{hook_token, set_gateway, whsec, GENERIC_KEY};
use crate::support::{count, emulator, wait_for, AgentCli, Password};

/// Standard Webhooks headers for `body`.
pub(crate) fn generic_headers(id: &str, at: i64, body: &[u8]) -> Vec<(String, String)> {
    vec![
        ("webhook-id".into(), id.into()),
        ("webhook-timestamp".into(), at.to_string()),
        (
            "webhook-signature".into(),
            tikbill_gateway::generic::sign(GENERIC_KEY, id, at, body).expect("signed"),
        ),
        ("content-type".into(), "application/json".into()),
    ]
}

// ---------------------------------------------------------------------------------------------
// kill -9 under load

/// Deliveries fired, clients firing them, and how many 2xx answers before the kill.
const FIRED: usize = 600;
const CLIENTS: usize = 32;
const KILL_AFTER: usize = 250;
const CUSTOMERS: usize = 10;
const PRICE: &str = "50";

/// A plan at [`PRICE`] KES and customers `p00…` on the agent's router.
async fn shop(db: &DatabaseConnection, router_id: i64) {
    let ctx = context(db, &FixedClock::at(Utc::now()));
    let plan = profile::create(
        &ctx,
        &ProfileInput {
            name: "Daily online".into(),
            rate_limit: "1M/2M".into(),
            price: PRICE.into(),
            currency: "KES".into(),
            duration_value: "1".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan");
    for n in 0..CUSTOMERS {
        customer::create(
            &ctx,
            &CustomerInput {
                username: format!("p{n:02}"),
                password: Some("pw".into()),
                full_name: format!("Pendo {n}"),
                service_type: "hotspot".into(),
                router_id: Some(router_id),
                profile_id: Some(plan.id),
                ..Default::default()
            },
        )
        .await
        .expect("a customer");
    }
}

/// A `tikbill-agent relay` process, its address, and what it said on stderr.
struct RelayProcess {
    child: tokio::process::Child,
    addr: String,
    said: Arc<Mutex<Vec<String>>>,
}

impl RelayProcess {
    async fn start(agent: &AgentCli) -> Self {
        let mut child = agent
            .command(&[
                "relay",
                "--listen",
                "127.0.0.1:0",
                "--process-every-secs",
                "1",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the relay starts");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
        let said = Arc::new(Mutex::new(Vec::new()));
        let addr = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.expect("stderr is read") {
                said.lock().expect("the log").push(line.clone());
                if let Some((_, rest)) = line.split_once("listening on http://") {
                    return rest.split_whitespace().next().map(str::to_string);
                }
            }
            None
        })
        .await
        .expect("the relay says where it listens within 30 s")
        .unwrap_or_else(|| panic!("the relay never listened: {said:?}"));
        // Keep reading, or a full pipe would stall the relay's log lines.
        let keep = said.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                keep.lock().expect("the log").push(line);
            }
        });
        Self { child, addr, said }
    }

    fn pid(&self) -> String {
        self.child.id().expect("still running").to_string()
    }

    fn signal(&self, which: &str) {
        let sent = std::process::Command::new("kill")
            .args([which, &self.pid()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill {which} was sent");
    }

    fn log(&self) -> String {
        let said = self.said.lock().expect("the log");
        said[said.len().saturating_sub(40)..].join("\n")
    }
}

/// A signed generic delivery: (transaction id, headers, body).
type Signed = (String, Vec<(String, String)>, Vec<u8>);

fn deliveries() -> Vec<Signed> {
    let at = Utc::now().timestamp();
    (0..FIRED)
        .map(|n| {
            let tx = format!("KILL-{n:05}");
            let body = serde_json::json!({
                "transaction_id": tx,
                "customer_username": format!("p{:02}", n % CUSTOMERS),
                "amount": PRICE,
                "currency": "KES",
                "status": "paid",
                "payment_method": "card",
            })
            .to_string()
            .into_bytes();
            let headers = generic_headers(&format!("msg_{tx}"), at, &body);
            (tx, headers, body)
        })
        .collect()
}

/// What a round of posting saw.
#[derive(Default)]
struct Seen {
    acked: Vec<usize>,
    refused: Vec<(usize, u16)>,
    failed: Vec<usize>,
}

/// Posts `which` of `all` to `url` from [`CLIENTS`] tasks; `answered` counts the 2xx.
async fn fire(
    url: &str,
    all: &Arc<Vec<Signed>>,
    which: Vec<usize>,
    answered: &Arc<AtomicUsize>,
) -> Seen {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    let queue = Arc::new(which);
    let next = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (client, url, all, queue, next, seen, answered) = (
            client.clone(),
            url.to_string(),
            all.clone(),
            queue.clone(),
            next.clone(),
            seen.clone(),
            answered.clone(),
        );
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(&n) = queue.get(i) else { break };
                let (_, headers, body) = &all[n];
                let mut request = client.post(&url).body(body.clone());
                for (name, value) in headers {
                    request = request.header(name.as_str(), value.as_str());
                }
                match request.send().await {
                    Ok(r) if r.status().is_success() => {
                        seen.lock().expect("seen").acked.push(n);
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(r) => seen
                        .lock()
                        .expect("seen")
                        .refused
                        .push((n, r.status().as_u16())),
                    Err(_) => seen.lock().expect("seen").failed.push(n),
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client task");
    }
    let seen = std::mem::take(&mut *seen.lock().expect("seen"));
    seen
}

/// (gateway_reference → payments) for the generic gateway.
async fn payments_by_reference(db: &DatabaseConnection) -> HashMap<String, i64> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT gateway_reference AS r, COUNT(*) AS n FROM payments \
             WHERE gateway = 'generic' GROUP BY gateway_reference",
        ))
        .await
        .expect("payments counted");
    rows.into_iter()
        .map(|row| {
            (
                row.try_get::<String>("", "r").expect("a reference"),
                row.try_get::<i64>("", "n").expect("a count"),
            )
        })
        .collect()
}

/// The transaction ids of the stored deliveries (one per row, repeats kept).
async fn stored_transactions(db: &DatabaseConnection) -> Vec<String> {
    entity::gateway_delivery::Entity::find()
        .all(db)
        .await
        .expect("deliveries read")
        .into_iter()
        .map(|d| {
            let body: serde_json::Value =
                serde_json::from_slice(&d.body).expect("a stored body is the JSON sent");
            body["transaction_id"]
                .as_str()
                .expect("a transaction id")
                .to_string()
        })
        .collect()
}

/// "value: count" for each value of `expr` in `table`.
async fn tally(db: &DatabaseConnection, table: &str, expr: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "SELECT {expr} || ': ' || CAST(COUNT(*) AS TEXT) AS s FROM {table} \
             GROUP BY {expr} ORDER BY {expr}"
        ),
    ))
    .await
    .expect("tallied")
    .into_iter()
    .map(|r| r.try_get::<String>("", "s").expect("a tally"))
    .collect()
}

/// Fires signed deliveries at a relay, `kill -9`s it after [`KILL_AFTER`] 2xx answers,
/// restarts it, lets the gateway send again what was not answered, and checks every
/// acknowledged delivery (and every stored one) became exactly one applied payment.
async fn kill_under_load(agent: &AgentCli, db: &DatabaseConnection, label: &str) {
    let _ = tikbill_core::gateway::Gateways::real();
    let router = emulator("Tower Online").await;
    let router_id = agent.add_router("Tower Online", &router).await;
    shop(db, router_id).await;
    set_gateway(agent, "generic", &format!(r#"{{"secret":"{}"}}"#, whsec()))
        .await
        .json("gateways set generic");
    let urls = agent
        .run(
            &["relay", "urls", "--public-url", "http://127.0.0.1"],
            Password::Missing,
        )
        .await
        .json("relay urls");
    let token = hook_token(&urls, "http://127.0.0.1");

    let all = Arc::new(deliveries());
    let first = RelayProcess::start(agent).await;
    let url = format!("http://{}/hooks/{token}/generic", first.addr);
    let answered = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let load = {
        let (url, all, answered) = (url.clone(), all.clone(), answered.clone());
        tokio::spawn(async move { fire(&url, &all, (0..FIRED).collect(), &answered).await })
    };
    wait_for(
        &format!("{label}: {KILL_AFTER} deliveries answered 2xx"),
        Duration::from_secs(120),
        async || answered.load(Ordering::SeqCst) >= KILL_AFTER,
    )
    .await;
    first.signal("-KILL");
    let at_kill = answered.load(Ordering::SeqCst);
    let mut first = first;
    let status = first
        .child
        .wait()
        .await
        .expect("the killed relay is reaped");
    assert!(
        !status.success(),
        "{label}: it died by the signal: {status:?}"
    );
    let seen = load.await.expect("the load finished");
    let acked: HashSet<usize> = seen.acked.iter().copied().collect();
    let stored_at_kill = stored_transactions(db).await;
    let stored_set: HashSet<&str> = stored_at_kill.iter().map(String::as_str).collect();
    let unanswered_but_stored = stored_set
        .iter()
        .filter(|tx| !acked.iter().any(|&n| all[n].0 == **tx))
        .count();
    eprintln!(
        "{label}: killed after {:?}: {at_kill} answered 2xx at the kill, {} in all; {} refused \
         {:?}; {} failed (connection cut); {} stored ({} of them never answered 2xx); {} paid so far",
        started.elapsed(),
        seen.acked.len(),
        seen.refused.len(),
        seen.refused.iter().take(3).collect::<Vec<_>>(),
        seen.failed.len(),
        stored_at_kill.len(),
        unanswered_but_stored,
        count(db, "SELECT COUNT(*) FROM payments").await,
    );
    // Before the gateway sends anything again: every 2xx is stored.
    for &n in &acked {
        assert!(
            stored_set.contains(all[n].0.as_str()),
            "{label}: {} was answered 2xx but is not stored",
            all[n].0
        );
    }
    assert!(
        seen.acked.len() < FIRED,
        "{label}: the kill came before the load ended"
    );

    // The relay again, on the same data; the gateway sends again what was not answered 2xx
    // (same webhook-id, same signature, as Standard Webhooks retries do).
    let mut second = RelayProcess::start(agent).await;
    let url = format!("http://{}/hooks/{token}/generic", second.addr);
    let again: Vec<usize> = (0..FIRED).filter(|n| !acked.contains(n)).collect();
    let resent = again.len();
    let retried = fire(&url, &all, again, &Arc::new(AtomicUsize::new(0))).await;
    assert_eq!(
        retried.acked.len(),
        resent,
        "{label}: every delivery sent again is answered 2xx (refused {:?}, failed {})\n{}",
        retried.refused,
        retried.failed.len(),
        second.log()
    );
    let due = "SELECT COUNT(*) FROM gateway_deliveries WHERE state IN ('stored', 'waiting')";
    let unapplied = "SELECT COUNT(*) FROM payments WHERE state = 'paid'";
    let waited = Instant::now();
    loop {
        if count(db, due).await == 0 && count(db, unapplied).await == 0 {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(240),
            "{label}: every delivery processed and every payment applied within 240 s: \
             deliveries {:?}, payments {:?}\n{}",
            tally(db, "gateway_deliveries", "state").await,
            tally(db, "payments", "state").await,
            second.log()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let settled_in = waited.elapsed();
    second.signal("-TERM");
    let status = tokio::time::timeout(Duration::from_secs(15), second.child.wait())
        .await
        .expect("the relay stops within 15 s of SIGTERM")
        .expect("its exit status");
    assert!(
        status.success(),
        "{label}: a clean stop: {status:?}\n{}",
        second.log()
    );

    let payments = payments_by_reference(db).await;
    for &n in &acked {
        assert_eq!(
            payments.get(&all[n].0),
            Some(&1),
            "{label}: {} (answered 2xx before the kill) has exactly one payment",
            all[n].0
        );
    }
    for (tx, n) in &payments {
        assert_eq!(*n, 1, "{label}: {tx} has one payment, not {n}");
    }
    let stored = stored_transactions(db).await;
    let distinct: HashSet<&str> = stored.iter().map(String::as_str).collect();
    assert_eq!(
        payments.len(),
        distinct.len(),
        "{label}: one payment per transaction stored"
    );
    assert_eq!(
        distinct.len(),
        FIRED,
        "{label}: every delivery, once sent again"
    );
    let total = count(db, "SELECT COUNT(*) FROM payments").await;
    let applied = count(db, "SELECT COUNT(*) FROM payments WHERE state = 'applied'").await;
    let applies = count(
        db,
        "SELECT COUNT(*) FROM payment_transitions WHERE to_state = 'applied'",
    )
    .await;
    assert_eq!(total, FIRED as i64, "{label}: {total} payments");
    assert_eq!(applied, total, "{label}: every payment is applied");
    assert_eq!(applies, total, "{label}: each applied once");
    let states = tally(db, "gateway_deliveries", "state").await;
    eprintln!(
        "{label}: after the restart {resent} sent again, all answered 2xx; processed and applied \
         in {settled_in:?}; {} delivery rows ({}), {} distinct transactions, {total} payments, \
         {applied} applied, {applies} apply transitions",
        stored.len(),
        states.join(", "),
        distinct.len(),
    );
    drop(router);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_delivery_answered_before_a_kill_is_paid_exactly_once_on_sqlite() {
    let agent = AgentCli::new();
    // The CLI makes and migrates the database file; the shop is added beside it.
    agent
        .run(&["gateways", "list"], Password::Missing)
        .await
        .json("gateways list");
    let db = agent.sqlite().await;
    kill_under_load(&agent, &db, "sqlite").await;
    db.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_delivery_answered_before_a_kill_is_paid_exactly_once_on_postgres() {
    let Some(scratch) = ScratchPostgres::create("tikbill_agent_online")
        .await
        .expect("a scratch PostgreSQL database")
    else {
        return;
    };
    let agent = AgentCli::on_database(scratch.url());
    let db = db::open(scratch.url()).await.expect("PostgreSQL opens");
    kill_under_load(&agent, &db, "postgres").await;
    let _ = db.close().await;
    scratch
        .drop_database()
        .await
        .expect("drop the scratch database");
}
