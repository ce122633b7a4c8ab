//! Hotspot logins on the emulated router: who is refused and why, uptime counted while online,
//! and the limits that log a user out at the right moment.

use std::time::Duration;

use tikbill_routeros::emulator::{Emulator, HotspotLoginRefused};
use tikbill_routeros::{Client, Command};

use crate::support::{connect, router};

pub const MAC: &str = "AA:BB:CC:DD:EE:01";

/// Runs `path` with these attributes over the API.
pub async fn run(client: &Client, path: &str, attributes: &[(&str, &str)]) {
    let mut command = Command::new(path);
    for (name, value) in attributes {
        command = command.attr(name, value);
    }
    client
        .run(command)
        .await
        .unwrap_or_else(|e| panic!("{path} {attributes:?}: {e}"));
}

/// Hotspot user `name` (password = name) with these extra properties.
pub async fn add_user(client: &Client, name: &str, extra: &[(&str, &str)]) {
    let mut attributes = vec![("name", name), ("password", name)];
    attributes.extend_from_slice(extra);
    run(client, "/ip/hotspot/user/add", &attributes).await;
}

/// Property `property` of the item of `menu` where `key` is `value`, as print shows it.
pub async fn shown(
    client: &Client,
    menu: &str,
    (key, value): (&str, &str),
    property: &str,
) -> Option<String> {
    let print = Command::new(format!("{menu}/print")).where_eq(key, value);
    let rows = client.run(print).await.expect("the menu prints").rows;
    rows.first()
        .and_then(|row| row.get(property))
        .map(str::to_owned)
}

/// How many sessions `user` has.
pub async fn sessions(client: &Client, user: &str) -> usize {
    let print = Command::new("/ip/hotspot/active/print").where_eq("user", user);
    client.run(print).await.expect("sessions print").rows.len()
}

/// The router's hotspot log lines.
pub fn hotspot_log(emulator: &Emulator) -> Vec<String> {
    emulator
        .rows("/log")
        .iter()
        .filter(|row| row.get("topics") == Some("hotspot,account,info"))
        .filter_map(|row| {
            Some(format!(
                "{} {}",
                row.get("time")?.split(' ').nth(1)?,
                row.get("message")?
            ))
        })
        .collect()
}

const HOUR: u64 = 3_600;

fn hours(n: u64) -> Duration {
    Duration::from_secs(n * HOUR)
}

#[tokio::test]
async fn logins_are_refused_as_the_router_refuses_them() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    add_user(&client, "ayu", &[]).await;
    add_user(&client, "off", &[("disabled", "yes")]).await;
    let login =
        |user: &str, password: &str| emulator.hotspot_login(user, password, "10.5.50.7", MAC);

    assert_eq!(login("nobody", "x"), Err(HotspotLoginRefused::UnknownUser));
    assert_eq!(
        login("ayu", "wrong"),
        Err(HotspotLoginRefused::WrongPassword)
    );
    assert_eq!(login("off", "off"), Err(HotspotLoginRefused::Disabled));
    let id = login("ayu", "ayu").expect("the right password logs in");
    assert_eq!(
        login("ayu", "ayu"),
        Err(HotspotLoginRefused::TooManySessions),
        "the default profile shares a user with 1 session"
    );
    run(
        &client,
        "/ip/hotspot/user/profile/set",
        &[("numbers", "default"), ("shared-users", "2")],
    )
    .await;
    assert!(
        login("ayu", "ayu").is_ok(),
        "shared-users=2 lets a second device in"
    );
    assert_eq!(
        HotspotLoginRefused::WrongPassword.to_string(),
        "invalid username or password",
        "RouterOS does not tell which of the two was wrong"
    );

    let print = Command::new("/ip/hotspot/active/print").where_eq(".id", &id);
    let rows = client.run(print).await.unwrap().rows;
    let session: Vec<Option<&str>> = [
        "user",
        "address",
        "mac-address",
        "uptime",
        "bytes-in",
        "bytes-out",
        "login-by",
    ]
    .iter()
    .map(|p| rows[0].get(p))
    .collect();
    assert_eq!(
        session,
        [
            Some("ayu"),
            Some("10.5.50.7"),
            Some(MAC),
            Some("0s"),
            Some("0"),
            Some("0"),
            Some("http-chap")
        ]
    );
    assert_eq!(
        hotspot_log(&emulator),
        [
            "00:00:00 nobody (10.5.50.7): login failed: invalid username or password",
            "00:00:00 ayu (10.5.50.7): login failed: invalid username or password",
            "00:00:00 off (10.5.50.7): login failed: user is disabled",
            "00:00:00 ayu (10.5.50.7): logged in",
            "00:00:00 ayu (10.5.50.7): login failed: no more sessions are allowed for user",
            "00:00:00 ayu (10.5.50.7): logged in",
        ]
    );
}

#[tokio::test]
async fn usage_time_counts_only_while_online_and_ends_at_exactly_the_limit() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    add_user(&client, "card5h", &[("limit-uptime", "5h")]).await;
    let user = ("name", "card5h");

    emulator
        .hotspot_login("card5h", "card5h", "10.5.50.8", MAC)
        .unwrap();
    emulator.advance_clock(hours(3));
    assert_eq!(
        shown(&client, "/ip/hotspot/active", ("user", "card5h"), "uptime")
            .await
            .as_deref(),
        Some("3h"),
        "the session's uptime"
    );
    assert_eq!(emulator.hotspot_logout("card5h"), 1);
    emulator.advance_clock(hours(10));
    assert_eq!(
        shown(&client, "/ip/hotspot/user", user, "uptime")
            .await
            .as_deref(),
        Some("3h"),
        "time offline is not used"
    );

    emulator
        .hotspot_login("card5h", "card5h", "10.5.50.8", MAC)
        .unwrap();
    emulator.advance_clock(hours(2) - Duration::from_secs(1));
    assert_eq!(
        sessions(&client, "card5h").await,
        1,
        "4h59m59s used: still online"
    );
    assert_eq!(
        shown(&client, "/ip/hotspot/user", user, "uptime")
            .await
            .as_deref(),
        Some("4h59m59s")
    );
    // One jump well past the limit: the router logs her out at exactly 5h.
    emulator.advance_clock(hours(3));
    assert_eq!(
        sessions(&client, "card5h").await,
        0,
        "logged out at the limit"
    );
    assert_eq!(
        shown(&client, "/ip/hotspot/user", user, "uptime")
            .await
            .as_deref(),
        Some("5h"),
        "no uptime after the logout"
    );
    assert_eq!(
        emulator.hotspot_login("card5h", "card5h", "10.5.50.8", MAC),
        Err(HotspotLoginRefused::UptimeLimitReached)
    );
    assert_eq!(
        hotspot_log(&emulator),
        [
            "00:00:00 card5h (10.5.50.8): logged in",
            "03:00:00 card5h (10.5.50.8): logged out: user request",
            "13:00:00 card5h (10.5.50.8): logged in",
            "15:00:00 card5h (10.5.50.8): logged out: uptime limit reached",
            "17:59:59 card5h (10.5.50.8): login failed: uptime limit reached",
        ]
    );
}

#[tokio::test]
async fn a_traffic_limit_logs_out_and_refuses_the_next_login() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    add_user(&client, "data1k", &[("limit-bytes-total", "1000")]).await;
    emulator
        .hotspot_login("data1k", "data1k", "10.5.50.9", MAC)
        .unwrap();

    assert!(emulator.hotspot_traffic("data1k", 600, 300));
    assert_eq!(sessions(&client, "data1k").await, 1, "900 of 1000 bytes");
    assert_eq!(
        shown(
            &client,
            "/ip/hotspot/active",
            ("user", "data1k"),
            "bytes-in"
        )
        .await
        .as_deref(),
        Some("600")
    );
    assert!(emulator.hotspot_traffic("data1k", 50, 50));
    assert_eq!(
        sessions(&client, "data1k").await,
        0,
        "1000 bytes: logged out"
    );
    let user = ("name", "data1k");
    assert_eq!(
        (
            shown(&client, "/ip/hotspot/user", user, "bytes-in").await,
            shown(&client, "/ip/hotspot/user", user, "bytes-out").await
        ),
        (Some("650".into()), Some("350".into())),
        "the user's counters"
    );
    assert_eq!(
        emulator.hotspot_login("data1k", "data1k", "10.5.50.9", MAC),
        Err(HotspotLoginRefused::TrafficLimitReached)
    );
    assert!(
        !emulator.hotspot_traffic("data1k", 1, 1),
        "no session to count on"
    );
}

#[tokio::test]
async fn a_session_timeout_ends_the_session_but_not_the_user() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    run(
        &client,
        "/ip/hotspot/user/profile/add",
        &[("name", "2h"), ("session-timeout", "2h")],
    )
    .await;
    add_user(&client, "ayu", &[("profile", "2h")]).await;
    emulator
        .hotspot_login("ayu", "ayu", "10.5.50.7", MAC)
        .unwrap();
    emulator.advance_clock(hours(5));
    assert_eq!(sessions(&client, "ayu").await, 0);
    assert_eq!(
        hotspot_log(&emulator)[1],
        "02:00:00 ayu (10.5.50.7): logged out: session timeout"
    );
    assert!(
        emulator
            .hotspot_login("ayu", "ayu", "10.5.50.7", MAC)
            .is_ok(),
        "a new session may start"
    );
}

#[tokio::test]
async fn profile_scripts_run_at_login_and_logout_and_a_broken_one_is_logged() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let on_login = r#":log info "in: $user $username $address $"mac-address" $interface""#;
    let on_logout = r#":log info "out: $user""#;
    run(
        &client,
        "/ip/hotspot/user/profile/add",
        &[
            ("name", "logged"),
            ("on-login", on_login),
            ("on-logout", on_logout),
        ],
    )
    .await;
    run(
        &client,
        "/ip/hotspot/user/profile/add",
        &[("name", "broken"), ("on-login", "/ip hotspot usr remove x")],
    )
    .await;
    add_user(&client, "ayu", &[("profile", "logged")]).await;
    add_user(&client, "eko", &[("profile", "broken")]).await;

    emulator
        .hotspot_login("ayu", "ayu", "10.5.50.7", MAC)
        .unwrap();
    emulator.hotspot_logout("ayu");
    assert!(
        emulator
            .hotspot_login("eko", "eko", "10.5.50.8", MAC)
            .is_ok(),
        "a broken on-login does not undo the login"
    );
    assert_eq!(sessions(&client, "eko").await, 1);
    let scripts: Vec<(String, String)> = emulator
        .rows("/log")
        .iter()
        .filter(|row| row.get("topics").is_some_and(|t| t.starts_with("script")))
        .map(|row| {
            let field = |name| row.get(name).unwrap_or("").to_owned();
            (field("topics"), field("message"))
        })
        .collect();
    let expected = [
        ("script,info", format!("in: ayu ayu 10.5.50.7 {MAC} bridge-hotspot")),
        ("script,info", "out: ayu".to_owned()),
        (
            "script,error",
            "executing script from hotspot profile (broken) on-login failed: bad command name usr (line 1)".to_owned(),
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(t, m)| (t.to_owned(), m))
        .collect();
    assert_eq!(scripts, expected);
}
