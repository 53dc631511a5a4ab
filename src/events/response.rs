//! The answer to a pre-event webhook.

use twilio_runtime::http::{header, HeaderValue, Response, StatusCode};
use twilio_runtime::serde_json::{Map, Value};

/// What a pre-event webhook answers: Twilio lets the action happen on a
/// `200 OK`, applies the changes a `200` carries as JSON, and cancels the
/// action on any error status.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PreEventResponse {
    /// Let the action happen unchanged: `200 OK`, empty.
    Allow,
    /// Cancel the action: this status (a client or server error).
    Reject(StatusCode),
    /// Let the action happen with these fields changed: `200 OK` and the
    /// fields as a JSON object.
    Modify(Modification),
}

impl PreEventResponse {
    /// Lets the action happen unchanged.
    #[must_use]
    pub fn allow() -> Self {
        PreEventResponse::Allow
    }

    /// Cancels the action with `403 Forbidden`.
    #[must_use]
    pub fn reject() -> Self {
        PreEventResponse::Reject(StatusCode::FORBIDDEN)
    }

    /// Cancels the action with `status`. A status that is not an error
    /// (below 400) would let the action through, so it is answered as
    /// `403 Forbidden` instead.
    #[must_use]
    pub fn reject_with(status: StatusCode) -> Self {
        if status.is_client_error() || status.is_server_error() {
            PreEventResponse::Reject(status)
        } else {
            PreEventResponse::reject()
        }
    }

    /// Starts a change: the fields set on the returned [`Modification`]
    /// replace those of the action. Convert it with `.into()`.
    #[must_use]
    pub fn modify() -> Modification {
        Modification::default()
    }

    /// The HTTP answer: the status, and for a change its JSON with
    /// `Content-Type: application/json`.
    #[must_use]
    pub fn into_response(self) -> Response<String> {
        let (status, body) = match self {
            PreEventResponse::Allow => (StatusCode::OK, None),
            PreEventResponse::Reject(status) => (status, None),
            PreEventResponse::Modify(change) if change.fields.is_empty() => (StatusCode::OK, None),
            PreEventResponse::Modify(change) => (
                StatusCode::OK,
                Some(Value::Object(change.fields).to_string()),
            ),
        };
        let mut response = Response::new(String::new());
        *response.status_mut() = status;
        if let Some(body) = body {
            *response.body_mut() = body;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        response
    }
}

impl From<Modification> for PreEventResponse {
    fn from(change: Modification) -> Self {
        PreEventResponse::Modify(change)
    }
}

impl From<PreEventResponse> for Response<String> {
    fn from(answer: PreEventResponse) -> Self {
        answer.into_response()
    }
}

/// The fields a pre-event answer changes: a message's text and attributes
/// (`onMessageSend`, `onMessageUpdate`), a channel's names and attributes
/// (`onChannelAdd`, `onChannelUpdate`), a user's name and attributes
/// (`onUserUpdate`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Modification {
    fields: Map<String, Value>,
}

impl Modification {
    /// A message's text (`body`).
    #[must_use]
    pub fn body(self, text: impl Into<String>) -> Self {
        self.field("body", Value::String(text.into()))
    }

    /// The application's JSON (`attributes`), sent as the JSON text Chat
    /// stores.
    #[must_use]
    pub fn attributes(self, attributes: &Value) -> Self {
        self.field("attributes", Value::String(attributes.to_string()))
    }

    /// A channel's or user's display name (`friendlyName`).
    #[must_use]
    pub fn friendly_name(self, name: impl Into<String>) -> Self {
        self.field("friendlyName", Value::String(name.into()))
    }

    /// A channel's unique name (`uniqueName`).
    #[must_use]
    pub fn unique_name(self, name: impl Into<String>) -> Self {
        self.field("uniqueName", Value::String(name.into()))
    }

    /// Any other field, by the name Twilio gives it in the answer.
    #[must_use]
    pub fn field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.fields.insert(name.into(), value);
        self
    }

    /// The fields set, as the JSON object sent.
    #[must_use]
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// The HTTP answer; as [`PreEventResponse::into_response`].
    #[must_use]
    pub fn into_response(self) -> Response<String> {
        PreEventResponse::from(self).into_response()
    }
}
