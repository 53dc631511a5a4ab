//! Success as Twilio answers it, not only as its specs declare it: every
//! `2xx` is success and is read with the declared body, a redirect declared
//! with a body is typed with it, and an operation that declares a status
//! without a body returns an `Option`. Each example of `specs/responses.yaml`
//! is read under every `2xx`.

use std::fmt::Debug;

use serde_json::Value;
use twilio_constructs::{responses, WARNINGS};
use twilio_runtime::{Endpoint, ResponseError};

const SPEC: &str = include_str!("../specs/responses.yaml");

/// Reads `body` as `E`'s response on `status`.
fn read<E: Endpoint>(status: u16, body: &[u8]) -> Result<String, ResponseError>
where
    E::Response: Debug,
{
    E::parse_response(status, body).map(|r| format!("{r:?}"))
}

type Reader = fn(u16, &[u8]) -> Result<String, ResponseError>;

/// Every operation of the spec, by operationId.
const OPERATIONS: &[(&str, Reader)] = &[
    ("CreateJob", read::<responses::CreateJob>),
    ("FetchJob", read::<responses::FetchJob>),
    ("UpdateJob", read::<responses::UpdateJob>),
    ("DeleteJob", read::<responses::DeleteJob>),
    ("CreateRetry", read::<responses::CreateRetry>),
    ("CreateCancel", read::<responses::CreateCancel>),
    ("CreateReceipt", read::<responses::CreateReceipt>),
    ("FetchExport", read::<responses::FetchExport>),
    ("FetchExportFile", read::<responses::FetchExportFile>),
];

/// The operations of the spec, each with the example bodies of its
/// responses.
fn examples() -> Vec<(String, Vec<Value>)> {
    let spec: Value = serde_yaml::from_str(SPEC).unwrap();
    let mut out = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            let mut bodies = Vec::new();
            for response in op["responses"].as_object().unwrap().values() {
                let Some(content) = response["content"].as_object() else {
                    continue;
                };
                for media in content.values() {
                    if let Some(examples) = media["examples"].as_object() {
                        bodies.extend(examples.values().map(|e| e["value"].clone()));
                    }
                }
            }
            out.push((op["operationId"].as_str().unwrap().to_owned(), bodies));
        }
    }
    out
}

#[test]
fn every_example_is_read_as_success_under_every_2xx() {
    let examples = examples();
    assert_eq!(examples.len(), OPERATIONS.len(), "an operation untested");
    let mut read_count = 0;
    for (id, bodies) in &examples {
        let (_, reader) = OPERATIONS
            .iter()
            .find(|(name, _)| name == id)
            .unwrap_or_else(|| panic!("{id} is not in OPERATIONS"));
        for body in bodies {
            let bytes = serde_json::to_vec(body).unwrap();
            for status in 200..300 {
                if let Err(e) = reader(status, &bytes) {
                    panic!("{id} on {status}: {e}");
                }
                read_count += 1;
            }
        }
    }
    // 7 examples, 100 statuses each.
    assert_eq!(read_count, 700);
}

#[test]
fn the_declared_body_is_read_whatever_2xx_comes() {
    let body = br#"{"sid": "JB0123456789abcdef0123456789abcdef", "status": "done"}"#;
    // Declared 201, answered 200; declared 202, answered 200.
    for status in [200, 201, 202] {
        let job = responses::CreateJob::parse_response(status, body).unwrap();
        assert_eq!(job.status, Some(responses::JobStatus::Done));
        let job = responses::UpdateJob::parse_response(status, body).unwrap();
        assert_eq!(
            job.sid.unwrap().as_str(),
            "JB0123456789abcdef0123456789abcdef"
        );
    }
    // A status that is not success is the API's error, redirects included.
    for status in [301, 302, 307, 400, 404, 500] {
        let err = responses::CreateJob::parse_response(status, b"{}").unwrap_err();
        assert!(
            matches!(err, ResponseError::Status { status: s, .. } if s == status),
            "{status}: {err:?}"
        );
    }
}

#[test]
fn a_success_whose_body_does_not_fit_says_it_succeeded() {
    // A create answered 204: applied, and nothing to read.
    let err = responses::CreateJob::parse_response(204, b"").unwrap_err();
    let ResponseError::Decode(decode) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(decode.status(), 204);
    let text = err.to_string();
    assert!(
        text.starts_with("the request succeeded (204 No Content), but"),
        "{text}"
    );
    // HTML on 200.
    let err = responses::FetchJob::parse_response(200, b"<html>busy</html>").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the request succeeded (200 OK), but"),
        "{err}"
    );
}

#[test]
fn nothing_to_read_succeeds_on_any_2xx_whatever_the_body() {
    for status in 200..300 {
        responses::DeleteJob::parse_response(status, b"").unwrap();
        responses::DeleteJob::parse_response(status, b"{\"sid\": 1}").unwrap();
        responses::DeleteJob::parse_response(status, b"<html>").unwrap();
    }
    assert!(responses::DeleteJob::parse_response(404, b"").is_err());
    // A redirect without a body: declared, so it is the answer.
    assert_eq!(responses::FetchExportFile::SUCCESS_STATUS, 302);
    responses::FetchExportFile::parse_response(302, b"").unwrap();
    responses::FetchExportFile::parse_response(200, b"").unwrap();
    assert!(responses::FetchExportFile::parse_response(301, b"").is_err());
}

#[test]
fn a_redirect_declared_with_a_body_is_typed_with_it() {
    let body = br#"{"redirect_to": "https://files.example.com/x.json.gz"}"#;
    assert_eq!(responses::FetchExport::SUCCESS_STATUS, 307);
    // As declared, and as Twilio answers it.
    for status in [307, 200] {
        let export: responses::Export =
            responses::FetchExport::parse_response(status, body).unwrap();
        assert_eq!(
            export.redirect_to.as_deref(),
            Some("https://files.example.com/x.json.gz")
        );
    }
}

#[test]
fn a_status_declared_without_a_body_makes_the_answer_optional() {
    let body = br#"{"sid": "JB0123456789abcdef0123456789abcdef", "status": "done"}"#;
    let cancelled: Option<responses::Job> =
        responses::CreateCancel::parse_response(200, body).unwrap();
    assert_eq!(cancelled.unwrap().status, Some(responses::JobStatus::Done));
    assert!(responses::CreateCancel::parse_response(204, b"")
        .unwrap()
        .is_none());
    assert!(responses::CreateCancel::parse_response(201, body)
        .unwrap()
        .is_some());
    assert!(responses::CreateCancel::parse_response(202, b"")
        .unwrap()
        .is_none());
}

#[test]
fn statuses_declaring_different_bodies_are_read_as_the_first_with_a_warning() {
    let warning = WARNINGS
        .lines()
        .find(|w| w.contains("/v1/Jobs/{Sid}/Receipt") || w.contains("~1Receipt"))
        .unwrap_or_else(|| panic!("no warning for CreateReceipt in:\n{WARNINGS}"));
    assert!(
        warning.contains("the 201 response declares another body than the 200 response"),
        "{warning}"
    );
    let job: responses::Job =
        responses::CreateReceipt::parse_response(201, br#"{"accepted": true}"#).unwrap();
    assert_eq!(job.extra.get("accepted"), Some(&Value::Bool(true)));
}
