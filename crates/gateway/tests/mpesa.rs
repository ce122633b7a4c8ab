mod common;

use std::str::FromStr;

use common::{at, fixture, settings};
use rust_decimal::Decimal;
use serde_json::json;
use tikbill_gateway::mpesa::{self, C2bReject, QueryAnswer, ResponseType, StkPush};
use tikbill_gateway::{
    parse, verify, Delivery, GatewayName, Hook, Outcome, ParseError, RequestError,
};

fn stk(body: &str) -> Result<tikbill_gateway::Event, ParseError> {
    parse(
        Hook::Stk,
        &Delivery {
            headers: &[],
            body: body.as_bytes(),
        },
    )
}

fn callback(code: serde_json::Value, desc: &str, items: serde_json::Value) -> String {
    json!({"Body": {"stkCallback": {
        "MerchantRequestID": "29115-34620561-1", "CheckoutRequestID": "ws_CO_191220191020363925",
        "ResultCode": code, "ResultDesc": desc, "CallbackMetadata": {"Item": items}
    }}})
    .to_string()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

#[test]
fn documented_stk_success() {
    let body = fixture("mpesa/stk_success.json");
    let delivery = Delivery {
        headers: &[],
        body: &body,
    };
    let event = parse(Hook::Stk, &delivery).expect("parse");
    assert_eq!(event.gateway, GatewayName::Mpesa);
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("NLJ7RT61SV"));
    assert_eq!(
        event.request_id.as_deref(),
        Some("ws_CO_191220191020363925")
    );
    assert_eq!(event.amount, Some(dec("1")));
    assert_eq!(event.currency.as_deref(), Some("KES"));
    assert_eq!(event.phone.as_deref(), Some("254708374149"));
    let s = settings(
        GatewayName::Mpesa,
        json!({"consumer_key": "k", "consumer_secret": "s", "shortcode": 174379, "passkey": "p"}),
    );
    assert_eq!(
        verify(Hook::Stk, &delivery, &s, at(2026, 1, 1, 0, 0, 0), None),
        Ok(())
    );
}

#[test]
fn items_by_name_in_any_order_with_amount_spellings() {
    for amount in [json!(1), json!(1.00), json!("1.00"), json!("1")] {
        let items = json!([
            {"Name": "PhoneNumber", "Value": 254708374149u64},
            {"Name": "Balance"},
            {"Name": "TransactionDate", "Value": 20191219102115u64},
            {"Name": "MpesaReceiptNumber", "Value": "NLJ7RT61SV"},
            {"Name": "Amount", "Value": amount},
        ]);
        let event = stk(&callback(json!(0), "ok", items)).expect("parse");
        assert_eq!(event.amount, Some(dec("1")), "amount {amount}");
        assert_eq!(event.reference.as_deref(), Some("NLJ7RT61SV"));
    }
}

#[test]
fn big_numbers_are_exact() {
    let body = r#"{"Body":{"stkCallback":{"CheckoutRequestID":"ws_1","ResultCode":"0","ResultDesc":"x",
        "CallbackMetadata":{"Item":[{"Name":"Amount","Value":1234567.89},{"Name":"MpesaReceiptNumber","Value":"R1"},
        {"Name":"PhoneNumber","Value":254799999999999999999}]}}}}"#;
    let event = stk(body).expect("parse");
    assert_eq!(event.phone.as_deref(), Some("254799999999999999999"));
    assert_eq!(event.amount, Some(dec("1234567.89")));
}

#[test]
fn documented_result_codes_fail_with_their_wording() {
    for (code, wording) in [
        ("1032", "Request cancelled by user."),
        ("1037", "DS timeout user cannot be reached."),
        ("2001", "The initiator information is invalid."),
        ("1019", "Transaction has expired."),
        ("1", "The balance is insufficient for the transaction."),
        ("1025", "An error occurred while sending a push request."),
        ("9999", "An error occurred while sending a push request."),
    ] {
        // ResultCode as a number with an empty ResultDesc: the known wording is used.
        let number: u64 = code.parse().expect("code");
        let event = stk(&callback(json!(number), "", json!([]))).expect("parse");
        assert_eq!(
            event.outcome,
            Outcome::Failed {
                code: code.to_owned(),
                reason: wording.to_owned()
            }
        );
        assert_eq!(event.reference, None);
        // As a string with the gateway's own words: those words are kept.
        let event = stk(&callback(json!(code), "Their words", json!([]))).expect("parse");
        assert_eq!(
            event.outcome,
            Outcome::Failed {
                code: code.to_owned(),
                reason: "Their words".to_owned()
            }
        );
    }
    let body = fixture("mpesa/stk_cancelled.json");
    let event = parse(
        Hook::Stk,
        &Delivery {
            headers: &[],
            body: &body,
        },
    )
    .expect("parse");
    assert!(matches!(event.outcome, Outcome::Failed { ref code, .. } if code == "1032"));
    assert_eq!(
        event.request_id.as_deref(),
        Some("ws_CO_191220191020363925")
    );
}

#[test]
fn success_without_receipt_is_an_error() {
    let err = stk(&callback(
        json!(0),
        "ok",
        json!([{"Name": "Amount", "Value": 1}]),
    ))
    .expect_err("no receipt");
    assert_eq!(
        err,
        ParseError::Missing("CallbackMetadata MpesaReceiptNumber")
    );
    assert!(matches!(stk("{}"), Err(ParseError::Shape(_))));
    assert!(matches!(stk("not json"), Err(ParseError::NotJson(_))));
}

#[test]
fn c2b_confirmation_and_stk_share_the_reference() {
    let body = fixture("mpesa/c2b_confirmation.json");
    let event = parse(
        Hook::C2bConfirmation,
        &Delivery {
            headers: &[],
            body: &body,
        },
    )
    .expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("RKTQDM7W6S"));
    assert_eq!(event.account.as_deref(), Some("invoice008"));
    assert_eq!(event.amount, Some(dec("10")));
    assert_eq!(event.phone.as_deref(), Some("25470****149"));
    let validation = parse(
        Hook::C2bValidation,
        &Delivery {
            headers: &[],
            body: &body,
        },
    )
    .expect("parse");
    assert_eq!(validation.outcome, Outcome::Pending);

    let c2b = json!({"TransactionType": "Pay Bill", "TransID": "NLJ7RT61SV", "TransAmount": "1.00",
        "BillRefNumber": "alice", "MSISDN": "254708374149"})
    .to_string();
    let from_c2b = parse(
        Hook::C2bConfirmation,
        &Delivery {
            headers: &[],
            body: c2b.as_bytes(),
        },
    )
    .expect("c2b");
    let from_stk = parse(
        Hook::Stk,
        &Delivery {
            headers: &[],
            body: &fixture("mpesa/stk_success.json"),
        },
    )
    .expect("stk");
    assert_eq!(from_c2b.reference, from_stk.reference);
    assert_eq!(from_c2b.amount, from_stk.amount);
}

#[test]
fn answers() {
    assert_eq!(
        mpesa::ack(),
        br#"{"ResultCode":0,"ResultDesc":"Accepted"}"#.to_vec()
    );
    assert_eq!(
        mpesa::validation_answer(Ok(())),
        br#"{"ResultCode":"0","ResultDesc":"Accepted"}"#.to_vec()
    );
    assert_eq!(
        mpesa::validation_answer(Err(C2bReject::InvalidAccount)),
        br#"{"ResultCode":"C2B00012","ResultDesc":"Rejected"}"#.to_vec()
    );
    assert_eq!(C2bReject::Other.code(), "C2B00016");
}

#[test]
fn timestamp_and_password_by_hand() {
    // 07:20:36 UTC is 10:20:36 in Nairobi.
    let stamp = mpesa::timestamp(at(2019, 12, 19, 7, 20, 36));
    assert_eq!(stamp, "20191219102036");
    // base64("174379" + "passkey" + "20191219102036"), computed by hand.
    assert_eq!(
        mpesa::password("174379", "passkey", &stamp),
        "MTc0Mzc5cGFzc2tleTIwMTkxMjE5MTAyMDM2"
    );
    // Past midnight in Nairobi, still the day before in UTC.
    assert_eq!(
        mpesa::timestamp(at(2024, 2, 28, 22, 0, 0)),
        "20240229010000"
    );
}

fn daraja() -> tikbill_gateway::MpesaSettings {
    match settings(
        GatewayName::Mpesa,
        json!({"api_base": "http://127.0.0.1:9/", "consumer_key": "key", "consumer_secret": "secret", "shortcode": "174379", "passkey": "pk"}),
    ) {
        tikbill_gateway::GatewaySettings::Mpesa(s) => s,
        _ => unreachable!(),
    }
}

#[test]
fn oauth_and_stk_push_as_data() {
    let s = daraja();
    let req = mpesa::oauth_request(&s);
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.url,
        "http://127.0.0.1:9/oauth/v1/generate?grant_type=client_credentials"
    );
    assert_eq!(req.header("authorization"), Some("Basic a2V5OnNlY3JldA=="));
    let token = mpesa::parse_oauth(
        200,
        br#"{"access_token":"c9SQxWWhmdVRlyh0zh8gZDTkubVF","expires_in":"3599"}"#,
    )
    .expect("token");
    assert_eq!(token.expires_in_secs, 3599);

    let push = StkPush {
        phone: "0708 374 149".into(),
        amount: dec("10"),
        account_reference: "alice".into(),
        description: "Internet".into(),
        callback_url: "https://billing.example.com/hooks/t0k3n/stk".into(),
    };
    let now = at(2019, 12, 19, 7, 20, 36);
    let req = mpesa::stk_push_request(&s, "TOKEN", &push, now).expect("request");
    assert_eq!(
        req.url,
        "http://127.0.0.1:9/mpesa/stkpush/v1/processrequest"
    );
    assert_eq!(req.header("Authorization"), Some("Bearer TOKEN"));
    let body: serde_json::Value =
        serde_json::from_slice(req.body.as_deref().unwrap_or_default()).expect("json");
    assert_eq!(body["TransactionType"], "CustomerPayBillOnline");
    assert_eq!(body["Amount"], 10);
    assert_eq!(body["PartyA"], 254708374149u64);
    assert_eq!(body["PartyB"], 174379);
    assert_eq!(body["Timestamp"], "20191219102036");
    assert_eq!(
        body["Password"],
        mpesa::password("174379", "pk", "20191219102036")
    );

    let mut till = s.clone();
    till.till_number = Some("5566778".into());
    let req = mpesa::stk_push_request(&till, "T", &push, now).expect("request");
    let body: serde_json::Value =
        serde_json::from_slice(req.body.as_deref().unwrap_or_default()).expect("json");
    assert_eq!(body["TransactionType"], "CustomerBuyGoodsOnline");
    assert_eq!(body["PartyB"], 5566778);
    assert_eq!(body["BusinessShortCode"], 174379);

    let refused =
        |push: StkPush| mpesa::stk_push_request(&s, "T", &push, now).expect_err("refused");
    assert!(matches!(
        refused(StkPush {
            amount: dec("10.50"),
            ..push.clone()
        }),
        RequestError::Amount(..)
    ));
    assert!(matches!(
        refused(StkPush {
            amount: dec("0"),
            ..push.clone()
        }),
        RequestError::Amount(..)
    ));
    assert!(matches!(
        refused(StkPush {
            account_reference: "1234567890123".into(),
            ..push.clone()
        }),
        RequestError::TooLong { max: 12, .. }
    ));
    assert!(matches!(
        refused(StkPush {
            description: "12345678901234".into(),
            ..push.clone()
        }),
        RequestError::TooLong { max: 13, .. }
    ));
    assert!(matches!(
        refused(StkPush {
            callback_url: "https://x.example/mpesa/cb".into(),
            ..push.clone()
        }),
        RequestError::Url { .. }
    ));

    let accepted = mpesa::parse_stk_push(200, br#"{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResponseCode":"0","ResponseDescription":"Success. Request accepted for processing","CustomerMessage":"Success. Request accepted for processing"}"#).expect("accepted");
    assert_eq!(accepted.checkout_request_id, "ws_CO_191220191020363925");
    let err = mpesa::parse_stk_push(400, br#"{"requestId":"x","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid Amount"}"#).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "the gateway refused: 400.002.02: Bad Request - Invalid Amount"
    );
}

#[test]
fn stk_query_answers() {
    let s = daraja();
    let req = mpesa::stk_query_request(&s, "T", "ws_CO_1", at(2026, 1, 1, 0, 0, 0));
    assert_eq!(req.url, "http://127.0.0.1:9/mpesa/stkpushquery/v1/query");
    let processing = br#"{"requestId":"1","errorCode":"500.001.1001","errorMessage":"The transaction is being processed"}"#;
    assert_eq!(
        mpesa::parse_stk_query(500, processing),
        Ok(QueryAnswer::Processing)
    );
    let paid = br#"{"ResponseCode":"0","ResponseDescription":"The service request has been accepted successsfully","MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":"0","ResultDesc":"The service request is processed successfully."}"#;
    assert_eq!(
        mpesa::parse_stk_query(200, paid),
        Ok(QueryAnswer::Resolved(Outcome::Paid))
    );
    let cancelled = br#"{"ResponseCode":"0","ResponseDescription":"ok","ResultCode":"1032","ResultDesc":"Request cancelled by user"}"#;
    assert!(
        matches!(mpesa::parse_stk_query(200, cancelled), Ok(QueryAnswer::Resolved(Outcome::Failed { code, .. })) if code == "1032")
    );
    let other =
        br#"{"requestId":"1","errorCode":"500.001.1001","errorMessage":"Merchant does not exist"}"#;
    assert!(mpesa::parse_stk_query(500, other).is_err());
}

#[test]
fn c2b_registration() {
    let s = daraja();
    let req = mpesa::c2b_register_request(
        &s,
        "T",
        "https://b.example/hooks/t/c2b/confirmation",
        "https://b.example/hooks/t/c2b/validation",
        ResponseType::Completed,
    )
    .expect("request");
    assert_eq!(req.url, "http://127.0.0.1:9/mpesa/c2b/v1/registerurl");
    let body: serde_json::Value =
        serde_json::from_slice(req.body.as_deref().unwrap_or_default()).expect("json");
    assert_eq!(body["ResponseType"], "Completed");
    assert_eq!(body["ShortCode"], "174379");
    assert_eq!(mpesa::parse_c2b_register(200, br#"{"OriginatorCoversationID":"1","ResponseCode":"0","ResponseDescription":"success"}"#), Ok(()));
}

#[test]
fn phones() {
    for given in [
        "0712 345 678",
        "+254712345678",
        "712345678",
        "254712345678",
        "+254 712-345-678",
    ] {
        assert_eq!(
            mpesa::normalize_phone(given).as_deref(),
            Ok("254712345678"),
            "{given}"
        );
    }
    assert_eq!(
        mpesa::normalize_phone("0110 123 456").as_deref(),
        Ok("254110123456")
    );
    for bad in [
        "",
        "12345",
        "0812345678",
        "+1 555 123 4567",
        "07123456789",
        "07l2345678",
    ] {
        assert!(mpesa::normalize_phone(bad).is_err(), "{bad}");
    }
}
