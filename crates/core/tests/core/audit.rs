//! The audit log's hash chain: entries saved with their transaction or not at all, the chain
//! verified in order, an entry written with a clock behind the others kept in time order, an
//! edit and a deletion made behind tikbill's back found, and concurrent writers keeping one
//! chain.

use std::time::Instant;

use chrono::SubsecRound;

use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::json;
use tikbill_api::{BreakReason, ChainBreak, ChainState};
use tikbill_core::audit::{self, AuditEntry};
use tikbill_core::entity::activity_log;
use tikbill_core::{db, Clock, FixedClock};

use crate::support::{clock, context, on_each_database};

fn entry(clock: &FixedClock, actor: &str, n: u64) -> AuditEntry {
    AuditEntry {
        at: clock.now(),
        staff_id: None,
        actor: actor.into(),
        origin: "app on host office-pc".into(),
        action: "customer.extend".into(),
        entity_kind: "customer".into(),
        entity_id: i64::try_from(n).ok(),
        before: Some(json!({"username": "ayu", "expires_at": "2026-12-01", "password": "hunter2"})),
        after: Some(json!({"username": "ayu", "expires_at": "2027-01-01", "n": n})),
    }
}

/// Records `count` entries by `actor`, each in a write transaction of its own.
async fn record_as(db: &DatabaseConnection, clock: &FixedClock, actor: &str, count: u64) {
    for n in 0..count {
        let txn = db::begin_write(db).await.expect("begin");
        audit::record(&txn, entry(clock, actor, n))
            .await
            .expect("the entry is recorded");
        txn.commit().await.expect("commit");
    }
}

/// [`record_as`] with a pause after each commit. SQLite's busy handler sleeps with back-off
/// while it waits for the write lock, so a writer that takes the lock again the moment it
/// commits can run all its transactions before the other one wakes (seen on a loaded 2-core
/// machine); the pause leaves the lock free often enough that both really write at once.
async fn record_taking_turns(db: &DatabaseConnection, clock: &FixedClock, actor: &str, count: u64) {
    for n in 0..count {
        let txn = db::begin_write(db).await.expect("begin");
        audit::record(&txn, entry(clock, actor, n))
            .await
            .expect("the entry is recorded");
        txn.commit().await.expect("commit");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
}

async fn record_each(db: &DatabaseConnection, clock: &FixedClock, count: u64) {
    record_as(db, clock, "staff:ayu", count).await;
}

async fn ids(db: &DatabaseConnection) -> Vec<i64> {
    activity_log::Entity::find()
        .order_by_asc(activity_log::Column::Id)
        .all(db)
        .await
        .expect("read the log")
        .into_iter()
        .map(|row| row.id)
        .collect()
}

#[tokio::test]
async fn audit_entries_roll_back_with_their_transaction() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        record_each(&db, &clock, 2).await;
        let txn = db::begin_write(&db).await.expect("begin");
        audit::record(&txn, entry(&clock, "staff:ayu", 9))
            .await
            .expect("recorded in the transaction");
        txn.rollback().await.expect("roll back");
        assert_eq!(
            activity_log::Entity::find()
                .count(&db)
                .await
                .expect("count"),
            2,
            "{label}: the rolled-back entry is gone"
        );
        assert_eq!(
            audit::verify(&ctx).await.expect("verify"),
            ChainState::Intact { entries: 2 },
            "{label}: the chain is intact after a rollback"
        );
        record_each(&db, &clock, 1).await;
        assert_eq!(
            audit::verify(&ctx).await.expect("verify"),
            ChainState::Intact { entries: 3 },
            "{label}: the next entry follows the last committed one"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_chain_is_intact_after_many_entries_and_secrets_are_redacted() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        assert_eq!(
            audit::verify(&ctx).await.expect("verify").to_string(),
            "0 entries, chain intact",
            "{label}: an empty log"
        );
        // A time with nanoseconds: stored (and hashed) to the microsecond on both databases.
        clock.advance(chrono::Duration::nanoseconds(123_456_789));
        // More than one page of the walk (1,000).
        record_each(&db, &clock, 1205).await;
        let state = audit::verify(&ctx).await.expect("verify");
        assert_eq!(state, ChainState::Intact { entries: 1205 }, "{label}");
        assert_eq!(state.to_string(), "1205 entries, chain intact");
        let rows = activity_log::Entity::find()
            .order_by_asc(activity_log::Column::Id)
            .all(&db)
            .await
            .expect("read the log");
        assert_eq!(
            rows[0].prev_hash,
            audit::GENESIS,
            "{label}: the first entry"
        );
        assert_eq!(
            rows[1].prev_hash, rows[0].hash,
            "{label}: each follows the last"
        );
        assert_eq!(rows[0].hash.len(), 64);
        assert_eq!(
            rows[0].created_at,
            clock.now().trunc_subsecs(6),
            "{label}: the time to the microsecond"
        );
        let before = rows[0].before_json.as_deref().expect("before JSON");
        assert!(
            before.contains(r#""password":"<redacted>""#) && !before.contains("hunter2"),
            "{label}: the password never reaches the log: {before}"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_entry_written_with_a_clock_behind_takes_the_previous_entrys_time() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        // An office whose clock is an hour and a bit behind the first one's.
        let behind = FixedClock::at(clock.now() - chrono::Duration::microseconds(3_600_000_123));
        record_each(&db, &clock, 1).await;
        record_as(&db, &behind, "staff:budi", 2).await;
        clock.advance(chrono::Duration::seconds(1));
        record_each(&db, &clock, 1).await;
        let times: Vec<_> = activity_log::Entity::find()
            .order_by_asc(activity_log::Column::Id)
            .all(&db)
            .await
            .expect("read the log")
            .into_iter()
            .map(|row| row.created_at)
            .collect();
        let first = clock.now() - chrono::Duration::seconds(1);
        assert_eq!(
            times,
            vec![first, first, first, clock.now()],
            "{label}: the entries written with the clock behind have the previous entry's time; \
             the next one on time its own"
        );
        assert_eq!(
            audit::verify(&ctx).await.expect("verify"),
            ChainState::Intact { entries: 4 },
            "{label}: the time stored is the time hashed"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_verify_names_an_entry_edited_with_plain_sql() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        record_each(&db, &clock, 5).await;
        let edited = ids(&db).await[2];
        db.execute_unprepared(&format!(
            "UPDATE activity_log SET after_json = '{{\"expires_at\":\"2099-01-01\"}}' WHERE id = {edited}"
        ))
        .await
        .expect("edit the row by hand");
        let state = audit::verify(&ctx).await.expect("verify");
        assert_eq!(
            state,
            ChainState::Broken(ChainBreak {
                entry_id: edited,
                intact_before: 2,
                reason: BreakReason::Edited,
            }),
            "{label}: the third entry was edited"
        );
        assert!(
            state
                .to_string()
                .starts_with(&format!("chain broken at entry {edited}: its hash does not match")),
            "{label}: {state}"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_verify_names_the_entry_after_a_deleted_one() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        record_each(&db, &clock, 5).await;
        let ids = ids(&db).await;
        db.execute_unprepared(&format!("DELETE FROM activity_log WHERE id = {}", ids[2]))
            .await
            .expect("delete the row by hand");
        assert_eq!(
            audit::verify(&ctx).await.expect("verify"),
            ChainState::Broken(ChainBreak {
                entry_id: ids[3],
                intact_before: 2,
                reason: BreakReason::PreviousMissing,
            }),
            "{label}: the entry after the gap is named"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_verify_names_entries_swapped_with_plain_sql() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        record_each(&db, &clock, 5).await;
        let ids = ids(&db).await;
        // Move the 2nd and 3rd entries' contents (hashes included) to each other's places.
        let (b, c) = (ids[1], ids[2]);
        for sql in [
            format!("UPDATE activity_log SET id = -1 WHERE id = {b}"),
            format!("UPDATE activity_log SET id = {b} WHERE id = {c}"),
            format!("UPDATE activity_log SET id = {c} WHERE id = -1"),
        ] {
            db.execute_unprepared(&sql).await.expect("reorder by hand");
        }
        assert_eq!(
            audit::verify(&ctx).await.expect("verify"),
            ChainState::Broken(ChainBreak {
                entry_id: b,
                intact_before: 1,
                reason: BreakReason::PreviousMissing,
            }),
            "{label}: the first entry out of place is named"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_concurrent_writers_keep_one_chain() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let started = Instant::now();
        let writers: Vec<_> = ["staff:ayu", "agent@server"]
            .into_iter()
            .map(|actor| {
                let db = db.clone();
                let clock = clock.clone();
                tokio::spawn(async move { record_taking_turns(&db, &clock, actor, 1000).await })
            })
            .collect();
        for writer in writers {
            writer.await.expect("a writer finished");
        }
        let written = started.elapsed();
        let started = Instant::now();
        let state = audit::verify(&ctx).await.expect("verify");
        eprintln!(
            "{label}: 2 writers x 1,000 entries, one transaction each: {written:?}; verify: {:?}",
            started.elapsed()
        );
        assert_eq!(state, ChainState::Intact { entries: 2000 }, "{label}");
        let actors: Vec<String> = activity_log::Entity::find()
            .order_by_asc(activity_log::Column::Id)
            .all(&db)
            .await
            .expect("read the log")
            .into_iter()
            .map(|row| row.actor)
            .collect();
        let turns = actors.windows(2).filter(|w| w[0] != w[1]).count();
        eprintln!("{label}: the writers took turns at the head {turns} times");
        assert!(
            turns > 1,
            "{label}: the writers' entries interleave, so they really wrote at once"
        );
    })
    .await;
}
