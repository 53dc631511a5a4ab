//! Chat's webhook events, typed (feature `events`): what a Chat service's
//! pre- and post-event webhooks send, and the answers a pre-event webhook
//! gives.
//!
//! Twilio calls a service's pre-event webhook before an action from a
//! client SDK takes effect (`onMessageSend`, `onChannelAdd`, …): the answer
//! allows it, rejects it or changes it. It calls the post-event webhook
//! once an action has happened (`onMessageSent`, `onChannelAdded`, …),
//! and only logs what the answer says. Both send a form.
//!
//! [`Event::from_form`] reads that form into an [`Event`]: the fields every
//! event has (the account, the service, who acted, through what), and an
//! [`EventKind`] with one variant per event type, each with its fields typed:
//! SIDs as this crate's SID types, dates as `chrono` dates, `Attributes` as
//! JSON, indices as numbers. Nothing is dropped: an event type this code
//! does not know is [`EventKind::Unknown`], and a field it does not know, or
//! whose value does not fit its type, is kept in [`Event::extra`]. A field
//! without which the event means nothing (the event type, the account, the
//! service, and the SIDs that say which message, channel, member or user it
//! is about) is required: its absence is an error that names it and the
//! event.
//!
//! ```
//! use twilio_chat::events::{Event, EventKind, PreEventResponse};
//!
//! let form = "EventType=onMessageSend&AccountSid=AC0123456789abcdef0123456789abcdef\
//!     &InstanceSid=IS0123456789abcdef0123456789abcdef\
//!     &ChannelSid=CH0123456789abcdef0123456789abcdef\
//!     &ClientIdentity=maria&From=maria&Body=Hello+there&Attributes=%7B%7D&Source=SDK";
//! let event = Event::from_form(form.as_bytes())?;
//! assert_eq!(event.client_identity.as_deref(), Some("maria"));
//!
//! let answer = match &event.kind {
//!     EventKind::MessageSend(message) if message.body.as_deref().is_some_and(|b| b.contains("spam")) => {
//!         PreEventResponse::reject()
//!     }
//!     EventKind::MessageSend(message) => match &message.body {
//!         Some(body) => PreEventResponse::modify().body(body.trim()).into(),
//!         None => PreEventResponse::allow(),
//!     },
//!     _ => PreEventResponse::allow(),
//! };
//! let response = answer.into_response(); // an http::Response<String>
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.body(), r#"{"body":"Hello there"}"#);
//! # Ok::<(), twilio_chat::events::EventError>(())
//! ```

mod response;

use std::fmt;

use twilio_runtime::chrono::{DateTime, Utc};
use twilio_runtime::serde_json::Value;
use twilio_runtime::{Sid, SidSpec, StringEnum};

use crate::v2::{
    AccountSid, ChannelSid, ChannelType, ChannelWebhookSid, MediaSid, MemberSid, MessageSid,
    RoleSid, ServiceSid, UserSid,
};

pub use response::{Modification, PreEventResponse};

/// One webhook call of a Chat service.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// The account (`AccountSid`).
    pub account_sid: AccountSid,
    /// The Chat service (`InstanceSid`).
    pub service_sid: ServiceSid,
    /// The identity of the user whose action this is (`ClientIdentity`);
    /// absent for actions taken through the REST API.
    pub client_identity: Option<String>,
    /// Where the action came from (`Source`).
    pub source: Option<EventSource>,
    /// How many times Twilio has retried this call before (`RetryCount`).
    pub retry_count: Option<u32>,
    /// The channel webhook that sent the call (`WebhookSid`), for
    /// channel-scoped webhooks.
    pub webhook_sid: Option<ChannelWebhookSid>,
    /// The kind of that webhook (`WebhookType`: `webhook`, `studio`, …).
    pub webhook_type: Option<String>,
    /// The event type and its fields.
    pub kind: EventKind,
    /// Every field this code does not know, or whose value did not fit its
    /// type, as received and in order.
    pub extra: Vec<(String, String)>,
}

/// Where an action came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventSource {
    /// A client SDK (`SDK`).
    Sdk,
    /// The REST API (`API`).
    Api,
    /// A value this code does not know, as sent.
    Unknown(String),
}

impl EventSource {
    fn from_wire(value: String) -> Self {
        match value.as_str() {
            "SDK" => EventSource::Sdk,
            "API" => EventSource::Api,
            _ => EventSource::Unknown(value),
        }
    }

    /// The value as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            EventSource::Sdk => "SDK",
            EventSource::Api => "API",
            EventSource::Unknown(value) => value,
        }
    }
}

/// The event type, with the fields of that type. Pre-events (before the
/// action: `…Send`, `…Add`, `…Update`, `…Remove`, `…Destroy`) can be
/// answered with a [`PreEventResponse`]; post-events (after it: `…Sent`,
/// `…Added`, …) only inform.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum EventKind {
    /// `onMessageSend`: a user is sending a message.
    MessageSend(NewMessage),
    /// `onMessageSent`: a message was sent.
    MessageSent(MessageEvent),
    /// `onMessageUpdate`: a user is editing a message.
    MessageUpdate(MessageEvent),
    /// `onMessageUpdated`: a message was edited.
    MessageUpdated(MessageEvent),
    /// `onMessageRemove`: a user is deleting a message.
    MessageRemove(MessageEvent),
    /// `onMessageRemoved`: a message was deleted.
    MessageRemoved(MessageEvent),
    /// `onMediaMessageSend`: a user is sending a message with media.
    MediaMessageSend(NewMessage),
    /// `onMediaMessageSent`: a message with media was sent.
    MediaMessageSent(MessageEvent),
    /// `onChannelAdd`: a user is creating a channel.
    ChannelAdd(NewChannel),
    /// `onChannelAdded`: a channel was created.
    ChannelAdded(ChannelEvent),
    /// `onChannelUpdate`: a user is changing a channel.
    ChannelUpdate(ChannelEvent),
    /// `onChannelUpdated`: a channel was changed.
    ChannelUpdated(ChannelEvent),
    /// `onChannelDestroy`: a user is deleting a channel.
    ChannelDestroy(ChannelEvent),
    /// `onChannelDestroyed`: a channel was deleted.
    ChannelDestroyed(ChannelEvent),
    /// `onMemberAdd`: a user is joining, or being added to, a channel.
    MemberAdd(NewMember),
    /// `onMemberAdded`: a member joined a channel.
    MemberAdded(MemberEvent),
    /// `onMemberUpdate`: a member is being changed.
    MemberUpdate(MemberEvent),
    /// `onMemberUpdated`: a member was changed.
    MemberUpdated(MemberEvent),
    /// `onMemberRemove`: a member is leaving, or being removed from, a
    /// channel.
    MemberRemove(MemberEvent),
    /// `onMemberRemoved`: a member left a channel.
    MemberRemoved(MemberEvent),
    /// `onUserAdded`: a user was created.
    UserAdded(UserEvent),
    /// `onUserUpdate`: a user is being changed.
    UserUpdate(UserEvent),
    /// `onUserUpdated`: a user was changed.
    UserUpdated(UserEvent),
    /// An event type this code does not know; its fields are all in
    /// [`Event::extra`].
    Unknown {
        /// The `EventType` as sent.
        event_type: String,
    },
}

/// A message about to be sent (`onMessageSend`, `onMediaMessageSend`): it
/// has no SID or index yet.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewMessage {
    /// The channel (`ChannelSid`).
    pub channel_sid: ChannelSid,
    /// The text (`Body`).
    pub body: Option<String>,
    /// The application's JSON (`Attributes`).
    pub attributes: Option<Value>,
    /// The author's identity (`From`).
    pub from: Option<String>,
    /// The recipient (`To`): the channel.
    pub to: Option<String>,
    /// When it was created (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
    /// The attached media, for media messages.
    pub media: Option<Media>,
}

/// A message that exists: sent, being edited or deleted, or edited or
/// deleted.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MessageEvent {
    /// The message (`MessageSid`).
    pub message_sid: MessageSid,
    /// The channel (`ChannelSid`).
    pub channel_sid: ChannelSid,
    /// Its position in the channel (`Index`).
    pub index: Option<i64>,
    /// The text (`Body`): for an edit, the new text.
    pub body: Option<String>,
    /// The application's JSON (`Attributes`).
    pub attributes: Option<Value>,
    /// The author's identity (`From`).
    pub from: Option<String>,
    /// The recipient (`To`): the channel.
    pub to: Option<String>,
    /// Who edited or deleted it (`ModifiedBy`).
    pub modified_by: Option<String>,
    /// When it was created (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
    /// When it was last changed (`DateUpdated`).
    pub date_updated: Option<DateTime<Utc>>,
    /// The attached media, for media messages.
    pub media: Option<Media>,
}

/// The media of a media message.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Media {
    /// The media (`MediaSid`).
    pub sid: Option<MediaSid>,
    /// Its file name (`MediaFilename`).
    pub filename: Option<String>,
    /// Its MIME type (`MediaContentType`).
    pub content_type: Option<String>,
    /// Its size in bytes (`MediaSize`).
    pub size: Option<u64>,
}

/// A channel about to be created (`onChannelAdd`): it has no SID yet.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewChannel {
    /// Its unique name (`UniqueName`).
    pub unique_name: Option<String>,
    /// Its display name (`FriendlyName`).
    pub friendly_name: Option<String>,
    /// The application's JSON (`Attributes`).
    pub attributes: Option<Value>,
    /// Public or private (`ChannelType`).
    pub channel_type: Option<ChannelType>,
    /// The creator's identity (`CreatedBy`).
    pub created_by: Option<String>,
    /// When it was created (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
}

/// A channel that exists.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ChannelEvent {
    /// The channel (`ChannelSid`).
    pub channel_sid: ChannelSid,
    /// Its unique name (`UniqueName`): for a change, the new one.
    pub unique_name: Option<String>,
    /// Its display name (`FriendlyName`).
    pub friendly_name: Option<String>,
    /// The application's JSON (`Attributes`).
    pub attributes: Option<Value>,
    /// Public or private (`ChannelType`).
    pub channel_type: Option<ChannelType>,
    /// The creator's identity (`CreatedBy`).
    pub created_by: Option<String>,
    /// When it was created (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
    /// When it was last changed (`DateUpdated`).
    pub date_updated: Option<DateTime<Utc>>,
}

/// A member about to join a channel (`onMemberAdd`): it has no SID yet.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewMember {
    /// The channel (`ChannelSid`).
    pub channel_sid: ChannelSid,
    /// The user's identity (`Identity`).
    pub identity: Option<String>,
    /// The role the member gets in the channel (`RoleSid`).
    pub role_sid: Option<RoleSid>,
    /// Why: joined, or added by someone (`Reason`).
    pub reason: Option<String>,
    /// When (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
}

/// A member that exists.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MemberEvent {
    /// The member (`MemberSid`).
    pub member_sid: MemberSid,
    /// The channel (`ChannelSid`).
    pub channel_sid: ChannelSid,
    /// The user's identity (`Identity`).
    pub identity: Option<String>,
    /// The member's role in the channel (`RoleSid`).
    pub role_sid: Option<RoleSid>,
    /// Why it joined or left (`Reason`).
    pub reason: Option<String>,
    /// The index of the last message the member read
    /// (`LastConsumedMessageIndex`).
    pub last_consumed_message_index: Option<i64>,
    /// When it joined (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
    /// When it was last changed (`DateUpdated`).
    pub date_updated: Option<DateTime<Utc>>,
}

/// A user of the service.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UserEvent {
    /// The user (`UserSid`).
    pub user_sid: UserSid,
    /// Its identity (`Identity`).
    pub identity: Option<String>,
    /// Its display name (`FriendlyName`): for a change, the new one.
    pub friendly_name: Option<String>,
    /// Its service-wide role (`RoleSid`).
    pub role_sid: Option<RoleSid>,
    /// The application's JSON (`Attributes`).
    pub attributes: Option<Value>,
    /// Whether it is connected (`IsOnline`), when reachability is on.
    pub is_online: Option<bool>,
    /// Whether it can be notified (`IsNotifiable`), when reachability is
    /// on.
    pub is_notifiable: Option<bool>,
    /// When it was created (`DateCreated`).
    pub date_created: Option<DateTime<Utc>>,
    /// When it was last changed (`DateUpdated`).
    pub date_updated: Option<DateTime<Utc>>,
}

impl Event {
    /// Reads a webhook call's form body (`application/x-www-form-urlencoded`).
    ///
    /// # Errors
    ///
    /// An [`EventError`] if the body is not a form of UTF-8 text, or if a
    /// required field is missing or is not a SID of its type.
    pub fn from_form(body: &[u8]) -> Result<Event, EventError> {
        Event::from_fields(decode_form(body)?)
    }

    /// Reads a webhook call's fields, already decoded (as a web framework's
    /// form extractor gives them).
    ///
    /// # Errors
    ///
    /// An [`EventError`] if a required field is missing or is not a SID of
    /// its type.
    pub fn from_fields<I, K, V>(fields: I) -> Result<Event, EventError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut fields = Fields::new(fields);
        let event_type = fields.take("EventType").ok_or(EventError {
            event_type: None,
            kind: EventErrorKind::Missing { field: "EventType" },
        })?;
        fields.event_type.clone_from(&event_type);
        let account_sid = fields.sid("AccountSid")?;
        let service_sid = fields.sid("InstanceSid")?;
        let client_identity = fields.take("ClientIdentity");
        let source = fields.take("Source").map(EventSource::from_wire);
        let retry_count = fields.number("RetryCount");
        let webhook_sid = fields.optional_sid("WebhookSid");
        let webhook_type = fields.take("WebhookType");
        let kind = match event_type.as_str() {
            "onMessageSend" => EventKind::MessageSend(NewMessage::read(&mut fields)?),
            "onMessageSent" => EventKind::MessageSent(MessageEvent::read(&mut fields)?),
            "onMessageUpdate" => EventKind::MessageUpdate(MessageEvent::read(&mut fields)?),
            "onMessageUpdated" => EventKind::MessageUpdated(MessageEvent::read(&mut fields)?),
            "onMessageRemove" => EventKind::MessageRemove(MessageEvent::read(&mut fields)?),
            "onMessageRemoved" => EventKind::MessageRemoved(MessageEvent::read(&mut fields)?),
            "onMediaMessageSend" => EventKind::MediaMessageSend(NewMessage::read(&mut fields)?),
            "onMediaMessageSent" => EventKind::MediaMessageSent(MessageEvent::read(&mut fields)?),
            "onChannelAdd" => EventKind::ChannelAdd(NewChannel::read(&mut fields)),
            "onChannelAdded" => EventKind::ChannelAdded(ChannelEvent::read(&mut fields)?),
            "onChannelUpdate" => EventKind::ChannelUpdate(ChannelEvent::read(&mut fields)?),
            "onChannelUpdated" => EventKind::ChannelUpdated(ChannelEvent::read(&mut fields)?),
            "onChannelDestroy" => EventKind::ChannelDestroy(ChannelEvent::read(&mut fields)?),
            "onChannelDestroyed" => EventKind::ChannelDestroyed(ChannelEvent::read(&mut fields)?),
            "onMemberAdd" => EventKind::MemberAdd(NewMember::read(&mut fields)?),
            "onMemberAdded" => EventKind::MemberAdded(MemberEvent::read(&mut fields)?),
            "onMemberUpdate" => EventKind::MemberUpdate(MemberEvent::read(&mut fields)?),
            "onMemberUpdated" => EventKind::MemberUpdated(MemberEvent::read(&mut fields)?),
            "onMemberRemove" => EventKind::MemberRemove(MemberEvent::read(&mut fields)?),
            "onMemberRemoved" => EventKind::MemberRemoved(MemberEvent::read(&mut fields)?),
            "onUserAdded" => EventKind::UserAdded(UserEvent::read(&mut fields)?),
            "onUserUpdate" => EventKind::UserUpdate(UserEvent::read(&mut fields)?),
            "onUserUpdated" => EventKind::UserUpdated(UserEvent::read(&mut fields)?),
            _ => EventKind::Unknown {
                event_type: event_type.clone(),
            },
        };
        Ok(Event {
            account_sid,
            service_sid,
            client_identity,
            source,
            retry_count,
            webhook_sid,
            webhook_type,
            kind,
            extra: fields.rest(),
        })
    }

    /// The `EventType` as sent (`onMessageSend`).
    #[must_use]
    pub fn event_type(&self) -> &str {
        self.kind.event_type()
    }

    /// Whether Twilio waits for this call's answer before the action takes
    /// effect, so that a [`PreEventResponse`] can allow, change or reject
    /// it. `false` for post-events and for event types this code does not
    /// know.
    #[must_use]
    pub fn is_pre_event(&self) -> bool {
        self.kind.is_pre_event()
    }

    /// The first value of a field kept in [`Event::extra`].
    #[must_use]
    pub fn extra(&self, name: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl EventKind {
    /// The `EventType` as sent (`onMessageSend`).
    #[must_use]
    pub fn event_type(&self) -> &str {
        match self {
            EventKind::MessageSend(_) => "onMessageSend",
            EventKind::MessageSent(_) => "onMessageSent",
            EventKind::MessageUpdate(_) => "onMessageUpdate",
            EventKind::MessageUpdated(_) => "onMessageUpdated",
            EventKind::MessageRemove(_) => "onMessageRemove",
            EventKind::MessageRemoved(_) => "onMessageRemoved",
            EventKind::MediaMessageSend(_) => "onMediaMessageSend",
            EventKind::MediaMessageSent(_) => "onMediaMessageSent",
            EventKind::ChannelAdd(_) => "onChannelAdd",
            EventKind::ChannelAdded(_) => "onChannelAdded",
            EventKind::ChannelUpdate(_) => "onChannelUpdate",
            EventKind::ChannelUpdated(_) => "onChannelUpdated",
            EventKind::ChannelDestroy(_) => "onChannelDestroy",
            EventKind::ChannelDestroyed(_) => "onChannelDestroyed",
            EventKind::MemberAdd(_) => "onMemberAdd",
            EventKind::MemberAdded(_) => "onMemberAdded",
            EventKind::MemberUpdate(_) => "onMemberUpdate",
            EventKind::MemberUpdated(_) => "onMemberUpdated",
            EventKind::MemberRemove(_) => "onMemberRemove",
            EventKind::MemberRemoved(_) => "onMemberRemoved",
            EventKind::UserAdded(_) => "onUserAdded",
            EventKind::UserUpdate(_) => "onUserUpdate",
            EventKind::UserUpdated(_) => "onUserUpdated",
            EventKind::Unknown { event_type } => event_type,
        }
    }

    /// Whether this is a pre-event, which Twilio waits for.
    #[must_use]
    pub fn is_pre_event(&self) -> bool {
        matches!(
            self,
            EventKind::MessageSend(_)
                | EventKind::MessageUpdate(_)
                | EventKind::MessageRemove(_)
                | EventKind::MediaMessageSend(_)
                | EventKind::ChannelAdd(_)
                | EventKind::ChannelUpdate(_)
                | EventKind::ChannelDestroy(_)
                | EventKind::MemberAdd(_)
                | EventKind::MemberUpdate(_)
                | EventKind::MemberRemove(_)
                | EventKind::UserUpdate(_)
        )
    }
}

impl NewMessage {
    fn read(fields: &mut Fields) -> Result<Self, EventError> {
        Ok(NewMessage {
            channel_sid: fields.sid("ChannelSid")?,
            body: fields.take("Body"),
            attributes: fields.json("Attributes"),
            from: fields.take("From"),
            to: fields.take("To"),
            date_created: fields.date("DateCreated"),
            media: Media::read(fields),
        })
    }
}

impl MessageEvent {
    fn read(fields: &mut Fields) -> Result<Self, EventError> {
        Ok(MessageEvent {
            message_sid: fields.sid("MessageSid")?,
            channel_sid: fields.sid("ChannelSid")?,
            index: fields.number("Index"),
            body: fields.take("Body"),
            attributes: fields.json("Attributes"),
            from: fields.take("From"),
            to: fields.take("To"),
            modified_by: fields.take("ModifiedBy"),
            date_created: fields.date("DateCreated"),
            date_updated: fields.date("DateUpdated"),
            media: Media::read(fields),
        })
    }
}

impl Media {
    fn read(fields: &mut Fields) -> Option<Self> {
        let media = Media {
            sid: fields.optional_sid("MediaSid"),
            filename: fields.take("MediaFilename"),
            content_type: fields.take("MediaContentType"),
            size: fields.number("MediaSize"),
        };
        (media != Media::default()).then_some(media)
    }
}

impl NewChannel {
    fn read(fields: &mut Fields) -> Self {
        NewChannel {
            unique_name: fields.take("UniqueName"),
            friendly_name: fields.take("FriendlyName"),
            attributes: fields.json("Attributes"),
            channel_type: fields
                .take("ChannelType")
                .map(ChannelType::from_wire_string),
            created_by: fields.take("CreatedBy"),
            date_created: fields.date("DateCreated"),
        }
    }
}

impl ChannelEvent {
    fn read(fields: &mut Fields) -> Result<Self, EventError> {
        Ok(ChannelEvent {
            channel_sid: fields.sid("ChannelSid")?,
            unique_name: fields.take("UniqueName"),
            friendly_name: fields.take("FriendlyName"),
            attributes: fields.json("Attributes"),
            channel_type: fields
                .take("ChannelType")
                .map(ChannelType::from_wire_string),
            created_by: fields.take("CreatedBy"),
            date_created: fields.date("DateCreated"),
            date_updated: fields.date("DateUpdated"),
        })
    }
}

impl NewMember {
    fn read(fields: &mut Fields) -> Result<Self, EventError> {
        Ok(NewMember {
            channel_sid: fields.sid("ChannelSid")?,
            identity: fields.take("Identity"),
            role_sid: fields.optional_sid("RoleSid"),
            reason: fields.take("Reason"),
            date_created: fields.date("DateCreated"),
        })
    }
}

impl MemberEvent {
    fn read(fields: &mut Fields) -> Result<Self, EventError> {
        Ok(MemberEvent {
            member_sid: fields.sid("MemberSid")?,
            channel_sid: fields.sid("ChannelSid")?,
            identity: fields.take("Identity"),
            role_sid: fields.optional_sid("RoleSid"),
            reason: fields.take("Reason"),
            last_consumed_message_index: fields.number("LastConsumedMessageIndex"),
            date_created: fields.date("DateCreated"),
            date_updated: fields.date("DateUpdated"),
        })
    }
}

impl UserEvent {
    fn read(fields: &mut Fields) -> Result<Self, EventError> {
        Ok(UserEvent {
            user_sid: fields.sid("UserSid")?,
            identity: fields.take("Identity"),
            friendly_name: fields.take("FriendlyName"),
            role_sid: fields.optional_sid("RoleSid"),
            attributes: fields.json("Attributes"),
            is_online: fields.boolean("IsOnline"),
            is_notifiable: fields.boolean("IsNotifiable"),
            date_created: fields.date("DateCreated"),
            date_updated: fields.date("DateUpdated"),
        })
    }
}

/// The fields of a call, each taken at most once; what is left over is the
/// event's `extra`.
struct Fields {
    event_type: String,
    pairs: Vec<(String, String)>,
    taken: Vec<bool>,
}

impl Fields {
    fn new<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let pairs: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let taken = vec![false; pairs.len()];
        Fields {
            event_type: String::new(),
            pairs,
            taken,
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.pairs
            .iter()
            .zip(&self.taken)
            .position(|((n, _), taken)| !taken && n == name)
    }

    /// The first value of `name`, taking it only if `parse` accepts it; a
    /// value it refuses stays for `extra`.
    fn take_if<T>(&mut self, name: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let i = self.position(name)?;
        let value = parse(&self.pairs[i].1)?;
        self.taken[i] = true;
        Some(value)
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let i = self.position(name)?;
        self.taken[i] = true;
        Some(std::mem::take(&mut self.pairs[i].1))
    }

    /// A required SID.
    fn sid<S: SidSpec>(&mut self, name: &'static str) -> Result<Sid<S>, EventError> {
        let Some(i) = self.position(name) else {
            return Err(self.error(EventErrorKind::Missing { field: name }));
        };
        match Sid::parse(&self.pairs[i].1) {
            Ok(sid) => {
                self.taken[i] = true;
                Ok(sid)
            }
            Err(source) => Err(self.error(EventErrorKind::Invalid {
                field: name,
                source,
            })),
        }
    }

    fn optional_sid<S: SidSpec>(&mut self, name: &str) -> Option<Sid<S>> {
        self.take_if(name, |v| Sid::parse(v).ok())
    }

    fn number<T: std::str::FromStr>(&mut self, name: &str) -> Option<T> {
        self.take_if(name, |v| v.parse().ok())
    }

    fn boolean(&mut self, name: &str) -> Option<bool> {
        self.take_if(name, |v| match v {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        })
    }

    fn date(&mut self, name: &str) -> Option<DateTime<Utc>> {
        self.take_if(name, |v| {
            DateTime::parse_from_rfc3339(v)
                .ok()
                .map(|d| d.with_timezone(&Utc))
        })
    }

    fn json(&mut self, name: &str) -> Option<Value> {
        self.take_if(name, |v| twilio_runtime::serde_json::from_str(v).ok())
    }

    fn error(&self, kind: EventErrorKind) -> EventError {
        EventError {
            event_type: Some(self.event_type.clone()),
            kind,
        }
    }

    fn rest(self) -> Vec<(String, String)> {
        self.pairs
            .into_iter()
            .zip(self.taken)
            .filter(|(_, taken)| !taken)
            .map(|(pair, _)| pair)
            .collect()
    }
}

/// The fields of a form body, decoded; text that is not UTF-8 once decoded
/// is an error rather than replaced.
fn decode_form(body: &[u8]) -> Result<Vec<(String, String)>, EventError> {
    let decode = |part: &[u8]| -> Result<String, EventError> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|_| EventError {
            event_type: None,
            kind: EventErrorKind::NotUtf8,
        })
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

/// Why a webhook call could not be read as an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    event_type: Option<String>,
    kind: EventErrorKind,
}

/// What was wrong with the call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventErrorKind {
    /// The form's text is not UTF-8 once decoded.
    NotUtf8,
    /// A required field is missing.
    Missing {
        /// The field's name (`ChannelSid`).
        field: &'static str,
    },
    /// A required field is not a SID of its type.
    Invalid {
        /// The field's name.
        field: &'static str,
        /// What is wrong with the value.
        source: twilio_runtime::SidError,
    },
}

impl EventError {
    /// The event type, when the call named one.
    #[must_use]
    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_deref()
    }

    /// What was wrong.
    #[must_use]
    pub fn kind(&self) -> &EventErrorKind {
        &self.kind
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(event_type) = &self.event_type {
            write!(f, "{event_type} event: ")?;
        }
        match &self.kind {
            EventErrorKind::NotUtf8 => f.write_str("the form body is not UTF-8 text"),
            EventErrorKind::Missing { field } => {
                write!(f, "the required field {field} is missing")
            }
            EventErrorKind::Invalid { field, source } => write!(f, "{field}: {source}"),
        }
    }
}

impl std::error::Error for EventError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            EventErrorKind::Invalid { source, .. } => Some(source),
            _ => None,
        }
    }
}
