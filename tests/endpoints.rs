//! Endpoint stubs turned into `http::Request`s: exact method, URL, query,
//! headers and body bytes for every kind of operation, then every request
//! example of the specs expressed with its stub.

mod common;

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use http::Request;
use serde_json::{json, Value};
use twilio_chat::v2;
use twilio_chat::{Endpoint, Page, RequestError, ResponseError, SidLike};
use twilio_codegen::model::{Location, Type};

fn service() -> v2::ServiceSid {
    v2::ServiceSid::parse("IS0123456789abcdef0123456789abcdef").unwrap()
}

const SERVICE: &str = "IS0123456789abcdef0123456789abcdef";

fn body(request: &Request<Vec<u8>>) -> &str {
    std::str::from_utf8(request.body()).unwrap()
}

fn content_type(request: &Request<Vec<u8>>) -> Option<&str> {
    request
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap())
}

#[test]
fn fetch_builds_a_get_without_body() {
    let request = v2::FetchUser::new(service(), "maria.lopez@example.com")
        .request()
        .unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!("https://chat.twilio.com/v2/Services/{SERVICE}/Users/maria.lopez%40example.com")
    );
    assert!(request.body().is_empty());
    assert_eq!(content_type(&request), None);
    assert!(request.headers().is_empty());
    assert_eq!(
        v2::FetchUser::PATH_TEMPLATE,
        "/v2/Services/{ServiceSid}/Users/{Sid}"
    );
    assert_eq!(v2::FetchUser::SUCCESS_STATUS, 200);
}

#[test]
fn sid_like_values_are_percent_encoded_as_one_segment() {
    let cases = [
        ("a b/c?d#e", "a%20b%2Fc%3Fd%23e"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("100%", "100%25"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("dev-bot_1.x~", "dev-bot_1.x~"),
    ];
    for (identity, encoded) in cases {
        let request = v2::DeleteUserChannel::new(service(), identity, "general chat")
            .request()
            .unwrap();
        assert_eq!(
            request.uri().path(),
            format!("/v2/Services/{SERVICE}/Users/{encoded}/Channels/general%20chat"),
            "{identity:?}"
        );
    }
    // A valid SID is a SID; anything else is a name.
    let sid = v2::UserSid::parse("US0123456789abcdef0123456789abcdef").unwrap();
    let by_sid = v2::FetchUser::new(service(), sid);
    assert_eq!(by_sid.sid, SidLike::Sid(sid));
    assert_eq!(
        v2::FetchUser::new(service(), sid.as_str()).sid,
        SidLike::Sid(sid)
    );
}

#[test]
fn list_query_is_typed_and_bounded() {
    let request = v2::ListUser::new(service())
        .page_size(50)
        .page(2)
        .page_token("PT42")
        .request()
        .unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().query(),
        Some("PageSize=50&Page=2&PageToken=PT42")
    );
    assert!(request.body().is_empty());

    let err = v2::ListUser::new(service())
        .page_size(101)
        .request()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "PageSize is 101, outside the accepted range 1..=100"
    );
    let err = v2::ListUser::new(service())
        .page_size(0)
        .request()
        .unwrap_err();
    assert!(matches!(
        err,
        RequestError::OutOfRange {
            parameter: "PageSize",
            value: 0,
            ..
        }
    ));
    let err = v2::ListUser::new(service()).page(-1).request().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Page is -1, outside the accepted range 0.."
    );
    // Maxima differ per operation, as the spec says.
    assert!(v2::ListChannelWebhook::new(service(), "general")
        .page_size(5)
        .request()
        .is_ok());
    assert!(v2::ListChannelWebhook::new(service(), "general")
        .page_size(6)
        .request()
        .is_err());
    assert!(v2::ListCredential::new().page_size(1000).request().is_ok());
    assert!(twilio_chat::v1::ListService::new()
        .page_size(101)
        .request()
        .is_err());
}

#[test]
fn arrays_repeat_their_key() {
    let request = v2::ListChannel::new(service())
        .r#type([v2::ChannelType::Public, v2::ChannelType::Private])
        .request()
        .unwrap();
    assert_eq!(request.uri().query(), Some("Type=public&Type=private"));

    let request = v2::ListMember::new(service(), "general")
        .identity(["maria lopez", "dev+bot@example.com"])
        .request()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("Identity=maria+lopez&Identity=dev%2Bbot%40example.com")
    );

    let request = v2::CreateRole::new(
        service(),
        "Moderator",
        v2::RoleType::Channel,
        ["sendMessage", "banMember"],
    )
    .request()
    .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        format!("https://chat.twilio.com/v2/Services/{SERVICE}/Roles")
    );
    assert_eq!(
        content_type(&request),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        body(&request),
        "FriendlyName=Moderator&Type=channel&Permission=sendMessage&Permission=banMember"
    );
}

#[test]
fn dotted_field_names_are_kept() {
    let request = v2::UpdateService::new(service())
        .notifications_new_message_enabled(true)
        .notifications_new_message_template("New message in ${CHANNEL}")
        .limits_channel_members(250)
        .webhook_filters(["onMessageSent", "onChannelDestroyed"])
        .request()
        .unwrap();
    assert_eq!(
        body(&request),
        "Notifications.NewMessage.Enabled=true\
         &Notifications.NewMessage.Template=New+message+in+%24%7BCHANNEL%7D\
         &WebhookFilters=onMessageSent&WebhookFilters=onChannelDestroyed\
         &Limits.ChannelMembers=250"
    );
}

#[test]
fn an_update_sends_only_the_fields_that_were_set() {
    let request = v2::UpdateUser::new(service(), "maria")
        .friendly_name("María")
        .request()
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(body(&request), "FriendlyName=Mar%C3%ADa");
    assert_eq!(
        content_type(&request),
        Some("application/x-www-form-urlencoded")
    );

    // Nothing set: no body and no Content-Type.
    let request = v2::UpdateUser::new(service(), "maria").request().unwrap();
    assert!(request.body().is_empty());
    assert_eq!(content_type(&request), None);
}

#[test]
fn headers_dates_and_sids_are_encoded() {
    let created = Utc.with_ymd_and_hms(2025, 3, 14, 9, 26, 53).unwrap();
    let message = v2::MessageSid::parse("IM0123456789abcdef0123456789abcdef").unwrap();
    let request = v2::UpdateMessage::new(service(), "general", message)
        .x_twilio_webhook_enabled(v2::MessageWebhookEnabledType::True)
        .date_created(created)
        .body("edited")
        .request()
        .unwrap();
    assert_eq!(
        request.uri().path(),
        format!(
            "/v2/Services/{SERVICE}/Channels/general/Messages/IM0123456789abcdef0123456789abcdef"
        )
    );
    assert_eq!(request.headers()["x-twilio-webhook-enabled"], "true");
    assert_eq!(
        body(&request),
        "Body=edited&DateCreated=2025-03-14T09%3A26%3A53Z"
    );
}

#[test]
fn base_url_can_be_overridden() {
    let request = v2::FetchService::new(service())
        .to_request("http://127.0.0.1:8080/proxy/")
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("http://127.0.0.1:8080/proxy/v2/Services/{SERVICE}")
    );
    assert!(v2::FetchService::new(service())
        .to_request("not a url at all")
        .is_err());
    assert_eq!(v2::DEFAULT_BASE_URL, "https://chat.twilio.com");
}

#[test]
fn delete_returns_nothing_and_errors_are_read() {
    let request = v2::DeleteService::new(service()).request().unwrap();
    assert_eq!(request.method(), http::Method::DELETE);
    assert!(request.body().is_empty());
    assert_eq!(v2::DeleteService::SUCCESS_STATUS, 204);
    v2::DeleteService::parse_response(204, b"").unwrap();

    let err = v2::DeleteService::parse_response(
        404,
        br#"{"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the API answered 404 (error 20404): The requested resource was not found"
    );
    let err = v2::FetchService::parse_response(200, b"{\"sid\": 7").unwrap_err();
    assert!(matches!(err, ResponseError::Decode(_)), "{err:?}");
    // A body that is JSON is always read; what does not fit is kept.
    let service = v2::FetchService::parse_response(200, b"{\"sid\": 7}").unwrap();
    assert_eq!(service.sid, None);
    assert_eq!(service.extra.get("sid"), Some(&serde_json::json!(7)));
    let err = v2::FetchService::parse_response(500, b"<html>").unwrap_err();
    assert!(
        matches!(
            err,
            ResponseError::Status {
                status: 500,
                error: None
            }
        ),
        "{err:?}"
    );
}

#[test]
fn create_answers_201_with_the_resource() {
    assert_eq!(v2::CreateUser::SUCCESS_STATUS, 201);
    let user: v2::User = v2::CreateUser::parse_response(
        201,
        br#"{"identity": "maria", "joined_channels_count": 0}"#,
    )
    .unwrap();
    assert_eq!(user.identity.as_deref(), Some("maria"));
    // Twilio answers creates with 200 as well: applied, and read the same.
    let user = v2::CreateUser::parse_response(200, br#"{"identity": "maria"}"#).unwrap();
    assert_eq!(user.identity.as_deref(), Some("maria"));
    assert!(v2::CreateUser::parse_response(400, b"{}").is_err());
}

#[test]
fn pages_lead_to_the_next_page() {
    let next = format!(
        "https://chat.twilio.com/v2/Services/{SERVICE}/Users?PageSize=2&Page=1&PageToken=PTabc"
    );
    let page: Page<v2::User> = v2::ListUser::parse_response(
        200,
        json!({
            "users": [{ "identity": "a" }, { "identity": "b" }],
            "meta": { "key": "users", "page": 0, "page_size": 2, "next_page_url": next, "previous_page_url": null }
        })
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[1].identity.as_deref(), Some("b"));
    let request = page
        .next_page()
        .expect("a next page")
        .to_request("http://localhost:9000")
        .unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!(
            "http://localhost:9000/v2/Services/{SERVICE}/Users?PageSize=2&Page=1&PageToken=PTabc"
        )
    );

    // Without a base URL, the next page goes to the API's own host, whatever
    // host the link named.
    let foreign: Page<v2::User> = serde_json::from_value(json!({
        "users": [],
        "meta": { "next_page_url": format!("https://elsewhere.example.com/v2/Services/{SERVICE}/Users?Page=1") }
    }))
    .unwrap();
    let request = foreign.next_page().unwrap().request().unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("https://chat.twilio.com/v2/Services/{SERVICE}/Users?Page=1")
    );

    let last: Page<v2::User> =
        serde_json::from_value(json!({ "users": [], "meta": { "next_page_url": null } })).unwrap();
    assert!(last.next_page().is_none());
    // The items key is per resource: user channels come under `channels`.
    let channels: Page<v2::UserChannel> =
        serde_json::from_value(json!({ "channels": [{ "status": "joined" }], "meta": {} }))
            .unwrap();
    assert_eq!(
        channels.items[0].status,
        Some(v2::UserChannelStatus::Joined)
    );
}

/// A generic `send` written once against the trait, as a user would: here the
/// "transport" answers from a map of canned responses.
fn send<E: Endpoint>(
    endpoint: &E,
    server: &BTreeMap<String, (u16, String)>,
) -> Result<E::Response, Box<dyn std::error::Error>> {
    let request = endpoint.to_request("http://test")?;
    let key = format!("{} {}", request.method(), request.uri());
    let (status, body) = server
        .get(&key)
        .ok_or_else(|| format!("unexpected request {key}"))?;
    Ok(E::parse_response(*status, body.as_bytes())?)
}

#[test]
fn one_generic_send_walks_every_page() {
    let page = |n: u32, next: Option<String>| {
        json!({
            "users": [{ "identity": format!("user-{n}") }],
            "meta": { "page": n, "next_page_url": next }
        })
        .to_string()
    };
    let base = format!("/v2/Services/{SERVICE}/Users");
    let server: BTreeMap<String, (u16, String)> = [
        (
            format!("GET http://test{base}?PageSize=1"),
            (
                200,
                page(
                    0,
                    Some(format!(
                        "https://chat.twilio.com{base}?PageSize=1&Page=1&PageToken=PT1"
                    )),
                ),
            ),
        ),
        (
            format!("GET http://test{base}?PageSize=1&Page=1&PageToken=PT1"),
            (
                200,
                page(
                    1,
                    Some(format!(
                        "https://chat.twilio.com{base}?PageSize=1&Page=2&PageToken=PT2"
                    )),
                ),
            ),
        ),
        (
            format!("GET http://test{base}?PageSize=1&Page=2&PageToken=PT2"),
            (200, page(2, None)),
        ),
    ]
    .into_iter()
    .collect();
    let mut page = send(&v2::ListUser::new(service()).page_size(1), &server).unwrap();
    let mut seen = vec![];
    loop {
        seen.extend(page.items.iter().filter_map(|u| u.identity.clone()));
        match page.next_page() {
            Some(next) => page = send(&next, &server).unwrap(),
            None => break,
        }
    }
    assert_eq!(seen, ["user-0", "user-1", "user-2"]);
}

#[test]
fn personal_data_in_parameters_is_redacted_in_debug_output() {
    let list = v2::ListMember::new(service(), "general").identity(["maria@example.com"]);
    let debug = format!("{list:?}");
    assert!(debug.contains("identity: <redacted>"), "{debug}");
    assert!(!debug.contains("maria@example.com"), "{debug}");
}

// ----- every request example of the specs -----------------------------------

/// The example's fields as form pairs: arrays repeat the key, scalars are
/// written as text. Grouped by key, in order within each key.
fn example_pairs(example: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in example.as_object().unwrap() {
        let values = match value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for v in values {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.entry(key.clone()).or_default().push(text);
        }
    }
    out
}

fn grouped(pairs: Vec<(&'static str, String)>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in pairs {
        out.entry(k.to_owned()).or_default().push(v);
    }
    out
}

/// Builds the stub from the example (plus made-up path parameters) through
/// its typed fields, and returns the form fields it encodes.
fn encode<E: Endpoint + serde::de::DeserializeOwned>(
    input: Value,
) -> Result<Vec<(&'static str, String)>, String> {
    let stub: E = serde_json::from_value(input).map_err(|e| e.to_string())?;
    stub.to_request("https://chat.twilio.com")
        .map_err(|e| e.to_string())?;
    Ok(stub.form())
}

macro_rules! dispatch_request {
    ($version:ident, $id:expr, $input:expr, [$($op:ident),* $(,)?]) => {
        match $id {
            $(stringify!($op) => encode::<twilio_chat::$version::$op>($input),)*
            other => panic!("no dispatch for {other}; add it to the table"),
        }
    };
}

fn walk_request_examples(
    version: &str,
    encode: impl Fn(&str, Value) -> Result<Vec<(&'static str, String)>, String>,
) -> usize {
    let api = common::ir(version);
    let ops: BTreeMap<String, _> = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .map(|op| (op.operation_id.clone(), op))
        .collect();
    let mut checked = 0;
    for (path, method, op) in common::operations(&common::raw_spec(version)) {
        let id = op["operationId"].as_str().unwrap();
        let examples =
            &op["requestBody"]["content"]["application/x-www-form-urlencoded"]["examples"];
        for (name, example) in examples.as_object().into_iter().flatten() {
            let where_ = format!("{version} {id} ({method} {path}) request example {name:?}");
            let example = &example["value"];
            let mut input = example.clone();
            for (n, param) in ops[id]
                .params
                .iter()
                .filter(|p| p.location == Location::Path)
                .enumerate()
            {
                let value = match &param.ty {
                    Type::Sid(form) => common::sid(&common::prefix(form), n as u32),
                    _ => format!("name-{n}"),
                };
                input[&param.wire] = Value::String(value);
            }
            let form =
                encode(id, input).unwrap_or_else(|e| panic!("{where_}: cannot be expressed: {e}"));
            assert_eq!(
                grouped(form),
                example_pairs(example),
                "{where_}: encodes differently"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_v2_request_example_is_expressible_and_encodes_the_same() {
    let checked = walk_request_examples("v2", |id, input| {
        dispatch_request!(
            v2,
            id,
            input,
            [
                CreateChannel,
                UpdateChannel,
                CreateChannelWebhook,
                UpdateChannelWebhook,
                CreateCredential,
                UpdateCredential,
                CreateInvite,
                CreateMember,
                UpdateMember,
                CreateMessage,
                UpdateMessage,
                CreateRole,
                UpdateRole,
                CreateService,
                UpdateService,
                CreateUser,
                UpdateUser,
                UpdateUserChannel,
            ]
        )
    });
    let with_body = common::ir("v2")
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter(|op| op.params.iter().any(|p| p.location == Location::Form))
        .count();
    assert_eq!(with_body, 18);
    assert!(
        checked >= with_body,
        "{checked} examples for {with_body} operations with bodies"
    );
}

#[test]
fn every_v1_request_example_is_expressible_and_encodes_the_same() {
    let checked = walk_request_examples("v1", |id, input| {
        dispatch_request!(
            v1,
            id,
            input,
            [
                CreateChannel,
                UpdateChannel,
                CreateCredential,
                UpdateCredential,
                CreateInvite,
                CreateMember,
                UpdateMember,
                CreateMessage,
                UpdateMessage,
                CreateRole,
                UpdateRole,
                CreateService,
                UpdateService,
                CreateUser,
                UpdateUser,
            ]
        )
    });
    assert!(checked >= 15, "{checked}");
}

#[test]
fn a_request_example_with_an_undeclared_field_is_caught() {
    // The walk must be able to fail: an example field the stub does not have
    // is not silently dropped.
    let input =
        json!({ "ServiceSid": SERVICE, "Sid": "general", "FriendlyName": "x", "Type": "private" });
    let form = encode::<v2::UpdateChannel>(input.clone()).unwrap();
    let mut example = input;
    example
        .as_object_mut()
        .unwrap()
        .retain(|k, _| k != "ServiceSid" && k != "Sid");
    assert_ne!(grouped(form), example_pairs(&example));
}
