//! Access tokens for Chat's client SDKs (feature `access-token`): the
//! runtime's [`twilio_runtime::access_token`], re-exported. Where a token
//! takes the SID of an account, a service, a role or a credential, it also
//! takes this crate's `AccountSid`, `ServiceSid`, `RoleSid` and
//! `CredentialSid`, as they are.
//!
//! ```
//! use twilio_chat::access_token::{AccessToken, ChatGrant};
//! use twilio_chat::v2::{AccountSid, RoleSid, ServiceSid};
//!
//! let account: AccountSid = "AC0123456789abcdef0123456789abcdef".parse()?;
//! let service: ServiceSid = "IS0123456789abcdef0123456789abcdef".parse()?;
//! let role: RoleSid = "RL0123456789abcdef0123456789abcdef".parse()?;
//! let jwt = AccessToken::new(account, "SK0123456789abcdef0123456789abcdef", "secret", "maria")
//!     .grant(ChatGrant::new().service_sid(service).deployment_role_sid(role))
//!     .to_jwt()?;
//! # let _ = jwt;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use twilio_runtime::access_token::*;

// The generated SID types with the prefixes a token names are the same
// SIDs as the runtime's token types: same prefix, same hex body (a test
// below checks it).
#[cfg(any(feature = "v1", feature = "v2"))]
mod includes {
    use crate::sids::prefix;
    use twilio_runtime::access_token::sids::prefix as token;
    use twilio_runtime::Includes;

    impl Includes<prefix::AC> for token::AC {}
    impl Includes<prefix::IS> for token::IS {}
    impl Includes<prefix::RL> for token::RL {}
    impl Includes<prefix::CR> for token::CR {}

    #[cfg(test)]
    mod tests {
        use super::{prefix, token};
        use twilio_runtime::SidSpec;

        fn same<A: SidSpec, B: SidSpec>() {
            assert_eq!(A::PREFIX, B::PREFIX, "{} and {}", A::NAME, B::NAME);
            assert_eq!(A::BODY, B::BODY, "{} and {}", A::NAME, B::NAME);
        }

        #[test]
        fn the_included_types_accept_the_same_sids() {
            same::<prefix::AC, token::AC>();
            same::<prefix::IS, token::IS>();
            same::<prefix::RL, token::RL>();
            same::<prefix::CR, token::CR>();
        }
    }
}
