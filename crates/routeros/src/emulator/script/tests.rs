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
