//! Every response example in spec/, for every operation of both versions,
//! deserializes into the operation's generated response type and serializes
//! back to equal JSON. The examples are found by walking the specs; which
//! type each operation returns comes from the generator's IR.

mod common;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use twilio_codegen::model::Response;

/// Deserializes an example, checks that every value found its typed field
/// (nothing was kept aside in an `extra`), and that it serializes back to
/// the same JSON.
fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(where_: &str, example: &Value) {
    let typed: T = serde_json::from_value(example.clone())
        .unwrap_or_else(|e| panic!("{where_}: does not deserialize: {e}"));
    // `Extra`'s Debug output lists the fields it holds: all of them empty.
    let debug = format!("{typed:?}");
    assert!(
        !debug.contains("fields: [\""),
        "{where_}: values did not fit their types: {debug}"
    );
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        &back, example,
        "{where_}: does not serialize back to the same JSON"
    );
}

/// Calls `round_trip` with the type a model name stands for. The model names
/// are a dispatch table, not a list of cases: a model the spec returns that
/// is missing here fails the test.
macro_rules! dispatch {
    ($version:ident, $response:expr, $where_:expr, $example:expr, [$($model:ident),* $(,)?]) => {
        match $response {
            Response::Model { ty, .. } => match ty.as_str() {
                $(stringify!($model) => round_trip::<twilio_chat::$version::$model>($where_, $example),)*
                other => panic!("{}: no dispatch for model {other}; add it to the table", $where_),
            },
            Response::List { item, .. } => match item.as_str() {
                $(stringify!($model) => round_trip::<twilio_chat::Page<twilio_chat::$version::$model>>($where_, $example),)*
                other => panic!("{}: no dispatch for model {other}; add it to the table", $where_),
            },
            other => panic!("{}: response {other:?} has an example but no typed body", $where_),
        }
    };
}

/// Round-trips one v2 example through the type its operation returns.
fn check_v2(response: &Response, where_: &str, example: &Value) {
    dispatch!(
        v2,
        response,
        where_,
        example,
        [
            Binding,
            Channel,
            ChannelWebhook,
            Credential,
            Invite,
            Member,
            Message,
            Role,
            Service,
            User,
            UserBinding,
            UserChannel,
        ]
    )
}

/// Walks the response examples of one version; returns how many were checked
/// per operation.
fn walk(version: &str, check: impl Fn(&Response, &str, &Value)) -> BTreeMap<String, usize> {
    let raw = common::raw_spec(version);
    let responses: BTreeMap<String, Response> = common::ir(version)
        .resources
        .into_iter()
        .flat_map(|r| r.operations)
        .map(|op| (op.operation_id, op.response))
        .collect();
    let mut checked = BTreeMap::new();
    for (path, method, op) in common::operations(&raw) {
        let id = op["operationId"].as_str().unwrap().to_owned();
        let response = &responses[&id];
        for (status, body) in op["responses"].as_object().unwrap() {
            let examples = &body["content"]["application/json"]["examples"];
            for (name, example) in examples.as_object().into_iter().flatten() {
                let where_ = format!("{version} {id} ({method} {path}) {status} example {name:?}");
                assert_eq!(status, &response.status().to_string(), "{where_}: status");
                check(response, &where_, &example["value"]);
                *checked.entry(id.clone()).or_insert(0) += 1;
            }
        }
    }
    checked
}

#[test]
fn every_v2_response_example_round_trips() {
    let checked = walk("v2", check_v2);
    // Every operation with a body has at least one example, and each was checked.
    let with_body = common::ir("v2")
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter(|op| !matches!(op.response, Response::Empty { .. }))
        .count();
    assert_eq!(
        checked.len(),
        with_body,
        "operations with checked examples: {checked:?}"
    );
    assert_eq!(
        with_body,
        54 - 12,
        "v2 has 54 operations, 12 of them deletes"
    );
}

#[test]
fn every_v1_response_example_round_trips() {
    let checked = walk("v1", |response, where_, example| {
        dispatch!(
            v1,
            response,
            where_,
            example,
            [
                Channel,
                Credential,
                Invite,
                Member,
                Message,
                Role,
                Service,
                User,
                UserChannel,
            ]
        )
    });
    assert_eq!(
        checked.len(),
        40 - 8,
        "v1 has 40 operations, 8 of them deletes"
    );
}

#[test]
fn a_response_with_an_invalid_sid_fails_the_walk() {
    // The walk is only as good as its ability to fail: corrupt one SID in a
    // real example, and the value no longer finds its typed field.
    let result = std::panic::catch_unwind(|| {
        walk("v2", |response, where_, example| {
            let mut example = example.clone();
            if let Some(sid) = example.get_mut("sid") {
                *sid = Value::String("XX0123456789abcdef0123456789abcdef".into());
            }
            check_v2(response, where_, &example)
        })
    });
    assert!(result.is_err());
}
