//! `regenerate`: rewrites the checked-in `generated/` folder from `spec/`.
//!
//! ```text
//! cargo run -p twilio-codegen --bin regenerate            # rewrite generated/
//! cargo run -p twilio-codegen --bin regenerate -- --check # compare only
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use twilio_codegen::{Builder, FileStatus};

/// Regenerates Rust code from Twilio OpenAPI specs.
///
/// Each spec becomes one module folder under the output folder, named after
/// the last part of its file name (`twilio_chat_v2.yaml` → `v2/`). Only files
/// whose content changed are written, atomically; `.rs` files that are no
/// longer generated are removed.
#[derive(Debug, Parser)]
#[command(name = "regenerate", version)]
struct Args {
    /// A spec to generate from; repeat for several. Default: every .yaml,
    /// .yml and .json file in spec/.
    #[arg(long = "spec", value_name = "FILE")]
    specs: Vec<PathBuf>,

    /// The output folder.
    #[arg(long, value_name = "DIR", default_value = "generated")]
    out: PathBuf,

    /// Write nothing; list stale, missing and orphaned files and exit 1 if
    /// there are any.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(clean) if clean => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<bool, String> {
    let specs = if args.specs.is_empty() {
        default_specs(Path::new("spec"))?
    } else {
        args.specs.clone()
    };
    let mut builder = Builder::new()
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false);
    for spec in &specs {
        builder = builder.spec(spec);
    }
    let generated = builder.generate().map_err(|e| e.to_string())?;
    for warning in generated.warnings() {
        eprintln!("warning: {warning}");
    }
    let report = if args.check {
        generated.check(&args.out)
    } else {
        generated.write_to(&args.out)
    }
    .map_err(|e| e.to_string())?;

    let mut unchanged = 0;
    let mut problems = 0;
    let mut leftovers = 0;
    for (file, status) in &report {
        let shown = args.out.join(file);
        let shown = shown.display();
        match status {
            FileStatus::Unchanged => unchanged += 1,
            FileStatus::Written => println!("wrote    {shown}"),
            FileStatus::Removed => println!("removed  {shown} (no longer generated)"),
            FileStatus::Leftover => {
                leftovers += 1;
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
            }
            FileStatus::Orphaned => {
                problems += 1;
                println!("orphaned {shown} (no longer generated)");
            }
        }
    }
    println!(
        "{} files from {} spec(s): {unchanged} unchanged{}",
        report.len() - leftovers,
        specs.len(),
        if problems > 0 {
            format!(", {problems} out of date")
        } else {
            String::new()
        }
    );
    if problems > 0 {
        eprintln!(
            "generated code is out of date: run `cargo run -p twilio-codegen --bin regenerate`"
        );
    }
    Ok(problems == 0)
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
