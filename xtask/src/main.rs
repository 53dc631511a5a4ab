//! The workspace's tools, run as `cargo xtask <command>`: the sweep of a
//! folder of specs and the benchmark runs whose figures BENCHMARKS.md
//! quotes. See `xtask/README.md` for what each measures and needs.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod build_cost;
mod compile_candidates;
mod features_cost;
mod hyperfine;
mod peers;
mod response_examples;
mod stats;
mod sweep;
mod util;

/// What the tools return: any error, with a message that says where.
type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "The workspace's tools: the spec sweep and the benchmark runs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates every spec of a folder as a crate, lints it with warnings
    /// denied, and prints one row of counts per spec.
    Sweep(sweep::Args),
    /// What the generator costs per build of twilio-chat, and what the
    /// generated code costs the compiler.
    BuildCost(build_cost::Args),
    /// What the runtime crate and the generic SID type save the compiler,
    /// on the generated Chat v2 crate.
    CompileCandidates(compile_candidates::Args),
    /// What a crate of many APIs costs to check with the features of the
    /// few it needs, beside crates of one API.
    FeaturesCost(features_cost::Args),
    /// This generator beside pinned peer generators: generation time, and
    /// build and check time of the generated code.
    Peers(peers::Args),
    /// Writes a test that reads every example response of a spec under
    /// every 2xx status (what `sweep --examples` adds to each crate).
    ResponseExamples {
        /// The spec.
        spec: std::path::PathBuf,
        /// Where the spec's module is in the crate the test is for
        /// (`sweep_chat_v2::api`).
        module_path: String,
        /// The test file to write.
        out: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Sweep(args) => sweep::run(&args),
        Command::BuildCost(args) => build_cost::run(&args),
        Command::CompileCandidates(args) => compile_candidates::run(&args),
        Command::FeaturesCost(args) => features_cost::run(&args),
        Command::Peers(args) => peers::run(&args),
        Command::ResponseExamples {
            spec,
            module_path,
            out,
        } => response_examples::write_test(&spec, &module_path, &out).map(|()| true),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
