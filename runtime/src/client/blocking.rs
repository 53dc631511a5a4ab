//! The blocking client, on ureq.

use std::sync::Arc;

use super::{
    clone_request, parse, redact_url, Attempts, BoundedBody, Config, Cursor, Error, Failure, Sent,
    Step, Why,
};
use crate::endpoint::Endpoint;
use crate::page::{ListItem, Page};

/// A blocking client for Twilio's APIs: it sends what the generated stubs
/// build, with credentials, retries, timeouts and paging, and needs no async
/// runtime. Cloning it is cheap and shares its connections.
///
/// ```no_run
/// use twilio_runtime::client::{BlockingClient, Config, Credentials};
///
/// // TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and
/// // TWILIO_API_SECRET; TWILIO_REGION and TWILIO_EDGE when set.
/// let client = BlockingClient::from_env()?;
/// // Or explicitly:
/// let client = BlockingClient::new(Config::new(Credentials::auth_token("AC…", "…")).edge("dublin"))?;
/// # let _ = client;
/// # Ok::<(), twilio_runtime::client::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct BlockingClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    agent: ureq::Agent,
}

impl BlockingClient {
    /// A client with this configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the proxy URL does not parse.
    pub fn new(config: Config) -> Result<Self, Error> {
        let proxy =
            match &config.proxy {
                Some(url) => Some(ureq::Proxy::new(url).map_err(|e| {
                    Error::Config(format!("the proxy URL `{}`: {e}", redact_url(url)))
                })?),
                None => ureq::Proxy::try_from_env(),
            };
        let agent = ureq::Agent::config_builder()
            // Every status is an answer for the stub to read.
            .http_status_as_error(false)
            .timeout_global(Some(config.timeout))
            .timeout_connect(Some(config.connect_timeout))
            // A redirect is the operation's answer, not an instruction to
            // send the credentials somewhere else.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .proxy(proxy)
            .build()
            .new_agent();
        Ok(BlockingClient {
            inner: Arc::new(Inner { config, agent }),
        })
    }

    /// A client configured from the environment ([`Config::from_env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variables that are missing.
    pub fn from_env() -> Result<Self, Error> {
        BlockingClient::new(Config::from_env()?)
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The request `send` would make for `endpoint`: built against the
    /// configured base URL, region and edge, before credentials are added.
    ///
    /// # Errors
    ///
    /// [`Error::Request`] when the stub cannot be built into a request.
    pub fn request<E: Endpoint>(&self, endpoint: &E) -> Result<http::Request<Vec<u8>>, Error> {
        self.inner.config.request_for(endpoint)
    }

    /// Sends `endpoint` and reads the answer as its typed response.
    ///
    /// # Errors
    ///
    /// Every [`Error`]: the API's error, a timeout, a transport failure, an
    /// answer that is not the operation's response type.
    pub fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Response, Error> {
        let request = self.request(endpoint)?;
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let response = self.execute(request)?;
        parse(&method, &path, &response, E::parse_response)
    }

    /// Sends any request (one a stub built, say) with the credentials,
    /// `User-Agent`, retries and timeouts, and returns the answer whatever
    /// its status.
    ///
    /// # Errors
    ///
    /// [`Error::Timeout`] and [`Error::Transport`] when no answer came.
    pub fn execute(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let config = &self.inner.config;
        config.prepare(&mut request);
        let mut attempts = Attempts::new(config, &request);
        loop {
            let outcome = self.attempt(clone_request(&request));
            match attempts.retry(&outcome) {
                Some(wait) => std::thread::sleep(wait),
                None => return attempts.finish(outcome),
            }
        }
    }

    /// Every item of a list, page after page, as an iterator; only the page
    /// in hand is kept in memory, and the next one is requested when it is
    /// used up.
    ///
    /// ```no_run
    /// # use twilio_runtime::{Endpoint, ListItem, Page};
    /// # fn run<E: Endpoint<Response = Page<T>>, T: ListItem>(
    /// #     client: twilio_runtime::client::BlockingClient, list: E,
    /// # ) -> Result<(), twilio_runtime::client::Error> {
    /// for item in client.items(&list).limit(500) {
    ///     let item = item?;
    ///     // …
    /// #   let _ = item;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn items<E, T>(&self, endpoint: &E) -> BlockingItems<T>
    where
        E: Endpoint<Response = Page<T>>,
        T: ListItem,
    {
        BlockingItems {
            client: self.clone(),
            cursor: Cursor::new(&self.inner.config, endpoint),
        }
    }

    fn attempt(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Failure> {
        let response = self.inner.agent.run(request).map_err(failure)?;
        let (parts, mut body) = response.into_parts();
        let announced = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        let mut bytes = BoundedBody::new(self.inner.config.max_body_size, announced)
            .map_err(super::TooLarge::failure)?;
        // Read in place, so that a body longer than the limit is refused
        // when it passes it, not after it has filled memory.
        bytes
            .read_from(body.as_reader())
            .map_err(|e| failure(ureq::Error::from(e)))?
            .map_err(super::TooLarge::failure)?;
        Ok(http::Response::from_parts(parts, bytes.finish()))
    }
}

/// How far a ureq error got. A malformed URI is described without it, as
/// its query may hold personal data.
fn failure(e: ureq::Error) -> Failure {
    use ureq::Timeout;
    let (sent, why) = match &e {
        ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => (Sent::No, Why::TimedOut),
        ureq::Error::Timeout(_) => (Sent::Maybe, Why::TimedOut),
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => (Sent::No, Why::Transport),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            (Sent::No, Why::Transport)
        }
        ureq::Error::Io(_) | ureq::Error::Protocol(_) | ureq::Error::BodyStalled => {
            (Sent::Maybe, Why::Transport)
        }
        _ => (Sent::Hopeless, Why::Transport),
    };
    let source: Box<dyn std::error::Error + Send + Sync> = match e {
        ureq::Error::BadUri(_) => "the request's URI is not one that can be sent".into(),
        e => Box::new(e),
    };
    Failure { sent, why, source }
}

/// The items of a list, page after page. Made by [`BlockingClient::items`].
pub struct BlockingItems<T> {
    client: BlockingClient,
    cursor: Cursor<T>,
}

impl<T: ListItem> BlockingItems<T> {
    /// Gives at most `limit` items, and requests no page beyond the one
    /// that holds the last of them.
    #[must_use]
    pub fn limit(mut self, limit: usize) -> Self {
        self.cursor.limit(limit);
        self
    }

    /// Fetches at most `pages` pages: a list that goes on after them ends
    /// the walk with [`Error::TooManyPages`]. A bound for walks over lists
    /// of unknown length; without it, a walk ends at the last page, or
    /// with [`Error::PageCycle`] at a page already read.
    #[must_use]
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.cursor.max_pages(pages);
        self
    }
}

impl<T: ListItem> Iterator for BlockingItems<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut step = self.cursor.step();
        loop {
            match step {
                Step::Item(item) => return Some(Ok(item)),
                Step::Fetch(request, parse_page) => {
                    let method = request.method().clone();
                    let path = request.uri().path().to_owned();
                    let page = self
                        .client
                        .execute(request)
                        .and_then(|response| parse(&method, &path, &response, parse_page));
                    step = self.cursor.receive(&self.client.inner.config, page);
                }
                Step::Fail(error) => return Some(Err(error)),
                Step::Done => return None,
            }
        }
    }
}

impl<T> std::fmt::Debug for BlockingItems<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingItems").finish_non_exhaustive()
    }
}
