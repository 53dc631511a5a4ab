//! A downstream crate: its build script runs `twilio-codegen` on the Chat v2
//! spec, and this file includes the result (the module `chat`) and builds on
//! it. Its only dependency is the runtime crate.

#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/mod.rs"));

use chat::{ListUser, ServiceSid, User};
use twilio_runtime::{http, Endpoint, Page};

/// The identities of the users on a page that are online right now.
#[must_use]
pub fn online_identities(page: &Page<User>) -> Vec<&str> {
    page.items
        .iter()
        .filter(|u| u.is_online == Some(true))
        .filter_map(|u| u.identity.as_deref())
        .collect()
}

/// The request for the first page of a service's users, `size` per page.
///
/// # Errors
///
/// When `service` is not a service SID, or the request cannot be built.
pub fn first_page(
    service: &str,
    size: i64,
) -> Result<http::Request<Vec<u8>>, Box<dyn std::error::Error>> {
    let service: ServiceSid = service.parse()?;
    Ok(ListUser::new(service).page_size(size).request()?)
}
