//! The trait every endpoint stub implements.

use crate::encode::encode_pairs;
use crate::error::{DecodeError, RequestError, ResponseError};

/// What every endpoint stub knows: its method, path, parameters and response
/// type. A transport needs nothing else.
///
/// A `send` for any HTTP client is written once against this trait:
///
/// ```
/// use twilio_runtime::Endpoint;
///
/// /// Sends a request with some client and returns its status and body.
/// fn execute(request: http::Request<Vec<u8>>) -> Result<(u16, Vec<u8>), Box<dyn std::error::Error>> {
///     # let _ = request;
///     // Add HTTP Basic auth here, send, read the answer.
///     # Ok((204, Vec::new()))
/// }
///
/// fn send<E: Endpoint>(endpoint: &E) -> Result<E::Response, Box<dyn std::error::Error>> {
///     let request = endpoint.request()?; // or .to_request(proxy_url)
///     let (status, body) = execute(request)?;
///     Ok(E::parse_response(status, &body)?)
/// }
/// ```
///
/// Every stub is built with `new` (the required parameters) and setters (the
/// optional ones), or deserialized from its parameters under their wire
/// names (`{"ServiceSid": "IS…", "FriendlyName": "…"}`), which lets recorded
/// or configured requests be replayed.
///
/// Authentication belongs to the transport: Twilio takes HTTP Basic auth with
/// the Account SID (or an API key SID) as user name and the auth token (or key
/// secret) as password.
pub trait Endpoint {
    /// The body of a successful response.
    type Response;
    /// The HTTP method.
    const METHOD: http::Method;
    /// The path template, as in the spec.
    const PATH_TEMPLATE: &'static str;
    /// The success status the spec declares (the first, when it declares
    /// several). Every `2xx` is success too, and is read as the same type.
    const SUCCESS_STATUS: u16;

    /// The base URL of the API this operation belongs to
    /// (`https://chat.twilio.com` for Chat).
    const DEFAULT_BASE_URL: &'static str;

    /// The path with every parameter filled in and percent-encoded.
    fn path(&self) -> String;

    /// Query parameters, in order; arrays repeat their key.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Header parameters.
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Form-body fields, in order; arrays repeat their key.
    fn form(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The request body and its content type: by default the form fields,
    /// form-encoded, when there are any. Operations with a JSON body write
    /// it here.
    ///
    /// # Errors
    ///
    /// A JSON body that cannot be written (a map with keys that are not
    /// strings, say).
    fn body(&self) -> Result<Option<(&'static str, Vec<u8>)>, RequestError> {
        let form = self.form();
        if form.is_empty() {
            return Ok(None);
        }
        Ok(Some((FORM, encode_pairs(&form).into_bytes())))
    }

    /// Checks parameter bounds (such as `PageSize`) before sending.
    ///
    /// # Errors
    ///
    /// [`RequestError::OutOfRange`] names the first parameter out of bounds.
    fn validate(&self) -> Result<(), RequestError> {
        Ok(())
    }

    /// Builds the request against `base_url` (for example
    /// [`Endpoint::DEFAULT_BASE_URL`], a proxy or a test server). The body is
    /// [`Endpoint::body`]; `Content-Type` is set only when there is one.
    ///
    /// # Errors
    ///
    /// A parameter out of bounds, or a base URL that does not make a valid
    /// URI.
    fn to_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, RequestError> {
        self.validate()?;
        let mut uri = String::from(base_url.trim_end_matches('/'));
        uri.push_str(&self.path());
        let query = self.query();
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(&encode_pairs(&query));
        }
        let mut builder = http::Request::builder().method(Self::METHOD).uri(uri);
        for (name, value) in self.headers() {
            builder = builder.header(name, value);
        }
        let body = match self.body()? {
            Some((content_type, bytes)) => {
                builder = builder.header(http::header::CONTENT_TYPE, content_type);
                bytes
            }
            None => Vec::new(),
        };
        Ok(builder.body(body)?)
    }

    /// Builds the request against [`Endpoint::DEFAULT_BASE_URL`].
    ///
    /// # Errors
    ///
    /// As [`Endpoint::to_request`].
    fn request(&self) -> Result<http::Request<Vec<u8>>, RequestError> {
        self.to_request(Self::DEFAULT_BASE_URL)
    }

    /// Reads a response: the typed body on any `2xx`, or on another status
    /// the spec declares for success (a redirect that is the answer); the
    /// API's error otherwise.
    ///
    /// # Errors
    ///
    /// [`ResponseError::Status`] for a status that is not success, with the
    /// API's error body when it could be read; [`ResponseError::Decode`] for
    /// a success whose body is not the expected JSON (the request was
    /// applied: it must not be sent again).
    fn parse_response(status: u16, body: &[u8]) -> Result<Self::Response, ResponseError>;
}

/// The content type of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// A JSON object body, written field by field in the order given (the
/// spec's), each value as its type serializes it.
#[derive(Debug, Default)]
pub struct JsonObject {
    bytes: Vec<u8>,
}

impl JsonObject {
    /// An empty object.
    #[must_use]
    pub fn new() -> Self {
        JsonObject { bytes: vec![b'{'] }
    }

    /// Adds one field.
    ///
    /// # Errors
    ///
    /// [`RequestError::Json`] when the value cannot be written as JSON.
    pub fn field<T: serde::Serialize>(&mut self, key: &str, value: &T) -> Result<(), RequestError> {
        if self.bytes.len() > 1 {
            self.bytes.push(b',');
        }
        serde_json::to_writer(&mut self.bytes, key).map_err(RequestError::Json)?;
        self.bytes.push(b':');
        serde_json::to_writer(&mut self.bytes, value).map_err(RequestError::Json)
    }

    /// The body, with its content type.
    #[must_use]
    pub fn finish(mut self, content_type: &'static str) -> Option<(&'static str, Vec<u8>)> {
        self.bytes.push(b'}');
        Some((content_type, self.bytes))
    }
}

/// A whole JSON body from one value.
///
/// # Errors
///
/// [`RequestError::Json`] when the value cannot be written as JSON.
pub fn json_value<T: serde::Serialize>(
    content_type: &'static str,
    value: &T,
) -> Result<Option<(&'static str, Vec<u8>)>, RequestError> {
    let bytes = serde_json::to_vec(value).map_err(RequestError::Json)?;
    Ok(Some((content_type, bytes)))
}

/// Whether `status` means the request succeeded: every `2xx` does, and so
/// does any other status the operation declares (a `3xx` that is its
/// answer, not an instruction to follow).
#[must_use]
pub(crate) fn is_success(declared: &[u16], status: u16) -> bool {
    (200..300).contains(&status) || declared.contains(&status)
}

/// Reads a JSON body on a success status (every `2xx`, and the declared
/// statuses), the API's error otherwise. Every success status is read as the one type the operation
/// declares, whether or not the spec lists that status: Twilio answers
/// `201` where a spec says `200`, and `200` where it says `202`.
///
/// # Errors
///
/// [`ResponseError::Status`] for a status that is not success;
/// [`ResponseError::Decode`], which says the request succeeded, for a body
/// that is not the expected JSON.
pub fn decode_json<T: serde::de::DeserializeOwned>(
    declared: &[u16],
    status: u16,
    body: &[u8],
) -> Result<T, ResponseError> {
    if !is_success(declared, status) {
        return Err(ResponseError::from_error_body(status, body));
    }
    DecodeError::read(status, body).map_err(ResponseError::Decode)
}

/// For an operation that declares success statuses both with a body and
/// without one: `None` on a status declared without one (`empty`), or
/// when the body is empty; the typed body otherwise.
///
/// # Errors
///
/// As [`decode_json`].
pub fn decode_optional_json<T: serde::de::DeserializeOwned>(
    declared: &[u16],
    empty: &[u16],
    status: u16,
    body: &[u8],
) -> Result<Option<T>, ResponseError> {
    if !is_success(declared, status) && !empty.contains(&status) {
        return Err(ResponseError::from_error_body(status, body));
    }
    if empty.contains(&status) || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    DecodeError::read(status, body)
        .map(Some)
        .map_err(ResponseError::Decode)
}

/// Accepts any body on a success status (every `2xx`, and the declared
/// statuses), the API's error
/// otherwise: an operation that returns nothing succeeds on every `2xx`,
/// whatever the body.
///
/// # Errors
///
/// [`ResponseError::Status`] for a status that is not success.
pub fn decode_empty(declared: &[u16], status: u16, body: &[u8]) -> Result<(), ResponseError> {
    if !is_success(declared, status) {
        return Err(ResponseError::from_error_body(status, body));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Ping {
        to: String,
        count: Option<i64>,
    }

    impl Endpoint for Ping {
        type Response = ();
        const METHOD: http::Method = http::Method::POST;
        const PATH_TEMPLATE: &'static str = "/v1/Ping/{To}";
        const SUCCESS_STATUS: u16 = 204;
        const DEFAULT_BASE_URL: &'static str = "https://example.twilio.com";

        fn path(&self) -> String {
            let mut path = String::from("/v1/Ping/");
            crate::encode::push_segment(&mut path, &self.to);
            path
        }

        fn form(&self) -> Vec<(&'static str, String)> {
            let mut out = Vec::new();
            crate::ParamValue::append(&self.count, "Count", &mut out);
            out
        }

        fn validate(&self) -> Result<(), RequestError> {
            crate::error::check_range("Count", self.count, Some(1), Some(5))
        }

        fn parse_response(status: u16, body: &[u8]) -> Result<(), ResponseError> {
            decode_empty(&[Self::SUCCESS_STATUS], status, body)
        }
    }

    #[test]
    fn builds_the_request_with_a_form_body() {
        let request = Ping {
            to: "a b".into(),
            count: Some(3),
        }
        .request()
        .unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://example.twilio.com/v1/Ping/a%20b");
        assert_eq!(request.body(), b"Count=3");
        assert_eq!(
            request.headers()[http::header::CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
    }

    #[test]
    fn no_body_means_no_content_type() {
        let request = Ping {
            to: "x".into(),
            count: None,
        }
        .to_request("http://127.0.0.1:9/")
        .unwrap();
        assert_eq!(request.uri(), "http://127.0.0.1:9/v1/Ping/x");
        assert!(request.body().is_empty());
        assert!(request.headers().is_empty());
    }

    #[test]
    fn bounds_are_checked_before_building() {
        let err = Ping {
            to: "x".into(),
            count: Some(9),
        }
        .request()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Count is 9, outside the accepted range 1..=5"
        );
    }

    #[test]
    fn other_statuses_are_errors_with_the_api_body() {
        let body = br#"{"code": 20404, "message": "Not found", "status": 404}"#;
        let err = Ping::parse_response(404, body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the API answered 404 (error 20404): Not found"
        );
        assert!(Ping::parse_response(204, b"").is_ok());
        let err = decode_json::<serde_json::Value>(&[200], 200, b"{").unwrap_err();
        assert!(matches!(err, ResponseError::Decode(_)), "{err:?}");
    }

    #[test]
    fn every_2xx_is_success_and_read_as_the_declared_type() {
        let body = br#"{"n": 1}"#;
        for status in [200, 201, 202, 203, 206, 299] {
            let value: serde_json::Value = decode_json(&[200], status, body).unwrap();
            assert_eq!(value["n"], 1, "{status}");
            assert!(Ping::parse_response(status, b"ignored").is_ok(), "{status}");
        }
        // A declared redirect is the answer; an undeclared one is not.
        let value: serde_json::Value = decode_json(&[307], 307, body).unwrap();
        assert_eq!(value["n"], 1);
        assert!(decode_empty(&[302], 302, b"").is_ok());
        for status in [100, 301, 302, 304, 400, 404, 500, 503] {
            let err = decode_json::<serde_json::Value>(&[200], status, body).unwrap_err();
            assert!(
                matches!(err, ResponseError::Status { status: s, .. } if s == status),
                "{status}: {err:?}"
            );
            assert!(Ping::parse_response(status, b"").is_err(), "{status}");
        }
    }

    #[test]
    fn a_success_that_cannot_be_read_says_it_succeeded() {
        // A create answered 204 with no body, where its type was expected.
        let err =
            decode_json::<std::collections::BTreeMap<String, i64>>(&[201], 204, b"").unwrap_err();
        let ResponseError::Decode(decode) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(decode.status(), 204);
        assert!(
            err.to_string().starts_with(
                "the request succeeded (204 No Content), but its response cannot be read as `"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_optional_body_is_none_where_none_is_declared_or_sent() {
        let read = |status, body: &[u8]| {
            decode_optional_json::<serde_json::Value>(&[200], &[204], status, body)
        };
        assert_eq!(read(200, br#"{"n": 1}"#).unwrap().unwrap()["n"], 1);
        assert_eq!(read(201, br#"{"n": 2}"#).unwrap().unwrap()["n"], 2);
        assert!(read(204, b"").unwrap().is_none());
        assert!(read(204, b"whatever").unwrap().is_none());
        assert!(read(202, b" \n").unwrap().is_none());
        assert!(matches!(
            read(200, b"<html>"),
            Err(ResponseError::Decode(_))
        ));
        assert!(matches!(
            read(404, b""),
            Err(ResponseError::Status { status: 404, .. })
        ));
    }
}
