use super::parse::{parse, ClockField, Expr, Statement, Verb};
use super::tokens::Part;
use super::{run, ScriptError};
use crate::emulator::schema::{
    HOTSPOT_ACTIVE, HOTSPOT_USER, LOG, PPP_ACTIVE, PPP_SECRET, SCHEDULER,
};
use crate::emulator::state::RouterState;

/// The statements of `source` in a short form (`disable /ip/hotspot/user find(name=alice)`),
/// one per line, or the error.
fn read(source: &str) -> Result<String, ScriptError> {
    let statements = parse(source)?;
    let lines: Vec<String> = statements.iter().map(statement).collect();
    Ok(lines.join("\n"))
}

fn statement(statement: &Statement) -> String {
    match statement {
        Statement::Log { topic, message, .. } => format!("log {topic} {:?}", expr(message)),
        Statement::If {
            condition,
            then,
            otherwise,
        } => {
            let block = |b: &[Statement]| b.iter().map(self::statement).collect::<Vec<_>>();
            let mut line = format!(
                "if ({} {} {}) do{{{}}}",
                expr(&condition.left),
                condition.operator,
                expr(&condition.right),
                block(then).join("; ")
            );
            if !otherwise.is_empty() {
                line.push_str(&format!(" else{{{}}}", block(otherwise).join("; ")));
            }
            line
        }
        Statement::Command(c) => {
            let verb = match c.verb {
                Verb::Enable => "enable",
                Verb::Disable => "disable",
                Verb::Remove => "remove",
                Verb::Set => "set",
                Verb::Add => "add",
            };
            let target = match &c.target {
                None => String::new(),
                Some(Expr::Find { menu, conditions }) if *menu == c.menu => {
                    format!(" find({})", conditions_of(conditions))
                }
                Some(Expr::Template(items)) => format!(" items({})", template(items)),
                Some(other) => format!(" {}", expr(other)),
            };
            let mut line = format!("{verb} {}{target}", c.menu);
            for (name, value) in &c.properties {
                line.push_str(&format!(" {name}={}", expr(value)));
            }
            line
        }
    }
}

fn conditions_of(conditions: &[(String, Expr)]) -> String {
    let conditions: Vec<String> = conditions
        .iter()
        .map(|(k, v)| format!("{k}={}", expr(v)))
        .collect();
    conditions.join(" ")
}

fn template(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.clone(),
            Part::Variable(name) => format!("${name}"),
        })
        .collect()
}

fn expr(expr: &Expr) -> String {
    match expr {
        Expr::Template(parts) => template(parts),
        Expr::Len(inner) => format!("len({})", self::expr(inner)),
        Expr::Find { menu, conditions } => format!("{menu} find({})", conditions_of(conditions)),
        Expr::Clock(ClockField::Date) => "clock(date)".into(),
        Expr::Clock(ClockField::Time) => "clock(time)".into(),
    }
}

fn check(source: &str, expect: &str) {
    assert_eq!(read(source), Ok(expect.to_owned()), "reading {source:?}");
}

fn refused(source: &str, expect: ScriptError) {
    assert_eq!(read(source), Err(expect), "reading {source:?}");
}

fn syntax(line: usize, reason: &str) -> ScriptError {
    ScriptError::Syntax {
        line,
        reason: reason.into(),
    }
}

fn bad(line: usize, name: &str) -> ScriptError {
    ScriptError::BadCommand {
        line,
        name: name.into(),
    }
}

#[test]
fn the_commands_tikbill_writes_are_read() {
    check(
        r#"/ip hotspot user disable [find where name="alice"]"#,
        "disable /ip/hotspot/user find(name=alice)",
    );
    check(
        r#"/ip hotspot user enable [find where name="alice"]"#,
        "enable /ip/hotspot/user find(name=alice)",
    );
    check(
        r#"/ip hotspot user remove [find where name="alice"]"#,
        "remove /ip/hotspot/user find(name=alice)",
    );
    check(
        r#"/ip hotspot active remove [find where user="alice"]"#,
        "remove /ip/hotspot/active find(user=alice)",
    );
    check(
        r#"/ppp secret disable [find where name="alice"]"#,
        "disable /ppp/secret find(name=alice)",
    );
    check(
        r#"/ppp active remove [find where name="alice"]"#,
        "remove /ppp/active find(name=alice)",
    );
    check(
        r#"/system scheduler remove [find where name="tikbill-expire-hotspot-alice"]"#,
        "remove /system/scheduler find(name=tikbill-expire-hotspot-alice)",
    );
}

#[test]
fn statements_joined_with_semicolons_as_tikbill_core_writes_them() {
    check(
        "/ip hotspot user disable [find where name=\"ayu\"]; \
         /ip hotspot active remove [find where user=\"ayu\"]; \
         /system scheduler remove [find where name=\"tikbill-expire-hotspot-ayu\"]",
        "disable /ip/hotspot/user find(name=ayu)\n\
         remove /ip/hotspot/active find(user=ayu)\n\
         remove /system/scheduler find(name=tikbill-expire-hotspot-ayu)",
    );
}

#[test]
fn the_other_spellings_are_read_too() {
    let disable = "disable /ip/hotspot/user find(name=alice)";
    check(r#"/ip hotspot user disable [find name="alice"]"#, disable);
    check(r#"/ip/hotspot/user disable [find name="alice"]"#, disable);
    check(r#"/ip/hotspot/user/disable [find name=alice]"#, disable);
    check(
        "/ip hotspot user disable [ find  where  name=alice ]",
        disable,
    );
    check(
        r#"/ip hotspot user disable "alice""#,
        "disable /ip/hotspot/user items(alice)",
    );
    check(
        "/ppp secret disable *1,*2",
        "disable /ppp/secret items(*1,*2)",
    );
    check(
        "/ip hotspot user profile remove [find name=week]",
        "remove /ip/hotspot/user/profile find(name=week)",
    );
    check(
        "/ip hotspot user remove profile",
        "remove /ip/hotspot/user items(profile)",
    );
    check(
        "/ip hotspot user disable [find where name=a and disabled=no]",
        "disable /ip/hotspot/user find(name=a disabled=no)",
    );
    check(
        "/ip hotspot user disable [find]",
        "disable /ip/hotspot/user find()",
    );
    check(
        r#"/ip hotspot user set [find name="a"] profile=expired comment="paid \"3\" \\ \4C""#,
        r#"set /ip/hotspot/user find(name=a) profile=expired comment=paid "3" \ L"#,
    );
    check(
        r#":log info "alice expired""#,
        r#"log info "alice expired""#,
    );
}

#[test]
fn statements_split_at_line_ends_and_semicolons() {
    check(
        "# expire alice\n/ppp secret disable [find name=a];/ppp active remove [find name=a]\r\n\n",
        "disable /ppp/secret find(name=a)\nremove /ppp/active find(name=a)",
    );
    check(
        "/ppp secret \\\n  disable [find name=a]",
        "disable /ppp/secret find(name=a)",
    );
    check("", "");
}

#[test]
fn what_the_emulator_cannot_run_is_refused_with_its_line() {
    refused("/ip hotspot usr disable [find]", bad(1, "usr"));
    refused("/ip hotspot user frobnicate [find]", bad(1, "frobnicate"));
    refused("\n/ip hotspot active disable [find]", bad(2, "disable"));
    refused("/log info [find]", bad(1, "log"));
    refused("ip hotspot user disable [find]", bad(1, "ip"));
    refused(":put hello", bad(1, ":put"));
    refused(":log shout hello", bad(1, "shout"));
    refused("/ip hotspot user disable [:find name=a]", bad(1, ":find"));
    refused(
        r#"/ip hotspot user disable [find where name="alice]"#,
        syntax(1, "a string is not closed with \""),
    );
    refused(
        "/ip hotspot user disable [find where name=alice",
        syntax(1, "[ is not closed with ]"),
    );
    refused(
        "/ip hotspot user disable [find where nmae=alice]",
        syntax(1, "unknown property nmae in find"),
    );
    refused(
        "/ip hotspot user disable [find where name~alice]",
        syntax(1, "find takes property=value conditions"),
    );
    refused(
        "/ip hotspot user disable",
        syntax(1, "disable needs the items"),
    );
    refused(
        "/ip hotspot user",
        syntax(1, "a command is missing after /ip/hotspot/user"),
    );
    refused("/ip hotspot", syntax(1, "a menu path is not a command"));
    refused(
        "/ip hotspot user disable [find] comment=x",
        syntax(1, "unknown parameter comment"),
    );
    refused(
        "/ip hotspot user set [find] uptime=1h",
        syntax(1, "unknown parameter uptime"),
    );
    refused("/ip hotspot user disable a b", syntax(1, "unexpected b"));
    refused(
        ":if (true) do={ /ppp secret disable a }",
        syntax(
            1,
            "a condition compares two values with =, !=, <, >, <= or >=",
        ),
    );
    refused(
        r#"/ppp secret disable "\q""#,
        syntax(1, "unknown escape \\q"),
    );
    refused(
        "/ppp secret disable a \\ b",
        syntax(1, "a backslash outside a string must end the line"),
    );
}

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

/// The `on-login` tikbill writes for cards lasting `interval` from the first login.
fn card_on_login(interval: &str) -> String {
    format!(
        r#":if ([:len [/system scheduler find where name="tikbill-card-$user"]] = 0) do={{/system scheduler add name="tikbill-card-$user" interval={interval} comment="tikbill: ends this card" on-event="/ip hotspot user disable [find where name=\"$user\"]; /ip hotspot active remove [find where user=\"$user\"]; /system scheduler remove [find where name=\"tikbill-card-$user\"]"}}"#
    )
}

fn as_user(user: &str) -> Vec<(String, String)> {
    vec![("user".into(), user.into())]
}

#[test]
fn the_card_on_login_script_is_read() {
    check(
        &card_on_login("1d"),
        "if (len(/system/scheduler find(name=tikbill-card-$user)) = 0) \
         do{add /system/scheduler name=tikbill-card-$user interval=1d \
         comment=tikbill: ends this card \
         on-event=/ip hotspot user disable [find where name=\"$user\"]; \
         /ip hotspot active remove [find where user=\"$user\"]; \
         /system scheduler remove [find where name=\"tikbill-card-$user\"]}",
    );
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

#[test]
fn what_the_interpreter_does_not_evaluate_is_refused() {
    refused(":local x 1", bad(1, ":local"));
    refused(":global x 1", bad(1, ":global"));
    refused(":foreach i in=[find] do={}", bad(1, ":foreach"));
    refused(
        ":log info $[/system clock get time]",
        syntax(
            1,
            "$ must be followed by a variable name (expressions after $ are not supported)",
        ),
    );
    refused(
        ":if (\"a\" . \"b\" = \"ab\") do={}",
        syntax(
            1,
            "a condition compares two values with =, !=, <, >, <= or >=",
        ),
    );
    refused(
        ":if (1 = 1 && 2 = 2) do={}",
        syntax(1, "a condition ends with )"),
    );
    refused(":if (1 = 1)", syntax(1, ":if needs do={…}"));
    refused(
        ":if (1 = 1) do=/ppp secret disable a",
        syntax(1, "do= and else= take a {block}"),
    );
    refused(
        ":if (1 = 1) do={ /ppp secret disable a",
        syntax(1, "{ is not closed with }"),
    );
    refused(":if (1 = 1) do={} do={}", syntax(1, "do= is given twice"));
    refused("}", syntax(1, "} without {"));
    refused(
        ":if (1 = 1) do={\n/ppp secret disable a\n/ppp secrt disable a\n}",
        bad(3, "secrt"),
    );
    refused(
        "[:len x]",
        syntax(1, "a statement starts with a menu path or a : command"),
    );
    refused(
        "$user",
        syntax(1, "a statement cannot start with a variable"),
    );
    refused(
        ":log info [find]",
        syntax(1, "find needs a menu: [/menu find …]"),
    );
    refused(":log info [/ip hotspot user print]", bad(1, "print"));
    refused(":log info [/system clock set time=x]", bad(1, "set"));
    refused(
        ":log info [/system clock get zone]",
        syntax(1, "/system clock get takes date or time"),
    );
    refused(":log info [:len x", syntax(1, "[ is not closed with ]"));
    refused(
        "/ppp secret disable [find] < 3",
        syntax(1, "expected end of command"),
    );
}
