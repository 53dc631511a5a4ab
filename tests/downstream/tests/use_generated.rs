//! The generated code, used from outside the crate that generated it.

use chat_downstream_example::{chat, first_page, online_identities};
use twilio_runtime::Endpoint;

#[test]
fn builds_requests_with_the_generated_stubs() {
    let request = first_page("IS0123456789abcdef0123456789abcdef", 20).unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://chat.twilio.com/v2/Services/IS0123456789abcdef0123456789abcdef/Users?PageSize=20"
    );
    let err = first_page("US0123456789abcdef0123456789abcdef", 20).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid ServiceSid (expected \"IS\" followed by 32 hex digits): starts with \"US\", not \"IS\""
    );
    assert!(first_page("IS0123456789abcdef0123456789abcdef", 500).is_err());
}

#[test]
fn reads_responses_with_the_generated_models() {
    let body = br#"{
        "users": [
            {"identity": "ana", "is_online": true, "joined_channels_count": 2},
            {"identity": "bo", "is_online": false},
            {"identity": "cy", "is_online": null}
        ],
        "meta": {"key": "users", "page": 0, "page_size": 3, "next_page_url": null}
    }"#;
    let page = chat::ListUser::parse_response(200, body).unwrap();
    assert_eq!(online_identities(&page), ["ana"]);
    assert_eq!(page.items[0].joined_channels_count, Some(2));
    // Left out of the body: absent, and absent again when written back.
    assert_eq!(page.items[1].joined_channels_count, None);
    let written = serde_json::to_value(&page.items[1]).unwrap();
    assert_eq!(
        written,
        serde_json::json!({"identity": "bo", "is_online": false})
    );
    assert!(page.next_page().is_none());
}

#[test]
fn options_set_in_the_build_script_reach_the_types() {
    use std::collections::HashSet;
    let service: chat::ServiceSid = "IS0123456789abcdef0123456789abcdef".parse().unwrap();
    let requests: HashSet<chat::FetchUser> = ["ana", "bo", "ana"]
        .into_iter()
        .map(|identity| chat::FetchUser::new(service, identity))
        .collect();
    assert_eq!(requests.len(), 2);
}
