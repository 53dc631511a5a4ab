//! Both clients against servers that misbehave on purpose, on 127.0.0.1:
//! bodies that never end or are huge, answers that stall, malformed
//! bodies, every `2xx` for every kind of operation, page links that go
//! round, rate limits with absurd waits, server errors, connections reset
//! half-way, and redirects to another host. Each case runs through the
//! async client and the blocking one, is bounded in time (a watchdog fails
//! the test rather than let it hang) and in requests (the server counts
//! them), and stops its server when done.

#[path = "support/hostile.rs"]
mod hostile;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use hostile::{Conn, Head, Server};
use serde_json::{json, Value};
use twilio_chat::v2;
use twilio_chat::Endpoint;
use twilio_runtime::client::{Config, Credentials, Error, RetryPolicy};
use twilio_runtime::{BlockingClient, Client};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "auth-token-never-shown";
const SERVICE: &str = "IS0123456789abcdef0123456789abcdef";

fn service() -> v2::ServiceSid {
    SERVICE.parse().unwrap()
}

/// Runs `f` on a thread of its own and fails the test if it takes longer
/// than `limit`: a client that hangs fails instead of stalling the suite.
fn bounded<R: Send + 'static>(limit: Duration, f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => {
            let _ = worker.join();
            value
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("not done within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker ended without an answer"),
        },
    }
}

/// Fast retries, at most `retries` of them.
fn retries(retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(retries)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

fn config(server: &Server) -> Config {
    Config::new(Credentials::auth_token(ACCOUNT, TOKEN))
        .base_url(server.url())
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
}

/// Sends `endpoint` through the async client, then the blocking one, with
/// the same configuration; the results are labelled.
fn both<E>(config: &Config, endpoint: &E) -> Vec<(&'static str, Result<E::Response, Error>)>
where
    E: Endpoint,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(config.clone()).unwrap();
    let first = runtime.block_on(client.send(endpoint));
    let client = BlockingClient::new(config.clone()).unwrap();
    let second = client.send(endpoint);
    vec![("async", first), ("blocking", second)]
}

/// Walks a list through both clients, with an optional page bound.
fn walk<E>(
    config: &Config,
    list: &E,
    max_pages: Option<usize>,
) -> Vec<(&'static str, Vec<v2::User>, Option<Error>)>
where
    E: Endpoint<Response = twilio_chat::Page<v2::User>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(config.clone()).unwrap();
    let mut items = client.items(list);
    if let Some(max) = max_pages {
        items = items.max_pages(max);
    }
    let (mut got, mut error) = (Vec::new(), None);
    runtime.block_on(async {
        loop {
            match items.try_next().await {
                Ok(Some(user)) => got.push(user),
                Ok(None) => break,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
    });
    let mut out = vec![("async", got, error)];
    let client = BlockingClient::new(config.clone()).unwrap();
    let mut items = client.items(list);
    if let Some(max) = max_pages {
        items = items.max_pages(max);
    }
    let (mut got, mut error) = (Vec::new(), None);
    for item in items {
        match item {
            Ok(user) => got.push(user),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    out.push(("blocking", got, error));
    out
}

/// How a server answers one request.
type Behaviour = dyn Fn(&Head, Conn) + Send + Sync;

fn user_json(n: usize) -> Value {
    json!({
        "sid": format!("US{n:032x}"),
        "account_sid": ACCOUNT,
        "service_sid": SERVICE,
        "identity": format!("user-{n}"),
        "date_created": "2024-05-01T10:00:00Z",
    })
}

/// Writes a status line and headers, then `chunk` for ever (no length, the
/// end of the body being the end of the connection) until the client goes.
fn endless(conn: &mut Conn, chunk: &[u8]) {
    if !conn
        .send(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n[")
    {
        return;
    }
    while !conn.stopped() && conn.send(chunk) {}
}

#[test]
fn a_body_without_end_is_refused_at_the_limit() {
    bounded(Duration::from_secs(60), || {
        let chunk = br#"{"identity": "again and again and again"},"#.repeat(256);
        let server = Server::start(move |_, mut conn| endless(&mut conn, &chunk));
        let config = config(&server).max_body_size(1024 * 1024);
        for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
            let err = result.unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::BodyTooLarge {
                        limit: 1_048_576,
                        ..
                    }
                ),
                "{client}: {err:?}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "GET /v2/Services/{SERVICE}/Users/maria: the response body is longer than \
                     1048576 bytes, the most this client reads (Config::max_body_size)"
                ),
                "{client}"
            );
        }
        // Not retried: the same request would get the same answer.
        assert_eq!(server.requests(), 2);
    });
}

#[test]
fn a_huge_announced_body_is_refused_before_it_is_read() {
    bounded(Duration::from_secs(60), || {
        // A gibibyte announced; the server sends what the client takes.
        let server = Server::start(|_, mut conn| {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n";
            if conn.send(head.as_bytes()) {
                let block = vec![b' '; 64 * 1024];
                while !conn.stopped() && conn.send(&block) {}
            }
        });
        let config = config(&server).retry(retries(3));
        for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
            let err = result.unwrap_err();
            assert!(
                matches!(err, Error::BodyTooLarge { limit, .. } if limit == 64 * 1024 * 1024),
                "{client}: {err:?}"
            );
        }
        assert_eq!(server.requests(), 2, "never retried");
    });
}

#[test]
fn an_answer_that_stalls_times_out() {
    bounded(Duration::from_secs(60), || {
        // One byte a second, of a body announced at 100 bytes.
        let slow = Server::start(|_, mut conn| {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
            if !conn.send(head.as_bytes()) {
                return;
            }
            while !conn.stopped() && conn.send(b" ") {
                conn.pause(Duration::from_secs(1));
            }
        });
        // Headers never sent.
        let silent = Server::start(|_, conn| conn.pause(Duration::from_secs(30)));
        for server in [&slow, &silent] {
            let config = config(server).timeout(Duration::from_millis(1500));
            for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
                let err = result.unwrap_err();
                assert!(matches!(err, Error::Timeout { .. }), "{client}: {err:?}");
                assert_eq!(
                    err.to_string(),
                    format!("GET /v2/Services/{SERVICE}/Users/maria: no answer within 1.5 s")
                );
            }
        }
        assert_eq!(slow.requests(), 2);
        assert_eq!(silent.requests(), 2);
    });
}

#[test]
fn a_success_with_a_body_that_is_not_the_resource_says_it_succeeded() {
    bounded(Duration::from_secs(60), || {
        let bodies: [(&str, &[u8]); 3] = [
            ("application/json", b"{\"sid\": \"US"),
            (
                "text/html",
                b"<html><body>Service Unavailable</body></html>",
            ),
            ("application/json", b""),
        ];
        for (content_type, body) in bodies {
            let server = Server::start(move |_, mut conn| {
                conn.respond(201, &[("content-type", content_type)], body);
            });
            let config = config(&server).retry(retries(3));
            for (client, result) in both(&config, &v2::CreateUser::new(service(), "maria")) {
                let err = result.unwrap_err();
                let Error::Decode(decode) = &err else {
                    panic!("{client}: {err:?}");
                };
                assert_eq!(decode.status(), 201);
                assert!(
                    err.to_string().starts_with(
                        "the request succeeded (201 Created), but its response cannot be read as `"
                    ),
                    "{client}: {err}"
                );
            }
            // A create that succeeded is never sent twice.
            assert_eq!(server.requests(), 2, "{body:?}");
        }
    });
}

/// What one operation of each kind answers with a body.
fn kinds() -> Vec<(&'static str, u16)> {
    vec![
        ("FetchUser", 200),
        ("CreateUser", 201),
        ("UpdateUser", 200),
        ("DeleteUser", 204),
        ("ListUser", 200),
    ]
}

#[test]
fn every_2xx_is_success_for_every_kind_of_operation() {
    bounded(Duration::from_secs(120), || {
        let page = json!({
            "users": [user_json(1)],
            "meta": {"page": 0, "page_size": 50, "next_page_url": null, "key": "users"},
        });
        let user = user_json(7);
        for status in [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 299] {
            let (page, user) = (page.clone(), user.clone());
            let server = Server::start(move |head, mut conn| {
                let body = if head.target.contains("PageSize") || head.target.ends_with("/Users") {
                    &page
                } else {
                    &user
                };
                conn.respond(status, &[], body.to_string().as_bytes());
            });
            let config = config(&server);
            // No content comes with 204, whatever the server writes: the
            // clients see an empty body.
            let empty = status == 204;
            let check = |kind: &str, client: &str, result: Result<String, Error>| match result {
                Ok(read) => assert!(!empty, "{kind} on {status} ({client}): read {read}"),
                Err(Error::Decode(e)) => {
                    assert!(empty, "{kind} on {status} ({client}): {e}");
                    assert_eq!(e.status(), status);
                }
                Err(e) => panic!("{kind} on {status} ({client}): {e:?}"),
            };
            for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
                check("FetchUser", client, result.map(|u| format!("{:?}", u.sid)));
            }
            for (client, result) in both(&config, &v2::CreateUser::new(service(), "maria")) {
                check("CreateUser", client, result.map(|u| format!("{:?}", u.sid)));
            }
            for (client, result) in both(&config, &v2::UpdateUser::new(service(), "maria")) {
                check("UpdateUser", client, result.map(|u| format!("{:?}", u.sid)));
            }
            for (client, result) in both(&config, &v2::ListUser::new(service())) {
                check(
                    "ListUser",
                    client,
                    result.map(|p| format!("{}", p.items.len())),
                );
            }
            // Nothing to read: success on every 2xx, whatever the body.
            for (client, result) in both(&config, &v2::DeleteUser::new(service(), "maria")) {
                result.unwrap_or_else(|e| panic!("DeleteUser on {status} ({client}): {e:?}"));
            }
            assert_eq!(server.requests(), 2 * kinds().len(), "each sent once");
        }
    });
}

/// Serves the users list as pages whose next-page links follow `next`:
/// page `n` (from 0) links to page `next[n]`, or is the last.
fn linked_pages(next: &'static [Option<usize>]) -> Server {
    Server::start(move |head: &Head, mut conn| {
        let n: usize = head
            .target
            .split("PageToken=PT")
            .nth(1)
            .and_then(|t| t.split('&').next()?.parse().ok())
            .unwrap_or(0);
        // Back to the first page is the list's own URL, as first requested.
        let link = next[n].map(|to| match to {
            0 => format!("https://chat.twilio.com/v2/Services/{SERVICE}/Users?PageSize=1"),
            to => format!(
                "https://chat.twilio.com/v2/Services/{SERVICE}/Users?PageSize=1&Page={to}&PageToken=PT{to}"
            ),
        });
        let body = json!({
            "users": [user_json(n)],
            "meta": {"page": n, "page_size": 1, "next_page_url": link, "key": "users"},
        });
        conn.respond(200, &[], body.to_string().as_bytes());
    })
}

#[test]
fn page_links_that_go_round_end_the_walk_with_an_error() {
    bounded(Duration::from_secs(60), || {
        let list = v2::ListUser::new(service()).page_size(1);
        // A → B → A, and A → B → C → B, and a page naming itself.
        let cases: [(&'static [Option<usize>], usize, usize, usize); 3] = [
            (&[Some(1), Some(0)], 2, 2, 1),
            (&[Some(1), Some(2), Some(1)], 3, 3, 2),
            (&[Some(1), Some(1)], 2, 2, 2),
        ];
        for (links, pages, page, target) in cases {
            let server = linked_pages(links);
            for (client, users, error) in walk(&config(&server), &list, None) {
                assert_eq!(users.len(), pages, "{client}: every page read once");
                let err = error.unwrap_or_else(|| panic!("{client}: the walk ended quietly"));
                assert!(
                    matches!(err, Error::PageCycle { page: p, target: t, .. } if p == page && t == target),
                    "{client}: {err:?}"
                );
                let text = err.to_string();
                assert!(
                    text.starts_with(&format!(
                        "GET /v2/Services/{SERVICE}/Users: page {page} of the list names"
                    )) && text.ends_with(
                        "as its next page; the walk stops there instead of going round for ever"
                    ) && !text.contains("PageToken"),
                    "{client}: {text}"
                );
            }
            assert_eq!(server.requests(), 2 * pages);
        }
    });
}

#[test]
fn a_walk_fetches_no_more_pages_than_allowed() {
    bounded(Duration::from_secs(60), || {
        // A list of a hundred pages.
        static NEXT: [Option<usize>; 100] = {
            let mut next = [None; 100];
            let mut i = 0;
            while i < 99 {
                next[i] = Some(i + 1);
                i += 1;
            }
            next
        };
        let server = linked_pages(&NEXT);
        let list = v2::ListUser::new(service()).page_size(1);
        for (client, users, error) in walk(&config(&server), &list, Some(3)) {
            assert_eq!(users.len(), 3, "{client}");
            let err = error.unwrap_or_else(|| panic!("{client}: no error"));
            assert!(
                matches!(err, Error::TooManyPages { limit: 3, .. }),
                "{client}: {err:?}"
            );
            assert_eq!(
                err.to_string(),
                format!("GET /v2/Services/{SERVICE}/Users: the list goes on after 3 pages, the most this walk may fetch (max_pages)")
            );
        }
        assert_eq!(server.requests(), 6);
        // Without a bound, the whole list.
        for (client, users, error) in walk(&config(&server), &list, None) {
            assert!(error.is_none(), "{client}: {error:?}");
            assert_eq!(users.len(), 100, "{client}");
        }
    });
}

#[test]
fn rate_limits_wait_as_asked_and_an_absurd_wait_is_not_waited() {
    bounded(Duration::from_secs(60), || {
        for status in [429, 503] {
            // Asks to wait some three thousand years.
            let server = Server::start(move |_, mut conn| {
                conn.respond(
                    status,
                    &[("retry-after", "99999999999")],
                    b"{\"code\": 20429}",
                );
            });
            let patient = config(&server).retry(retries(3));
            let start = Instant::now();
            for (client, result) in both(&patient, &v2::FetchUser::new(service(), "maria")) {
                let err = result.unwrap_err();
                assert!(
                    matches!(err, Error::Api { status: s, retry_after: Some(wait), .. }
                        if s == status && wait.as_secs() == 99_999_999_999),
                    "{client}: {err:?}"
                );
            }
            assert_eq!(server.requests(), 2, "no retry after an absurd wait");
            assert!(start.elapsed() < Duration::from_secs(30));

            // A short wait is waited, then the request is sent again.
            let server = Server::start(move |head, mut conn| {
                if head.index % 2 == 0 {
                    conn.respond(status, &[("retry-after", "0")], b"{}");
                } else {
                    conn.respond(200, &[], user_json(3).to_string().as_bytes());
                }
            });
            let patient = config(&server).retry(retries(3));
            for (client, result) in both(&patient, &v2::CreateUser::new(service(), "maria")) {
                let user = result.unwrap_or_else(|e| panic!("{client}: {e:?}"));
                assert_eq!(user.identity.as_deref(), Some("user-3"));
            }
            assert_eq!(server.requests(), 4, "{status}: each POST sent twice");
        }
    });
}

#[test]
fn server_errors_are_retried_only_where_sending_again_is_safe() {
    bounded(Duration::from_secs(60), || {
        let server = Server::start(|_, mut conn| {
            conn.respond(
                500,
                &[],
                br#"{"code": 20500, "message": "Internal Server Error"}"#,
            );
        });
        let config = config(&server).retry(retries(2));
        for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
            let err = result.unwrap_err();
            assert_eq!(err.status(), Some(500), "{client}");
        }
        assert_eq!(server.requests(), 2 * 3, "a GET is sent three times");
        for (client, result) in both(&config, &v2::CreateUser::new(service(), "maria")) {
            assert_eq!(result.unwrap_err().status(), Some(500), "{client}");
        }
        assert_eq!(server.requests(), 6 + 2, "a POST once");
    });
}

#[test]
fn a_connection_reset_half_way_is_retried_only_where_safe() {
    bounded(Duration::from_secs(60), || {
        let server = Server::start(|_, mut conn| {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"sid\": ";
            conn.send(head.as_bytes());
            conn.pause(Duration::from_millis(50));
            conn.reset();
        });
        let config = config(&server).retry(retries(2));
        for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::Transport { .. }), "{client}: {err:?}");
        }
        assert_eq!(server.requests(), 2 * 3, "a GET is sent three times");
        for (client, result) in both(&config, &v2::CreateUser::new(service(), "maria")) {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::Transport { .. }), "{client}: {err:?}");
        }
        assert_eq!(server.requests(), 6 + 2, "a POST once");
    });
}

#[test]
fn a_redirect_to_another_host_is_not_followed() {
    bounded(Duration::from_secs(60), || {
        let elsewhere = Server::start(|_, mut conn| {
            conn.respond(200, &[], user_json(9).to_string().as_bytes());
        });
        let target = format!("{}/steal", elsewhere.url());
        for status in [301, 302, 303, 307, 308] {
            let target = target.clone();
            let server = Server::start(move |_, mut conn| {
                conn.respond(status, &[("location", &target)], b"");
            });
            let config = config(&server).retry(retries(2));
            for (client, result) in both(&config, &v2::FetchUser::new(service(), "maria")) {
                let err = result.unwrap_err();
                assert_eq!(err.status(), Some(status), "{client}: {err:?}");
            }
            assert_eq!(server.requests(), 2);
        }
        assert_eq!(
            elsewhere.requests(),
            0,
            "nothing, credentials least of all, went there"
        );
    });
}

#[test]
fn no_message_shows_a_secret() {
    bounded(Duration::from_secs(60), || {
        const PASSWORD: &str = "proxy-password-42";
        const QUERY: &str = "PT-PERSONAL-maria%40example.com";
        const SECRET: &str = "api-secret-17";
        let secrets = [TOKEN, PASSWORD, QUERY, SECRET, "maria%40example.com"];
        let shown = |what: &str, text: &str| {
            for secret in secrets {
                assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
            }
        };

        // Configuration, with every kind of credential.
        for credentials in [
            Credentials::auth_token(ACCOUNT, TOKEN),
            Credentials::api_key(ACCOUNT, "SK0123456789abcdef0123456789abcdef", SECRET),
            Credentials::bearer(TOKEN).unwrap(),
        ] {
            let config = Config::new(credentials.clone())
                .proxy(format!("http://user:{PASSWORD}@127.0.0.1:9"))
                .base_url(format!("http://127.0.0.1:9/?PageToken={QUERY}"));
            shown("Config", &format!("{config:?}"));
            shown("Credentials", &format!("{credentials:?} {credentials}"));
        }
        // A proxy URL that cannot be used: refused (naming it, redacted), or
        // taken and failing when a request is sent; no message shows the
        // password either way.
        let fetch = v2::FetchUser::new(service(), "maria");
        let mut refused = 0;
        for proxy in [
            format!("http://user:{PASSWORD}@[::1"),
            format!("socks9://user:{PASSWORD}@host?{QUERY}"),
        ] {
            let config = Config::anonymous()
                .proxy(proxy)
                .timeout(Duration::from_secs(2))
                .retry(RetryPolicy::none());
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let errors = [
                match Client::new(config.clone()) {
                    Ok(client) => runtime.block_on(client.send(&fetch)).unwrap_err(),
                    Err(e) => e,
                },
                match BlockingClient::new(config) {
                    Ok(client) => client.send(&fetch).unwrap_err(),
                    Err(e) => e,
                },
            ];
            for err in errors {
                if matches!(err, Error::Config(_)) {
                    assert!(err.to_string().contains("user:<redacted>@"), "{err}");
                    refused += 1;
                }
                shown("a proxy's error", &format!("{err} {err:?}"));
            }
        }
        assert!(refused > 0, "no client refused a proxy URL");

        // Errors of every kind, from requests whose query holds personal
        // data: a page request carries it.
        let mut errors: Vec<Error> = Vec::new();
        let next =
            |base: &str| format!("{base}/v2/Services/{SERVICE}/Users?PageSize=1&PageToken={QUERY}");
        let page_of = |next_url: String| {
            json!({
                "users": [user_json(1)],
                "meta": {"page": 0, "page_size": 1, "next_page_url": next_url, "key": "users"},
            })
            .to_string()
        };
        // Every kind of error, on the page after the first.
        let behaviours: Vec<Box<Behaviour>> = vec![
            Box::new(|_, mut conn| {
                conn.send(b"HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n[");
                conn.reset();
            }),
            Box::new(|_, mut conn| {
                conn.respond(404, &[], br#"{"code": 20404, "message": "no such page"}"#);
            }),
            Box::new(|_, conn| conn.pause(Duration::from_secs(10))),
            Box::new(|_, mut conn| endless(&mut conn, b"[1, 2, 3],")),
            Box::new(|_, mut conn| {
                conn.respond(200, &[], b"<html>");
            }),
        ];
        let mut servers = Vec::new();
        for behaviour in behaviours {
            // The first page names the second on this same server.
            let slot: std::sync::Arc<std::sync::OnceLock<String>> = Default::default();
            let url_slot = slot.clone();
            let server = Server::start(move |head, mut conn| {
                if head.index % 2 == 0 {
                    let first = page_of(next(url_slot.get().unwrap()));
                    conn.respond(200, &[], first.as_bytes());
                } else {
                    behaviour(head, conn);
                }
            });
            slot.set(server.url()).unwrap();
            servers.push(server);
        }
        let list = v2::ListUser::new(service()).page_size(1);
        for server in &servers {
            let config = Config::new(Credentials::auth_token(ACCOUNT, TOKEN))
                .base_url(server.url())
                .timeout(Duration::from_millis(500))
                .max_body_size(64 * 1024)
                .retry(RetryPolicy::none());
            for (_, _, error) in walk(&config, &list, None) {
                errors.push(error.expect("the second page fails"));
            }
        }
        // A cycle, a page bound, and a request that cannot be built.
        let cycle = linked_pages(&[Some(0)]);
        for (_, _, error) in walk(&config(&cycle), &list, None) {
            errors.push(error.unwrap());
        }
        let long = linked_pages(&[Some(1), Some(0)]);
        for (_, _, error) in walk(&config(&long), &list, Some(1)) {
            errors.push(error.unwrap());
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let bad = Config::anonymous().base_url(format!("not a url?{QUERY}"));
        errors.push(
            runtime
                .block_on(Client::new(bad.clone()).unwrap().send(&list))
                .unwrap_err(),
        );
        errors.push(BlockingClient::new(bad).unwrap().send(&list).unwrap_err());

        let kinds: std::collections::BTreeSet<&str> = errors
            .iter()
            .map(|e| match e {
                Error::Config(_) => "Config",
                Error::Request(_) => "Request",
                Error::Api { .. } => "Api",
                Error::Timeout { .. } => "Timeout",
                Error::Transport { .. } => "Transport",
                Error::BodyTooLarge { .. } => "BodyTooLarge",
                Error::Decode(_) => "Decode",
                Error::PageCycle { .. } => "PageCycle",
                Error::TooManyPages { .. } => "TooManyPages",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            [
                "Api",
                "BodyTooLarge",
                "Decode",
                "PageCycle",
                "Request",
                "Timeout",
                "TooManyPages",
                "Transport"
            ]
        );
        for err in &errors {
            shown("Display", &err.to_string());
            shown("Debug", &format!("{err:?}"));
        }
    });
}
