use super::*;

fn words(text: &[&str]) -> Vec<Vec<u8>> {
    text.iter().map(|w| w.as_bytes().to_vec()).collect()
}

fn check(input: &[&str], expect: Result<ReplySentence, ReplyError>, why: &str) {
    assert_eq!(parse_reply(&words(input)), expect, "{why}");
}

fn tagged(tag: &str, kind: ReplyKind) -> Result<ReplySentence, ReplyError> {
    Ok(ReplySentence {
        tag: Some(tag.to_owned()),
        kind,
    })
}

#[test]
fn replies_parse_into_typed_values() {
    let row: Row = [(".id", "*1"), ("name", "u1"), ("comment", "a=b")]
        .into_iter()
        .collect();
    check(
        &["!re", "=.id=*1", "=name=u1", "=comment=a=b", ".tag=3"],
        tagged("3", ReplyKind::Row(row)),
        "a row keeps its attributes in order; a value may hold '='",
    );
    check(
        &["!done", "=ret=*1A", ".tag=7"],
        tagged(
            "7",
            ReplyKind::Done {
                ret: Some("*1A".into()),
            },
        ),
        "real routers put .tag after the attributes",
    );
    check(
        &["!done", ".tag=7", "=ret=*1A"],
        tagged(
            "7",
            ReplyKind::Done {
                ret: Some("*1A".into()),
            },
        ),
        ".tag may also come first",
    );
    check(
        &["!done"],
        Ok(ReplySentence {
            tag: None,
            kind: ReplyKind::Done { ret: None },
        }),
        "an untagged !done with no ret",
    );
    check(
        &["!trap", "=category=2", "=message=interrupted", ".tag=9"],
        tagged(
            "9",
            ReplyKind::Trap {
                category: Some(TrapCategory::Interrupted),
                message: "interrupted".into(),
            },
        ),
        "a cancelled command's trap",
    );
    check(
        &[
            "!trap",
            "=message=failure: already have user with this name",
        ],
        Ok(ReplySentence {
            tag: None,
            kind: ReplyKind::Trap {
                category: None,
                message: "failure: already have user with this name".into(),
            },
        }),
        "a trap without category keeps RouterOS's message word for word",
    );
    check(
        &["!fatal", "session terminated on request"],
        Ok(ReplySentence {
            tag: None,
            kind: ReplyKind::Fatal {
                reason: "session terminated on request".into(),
            },
        }),
        "!fatal's reason is a plain word",
    );
    check(
        &["!empty", ".tag=1"],
        tagged("1", ReplyKind::Empty),
        "!empty",
    );
}

#[test]
fn protocol_violations_are_errors() {
    check(&[], Err(ReplyError::Empty), "no words");
    check(
        &["!bogus"],
        Err(ReplyError::UnknownType("!bogus".into())),
        "unknown reply type",
    );
    check(
        &["!re", "name=u1"],
        Err(ReplyError::UnexpectedWord {
            reply: "!re".into(),
            word: "name=u1".into(),
        }),
        "an attribute must start with '='",
    );
    check(
        &["!trap", "=category=8", "=message=x"],
        Err(ReplyError::BadCategory("8".into())),
        "categories stop at 7",
    );
}

#[test]
fn every_category_round_trips() {
    for number in 0..=7 {
        let category = TrapCategory::from_number(number).unwrap();
        assert_eq!(category.number(), number, "category {number}");
    }
    assert_eq!(TrapCategory::from_number(8), None, "8 is not a category");
}
