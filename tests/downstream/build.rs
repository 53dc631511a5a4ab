//! Generates Chat v2 into `OUT_DIR` with the generator's builder. One option
//! is set, as a user might: the `FetchUser` stub also derives `Hash`. Only
//! the compiler reads the output, so it is not pretty-printed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    twilio_codegen::Builder::new()
        .spec("../../spec/twilio_chat_v2.yaml")
        .module("chat")
        .derive("chat::FetchUser", "Hash")
        .pretty(false)
        .generate()?
        .write_to_out_dir()?;
    Ok(())
}
