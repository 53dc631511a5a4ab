//! The generated models on real payloads: the User examples field by field,
//! SID validation inside responses, PII redaction, unknown enum values and
//! tolerance of missing fields.

mod common;

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use twilio_chat::{v1, v2};

fn fetch_user_example() -> Value {
    let raw = common::raw_spec("v2");
    raw["paths"]["/v2/Services/{ServiceSid}/Users/{Sid}"]["get"]["responses"]["200"]["content"]
        ["application/json"]["examples"]["fetch"]["value"]
        .clone()
}

#[test]
fn v2_fetch_user_example_deserializes_field_by_field() {
    let example = fetch_user_example();
    let user: v2::User = serde_json::from_value(example.clone()).unwrap();

    let text = |key: &str| example[key].as_str().unwrap().to_owned();
    assert_eq!(user.sid.unwrap().as_str(), text("sid"));
    assert!(text("sid").starts_with("US"));
    assert_eq!(user.account_sid.unwrap().as_str(), text("account_sid"));
    assert_eq!(user.service_sid.unwrap().as_str(), text("service_sid"));
    assert_eq!(user.role_sid.unwrap().as_str(), text("role_sid"));
    assert_eq!(user.identity.as_deref(), Some(text("identity").as_str()));
    assert_eq!(user.attributes, None);
    assert_eq!(user.friendly_name, None);
    assert_eq!(user.is_online, example["is_online"].as_bool());
    assert_eq!(user.is_notifiable, None);
    assert_eq!(
        user.joined_channels_count,
        Some(example["joined_channels_count"].as_i64().unwrap())
    );
    let created: chrono::DateTime<Utc> = text("date_created").parse().unwrap();
    assert_eq!(user.date_created, Some(created));
    assert_eq!(
        user.date_updated,
        Some(text("date_updated").parse().unwrap())
    );
    assert_eq!(user.url.as_deref(), Some(text("url").as_str()));
    let links = user.links.unwrap();
    assert_eq!(links.len(), example["links"].as_object().unwrap().len());
    for (name, url) in example["links"].as_object().unwrap() {
        assert_eq!(links[name].as_deref(), url.as_str(), "link {name}");
    }
}

/// The JSON example of the v2 Fetch User documentation page the product was
/// specified from.
const DOC_PAGE_USER: &str = r#"{
  "sid": "USaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "url": "https://chat.twilio.com/v2/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Users/USaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "links": {
    "user_bindings": "https://chat.twilio.com/v2/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Users/USaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Bindings",
    "user_channels": "https://chat.twilio.com/v2/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Users/USaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels"
  },
  "identity": "jing",
  "role_sid": "RLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "is_online": true,
  "attributes": null,
  "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "service_sid": "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "date_created": "2016-03-24T21:05:19Z",
  "date_updated": "2016-03-24T21:05:19Z",
  "friendly_name": null,
  "is_notifiable": null,
  "joined_channels_count": 0
}"#;

#[test]
fn documentation_page_example_deserializes_field_by_field() {
    let user: v2::User = serde_json::from_str(DOC_PAGE_USER).unwrap();
    let a32 = "a".repeat(32);
    let base = format!("https://chat.twilio.com/v2/Services/IS{a32}/Users/US{a32}");
    assert_eq!(
        user.sid,
        Some(v2::UserSid::parse(&format!("US{a32}")).unwrap())
    );
    assert_eq!(
        user.account_sid,
        Some(v2::AccountSid::parse(&format!("AC{a32}")).unwrap())
    );
    assert_eq!(
        user.service_sid,
        Some(v2::ServiceSid::parse(&format!("IS{a32}")).unwrap())
    );
    assert_eq!(
        user.role_sid,
        Some(v2::RoleSid::parse(&format!("RL{a32}")).unwrap())
    );
    assert_eq!(user.identity.as_deref(), Some("jing"));
    assert_eq!(user.is_online, Some(true));
    assert_eq!(user.attributes, None);
    assert_eq!(user.friendly_name, None);
    assert_eq!(user.is_notifiable, None);
    assert_eq!(user.joined_channels_count, Some(0));
    let when = Utc.with_ymd_and_hms(2016, 3, 24, 21, 5, 19).unwrap();
    assert_eq!(user.date_created, Some(when));
    assert_eq!(user.date_updated, Some(when));
    assert_eq!(user.url.as_deref(), Some(base.as_str()));
    let links = user.links.as_ref().unwrap();
    assert_eq!(links.len(), 2);
    assert_eq!(
        links["user_bindings"].as_deref(),
        Some(format!("{base}/Bindings").as_str())
    );
    assert_eq!(
        links["user_channels"].as_deref(),
        Some(format!("{base}/Channels").as_str())
    );

    // And back: the same JSON, field for field.
    let back = serde_json::to_value(&user).unwrap();
    assert_eq!(back, serde_json::from_str::<Value>(DOC_PAGE_USER).unwrap());
}

#[test]
fn v1_and_v2_users_have_the_same_shape() {
    let v1_user: v1::User = serde_json::from_value(fetch_user_example()).unwrap();
    let v2_user: v2::User = serde_json::from_value(fetch_user_example()).unwrap();
    assert_eq!(
        serde_json::to_value(&v1_user).unwrap(),
        serde_json::to_value(&v2_user).unwrap()
    );
}

fn user_with(key: &str, value: &str) -> (v2::User, serde_json::Value) {
    let mut example = fetch_user_example();
    example[key] = json!(value);
    let user = serde_json::from_value(example.clone()).expect("a response always reads");
    (user, example)
}

/// A SID field holding what is not a SID of its type (another prefix, a
/// wrong length, a non-hex digit, nothing) is read: the field is `None`, the
/// value is kept in `extra` and written back as received. Building the SID
/// by hand refuses it, naming the type and the rule.
#[test]
fn invalid_sids_in_a_response_are_kept_and_refused_when_built() {
    let hex31 = "0123456789abcdef0123456789abcde";
    /// Builds the SID by hand: the error's message, if it fails.
    type Build = fn(&str) -> Option<String>;
    let cases: [(&str, String, Build, &str); 5] = [
        (
            "sid",
            format!("RL{hex31}f"),
            |v| v2::UserSid::parse(v).err().map(|e| e.to_string()),
            "invalid UserSid (expected \"US\" followed by 32 hex digits): starts with \"RL\", not \"US\"",
        ),
        (
            "sid",
            format!("US{hex31}f0"),
            |v| v2::UserSid::parse(v).err().map(|e| e.to_string()),
            "length is 35 bytes, not 34",
        ),
        (
            "role_sid",
            format!("RL{hex31}"),
            |v| v2::RoleSid::parse(v).err().map(|e| e.to_string()),
            "length is 33 bytes, not 34",
        ),
        (
            "service_sid",
            format!("IS{hex31}g"),
            |v| v2::ServiceSid::parse(v).err().map(|e| e.to_string()),
            "'g' at byte 33 is not a hex digit",
        ),
        (
            "account_sid",
            String::new(),
            |v| v2::AccountSid::parse(v).err().map(|e| e.to_string()),
            "the value is empty",
        ),
    ];
    for (field, value, build, rule) in cases {
        let (user, example) = user_with(field, &value);
        assert_eq!(user.extra.get(field), Some(&json!(value)), "{field}");
        assert_eq!(serde_json::to_value(&user).unwrap(), example, "{field}");
        let err = build(&value).expect("building it by hand fails");
        assert!(err.contains(rule), "{field}: {err}");
    }
    let (user, _) = user_with("sid", &format!("RL{hex31}f"));
    assert_eq!(user.sid, None);
    assert!(user.account_sid.is_some(), "the other fields are typed");
}

#[test]
fn personal_data_is_redacted_in_debug_output() {
    let user: v2::User = serde_json::from_value(fetch_user_example()).unwrap();
    let identity = user.identity.clone().unwrap();
    let debug = format!("{user:?}");
    assert!(debug.contains("identity: <redacted>"), "{debug}");
    assert!(debug.contains("friendly_name: <redacted>"), "{debug}");
    assert!(debug.contains("attributes: <redacted>"), "{debug}");
    assert!(!debug.contains(&identity), "identity leaked: {debug}");
    // Fields that are not personal data are shown.
    assert!(debug.contains(user.sid.unwrap().as_str()), "{debug}");
}

#[test]
fn missing_fields_are_none_and_stay_missing() {
    let body = json!({ "identity": "old-api" });
    let user: v2::User = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(user.identity.as_deref(), Some("old-api"));
    assert_eq!(user.sid, None);
    assert_eq!(user.links, None);
    assert_eq!(user.joined_channels_count, None);
    assert_eq!(serde_json::to_value(&user).unwrap(), body);
    let service: v2::Service = serde_json::from_value(json!({})).unwrap();
    assert_eq!(service.pre_webhook_retry_count, None);
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let channel: v2::Channel =
        serde_json::from_value(json!({ "type": "secret", "members_count": 3 })).unwrap();
    assert_eq!(
        channel.r#type,
        Some(v2::ChannelType::Unknown("secret".into()))
    );
    assert_eq!(channel.members_count, Some(3));
    let back = serde_json::to_value(&channel).unwrap();
    assert_eq!(back["type"], "secret");

    let known: v2::Channel = serde_json::from_value(json!({ "type": "private" })).unwrap();
    assert_eq!(known.r#type, Some(v2::ChannelType::Private));
    assert_eq!(v2::ChannelType::from("public"), v2::ChannelType::Public);
    assert_eq!(v2::ChannelType::Public.to_string(), "public");
}

#[test]
fn enum_wire_values_that_are_not_rust_names_are_renamed() {
    assert_eq!(
        v2::UserChannelStatus::from("notParticipating"),
        v2::UserChannelStatus::NotParticipating
    );
    assert_eq!(
        v1::UserChannelStatus::from("not_participating"),
        v1::UserChannelStatus::NotParticipating
    );
    // v1's spelling is unknown to v2, and kept as sent.
    assert_eq!(
        v2::UserChannelStatus::from("not_participating"),
        v2::UserChannelStatus::Unknown("not_participating".into())
    );
    assert_eq!(v2::ChannelWebhookMethod::Get.as_str(), "GET");
    assert_eq!(v2::UserWebhookEnabledType::True.as_str(), "true");
    assert_eq!(
        serde_json::to_value(v2::UserWebhookEnabledType::False).unwrap(),
        json!("false")
    );
}

#[test]
fn untyped_properties_hold_any_json() {
    let message: v2::Message = serde_json::from_value(json!({
        "media": { "sid": "ME0123456789abcdef0123456789abcdef", "size": 1024 },
        "index": 7
    }))
    .unwrap();
    assert_eq!(message.media.as_ref().unwrap()["size"], 1024);
    assert_eq!(message.index, Some(7));
    let no_media: v2::Message = serde_json::from_value(json!({ "media": null })).unwrap();
    assert_eq!(no_media.media, None);
}
