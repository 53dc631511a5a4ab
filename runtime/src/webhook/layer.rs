//! The validator as a tower layer (feature `webhook-tower`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};

use super::{public_url, Validator, WebhookError};

/// The longest body [`WebhookLayer`] reads unless told otherwise: 256 KiB,
/// far above what Twilio's webhooks carry.
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// A tower layer that lets through only requests Twilio signed: one line
/// validates every route of an app (axum's `Router::layer`, or any tower
/// stack over `http` requests).
///
/// It reads each body (at most the limit, else `413 Payload Too Large`),
/// checks the signature against the public URL Twilio called (the base
/// given here followed by the request's path and query), and answers
/// anything else with `403 Forbidden` and a line saying what failed. A
/// request that passes reaches the inner service with its body in memory
/// and a [`Verified`](super::Verified) in its extensions.
///
/// The layer does not bound how long a client takes to send its body; a
/// server facing the internet sets a timeout around it (for example
/// `tower_http::timeout`).
///
/// ```
/// use twilio_runtime::webhook::{Validator, WebhookLayer};
///
/// let layer = WebhookLayer::new(Validator::new("the auth token"), "https://example.com")
///     .body_limit(64 * 1024);
/// // let app = axum::Router::new().route("/chat/events", post(events)).layer(layer);
/// # let _ = layer;
/// ```
#[derive(Clone, Debug)]
pub struct WebhookLayer {
    validator: Arc<Validator>,
    public_base: Arc<str>,
    limit: usize,
}

impl WebhookLayer {
    /// Validates with `validator`, for an app that Twilio reaches at
    /// `public_base` (`https://example.com`, without the request's path).
    #[must_use]
    pub fn new(validator: Validator, public_base: impl Into<String>) -> Self {
        WebhookLayer {
            validator: Arc::new(validator),
            public_base: Arc::from(public_base.into()),
            limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The longest body read, in bytes.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.limit = bytes;
        self
    }
}

impl<S> tower_layer::Layer<S> for WebhookLayer {
    type Service = WebhookService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        WebhookService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`WebhookLayer`] wraps around an app.
#[derive(Clone, Debug)]
pub struct WebhookService<S> {
    inner: S,
    layer: WebhookLayer,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for WebhookService<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    ReqBody: http_body::Body + From<Bytes> + Send + 'static,
    ReqBody::Data: Send,
    ReqBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    ResBody: From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The service that was made ready goes with the request; a clone
        // stays for the next one.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let layer = self.layer.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let declared = parts
                .headers
                .get(CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if declared.is_some_and(|n| n > layer.limit as u64) {
                return Ok(reject(&WebhookError::BodyTooLarge { limit: layer.limit }));
            }
            let bytes = match Limited::new(body, layer.limit).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                    return Ok(reject(&WebhookError::BodyTooLarge { limit: layer.limit }));
                }
                Err(e) => return Ok(reject(&WebhookError::BodyRead(e.to_string()))),
            };
            let url = public_url(&layer.public_base, &parts.uri);
            match layer.validator.validate_parts(&parts.headers, &url, &bytes) {
                Ok(verified) => {
                    let mut request = Request::from_parts(parts, ReqBody::from(bytes));
                    request.extensions_mut().insert(verified);
                    inner.call(request).await
                }
                Err(error) => Ok(reject(&error)),
            }
        })
    }
}

fn reject<B: From<String>>(error: &WebhookError) -> Response<B> {
    let mut response = Response::new(B::from(format!("{error}\n")));
    *response.status_mut() = error.status();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
