//! Running scripts against a router's tables: what they change, and where they stop.

use super::{bad, card_on_login, check, refused, syntax};
use crate::emulator::schema::{
    HOTSPOT_ACTIVE, HOTSPOT_USER, LOG, PPP_ACTIVE, PPP_SECRET, SCHEDULER,
};
use crate::emulator::script::{run, ScriptError};
use crate::emulator::state::RouterState;

/// A router with hotspot user alice (and bob), her session, PPP secret alice and her session,
/// and a scheduler entry.
fn router() -> RouterState {
    let mut state = RouterState::new("MikroTik".into());
    let rows: [(&str, &[(&str, &str)]); 6] = [
        (HOTSPOT_USER, &[("name", "alice")]),
        (HOTSPOT_USER, &[("name", "bob")]),
        (HOTSPOT_ACTIVE, &[("user", "alice")]),
        (PPP_SECRET, &[("name", "alice")]),
        (PPP_ACTIVE, &[("name", "alice")]),
        (SCHEDULER, &[("name", "tikbill-expire-hotspot-alice")]),
    ];
    for (menu, attributes) in rows {
        let table = state.table_mut(menu).expect("the emulator keeps this menu");
        table.insert(
            attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
    }
    state
}

/// `property` of every item of `menu`, in order.
fn column(state: &RouterState, menu: &str, property: &str) -> Vec<String> {
    let table = state.table(menu).expect("the emulator keeps this menu");
    table
        .rows()
        .iter()
        .map(|row| row.get(property).unwrap_or("-").to_owned())
        .collect()
}

#[test]
fn a_script_changes_the_tables_like_api_commands() {
    let mut state = router();
    let script = r#"/ip hotspot user disable [find where name="alice"]
/ip hotspot active remove [find where user="alice"]
/ppp secret disable [find where name="alice"]
/ppp active remove [find where name="alice"]
/system scheduler remove [find where name="tikbill-expire-hotspot-alice"]
:log info "alice expired""#;
    assert_eq!(run(&mut state, script, &[]), Ok(()));
    assert_eq!(
        column(&state, HOTSPOT_USER, "disabled"),
        ["true", "false"],
        "only alice is disabled"
    );
    assert_eq!(column(&state, PPP_SECRET, "disabled"), ["true"]);
    for menu in [HOTSPOT_ACTIVE, PPP_ACTIVE, SCHEDULER] {
        assert!(column(&state, menu, ".id").is_empty(), "{menu} is emptied");
    }
    assert_eq!(column(&state, LOG, "message"), ["alice expired"]);
    assert_eq!(column(&state, LOG, "topics"), ["script,info"]);

    let enable =
        r#"/ip/hotspot/user/enable [find name="alice"]; /ip hotspot user set bob comment="paid""#;
    assert_eq!(run(&mut state, enable, &[]), Ok(()));
    assert_eq!(column(&state, HOTSPOT_USER, "disabled"), ["false", "false"]);
    assert_eq!(column(&state, HOTSPOT_USER, "comment"), ["-", "paid"]);
}

#[test]
fn a_find_that_matches_nothing_does_nothing() {
    let mut state = router();
    let script =
        "/ip hotspot user disable [find name=carol]\n/ip hotspot user remove [find name=dave]";
    assert_eq!(run(&mut state, script, &[]), Ok(()), "no item is no error");
    assert_eq!(column(&state, HOTSPOT_USER, "disabled"), ["false", "false"]);
    let script = "/ip hotspot user disable [find disabled=no]";
    assert_eq!(run(&mut state, script, &[]), Ok(()));
    assert_eq!(
        column(&state, HOTSPOT_USER, "disabled"),
        ["true", "true"],
        "disabled=no finds disabled=false"
    );
}

#[test]
fn a_failing_statement_stops_the_script_there() {
    let mut state = router();
    let script = "/ip hotspot user disable alice\n/ip hotspot user disable carol\n/ip hotspot user disable bob";
    assert_eq!(
        run(&mut state, script, &[]),
        Err(ScriptError::Failed {
            line: 2,
            message: "no such item".into()
        })
    );
    assert_eq!(
        column(&state, HOTSPOT_USER, "disabled"),
        ["true", "false"],
        "alice (before the failure) is disabled, bob (after it) is not"
    );
    let script = "/ip hotspot user set alice profile=nonexistent";
    assert_eq!(
        run(&mut state, script, &[]),
        Err(ScriptError::Failed {
            line: 1,
            message: "input does not match any value of profile".into()
        })
    );
}

#[test]
fn a_script_that_does_not_compile_changes_nothing() {
    let mut state = router();
    let script = "/ip hotspot user disable alice\n/ip hotspot usr remove bob";
    assert_eq!(run(&mut state, script, &[]), Err(bad(2, "usr")));
    assert_eq!(
        column(&state, HOTSPOT_USER, "disabled"),
        ["false", "false"],
        "RouterOS reads the whole script first, so line 1 did not run either"
    );
}

fn as_user(user: &str) -> Vec<(String, String)> {
    vec![("user".into(), user.into())]
}

#[test]
fn the_card_on_login_script_adds_one_entry_per_card_whatever_the_interval() {
    for interval in ["1d", "5h", "7d", "1w2d", "30d"] {
        let mut state = router();
        let script = card_on_login(interval);
        assert_eq!(
            run(&mut state, &script, &as_user("K7M2QX")),
            Ok(()),
            "{interval}"
        );
        assert_eq!(
            run(&mut state, &script, &as_user("K7M2QX")),
            Ok(()),
            "{interval}"
        );
        assert_eq!(
            run(&mut state, &script, &as_user("P4W9ZT")),
            Ok(()),
            "{interval}"
        );
        let table = state.table(SCHEDULER).expect("the scheduler");
        let rows = table.rows();
        let cards: Vec<(&str, &str)> = rows
            .iter()
            .filter(|row| row.get("comment") == Some("tikbill: ends this card"))
            .map(|row| {
                (
                    row.get("name").unwrap_or(""),
                    row.get("interval").unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            cards,
            [
                ("tikbill-card-K7M2QX", interval),
                ("tikbill-card-P4W9ZT", interval)
            ],
            "{interval}: a second login of K7M2QX adds nothing"
        );
        assert_eq!(
            rows[1].get("on-event"),
            Some(
                "/ip hotspot user disable [find where name=\"K7M2QX\"]; \
                 /ip hotspot active remove [find where user=\"K7M2QX\"]; \
                 /system scheduler remove [find where name=\"tikbill-card-K7M2QX\"]"
            ),
            "{interval}: the user's name is put in when on-login runs, the quotes unescaped"
        );
        assert_eq!(
            run(&mut state, rows[1].get("on-event").unwrap_or(""), &[]),
            Ok(()),
            "{interval}: the entry's own script reads and runs"
        );
        assert_eq!(
            column(&state, HOTSPOT_USER, "disabled"),
            ["false", "false"],
            "K7M2QX is not among this router's users; alice and bob are untouched"
        );
    }
}

#[test]
fn variables_are_put_into_words_and_strings_and_escapes_keep_a_dollar() {
    let mut state = router();
    let variables: Vec<(String, String)> = [
        ("user", "alice"),
        ("address", "10.5.50.7"),
        ("mac-address", "AA:BB:CC:DD:EE:FF"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .into();
    let script = r#"/ip hotspot user set [find name=$user] comment=seen-$user-at-$address
:log info "$user from $"mac-address" paid \$5 \"cash\"\_\\"
:log info $"mac-address""#;
    assert_eq!(run(&mut state, script, &variables), Ok(()));
    assert_eq!(
        column(&state, HOTSPOT_USER, "comment"),
        ["seen-alice-at-10.5.50.7", "-"]
    );
    assert_eq!(
        column(&state, LOG, "message"),
        [
            r#"alice from AA:BB:CC:DD:EE:FF paid $5 "cash" \"#,
            "AA:BB:CC:DD:EE:FF"
        ]
    );
    assert_eq!(
        run(&mut state, ":log info $username", &variables),
        Err(syntax(1, "unknown variable $username")),
        "a variable the caller does not give stops the script before it runs"
    );
    assert_eq!(
        run(
            &mut state,
            "/ip hotspot user disable alice\n:log info $nobody",
            &[]
        ),
        Err(syntax(2, "unknown variable $nobody"))
    );
    assert_eq!(
        column(&state, HOTSPOT_USER, "disabled"),
        ["false", "false"],
        "so line 1 did not run"
    );
}

#[test]
fn conditions_compare_numbers_as_numbers_and_text_as_text() {
    for (condition, expect) in [
        ("10 > 9", "yes"),
        ("10 < 9", "no"),
        ("\"10\" = 10", "yes"),
        ("\"b\" > \"a\"", "yes"),
        ("\"abc\" != \"abc\"", "no"),
        ("9 <= 9", "yes"),
        ("8 >= 9", "no"),
        ("[:len \"four\"] = 4", "yes"),
        ("[:len [/ip hotspot user find]] = 2", "yes"),
        (
            "[:len [/ip hotspot user find where disabled=yes]] > 0",
            "no",
        ),
        ("[/system clock get date] = \"2025-01-01\"", "yes"),
        ("[/system clock get time] = \"00:00:00\"", "yes"),
    ] {
        let mut state = router();
        let script = format!(":if ({condition}) do={{:log info yes}} else={{:log info no}}");
        assert_eq!(run(&mut state, &script, &[]), Ok(()), "{condition}");
        assert_eq!(column(&state, LOG, "message"), [expect], "{condition}");
    }
}

#[test]
fn blocks_hold_statements_over_several_lines() {
    let mut state = router();
    let script = ":if ([:len [/ip hotspot user find name=carol]] = 0) do={\n\
                  /ip hotspot user add name=carol password=pw\n\
                  :log info added\n\
                  } else={ :log info \"already there\" }";
    assert_eq!(run(&mut state, script, &[]), Ok(()));
    assert_eq!(run(&mut state, script, &[]), Ok(()));
    assert_eq!(
        column(&state, HOTSPOT_USER, "name"),
        ["alice", "bob", "carol"]
    );
    assert_eq!(column(&state, LOG, "message"), ["added", "already there"]);
}

#[test]
fn a_failure_inside_a_block_stops_the_script() {
    let mut state = router();
    let script = ":if (1 = 1) do={\n/ip hotspot user disable alice\n/ip hotspot user add name=bob\n}\n/ip hotspot user disable bob";
    assert_eq!(
        run(&mut state, script, &[]),
        Err(ScriptError::Failed {
            line: 3,
            message: "failure: already have user with this name".into()
        })
    );
    assert_eq!(column(&state, HOTSPOT_USER, "disabled"), ["true", "false"]);
}

#[test]
fn add_is_checked_like_the_api_add() {
    check(
        "/system scheduler add name=x interval=1d on-event=\":log info hi\"",
        "add /system/scheduler name=x interval=1d on-event=:log info hi",
    );
    refused("/ip hotspot active add user=a", bad(1, "add"));
    refused("/log add message=x", bad(1, "log"));
    refused(
        "/system scheduler add name=x run-count=3",
        syntax(1, "unknown parameter run-count"),
    );
    refused("/system scheduler add x name=y", syntax(1, "unexpected x"));
    let mut state = router();
    assert_eq!(
        run(
            &mut state,
            "/ip hotspot user add name=carol profile=nope",
            &[]
        ),
        Err(ScriptError::Failed {
            line: 1,
            message: "input does not match any value of profile".into()
        })
    );
}
