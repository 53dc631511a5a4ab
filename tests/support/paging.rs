//! What the paging memory test and benchmark share: an allocator that
//! counts live heap bytes, and a local HTTP server that serves a long list
//! of Chat users page by page, each page written when it is asked for, so
//! that the server itself holds no more than one page at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes it has handed out and not got
/// back, and the most there ever were.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged; only counters are
// updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

/// Live heap bytes now.
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Starts a new peak from the bytes live now, and returns them.
pub fn reset_peak() -> usize {
    let live = live();
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// The most bytes live since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

pub const SERVICE: &str = "IS0123456789abcdef0123456789abcdef";

/// The JSON of page `page` (from 0) of a list of `total` users,
/// `per_page` at a time, with a relative next-page link unless it is the
/// last.
pub fn page_body(page: usize, per_page: usize, total: usize) -> String {
    let first = page * per_page;
    let last = (first + per_page).min(total);
    let mut body = String::with_capacity(per_page * 640 + 512);
    body.push_str(r#"{"users":["#);
    for n in first..last {
        if n > first {
            body.push(',');
        }
        let _ = write!(
            body,
            r#"{{"sid":"US{n:032x}","account_sid":"AC0123456789abcdef0123456789abcdef","service_sid":"{SERVICE}","role_sid":"RL0123456789abcdef0123456789abcdef","identity":"user-{n}@example.com","friendly_name":"User number {n}","attributes":"{{}}","is_online":true,"is_notifiable":false,"joined_channels_count":{n},"date_created":"2024-05-01T10:00:00Z","date_updated":"2024-05-02T11:30:00Z","links":{{"user_channels":"https://chat.twilio.com/v2/Services/{SERVICE}/Users/US{n:032x}/Channels","user_bindings":"https://chat.twilio.com/v2/Services/{SERVICE}/Users/US{n:032x}/Bindings"}},"url":"https://chat.twilio.com/v2/Services/{SERVICE}/Users/US{n:032x}"}}"#
        );
    }
    let next = if last < total {
        format!(
            r#""https://chat.twilio.com/v2/Services/{SERVICE}/Users?PageSize={per_page}&Page={}""#,
            page + 1
        )
    } else {
        String::from("null")
    };
    let _ = write!(
        body,
        r#"],"meta":{{"page":{page},"page_size":{per_page},"first_page_url":"https://chat.twilio.com/v2/Services/{SERVICE}/Users?PageSize={per_page}&Page=0","previous_page_url":null,"url":"https://chat.twilio.com/v2/Services/{SERVICE}/Users?PageSize={per_page}&Page={page}","next_page_url":{next},"key":"users"}}}}"#
    );
    body
}

/// Serves the list on a free port of 127.0.0.1 from a thread, one
/// connection at a time; returns its base URL.
pub fn serve(per_page: usize, total: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            // The request head fits in a fixed buffer: no allocation per
            // request beyond the page itself.
            let mut head = [0u8; 4096];
            let mut len = 0;
            while len < head.len() {
                match stream.read(&mut head[len..]) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => len += n,
                }
                if head[..len].windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            let head = std::str::from_utf8(&head[..len]).unwrap_or("");
            let target = head.split(' ').nth(1).unwrap_or("/");
            let page = target
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix("Page="))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let body = page_body(page, per_page, total);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(body.as_bytes());
        }
    });
    url
}
