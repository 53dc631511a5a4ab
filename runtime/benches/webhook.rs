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
//! Interleaved rounds (the order rotated every round) until each stage has
//! run `BENCH_SECS` seconds (default 2) and at least 15 rounds; medians per
//! iteration and their ratio to the floor.

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Sha256;
use twilio_runtime::access_token::{AccessToken, ChatGrant};
use twilio_runtime::http::Request;
use twilio_runtime::webhook::{compute_signature, Algorithm, Validator};

const URL: &str = "https://chat.example.com/chat/events";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

type Stage = (&'static str, Box<dyn FnMut()>);

fn main() {
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
    let stages: Vec<Stage> = vec![
        (
            "validate a signed event",
            Box::new(move || {
                black_box(validator.validate(black_box(&request), URL).is_ok());
            }),
        ),
        (
            "floor: one HMAC-SHA1",
            Box::new(move || {
                let mut mac = Hmac::<Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
                mac.update(black_box(signed_text.as_bytes()));
                black_box(mac.finalize());
            }),
        ),
        (
            "mint a Chat token",
            Box::new(move || {
                black_box(token.to_jwt_at(issued).unwrap());
            }),
        ),
        (
            "floor: one HMAC-SHA256",
            Box::new(move || {
                let mut mac = Hmac::<Sha256>::new_from_slice(b"the API key's secret").unwrap();
                mac.update(black_box(signed_part.as_bytes()));
                black_box(mac.finalize());
            }),
        ),
    ];
    let medians = run(stages);
    for (name, median) in &medians {
        println!("{name:<28} {:>9.0} ns", median * 1e9);
    }
    println!(
        "validate / HMAC-SHA1: {:.2}; mint / HMAC-SHA256: {:.2}",
        medians[0].1 / medians[1].1,
        medians[2].1 / medians[3].1
    );
}

/// Median seconds per iteration of each stage.
fn run(mut stages: Vec<Stage>) -> Vec<(&'static str, f64)> {
    let secs: f64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    // Calibrate: iterations per round so that one round takes about 10 ms.
    let iterations: Vec<u32> = stages
        .iter_mut()
        .map(|(_, f)| {
            let start = Instant::now();
            let mut n = 0u32;
            while start.elapsed() < Duration::from_millis(50) {
                f();
                n += 1;
            }
            (n / 5).max(1)
        })
        .collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    let mut spent = vec![0f64; stages.len()];
    let mut round = 0usize;
    while round < 15 || spent.iter().any(|s| *s < secs) {
        for k in 0..stages.len() {
            let i = (k + round) % stages.len();
            let start = Instant::now();
            for _ in 0..iterations[i] {
                (stages[i].1)();
            }
            let elapsed = start.elapsed().as_secs_f64();
            spent[i] += elapsed;
            samples[i].push(elapsed / f64::from(iterations[i]));
        }
        round += 1;
    }
    stages
        .iter()
        .zip(samples)
        .map(|((name, _), mut s)| {
            s.sort_by(f64::total_cmp);
            (*name, s[s.len() / 2])
        })
        .collect()
}
