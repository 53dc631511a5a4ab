//! The tower layer in front of an axum app on 127.0.0.1, sent raw HTTP:
//! signed requests pass with their body intact, forged and unsigned ones
//! get 403, bodies over the limit get 413 whether they announce their
//! length or stream without end. Every exchange is bounded in time.

#![cfg(feature = "webhook-tower")]

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::routing::post;
use axum::{Extension, Router};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use twilio_runtime::webhook::{compute_signature, Algorithm, Validator, Verified, WebhookLayer};

const TOKEN: &str = "the auth token";
const PUBLIC: &str = "https://hooks.example.com";
const LIMIT: usize = 1024;
const LIMIT_TIME: Duration = Duration::from_secs(10);

async fn echo(Extension(verified): Extension<Verified>, body: Bytes) -> String {
    format!(
        "{:?} {:?} {}",
        verified.algorithm,
        verified.body,
        String::from_utf8_lossy(&body)
    )
}

async fn start() -> SocketAddr {
    let app = Router::new()
        .route("/hook", post(echo))
        .layer(WebhookLayer::new(Validator::new(TOKEN), PUBLIC).body_limit(LIMIT));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Sends `head` (the request line and headers, without the blank line) and
/// `body`, and returns the status and body of the answer.
async fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    tokio::time::timeout(LIMIT_TIME, async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
            .await
            .unwrap();
        // The server may answer, and close, before it has read all of it.
        let _ = stream.write_all(body).await;
        read_answer(&mut stream).await
    })
    .await
    .expect("the server answers in time")
}

async fn read_answer(stream: &mut TcpStream) -> (u16, String) {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

fn signed_post(path: &str, body: &str, signature: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nX-Twilio-Signature: {signature}",
        body.len()
    )
}

fn sign(url: &str, params: &[(&str, &str)]) -> String {
    compute_signature(
        Algorithm::HmacSha1,
        TOKEN.as_bytes(),
        url,
        params.iter().copied(),
    )
}

#[tokio::test]
async fn signed_requests_pass_with_their_body_and_others_are_refused() {
    let addr = start().await;
    let params = [("EventType", "onMessageSent"), ("Body", "hi & bye")];
    let body = "EventType=onMessageSent&Body=hi+%26+bye";

    // Signed for the public URL, query string included.
    let signature = sign(&format!("{PUBLIC}/hook?x=1"), &params);
    let (status, answer) = exchange(
        addr,
        &signed_post("/hook?x=1", body, &signature),
        body.as_bytes(),
    )
    .await;
    assert_eq!(
        (status, answer.as_str()),
        (200, format!("HmacSha1 Form {body}").as_str())
    );

    // The same signature for another path, or another body.
    let (status, answer) = exchange(
        addr,
        &signed_post("/hook", body, &signature),
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        answer,
        "the signature does not match the URL and parameters\n"
    );
    let forged = "EventType=onMessageSent&Body=hi";
    let (status, _) = exchange(
        addr,
        &signed_post("/hook?x=1", forged, &signature),
        forged.as_bytes(),
    )
    .await;
    assert_eq!(status, 403);

    // Signed for the URL the server sees rather than the public one.
    let local = sign(&format!("http://{addr}/hook"), &params);
    let (status, _) = exchange(addr, &signed_post("/hook", body, &local), body.as_bytes()).await;
    assert_eq!(status, 403);

    // No signature at all, and one that is not base64.
    let head = format!(
        "POST /hook HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}",
        body.len()
    );
    let (status, answer) = exchange(addr, &head, body.as_bytes()).await;
    assert_eq!(
        (status, answer.as_str()),
        (403, "no X-Twilio-Signature header\n")
    );
    let (status, _) = exchange(addr, &signed_post("/hook", body, "%%%"), body.as_bytes()).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let addr = start().await;
    let signature = sign(&format!("{PUBLIC}/hook"), &[]);

    // Announced: refused before any of it is read.
    let head = format!(
        "POST /hook HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\nX-Twilio-Signature: {signature}"
    );
    let (status, answer) = exchange(addr, &head, b"").await;
    assert_eq!(
        (status, answer.as_str()),
        (413, "the body is longer than 1024 bytes\n")
    );

    // Streamed in chunks without end: refused once the limit is passed.
    let outcome = tokio::time::timeout(LIMIT_TIME, async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /hook HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nX-Twilio-Signature: {signature}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("100\r\n{}\r\n", "a".repeat(256));
        let mut sent = 0;
        // At most 4 MiB: far past the limit, bounded if the server never answers.
        while sent < 4 << 20 {
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            sent += 256;
            let mut probe = [0u8; 1];
            // Stop writing as soon as the answer has begun.
            if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(1), stream.peek(&mut probe)).await {
                if n > 0 {
                    break;
                }
            }
        }
        (read_answer(&mut stream).await, sent)
    })
    .await
    .expect("the server answers in time");
    let ((status, _), sent) = outcome;
    assert_eq!(status, 413);
    assert!(
        sent < 1 << 20,
        "the server read {sent} bytes before answering"
    );
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_passes() {
    let addr = start().await;
    let value = "b".repeat(LIMIT - "Body=".len());
    let body = format!("Body={value}");
    let signature = sign(&format!("{PUBLIC}/hook"), &[("Body", &value)]);
    let (status, answer) = exchange(
        addr,
        &signed_post("/hook", &body, &signature),
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
}
