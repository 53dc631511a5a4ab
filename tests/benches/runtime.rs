//! What the generated code costs at run time:
//! `cargo bench -p twilio-chat --bench runtime`.
//!
//! 1. List pages. A page of 1,000 users (`{"users": [...], "meta": {...}}`)
//!    and one of 1,000 messages, built in memory with varied, realistic
//!    values (valid SIDs, links, dates, non-ASCII names, escaped text, media),
//!    are deserialized from the same bytes into the generated
//!    `v2::Page<v2::User>` / `v2::Page<v2::Message>` and into
//!    `serde_json::Value`; reported is typed / `Value`. Deserializing into
//!    `serde::de::IgnoredAny` (JSON syntax only, nothing built) is the floor.
//!
//! 2. SIDs. `v2::UserSid::parse` on valid and invalid input, against
//!    baselines from the same run: `str::to_owned` of the same 34 bytes (what
//!    keeping a SID as a `String` costs), a hand-written check (length,
//!    prefix, hex digits, copy into `[u8; 34]`), the least a byte-wise
//!    validation can cost, and the same check eight bytes at a time. A counting global allocator wraps `System`: the allocations made
//!    while the SID loops run are counted and must be zero for valid input.
//!
//! The workspace's bench harness (`bench/harness`), as the generator's
//! pipeline bench: warm-up and calibration, then interleaved rounds (the
//! order rotated every round) until every stage has run `BENCH_SECS` seconds
//! (default 2) and at least 15 rounds; medians per iteration, their 10th–90th
//! percentile spread, ratios of medians.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use bench_harness::{report, run, timed, Budget, Stage};
use serde::de::IgnoredAny;
use serde_json::{json, Value};
use twilio_chat::v2::{Message, User, UserSid};
use twilio_chat::Page;

// ---------------------------------------------------------------------------
// Counting allocator.

/// `System`, counting allocations (`alloc`, `alloc_zeroed`, `realloc`)
/// while `COUNTING` is on. Off, it costs one relaxed load per call, so the
/// timed JSON loops are not slowed down by the counting.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn count() {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `System`; counting touches
// only atomics and never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Runs `f` with allocation counting on; returns its result and the number
/// of allocations it made.
fn counting<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
    let result = f();
    COUNTING.store(false, Ordering::SeqCst);
    (result, ALLOCATIONS.load(Ordering::Relaxed) - before)
}

// ---------------------------------------------------------------------------

const ITEMS: usize = 1_000;
const SIDS: usize = 1_024;

fn main() {
    let budget = Budget::from_env();
    println!(
        "runtime bench: {:.1} s per stage, interleaved rounds; times are medians per iteration",
        budget.per_stage.as_secs_f64()
    );
    bench_pages(budget);
    bench_sids(budget);
}

fn bench_pages(budget: Budget) {
    let mut rng = Rng(0x5eed_c0de_2025);
    let users = serde_json::to_vec(&users_page(&mut rng)).unwrap();
    let messages = serde_json::to_vec(&messages_page(&mut rng)).unwrap();

    // The typed pages hold what was sent.
    let page: Page<User> = serde_json::from_slice(&users).expect("users page");
    assert_eq!(page.items.len(), ITEMS);
    assert!(page.meta.next_page_url.is_some());
    assert!(page
        .items
        .iter()
        .all(|u| u.sid.is_some() && u.links.is_some()));
    let page: Page<Message> = serde_json::from_slice(&messages).expect("messages page");
    assert_eq!(page.items.len(), ITEMS);
    assert!(page.items.iter().any(|m| m.media.is_some()));
    assert_eq!(page.items[999].index, Some(999));

    for (what, bytes) in [("users", &users), ("messages", &messages)] {
        let typed = |bytes: &[u8]| -> usize {
            if what == "users" {
                serde_json::from_slice::<Page<User>>(bytes)
                    .unwrap()
                    .items
                    .len()
            } else {
                serde_json::from_slice::<Page<Message>>(bytes)
                    .unwrap()
                    .items
                    .len()
            }
        };
        let (_, typed_allocations) = counting(|| typed(bytes));
        let (_, value_allocations) = counting(|| serde_json::from_slice::<Value>(bytes).unwrap());
        println!();
        println!(
            "== page of {ITEMS} {what}: {} KiB of JSON; allocations per page: typed {typed_allocations}, Value {value_allocations}",
            bytes.len() / 1024
        );
        let mut stages = vec![
            Stage::new("typed Page<_>", |n| {
                timed(n, || {
                    black_box(typed(black_box(bytes)));
                })
            }),
            Stage::new("serde_json::Value", |n| {
                timed(n, || {
                    black_box(serde_json::from_slice::<Value>(black_box(bytes)).unwrap());
                })
            }),
            Stage::new("IgnoredAny (floor)", |n| {
                timed(n, || {
                    black_box(serde_json::from_slice::<IgnoredAny>(black_box(bytes)).unwrap());
                })
            }),
        ];
        run(&mut stages, budget);
        report(&stages, 1);
        let (typed, value, floor) = (stages[0].median(), stages[1].median(), stages[2].median());
        println!(
            "   ratio typed / Value = {:.2}   (target for the users page: <= 0.60)",
            typed / value
        );
        println!(
            "   ratio typed / IgnoredAny = {:.2}, Value / IgnoredAny = {:.2}; throughput typed {:.0} MiB/s, Value {:.0} MiB/s",
            typed / floor,
            value / floor,
            bytes.len() as f64 / typed * 1e9 / (1 << 20) as f64,
            bytes.len() as f64 / value * 1e9 / (1 << 20) as f64
        );
    }
}

fn bench_sids(budget: Budget) {
    let mut rng = Rng(0x51d5_0000_0001);
    let valid: Vec<String> = (0..SIDS).map(|_| rng.sid("US")).collect();
    // Wrong lengths: one short, one long, empty, the bare prefix.
    let bad_length: Vec<String> = (0..SIDS)
        .map(|i| match i % 4 {
            0 => rng.sid("US")[..33].to_string(),
            1 => format!("{}0", rng.sid("US")),
            2 => String::new(),
            _ => "US".to_string(),
        })
        .collect();
    // A non-hex character somewhere after the prefix.
    let bad_hex: Vec<String> = (0..SIDS)
        .map(|_| {
            let mut s = rng.sid("US").into_bytes();
            let at = 2 + rng.below(32) as usize;
            s[at] = b"gGzZxX-_ "[rng.below(9) as usize];
            String::from_utf8(s).unwrap()
        })
        .collect();
    // A SID of another type (what a mixed-up argument looks like).
    let bad_prefix: Vec<String> = (0..SIDS)
        .map(|i| rng.sid(["IS", "CH", "IM", "us"][i % 4]))
        .collect();
    for s in &valid {
        assert!(UserSid::parse(s).is_ok() && hand_check(s).is_some(), "{s}");
        assert_eq!(word_check(s), hand_check(s), "{s}");
    }
    for set in [&bad_length, &bad_hex, &bad_prefix] {
        for s in set {
            assert!(UserSid::parse(s).is_err() && hand_check(s).is_none(), "{s}");
            assert_eq!(word_check(s), None, "{s}");
        }
    }
    // The word-wise check agrees with the byte-wise one on every byte value
    // in every position.
    let mut digits = *b"0123456789abcdefABCDEF0123456789";
    for at in 0..32 {
        let keep = digits[at];
        for byte in 0..=255u8 {
            digits[at] = byte;
            assert_eq!(all_hex(&digits), digits.iter().all(u8::is_ascii_hexdigit));
        }
        digits[at] = keep;
    }

    println!();
    println!("== SIDs: UserSid::parse over {SIDS} inputs per iteration (times per call)");
    // Allocations counted inside each parse loop, over every timed batch.
    let allocations = [Cell::new(0u64), Cell::new(0), Cell::new(0), Cell::new(0)];
    let calls = [Cell::new(0u64), Cell::new(0), Cell::new(0), Cell::new(0)];
    let parse_loop = |k: usize, inputs: &[String], n: u64| -> Duration {
        let (elapsed, allocated) = counting(|| {
            timed(n, || {
                for s in inputs {
                    black_box(UserSid::parse(black_box(s.as_str())).is_ok());
                }
            })
        });
        allocations[k].set(allocations[k].get() + allocated);
        calls[k].set(calls[k].get() + n * inputs.len() as u64);
        elapsed
    };
    let mut stages = vec![
        Stage::new("parse, valid", |n| parse_loop(0, &valid, n)),
        Stage::new("baseline: str::to_owned", |n| {
            timed(n, || {
                for s in &valid {
                    black_box(black_box(s.as_str()).to_owned());
                }
            })
        }),
        Stage::new("baseline: hand check", |n| {
            timed(n, || {
                for s in &valid {
                    black_box(hand_check(black_box(s.as_str())));
                }
            })
        }),
        Stage::new("baseline: word-wise check", |n| {
            timed(n, || {
                for s in &valid {
                    black_box(word_check(black_box(s.as_str())));
                }
            })
        }),
        Stage::new("parse, wrong length", |n| parse_loop(1, &bad_length, n)),
        Stage::new("parse, non-hex digit", |n| parse_loop(2, &bad_hex, n)),
        Stage::new("parse, wrong prefix", |n| parse_loop(3, &bad_prefix, n)),
    ];
    run(&mut stages, budget);
    report(&stages, SIDS);
    let m: Vec<f64> = stages.iter().map(Stage::median).collect();
    println!(
        "   ratio parse / to_owned = {:.2}, parse / hand check = {:.2}, parse / word-wise check = {:.2}",
        m[0] / m[1],
        m[0] / m[2],
        m[0] / m[3]
    );
    let names = ["valid", "wrong length", "non-hex digit", "wrong prefix"];
    for k in 0..4 {
        println!(
            "   allocations while parsing, {:<14} {} in {} calls",
            format!("{}:", names[k]),
            allocations[k].get(),
            calls[k].get()
        );
    }
    for k in 0..3 {
        assert_eq!(
            allocations[k].get(),
            0,
            "UserSid::parse allocated on {} input",
            names[k]
        );
    }
    if allocations[3].get() > 0 {
        println!(
            "   note: a wrong prefix allocates ({:.2} per call): SidErrorKind::Prefix holds the two characters found as a String",
            allocations[3].get() as f64 / calls[3].get() as f64
        );
    }
}

/// The least a SID check can do: length, prefix, 32 hex digits, then a copy
/// into the 34 bytes a SID is stored in.
fn hand_check(s: &str) -> Option<[u8; 34]> {
    let b = s.as_bytes();
    if b.len() == 34 && b.starts_with(b"US") && b[2..].iter().all(u8::is_ascii_hexdigit) {
        let mut out = [0u8; 34];
        out.copy_from_slice(b);
        Some(out)
    } else {
        None
    }
}

/// The same check done eight bytes at a time (SWAR), to show what a
/// faster `parse_sid` could reach.
fn word_check(s: &str) -> Option<[u8; 34]> {
    let b = s.as_bytes();
    if b.len() != 34 || !b.starts_with(b"US") {
        return None;
    }
    let mut out = [0u8; 34];
    out.copy_from_slice(b);
    let digits: &[u8; 32] = out[2..].try_into().ok()?;
    all_hex(digits).then_some(out)
}

/// Whether all 32 bytes are ASCII hex digits, a `u64` at a time.
fn all_hex(digits: &[u8; 32]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // For bytes below 0x80: high bit of (x + (0x80 - lo)) set iff x >= lo,
    // high bit of (x + (0x7f - hi)) clear iff x <= hi; no carries between
    // bytes. A word with a byte of 0x80 or more is refused before that matters.
    let in_range = |x: u64, lo: u64, hi: u64| {
        x.wrapping_add((0x80 - lo) * ONES) & !x.wrapping_add((0x7f - hi) * ONES)
    };
    digits.chunks_exact(8).all(|chunk| {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let digit = in_range(x, b'0'.into(), b'9'.into());
        let letter = in_range(x | (0x20 * ONES), b'a'.into(), b'f'.into());
        x & HIGH == 0 && (digit | letter) & HIGH == HIGH
    })
}

// ---------------------------------------------------------------------------
// Test data.

/// SplitMix64: deterministic, so every run parses the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A valid SID: the prefix and 32 lowercase hex digits.
    fn sid(&mut self, prefix: &str) -> String {
        format!("{prefix}{:016x}{:016x}", self.next(), self.next())
    }

    /// An RFC 3339 UTC timestamp between 2016 and 2025.
    fn date(&mut self) -> (i64, String) {
        let t = 1_451_606_400 + self.below(315_000_000) as i64;
        (t, timestamp(t))
    }
}

fn timestamp(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

const BASE: &str = "https://chat.twilio.com/v2";
const FIRST: &[&str] = &[
    "Maria",
    "José",
    "Aiko",
    "Oluwaseun",
    "Zoë",
    "Liam",
    "Priya",
    "Mateus",
    "Søren",
    "Fatima",
    "李",
    "Олег",
];
const LAST: &[&str] = &[
    "Lopez",
    "Álvarez",
    "Tanaka",
    "Adeyemi",
    "O'Brien",
    "Nguyen",
    "Sharma",
    "Müller",
    "Kowalski",
    "雷",
    "Иванов",
];

fn identity(rng: &mut Rng, i: usize) -> String {
    let first = rng.pick(&["maria", "jose", "aiko", "sam", "priya", "liam", "fatima"]);
    let last = rng.pick(&["lopez", "tanaka", "obrien", "nguyen", "sharma", "muller"]);
    match i % 3 {
        0 => format!("{first}.{last}@example.com"),
        1 => format!("{first}.{last}+{i}@example.org"),
        _ => format!("{first}_{last}_{i}"),
    }
}

fn meta(key: &str, path: &str) -> Value {
    json!({
        "page": 0,
        "page_size": ITEMS,
        "first_page_url": format!("{path}?PageSize={ITEMS}&Page=0"),
        "previous_page_url": null,
        "url": format!("{path}?PageSize={ITEMS}&Page=0"),
        "next_page_url": format!("{path}?PageSize={ITEMS}&Page=1&PageToken=PTUS0a1b2c3d"),
        "key": key,
    })
}

fn users_page(rng: &mut Rng) -> Value {
    let account = rng.sid("AC");
    let service = rng.sid("IS");
    let roles = [rng.sid("RL"), rng.sid("RL"), rng.sid("RL")];
    let users_url = format!("{BASE}/Services/{service}/Users");
    let users: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let sid = rng.sid("US");
            let (created, date_created) = rng.date();
            let date_updated = timestamp(created + rng.below(90_000_000) as i64);
            let url = format!("{users_url}/{sid}");
            let attributes = match i % 4 {
                0 => "{}".to_string(),
                1 => format!(
                    r#"{{"team":"{}","level":{}}}"#,
                    rng.pick(&["blue", "red", "ops"]),
                    i % 7
                ),
                2 => format!(
                    r#"{{"avatar":"https://cdn.example.com/a/{i}.png","bio":"Ça va? \"quoted\""}}"#
                ),
                _ => r#"{"tags":["support","night-shift"],"vip":true}"#.to_string(),
            };
            let friendly_name = if i % 10 == 9 {
                Value::Null
            } else {
                Value::String(format!("{} {}", rng.pick(FIRST), rng.pick(LAST)))
            };
            json!({
                "sid": sid,
                "account_sid": account,
                "service_sid": service,
                "attributes": attributes,
                "friendly_name": friendly_name,
                "role_sid": roles[i % 3],
                "identity": identity(rng, i),
                "is_online": null,
                "is_notifiable": null,
                "date_created": date_created,
                "date_updated": date_updated,
                "joined_channels_count": rng.below(40),
                "links": {
                    "user_channels": format!("{url}/Channels"),
                    "user_bindings": format!("{url}/Bindings"),
                },
                "url": url,
            })
        })
        .collect();
    json!({ "users": users, "meta": meta("users", &users_url) })
}

fn messages_page(rng: &mut Rng) -> Value {
    let account = rng.sid("AC");
    let service = rng.sid("IS");
    let channel = rng.sid("CH");
    let messages_url = format!("{BASE}/Services/{service}/Channels/{channel}/Messages");
    let authors: Vec<String> = (0..12).map(|i| identity(rng, i)).collect();
    const BODIES: &[&str] = &[
        "Agenda for Thursday's launch sync is pinned above.",
        "ok",
        "Can someone review PR #4521? It touches the \"billing\" module.",
        "Deploy finished ✅ — 0 errors, 3 warnings.\nSee the dashboard for details.",
        "Reunión mañana a las 10:00 (hora de Madrid) 🗓️",
        "Thanks!",
        "Path is C:\\builds\\nightly\\out, tab\there.",
        "会議は15時からです。資料は共有フォルダにあります。",
    ];
    let (mut t, _) = rng.date();
    let messages: Vec<Value> = (0..ITEMS)
        .map(|i| {
            t += 1 + rng.below(600) as i64;
            let sid = rng.sid("IM");
            let edited = i % 9 == 0;
            let author = authors[rng.below(authors.len() as u64) as usize].clone();
            let media = if i % 10 == 3 {
                json!({
                    "sid": rng.sid("ME"),
                    "size": 1_000 + rng.below(5_000_000),
                    "content_type": rng.pick(&["image/png", "image/jpeg", "application/pdf"]),
                    "filename": format!("attachment-{i}.bin"),
                })
            } else {
                Value::Null
            };
            let body = if media.is_null() {
                let base = rng.pick(BODIES);
                if i % 5 == 0 {
                    Value::String(base.repeat(1 + (i % 4)))
                } else {
                    Value::String(base.to_string())
                }
            } else {
                Value::Null
            };
            json!({
                "sid": sid,
                "account_sid": account,
                "attributes": if i % 3 == 0 { Value::Null } else { json!(format!(r#"{{"client_message_id":"m-{i:05x}"}}"#)) },
                "service_sid": service,
                "to": channel,
                "channel_sid": channel,
                "date_created": timestamp(t),
                "date_updated": timestamp(t + if edited { 120 } else { 0 }),
                "last_updated_by": if edited { Value::String(author.clone()) } else { Value::Null },
                "was_edited": edited,
                "from": author,
                "body": body,
                "index": i,
                "type": if media.is_null() { "text" } else { "media" },
                "media": media,
                "url": format!("{messages_url}/{sid}"),
            })
        })
        .collect();
    json!({ "messages": messages, "meta": meta("messages", &messages_url) })
}
