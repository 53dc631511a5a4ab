//! `cargo xtask peers`: this generator beside its peers. How long each
//! takes to generate Rust from the same specs, and how long the code it
//! generates takes to compile; see `xtask/README.md` for the method.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::hyperfine::Hyperfine;
use crate::stats::{median, PairedRatio, Summary};
use crate::util::{self, machine};
use crate::Result;

const OPENAPI_TO_RUST: &str = "0.23.0";
const OAS3_GEN: &str = "0.29.0";
const CARGO_PROGENITOR: &str = "0.15.1";
const OPENAPI_GENERATOR: &str = "7.26.0";
const HYPERFINE: &str = "1.20.0";

/// What the comparison is given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where everything is kept: the installed tools, the specs, each
    /// tool's output, the crates and their target folders, hyperfine's JSON
    /// (results/) and the summary (summary.md). Default: `target/peers` in
    /// the workspace. A second run reuses the tools and the dependencies.
    work_dir: Option<PathBuf>,
    /// Specs to generate.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "chat_v1,chat_v2,fleet_v1"
    )]
    specs: Vec<String>,
    /// Specs whose outputs are compiled.
    #[arg(long, value_delimiter = ',', default_value = "chat_v2,fleet_v1")]
    build_specs: Vec<String>,
    /// Peers to include (none: `--tools ''`).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "openapi-to-rust,oas3-gen-types,oas3-gen-client,progenitor,openapi-generator"
    )]
    tools: Vec<String>,
    /// More specs from outside the workspace, each named by its file name
    /// without `.yaml`, generated and compiled like the others (e.g.
    /// Twilio's published `twilio_api_v2010.yaml`).
    #[arg(long, value_delimiter = ',')]
    extra_specs: Vec<PathBuf>,
    /// Timed generation runs per command for the extra specs, in 2 rounds.
    #[arg(long, default_value_t = 4)]
    extra_runs: usize,
    /// Timed builds and checks per crate for the extra specs.
    #[arg(long, default_value_t = 1)]
    extra_build_runs: usize,
    /// Timed generation runs per command.
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// Rounds the generation runs are split into.
    #[arg(long, default_value_t = 4)]
    rounds: usize,
    /// Timed builds and checks per crate for chat.
    #[arg(long, default_value_t = 5)]
    build_runs: usize,
    /// The same for fleet_v1.
    #[arg(long, default_value_t = 3)]
    large_build_runs: usize,
    /// The 1-minute load average to wait for before timing.
    #[arg(long, default_value_t = 1.5)]
    max_load: f64,
    /// Seconds to wait for it at most, then go on with a warning; before
    /// every round the run also waits (as long) until no other rustc runs.
    #[arg(long, default_value_t = 0)]
    wait: u64,
}

/// One command's row of a timed comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub summary: Summary,
    /// The paired ratio to the baseline, when it was timed.
    pub base: Option<PairedRatio>,
    /// The paired ratio to the reference, when it was timed.
    pub reference: Option<PairedRatio>,
}

/// A timed comparison: its rows, in the order of the first round, and
/// the load before and after.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub load: (String, String),
}

impl Table {
    fn get(&self, label: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.label == label)
    }
}

/// The table of rounds of hyperfine results (each round's commands, in
/// any order): every run's times pooled per command, and the ratios paired
/// round by round.
pub fn table(rounds: &[Vec<crate::hyperfine::Run>], baseline: &str, reference: &str) -> Table {
    let mut labels: Vec<String> = Vec::new();
    let mut times: HashMap<String, Vec<f64>> = HashMap::new();
    let mut per_round: Vec<HashMap<String, f64>> = Vec::new();
    for round in rounds {
        let mut medians = HashMap::new();
        for run in round {
            if !labels.contains(&run.command) {
                labels.push(run.command.clone());
            }
            times
                .entry(run.command.clone())
                .or_default()
                .extend(&run.times);
            medians.insert(run.command.clone(), median(&run.times).unwrap_or(f64::NAN));
        }
        per_round.push(medians);
    }
    let ratio = |label: &str, base: &str| {
        if !times.contains_key(base) {
            return None;
        }
        PairedRatio::of(per_round.iter().map(|m| (m[label], m[base])))
    };
    let rows = labels
        .iter()
        .filter_map(|label| {
            Some(Row {
                label: label.clone(),
                summary: Summary::of(&times[label])?,
                base: ratio(label, baseline),
                reference: ratio(label, reference),
            })
        })
        .collect();
    Table {
        rows,
        load: Default::default(),
    }
}

fn ratio_text(r: Option<PairedRatio>) -> String {
    r.map_or(String::new(), |r| format!("{:.3}", r.median))
}

/// " (lo–hi)" for a ratio whose rounds differ.
fn range(r: Option<PairedRatio>) -> String {
    match r {
        Some(r) if format!("{:.3}", r.min) != format!("{:.3}", r.max) => {
            format!(" ({:.3}–{:.3})", r.min, r.max)
        }
        _ => String::new(),
    }
}

/// The lines printed after a comparison.
pub fn table_report(name: &str, table: &Table, baseline: &str, reference: &str) -> String {
    let mut out = format!("   {name}: load {} -> {}\n", table.load.0, table.load.1);
    for row in &table.rows {
        let s = &row.summary;
        let (unit, scale) = if s.median < 1.0 {
            ("ms", 1000.0)
        } else {
            ("s", 1.0)
        };
        let _ = write!(
            out,
            "   {:<18} median {:9.3} {unit}  (min {:.3}, max {:.3}, {} runs)",
            row.label,
            s.median * scale,
            s.min * scale,
            s.max * scale,
            s.runs
        );
        if let Some(b) = row.base {
            let _ = write!(
                out,
                "  x{:.3} of {baseline} ({:.3}-{:.3})",
                b.median, b.min, b.max
            );
        }
        if let Some(r) = row.reference {
            if reference != baseline && row.label != reference {
                let _ = write!(out, "  x{:.3} of {reference}", r.median);
            }
        }
        out.push('\n');
    }
    out
}

/// Everything the summary is made of.
#[derive(Debug, Default)]
pub struct Findings {
    pub specs: Vec<String>,
    pub build_specs: Vec<String>,
    /// Comparisons by name (`gen-chat_v2`, `gen1-chat_v2`, `build-…`,
    /// `check-…`).
    pub tables: HashMap<String, Table>,
    /// Non-blank lines of Rust per (spec, tool).
    pub lines: HashMap<(String, String), usize>,
    pub facts: Vec<(String, String)>,
    pub preprocessing: Vec<String>,
    pub problems: Vec<String>,
}

/// The summary, in markdown.
#[allow(clippy::too_many_lines)] // one table after the other
pub fn summary(f: &Findings) -> String {
    let mut out = String::new();
    let empty = Table::default();
    let table = |name: &str| f.tables.get(name).unwrap_or(&empty);
    let load = |name: &str| {
        f.tables
            .get(name)
            .map_or("?".to_owned(), |t| format!("{} → {}", t.load.0, t.load.1))
    };
    let lines = |spec: &str, tool: &str| f.lines.get(&(spec.to_owned(), tool.to_owned())).copied();
    let dash = |s: String| if s.is_empty() { "–".to_owned() } else { s };

    out.push_str("## Generation (whole process, into an empty folder; median of all runs)\n\n");
    out.push_str("| spec | tool | median | × bare parse (range over rounds) | × regenerate | runs | lines |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for spec in &f.specs {
        for r in &table(&format!("gen-{spec}")).rows {
            let _ = writeln!(
                out,
                "| {spec} | {} | {:.1} ms | {}{} | {} | {} | {} |",
                r.label,
                r.summary.median * 1000.0,
                ratio_text(r.base),
                range(r.base),
                dash(ratio_text(r.reference)),
                r.summary.runs,
                lines(spec, &r.label).map_or("–".into(), |n| n.to_string())
            );
        }
    }
    out.push('\n');
    let loads: Vec<String> = f
        .specs
        .iter()
        .map(|s| format!("{s} {}", load(&format!("gen-{s}"))))
        .collect();
    let _ = writeln!(
        out,
        "Load average (1, 5, 15 min) before → after: {}\n",
        loads.join("; ")
    );

    out.push_str("## Generation pinned to one core (`taskset -c 0`)\n\n");
    out.push_str(
        "| spec | tool | median | bare parse | × bare parse (range over rounds) | runs |\n",
    );
    out.push_str("|---|---|---|---|---|---|\n");
    for spec in &f.specs {
        let t = table(&format!("gen1-{spec}"));
        let Some(bare) = t.get("bare-parse") else {
            continue;
        };
        for r in t.rows.iter().filter(|r| r.label != "bare-parse") {
            let _ = writeln!(
                out,
                "| {spec} | {} | {:.1} ms | {:.1} ms | {}{} | {} |",
                r.label,
                r.summary.median * 1000.0,
                bare.summary.median * 1000.0,
                ratio_text(r.base),
                range(r.base),
                r.summary.runs
            );
        }
    }
    out.push('\n');

    for spec in &f.build_specs {
        let (build, check) = (
            table(&format!("build-{spec}")),
            table(&format!("check-{spec}")),
        );
        if build.rows.is_empty() && check.rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "## Compiling the output: {spec} (crate only, debug, CARGO_INCREMENTAL=0)\n"
        );
        out.push_str("| tool | lines | cargo build | × regenerate's (range) | cargo check | × regenerate's (range) | check s per 1,000 lines |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        let mut labels: Vec<&str> = build.rows.iter().map(|r| r.label.as_str()).collect();
        labels.extend(
            check
                .rows
                .iter()
                .map(|r| r.label.as_str())
                .filter(|l| build.get(l).is_none()),
        );
        for label in labels {
            let (b, c) = (build.get(label), check.get(label));
            let n = lines(spec, label);
            #[allow(clippy::cast_precision_loss)] // line counts are small
            let per = match (c, n) {
                (Some(c), Some(n)) if n > 0 => {
                    format!("{:.3}", c.summary.median * 1000.0 / n as f64)
                }
                _ => "–".into(),
            };
            let time =
                |r: Option<&Row>| r.map_or("–".into(), |r| format!("{:.2} s", r.summary.median));
            let ratio =
                |r: Option<&Row>| r.map_or("–".into(), |r| ratio_text(r.base) + &range(r.base));
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} | {} | {per} |",
                n.map_or("–".into(), |n| n.to_string()),
                time(b),
                ratio(b),
                time(c),
                ratio(c)
            );
        }
        let _ = writeln!(
            out,
            "\nLoad before → after: build {}; check {}\n",
            load(&format!("build-{spec}")),
            load(&format!("check-{spec}"))
        );
    }

    out.push_str("## Machine, versions, preprocessing, problems\n\n");
    for (k, v) in &f.facts {
        let _ = writeln!(out, "- {k}: {v}");
    }
    for line in &f.preprocessing {
        let _ = writeln!(out, "- preprocessing: {line}");
    }
    for p in &f.problems {
        let _ = writeln!(out, "- problem: {p}");
    }
    if f.problems.is_empty() {
        out.push_str("- problems: none\n");
    }
    out
}

/// A problem's text with paths into cargo's registry shortened to the
/// crate's own (`typify-impl-0.8.0/src/...`).
pub fn shorten_registry_paths(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let Some(at) = word.find("/registry/src/") else {
                return word.to_owned();
            };
            if !word.starts_with('/') {
                return word.to_owned();
            }
            let rest = &word[at + "/registry/src/".len()..];
            match rest.find('/') {
                Some(slash) => rest[slash + 1..].to_owned(),
                None => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A spec without its `format: uri-map` lines (for progenitor); and how
/// many were removed.
pub fn without_uri_map(spec: &str) -> (String, usize) {
    let mut removed = 0;
    let mut out = String::with_capacity(spec.len());
    for line in spec.split_inclusive('\n') {
        if line.trim() == "format: uri-map" {
            removed += 1;
        } else {
            out.push_str(line);
        }
    }
    (out, removed)
}

/// openapi-generator's output with the paths it qualifies twice
/// (`models::models::X`, `models::serde_json::Value`) made right; and how
/// many there were.
pub fn fix_openapi_generator_paths(text: &str) -> (String, usize) {
    let n = text.matches("models::models::").count() + text.matches("models::serde_json::").count();
    let fixed = text
        .replace("models::models::", "models::")
        .replace("models::serde_json::", "serde_json::");
    (fixed, n)
}

/// Every line of `text` that starts with `name = ` made `name = "NAME"`.
fn rename_package(text: &str, name: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("name = ") {
                format!("name = \"{name}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// The state of a run.
struct Peers<'a> {
    args: &'a Args,
    root: PathBuf,
    work: PathBuf,
    tools: PathBuf,
    bin: PathBuf,
    results: PathBuf,
    logs: PathBuf,
    hyperfine: Hyperfine,
    oag_jar: PathBuf,
    findings: Findings,
}

impl Peers<'_> {
    fn note(&mut self, key: &str, value: String) {
        self.findings.facts.push((key.into(), value));
    }

    fn problem(&mut self, text: &str) {
        let text = shorten_registry_paths(text);
        println!("   PROBLEM: {text}");
        self.findings.problems.push(text);
    }

    /// Installs `krate` at `version` into the tools' folder unless it is
    /// there.
    fn install(&mut self, krate: &str, version: &str, binary: &str) -> bool {
        let installed = util::read_or_empty(&self.tools.join(".crates.toml"));
        if self.tools.join("bin").join(binary).is_file()
            && installed
                .lines()
                .any(|l| l.starts_with(&format!("\"{krate} {version} ")))
        {
            println!("   {krate} {version}: already installed");
            return true;
        }
        println!("   {krate} {version}: installing (several minutes) ...");
        let log = self.logs.join(format!("install-{krate}.log"));
        let ok = util::logged(
            util::cargo()
                .env_remove("CARGO_TARGET_DIR")
                .args([
                    "install",
                    "--locked",
                    "--quiet",
                    "--version",
                    version,
                    "--root",
                ])
                .arg(&self.tools)
                .arg(krate),
            &log,
            false,
        )
        .unwrap_or(false);
        if ok {
            println!("   {krate} {version}: installed");
        } else {
            let text = util::read_or_empty(&log);
            let why = util::first_line_starting(&text, "error")
                .or_else(|| text.lines().last())
                .unwrap_or_default()
                .to_owned();
            self.problem(&format!("{krate} {version} could not be installed: {why}"));
        }
        ok
    }

    /// openapi-generator's jar, from its PyPI wheel (pip downloads it, and
    /// the jar is taken out of the wheel, a zip file).
    fn install_openapi_generator(&mut self) -> bool {
        if self.oag_jar.is_file() {
            println!("   openapi-generator {OPENAPI_GENERATOR}: already installed");
            return true;
        }
        if util::which("java").is_none() {
            self.problem("openapi-generator needs java, which is not on PATH");
            return false;
        }
        println!(
            "   openapi-generator {OPENAPI_GENERATOR}: installing the jar from its PyPI wheel ..."
        );
        let wheels = self.tools.join("wheels");
        let log = self.logs.join("install-openapi-generator.log");
        let unpacked = self.tools.join("wheel-unpacked");
        let ok = util::logged(
            Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary",
                    ":all:",
                    "-d",
                ])
                .arg(&wheels)
                .arg(format!("openapi-generator-cli=={OPENAPI_GENERATOR}")),
            &log,
            false,
        )
        .unwrap_or(false)
            && util::files_under(&wheels, ".whl")
                .iter()
                .find(|w| {
                    w.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("openapi_generator_cli-"))
                })
                .is_some_and(|wheel| {
                    let _ = std::fs::remove_dir_all(&unpacked);
                    util::logged(
                        Command::new("python3")
                            .args(["-m", "zipfile", "-e"])
                            .arg(wheel)
                            .arg(&unpacked),
                        &log,
                        true,
                    )
                    .unwrap_or(false)
                })
            && self
                .oag_jar
                .parent()
                .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
            && std::fs::rename(
                unpacked.join("openapi_generator_cli/openapi-generator.jar"),
                &self.oag_jar,
            )
            .is_ok();
        let _ = std::fs::remove_dir_all(&unpacked);
        if ok {
            println!("   openapi-generator {OPENAPI_GENERATOR}: installed");
        } else {
            let last = util::read_or_empty(&log)
                .lines()
                .last()
                .unwrap_or_default()
                .to_owned();
            self.problem(&format!(
                "openapi-generator {OPENAPI_GENERATOR} could not be installed: {last}"
            ));
        }
        ok
    }

    fn version_of(&self, peer: &str) -> String {
        let bin = |b: &str| self.tools.join("bin").join(b).display().to_string();
        match peer {
            "openapi-to-rust" => machine::version(&bin("openapi-to-rust")),
            "oas3-gen-types" | "oas3-gen-client" => machine::version(&bin("oas3-gen")),
            // It has no --version.
            "progenitor" => format!("cargo-progenitor {CARGO_PROGENITOR}"),
            "openapi-generator" => {
                let version = util::stdout(
                    Command::new("java")
                        .arg("-jar")
                        .arg(&self.oag_jar)
                        .arg("version"),
                )
                .unwrap_or_default();
                let java = Command::new("java")
                    .arg("-version")
                    .output()
                    .map(|o| {
                        String::from_utf8_lossy(&o.stderr)
                            .lines()
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .unwrap_or_default();
                format!("openapi-generator {version}, rust generator, on {java}")
            }
            _ => String::new(),
        }
    }

    /// The command line that generates `spec` into `out` with `tool`.
    fn gen_command(&self, tool: &str, spec: &str, out: &Path) -> String {
        let file = self.work.join("specs").join(format!("{spec}.yaml"));
        let (file, out, bin, tools) = (
            file.display(),
            out.display(),
            self.bin.display(),
            self.tools.join("bin"),
        );
        let tools = tools.display();
        match tool {
            "bare-parse" => format!("{bin}/bare_parse {file}"),
            "regenerate" => format!("{bin}/regenerate {file} --out {out}"),
            "regenerate-compact" => format!("{bin}/regenerate {file} --compact --out {out}"),
            "openapi-to-rust" => {
                format!("{tools}/openapi-to-rust generate {file} --output-dir {out} --module-name api --quiet")
            }
            "oas3-gen-types" => format!("{tools}/oas3-gen generate -i {file} -o {out}/types.rs --quiet --color never"),
            "oas3-gen-client" => format!(
                "{tools}/oas3-gen generate client-mod --workspace -i {file} -o {out} --quiet --color never"
            ),
            "progenitor" => format!(
                "{tools}/cargo-progenitor progenitor -i {}/specs/progenitor/{spec}.yaml -o {out} -n {spec}-progenitor -v 0.1.0",
                self.work.display()
            ),
            "openapi-generator" => format!(
                "java -jar {} generate -g rust -i {file} -o {out} --package-name {}-openapi-generator",
                self.oag_jar.display(),
                spec.replace('_', "-")
            ),
            _ => String::new(),
        }
    }

    /// Waits (up to `--wait` seconds) until no other rustc runs.
    fn wait_idle(&mut self, at: &str) {
        let mut waited = 0;
        while machine::running("rustc") {
            if waited >= self.args.wait {
                println!("   WARNING: another rustc is running at {at}; timing anyway");
                self.note("warning", format!("another rustc was running at {at}"));
                return;
            }
            std::thread::sleep(Duration::from_secs(5));
            waited += 5;
        }
        if waited > 0 {
            println!("   waited {waited}s for another rustc to finish before {at}");
        }
    }

    /// Waits (up to `--wait` seconds) for the load to drop.
    fn wait_quiet(&mut self, part: &str) {
        let mut waited = 0;
        while machine::load1() > self.args.max_load {
            if waited >= self.args.wait {
                println!(
                    "   WARNING: load {} above {} at the start of {part}; timing anyway",
                    machine::loadavg(),
                    self.args.max_load
                );
                self.note(
                    "warning",
                    format!("load {} at the start of {part}", machine::loadavg()),
                );
                return;
            }
            std::thread::sleep(Duration::from_secs(15));
            waited += 15;
        }
        if waited > 0 {
            println!(
                "   waited {waited}s for the load to drop below {}",
                self.args.max_load
            );
        }
    }

    /// Runs hyperfine `rounds` times, `runs` runs of each command per
    /// round, the commands rotated one place each round; `warmup` is the
    /// untimed runs of each command in the first round and in later ones.
    /// Keeps each round's JSON in results/ and the comparison.
    #[allow(clippy::too_many_arguments)]
    fn bench(
        &mut self,
        name: &str,
        rounds: usize,
        runs: usize,
        warmup: (usize, usize),
        prefix: &[&str],
        (baseline, reference): (&str, &str),
        commands: &[(String, String, String)],
    ) -> Result<()> {
        let load_before = machine::loadavg();
        let n = commands.len();
        let mut exported = Vec::new();
        for round in 0..rounds {
            self.wait_idle(&format!("{name}, round {}", round + 1));
            let warm = if round == 0 { warmup.0 } else { warmup.1 };
            let mut args: Vec<String> = vec![
                "-N".into(),
                "--style".into(),
                "basic".into(),
                "--runs".into(),
                runs.to_string(),
                "--warmup".into(),
                warm.to_string(),
            ];
            for k in 0..n {
                args.extend(["--prepare".into(), commands[(k + round) % n].1.clone()]);
            }
            for k in 0..n {
                let (label, _, command) = &commands[(k + round) % n];
                args.extend(["--command-name".into(), label.clone(), command.clone()]);
            }
            let json = self.results.join(format!("{name}.round{round}.json"));
            let log = self.logs.join(format!("{name}.hyperfine.log"));
            match self.hyperfine.run(prefix, &args, &json, Some(&log)) {
                Ok(results) => exported.push(results),
                Err(_) => {
                    self.problem(&format!(
                        "hyperfine failed in {name} (see {})",
                        log.display()
                    ));
                    return Err(format!("hyperfine failed in {name}").into());
                }
            }
        }
        let mut t = table(&exported, baseline, reference);
        t.load = (load_before, machine::loadavg());
        print!("{}", table_report(name, &t, baseline, reference));
        self.findings.tables.insert(name.into(), t);
        Ok(())
    }

    /// A crate around `tool`'s output for `spec`, in crates/SPEC-TOOL; its
    /// lock file is kept from an earlier run.
    fn make_crate(&mut self, spec: &str, tool: &str) -> Result<()> {
        let crate_dir = self.work.join("crates").join(format!("{spec}-{tool}"));
        let lock = self.work.join("crates").join(format!("{spec}-{tool}.lock"));
        if crate_dir.join("Cargo.lock").is_file() {
            std::fs::rename(crate_dir.join("Cargo.lock"), &lock)?;
        }
        let _ = std::fs::remove_dir_all(&crate_dir);
        self.make_crate_files(spec, tool, &crate_dir)?;
        if lock.is_file() {
            std::fs::copy(&lock, crate_dir.join("Cargo.lock"))?;
        }
        Ok(())
    }

    fn make_crate_files(&mut self, spec: &str, tool: &str, crate_dir: &Path) -> Result<()> {
        let out = self.work.join("out").join(spec).join(tool);
        let package = format!("[package]\nname = \"{spec}-{tool}\"\nversion = \"0.1.0\"\n");
        match tool {
            "regenerate" => {
                let ok = util::logged(
                    Command::new(self.bin.join("regenerate"))
                        .arg(self.work.join("specs").join(format!("{spec}.yaml")))
                        .arg("--crate")
                        .arg(crate_dir)
                        .arg("--crate-name")
                        .arg(format!("{spec}-regenerate"))
                        .arg("--runtime-dependency")
                        .arg(format!(
                            "{{ path = \"{}\" }}",
                            self.root.join("runtime").display()
                        )),
                    &self.logs.join(format!("crate-{spec}-{tool}.log")),
                    false,
                )?;
                if !ok {
                    return Err("regenerate failed".into());
                }
            }
            "openapi-to-rust" => {
                std::fs::create_dir_all(crate_dir.join("src"))?;
                util::copy_dir(&out, &crate_dir.join("src/api"))?;
                std::fs::remove_file(crate_dir.join("src/api/REQUIRED_DEPS.toml"))?;
                let deps: String = util::read(&out.join("REQUIRED_DEPS.toml"))?
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .flat_map(|l| [l, "\n"])
                    .collect();
                util::write(
                    &crate_dir.join("Cargo.toml"),
                    format!(
                        "{package}edition = \"2021\"\npublish = false\n\n{deps}\n[workspace]\n"
                    ),
                )?;
                util::write(&crate_dir.join("src/lib.rs"), "pub mod api;\n")?;
            }
            "oas3-gen-types" => {
                // Its types need what its crate mode lists as dependencies.
                let client = self
                    .work
                    .join("out")
                    .join(spec)
                    .join("oas3-gen-client/Cargo.toml");
                let manifest = util::read(&client)?;
                std::fs::create_dir_all(crate_dir.join("src"))?;
                std::fs::copy(out.join("types.rs"), crate_dir.join("src/lib.rs"))?;
                let deps: String = manifest
                    .lines()
                    .skip_while(|l| !l.starts_with("[dependencies]"))
                    .flat_map(|l| [l, "\n"])
                    .collect();
                util::write(
                    &crate_dir.join("Cargo.toml"),
                    format!(
                        "{package}edition = \"2024\"\npublish = false\n\n{deps}\n[workspace]\n"
                    ),
                )?;
            }
            _ => {
                util::copy_dir(&out, crate_dir)?;
                let manifest = crate_dir.join("Cargo.toml");
                let text = rename_package(&util::read(&manifest)?, &format!("{spec}-{tool}"));
                util::write(&manifest, text + "\n[workspace]\n")?;
            }
        }
        // openapi-generator 7.26 qualifies a form parameter of an enum by
        // $ref twice and a free-form one as `models::serde_json::Value`;
        // without this one rewrite its output does not compile, so nothing
        // of it could be timed.
        if tool == "openapi-generator" {
            let mut fixed = 0;
            for file in util::files_under(&crate_dir.join("src"), ".rs") {
                let (text, n) = fix_openapi_generator_paths(&util::read(&file)?);
                if n > 0 {
                    util::write(&file, text)?;
                    fixed += n;
                }
            }
            if fixed > 0 {
                self.findings.preprocessing.push(format!(
                    "openapi-generator, {spec}: {fixed} paths `models::models::` / `models::serde_json::` rewritten in its output"
                ));
            }
        }
        Ok(())
    }
}

/// Runs the comparison.
#[allow(clippy::too_many_lines)] // the parts, in order
pub fn run(args: &Args) -> Result<bool> {
    let root = util::root();
    let started = Instant::now();
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| root.join("target/peers"));
    std::fs::create_dir_all(&work)?;
    let work = std::fs::canonicalize(&work)?;
    if work.to_string_lossy().contains(char::is_whitespace) {
        return Err(format!(
            "the work folder must not contain spaces: {}",
            work.display()
        )
        .into());
    }
    for dir in ["results", "logs", "gen", "out"] {
        let _ = std::fs::remove_dir_all(work.join(dir));
    }
    for dir in [
        "tools",
        "bin",
        "results",
        "logs",
        "specs/progenitor",
        "gen",
        "out",
        "crates",
    ] {
        std::fs::create_dir_all(work.join(dir))?;
    }
    std::env::set_var("CARGO_TERM_COLOR", "never");
    std::env::remove_var("CARGO_BUILD_TARGET_DIR");
    std::env::remove_var("CARGO_INCREMENTAL");
    for tool in ["cargo", "taskset"] {
        if util::which(tool).is_none() {
            return Err(format!("{tool} is required").into());
        }
    }

    section("machine");
    println!("date:      {}", machine::date());
    println!("cpu:       {} cores, {}", machine::cores(), machine::cpu());
    println!("memory:    {}", machine::memory());
    println!("load:      {} (1, 5, 15 min)", machine::loadavg());
    println!("rustc:     {}", machine::version("rustc"));
    println!("cargo:     {}", machine::version("cargo"));
    println!("commit:    {}", machine::commit_and_changes());
    println!("work dir:  {}", work.display());
    let mut findings = Findings {
        specs: args.specs.clone(),
        build_specs: args.build_specs.clone(),
        ..Findings::default()
    };
    for (k, v) in [
        ("date", machine::date()),
        ("cores", machine::cores()),
        ("cpu", machine::cpu()),
        ("rustc", machine::version("rustc")),
        ("commit", machine::commit()),
        ("load at start", machine::loadavg()),
    ] {
        findings.facts.push((k.into(), v));
    }

    section("1. regenerate, bare_parse and large_spec (release)");
    let bin = work.join("bin");
    util::run(
        util::cargo()
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", work.join("targets/self"))
            .args([
                "build",
                "--release",
                "--locked",
                "-q",
                "-p",
                "twilio-codegen",
            ])
            .args([
                "--bin",
                "regenerate",
                "--example",
                "bare_parse",
                "--example",
                "large_spec",
            ]),
    )?;
    for b in ["regenerate", "examples/bare_parse", "examples/large_spec"] {
        let from = work.join("targets/self/release").join(b);
        std::fs::copy(&from, bin.join(from.file_name().unwrap_or_default()))?;
    }
    println!("built into {}", bin.display());

    let tools = work.join("tools");
    section(&format!(
        "2. peers, pinned (cargo install --locked into {})",
        tools.display()
    ));
    let mut peers = Peers {
        args,
        root: root.clone(),
        work: work.clone(),
        tools: tools.clone(),
        bin,
        results: work.join("results"),
        logs: work.join("logs"),
        hyperfine: Hyperfine {
            program: PathBuf::new(),
        },
        oag_jar: tools.join(format!(
            "openapi-generator-{OPENAPI_GENERATOR}/openapi-generator.jar"
        )),
        findings,
    };
    peers.hyperfine = if let Some(hf) = Hyperfine::on_path() {
        println!(
            "   hyperfine on PATH: {} ({})",
            hf.program.display(),
            hf.version()?
        );
        hf
    } else {
        if !peers.install("hyperfine", HYPERFINE, "hyperfine") {
            return Err("hyperfine could not be installed".into());
        }
        Hyperfine {
            program: tools.join("bin/hyperfine"),
        }
    };
    let hf_version = peers.hyperfine.version()?;
    peers.note("hyperfine", hf_version);

    let mut available: HashSet<String> = HashSet::new();
    for peer in &args.tools {
        let ok = match peer.as_str() {
            "openapi-to-rust" => {
                peers.install("openapi-to-rust", OPENAPI_TO_RUST, "openapi-to-rust")
            }
            "oas3-gen-types" | "oas3-gen-client" => peers.install("oas3-gen", OAS3_GEN, "oas3-gen"),
            "progenitor" => peers.install("cargo-progenitor", CARGO_PROGENITOR, "cargo-progenitor"),
            "openapi-generator" => peers.install_openapi_generator(),
            "" => continue,
            other => {
                peers.problem(&format!("unknown peer '{other}' in --tools"));
                false
            }
        };
        if ok {
            available.insert(peer.clone());
        }
    }
    for peer in &args.tools {
        if available.contains(peer) {
            let version = peers.version_of(peer);
            println!("   {peer}: {version}");
            peers.note(&format!("version {peer}"), version);
        }
    }

    section("3. specs");
    let specs_dir = work.join("specs");
    std::fs::copy(
        root.join("spec/twilio_chat_v1.yaml"),
        specs_dir.join("chat_v1.yaml"),
    )?;
    std::fs::copy(
        root.join("spec/twilio_chat_v2.yaml"),
        specs_dir.join("chat_v2.yaml"),
    )?;
    util::run(Command::new(peers.bin.join("large_spec")).arg(specs_dir.join("fleet_v1.yaml")))?;
    let mut specs = args.specs.clone();
    let mut build_specs = args.build_specs.clone();
    let mut extra_names = Vec::new();
    for path in &args.extra_specs {
        if !path.is_file() {
            return Err(format!("no such spec: {} (--extra-specs)", path.display()).into());
        }
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        std::fs::copy(path, specs_dir.join(format!("{name}.yaml")))?;
        for list in [&mut specs, &mut build_specs] {
            if !list.contains(&name) {
                list.push(name.clone());
            }
        }
        extra_names.push(name);
    }
    peers.findings.specs.clone_from(&specs);
    peers.findings.build_specs.clone_from(&build_specs);
    let bare_parse =
        |file: &Path| util::stdout(Command::new(peers.bin.join("bare_parse")).arg(file));
    let operations = |file: &Path| {
        util::read_or_empty(file)
            .lines()
            .filter(|l| l.contains("operationId:"))
            .count()
    };
    let fleet = specs_dir.join("fleet_v1.yaml");
    if bare_parse(&fleet)? != "80 paths, 80 schemas" || operations(&fleet) != 200 {
        return Err(
            "large_spec did not write the expected 80 paths, 80 schemas and 200 operations".into(),
        );
    }
    for spec in &specs {
        let file = specs_dir.join(format!("{spec}.yaml"));
        if !file.is_file() {
            return Err(format!(
                "unknown spec '{spec}' in --specs (chat_v1, chat_v2, fleet_v1, or one of --extra-specs)"
            )
            .into());
        }
        let text = util::read(&file)?;
        println!(
            "   {spec}.yaml: {} bytes, {}, {} operations",
            text.len(),
            bare_parse(&file)?,
            operations(&file)
        );
        let (stripped, removed) = without_uri_map(&text);
        util::write(&specs_dir.join(format!("progenitor/{spec}.yaml")), stripped)?;
        println!("     for progenitor: {removed} 'format: uri-map' lines removed (specs/progenitor/{spec}.yaml)");
        peers.findings.preprocessing.push(format!(
            "progenitor, {spec}: {removed} `format: uri-map` lines removed"
        ));
    }

    // Every tool once on every spec, untimed: what fails is reported and
    // left out.
    let mut tools_run: Vec<String> = vec!["regenerate".into(), "regenerate-compact".into()];
    tools_run.extend(
        args.tools
            .iter()
            .filter(|p| available.contains(*p))
            .cloned(),
    );
    let mut works: HashSet<(String, String)> = HashSet::new();
    for spec in &specs {
        for tool in &tools_run {
            let out = work.join("out").join(spec).join(tool);
            let log = peers.logs.join(format!("gen-{spec}-{tool}.log"));
            let line = peers.gen_command(tool, spec, &out);
            let words: Vec<&str> = line.split_whitespace().collect();
            let ran = util::logged(Command::new(words[0]).args(&words[1..]), &log, false)
                .unwrap_or(false);
            if ran && !util::files_under(&out, ".rs").is_empty() {
                works.insert((spec.clone(), tool.clone()));
                let lines = util::nonblank_rust_lines(&out);
                peers
                    .findings
                    .lines
                    .insert((spec.clone(), tool.clone()), lines);
                println!("   {spec}, {tool}: ok, {lines} non-blank lines of Rust");
            } else {
                let text = util::read_or_empty(&log);
                let why = text
                    .lines()
                    .find(|l| {
                        let l = l.to_lowercase();
                        l.contains("error")
                            || l.contains("panicked")
                            || l.contains("not yet implemented")
                    })
                    .map(|l| util::cut(l, 160))
                    .or_else(|| text.lines().last().map(str::to_owned))
                    .unwrap_or_default();
                peers.problem(&format!("{tool} cannot generate {spec}: {why}"));
            }
        }
    }
    // What progenitor does with the spec as it is, to show why it is
    // changed.
    if available.contains("progenitor") {
        let log = peers.logs.join("progenitor-as-is.log");
        let ok = util::logged(
            Command::new(tools.join("bin/cargo-progenitor"))
                .args(["progenitor", "-i"])
                .arg(specs_dir.join("chat_v2.yaml"))
                .arg("-o")
                .arg(work.join("gen/progenitor-as-is"))
                .args(["-n", "as-is", "-v", "0.1.0"]),
            &log,
            false,
        )?;
        if ok {
            println!("   progenitor accepts chat_v2 with uri-map as it is: the preprocessing is no longer needed");
            peers.findings.preprocessing.push(
                "progenitor: the original chat_v2 now works too; the removal is no longer needed"
                    .into(),
            );
        } else {
            let text = util::read_or_empty(&log);
            let why = text
                .lines()
                .find(|l| l.contains("not yet implemented"))
                .map(
                    |why| match text.lines().find(|l| l.contains("\"format\"")) {
                        Some(format) => format!("{why} {}", format.trim_start()),
                        None => format!("{why} "),
                    },
                );
            match &why {
                Some(why) => println!("   progenitor on chat_v2 as it is: fails ({why})"),
                None => println!(
                    "   progenitor on chat_v2 as it is: fails (see {})",
                    log.display()
                ),
            }
            peers.findings.preprocessing.push(format!(
                "progenitor on the original chat_v2: {}",
                why.as_deref().unwrap_or("fails")
            ));
        }
    }

    let runs_per_round = args.runs.div_ceil(args.rounds.max(1));
    section(&format!(
        "4. generation: {} runs per command in {} rounds, --warmup 3",
        args.runs, args.rounds
    ));
    for spec in &specs {
        peers.wait_quiet(&format!("generation of {spec}"));
        let mut commands = vec![(
            "bare-parse".to_owned(),
            "true".to_owned(),
            peers.gen_command("bare-parse", spec, Path::new("-")),
        )];
        for tool in &tools_run {
            if works.contains(&(spec.clone(), tool.clone())) {
                let out = work.join("gen").join(tool);
                commands.push((
                    tool.clone(),
                    format!("rm -rf {}", out.display()),
                    peers.gen_command(tool, spec, &out),
                ));
            }
        }
        let ratios = ("bare-parse", "regenerate");
        // A large spec from outside gets fewer runs: some tools take seconds.
        let _ = if extra_names.contains(spec) {
            let runs = args.extra_runs.div_ceil(2);
            peers.bench(
                &format!("gen-{spec}"),
                2,
                runs,
                (1, 1),
                &[],
                ratios,
                &commands,
            )
        } else {
            peers.bench(
                &format!("gen-{spec}"),
                args.rounds,
                runs_per_round,
                (3, 3),
                &[],
                ratios,
                &commands,
            )
        };
    }

    section("4b. generation pinned to one core (taskset -c 0): regenerate vs bare parse");
    for spec in &specs {
        if !works.contains(&(spec.clone(), "regenerate".into())) {
            continue;
        }
        peers.wait_quiet(&format!("pinned generation of {spec}"));
        let commands: Vec<(String, String, String)> =
            ["bare-parse", "regenerate", "regenerate-compact"]
                .iter()
                .map(|tool| {
                    let out = work.join("gen").join(tool);
                    let prepare = if *tool == "bare-parse" {
                        "true".to_owned()
                    } else {
                        format!("rm -rf {}", out.display())
                    };
                    (
                        (*tool).to_owned(),
                        prepare,
                        peers.gen_command(tool, spec, &out),
                    )
                })
                .collect();
        let _ = peers.bench(
            &format!("gen1-{spec}"),
            args.rounds,
            runs_per_round,
            (3, 3),
            &["taskset", "-c", "0"],
            ("bare-parse", "regenerate"),
            &commands,
        );
    }

    let mut compiles: HashSet<(String, String)> = HashSet::new();
    for spec in build_specs.iter().filter(|s| specs.contains(s)) {
        section(&format!("5. compiling the output for {spec}"));
        for tool in &tools_run {
            // regenerate-compact: the same code as regenerate's, on one
            // line per file.
            if !works.contains(&(spec.clone(), tool.clone())) || tool == "regenerate-compact" {
                continue;
            }
            let crate_dir = work.join("crates").join(format!("{spec}-{tool}"));
            if peers.make_crate(spec, tool).is_err() {
                if tool == "oas3-gen-types"
                    && !works.contains(&(spec.clone(), "oas3-gen-client".into()))
                {
                    peers.problem(&format!(
                        "oas3-gen-types, {spec}: its crate takes its dependencies from oas3-gen-client's, which did not run"
                    ));
                } else {
                    peers.problem(&format!(
                        "{tool}, {spec}: no crate could be made around its output"
                    ));
                }
                continue;
            }
            let log = peers.logs.join(format!("build-{spec}-{tool}.log"));
            let target = work.join("targets").join(format!("{spec}-{tool}"));
            let cargo = |what: &str| {
                let mut c = util::cargo();
                c.env("CARGO_TARGET_DIR", &target)
                    .env("CARGO_INCREMENTAL", "0")
                    .args([what, "--manifest-path"])
                    .arg(crate_dir.join("Cargo.toml"));
                c
            };
            let ok = util::logged(&mut cargo("build"), &log, false)?
                && util::logged(&mut cargo("check"), &log, true)?;
            let text = util::read_or_empty(&log);
            if ok {
                compiles.insert((spec.clone(), tool.clone()));
                let warnings = text.lines().filter(|l| l.starts_with("warning")).count();
                println!("   {tool}: builds ({warnings} warnings; dependencies built)");
            } else {
                let error = util::first_line_starting(&text, "error").unwrap_or_default();
                peers.problem(&format!(
                    "{tool}'s output for {spec} does not compile: {}",
                    util::cut(error, 160)
                ));
            }
        }
        let runs = if extra_names.contains(spec) {
            args.extra_build_runs
        } else if spec == "fleet_v1" {
            args.large_build_runs
        } else {
            args.build_runs
        };
        for what in ["build", "check"] {
            let commands: Vec<(String, String, String)> = tools_run
                .iter()
                .filter(|tool| compiles.contains(&(spec.clone(), (*tool).clone())))
                .map(|tool| {
                    let crate_dir = work.join("crates").join(format!("{spec}-{tool}"));
                    (
                        tool.clone(),
                        format!("touch {}/src/lib.rs", crate_dir.display()),
                        format!(
                            "env CARGO_TARGET_DIR={} CARGO_INCREMENTAL=0 cargo {what} --offline -q --manifest-path {}/Cargo.toml",
                            work.join("targets").join(format!("{spec}-{tool}")).display(),
                            crate_dir.display()
                        ),
                    )
                })
                .collect();
            if commands.is_empty() {
                continue;
            }
            peers.wait_quiet(&format!("cargo {what} of {spec}"));
            println!("   cargo {what}: {runs} rounds of one run each (one warmup run first)");
            let _ = peers.bench(
                &format!("{what}-{spec}"),
                runs,
                1,
                (1, 0),
                &[],
                ("regenerate", "regenerate"),
                &commands,
            );
        }
    }

    section("6. summary");
    peers.note("load at end", machine::loadavg());
    peers.note("run time", format!("{} s", started.elapsed().as_secs()));
    let text = summary(&peers.findings);
    util::write(&work.join("summary.md"), &text)?;
    print!("{text}");
    println!();
    println!(
        "raw hyperfine JSON: {}/*.round*.json; logs: {}; total {} s",
        peers.results.display(),
        peers.logs.display(),
        started.elapsed().as_secs()
    );
    Ok(true)
}

fn section(title: &str) {
    println!("\n== {title}");
}

/// Medians by label, for tests.
#[cfg(test)]
fn medians(t: &Table) -> std::collections::BTreeMap<String, f64> {
    t.rows
        .iter()
        .map(|r| (r.label.clone(), r.summary.median))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hyperfine::Run;

    fn run(command: &str, times: &[f64]) -> Run {
        let s = Summary::of(times).unwrap();
        Run {
            command: command.into(),
            mean: s.mean,
            stddev: Some(s.stddev),
            median: s.median,
            user: 0.0,
            system: 0.0,
            min: s.min,
            max: s.max,
            times: times.to_vec(),
        }
    }

    /// Two rounds, the order rotated in the second.
    fn rounds() -> Vec<Vec<Run>> {
        vec![
            vec![
                run("bare-parse", &[0.010, 0.012, 0.011]),
                run("regenerate", &[0.030, 0.033, 0.036]),
                run("oas3-gen-types", &[0.060, 0.066, 0.063]),
            ],
            vec![
                run("regenerate", &[0.040, 0.044, 0.042]),
                run("oas3-gen-types", &[0.070, 0.070, 0.070]),
                run("bare-parse", &[0.020, 0.020, 0.020]),
            ],
        ]
    }

    #[test]
    fn pools_the_runs_and_pairs_the_ratios_by_round() {
        let t = table(&rounds(), "bare-parse", "regenerate");
        assert_eq!(
            t.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
            ["bare-parse", "regenerate", "oas3-gen-types"]
        );
        let m = medians(&t);
        // Pooled: the middle two of the six runs.
        assert!((m["bare-parse"] - 0.016).abs() < 1e-12);
        assert!((m["regenerate"] - 0.038).abs() < 1e-12);
        assert!((m["oas3-gen-types"] - 0.068).abs() < 1e-12);
        let regenerate = t.get("regenerate").unwrap();
        assert_eq!(regenerate.summary.runs, 6);
        // Round 1: 0.033 / 0.011 = 3; round 2: 0.042 / 0.020 = 2.1.
        let base = regenerate.base.unwrap();
        assert!((base.median - 2.55).abs() < 1e-9);
        assert!((base.min - 2.1).abs() < 1e-9 && (base.max - 3.0).abs() < 1e-9);
        let reference = t.get("oas3-gen-types").unwrap().reference.unwrap();
        // 0.063 / 0.033 and 0.070 / 0.042.
        assert!((reference.median - (0.063 / 0.033 + 0.070 / 0.042) / 2.0).abs() < 1e-9);
        // No baseline timed: no ratio.
        assert_eq!(table(&rounds(), "missing", "regenerate").rows[0].base, None);
    }

    #[test]
    fn prints_each_row_with_its_ratios() {
        let mut t = table(&rounds(), "bare-parse", "regenerate");
        t.load = ("1.00 0.90 0.80".into(), "1.20 1.00 0.85".into());
        let report = table_report("gen-chat_v2", &t, "bare-parse", "regenerate");
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(
            lines[0],
            "   gen-chat_v2: load 1.00 0.90 0.80 -> 1.20 1.00 0.85"
        );
        assert_eq!(
            lines[2],
            "   regenerate         median    38.000 ms  (min 30.000, max 44.000, 6 runs)  x2.550 of bare-parse (2.100-3.000)"
        );
        assert!(
            lines[3].ends_with("  x4.614 of bare-parse (3.500-5.727)  x1.788 of regenerate"),
            "{}",
            lines[3]
        );
        // The reference's own row gives no ratio to itself.
        assert!(lines[2].ends_with("(2.100-3.000)"));
    }

    #[test]
    fn renders_the_markdown_summary() {
        let mut t = table(&rounds(), "bare-parse", "regenerate");
        t.load = ("1.00 0.90 0.80".into(), "1.20 1.00 0.85".into());
        let mut findings = Findings {
            specs: vec!["chat_v2".into()],
            build_specs: vec!["chat_v2".into()],
            ..Findings::default()
        };
        findings.tables.insert("gen-chat_v2".into(), t);
        let mut check = table(
            &[vec![
                run("regenerate", &[2.0]),
                run("oas3-gen-client", &[3.0]),
            ]],
            "regenerate",
            "regenerate",
        );
        check.load = ("0.5 0.5 0.5".into(), "0.7 0.5 0.5".into());
        findings.tables.insert("check-chat_v2".into(), check);
        findings
            .lines
            .insert(("chat_v2".into(), "regenerate".into()), 4000);
        findings.facts.push(("cores".into(), "2".into()));
        findings
            .preprocessing
            .push("progenitor, chat_v2: 3 `format: uri-map` lines removed".into());
        let md = summary(&findings);
        assert!(
            md.contains(
                "| chat_v2 | regenerate | 38.0 ms | 2.550 (2.100–3.000) | 1.000 | 6 | 4000 |\n"
            ),
            "{md}"
        );
        assert!(
            md.contains("| chat_v2 | bare-parse | 16.0 ms | 1.000 | 0.405 | 6 | – |\n"),
            "{md}"
        );
        // Nothing pinned was timed: a table without rows.
        assert!(md.contains("| spec | tool | median | bare parse | × bare parse (range over rounds) | runs |\n|---|---|---|---|---|---|\n\n"));
        assert!(md.contains(
            "Load average (1, 5, 15 min) before → after: chat_v2 1.00 0.90 0.80 → 1.20 1.00 0.85\n"
        ));
        assert!(md.contains(
            "## Compiling the output: chat_v2 (crate only, debug, CARGO_INCREMENTAL=0)\n"
        ));
        assert!(
            md.contains("| regenerate | 4000 | – | – | 2.00 s | 1.000 | 0.500 |\n"),
            "{md}"
        );
        assert!(
            md.contains("| oas3-gen-client | – | – | – | 3.00 s | 1.500 | – |\n"),
            "{md}"
        );
        assert!(
            md.contains("Load before → after: build ?; check 0.5 0.5 0.5 → 0.7 0.5 0.5\n"),
            "{md}"
        );
        assert!(md.ends_with("- cores: 2\n- preprocessing: progenitor, chat_v2: 3 `format: uri-map` lines removed\n- problems: none\n"));
    }

    #[test]
    fn spec_and_output_fixes() {
        let (spec, n) =
            without_uri_map("a:\n  format: uri-map\n  format: uri-map \nb: 1\n  format: uri\n");
        assert_eq!((spec.as_str(), n), ("a:\nb: 1\n  format: uri\n", 2));
        let (code, n) = fix_openapi_generator_paths(
            "x: models::models::Kind, y: models::serde_json::Value, z: models::Kind",
        );
        assert_eq!(
            code,
            "x: models::Kind, y: serde_json::Value, z: models::Kind"
        );
        assert_eq!(n, 2);
        assert_eq!(
            rename_package(
                "[package]\nname = \"foo\"\nversion = \"1\"\n",
                "chat_v2-progenitor"
            ),
            "[package]\nname = \"chat_v2-progenitor\"\nversion = \"1\"\n"
        );
    }

    #[test]
    fn registry_paths_are_shortened() {
        assert_eq!(
            shorten_registry_paths(
                "panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typify-impl-0.8.0/src/lib.rs:12:5: oops"
            ),
            "panicked at typify-impl-0.8.0/src/lib.rs:12:5: oops"
        );
        assert_eq!(shorten_registry_paths("plain text"), "plain text");
    }
}
