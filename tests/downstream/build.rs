//! Generates Chat v2 into `OUT_DIR` with the generator's builder.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    twilio_codegen::Builder::new()
        .spec("../../spec/twilio_chat_v2.yaml")
        .module("chat")
        .generate()?
        .write_to_out_dir()?;
    Ok(())
}
