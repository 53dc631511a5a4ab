//! Valid specs the generator once refused or wrote badly (spec
//! `edges.yaml`): that this compiles, with warnings denied and under
//! `clippy::pedantic` in CI, is most of the test; these check what the
//! names mean.

use twilio_constructs::edges;
use twilio_runtime::Endpoint;

const IS: &str = "IS0123456789abcdef0123456789abcdef";

#[test]
fn operations_without_an_id_are_named_after_method_and_path() {
    let service: edges::ServiceSid = IS.parse().unwrap();
    let fetch = edges::FetchUser::new(service, "alice").request().unwrap();
    assert_eq!(fetch.method(), "GET");
    assert_eq!(
        fetch.uri(),
        "https://edges.example.com/v1/Services/IS0123456789abcdef0123456789abcdef/Users/alice"
    );
    assert_eq!(
        edges::DeleteUser::new(service, "alice")
            .request()
            .unwrap()
            .method(),
        "DELETE"
    );
    let create = edges::CreateUser::new(service, "bob").request().unwrap();
    assert_eq!(
        (create.method().as_str(), create.body().as_slice()),
        ("POST", b"Identity=bob".as_slice())
    );
    // An object in a form body has no text form but JSON.
    let create = edges::CreateUser::new(service, "bob")
        .settings(serde_json::json!({"size": 3}))
        .request()
        .unwrap();
    assert_eq!(
        create.body().as_slice(),
        b"Identity=bob&Settings=%7B%22size%22%3A3%7D".as_slice()
    );
    // A list of users elsewhere takes the name qualified by its parent; the
    // class name Twilio gives a path names its stub.
    let team = edges::ListTeamUser::new("TM1").request().unwrap();
    assert_eq!(team.uri().path(), "/v1/Teams/TM1/Users");
    let config = edges::FetchServiceConfiguration::new(service)
        .request()
        .unwrap();
    assert_eq!(
        config.uri().path(),
        "/v1/Services/IS0123456789abcdef0123456789abcdef/Configuration"
    );
    // Each warned about, at its place.
    let named = twilio_constructs::WARNINGS
        .lines()
        .filter(|w| w.starts_with("specs/edges.yaml:") && w.contains("has no operationId"))
        .count();
    assert_eq!(named, 6, "{}", twilio_constructs::WARNINGS);
}

#[test]
fn keywords_as_enum_values_and_fields_keep_their_wire_names() {
    assert_eq!(edges::UserKind::from("Self"), edges::UserKind::Self_);
    assert_eq!(edges::UserKind::from("self"), edges::UserKind::Self2);
    assert_eq!(edges::UserKind::Self2.as_str(), "self");
    let user: edges::User = serde_json::from_value(serde_json::json!({
        "self": "lower",
        "Self": "upper",
        "kind": "self",
        "a": {"a": {"a": {"a": "deep"}}}
    }))
    .unwrap();
    assert_eq!(user.self_.as_deref(), Some("lower"));
    assert_eq!(user.self_2.as_deref(), Some("upper"));
    assert_eq!(user.kind, Some(edges::UserKind::Self2));
    // An object `a` in an object `a` in an object `a`: three structs.
    let deep: Option<&edges::UserA2A> = user
        .a
        .as_ref()
        .and_then(|a| a.a.as_ref())
        .and_then(|a| a.a.as_ref());
    assert_eq!(deep.and_then(|a| a.a.as_deref()), Some("deep"));
    assert_eq!(
        serde_json::to_value(&user).unwrap()["a"]["a"]["a"]["a"],
        "deep"
    );
}

#[test]
fn modules_keep_their_names_whatever_their_files_are_called() {
    // In files `con_.rs`, `aux_.rs` and a shortened name with a hash.
    let _: edges::con::Con = edges::Con::default();
    let _: edges::aux::Aux = edges::Aux::default();
    let long = "very_long_resource_name_".repeat(10);
    let module = long.trim_end_matches('_');
    assert_eq!(module.len(), 239);
    let _: edges::very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name_very_long_resource_name::VeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceName =
        edges::VeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceNameVeryLongResourceName::default();
    let files: Vec<String> = std::fs::read_dir(concat!(env!("OUT_DIR"), "/edges"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for file in ["con_.rs", "aux_.rs", "mod.rs"] {
        assert!(files.iter().any(|f| f == file), "{files:?}");
    }
    assert!(files.iter().all(|f| f.len() <= 103), "{files:?}");
}
