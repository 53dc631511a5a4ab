//! SID newtypes, for every prefix of both versions: valid input, wrong
//! prefix, wrong length, non-hex, empty and non-ASCII input, the full API,
//! and the SID-or-name parameter type.

mod common;

use std::collections::{BTreeSet, HashSet};

use std::str::FromStr;

use twilio_chat::{Sid, SidError, SidErrorKind, SidLike, SidPrefix};
use twilio_runtime::SidSpec;

/// Every SID type is an alias of `Sid<Marker>`: this names the marker.
trait SidType {
    type Spec: SidSpec;
}

impl<S: SidSpec> SidType for Sid<S> {
    type Spec = S;
}

/// The exact prefix of a SID type.
fn exact_prefix<S: SidSpec>() -> &'static str {
    match S::PREFIX {
        SidPrefix::Exact(prefix) => prefix,
        other => panic!("{} takes {other}, not one prefix", S::NAME),
    }
}

/// Runs every check against one SID type and returns its (name, prefix).
fn check<T: SidType>() -> (String, String) {
    type S<T> = Sid<<T as SidType>::Spec>;
    let prefix = exact_prefix::<T::Spec>();
    let name = S::<T>::TYPE_NAME;
    let valid = format!("{prefix}0123456789abcdefABCDEF0123456789");
    assert_eq!(valid.len(), 34);

    // Valid, through every constructor.
    let sid = S::<T>::from_str(&valid).unwrap();
    assert_eq!(sid.as_str(), valid);
    assert_eq!(sid.to_string(), valid);
    assert_eq!(sid.as_ref(), valid);
    assert_eq!(S::<T>::try_from(valid.as_str()).unwrap(), sid);
    assert_eq!(S::<T>::try_from(valid.clone()).unwrap(), sid);
    assert_eq!(serde_json::to_string(&sid).unwrap(), format!("\"{valid}\""));
    assert_eq!(
        serde_json::from_str::<S<T>>(&format!("\"{valid}\"")).unwrap(),
        sid
    );
    assert!(format!("{sid:?}").contains(name), "Debug names the type");

    // Equality, hashing and order follow the text.
    let other = S::<T>::from_str(&format!("{prefix}{}", "f".repeat(32))).unwrap();
    assert!(sid < other);
    let set: HashSet<S<T>> = [sid, sid, other].into_iter().collect();
    assert_eq!(set.len(), 2);

    let expect = |input: &str, kind: SidErrorKind, words: &str| {
        let err: SidError = S::<T>::from_str(input).unwrap_err();
        assert_eq!(err.kind(), &kind, "{name} {input:?}");
        assert_eq!(err.type_name(), name);
        assert_eq!(err.prefix(), SidPrefix::Exact(prefix));
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("invalid {name} (expected \"{prefix}\"")),
            "{message}"
        );
        assert!(message.contains(words), "{message}");
        // Deserialization rejects the same input with the same message.
        let de =
            serde_json::from_value::<S<T>>(serde_json::Value::String(input.into())).unwrap_err();
        assert!(de.to_string().contains(&message), "{de}");
    };
    let wrong = if prefix == "ZZ" { "AA" } else { "ZZ" };
    expect(
        &format!("{wrong}{}", &valid[2..]),
        SidErrorKind::Prefix([wrong.as_bytes()[0] as char, wrong.as_bytes()[1] as char]),
        "not",
    );
    expect(&valid[..33], SidErrorKind::Length(33), "33 bytes");
    expect(&format!("{valid}0"), SidErrorKind::Length(35), "35 bytes");
    expect(
        &format!("{}g", &valid[..33]),
        SidErrorKind::Character {
            position: 33,
            found: 'g',
        },
        "hex",
    );
    expect(
        &format!("{prefix}-{}", &valid[3..]),
        SidErrorKind::Character {
            position: 2,
            found: '-',
        },
        "hex",
    );
    expect("", SidErrorKind::Length(0), "empty");
    // Non-ASCII: 34 bytes but not 34 characters, and a multi-byte character
    // where a hex digit belongs.
    let accented = format!("{prefix}é{}", &valid[4..]);
    assert_eq!(accented.len(), 34);
    expect(
        &accented,
        SidErrorKind::Character {
            position: 2,
            found: 'é',
        },
        "hex",
    );
    let accented_prefix = format!("É{}", &valid[1..33]);
    assert_eq!(accented_prefix.len(), 34);
    expect(
        &accented_prefix,
        SidErrorKind::Prefix(['É', valid.chars().nth(1).unwrap()]),
        "not",
    );
    // Other JSON types are refused too.
    assert!(serde_json::from_value::<S<T>>(serde_json::json!(42)).is_err());

    // SID or name.
    assert_eq!(SidLike::<S<T>>::from(sid), SidLike::Sid(sid));
    assert_eq!(SidLike::<S<T>>::from(valid.as_str()), SidLike::Sid(sid));
    assert_eq!(
        SidLike::<S<T>>::from("maria@example.com"),
        SidLike::Name("maria@example.com".into())
    );
    let wrong_prefix = format!("{wrong}{}", &valid[2..]);
    assert_eq!(
        SidLike::<S<T>>::from(wrong_prefix.clone()),
        SidLike::Name(wrong_prefix)
    );

    (name.to_owned(), prefix.to_owned())
}

/// The SID types of one version, by name and prefix, as the IR has them.
fn expected(version: &str) -> BTreeSet<(String, String)> {
    common::sid_types(version).into_iter().collect()
}

#[test]
fn every_v2_sid_type() {
    use twilio_chat::v2::*;
    let checked: BTreeSet<_> = [
        check::<AccountSid>(),
        check::<BindingSid>(),
        check::<ChannelSid>(),
        check::<ChannelWebhookSid>(),
        check::<CredentialSid>(),
        check::<FlowSid>(),
        check::<InviteSid>(),
        check::<MediaSid>(),
        check::<MemberSid>(),
        check::<MessageSid>(),
        check::<RoleSid>(),
        check::<ServiceSid>(),
        check::<UserSid>(),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        checked,
        expected("v2"),
        "every SID type of the spec is checked"
    );
    let prefixes: BTreeSet<&str> = checked.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(prefixes.len(), 13, "one type per prefix: {prefixes:?}");
}

#[test]
fn every_v1_sid_type() {
    // v1 has its own aliases; the generic type behind them is shared.
    fn check_v1<T: SidType>() -> (String, String) {
        let prefix = exact_prefix::<T::Spec>();
        let valid = format!("{prefix}{}", "0a".repeat(16));
        type S<T> = Sid<<T as SidType>::Spec>;
        assert_eq!(S::<T>::parse(&valid).unwrap().as_str(), valid);
        assert!(S::<T>::parse(&valid[..33]).is_err());
        assert!(S::<T>::parse(&format!("ZZ{}", &valid[2..])).is_err());
        (S::<T>::TYPE_NAME.to_owned(), prefix.to_owned())
    }
    use twilio_chat::v1::*;
    let checked: BTreeSet<_> = [
        check_v1::<AccountSid>(),
        check_v1::<ChannelSid>(),
        check_v1::<CredentialSid>(),
        check_v1::<InviteSid>(),
        check_v1::<MemberSid>(),
        check_v1::<MessageSid>(),
        check_v1::<RoleSid>(),
        check_v1::<ServiceSid>(),
        check_v1::<UserSid>(),
    ]
    .into_iter()
    .collect();
    assert_eq!(checked, expected("v1"));
}

#[test]
fn prefixes_are_named_after_their_resource_or_field() {
    use twilio_chat::v2::*;
    let table = [
        (UserSid::PREFIX, "US"),
        (ServiceSid::PREFIX, "IS"),
        (AccountSid::PREFIX, "AC"),
        (RoleSid::PREFIX, "RL"),
        (ChannelSid::PREFIX, "CH"),
        (CredentialSid::PREFIX, "CR"),
        (MessageSid::PREFIX, "IM"),
        (MemberSid::PREFIX, "MB"),
        (InviteSid::PREFIX, "IN"),
        (BindingSid::PREFIX, "BS"),
        (ChannelWebhookSid::PREFIX, "WH"),
        (MediaSid::PREFIX, "ME"),
        (FlowSid::PREFIX, "FW"),
    ];
    for (constant, prefix) in table {
        assert_eq!(constant, SidPrefix::Exact(prefix));
    }
    // Fields under other names share their prefix's type.
    let message: Message = serde_json::from_value(serde_json::json!({
        "to": "CH0123456789abcdef0123456789abcdef",
        "channel_sid": "CH0123456789abcdef0123456789abcdef"
    }))
    .unwrap();
    let to: Option<ChannelSid> = message.to;
    assert_eq!(to, message.channel_sid);
    let service: Service = serde_json::from_value(serde_json::json!({
        "default_channel_creator_role_sid": "RL0123456789abcdef0123456789abcdef"
    }))
    .unwrap();
    let role: Option<RoleSid> = service.default_channel_creator_role_sid;
    assert!(role.is_some());
}

#[test]
fn sids_are_copy_and_one_word_sized() {
    let sid = twilio_chat::v2::UserSid::parse("US0123456789abcdef0123456789abcdef").unwrap();
    let copy = sid;
    assert_eq!(copy, sid);
    assert_eq!(std::mem::size_of::<twilio_chat::v2::UserSid>(), 34);
}
