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

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// A crate that includes the output folder `gen/`, with this workspace's
/// lock file so that it builds offline from what the workspace has.
fn write_crate(dir: &Path) {
    let root = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    let manifest = format!(
        "[package]\n\
         name = \"interrupted-writes\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         [dependencies]\n\
         twilio-runtime = {{ path = \"{root}/runtime\" }}\n\n\
         [workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(Path::new(&root).join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![allow(missing_docs)]\ninclude!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gen/mod.rs\"));\n",
    )
    .unwrap();
}

/// `cargo check` of the crate: the compiler's errors, if any.
fn check(dir: &Path) -> Option<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["check", "--offline", "--quiet", "--color", "never"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).into_owned())
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
    write_crate(&work);
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
        if let Some(errors) = check(&work) {
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
