//! Paging through 10,000 users holds one page in memory at a time: the
//! heap's high-water mark while the blocking client walks 200 pages from a
//! local server stays within a few pages' worth, where collecting the same
//! list grows with it. The allocator counts every live byte of the process
//! (the server's thread included), and this binary runs only this test.

#[path = "support/paging.rs"]
mod paging;

use twilio_chat::v2;
use twilio_chat::Page;
use twilio_runtime::client::Config;
use twilio_runtime::BlockingClient;

#[global_allocator]
static ALLOCATOR: paging::Counting = paging::Counting;

const PER_PAGE: usize = 50;
const TOTAL: usize = 10_000;

#[test]
fn paging_ten_thousand_users_holds_one_page_at_a_time() {
    let url = paging::serve(PER_PAGE, TOTAL);
    let client = BlockingClient::new(Config::anonymous().base_url(url)).unwrap();
    let service: v2::ServiceSid = paging::SERVICE.parse().unwrap();
    let list = v2::ListUser::new(service).page_size(PER_PAGE as i64);

    // One request first, so that what the client sets up once (its
    // connection pool, its TLS configuration) is not counted as paging.
    let first = client.send(&list).unwrap();
    assert_eq!(first.items.len(), PER_PAGE);
    drop(first);

    // The unit: what one decoded page holds.
    let body = paging::page_body(0, PER_PAGE, TOTAL);
    let before = paging::reset_peak();
    let page: Page<v2::User> = serde_json::from_str(&body).unwrap();
    let one_page = paging::live() - before;
    assert_eq!(page.items.len(), PER_PAGE);
    drop(page);

    // What fetching a single page costs at its peak: the page, its body
    // and the transport's buffers.
    let before = paging::reset_peak();
    let single = client.send(&list).unwrap();
    let single_peak = paging::peak().saturating_sub(before);
    drop(single);

    let before = paging::reset_peak();
    let mut count = 0;
    let mut sum = 0;
    for user in client.items(&list) {
        let user = user.unwrap();
        count += 1;
        sum += user.joined_channels_count.unwrap_or_default();
    }
    let paging_peak = paging::peak().saturating_sub(before);
    assert_eq!(count, TOTAL);
    assert_eq!(sum, (0..TOTAL as i64).sum::<i64>(), "every user, once");

    let before = paging::reset_peak();
    let all = client
        .items(&list)
        .collect::<Result<Vec<v2::User>, _>>()
        .unwrap();
    let collect_peak = paging::peak().saturating_sub(before);
    assert_eq!(all.len(), TOTAL);

    println!(
        "one page decoded: {one_page} B; fetching one page: peak {single_peak} B; \
         paging {TOTAL} items: peak {paging_peak} B; collecting them: peak {collect_peak} B"
    );
    // The server's thread may still hold the body it wrote while the client
    // decodes it, so the peak may move by part of a page from run to run;
    // a page kept per page read would add 200 of them.
    assert!(
        paging_peak <= single_peak + one_page,
        "paging held {paging_peak} B at its peak, fetching one page {single_peak} B"
    );
    assert!(
        collect_peak > 100 * one_page,
        "the measure tells a list held whole from one page at a time"
    );
}
