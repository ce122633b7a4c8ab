//! The raw command API against the emulator: add/print/set/remove, `=ret=`, traps.

use tikbill_routeros::{Command, Error, TrapCategory};

use crate::support::{connect, router};

const USERS: &str = "/ip/hotspot/user";

fn add_user(name: &str) -> Command {
    Command::new(format!("{USERS}/add"))
        .attr("name", name)
        .attr("password", "p")
}

#[tokio::test]
async fn add_print_set_remove() {
    let emulator = router().await;
    let client = connect(&emulator).await;

    let first = client.run(add_user("u1")).await.unwrap();
    let second = client.run(add_user("u2")).await.unwrap();
    assert_eq!(first.ret.as_deref(), Some("*1"), "add returns the new .id");
    assert_eq!(second.ret.as_deref(), Some("*2"), "ids increase");

    let print = Command::new(format!("{USERS}/print"))
        .proplist([".id", "name", "disabled"])
        .where_eq("name", "u2");
    let rows = client.run(print).await.unwrap().rows;
    assert_eq!(rows.len(), 1, "?name=u2 selects one user");
    let names: Vec<(&str, &str)> = rows[0].iter().collect();
    assert_eq!(
        names,
        [(".id", "*2"), ("name", "u2"), ("disabled", "false")],
        "=.proplist= gives exactly those properties, in that order"
    );

    let set = Command::new(format!("{USERS}/set"))
        .attr(".id", "*2")
        .attr("comment", "paid until Friday");
    client.run(set).await.unwrap();
    let stored = emulator.rows(USERS);
    assert_eq!(
        stored[1].get("comment"),
        Some("paid until Friday"),
        "set changed the router's state"
    );

    let remove = Command::new(format!("{USERS}/remove")).attr("numbers", "u1");
    client.run(remove).await.unwrap();
    let count = Command::new(format!("{USERS}/print")).attr("count-only", "");
    assert_eq!(
        client.run(count).await.unwrap().ret.as_deref(),
        Some("1"),
        "=numbers=<name> removed u1; count-only returns the count in ret"
    );
}

#[tokio::test]
async fn traps_carry_routeros_wording() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    client.run(add_user("dup")).await.unwrap();

    let cases = [
        (
            add_user("dup"),
            None,
            "failure: already have user with this name",
        ),
        (
            Command::new(format!("{USERS}/remove")).attr(".id", "*99"),
            Some(TrapCategory::MissingItemOrCommand),
            "no such item",
        ),
        (
            Command::new("/ip/hotspot/user/frobnicate"),
            Some(TrapCategory::MissingItemOrCommand),
            "no such command",
        ),
        (
            add_user("x").attr("profile", "gold"),
            Some(TrapCategory::ArgumentValue),
            "input does not match any value of profile",
        ),
    ];
    for (command, category, message) in cases {
        let path = command.path().to_owned();
        let error = client.run(command).await.err();
        assert_eq!(
            error,
            Some(Error::Trap {
                category,
                message: message.into()
            }),
            "{path} is refused with RouterOS's exact message"
        );
    }
    let shown = Error::Trap {
        category: None,
        message: "failure: already have user with this name".into(),
    }
    .to_string();
    assert!(
        shown.contains("already have user with this name"),
        "the router's words reach the person: {shown}"
    );
    assert!(
        !client.is_closed(),
        "traps are answers, not connection failures"
    );
}

#[tokio::test]
async fn ppp_secret_duplicates_use_their_own_wording() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let add = Command::new("/ppp/secret/add")
        .attr("name", "house-12")
        .attr("password", "x");
    client.run(add.clone()).await.unwrap();
    assert_eq!(
        client
            .run(add)
            .await
            .err()
            .as_ref()
            .and_then(Error::trap_message),
        Some("failure: secret with the same name already exists"),
        "PPP secrets trap with their own message"
    );
}
