//! With the `codegen` feature, generates the `v1` and `v2` modules from
//! `spec/` into `OUT_DIR`, with the same builder a downstream crate would
//! use. Without it (the default) the crate compiles the checked-in
//! `generated/` folder instead, and this script does nothing.

#[cfg(feature = "codegen")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    // Only the compiler reads OUT_DIR: no pretty-printing.
    let mut builder = twilio_codegen::Builder::new()
        .pretty(false)
        .replay(twilio_codegen::Replay::Feature("replay".into()));
    if std::env::var_os("CARGO_FEATURE_V1").is_some() {
        builder = builder.spec("spec/twilio_chat_v1.yaml").module("v1");
    }
    if std::env::var_os("CARGO_FEATURE_V2").is_some() {
        builder = builder.spec("spec/twilio_chat_v2.yaml").module("v2");
    }
    if std::env::var_os("CARGO_FEATURE_V1").is_some()
        || std::env::var_os("CARGO_FEATURE_V2").is_some()
    {
        builder.generate()?.write_to_out_dir()?;
    }
    Ok(())
}

#[cfg(not(feature = "codegen"))]
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
