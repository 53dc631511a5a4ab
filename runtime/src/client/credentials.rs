//! Who a request is sent as.

use std::fmt;

use base64::Engine as _;
use http::header::HeaderValue;

use super::Error;

/// The credentials requests are signed with, as Twilio's SDKs take them:
/// an Account SID and its auth token, or an API key (its SID and secret)
/// for an account, sent as HTTP Basic auth; or a bearer token for APIs that
/// declare one.
///
/// Secrets never appear in `Debug` or `Display` output:
///
/// ```
/// use twilio_runtime::client::Credentials;
///
/// let credentials = Credentials::api_key(
///     "AC0123456789abcdef0123456789abcdef",
///     "SK0123456789abcdef0123456789abcdef",
///     "key-secret",
/// );
/// assert_eq!(
///     credentials.to_string(),
///     "API key SK0123456789abcdef0123456789abcdef of account AC0123456789abcdef0123456789abcdef"
/// );
/// assert!(!format!("{credentials:?}").contains("key-secret"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
    /// The `Authorization` header, marked sensitive.
    authorization: HeaderValue,
}

#[derive(Clone)]
enum Kind {
    AuthToken {
        account_sid: String,
    },
    ApiKey {
        account_sid: String,
        key_sid: String,
    },
    Bearer,
}

impl Credentials {
    /// An Account SID and its auth token.
    #[must_use]
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl AsRef<str>) -> Self {
        let account_sid = account_sid.into();
        let authorization = basic(&account_sid, auth_token.as_ref());
        Credentials {
            kind: Kind::AuthToken { account_sid },
            authorization,
        }
    }

    /// An API key (its SID, `SK…`, and secret) of an account. The key signs
    /// the requests; the Account SID is what URLs of the 2010 API name.
    #[must_use]
    pub fn api_key(
        account_sid: impl Into<String>,
        key_sid: impl Into<String>,
        secret: impl AsRef<str>,
    ) -> Self {
        let key_sid = key_sid.into();
        let authorization = basic(&key_sid, secret.as_ref());
        Credentials {
            kind: Kind::ApiKey {
                account_sid: account_sid.into(),
                key_sid,
            },
            authorization,
        }
    }

    /// A bearer token (`Authorization: Bearer …`), for APIs that declare a
    /// bearer or OAuth 2 scheme.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the token cannot be sent in a header (it holds
    /// a line break, say).
    pub fn bearer(token: impl AsRef<str>) -> Result<Self, Error> {
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.as_ref()))
            .map_err(|_| Error::Config("the bearer token cannot be sent in a header".into()))?;
        authorization.set_sensitive(true);
        Ok(Credentials {
            kind: Kind::Bearer,
            authorization,
        })
    }

    /// Credentials from the environment, as Twilio's SDKs read them:
    /// `TWILIO_API_KEY` and `TWILIO_API_SECRET` with `TWILIO_ACCOUNT_SID`
    /// when the key is set, `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`
    /// otherwise.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variables that are missing.
    pub fn from_env() -> Result<Self, Error> {
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let account = get("TWILIO_ACCOUNT_SID");
        let (key, secret) = (get("TWILIO_API_KEY"), get("TWILIO_API_SECRET"));
        if key.is_some() || secret.is_some() {
            return match (account, key, secret) {
                (Some(account), Some(key), Some(secret)) => {
                    Ok(Credentials::api_key(account, key, secret))
                }
                (account, key, secret) => Err(missing(&[
                    ("TWILIO_ACCOUNT_SID", account.is_some()),
                    ("TWILIO_API_KEY", key.is_some()),
                    ("TWILIO_API_SECRET", secret.is_some()),
                ])),
            };
        }
        match (account, get("TWILIO_AUTH_TOKEN")) {
            (Some(account), Some(token)) => Ok(Credentials::auth_token(account, token)),
            (account, token) => Err(missing(&[
                ("TWILIO_ACCOUNT_SID", account.is_some()),
                ("TWILIO_AUTH_TOKEN", token.is_some()),
            ])),
        }
    }

    /// The Account SID, unless the credentials are a bearer token.
    #[must_use]
    pub fn account_sid(&self) -> Option<&str> {
        match &self.kind {
            Kind::AuthToken { account_sid } | Kind::ApiKey { account_sid, .. } => Some(account_sid),
            Kind::Bearer => None,
        }
    }

    /// The `Authorization` header value, marked sensitive so that `http`
    /// and the transports keep it out of their `Debug` output.
    #[must_use]
    pub fn authorization(&self) -> &HeaderValue {
        &self.authorization
    }
}

fn basic(user: &str, password: &str) -> HeaderValue {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    // Base64 is always a valid header value.
    let mut value = HeaderValue::from_str(&format!("Basic {token}"))
        .unwrap_or_else(|_| HeaderValue::from_static("Basic"));
    value.set_sensitive(true);
    value
}

fn missing(variables: &[(&str, bool)]) -> Error {
    let names: Vec<&str> = variables
        .iter()
        .filter(|(_, set)| !set)
        .map(|(name, _)| *name)
        .collect();
    Error::Config(format!(
        "Twilio credentials are incomplete: set {}",
        names.join(" and ")
    ))
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        match &self.kind {
            Kind::AuthToken { account_sid } => {
                s.field("account_sid", account_sid);
                s.field("auth_token", &crate::Redacted);
            }
            Kind::ApiKey {
                account_sid,
                key_sid,
            } => {
                s.field("account_sid", account_sid);
                s.field("api_key", key_sid);
                s.field("api_secret", &crate::Redacted);
            }
            Kind::Bearer => {
                s.field("bearer_token", &crate::Redacted);
            }
        }
        s.finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::AuthToken { account_sid } => write!(f, "account {account_sid}"),
            Kind::ApiKey {
                account_sid,
                key_sid,
            } => write!(f, "API key {key_sid} of account {account_sid}"),
            Kind::Bearer => f.write_str("a bearer token"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn basic_auth_is_the_sid_and_secret_in_base64() {
        let credentials = Credentials::auth_token("AC123", "token");
        // "AC123:token"
        assert_eq!(credentials.authorization(), "Basic QUMxMjM6dG9rZW4=");
        let credentials = Credentials::api_key("AC123", "SK9", "s3cret");
        // "SK9:s3cret": the key signs, not the account.
        assert_eq!(credentials.authorization(), "Basic U0s5OnMzY3JldA==");
        assert_eq!(credentials.account_sid(), Some("AC123"));
        let bearer = Credentials::bearer("abc.def").unwrap();
        assert_eq!(bearer.authorization(), "Bearer abc.def");
        assert_eq!(bearer.account_sid(), None);
        assert!(Credentials::bearer("a\nb").is_err());
    }

    #[test]
    fn secrets_stay_out_of_debug_and_display() {
        let all = [
            Credentials::auth_token("AC123", "tok-SECRET"),
            Credentials::api_key("AC123", "SK9", "key-SECRET"),
            Credentials::bearer("bear-SECRET").unwrap(),
        ];
        for credentials in all {
            for text in [
                format!("{credentials:?}"),
                format!("{credentials:#?}"),
                credentials.to_string(),
                format!("{:?}", credentials.authorization()),
            ] {
                assert!(!text.contains("SECRET"), "{text}");
                assert!(!text.contains("QUMxMjM6"), "{text}");
            }
        }
        assert_eq!(
            format!("{:?}", Credentials::auth_token("AC123", "x")),
            r#"Credentials { account_sid: "AC123", auth_token: <redacted> }"#
        );
    }

    #[test]
    fn the_environment_prefers_an_api_key() {
        let both = env(&[
            ("TWILIO_ACCOUNT_SID", "AC1"),
            ("TWILIO_AUTH_TOKEN", "t"),
            ("TWILIO_API_KEY", "SK1"),
            ("TWILIO_API_SECRET", "s"),
        ]);
        let credentials = Credentials::from_lookup(both).unwrap();
        assert_eq!(credentials.to_string(), "API key SK1 of account AC1");
        let token = env(&[("TWILIO_ACCOUNT_SID", "AC1"), ("TWILIO_AUTH_TOKEN", "t")]);
        assert_eq!(
            Credentials::from_lookup(token).unwrap().to_string(),
            "account AC1"
        );
    }

    #[test]
    fn missing_variables_are_named() {
        let err = Credentials::from_lookup(env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Twilio credentials are incomplete: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
        );
        let err = Credentials::from_lookup(env(&[
            ("TWILIO_API_KEY", "SK1"),
            ("TWILIO_AUTH_TOKEN", "t"),
        ]))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Twilio credentials are incomplete: set TWILIO_ACCOUNT_SID and TWILIO_API_SECRET"
        );
        let err = Credentials::from_lookup(env(&[
            ("TWILIO_ACCOUNT_SID", "AC1"),
            ("TWILIO_AUTH_TOKEN", ""),
        ]))
        .unwrap_err();
        assert!(err.to_string().ends_with("set TWILIO_AUTH_TOKEN"), "{err}");
    }
}
