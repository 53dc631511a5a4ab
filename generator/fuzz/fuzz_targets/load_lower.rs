//! Arbitrary bytes as a spec file: loading, lowering and the whole
//! generation must end in `Ok` or in an `Error` that names the file, never
//! in a panic, and accepted input must give Rust that parses.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use twilio_codegen::{load, model, Error, Options};

const FILE: &str = "fuzz.yaml";

fuzz_target!(|data: &[u8]| {
    let spec = match load::parse_spec(Path::new(FILE), data) {
        Ok(spec) => spec,
        Err(e) => return check_error(&e),
    };
    // Lowering on its own first, so that a failure is blamed on the right
    // stage; generate_spec lowers again and then emits and formats.
    if let Err(e) = model::lower(&spec, "api", &Options::default()) {
        return check_error(&e);
    }
    match twilio_codegen::generate_spec(&spec, "api", &Options::default()) {
        Ok((files, warnings)) => {
            assert!(!files.is_empty(), "an accepted spec generated no files");
            for w in &warnings {
                assert!(w.pointer.starts_with('#'), "warning without a pointer: {w}");
                assert!(
                    w.to_string().starts_with(FILE),
                    "warning without the file: {w}"
                );
            }
        }
        // The emitted tokens do not parse as Rust: a generator bug.
        Err(e @ Error::Format { .. }) => panic!("{e}"),
        Err(e) => check_error(&e),
    }
});

/// Every message names the file, and each diagnostic has a place.
fn check_error(e: &Error) {
    let message = e.to_string();
    assert!(!message.trim().is_empty(), "empty message for {e:?}");
    for line in message.lines() {
        assert!(line.starts_with(FILE), "message without the file: {line}");
    }
    if let Error::Invalid(diagnostics) = e {
        assert!(!diagnostics.is_empty(), "Invalid without diagnostics");
        for d in diagnostics {
            assert!(
                d.pointer.starts_with('#'),
                "diagnostic without a pointer: {d}"
            );
        }
    }
}
