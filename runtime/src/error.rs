//! Why a request could not be built, or a response not read.

use std::fmt;

/// Why a request could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// An integer parameter is outside the range the API accepts.
    OutOfRange {
        /// The parameter's wire name.
        parameter: &'static str,
        /// The value given.
        value: i64,
        /// The smallest accepted value.
        min: Option<i64>,
        /// The largest accepted value.
        max: Option<i64>,
    },
    /// The `http` crate refused the request (for example a malformed base
    /// URL).
    Http(http::Error),
    /// A JSON body could not be written.
    Json(serde_json::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::OutOfRange {
                parameter,
                value,
                min,
                max,
            } => {
                write!(f, "{parameter} is {value}, outside the accepted range")?;
                match (min, max) {
                    (Some(lo), Some(hi)) => write!(f, " {lo}..={hi}"),
                    (Some(lo), None) => write!(f, " {lo}.."),
                    (None, Some(hi)) => write!(f, " ..={hi}"),
                    (None, None) => Ok(()),
                }
            }
            RequestError::Http(e) => write!(f, "cannot build the request: {e}"),
            RequestError::Json(e) => write!(f, "cannot write the JSON body: {e}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Http(e) => Some(e),
            RequestError::Json(e) => Some(e),
            RequestError::OutOfRange { .. } => None,
        }
    }
}

impl From<http::Error> for RequestError {
    fn from(e: http::Error) -> Self {
        RequestError::Http(e)
    }
}

/// Fails when `value` is given and outside `min..=max`.
///
/// # Errors
///
/// [`RequestError::OutOfRange`] naming `parameter`.
pub fn check_range(
    parameter: &'static str,
    value: Option<i64>,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), RequestError> {
    match value {
        Some(v) if min.is_some_and(|lo| v < lo) || max.is_some_and(|hi| v > hi) => {
            Err(RequestError::OutOfRange {
                parameter,
                value: v,
                min,
                max,
            })
        }
        _ => Ok(()),
    }
}

/// The error body the API sends with a failed request.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiError {
    /// The HTTP status, as repeated in the body.
    pub status: Option<u16>,
    /// Twilio's numeric error code.
    pub code: Option<i64>,
    /// A human-readable message.
    pub message: Option<String>,
    /// A link to the error code's documentation.
    pub more_info: Option<String>,
}

/// Why a response could not be read as the operation's result.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResponseError {
    /// The API answered with another status than the operation's success
    /// status.
    Status {
        /// The status received.
        status: u16,
        /// The error body, when it could be read.
        error: Option<ApiError>,
    },
    /// The body is not the expected JSON.
    Decode(serde_json::Error),
}

impl ResponseError {
    pub(crate) fn from_error_body(status: u16, body: &[u8]) -> Self {
        ResponseError::Status {
            status,
            error: serde_json::from_slice(body).ok(),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Status { status, error } => {
                write!(f, "the API answered {status}")?;
                if let Some(error) = error {
                    if let Some(code) = error.code {
                        write!(f, " (error {code})")?;
                    }
                    if let Some(message) = &error.message {
                        write!(f, ": {message}")?;
                    }
                }
                Ok(())
            }
            ResponseError::Decode(e) => write!(f, "cannot decode the response body: {e}"),
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Decode(e) => Some(e),
            ResponseError::Status { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(check_range("PageSize", Some(50), Some(1), Some(1000)).is_ok());
        assert!(check_range("PageSize", None, Some(1), Some(1000)).is_ok());
        let err = check_range("PageSize", Some(0), Some(1), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PageSize is 0, outside the accepted range 1.."
        );
        let err = check_range("Page", Some(7), None, Some(5)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Page is 7, outside the accepted range ..=5"
        );
    }

    #[test]
    fn an_unreadable_error_body_still_gives_the_status() {
        let err = ResponseError::from_error_body(503, b"<html>");
        assert_eq!(err.to_string(), "the API answered 503");
    }
}
