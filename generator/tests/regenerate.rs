//! The `regenerate` command, run as a user runs it.

#![cfg(feature = "cli")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: Tiny, version: 1.0.0}
servers: [{url: https://chat.example.com}]
components:
  schemas:
    tiny.v1.thing:
      type: object
      properties:
        sid: {type: string, pattern: '^TH[0-9a-fA-F]{32}$', nullable: true}
paths:
  /v1/Things/{Sid}:
    get:
      operationId: FetchThing
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/tiny.v1.thing'}
"#;

fn regenerate(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regenerate"))
        .current_dir(dir)
        .args(["--spec", "tiny_v1.yaml", "--out", "out"])
        .args(extra)
        .output()
        .expect("regenerate runs")
}

/// Runs `regenerate` in `dir` with exactly `args`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regenerate"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("regenerate runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("tiny_v1.yaml"), SPEC).unwrap();
    let out = dir.path().join("out");
    (dir, out)
}

#[test]
fn writes_then_leaves_unchanged_files_alone() {
    let (dir, out) = setup();
    let first = regenerate(dir.path(), &[]);
    assert!(first.status.success(), "{}", text(&first));
    for file in ["mod.rs", "sids.rs", "v1/mod.rs", "v1/thing.rs", "api.txt"] {
        assert!(out.join(file).is_file(), "{file} missing: {}", text(&first));
    }
    assert!(text(&first).contains("wrote"), "{}", text(&first));

    let again = regenerate(dir.path(), &[]);
    assert!(again.status.success());
    assert!(!text(&again).contains("wrote"), "{}", text(&again));
    assert!(text(&again).contains("5 unchanged"), "{}", text(&again));
}

#[test]
fn check_writes_nothing_and_lists_what_is_out_of_date() {
    let (dir, out) = setup();
    // Nothing generated yet: every file is missing, and none is written.
    let missing = regenerate(dir.path(), &["--check"]);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing));
    assert!(
        text(&missing).contains("missing  out/v1/thing.rs"),
        "{}",
        text(&missing)
    );
    assert!(!out.exists(), "--check wrote files");

    assert!(regenerate(dir.path(), &[]).status.success());
    assert_eq!(regenerate(dir.path(), &["--check"]).status.code(), Some(0));

    // A hand edit and a file no longer generated.
    let edited = fs::read_to_string(out.join("v1/thing.rs")).unwrap() + "// edited\n";
    fs::write(out.join("v1/thing.rs"), &edited).unwrap();
    let old = fs::read_to_string(out.join("sids.rs")).unwrap();
    fs::write(out.join("v1/gone.rs"), old).unwrap();
    fs::write(out.join("v1/notes.rs"), "// mine, not generated\n").unwrap();
    let stale = regenerate(dir.path(), &["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let report = text(&stale);
    assert!(report.contains("stale    out/v1/thing.rs"), "{report}");
    assert!(report.contains("orphaned out/v1/gone.rs"), "{report}");
    assert!(!report.contains("notes.rs"), "{report}");
    assert!(
        report.contains(
            "run `cargo run -p twilio-codegen --bin regenerate -- --spec tiny_v1.yaml --out out`"
        ),
        "{report}"
    );
    assert_eq!(fs::read_to_string(out.join("v1/thing.rs")).unwrap(), edited);
    assert!(out.join("v1/gone.rs").exists());

    // Without --check: rewritten, orphan removed, the user's file kept.
    let fixed = regenerate(dir.path(), &[]);
    assert!(fixed.status.success());
    assert!(
        text(&fixed).contains("removed  out/v1/gone.rs"),
        "{}",
        text(&fixed)
    );
    assert!(!out.join("v1/gone.rs").exists());
    assert!(out.join("v1/notes.rs").exists());
    let thing = fs::read_to_string(out.join("v1/thing.rs")).unwrap();
    assert!(thing.starts_with("// @generated"));
    assert!(!thing.contains("// edited"));
}

#[test]
fn a_broken_spec_is_an_error_naming_the_file_and_writes_nothing() {
    let (dir, out) = setup();
    fs::write(
        dir.path().join("tiny_v1.yaml"),
        "openapi: 3.0.1\npaths: [\n",
    )
    .unwrap();
    let output = regenerate(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = text(&output);
    assert!(message.starts_with("error: tiny_v1.yaml:"), "{message}");
    assert!(!out.exists());

    let output = Command::new(env!("CARGO_BIN_EXE_regenerate"))
        .current_dir(dir.path())
        .args(["--spec", "nope.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("nope.yaml: cannot read the spec"),
        "{}",
        text(&output)
    );
}

#[test]
fn temporary_files_of_an_interrupted_run_are_removed_by_the_next_write() {
    let (dir, out) = setup();
    assert!(regenerate(dir.path(), &[]).status.success());
    // What a run killed between creating and renaming its temporary files
    // leaves behind.
    let leftovers = [
        out.join(".mod.rs.4242.twilio-codegen.tmp"),
        out.join("v1/.thing.rs.4242.twilio-codegen.tmp"),
    ];
    for leftover in &leftovers {
        fs::write(leftover, "// @generated by twilio-codegen, half writ").unwrap();
    }

    let check = regenerate(dir.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(
        leftovers.iter().all(|l| l.exists()),
        "--check removed a file"
    );

    let run = regenerate(dir.path(), &[]);
    assert!(run.status.success(), "{}", text(&run));
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{} is still there", leftover.display());
    }
    assert!(
        text(&run).contains("removed  out/v1/.thing.rs.4242.twilio-codegen.tmp"),
        "{}",
        text(&run)
    );
    assert!(text(&run).contains("5 files"), "{}", text(&run));
}

#[test]
fn a_file_that_was_not_generated_is_not_overwritten_unless_forced() {
    let (dir, out) = setup();
    assert!(regenerate(dir.path(), &[]).status.success());
    let mine = "// Written by hand: the generator's header is not on top.\npub struct Thing;\n";
    fs::write(out.join("v1/thing.rs"), mine).unwrap();
    // Also a change the write would make elsewhere, to see nothing is written.
    fs::remove_file(out.join("sids.rs")).unwrap();

    let check = regenerate(dir.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(
        text(&check).contains("stale    out/v1/thing.rs (not generated by twilio-codegen"),
        "{}",
        text(&check)
    );

    let refused = regenerate(dir.path(), &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    let message = text(&refused);
    assert!(
        message.starts_with(
            "error: out/v1/thing.rs: cannot write: not overwriting a file that was not generated"
        ),
        "{message}"
    );
    assert!(message.contains("nothing was written"), "{message}");
    assert!(message.contains("--force"), "{message}");
    assert_eq!(fs::read_to_string(out.join("v1/thing.rs")).unwrap(), mine);
    assert!(!out.join("sids.rs").exists(), "a file was written");

    let forced = regenerate(dir.path(), &["--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert!(
        text(&forced).contains("wrote    out/v1/thing.rs"),
        "{}",
        text(&forced)
    );
    assert!(fs::read_to_string(out.join("v1/thing.rs"))
        .unwrap()
        .starts_with("// @generated by twilio-codegen"));
    assert!(out.join("sids.rs").exists());
}

#[test]
fn a_file_that_does_not_exist_yet_is_created_next_to_files_that_were_not_generated() {
    let (dir, out) = setup();
    fs::create_dir_all(out.join("v1")).unwrap();
    fs::write(out.join("v1/notes.rs"), "// mine\n").unwrap();
    fs::write(out.join("lib.rs"), "// mine\n").unwrap();
    let run = regenerate(dir.path(), &[]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(out.join("v1/thing.rs").is_file());
    assert_eq!(
        fs::read_to_string(out.join("v1/notes.rs")).unwrap(),
        "// mine\n"
    );
    assert_eq!(fs::read_to_string(out.join("lib.rs")).unwrap(), "// mine\n");
}

#[test]
fn a_module_folder_no_longer_generated_is_reported_then_removed() {
    let (dir, out) = setup();
    fs::write(dir.path().join("tiny_v2.yaml"), SPEC).unwrap();
    let both = [
        "--spec",
        "tiny_v1.yaml",
        "--spec",
        "tiny_v2.yaml",
        "--out",
        "out",
    ];
    let first = run(dir.path(), &both);
    assert!(first.status.success(), "{}", text(&first));
    assert!(out.join("v1/thing.rs").is_file() && out.join("v2/thing.rs").is_file());
    fs::write(out.join("v1/NOTES.md"), "mine\n").unwrap();

    let only_v2 = ["--spec", "tiny_v2.yaml", "--out", "out"];
    let check = run(dir.path(), &[&only_v2[..], &["--check"]].concat());
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let report = text(&check);
    for file in ["mod.rs", "thing.rs"] {
        assert!(
            report.contains(&format!(
                "orphaned out/v1/{file} (module v1 no longer generated)"
            )),
            "{report}"
        );
    }
    assert!(out.join("v1/thing.rs").exists(), "--check removed a file");

    let write = run(dir.path(), &only_v2);
    assert!(write.status.success(), "{}", text(&write));
    assert!(
        text(&write).contains("removed  out/v1/thing.rs"),
        "{}",
        text(&write)
    );
    assert!(!out.join("v1/thing.rs").exists());
    // The user's file keeps the folder.
    assert_eq!(
        fs::read_to_string(out.join("v1/NOTES.md")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        run(dir.path(), &[&only_v2[..], &["--check"]].concat())
            .status
            .code(),
        Some(0)
    );

    // Without it, the folder goes too.
    assert!(run(dir.path(), &both).status.success());
    fs::remove_file(out.join("v1/NOTES.md")).unwrap();
    let write = run(dir.path(), &only_v2);
    assert!(write.status.success(), "{}", text(&write));
    assert!(
        text(&write).contains("removed  out/v1/ (empty)"),
        "{}",
        text(&write)
    );
    assert!(!out.join("v1").exists());
    assert!(out.join("v2/thing.rs").exists());
}

#[test]
fn specs_can_be_given_positionally_with_a_module_each() {
    let (dir, out) = setup();
    fs::write(dir.path().join("other_v1.yaml"), SPEC).unwrap();
    // Both would be module v1 by default; the error says how to fix it.
    let clash = run(
        dir.path(),
        &["tiny_v1.yaml", "other_v1.yaml", "--out", "out"],
    );
    assert_eq!(clash.status.code(), Some(2), "{}", text(&clash));
    assert_eq!(
        text(&clash),
        "error: tiny_v1.yaml and other_v1.yaml would both become module v1; \
         name one of them with --module NAME right after it\n"
    );
    assert!(!out.exists());

    let run_both = [
        "tiny_v1.yaml",
        "--module",
        "tiny",
        "--spec",
        "other_v1.yaml",
        "--out",
        "out",
    ];
    let output = run(dir.path(), &run_both);
    assert!(output.status.success(), "{}", text(&output));
    assert!(out.join("tiny/thing.rs").is_file());
    assert!(out.join("v1/thing.rs").is_file());
    let root = fs::read_to_string(out.join("mod.rs")).unwrap();
    assert!(root.contains("pub mod tiny {"), "{root}");
    assert!(root.contains("pub mod v1 {"), "{root}");

    // The module given belongs to the spec right before it.
    let swapped = [
        "tiny_v1.yaml",
        "--spec",
        "other_v1.yaml",
        "--module",
        "other",
        "--out",
        "out",
    ];
    let output = run(dir.path(), &[&swapped[..], &["--check"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report = text(&output);
    assert!(report.contains("missing  out/other/thing.rs"), "{report}");
    assert!(report.contains("orphaned out/tiny/thing.rs"), "{report}");
    assert!(
        report.contains(
            "run `cargo run -p twilio-codegen --bin regenerate -- tiny_v1.yaml \
             --spec other_v1.yaml --module other --out out`"
        ),
        "{report}"
    );

    let early = run(dir.path(), &["--module", "tiny", "tiny_v1.yaml"]);
    assert_eq!(early.status.code(), Some(2), "{}", text(&early));
    assert!(
        text(&early).starts_with("error: --module tiny comes before any spec"),
        "{}",
        text(&early)
    );
}

#[test]
fn a_spec_name_ending_in_a_number_gets_its_whole_name_as_module() {
    let (dir, out) = setup();
    fs::write(dir.path().join("api_2024.yaml"), SPEC).unwrap();
    let output = run(dir.path(), &["api_2024.yaml", "--out", "out"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(out.join("api_2024/thing.rs").is_file());
}

#[test]
fn the_hint_is_short_when_run_with_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("spec")).unwrap();
    fs::write(dir.path().join("spec/tiny_v1.yaml"), SPEC).unwrap();
    let output = run(dir.path(), &["--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("missing  generated/v1/thing.rs"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).ends_with(
            "generated code is out of date: run `cargo run -p twilio-codegen --bin regenerate`\n"
        ),
        "{}",
        text(&output)
    );
    assert!(run(dir.path(), &[]).status.success());
    assert_eq!(run(dir.path(), &["--check"]).status.code(), Some(0));
}

#[test]
fn out_being_a_file_is_a_clear_error() {
    let (dir, _) = setup();
    fs::write(dir.path().join("out.rs"), "// mine\n").unwrap();
    for extra in [&[][..], &["--check"]] {
        let output = run(
            dir.path(),
            &[&["--spec", "tiny_v1.yaml", "--out", "out.rs"], extra].concat(),
        );
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert_eq!(
            text(&output),
            "error: --out out.rs is a file; expected a folder\n"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("out.rs")).unwrap(),
        "// mine\n"
    );
}

#[test]
fn help_documents_the_exit_status_and_every_option() {
    let output = run(Path::new("."), &["--help"]);
    assert!(output.status.success(), "{}", text(&output));
    let help = text(&output);
    for needle in [
        "[SPEC]...",
        "--spec <FILE>",
        "--module <NAME>",
        "--out <DIR>",
        "--check",
        "--force",
        "Exit status:",
        "0  the generated code is up to date",
        "1  --check found",
        "2  error",
    ] {
        assert!(help.contains(needle), "{needle:?} missing from\n{help}");
    }
}

#[test]
fn check_shows_a_diff_of_each_stale_file() {
    let (dir, out) = setup();
    assert!(regenerate(dir.path(), &[]).status.success());
    let thing = fs::read_to_string(out.join("v1/thing.rs")).unwrap();
    fs::write(out.join("v1/thing.rs"), format!("{thing}// edited\n")).unwrap();
    let check = regenerate(dir.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains(
            "stale    out/v1/thing.rs\n\
             --- out/v1/thing.rs (on disk)\n\
             +++ out/v1/thing.rs (generated)\n\
             @@ "
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\n-// edited\n"), "{stdout}");
    assert!(!stdout.contains("more lines"), "{stdout}");
}

#[test]
fn check_bounds_the_diffs_per_file_and_in_all() {
    let (dir, out) = setup();
    fs::write(dir.path().join("tiny_v2.yaml"), SPEC).unwrap();
    let args = [
        "--spec",
        "tiny_v1.yaml",
        "--spec",
        "tiny_v2.yaml",
        "--out",
        "out",
    ];
    assert!(run(dir.path(), &args).status.success());
    // Every Rust file (6 of them) rewritten: each diff is far over 40 lines,
    // and all of them together far over 200. (The API listing is left
    // alone: rewritten so, it would not read as one.)
    let junk: String = (0..100).map(|i| format!("// line {i}\n")).collect();
    let mut files = 0;
    for folder in ["", "v1", "v2"] {
        for entry in fs::read_dir(out.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
                fs::write(&path, format!("// @generated by twilio-codegen\n{junk}")).unwrap();
                files += 1;
            }
        }
    }
    assert_eq!(files, 6);

    let check = run(dir.path(), &[&args[..], &["--check"]].concat());
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let stdout = String::from_utf8_lossy(&check.stdout);
    // The files and their diffs, then the API changes: none here, since no
    // item changed, but six files did.
    let (files_part, api) = stdout.split_once("\nAPI changes: ").unwrap();
    assert!(api.starts_with("6 docs only\n"), "{api}");
    let mut per_file = Vec::new();
    let mut more = 0;
    for line in files_part.lines() {
        if line.starts_with("stale    ") {
            per_file.push(0);
        } else if line.starts_with("… ") && line.ends_with(" more lines") {
            more += 1;
        } else if !line.contains(" files from ") {
            *per_file.last_mut().expect("a diff follows its file") += 1;
        }
    }
    assert_eq!(per_file.len(), 6, "{stdout}");
    assert!(per_file.iter().all(|&n| n <= 40), "{per_file:?}");
    assert_eq!(per_file.iter().sum::<usize>(), 200, "{per_file:?}");
    assert_eq!(per_file[5..], [0], "{per_file:?}");
    assert_eq!(more, 6, "{stdout}");
}

#[test]
fn options_from_the_command_line_reach_the_code() {
    let (dir, out) = setup();
    let run = regenerate(
        dir.path(),
        &[
            "--rename",
            "tiny.v1.thing=Gizmo",
            "--derive",
            "Gizmo=Hash",
            "--type-attribute",
            "*=#[doc(alias = \"x\")]",
            "--runtime-path",
            "crate::rt",
        ],
    );
    assert!(run.status.success(), "{}", text(&run));
    let thing = fs::read_to_string(out.join("v1/thing.rs")).unwrap();
    // Attributes come in the order given: --type-attribute, then --derive.
    assert!(
        thing.contains("#[doc(alias = \"x\")]\n#[derive(Hash)]\npub struct Gizmo {"),
        "{thing}"
    );
    assert!(
        thing.contains("impl crate::rt::Endpoint for FetchThing"),
        "{thing}"
    );

    let bad = regenerate(dir.path(), &["--rename", "tiny.v1.thing"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(text(&bad).contains("expected NAME=VALUE"), "{}", text(&bad));
    let bad = regenerate(dir.path(), &["--derive", "*=not a path"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(
        text(&bad).contains("not a path to a derive macro"),
        "{}",
        text(&bad)
    );
}

/// `--crate` writes a crate whose every file is Rust (or TOML) under the
/// generator's header, naming the runtime as asked.
#[test]
fn crate_mode_writes_a_whole_crate_with_headers() {
    let (dir, _) = setup();
    let args = [
        "tiny_v1.yaml",
        "--crate",
        "tiny",
        "--runtime-dependency",
        "{ path = \"../runtime\" }",
        "--replay",
    ];
    let output = run(dir.path(), &args);
    assert!(output.status.success(), "{}", text(&output));
    let root = dir.path().join("tiny");
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"tiny\""), "{manifest}");
    assert!(
        manifest.contains("twilio-runtime = { path = \"../runtime\" }"),
        "{manifest}"
    );
    for file in ["src/lib.rs", "src/mod.rs", "src/v1/thing.rs"] {
        let code = fs::read_to_string(root.join(file)).unwrap();
        assert!(
            code.starts_with("// @generated by twilio-codegen from tiny_v1.yaml.")
                && code.contains("--bin regenerate -- --replay`.\n"),
            "{file}:\n{code}"
        );
        syn::parse_file(&code).unwrap_or_else(|e| panic!("{file} is not Rust: {e}\n{code}"));
    }
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(lib.contains("include!(\"mod.rs\");"), "{lib}");
}

/// Another spec for the same folder: other modules, other SID types.
const OTHER_SPEC: &str = r#"
openapi: 3.0.1
info: {title: Other, version: 1.0.0}
servers: [{url: https://chat.example.com}]
components:
  schemas:
    tiny.v1.widget:
      type: object
      properties:
        sid: {type: string, pattern: '^WG[0-9a-fA-F]{32}$', nullable: true}
    tiny.v1.gadget:
      type: object
      properties:
        sid: {type: string, pattern: '^GD[0-9a-fA-F]{32}$', nullable: true}
paths: {}
"#;

/// Every file under `dir`, relative, with its content, the lock file left
/// out.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if !path.ends_with(".twilio-codegen.lock") {
                out.push((
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn runs_on_one_folder_at_once_take_turns() {
    let (dir, out) = setup();
    fs::write(dir.path().join("other.yaml"), OTHER_SPEC).unwrap();
    // What each run alone leaves.
    let alone = |spec: &str| {
        let run = run(
            dir.path(),
            &["--spec", spec, "--module", "v1", "--out", "out"],
        );
        assert!(run.status.success(), "{}", text(&run));
        tree(&out)
    };
    let tiny = alone("tiny_v1.yaml");
    let other = alone("other.yaml");
    assert_ne!(tiny, other);
    for round in 0..40 {
        let spawn = |spec: &str| {
            Command::new(env!("CARGO_BIN_EXE_regenerate"))
                .current_dir(dir.path())
                .args(["--spec", spec, "--module", "v1", "--out", "out"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("regenerate starts")
        };
        let (first, second) = if round % 2 == 0 {
            ("tiny_v1.yaml", "other.yaml")
        } else {
            ("other.yaml", "tiny_v1.yaml")
        };
        let a = spawn(first);
        let b = spawn(second);
        for child in [a, b] {
            let output = child.wait_with_output().unwrap();
            let said = text(&output);
            assert!(output.status.success(), "round {round}: {said}");
            // No run takes the other's temporary files for leftovers.
            assert!(
                !said.contains("temporary file of an interrupted run"),
                "round {round}: {said}"
            );
        }
        // One run's output, whole: never a mix.
        let left = tree(&out);
        assert!(
            left == tiny || left == other,
            "round {round}: a mix of both runs: {:?}",
            left.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_run_that_cannot_get_the_lock_in_time_says_who_has_it() {
    let (dir, out) = setup();
    assert!(regenerate(dir.path(), &[]).status.success());
    let lock = fs::File::open(out.join(".twilio-codegen.lock")).unwrap();
    fs4::FileExt::lock(&lock).unwrap();
    let start = std::time::Instant::now();
    let blocked = regenerate(dir.path(), &["--lock-wait", "0.3"]);
    assert!(start.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(blocked.status.code(), Some(2), "{}", text(&blocked));
    assert_eq!(
        String::from_utf8_lossy(&blocked.stderr),
        "error: out/.twilio-codegen.lock: cannot write: another twilio-codegen run holds this \
         lock on the folder; waited 0.3 s for it to finish\n"
    );
    fs4::FileExt::unlock(&lock).unwrap();
    let run = regenerate(dir.path(), &["--lock-wait", "0.3"]);
    assert!(run.status.success(), "{}", text(&run));
}

/// The tiny spec with one more field on the model (a compatible change)
/// or another SID prefix (a breaking one).
fn with_field(spec: &str) -> String {
    spec.replace(
        "        sid: {type: string, pattern: '^TH[0-9a-fA-F]{32}$', nullable: true}\n",
        "        sid: {type: string, pattern: '^TH[0-9a-fA-F]{32}$', nullable: true}\n        \
         name: {type: string, nullable: true}\n",
    )
}

fn with_prefix(spec: &str) -> String {
    spec.replace("^TH[", "^TX[")
}

#[test]
fn check_reports_what_the_new_code_changes_in_the_api() {
    let (dir, out) = setup();
    assert!(regenerate(dir.path(), &[]).status.success());
    fs::write(dir.path().join("tiny_v1.yaml"), with_prefix(SPEC)).unwrap();

    let check = regenerate(dir.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains(
            "\nAPI changes: 1 breaking\nBreaking:\n  SID type `sids::ThingSid` now accepts \
             `^TX[0-9a-fA-F]{32}$` instead of `^TH[0-9a-fA-F]{32}$`\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        regenerate(dir.path(), &["--check", "--exit-code"])
            .status
            .code(),
        Some(4)
    );

    // For tools: the report alone on standard output.
    let json = regenerate(dir.path(), &["--check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["breaking"], 1);
    assert_eq!(report["changes"][0]["item"], "sids::ThingSid");
    let markdown = regenerate(dir.path(), &["--check", "--format", "markdown"]);
    let stdout = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        stdout.starts_with("### API changes: 1 breaking\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("stale"), "{stdout}");

    // A compatible change, then docs only (the header names another spec
    // file), then nothing.
    fs::write(dir.path().join("tiny_v1.yaml"), with_field(SPEC)).unwrap();
    let check = regenerate(dir.path(), &["--check", "--exit-code"]);
    assert_eq!(check.status.code(), Some(3), "{}", text(&check));
    assert!(
        text(&check).contains("new field `v1::Thing.name: Option<String>`"),
        "{}",
        text(&check)
    );
    let written = regenerate(dir.path(), &[]);
    assert!(
        text(&written).contains("API changes: 1 compatible"),
        "{}",
        text(&written)
    );
    let listing = fs::read_to_string(out.join("api.txt")).unwrap();
    assert!(
        listing.contains("\nfield v1::Thing.name: Option<String> = \"name\"\n"),
        "{listing}"
    );
    let thing = out.join("v1/thing.rs");
    let edited = fs::read_to_string(&thing)
        .unwrap()
        .replace("/// ", "/// Edited: ");
    fs::write(&thing, edited).unwrap();
    let check = regenerate(dir.path(), &["--check", "--exit-code"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(
        text(&check).contains(
            "Docs only:\n  file `v1/thing.rs` differs, but no item of its API: its docs or its code changed"
        ),
        "{}",
        text(&check)
    );
    assert!(regenerate(dir.path(), &[]).status.success());
    assert_eq!(
        regenerate(dir.path(), &["--check", "--exit-code"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_listing_edited_by_hand_is_an_error_in_check_and_rewritten_by_a_run() {
    let (dir, out) = setup();
    assert!(regenerate(dir.path(), &[]).status.success());
    let path = out.join("api.txt");
    let listing = fs::read_to_string(&path).unwrap();
    let (number, _) = listing
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("struct "))
        .unwrap();
    fs::write(&path, listing.replace("\nstruct ", "\nstrcut ")).unwrap();

    let check = regenerate(dir.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(2), "{}", text(&check));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(&format!(
            "error: out/api.txt:{}:1: unknown kind of line \"strcut\"",
            number + 1
        )),
        "{stderr}"
    );
    // Cut short, or not text at all: the same kind of error.
    let cut = listing.find("= ^TH").unwrap() + 5;
    fs::write(&path, &listing[..cut]).unwrap();
    let check = regenerate(dir.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(2), "{}", text(&check));
    assert!(
        text(&check).contains("error: out/api.txt:"),
        "{}",
        text(&check)
    );
    fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    let check = regenerate(dir.path(), &["--check"]);
    assert!(
        text(&check).contains("out/api.txt:1:1: not UTF-8 text"),
        "{}",
        text(&check)
    );

    // Writing replaces it (it still has the generator's header), with a
    // warning that it could not be compared.
    let run = regenerate(dir.path(), &["--force"]);
    assert!(run.status.success(), "{}", text(&run));
    assert_eq!(fs::read_to_string(&path).unwrap(), listing);
}

#[test]
fn changes_compares_two_specs_without_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("old")).unwrap();
    fs::create_dir_all(dir.path().join("new")).unwrap();
    let write = |name: &str, spec: &str| {
        let path = dir.path().join(name);
        fs::write(&path, spec).unwrap();
        path.to_string_lossy().into_owned()
    };
    let old = write("old/tiny_v1.yaml", SPEC);
    let cases = [
        (SPEC.to_string(), 0, "API changes: no change\n"),
        (
            SPEC.replace("title: Tiny", "title: Tinier"),
            1,
            "docs of module `v1` changed",
        ),
        (
            with_field(SPEC),
            3,
            "new field `v1::Thing.name: Option<String>`",
        ),
        (
            with_prefix(SPEC),
            4,
            "SID type `sids::ThingSid` now accepts",
        ),
    ];
    for (spec, status, expected) in cases {
        let new = write("new/tiny_v1.yaml", &spec);
        let plain = run(dir.path(), &["--changes", &old, &new]);
        assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
        assert!(text(&plain).contains(expected), "{}", text(&plain));
        let coded = run(dir.path(), &["--changes", &old, &new, "--exit-code"]);
        assert_eq!(coded.status.code(), Some(status), "{}", text(&coded));
    }
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // One module for both, whatever the files are called.
    let renamed = write("tiny_v2.yaml", SPEC);
    let same = run(
        dir.path(),
        &[
            "--changes",
            &old,
            &renamed,
            "--module",
            "tiny",
            "--exit-code",
        ],
    );
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    let json = run(
        dir.path(),
        &["--changes", &old, &renamed, "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["changes"].as_array().unwrap().len(), 0);
}

#[test]
fn changes_with_a_spec_that_does_not_generate_gives_the_errors_of_generation() {
    let dir = tempfile::tempdir().unwrap();
    let bad = SPEC.replace(
        "{$ref: '#/components/schemas/tiny.v1.thing'}",
        "{$ref: '#/components/schemas/nope'}",
    );
    fs::write(dir.path().join("bad_v1.yaml"), bad).unwrap();
    fs::write(dir.path().join("good_v1.yaml"), SPEC).unwrap();
    let generation = run(dir.path(), &["--spec", "bad_v1.yaml", "--out", "out"]);
    assert_eq!(generation.status.code(), Some(2));
    let expected = String::from_utf8_lossy(&generation.stderr).into_owned();
    assert!(expected.contains("bad_v1.yaml:"), "{expected}");
    for args in [
        ["--changes", "bad_v1.yaml", "good_v1.yaml"],
        ["--changes", "good_v1.yaml", "bad_v1.yaml"],
    ] {
        let changes = run(dir.path(), &args);
        assert_eq!(changes.status.code(), Some(2), "{}", text(&changes));
        assert_eq!(String::from_utf8_lossy(&changes.stderr), expected);
    }
    let missing = run(dir.path(), &["--changes", "good_v1.yaml", "gone_v1.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing).contains("gone_v1.yaml: cannot read the spec"),
        "{}",
        text(&missing)
    );
    let together = run(
        dir.path(),
        &["--changes", "good_v1.yaml", "good_v1.yaml", "--check"],
    );
    assert_eq!(together.status.code(), Some(2), "{}", text(&together));
}

/// With `--module-features`, each module is behind the feature of its name,
/// shared SID types behind their users' features, and `--crate` declares
/// the features, all on by default, and the replay feature.
#[test]
fn crate_mode_declares_the_module_features() {
    let (dir, _) = setup();
    fs::write(
        dir.path().join("other_v2.yaml"),
        SPEC.replace("tiny.v1", "other.v2").replace("/v1/", "/v2/"),
    )
    .unwrap();
    let args = [
        "tiny_v1.yaml",
        "--module",
        "tiny",
        "other_v2.yaml",
        "--module",
        "other",
        "--crate",
        "both",
        "--module-features",
        "--replay-feature",
        "replay",
    ];
    let output = run(dir.path(), &args);
    assert!(output.status.success(), "{}", text(&output));
    let root = dir.path().join("both");
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[features]\n")
            && manifest.contains("default = [\"tiny\", \"other\"]\n")
            && manifest.contains("\ntiny = []\n")
            && manifest.contains("\nother = []\n")
            && manifest.contains("\nreplay = []\n"),
        "{manifest}"
    );
    let modules = fs::read_to_string(root.join("src/mod.rs")).unwrap();
    for gate in [
        "#[cfg(feature = \"tiny\")]\n",
        "#[cfg(feature = \"other\")]\n",
    ] {
        assert!(modules.contains(gate), "{modules}");
    }
    // The command in every header regenerates the same code.
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("--bin regenerate -- --replay-feature replay --module-features`."),
        "{lib}"
    );
}
