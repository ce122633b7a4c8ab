//! Replies too large to be real: the connection closes with a typed error, fast, and every
//! pending command learns why.

use std::time::{Duration, Instant};

use tikbill_routeros::emulator::Fault;
use tikbill_routeros::limits::MAX_SENTENCE_WORDS;
use tikbill_routeros::{Client, Command, Error, Oversize, ProtocolError, ReplyLimits};

use crate::support::{connect, options, router};

fn too_large(oversize: Oversize) -> Option<Error> {
    Some(Error::Protocol(ProtocolError::TooLarge(oversize)))
}

#[tokio::test]
async fn an_endless_sentence_fails_every_pending_command_fast() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    emulator.set_fault(Some(Fault::EndlessSentence));
    let started = Instant::now();
    let identity = client.send(Command::new("/system/identity/print")).unwrap();
    let users = client.send(Command::new("/ip/hotspot/user/print")).unwrap();
    let expected = too_large(Oversize::SentenceWords {
        max: MAX_SENTENCE_WORDS,
    });
    assert_eq!(
        identity.reply().await.err(),
        expected,
        "a sentence of endless 1 KiB words is refused at the word limit (2 MB in), not buffered"
    );
    assert_eq!(
        users.reply().await.err(),
        expected,
        "every pending command fails with the same reason"
    );
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "it fails within a second, well under the 5 s command limit; took {took:?}"
    );
    assert!(client.is_closed(), "the connection is closed");
    let message = expected.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.starts_with("The router sent a reply too large to be real (a sentence of more"),
        "the message says what happened: {message}"
    );
}

#[tokio::test]
async fn more_rows_than_the_limit_close_the_connection() {
    let emulator = router().await;
    let limits = ReplyLimits {
        max_reply_rows: 10,
        ..ReplyLimits::default()
    };
    let client = Client::connect(&options(&emulator).with_reply_limits(limits))
        .await
        .unwrap();
    let mut stream = client
        .listen(Command::new("/ip/hotspot/user/listen"))
        .unwrap();
    client
        .run(Command::new("/system/identity/print"))
        .await
        .unwrap();
    let adds = (0..11).map(|n| {
        Command::new("/ip/hotspot/user/add")
            .attr("name", format!("u{n}"))
            .attr("password", "p")
    });
    for result in client.run_many(adds, 64).await {
        result.unwrap();
    }
    for n in 0..11 {
        let row = stream.next().await.unwrap().unwrap();
        assert_eq!(
            row.get("name"),
            Some(format!("u{n}").as_str()),
            "a stream hands rows over one by one and is not held to the reply limit"
        );
    }
    let print = Command::new("/ip/hotspot/user/print").proplist(["name"]);
    assert_eq!(
        client.run(print).await.err(),
        too_large(Oversize::ReplyRows { max: 10 }),
        "an 11-row reply is refused when 10 are allowed"
    );
    assert!(client.is_closed(), "the connection is closed with it");
}
