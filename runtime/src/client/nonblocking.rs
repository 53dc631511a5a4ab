//! The async client, on reqwest.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use futures_core::Stream;

use super::{
    clone_request, parse, redact_url, Attempts, BoundedBody, Config, Cursor, Error, Failure,
    ParsePage, Sent, Step, Why,
};
use crate::endpoint::Endpoint;
use crate::page::{ListItem, Page};

/// An async client for Twilio's APIs: it sends what the generated stubs
/// build, with credentials, retries, timeouts and paging. Cloning it is
/// cheap and shares its connections.
///
/// ```no_run
/// # async fn run() -> Result<(), twilio_runtime::client::Error> {
/// use twilio_runtime::client::{Client, Config, Credentials};
///
/// // TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and
/// // TWILIO_API_SECRET; TWILIO_REGION and TWILIO_EDGE when set.
/// let client = Client::from_env()?;
/// // Or explicitly:
/// let client = Client::new(Config::new(Credentials::auth_token("AC…", "…")).region("ie1"))?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    http: reqwest::Client,
}

impl Client {
    /// A client with this configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the transport cannot be set up (a proxy URL
    /// that does not parse, say).
    pub fn new(config: Config) -> Result<Self, Error> {
        // reqwest is built without a TLS provider of its own; ring is the
        // one this crate brings. An application may have installed another
        // one first, which is kept.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            // A redirect is the operation's answer, not an instruction to
            // send the credentials somewhere else.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(proxy) = &config.proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str()).map_err(|e| {
                Error::Config(format!(
                    "the proxy URL `{}`: {}",
                    redact_url(proxy),
                    e.without_url()
                ))
            })?;
            builder = builder.proxy(proxy);
        }
        let http = builder.build().map_err(|e| {
            Error::Config(format!(
                "cannot set up the HTTP client: {}",
                e.without_url()
            ))
        })?;
        Ok(Client {
            inner: Arc::new(Inner { config, http }),
        })
    }

    /// A client configured from the environment ([`Config::from_env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variables that are missing.
    pub fn from_env() -> Result<Self, Error> {
        Client::new(Config::from_env()?)
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
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Response, Error> {
        let request = self.request(endpoint)?;
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let response = self.execute(request).await?;
        parse(&method, &path, &response, E::parse_response)
    }

    /// Sends any request (one a stub built, say) with the credentials,
    /// `User-Agent`, retries and timeouts, and returns the answer whatever
    /// its status.
    ///
    /// # Errors
    ///
    /// [`Error::Timeout`] and [`Error::Transport`] when no answer came.
    pub async fn execute(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let config = &self.inner.config;
        config.prepare(&mut request);
        let mut attempts = Attempts::new(config, &request);
        loop {
            let outcome = self.attempt(clone_request(&request)).await;
            match attempts.retry(&outcome) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return attempts.finish(outcome),
            }
        }
    }

    /// Every item of a list, page after page, as a stream; only the page in
    /// hand is kept in memory, and the next one is requested when it is
    /// used up.
    ///
    /// ```no_run
    /// # use twilio_runtime::{Endpoint, ListItem, Page};
    /// # async fn run<E: Endpoint<Response = Page<T>>, T: ListItem + Send + 'static>(
    /// #     client: twilio_runtime::client::Client, list: E,
    /// # ) -> Result<(), twilio_runtime::client::Error> {
    /// let mut items = client.items(&list).limit(500);
    /// while let Some(item) = items.try_next().await? {
    ///     // …
    /// #   let _ = item;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn items<E, T>(&self, endpoint: &E) -> Items<T>
    where
        E: Endpoint<Response = Page<T>>,
        T: ListItem,
    {
        Items {
            client: self.clone(),
            cursor: Cursor::new(&self.inner.config, endpoint),
            in_flight: None,
        }
    }

    async fn attempt(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Failure> {
        let request = reqwest::Request::try_from(request).map_err(|e| Failure {
            sent: Sent::Hopeless,
            why: Why::Transport,
            source: Box::new(e.without_url()),
        })?;
        let mut response = self.inner.http.execute(request).await.map_err(failure)?;
        let mut out = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = out.headers_mut() {
            *headers = response.headers().clone();
        }
        // Read chunk by chunk, so that a body longer than the limit is
        // refused when it passes it, not after it has filled memory.
        let mut body = BoundedBody::new(self.inner.config.max_body_size, response.content_length())
            .map_err(super::TooLarge::failure)?;
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            body.push(&chunk).map_err(super::TooLarge::failure)?;
        }
        out.body(body.finish()).map_err(|e| Failure {
            sent: Sent::Hopeless,
            why: Why::Transport,
            source: Box::new(e),
        })
    }

    async fn fetch<T: ListItem>(
        self,
        request: http::Request<Vec<u8>>,
        parse_page: ParsePage<T>,
    ) -> Result<Page<T>, Error> {
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let response = self.execute(request).await?;
        parse(&method, &path, &response, parse_page)
    }
}

/// How far a reqwest error got. The URL, whose query may hold personal
/// data, is dropped from it: errors name the path.
fn failure(e: reqwest::Error) -> Failure {
    let sent = if e.is_connect() {
        Sent::No
    } else if e.is_builder() || e.is_redirect() {
        Sent::Hopeless
    } else {
        Sent::Maybe
    };
    Failure {
        sent,
        why: if e.is_timeout() {
            Why::TimedOut
        } else {
            Why::Transport
        },
        source: Box::new(e.without_url()),
    }
}

/// The items of a list, page after page: a [`Stream`], also read with
/// [`Items::try_next`]. Made by [`Client::items`].
pub struct Items<T> {
    client: Client,
    cursor: Cursor<T>,
    in_flight: Option<PageFuture<T>>,
}

/// A page being fetched.
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;

// The cursor is never pinned in place; the one future is boxed.
impl<T> Unpin for Items<T> {}

impl<T: ListItem + Send + 'static> Items<T> {
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

    /// The next item, `None` after the last.
    ///
    /// # Errors
    ///
    /// As [`Client::send`]; the stream ends after an error.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }
}

impl<T: ListItem + Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            let step = match this.in_flight.as_mut() {
                Some(page) => {
                    let page = ready!(page.as_mut().poll(cx));
                    this.in_flight = None;
                    this.cursor.receive(&this.client.inner.config, page)
                }
                None => this.cursor.step(),
            };
            match step {
                Step::Item(item) => return Poll::Ready(Some(Ok(item))),
                Step::Fetch(request, parse_page) => {
                    let client = this.client.clone();
                    this.in_flight = Some(Box::pin(client.fetch(request, parse_page)));
                }
                Step::Fail(error) => return Poll::Ready(Some(Err(error))),
                Step::Done => return Poll::Ready(None),
            }
        }
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("fetching", &self.in_flight.is_some())
            .finish_non_exhaustive()
    }
}
