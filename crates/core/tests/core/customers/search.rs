//! Text search as `customer::list`'s documentation states it: literal characters, the letter-case
//! rule of each database, the trigram index and the scan of one or two characters giving the
//! same rows, and the index following every change (SQLite keeps it with triggers).

use sea_orm::ConnectionTrait;
use tikbill_migrations::{Migrator, MigratorTrait};

use super::*;

/// The migration that adds the trigram indexes.
const SEARCH_MIGRATION: &str = "m20261124_000010_customer_search";

/// The user names a search finds (all on one page), sorted, and the total it reports.
async fn found(db: &DatabaseConnection, now: DateTime<Utc>, search: &str) -> (Vec<String>, u64) {
    let ctx = context(db, &FixedClock::at(now));
    let page = customer::list(&ctx, &filter(|f| f.search = search.into())).await;
    let page = page.expect("list");
    let names = page.items.into_iter().map(|c| c.username).collect();
    (names, page.total)
}

/// Checks each (search, user names found, why) on `db`.
async fn check(db: &DatabaseConnection, label: &str, cases: &[(&str, &[&str], &str)]) {
    let now = clock().now();
    for (search, expect, why) in cases {
        let (names, total) = found(db, now, search).await;
        let expect: Vec<String> = expect.iter().map(|name| name.to_string()).collect();
        let expect_total = expect.len() as u64;
        assert_eq!(
            (names, total),
            (expect, expect_total),
            "{label}: search {search:?}: {why}"
        );
    }
}

/// On SQLite, FTS5's own check that `customers_search` holds exactly what `customers` says.
async fn search_index_is_in_step(db: &DatabaseConnection, label: &str) {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return;
    }
    let sql = "INSERT INTO customers_search (customers_search, rank) VALUES ('integrity-check', 1)";
    let checked = db.execute_unprepared(sql).await;
    checked.unwrap_or_else(|e| panic!("{label}: the search index matches the customers: {e}"));
}

#[tokio::test]
async fn special_characters_are_literal_and_letter_case_follows_the_database() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        for (username, full_name, phone) in [
            ("ab_cd", "Underscore One", ""),
            ("abxcd", "Underscore Two", ""),
            ("diskon1", "Diskon 50% Rina", ""),
            ("diskon2", "Diskon 500 Rina", ""),
            ("path1", r"C:\Budi", ""),
            ("quote1", r#"Ayu "Cici" Lestari"#, ""),
            ("emile1", "Émile Zola", ""),
            ("emile2", "émile zola", ""),
            ("dewi", "DEWI SARTIKA", "(021) 555-0199"),
        ] {
            let mut form = input(username, full_name, o.tower1, o.daily);
            form.phone = phone.into();
            add(&ctx, form).await;
        }
        let postgres = label == "postgres";
        let both_emiles: &[&str] = &["emile1", "emile2"];
        let cases: Vec<(&str, &[&str], &str)> = vec![
            ("b_c", &["ab_cd"], "_ is no wildcard (trigram index)"),
            ("_", &["ab_cd"], "_ is no wildcard (one character: scan)"),
            ("50%", &["diskon1"], "% is no wildcard (trigram index)"),
            (
                "0%",
                &["diskon1"],
                "% is no wildcard (two characters: scan)",
            ),
            ("%", &["diskon1"], "% alone finds only a %"),
            (r":\b", &["path1"], r"\ is no escape, and B is b"),
            (r"\", &["path1"], r"\ alone finds only a \"),
            (
                r#""cici""#,
                &["quote1"],
                "double quotes are plain characters",
            ),
            (r#"""#, &["quote1"], "a double quote alone"),
            ("dewi sart", &["dewi"], "ASCII letters in any case"),
            ("555-01", &["dewi"], "a phone fragment with its punctuation"),
            ("ab", &["ab_cd", "abxcd"], "two characters: scan"),
            ("mile zola", both_emiles, "the ASCII part in any case"),
            (
                "ÉMILE",
                if postgres { both_emiles } else { &["emile1"] },
                "PostgreSQL folds É to é; SQLite's LIKE matches É only as typed",
            ),
            (
                "émile",
                if postgres { both_emiles } else { &["emile2"] },
                "the same rule the other way round",
            ),
            ("zorro", &[], "nothing holds it"),
            ("dewidewi", &[], "no match across user name and full name"),
            ("sartika(021)", &[], "nor across full name and phone"),
            ("ti\u{1f}(0", &[], "nor with the separator typed in"),
        ];
        check(&db, label, &cases).await;
        search_index_is_in_step(&db, label).await;
    })
    .await;
}

#[tokio::test]
async fn the_search_follows_every_change_to_a_customer() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let mut tono = input("tono", "Tono Sugiarto", o.tower1, o.daily);
        tono.phone = "0812 111 222".into();
        let tono = add(&ctx, tono).await;
        add(&ctx, input("rina", "Rina Sugiarti", o.tower2, o.weekly)).await;
        check(
            &db,
            label,
            &[
                ("sugiart", &["rina", "tono"], "both, as created"),
                ("111 222", &["tono"], "by phone"),
            ],
        )
        .await;

        let mut edit = tono.to_input();
        edit.username = "tono.w".into();
        edit.full_name = "Tono Wijaya".into();
        edit.phone = "0813 999".into();
        let edited = customer::update(&ctx, tono.id, &edit).await;
        edited.expect("edit");
        let activated = customer::activate(&ctx, tono.id).await;
        activated.expect("activate");
        check(
            &db,
            label,
            &[
                ("sugiart", &["rina"], "the old name is forgotten"),
                ("111 222", &[], "and the old phone"),
                ("wijaya", &["tono.w"], "the new name is found"),
                ("0813 999", &["tono.w"], "and the new phone"),
                ("ono.w", &["tono.w"], "and the new user name"),
            ],
        )
        .await;

        customer::delete(&ctx, tono.id).await.expect("delete");
        check(
            &db,
            label,
            &[
                ("wijaya", &[], "a deleted customer is not found"),
                ("sugiart", &["rina"], "the others still are"),
            ],
        )
        .await;
        search_index_is_in_step(&db, label).await;
    })
    .await;
}

#[tokio::test]
async fn customers_saved_before_the_search_index_are_found_after_it() {
    on_each_database(|db, label| async move {
        // Saved by today's services (which write the audit log of a later migration), then the
        // schema goes back to before the search index, with the customers in it.
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let mut tono = input("tono", "Tono Sugiarto", o.tower1, o.daily);
        tono.phone = "0812 111 222".into();
        add(&ctx, tono).await;
        add(&ctx, input("rina", "Rina Sugiarti", o.tower2, o.weekly)).await;
        let applied = Migrator::get_applied_migrations(&db).await;
        let from_search = applied
            .expect("applied migrations")
            .iter()
            .filter(|m| m.name() >= SEARCH_MIGRATION)
            .count();
        let steps = u32::try_from(from_search).expect("a few migrations");
        let down = Migrator::down(&db, Some(steps)).await;
        down.expect("back to the schema before the search index");

        Migrator::up(&db, None)
            .await
            .expect("the search index is made");

        check(
            &db,
            label,
            &[
                (
                    "sugiart",
                    &["rina", "tono"],
                    "existing customers are indexed",
                ),
                ("111 222", &["tono"], "with their phones"),
            ],
        )
        .await;
        search_index_is_in_step(&db, label).await;
    })
    .await;
}
