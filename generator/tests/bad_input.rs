//! Broken specs must fail cleanly: an `Err` (never a panic) whose message names
//! the file as it was given and the place in it: a `line:column` on every
//! line, and for everything found after parsing a `#/...` JSON pointer too.
//! Only problems with the file as a whole have no line, and their message
//! says so.
//!
//! Every file in `tests/bad-specs/` (in the generator's package) is one case; the
//! folder is read, not listed here, so a new file is a new case. Files named
//! `warn_*` are valid but use something the generator only accepts in a
//! degraded form: they must generate, with a warning. A path that does not
//! exist is one more case. Every message is locked with an insta snapshot
//! (`snapshots/bad_input__<case>.snap`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use twilio_codegen::{Builder, Error, Generated};

/// The corpus, relative to the package root.
const CORPUS: &str = "tests/bad-specs";

/// Cases that are about the file as a whole, so that no place in it
/// applies, with the words that say why.
const WHOLE_FILE: &[(&str, &str)] = &[
    ("alias_bomb", "the whole file is refused"),
    ("empty", "the file is empty"),
    ("missing_file", "cannot read the spec"),
];

/// The package root, made the current directory once, so that the paths
/// handed to the generator, and so every message, read `tests/bad-specs/...`
/// whichever directory the test runner started in. Every test in this file
/// calls this first and needs the same directory, so changing it is safe.
fn package_root() -> &'static Path {
    static ONCE: Once = Once::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ONCE.call_once(|| std::env::set_current_dir(root).expect("cannot enter the package root"));
    root
}

/// Every case file, sorted, as a path relative to the package root.
fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap_or_else(|e| panic!("cannot list {CORPUS}: {e}"))
        .map(|entry| entry.expect("cannot read a directory entry").path())
        .filter(|path| path.is_file())
        .filter(|path| {
            // `.gitattributes` and the like are not cases.
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

fn case_name(path: &Path) -> String {
    path.file_stem()
        .expect("a case file has a name")
        .to_string_lossy()
        .into_owned()
}

/// Runs one spec through the public entry point; a panic becomes `Err` with
/// the panic's message.
fn generate(path: &Path) -> Result<Result<Generated, Error>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        Builder::new()
            .spec(path)
            .module("v2")
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
            .generate()
    }))
    .map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

/// What is wrong with how `message` (one line of an error or a warning)
/// names the file and the place, if anything.
fn check_line(line: &str, path: &str, whole_file: bool) -> Option<String> {
    let Some(rest) = line.strip_prefix(path) else {
        return Some(format!("does not start with the path {path:?}: {line}"));
    };
    let has_line_column = rest.strip_prefix(':').is_some_and(|rest| {
        let mut parts = rest.splitn(3, ':');
        let is_number =
            |s: Option<&str>| s.is_some_and(|s| s.parse::<usize>().is_ok_and(|n| n > 0));
        is_number(parts.next()) && is_number(parts.next()) && parts.next().is_some()
    });
    if !(has_line_column || whole_file) {
        return Some(format!("has no line:column after the path: {line}"));
    }
    None
}

#[test]
fn every_bad_spec_fails_with_a_located_message_and_no_panic() {
    let root = package_root();
    let root_text = root.to_string_lossy().into_owned();
    let mut cases: Vec<(String, PathBuf)> = corpus()
        .into_iter()
        .map(|path| (case_name(&path), path))
        .collect();
    assert!(
        cases.len() >= 15,
        "the corpus in {CORPUS} looks incomplete: {cases:?}"
    );
    let missing = Path::new(CORPUS).join("no_such_spec.yaml");
    assert!(!missing.exists(), "{} must not exist", missing.display());
    cases.push(("missing_file".into(), missing));

    let mut problems = Vec::new();
    let mut snapshots = Vec::new();
    for (name, path) in &cases {
        let shown = path.to_string_lossy().into_owned();
        let expect_warning = name.starts_with("warn_");
        let message = match generate(path) {
            Err(panic) => {
                problems.push(format!("{name}: panicked: {panic}"));
                continue;
            }
            Ok(Ok(generated)) if expect_warning => {
                if generated.warnings().is_empty() {
                    problems.push(format!("{name}: generated without the expected warning"));
                }
                if generated.files().is_empty() {
                    problems.push(format!("{name}: generated no files"));
                }
                for w in generated.warnings() {
                    if w.path != *path || !w.pointer.starts_with("#/") || w.location.is_none() {
                        problems.push(format!("{name}: badly located warning {w:?}"));
                    }
                }
                generated
                    .warnings()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            Ok(Ok(_)) => {
                problems.push(format!("{name}: generated, but the spec is broken"));
                continue;
            }
            Ok(Err(e)) if expect_warning => {
                problems.push(format!("{name}: must generate with a warning, failed: {e}"));
                continue;
            }
            Ok(Err(e)) => {
                if let Error::Invalid(diagnostics) = &e {
                    for d in diagnostics {
                        if d.path != *path || !d.pointer.starts_with("#/") || d.location.is_none() {
                            problems.push(format!("{name}: badly located diagnostic {d:?}"));
                        }
                    }
                }
                e.to_string()
            }
        };
        let whole_file = WHOLE_FILE.iter().find(|(case, _)| case == name);
        if let Some((_, why)) = whole_file {
            if !message.contains(why) {
                problems.push(format!("{name}: does not say {why:?}: {message}"));
            }
        }
        let whole_file = whole_file.is_some();
        for line in message.lines() {
            if let Some(problem) = check_line(line, &shown, whole_file) {
                problems.push(format!("{name}: {problem}"));
            }
        }
        if message.trim().is_empty() {
            problems.push(format!("{name}: empty message"));
        }
        if message.contains(&root_text) {
            problems.push(format!("{name}: message holds an absolute path: {message}"));
        }
        snapshots.push((name.clone(), message));
    }

    // Snapshot every case before failing, so one run shows every change.
    for (name, message) in snapshots {
        let result = catch_unwind(AssertUnwindSafe(|| {
            insta::assert_snapshot!(name.as_str(), message);
        }));
        if result.is_err() {
            problems.push(format!("{name}: the message differs from its snapshot"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_line_check_accepts_only_located_messages() {
    let p = "tests/bad-specs/x.yaml";
    assert_eq!(
        check_line("tests/bad-specs/x.yaml:3:7: bad", p, false),
        None
    );
    // A pointer alone is not a place a reader can go to.
    assert!(check_line("tests/bad-specs/x.yaml: #/paths: bad", p, false).is_some());
    assert!(check_line("tests/bad-specs/x.yaml: bad", p, false).is_some());
    assert!(check_line("tests/bad-specs/x.yaml:0:7: bad", p, false).is_some());
    assert!(check_line("x.yaml: #/paths: bad", p, false).is_some());
    assert_eq!(check_line("tests/bad-specs/x.yaml: bad", p, true), None);
}

/// What is not a spec file is refused before it is read: a folder, a device
/// that never ends, a FIFO that would block forever, a file over the size
/// limit. Each error names the file.
#[test]
fn what_is_not_a_spec_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let file = std::fs::File::create(&big).unwrap();
    // Sparse: takes no room on disk.
    file.set_len(twilio_codegen::load::MAX_SPEC_BYTES + 1)
        .unwrap();
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (dir.path().to_path_buf(), "a folder"),
        (big, "more than the"),
    ];
    #[cfg(unix)]
    {
        cases.push((PathBuf::from("/dev/zero"), "not a regular file"));
        let fifo = dir.path().join("fifo.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            cases.push((fifo, "not a regular file"));
        }
    }
    for (path, expected) in cases {
        let err = twilio_codegen::load::load_spec(&path).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(message.contains(expected), "{message}");
    }
}
