//! A crate that runs the generator from its build script, as the crate's
//! README shows, gets the generator's errors in Cargo's output as readable, located
//! lines: the same lines `regenerate` prints, for a YAML error and for a
//! dangling `$ref` found while lowering.
//!
//! The crate is written to a temporary folder and built by Cargo, offline,
//! into a target folder kept between runs (under Cargo's temporary folder for
//! tests), so only the first run compiles the generator. Its build script
//! fails before the library is compiled, so the crate needs only the
//! generator: the runtime, which the README's crate also depends on, is left
//! out, and the test needs nothing outside this package (the README is part
//! of it).

#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

/// The code block of the crate's README whose first line is `first`, word
/// for word: its build script (`// build.rs`) and its `src/lib.rs`.
fn readme_block(first: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the crate has a README");
    let mut lines = readme.lines();
    let mut block = String::new();
    while let Some(line) = lines.next() {
        if line.starts_with("```rust") && lines.clone().next().is_some_and(|l| l.starts_with(first))
        {
            for line in lines.by_ref().take_while(|l| !l.starts_with("```")) {
                block.push_str(line);
                block.push('\n');
            }
            return block;
        }
    }
    panic!("the README has no Rust block starting with {first:?}");
}

/// A YAML error: `type` is indented less than the key before it.
const BAD_YAML: &str = "\
openapi: 3.0.1
info:
  title: Broken
  version: 1.0.0
paths: {}
components:
  schemas:
    chat.v2.user:
      properties:
        sid:
            type: string
          nullable: true
";

/// Valid YAML and OpenAPI, with a `$ref` to a schema that is not there.
const DANGLING_REF: &str = "\
openapi: 3.0.1
info:
  title: Dangling
  version: 1.0.0
paths: {}
components:
  schemas:
    chat.v2.user:
      type: object
      properties:
        role:
          $ref: '#/components/schemas/Nope'
";

fn write_crate(dir: &Path) {
    let generator = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    let manifest = format!(
        "[package]\n\
         name = \"build-script-errors\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         [build-dependencies]\n\
         twilio-codegen = {{ path = \"{generator}\", default-features = false }}\n\n\
         [workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let build_rs = readme_block("// build.rs");
    assert!(
        build_rs.contains("twilio_codegen::Builder::new()"),
        "{build_rs}"
    );
    let lib_rs = readme_block("// src/lib.rs");
    assert!(lib_rs.contains("include!("), "{lib_rs}");
    std::fs::write(dir.join("build.rs"), build_rs).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib_rs).unwrap();
}

/// `cargo build` of the crate in `dir`: whether it succeeded, and stderr.
fn cargo_build(dir: &Path) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-errors");
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["build", "--offline", "--color", "never"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .expect("cargo runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// What `regenerate` prints for the spec in `dir`, after `error: `.
fn regenerate_error(dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_regenerate"))
        .current_dir(dir)
        .args(["--spec", "spec/twilio_chat_v2.yaml", "--module", "v2"])
        .args(["--out", "cli-out"])
        .output()
        .expect("regenerate runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr
        .lines()
        .find_map(|line| line.strip_prefix("error: "))
        .unwrap_or_else(|| panic!("no error line in {stderr}"))
        .to_string()
}

/// The line Cargo shows after `Error: `, checked against `expected` and
/// against what `regenerate` says.
fn check(dir: &Path, spec: &str, expected: &str) {
    std::fs::write(dir.join("spec/twilio_chat_v2.yaml"), spec).unwrap();
    let (success, stderr) = cargo_build(dir);
    assert!(
        !success,
        "the build succeeded with a broken spec:\n{stderr}"
    );
    assert!(
        stderr.contains("failed to run custom build command for `build-script-errors"),
        "{stderr}"
    );
    let shown: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Error: "))
        .collect();
    assert_eq!(shown, [expected], "{stderr}");
    // Nothing of the error's structure leaks into the message.
    for debug in ["Parse {", "Invalid(", "Diagnostic {", "location: Some"] {
        assert!(!stderr.contains(debug), "{stderr}");
    }
    assert_eq!(regenerate_error(dir), expected);
}

#[test]
fn build_script_errors_are_readable_and_located_in_cargo_output() {
    let dir = tempfile::tempdir().unwrap();
    write_crate(dir.path());
    check(
        dir.path(),
        BAD_YAML,
        "spec/twilio_chat_v2.yaml:12:11: did not find expected key, \
         while parsing a block mapping at line 10 column 9",
    );
    check(
        dir.path(),
        DANGLING_REF,
        "spec/twilio_chat_v2.yaml:11:9: #/components/schemas/chat.v2.user/properties/role: \
         dangling $ref \"#/components/schemas/Nope\": there is no such schema",
    );
}
