//! Chat's webhook events read from form bodies as Twilio sends them: every
//! event type with its fields typed, unknown types and fields kept, missing
//! and malformed required fields reported by name, and the answers to
//! pre-events as HTTP responses.

use proptest::prelude::*;
use serde_json::json;
use twilio_chat::events::{
    Event, EventErrorKind, EventKind, EventSource, Modification, PreEventResponse,
};
use twilio_chat::v2::ChannelType;
use twilio_chat::SidErrorKind;

const ACCOUNT: &str = "AC8a9c8ad17cc6ff869d8dda67c8811187";
const SERVICE: &str = "IS932e43e6ccfe4dadb3def88e5255a9bf";
const CHANNEL: &str = "CH50ade785d3dd473a8e7220ddf573ab3f";
const MESSAGE: &str = "IM0123456789abcdef0123456789abcdef";
const MEMBER: &str = "MB0123456789abcdef0123456789abcdef";
const USER: &str = "US0123456789abcdef0123456789abcdef";
const ROLE: &str = "RL0123456789abcdef0123456789abcdef";
const MEDIA: &str = "ME0123456789abcdef0123456789abcdef";

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes()
}

fn common(event_type: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("EventType", event_type),
        ("AccountSid", ACCOUNT),
        ("InstanceSid", SERVICE),
        ("ClientIdentity", "maria"),
        ("RetryCount", "0"),
        ("Source", "SDK"),
    ]
}

fn parse(pairs: &[(&str, &str)]) -> Event {
    Event::from_form(&form(pairs)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_message_send_reads_as_twilio_sends_it() {
    // The fields and values of an onMessageSend call as a Chat service
    // receives it.
    let event = parse(&[
        ("ChannelSid", CHANNEL),
        ("ClientIdentity", "c8mJEfp"),
        ("RetryCount", "0"),
        ("EventType", "onMessageSend"),
        ("InstanceSid", SERVICE),
        ("Attributes", "{}"),
        ("DateCreated", "2020-10-09T08:01:24.813Z"),
        ("From", "c8mJEfp"),
        ("To", "CHf16c57f872d4404c8ec1200dbfb468f2"),
        ("Body", "kggjgi Gujjula"),
        ("AccountSid", ACCOUNT),
        ("Source", "SDK"),
    ]);
    assert_eq!(event.event_type(), "onMessageSend");
    assert!(event.is_pre_event());
    assert_eq!(event.account_sid.as_str(), ACCOUNT);
    assert_eq!(event.service_sid.as_str(), SERVICE);
    assert_eq!(event.client_identity.as_deref(), Some("c8mJEfp"));
    assert_eq!(event.source, Some(EventSource::Sdk));
    assert_eq!(event.retry_count, Some(0));
    assert!(event.extra.is_empty(), "{:?}", event.extra);
    let EventKind::MessageSend(message) = &event.kind else {
        panic!("{:?}", event.kind)
    };
    assert_eq!(message.channel_sid.as_str(), CHANNEL);
    assert_eq!(message.body.as_deref(), Some("kggjgi Gujjula"));
    assert_eq!(message.attributes, Some(json!({})));
    assert_eq!(message.from.as_deref(), Some("c8mJEfp"));
    assert_eq!(
        message.to.as_deref(),
        Some("CHf16c57f872d4404c8ec1200dbfb468f2")
    );
    assert_eq!(
        message.date_created.unwrap().to_rfc3339(),
        "2020-10-09T08:01:24.813+00:00"
    );
    assert_eq!(message.media, None);
}

#[test]
fn message_events_carry_their_sid_index_and_changes() {
    let mut pairs = common("onMessageUpdated");
    pairs.extend([
        ("MessageSid", MESSAGE),
        ("ChannelSid", CHANNEL),
        ("Index", "42"),
        ("Body", "edited: 2 + 2 = 4 & more"),
        ("Attributes", r#"{"importance":"high","tags":["a"]}"#),
        ("From", "maria"),
        ("ModifiedBy", "moderator"),
        ("DateCreated", "2024-05-01T10:00:00Z"),
        ("DateUpdated", "2024-05-01T10:05:00.5Z"),
    ]);
    let event = parse(&pairs);
    assert!(!event.is_pre_event());
    let EventKind::MessageUpdated(message) = &event.kind else {
        panic!("{:?}", event.kind)
    };
    assert_eq!(message.message_sid.as_str(), MESSAGE);
    assert_eq!(message.index, Some(42));
    assert_eq!(message.body.as_deref(), Some("edited: 2 + 2 = 4 & more"));
    assert_eq!(
        message.attributes,
        Some(json!({"importance": "high", "tags": ["a"]}))
    );
    assert_eq!(message.modified_by.as_deref(), Some("moderator"));
    assert_eq!(
        message.date_updated.unwrap().to_rfc3339(),
        "2024-05-01T10:05:00.500+00:00"
    );

    let mut media = common("onMediaMessageSent");
    media.extend([
        ("MessageSid", MESSAGE),
        ("ChannelSid", CHANNEL),
        ("Index", "7"),
        ("MediaSid", MEDIA),
        ("MediaFilename", "cat.png"),
        ("MediaContentType", "image/png"),
        ("MediaSize", "20480"),
    ]);
    let EventKind::MediaMessageSent(message) = parse(&media).kind else {
        panic!()
    };
    let media = message.media.expect("media fields");
    assert_eq!(media.sid.unwrap().as_str(), MEDIA);
    assert_eq!(media.filename.as_deref(), Some("cat.png"));
    assert_eq!(media.content_type.as_deref(), Some("image/png"));
    assert_eq!(media.size, Some(20_480));
}

#[test]
fn channel_member_and_user_events_are_typed() {
    let mut add = common("onChannelAdd");
    add.extend([
        ("UniqueName", "general"),
        ("FriendlyName", "General"),
        ("ChannelType", "private"),
        ("CreatedBy", "maria"),
        ("Attributes", r#"{"topic":"all"}"#),
    ]);
    let EventKind::ChannelAdd(channel) = parse(&add).kind else {
        panic!()
    };
    assert_eq!(channel.unique_name.as_deref(), Some("general"));
    assert_eq!(channel.channel_type, Some(ChannelType::Private));
    assert_eq!(channel.attributes, Some(json!({"topic": "all"})));

    let mut destroyed = common("onChannelDestroyed");
    destroyed.extend([("ChannelSid", CHANNEL), ("ChannelType", "secret")]);
    let EventKind::ChannelDestroyed(channel) = parse(&destroyed).kind else {
        panic!()
    };
    assert_eq!(channel.channel_sid.as_str(), CHANNEL);
    assert_eq!(
        channel.channel_type,
        Some(ChannelType::Unknown("secret".to_owned()))
    );

    let mut member = common("onMemberAdd");
    member.extend([
        ("ChannelSid", CHANNEL),
        ("Identity", "bob"),
        ("RoleSid", ROLE),
        ("Reason", "ADDED"),
    ]);
    let EventKind::MemberAdd(new) = parse(&member).kind else {
        panic!()
    };
    assert_eq!(new.identity.as_deref(), Some("bob"));
    assert_eq!(new.role_sid.unwrap().as_str(), ROLE);
    assert_eq!(new.reason.as_deref(), Some("ADDED"));

    let mut removed = common("onMemberRemoved");
    removed.extend([
        ("MemberSid", MEMBER),
        ("ChannelSid", CHANNEL),
        ("LastConsumedMessageIndex", "12"),
    ]);
    let EventKind::MemberRemoved(gone) = parse(&removed).kind else {
        panic!()
    };
    assert_eq!(gone.member_sid.as_str(), MEMBER);
    assert_eq!(gone.last_consumed_message_index, Some(12));

    let mut user = common("onUserUpdated");
    user.extend([
        ("UserSid", USER),
        ("Identity", "maria"),
        ("FriendlyName", "María López"),
        ("IsOnline", "true"),
        ("IsNotifiable", "false"),
    ]);
    let EventKind::UserUpdated(updated) = parse(&user).kind else {
        panic!()
    };
    assert_eq!(updated.user_sid.as_str(), USER);
    assert_eq!(updated.friendly_name.as_deref(), Some("María López"));
    assert_eq!(
        (updated.is_online, updated.is_notifiable),
        (Some(true), Some(false))
    );
}

#[test]
fn every_known_event_type_is_its_own_variant() {
    let required = [
        ("MessageSid", MESSAGE),
        ("ChannelSid", CHANNEL),
        ("MemberSid", MEMBER),
        ("UserSid", USER),
    ];
    let pre = [
        "onMessageSend",
        "onMessageUpdate",
        "onMessageRemove",
        "onMediaMessageSend",
        "onChannelAdd",
        "onChannelUpdate",
        "onChannelDestroy",
        "onMemberAdd",
        "onMemberUpdate",
        "onMemberRemove",
        "onUserUpdate",
    ];
    let post = [
        "onMessageSent",
        "onMessageUpdated",
        "onMessageRemoved",
        "onMediaMessageSent",
        "onChannelAdded",
        "onChannelUpdated",
        "onChannelDestroyed",
        "onMemberAdded",
        "onMemberUpdated",
        "onMemberRemoved",
        "onUserAdded",
    ];
    let mut variants = std::collections::HashSet::new();
    for (names, is_pre) in [(&pre[..], true), (&post[..], false)] {
        for name in names {
            let mut pairs = common(name);
            pairs.extend(required);
            let event = parse(&pairs);
            assert_eq!(event.event_type(), *name);
            assert_eq!(event.is_pre_event(), is_pre, "{name}");
            assert!(!matches!(event.kind, EventKind::Unknown { .. }), "{name}");
            variants.insert(std::mem::discriminant(&event.kind));
        }
    }
    assert_eq!(variants.len(), pre.len() + post.len());
}

#[test]
fn unknown_event_types_and_fields_are_kept() {
    let mut pairs = common("onMessageReacted");
    pairs.extend([("MessageSid", MESSAGE), ("Reaction", "👍")]);
    let event = parse(&pairs);
    assert_eq!(event.event_type(), "onMessageReacted");
    assert!(!event.is_pre_event());
    assert_eq!(
        event.kind,
        EventKind::Unknown {
            event_type: "onMessageReacted".to_owned()
        }
    );
    assert_eq!(
        event.extra,
        vec![
            ("MessageSid".to_owned(), MESSAGE.to_owned()),
            ("Reaction".to_owned(), "👍".to_owned())
        ]
    );

    // A new field, values that do not fit their types, a field given twice:
    // kept as received, in order, and the typed fields left empty.
    let mut pairs = common("onMessageSent");
    pairs.extend([
        ("MessageSid", MESSAGE),
        ("ChannelSid", CHANNEL),
        ("Index", "the first"),
        ("Attributes", "{not json"),
        ("DateCreated", "yesterday"),
        ("Sentiment", "positive"),
        ("Body", "one"),
        ("Body", "two"),
        ("MediaSid", "not-a-sid"),
    ]);
    let event = parse(&pairs);
    let EventKind::MessageSent(message) = &event.kind else {
        panic!()
    };
    assert_eq!(
        (message.index, &message.attributes, message.date_created),
        (None, &None, None)
    );
    assert_eq!(message.body.as_deref(), Some("one"));
    assert_eq!(message.media, None);
    assert_eq!(event.extra("Sentiment"), Some("positive"));
    assert_eq!(
        event.extra,
        [
            ("Index", "the first"),
            ("Attributes", "{not json"),
            ("DateCreated", "yesterday"),
            ("Sentiment", "positive"),
            ("Body", "two"),
            ("MediaSid", "not-a-sid"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    let from_elsewhere = parse(&[
        ("EventType", "onUserAdded"),
        ("AccountSid", ACCOUNT),
        ("InstanceSid", SERVICE),
        ("UserSid", USER),
        ("Source", "Webhook"),
    ]);
    assert_eq!(
        from_elsewhere.source,
        Some(EventSource::Unknown("Webhook".to_owned()))
    );
    assert_eq!(from_elsewhere.client_identity, None);
}

#[test]
fn a_missing_or_malformed_required_field_is_an_error_naming_it() {
    let err = Event::from_form(&form(&[("AccountSid", ACCOUNT)])).unwrap_err();
    assert_eq!(err.to_string(), "the required field EventType is missing");
    assert_eq!(err.event_type(), None);

    let err = Event::from_form(&form(&common("onMessageSent")[..1])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "onMessageSent event: the required field AccountSid is missing"
    );

    let mut pairs = common("onMessageSent");
    pairs.push(("ChannelSid", CHANNEL));
    let err = Event::from_form(&form(&pairs)).unwrap_err();
    assert_eq!(err.event_type(), Some("onMessageSent"));
    assert_eq!(
        err.kind(),
        &EventErrorKind::Missing {
            field: "MessageSid"
        }
    );
    assert_eq!(
        err.to_string(),
        "onMessageSent event: the required field MessageSid is missing"
    );

    let mut pairs = common("onMessageSend");
    pairs.push(("ChannelSid", MESSAGE));
    let err = Event::from_form(&form(&pairs)).unwrap_err();
    assert!(matches!(
        err.kind(),
        EventErrorKind::Invalid { field: "ChannelSid", source } if source.kind() == &SidErrorKind::Prefix(['I', 'M'])
    ));
    assert_eq!(
        err.to_string(),
        "onMessageSend event: ChannelSid: invalid ChannelSid (expected \"CH\" followed by 32 hex digits): starts with \"IM\", not \"CH\""
    );

    let mut pairs = common("onUserUpdate");
    pairs.push(("UserSid", ""));
    assert_eq!(
        Event::from_form(&form(&pairs)).unwrap_err().to_string(),
        "onUserUpdate event: UserSid: invalid UserSid (expected \"US\" followed by 32 hex digits): the value is empty"
    );
}

#[test]
fn a_body_that_is_not_utf8_is_an_error() {
    for body in [
        &b"EventType=onMessageSend&Body=caf%E9"[..],
        b"EventType=on\xffMessage",
    ] {
        let err = Event::from_form(body).unwrap_err();
        assert_eq!(err.kind(), &EventErrorKind::NotUtf8);
        assert_eq!(err.to_string(), "the form body is not UTF-8 text");
    }
}

#[test]
fn fields_already_decoded_read_the_same() {
    let mut pairs = common("onChannelUpdate");
    pairs.push(("ChannelSid", CHANNEL));
    assert_eq!(Event::from_fields(pairs.clone()).unwrap(), parse(&pairs));
}

#[test]
fn pre_event_answers_become_http_responses() {
    let allow = PreEventResponse::allow().into_response();
    assert_eq!((allow.status().as_u16(), allow.body().as_str()), (200, ""));
    assert!(allow.headers().get("content-type").is_none());

    let reject = PreEventResponse::reject().into_response();
    assert_eq!(
        (reject.status().as_u16(), reject.body().as_str()),
        (403, "")
    );
    let busy = PreEventResponse::reject_with(http::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(busy.into_response().status().as_u16(), 429);
    // A success status would let the action through: it is refused.
    let ok = PreEventResponse::reject_with(http::StatusCode::OK);
    assert_eq!(ok.into_response().status().as_u16(), 403);

    let change: http::Response<String> = PreEventResponse::modify()
        .body("[redacted]")
        .attributes(&json!({"moderated": true}))
        .friendly_name("General")
        .unique_name("general")
        .field("customField", json!(1))
        .into_response();
    assert_eq!(change.status().as_u16(), 200);
    assert_eq!(change.headers()["content-type"], "application/json");
    let sent: serde_json::Value = serde_json::from_str(change.body()).unwrap();
    assert_eq!(
        sent,
        json!({
            "body": "[redacted]",
            "attributes": "{\"moderated\":true}",
            "friendlyName": "General",
            "uniqueName": "general",
            "customField": 1,
        })
    );
    // An empty change lets the action through unchanged.
    let nothing = PreEventResponse::from(Modification::default()).into_response();
    assert_eq!(
        (nothing.status().as_u16(), nothing.body().as_str()),
        (200, "")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any body is an event or an error, never a panic; a valid event's
    /// fields all land somewhere.
    #[test]
    fn any_body_reads_or_fails_cleanly(body in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = Event::from_form(&body);
    }

    #[test]
    fn unknown_fields_survive_whatever_their_text(
        names in prop::collection::vec("X[A-Za-z]{1,8}", 0..6),
        value in "\\PC{0,30}",
    ) {
        let mut pairs: Vec<(String, String)> = common("onMessageSend")
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        pairs.push(("ChannelSid".to_owned(), CHANNEL.to_owned()));
        let added: Vec<(String, String)> = names.iter().map(|n| (n.clone(), value.clone())).collect();
        pairs.extend(added.clone());
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let event = Event::from_form(body.as_bytes()).unwrap();
        prop_assert_eq!(event.extra, added);
    }
}
