//! Writes a test that reads every example response body of a spec, as its
//! operation's stub reads a response, under every `2xx` status: what a
//! client does with Twilio's answers, which do not always carry the status
//! the spec declares. `tests/sweep.sh` runs it on each crate it builds when
//! `SWEEP_EXAMPLES=1`.
//!
//! ```text
//! cargo run -p twilio-codegen --example response_examples -- SPEC MODULE_PATH OUT.rs
//! ```
//!
//! `MODULE_PATH` is where the spec's module is in the crate the test is
//! for (`sweep_chat_v2::api`). The test prints one line of counts
//! (operations with examples, examples, reads, failures) and fails with
//! every failure listed.

use std::fmt::Write as _;
use std::path::Path;

use openapiv3::{ReferenceOr, StatusCode};
use twilio_codegen::{load, model, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, module_path, out] = args.as_slice() else {
        eprintln!("usage: response_examples SPEC MODULE_PATH OUT.rs");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(spec), module_path, Path::new(out)) {
        eprintln!("{e}");
        std::process::exit(2);
    }
}

fn run(spec: &Path, module_path: &str, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let spec = load::load_spec(spec)?;
    let (api, _) = model::lower(&spec, "api", &Options::default())?;
    let stubs: Vec<(&str, &str)> = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .map(|op| (op.operation_id.as_str(), op.name.as_str()))
        .collect();

    let mut calls = String::new();
    let mut operations = 0;
    for item in spec.openapi.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, op) in item.iter() {
            let Some(id) = &op.operation_id else { continue };
            let Some(&(_, stub)) = stubs.iter().find(|(op_id, _)| op_id == id) else {
                continue;
            };
            let mut bodies = Vec::new();
            for (code, response) in &op.responses.responses {
                let StatusCode::Code(200..=399) = code else {
                    continue;
                };
                let ReferenceOr::Item(response) = response else {
                    continue;
                };
                for media in response.content.values() {
                    bodies.extend(media.example.iter().cloned());
                    for example in media.examples.values() {
                        if let ReferenceOr::Item(example) = example {
                            bodies.extend(example.value.iter().cloned());
                        }
                    }
                }
            }
            if bodies.is_empty() {
                continue;
            }
            operations += 1;
            for body in bodies {
                let json = serde_json::to_string(&body)?;
                let hashes = "#".repeat(longest_hash_run(&json) + 1);
                writeln!(
                    calls,
                    "    check::<{module_path}::{stub}>({id:?}, r{hashes}\"{json}\"{hashes}, &mut tally);"
                )?;
            }
        }
    }
    let test = format!(
        "//! Written by `response_examples`: every example response of the spec,\n\
         //! read under every 2xx status.\n\n\
         use twilio_runtime::Endpoint;\n\n\
         #[derive(Default)]\n\
         struct Tally {{\n    examples: usize,\n    reads: usize,\n    failures: Vec<String>,\n}}\n\n\
         fn check<E: Endpoint>(id: &str, body: &str, tally: &mut Tally) {{\n\
         \x20   tally.examples += 1;\n\
         \x20   for status in 200..300 {{\n\
         \x20       tally.reads += 1;\n\
         \x20       if let Err(e) = E::parse_response(status, body.as_bytes()) {{\n\
         \x20           tally.failures.push(format!(\"{{id}} on {{status}}: {{e}}\"));\n\
         \x20       }}\n\
         \x20   }}\n\
         }}\n\n\
         #[test]\n\
         fn every_example_is_success_under_every_2xx() {{\n\
         \x20   let mut tally = Tally::default();\n\
         {calls}\
         \x20   println!(\n\
         \x20       \"examples: {operations} operations, {{}} examples, {{}} reads, {{}} failures\",\n\
         \x20       tally.examples,\n\
         \x20       tally.reads,\n\
         \x20       tally.failures.len()\n\
         \x20   );\n\
         \x20   assert!(tally.failures.is_empty(), \"{{}}\", tally.failures.join(\"\\n\"));\n\
         }}\n"
    );
    std::fs::write(out, test)?;
    Ok(())
}

/// The longest run of `#` that follows a `"` in `text`, so that a raw
/// string with one more cannot end early.
fn longest_hash_run(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|rest| rest.chars().take_while(|&c| c == '#').count())
        .max()
        .unwrap_or(0)
}
