//! Every example of the generator's options, in the docs and in
//! `regenerate --help`, used on the Chat v2 spec: the code either compiles
//! (`cargo check`, warnings denied) or generation stops with an error that
//! names the type and why. The examples are read from the README, the
//! guides in `docs/` (the options table is in `docs/generator.md`) and the
//! command's help text (its source, `generator/src/bin/regenerate.rs`),
//! not copied here, so a new example is tested as soon as it is written.

#[path = "support/scratch_crate.rs"]
mod scratch_crate;

use std::path::{Path, PathBuf};

use twilio_codegen::{Builder, Replay};

/// The flags whose examples are tested: each changes the generated code.
const FLAGS: &[&str] = &[
    "--type-attribute",
    "--derive",
    "--rename",
    "--runtime-path",
    "--compact",
    "--replay",
    "--replay-feature",
    "--module-features",
];

/// The text between backticks in `text`.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `--flag 'a b'` → `["--flag", "a b"]`: words, single quotes kept together.
fn words(example: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in example.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Every example: the docs' spans that start with one of [`FLAGS`]; the
/// matchers the guide's option table and `--help` list for
/// `--type-attribute`, each with the guide's attribute; the derive `--help`
/// names for every type; and `--derive '*=Eq'`, which once gave conflicting
/// implementations.
fn examples() -> Vec<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/generator.md")).unwrap();
    let mut docs = std::fs::read_to_string(root.join("README.md")).unwrap();
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let help = std::fs::read_to_string(root.join("generator/src/bin/regenerate.rs")).unwrap();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut add = |example: Vec<String>| {
        if !out.contains(&example) {
            out.push(example);
        }
    };
    for span in code_spans(&docs) {
        let words = words(&span);
        if words.first().is_some_and(|w| FLAGS.contains(&w.as_str())) {
            add(words);
        }
    }
    // The attribute of the guide's example, on every matcher it lists.
    let attribute = "#[derive(Hash)]";
    assert!(
        guide.contains(&format!("'User={attribute}'")),
        "the guide's example changed"
    );
    let row = guide
        .lines()
        .find(|l| l.contains("`--type-attribute"))
        .expect("the guide's options table has --type-attribute");
    let cells: Vec<&str> = row.split(" | ").collect();
    let help_of = |flag: &str| -> String {
        // The doc comment just above `long = "<flag>"`.
        let at = help
            .find(&format!("long = \"{flag}\""))
            .expect("the flag is in the source");
        let before = &help[..at];
        let start = before.rfind("\n\n").unwrap_or(0);
        before[start..]
            .lines()
            .filter_map(|l| l.trim().strip_prefix("///"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let matchers: Vec<String> = code_spans(cells.last().unwrap())
        .into_iter()
        .chain(code_spans(&help_of("type-attribute")))
        .collect();
    assert!(matchers.len() >= 5, "{matchers:?}");
    for matcher in matchers {
        add(vec![
            "--type-attribute".into(),
            format!("{matcher}={attribute}"),
        ]);
    }
    for path in code_spans(&help_of("derive")) {
        if syn_like_path(&path) {
            add(vec!["--derive".into(), format!("*={path}")]);
        }
    }
    add(vec!["--derive".into(), "*=Eq".into()]);
    out
}

/// `Hash`, `serde::Serialize`: a path, not a placeholder such as `PATH`.
fn syn_like_path(text: &str) -> bool {
    !text.is_empty()
        && text != text.to_uppercase()
        && text.split("::").all(|s| {
            s.chars().next().is_some_and(char::is_alphabetic)
                && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// The builder with one example's options.
fn builder(example: &[String]) -> Builder {
    let mut builder = Builder::new()
        .spec(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/twilio_chat_v2.yaml"))
        .module("v2")
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false);
    let mut words = example.iter();
    while let Some(flag) = words.next() {
        let mut value = || words.next().cloned().unwrap_or_default();
        let mut pair = || {
            let v = value();
            let (a, b) = v.split_once('=').expect("MATCHER=VALUE");
            (a.to_string(), b.to_string())
        };
        builder = match flag.as_str() {
            "--type-attribute" => {
                let (matcher, attribute) = pair();
                builder.type_attribute(matcher, attribute)
            }
            "--derive" => {
                let (matcher, path) = pair();
                builder.derive(matcher, &path)
            }
            "--rename" => {
                let (from, to) = pair();
                builder.rename(from, to)
            }
            "--runtime-path" => builder.runtime_path(value()),
            "--compact" => builder.pretty(false),
            "--replay" => builder.replay(Replay::On),
            "--replay-feature" => builder.replay(Replay::Feature(value())),
            "--module-features" => builder.module_features(true),
            other => panic!("an example with a flag this test does not know: {other}"),
        };
    }
    builder
}

#[test]
fn every_option_example_compiles_or_is_refused_with_the_type_and_the_reason() {
    let examples = examples();
    // The guide's own examples, at least.
    for expected in [
        vec!["--type-attribute", "User=#[derive(Hash)]"],
        vec!["--derive", "v2::FetchUser=Hash"],
        vec!["--runtime-path", "crate::rt"],
    ] {
        let expected: Vec<String> = expected.into_iter().map(String::from).collect();
        assert!(
            examples.contains(&expected),
            "{expected:?} not found in {examples:?}"
        );
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("option-examples");
    // The runtime re-exported as `crate::rt` (for `--runtime-path
    // crate::rt`), and the features `replay` (for `--replay-feature
    // replay`) and `v2` (for `--module-features`), enabled.
    scratch_crate::write(
        &work,
        "option-examples",
        "default = [\"replay\", \"v2\"]\nreplay = []\nv2 = []\n",
        "//! The generated code, with an option.\npub use ::twilio_runtime as rt;\n",
    );
    let out: PathBuf = work.join("gen");
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for example in &examples {
        let shown = example.join(" ");
        match builder(example).generate() {
            Err(e) => {
                // Refused: every line names a type and says why.
                let message = e.to_string();
                for line in message.lines() {
                    if !(line.contains("cannot compile: ") && line.contains('`')) {
                        failures.push(format!(
                            "{shown}: refused without a type and a reason: {line}"
                        ));
                    }
                }
                refused.push(format!("{shown}: {message}"));
            }
            Ok(generated) => {
                let _ = std::fs::remove_dir_all(&out);
                generated.write_to(&out).unwrap();
                if let Some(errors) = scratch_crate::check(&work, "-D warnings") {
                    failures.push(format!("{shown}: does not compile:\n{errors}"));
                }
            }
        }
    }
    // The guide's examples and the derives --help names all compile on
    // the Chat spec; only a derive a type cannot have would be refused.
    assert!(refused.is_empty(), "{refused:#?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
