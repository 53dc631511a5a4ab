//! The clients against a real HTTP server on 127.0.0.1: what Prism cannot
//! show. Credentials and `User-Agent` on the wire, retries after
//! `Retry-After`, backoff limits, idempotency, timeouts, regions and edges,
//! paging over three pages, a next-page link that tries to leave the host,
//! and errors a person can read. Each behaviour is checked through the async
//! client and, where the two could differ, the blocking one.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use twilio_chat::v2;
use twilio_runtime::client::{Config, Credentials, Error, RetryPolicy};
use twilio_runtime::{BlockingClient, Client};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "auth-token-not-for-logs";
const SERVICE: &str = "IS0123456789abcdef0123456789abcdef";

fn service() -> v2::ServiceSid {
    SERVICE.parse().unwrap()
}

fn user_sid(n: usize) -> String {
    format!("US{n:032x}")
}

fn user(n: usize) -> Value {
    json!({
        "sid": user_sid(n),
        "account_sid": ACCOUNT,
        "service_sid": SERVICE,
        "identity": format!("user-{n}"),
        "friendly_name": null,
        "joined_channels_count": 0,
        "date_created": "2024-05-01T10:00:00Z",
        "url": format!("https://chat.twilio.com/v2/Services/{SERVICE}/Users/{}", user_sid(n)),
    })
}

fn users_path() -> String {
    format!("/v2/Services/{SERVICE}/Users")
}

fn user_path() -> String {
    format!("/v2/Services/{SERVICE}/Users/maria")
}

/// A page of users with `next` as its next-page URL.
fn page(numbers: std::ops::Range<usize>, page: usize, next: Option<String>) -> Value {
    json!({
        "users": numbers.map(user).collect::<Vec<_>>(),
        "meta": {
            "page": page,
            "page_size": 2,
            "first_page_url": format!("https://chat.twilio.com{}?PageSize=2&Page=0", users_path()),
            "previous_page_url": null,
            "url": format!("https://chat.twilio.com{}?PageSize=2&Page={page}", users_path()),
            "next_page_url": next,
            "key": "users",
        }
    })
}

/// Fast retries, so that the tests of what is retried take milliseconds.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

fn config(server: &MockServer) -> Config {
    Config::new(Credentials::auth_token(ACCOUNT, TOKEN))
        .base_url(server.uri())
        .retry(quick())
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// Runs a blocking client call off the async test's threads.
async fn blocking<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test]
async fn requests_carry_basic_auth_user_agent_and_give_typed_answers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(user(7)))
        .mount(&server)
        .await;

    let client = Client::new(config(&server)).unwrap();
    let fetched: v2::User = client
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap();
    assert_eq!(fetched.sid.unwrap().as_str(), user_sid(7));
    assert_eq!(fetched.identity.as_deref(), Some("user-7"));

    let sync = BlockingClient::new(config(&server)).unwrap();
    let fetched = blocking(move || sync.send(&v2::FetchUser::new(service(), "maria")))
        .await
        .unwrap();
    assert_eq!(fetched.sid.unwrap().as_str(), user_sid(7));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in requests {
        // base64("AC0123456789abcdef0123456789abcdef:auth-token-not-for-logs")
        assert_eq!(
            request.headers["authorization"],
            "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjphdXRoLXRva2VuLW5vdC1mb3ItbG9ncw=="
        );
        let agent = request.headers["user-agent"].to_str().unwrap();
        assert!(agent.starts_with("twilio-runtime/0."), "{agent}");
        assert_eq!(request.headers["accept"], "application/json");
    }
}

#[tokio::test]
async fn an_api_key_signs_with_the_key_not_the_account() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(user(1)))
        .mount(&server)
        .await;
    let credentials = Credentials::api_key(ACCOUNT, "SK0123456789abcdef0123456789abcdef", "s3");
    let client = Client::new(config(&server).credentials(credentials)).unwrap();
    client
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap();
    // base64("SK0123456789abcdef0123456789abcdef:s3")
    assert_eq!(
        received(&server).await[0].headers["authorization"],
        "Basic U0swMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzMw=="
    );
}

#[tokio::test]
async fn a_rate_limited_post_is_sent_again_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(users_path()))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(users_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(user(3)))
        .mount(&server)
        .await;

    let client = Client::new(config(&server)).unwrap();
    let started = Instant::now();
    let created = client
        .send(&v2::CreateUser::new(service(), "user-3"))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured ({:?})",
        started.elapsed()
    );
    assert_eq!(created.identity.as_deref(), Some("user-3"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body, "the same request again");
    assert_eq!(requests[1].body, b"Identity=user-3");
}

#[tokio::test]
async fn the_blocking_client_honours_retry_after_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(user(4)))
        .mount(&server)
        .await;
    let client = BlockingClient::new(config(&server)).unwrap();
    let started = Instant::now();
    let fetched = blocking(move || client.send(&v2::FetchUser::new(service(), "maria")))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(fetched.identity.as_deref(), Some("user-4"));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn what_may_have_been_applied_is_retried_only_when_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user(5)))
        .mount(&server)
        .await;
    let client = Client::new(config(&server)).unwrap();

    // A 503 without Retry-After may follow a message that was created.
    let err = client
        .send(&v2::CreateUser::new(service(), "once"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(received(&server).await.len(), 1, "a POST is never repeated");

    // The same kind of answer to a GET is retried with backoff.
    let fetched = client
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap();
    assert_eq!(fetched.identity.as_deref(), Some("user-5"));
    assert_eq!(received(&server).await.len(), 1 + 3);
}

#[tokio::test]
async fn retries_are_bounded_in_count_and_in_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(users_path()))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let client = Client::new(config(&server).retry(quick().max_retries(2))).unwrap();
    let err = client
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(
        received(&server).await.len(),
        3,
        "one attempt and two retries"
    );

    // Waiting 120 s would end past the 60 s budget: the answer comes back
    // at once, with the wait it asked for.
    let started = Instant::now();
    let err = client
        .items(&v2::ListUser::new(service()))
        .try_next()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(received(&server).await.len(), 4);
    match err {
        Error::Api {
            status: 429,
            retry_after,
            ..
        } => assert_eq!(retry_after, Some(Duration::from_secs(120))),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn requests_time_out_and_only_idempotent_ones_are_tried_again() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(user(1))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let config = config(&server)
        .timeout(Duration::from_millis(300))
        .retry(quick().max_retries(1));

    let client = Client::new(config.clone()).unwrap();
    let err = client
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("GET {}: no answer within 0.3 s", user_path())
    );
    assert_eq!(received(&server).await.len(), 2, "a GET is tried again");

    let err = client
        .send(&v2::CreateUser::new(service(), "x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 3, "a POST is not");

    let sync = BlockingClient::new(config).unwrap();
    let err = blocking(move || sync.send(&v2::FetchUser::new(service(), "maria")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 5);
}

/// A proxy that records the first line of each request it gets and refuses
/// it: where a client would connect to for an `https` URL.
fn recording_proxy() -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
            if tx.send(head).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

#[tokio::test]
async fn regions_and_edges_choose_the_host() {
    let (proxy, heads) = recording_proxy();
    let base = Config::new(Credentials::auth_token(ACCOUNT, TOKEN))
        .proxy(proxy)
        .retry(RetryPolicy::none());
    let cases = [
        (base.clone(), "chat.twilio.com:443"),
        (base.clone().region("ie1"), "chat.ie1.twilio.com:443"),
        (
            base.clone().region("ie1").edge("dublin"),
            "chat.dublin.ie1.twilio.com:443",
        ),
        (
            base.clone().edge("sydney"),
            "chat.sydney.us1.twilio.com:443",
        ),
    ];
    for (config, host) in cases {
        let client = Client::new(config.clone()).unwrap();
        let err = client
            .send(&v2::FetchUser::new(service(), "maria"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
        let head = heads.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(head.starts_with(&format!("CONNECT {host} ")), "{head}");
        assert!(
            !head.to_ascii_lowercase().contains("authorization"),
            "{head}"
        );

        let sync = BlockingClient::new(config).unwrap();
        let err = blocking(move || sync.send(&v2::FetchUser::new(service(), "maria")))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
        let head = heads.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(head.starts_with(&format!("CONNECT {host} ")), "{head}");
    }
}

/// Mounts a list of five users in three pages; their next-page links name
/// Twilio's host, which the client replaces with its base URL.
async fn three_pages(server: &MockServer) {
    let next = |page: usize| {
        Some(format!(
            "https://chat.twilio.com{}?PageSize=2&Page={page}&PageToken=PT{page}",
            users_path()
        ))
    };
    let pages = [
        (None, page(0..2, 0, next(1))),
        (Some("1"), page(2..4, 1, next(2))),
        (Some("2"), page(4..5, 2, None)),
    ];
    for (number, body) in pages {
        let mut mock = Mock::given(method("GET")).and(path(users_path()));
        if let Some(number) = number {
            mock = mock.and(query_param("Page", number));
        }
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .with_priority(if number.is_some() { 1 } else { 2 })
            .mount(server)
            .await;
    }
}

fn identities(users: &[v2::User]) -> Vec<&str> {
    users.iter().filter_map(|u| u.identity.as_deref()).collect()
}

#[tokio::test]
async fn lists_are_followed_over_three_pages_as_a_stream_and_an_iterator() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let list = v2::ListUser::new(service()).page_size(2);

    let client = Client::new(config(&server)).unwrap();
    let mut items = client.items(&list);
    let mut users = Vec::new();
    while let Some(user) = items.try_next().await.unwrap() {
        users.push(user);
    }
    assert_eq!(
        identities(&users),
        ["user-0", "user-1", "user-2", "user-3", "user-4"]
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].url.query(), Some("PageSize=2"));
    assert_eq!(
        requests[2].url.query(),
        Some("PageSize=2&Page=2&PageToken=PT2")
    );
    assert!(requests
        .iter()
        .all(|r| r.headers.contains_key("authorization")));

    let sync = BlockingClient::new(config(&server)).unwrap();
    let users = blocking(move || {
        sync.items(&list)
            .collect::<Result<Vec<v2::User>, Error>>()
            .unwrap()
    })
    .await;
    assert_eq!(users.len(), 5);
    assert_eq!(received(&server).await.len(), 6);
}

#[tokio::test]
async fn a_limit_stops_paging_at_the_page_that_holds_the_last_item() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let list = v2::ListUser::new(service()).page_size(2);
    let client = Client::new(config(&server)).unwrap();

    let mut items = client.items(&list).limit(3);
    let mut users = Vec::new();
    while let Some(user) = items.try_next().await.unwrap() {
        users.push(user);
    }
    assert_eq!(identities(&users), ["user-0", "user-1", "user-2"]);
    assert_eq!(
        received(&server).await.len(),
        2,
        "the third page is not read"
    );

    let sync = BlockingClient::new(config(&server)).unwrap();
    let count = blocking(move || sync.items(&list).limit(2).count()).await;
    assert_eq!(count, 2);
    assert_eq!(received(&server).await.len(), 3, "one page was enough");
}

#[tokio::test]
async fn a_next_page_link_cannot_leave_the_host_through_its_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(users_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(
            0..1,
            0,
            Some("/v2/Users?x=https://evil.com/steal".into()),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/Users"))
        .and(query_param("x", "https://evil.com/steal"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(1..2, 1, None)))
        .mount(&server)
        .await;
    let client = Client::new(config(&server)).unwrap();
    let mut items = client.items(&v2::ListUser::new(service()));
    let mut n = 0;
    while items.try_next().await.unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, 2);
    let requests = received(&server).await;
    // The second request reached this server (not evil.com), at the path
    // the link gave, with the query kept whole.
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].url.path(), "/v2/Users");
    assert_eq!(requests[1].url.query(), Some("x=https://evil.com/steal"));
}

#[tokio::test]
async fn errors_read_like_sentences() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(user_path()))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": 20404,
            "message": "The requested resource /Users/maria was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(users_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"users": [{"sid": "US1", "date_created": "#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = Client::new(config(&server)).unwrap();

    let err = client
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "GET {}: Twilio answered 404 Not Found, error 20404: The requested resource \
             /Users/maria was not found (see https://www.twilio.com/docs/errors/20404)",
            user_path()
        )
    );
    let api = err.api_error().unwrap();
    assert_eq!((api.code, api.status), (Some(20404), Some(404)));

    let err = client
        .send(&v2::ListUser::new(service()))
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path(), "users[0].date_created");
    assert!(
        decode.type_name().contains("Page<"),
        "{}",
        decode.type_name()
    );
    assert!(
        err.to_string()
            .contains("User>` at `users[0].date_created`: EOF while parsing"),
        "{err}"
    );

    // Nothing listens on port 9 of 127.0.0.1.
    let refused = Client::new(
        Config::new(Credentials::auth_token(ACCOUNT, TOKEN))
            .base_url("http://127.0.0.1:9")
            .retry(quick().max_retries(1)),
    )
    .unwrap();
    let err = refused
        .send(&v2::FetchUser::new(service(), "maria"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("GET {}: ", user_path())),
        "{text}"
    );
    assert!(!text.contains(TOKEN) && !format!("{err:?}").contains(TOKEN));
}

#[test]
fn credentials_come_from_the_environment_or_a_clear_error() {
    // Only variables this test owns are read here, through a client built
    // from explicit settings; `from_env` is covered in the runtime's unit
    // tests with a fake environment.
    let err = Credentials::bearer("line\nbreak").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the bearer token cannot be sent in a header"
    );
    let debug = format!("{:?}", Config::new(Credentials::auth_token(ACCOUNT, TOKEN)));
    assert!(!debug.contains(TOKEN), "{debug}");
}
