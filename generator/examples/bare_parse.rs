//! The floor for generation time: read a YAML spec and parse it into
//! `openapiv3::OpenAPI`, with the same crates and versions the generator
//! uses, and nothing else (no checks, no lowering, no output files).
//!
//! `cargo xtask peers` times it beside `regenerate` and the other generators,
//! so their times can be read as multiples of it:
//!
//! ```text
//! cargo build --release -p twilio-codegen --example bare_parse
//! target/release/examples/bare_parse spec/twilio_chat_v2.yaml
//! ```
//!
//! The file is read as the generator's `load_spec` reads it (its size from
//! the metadata, one buffer of that size, `read_to_end`), then the text goes
//! straight into `openapiv3::OpenAPI` through serde_yaml, the cheapest parse
//! these crates offer. It prints how many paths and schemas it found, so the
//! parse cannot be skipped and a wrong file shows.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: bare_parse SPEC.yaml");
        return ExitCode::from(2);
    };
    match parse(path.as_ref()) {
        Ok(spec) => {
            let schemas = spec.components.as_ref().map_or(0, |c| c.schemas.len());
            println!("{} paths, {schemas} schemas", spec.paths.paths.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            ExitCode::from(2)
        }
    }
}

fn parse(path: &std::path::Path) -> Result<openapiv3::OpenAPI, Box<dyn std::error::Error>> {
    let len = std::fs::metadata(path)?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(len)?);
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    let text = std::str::from_utf8(&bytes)?;
    Ok(serde_yaml::from_str(text)?)
}
