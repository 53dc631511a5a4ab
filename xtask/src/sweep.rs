//! `cargo xtask sweep`: every spec of a folder generated as a crate of its
//! own and linted, one row of counts per spec.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::util::{self, cut, first_line_starting, read_or_empty};
use crate::Result;

/// The columns' widths (negative: left-aligned); the last column, the
/// result, is free.
const WIDTHS: [isize; 13] = [-24, 4, 5, 7, 5, 5, 6, 5, 7, 4, 4, 6, 7];
const HEADER: [&str; 14] = [
    "spec", "ops", "stubs", "structs", "enums", "Value", "notype", "V.rsp", "2822", "drop", "warn",
    "gen ms", "build s", "result",
];

/// What the sweep is given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of specs (`*.yaml`, `*.yml`, `*.json`).
    spec_folder: PathBuf,
    /// Where the crates and logs are kept (default: a temporary folder).
    /// The crates share one target folder in it, so the runtime is built
    /// once.
    work_folder: Option<PathBuf>,
    /// Also give each crate a test that reads every example response of
    /// its spec under every 2xx status, and add its counts to the row.
    #[arg(long)]
    examples: bool,
}

/// One spec's counts: from the spec, the generated code and the
/// generator's messages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Operations in the spec (`operationId`s).
    pub ops: usize,
    /// Endpoint stubs generated.
    pub stubs: usize,
    /// Structs other than stubs.
    pub structs: usize,
    pub enums: usize,
    /// Fields and parameters typed `serde_json::Value`.
    pub values: usize,
    /// Warnings for properties the spec gives no type.
    pub notype: usize,
    /// Responses typed `serde_json::Value`.
    pub value_responses: usize,
    /// `date-time-rfc-2822` in the spec.
    pub rfc_spec: usize,
    /// Fields typed `Rfc2822DateTime`.
    pub rfc_typed: usize,
    /// Request bodies not generated.
    pub dropped: usize,
    /// Warnings the generator printed.
    pub warnings: usize,
}

impl Counts {
    /// The totals row's numbers, in its column order.
    fn totals(&self) -> [usize; 10] {
        [
            self.ops,
            self.stubs,
            self.structs,
            self.enums,
            self.values,
            self.notype,
            self.value_responses,
            self.rfc_spec,
            self.dropped,
            self.warnings,
        ]
    }

    fn add(&mut self, other: &Counts) {
        self.ops += other.ops;
        self.stubs += other.stubs;
        self.structs += other.structs;
        self.enums += other.enums;
        self.values += other.values;
        self.notype += other.notype;
        self.value_responses += other.value_responses;
        self.rfc_spec += other.rfc_spec;
        self.rfc_typed += other.rfc_typed;
        self.dropped += other.dropped;
        self.warnings += other.warnings;
    }
}

/// The operations of a spec's text: lines that give an `operationId`
/// (YAML or JSON) a value that starts with a letter.
pub fn count_operations(spec: &str) -> usize {
    spec.lines()
        .filter(|line| {
            let rest = line.trim_start();
            let rest = rest.strip_prefix('"').unwrap_or(rest);
            let Some(rest) = rest.strip_prefix("operationId") else {
                return false;
            };
            let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                return false;
            };
            let rest = rest.trim_start();
            let rest = rest.strip_prefix('"').unwrap_or(rest);
            rest.starts_with(|c: char| c.is_ascii_alphabetic())
        })
        .count()
}

/// Whether `line` declares a field (indented `pub name: Type`) whose type
/// mentions `ty`.
fn field_of_type(line: &str, ty: &str) -> bool {
    let trimmed = line.trim_start();
    if trimmed.len() == line.len() {
        return false;
    }
    let Some(rest) = trimmed.strip_prefix("pub ") else {
        return false;
    };
    let name_len = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '#'))
        .unwrap_or(rest.len());
    name_len > 0
        && rest[name_len..]
            .strip_prefix(": ")
            .is_some_and(|ty_text| ty_text.contains(ty))
}

/// Adds the counts of one generated source file's text.
pub fn count_source(text: &str, counts: &mut Counts) {
    let mut structs = 0;
    for line in text.lines() {
        if line.starts_with("impl ::twilio_runtime::Endpoint") {
            counts.stubs += 1;
        }
        if line.starts_with("pub struct ") {
            structs += 1;
        }
        if line.starts_with("pub enum ") {
            counts.enums += 1;
        }
        if field_of_type(line, "serde_json::Value") {
            counts.values += 1;
        }
        if field_of_type(line, "Rfc2822DateTime") {
            counts.rfc_typed += 1;
        }
        if line.contains("type Response = ::twilio_runtime::serde_json::Value;") {
            counts.value_responses += 1;
        }
    }
    // Stubs are structs; they are counted apart (`structs` = all - stubs,
    // once every file is read).
    counts.structs += structs;
}

/// Adds the counts of the generator's messages.
pub fn count_messages(log: &str, counts: &mut Counts) {
    for line in log.lines() {
        if line.starts_with("warning") {
            counts.warnings += 1;
        }
        if line.contains("the spec gives no type") {
            counts.notype += 1;
        }
        if line.contains("are not generated: only form and JSON bodies are") {
            counts.dropped += 1;
        }
    }
}

/// A row of the table: each cell padded to its column's width.
pub fn row(cells: &[&str]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        match WIDTHS.get(i) {
            Some(&w) if w < 0 => out.push_str(&format!("{cell:<width$}", width = w.unsigned_abs())),
            Some(&w) => out.push_str(&format!(" {cell:>width$}", width = w.unsigned_abs())),
            None => out.push_str(&format!("  {cell}")),
        }
    }
    out
}

/// Milliseconds as seconds with one decimal, truncated.
pub fn seconds(ms: u128) -> String {
    format!("{}.{}", ms / 1000, ms % 1000 / 100)
}

/// The specs of `folder`: its YAML files, then its JSON files, each in
/// name order.
fn specs(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    all.sort();
    let mut ordered = Vec::new();
    for ext in ["yaml", "yml", "json"] {
        ordered.extend(
            all.iter()
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .cloned(),
        );
    }
    Ok(ordered)
}

/// Runs the sweep; `Ok(false)` when a spec failed.
pub fn run(args: &Args) -> Result<bool> {
    let root = util::root();
    let work = match &args.work_folder {
        Some(w) => w.clone(),
        None => util::temp_dir("sweep")?,
    };
    std::fs::create_dir_all(work.join("logs"))?;
    let work = std::path::absolute(&work)?;
    let regenerate = util::build_regenerate()?;
    let target = work.join("target");

    let mut out = std::io::stdout();
    writeln!(out, "{}", row(&HEADER))?;
    let mut totals = Counts::default();
    let mut failed = 0;
    for spec in specs(&args.spec_folder)? {
        let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
        let name = stem.strip_prefix("twilio_").unwrap_or(&stem).to_owned();
        let crate_dir = work.join("crates").join(&name);
        let log = work.join("logs").join(&name);
        let log_of = |ext: &str| log.with_extension(ext);
        if crate_dir.exists() {
            std::fs::remove_dir_all(&crate_dir)?;
        }
        let spec_text = read_or_empty(&spec);
        let mut counts = Counts {
            ops: count_operations(&spec_text),
            rfc_spec: spec_text
                .lines()
                .filter(|l| l.contains("date-time-rfc-2822"))
                .count(),
            ..Counts::default()
        };

        let start = Instant::now();
        let generated = util::logged(
            std::process::Command::new(&regenerate)
                .arg(&spec)
                .args(["--module", "api", "--crate"])
                .arg(&crate_dir)
                .arg("--crate-name")
                .arg(format!("sweep-{}", name.replace('_', "-")))
                .arg("--runtime-dependency")
                .arg(format!(
                    "{{ path = \"{}\" }}",
                    root.join("runtime").display()
                )),
            &log_of("gen"),
            false,
        )?;
        let gen_ms = start.elapsed().as_millis();
        let gen_log = read_or_empty(&log_of("gen"));
        if !generated {
            let error = first_line_starting(&gen_log, "error").unwrap_or_default();
            let result = format!("generation failed: {}", cut(error, 80));
            let ops = counts.ops.to_string();
            let mut cells = vec![name.as_str(), &ops];
            cells.extend(["-"; 11]);
            cells.push(&result);
            writeln!(out, "{}", row(&cells))?;
            failed += 1;
            continue;
        }
        for file in util::files_under(&crate_dir.join("src"), "") {
            count_source(&read_or_empty(&file), &mut counts);
        }
        counts.structs -= counts.stubs;
        count_messages(&gen_log, &mut counts);

        let start = Instant::now();
        let mut result = if util::logged(
            util::cargo()
                .current_dir(&crate_dir)
                .env("CARGO_TARGET_DIR", &target)
                .env("RUSTFLAGS", "-D warnings")
                .args(["clippy", "-q", "--all-targets", "--", "-D", "warnings"]),
            &log_of("build"),
            false,
        )? {
            "ok".to_owned()
        } else {
            let log = read_or_empty(&log_of("build"));
            let first = log
                .lines()
                .find(|l| l.starts_with("error") || l.starts_with("warning"))
                .unwrap_or_default();
            failed += 1;
            format!("build failed: {}", cut(first, 80))
        };
        let build_ms = start.elapsed().as_millis();

        if args.examples && result == "ok" {
            result = match examples(&spec, &name, &crate_dir, &target, &log_of("examples")) {
                Ok(counts) => format!("ok; {counts}"),
                Err(why) => {
                    failed += 1;
                    format!("examples failed: {why}")
                }
            };
        }
        let cells = [
            name.clone(),
            counts.ops.to_string(),
            counts.stubs.to_string(),
            counts.structs.to_string(),
            counts.enums.to_string(),
            counts.values.to_string(),
            counts.notype.to_string(),
            counts.value_responses.to_string(),
            format!("{}/{}", counts.rfc_spec, counts.rfc_typed),
            counts.dropped.to_string(),
            counts.warnings.to_string(),
            gen_ms.to_string(),
            seconds(build_ms),
            result,
        ];
        writeln!(
            out,
            "{}",
            row(&cells.iter().map(String::as_str).collect::<Vec<_>>())
        )?;
        totals.add(&counts);
    }
    let numbers = totals.totals().map(|n| n.to_string());
    let mut cells = vec!["total"];
    cells.extend(numbers.iter().map(String::as_str));
    writeln!(out, "{}", row(&cells))?;
    writeln!(out, "crates and logs: {}", work.display())?;
    Ok(failed == 0)
}

/// Writes and runs the test of the spec's examples in the crate: its
/// counts line, or why it failed.
fn examples(
    spec: &Path,
    name: &str,
    crate_dir: &Path,
    target: &Path,
    log: &Path,
) -> std::result::Result<String, String> {
    let counts_in = |log: &str| {
        log.find("examples: ")
            .map(|i| log[i..].lines().next().unwrap_or_default().to_owned())
    };
    let tests = crate_dir.join("tests");
    let written = std::fs::create_dir_all(&tests)
        .map_err(Into::into)
        .and_then(|()| {
            crate::response_examples::write_test(
                spec,
                &format!("sweep_{name}::api"),
                &tests.join("examples.rs"),
            )
        });
    if let Err(e) = written {
        let _ = util::write(log, format!("{e}\n"));
        return Err(e.to_string());
    }
    let passed = util::logged(
        util::cargo()
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target)
            .args(["test", "-q", "--test", "examples", "--", "--nocapture"]),
        log,
        false,
    )
    .map_err(|e| e.to_string())?;
    let text = read_or_empty(log);
    match (passed, counts_in(&text)) {
        (true, Some(counts)) => Ok(counts),
        (_, Some(counts)) => Err(counts),
        (_, None) => Err(first_line_starting(&text, "error")
            .unwrap_or_default()
            .to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_operations_in_yaml_and_json() {
        let yaml = "paths:\n  /a:\n    get:\n      operationId: FetchA\n    post:\n      operationId: 'x'\n  # operationId: Commented\n";
        // The quoted 'x' does not start with a letter or a double quote.
        assert_eq!(count_operations(yaml), 1);
        let json = r#"{"get": {
            "operationId": "ListThings",
            "operationId" : "Create"
        }, "x-operationId": "No"}"#;
        assert_eq!(count_operations(json), 2);
    }

    #[test]
    fn counts_the_generated_code() {
        let source = "\
pub struct FetchUser {
    pub sid: UserSid,
}
impl ::twilio_runtime::Endpoint for FetchUser {
    type Response = ::twilio_runtime::serde_json::Value;
}
pub struct User {
    pub attributes: Option<::twilio_runtime::serde_json::Value>,
    pub r#type: ::twilio_runtime::serde_json::Value,
    pub date: Option<::twilio_runtime::Rfc2822DateTime>,
    pub Camel: ::twilio_runtime::serde_json::Value,
}
pub struct Other(pub ::twilio_runtime::serde_json::Value);
pub enum Status {}
";
        let mut counts = Counts::default();
        count_source(source, &mut counts);
        assert_eq!(counts.stubs, 1);
        assert_eq!(
            counts.structs, 3,
            "every struct, stubs included, until the end"
        );
        assert_eq!(counts.enums, 1);
        assert_eq!(counts.values, 2, "lower-case field names only, indented");
        assert_eq!(counts.value_responses, 1);
        assert_eq!(counts.rfc_typed, 1);
    }

    #[test]
    fn counts_the_generators_messages() {
        let log = "\
warning: spec.yaml:10:5: `x` the spec gives no type; typed serde_json::Value
warning: spec.yaml:20:5: the bodies of CreateX (multipart/form-data) are not generated: only form and JSON bodies are
warning: other
note: the spec gives no type
";
        let mut counts = Counts::default();
        count_messages(log, &mut counts);
        assert_eq!((counts.warnings, counts.notype, counts.dropped), (3, 2, 1));
    }

    #[test]
    fn rows_line_up_with_the_header() {
        assert_eq!(
            row(&HEADER),
            "spec                      ops stubs structs enums Value notype V.rsp    2822 drop warn gen ms build s  result"
        );
        let cells = [
            "chat_v3", "3", "3", "12", "2", "0", "0", "0", "0/0", "0", "0", "41", "12.3", "ok",
        ];
        assert_eq!(
            row(&cells),
            "chat_v3                     3     3      12     2     0      0     0     0/0    0    0     41    12.3  ok"
        );
        assert_eq!(row(&["total", "3"]), "total                       3");
    }

    #[test]
    fn seconds_are_truncated_to_tenths() {
        assert_eq!(seconds(12_345), "12.3");
        assert_eq!(seconds(999), "0.9");
        assert_eq!(seconds(60_050), "60.0");
    }
}
