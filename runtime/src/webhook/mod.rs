//! Checks that a webhook request comes from Twilio (feature `webhook`).
//!
//! Twilio signs every request it sends to an application: status callbacks,
//! incoming messages and calls, a Chat service's pre- and post-event
//! webhooks. The `X-Twilio-Signature` header holds, in base64, the HMAC of
//! the URL Twilio called followed by the request's form parameters, sorted
//! by name (each name followed by its value; the values of a repeated name
//! sorted too), keyed with the account's auth token (HMAC-SHA1). A request
//! whose body is not a form (JSON) carries instead the hex SHA-256 of its
//! body in the URL's `bodySHA256` query parameter, and the signature covers
//! the URL alone. A Webhooks Rule can make Twilio sign with a shared key
//! instead of the auth token, and with the algorithm its Setting names
//! (HMAC-SHA256): then the `X-Twilio-Webhooks-Signature-Settings` header says
//! so (`key=…,algorithm=HMAC_SHA256`), and the signed text is the same.
//!
//! [`Validator::validate`] checks a request against the public URL Twilio
//! called (behind a proxy or tunnel, not the URL the server sees) and says
//! what failed. Behind the `webhook-tower` feature, [`WebhookLayer`]
//! validates every route of an app and bounds the bodies it reads.
//!
//! ```
//! use twilio_runtime::http::Request;
//! use twilio_runtime::webhook::{compute_signature, Algorithm, Validator, WebhookError};
//!
//! let url = "https://example.com/chat/events";
//! let body = "EventType=onMessageSent&Body=Hello";
//! // What Twilio sends: the signature of the URL and the sorted parameters.
//! let signature = compute_signature(
//!     Algorithm::HmacSha1,
//!     b"the auth token",
//!     url,
//!     [("EventType", "onMessageSent"), ("Body", "Hello")],
//! );
//! let request = Request::post("/chat/events")
//!     .header("Content-Type", "application/x-www-form-urlencoded")
//!     .header("X-Twilio-Signature", signature)
//!     .body(body)?;
//!
//! let validator = Validator::new("the auth token");
//! assert!(validator.validate(&request, url).is_ok());
//! // The same request checked against another URL, or with another token.
//! assert_eq!(
//!     validator.validate(&request, "https://example.com/other").unwrap_err(),
//!     WebhookError::WrongSignature
//! );
//! assert!(Validator::new("another token").validate(&request, url).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "webhook-tower")]
mod layer;

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use http::header::{HeaderMap, CONTENT_TYPE};
use http::StatusCode;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use subtle::{Choice, ConstantTimeEq as _};

#[cfg(feature = "webhook-tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook-tower")))]
pub use layer::{WebhookLayer, WebhookService, DEFAULT_BODY_LIMIT};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "x-twilio-signature";

/// The header with which a Webhooks Rule announces how the request is
/// signed.
pub const SIGNATURE_SETTINGS_HEADER: &str = "x-twilio-webhooks-signature-settings";

/// The query parameter that carries the hex SHA-256 of a non-form body.
pub const BODY_HASH_PARAMETER: &str = "bodySHA256";

/// How a signature is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA1: Twilio's default, with the account's auth token.
    HmacSha1,
    /// HMAC-SHA256: what a Webhooks Rule's Setting names, with its shared
    /// key.
    HmacSha256,
}

/// Which secret signed a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignedWith {
    /// The account's auth token (no settings header): Twilio's default.
    AuthToken,
    /// A Webhooks Rule's shared key, which the
    /// `X-Twilio-Webhooks-Signature-Settings` header announced.
    SharedKey,
}

/// How a request's body was covered by its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignedBody {
    /// No body: the signature covers the URL (a `GET`, or an empty `POST`).
    Empty,
    /// A form: its parameters are part of the signed text.
    Form,
    /// Another body (JSON): its SHA-256 matched the URL's `bodySHA256`.
    Hashed,
}

/// What a valid request was signed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Verified {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The kind of secret.
    pub key: SignedWith,
    /// How the body was covered.
    pub body: SignedBody,
}

/// Why a request is not accepted as Twilio's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// There is no `X-Twilio-Signature` header.
    MissingSignature,
    /// The signature header is not one base64 value of a signature's
    /// length (or is given twice).
    BadEncoding,
    /// The signature is not the one the key gives for this URL and body.
    WrongSignature,
    /// The URL's `bodySHA256` is not 64 hex digits (or is given twice).
    BadBodyHash,
    /// The body's SHA-256 is not the URL's `bodySHA256`.
    BodyHashMismatch,
    /// The body is neither a form nor covered by a `bodySHA256`, so the
    /// signature does not cover it.
    UnsignedBody,
    /// The form body does not decode to UTF-8 text.
    MalformedForm,
    /// The public URL is not an absolute `http` or `https` URL.
    BadUrl(String),
    /// The `X-Twilio-Webhooks-Signature-Settings` header names no
    /// `algorithm` this validator knows (or names two).
    UnsupportedSettings(String),
    /// The request is signed with a shared key, and the validator has none.
    NoSharedKey,
    /// The body is longer than the limit (bytes).
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read.
    BodyRead(String),
}

impl WebhookError {
    /// The status to answer with: `403 Forbidden` for a request that is not
    /// Twilio's, `413 Payload Too Large` for an oversized body, `400 Bad
    /// Request` for a body that could not be read or a URL that is not one.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebhookError::BodyRead(_) | WebhookError::BadUrl(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::FORBIDDEN,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature => f.write_str("no X-Twilio-Signature header"),
            WebhookError::BadEncoding => {
                f.write_str("the X-Twilio-Signature header is not one base64-encoded signature")
            }
            WebhookError::WrongSignature => {
                f.write_str("the signature does not match the URL and parameters")
            }
            WebhookError::BadBodyHash => {
                f.write_str("the URL's bodySHA256 is not one SHA-256 in hex")
            }
            WebhookError::BodyHashMismatch => {
                f.write_str("the body's SHA-256 is not the URL's bodySHA256")
            }
            WebhookError::UnsignedBody => f.write_str(
                "the body is neither a form nor covered by a bodySHA256, so it is not signed",
            ),
            WebhookError::MalformedForm => f.write_str("the form body is not UTF-8 text"),
            WebhookError::BadUrl(why) => write!(f, "the public URL is malformed: {why}"),
            WebhookError::UnsupportedSettings(value) => write!(
                f,
                "X-Twilio-Webhooks-Signature-Settings names no known algorithm: {value:?}"
            ),
            WebhookError::NoSharedKey => {
                f.write_str("the request is signed with a shared key, and none is configured")
            }
            WebhookError::BodyTooLarge { limit } => {
                write!(f, "the body is longer than {limit} bytes")
            }
            WebhookError::BodyRead(why) => write!(f, "the body could not be read: {why}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// A key, never shown by `Debug`.
#[derive(Clone)]
struct Secret(Vec<u8>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::Redacted, f)
    }
}

/// Checks the signatures of Twilio's webhook requests.
///
/// Keys never appear in `Debug` output. A validator is cheap to clone.
#[derive(Clone, Debug)]
pub struct Validator {
    auth_tokens: Vec<Secret>,
    shared_keys: Vec<Secret>,
}

impl Validator {
    /// A validator for requests signed with the account's auth token.
    #[must_use]
    pub fn new(auth_token: impl AsRef<[u8]>) -> Self {
        Validator {
            auth_tokens: vec![Secret(auth_token.as_ref().to_vec())],
            shared_keys: Vec::new(),
        }
    }

    /// Accepts another auth token too: while the account's secondary token
    /// is being promoted, requests may be signed with either.
    #[must_use]
    pub fn also_auth_token(mut self, auth_token: impl AsRef<[u8]>) -> Self {
        self.auth_tokens.push(Secret(auth_token.as_ref().to_vec()));
        self
    }

    /// Accepts requests a Webhooks Rule signs with this shared key (those
    /// the `X-Twilio-Webhooks-Signature-Settings` header announces, with
    /// the algorithm it names). May be called again to accept several keys,
    /// while one replaces another.
    #[must_use]
    pub fn shared_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.shared_keys.push(Secret(key.as_ref().to_vec()));
        self
    }

    /// Checks `request`, whose body is the raw bytes received, against
    /// `public_url`: the full URL Twilio called, with its query string, as
    /// configured in Twilio (`https://example.com/chat/events`), which
    /// differs from the request's own URI behind a proxy.
    ///
    /// # Errors
    ///
    /// A [`WebhookError`] saying what failed.
    pub fn validate<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
        public_url: &str,
    ) -> Result<Verified, WebhookError> {
        self.validate_parts(request.headers(), public_url, request.body().as_ref())
    }

    /// As [`Validator::validate`], from the request's headers and body.
    ///
    /// # Errors
    ///
    /// A [`WebhookError`] saying what failed.
    pub fn validate_parts(
        &self,
        headers: &HeaderMap,
        public_url: &str,
        body: &[u8],
    ) -> Result<Verified, WebhookError> {
        let urls = UrlForms::new(public_url)?;
        // Without the settings header, the auth token and HMAC-SHA1; with
        // it, a shared key and the algorithm it names.
        let (algorithm, key, keys) = match one_header(headers, SIGNATURE_SETTINGS_HEADER)? {
            None => (
                Algorithm::HmacSha1,
                SignedWith::AuthToken,
                &self.auth_tokens,
            ),
            Some(settings) => (
                parse_settings(settings)?,
                SignedWith::SharedKey,
                &self.shared_keys,
            ),
        };
        if keys.is_empty() {
            return Err(WebhookError::NoSharedKey);
        }
        let signature = one_header(headers, SIGNATURE_HEADER)?
            .ok_or(WebhookError::MissingSignature)?
            .to_str()
            .map_err(|_| WebhookError::BadEncoding)?;
        let signature = base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .map_err(|_| WebhookError::BadEncoding)?;
        if signature.len() != algorithm.len() {
            return Err(WebhookError::BadEncoding);
        }

        let (signed_body, params) = match urls.body_hash()? {
            Some(expected) => {
                let actual: [u8; 32] = Sha256::digest(body).into();
                if !bool::from(actual.ct_eq(&expected)) {
                    return Err(WebhookError::BodyHashMismatch);
                }
                (SignedBody::Hashed, Vec::new())
            }
            None if body.is_empty() => (SignedBody::Empty, Vec::new()),
            None if is_form(headers) => (SignedBody::Form, parse_form(body)?),
            None => return Err(WebhookError::UnsignedBody),
        };
        let tail = canonical_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));

        // Every key and both forms of the URL are tried, without stopping at
        // a match, and each comparison takes constant time.
        let mut matched = Choice::from(0);
        for key in keys {
            for url in [&urls.with_port, &urls.without_port] {
                let mac = mac(algorithm, &key.0, url, &tail);
                matched |= mac.as_slice().ct_eq(&signature);
            }
        }
        if bool::from(matched) {
            Ok(Verified {
                algorithm,
                key,
                body: signed_body,
            })
        } else {
            Err(WebhookError::WrongSignature)
        }
    }
}

impl Algorithm {
    /// The length of a signature, in bytes.
    fn len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 => 32,
        }
    }
}

/// The signature Twilio computes for a request to `url` with these form
/// parameters (none for a `GET` or a JSON body), in base64: for tests of an
/// application's webhooks, and for forwarding requests.
#[must_use]
pub fn compute_signature<K, V>(
    algorithm: Algorithm,
    key: &[u8],
    url: &str,
    params: impl IntoIterator<Item = (K, V)>,
) -> String
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let params: Vec<(K, V)> = params.into_iter().collect();
    let tail = canonical_params(params.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
    base64::engine::general_purpose::STANDARD.encode(mac(algorithm, key, url, &tail))
}

/// The hex SHA-256 of a body, as Twilio puts it in `bodySHA256`.
#[must_use]
pub fn body_sha256(body: &[u8]) -> String {
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The full URL of a request received at `uri` (its path and query) under
/// the public base URL the app is reached at (`https://example.com`, or
/// `https://example.com/prefix` when a proxy strips a prefix).
#[must_use]
pub fn public_url(base: &str, uri: &http::Uri) -> String {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    format!("{}{path}", base.trim_end_matches('/'))
}

fn mac(algorithm: Algorithm, key: &[u8], url: &str, tail: &str) -> Vec<u8> {
    fn run<M: Mac + KeyInit>(key: &[u8], url: &str, tail: &str) -> Vec<u8> {
        // HMAC takes keys of any length.
        let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) else {
            return Vec::new();
        };
        mac.update(url.as_bytes());
        mac.update(tail.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
    match algorithm {
        Algorithm::HmacSha1 => run::<Hmac<Sha1>>(key, url, tail),
        Algorithm::HmacSha256 => run::<Hmac<Sha256>>(key, url, tail),
    }
}

/// The parameters as signed: sorted by name, each name followed by its
/// value, the distinct values of a repeated name sorted.
fn canonical_params<'a>(params: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut params: Vec<(&str, &str)> = params.collect();
    params.sort_unstable();
    params.dedup();
    let mut out = String::with_capacity(params.iter().map(|(k, v)| k.len() + v.len()).sum());
    for (name, value) in params {
        out.push_str(name);
        out.push_str(value);
    }
    out
}

/// The value of a header given at most once.
fn one_header<'h>(
    headers: &'h HeaderMap,
    name: &str,
) -> Result<Option<&'h http::HeaderValue>, WebhookError> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(if name == SIGNATURE_HEADER {
            WebhookError::BadEncoding
        } else {
            WebhookError::UnsupportedSettings("given twice".to_owned())
        });
    }
    Ok(first)
}

/// The algorithm a `X-Twilio-Webhooks-Signature-Settings` value names: the
/// value is a list of `name=value` items separated by commas
/// (`key=…,algorithm=HMAC_SHA256`); the `algorithm` item's value is
/// compared without case, `-` or `_`. Other items (the key's id) are not
/// needed: every shared key given is tried.
fn parse_settings(value: &http::HeaderValue) -> Result<Algorithm, WebhookError> {
    let text = value
        .to_str()
        .map_err(|_| WebhookError::UnsupportedSettings(format!("{value:?}")))?;
    let mut found = None;
    for item in text.split(',') {
        let Some((name, value)) = item.split_once('=') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("algorithm") {
            continue;
        }
        let value: String = value
            .trim()
            .trim_matches('"')
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let algorithm = match value.as_str() {
            "hmacsha256" => Algorithm::HmacSha256,
            "hmacsha1" => Algorithm::HmacSha1,
            _ => return Err(WebhookError::UnsupportedSettings(text.to_owned())),
        };
        if found.is_some() {
            return Err(WebhookError::UnsupportedSettings(text.to_owned()));
        }
        found = Some(algorithm);
    }
    found.ok_or_else(|| WebhookError::UnsupportedSettings(text.to_owned()))
}

fn is_form(headers: &HeaderMap) -> bool {
    match headers.get(CONTENT_TYPE) {
        // Twilio always names the type; a body without one is read as the
        // form it then has to be for its signature to match.
        None => true,
        Some(value) => value.to_str().is_ok_and(|v| {
            v.split(';').next().is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        }),
    }
}

/// A form body's parameters, decoded; text that is not UTF-8 once decoded
/// is an error rather than replaced, since Twilio signs the text.
fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, WebhookError> {
    let decode = |part: &[u8]| -> Result<String, WebhookError> {
        let bytes = if part.iter().any(|&b| b == b'+' || b == b'%') {
            let spaced: Vec<u8> = part
                .iter()
                .map(|&b| if b == b'+' { b' ' } else { b })
                .collect();
            percent_encoding::percent_decode(&spaced).collect()
        } else {
            part.to_vec()
        };
        String::from_utf8(bytes).map_err(|_| WebhookError::MalformedForm)
    };
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &[][..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

/// The public URL as given, and with its port added or removed: Twilio's
/// SDKs accept a signature of either, since Twilio has signed both.
struct UrlForms {
    with_port: String,
    without_port: String,
    query: Option<String>,
}

impl UrlForms {
    fn new(url: &str) -> Result<UrlForms, WebhookError> {
        let bad = |why: &str| WebhookError::BadUrl(format!("{why}: {url:?}"));
        let uri: http::Uri = url.parse().map_err(|e| bad(&format!("{e}")))?;
        let default_port = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => 443,
            Some(s) if s.eq_ignore_ascii_case("http") => 80,
            _ => return Err(bad("not an http or https URL")),
        };
        if uri.authority().is_none() {
            return Err(bad("no host"));
        }
        // Split the text itself, so that the URL is signed as written.
        let scheme_end = url.find("://").ok_or_else(|| bad("no host"))? + 3;
        let authority_end = url[scheme_end..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| scheme_end + i);
        let authority = &url[scheme_end..authority_end];
        let host_start = authority.rfind('@').map_or(0, |i| i + 1);
        let host_port = &authority[host_start..];
        let port_start = match host_port.rfind(':') {
            Some(i) if !host_port[i..].contains(']') => Some(scheme_end + host_start + i),
            _ => None,
        };
        let (with_port, without_port) = match port_start {
            Some(colon) => (
                url.to_owned(),
                format!("{}{}", &url[..colon], &url[authority_end..]),
            ),
            None => (
                format!(
                    "{}:{default_port}{}",
                    &url[..authority_end],
                    &url[authority_end..]
                ),
                url.to_owned(),
            ),
        };
        Ok(UrlForms {
            with_port,
            without_port,
            query: uri.query().map(str::to_owned),
        })
    }

    /// The URL's `bodySHA256`, decoded, if it has one.
    fn body_hash(&self) -> Result<Option<[u8; 32]>, WebhookError> {
        let Some(query) = &self.query else {
            return Ok(None);
        };
        let mut values = form_urlencoded::parse(query.as_bytes())
            .filter(|(name, _)| name == BODY_HASH_PARAMETER)
            .map(|(_, value)| value);
        let Some(hex) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() || hex.len() != 64 {
            return Err(WebhookError::BadBodyHash);
        }
        let mut out = [0u8; 32];
        for (i, pair) in hex.as_bytes().chunks_exact(2).enumerate() {
            let digits = std::str::from_utf8(pair).map_err(|_| WebhookError::BadBodyHash)?;
            out[i] = u8::from_str_radix(digits, 16).map_err(|_| WebhookError::BadBodyHash)?;
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_forms_add_and_remove_the_port_as_written() {
        let forms = |url: &str| {
            let f = UrlForms::new(url).unwrap();
            (f.with_port, f.without_port)
        };
        assert_eq!(
            forms("https://example.com/a?b=1"),
            (
                "https://example.com:443/a?b=1".to_owned(),
                "https://example.com/a?b=1".to_owned()
            )
        );
        assert_eq!(
            forms("http://user:pw@example.com:8080?x"),
            (
                "http://user:pw@example.com:8080?x".to_owned(),
                "http://user:pw@example.com?x".to_owned()
            )
        );
        assert_eq!(
            forms("https://[::1]:8443/hook"),
            (
                "https://[::1]:8443/hook".to_owned(),
                "https://[::1]/hook".to_owned()
            )
        );
        assert_eq!(
            forms("https://[::1]/hook").0,
            "https://[::1]:443/hook".to_owned()
        );
        for bad in [
            "",
            "/chat/events",
            "ftp://example.com/x",
            "https://",
            "https://exa mple.com/",
            "example.com/x",
        ] {
            assert!(
                matches!(UrlForms::new(bad), Err(WebhookError::BadUrl(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn settings_name_an_algorithm() {
        let parse = |v: &str| parse_settings(&http::HeaderValue::from_str(v).unwrap());
        for sha256 in [
            "key=KSaaaa,algorithm=HMAC_SHA256",
            "algorithm=HMAC_SHA256",
            "key=x, Algorithm=hmac-sha256",
            "algorithm=\"HmacSHA256\",key=y",
        ] {
            assert_eq!(parse(sha256), Ok(Algorithm::HmacSha256), "{sha256}");
        }
        assert_eq!(parse("key=x,algorithm=HMAC_SHA1"), Ok(Algorithm::HmacSha1));
        for bad in [
            "algorithm=ed25519",
            "key=x",
            "HMAC_SHA256",
            "algorithm=HMAC_SHA1,algorithm=HMAC_SHA256",
            "",
        ] {
            assert!(
                matches!(parse(bad), Err(WebhookError::UnsupportedSettings(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn form_bodies_decode_strictly() {
        assert_eq!(
            parse_form(b"A=1&B=x+y%21&&C&D=%E2%82%AC").unwrap(),
            vec![
                ("A".to_owned(), "1".to_owned()),
                ("B".to_owned(), "x y!".to_owned()),
                ("C".to_owned(), String::new()),
                ("D".to_owned(), "€".to_owned()),
            ]
        );
        assert_eq!(parse_form(b"A=%FF"), Err(WebhookError::MalformedForm));
        assert_eq!(parse_form(b"A=\xff"), Err(WebhookError::MalformedForm));
    }
}
