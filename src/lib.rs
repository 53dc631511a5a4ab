//! Typed models, SID types and request stubs for Twilio Programmable Chat,
//! REST API v1 and v2, generated from Twilio's API descriptions in `spec/`.
//!
//! Each version module holds, for every resource (`User`, `Channel`,
//! `Message`, …), its struct, its enums and one endpoint stub per operation
//! (`FetchUser`, `ListUser`, `CreateUser`, …), plus one validated type per
//! SID prefix (`UserSid`, `ServiceSid`, …).
//!
//! ```
//! use twilio_chat::v2::{FetchUser, ServiceSid};
//! use twilio_chat::Endpoint;
//!
//! let service: ServiceSid = "IS0123456789abcdef0123456789abcdef".parse()?;
//! let request = FetchUser::new(service, "maria.lopez@example.com").request()?;
//! assert_eq!(request.method(), "GET");
//! assert_eq!(
//!     request.uri(),
//!     "https://chat.twilio.com/v2/Services/IS0123456789abcdef0123456789abcdef/Users/maria.lopez%40example.com"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Nothing here sends requests: [`Endpoint::to_request`] builds an
//! [`http::Request`], any HTTP client sends it, and
//! [`Endpoint::parse_response`] reads the answer. The trait comes from the
//! runtime crate, [`twilio_runtime`], shared by both versions, so one generic
//! `send` serves every operation.
//!
//! By default the crate compiles the checked-in `generated/` folder, and
//! neither builds nor runs the generator. With the `codegen` feature, for
//! those who change the specs, `build.rs` generates the same modules from
//! `spec/` at build time (a test keeps `generated/` equal to that output).
//!
//! Two opt-in features serve a Chat backend: `events` (the `events` module:
//! Chat's webhook events, typed, and the answers to pre-event webhooks) and
//! `access-token` (the `access_token` module: tokens for Chat's client SDKs,
//! taking this crate's SID types). Webhook signatures are checked by the
//! runtime's `webhook` module (its `webhook` and `webhook-tower` features).

#![warn(missing_docs)]

pub use twilio_runtime;
pub use twilio_runtime::{
    http, AnySid, ApiError, Endpoint, ListItem, Page, PageMeta, PageRequest, ParamValue,
    RequestError, ResponseError, Sid, SidError, SidErrorKind, SidLike, SidPrefix, StringEnum,
};

/// The clients: credentials, regions, retries, paging (features `client`
/// and `blocking`).
#[cfg(any(feature = "client", feature = "blocking"))]
pub use twilio_runtime::client;
#[cfg(feature = "blocking")]
pub use twilio_runtime::BlockingClient;
#[cfg(feature = "client")]
pub use twilio_runtime::Client;

#[cfg(feature = "events")]
pub mod events;

#[cfg(feature = "access-token")]
pub mod access_token;

/// The SID types of both versions, one per prefix: each version re-exports
/// those it uses, so `v1::UserSid` and `v2::UserSid` are the same type.
#[cfg(any(feature = "v1", feature = "v2"))]
pub mod sids {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/sids.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/sids.rs");
}

/// Chat REST API v1.
#[cfg(feature = "v1")]
pub mod v1 {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/v1/mod.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/v1/mod.rs");
}

/// Chat REST API v2.
#[cfg(feature = "v2")]
pub mod v2 {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/v2/mod.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/v2/mod.rs");
}

/// The Rust snippets of the crate's page and of the guides in `docs/`,
/// compiled (and run, unless marked `no_run`) as doctests, one item per file.
#[cfg(doctest)]
pub mod doc_snippets {
    /// `docs/twilio-chat.md`, the crate's page.
    #[doc = include_str!("../docs/twilio-chat.md")]
    pub struct CratePage;

    /// `docs/client.md`.
    #[doc = include_str!("../docs/client.md")]
    pub struct ClientGuide;

    /// `docs/backend.md`.
    #[doc = include_str!("../docs/backend.md")]
    pub struct BackendGuide;

    /// `docs/generator.md`.
    #[doc = include_str!("../docs/generator.md")]
    pub struct GeneratorGuide;
}
