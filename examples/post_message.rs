//! Creates a channel in a Chat service and posts a message to it (async
//! client).
//!
//! ```sh
//! export TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=…   # or TWILIO_API_KEY / TWILIO_API_SECRET
//! cargo run --example post_message -- IS… "Hello from Rust"
//! ```

use twilio_chat::v2::{ChannelType, CreateChannel, CreateMessage, ServiceSid};
use twilio_runtime::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: post_message SERVICE_SID TEXT";
    let service: ServiceSid = args.next().ok_or(usage)?.parse()?;
    let text = args.next().ok_or(usage)?;

    let client = Client::from_env()?;
    let channel = client
        .send(
            &CreateChannel::new(service)
                .friendly_name("Rust examples")
                .r#type(ChannelType::Private),
        )
        .await?;
    let channel_sid = channel.sid.ok_or("the new channel has no SID")?;
    println!("created channel {channel_sid}");

    let message = client
        .send(
            &CreateMessage::new(service, channel_sid)
                .from("rust-example")
                .body(text),
        )
        .await?;
    println!(
        "posted message {} at {}",
        message.sid.map(|sid| sid.to_string()).unwrap_or_default(),
        message
            .date_created
            .map(|date| date.to_rfc3339())
            .unwrap_or_default(),
    );
    Ok(())
}
