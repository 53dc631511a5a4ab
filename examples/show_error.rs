//! What a failed request looks like: asks for a user that does not exist
//! and prints the error as a person reads it, then the parts a program
//! would act on.
//!
//! ```sh
//! export TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=…   # or TWILIO_API_KEY / TWILIO_API_SECRET
//! cargo run --example show_error -- IS…
//! ```
//!
//! Prints, for example:
//!
//! ```text
//! GET /v2/Services/IS…/Users/nobody-by-this-name: Twilio answered 404 Not Found, error 20404: The requested resource /Services/IS…/Users/nobody-by-this-name was not found (see https://www.twilio.com/docs/errors/20404)
//! status 404, Twilio error code 20404
//! ```

use twilio_chat::v2::{FetchUser, ServiceSid};
use twilio_runtime::client::Error;
use twilio_runtime::BlockingClient;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let service: ServiceSid = std::env::args()
        .nth(1)
        .ok_or("usage: show_error SERVICE_SID")?
        .parse()?;
    let client = BlockingClient::from_env()?;

    match client.send(&FetchUser::new(service, "nobody-by-this-name")) {
        Ok(user) => println!("unexpectedly found {:?}", user.sid),
        Err(error) => {
            println!("{error}");
            match &error {
                Error::Api { status, error, .. } => println!(
                    "status {status}, Twilio error code {}",
                    error
                        .as_ref()
                        .and_then(|e| e.code)
                        .map_or_else(|| "unknown".to_owned(), |c| c.to_string())
                ),
                Error::Timeout { .. } => println!("no answer in time; try again later"),
                Error::Transport { .. } => println!("could not reach Twilio"),
                Error::Decode(decode) => {
                    println!("unexpected answer at {}", decode.path());
                }
                _ => println!("not sent"),
            }
        }
    }
    Ok(())
}
