//! `cargo xtask features-cost`: what a crate of many APIs costs to check
//! when it is built with the features of the few it needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::hyperfine::Hyperfine;
use crate::stats::median;
use crate::util::{self, machine};
use crate::Result;

/// What the measurement is given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of specs (`*.yaml`, `*.json`), each module named after
    /// its file (`twilio_X.yaml` → `X`).
    spec_folder: PathBuf,
    /// The modules measured alone (default: `api_v2010` and `chat_v2`).
    modules: Vec<String>,
    /// Rounds: one run of each variant per round, the order rotating.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Where the crates and results are kept (default: a temporary folder).
    #[arg(long)]
    work: Option<PathBuf>,
}

/// A variant to time: its name and its `cargo check` command line.
struct Variant {
    name: String,
    manifest: PathBuf,
    features: Option<String>,
}

impl Variant {
    fn command(&self) -> String {
        let mut line = format!(
            "cargo check --offline -q --manifest-path {}",
            self.manifest.display()
        );
        if let Some(features) = &self.features {
            line.push_str(&format!(" --no-default-features --features {features}"));
        }
        line
    }

    /// Its own target folder, under `work`.
    fn target(&self, work: &Path) -> PathBuf {
        work.join(format!("t-{}", self.name.replace(':', "-")))
    }
}

/// `mod.rs` of a compact module with only the resource module `keep` and
/// its re-export: the other `pub mod X { … }` blocks, their `#[doc]` lines
/// and their `pub use self::X::*;` lines are left out; the rest stays.
pub fn keep_one_resource(mod_rs: &str, keep: &str) -> String {
    let mut out = String::new();
    let mut held = String::new();
    let mut skip = false;
    for line in mod_rs.lines() {
        if line.starts_with("#[doc") {
            held.push_str(line);
            held.push('\n');
            continue;
        }
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|r| r.strip_suffix(" {"))
        {
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                skip = name != keep;
            }
        }
        if let Some(path) = line.strip_prefix("pub use self::") {
            let module = path.split("::").next().unwrap_or_default();
            if module != keep {
                held.clear();
                continue;
            }
        }
        if !skip {
            out.push_str(&held);
            out.push_str(line);
            out.push('\n');
        }
        held.clear();
        if skip && line == "}" {
            skip = false;
        }
    }
    out
}

/// The first resource module of a `mod.rs`.
pub fn first_module(mod_rs: &str) -> Option<&str> {
    mod_rs.lines().find_map(|line| {
        let rest = line.strip_prefix("pub mod ")?;
        let end = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len());
        Some(&rest[..end])
    })
}

/// The ratio lines: one and `res` over `alone`, per module and kind.
pub fn ratio_line(module: &str, kind: &str, one: f64, alone: f64, res: f64) -> String {
    format!(
        "{module:<10} {kind:<5} one:M / alone:M = {:.2}   res:M / alone:M = {:.2}",
        one / alone,
        res / alone
    )
}

/// Runs the measurement.
pub fn run(args: &Args) -> Result<bool> {
    let root = util::root();
    let modules: Vec<String> = if args.modules.is_empty() {
        vec!["api_v2010".into(), "chat_v2".into()]
    } else {
        args.modules.clone()
    };
    let work = match &args.work {
        Some(w) => w.clone(),
        None => util::temp_dir("features-cost")?,
    };
    std::fs::create_dir_all(&work)?;
    let work = std::path::absolute(&work)?;
    let hyperfine = Hyperfine::on_path().ok_or("hyperfine is required")?;
    let regenerate_bin = util::build_regenerate()?;
    let runtime = format!("{{ path = \"{}\" }}", root.join("runtime").display());
    let lock = root.join("Cargo.lock");

    // The crate of every spec.
    let mut spec_args = Vec::new();
    let mut specs = Vec::new();
    for ext in ["yaml", "json"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&args.spec_folder)
            .map_err(|e| format!("{}: {e}", args.spec_folder.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
            .collect();
        found.sort();
        specs.extend(found);
    }
    for spec in &specs {
        let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
        spec_args.extend([
            "--spec".to_owned(),
            spec.display().to_string(),
            "--module".to_owned(),
            stem.strip_prefix("twilio_").unwrap_or(&stem).to_owned(),
        ]);
    }
    let all = work.join("all");
    spec_args.extend(
        ["--module-features", "--compact", "--crate"]
            .map(String::from)
            .into_iter()
            .chain([
                all.display().to_string(),
                "--crate-name".into(),
                "all-apis".into(),
            ])
            .chain(["--runtime-dependency".into(), runtime.clone()]),
    );
    util::quiet(Command::new(&regenerate_bin).args(&spec_args))?;
    std::fs::copy(&lock, all.join("Cargo.lock"))?;
    let files = util::files_under(&all.join("src"), ".rs").len();
    let lines = util::nonblank_rust_lines(&all.join("src"));
    println!(
        "crate of {} specs: {files} files, {lines} non-blank lines",
        specs.len()
    );

    let mut variants = vec![Variant {
        name: "all".into(),
        manifest: all.join("Cargo.toml"),
        features: None,
    }];
    for module in &modules {
        let spec = args.spec_folder.join(format!("twilio_{module}.yaml"));
        let alone = work.join(format!("alone-{module}"));
        util::quiet(Command::new(&regenerate_bin).args([
            "--spec".into(),
            spec.display().to_string(),
            "--module".into(),
            module.clone(),
            "--compact".into(),
            "--crate".into(),
            alone.display().to_string(),
            "--crate-name".into(),
            format!("alone-{}", module.replace('_', "-")),
            "--runtime-dependency".into(),
            runtime.clone(),
        ]))?;
        std::fs::copy(&lock, alone.join("Cargo.lock"))?;
        // The same crate with its first resource module only.
        let res = work.join(format!("res-{module}"));
        if res.exists() {
            std::fs::remove_dir_all(&res)?;
        }
        util::copy_dir(&alone, &res)?;
        let mod_rs = res.join("src").join(module).join("mod.rs");
        let text = util::read(&mod_rs)?;
        let first = first_module(&text)
            .ok_or_else(|| format!("{}: no resource module", mod_rs.display()))?
            .to_owned();
        util::write(&mod_rs, keep_one_resource(&text, &first))?;
        variants.push(Variant {
            name: format!("one:{module}"),
            manifest: all.join("Cargo.toml"),
            features: Some(module.clone()),
        });
        variants.push(Variant {
            name: format!("alone:{module}"),
            manifest: alone.join("Cargo.toml"),
            features: None,
        });
        variants.push(Variant {
            name: format!("res:{module}"),
            manifest: res.join("Cargo.toml"),
            features: None,
        });
        println!("res:{module} keeps the resource module `{first}` of {module}");
    }

    // Every variant must compile before it is timed.
    for v in &variants {
        let ok = util::shell(&v.command())
            .env("CARGO_TARGET_DIR", v.target(&work))
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .status()?
            .success();
        if !ok {
            return Err(format!("FAIL: {} does not compile", v.name).into());
        }
    }

    let results = work.join("results");
    std::fs::create_dir_all(&results)?;
    let json = results.join("x.json");
    let mut cold: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut crate_only: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for round in 0..args.runs {
        for k in 0..variants.len() {
            let i = (k + round) % variants.len();
            let v = &variants[i];
            let dir = v.target(&work);
            let (wall, _) = hyperfine.once(
                &format!("rm -rf '{}'", dir.display()),
                &format!("CARGO_TARGET_DIR='{}' {}", dir.display(), v.command()),
                &json,
            )?;
            cold[i].push(wall);
            // The crate alone: dependencies are checked now.
            let lib = v.manifest.parent().unwrap_or(&work).join("src/lib.rs");
            let (wall, _) = hyperfine.once(
                &format!("touch '{}'", lib.display()),
                &format!(
                    "CARGO_INCREMENTAL=0 CARGO_TARGET_DIR='{}' {}",
                    dir.display(),
                    v.command()
                ),
                &json,
            )?;
            crate_only[i].push(wall);
        }
        println!(
            "round {} of {} done (load {})",
            round + 1,
            args.runs,
            machine::load1_text()
        );
    }
    util::write(&results.join("cold"), times_file(&variants, &cold))?;
    util::write(&results.join("crate"), times_file(&variants, &crate_only))?;

    let med = |times: &[Vec<f64>], name: &str| {
        variants
            .iter()
            .position(|v| v.name == name)
            .and_then(|i| median(&times[i]))
            .unwrap_or(f64::NAN)
    };
    println!("\n{:<18} {:>10} {:>10}", "variant", "cold s", "crate s");
    for v in &variants {
        println!(
            "{:<18} {:>10.2} {:>10.2}",
            v.name,
            med(&cold, &v.name),
            med(&crate_only, &v.name)
        );
    }
    println!();
    for module in &modules {
        for (kind, times) in [("cold", &cold), ("crate", &crate_only)] {
            println!(
                "{}",
                ratio_line(
                    module,
                    kind,
                    med(times, &format!("one:{module}")),
                    med(times, &format!("alone:{module}")),
                    med(times, &format!("res:{module}")),
                )
            );
        }
    }
    println!("crates and results: {}", work.display());
    Ok(true)
}

/// "NAME SECONDS" lines, as the results are kept.
fn times_file(variants: &[Variant], times: &[Vec<f64>]) -> String {
    let mut out = String::new();
    for (v, t) in variants.iter().zip(times) {
        for s in t {
            out.push_str(&format!("{} {s}\n", v.name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOD_RS: &str = "\
// @generated by twilio-codegen.

#[doc = \" The server.\"]
pub const DEFAULT_BASE_URL: &str = \"https://accounts.twilio.com\";
pub use super::sids::{
    AccountSid
};
#[doc = \" Auth Token promotion\"]
pub mod auth_token_promotion {
    include!(\"auth_token_promotion.rs\");
}
pub use self::auth_token_promotion::*;
#[doc = \" Types of the `safelist` module.\"]
#[doc = \" Two lines.\"]
pub mod safelist {
    include!(\"safelist.rs\");
}
pub use self::safelist::*;
";

    #[test]
    fn keeps_the_first_resource_and_everything_else() {
        assert_eq!(first_module(MOD_RS), Some("auth_token_promotion"));
        let kept = keep_one_resource(MOD_RS, "auth_token_promotion");
        assert_eq!(
            kept,
            "\
// @generated by twilio-codegen.

#[doc = \" The server.\"]
pub const DEFAULT_BASE_URL: &str = \"https://accounts.twilio.com\";
pub use super::sids::{
    AccountSid
};
#[doc = \" Auth Token promotion\"]
pub mod auth_token_promotion {
    include!(\"auth_token_promotion.rs\");
}
pub use self::auth_token_promotion::*;
"
        );
        let other = keep_one_resource(MOD_RS, "safelist");
        assert!(other.contains("#[doc = \" Two lines.\"]\npub mod safelist {\n"));
        assert!(!other.contains("auth_token_promotion"));
        assert!(!other.contains("Auth Token"));
    }

    #[test]
    fn ratio_lines_have_two_decimals() {
        assert_eq!(
            ratio_line("chat_v2", "cold", 4.96, 4.98, 2.49),
            "chat_v2    cold  one:M / alone:M = 1.00   res:M / alone:M = 0.50"
        );
    }
}
