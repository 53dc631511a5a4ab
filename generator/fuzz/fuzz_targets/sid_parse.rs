//! Arbitrary strings through the SID and enum code of the checked-in
//! `generated/` folder and the runtime: `UserSid::parse`, `AnySid`,
//! `SidLike<UserSid>` and the string enum `ChannelType`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_chat::v2::{ChannelType, ServiceSid, UserSid};
use twilio_chat::{AnySid, SidErrorKind, SidLike, SidPrefix};

fuzz_target!(|s: &str| {
    check_user_sid(s);
    check_sid_like(s);
    check_channel_type(s);
    // Another prefix, through the same checks as UserSid.
    assert_eq!(ServiceSid::parse(s).is_ok(), is_sid(s, "IS"), "{s:?}");
    // Any two letters, then 32 hex digits.
    let any = s.len() == 34
        && s.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
        && s.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit);
    assert_eq!(AnySid::parse(s).is_ok(), any, "AnySid on {s:?}");
});

/// The rule itself, written independently of the generated code.
fn is_sid(s: &str, prefix: &str) -> bool {
    s.len() == 34
        && s.as_bytes()[..2] == *prefix.as_bytes()
        && s.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

fn check_user_sid(s: &str) {
    match UserSid::parse(s) {
        Ok(sid) => {
            assert!(is_sid(s, "US"), "accepted {s:?}");
            assert_eq!(sid.as_str(), s);
            assert_eq!(sid.to_string(), s);
            assert_eq!(sid.to_string().parse::<UserSid>(), Ok(sid));
            assert_eq!(UserSid::try_from(s.to_owned()), Ok(sid));
            let json = serde_json::to_string(&sid).expect("a SID serializes");
            assert_eq!(json, serde_json::to_string(s).unwrap());
            assert_eq!(serde_json::from_str::<UserSid>(&json).unwrap(), sid);
        }
        Err(e) => {
            assert!(!is_sid(s, "US"), "rejected {s:?}: {e}");
            assert_eq!(e.type_name(), "UserSid");
            assert_eq!(e.prefix(), SidPrefix::Exact("US"));
            match e.kind() {
                SidErrorKind::Length(n) => assert!(*n == s.len() && *n != 34, "{e}"),
                SidErrorKind::Prefix(found) => {
                    assert_eq!(s.len(), 34);
                    assert!(!s.starts_with("US"));
                    let mut chars = s.chars();
                    assert_eq!(*found, [chars.next().unwrap(), chars.next().unwrap()]);
                }
                SidErrorKind::Character { position, found } => {
                    assert_eq!(s.len(), 34);
                    assert!(s.starts_with("US"));
                    assert!(*position >= 2 && *position < 34, "{e}");
                    assert!(s[*position..].starts_with(*found), "{e}");
                    assert!(!found.is_ascii_hexdigit());
                    assert!(s.as_bytes()[2..*position].iter().all(u8::is_ascii_hexdigit));
                }
                other => panic!("unexpected kind {other:?}"),
            }
            let message = e.to_string();
            assert!(message.starts_with("invalid UserSid"), "{message}");
            // Not a SID, so serde refuses it too.
            let json = serde_json::to_string(s).unwrap();
            assert!(serde_json::from_str::<UserSid>(&json).is_err());
        }
    }
}

fn check_sid_like(s: &str) {
    let like = SidLike::<UserSid>::from(s);
    assert_eq!(like.as_str(), s);
    assert_eq!(like.to_string(), s);
    assert_eq!(SidLike::<UserSid>::from(s.to_owned()), like);
    match &like {
        SidLike::Sid(sid) => {
            assert!(is_sid(s, "US"));
            assert_eq!(sid.as_str(), s);
        }
        SidLike::Name(name) => {
            assert!(!is_sid(s, "US"));
            assert_eq!(name, s);
        }
    }
}

fn check_channel_type(s: &str) {
    let ty = ChannelType::from(s);
    assert_eq!(ty.as_str(), s);
    assert_eq!(ty.to_string(), s);
    assert_eq!(ChannelType::from(s.to_owned()), ty);
    assert_eq!(s.parse::<ChannelType>(), Ok(ty.clone()));
    match &ty {
        ChannelType::Public => assert_eq!(s, "public"),
        ChannelType::Private => assert_eq!(s, "private"),
        ChannelType::Unknown(other) => {
            assert_eq!(other, s);
            assert!(s != "public" && s != "private");
        }
    }
    let json = serde_json::to_string(&ty).expect("an enum serializes");
    assert_eq!(json, serde_json::to_string(s).unwrap());
    assert_eq!(serde_json::from_str::<ChannelType>(&json).unwrap(), ty);
}
