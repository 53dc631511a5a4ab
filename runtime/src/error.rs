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
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status, as repeated in the body.
    pub status: Option<u16>,
    /// Twilio's numeric error code.
    pub code: Option<i64>,
    /// A human-readable message.
    pub message: Option<String>,
    /// A link to the error code's documentation.
    pub more_info: Option<String>,
    /// What else the body held (a proxy's or a mock server's own error
    /// fields, say).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
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
        error: Option<Box<ApiError>>,
    },
    /// The body is not the expected JSON.
    Decode(DecodeError),
}

/// A successful response whose body could not be read as the operation's
/// response type: the status, which type, where in the JSON, and why.
///
/// The request succeeded (the API answered with a success status), so it
/// must not be sent again: a create or an update has been applied.
#[derive(Debug)]
pub struct DecodeError {
    status: u16,
    type_name: &'static str,
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    /// Reads `body` as a `T`; on failure, says where: the JSON path of the
    /// place serde_json stopped at, found by scanning the text up to it.
    ///
    /// Tracking the path while deserializing (as a path-tracking
    /// deserializer wrapper does) would instantiate every visitor of every
    /// generated type a second time, in every crate that uses them; the
    /// scan is one function, compiled once here, that runs only on failure.
    pub(crate) fn read<T: serde::de::DeserializeOwned>(
        status: u16,
        body: &[u8],
    ) -> Result<T, DecodeError> {
        serde_json::from_slice(body).map_err(|source| DecodeError {
            status,
            type_name: std::any::type_name::<T>(),
            path: json_path_at(body, source.line(), source.column()),
            source,
        })
    }

    /// The success status the API answered with: the request was applied.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The Rust type the body was read as (`twilio_chat::v2::User`, say).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Where in the body reading failed, as a JSON path (`users[2].sid`);
    /// `.` for the body as a whole.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What serde_json reported, with its line and column.
    #[must_use]
    pub fn json_error(&self) -> &serde_json::Error {
        &self.source
    }
}

/// The JSON path (`users[2].sid`; `.` for the top) of the value being read
/// at `line` and `column` (1-based, in bytes, as serde_json counts them) of
/// `body`: the keys and indices of the objects and arrays open there.
fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    enum Frame {
        /// An object, and the key of the entry being read, once read.
        Object {
            key: Option<String>,
            expect_key: bool,
        },
        Array(usize),
    }
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(i, _)| i + 1)
    };
    let end = (line_start + column).min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        let raw = &body[start..(i + 1).min(body.len())];
                        *key = Some(serde_json::from_slice(raw).unwrap_or_else(|_| {
                            String::from_utf8_lossy(raw.get(1..).unwrap_or_default()).into_owned()
                        }));
                        *expect_key = false;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            Frame::Object { key: None, .. } => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request succeeded ({}", self.status)?;
        if let Some(reason) = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        write!(
            f,
            "), but its response cannot be read as `{}`",
            self.type_name
        )?;
        if self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl ResponseError {
    pub(crate) fn from_error_body(status: u16, body: &[u8]) -> Self {
        ResponseError::Status {
            status,
            error: serde_json::from_slice(body).ok().map(Box::new),
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
            ResponseError::Decode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Decode(e) => Some(e.json_error()),
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
    fn decode_errors_name_the_type_and_the_path() {
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            n: u8,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Body {
            #[allow(dead_code)]
            items: Vec<Item>,
        }
        let err =
            DecodeError::read::<Body>(201, br#"{"items": [{"n": 1}, {"n": 300}]}"#).unwrap_err();
        assert_eq!(err.path(), "items[1].n");
        assert_eq!(err.status(), 201);
        assert!(err.type_name().ends_with("Body"), "{}", err.type_name());
        let text = err.to_string();
        assert!(
            text.starts_with(
                "the request succeeded (201 Created), but its response cannot be read as `"
            ) && text.contains("Body` at `items[1].n`: invalid value: integer `300`"),
            "{text}"
        );
        let err = DecodeError::read::<Body>(299, b"<html>").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the request succeeded (299), but"),
            "{err}"
        );
        assert_eq!(err.path(), ".");
        assert!(!err.to_string().contains(" at `"), "{err}");
    }

    #[test]
    fn the_path_is_found_wherever_reading_stops() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Leaf {
            #[allow(dead_code)]
            n: u8,
        }
        type Grid = std::collections::BTreeMap<String, Vec<Vec<Leaf>>>;
        let path = |body: &str| {
            DecodeError::read::<Grid>(200, body.as_bytes())
                .unwrap_err()
                .path
        };
        // A value of the wrong type, on a later line, in nested arrays.
        assert_eq!(
            path("{\"a\": [[{\"n\": 1}],\n [{\"n\": 2}, {\"n\": -1}]]}"),
            "a[1][1].n"
        );
        // Keys with escapes and brackets, and strings holding structure.
        assert_eq!(
            path(r#"{"x\"[y]": [[{"n": 1}]], "b,{": [[{"n": "}]"}]]}"#),
            "b,{[0][0].n"
        );
        // An unknown field: the key itself.
        assert_eq!(path(r#"{"a": [[{"n": 1, "extra": 2}]]}"#), "a[0][0].extra");
        // A missing field: the object that lacks it.
        assert_eq!(path(r#"{"a": [[{"n": 1}, {}]]}"#), "a[0][1]");
        // A body cut short.
        assert_eq!(path(r#"{"a": [[{"n": 1}, {"n""#), "a[0][1].n");
        assert_eq!(path("[]"), ".");
    }

    #[test]
    fn an_unreadable_error_body_still_gives_the_status() {
        let err = ResponseError::from_error_body(503, b"<html>");
        assert_eq!(err.to_string(), "the API answered 503");
    }
}
