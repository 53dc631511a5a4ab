//! A local HTTP server that misbehaves on purpose: it answers each request
//! by running a handler on the raw connection, so that a test can send
//! what no well-behaved server would (a body without end, one byte a
//! second, no headers at all, a reset half-way, a status that lies).
//!
//! It listens on 127.0.0.1, counts the requests it reads, handles each
//! connection on a thread of its own, and stops when dropped: the handlers
//! are told through [`Conn::stopped`], and every thread is joined.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The head of a request, as read from the wire.
#[derive(Clone, Debug)]
pub struct Head {
    /// The request counted from 0, over the server's life.
    pub index: usize,
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header lines, names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The connection a handler answers on.
pub struct Conn {
    stream: TcpStream,
    stop: Arc<AtomicBool>,
    /// Bytes written to this connection.
    pub written: usize,
}

impl Conn {
    /// Whether the server is being dropped: a handler that writes for ever
    /// checks this between writes.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Writes all of `bytes`; false once the client has gone.
    pub fn send(&mut self, bytes: &[u8]) -> bool {
        let ok = self.stream.write_all(bytes).is_ok() && self.stream.flush().is_ok();
        if ok {
            self.written += bytes.len();
        }
        ok
    }

    /// A whole response with a JSON (or any) body and a length.
    pub fn respond(&mut self, status: u16, extra_headers: &[(&str, &str)], body: &[u8]) -> bool {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\nconnection: close\r\n",
            reason(status),
            body.len()
        );
        if !extra_headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            head.push_str("content-type: application/json\r\n");
        }
        for (name, value) in extra_headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.send(head.as_bytes()) && self.send(body)
    }

    /// Sleeps in small steps until `total` has passed or the server stops.
    pub fn pause(&self, total: Duration) {
        let step = Duration::from_millis(20);
        let mut waited = Duration::ZERO;
        while waited < total && !self.stopped() {
            std::thread::sleep(step);
            waited += step;
        }
    }

    /// Closes the connection with a reset (RST) instead of a clean end.
    pub fn reset(self) {
        // A linger of zero makes the close abortive.
        let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
        drop(self.stream);
    }

    /// Closes the connection cleanly.
    pub fn close(self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

pub fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Whatever")
}

type Handler = dyn Fn(&Head, Conn) + Send + Sync;

/// The server. Dropping it stops it and joins its threads.
pub struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<Head>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server whose every request is answered by `handler`.
    pub fn start(handler: impl Fn(&Head, Conn) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept = {
            let (requests, heads, stop) = (requests.clone(), heads.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut workers = Vec::new();
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (requests, heads, stop, handler) = (
                        requests.clone(),
                        heads.clone(),
                        stop.clone(),
                        handler.clone(),
                    );
                    workers.push(std::thread::spawn(move || {
                        serve(stream, &requests, &heads, &stop, &*handler);
                    }));
                }
                for worker in workers {
                    let _ = worker.join();
                }
            })
        };
        Server {
            url,
            requests,
            heads,
            stop,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// How many requests were read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The heads of the requests read, in order.
    pub fn heads(&self) -> Vec<Head> {
        self.heads.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// Reads one request from `stream` and hands it to the handler. Each
/// connection carries one request: responses say `connection: close`.
fn serve(
    mut stream: TcpStream,
    requests: &AtomicUsize,
    heads: &Mutex<Vec<Head>>,
    stop: &Arc<AtomicBool>,
    handler: &Handler,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 64 * 1024 {
            return;
        }
    };
    let text = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    let index = requests.fetch_add(1, Ordering::SeqCst);
    let head = Head {
        index,
        method,
        target,
        headers,
        body,
    };
    heads.lock().unwrap().push(head.clone());
    handler(
        &head,
        Conn {
            stream,
            stop: stop.clone(),
            written: 0,
        },
    );
}
