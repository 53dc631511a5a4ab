//! The one error type of the clients.

use std::fmt;
use std::time::Duration;

use crate::error::{ApiError, DecodeError, RequestError};

/// Why a request sent by a client failed. Every way it can fail is here, so
/// that `?` works on all of them and a person can read each one:
///
/// - [`Error::Api`]: Twilio answered with an error (`code`, `message`,
///   `more_info` and `status` from its error body);
/// - [`Error::Timeout`] and [`Error::Transport`]: no answer came;
/// - [`Error::BodyTooLarge`]: the answer was longer than the configured
///   limit, and was not read whole;
/// - [`Error::Decode`]: the request succeeded, but the answer is not what
///   the operation returns, named by type and JSON path (do not send the
///   request again: it was applied);
/// - [`Error::PageCycle`] and [`Error::TooManyPages`]: a walk over a list
///   was stopped;
/// - [`Error::Request`] and [`Error::Config`]: nothing was sent.
///
/// No `Display` or `Debug` output holds a password, a token or a URL's
/// query (which may hold personal data or a page token): paths are shown
/// without their query, and URLs without the password of their user part.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The configuration is unusable (missing credentials, a bad proxy
    /// URL).
    Config(String),
    /// The request could not be built.
    Request(RequestError),
    /// The API answered with an error status.
    Api {
        /// The request's method.
        method: http::Method,
        /// The request's path (without the query, which may hold personal
        /// data).
        path: String,
        /// The status received.
        status: u16,
        /// Twilio's error body, when it could be read.
        error: Option<Box<ApiError>>,
        /// How long the API asked to wait before trying again, when it
        /// said.
        retry_after: Option<Duration>,
    },
    /// No answer came within the configured timeout.
    Timeout {
        /// The request's method.
        method: http::Method,
        /// The request's path.
        path: String,
        /// The timeout.
        after: Duration,
    },
    /// The request could not be sent or its answer not received.
    Transport {
        /// The request's method.
        method: http::Method,
        /// The request's path.
        path: String,
        /// What the transport reported.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The answer's body was longer than the limit
    /// ([`Config::max_body_size`](super::Config::max_body_size)); reading
    /// stopped there.
    BodyTooLarge {
        /// The request's method.
        method: http::Method,
        /// The request's path.
        path: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The request succeeded, but its answer could not be read as the
    /// operation's response type. The request was applied: sending it again
    /// may apply it twice.
    Decode(DecodeError),
    /// A page of a list names, as its next page, a page this walk has
    /// already read: following it would go round for ever, so the walk
    /// stops with this error.
    PageCycle {
        /// The path of the page linked to again.
        path: String,
        /// The page (counted from 1) whose next-page link leads back.
        page: usize,
        /// The page (counted from 1) it leads back to.
        target: usize,
    },
    /// The list has more pages than the walk may fetch (its `max_pages`).
    TooManyPages {
        /// The path of the next page, not fetched.
        path: String,
        /// The number of pages the walk may fetch.
        limit: usize,
    },
}

impl Error {
    /// The HTTP status, for [`Error::Api`].
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Twilio's error body, for [`Error::Api`] when it could be read.
    #[must_use]
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api { error, .. } => error.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(message) => f.write_str(message),
            Error::Request(e) => e.fmt(f),
            Error::Api {
                method,
                path,
                status,
                error,
                retry_after,
            } => {
                write!(f, "{method} {path}: Twilio answered {status}")?;
                if let Some(reason) = http::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                {
                    write!(f, " {reason}")?;
                }
                if let Some(error) = error {
                    match (error.code, &error.message) {
                        (Some(code), Some(message)) => write!(f, ", error {code}: {message}")?,
                        (Some(code), None) => write!(f, ", error {code}")?,
                        (None, Some(message)) => write!(f, ": {message}")?,
                        (None, None) if !error.other.is_empty() => {
                            // Not Twilio's shape: show what there is.
                            let body = serde_json::Value::Object(error.other.clone()).to_string();
                            write!(f, ": {}", truncate(&body, 500))?;
                        }
                        (None, None) => {}
                    }
                    if let Some(more) = &error.more_info {
                        write!(f, " (see {more})")?;
                    }
                }
                if let Some(wait) = retry_after {
                    write!(f, "; retry after {} s", wait.as_secs())?;
                }
                Ok(())
            }
            Error::Timeout {
                method,
                path,
                after,
            } => write!(
                f,
                "{method} {path}: no answer within {:.1} s",
                after.as_secs_f64()
            ),
            Error::Transport {
                method,
                path,
                source,
            } => {
                write!(f, "{method} {path}: {source}")?;
                // Transports nest the useful part (connection refused, a
                // certificate problem) a few sources down.
                let mut cause = source.source();
                while let Some(e) = cause {
                    write!(f, ": {e}")?;
                    cause = e.source();
                }
                Ok(())
            }
            Error::BodyTooLarge {
                method,
                path,
                limit,
            } => write!(
                f,
                "{method} {path}: the response body is longer than {limit} bytes, the most this client reads (Config::max_body_size)"
            ),
            Error::Decode(e) => e.fmt(f),
            Error::PageCycle { path, page, target } => {
                if page == target {
                    write!(f, "GET {path}: page {page} of the list names itself")?;
                } else {
                    write!(
                        f,
                        "GET {path}: page {page} of the list names page {target}"
                    )?;
                }
                f.write_str(" as its next page; the walk stops there instead of going round for ever")
            }
            Error::TooManyPages { path, limit } => write!(
                f,
                "GET {path}: the list goes on after {limit} page{}, the most this walk may fetch (max_pages)",
                if *limit == 1 { "" } else { "s" }
            ),
        }
    }
}

/// At most `max` bytes of `text`, cut at a character boundary, with `…`
/// when cut.
fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return text.into();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end]).into()
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Config(_)
            | Error::Api { .. }
            | Error::Timeout { .. }
            | Error::BodyTooLarge { .. }
            | Error::PageCycle { .. }
            | Error::TooManyPages { .. } => None,
            // Its chain is already in the message.
            Error::Transport { .. } => None,
        }
    }
}

impl From<RequestError> for Error {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_error_reads_like_twilio_wrote_it() {
        let err = Error::Api {
            method: http::Method::GET,
            path: "/v2/Services/IS00000000000000000000000000000000".into(),
            status: 404,
            error: Some(Box::new(ApiError {
                status: Some(404),
                code: Some(20404),
                message: Some("The requested resource was not found".into()),
                more_info: Some("https://www.twilio.com/docs/errors/20404".into()),
                other: serde_json::Map::new(),
            })),
            retry_after: None,
        };
        assert_eq!(
            err.to_string(),
            "GET /v2/Services/IS00000000000000000000000000000000: Twilio answered 404 Not Found, \
             error 20404: The requested resource was not found \
             (see https://www.twilio.com/docs/errors/20404)"
        );
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.api_error().and_then(|e| e.code), Some(20404));
        let err = Error::Api {
            method: http::Method::POST,
            path: "/v2/Services".into(),
            status: 429,
            error: None,
            retry_after: Some(Duration::from_secs(3)),
        };
        assert_eq!(
            err.to_string(),
            "POST /v2/Services: Twilio answered 429 Too Many Requests; retry after 3 s"
        );
        let other: ApiError =
            serde_json::from_str(r#"{"status": 422, "title": "Invalid request"}"#).unwrap();
        let err = Error::Api {
            method: http::Method::POST,
            path: "/v2/Services".into(),
            status: 422,
            error: Some(Box::new(other)),
            retry_after: None,
        };
        assert_eq!(
            err.to_string(),
            r#"POST /v2/Services: Twilio answered 422 Unprocessable Entity: {"title":"Invalid request"}"#
        );
        assert_eq!(truncate("ééé", 3), "é…");
    }

    #[test]
    fn a_transport_error_shows_its_causes() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = Error::Transport {
            method: http::Method::GET,
            path: "/v1/Services".into(),
            source: Box::new(Wrap(io)),
        };
        assert_eq!(err.to_string(), "GET /v1/Services: cannot connect: refused");
        let err = Error::Timeout {
            method: http::Method::GET,
            path: "/v1/Services".into(),
            after: Duration::from_millis(2500),
        };
        assert_eq!(err.to_string(), "GET /v1/Services: no answer within 2.5 s");
    }

    #[derive(Debug)]
    struct Wrap(std::io::Error);
    impl fmt::Display for Wrap {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("cannot connect")
        }
    }
    impl std::error::Error for Wrap {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
}
