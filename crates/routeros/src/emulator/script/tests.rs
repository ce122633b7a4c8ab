//! Reading scripts: what each one compiles to, and what is refused before anything runs
//! (running them is in `tests/running.rs`).

use super::parse::{parse, ClockField, Expr, Statement, Verb};
use super::tokens::Part;
use super::ScriptError;

mod running;

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

/// The `on-login` tikbill writes for cards lasting `interval` from the first login.
fn card_on_login(interval: &str) -> String {
    format!(
        r#":if ([:len [/system scheduler find where name="tikbill-card-$user"]] = 0) do={{/system scheduler add name="tikbill-card-$user" interval={interval} comment="tikbill: ends this card" on-event="/ip hotspot user disable [find where name=\"$user\"]; /ip hotspot active remove [find where user=\"$user\"]; /system scheduler remove [find where name=\"tikbill-card-$user\"]"}}"#
    )
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
