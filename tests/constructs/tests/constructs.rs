//! How each construct of Twilio's specs comes out, on the small specs in
//! `specs/`, generated together by this crate's build script. That the code
//! compiles (with warnings denied in CI, docs included) is the first test;
//! these check what it does.

use twilio_constructs::{filters, names, shared_a, shared_b, shared_c, sid_forms, sids};
use twilio_runtime::{AnySid, Endpoint, SidErrorKind};

const AC: &str = "AC0123456789abcdef0123456789abcdef";

/// The query of a request as (key, value) pairs, decoded.
fn query_pairs(request: &twilio_runtime::http::Request<Vec<u8>>) -> Vec<(String, String)> {
    let query = request.uri().query().unwrap_or_default();
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn range_filters_are_named_before_and_after_and_sent_as_twilio_expects() {
    let account: sids::AccountSid = AC.parse().unwrap();
    let request = filters::ListMessage::new(account)
        .date_sent("2026-01-15")
        .date_sent_before("2026-02-01")
        .date_sent_after("2025-12-01")
        .request()
        .unwrap();
    assert_eq!(
        query_pairs(&request),
        [
            ("DateSent".to_string(), "2026-01-15".to_string()),
            ("DateSent<".to_string(), "2026-02-01".to_string()),
            ("DateSent>".to_string(), "2025-12-01".to_string()),
        ]
    );
    // On the wire: `DateSent<=2026-02-01`, the `<` percent-encoded.
    assert!(
        request
            .uri()
            .query()
            .unwrap()
            .contains("DateSent%3C=2026-02-01"),
        "{}",
        request.uri()
    );
}

#[test]
fn a_form_field_named_like_a_path_parameter_keeps_both() {
    let here: sids::AccountSid = AC.parse().unwrap();
    let there: sids::AccountSid = "ACffffffffffffffffffffffffffffffff".parse().unwrap();
    let number: sids::PhoneNumberSid = "PN0123456789abcdef0123456789abcdef".parse().unwrap();
    let request = filters::UpdateNumber::new(here, number)
        .account_sid_form(there)
        .request()
        .unwrap();
    assert_eq!(
        request.uri().path(),
        format!("/v1/Accounts/{AC}/Numbers/PN0123456789abcdef0123456789abcdef.json")
    );
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        "AccountSid=ACffffffffffffffffffffffffffffffff"
    );
    // Replayed, the field goes by its Rust name; the path parameter by its
    // wire name.
    let replayed: filters::UpdateNumber = serde_json::from_value(serde_json::json!({
        "AccountSid": AC,
        "Sid": "PN0123456789abcdef0123456789abcdef",
        "account_sid_form": "ACffffffffffffffffffffffffffffffff",
    }))
    .unwrap();
    assert_eq!(replayed.account_sid_form, Some(there));
}

#[test]
fn an_any_prefix_sid_takes_any_two_letters() {
    for sid in [
        "XX0123456789abcdef0123456789abcdef",
        "us0123456789abcdef0123456789abcdef",
        "CA0123456789ABCDEF0123456789abcdef",
    ] {
        let parsed: AnySid = sid.parse().unwrap();
        assert_eq!(parsed.as_str(), sid);
    }
    let err = "XX0123456789abcdef".parse::<AnySid>().unwrap_err();
    assert_eq!(err.kind(), &SidErrorKind::Length(18));
    assert!("X10123456789abcdef0123456789abcdef"
        .parse::<AnySid>()
        .is_err());
    // Uppercase only, where the pattern says so.
    assert!("us0123456789abcdef0123456789abcdef"
        .parse::<sids::AnyUppercaseSid>()
        .is_err());
    let message: sid_forms::Message = serde_json::from_value(serde_json::json!({
        "resource_sid": "ZZ0123456789abcdef0123456789abcdef",
        "parent_sid": "PP0123456789abcdef0123456789abcdef",
    }))
    .unwrap();
    assert_eq!(message.resource_sid.unwrap().as_str()[..2], *"ZZ");
}

#[test]
fn a_sid_of_one_of_several_types_accepts_each_and_converts_from_each() {
    // Two specs name `(SM|MM)` after their message resource, one names `SM`
    // so: the form more specs name wins `MessageSid`, the other adds its
    // prefix.
    let sms: sids::MessageSidSm = "SM0123456789abcdef0123456789abcdef".parse().unwrap();
    // Compile-time checked: an SM SID is one of `SM` or `MM`.
    let either: sids::MessageSid = sms.widen();
    assert_eq!(either.as_str(), sms.as_str());
    let mms: sids::MessageSid = "MM0123456789abcdef0123456789abcdef".parse().unwrap();
    assert_eq!(&mms.as_str()[..2], "MM");
    let err = "ME0123456789abcdef0123456789abcdef"
        .parse::<sids::MessageSid>()
        .unwrap_err();
    assert!(err.to_string().contains("\"SM\" or \"MM\""), "{err}");
    // Any SID widens into AnySid, and back with a check.
    let any: AnySid = mms.widen();
    assert!(any.cast::<sids::prefix::SM>().is_err());
    assert_eq!(
        either.cast::<sids::prefix::SM>().unwrap(),
        sms,
        "the way back is checked"
    );
}

#[test]
fn lowercase_and_alphanumeric_bodies_accept_exactly_their_pattern() {
    let lower = "OR0123456789abcdef0123456789abcdef";
    assert!(lower.parse::<sids::OrganizationSid>().is_ok());
    assert!("OR0123456789ABCDEF0123456789abcdef"
        .parse::<sids::OrganizationSid>()
        .is_err());
    let alnum = "OQzyx3456789abcdef0123456789ABCDEF";
    assert!(alnum.parse::<sids::OperationSid>().is_ok());
    assert!("OQzyx3456789abcdef0123456789ABCD_F"
        .parse::<sids::OperationSid>()
        .is_err());
}

#[test]
fn patterns_that_are_not_sids_stay_strings_and_are_named_in_a_warning() {
    let message: sid_forms::Message = serde_json::from_value(serde_json::json!({
        "trace_id": "01hzqp4x0000000000000000aa",
        "assistant_id": "aia_asst_123",
        "bundle_sids": "BU0123456789abcdef0123456789abcdef,BU0123456789abcdef0123456789abcdef",
    }))
    .unwrap();
    let trace: Option<String> = message.trace_id;
    assert_eq!(trace.as_deref(), Some("01hzqp4x0000000000000000aa"));
    for pattern in [
        "^[0-9abcdefghjkmnpqrstvwxyz]{26}$",
        "^aia_asst_.+$",
        "^BU[0-9a-fA-F]{32}(,BU[0-9a-fA-F]{32}){0,19}$",
    ] {
        let warning = twilio_constructs::WARNINGS
            .lines()
            .find(|w| w.contains(pattern))
            .unwrap_or_else(|| panic!("no warning names {pattern}"));
        // The file, the line and column, then the pointer.
        let place = warning
            .strip_prefix("specs/sid_forms.yaml:")
            .and_then(|rest| rest.split_once(": #/components/schemas/sids.v1.message/properties/"))
            .map(|(line_column, _)| line_column);
        let numbers = place.map(|p| p.split(':').map(str::parse::<usize>).collect::<Vec<_>>());
        assert!(
            matches!(numbers.as_deref(), Some([Ok(_), Ok(_)])),
            "{warning}"
        );
        assert!(warning.contains("is not a SID pattern"), "{warning}");
    }
}

#[test]
fn specs_generated_together_share_one_type_per_prefix() {
    // `AccountSid` is one type in every module that uses it.
    let a = shared_a::Channel {
        account_sid: Some(AC.parse().unwrap()),
        ..Default::default()
    };
    let b = shared_b::Conversation {
        account_sid: a.account_sid,
        ..Default::default()
    };
    let same: Option<sids::AccountSid> = b.account_sid;
    assert_eq!(same, a.account_sid);
    let from_filters: filters::AccountSid = AC.parse().unwrap();
    assert_eq!(Some(from_filters), same);
    // CH: `ChannelSid` in one spec, `ConversationSid` in two: the name most
    // specs give wins, and every module uses it.
    let ch: sids::ConversationSid = "CH0123456789abcdef0123456789abcdef".parse().unwrap();
    let channel = shared_a::Channel {
        sid: Some(ch),
        ..Default::default()
    };
    let conversation = shared_c::Conversation {
        sid: Some(ch),
        ..Default::default()
    };
    assert_eq!(channel.sid, conversation.sid);
}

#[test]
fn two_prefixes_named_after_the_same_resource_get_distinct_names() {
    // PN and PU are both the SID of a `phone_number`: PN (first in
    // alphabetical order, on a tie) keeps the name, PU takes its prefix.
    let pn: sids::PhoneNumberSid = "PN0123456789abcdef0123456789abcdef".parse().unwrap();
    let pu: sids::PhoneNumberSidPu = "PU0123456789abcdef0123456789abcdef".parse().unwrap();
    let a = shared_a::PhoneNumber {
        sid: Some(pn),
        ..Default::default()
    };
    assert_eq!(a.sid, Some(pn));
    let b = shared_b::PhoneNumber {
        sid: Some(pu),
        ..Default::default()
    };
    assert_eq!(b.sid, Some(pu));
    assert!("PU0123456789abcdef0123456789abcdef"
        .parse::<sids::PhoneNumberSid>()
        .is_err());
}

#[test]
fn colliding_schema_names_are_qualified_or_spelt_out() {
    // Same last segment: each qualified by the segment before it.
    let _: names::AccountApp = names::AccountApp::default();
    let _: names::OrganizationApp = names::OrganizationApp::default();
    // One can be qualified, one cannot: the shorter keeps the name.
    let _: names::AccountsChangeOwnerResponse = Default::default();
    let _: names::ChangeOwnerResponse = Default::default();
    // A struct keeps `BuildStatus`; the enums spell out or add `Enum`.
    let status = names::BuildStatus {
        status: Some(names::BuildStatusEnum::Completed),
        other: Some(names::BuildStatusStatus::Failed),
        ..Default::default()
    };
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"status": "completed", "other": "failed"})
    );
    // Named like an item of the runtime: no clash, the runtime is named by path.
    let _: names::ListItem = Default::default();
    // A hyphenated schema name.
    let _: names::CallInstance = Default::default();
}

#[test]
fn camel_case_and_hyphenated_property_names_get_distinct_fields() {
    let item: names::ListItem = serde_json::from_value(serde_json::json!({
        "accountSid": "camel",
        "account_sid": "snake",
        "twilio/list-picker": "picker",
        "call-instance": 3,
        "type": "t",
    }))
    .unwrap();
    assert_eq!(item.account_sid.as_deref(), Some("camel"));
    assert_eq!(item.account_sid_2.as_deref(), Some("snake"));
    assert_eq!(item.twilio_list_picker.as_deref(), Some("picker"));
    assert_eq!(item.call_instance, Some(3));
    assert_eq!(item.r#type.as_deref(), Some("t"));
    assert_eq!(
        serde_json::to_string(&item).unwrap(),
        r#"{"accountSid":"camel","account_sid":"snake","twilio/list-picker":"picker","call-instance":3,"type":"t"}"#
    );
}

#[test]
fn an_enum_value_unknown_is_not_the_fallback() {
    use names::CallInstanceState as S;
    let cases = [
        ("unknown", S::UnknownValue),
        ("UNKNOWN", S::UnknownValue2),
        ("Active (Now)", S::ActiveNow),
        ("active_now", S::ActiveNow2),
        ("queued", S::Queued),
        ("paused", S::Unknown("paused".into())),
    ];
    for (wire, variant) in cases {
        let parsed: S = serde_json::from_value(serde_json::json!(wire)).unwrap();
        assert_eq!(parsed, variant, "{wire}");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), wire);
    }
}

#[test]
fn eq_is_derived_only_where_every_field_allows_it() {
    fn eq<T: Eq>() {}
    fn partial_eq<T: PartialEq>() {}
    // Strings and SIDs only: Eq.
    eq::<names::ListItem>();
    eq::<shared_a::Channel>();
    // A float and a JSON value, and a struct that holds such a struct:
    // PartialEq only (deriving Eq would not compile).
    partial_eq::<names::Reading>();
    partial_eq::<names::Sensor>();
    let reading = names::Reading {
        value: Some(f64::NAN),
        raw: None,
        ..Default::default()
    };
    assert_ne!(reading, reading.clone());
}

#[test]
fn hostile_text_and_json_text_generate_code_that_compiles_and_reads() {
    let thing: twilio_constructs::hostile_text::Thing = serde_json::from_value(serde_json::json!({
        "na\u{202e}me": "x",
        "cr\rname": "y",
        "back`tick": "z",
        "status": "```",
    }))
    .unwrap();
    assert_eq!(thing.na_me.as_deref(), Some("x"));
    assert_eq!(thing.cr_name.as_deref(), Some("y"));
    assert_eq!(thing.back_tick.as_deref(), Some("z"));
    let reaction: twilio_constructs::json_text::Reaction =
        serde_json::from_value(serde_json::json!({"emoji": "\u{1f44d}", "zeta": 1, "alpha": 2}))
            .unwrap();
    // Fields in the order of the JSON spec, not sorted.
    assert_eq!(
        serde_json::to_string(&reaction).unwrap(),
        "{\"emoji\":\"\u{1f44d}\",\"zeta\":1,\"alpha\":2}"
    );
}

#[test]
fn a_spec_without_sids_has_no_sid_imports() {
    let note = twilio_constructs::no_sids::FetchNote::new()
        .request()
        .unwrap();
    assert_eq!(note.uri(), "https://plain.example.com/v1/Notes");
}

/// The doc text of a line of generated code, in either layout: `/// text`
/// (pretty-printed) or `#[doc = " text"]` (compact), one line each.
fn doc_line(line: &str) -> Option<String> {
    let line = line.trim_start();
    if let Some(doc) = line.strip_prefix("///") {
        return Some(doc.to_string());
    }
    let literal = line.strip_prefix("#[doc = ")?.strip_suffix(']')?;
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        return Some(raw[hashes + 1..raw.len() - hashes - 1].to_string());
    }
    let inner = &literal[1..literal.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&code, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Some(out)
}

/// Every code block in the generated docs is marked `text`, so none becomes
/// a doctest (run, or listed as ignored in every `cargo test` of a user's
/// crate): the hostile text spec has an unmarked fence in a description.
#[test]
fn generated_docs_hold_no_doctests() {
    let mut files = vec![std::path::PathBuf::from(env!("OUT_DIR"))];
    let mut fences = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut open = false;
        for line in text.lines() {
            let Some(doc) = doc_line(line) else {
                continue;
            };
            let doc = doc.as_str();
            // An indented code block is one too.
            let raw = doc.strip_prefix(' ').unwrap_or(doc);
            assert!(
                !raw.starts_with("    ") || open,
                "{}: {line}",
                path.display()
            );
            let doc = doc.trim();
            if doc.starts_with("```") || doc.starts_with("~~~") {
                if !open {
                    fences += 1;
                    assert!(
                        doc == "```text" || doc == "~~~text",
                        "{}: a code block that is not text: {line}",
                        path.display()
                    );
                }
                open = !open;
            }
        }
        assert!(!open, "{}: a code block left open", path.display());
    }
    assert!(fences > 0, "the hostile text spec's code block is gone");
}
