//! Typed models, SID newtypes and request stubs for Twilio Programmable Chat,
//! REST API v1 and v2, generated from the OpenAPI descriptions in `spec/`.
//!
//! Each version module holds, for every resource (`User`, `Channel`,
//! `Message`, …), its struct, its enums and one endpoint stub per operation
//! (`FetchUser`, `ListUser`, `CreateUser`, …), plus one validated newtype per
//! SID prefix (`UserSid`, `ServiceSid`, …).
//!
//! ```
//! use twilio_chat::v2::{Endpoint, FetchUser, ServiceSid};
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
//! Nothing here sends requests: [`support::Endpoint::to_request`] builds an
//! [`http::Request`], any HTTP client sends it, and
//! [`support::Endpoint::parse_response`] reads the answer. The trait is
//! shared by both versions, so one generic `send` serves every operation.
//!
//! With the default `codegen` feature the modules are generated at build
//! time by `build.rs`; without it, the checked-in `generated/` folder (the
//! same code, kept fresh by a test) is compiled instead.

#![deny(missing_docs)]

/// Code shared by both versions: the [`Endpoint`](support::Endpoint) trait,
/// paging, errors, SID validation and parameter encoding.
#[cfg(any(feature = "v1", feature = "v2"))]
#[macro_use]
#[deny(warnings)]
pub mod support {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/support.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/support.rs");
}

/// Chat REST API v1.
#[cfg(feature = "v1")]
#[deny(warnings)]
pub mod v1 {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/v1/mod.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/v1/mod.rs");
}

/// Chat REST API v2.
#[cfg(feature = "v2")]
#[deny(warnings)]
pub mod v2 {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/v2/mod.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/v2/mod.rs");
}
