//! Search, filters and paging, checked against an in-memory model of 250 customers.

use super::*;

struct Expected {
    username: String,
    full_name: String,
    phone: Option<String>,
    router_id: i64,
    profile_id: i64,
    status: CustomerStatus,
    expires_at: Option<DateTime<Utc>>,
}

const NAMES: [&str; 5] = [
    "Ayu Lestari",
    "Budi Santoso",
    "Citra Dewi",
    "Dedi Kurniawan",
    "Eka Putri",
];

/// 250 customers: alternating routers, profiles in turn; every 5th pending, every 10th (from
/// 3) disabled, every 10th (from 7) activated 40 days ago and expired by the agent, the rest
/// activated now.
async fn many(ctx: &Context, clock: &FixedClock, o: &Office) -> Vec<Expected> {
    let now = clock.now();
    let ago = now - Duration::days(40);
    let mut expected = Vec::new();
    let mut ids = Vec::new();
    for i in 0..250usize {
        let router_id = [o.tower1, o.tower2][i % 2];
        let (profile_id, days) = [(o.daily, 1), (o.weekly, 7), (o.monthly, 30)][i % 3];
        let name = format!("{} {i:03}", NAMES[i % 5]);
        let mut form = input(&format!("user{i:03}"), &name, router_id, profile_id);
        if i % 2 == 0 {
            form.phone = format!("+62 812 {i:04}");
        }
        // E-mail is not searched: every Ayu has a Budi address.
        if i % 5 == 0 {
            form.email = "budi@example.com".into();
        }
        let created = add(ctx, form).await;
        ids.push(created.id);
        let (status, expires_at) = match (i % 5, i % 10) {
            (0, _) => (Pending, None),
            (_, 3) => (Disabled, Some(now + Duration::days(days))),
            (_, 7) => (Expired, Some(ago + Duration::days(days))),
            _ => (Active, Some(now + Duration::days(days))),
        };
        expected.push(Expected {
            username: created.username,
            full_name: created.full_name,
            phone: created.phone,
            router_id,
            profile_id,
            status,
            expires_at,
        });
    }
    clock.advance(-Duration::days(40));
    for (id, e) in ids.iter().zip(&expected) {
        if e.status == Expired {
            let done = customer::activate(ctx, *id).await;
            done.expect("activate 40 days ago");
        }
    }
    clock.advance(Duration::days(40));
    for (id, e) in ids.iter().zip(&expected) {
        if matches!(e.status, Active | Disabled) {
            let done = customer::activate(ctx, *id).await;
            done.expect("activate now");
        }
        if e.status == Disabled {
            let done = customer::disable(ctx, *id).await;
            done.expect("disable");
        }
    }
    let expired = customer::expire_due(ctx).await.expect("expire");
    assert_eq!(expired.len(), 25, "every 10th from 7 ran out");
    expected
}

/// What the test's model says `filter` lists at `now`: (total, the page's user names).
fn model(all: &[Expected], filter: &CustomerFilter, now: DateTime<Utc>) -> (u64, Vec<String>) {
    let needle = filter.search.trim().to_lowercase();
    let found = |text: &str| text.to_lowercase().contains(&needle);
    let ends_within = |e: &Expected, days: u32| {
        let until = now + Duration::days(i64::from(days));
        e.status == Active && e.expires_at.is_some_and(|t| t > now && t <= until)
    };
    let mut hits: Vec<&Expected> = all
        .iter()
        .filter(|e| {
            found(&e.username) || found(&e.full_name) || found(e.phone.as_deref().unwrap_or(""))
        })
        .filter(|e| filter.status.is_none_or(|s| e.status == s))
        .filter(|e| filter.router_id.is_none_or(|r| e.router_id == r))
        .filter(|e| filter.profile_id.is_none_or(|p| e.profile_id == p))
        .filter(|e| {
            filter
                .expiring_within_days
                .is_none_or(|d| ends_within(e, d))
        })
        .collect();
    hits.sort_by(|a, b| a.username.cmp(&b.username));
    let size = match filter.page_size {
        0 => 50,
        n => n.min(200),
    } as usize;
    let skip = (filter.page.max(1) as usize - 1) * size;
    let page = hits.iter().skip(skip).take(size);
    let page = page.map(|e| e.username.clone()).collect();
    (hits.len() as u64, page)
}

#[tokio::test]
async fn search_filters_and_pages_over_250_customers() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let o = office(&ctx).await;
        let all = many(&ctx, &clock, &o).await;
        let now = clock.now();
        let cases: Vec<(CustomerFilter, u64, &str)> = vec![
            (filter(|_| ()), 250, "everyone, first page of 50"),
            (
                filter(|f| (f.page, f.page_size) = (3, 100)),
                250,
                "the last, short page",
            ),
            (
                filter(|f| f.page = 99),
                250,
                "past the end: no rows, yet a total",
            ),
            (filter(|f| f.page_size = 1000), 250, "a page is at most 200"),
            (filter(|f| f.status = Some(Pending)), 50, "every 5th"),
            (
                filter(|f| f.status = Some(Active)),
                150,
                "activated now, not disabled",
            ),
            (
                filter(|f| f.status = Some(Expired)),
                25,
                "activated 40 days ago",
            ),
            (
                filter(|f| f.status = Some(Disabled)),
                25,
                "disabled after activation",
            ),
            (
                filter(|f| f.router_id = Some(o.tower2)),
                125,
                "odd ones on Tower 2",
            ),
            (
                filter(|f| f.profile_id = Some(o.weekly)),
                83,
                "every 3rd from 1",
            ),
            (
                filter(|f| f.expiring_within_days = Some(7)),
                100,
                "active daily and weekly plans; ending at exactly 7 days counts",
            ),
            (
                filter(|f| f.expiring_within_days = Some(6)),
                50,
                "only the daily plans end within 6 days",
            ),
            (
                filter(|f| f.expiring_within_days = Some(0)),
                0,
                "nothing ends within no time",
            ),
            (
                filter(|f| f.search = "budi".into()),
                50,
                "a first name; e-mail addresses are not searched",
            ),
            (
                filter(|f| f.search = " SANTOSO ".into()),
                50,
                "any letter case, trimmed",
            ),
            (
                filter(|f| f.search = "USER01".into()),
                10,
                "a user name fragment",
            ),
            (
                filter(|f| f.search = "812 0042".into()),
                1,
                "a phone fragment",
            ),
            (
                filter(|f| f.search = "yu".into()),
                50,
                "two characters are searched without the trigram index, alike",
            ),
            (
                filter(|f| f.search = "7".into()),
                43,
                "one character: every user name and phone holding a 7",
            ),
            (
                filter(|f| f.search = "us".into()),
                250,
                "two characters most rows hold: the first page in user-name order",
            ),
            (
                filter(|f| (f.search, f.page) = ("us".into(), 5)),
                250,
                "and its last page, from rows read in table order and sorted",
            ),
            (
                filter(|f| {
                    f.search = "lestari".into();
                    f.router_id = Some(o.tower2);
                }),
                25,
                "the trigram index and a filter together",
            ),
            (filter(|f| f.search = "%".into()), 0, "% is no wildcard"),
            (filter(|f| f.search = "_".into()), 0, "_ is no wildcard"),
            (
                filter(|f| {
                    f.search = "eka".into();
                    f.status = Some(Active);
                    f.router_id = Some(o.tower1);
                    f.profile_id = Some(o.monthly);
                }),
                8,
                "every criterion narrows",
            ),
        ];
        for (filter, total, why) in cases {
            let got = customer::list(&ctx, &filter).await.expect("list");
            let (model_total, model_page) = model(&all, &filter, now);
            assert_eq!(
                (got.total, model_total),
                (total, total),
                "{label}: the service and the test's model count: {why}"
            );
            let page: Vec<String> = got.items.iter().map(|c| c.username.clone()).collect();
            assert_eq!(
                page, model_page,
                "{label}: the page's rows, by user name: {why}"
            );
            assert_eq!(got.page, filter.page.max(1), "{label}: {why}");
        }
        let capped = customer::list(&ctx, &filter(|f| f.page_size = 1000)).await;
        let capped = capped.expect("list");
        assert_eq!(
            (capped.page_size, capped.items.len()),
            (200, 200),
            "{label}: the applied page size is reported"
        );
        let one = customer::list(&ctx, &filter(|f| f.search = "812 0042".into())).await;
        let one = &one.expect("list").items[0];
        assert_eq!(
            (
                one.username.as_str(),
                one.profile_name.as_str(),
                one.router_name.as_str()
            ),
            ("user042", "Daily", "Tower 1"),
            "{label}: every row comes with its router and profile names"
        );
    })
    .await;
}
