//! Twilio's own shapes, typed (specs `pages_2010.yaml` and `shapes.yaml`),
//! and bodies as Twilio actually sends them: each is read without failing,
//! keeps what does not fit, and is written back equal.

use serde_json::{json, Value};
use twilio_constructs::{pages_2010, shapes, sids};
use twilio_runtime::{Endpoint, Page, Rfc2822DateTime};

const AC: &str = "AC0123456789abcdef0123456789abcdef";

/// A page of messages as the 2010 API writes them: paging beside the items,
/// dates in RFC 2822.
fn message_page() -> Value {
    json!({
        "messages": [
            {
                "body": "Hello! 👍",
                "num_segments": "1",
                "direction": "outbound-api",
                "from": "+14155552345",
                "to": "+14155552346",
                "date_updated": "Thu, 30 Jul 2015 20:12:33 +0000",
                "price": "-0.00750",
                "error_code": null,
                "num_media": "0",
                "sid": "SM0123456789abcdef0123456789abcdef",
                "account_sid": AC,
                "date_sent": "Thu, 30 Jul 2015 20:12:33 +0000",
                "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
                "price_unit": "USD",
                "api_version": "2010-04-01",
                "subresource_uris": {
                    "media": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef/Media.json"
                },
                "status_callback_method": "POST"
            },
            {
                "body": "A picture",
                "direction": "inbound",
                "sid": "MM0123456789abcdef0123456789abcdef",
                "date_created": "Fri, 31 Jul 2015 08:00:00 +0000",
                "num_media": "1"
            }
        ],
        "end": 1,
        "first_page_uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageSize=2&Page=0",
        "next_page_uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageSize=2&Page=1&PageToken=PASM0123456789abcdef0123456789abcdef",
        "page": 0,
        "page_size": 2,
        "previous_page_uri": null,
        "start": 0,
        "uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageSize=2&Page=0"
    })
}

#[test]
fn a_2010_page_reads_leads_to_the_next_page_and_writes_back_equal() {
    let body = serde_json::to_vec(&message_page()).unwrap();
    let page: Page<pages_2010::Message> =
        pages_2010::ListMessage::parse_response(200, &body).unwrap();
    assert_eq!(page.items.len(), 2);
    let first = &page.items[0];
    let created: Rfc2822DateTime = first.date_created.unwrap();
    assert_eq!(created.to_rfc3339(), "2015-07-30T20:12:31+00:00");
    assert_eq!(
        first.direction,
        Some(pages_2010::MessageDirection::OutboundApi)
    );
    assert_eq!(
        first.status_callback_method,
        Some(pages_2010::HttpMethod::Post)
    );
    let sms: sids::MessageSid = first.sid.unwrap();
    assert_eq!(&sms.as_str()[..2], "SM");
    assert_eq!(&page.items[1].sid.unwrap().as_str()[..2], "MM");
    assert_eq!((page.meta.start, page.meta.end), (Some(0), Some(1)));
    // Every value found its typed field.
    assert!(page.extra.is_empty() && page.items.iter().all(|m| m.extra.fields.is_empty()));
    // The next page, on the API's own host, from a relative `next_page_uri`.
    let next = page.next_page().unwrap().request().unwrap();
    assert_eq!(
        next.uri(),
        "https://api.example.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageSize=2&Page=1&PageToken=PASM0123456789abcdef0123456789abcdef"
    );
    // Written back: equal, dates byte for byte.
    assert_eq!(serde_json::to_value(&page).unwrap(), message_page());
    let text = serde_json::to_string(&page).unwrap();
    assert!(
        text.contains("\"Thu, 30 Jul 2015 20:12:31 +0000\""),
        "{text}"
    );
}

#[test]
fn nested_inline_objects_become_structs_named_after_their_owner() {
    let body = json!({
        "sid": "HN0123456789abcdef0123456789abcdef",
        "capabilities": {"mms": true, "sms": true, "voice": false},
        "status": "in-use",
        "address_requirements": {"country": "US", "local": {"required": true, "kind": "local"}},
        "prices": [{"prefixes": ["1415"], "base_price": "0.0075", "current_price": 0.007}],
        "carriers": {"att": 3, "verizon": 5},
        "settings": {"anything": [1, {"goes": true}]},
        "date_ported": "2026-02-28",
        "jitter_buffer_size": 40,
        "latitude": 37.77,
        "tags": ["a", "b"],
        "webhook_method": "GET"
    });
    let number: shapes::Number = serde_json::from_value(body.clone()).unwrap();
    let capabilities: shapes::PhoneNumberCapabilities = number.capabilities.clone().unwrap();
    assert_eq!(capabilities.voice, Some(false));
    let requirements: &shapes::NumberAddressRequirements =
        number.address_requirements.as_ref().unwrap();
    let local: &shapes::NumberAddressRequirementsLocal = requirements.local.as_ref().unwrap();
    assert_eq!(
        local.kind,
        Some(shapes::NumberAddressRequirementsLocalKind::Local)
    );
    // An object format with properties, in a list; `overrideType: string`
    // on a price declared as a number.
    let price: &shapes::OutboundPrefixPrice = &number.prices.as_ref().unwrap()[0];
    assert_eq!(price.base_price.as_deref(), Some("0.0075"));
    assert_eq!(price.current_price, Some(0.007));
    // `additionalProperties` with a type: a typed map; without: any object.
    assert_eq!(number.carriers.as_ref().unwrap()["verizon"], 5_i32);
    assert_eq!(
        number.settings.as_ref().unwrap()["anything"],
        json!([1, {"goes": true}])
    );
    assert_eq!(
        number.date_ported,
        chrono::NaiveDate::from_ymd_opt(2026, 2, 28)
    );
    let buffer: Option<i32> = number.jitter_buffer_size;
    assert_eq!(buffer, Some(40));
    assert_eq!(number.status, Some(shapes::NumberStatus::InUse));
    assert!(number.extra.is_empty());
    assert_eq!(serde_json::to_value(&number).unwrap(), body);
}

#[test]
fn a_json_body_is_sent_as_json_with_its_exact_bytes() {
    let request = shapes::CreateCampaign::new(
        "Spring sale",
        shapes::CreateCampaignSettings {
            mode: Some(shapes::CreateCampaignSettingsMode::Careful),
            limit: Some(10),
            ..Default::default()
        },
    )
    .tags(["promo", "spring"])
    .request()
    .unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        r#"{"Description":"Spring sale","Settings":{"Mode":"careful","Limit":10},"Tags":["promo","spring"]}"#
    );
    // A body that is a union is sent as the alternative it holds.
    let typing = shapes::CreateTypingIndicator::new(shapes::TypingIndicator::AppleTyping(
        shapes::AppleTyping {
            channel: Some(shapes::AppleTypingChannel::Apple),
            to: Some("urn:biz:1".into()),
            ..Default::default()
        },
    ))
    .request()
    .unwrap();
    assert_eq!(
        std::str::from_utf8(typing.body()).unwrap(),
        r#"{"channel":"APPLE","to":"urn:biz:1"}"#
    );
    assert_eq!(shapes::CreateTypingIndicator::SUCCESS_STATUS, 202);
}

#[test]
fn a_one_of_with_a_discriminator_reads_the_alternative_it_names() {
    let whatsapp: shapes::TypingIndicator = serde_json::from_value(json!({
        "channel": "WHATSAPP",
        "messageId": "SM0123456789abcdef0123456789abcdef"
    }))
    .unwrap();
    let shapes::TypingIndicator::WhatsAppTyping(inner) = &whatsapp else {
        panic!("{whatsapp:?}");
    };
    assert_eq!(&inner.message_id.unwrap().as_str()[..2], "SM");
    let apple: shapes::TypingIndicator =
        serde_json::from_value(json!({"channel": "APPLE", "to": "x"})).unwrap();
    assert!(matches!(apple, shapes::TypingIndicator::AppleTyping(_)));
    // A tag no alternative has: not this union.
    assert!(serde_json::from_value::<shapes::TypingIndicator>(json!({"channel": "SMS"})).is_err());
}

#[test]
fn a_one_of_without_a_discriminator_is_told_apart_by_required_fields() {
    let v2 = json!({
        "sid": "QE0123456789abcdef0123456789abcdef",
        "privacy_policy_url": "https://example.com/privacy",
        "terms_url": "https://example.com/terms"
    });
    let body = serde_json::to_vec(&v2).unwrap();
    let read = shapes::CreateCampaign::parse_response(201, &body).unwrap();
    assert!(
        matches!(read, shapes::CampaignResponse::CampaignV2(_)),
        "{read:?}"
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), v2);
    let v1 = json!({"sid": "QE0123456789abcdef0123456789abcdef", "description": "old"});
    let read: shapes::CampaignResponse = serde_json::from_value(v1.clone()).unwrap();
    assert!(
        matches!(read, shapes::CampaignResponse::Campaign(_)),
        "{read:?}"
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), v1);
}

#[test]
fn responses_by_ref_two_success_codes_and_a_redirect() {
    let body = br#"{"sid": "RE0123456789abcdef0123456789abcdef", "duration": 12}"#;
    let recording = shapes::FetchRecording::parse_response(200, body).unwrap();
    assert_eq!(recording.duration, Some(12));
    // Created or updated: both statuses are success.
    assert!(shapes::UpsertRecording::parse_response(200, body).is_ok());
    assert!(shapes::UpsertRecording::parse_response(201, body).is_ok());
    assert!(shapes::UpsertRecording::parse_response(404, b"{}").is_err());
    // Only a redirect is described: that is the success, with no body.
    assert_eq!(shapes::FetchRecordingMedia::SUCCESS_STATUS, 302);
    shapes::FetchRecordingMedia::parse_response(302, b"").unwrap();
}

/// One body for each way Twilio's responses were found to disagree with
/// its specs; each is read, keeps the value that does not fit, and is
/// written back equal.
#[test]
fn what_twilio_actually_sends_is_read_kept_and_written_back() {
    let base = || -> serde_json::Map<String, Value> {
        serde_json::from_value(json!({
            "sid": "HN0123456789abcdef0123456789abcdef",
            "status": "in-use",
            "jitter_buffer_size": 40,
            "latitude": 19.72,
            "tags": ["a"],
            "webhook_method": "POST"
        }))
        .unwrap()
    };
    let cases: [(&str, Value, &str); 7] = [
        (
            "null in a field that is never null",
            Value::Null,
            "jitter_buffer_size",
        ),
        ("a number sent as a string", json!("19.720000"), "latitude"),
        ("an empty id in a SID field", json!(""), "sid"),
        (
            "an id of another kind in a SID field",
            json!("VT12445353"),
            "sid",
        ),
        (
            "an object where the spec says array",
            json!({"0": "a"}),
            "tags",
        ),
        (
            "an enum value the spec lacks",
            json!("PATCH"),
            "webhook_method",
        ),
        (
            "a field the spec does not declare",
            json!({"x": [1]}),
            "brand_new_field",
        ),
    ];
    for (what, value, field) in cases {
        let mut body = base();
        body.insert(field.to_string(), value.clone());
        let body = Value::Object(body);
        let number: shapes::Number = serde_json::from_value(body.clone())
            .unwrap_or_else(|e| panic!("{what}: not read: {e}"));
        assert_eq!(serde_json::to_value(&number).unwrap(), body, "{what}");
        match field {
            "jitter_buffer_size" => assert_eq!(number.jitter_buffer_size, None, "{what}"),
            "webhook_method" => assert_eq!(
                number.webhook_method,
                Some(shapes::HttpMethod::Unknown("PATCH".into())),
                "{what}: kept by the enum itself"
            ),
            _ => assert_eq!(number.extra.get(field), Some(&value), "{what}"),
        }
        // The other fields are typed all the same.
        assert_eq!(number.status, Some(shapes::NumberStatus::InUse), "{what}");
    }
    // A declared field left out stays out.
    let mut body = base();
    body.remove("latitude");
    let number: shapes::Number = serde_json::from_value(Value::Object(body.clone())).unwrap();
    assert_eq!(number.latitude, None);
    assert_eq!(serde_json::to_value(&number).unwrap(), Value::Object(body));
}

#[test]
fn strict_where_values_are_built_by_hand() {
    // A SID built by hand is checked; a request's bounds are checked.
    assert!("VT12445353".parse::<sids::NumberSid>().is_err());
    let account: sids::AccountSid = AC.parse().unwrap();
    let err = pages_2010::ListMessage::new(account)
        .page_size(5000)
        .request()
        .unwrap_err();
    assert!(err.to_string().contains("PageSize is 5000"), "{err}");
}
