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
        Err(e) => return check_error(&e, true),
    };
    // Lowering on its own first, so that a failure is blamed on the right
    // stage; generate_spec lowers again and then emits and formats.
    // Lowering alone gives pointers; the pipeline adds the lines.
    if let Err(e) = model::lower(&spec, "api", &Options::default()) {
        return check_error(&e, false);
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
                assert!(w.location.is_some(), "warning without a line: {w}");
            }
            // Every file is named so that it can be written, with its
            // temporary file, on any file system.
            for path in files.keys() {
                for part in path.iter() {
                    assert!(part.len() <= 110, "file name too long: {}", path.display());
                }
            }
        }
        // The emitted tokens do not parse as Rust: a generator bug.
        Err(e @ Error::Format { .. }) => panic!("{e}"),
        Err(e) => check_error(&e, true),
    }
});

/// Every message names the file, and each problem has a line (when
/// `located`: the pipeline locates, lowering alone does not), unless the
/// message says that the whole file is at fault.
fn check_error(e: &Error, located: bool) {
    let message = e.to_string();
    assert!(!message.trim().is_empty(), "empty message for {e:?}");
    for line in message.lines() {
        assert!(line.starts_with(FILE), "message without the file: {line}");
    }
    match e {
        Error::Invalid(diagnostics) => {
            assert!(!diagnostics.is_empty(), "Invalid without diagnostics");
            for d in diagnostics {
                assert!(
                    d.pointer.starts_with('#'),
                    "diagnostic without a pointer: {d}"
                );
                assert!(!located || d.location.is_some(), "diagnostic without a line: {d}");
            }
        }
        Error::Parse { location: None, message, .. } => {
            let whole_file = message.contains("the whole file") || message.contains("the file is empty");
            assert!(whole_file, "parse error without a line: {e}");
        }
        _ => {}
    }
}
