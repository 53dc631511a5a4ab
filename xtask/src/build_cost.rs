//! `cargo xtask build-cost`: what the generator costs per build of
//! `twilio-chat`, and what the generated code costs the compiler.
//!
//! Each measurement has its own `CARGO_TARGET_DIR` under a temporary
//! folder (the workspace's target folder is never touched); every build
//! runs `--offline` after a `cargo fetch`. The parts:
//!
//! - (i) a clean `cargo build -p twilio-chat --features codegen` and (ii) a
//!   clean default build (the checked-in `generated/`), interleaved;
//! - (vi) the same pair for the downstream example (`tests/downstream`)
//!   and a copy of it with its generated code checked in;
//! - (iii) no-op rebuilds, proof that build.rs does not run on them and
//!   does after touching the spec, the rebuild after such a touch, and the
//!   build script alone;
//! - (iv) `cargo check` of the crate alone, v1, v2 and both;
//! - (v) one `--timings` build of (i) and (ii): where the extra time goes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::hyperfine::Hyperfine;
use crate::stats::{median, Summary};
use crate::util::{self, machine};
use crate::Result;

/// What the measurement is given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Clean builds and spec-touch rebuilds of each kind (the clean builds
    /// of (i) and (ii) alternate, one of each per round).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// No-op rebuilds, build-script runs and checks.
    #[arg(long, default_value_t = 10)]
    fast_runs: usize,
    /// Seconds to wait for a running cargo-fuzz to finish.
    #[arg(long, default_value_t = 0)]
    wait_for_fuzz: u64,
    /// Time with the clock around each run even when hyperfine is there.
    #[arg(long)]
    no_hyperfine: bool,
    /// Measure the clean builds (i), (ii) and (vi) only.
    #[arg(long)]
    clean_only: bool,
}

const SPEC: &str = "spec/twilio_chat_v2.yaml";
const BUILD_CODEGEN: &str = "cargo build --offline -q -p twilio-chat --features codegen";
const BUILD_GENERATED: &str = "cargo build --offline -q -p twilio-chat";
const CHECK: &str = "cargo check --offline -q -p twilio-chat --no-default-features";

/// The temporary folder, removed when the run ends.
struct Work(PathBuf);

impl Drop for Work {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The timed runs so far, by name.
struct Results {
    hyperfine: Option<Hyperfine>,
    dir: PathBuf,
    times: HashMap<String, Vec<f64>>,
    cpu: HashMap<String, Vec<f64>>,
    summaries: HashMap<String, Summary>,
}

fn section(title: &str) {
    println!("\n== {title}");
}

impl Results {
    /// Runs `prepare` untimed, then times `command` once (wall and, with
    /// hyperfine, CPU seconds of all its processes).
    fn time_once(&mut self, name: &str, prepare: &str, command: &str) -> Result<()> {
        let (wall, cpu) = match &self.hyperfine {
            Some(hf) => {
                let (wall, cpu) = hf.once(
                    prepare,
                    command,
                    &self.dir.join(format!("{name}.once.json")),
                )?;
                (wall, Some(cpu))
            }
            None => {
                util::shell(prepare).status()?;
                let start = Instant::now();
                util::shell(command).stdout(Stdio::null()).status()?;
                (start.elapsed().as_secs_f64(), None)
            }
        };
        self.times.entry(name.into()).or_default().push(wall);
        if let Some(cpu) = cpu {
            self.cpu.entry(name.into()).or_default().push(cpu);
        }
        Ok(())
    }

    /// Summarizes `name`'s times, and prints the summary.
    fn summarize(&mut self, name: &str) {
        if let Some(s) = self.times.get(name).and_then(|t| Summary::of(t)) {
            println!("{}", summary_line(&s));
            self.summaries.insert(name.into(), s);
        }
    }

    /// Times `command` `runs` times after `warmup` untimed runs, running
    /// `prepare` (untimed) before each.
    fn measure(
        &mut self,
        name: &str,
        runs: usize,
        warmup: usize,
        prepare: &str,
        command: &str,
    ) -> Result<()> {
        println!("-- {name}: {command}");
        match &self.hyperfine {
            Some(hf) => {
                let mut hf_command = Command::new(&hf.program);
                hf_command
                    .args([
                        "--style",
                        "basic",
                        "--runs",
                        &runs.to_string(),
                        "--warmup",
                        &warmup.to_string(),
                    ])
                    .args(["--prepare", prepare, "--export-json"])
                    .arg(self.dir.join(format!("{name}.json")))
                    .args(["--command-name", name, command]);
                let output = hf_command.stderr(Stdio::inherit()).output()?;
                for line in String::from_utf8_lossy(&output.stdout).lines() {
                    if line.contains("Time") || line.contains("Range") {
                        println!("{line}");
                    }
                }
                if !output.status.success() {
                    return Err(format!("hyperfine failed on {name}").into());
                }
                let runs = crate::hyperfine::read(&self.dir.join(format!("{name}.json")))?;
                let r = runs.first().ok_or("hyperfine exported no result")?;
                self.summaries.insert(
                    name.into(),
                    Summary {
                        mean: r.mean,
                        stddev: r.stddev.unwrap_or(0.0),
                        median: r.median,
                        min: r.min,
                        max: r.max,
                        runs: r.times.len(),
                    },
                );
            }
            None => {
                for _ in 0..warmup {
                    if util::shell(prepare).status()?.success() {
                        util::shell(command).stdout(Stdio::null()).status()?;
                    }
                }
                for _ in 0..runs {
                    self.time_once(name, prepare, command)?;
                }
                self.summarize(name);
            }
        }
        Ok(())
    }

    /// Like `measure`, for two slow commands: one run of each per round,
    /// the order swapped every round.
    fn interleaved(&mut self, runs: usize, a: [&str; 3], b: [&str; 3]) -> Result<()> {
        let pair = [a, b];
        for [name, _, command] in pair {
            println!("-- {name}: {command}");
        }
        for round in 0..runs {
            for k in [round % 2, 1 - round % 2] {
                let [name, prepare, command] = pair[k];
                self.time_once(name, prepare, command)?;
                let cpu = self
                    .cpu
                    .get(name)
                    .and_then(|c| c.last())
                    .map_or("n/a".to_owned(), |c| format!("{c:.6}"));
                println!(
                    "   round {}: {name} {:.6} s (CPU {cpu} s, load {})",
                    round + 1,
                    self.times[name].last().copied().unwrap_or_default(),
                    machine::load1_text()
                );
            }
        }
        for [name, ..] in pair {
            println!("   {name}:");
            self.summarize(name);
        }
        Ok(())
    }

    fn median(&self, name: &str) -> f64 {
        self.summaries.get(name).map_or(f64::NAN, |s| s.median)
    }

    /// The ratio of two medians.
    fn ratio(&self, a: &str, b: &str) -> String {
        format!("{:.3}", self.median(a) / self.median(b))
    }

    /// The median CPU seconds of `name`'s runs, if they were measured.
    fn median_cpu(&self, name: &str) -> Option<f64> {
        self.cpu.get(name).and_then(|c| median(c))
    }

    fn median_cpu_text(&self, name: &str) -> String {
        self.median_cpu(name)
            .map_or("n/a".into(), |c| format!("{c:.3}"))
    }

    fn cpu_ratio(&self, a: &str, b: &str) -> String {
        match (self.median_cpu(a), self.median_cpu(b)) {
            (Some(a), Some(b)) => format!("{:.3}", a / b),
            _ => "n/a".into(),
        }
    }

    /// A row of the summary.
    fn row(&self, label: &str, name: &str) -> String {
        self.summaries.get(name).map_or_else(
            || format!("{label:<44} n/a"),
            |s| {
                format!(
                    "{label:<44} {:8.3} s   (mean {:.3} ± {:.3}, range {:.3} … {:.3})",
                    s.median, s.mean, s.stddev, s.min, s.max
                )
            },
        )
    }
}

/// The line a summary is printed as.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "  median {:.3} s, mean {:.3} s ± {:.3}, range {:.3} … {:.3} s, {} runs",
        s.median, s.mean, s.stddev, s.min, s.max, s.runs
    )
}

/// Whether a `cargo build -vv` log shows twilio-chat's build script
/// running.
pub fn ran_build_script(log: &str) -> bool {
    log.lines().any(|line| {
        let Some(at) = line.find("Running `") else {
            return false;
        };
        let rest = &line[at..];
        rest.match_indices("/build/twilio-chat-").any(|(i, m)| {
            let after = &rest[i + m.len()..];
            let hex = after.chars().take_while(char::is_ascii_hexdigit).count();
            hex > 0 && after[hex..].starts_with("/build-script-build`")
        })
    })
}

/// The build script's folders of twilio-chat in `target`, in name order.
fn build_dirs(target: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(target.join("debug/build"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("twilio-chat-"))
        })
        .collect();
    dirs.sort();
    dirs
}

/// The first file `name` in a build-script folder of `target`.
fn first_in_build_dirs(target: &Path, name: &str) -> Option<PathBuf> {
    build_dirs(target)
        .into_iter()
        .map(|d| d.join(name))
        .find(|p| p.exists())
}

fn mtime(path: &Path) -> String {
    util::stdout(Command::new("stat").args(["-c", "%y"]).arg(path)).unwrap_or_default()
}

/// What `cargo build --timings` spent per crate: each unit's time summed
/// per crate name, and the wall time of the whole build.
#[derive(Debug, PartialEq)]
pub struct Timings {
    pub per_crate: BTreeMap<String, f64>,
    pub wall: f64,
}

/// Reads the units of a `cargo-timing.html` (its `UNIT_DATA` array).
pub fn parse_timings(html: &str) -> Result<Timings> {
    let lines: Vec<&str> = html.split('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("const UNIT_DATA = ["))
        .ok_or("no UNIT_DATA in the timings")?;
    let end = (start..lines.len())
        .find(|&i| lines[i] == "];")
        .ok_or("UNIT_DATA does not end")?;
    let data: Vec<serde_json::Value> =
        serde_json::from_str(&format!("[{}]", lines[start + 1..end].join("\n")))?;
    let mut per_crate = BTreeMap::new();
    let mut wall = 0.0_f64;
    for unit in &data {
        let name = unit["name"].as_str().ok_or("a unit without a name")?;
        let duration = unit["duration"]
            .as_f64()
            .ok_or("a unit without a duration")?;
        let start = unit["start"].as_f64().ok_or("a unit without a start")?;
        *per_crate.entry(name.to_owned()).or_insert(0.0) += duration;
        wall = wall.max(start + duration);
    }
    Ok(Timings { per_crate, wall })
}

/// The report of (v): where the codegen build's extra time goes.
pub fn timings_report(codegen: &Timings, generated: &Timings) -> String {
    let sum = |t: &Timings| t.per_crate.values().sum::<f64>();
    let mut out = format!(
        "wall time: codegen {:.1} s, generated/ {:.1} s; sum of unit times: codegen {:.1} s, generated/ {:.1} s\n",
        codegen.wall,
        generated.wall,
        sum(codegen),
        sum(generated)
    );
    out.push_str(
        "slowest units of the codegen build (seconds, build script + compile, summed per crate):\n",
    );
    let mut slowest: Vec<(&String, &f64)> = codegen.per_crate.iter().collect();
    slowest.sort_by(|a, b| b.1.total_cmp(a.1));
    for (name, d) in slowest.iter().take(8) {
        let other = generated.per_crate.get(*name).copied().unwrap_or(0.0);
        out.push_str(&format!(
            "   {name:<20} {d:6.2}   (generated/ build: {other:5.2})\n"
        ));
    }
    let mut extra: Vec<(f64, &String)> = codegen
        .per_crate
        .iter()
        .map(|(n, d)| (d - generated.per_crate.get(n).copied().unwrap_or(0.0), n))
        .collect();
    extra.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(a.1)));
    let total: f64 = extra.iter().map(|e| e.0).filter(|d| *d > 0.0).sum();
    out.push_str(&format!(
        "what codegen adds, {total:.1} s of unit time in all; the largest parts:\n"
    ));
    for (d, n) in extra.iter().filter(|e| e.0 > 0.05).take(8) {
        out.push_str(&format!("   {n:<20} +{d:5.2}\n"));
    }
    out
}

/// The lines of the files, as `cat FILES | wc -l` counts them.
fn lines_of(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|f| util::read_or_empty(f).matches('\n').count())
        .sum()
}

/// The `.rs` files directly in `dir` and in its direct subfolders
/// (`dir/*.rs dir/*/*.rs`).
fn rust_files_two_levels(dir: &Path) -> Vec<PathBuf> {
    util::files_under(dir, ".rs")
        .into_iter()
        .filter(|f| {
            f.strip_prefix(dir)
                .is_ok_and(|r| r.components().count() <= 2)
        })
        .collect()
}

/// Waits up to `seconds` for a fuzzer to finish; warns if one still runs.
fn wait_for_fuzz(seconds: u64) {
    let fuzzing = || {
        Command::new("pgrep")
            .args(["-f", "cargo-fuzz|libfuzzer|fuzz/target/|-artifact_prefix="])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let mut waited = 0;
    while fuzzing() {
        if waited >= seconds {
            println!("WARNING:   a fuzzer is running (pgrep -af fuzz); figures will be slower and noisier");
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(10));
        waited += 10;
    }
}

/// hyperfine, installed with apt-get when missing and running as root.
fn find_hyperfine(allowed: bool) -> Option<Hyperfine> {
    let root_user = util::stdout(Command::new("id").arg("-u")).is_ok_and(|id| id == "0");
    if Hyperfine::on_path().is_none() && util::which("apt-get").is_some() && root_user {
        println!("installing hyperfine");
        let install = || {
            Command::new("apt-get")
                .args(["install", "-y", "hyperfine"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !install() {
            let _ = Command::new("apt-get")
                .arg("update")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            install();
        }
    }
    Hyperfine::on_path().filter(|_| allowed)
}

/// Runs the measurement.
#[allow(clippy::too_many_lines)] // one section after the other, as printed
pub fn run(args: &Args) -> Result<bool> {
    let root = util::root();
    std::env::set_current_dir(&root)?;
    let work = Work(util::temp_dir("twilio-build-cost")?);
    let w = work.0.clone();
    let results_dir = w.join("results");
    std::fs::create_dir_all(&results_dir)?;
    // Each measurement names its own target folder; never the workspace's.
    std::env::set_var("CARGO_TERM_COLOR", "never");
    std::env::remove_var("CARGO_BUILD_TARGET_DIR");
    std::env::set_var("CARGO_TARGET_DIR", w.join("unused"));
    let t_codegen = w.join("t-codegen");
    let t_generated = w.join("t-generated");
    let t_check = w.join("t-check");

    section("machine");
    println!("date:      {}", machine::date());
    println!("cpu:       {} cores, {}", machine::cores(), machine::cpu());
    println!("memory:    {}", machine::memory());
    let rustcs = util::stdout(Command::new("pgrep").args(["-c", "-x", "rustc"]))
        .unwrap_or_else(|_| "0".into());
    println!(
        "load:      {} (1, 5, 15 min); {rustcs} rustc processes running",
        machine::loadavg()
    );
    println!("rustc:     {}", machine::version("rustc"));
    println!("cargo:     {}", machine::version("cargo"));
    println!("commit:    {}", machine::commit_and_changes());
    wait_for_fuzz(args.wait_for_fuzz);
    let hyperfine = find_hyperfine(!args.no_hyperfine);
    match &hyperfine {
        Some(hf) => println!("timing:    {}", hf.version()?),
        None => println!("timing:    the clock around each run (hyperfine not available)"),
    }
    let mut r = Results {
        hyperfine,
        dir: results_dir,
        times: HashMap::new(),
        cpu: HashMap::new(),
        summaries: HashMap::new(),
    };
    let target = |t: &Path, command: &str| format!("CARGO_TARGET_DIR='{}' {command}", t.display());
    let rm = |t: &Path| format!("rm -rf '{}'", t.display());

    section("fetch");
    util::run(util::cargo().args(["fetch", "--quiet"]))?;
    println!("dependencies fetched; builds run --offline");

    section(&format!("(i), (ii) clean builds ({} runs each)", args.runs));
    r.interleaved(
        args.runs,
        [
            "clean_codegen",
            &rm(&t_codegen),
            &target(&t_codegen, BUILD_CODEGEN),
        ],
        [
            "clean_generated",
            &rm(&t_generated),
            &target(&t_generated, BUILD_GENERATED),
        ],
    )?;

    section(&format!(
        "(vi) the downstream example: clean builds, generating vs checked in ({} runs each)",
        args.runs
    ));
    // A copy of tests/downstream that compiles the generated code from
    // src/, generated once here with the options its build.rs gives: no
    // build script, no generator. Same dependency versions.
    let copy = w.join("downstream-checked-in");
    std::fs::create_dir_all(copy.join("src"))?;
    let lib = util::read(&root.join("tests/downstream/src/lib.rs"))?;
    let include_out = "include!(concat!(env!(\"OUT_DIR\"), \"/mod.rs\"));";
    if !lib.lines().any(|l| l == include_out) {
        return Err("FAIL: the downstream example no longer includes OUT_DIR/mod.rs".into());
    }
    let lib: String = lib
        .lines()
        .map(|l| {
            if l == include_out {
                "include!(\"generated/mod.rs\");"
            } else {
                l
            }
        })
        .flat_map(|l| [l, "\n"])
        .collect();
    util::write(&copy.join("src/lib.rs"), lib)?;
    std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock"))?;
    util::write(
        &copy.join("Cargo.toml"),
        format!(
            "[package]\nname = \"chat-downstream-example\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ntwilio-runtime = {{ path = \"{}\" }}\n\n[workspace]\n",
            root.join("runtime").display()
        ),
    )?;
    let generated = util::cargo()
        .args([
            "run",
            "--offline",
            "-q",
            "-p",
            "twilio-codegen",
            "--bin",
            "regenerate",
            "--",
        ])
        .args([
            SPEC,
            "--module",
            "chat",
            "--derive",
            "chat::FetchUser=Hash",
            "--compact",
            "--out",
        ])
        .arg(copy.join("src/generated"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !generated.success() {
        return Err("regenerate failed on the downstream copy".into());
    }
    let ds_codegen = "cargo build --offline -q -p chat-downstream-example";
    let ds_checked = format!(
        "cargo build --offline -q --manifest-path '{}'",
        copy.join("Cargo.toml").display()
    );
    let (t_ds_codegen, t_ds_checked) = (w.join("t-ds-codegen"), w.join("t-ds-checked"));
    r.interleaved(
        args.runs,
        [
            "ds_codegen",
            &rm(&t_ds_codegen),
            &target(&t_ds_codegen, ds_codegen),
        ],
        [
            "ds_checked",
            &rm(&t_ds_checked),
            &target(&t_ds_checked, &ds_checked),
        ],
    )?;
    let _ = std::fs::remove_dir_all(&t_ds_codegen);
    let _ = std::fs::remove_dir_all(&t_ds_checked);
    println!(
        "ratio downstream generating / checked in = {} (CPU {})",
        r.ratio("ds_codegen", "ds_checked"),
        r.cpu_ratio("ds_codegen", "ds_checked")
    );
    let extra = format!(
        "{:.1}",
        r.median("clean_codegen") - r.median("clean_generated")
    );

    if args.clean_only {
        section("summary of (i), (ii) and (vi) (--clean-only: nothing else measured)");
        println!("load at the end: {} (1, 5, 15 min)", machine::loadavg());
        println!(
            "ratio (i) / (ii)              = {}",
            r.ratio("clean_codegen", "clean_generated")
        );
        println!(
            "ratio (vi) downstream          = {}",
            r.ratio("ds_codegen", "ds_checked")
        );
        println!("extra for codegen, (i) - (ii) = {extra} s");
        println!(
            "CPU time, medians: (i) {} s, (ii) {} s; ratio {}",
            r.median_cpu_text("clean_codegen"),
            r.median_cpu_text("clean_generated"),
            r.cpu_ratio("clean_codegen", "clean_generated")
        );
        return Ok(true);
    }

    section(&format!(
        "(iii) no-op rebuilds ({} runs each)",
        args.fast_runs
    ));
    r.measure(
        "noop_codegen",
        args.fast_runs,
        1,
        "true",
        &target(&t_codegen, BUILD_CODEGEN),
    )?;
    r.measure(
        "noop_generated",
        args.fast_runs,
        1,
        "true",
        &target(&t_generated, BUILD_GENERATED),
    )?;

    section("(iii) does build.rs run?");
    let output = first_in_build_dirs(&t_codegen, "output")
        .ok_or_else(|| format!("FAIL: no build script output under {}", t_codegen.display()))?;
    let before = mtime(&output);
    let verbose = |log: &Path| -> Result<String> {
        util::logged(
            util::cargo().env("CARGO_TARGET_DIR", &t_codegen).args([
                "build",
                "--offline",
                "-vv",
                "-p",
                "twilio-chat",
                "--features",
                "codegen",
            ]),
            log,
            false,
        )?;
        Ok(util::read_or_empty(log))
    };
    let noop = verbose(&w.join("noop.log"))?;
    let after = mtime(&output);
    if ran_build_script(&noop) || before != after {
        return Err("FAIL: the no-op rebuild ran the build script".into());
    }
    let fresh_units = noop.lines().filter(|l| l.contains("Fresh")).count();
    let fresh = noop
        .find("Fresh twilio-chat")
        .map(|i| &noop[i..])
        .and_then(|s| s.find(')').map(|j| &s[..=j]))
        .unwrap_or_default();
    println!(
        "no-op rebuild:        build script NOT run ({fresh_units} units Fresh, '{fresh}'; output mtime unchanged: {after})"
    );
    util::touch(&root.join(SPEC))?;
    let touched_log = verbose(&w.join("touch.log"))?;
    let touched = mtime(&output);
    if !ran_build_script(&touched_log) || touched == after {
        return Err(format!("FAIL: touching {SPEC} did not rerun the build script").into());
    }
    let dirty = touched_log
        .find("Dirty twilio-chat")
        .map(|i| util::cut(touched_log[i..].lines().next().unwrap_or_default(), 140))
        .unwrap_or_else(|| "Running build-script-build".into());
    println!("after touch {SPEC}: build script run ({dirty}; output mtime now {touched})");

    r.measure(
        "spec_touched",
        args.runs,
        0,
        &format!("touch '{SPEC}'"),
        &target(&t_codegen, BUILD_CODEGEN),
    )?;
    let script =
        first_in_build_dirs(&t_codegen, "build-script-build").ok_or("no build script built")?;
    let script_out = w.join("script-out");
    std::fs::create_dir_all(&script_out)?;
    r.measure(
        "build_script",
        args.fast_runs,
        1,
        "true",
        &format!(
            "cd '{root}' && CARGO_MANIFEST_DIR='{root}' OUT_DIR='{}' CARGO_FEATURE_V1=1 CARGO_FEATURE_V2=1 '{}' >/dev/null",
            script_out.display(),
            script.display(),
            root = root.display()
        ),
    )?;

    section(&format!(
        "(iv) cargo check of the crate alone ({} runs each)",
        args.fast_runs
    ));
    for features in ["v1", "v2", "v1,v2"] {
        for incremental in [Some("0"), None] {
            let mut check = util::shell(&format!("{CHECK} --features {features}"));
            check.env("CARGO_TARGET_DIR", &t_check);
            if let Some(i) = incremental {
                check.env("CARGO_INCREMENTAL", i);
            }
            util::run(&mut check)?;
        }
    }
    for features in ["v1", "v2", "v1,v2"] {
        r.measure(
            &format!("check_{}", features.replace(',', "_")),
            args.fast_runs,
            1,
            "touch src/lib.rs",
            &format!(
                "CARGO_INCREMENTAL=0 {}",
                target(&t_check, &format!("{CHECK} --features {features}"))
            ),
        )?;
    }
    r.measure(
        "check_v1_v2_incremental",
        args.fast_runs,
        1,
        "touch src/lib.rs",
        &target(&t_check, &format!("{CHECK} --features v1,v2")),
    )?;

    section("(v) cargo build --timings, one clean build of each (compile time per crate)");
    let mut timings = Vec::new();
    for (tag, command) in [("codegen", BUILD_CODEGEN), ("generated", BUILD_GENERATED)] {
        let dir = w.join(format!("t-timings-{tag}"));
        let _ = std::fs::remove_dir_all(&dir);
        util::shell(&format!("{command} --timings"))
            .env("CARGO_TARGET_DIR", &dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        timings.push(parse_timings(&util::read(
            &dir.join("cargo-timings/cargo-timing.html"),
        )?)?);
    }
    print!("{}", timings_report(&timings[0], &timings[1]));

    let generated_dir = root.join("generated");
    let in_generated = |sub: &str| util::files_under(&generated_dir.join(sub), ".rs");
    let lines_support = lines_of(&[generated_dir.join("mod.rs"), generated_dir.join("sids.rs")]);
    let lines_v1 = lines_of(&in_generated("v1"));
    let lines_v2 = lines_of(&in_generated("v2"));
    let lines_all = lines_of(&rust_files_two_levels(&generated_dir));
    let out_dir = output.parent().unwrap_or(&w).join("out");
    let lines_out = lines_of(&rust_files_two_levels(&out_dir));

    section("summary (medians; ratios are what to compare between runs)");
    println!("load at the end: {} (1, 5, 15 min)", machine::loadavg());
    for (label, name) in [
        ("(i)   clean build, --features codegen", "clean_codegen"),
        ("(ii)  clean build, generated/ (default)", "clean_generated"),
        ("(iii) no-op rebuild, codegen", "noop_codegen"),
        ("(iii) no-op rebuild, generated/", "noop_generated"),
        ("      rebuild after touching the v2 spec", "spec_touched"),
        ("      build script alone (unoptimized)", "build_script"),
        ("(iv)  check v1 (CARGO_INCREMENTAL=0)", "check_v1"),
        ("(iv)  check v2 (CARGO_INCREMENTAL=0)", "check_v2"),
        ("(iv)  check v1 + v2 (CARGO_INCREMENTAL=0)", "check_v1_v2"),
        (
            "(iv)  check v1 + v2 (incremental)",
            "check_v1_v2_incremental",
        ),
    ] {
        println!("{}", r.row(label, name));
    }
    println!();
    println!(
        "generated lines (wc -l generated/*.rs generated/*/*.rs): {lines_all} (mod + sids {lines_support}, v1 {lines_v1}, v2 {lines_v2}); OUT_DIR of (i): {lines_out}"
    );
    println!(
        "ratio (i) / (ii)                       = {}",
        r.ratio("clean_codegen", "clean_generated")
    );
    println!(
        "ratio (vi) downstream, generating / checked in = {}",
        r.ratio("ds_codegen", "ds_checked")
    );
    println!(
        "CPU time (i), (ii), ratio              = {} s, {} s, {}",
        r.median_cpu_text("clean_codegen"),
        r.median_cpu_text("clean_generated"),
        r.cpu_ratio("clean_codegen", "clean_generated")
    );
    println!("extra for codegen, (i) - (ii)          = {extra} s");
    println!(
        "ratio build script / (i)               = {}",
        r.ratio("build_script", "clean_codegen")
    );
    println!(
        "ratio no-op codegen / no-op generated  = {}",
        r.ratio("noop_codegen", "noop_generated")
    );
    println!(
        "ratio spec-touch rebuild / no-op       = {}",
        r.ratio("spec_touched", "noop_codegen")
    );
    println!(
        "ratio check v1+v2 / check v1           = {}",
        r.ratio("check_v1_v2", "check_v1")
    );
    println!(
        "ratio check v1+v2 / (ii)               = {}",
        r.ratio("check_v1_v2", "clean_generated")
    );
    #[allow(clippy::cast_precision_loss)] // line counts are small
    let per_thousand = r.median("check_v1_v2") * 1000.0 / lines_all as f64;
    println!("check v1+v2 per 1,000 generated lines  = {per_thousand:.3} s");
    println!(
        "target: generated v1 + v2 well under 23,000 lines: {}",
        if lines_all < 23_000 {
            format!("met ({lines_all})")
        } else {
            format!("NOT met ({lines_all})")
        }
    );
    drop(work);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_the_build_script_run_in_a_verbose_log() {
        let ran = "   Compiling twilio-chat v0.1.0 (/x)\n     Running `CARGO=/c /t/debug/build/twilio-chat-0a1b2c3d4e5f6789/build-script-build`\n";
        assert!(ran_build_script(ran));
        let fresh =
            "       Fresh twilio-chat v0.1.0 (/x)\n     Running `rustc --crate-name twilio_chat`\n";
        assert!(!ran_build_script(fresh));
        // Another crate's script, or one not run.
        assert!(!ran_build_script(
            "     Running `/t/debug/build/twilio-runtime-0a1b/build-script-build`\n"
        ));
        assert!(!ran_build_script(
            "/t/debug/build/twilio-chat-0a1b/build-script-build`\n"
        ));
    }

    const TIMINGS: &str = "<html><script>\nconst SOMETHING = 1;\nconst UNIT_DATA = [\n\
{\"i\": 0, \"name\": \"syn\", \"version\": \"3.0.0\", \"start\": 0.5, \"duration\": 4.0},\n\
{\"i\": 1, \"name\": \"twilio-codegen\", \"start\": 4.5, \"duration\": 6.0},\n\
{\"i\": 2, \"name\": \"twilio-chat\", \"target\": \" build script\", \"start\": 10.5, \"duration\": 1.0},\n\
{\"i\": 3, \"name\": \"twilio-chat\", \"start\": 11.5, \"duration\": 2.5}\n\
];\nconst CONCURRENCY_DATA = [];\n</script></html>\n";

    #[test]
    fn reads_the_units_of_a_timings_page() {
        let t = parse_timings(TIMINGS).unwrap();
        assert_eq!(t.wall, 14.0);
        assert_eq!(t.per_crate["twilio-chat"], 3.5);
        assert_eq!(t.per_crate.len(), 3);
        assert!(parse_timings("<html></html>").is_err());
    }

    #[test]
    fn reports_what_codegen_adds() {
        let codegen = parse_timings(TIMINGS).unwrap();
        let generated = Timings {
            per_crate: [("syn".to_owned(), 4.0), ("twilio-chat".to_owned(), 3.0)].into(),
            wall: 7.5,
        };
        let report = timings_report(&codegen, &generated);
        assert_eq!(
            report,
            "wall time: codegen 14.0 s, generated/ 7.5 s; sum of unit times: codegen 13.5 s, generated/ 7.0 s\n\
             slowest units of the codegen build (seconds, build script + compile, summed per crate):\n\
             \x20  twilio-codegen         6.00   (generated/ build:  0.00)\n\
             \x20  syn                    4.00   (generated/ build:  4.00)\n\
             \x20  twilio-chat            3.50   (generated/ build:  3.00)\n\
             what codegen adds, 6.5 s of unit time in all; the largest parts:\n\
             \x20  twilio-codegen       + 6.00\n\
             \x20  twilio-chat          + 0.50\n"
        );
    }

    #[test]
    fn summary_lines_read_as_before() {
        let s = Summary::of(&[7.0, 8.0, 9.0]).unwrap();
        assert_eq!(
            summary_line(&s),
            "  median 8.000 s, mean 8.000 s ± 1.000, range 7.000 … 9.000 s, 3 runs"
        );
    }
}
