//! Clients with Twilio's conventions: credentials, regions and edges,
//! retries, timeouts and paging, on top of the transport-free stubs.
//!
//! Two clients share everything here: `Client` (feature `client`, async, on
//! reqwest) and `BlockingClient` (feature `blocking`, on ureq). Both are
//! built from a [`Config`].

mod credentials;
mod error;
mod retry;

#[cfg(feature = "client")]
pub(crate) mod nonblocking;

#[cfg(feature = "blocking")]
pub(crate) mod blocking;

use std::time::{Duration, Instant};

use http::header::{HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};

use crate::endpoint::Endpoint;
use crate::error::ResponseError;
use crate::page::{ListItem, Page, PageRequest};

pub use credentials::Credentials;
pub use error::Error;
pub use retry::RetryPolicy;

#[cfg(feature = "client")]
pub use nonblocking::{Client, Items};

#[cfg(feature = "blocking")]
pub use blocking::{BlockingClient, BlockingItems};

/// How a client reaches Twilio: credentials, where to send requests, how to
/// retry and how long to wait.
///
/// ```
/// use std::time::Duration;
/// use twilio_runtime::client::{Config, Credentials, RetryPolicy};
///
/// let config = Config::new(Credentials::auth_token("AC0123456789abcdef0123456789abcdef", "token"))
///     .region("ie1")
///     .edge("dublin")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_retries(5));
/// assert_eq!(
///     config.base_url_for("https://chat.twilio.com"),
///     "https://chat.dublin.ie1.twilio.com"
/// );
/// ```
#[derive(Clone)]
pub struct Config {
    credentials: Option<Credentials>,
    region: Option<String>,
    edge: Option<String>,
    base_url: Option<String>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: HeaderValue,
    proxy: Option<String>,
    max_body_size: u64,
}

/// Secrets stay out: the credentials print without their token or secret,
/// and URLs without a password or a query.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("base_url", &self.base_url.as_deref().map(redact_url))
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("proxy", &self.proxy.as_deref().map(redact_url))
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

/// The largest response body a client reads by default: far beyond any
/// page of Twilio's, small enough that a server sending without end cannot
/// exhaust memory.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;

impl Config {
    /// A configuration with these credentials, Twilio's default hosts, the
    /// default [`RetryPolicy`], a 30 s timeout per attempt and 10 s to
    /// connect.
    #[must_use]
    pub fn new(credentials: Credentials) -> Self {
        Config {
            credentials: Some(credentials),
            ..Config::anonymous()
        }
    }

    /// A configuration that sends no `Authorization` header: for a proxy
    /// that adds its own, or a test server.
    #[must_use]
    pub fn anonymous() -> Self {
        Config {
            credentials: None,
            region: None,
            edge: None,
            base_url: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: default_user_agent(),
            proxy: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// Credentials from the environment ([`Credentials::from_env`]), and the
    /// region and edge from `TWILIO_REGION` and `TWILIO_EDGE` when they are
    /// set.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the credentials are incomplete.
    pub fn from_env() -> Result<Self, Error> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Config::from_env`] reading variables through `lookup`.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let mut config = Config::new(Credentials::from_lookup(&lookup)?);
        config.region = lookup("TWILIO_REGION").filter(|v| !v.is_empty());
        config.edge = lookup("TWILIO_EDGE").filter(|v| !v.is_empty());
        Ok(config)
    }

    /// The credentials requests are signed with.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sends requests to this Twilio region (`ie1`, `au1`, …): a host
    /// `chat.twilio.com` becomes `chat.ie1.twilio.com`, or
    /// `chat.{edge}.ie1.twilio.com` with an edge.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends requests through this Twilio edge location (`dublin`,
    /// `sydney`, …): `chat.{edge}.{region}.twilio.com`, the region being
    /// `us1` unless set.
    #[must_use]
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.edge = Some(edge.into());
        self
    }

    /// Sends every request to this base URL instead of the API's own host
    /// (`http://127.0.0.1:4010`, a proxy, a mock server). Region and edge
    /// then do not apply.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// When and how often to retry.
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long one attempt may take, from connecting to the end of the
    /// body.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long connecting may take.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Adds `product` (such as `my-app/1.2`) after this crate's name and
    /// version in the `User-Agent` header. A value that is not a valid
    /// header value is ignored.
    #[must_use]
    pub fn user_agent(mut self, product: &str) -> Self {
        let agent = format!(
            "{} {product}",
            default_user_agent().to_str().unwrap_or_default()
        );
        if let Ok(value) = HeaderValue::from_str(&agent) {
            self.user_agent = value;
        }
        self
    }

    /// Sends every request through this HTTP proxy
    /// (`http://proxy.example:3128`). Without it, the transport's own
    /// rules apply (the `HTTPS_PROXY` variables).
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// The largest response body to read, in bytes
    /// ([`DEFAULT_MAX_BODY_SIZE`] unless set). A longer body, or one whose
    /// `Content-Length` says it would be longer, ends the request with
    /// [`Error::BodyTooLarge`], having held no more than this in memory.
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The base URL requests for an API whose own base URL is
    /// `default_base_url` go to: the configured base URL, or the API's host
    /// with the region and edge applied.
    #[must_use]
    pub fn base_url_for(&self, default_base_url: &str) -> String {
        if let Some(base) = &self.base_url {
            return base.trim_end_matches('/').to_owned();
        }
        if self.region.is_none() && self.edge.is_none() {
            return default_base_url.to_owned();
        }
        regional(
            default_base_url,
            self.region.as_deref(),
            self.edge.as_deref(),
        )
    }

    /// The retry policy.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Builds the request for `endpoint` against
    /// [`Config::base_url_for`] its API.
    pub(crate) fn request_for<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        Ok(endpoint.to_request(&self.base_url_for(E::DEFAULT_BASE_URL))?)
    }

    /// Adds what every request carries: credentials (unless the request
    /// has its own), `User-Agent` and `Accept`.
    pub(crate) fn prepare(&self, request: &mut http::Request<Vec<u8>>) {
        let headers = request.headers_mut();
        if let Some(credentials) = &self.credentials {
            if !headers.contains_key(AUTHORIZATION) {
                headers.insert(AUTHORIZATION, credentials.authorization().clone());
            }
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
    }
}

/// What the `User-Agent` header names: this crate and its version, and the
/// platform (`twilio-runtime/0.1.0 (rust; linux x86_64)`).
fn default_user_agent() -> HeaderValue {
    let agent = format!(
        "{}/{} (rust; {} {})",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    HeaderValue::from_str(&agent).unwrap_or_else(|_| HeaderValue::from_static("twilio-runtime"))
}

/// `https://chat.twilio.com` with a region and an edge:
/// `https://chat.{edge}.{region}.twilio.com`. A host that already names a
/// region (`chat.ie1.twilio.com`) or an edge and a region keeps what is not
/// overridden; an edge without a region goes to `us1`. A URL whose host has
/// fewer than three labels is left alone.
fn regional(base_url: &str, region: Option<&str>, edge: Option<&str>) -> String {
    let (scheme, rest) = base_url
        .split_once("://")
        .map_or(("", base_url), |(s, r)| (s, r));
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(host_end);
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => (host, Some(port)),
        _ => (authority, None),
    };
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 3 {
        return base_url.to_owned();
    }
    let product = labels[0];
    let domain = &labels[labels.len() - 2..];
    let (mut current_edge, mut current_region) = (None, None);
    match labels.len() {
        4 => current_region = Some(labels[1]),
        5 => {
            current_edge = Some(labels[1]);
            current_region = Some(labels[2]);
        }
        _ => {}
    }
    let edge = edge.or(current_edge);
    let region = region.or(current_region).or(edge.map(|_| DEFAULT_REGION));
    let mut out = String::with_capacity(base_url.len() + 16);
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push_str("://");
    }
    out.push_str(product);
    for label in [edge, region].into_iter().flatten() {
        out.push('.');
        out.push_str(label);
    }
    for label in domain {
        out.push('.');
        out.push_str(label);
    }
    if let Some(port) = port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str(tail);
    out
}

/// The region an edge is in when none is set.
const DEFAULT_REGION: &str = "us1";

/// A URL as it may be shown: without the password (or token) of its user
/// part and without its query, which may hold personal data or a token.
pub(crate) fn redact_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").map_or(("", url), |(s, r)| (s, r));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let mut out = String::with_capacity(url.len());
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push_str("://");
    }
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let name = user.split_once(':').map_or(user, |(name, _)| name);
            out.push_str(name);
            out.push_str(":<redacted>@");
            out.push_str(host);
        }
        None => out.push_str(authority),
    }
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    out.push_str(&tail[..path_end]);
    if path_end < tail.len() {
        out.push_str("?<redacted>");
    }
    out
}

/// A response body being read, never longer than the limit, and never
/// holding more memory than the limit: it grows by doubling, capped there.
pub(crate) struct BoundedBody {
    bytes: Vec<u8>,
    limit: usize,
}

/// The body was longer than the limit (in bytes).
pub(crate) struct TooLarge(pub(crate) u64);

impl BoundedBody {
    /// A buffer for a body of at most `limit` bytes, sized for the length
    /// the response announces; fails at once when that is over the limit.
    pub(crate) fn new(limit: u64, announced: Option<u64>) -> Result<Self, TooLarge> {
        if announced.is_some_and(|n| n > limit) {
            return Err(TooLarge(limit));
        }
        let cap = usize::try_from(limit).unwrap_or(usize::MAX);
        // What is announced is believed only up to a page's worth at first.
        let initial = announced
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0)
            .min(cap)
            .min(1 << 20);
        Ok(BoundedBody {
            bytes: Vec::with_capacity(initial),
            limit: cap,
        })
    }

    /// Appends a chunk read from the connection.
    #[cfg(any(feature = "client", test))]
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<(), TooLarge> {
        let needed = self.bytes.len().saturating_add(chunk.len());
        if needed > self.limit {
            return Err(TooLarge(self.limit as u64));
        }
        if needed > self.bytes.capacity() {
            let grown = self
                .bytes
                .capacity()
                .saturating_mul(2)
                .max(needed)
                .max(8 * 1024)
                .min(self.limit);
            self.bytes.reserve_exact(grown - self.bytes.len());
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// Reads the rest of a body from `reader` into this buffer, in place:
    /// no scratch buffer beside it.
    #[cfg(feature = "blocking")]
    pub(crate) fn read_from(
        &mut self,
        mut reader: impl std::io::Read,
    ) -> std::io::Result<Result<(), TooLarge>> {
        loop {
            let len = self.bytes.len();
            if len == self.bytes.capacity() {
                if len == self.limit {
                    // Full: one more byte means too long.
                    let mut probe = [0u8; 1];
                    return match reader.read(&mut probe) {
                        Ok(0) => Ok(Ok(())),
                        Ok(_) => Ok(Err(TooLarge(self.limit as u64))),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => Err(e),
                    };
                }
                let grown = len.saturating_mul(2).max(8 * 1024).min(self.limit);
                self.bytes.reserve_exact(grown - len);
            }
            let room = self.bytes.capacity().min(self.limit);
            self.bytes.resize(room, 0);
            match reader.read(&mut self.bytes[len..]) {
                Ok(0) => {
                    self.bytes.truncate(len);
                    return Ok(Ok(()));
                }
                Ok(n) => self.bytes.truncate(len + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => self.bytes.truncate(len),
                Err(e) => {
                    self.bytes.truncate(len);
                    return Err(e);
                }
            }
        }
    }

    /// The body read.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

impl TooLarge {
    pub(crate) fn failure(self) -> Failure {
        Failure {
            // Answered: the same request would get the same answer.
            sent: Sent::Hopeless,
            why: Why::TooLarge(self.0),
            source: "the response body is longer than the limit".into(),
        }
    }
}

/// How a page is read from a response: the list endpoint's own
/// `parse_response` for the first page, [`PageRequest`]'s for the others.
pub(crate) type ParsePage<T> = fn(u16, &[u8]) -> Result<Page<T>, ResponseError>;

/// The request for a page and how to read it.
pub(crate) type PageFetch<T> = (http::Request<Vec<u8>>, ParsePage<T>);

/// The paging state both clients share: the items of the page in hand, the
/// request for the next page, how many items may still be given, and the
/// pages already requested, so that a walk whose links lead back to one of
/// them ends instead of going round for ever.
pub(crate) struct Cursor<T> {
    buffer: std::vec::IntoIter<T>,
    next: Option<Result<PageFetch<T>, Error>>,
    /// Every page requested: a 128-bit keyed hash of its path and query
    /// (two independent 64-bit ones) → its number, so that what a walk
    /// remembers stays a few bytes a page.
    seen: std::collections::HashMap<(u64, u64), usize>,
    hashers: (std::hash::RandomState, std::hash::RandomState),
    remaining: Option<usize>,
    max_pages: Option<usize>,
}

/// What the cursor needs next.
pub(crate) enum Step<T> {
    /// An item to give.
    Item(T),
    /// The next page has to be fetched with this request.
    Fetch(http::Request<Vec<u8>>, ParsePage<T>),
    /// An error to give; the cursor is finished after it.
    Fail(Error),
    /// Nothing more.
    Done,
}

impl<T: ListItem> Cursor<T> {
    pub(crate) fn new<E>(config: &Config, endpoint: &E) -> Self
    where
        E: Endpoint<Response = Page<T>>,
    {
        let first = config
            .request_for(endpoint)
            .map(|request| (request, E::parse_response as ParsePage<T>));
        Cursor {
            buffer: Vec::new().into_iter(),
            next: Some(first),
            seen: std::collections::HashMap::new(),
            hashers: Default::default(),
            remaining: None,
            max_pages: None,
        }
    }

    pub(crate) fn limit(&mut self, limit: usize) {
        self.remaining = Some(limit);
    }

    pub(crate) fn max_pages(&mut self, pages: usize) {
        self.max_pages = Some(pages);
    }

    /// The next step: an item from the page in hand, or the request for the
    /// next page once it is used up.
    pub(crate) fn step(&mut self) -> Step<T> {
        if self.remaining == Some(0) {
            self.next = None;
            return Step::Done;
        }
        if let Some(item) = self.buffer.next() {
            if let Some(remaining) = &mut self.remaining {
                *remaining -= 1;
            }
            return Step::Item(item);
        }
        // The spent page's storage goes before the next page comes.
        self.buffer = Vec::new().into_iter();
        match self.next.take() {
            Some(Ok((request, parse))) => {
                use std::hash::BuildHasher as _;
                let pages = self.seen.len();
                let path = || request.uri().path().to_owned();
                if self.max_pages.is_some_and(|max| pages >= max) {
                    return Step::Fail(Error::TooManyPages {
                        path: path(),
                        limit: pages,
                    });
                }
                let target = request
                    .uri()
                    .path_and_query()
                    .map_or("", http::uri::PathAndQuery::as_str);
                let key = (
                    self.hashers.0.hash_one(target),
                    self.hashers.1.hash_one(target),
                );
                if let Some(&first) = self.seen.get(&key) {
                    return Step::Fail(Error::PageCycle {
                        path: path(),
                        page: pages,
                        target: first,
                    });
                }
                self.seen.insert(key, pages + 1);
                Step::Fetch(request, parse)
            }
            Some(Err(error)) => Step::Fail(error),
            None => Step::Done,
        }
    }

    /// Takes in a fetched page: its items replace the spent ones (so only
    /// one page is held at a time), and its `next_page` becomes the next
    /// request.
    pub(crate) fn receive(&mut self, config: &Config, page: Result<Page<T>, Error>) -> Step<T> {
        match page {
            Ok(page) => {
                self.next = page.next_page().map(|next| {
                    config
                        .request_for(&next)
                        .map(|request| (request, PageRequest::<T>::parse_response as ParsePage<T>))
                });
                self.buffer = page.items.into_iter();
                self.step()
            }
            Err(error) => {
                self.next = None;
                Step::Fail(error)
            }
        }
    }
}

/// Turns a response into the endpoint's typed response, or the error a
/// person can read.
pub(crate) fn parse<R>(
    method: &http::Method,
    path: &str,
    response: &http::Response<Vec<u8>>,
    parse: impl FnOnce(u16, &[u8]) -> Result<R, ResponseError>,
) -> Result<R, Error> {
    parse(response.status().as_u16(), response.body()).map_err(|e| match e {
        ResponseError::Status { status, error } => Error::Api {
            method: method.clone(),
            path: path.to_owned(),
            status,
            error,
            retry_after: retry::retry_after(response.headers()),
        },
        ResponseError::Decode(e) => Error::Decode(e),
    })
}

/// Why an attempt got no response.
pub(crate) struct Failure {
    /// Whether the request may have reached the server.
    pub(crate) sent: Sent,
    /// What went wrong.
    pub(crate) why: Why,
    /// What the transport reported.
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

/// What ended an attempt without a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Why {
    /// The transport failed (connecting, sending, reading).
    Transport,
    /// The attempt ran out of time.
    TimedOut,
    /// The body was longer than this limit.
    TooLarge(u64),
}

/// How far a failed attempt got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    /// No connection was made: the request never left.
    No,
    /// The request may have reached the server.
    Maybe,
    /// Trying again cannot help (a malformed request, a bad proxy URL).
    Hopeless,
}

/// The attempts at one request: when to try again, and what to return at
/// the end. Both clients run their loop around it, each with its own way of
/// sending and sleeping.
pub(crate) struct Attempts<'a> {
    policy: &'a RetryPolicy,
    timeout: Duration,
    method: http::Method,
    path: String,
    start: Instant,
    retries: u32,
}

impl<'a> Attempts<'a> {
    pub(crate) fn new(config: &'a Config, request: &http::Request<Vec<u8>>) -> Self {
        Attempts {
            policy: &config.retry,
            timeout: config.timeout,
            method: request.method().clone(),
            path: request.uri().path().to_owned(),
            start: Instant::now(),
            retries: 0,
        }
    }

    /// How long to wait before the next attempt, or `None` to stop here.
    pub(crate) fn retry(
        &mut self,
        outcome: &Result<http::Response<Vec<u8>>, Failure>,
    ) -> Option<Duration> {
        let answer = match outcome {
            Ok(response) => retry::Answer::Status(response.status().as_u16(), response.headers()),
            Err(Failure { sent: Sent::No, .. }) => retry::Answer::NotSent,
            Err(Failure {
                sent: Sent::Maybe, ..
            }) => retry::Answer::MaybeSent,
            Err(Failure {
                sent: Sent::Hopeless,
                ..
            }) => return None,
        };
        let wait = self
            .policy
            .delay(&self.method, answer, self.retries, self.start.elapsed())?;
        self.retries += 1;
        Some(wait)
    }

    /// The result of the last attempt.
    pub(crate) fn finish(
        self,
        outcome: Result<http::Response<Vec<u8>>, Failure>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        outcome.map_err(|failure| match failure.why {
            Why::TimedOut => Error::Timeout {
                method: self.method,
                path: self.path,
                after: self.timeout,
            },
            Why::TooLarge(limit) => Error::BodyTooLarge {
                method: self.method,
                path: self.path,
                limit,
            },
            Why::Transport => Error::Transport {
                method: self.method,
                path: self.path,
                source: failure.source,
            },
        })
    }
}

/// A copy of a request for another attempt.
pub(crate) fn clone_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_edges_rewrite_the_host() {
        let cases = [
            (None, None, "https://chat.twilio.com"),
            (Some("ie1"), None, "https://chat.ie1.twilio.com"),
            (
                Some("ie1"),
                Some("dublin"),
                "https://chat.dublin.ie1.twilio.com",
            ),
            (None, Some("sydney"), "https://chat.sydney.us1.twilio.com"),
        ];
        for (region, edge, expected) in cases {
            let mut config = Config::anonymous();
            config.region = region.map(str::to_owned);
            config.edge = edge.map(str::to_owned);
            assert_eq!(
                config.base_url_for("https://chat.twilio.com"),
                expected,
                "{region:?} {edge:?}"
            );
        }
        assert_eq!(
            regional(
                "https://api.ie1.twilio.com/2010-04-01",
                None,
                Some("dublin")
            ),
            "https://api.dublin.ie1.twilio.com/2010-04-01"
        );
        assert_eq!(
            regional("https://api.dublin.ie1.twilio.com", Some("au1"), None),
            "https://api.dublin.au1.twilio.com"
        );
        assert_eq!(
            regional("http://chat.example.test:8080/x", Some("ie1"), None),
            "http://chat.ie1.example.test:8080/x"
        );
        assert_eq!(
            regional("http://localhost:8080", Some("ie1"), None),
            "http://localhost:8080"
        );
    }

    #[test]
    fn a_base_url_overrides_region_and_edge() {
        let config = Config::anonymous()
            .region("ie1")
            .edge("dublin")
            .base_url("http://127.0.0.1:4010/");
        assert_eq!(
            config.base_url_for("https://chat.twilio.com"),
            "http://127.0.0.1:4010"
        );
    }

    #[test]
    fn the_environment_gives_credentials_region_and_edge() {
        let env = |name: &str| {
            match name {
                "TWILIO_ACCOUNT_SID" => Some("AC0123456789abcdef0123456789abcdef"),
                "TWILIO_AUTH_TOKEN" => Some("secret-token"),
                "TWILIO_REGION" => Some("au1"),
                "TWILIO_EDGE" => Some("sydney"),
                _ => None,
            }
            .map(str::to_owned)
        };
        let config = Config::from_lookup(env).unwrap();
        assert_eq!(
            config.base_url_for("https://chat.twilio.com"),
            "https://chat.sydney.au1.twilio.com"
        );
        let debug = format!("{config:?}");
        assert!(!debug.contains("secret-token"), "{debug}");
    }

    #[test]
    fn every_request_carries_credentials_user_agent_and_accept() {
        let config = Config::new(Credentials::auth_token("ACxx", "tok"));
        let mut request = http::Request::new(Vec::new());
        config.prepare(&mut request);
        let headers = request.headers();
        assert_eq!(headers[AUTHORIZATION], "Basic QUN4eDp0b2s=");
        assert!(headers[AUTHORIZATION].is_sensitive());
        let agent = headers[USER_AGENT].to_str().unwrap();
        assert!(
            agent.starts_with(concat!(
                "twilio-runtime/",
                env!("CARGO_PKG_VERSION"),
                " (rust; "
            )),
            "{agent}"
        );
        assert_eq!(headers[ACCEPT], "application/json");

        let config = config.user_agent("my-app/1.2");
        let mut request = http::Request::new(Vec::new());
        request
            .headers_mut()
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer own"));
        config.prepare(&mut request);
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer own");
        assert!(request.headers()[USER_AGENT]
            .to_str()
            .unwrap()
            .ends_with(") my-app/1.2"));

        let mut request = http::Request::new(Vec::new());
        Config::anonymous().prepare(&mut request);
        assert!(!request.headers().contains_key(AUTHORIZATION));
    }

    #[test]
    fn urls_are_shown_without_passwords_or_queries() {
        let cases = [
            (
                "http://user:s3cret@proxy.example:3128",
                "http://user:<redacted>@proxy.example:3128",
            ),
            (
                "http://token@proxy.example",
                "http://token:<redacted>@proxy.example",
            ),
            (
                "https://chat.twilio.com/v2/Services?PageToken=PT-maria%40example.com",
                "https://chat.twilio.com/v2/Services?<redacted>",
            ),
            ("http://127.0.0.1:4010/", "http://127.0.0.1:4010/"),
            ("proxy.example:3128", "proxy.example:3128"),
            ("a:b@c/d?e#f", "a:<redacted>@c/d?<redacted>"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }

    #[cfg(feature = "blocking")]
    #[test]
    fn a_body_read_in_place_stops_at_its_limit() {
        // Read a few bytes at a time, as a slow connection gives them.
        struct Trickle<'a>(&'a [u8]);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(7);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let text = vec![b'x'; 100_000];
        for (limit, fits) in [(100_000, true), (99_999, false), (200_000, true)] {
            let mut body = BoundedBody::new(limit, None).ok().unwrap();
            let read = body.read_from(Trickle(&text)).unwrap();
            assert_eq!(read.is_ok(), fits, "{limit}");
            assert!(body.bytes.capacity() as u64 <= limit, "{limit}");
            if fits {
                assert_eq!(body.finish(), text);
            }
        }
    }

    #[test]
    fn a_body_is_refused_past_its_limit_and_never_holds_more() {
        assert!(
            BoundedBody::new(10, Some(11)).is_err(),
            "announced too long"
        );
        let mut body = BoundedBody::new(10, None).ok().unwrap();
        body.push(b"0123").ok().unwrap();
        body.push(b"456789").ok().unwrap();
        assert!(body.push(b"x").is_err());
        assert!(body.bytes.capacity() <= 10);
        assert_eq!(body.finish(), b"0123456789");

        // Chunks of 64 KiB up to a limit that is not a power of two: the
        // buffer grows by doubling, but never beyond the limit.
        let limit = 3 * 1024 * 1024 + 17;
        let mut body = BoundedBody::new(limit, None).ok().unwrap();
        let chunk = vec![7u8; 64 * 1024];
        let mut pushed = 0u64;
        while body.push(&chunk).is_ok() {
            pushed += chunk.len() as u64;
            assert!(body.bytes.capacity() as u64 <= limit);
        }
        assert!(pushed <= limit && pushed + chunk.len() as u64 > limit);
        // A lying Content-Length is believed only so far.
        let body = BoundedBody::new(u64::MAX, Some(u64::MAX - 1)).ok().unwrap();
        assert!(body.bytes.capacity() <= 1 << 20);
    }
}
