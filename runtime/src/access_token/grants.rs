//! What a token lets its holder do: one grant per product, each written
//! under its own key of the token's `grants` claim.

use serde_json::{Map, Value};

use super::sids::{prefix, IntoSid};
use super::TokenError;
use crate::sid::{Sid, SidError, SidSpec};

/// A grant: a product's permissions inside an access token.
///
/// The grants of this module cover Twilio's client SDKs; implement the
/// trait, or use [`CustomGrant`], for one they do not.
pub trait Grant {
    /// The key of the grant in the token's `grants` claim (`chat`).
    fn key(&self) -> &str;

    /// The grant's JSON object.
    ///
    /// # Errors
    ///
    /// A [`TokenError`] naming the field whose value cannot be used, such as
    /// a SID given as text that is not one.
    fn payload(&self) -> Result<Map<String, Value>, TokenError>;
}

/// A SID given to a grant: typed, or parsed from text (and then possibly
/// not a SID, which the token reports when it is signed).
type SidField<M> = Option<Result<Sid<M>, SidError>>;

fn sid_field<M: SidSpec>(sid: impl IntoSid<M>) -> SidField<M> {
    Some(sid.into_sid())
}

/// Writes a SID field, or the error naming `grant.field`.
fn put_sid<M: SidSpec>(
    out: &mut Map<String, Value>,
    grant: &str,
    field: &'static str,
    value: &SidField<M>,
) -> Result<(), TokenError> {
    match value {
        None => Ok(()),
        Some(Ok(sid)) => {
            out.insert(field.to_owned(), Value::String(sid.as_str().to_owned()));
            Ok(())
        }
        Some(Err(source)) => Err(TokenError::Sid {
            field: format!("{grant}.{field}"),
            source: *source,
        }),
    }
}

/// Writes a text field; an empty string is left out, as Twilio's SDKs do.
fn put_text(out: &mut Map<String, Value>, field: &'static str, value: Option<&String>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        out.insert(field.to_owned(), Value::String(value.clone()));
    }
}

/// Access to a Programmable Chat service (key `chat`); Conversations'
/// client SDKs use it too.
///
/// ```
/// use twilio_runtime::access_token::ChatGrant;
///
/// let grant = ChatGrant::new()
///     .service_sid("IS0123456789abcdef0123456789abcdef")
///     .endpoint_id("chat-app:maria:iphone");
/// # let _ = grant;
/// ```
#[derive(Clone, Debug, Default)]
pub struct ChatGrant {
    service_sid: SidField<prefix::IS>,
    endpoint_id: Option<String>,
    deployment_role_sid: SidField<prefix::RL>,
    push_credential_sid: SidField<prefix::CR>,
}

impl ChatGrant {
    /// A grant with no field set.
    #[must_use]
    pub fn new() -> Self {
        ChatGrant::default()
    }

    /// The Chat service (`IS…`) the client may use.
    #[must_use]
    pub fn service_sid(mut self, sid: impl IntoSid<prefix::IS>) -> Self {
        self.service_sid = sid_field(sid);
        self
    }

    /// A name for the device or installation, to tell a user's endpoints
    /// apart (`app:identity:device`).
    #[must_use]
    pub fn endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint_id = Some(id.into());
        self
    }

    /// The role (`RL…`) the user gets in the service when Twilio first
    /// sees them.
    #[must_use]
    pub fn deployment_role_sid(mut self, sid: impl IntoSid<prefix::RL>) -> Self {
        self.deployment_role_sid = sid_field(sid);
        self
    }

    /// The push credential (`CR…`) the client registers for notifications
    /// with.
    #[must_use]
    pub fn push_credential_sid(mut self, sid: impl IntoSid<prefix::CR>) -> Self {
        self.push_credential_sid = sid_field(sid);
        self
    }

    fn write(&self, key: &str) -> Result<Map<String, Value>, TokenError> {
        let mut out = Map::new();
        put_sid(&mut out, key, "service_sid", &self.service_sid)?;
        put_text(&mut out, "endpoint_id", self.endpoint_id.as_ref());
        put_sid(
            &mut out,
            key,
            "deployment_role_sid",
            &self.deployment_role_sid,
        )?;
        put_sid(
            &mut out,
            key,
            "push_credential_sid",
            &self.push_credential_sid,
        )?;
        Ok(out)
    }
}

impl Grant for ChatGrant {
    fn key(&self) -> &str {
        "chat"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        self.write("chat")
    }
}

/// The same fields as [`ChatGrant`] under the key of Chat's first name, IP
/// Messaging (`ip_messaging`), which older Chat SDKs read. New code uses
/// [`ChatGrant`].
#[derive(Clone, Debug, Default)]
pub struct IpMessagingGrant(pub ChatGrant);

impl Grant for IpMessagingGrant {
    fn key(&self) -> &str {
        "ip_messaging"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        self.0.write("ip_messaging")
    }
}

/// Programmable Voice from a client SDK (key `voice`): calls out through a
/// TwiML application, calls in to the token's identity.
#[derive(Clone, Debug, Default)]
pub struct VoiceGrant {
    incoming_allow: bool,
    outgoing_application_sid: SidField<prefix::AP>,
    outgoing_application_params: Option<Map<String, Value>>,
    push_credential_sid: SidField<prefix::CR>,
    endpoint_id: Option<String>,
}

impl VoiceGrant {
    /// A grant with no field set: no incoming calls, no outgoing ones.
    #[must_use]
    pub fn new() -> Self {
        VoiceGrant::default()
    }

    /// Whether the client may receive calls made to its identity.
    #[must_use]
    pub fn incoming_allow(mut self, allow: bool) -> Self {
        self.incoming_allow = allow;
        self
    }

    /// The TwiML application (`AP…`) Twilio asks what to do when the client
    /// places a call.
    #[must_use]
    pub fn outgoing_application_sid(mut self, sid: impl IntoSid<prefix::AP>) -> Self {
        self.outgoing_application_sid = sid_field(sid);
        self
    }

    /// Parameters Twilio passes on to that application's voice URL.
    #[must_use]
    pub fn outgoing_application_params(mut self, params: Map<String, Value>) -> Self {
        self.outgoing_application_params = Some(params);
        self
    }

    /// The push credential (`CR…`) the client registers for incoming call
    /// notifications with.
    #[must_use]
    pub fn push_credential_sid(mut self, sid: impl IntoSid<prefix::CR>) -> Self {
        self.push_credential_sid = sid_field(sid);
        self
    }

    /// A name for this device, so that calls can be sent to one endpoint of
    /// an identity that has several.
    #[must_use]
    pub fn endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint_id = Some(id.into());
        self
    }
}

impl Grant for VoiceGrant {
    fn key(&self) -> &str {
        "voice"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        let mut out = Map::new();
        if self.incoming_allow {
            let mut incoming = Map::new();
            incoming.insert("allow".to_owned(), Value::Bool(true));
            out.insert("incoming".to_owned(), Value::Object(incoming));
        }
        let mut outgoing = Map::new();
        put_sid(
            &mut outgoing,
            "voice.outgoing",
            "application_sid",
            &self.outgoing_application_sid,
        )?;
        if let Some(params) = &self.outgoing_application_params {
            if outgoing.is_empty() {
                return Err(TokenError::Grant {
                    grant: "voice".to_owned(),
                    reason: "outgoing application parameters are given without the outgoing application SID they are for".to_owned(),
                });
            }
            outgoing.insert("params".to_owned(), Value::Object(params.clone()));
        }
        if !outgoing.is_empty() {
            out.insert("outgoing".to_owned(), Value::Object(outgoing));
        }
        put_sid(
            &mut out,
            "voice",
            "push_credential_sid",
            &self.push_credential_sid,
        )?;
        put_text(&mut out, "endpoint_id", self.endpoint_id.as_ref());
        Ok(out)
    }
}

/// Programmable Video (key `video`): the rooms the client may join.
#[derive(Clone, Debug, Default)]
pub struct VideoGrant {
    room: Option<String>,
}

impl VideoGrant {
    /// A grant for any room.
    #[must_use]
    pub fn new() -> Self {
        VideoGrant::default()
    }

    /// The one room the client may join: its name or its SID (`RM…`).
    #[must_use]
    pub fn room(mut self, room: impl Into<String>) -> Self {
        self.room = Some(room.into());
        self
    }
}

impl Grant for VideoGrant {
    fn key(&self) -> &str {
        "video"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        let mut out = Map::new();
        put_text(&mut out, "room", self.room.as_ref());
        Ok(out)
    }
}

/// Sync (key `data_sync`): a Sync service's documents, lists, maps and
/// streams.
#[derive(Clone, Debug, Default)]
pub struct SyncGrant {
    service_sid: SidField<prefix::IS>,
    endpoint_id: Option<String>,
}

impl SyncGrant {
    /// A grant with no field set.
    #[must_use]
    pub fn new() -> Self {
        SyncGrant::default()
    }

    /// The Sync service (`IS…`) the client may use.
    #[must_use]
    pub fn service_sid(mut self, sid: impl IntoSid<prefix::IS>) -> Self {
        self.service_sid = sid_field(sid);
        self
    }

    /// A name for the device or installation.
    #[must_use]
    pub fn endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint_id = Some(id.into());
        self
    }
}

impl Grant for SyncGrant {
    fn key(&self) -> &str {
        "data_sync"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        let mut out = Map::new();
        put_sid(&mut out, "data_sync", "service_sid", &self.service_sid)?;
        put_text(&mut out, "endpoint_id", self.endpoint_id.as_ref());
        Ok(out)
    }
}

/// The grant of Twilio's earlier Conversations product, the forerunner of
/// Video (key `rtc`), which Twilio's SDKs still offer and mark as
/// deprecated. Today's Conversations SDKs take a [`ChatGrant`].
#[derive(Clone, Debug, Default)]
pub struct ConversationsGrant {
    configuration_profile_sid: Option<String>,
}

impl ConversationsGrant {
    /// A grant with no field set.
    #[must_use]
    pub fn new() -> Self {
        ConversationsGrant::default()
    }

    /// The configuration profile the client's conversations use.
    #[must_use]
    pub fn configuration_profile_sid(mut self, sid: impl Into<String>) -> Self {
        self.configuration_profile_sid = Some(sid.into());
        self
    }
}

impl Grant for ConversationsGrant {
    fn key(&self) -> &str {
        "rtc"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        let mut out = Map::new();
        put_text(
            &mut out,
            "configuration_profile_sid",
            self.configuration_profile_sid.as_ref(),
        );
        Ok(out)
    }
}

/// TaskRouter (key `task_router`): a worker's or supervisor's view of a
/// workspace.
#[derive(Clone, Debug, Default)]
pub struct TaskRouterGrant {
    workspace_sid: SidField<prefix::WS>,
    worker_sid: SidField<prefix::WK>,
    role: Option<String>,
}

impl TaskRouterGrant {
    /// A grant with no field set.
    #[must_use]
    pub fn new() -> Self {
        TaskRouterGrant::default()
    }

    /// The workspace (`WS…`).
    #[must_use]
    pub fn workspace_sid(mut self, sid: impl IntoSid<prefix::WS>) -> Self {
        self.workspace_sid = sid_field(sid);
        self
    }

    /// The worker (`WK…`) the client acts as.
    #[must_use]
    pub fn worker_sid(mut self, sid: impl IntoSid<prefix::WK>) -> Self {
        self.worker_sid = sid_field(sid);
        self
    }

    /// The client's role in the workspace (`worker`, `supervisor`, …).
    #[must_use]
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }
}

impl Grant for TaskRouterGrant {
    fn key(&self) -> &str {
        "task_router"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        let mut out = Map::new();
        put_sid(
            &mut out,
            "task_router",
            "workspace_sid",
            &self.workspace_sid,
        )?;
        put_sid(&mut out, "task_router", "worker_sid", &self.worker_sid)?;
        put_text(&mut out, "role", self.role.as_ref());
        Ok(out)
    }
}

/// Live's player (key `player`): the playback grant a Player Streamer
/// returned from Twilio's API, passed through as received.
#[derive(Clone, Debug, Default)]
pub struct PlaybackGrant {
    grant: Map<String, Value>,
}

impl PlaybackGrant {
    /// The grant object, as Twilio's API returned it.
    #[must_use]
    pub fn new(grant: Map<String, Value>) -> Self {
        PlaybackGrant { grant }
    }
}

impl Grant for PlaybackGrant {
    fn key(&self) -> &str {
        "player"
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        Ok(self.grant.clone())
    }
}

/// A grant for a product this module has no type for: a key and its JSON
/// object, written as given.
#[derive(Clone, Debug)]
pub struct CustomGrant {
    key: String,
    payload: Map<String, Value>,
}

impl CustomGrant {
    /// The grant `payload` under `key`.
    #[must_use]
    pub fn new(key: impl Into<String>, payload: Map<String, Value>) -> Self {
        CustomGrant {
            key: key.into(),
            payload,
        }
    }
}

impl Grant for CustomGrant {
    fn key(&self) -> &str {
        &self.key
    }

    fn payload(&self) -> Result<Map<String, Value>, TokenError> {
        Ok(self.payload.clone())
    }
}
