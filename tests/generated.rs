//! The generator's output for this crate's specs: the checked-in
//! `generated/` folder is what the generator produces now. `generated/` is
//! the lock of the output: a change to the spec or the generator shows up as
//! a reviewable diff there, once.

mod common;

use std::path::Path;

use twilio_codegen::{Builder, FileStatus, Generated, Replay};

/// The run that writes `generated/`.
fn builder() -> Builder {
    Builder::new()
        .spec(common::spec_path("v1"))
        .module("v1")
        .spec(common::spec_path("v2"))
        .module("v2")
        .replay(Replay::Feature("replay".into()))
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
}

fn generate() -> Generated {
    builder().generate().expect("the specs generate")
}

/// The only warnings are for properties the specs give no type (typed as
/// `serde_json::Value`).
#[test]
fn the_specs_generate_warning_only_where_no_type_is_given() {
    let generated = generate();
    let warnings: Vec<String> = generated
        .warnings()
        .iter()
        .map(ToString::to_string)
        .filter(|w| !w.ends_with("the spec gives no type; typed as serde_json::Value"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(generated.warnings().len(), 8);
}

#[test]
fn checked_in_generated_folder_is_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
    let report = generate().check(&dir).expect("generated/ can be compared");
    // The command the generated files' header names, from the same options.
    let command = twilio_codegen::format::regenerate_command(builder().options());
    let stale: Vec<String> = report
        .iter()
        .filter(|(_, status)| !matches!(status, FileStatus::Unchanged))
        .map(|(path, status)| format!("  {} ({status:?})", path.display()))
        .collect();
    assert!(
        stale.is_empty(),
        "generated/ differs from what the generator produces now:\n{}\n\
         run `{command}` and commit the result",
        stale.join("\n")
    );
    let header = std::fs::read_to_string(dir.join("mod.rs")).expect("generated/mod.rs");
    assert!(
        header.contains(&format!("`{command}`")),
        "the header names another command than `{command}`:\n{header}"
    );
}

/// The generator's own Markdown is not escaped: `FetchUser` links to the
/// `User` it returns (rustdoc, run with warnings denied in CI, resolves it).
#[test]
fn fetch_user_docs_link_to_user() {
    let generated = generate();
    let user = &generated.files()[Path::new("v2/user.rs")];
    let docs: Vec<&str> = user
        .lines()
        .skip_while(|l| !l.starts_with("/// Get a user"))
        .take_while(|l| l.starts_with("///"))
        .collect();
    assert!(
        docs.contains(
            &"/// `GET /v2/Services/{ServiceSid}/Users/{Sid}` answers `200` with a [`User`]."
        ),
        "{docs:#?}"
    );
    assert!(!user.contains("\\[`User`\\]"), "an escaped link is left");
}
