//! Storing deliveries before they are acknowledged, with group commit.
//!
//! One task owns a connection and writes: every delivery that arrived while the previous
//! commit was being made goes into the next one, so one `fsync` covers many deliveries and a
//! burst costs a few commits, not one each. Each caller waits for the commit holding its
//! delivery and only then answers the gateway.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ActiveValue::Set, ConnectOptions, Database, DatabaseConnection, EntityTrait, TransactionTrait,
};
use tokio::sync::{mpsc, oneshot, Notify};

use crate::entity::gateway_delivery;
use crate::{CoreError, CoreResult};

/// How many deliveries one commit takes at most.
const MAX_BATCH: usize = 512;
/// How many rows one INSERT statement takes on SQLite.
const ROWS_PER_INSERT: usize = 128;
/// How many deliveries may wait for the writer before callers wait to hand theirs over.
const QUEUE: usize = 8192;

/// A delivery as the relay received it.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// The path it came to (`stk`, `c2b/confirmation`, `paypal`, …).
    pub hook: String,
    pub gateway: String,
    pub received_at: DateTime<Utc>,
    pub remote_addr: String,
    /// As the request had them, in order.
    pub headers: Vec<(String, String)>,
    /// The exact bytes.
    pub body: Vec<u8>,
}

struct Job {
    delivery: NewDelivery,
    done: oneshot::Sender<Result<i64, String>>,
}

/// The durable writer. Cloning shares it.
#[derive(Clone)]
pub struct Inbox {
    jobs: mpsc::Sender<Job>,
    stored: Arc<Notify>,
}

/// A connection for the inbox: on SQLite a separate one whose commits reach the disk before
/// they return (`synchronous=FULL`), on PostgreSQL a small pool of its own (PostgreSQL's
/// commits are durable as configured: `synchronous_commit` is on by default). The schema must
/// already be migrated (`db::open`).
pub async fn open_durable(url: &str) -> CoreResult<DatabaseConnection> {
    let kind = crate::db::kind_of(url)?;
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(8));
    match kind {
        tikbill_api::DatabaseKind::Sqlite => {
            options.max_connections(1).map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(crate::db::SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
            });
        }
        tikbill_api::DatabaseKind::Postgres => {
            options.max_connections(2);
        }
    }
    Database::connect(options)
        .await
        .map_err(|e| CoreError::DatabaseOpen(format!("{}: {e}", crate::db::redact(url))))
}

impl Inbox {
    /// Starts the writer on `db` (see [`open_durable`]). It stops when every clone is dropped.
    pub fn start(db: DatabaseConnection) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let stored = Arc::new(Notify::new());
        tokio::spawn(write_loop(db, queue, stored.clone()));
        Self { jobs, stored }
    }

    /// Stores a delivery; returns its id once it is committed.
    pub async fn store(&self, delivery: NewDelivery) -> CoreResult<i64> {
        let (done, committed) = oneshot::channel();
        self.jobs
            .send(Job { delivery, done })
            .await
            .map_err(|_| CoreError::Internal("the delivery writer has stopped".into()))?;
        committed
            .await
            .map_err(|_| CoreError::Internal("the delivery writer has stopped".into()))?
            .map_err(|e| CoreError::Internal(format!("storing the delivery failed: {e}")))
    }

    /// Woken after every commit: processing waits on it.
    pub fn stored(&self) -> Arc<Notify> {
        self.stored.clone()
    }
}

async fn write_loop(db: DatabaseConnection, mut queue: mpsc::Receiver<Job>, stored: Arc<Notify>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match write(&db, &batch).await {
            Ok(ids) => {
                for (job, id) in batch.drain(..).zip(ids) {
                    let _ = job.done.send(Ok(id));
                }
                stored.notify_waiters();
                stored.notify_one();
            }
            Err(e) => {
                let why = e.to_string();
                for job in batch.drain(..) {
                    let _ = job.done.send(Err(why.clone()));
                }
            }
        }
    }
}

async fn write(db: &DatabaseConnection, batch: &[Job]) -> CoreResult<Vec<i64>> {
    let sqlite = crate::db::kind(db) == tikbill_api::DatabaseKind::Sqlite;
    let txn = if sqlite {
        crate::db::begin_write(db).await?
    } else {
        db.begin().await?
    };
    let mut ids = Vec::with_capacity(batch.len());
    // On SQLite one multi-row INSERT per chunk, not one statement per delivery, so the commit a
    // whole batch waits for starts sooner (8 bound values a row keeps a chunk far below the
    // limit on them). PostgreSQL plans every new statement shape: a statement of each size
    // costs more there than the round trips it saves (measured: `benches/deliveries.rs` in
    // tikbill-relay went from about 3,800 to 1,000 deliveries a second), so it keeps one
    // prepared single-row insert.
    let rows_per_insert = if sqlite { ROWS_PER_INSERT } else { 1 };
    for chunk in batch.chunks(rows_per_insert) {
        let rows = chunk.iter().map(|job| {
            let d = &job.delivery;
            gateway_delivery::ActiveModel {
                hook: Set(d.hook.clone()),
                gateway: Set(d.gateway.clone()),
                received_at: Set(d.received_at),
                remote_addr: Set(d.remote_addr.chars().take(64).collect()),
                headers: Set(super::rows::headers_json(&d.headers)),
                body: Set(d.body.clone()),
                state: Set(super::rows::STORED.into()),
                attempts: Set(0),
                ..Default::default()
            }
        });
        let mut keys = gateway_delivery::Entity::insert_many(rows)
            .exec_with_returning_keys(&txn)
            .await?;
        if keys.len() != chunk.len() {
            return Err(CoreError::Internal(format!(
                "{} deliveries inserted, {} ids returned",
                chunk.len(),
                keys.len()
            )));
        }
        // RETURNING promises no order, but one statement numbers its rows in VALUES order
        // (SQLite under the write lock: the next rowid each; PostgreSQL: its sequence, which
        // only grows), so the ids in ascending order are the rows in order.
        keys.sort_unstable();
        ids.extend(keys);
    }
    txn.commit().await?;
    Ok(ids)
}
