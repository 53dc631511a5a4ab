//! A body that never ends costs no more memory than the configured limit:
//! the heap's high-water mark while each client reads from a server that
//! sends without end stays within the limit plus the transport's own
//! buffers, and the client stops with `Error::BodyTooLarge`. The allocator
//! counts every live byte of the process (the server's threads included),
//! and this binary runs only this test.

#[path = "support/hostile.rs"]
mod hostile;
// Its list server is not used here.
#[allow(dead_code)]
#[path = "support/paging.rs"]
mod paging;

use std::time::Duration;

use twilio_chat::v2;
use twilio_runtime::client::{Config, Error, RetryPolicy};
use twilio_runtime::{BlockingClient, Client};

#[global_allocator]
static ALLOCATOR: paging::Counting = paging::Counting;

const LIMIT: u64 = 8 * 1024 * 1024;
/// What the transports may hold beside the body: their read buffers, the
/// connection, the request.
const SLACK: usize = 2 * 1024 * 1024;

#[test]
fn an_endless_body_is_read_up_to_the_limit_and_no_further() {
    let server = hostile::Server::start(|_, mut conn| {
        let block = vec![b' '; 16 * 1024];
        if conn.send(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n[",
        ) {
            while !conn.stopped() && conn.send(&block) {}
        }
    });
    let config = Config::anonymous()
        .base_url(server.url())
        .max_body_size(LIMIT)
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none());
    let service: v2::ServiceSid = paging::SERVICE.parse().unwrap();
    let fetch = v2::FetchUser::new(service, "maria");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let async_client = Client::new(config.clone()).unwrap();
    let blocking_client = BlockingClient::new(config).unwrap();

    let before = paging::reset_peak();
    let err = runtime.block_on(async_client.send(&fetch)).unwrap_err();
    let async_peak = paging::peak().saturating_sub(before);
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");

    let before = paging::reset_peak();
    let err = blocking_client.send(&fetch).unwrap_err();
    let blocking_peak = paging::peak().saturating_sub(before);
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");

    println!(
        "limit {LIMIT} B; peak while reading: async {async_peak} B, blocking {blocking_peak} B"
    );
    for (client, peak) in [("async", async_peak), ("blocking", blocking_peak)] {
        // It did read up to the limit, and held no more than it.
        assert!(peak as u64 >= LIMIT, "{client}: {peak} B");
        assert!(
            peak <= LIMIT as usize + SLACK,
            "{client} held {peak} B at its peak for a limit of {LIMIT} B"
        );
    }
    assert_eq!(server.requests(), 2);
}
