//! What checking a webhook and minting a token cost:
//! `cargo bench -p twilio-runtime --features webhook,access-token --bench webhook`.
//!
//! 1. `Validator::validate` on a signed Chat post-event (a form of 14
//!    fields, 640 bytes), against the floor measured in the same run: one
//!    bare HMAC-SHA1 over the text that request signs. Validation decodes
//!    and sorts the form, and computes the HMAC for the URL with and
//!    without its port, so about twice the floor is the least it can cost.
//! 2. `AccessToken::to_jwt_at` with a Chat grant, against one bare
//!    HMAC-SHA256 over a text as long as the token's signed part.
//!
//! The workspace's bench harness (`bench/harness`): warm-up and
//! calibration, then interleaved rounds (the order rotated every round)
//! until each stage has run `BENCH_SECS` seconds (default 2) and at least 15
//! rounds; medians per iteration and their ratio to the floor. Run by
//! `cargo test --benches`, every stage runs once, as a smoke test.

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use bench_harness::{run, timed, Budget, Stage};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Sha256;
use twilio_runtime::access_token::{AccessToken, ChatGrant};
use twilio_runtime::http::Request;
use twilio_runtime::webhook::{compute_signature, Algorithm, Validator};

const URL: &str = "https://chat.example.com/chat/events";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn main() {
    let budget = Budget::from_env();
    let params: Vec<(&str, &str)> = vec![
        ("EventType", "onMessageSent"),
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("InstanceSid", "IS0123456789abcdef0123456789abcdef"),
        ("ClientIdentity", "maria.lopez@example.com"),
        ("Source", "SDK"),
        ("RetryCount", "0"),
        ("MessageSid", "IM0123456789abcdef0123456789abcdef"),
        ("ChannelSid", "CH0123456789abcdef0123456789abcdef"),
        ("Index", "4211"),
        (
            "Body",
            "Sounds good — see you at the café at 5, and bring the slides!",
        ),
        (
            "Attributes",
            r#"{"importance":"high","reply_to":4210,"tags":["plans","café"]}"#,
        ),
        ("From", "maria.lopez@example.com"),
        ("To", "CH0123456789abcdef0123456789abcdef"),
        ("DateCreated", "2026-05-01T10:00:00.123Z"),
    ];
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    let signature = compute_signature(
        Algorithm::HmacSha1,
        TOKEN.as_bytes(),
        URL,
        params.iter().copied(),
    );
    let request = Request::post("/chat/events")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .body(body.clone().into_bytes())
        .unwrap();
    let validator = Validator::new(TOKEN);
    assert!(validator.validate(&request, URL).is_ok());
    let mut sorted = params.clone();
    sorted.sort_unstable();
    let signed_text: String = std::iter::once(URL.to_owned())
        .chain(sorted.iter().map(|(k, v)| format!("{k}{v}")))
        .collect();

    let token = AccessToken::new(
        "AC0123456789abcdef0123456789abcdef",
        "SK0123456789abcdef0123456789abcdef",
        "the API key's secret",
        "maria.lopez@example.com",
    )
    .grant(ChatGrant::new().service_sid("IS0123456789abcdef0123456789abcdef"));
    let issued = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let jwt = token.to_jwt_at(issued).unwrap();
    let signed_part = jwt.rsplit_once('.').unwrap().0.to_owned();

    println!(
        "a Chat post-event: {} fields, {} bytes; a token: {} bytes",
        params.len(),
        body.len(),
        jwt.len()
    );
    let mut stages = vec![
        Stage::new("validate a signed event", |n| {
            timed(n, || {
                black_box(validator.validate(black_box(&request), URL).is_ok());
            })
        }),
        Stage::new("floor: one HMAC-SHA1", |n| {
            timed(n, || {
                let mut mac = Hmac::<Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
                mac.update(black_box(signed_text.as_bytes()));
                black_box(mac.finalize());
            })
        }),
        Stage::new("mint a Chat token", |n| {
            timed(n, || {
                black_box(token.to_jwt_at(issued).unwrap());
            })
        }),
        Stage::new("floor: one HMAC-SHA256", |n| {
            timed(n, || {
                let mut mac = Hmac::<Sha256>::new_from_slice(b"the API key's secret").unwrap();
                mac.update(black_box(signed_part.as_bytes()));
                black_box(mac.finalize());
            })
        }),
    ];
    run(&mut stages, budget);
    let medians: Vec<f64> = stages.iter().map(Stage::median).collect();
    for (stage, median) in stages.iter().zip(&medians) {
        println!("{:<28} {median:>9.0} ns", stage.label());
    }
    println!(
        "validate / HMAC-SHA1: {:.2}; mint / HMAC-SHA256: {:.2}",
        medians[0] / medians[1],
        medians[2] / medians[3]
    );
}
