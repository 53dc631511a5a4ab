//! What paging costs through the clients:
//! `cargo bench -p twilio-chat --bench paging`.
//!
//! A local server (`tests/support/paging.rs`) serves 10,000 Chat users in
//! 200 pages of 50, each page written when it is asked for. Measured for the
//! blocking and the async client, by a counting allocator over the whole
//! process (the server's thread included):
//!
//! - the heap's high-water mark while fetching one page with `send`, while
//!   walking all 10,000 items with `items` (one page in hand at a time), and
//!   while collecting them into a `Vec`; each above the bytes live before;
//! - the time to walk the 10,000 items, against decoding the same 200 page
//!   bodies from memory (no HTTP), the floor; medians of 15 interleaved
//!   rounds (the order rotated every round) of the workspace's bench harness
//!   (`bench/harness`), one round when not run by `cargo bench`.

#[path = "../support/paging.rs"]
mod paging;

use bench_harness::{is_bench_run, run, timed, Budget, Stage};
use twilio_chat::v2;
use twilio_chat::Page;
use twilio_runtime::client::Config;
use twilio_runtime::{BlockingClient, Client};

#[global_allocator]
static ALLOCATOR: paging::Counting = paging::Counting;

const PER_PAGE: usize = 50;
const TOTAL: usize = 10_000;

fn rounds() -> usize {
    // `cargo test --benches` passes no `--bench`: one round, as a smoke test.
    if is_bench_run() {
        15
    } else {
        1
    }
}

fn peak_of<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = paging::reset_peak();
    let out = f();
    (out, paging::peak().saturating_sub(before))
}

fn main() {
    let url = paging::serve(PER_PAGE, TOTAL);
    let service: v2::ServiceSid = paging::SERVICE.parse().unwrap();
    let list = v2::ListUser::new(service).page_size(PER_PAGE as i64);
    let bodies: Vec<String> = (0..TOTAL / PER_PAGE)
        .map(|page| paging::page_body(page, PER_PAGE, TOTAL))
        .collect();
    let rounds = rounds();

    let (page, one_page) = peak_of(|| serde_json::from_str::<Page<v2::User>>(&bodies[0]).unwrap());
    drop(page);

    let blocking = BlockingClient::new(Config::anonymous().base_url(&url)).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = Client::new(Config::anonymous().base_url(&url)).unwrap();
    // Set-up that happens once per client is not counted.
    drop(blocking.send(&list).unwrap());
    drop(runtime.block_on(client.send(&list)).unwrap());

    let walk_blocking = || {
        let mut n = 0;
        for user in blocking.items(&list) {
            std::hint::black_box(user.unwrap());
            n += 1;
        }
        assert_eq!(n, TOTAL);
    };
    let walk_async = || {
        runtime.block_on(async {
            let mut items = client.items(&list);
            let mut n = 0;
            while let Some(user) = items.try_next().await.unwrap() {
                std::hint::black_box(user);
                n += 1;
            }
            assert_eq!(n, TOTAL);
        });
    };
    let decode_only = || {
        let mut n = 0;
        for body in &bodies {
            let page: Page<v2::User> = serde_json::from_str(body).unwrap();
            for user in page.items {
                std::hint::black_box(user);
                n += 1;
            }
        }
        assert_eq!(n, TOTAL);
    };

    println!("{TOTAL} users in {} pages of {PER_PAGE}", TOTAL / PER_PAGE);
    println!("one page decoded and held: {one_page} B");
    println!();
    println!("| client | one page (`send`), peak | {TOTAL} items (`items`), peak | ratio | collected into a Vec, peak |");
    println!("|---|---|---|---|---|");
    let (_, single) = peak_of(|| blocking.send(&list).unwrap());
    let ((), walk) = peak_of(walk_blocking);
    let (all, collect) = peak_of(|| {
        blocking
            .items(&list)
            .collect::<Result<Vec<v2::User>, _>>()
            .unwrap()
    });
    drop(all);
    row("blocking", single, walk, collect);
    let (_, single) = peak_of(|| runtime.block_on(client.send(&list)).unwrap());
    let ((), walk) = peak_of(walk_async);
    let (all, collect) = peak_of(|| {
        runtime.block_on(async {
            let mut items = client.items(&list);
            let mut all = Vec::new();
            while let Some(user) = items.try_next().await.unwrap() {
                all.push(user);
            }
            all
        })
    });
    drop(all);
    row("async", single, walk, collect);

    // A walk takes milliseconds: one per timed batch.
    let mut stages = [
        Stage::new("decode the 200 bodies from memory (floor)", |n| {
            timed(n, decode_only)
        }),
        Stage::new("blocking client over 127.0.0.1", |n| {
            timed(n, walk_blocking)
        }),
        Stage::new("async client over 127.0.0.1", |n| timed(n, walk_async)),
    ];
    run(&mut stages, Budget::rounds(rounds));
    let decode = stages[0].median();
    println!();
    println!("time to walk {TOTAL} items, median of {rounds} rounds:");
    println!("| | median | ratio to decoding from memory |");
    println!("|---|---|---|");
    for stage in &stages {
        let t = stage.median();
        println!(
            "| {} | {:.1} ms | {:.2} |",
            stage.label(),
            t / 1e6,
            t / decode
        );
    }
}

fn row(client: &str, single: usize, walk: usize, collect: usize) {
    println!(
        "| {client} | {} KiB | {} KiB | {:.3} | {} KiB |",
        single / 1024,
        walk / 1024,
        walk as f64 / single as f64,
        collect / 1024
    );
}
