//! `regenerate`: rewrites the checked-in `generated/` folder from `spec/`.
//!
//! ```text
//! cargo run -p twilio-codegen --bin regenerate            # rewrite generated/
//! cargo run -p twilio-codegen --bin regenerate -- --check # compare only
//! cargo run -p twilio-codegen --bin regenerate -- my_api.yaml --module api --out src/api
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use twilio_codegen::{Builder, Changes, Class, FileStatus, Generated, Replay};

/// The most lines of diff `--check` prints for one file, and in all.
const DIFF_LINES_PER_FILE: usize = 40;
const DIFF_LINES_IN_ALL: usize = 200;

const EXIT_STATUS: &str = "\
Exit status:
  0  the generated code is up to date (--check), or was written, or the
     report of --changes was printed
  1  --check found stale, missing or orphaned files
  2  error: bad arguments, a spec that cannot be read or used, a file in
     the way, a failed write, or an API listing on disk that does not read
With --exit-code, --check and --changes say what changed instead:
  0  nothing (--changes), or up to date (--check)
  1  docs or code changed, the API did not
  3  the API changed compatibly: additions callers cannot notice
  4  the API changed in a way that may break callers";

/// Exit statuses of `--exit-code`.
const DOCS_ONLY: u8 = 1;
const COMPATIBLE: u8 = 3;
const BREAKING: u8 = 4;

/// Regenerates Rust code from Twilio OpenAPI specs.
///
/// Each spec becomes one module folder under the output folder. The module is
/// named after the last part of the spec's file name (`twilio_chat_v2.yaml` →
/// `v2/`), or after the whole name when that part is a number or a keyword
/// (`api_2024.yaml` → `api_2024/`); `--module NAME` right after a spec names
/// its module instead.
///
/// Only files whose content changed are written, atomically. Generated files
/// that are no longer generated are removed, whole module folders included.
/// Files that were not generated (whose first line is not the generator's
/// header) are never removed, and never overwritten without --force.
#[derive(Debug, Parser)]
#[command(name = "regenerate", version, after_help = EXIT_STATUS)]
struct Args {
    /// Specs to generate from, as with --spec. Default: every .yaml, .yml and
    /// .json file in spec/.
    #[arg(value_name = "SPEC")]
    positional: Vec<PathBuf>,

    /// A spec to generate from; repeat for several.
    #[arg(long = "spec", value_name = "FILE")]
    specs: Vec<PathBuf>,

    /// Names the module of the spec given just before it.
    ///
    /// As in `--spec twilio_chat_v2.yaml --module chat` or
    /// `twilio_chat_v2.yaml --module chat`. Give one after each spec whose
    /// default module does not suit.
    #[arg(long = "module", value_name = "NAME")]
    modules: Vec<String>,

    /// The output folder.
    #[arg(long, value_name = "DIR", default_value = "generated")]
    out: PathBuf,

    /// Write a complete crate into DIR instead of modules into --out:
    /// `Cargo.toml`, `src/lib.rs` and the modules under `src/`, ready for
    /// `cargo check` in DIR.
    #[arg(long = "crate", value_name = "DIR", conflicts_with = "out")]
    crate_dir: Option<PathBuf>,

    /// The name of the crate --crate writes; by default the name of its
    /// folder.
    #[arg(long = "crate-name", value_name = "NAME", requires = "crate_dir")]
    crate_name: Option<String>,

    /// The crate's `twilio-runtime` dependency, as written in Cargo.toml:
    /// a version (`"0.1"`) or a table (`{ path = "../runtime" }`). By
    /// default, this generator's own version.
    #[arg(
        long = "runtime-dependency",
        value_name = "TOML",
        requires = "crate_dir"
    )]
    runtime_dependency: Option<String>,

    /// Write nothing; list stale, missing and orphaned files, and exit 1 if
    /// there are any.
    ///
    /// Each stale file is shown as a unified diff from the file on disk to
    /// the generated one, at most 40 lines per file and 200 in all. Then
    /// what the new code changes in the API, from the API listing on disk
    /// (`api.txt`) to the new one: each item added, removed or changed,
    /// breaking, compatible or docs only, with the reason.
    #[arg(long)]
    check: bool,

    /// Report what a spec update changes in the API, without writing
    /// anything: the code OLD and NEW would generate, compared item by item
    /// (breaking, compatible or docs only, with the reason).
    ///
    /// Both are generated in memory as one module (NEW's default module, or
    /// the --module given), with the options given.
    #[arg(
        long,
        num_args = 2,
        value_names = ["OLD", "NEW"],
        conflicts_with_all = ["check", "crate_dir", "positional", "specs", "force", "out"]
    )]
    changes: Option<Vec<PathBuf>>,

    /// How --check and --changes print the API changes: `text` for a
    /// terminal, `markdown` for a pull request comment, `json` for tools.
    /// With `markdown` or `json`, --check prints only the API report on
    /// standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// With --check or --changes, exit with 1 when only docs or code that
    /// is not API changed, 3 when the API changed compatibly, and 4 when a
    /// change may break callers (0 when nothing changed).
    #[arg(long)]
    exit_code: bool,

    /// Overwrite files at generated paths that were not generated.
    ///
    /// A file whose first line is not the generator's header was written by
    /// hand. Without --force such a file at a path the generator writes to
    /// is an error, and nothing is written.
    #[arg(long)]
    force: bool,

    /// How long to wait for another run that is writing the same folder,
    /// in seconds; then it is an error that names the folder's lock file.
    #[arg(long = "lock-wait", value_name = "SECONDS", default_value = "60", value_parser = seconds)]
    lock_wait: f64,

    /// Puts ATTRIBUTE on the types MATCHER names: `*` for every struct, enum
    /// and endpoint stub, a Rust name (`User`, `v2::User`) or a spec name
    /// (`chat.v2.service.user`, `FetchUser`). Repeat for several.
    #[arg(long = "type-attribute", value_name = "MATCHER=ATTRIBUTE", value_parser = pair)]
    type_attributes: Vec<(String, String)>,

    /// Derives PATH (such as `Hash`) on the types MATCHER names, as
    /// --type-attribute does with `#[derive(PATH)]`. Repeat for several.
    #[arg(long = "derive", value_name = "MATCHER=PATH", value_parser = pair)]
    derives: Vec<(String, String)>,

    /// Names the Rust type of SPEC_NAME (a component schema, an operationId
    /// or a SID prefix) RUST_NAME. Repeat for several.
    #[arg(long = "rename", value_name = "SPEC_NAME=RUST_NAME", value_parser = pair)]
    renames: Vec<(String, String)>,

    /// The path generated code names the runtime crate by.
    #[arg(long = "runtime-path", value_name = "PATH", default_value = twilio_codegen::DEFAULT_RUNTIME)]
    runtime_path: String,

    /// Writes each file in the compact layout (a line per item, attribute,
    /// field and statement) instead of laying it out as rustfmt would: the
    /// same code, generated several times faster.
    #[arg(long = "compact")]
    compact: bool,

    /// Puts each module behind the cargo feature of its name, and each
    /// shared SID type behind the features of the modules that use it; with
    /// --crate, the features are declared in its Cargo.toml (all on by
    /// default).
    #[arg(long = "module-features")]
    module_features: bool,

    /// Endpoint stubs derive `Deserialize`, so that requests can be rebuilt
    /// from their parameters (replayed). Off by default: it makes the
    /// generated code slower to compile.
    #[arg(long = "replay", conflicts_with = "replay_feature")]
    replay: bool,

    /// As --replay, but only when the generated crate's cargo feature NAME
    /// is enabled; the crate declares the feature.
    #[arg(long = "replay-feature", value_name = "NAME")]
    replay_feature: Option<String>,
}

/// A number of seconds, from 0 to a day.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.0..=86_400.0).contains(&s) => Ok(s),
        _ => Err(format!("expected seconds from 0 to 86400, got {text:?}")),
    }
}

/// The formats of the API change report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For a terminal.
    Text,
    /// For a pull request comment.
    Markdown,
    /// For tools.
    Json,
}

impl Format {
    fn render(self, changes: &Changes) -> String {
        match self {
            Format::Text => changes.to_string(),
            Format::Markdown => changes.to_markdown(),
            Format::Json => changes.to_json(),
        }
    }
}

/// The exit status `--exit-code` gives for the worst change.
fn status_of(worst: Option<Class>) -> u8 {
    match worst {
        None => 0,
        Some(Class::Breaking) => BREAKING,
        Some(Class::Compatible) => COMPATIBLE,
        Some(_) => DOCS_ONLY,
    }
}

/// `A=B` → `(A, B)`, splitting at the first `=`.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

/// One spec from the command line, in the order given.
#[derive(Debug)]
struct Spec {
    path: PathBuf,
    /// Given with `--module`.
    module: Option<String>,
    /// Given without `--spec`.
    positional: bool,
}

fn main() -> ExitCode {
    let matches = Args::command().get_matches();
    let mut args = match Args::from_arg_matches(&matches) {
        Ok(args) => args,
        Err(e) => e.exit(),
    };
    // A crate is written to its own folder; everything else is the same.
    if let Some(dir) = &args.crate_dir {
        args.out.clone_from(dir);
    }
    let result = match &args.changes {
        Some(pair) => run_changes(&args, &pair[0], &pair[1]),
        None => run(&args, &matches),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// `--changes OLD NEW`: both listings in memory, compared.
fn run_changes(args: &Args, old: &Path, new: &Path) -> Result<u8, String> {
    let module = match args.modules.as_slice() {
        [] => twilio_codegen::default_module(new),
        [one] => one.clone(),
        _ => return Err("--changes takes one --module, the module of both specs".into()),
    };
    let listing = |spec: &Path| {
        configured(args)
            .spec(spec)
            .module(&module)
            .listing()
            .map_err(|e| e.to_string())
    };
    let changes = listing(old)?.changes(&listing(new)?);
    print!("{}", args.format.render(&changes));
    Ok(if args.exit_code {
        status_of(changes.worst())
    } else {
        0
    })
}

/// A builder with the options of the command line, and no spec yet.
fn configured(args: &Args) -> Builder {
    let mut builder = Builder::new()
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .runtime_path(&args.runtime_path)
        .pretty(!args.compact)
        .module_features(args.module_features)
        .replay(match (&args.replay_feature, args.replay) {
            (Some(name), _) => Replay::Feature(name.clone()),
            (None, true) => Replay::On,
            (None, false) => Replay::Off,
        });
    for (matcher, attribute) in &args.type_attributes {
        builder = builder.type_attribute(matcher, attribute);
    }
    for (matcher, path) in &args.derives {
        builder = builder.derive(matcher, path);
    }
    for (from, to) in &args.renames {
        builder = builder.rename(from, to);
    }
    builder
}

fn run(args: &Args, matches: &ArgMatches) -> Result<u8, String> {
    if args.out.is_file() {
        let flag = if args.crate_dir.is_some() {
            "--crate"
        } else {
            "--out"
        };
        return Err(format!(
            "{flag} {} is a file; expected a folder",
            args.out.display()
        ));
    }
    let given = specs_given(args, matches)?;
    let specs = if given.is_empty() {
        default_specs(Path::new("spec"))?
            .into_iter()
            .map(|path| Spec {
                path,
                module: None,
                positional: false,
            })
            .collect()
    } else {
        given
    };
    let mut builder = configured(args);
    for (spec, module) in modules(&specs)? {
        builder = builder.spec(&spec.path).module(module);
    }
    let mut generated = builder
        .generate()
        .map_err(|e| e.to_string())?
        .force(args.force)
        .lock_wait(std::time::Duration::from_secs_f64(args.lock_wait));
    if args.crate_dir.is_some() {
        let name = match &args.crate_name {
            Some(name) => name.clone(),
            None => crate_name(&args.out),
        };
        generated = generated
            .into_crate(&name, args.runtime_dependency.as_deref())
            .map_err(|e| e.to_string())?;
    }
    for warning in generated.warnings() {
        eprintln!("warning: {warning}");
    }
    // What the new code changes in the API, from the listing on disk; read
    // before anything is written.
    let changes = api_changes(args, &generated);
    let report = if args.check {
        generated.check(&args.out)
    } else {
        generated.write_to(&args.out)
    }
    .map_err(|e| match e {
        twilio_codegen::Error::Write { ref source, .. }
            if source.kind() == std::io::ErrorKind::AlreadyExists =>
        {
            format!(
                "{e}\nmove what was written by hand elsewhere, \
                 or pass --force to overwrite files that were not generated"
            )
        }
        e => e.to_string(),
    })?;

    let text = args.format == Format::Text;
    let (unchanged, problems) = if text || !args.check {
        print_report(args, generated.files(), &report)
    } else {
        count(&report)
    };
    let summary = format!(
        "{} files from {} spec(s): {unchanged} unchanged{}",
        generated.files().len(),
        specs.len(),
        if problems > 0 {
            format!(", {problems} out of date")
        } else {
            String::new()
        }
    );
    let changes = changes?;
    if text || !args.check {
        println!("{summary}");
        match &changes {
            Some(changes) if !changes.is_empty() && args.check => print!("\n{changes}"),
            Some(changes) if !changes.is_empty() => println!("API changes: {}", changes.summary()),
            None if args.check && problems > 0 && had_output(args, &report) => {
                println!(
                    "\nno API listing at {}: API changes are not reported",
                    args.out.join(generated.listing_file()).display()
                );
            }
            _ => {}
        }
    } else {
        eprintln!("{summary}");
        print!(
            "{}",
            args.format.render(&changes.clone().unwrap_or_default())
        );
    }
    if problems > 0 {
        eprintln!(
            "generated code is out of date: run `{}`",
            command_line(args, matches)
        );
    }
    Ok(match (problems, args.exit_code) {
        (0, _) => 0,
        (_, false) => 1,
        (_, true) => status_of(changes.and_then(|c| c.worst())).max(DOCS_ONLY),
    })
}

/// The API changes from the listing in the output folder to the new one:
/// `None` when there is none on disk. In write mode a listing that does not
/// read is left to be overwritten; with --check it is an error.
fn api_changes(args: &Args, generated: &Generated) -> Result<Option<Changes>, String> {
    match generated.changes_from(&args.out) {
        Ok(changes) => Ok(changes),
        Err(e) if args.check => Err(e.to_string()),
        Err(e) => {
            eprintln!("warning: {e}");
            Ok(None)
        }
    }
}

/// Whether the output folder held generated files before this run.
fn had_output(args: &Args, report: &[(PathBuf, FileStatus)]) -> bool {
    report.iter().any(|(file, status)| match status {
        FileStatus::Stale => args.out.join(file).exists(),
        _ => true,
    })
}

/// How many files are up to date and how many out of date.
fn count(report: &[(PathBuf, FileStatus)]) -> (usize, usize) {
    let unchanged = report
        .iter()
        .filter(|(_, s)| *s == FileStatus::Unchanged)
        .count();
    let problems = report
        .iter()
        .filter(|(_, s)| {
            matches!(
                s,
                FileStatus::Stale | FileStatus::NotGenerated | FileStatus::Orphaned
            )
        })
        .count();
    (unchanged, problems)
}

/// Prints a line for each file that was written, removed or found out of
/// date, with a diff for stale files. Returns how many files were unchanged
/// and how many out of date.
fn print_report(
    args: &Args,
    files: &BTreeMap<PathBuf, String>,
    report: &[(PathBuf, FileStatus)],
) -> (usize, usize) {
    // Module folders still generated; an orphan elsewhere is a whole module
    // that is no longer generated.
    let folders: BTreeSet<&Path> = files.keys().filter_map(|f| f.parent()).collect();
    let why = |file: &Path| match file.parent() {
        Some(folder) if !folders.contains(folder) => {
            format!("module {} no longer generated", folder.display())
        }
        _ => "no longer generated".to_string(),
    };
    let mut diffs = Diffs {
        files,
        left: DIFF_LINES_IN_ALL,
    };
    let mut gone_folders = BTreeSet::new();
    let mut unchanged = 0;
    let mut problems = 0;
    for (file, status) in report {
        let shown = args.out.join(file);
        let shown = shown.display();
        match status {
            FileStatus::Unchanged => unchanged += 1,
            FileStatus::Written => println!("wrote    {shown}"),
            FileStatus::Removed => {
                println!("removed  {shown} ({})", why(file));
                if let Some(folder) = file.parent().filter(|f| !folders.contains(f)) {
                    gone_folders.insert(folder);
                }
            }
            FileStatus::Leftover => {
                println!("removed  {shown} (temporary file of an interrupted run)");
            }
            FileStatus::Stale => {
                problems += 1;
                let what = if args.out.join(file).exists() {
                    "stale"
                } else {
                    "missing"
                };
                println!("{what:<8} {shown}");
                diffs.print(&args.out, file);
            }
            FileStatus::NotGenerated => {
                problems += 1;
                let why = if args.force {
                    "--force overwrites it"
                } else {
                    "regenerate refuses to overwrite it without --force"
                };
                println!("stale    {shown} (not generated by twilio-codegen; {why})");
                diffs.print(&args.out, file);
            }
            FileStatus::Orphaned => {
                problems += 1;
                println!("orphaned {shown} ({})", why(file));
            }
            // A status added to the library later: say what it is.
            other => println!("{other:?} {shown}"),
        }
    }
    for folder in gone_folders {
        let path = args.out.join(folder);
        if !path.exists() {
            println!("removed  {}/ (empty)", path.display());
        }
    }
    (unchanged, problems)
}

/// Prints diffs of stale files within a budget of lines.
struct Diffs<'a> {
    files: &'a BTreeMap<PathBuf, String>,
    /// Lines that may still be printed.
    left: usize,
}

impl Diffs<'_> {
    /// Prints a unified diff from `file` in `out` to what is generated for
    /// it, if it exists and the budget allows; then how many lines were
    /// left out.
    fn print(&mut self, out: &Path, file: &Path) {
        let path = out.join(file);
        let (Ok(old), Some(new)) = (std::fs::read(&path), self.files.get(file)) else {
            return;
        };
        let old = String::from_utf8_lossy(&old);
        let shown = path.display().to_string();
        let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_str())
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("{shown} (on disk)"),
                &format!("{shown} (generated)"),
            )
            .to_string();
        for line in bounded(&diff, &mut self.left) {
            println!("{line}");
        }
    }
}

/// The first lines of `text`: at most [`DIFF_LINES_PER_FILE`] and at most
/// `left`, which is reduced by as many; then `… N more lines` if any were
/// left out.
fn bounded<'a>(text: &'a str, left: &mut usize) -> Vec<Cow<'a, str>> {
    let total = text.lines().count();
    let limit = total.min(DIFF_LINES_PER_FILE).min(*left);
    *left -= limit;
    let mut lines: Vec<Cow<'a, str>> = text.lines().take(limit).map(Cow::Borrowed).collect();
    if total > limit {
        lines.push(Cow::Owned(format!("… {} more lines", total - limit)));
    }
    lines
}

/// The specs given on the command line, positional or with `--spec`, in the
/// order given, each with the `--module` that follows it.
fn specs_given(args: &Args, matches: &ArgMatches) -> Result<Vec<Spec>, String> {
    let mut specs: Vec<(usize, Spec)> = Vec::new();
    for (id, positional, paths) in [
        ("positional", true, &args.positional),
        ("specs", false, &args.specs),
    ] {
        let indices = matches.indices_of(id).into_iter().flatten();
        for (index, path) in indices.zip(paths) {
            let spec = Spec {
                path: path.clone(),
                module: None,
                positional,
            };
            specs.push((index, spec));
        }
    }
    specs.sort_by_key(|(index, _)| *index);
    let indices = matches.indices_of("modules").into_iter().flatten();
    for (index, name) in indices.zip(&args.modules) {
        let Some((_, spec)) = specs.iter_mut().rev().find(|(i, _)| *i < index) else {
            return Err(format!(
                "--module {name} comes before any spec; put it right after the spec it names, \
                 as in `--spec FILE --module {name}`"
            ));
        };
        if let Some(first) = &spec.module {
            return Err(format!(
                "{}: --module given twice ({first}, {name}); give one --module after each spec",
                spec.path.display()
            ));
        }
        spec.module = Some(name.clone());
    }
    Ok(specs.into_iter().map(|(_, spec)| spec).collect())
}

/// Each spec with its module: the one given, or the default; two specs that
/// would share a module are an error that says how to tell them apart.
fn modules(specs: &[Spec]) -> Result<Vec<(&Spec, String)>, String> {
    let mut seen: BTreeMap<String, &Spec> = BTreeMap::new();
    let mut out = Vec::new();
    for spec in specs {
        let module = spec
            .module
            .clone()
            .unwrap_or_else(|| twilio_codegen::default_module(&spec.path));
        if let Some(other) = seen.insert(module.clone(), spec) {
            let how = if spec.module.is_some() && other.module.is_some() {
                "give them different names"
            } else {
                "name one of them with --module NAME right after it"
            };
            return Err(format!(
                "{} and {} would both become module {module}; {how}",
                other.path.display(),
                spec.path.display()
            ));
        }
        out.push((spec, module));
    }
    Ok(out)
}

/// The command that regenerates with the arguments of this run: the short
/// form when it ran with the defaults.
fn command_line(args: &Args, matches: &ArgMatches) -> String {
    let mut words: Vec<Cow<'_, str>> = Vec::new();
    // Only what was given; `specs_given` has already accepted it.
    for spec in specs_given(args, matches).unwrap_or_default() {
        if !spec.positional {
            words.push("--spec".into());
        }
        words.push(spec.path.to_string_lossy().into_owned().into());
        if let Some(module) = spec.module {
            words.push("--module".into());
            words.push(module.into());
        }
    }
    if let Some(dir) = &args.crate_dir {
        words.push("--crate".into());
        words.push(dir.to_string_lossy());
        for (flag, value) in [
            ("--crate-name", &args.crate_name),
            ("--runtime-dependency", &args.runtime_dependency),
        ] {
            if let Some(value) = value {
                words.push(flag.into());
                words.push(value.as_str().into());
            }
        }
    } else if matches.value_source("out") == Some(ValueSource::CommandLine) {
        words.push("--out".into());
        words.push(args.out.to_string_lossy());
    }
    if args.force {
        words.push("--force".into());
    }
    for (flag, pairs) in [
        ("--type-attribute", &args.type_attributes),
        ("--derive", &args.derives),
        ("--rename", &args.renames),
    ] {
        for (a, b) in pairs {
            words.push(flag.into());
            words.push(format!("{a}={b}").into());
        }
    }
    if matches.value_source("lock_wait") == Some(ValueSource::CommandLine) {
        words.push("--lock-wait".into());
        words.push(args.lock_wait.to_string().into());
    }
    if matches.value_source("runtime_path") == Some(ValueSource::CommandLine) {
        words.push("--runtime-path".into());
        words.push(args.runtime_path.as_str().into());
    }
    if args.compact {
        words.push("--compact".into());
    }
    if args.module_features {
        words.push("--module-features".into());
    }
    if args.replay {
        words.push("--replay".into());
    }
    if let Some(name) = &args.replay_feature {
        words.push("--replay-feature".into());
        words.push(name.as_str().into());
    }
    let mut line = String::from("cargo run -p twilio-codegen --bin regenerate");
    if !words.is_empty() {
        line.push_str(" --");
        for word in &words {
            line.push(' ');
            line.push_str(&shell_quote(word));
        }
    }
    line
}

/// `word` as a POSIX shell reads it back: as it is when that is safe, else in
/// single quotes.
fn shell_quote(word: &str) -> Cow<'_, str> {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', r"'\''")))
    }
}

/// A crate name from a folder's name: `my api` → `my-api`.
fn crate_name(dir: &Path) -> String {
    let folder = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let name: String = folder
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}

fn default_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "{}: cannot list specs ({e}); run from the workspace root or pass --spec",
            dir.display()
        )
    })?;
    let mut specs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    specs.sort();
    if specs.is_empty() {
        return Err(format!(
            "{}: no .yaml, .yml or .json spec found",
            dir.display()
        ));
    }
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &[&str]) -> Result<Vec<(String, Option<String>)>, String> {
        let matches = Args::command()
            .try_get_matches_from(std::iter::once("regenerate").chain(line.iter().copied()))
            .map_err(|e| e.to_string())?;
        let args = Args::from_arg_matches(&matches).map_err(|e| e.to_string())?;
        Ok(specs_given(&args, &matches)?
            .into_iter()
            .map(|s| (s.path.display().to_string(), s.module))
            .collect())
    }

    fn spec(path: &str, module: Option<&str>) -> (String, Option<String>) {
        (path.to_string(), module.map(str::to_string))
    }

    #[test]
    fn modules_belong_to_the_spec_before_them() {
        assert_eq!(
            parse(&["a.yaml", "--spec", "b.yaml", "--module", "bee", "c.yaml"]).unwrap(),
            vec![
                spec("a.yaml", None),
                spec("b.yaml", Some("bee")),
                spec("c.yaml", None)
            ]
        );
        assert_eq!(
            parse(&["--spec=a.yaml", "--module=x", "b.yaml", "--module", "y"]).unwrap(),
            vec![spec("a.yaml", Some("x")), spec("b.yaml", Some("y"))]
        );
        assert_eq!(parse(&["--check"]).unwrap(), vec![]);
    }

    #[test]
    fn a_module_without_a_spec_before_it_is_an_error() {
        let err = parse(&["--module", "x", "a.yaml"]).unwrap_err();
        assert!(err.contains("--module x comes before any spec"), "{err}");
        let err = parse(&["a.yaml", "--module", "x", "--module", "y"]).unwrap_err();
        assert!(err.contains("a.yaml: --module given twice (x, y)"), "{err}");
    }

    #[test]
    fn diffs_are_bounded_per_file_and_in_all() {
        let long: String = (1..=100).map(|i| format!("{i}\n")).collect();
        let mut left = DIFF_LINES_IN_ALL;
        let first = bounded(&long, &mut left);
        assert_eq!(first.len(), DIFF_LINES_PER_FILE + 1);
        assert_eq!(first[0], "1");
        assert_eq!(first[DIFF_LINES_PER_FILE], "… 60 more lines");
        assert_eq!(left, DIFF_LINES_IN_ALL - DIFF_LINES_PER_FILE);

        assert_eq!(bounded("a\nb\n", &mut left), vec!["a", "b"]);
        left = 3;
        assert_eq!(bounded(&long, &mut left).last().unwrap(), "… 97 more lines");
        assert_eq!(left, 0);
        assert_eq!(bounded("a\nb\n", &mut left), vec!["… 2 more lines"]);
    }

    #[test]
    fn arguments_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_quote("spec/a_v2.yaml"), "spec/a_v2.yaml");
        assert_eq!(shell_quote("my specs/a.yaml"), "'my specs/a.yaml'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
