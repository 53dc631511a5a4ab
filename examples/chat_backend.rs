//! A Chat backend: mints access tokens for the Chat client SDKs, and
//! answers the Chat service's webhooks, checking that each call comes from
//! Twilio.
//!
//! - `POST /token` with a form `identity=…` answers
//!   `{"identity": …, "token": …, "ttl": 3600}`: a Chat token for that user.
//!   A real app takes the identity from its own login session instead.
//! - `POST /chat/events` is the service's pre- and post-event webhook URL.
//!   Calls not signed by Twilio for this URL get `403`. An `onMessageSend`
//!   whose text holds a blocked word is rejected; an edit
//!   (`onMessageUpdate`) that adds one is let through with the word masked;
//!   other pre-events are allowed; post-events are logged.
//!
//! ```sh
//! export TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=…     # the auth token signs the webhooks
//! export TWILIO_API_KEY=SK… TWILIO_API_SECRET=…         # the API key signs the tokens
//! export TWILIO_CHAT_SERVICE_SID=IS…
//! export PUBLIC_URL=https://chat.example.com            # where Twilio reaches this server
//! export BLOCKED_WORDS=spam,scam                        # optional
//! cargo run --example chat_backend                      # listens on BIND_ADDR, 127.0.0.1:3000 by default
//! ```
//!
//! Then set the service's webhooks to `$PUBLIC_URL/chat/events` (its
//! `PreWebhookUrl` and `PostWebhookUrl`, with the events to send in
//! `WebhookFilters`).

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use twilio_chat::access_token::sids::ApiKeySid;
use twilio_chat::access_token::{AccessToken, ChatGrant};
use twilio_chat::events::{Event, EventKind, PreEventResponse};
use twilio_chat::v2::{AccountSid, ServiceSid};
use twilio_runtime::webhook::{Validator, WebhookLayer};

/// What the backend needs, read from the environment.
pub struct Config {
    pub account_sid: AccountSid,
    pub auth_token: String,
    pub api_key_sid: ApiKeySid,
    pub api_key_secret: String,
    pub service_sid: ServiceSid,
    /// The URL Twilio reaches this server at, without a path.
    pub public_url: String,
    /// Words a message may not contain, in lowercase.
    pub blocked_words: Vec<String>,
}

impl Config {
    /// Reads the configuration through `var` (`std::env::var` in `main`);
    /// an error names the variable at fault.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let required = |name: &str| var(name).ok_or_else(|| format!("{name} is not set"));
        Ok(Config {
            account_sid: required("TWILIO_ACCOUNT_SID")?
                .parse()
                .map_err(|e| format!("TWILIO_ACCOUNT_SID: {e}"))?,
            auth_token: required("TWILIO_AUTH_TOKEN")?,
            api_key_sid: required("TWILIO_API_KEY")?
                .parse()
                .map_err(|e| format!("TWILIO_API_KEY: {e}"))?,
            api_key_secret: required("TWILIO_API_SECRET")?,
            service_sid: required("TWILIO_CHAT_SERVICE_SID")?
                .parse()
                .map_err(|e| format!("TWILIO_CHAT_SERVICE_SID: {e}"))?,
            public_url: required("PUBLIC_URL")?,
            blocked_words: var("BLOCKED_WORDS")
                .unwrap_or_default()
                .split(',')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        })
    }
}

/// The post-events received, one line each, newest last.
pub type PostEventLog = Arc<Mutex<Vec<String>>>;

struct App {
    config: Config,
    log: PostEventLog,
}

/// The backend's routes: `/token`, and `/chat/events` behind signature
/// validation.
pub fn router(config: Config, log: PostEventLog) -> Router {
    let validator = Validator::new(&config.auth_token);
    let webhooks = Router::new()
        .route("/chat/events", post(chat_events))
        .layer(WebhookLayer::new(validator, config.public_url.clone()));
    Router::new()
        .route("/token", post(token))
        .merge(webhooks)
        .with_state(Arc::new(App { config, log }))
}

/// Mints a Chat token for the form's `identity`.
async fn token(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let identity = form_urlencoded::parse(&body)
        .find(|(name, _)| name == "identity")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let config = &app.config;
    let ttl = std::time::Duration::from_secs(3600);
    let minted = AccessToken::new(
        config.account_sid,
        config.api_key_sid,
        config.api_key_secret.as_str(),
        identity.as_str(),
    )
    .ttl(ttl)
    .grant(ChatGrant::new().service_sid(config.service_sid))
    .to_jwt();
    match minted {
        Ok(token) => {
            let body =
                serde_json::json!({"identity": identity, "token": token, "ttl": ttl.as_secs()});
            (
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        Err(error) => (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response(),
    }
}

/// Answers a webhook call; the layer has checked its signature.
async fn chat_events(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let event = match Event::from_form(&body) {
        Ok(event) => event,
        Err(error) => return (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response(),
    };
    if event.service_sid != app.config.service_sid {
        return (StatusCode::FORBIDDEN, "not this backend's Chat service\n").into_response();
    }
    let blocked = &app.config.blocked_words;
    let answer = match &event.kind {
        EventKind::MessageSend(message) => match &message.body {
            Some(text) if find_blocked(text, blocked).is_some() => PreEventResponse::reject(),
            _ => PreEventResponse::allow(),
        },
        EventKind::MessageUpdate(message) => match &message.body {
            Some(text) if find_blocked(text, blocked).is_some() => {
                PreEventResponse::modify().body(mask(text, blocked)).into()
            }
            _ => PreEventResponse::allow(),
        },
        _ if event.is_pre_event() => PreEventResponse::allow(),
        _ => {
            let line = format!(
                "{} by {} in {}",
                event.event_type(),
                event.client_identity.as_deref().unwrap_or("the REST API"),
                event.service_sid
            );
            eprintln!("post-event: {line}");
            if let Ok(mut log) = app.log.lock() {
                log.push(line);
            }
            PreEventResponse::allow()
        }
    };
    let response: axum::http::Response<String> = answer.into();
    response.into_response()
}

/// The first blocked word of `text`, compared word by word without case.
fn find_blocked<'a>(text: &str, blocked: &'a [String]) -> Option<&'a str> {
    text.split(|c: char| !c.is_alphanumeric())
        .find_map(|word| blocked.iter().find(|b| word.to_lowercase() == **b))
        .map(String::as_str)
}

/// `text` with every blocked word replaced by asterisks.
fn mask(text: &str, blocked: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if blocked.contains(&word.to_lowercase()) {
            out.extend(word.chars().map(|_| '*'));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(not(test))]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_lookup(|name| std::env::var(name).ok())?;
    let addr = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!(
        "listening on http://{addr}; set the Chat service's webhooks to {}/chat/events",
        config.public_url.trim_end_matches('/')
    );
    axum::serve(listener, router(config, PostEventLog::default())).await?;
    Ok(())
}
