//! Lists the users of a Chat service, following pages as it goes (blocking
//! client). Only the page in hand is held in memory.
//!
//! ```sh
//! export TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=…   # or TWILIO_API_KEY / TWILIO_API_SECRET
//! cargo run --example list_users -- IS… [LIMIT]
//! ```

use twilio_chat::v2::{ListUser, ServiceSid};
use twilio_runtime::BlockingClient;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let service: ServiceSid = args
        .next()
        .ok_or("usage: list_users SERVICE_SID [LIMIT]")?
        .parse()?;
    let limit: usize = match args.next() {
        Some(limit) => limit.parse()?,
        None => 100,
    };

    let client = BlockingClient::from_env()?;
    let list = ListUser::new(service).page_size(50);
    for user in client.items(&list).limit(limit) {
        let user = user?;
        println!(
            "{}  {:<30}  {}",
            user.sid.map(|sid| sid.to_string()).unwrap_or_default(),
            user.identity.unwrap_or_default(),
            user.friendly_name.unwrap_or_default(),
        );
    }
    Ok(())
}
