//! A run of the generator that is killed while it replaces an output folder
//! leaves a folder that compiles, wherever it is stopped.
//!
//! The change from `OLD` to `NEW` adds a module (`channel`), renames one
//! (`role` → `permission`, whose struct another module holds), removes one
//! (`invite`), adds a SID type and drops another, and adds a version module
//! (`v2`) while it drops one (`v0`). The folder is written with `OLD`, then
//! the write of `NEW` is stopped after each number of changes in turn (as a
//! kill would stop it, leaving the temporary file of the next write), and
//! every state is compiled by `cargo check` in a crate that includes the
//! folder.

#[path = "support/scratch_crate.rs"]
mod scratch_crate;

use std::path::{Path, PathBuf};

use twilio_codegen::{Builder, Generated};

const OLD_V1: &str = r"
openapi: 3.0.1
info: {title: Before, version: 1.0.0}
servers: [{url: 'https://before.example.com'}]
components:
  schemas:
    kill.v1.user:
      type: object
      properties:
        sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
        role: {$ref: '#/components/schemas/kill.v1.role'}
    kill.v1.role:
      type: object
      properties:
        sid: {type: string, pattern: '^RL[0-9a-fA-F]{32}$', nullable: true}
    kill.v1.invite:
      type: object
      properties:
        sid: {type: string, pattern: '^IN[0-9a-fA-F]{32}$', nullable: true}
        user_sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
paths:
  /v1/Users/{Sid}:
    get:
      operationId: FetchUser
      parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {$ref: '#/components/schemas/kill.v1.user'}}}
";

const NEW_V1: &str = r"
openapi: 3.0.1
info: {title: After, version: 1.0.0}
servers: [{url: 'https://after.example.com'}]
components:
  schemas:
    kill.v1.user:
      type: object
      properties:
        sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
        permission: {$ref: '#/components/schemas/kill.v1.permission'}
        channel: {$ref: '#/components/schemas/kill.v1.channel'}
    kill.v1.permission:
      type: object
      properties:
        sid: {type: string, pattern: '^RL[0-9a-fA-F]{32}$', nullable: true}
    kill.v1.channel:
      type: object
      properties:
        sid: {type: string, pattern: '^CH[0-9a-fA-F]{32}$', nullable: true}
        creator_sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
paths:
  /v1/Users/{Sid}:
    get:
      operationId: FetchUser
      parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {$ref: '#/components/schemas/kill.v1.user'}}}
  /v1/Channels:
    post:
      operationId: CreateChannel
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                CreatedBy: {type: string, pattern: '^US[0-9a-fA-F]{32}$'}
      responses:
        '201':
          description: Created
          content: {application/json: {schema: {$ref: '#/components/schemas/kill.v1.channel'}}}
";

/// A second version, present before (`v0`) or after (`v2`) only.
const OTHER: &str = r"
openapi: 3.0.1
info: {title: Other, version: 1.0.0}
servers: [{url: 'https://other.example.com'}]
components:
  schemas:
    kill.v9.note:
      type: object
      properties:
        sid: {type: string, pattern: '^NO[0-9a-fA-F]{32}$', nullable: true}
        author_sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
paths: {}
";

fn generate(folder: &Path, specs: &[(&str, &str, &str)]) -> Generated {
    let mut builder = Builder::new()
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false);
    for (file, module, text) in specs {
        let path = folder.join(file);
        std::fs::write(&path, text).unwrap();
        builder = builder.spec(path).module(*module);
    }
    builder.generate().expect("the specs generate")
}

/// Every file under `dir`, relative, with its content.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                out.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_state_an_interrupted_write_leaves_compiles() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interrupted-writes");
    let specs = work.join("specs");
    let _ = std::fs::remove_dir_all(work.join("gen"));
    std::fs::create_dir_all(&specs).unwrap();
    scratch_crate::write(&work, "interrupted-writes", "", "#![allow(missing_docs)]\n");
    let out = work.join("gen");
    let old = generate(
        &specs,
        &[("old_v1.yaml", "v1", OLD_V1), ("old_v0.yaml", "v0", OTHER)],
    );
    let new = generate(
        &specs,
        &[("new_v1.yaml", "v1", NEW_V1), ("new_v2.yaml", "v2", OTHER)],
    );

    let mut failures = Vec::new();
    let mut states = 0;
    for stop in 0.. {
        let _ = std::fs::remove_dir_all(&out);
        old.write_to(&out).expect("the old version is written");
        let finished = match new.write_to_stopping_after(&out, stop) {
            Ok(_) => true,
            Err(e) => {
                assert!(e.to_string().contains("as asked"), "{e}");
                false
            }
        };
        states += 1;
        if let Some(errors) = scratch_crate::check(&work, "") {
            let files: Vec<String> = snapshot(&out)
                .into_iter()
                .map(|(path, _)| path.display().to_string())
                .collect();
            failures.push(format!(
                "stopped after {stop} changes, the folder ({}) does not compile:\n{errors}",
                files.join(", ")
            ));
        }
        if finished {
            // The last state is the new version, whole.
            let mut written = snapshot(&out);
            written.retain(|(path, _)| !path.starts_with(".twilio-codegen.lock"));
            let expected: Vec<(PathBuf, Vec<u8>)> = new
                .files()
                .iter()
                .map(|(path, text)| (path.clone(), text.clone().into_bytes()))
                .collect();
            assert_eq!(written, expected);
            break;
        }
    }
    // New files, unions, final versions and removals: more than a handful.
    assert!(states > 10, "only {states} states");
    assert!(
        failures.is_empty(),
        "{} of {states} states:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
