//! The clients follow the 2010 API's paging, whose links sit beside the
//! items as relative `next_page_uri`s, over three pages from a local server.

use serde_json::{json, Value};
use twilio_constructs::pages_2010;
use twilio_runtime::client::{Config, Credentials};
use twilio_runtime::{BlockingClient, Client};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

fn messages_path() -> String {
    format!("/2010-04-01/Accounts/{ACCOUNT}/Messages.json")
}

fn message(n: usize) -> Value {
    json!({
        "sid": format!("SM{n:032x}"),
        "account_sid": ACCOUNT,
        "body": format!("message {n}"),
        "direction": "outbound-api",
        "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
    })
}

fn uri(page: usize) -> String {
    format!(
        "{}?PageSize=2&Page={page}&PageToken=PA{page}",
        messages_path()
    )
}

/// A 2010 page: paging fields beside the items, links relative.
fn page(numbers: std::ops::Range<usize>, page: usize, last: bool) -> Value {
    json!({
        "messages": numbers.clone().map(message).collect::<Vec<_>>(),
        "start": numbers.start,
        "end": numbers.end - 1,
        "page": page,
        "page_size": 2,
        "first_page_uri": uri(0),
        "previous_page_uri": if page == 0 { Value::Null } else { json!(uri(page - 1)) },
        "next_page_uri": if last { Value::Null } else { json!(uri(page + 1)) },
        "uri": uri(page),
    })
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let pages = [
        (None, page(0..2, 0, false)),
        (Some("1"), page(2..4, 1, false)),
        (Some("2"), page(4..5, 2, true)),
    ];
    for (number, body) in pages {
        let mut mock = Mock::given(method("GET")).and(path(messages_path()));
        if let Some(number) = number {
            mock = mock.and(query_param("Page", number));
        }
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .with_priority(if number.is_some() { 1 } else { 2 })
            .mount(&server)
            .await;
    }
    server
}

fn config(server: &MockServer) -> Config {
    Config::new(Credentials::auth_token(ACCOUNT, "token")).base_url(server.uri())
}

fn list() -> pages_2010::ListMessage {
    pages_2010::ListMessage::new(ACCOUNT.parse().unwrap()).page_size(2)
}

#[tokio::test]
async fn both_clients_follow_next_page_uri_to_the_end() {
    let server = server().await;

    let client = Client::new(config(&server)).unwrap();
    let mut items = client.items(&list());
    let mut bodies = Vec::new();
    while let Some(message) = items.try_next().await.unwrap() {
        bodies.push(message.body.unwrap());
    }
    assert_eq!(
        bodies,
        [
            "message 0",
            "message 1",
            "message 2",
            "message 3",
            "message 4"
        ]
    );

    let blocking = BlockingClient::new(config(&server)).unwrap();
    let sids = tokio::task::spawn_blocking(move || {
        blocking
            .items(&list())
            .map(|m| m.unwrap().sid.unwrap().to_string())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    assert_eq!(sids.len(), 5);
    assert_eq!(sids[4], format!("SM{:032x}", 4));

    let requests = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    let expected = [
        Some("PageSize=2"),
        Some("PageSize=2&Page=1&PageToken=PA1"),
        Some("PageSize=2&Page=2&PageToken=PA2"),
    ];
    assert_eq!(queries[..3], expected);
    assert_eq!(queries[3..], expected);
}
