//! Durable deliveries per second through the real relay, over loopback HTTP.
//!
//! The relay (axum, `tikbill_relay::router` and `serve`) runs in-process on a fresh database:
//! (a) a SQLite file, its inbox on `delivery::open_durable` (WAL, `synchronous=FULL`, group
//! commit), and (b) a scratch PostgreSQL database (skipped with a note when there is none).
//! The load generator runs in the same process and tokio runtime: reqwest over HTTP/1.1
//! keep-alive connections, `C` concurrent clients posting `N` distinct M-Pesa STK callback
//! bodies (as Daraja's docs show them, pretty-printed) to `/hooks/{token}/stk`. Each request's
//! latency is recorded from send to the full response. A warm-up of `4 C` deliveries (not
//! timed) opens the connections first. Afterwards the rows stored are counted: every 2xx must
//! be a stored row.
//!
//! `cargo bench -p tikbill-relay --bench deliveries`; `TIKBILL_BENCH_N` and `TIKBILL_BENCH_C`
//! change N (20,000) and C (64).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tikbill_core::delivery::{self, Inbox};
use tikbill_core::gateway::{relay_token, Gateways, RELAY_HOOK_TOKEN, RELAY_PULL_TOKEN};
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{db, FixedClock};
use tikbill_relay::{AcceptAll, RelayState};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Deliveries are stamped with the wall clock, as in production.
struct SystemNow;

impl tikbill_core::Clock for SystemNow {
    fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }
}

/// A paid STK callback, laid out as in Daraja's M-Pesa Express documentation.
fn stk_callback(n: usize) -> Vec<u8> {
    format!(
        r#"{{
  "Body": {{
    "stkCallback": {{
      "MerchantRequestID": "29115-34620561-{n}",
      "CheckoutRequestID": "ws_CO_191220191020363925{n:08}",
      "ResultCode": 0,
      "ResultDesc": "The service request is processed successfully.",
      "CallbackMetadata": {{
        "Item": [
          {{ "Name": "Amount", "Value": 500.00 }},
          {{ "Name": "MpesaReceiptNumber", "Value": "NLJ{n:07}" }},
          {{ "Name": "Balance" }},
          {{ "Name": "TransactionDate", "Value": 20191219102115 }},
          {{ "Name": "PhoneNumber", "Value": 254708374149 }}
        ]
      }}
    }}
  }}
}}"#
    )
    .into_bytes()
}

/// One database's run.
struct Run {
    label: &'static str,
    ok: usize,
    failed: usize,
    elapsed: Duration,
    /// Microseconds, sorted.
    latencies: Vec<u64>,
    stored: i64,
    warmup: usize,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        let at = rank.clamp(1, self.latencies.len()) - 1;
        self.latencies[at] as f64 / 1000.0
    }

    fn report(&self) {
        let secs = self.elapsed.as_secs_f64();
        let lost = (self.ok + self.warmup) as i64 - self.stored;
        println!(
            "{:<9} {:>6} ok {:>4} failed in {:>6.2} s = {:>6.0} deliveries/s | latency p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms | stored {} (2xx {} incl. {} warm-up; lost {})",
            self.label,
            self.ok,
            self.failed,
            secs,
            self.ok as f64 / secs,
            self.percentile(50.0),
            self.percentile(90.0),
            self.percentile(99.0),
            self.latencies.last().copied().unwrap_or(0) as f64 / 1000.0,
            self.stored,
            self.ok + self.warmup,
            self.warmup,
            lost,
        );
    }
}

async fn stored(db: &DatabaseConnection) -> i64 {
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) FROM gateway_deliveries",
    ))
    .await
    .ok()
    .flatten()
    .and_then(|row| row.try_get_by_index::<i64>(0).ok())
    .unwrap_or(-1)
}

/// Posts `bodies[range]` from `clients` tasks; returns (ok, failed, latencies in µs).
async fn fire(
    client: &reqwest::Client,
    url: &str,
    bodies: Arc<Vec<Vec<u8>>>,
    from: usize,
    to: usize,
    clients: usize,
) -> (usize, usize, Vec<u64>) {
    let next = Arc::new(AtomicUsize::new(from));
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (client, url, bodies, next) = (
            client.clone(),
            url.to_string(),
            bodies.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            let mut failed = 0;
            let mut latencies = Vec::with_capacity((to - from) / clients + 1);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= to {
                    break;
                }
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(bodies[n].clone())
                    .send()
                    .await;
                let good = match answer {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                let took = sent.elapsed().as_micros() as u64;
                if good {
                    ok += 1;
                    latencies.push(took);
                } else {
                    failed += 1;
                }
            }
            (ok, failed, latencies)
        }));
    }
    let mut all = (0, 0, Vec::with_capacity(to - from));
    for task in tasks {
        match task.await {
            Ok((ok, failed, latencies)) => {
                all.0 += ok;
                all.1 += failed;
                all.2.extend(latencies);
            }
            Err(e) => eprintln!("a client task failed: {e}"),
        }
    }
    all
}

/// Starts the relay on `url`'s database, loads it, counts what it stored.
async fn run(label: &'static str, url: &str, n: usize, clients: usize) -> Option<Run> {
    let db = match db::open(url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("{label}: the database did not open: {e}");
            return None;
        }
    };
    let clock = FixedClock::at(Utc::now());
    let ctx = tikbill_core::test_context::context(&db, &clock);
    let token = relay_token(&ctx, RELAY_HOOK_TOKEN).ok()?;
    let pull_token = relay_token(&ctx, RELAY_PULL_TOKEN).ok()?;
    let inbox = Inbox::start(delivery::open_durable(url).await.ok()?);
    let state = RelayState::new(
        inbox.clone(),
        db.clone(),
        Arc::new(SystemNow),
        &token,
        Some(&pull_token),
        Arc::new(AcceptAll),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.ok()?;
    let base = format!("http://{}", listener.local_addr().ok()?);
    let router = tikbill_relay::router(state);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = tikbill_relay::serve(listener, router, async {
            let _ = stopped.await;
        })
        .await;
    });

    let hook = format!("{base}/hooks/{token}/stk");
    let warmup = clients * 4;
    let bodies = Arc::new((0..warmup + n).map(stk_callback).collect::<Vec<_>>());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .timeout(Duration::from_secs(30))
        .build()
        .ok()?;
    let (warm_ok, warm_failed, _) = fire(&client, &hook, bodies.clone(), 0, warmup, clients).await;
    if warm_failed > 0 {
        eprintln!("{label}: {warm_failed} warm-up deliveries failed");
    }
    let started = Instant::now();
    let (ok, failed, mut latencies) =
        fire(&client, &hook, bodies, warmup, warmup + n, clients).await;
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let _ = stop.send(());
    let _ = server.await;
    drop(inbox);
    let stored = stored(&db).await;
    let _ = db.close().await;
    Some(Run {
        label,
        ok,
        failed,
        elapsed,
        latencies,
        stored,
        warmup: warm_ok,
    })
}

fn main() {
    let n = setting("TIKBILL_BENCH_N", 20_000);
    let clients = setting("TIKBILL_BENCH_C", 64).max(1);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("no tokio runtime: {e}");
            return;
        }
    };
    runtime.block_on(async {
        // reqwest has no crypto provider of its own here; this installs ring.
        let _ = Gateways::real();
        let cores = std::thread::available_parallelism().map_or(0, usize::from);
        println!(
            "deliveries: the relay in-process on 127.0.0.1; load generator: in-process tokio + \
             reqwest 0.13, HTTP/1.1 keep-alive, C = {clients} concurrent clients, N = {n} M-Pesa \
             STK callbacks of {} bytes POSTed to /hooks/{{token}}/stk ({cores} cores, one tokio \
             runtime shared by server and clients)",
            stk_callback(0).len()
        );
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("no temporary directory: {e}");
                return;
            }
        };
        let mut runs = Vec::new();
        if let Some(r) = run("sqlite", &db::sqlite_url(dir.path()), n, clients).await {
            r.report();
            runs.push(r);
        }
        match ScratchPostgres::create("tikbill_bench").await {
            Ok(Some(scratch)) => {
                if let Some(r) = run("postgres", scratch.url(), n, clients).await {
                    r.report();
                    runs.push(r);
                }
                if let Err(e) = scratch.drop_database().await {
                    eprintln!("the scratch database was not dropped: {e}");
                }
            }
            Ok(None) => println!("postgres: skipped (no PostgreSQL reachable)"),
            Err(e) => println!("postgres: skipped ({e})"),
        }
        for r in &runs {
            let lost = (r.ok + r.warmup) as i64 - r.stored;
            if lost != 0 {
                println!("{}: {lost} deliveries answered 2xx are NOT stored", r.label);
                std::process::exit(1);
            }
        }
    });
}
