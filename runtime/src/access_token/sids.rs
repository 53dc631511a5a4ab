//! The SID types access tokens name: the account and API key that sign a
//! token, and the resources its grants point at.
//!
//! The runtime cannot know the SID types a generated crate declares, so it
//! declares these few itself. A generated type with the same prefix and body
//! converts into one of these at no cost once its crate says so with
//! [`Includes`] (`twilio-chat` does, for its `AccountSid`,
//! `ServiceSid`, `RoleSid` and `CredentialSid`):
//!
//! ```
//! use twilio_runtime::access_token::sids::{prefix, ServiceSid};
//! use twilio_runtime::{Includes, Sid, SidBody, SidPrefix, SidSpec};
//!
//! // A Chat service SID as some generated crate declares it.
//! pub enum IS {}
//! impl SidSpec for IS {
//!     const NAME: &'static str = "ServiceSid";
//!     const PREFIX: SidPrefix = SidPrefix::Exact("IS");
//!     const BODY: SidBody = SidBody::Hex;
//! }
//! // Every SID of that type is one of the runtime's service SIDs.
//! impl Includes<IS> for prefix::IS {}
//!
//! let generated: Sid<IS> = "IS0123456789abcdef0123456789abcdef".parse()?;
//! let service: ServiceSid = generated.widen();
//! assert_eq!(service.as_str(), generated.as_str());
//! # Ok::<(), twilio_runtime::SidError>(())
//! ```

use crate::sid::{Includes, Sid, SidBody, SidPrefix, SidSpec};

/// One marker type per prefix, as generated `sids::prefix` modules declare
/// them.
pub mod prefix {
    use super::{Includes, SidBody, SidPrefix, SidSpec};

    macro_rules! markers {
        ($($(#[$doc:meta])* $marker:ident => $name:literal;)*) => {$(
            $(#[$doc])*
            #[derive(Debug)]
            pub enum $marker {}

            impl SidSpec for $marker {
                const NAME: &'static str = $name;
                const PREFIX: SidPrefix = SidPrefix::Exact(stringify!($marker));
                const BODY: SidBody = SidBody::Hex;
            }

            impl Includes<$marker> for $marker {}
        )*};
    }

    markers! {
        /// The marker of [`AccountSid`](super::AccountSid).
        AC => "AccountSid";
        /// The marker of [`ApiKeySid`](super::ApiKeySid).
        SK => "ApiKeySid";
        /// The marker of [`ServiceSid`](super::ServiceSid).
        IS => "ServiceSid";
        /// The marker of [`RoleSid`](super::RoleSid).
        RL => "RoleSid";
        /// The marker of [`CredentialSid`](super::CredentialSid).
        CR => "CredentialSid";
        /// The marker of [`ApplicationSid`](super::ApplicationSid).
        AP => "ApplicationSid";
        /// The marker of [`WorkspaceSid`](super::WorkspaceSid).
        WS => "WorkspaceSid";
        /// The marker of [`WorkerSid`](super::WorkerSid).
        WK => "WorkerSid";
    }
}

/// A Twilio account (`AC…`): the token's subject.
pub type AccountSid = Sid<prefix::AC>;
/// An API key (`SK…`): the token's issuer, whose secret signs it.
pub type ApiKeySid = Sid<prefix::SK>;
/// A Chat, Conversations or Sync service (`IS…`).
pub type ServiceSid = Sid<prefix::IS>;
/// A Chat role (`RL…`).
pub type RoleSid = Sid<prefix::RL>;
/// A push credential (`CR…`).
pub type CredentialSid = Sid<prefix::CR>;
/// A TwiML application (`AP…`), which Voice calls made by the client reach.
pub type ApplicationSid = Sid<prefix::AP>;
/// A TaskRouter workspace (`WS…`).
pub type WorkspaceSid = Sid<prefix::WS>;
/// A TaskRouter worker (`WK…`).
pub type WorkerSid = Sid<prefix::WK>;

/// A SID of type `Sid<M>`, given typed or as text.
///
/// Typed SIDs convert when compiled (a `Sid<S>` whose type `M` includes,
/// such as the runtime's own types or a generated type declared with
/// [`Includes`]); text is parsed, and a string that is not such a SID is
/// an error the token reports when it is signed, naming the field.
pub trait IntoSid<M: SidSpec> {
    /// The SID, or why the text is not one.
    ///
    /// # Errors
    ///
    /// The [`SidError`](crate::SidError) of parsing text that is not a SID
    /// of type `M`.
    fn into_sid(self) -> Result<Sid<M>, crate::SidError>;
}

impl<M: SidSpec + Includes<S>, S: SidSpec> IntoSid<M> for Sid<S> {
    fn into_sid(self) -> Result<Sid<M>, crate::SidError> {
        Ok(self.widen())
    }
}

impl<M: SidSpec> IntoSid<M> for &str {
    fn into_sid(self) -> Result<Sid<M>, crate::SidError> {
        Sid::parse(self)
    }
}

impl<M: SidSpec> IntoSid<M> for &String {
    fn into_sid(self) -> Result<Sid<M>, crate::SidError> {
        Sid::parse(self)
    }
}

impl<M: SidSpec> IntoSid<M> for String {
    fn into_sid(self) -> Result<Sid<M>, crate::SidError> {
        Sid::parse(&self)
    }
}
