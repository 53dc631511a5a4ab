//! `cargo xtask compile-candidates`: what two design choices of the
//! generated code save the compiler, on the generated Chat v2 crate.
//!
//! Three crates are written from `spec/twilio_chat_v2.yaml`, identical but
//! for where the shared code lives: `crate` (the runtime as a dependency,
//! as the generator writes it), `inline` (the runtime's source copied into
//! the crate as a module, `--runtime-path crate::rt`) and `per-type` (as
//! `inline`, with every SID type a struct of its own with non-generic
//! impls instead of an alias of the generic `Sid<S>`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::hyperfine::Hyperfine;
use crate::stats::{median, PairedRatio};
use crate::util;
use crate::Result;

/// The per-type SID macro, appended to the copied runtime's `sid.rs`.
const PER_TYPE_SID: &str = include_str!("compile_candidates/per_type_sid.rs");

const CRATES: [&str; 3] = ["crate", "inline", "per-type"];

/// What the measurement is given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the crates and results go (emptied first; default:
    /// `target/compile-candidates` in the workspace).
    work_dir: Option<PathBuf>,
    /// Rounds: one run of each crate per round, the order rotated.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

/// The copied runtime's `lib.rs` as the crate's module: without what its
/// features switch on (a line `#[cfg(feature = …)]` or `#[cfg(any(feature
/// = …)]`, the attributes after it and the one-line item they gate),
/// without docs.rs settings, and with its private modules `pub(crate)`.
pub fn runtime_module(lib_rs: &str) -> String {
    let mut out = String::new();
    let mut lines = lib_rs.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("#[cfg(feature = \"") || line.starts_with("#[cfg(any(feature = \"") {
            for gated in lines.by_ref() {
                if !gated.starts_with("#[") {
                    break;
                }
            }
            continue;
        }
        if line.starts_with("#![cfg_attr(docsrs") {
            continue;
        }
        match line.strip_prefix("mod ") {
            Some(rest) => out.push_str(&format!("pub(crate) mod {rest}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `text` with every path `crate::` (not the end of a longer name) made
/// `crate::rt::`.
pub fn under_rt(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find("crate::") {
        let before = &rest[..at];
        let last = before.chars().next_back().or(previous);
        out.push_str(before);
        if last.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push_str("crate::");
        } else {
            out.push_str("crate::rt::");
        }
        previous = Some(':');
        rest = &rest[at + "crate::".len()..];
    }
    out.push_str(rest);
    out
}

/// The runtime's `sid.rs` with what the per-type impls need made
/// `pub(crate)`: the prefix and body checks, and the error's fields.
pub fn open_sid_internals(sid_rs: &str) -> String {
    let mut out = String::new();
    for line in sid_rs.lines() {
        let fields = ["type_name", "prefix", "body", "kind"];
        let functions = ["accepts", "accepts_all", "table", "what"];
        let opened = line.strip_prefix("    ").and_then(|rest| {
            if let Some(f) = rest.strip_prefix("fn ") {
                functions
                    .iter()
                    .any(|name| f.strip_prefix(name).is_some_and(|r| r.starts_with('(')))
                    .then(|| format!("    pub(crate) {rest}"))
            } else {
                fields
                    .iter()
                    .any(|name| rest.strip_prefix(name).is_some_and(|r| r.starts_with(": ")))
                    .then(|| format!("    pub(crate) {rest}"))
            }
        });
        out.push_str(opened.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The generated `sids.rs` with every alias `pub type X =
/// crate::rt::Sid<prefix::P>;` (and its doc lines) made a type of its own
/// by `per_type_sid!`; and how many.
pub fn per_type_sids(sids_rs: &str) -> (String, usize) {
    let mut out = String::new();
    let mut docs: Vec<&str> = Vec::new();
    let mut count = 0;
    for line in sids_rs.lines() {
        if line.starts_with("///") {
            docs.push(line);
            continue;
        }
        let alias = line
            .strip_prefix("pub type ")
            .and_then(|r| r.split_once(" = crate::rt::Sid<"))
            .and_then(|(name, r)| Some((name, r.strip_suffix(">;")?)))
            .filter(|(name, prefix)| {
                let word =
                    |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
                word(name) && prefix.strip_prefix("prefix::").is_some_and(word)
            });
        match alias {
            Some((name, prefix)) => {
                count += 1;
                out.push_str("crate::per_type_sid!(\n");
                for doc in docs.drain(..) {
                    out.push_str(&format!("    {doc}\n"));
                }
                out.push_str(&format!("    {name}, {prefix}\n);\n"));
            }
            None => {
                for doc in docs.drain(..) {
                    out.push_str(doc);
                    out.push('\n');
                }
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    for doc in docs {
        out.push_str(doc);
        out.push('\n');
    }
    (out, count)
}

/// The inline crate's manifest: the generated one up to its
/// `[dependencies]` without the runtime, then the runtime's own first
/// block of dependencies (not the clients').
pub fn inline_manifest(generated: &str, runtime: &str) -> String {
    let mut out = String::new();
    for line in generated
        .lines()
        .filter(|l| !l.starts_with("twilio-runtime = "))
    {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("[dependencies]") {
            break;
        }
    }
    let mut in_block = false;
    for line in runtime.lines() {
        if in_block {
            out.push_str(line);
            out.push('\n');
            if line.is_empty() {
                break;
            }
        } else if line.starts_with("[dependencies]") {
            in_block = true;
        }
    }
    out.push_str("[workspace]\n");
    out
}

/// The summary of one kind of timing: per crate, the median, the ratio of
/// medians to `crate`'s and the range of the per-round ratios.
pub fn summary(what: &str, times: &[Vec<f64>; 3]) -> String {
    let mut out = format!(
        "\ncargo {what}, crate only (median of {}; ratio to `crate`, range over rounds):\n",
        times[0].len()
    );
    let base = median(&times[0]).unwrap_or(f64::NAN);
    for (name, t) in CRATES.iter().zip(times) {
        let m = median(t).unwrap_or(f64::NAN);
        let range = PairedRatio::of(t.iter().copied().zip(times[0].iter().copied()));
        let (lo, hi) = range.map_or((f64::NAN, f64::NAN), |r| (r.min, r.max));
        out.push_str(&format!(
            "  {name:9} {m:6.2} s   x{:.3} ({lo:.3}-{hi:.3})\n",
            m / base
        ));
    }
    out
}

/// Writes the three crates into `work`.
fn write_crates(root: &Path, work: &Path) -> Result<()> {
    let regenerate = util::build_regenerate()?;
    let spec = root.join("spec/twilio_chat_v2.yaml");
    println!("== writing the crates into {}", work.display());
    util::quiet(
        Command::new(&regenerate)
            .arg(&spec)
            .args(["--module", "v2", "--crate"])
            .arg(work.join("crate"))
            .args(["--crate-name", "candidate-crate", "--runtime-dependency"])
            .arg(format!(
                "{{ path = \"{}\" }}",
                root.join("runtime").display()
            )),
    )?;
    let inline = work.join("inline");
    util::quiet(
        Command::new(&regenerate)
            .arg(&spec)
            .args(["--module", "v2", "--crate"])
            .arg(&inline)
            .args([
                "--crate-name",
                "candidate-inline",
                "--runtime-path",
                "crate::rt",
            ]),
    )?;
    let rt = inline.join("src/rt");
    util::copy_dir(&root.join("runtime/src"), &rt)?;
    std::fs::remove_dir_all(rt.join("client"))?;
    let lib = util::read(&rt.join("lib.rs"))?;
    std::fs::remove_file(rt.join("lib.rs"))?;
    util::write(&rt.join("mod.rs"), runtime_module(&lib))?;
    let lib_rs = inline.join("src/lib.rs");
    let mut text = util::read(&lib_rs)?;
    text.push_str("\n/// The runtime, carried by the crate itself.\npub mod rt;\n");
    util::write(&lib_rs, text)?;
    for file in util::files_under(&rt, ".rs") {
        let text = util::read(&file)?;
        util::write(&file, under_rt(&text))?;
    }
    let manifest = inline.join("Cargo.toml");
    let text = inline_manifest(
        &util::read(&manifest)?,
        &util::read(&root.join("runtime/Cargo.toml"))?,
    );
    util::write(&manifest, text)?;

    let per_type = work.join("per-type");
    util::copy_dir(&inline, &per_type)?;
    let manifest = per_type.join("Cargo.toml");
    let text: String = util::read(&manifest)?
        .lines()
        .map(|l| {
            if l.starts_with("name = ") {
                "name = \"candidate-per-type\""
            } else {
                l
            }
        })
        .flat_map(|l| [l, "\n"])
        .collect();
    util::write(&manifest, text)?;
    let sid = per_type.join("src/rt/sid.rs");
    let text = open_sid_internals(&util::read(&sid)?) + "\n" + PER_TYPE_SID;
    util::write(&sid, text)?;
    let sids = per_type.join("src/sids.rs");
    let (text, n) = per_type_sids(&util::read(&sids)?);
    if n == 0 {
        return Err(format!("no SID alias found in {}", sids.display()).into());
    }
    util::write(&sids, text)?;
    println!("   per-type: {n} SID types written out");
    Ok(())
}

/// Runs the measurement.
pub fn run(args: &Args) -> Result<bool> {
    let root = util::root();
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| root.join("target/compile-candidates"));
    let hyperfine = Hyperfine::on_path()
        .ok_or("hyperfine is needed (apt-get install hyperfine, or cargo install hyperfine)")?;
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let work = std::path::absolute(&work)?;
    println!("== building regenerate (release)");
    write_crates(&root, &work)?;

    let env = |c: &mut Command| {
        c.env("CARGO_TERM_COLOR", "never")
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("CARGO_BUILD_TARGET_DIR");
    };
    for c in CRATES {
        println!("== {c}: dependencies, then the crate once");
        let dir = work.join(c);
        let log = work.join(format!("{c}.log"));
        let target = work.join(format!("target-{c}"));
        let mut build = util::cargo();
        build
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .args(["build", "-q"]);
        env(&mut build);
        let mut check = util::cargo();
        check
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .args(["check", "-q"]);
        env(&mut check);
        if !(util::logged(&mut build, &log, false)? && util::logged(&mut check, &log, true)?) {
            eprint!("{}", util::read_or_empty(&log));
            return Err(format!("FAIL: the {c} crate does not build").into());
        }
        println!(
            "   {} non-blank lines in src/",
            util::nonblank_rust_lines(&dir.join("src"))
        );
    }

    println!(
        "== timing: {} rounds, one run of each crate per round, order rotated",
        args.runs
    );
    let mut report = String::new();
    for what in ["build", "check"] {
        let mut times: [Vec<f64>; 3] = Default::default();
        for round in 1..=args.runs {
            let mut hf_args: Vec<String> =
                ["--runs", "1", "--style", "none"].map(String::from).into();
            for i in 0..3 {
                let c = CRATES[(i + round) % 3];
                let dir = work.join(c);
                hf_args.extend([
                    "--command-name".into(),
                    c.into(),
                    format!(
                        "touch {}/src/lib.rs && CARGO_TARGET_DIR={} cargo {what} -q --offline --manifest-path {}/Cargo.toml",
                        dir.display(),
                        work.join(format!("target-{c}")).display(),
                        dir.display()
                    ),
                ]);
            }
            let mut command = Command::new(&hyperfine.program);
            env(&mut command);
            let json = work.join(format!("{what}.{round}.json"));
            util::quiet(command.args(&hf_args).arg("--export-json").arg(&json))?;
            for result in crate::hyperfine::read(&json)? {
                let i = CRATES
                    .iter()
                    .position(|c| *c == result.command)
                    .ok_or_else(|| {
                        format!("{}: unknown command {}", json.display(), result.command)
                    })?;
                times[i].push(*result.times.first().ok_or("a result without times")?);
            }
        }
        report.push_str(&summary(what, &times));
    }
    print!("{report}");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_module_loses_its_features_and_opens_its_modules() {
        let lib = "\
//! The runtime.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = \"access-token\")]
#[cfg_attr(docsrs, doc(cfg(feature = \"access-token\")))]
pub mod access_token;
#[cfg(any(feature = \"client\", feature = \"blocking\"))]
pub mod client;
mod dates;
#[cfg(feature = \"client\")]
pub use client::Client;
pub mod webhook_free;
#[cfg(test)]
mod tests {}
";
        assert_eq!(
            runtime_module(lib),
            "\
//! The runtime.

pub(crate) mod dates;
pub mod webhook_free;
#[cfg(test)]
pub(crate) mod tests {}
"
        );
    }

    #[test]
    fn crate_paths_move_under_rt() {
        assert_eq!(
            under_rt("use crate::sid::Sid;\n$crate::x; my_crate::y; (crate::z, crate::w)"),
            "use crate::rt::sid::Sid;\n$crate::rt::x; my_crate::y; (crate::rt::z, crate::rt::w)"
        );
        assert_eq!(under_rt("crate::a crate::b"), "crate::rt::a crate::rt::b");
    }

    #[test]
    fn sid_internals_become_crate_visible() {
        let sid = "impl SidPrefix {\n    fn accepts(self, found: &[u8]) -> bool {\n    fn accepts_all(self) {\n    fn table_of(self) {\n        fn what(self) {\n}\npub struct SidError {\n    type_name: &'static str,\n    kind: SidErrorKind,\n    kinds: u8,\n}\n";
        assert_eq!(
            open_sid_internals(sid),
            "impl SidPrefix {\n    pub(crate) fn accepts(self, found: &[u8]) -> bool {\n    pub(crate) fn accepts_all(self) {\n    fn table_of(self) {\n        fn what(self) {\n}\npub struct SidError {\n    pub(crate) type_name: &'static str,\n    pub(crate) kind: SidErrorKind,\n    kinds: u8,\n}\n"
        );
    }

    #[test]
    fn sid_aliases_become_types_of_their_own() {
        let sids = "\
//! SIDs.
/// A user.
///
/// Of a service.
pub type UserSid = crate::rt::Sid<prefix::US>;
/// Not an alias.
pub struct Other;
pub type RoleSid = crate::rt::Sid<prefix::RL>;
pub type Odd = crate::rt::Sid<other::RL>;
";
        let (text, n) = per_type_sids(sids);
        assert_eq!(n, 2);
        assert_eq!(
            text,
            "\
//! SIDs.
crate::per_type_sid!(
    /// A user.
    ///
    /// Of a service.
    UserSid, prefix::US
);
/// Not an alias.
pub struct Other;
crate::per_type_sid!(
    RoleSid, prefix::RL
);
pub type Odd = crate::rt::Sid<other::RL>;
"
        );
    }

    #[test]
    fn the_inline_manifest_takes_the_runtimes_first_dependencies() {
        let generated = "[package]\nname = \"candidate-inline\"\n\n[dependencies]\ntwilio-runtime = { path = \"x\" }\nserde = \"1\"\n";
        let runtime = "[package]\nname = \"twilio-runtime\"\n\n[dependencies]\nchrono = \"0.4\"\nhttp = \"1.3\"\n\n# The clients.\nreqwest = \"0.13\"\n";
        assert_eq!(
            inline_manifest(generated, runtime),
            "[package]\nname = \"candidate-inline\"\n\n[dependencies]\nchrono = \"0.4\"\nhttp = \"1.3\"\n\n[workspace]\n"
        );
    }

    #[test]
    fn the_summary_gives_ratios_to_the_crate() {
        let times = [
            vec![2.0, 2.2, 1.8],
            vec![4.0, 4.2, 4.0],
            vec![5.0, 5.5, 3.6],
        ];
        assert_eq!(
            summary("check", &times),
            "\ncargo check, crate only (median of 3; ratio to `crate`, range over rounds):\n\
             \x20 crate       2.00 s   x1.000 (1.000-1.000)\n\
             \x20 inline      4.00 s   x2.000 (1.909-2.222)\n\
             \x20 per-type    5.00 s   x2.500 (2.000-2.500)\n"
        );
    }
}
