//! The audit page's data: pages newest first that walk every entry once, each filter (person,
//! kind of record, one record, days) and their combination, refused filters, and the CSV export
//! read back field for field.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{json, Value};
use tikbill_api::{ApiError, AuditEntryView, AuditFilter, AuditPage, ErrorCode, StaffRole};
use tikbill_core::audit::{self, AuditEntry};
use tikbill_core::entity::activity_log;
use tikbill_core::{db, staff, Context};

use crate::staff::{owner, person};
use crate::support::{clock, context, on_each_database};

/// Entries in the log made by [`fill`]: more than the largest page (500).
const ENTRIES: usize = 520;

fn instant(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, s)
        .single()
        .expect("a valid instant")
}

/// What entry `i` of the log is about, and when, as the tests expect it back.
#[derive(Debug, Clone)]
struct Spec {
    id: i64,
    /// The time of the clock that wrote it.
    clock: DateTime<Utc>,
    /// The time stored: the clock's, or the entry before's when the clock was behind it.
    at: DateTime<Utc>,
    /// 0: ayu (owner), 1: budi (cashier), 2: the agent (no staff member).
    who: usize,
    kind: &'static str,
    entity_id: Option<i64>,
}

/// Entry `i`: spread evenly over 22 to 24 November (UTC), with entries at both edges of 23
/// November and one written by an office whose clock was behind (12:00 on the 23rd, among
/// entries of the 24th): stored at the time of the entry before it.
fn spec(i: usize) -> Spec {
    let step = TimeDelta::seconds(3 * 86_400 / ENTRIES as i64);
    let clock = match i {
        173 => instant(22, 23, 59, 59) + TimeDelta::microseconds(999_999),
        174 => instant(23, 0, 0, 0),
        346 => instant(23, 23, 59, 59) + TimeDelta::microseconds(999_999),
        347 => instant(24, 0, 0, 0),
        400 => instant(23, 12, 0, 0),
        _ => instant(22, 0, 0, 0) + step * i32::try_from(i).expect("small"),
    };
    let (kind, entity_id) = match i % 7 {
        0 => ("profile", Some(i64::try_from(i % 2).expect("small") + 1)),
        1 => ("router", Some(1)),
        2 if i.is_multiple_of(3) => ("settings", None),
        _ => ("customer", Some(i64::try_from(i % 10).expect("small") + 1)),
    };
    Spec {
        id: 0,
        clock,
        at: clock,
        who: i % 3,
        kind,
        entity_id,
    }
}

/// The fields a CSV must carry intact: commas, quotes, line breaks, non-ASCII letters.
fn awkward(i: usize) -> (String, String) {
    match i % 50 {
        5 => (
            "staff:ayu, \"Cici\"\nsecond line".into(),
            "app on host kasir-1, ruang \"depan\"".into(),
        ),
        6 => ("agent@office-pc\r\n".into(), "agent, ünïcode ✓".into()),
        _ => (format!("actor-{i}"), "app on host office-pc".into()),
    }
}

/// A log of [`ENTRIES`] entries (two staff members and the agent), written in one transaction;
/// their specs with the ids and times they got, oldest first.
async fn fill(ctx: &Context, db: &DatabaseConnection) -> (Vec<Spec>, [Option<i64>; 3]) {
    let ayu = staff::create_owner(ctx, &owner("ayu")).await.expect("ayu");
    let budi = staff::add(ctx, &person("budi", StaffRole::Cashier))
        .await
        .expect("budi");
    let people = [Some(ayu.id), Some(budi.id), None];
    // Making the accounts wrote their own entries: the cases count only the log written here.
    activity_log::Entity::delete_many()
        .exec(db)
        .await
        .expect("clear the log");
    let txn = db::begin_write(db).await.expect("begin");
    let mut specs = Vec::new();
    for i in 0..ENTRIES {
        let mut spec = spec(i);
        if let Some(previous) = specs.last().map(|s: &Spec| s.at) {
            spec.at = spec.at.max(previous);
        }
        let (actor, origin) = awkward(i);
        let (before, after) = match i % 4 {
            0 => (None, Some(json!({"username": format!("user{i}")}))),
            1 => (
                Some(json!({"note": "said \"hi\", left\nearly", "n": i})),
                None,
            ),
            _ => (
                Some(json!({"expires_at": "2026-12-01", "n": i})),
                Some(json!({"expires_at": "2027-01-01", "n": i})),
            ),
        };
        audit::record(
            &txn,
            AuditEntry {
                at: spec.clock,
                staff_id: people[spec.who],
                actor,
                origin,
                action: format!("{}.change", spec.kind),
                entity_kind: spec.kind.into(),
                entity_id: spec.entity_id,
                before,
                after,
            },
        )
        .await
        .expect("an entry is recorded");
        specs.push(spec);
    }
    txn.commit().await.expect("commit");
    let rows = activity_log::Entity::find()
        .order_by_asc(activity_log::Column::Id)
        .all(db)
        .await
        .expect("read the log");
    assert_eq!(rows.len(), ENTRIES);
    for (i, (spec, row)) in specs.iter_mut().zip(rows).enumerate() {
        assert_eq!(row.created_at, spec.at, "entry {i}'s stored time");
        spec.id = row.id;
    }
    assert!(
        specs[400].clock < specs[399].at && specs[400].at == specs[399].at,
        "entry 400's clock was behind: it has the time of entry 399"
    );
    (specs, people)
}

async fn page(ctx: &Context, filter: &AuditFilter) -> AuditPage {
    audit::page(ctx, filter)
        .await
        .unwrap_or_else(|e| panic!("a page for {filter:?}: {e}"))
}

/// Every entry `filter` matches, page after page of `limit`; checks each page's size and cursor.
async fn walk(ctx: &Context, filter: &AuditFilter, limit: u32) -> Vec<AuditEntryView> {
    let mut filter = AuditFilter {
        limit: Some(limit),
        ..filter.clone()
    };
    let mut seen = Vec::new();
    loop {
        let page = page(ctx, &filter).await;
        match page.next_before_id {
            Some(next) => {
                assert_eq!(
                    page.entries.len(),
                    limit as usize,
                    "a page before the last is full"
                );
                assert_eq!(page.entries.last().map(|e| e.id), Some(next), "the cursor");
                seen.extend(page.entries);
                filter.before_id = Some(next);
            }
            None => {
                assert!(page.entries.len() <= limit as usize);
                seen.extend(page.entries);
                return seen;
            }
        }
    }
}

fn ids(entries: &[AuditEntryView]) -> Vec<i64> {
    entries.iter().map(|e| e.id).collect()
}

/// The ids of the specs `keep` selects, newest first.
fn expected(specs: &[Spec], keep: impl Fn(&Spec) -> bool) -> Vec<i64> {
    specs
        .iter()
        .rev()
        .filter(|s| keep(s))
        .map(|s| s.id)
        .collect()
}

#[tokio::test]
async fn audit_pages_walk_every_entry_once_newest_first() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let empty = page(&ctx, &AuditFilter::default()).await;
        assert_eq!(
            (empty.entries.len(), empty.next_before_id),
            (0, None),
            "{label}: an empty log has one empty page"
        );
        let (specs, people) = fill(&ctx, &db).await;
        let all = expected(&specs, |_| true);
        for limit in [1, 37, 52, 260, 500] {
            assert_eq!(
                ids(&walk(&ctx, &AuditFilter::default(), limit).await),
                all,
                "{label}: pages of {limit} hold every entry once, newest first"
            );
        }
        let first = page(&ctx, &AuditFilter::default()).await;
        assert_eq!(first.entries.len(), 50, "{label}: 50 by default");
        assert_eq!(first.next_before_id, Some(all[49]), "{label}");
        let zero = page(
            &ctx,
            &AuditFilter {
                limit: Some(0),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(
            zero.entries.len(),
            50,
            "{label}: a limit of 0 is the default"
        );
        let huge = page(
            &ctx,
            &AuditFilter {
                limit: Some(100_000),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(huge.entries.len(), 500, "{label}: at most 500 a page");
        assert_eq!(huge.next_before_id, Some(all[499]), "{label}");
        let past_the_oldest = page(
            &ctx,
            &AuditFilter {
                before_id: Some(specs[0].id),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(past_the_oldest.entries, vec![], "{label}: nothing is older");

        // The newest entry as the UI gets it.
        let newest = &first.entries[0];
        let spec = &specs[ENTRIES - 1];
        assert_eq!(
            newest,
            &AuditEntryView {
                id: spec.id,
                at: spec.at.to_rfc3339(),
                staff_id: people[spec.who],
                actor: format!("actor-{}", ENTRIES - 1),
                origin: "app on host office-pc".into(),
                action: format!("{}.change", spec.kind),
                entity_kind: spec.kind.into(),
                entity_id: spec.entity_id,
                before: Some(format!(
                    r#"{{"expires_at":"2026-12-01","n":{}}}"#,
                    ENTRIES - 1
                )),
                after: Some(format!(
                    r#"{{"expires_at":"2027-01-01","n":{}}}"#,
                    ENTRIES - 1
                )),
            },
            "{label}: entry {} as stored",
            ENTRIES - 1
        );
        let boundary = page(
            &ctx,
            &AuditFilter {
                before_id: Some(specs[174].id),
                limit: Some(1),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(
            boundary.entries[0].at, "2026-11-22T23:59:59.999999+00:00",
            "{label}: RFC 3339 in UTC, to the microsecond"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_pages_filter_by_person_kind_record_and_days() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (specs, people) = fill(&ctx, &db).await;
        let budi = people[1];
        let day = |from: &str, to: &str| AuditFilter {
            from: Some(from.into()),
            to: Some(to.into()),
            ..AuditFilter::default()
        };
        let on_23rd = |s: &Spec| s.at >= instant(23, 0, 0, 0) && s.at < instant(24, 0, 0, 0);
        let cases: Vec<(&str, AuditFilter, Vec<i64>)> = vec![
            (
                "budi's entries",
                AuditFilter {
                    staff_id: budi,
                    ..AuditFilter::default()
                },
                expected(&specs, |s| s.who == 1),
            ),
            (
                "profiles",
                AuditFilter {
                    entity_kind: Some("profile".into()),
                    ..AuditFilter::default()
                },
                expected(&specs, |s| s.kind == "profile"),
            ),
            (
                "customer 3's history",
                AuditFilter {
                    entity_kind: Some("customer".into()),
                    entity_id: Some(3),
                    ..AuditFilter::default()
                },
                expected(&specs, |s| s.kind == "customer" && s.entity_id == Some(3)),
            ),
            (
                "budi's changes of customer 3",
                AuditFilter {
                    staff_id: budi,
                    entity_kind: Some("customer".into()),
                    entity_id: Some(3),
                    ..AuditFilter::default()
                },
                expected(&specs, |s| {
                    s.who == 1 && s.kind == "customer" && s.entity_id == Some(3)
                }),
            ),
            (
                "router 3: none",
                AuditFilter {
                    entity_kind: Some("router".into()),
                    entity_id: Some(3),
                    ..AuditFilter::default()
                },
                vec![],
            ),
            ("23 November", day("2026-11-23", "2026-11-23"), {
                expected(&specs, on_23rd)
            }),
            (
                "from 24 November",
                day("2026-11-24", ""),
                expected(&specs, |s| s.at >= instant(24, 0, 0, 0)),
            ),
            (
                "up to 22 November",
                day("", "2026-11-22"),
                expected(&specs, |s| s.at < instant(23, 0, 0, 0)),
            ),
            (
                "a week with nothing",
                day("2026-12-01", "2026-12-07"),
                vec![],
            ),
            (
                "budi's customer changes on 23 November",
                AuditFilter {
                    staff_id: budi,
                    entity_kind: Some("customer".into()),
                    ..day("2026-11-23", "2026-11-23")
                },
                expected(&specs, |s| s.who == 1 && s.kind == "customer" && on_23rd(s)),
            ),
            (
                "blank kind and days are no filter",
                AuditFilter {
                    entity_kind: Some(String::new()),
                    ..day(" ", "")
                },
                expected(&specs, |_| true),
            ),
        ];
        for (name, filter, want) in cases {
            for limit in [7, 500] {
                assert_eq!(
                    ids(&walk(&ctx, &filter, limit).await),
                    want,
                    "{label}: {name}, pages of {limit}"
                );
            }
            // A cursor past the newest entry: the same entries.
            let past_the_newest = AuditFilter {
                before_id: Some(i64::MAX),
                ..filter.clone()
            };
            assert_eq!(
                ids(&walk(&ctx, &past_the_newest, 7).await),
                want,
                "{label}: {name}, from a cursor past the newest entry"
            );
        }
        let on_the_23rd = ids(&walk(&ctx, &day("2026-11-23", "2026-11-23"), 50).await);
        // Entry 400 was written at 12:00 on the 23rd by a clock behind the others, among
        // entries of the 24th: it is stored, and found, at the time of the entry before it.
        for (i, inside) in [
            (173, false),
            (174, true),
            (346, true),
            (347, false),
            (400, false),
        ] {
            assert_eq!(
                on_the_23rd.contains(&specs[i].id),
                inside,
                "{label}: entry {i} at {} is {}on 23 November",
                specs[i].at,
                if inside { "" } else { "not " }
            );
        }
        let on_the_24th = ids(&walk(&ctx, &day("2026-11-24", "2026-11-24"), 50).await);
        assert!(
            on_the_24th.contains(&specs[400].id),
            "{label}: entry 400 is on the 24th, with the entry before it"
        );
    })
    .await;
}

#[tokio::test]
async fn audit_filter_refuses_bad_days_on_their_field() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        for (filter, field) in [
            (
                AuditFilter {
                    from: Some("2026-02-30".into()),
                    ..AuditFilter::default()
                },
                "from",
            ),
            (
                AuditFilter {
                    to: Some("24/11/2026".into()),
                    ..AuditFilter::default()
                },
                "to",
            ),
            (
                AuditFilter {
                    from: Some("2026-11-25".into()),
                    to: Some("2026-11-24".into()),
                    ..AuditFilter::default()
                },
                "to",
            ),
            (
                AuditFilter {
                    entity_id: Some(3),
                    ..AuditFilter::default()
                },
                "entity_id",
            ),
        ] {
            let error = ApiError::from(
                audit::page(&ctx, &filter)
                    .await
                    .expect_err("the filter is refused"),
            );
            assert_eq!(error.code, ErrorCode::Validation, "{label}: {filter:?}");
            assert_eq!(
                error
                    .fields
                    .iter()
                    .map(|f| f.field.as_str())
                    .collect::<Vec<_>>(),
                vec![field],
                "{label}: {filter:?} is refused on `{field}` alone: {error:?}"
            );
            let export = audit::export_csv(&ctx, &filter, Vec::new()).await;
            assert!(
                matches!(export, Err(tikbill_core::CoreError::Validation { .. })),
                "{label}: the export refuses it too"
            );
        }
        let error = ApiError::from(
            audit::page(
                &ctx,
                &AuditFilter {
                    from: Some("yesterday".into()),
                    ..AuditFilter::default()
                },
            )
            .await
            .expect_err("refused"),
        );
        assert_eq!(
            error.field("from"),
            Some("'yesterday' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-24"),
            "{label}"
        );
    })
    .await;
}

/// The CSV read back: the header, and each record's nine fields.
fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    let records = reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_string).collect())
        .collect();
    (header, records)
}

fn as_csv_fields(entry: &AuditEntryView) -> Vec<String> {
    vec![
        entry.id.to_string(),
        entry.at.clone(),
        entry.actor.clone(),
        entry.origin.clone(),
        entry.action.clone(),
        entry.entity_kind.clone(),
        entry.entity_id.map(|id| id.to_string()).unwrap_or_default(),
        entry.before.clone().unwrap_or_default(),
        entry.after.clone().unwrap_or_default(),
    ]
}

#[tokio::test]
async fn audit_csv_export_reads_back_field_for_field() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let mut out = Vec::new();
        let written = audit::export_csv(&ctx, &AuditFilter::default(), &mut out)
            .await
            .expect("an empty export");
        assert_eq!(written, 0, "{label}");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "id,at,actor,origin,action,entity_kind,entity_id,before,after\n",
            "{label}: an empty log is the header alone"
        );

        let (specs, people) = fill(&ctx, &db).await;
        // More entries than one read of the export (1,000): the export reads page after page.
        let txn = db::begin_write(&db).await.expect("begin");
        for n in 0..600 {
            audit::record(
                &txn,
                AuditEntry {
                    at: instant(25, 9, 0, 0),
                    staff_id: None,
                    actor: "cli".into(),
                    origin: "cli".into(),
                    action: "customer.import".into(),
                    entity_kind: "customer".into(),
                    entity_id: Some(1000 + n),
                    before: None,
                    after: Some(json!({"username": format!("imported{n}")})),
                },
            )
            .await
            .expect("recorded");
        }
        txn.commit().await.expect("commit");
        let everything = walk(&ctx, &AuditFilter::default(), 500).await;
        assert_eq!(everything.len(), ENTRIES + 600);

        let mut out = Vec::new();
        // `limit` is not the export's: every entry is written.
        let all = AuditFilter {
            limit: Some(3),
            ..AuditFilter::default()
        };
        let written = audit::export_csv(&ctx, &all, &mut out)
            .await
            .expect("the export");
        assert_eq!(written, everything.len() as u64, "{label}: rows written");
        let (header, records) = read_back(&out);
        assert_eq!(header, audit::CSV_COLUMNS, "{label}");
        assert_eq!(
            records,
            everything.iter().map(as_csv_fields).collect::<Vec<_>>(),
            "{label}: every field reads back as it was, newest first"
        );
        let awkward_row = records
            .iter()
            .find(|r| r[0] == specs[5].id.to_string())
            .expect("entry 5 is there");
        assert_eq!(
            awkward_row[2], "staff:ayu, \"Cici\"\nsecond line",
            "{label}"
        );
        assert_eq!(awkward_row[3], "app on host kasir-1, ruang \"depan\"");
        let note: Value = serde_json::from_str(&awkward_row[7]).expect("the before JSON");
        assert_eq!(note["note"], "said \"hi\", left\nearly", "{label}");
        assert_eq!(awkward_row[8], "", "{label}: no after is an empty field");
        let crlf = records
            .iter()
            .find(|r| r[0] == specs[6].id.to_string())
            .expect("entry 6 is there");
        assert_eq!(
            crlf[2], "agent@office-pc\r\n",
            "{label}: CR LF inside a field"
        );
        assert_eq!(crlf[3], "agent, ünïcode ✓", "{label}");

        // A filter narrows the export; `before_id` is where it starts.
        let filter = AuditFilter {
            staff_id: people[0],
            before_id: Some(specs[300].id),
            ..AuditFilter::default()
        };
        let mut out = Vec::new();
        let written = audit::export_csv(&ctx, &filter, &mut out)
            .await
            .expect("the export");
        let (_, records) = read_back(&out);
        let want = expected(&specs, |s| s.who == 0 && s.id < specs[300].id);
        assert_eq!(written, want.len() as u64, "{label}");
        assert_eq!(
            records
                .iter()
                .map(|r| r[0].parse::<i64>().expect("an id"))
                .collect::<Vec<_>>(),
            want,
            "{label}: ayu's entries older than entry 300"
        );
    })
    .await;
}
