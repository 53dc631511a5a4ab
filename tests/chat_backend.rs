//! The Chat backend example, served on 127.0.0.1 and sent raw HTTP: tokens
//! for good and bad identities, webhook calls signed as Twilio signs them
//! for the public URL, and forged, unsigned, tampered, oversized and
//! malformed ones. Every exchange is bounded in time.

#[path = "../examples/chat_backend.rs"]
mod chat_backend;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use chat_backend::{router, Config, PostEventLog};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use twilio_runtime::webhook::{compute_signature, Algorithm};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const KEY: &str = "SK0123456789abcdef0123456789abcdef";
const SERVICE: &str = "IS0123456789abcdef0123456789abcdef";
const OTHER_SERVICE: &str = "ISffffffffffffffffffffffffffffffff";
const CHANNEL: &str = "CH0123456789abcdef0123456789abcdef";
const MESSAGE: &str = "IM0123456789abcdef0123456789abcdef";
const AUTH_TOKEN: &str = "the-auth-token";
/// Where Twilio reaches the backend: not the address it listens on.
const PUBLIC: &str = "https://chat.example.com";
const LIMIT_TIME: Duration = Duration::from_secs(10);

fn environment() -> HashMap<&'static str, String> {
    HashMap::from([
        ("TWILIO_ACCOUNT_SID", ACCOUNT.to_owned()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
        ("TWILIO_API_KEY", KEY.to_owned()),
        ("TWILIO_API_SECRET", "the-api-secret".to_owned()),
        ("TWILIO_CHAT_SERVICE_SID", SERVICE.to_owned()),
        ("PUBLIC_URL", PUBLIC.to_owned()),
        ("BLOCKED_WORDS", "Spam, scam".to_owned()),
    ])
}

async fn start() -> (SocketAddr, PostEventLog) {
    let env = environment();
    let config = Config::from_lookup(|name| env.get(name).cloned()).unwrap();
    let log = PostEventLog::default();
    let app = router(config, log.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, log)
}

struct Answer {
    status: u16,
    content_type: Option<String>,
    body: String,
}

/// Sends a POST of `body` to `path` with `headers`, and reads the answer.
async fn post(addr: SocketAddr, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    tokio::time::timeout(LIMIT_TIME, async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head += &format!("{name}: {value}\r\n");
        }
        head += "\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        let _ = stream.write_all(body).await;
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw).await;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
        let content_type = head.lines().find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_owned)
        });
        Answer {
            status,
            content_type,
            body: body.to_owned(),
        }
    })
    .await
    .expect("the backend answers in time")
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

fn encode(pairs: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes()
}

/// A webhook call as Twilio makes it: signed with the auth token for the
/// public URL.
async fn call(addr: SocketAddr, pairs: &[(&str, &str)]) -> Answer {
    let signature = compute_signature(
        Algorithm::HmacSha1,
        AUTH_TOKEN.as_bytes(),
        &format!("{PUBLIC}/chat/events"),
        pairs.iter().copied(),
    );
    post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", &signature)],
        &encode(pairs),
    )
    .await
}

fn event(
    event_type: &'static str,
    fields: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("EventType", event_type),
        ("AccountSid", ACCOUNT),
        ("InstanceSid", SERVICE),
        ("ClientIdentity", "maria"),
        ("Source", "SDK"),
        ("RetryCount", "0"),
    ];
    pairs.extend_from_slice(fields);
    pairs
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn token_mints_a_chat_token_for_the_identity() {
    let (addr, _) = start().await;
    let answer = post(
        addr,
        "/token",
        &[FORM],
        b"identity=maria.lopez%40example.com",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["identity"], "maria.lopez@example.com");
    assert_eq!(body["ttl"], 3600);
    let claims = claims(body["token"].as_str().unwrap());
    assert_eq!(claims["iss"], KEY);
    assert_eq!(claims["sub"], ACCOUNT);
    assert_eq!(
        claims["grants"],
        json!({"identity": "maria.lopez@example.com", "chat": {"service_sid": SERVICE}})
    );
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        3600
    );

    let empty = post(addr, "/token", &[FORM], b"identity=").await;
    assert_eq!(
        (empty.status, empty.body.as_str()),
        (400, "the identity is empty\n")
    );
    let long = format!("identity={}", "x".repeat(300));
    let long = post(addr, "/token", &[FORM], long.as_bytes()).await;
    assert_eq!(long.status, 400);
    assert!(long.body.contains("300 characters long"), "{}", long.body);
}

#[tokio::test]
async fn message_sends_are_allowed_or_rejected_by_their_words() {
    let (addr, _) = start().await;
    let fine = event(
        "onMessageSend",
        &[
            ("ChannelSid", CHANNEL),
            ("From", "maria"),
            ("Body", "See you at 5?"),
        ],
    );
    let answer = call(addr, &fine).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));

    // A blocked word, whatever its case, as a whole word.
    let blocked = event(
        "onMessageSend",
        &[
            ("ChannelSid", CHANNEL),
            ("From", "maria"),
            ("Body", "Buy cheap SPAM now!"),
        ],
    );
    assert_eq!(call(addr, &blocked).await.status, 403);
    let within = event(
        "onMessageSend",
        &[
            ("ChannelSid", CHANNEL),
            ("Body", "spammy but not spam-free? no: spamalot"),
        ],
    );
    assert_eq!(
        call(addr, &within).await.status,
        403,
        "spam-free holds the word spam"
    );
    let innocent = event(
        "onMessageSend",
        &[("ChannelSid", CHANNEL), ("Body", "spamalot")],
    );
    assert_eq!(call(addr, &innocent).await.status, 200);
}

#[tokio::test]
async fn an_edit_with_a_blocked_word_is_masked() {
    let (addr, _) = start().await;
    let edit = event(
        "onMessageUpdate",
        &[
            ("MessageSid", MESSAGE),
            ("ChannelSid", CHANNEL),
            ("Index", "3"),
            ("Body", "this is a Scam, really"),
        ],
    );
    let answer = call(addr, &edit).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&answer.body).unwrap(),
        json!({"body": "this is a ****, really"})
    );
}

#[tokio::test]
async fn other_pre_events_are_allowed_and_post_events_logged() {
    let (addr, log) = start().await;
    let add = event(
        "onChannelAdd",
        &[("UniqueName", "general"), ("ChannelType", "public")],
    );
    assert_eq!(call(addr, &add).await.status, 200);
    assert!(log.lock().unwrap().is_empty());

    let sent = event(
        "onMessageSent",
        &[
            ("MessageSid", MESSAGE),
            ("ChannelSid", CHANNEL),
            ("Index", "4"),
            ("Body", "spam"),
        ],
    );
    let answer = call(addr, &sent).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    let mut joined = event(
        "onMemberAdded",
        &[
            ("MemberSid", "MB0123456789abcdef0123456789abcdef"),
            ("ChannelSid", CHANNEL),
        ],
    );
    joined.retain(|(name, _)| *name != "ClientIdentity");
    assert_eq!(call(addr, &joined).await.status, 200);
    assert_eq!(
        *log.lock().unwrap(),
        vec![
            format!("onMessageSent by maria in {SERVICE}"),
            format!("onMemberAdded by the REST API in {SERVICE}"),
        ]
    );
}

#[tokio::test]
async fn forged_unsigned_and_tampered_calls_get_403() {
    let (addr, log) = start().await;
    let pairs = event(
        "onMessageSent",
        &[("MessageSid", MESSAGE), ("ChannelSid", CHANNEL)],
    );
    let body = encode(&pairs);
    let url = format!("{PUBLIC}/chat/events");

    // No signature.
    let answer = post(addr, "/chat/events", &[FORM], &body).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (403, "no X-Twilio-Signature header\n")
    );
    // Signed with another key.
    let forged = compute_signature(
        Algorithm::HmacSha1,
        b"a guessed token",
        &url,
        pairs.iter().copied(),
    );
    let answer = post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", &forged)],
        &body,
    )
    .await;
    assert_eq!(answer.status, 403);
    // Signed for the address the server listens on, not the public URL.
    let local = compute_signature(
        Algorithm::HmacSha1,
        AUTH_TOKEN.as_bytes(),
        &format!("http://{addr}/chat/events"),
        pairs.iter().copied(),
    );
    let answer = post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", &local)],
        &body,
    )
    .await;
    assert_eq!(answer.status, 403);
    // Signed correctly, then a field changed on the way.
    let good = compute_signature(
        Algorithm::HmacSha1,
        AUTH_TOKEN.as_bytes(),
        &url,
        pairs.iter().copied(),
    );
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("maria", "admin");
    let answer = post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", &good)],
        tampered.as_bytes(),
    )
    .await;
    assert_eq!(answer.status, 403);
    // Not base64.
    let answer = post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", "not a signature")],
        &body,
    )
    .await;
    assert_eq!(answer.status, 403);
    // The genuine call still passes; none of the others was logged.
    let answer = post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", &good)],
        &body,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn signed_calls_that_are_not_this_services_events_are_refused() {
    let (addr, _) = start().await;
    // Another service's event, signed by the same account.
    let mut other = event("onMessageSend", &[("ChannelSid", CHANNEL), ("Body", "hi")]);
    other[2] = ("InstanceSid", OTHER_SERVICE);
    assert_eq!(call(addr, &other).await.status, 403);
    // A post-event without the message it is about.
    let broken = event("onMessageSent", &[("ChannelSid", CHANNEL)]);
    let answer = call(addr, &broken).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (
            400,
            "onMessageSent event: the required field MessageSid is missing\n"
        )
    );
    // A body over the limit, announced.
    let signature = compute_signature(
        Algorithm::HmacSha1,
        AUTH_TOKEN.as_bytes(),
        &format!("{PUBLIC}/chat/events"),
        [("Body", "x")],
    );
    let huge = vec![b'x'; 1 << 20];
    let answer = post(
        addr,
        "/chat/events",
        &[FORM, ("X-Twilio-Signature", &signature)],
        &huge,
    )
    .await;
    assert_eq!(answer.status, 413);
}

#[test]
fn configuration_errors_name_the_variable() {
    let mut env = environment();
    env.remove("TWILIO_AUTH_TOKEN");
    let err = Config::from_lookup(|name| env.get(name).cloned())
        .err()
        .unwrap();
    assert_eq!(err, "TWILIO_AUTH_TOKEN is not set");
    let mut env = environment();
    env.insert(
        "TWILIO_API_KEY",
        "AC0123456789abcdef0123456789abcdef".to_owned(),
    );
    let err = Config::from_lookup(|name| env.get(name).cloned())
        .err()
        .unwrap();
    assert!(
        err.starts_with("TWILIO_API_KEY: invalid ApiKeySid"),
        "{err}"
    );
    let config = Config::from_lookup(|name| environment().get(name).cloned()).unwrap();
    assert_eq!(config.blocked_words, ["spam", "scam"]);
}
