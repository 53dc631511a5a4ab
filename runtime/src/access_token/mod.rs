//! Access tokens: what a backend hands its users so that Twilio's client
//! SDKs (Chat, Conversations, Voice, Video, Sync, TaskRouter, Live) connect
//! as them (feature `access-token`).
//!
//! A token is a JSON Web Token signed with HMAC-SHA256 by an API key's
//! secret. Its header carries `cty: twilio-fpa;v=1` (and `twr`, the region,
//! when one is set); its claims name the key (`iss`), the account (`sub`),
//! a token id (`jti`, the key SID and the time of issue), the times of
//! issue, start and end (`iat`, `nbf`, `exp`), and the `grants`: the
//! user's `identity` and one object per product.
//!
//! ```
//! use std::time::Duration;
//! use twilio_runtime::access_token::{AccessToken, ChatGrant};
//!
//! let jwt = AccessToken::new(
//!     "AC0123456789abcdef0123456789abcdef",
//!     "SK0123456789abcdef0123456789abcdef",
//!     "the API key's secret",
//!     "maria.lopez@example.com",
//! )
//! .ttl(Duration::from_secs(30 * 60))
//! .grant(ChatGrant::new().service_sid("IS0123456789abcdef0123456789abcdef"))
//! .to_jwt()?;
//! assert_eq!(jwt.split('.').count(), 3);
//! # Ok::<(), twilio_runtime::access_token::TokenError>(())
//! ```
//!
//! SIDs are given typed (the runtime's types of [`sids`], or a generated
//! type its crate declared as one of them) or as text; everything is checked
//! when the token is signed, and a value Twilio would refuse is an error
//! that names it: a SID of the wrong kind, an empty or overlong identity, a
//! lifetime beyond Twilio's 24 hours.

mod grants;
pub mod sids;

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit as _, Mac as _};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::Sha256;

pub use grants::{
    ChatGrant, ConversationsGrant, CustomGrant, Grant, IpMessagingGrant, PlaybackGrant, SyncGrant,
    TaskRouterGrant, VideoGrant, VoiceGrant,
};
pub use sids::IntoSid;

use crate::sid::SidError;
use sids::{prefix, AccountSid, ApiKeySid};

/// The longest lifetime Twilio accepts for an access token: 24 hours.
pub const MAX_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The lifetime of a token unless [`AccessToken::ttl`] says otherwise: one
/// hour, as in Twilio's SDKs.
pub const DEFAULT_TTL: Duration = Duration::from_secs(60 * 60);

/// The longest identity accepted, in characters. Twilio documents this
/// limit for the identities of Conversations users (Chat's successor, which
/// shares them).
pub const MAX_IDENTITY_CHARS: usize = 256;

/// The header's content type: version 1 of Twilio's access token format.
const CONTENT_TYPE: &str = "twilio-fpa;v=1";

/// An access token to sign: who it is for, for how long, and what it
/// grants.
///
/// Nothing is checked until [`AccessToken::to_jwt`], which reports the
/// first problem. The API key's secret never appears in `Debug` output.
#[derive(Clone)]
pub struct AccessToken {
    account_sid: Result<AccountSid, SidError>,
    api_key_sid: Result<ApiKeySid, SidError>,
    secret: String,
    identity: String,
    ttl: Duration,
    not_before: Option<SystemTime>,
    region: Option<String>,
    grants: Vec<(String, GrantPayload)>,
}

/// A grant's key's object, or why it cannot be written.
type GrantPayload = Result<Map<String, Value>, TokenError>;

impl AccessToken {
    /// A token for `identity` (the user, as the client SDKs and the REST
    /// API's User resources know them), signed by the API key `api_key_sid`
    /// of `account_sid` with the key's `secret`. It lasts [`DEFAULT_TTL`]
    /// and grants nothing until grants are added.
    #[must_use]
    pub fn new(
        account_sid: impl IntoSid<prefix::AC>,
        api_key_sid: impl IntoSid<prefix::SK>,
        secret: impl Into<String>,
        identity: impl Into<String>,
    ) -> Self {
        AccessToken {
            account_sid: account_sid.into_sid(),
            api_key_sid: api_key_sid.into_sid(),
            secret: secret.into(),
            identity: identity.into(),
            ttl: DEFAULT_TTL,
            not_before: None,
            region: None,
            grants: Vec::new(),
        }
    }

    /// How long the token is valid after it is signed, in whole seconds: at
    /// least one, at most [`MAX_TTL`].
    #[must_use]
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The time before which the token is not valid (`nbf`). Without it the
    /// token is valid from the moment it is signed.
    #[must_use]
    pub fn not_before(mut self, time: SystemTime) -> Self {
        self.not_before = Some(time);
        self
    }

    /// The Twilio region the client connects to (`us1`, `ie1`, `au1`, …),
    /// written in the header as `twr`.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Adds a grant. Each product's grant may be given once.
    #[must_use]
    pub fn grant(mut self, grant: impl Grant) -> Self {
        self.grants.push((grant.key().to_owned(), grant.payload()));
        self
    }

    /// The identity the token is for.
    #[must_use]
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// Signs the token, issued now.
    ///
    /// # Errors
    ///
    /// As [`AccessToken::to_jwt_at`].
    pub fn to_jwt(&self) -> Result<String, TokenError> {
        self.to_jwt_at(SystemTime::now())
    }

    /// Signs the token as issued at `issued_at`: `iat` is that time, `exp`
    /// that time plus the lifetime.
    ///
    /// # Errors
    ///
    /// A [`TokenError`] for the first value Twilio would not accept: a SID
    /// of the wrong kind (which names the field), an empty secret, an
    /// identity that is empty or longer than [`MAX_IDENTITY_CHARS`], a
    /// lifetime under a second or over [`MAX_TTL`], a region that is not a
    /// region name, a start after the end, a grant given twice, or a time
    /// before 1970.
    pub fn to_jwt_at(&self, issued_at: SystemTime) -> Result<String, TokenError> {
        let account_sid = self.account_sid.map_err(|source| TokenError::Sid {
            field: "sub (the account SID)".to_owned(),
            source,
        })?;
        let api_key_sid = self.api_key_sid.map_err(|source| TokenError::Sid {
            field: "iss (the API key SID)".to_owned(),
            source,
        })?;
        if self.secret.is_empty() {
            return Err(TokenError::EmptySecret);
        }
        let chars = self.identity.chars().count();
        if chars == 0 {
            return Err(TokenError::EmptyIdentity);
        }
        if chars > MAX_IDENTITY_CHARS {
            return Err(TokenError::IdentityTooLong { chars });
        }
        let ttl = self.ttl.as_secs();
        if ttl == 0 || self.ttl > MAX_TTL {
            return Err(TokenError::Ttl { ttl: self.ttl });
        }
        if let Some(region) = &self.region {
            let is_name = !region.is_empty()
                && region.len() <= 32
                && region
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !is_name {
                return Err(TokenError::Region(region.clone()));
            }
        }
        let iat = seconds(issued_at)?;
        let exp = iat + ttl;
        let nbf = self.not_before.map(seconds).transpose()?;
        if let Some(nbf) = nbf {
            if nbf >= exp {
                return Err(TokenError::StartsAfterExpiry { nbf, exp });
            }
        }

        let mut grants = Map::new();
        grants.insert("identity".to_owned(), Value::String(self.identity.clone()));
        for (key, payload) in &self.grants {
            let payload = payload.clone()?;
            if grants.insert(key.clone(), Value::Object(payload)).is_some() {
                return Err(TokenError::DuplicateGrant(key.clone()));
            }
        }

        let header = Header {
            typ: "JWT",
            alg: "HS256",
            cty: CONTENT_TYPE,
            twr: self.region.as_deref(),
        };
        let claims = Claims {
            jti: format!("{api_key_sid}-{iat}"),
            iss: api_key_sid.as_str(),
            sub: account_sid.as_str(),
            iat,
            nbf,
            exp,
            grants,
        };
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut jwt = engine.encode(serde_json::to_vec(&header).map_err(json_error)?);
        jwt.push('.');
        jwt.push_str(&engine.encode(serde_json::to_vec(&claims).map_err(json_error)?));
        // HMAC takes keys of any length: this never fails.
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.as_bytes())
            .map_err(|_| TokenError::EmptySecret)?;
        mac.update(jwt.as_bytes());
        let signature = mac.finalize().into_bytes();
        jwt.push('.');
        jwt.push_str(&engine.encode(signature));
        Ok(jwt)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("account_sid", &self.account_sid)
            .field("api_key_sid", &self.api_key_sid)
            .field("secret", &crate::Redacted)
            .field("identity", &self.identity)
            .field("ttl", &self.ttl)
            .field("not_before", &self.not_before)
            .field("region", &self.region)
            .field(
                "grants",
                &self.grants.iter().map(|(key, _)| key).collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn json_error(e: serde_json::Error) -> TokenError {
    TokenError::Json(std::sync::Arc::new(e))
}

fn seconds(time: SystemTime) -> Result<u64, TokenError> {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| TokenError::BeforeEpoch)
}

#[derive(Serialize)]
struct Header<'a> {
    typ: &'a str,
    alg: &'a str,
    cty: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    twr: Option<&'a str>,
}

#[derive(Serialize)]
struct Claims<'a> {
    jti: String,
    iss: &'a str,
    sub: &'a str,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<u64>,
    exp: u64,
    grants: Map<String, Value>,
}

/// Why a token cannot be signed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TokenError {
    /// A SID given as text is not a SID of the kind the field takes.
    Sid {
        /// The claim or grant field (`iss (the API key SID)`,
        /// `chat.service_sid`).
        field: String,
        /// What is wrong with it.
        source: SidError,
    },
    /// The API key's secret is empty.
    EmptySecret,
    /// The identity is empty.
    EmptyIdentity,
    /// The identity is longer than [`MAX_IDENTITY_CHARS`].
    IdentityTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The lifetime is under a second or over [`MAX_TTL`].
    Ttl {
        /// The lifetime given.
        ttl: Duration,
    },
    /// The region is not a region name (letters, digits and `-`).
    Region(String),
    /// The token would start (`nbf`) at or after it ends (`exp`).
    StartsAfterExpiry {
        /// The start, in seconds since 1970.
        nbf: u64,
        /// The end, in seconds since 1970.
        exp: u64,
    },
    /// Two grants have the same key (or a grant is named `identity`).
    DuplicateGrant(String),
    /// A grant's fields do not go together.
    Grant {
        /// The grant's key.
        grant: String,
        /// What is wrong.
        reason: String,
    },
    /// A time before 1970 cannot be written in a token.
    BeforeEpoch,
    /// The claims could not be written as JSON.
    Json(std::sync::Arc<serde_json::Error>),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Sid { field, source } => write!(f, "{field}: {source}"),
            TokenError::EmptySecret => f.write_str("the API key secret is empty"),
            TokenError::EmptyIdentity => f.write_str("the identity is empty"),
            TokenError::IdentityTooLong { chars } => write!(
                f,
                "the identity is {chars} characters long; Twilio accepts at most {MAX_IDENTITY_CHARS}"
            ),
            TokenError::Ttl { ttl } => write!(
                f,
                "a token's lifetime is 1 to {} seconds (24 hours), not {:?}",
                MAX_TTL.as_secs(),
                ttl
            ),
            TokenError::Region(region) => write!(
                f,
                "{region:?} is not a region name (such as us1 or ie1)"
            ),
            TokenError::StartsAfterExpiry { nbf, exp } => write!(
                f,
                "the token would start (nbf {nbf}) at or after it expires (exp {exp})"
            ),
            TokenError::DuplicateGrant(key) => {
                write!(f, "the grant {key:?} is given twice")
            }
            TokenError::Grant { grant, reason } => write!(f, "{grant} grant: {reason}"),
            TokenError::BeforeEpoch => f.write_str("a time before 1970 cannot be written"),
            TokenError::Json(e) => write!(f, "cannot write the claims as JSON: {e}"),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Sid { source, .. } => Some(source),
            TokenError::Json(e) => Some(&**e),
            _ => None,
        }
    }
}
