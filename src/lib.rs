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
//! Nothing here sends requests: [`v2::Endpoint::to_request`] builds an
//! [`http::Request`], any HTTP client sends it, and
//! [`v2::Endpoint::parse_response`] reads the answer.
//!
//! With the default `codegen` feature the modules are generated at build
//! time; without it, the checked-in `generated/` folder is compiled.

#![deny(missing_docs)]

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
