//! `listen` streams and `/cancel`.

use std::time::Duration;

use tikbill_routeros::Command;

use crate::support::{connect, router};

#[tokio::test]
async fn listen_streams_changes_until_cancelled() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let mut changes = client
        .listen(Command::new("/ip/hotspot/user/listen"))
        .unwrap();
    // Let the listen reach the emulator before making the change it should report.
    client
        .run(Command::new("/system/identity/print"))
        .await
        .unwrap();
    let add = Command::new("/ip/hotspot/user/add")
        .attr("name", "watched")
        .attr("password", "p");
    client.run(add).await.unwrap();

    let row = tokio::time::timeout(Duration::from_secs(2), changes.next())
        .await
        .expect("the change is streamed within 2 s")
        .expect("the stream is still open")
        .unwrap();
    assert_eq!(
        row.get("name"),
        Some("watched"),
        "the added user is streamed"
    );

    changes.cancel().await.unwrap();
    let end = tokio::time::timeout(Duration::from_secs(2), changes.next())
        .await
        .expect("the cancelled stream ends promptly");
    assert!(
        end.is_none(),
        "trap category 2 + !done end the stream cleanly, not as an error: {end:?}"
    );
    assert!(
        client
            .run(Command::new("/system/identity/print"))
            .await
            .is_ok(),
        "the connection is still usable after the cancel"
    );
}

#[tokio::test]
async fn print_follow_only_is_a_stream_too() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let follow = Command::new("/ppp/secret/print")
        .attr("follow-only", "")
        .proplist([".id", "name"]);
    let mut changes = client.listen(follow).unwrap();
    client
        .run(Command::new("/system/identity/print"))
        .await
        .unwrap();
    let add = Command::new("/ppp/secret/add")
        .attr("name", "s1")
        .attr("password", "p");
    let id = client.run(add).await.unwrap().ret.unwrap();
    let remove = Command::new("/ppp/secret/remove").attr(".id", &id);
    client.run(remove).await.unwrap();

    let added = changes.next().await.unwrap().unwrap();
    let removed = changes.next().await.unwrap().unwrap();
    assert_eq!(added.get("name"), Some("s1"), "the add is streamed first");
    assert_eq!(
        (removed.get(".id"), removed.get(".dead")),
        (Some(id.as_str()), Some("true")),
        "a removal is streamed as .dead"
    );
    drop(changes);
    assert!(
        client
            .run(Command::new("/system/identity/print"))
            .await
            .is_ok(),
        "dropping a stream cancels it without harming the connection"
    );
}
