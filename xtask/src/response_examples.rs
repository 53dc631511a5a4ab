//! A test of every example response body of a spec: each is read as its
//! operation's stub reads a response, under every `2xx` status, which is
//! what a client does with Twilio's answers (they do not always carry the
//! status the spec declares). The sweep writes it into each crate it builds
//! when given `--examples`; `cargo xtask response-examples` writes one.
//!
//! The test prints one line of counts (operations with examples, examples,
//! reads, failures) and fails with every failure listed.

use std::fmt::Write as _;
use std::path::Path;

use openapiv3::{ReferenceOr, StatusCode};
use twilio_codegen::load::Spec;
use twilio_codegen::{load, model, Options};

use crate::Result;

/// Writes the test of `spec`'s examples to `out`; `module_path` is where
/// the spec's module is in the crate the test is for (`sweep_chat_v2::api`).
pub fn write_test(spec: &Path, module_path: &str, out: &Path) -> Result<()> {
    let spec = load::load_spec(spec)?;
    crate::util::write(out, test_source(&spec, module_path)?)
}

/// The source of the test of `spec`'s examples.
pub fn test_source(spec: &Spec, module_path: &str) -> Result<String> {
    let (api, _) = model::lower(spec, "api", &Options::default())?;
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
    Ok(format!(
        "//! Written by `cargo xtask response-examples`: every example response of\n\
         //! the spec, read under every 2xx status.\n\n\
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
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.1
info: { title: Example, version: 1.0.0 }
paths:
  /v1/Things/{Sid}:
    get:
      operationId: FetchThing
      parameters:
        - { name: Sid, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: { type: object, properties: { name: { type: string } } }
              examples:
                plain: { value: { name: "a" } }
                tricky: { value: { name: "say \"# hi" } }
        "404":
          description: Missing
          content:
            application/json:
              example: { name: "never read" }
  /v1/Things:
    post:
      operationId: CreateThing
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema: { type: object }
"##;

    #[test]
    fn one_call_per_example_of_a_success_response() {
        let spec = load::parse_spec(Path::new("example.yaml"), SPEC.as_bytes()).unwrap();
        let source = test_source(&spec, "sweep_example::api").unwrap();
        let calls: Vec<&str> = source.lines().filter(|l| l.contains("check::<")).collect();
        assert_eq!(calls.len(), 2, "{source}");
        assert!(
            calls[0].starts_with("    check::<sweep_example::api::"),
            "{}",
            calls[0]
        );
        assert!(calls[0].contains(r##"("FetchThing", r#"{"name":"a"}"#, &mut tally)"##));
        // A `"#` inside the body needs a longer raw-string fence.
        assert!(
            calls[1].contains(r###"r##"{"name":"say \"# hi"}"##"###),
            "{}",
            calls[1]
        );
        // The operation without examples is not counted, the 404 never read.
        assert!(source.contains("examples: 1 operations,"));
        assert!(!source.contains("never read"));
    }

    #[test]
    fn fences_outlast_every_hash_run() {
        assert_eq!(longest_hash_run("no quotes"), 0);
        assert_eq!(longest_hash_run("a \"## b \"#"), 2);
        assert_eq!(longest_hash_run("#\"x"), 0);
    }
}
