//! What the generator costs per build: `cargo bench -p twilio-codegen --bench pipeline`.
//!
//! For the Chat v1 and v2 specs (read from disk once, before timing) it
//! measures, per iteration:
//!
//! - (a) parse: YAML bytes → `openapiv3` (`load::parse_spec`);
//! - (b) parse + lower to the IR (`model::lower`);
//! - (c) parse + full generation to formatted text (`generate_spec`);
//!
//! and, to show where the time of (c) goes, three stages on an already parsed
//! spec: lower alone, `generate_spec` alone (lower + emit + format) and format
//! alone (`format::format` on the token streams of the generated files, read
//! back from their text, since the emitters are private). Emit is what is
//! left: `generate_spec` − lower − format. Format is split further into
//! `syn::parse2` and `prettyplease::unparse`, and parse into building the
//! YAML tree and (for comparison) deserializing the text straight into
//! `openapiv3`; and, as the alternative to formatting, `to_string` of the
//! same token streams. Last, `Builder::generate` for both specs, which is
//! what `build.rs` runs (file reads included).
//!
//! Then the change report between two versions of a spec (`regenerate
//! --changes`: both read, lowered and listed, then compared and printed),
//! against generating the newer one, as a ratio. The two specs are
//! `BENCH_CHANGES_OLD` and `BENCH_CHANGES_NEW` when both are set (for
//! example two releases of Twilio's api_v2010, which is not in the
//! repository), else Chat v1 and v2 compared as one module.
//!
//! The workspace's bench harness (`bench/harness`), no criterion: every
//! stage is warmed up and calibrated, then the stages of a group run in
//! interleaved rounds (one timed batch of each per round, the order rotated
//! every round) until each has run for `BENCH_SECS` seconds (default 2) and
//! at least 15 rounds, so that drift on a shared machine hits them all
//! alike. Reported: the median time per iteration, the 10th–90th
//! percentile spread of the batches, and ratios of medians, which are what
//! to compare between runs.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use bench_harness::{self as harness, timed, timed_fresh, Budget, Stage};
use proc_macro2::TokenStream;
use twilio_codegen::{format, generate_spec, load, model, Builder, Options};

fn main() {
    let budget = Budget::from_env();
    println!(
        "generator pipeline bench: {:.1} s per stage, interleaved rounds; times are medians per iteration",
        budget.per_stage.as_secs_f64()
    );
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    for version in ["v1", "v2"] {
        let path = spec_dir.join(format!("twilio_chat_{version}.yaml"));
        bench_spec(version, &path, budget);
    }
    bench_builder(&spec_dir, budget);
    bench_changes(&spec_dir, budget);
}

fn bench_spec(version: &str, path: &Path, budget: Budget) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec = load::parse_spec(path, &bytes).expect("spec parses");
    let (files, _warnings) =
        generate_spec(&spec, "v2", &Options::default()).expect("spec generates");
    let lines: usize = files.values().map(|text| text.lines().count()).sum();
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let header = format::header(&source, &Options::default());
    // The emitters are private: get each file's tokens back from its text.
    // Formatting those tokens again must give the same text, or the
    // format-only stage would not be measuring the work `generate_spec` does.
    let bodies: Vec<(String, String)> = files
        .iter()
        .filter(|(name, _)| name.extension().is_some_and(|e| e == "rs"))
        .map(|(name, text)| {
            (
                name.to_string_lossy().into_owned(),
                strip_header(text).to_string(),
            )
        })
        .collect();
    let round_trips = bodies.iter().all(|(name, body)| {
        format::format(name, &header, tokens(body)).expect("reformats")
            == files[std::path::Path::new(name)]
    });
    println!();
    println!(
        "== chat {version}: {} ({} KiB of YAML) -> {} files, {} lines",
        source,
        bytes.len() / 1024,
        files.len(),
        lines
    );
    let syntax: Vec<syn::File> = bodies
        .iter()
        .map(|(_, body)| syn::parse2(tokens(body)).expect("generated code parses"))
        .collect();
    if !round_trips {
        println!("   note: text -> tokens -> format does not reproduce every file exactly");
    }

    let compact = Builder::new().pretty(false).options().clone();
    // The token streams of every file, fresh for each iteration of a stage
    // that consumes them.
    let fresh_tokens =
        || -> Vec<TokenStream> { bodies.iter().map(|(_, body)| tokens(body)).collect() };
    let mut stages = vec![
        Stage::new("(a) parse", |n| {
            timed(n, || {
                black_box(load::parse_spec(black_box(path), black_box(&bytes)).unwrap());
            })
        }),
        Stage::new("(b) parse + lower", |n| {
            timed(n, || {
                let spec = load::parse_spec(black_box(path), black_box(&bytes)).unwrap();
                black_box(model::lower(&spec, "v2", &Options::default()).unwrap());
            })
        }),
        Stage::new("(c) parse + generate", |n| {
            timed(n, || {
                let spec = load::parse_spec(black_box(path), black_box(&bytes)).unwrap();
                black_box(generate_spec(&spec, "v2", &Options::default()).unwrap());
            })
        }),
        Stage::new("(d) parse + generate, compact", |n| {
            timed(n, || {
                let spec = load::parse_spec(black_box(path), black_box(&bytes)).unwrap();
                black_box(generate_spec(&spec, "v2", &compact).unwrap());
            })
        }),
        Stage::new("lower only", |n| {
            timed(n, || {
                black_box(model::lower(black_box(&spec), "v2", &Options::default()).unwrap());
            })
        }),
        Stage::new("generate_spec only", |n| {
            timed(n, || {
                black_box(generate_spec(black_box(&spec), "v2", &Options::default()).unwrap());
            })
        }),
        Stage::new("generate_spec compact only", |n| {
            timed(n, || {
                black_box(generate_spec(black_box(&spec), "v2", &compact).unwrap());
            })
        }),
        Stage::new("format only", |n| {
            // Fresh, unshared token streams for every iteration, built
            // outside the timed region.
            timed_fresh(n, fresh_tokens, |streams| {
                for ((name, _), stream) in bodies.iter().zip(streams) {
                    black_box(format::format(name, &header, stream).unwrap());
                }
            })
        }),
        // Where format's time goes: syn's parse of the tokens, then
        // prettyplease's printing (the rest is the header and blank lines).
        Stage::new("  format: syn::parse2", |n| {
            timed_fresh(n, fresh_tokens, |streams| {
                for stream in streams {
                    black_box(syn::parse2::<syn::File>(stream).unwrap());
                }
            })
        }),
        Stage::new("  format: unparse", |n| {
            timed(n, || {
                for file in &syntax {
                    black_box(prettyplease::unparse(black_box(file)));
                }
            })
        }),
        // The alternative to formatting: the tokens' own text, which rustc
        // compiles just as well (one long line per file).
        Stage::new("  alt: tokens.to_string()", |n| {
            timed_fresh(n, fresh_tokens, |streams| {
                for stream in streams {
                    black_box(stream.to_string());
                }
            })
        }),
        // Where parse's time goes: the YAML tree, then its conversion; and
        // the alternative of deserializing the text straight into openapiv3.
        Stage::new("  parse: YAML -> Value", |n| {
            timed(n, || {
                black_box(serde_yaml::from_slice::<serde_yaml::Value>(black_box(&bytes)).unwrap());
            })
        }),
        Stage::new("  parse: YAML -> OpenAPI", |n| {
            timed(n, || {
                black_box(serde_yaml::from_slice::<openapiv3::OpenAPI>(black_box(&bytes)).unwrap());
            })
        }),
    ];
    harness::run(&mut stages, budget);
    harness::report(&stages, 1);

    let m: BTreeMap<&str, f64> = stages.iter().map(|s| (s.label(), s.median())).collect();
    let (a, b, c) = (
        m["(a) parse"],
        m["(b) parse + lower"],
        m["(c) parse + generate"],
    );
    let (lower, generate, format) = (m["lower only"], m["generate_spec only"], m["format only"]);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("   ratio (b)/(a) = {:.2}", b / a);
    println!("   ratio (c)/(a) = {:.2}   (target for v2: <= 2.00)", c / a);
    println!(
        "   ratio (d)/(a) = {:.2}   (compact, for build scripts; target for v2: <= 1.50); generate_spec compact / parse {:.2}",
        m["(d) parse + generate, compact"] / a,
        m["generate_spec compact only"] / a
    );
    // `generate_spec` emits and formats files on all cores; the stage
    // timings below are single-threaded, so they do not add up to (c).
    println!(
        "   per stage / parse, one thread: lower {:.2}, format {:.2}; generate_spec (emit + format on {threads} threads) {:.2}",
        lower / a,
        format / a,
        generate / a
    );
    println!(
        "   format = syn::parse2 {:.0}% + unparse {:.0}% (+ header/spacing); parse: YAML tree {:.0}% of (a), direct YAML -> OpenAPI {:.2}x (a)",
        100.0 * m["  format: syn::parse2"] / format,
        100.0 * m["  format: unparse"] / format,
        100.0 * m["  parse: YAML -> Value"] / a,
        m["  parse: YAML -> OpenAPI"] / a
    );
}

fn bench_builder(spec_dir: &Path, budget: Budget) {
    let v1 = spec_dir.join("twilio_chat_v1.yaml");
    let v2 = spec_dir.join("twilio_chat_v2.yaml");
    let build = |v1: &PathBuf, v2: &PathBuf| {
        Builder::new()
            .spec(v1)
            .module("v1")
            .spec(v2)
            .module("v2")
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
            .generate()
            .unwrap()
    };
    let files = build(&v1, &v2).files().len();
    println!();
    println!("== Builder::generate, v1 + v2 ({files} files), as build.rs runs it");
    let mut stages = vec![Stage::new("Builder v1+v2", |n| {
        timed(n, || {
            black_box(build(black_box(&v1), black_box(&v2)));
        })
    })];
    harness::run(&mut stages, budget);
    harness::report(&stages, 1);
}

fn bench_changes(spec_dir: &Path, budget: Budget) {
    let (old, new, what) = match (
        std::env::var_os("BENCH_CHANGES_OLD"),
        std::env::var_os("BENCH_CHANGES_NEW"),
    ) {
        (Some(old), Some(new)) => (
            PathBuf::from(old),
            PathBuf::from(new),
            "BENCH_CHANGES_OLD -> _NEW",
        ),
        _ => (
            spec_dir.join("twilio_chat_v1.yaml"),
            spec_dir.join("twilio_chat_v2.yaml"),
            "chat v1 -> v2 as one module",
        ),
    };
    let module = twilio_codegen::default_module(&new);
    let builder = |spec: &Path| {
        Builder::new()
            .spec(spec)
            .module(&module)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
    };
    let report = || {
        let old = builder(&old).listing().unwrap();
        let new = builder(&new).listing().unwrap();
        old.changes(&new).to_string()
    };
    let text = report();
    let (old_listing, new_listing) = (
        builder(&old).listing().unwrap(),
        builder(&new).listing().unwrap(),
    );
    let generated = builder(&new).generate().unwrap();
    let code: usize = generated
        .files()
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(_, text)| text.len())
        .sum();
    let listing = generated.files()[generated.listing_file()].len();
    println!();
    println!(
        "== change report, {what}: {} -> {}",
        old.display(),
        new.display()
    );
    println!(
        "   {}; listing {} lines, {} KiB = {:.1}% of the code's {} KiB",
        text.lines().next().unwrap_or_default(),
        generated.listing().len(),
        listing / 1024,
        100.0 * listing as f64 / code as f64,
        code / 1024
    );
    let mut stages = vec![
        Stage::new("report (--changes)", |n| {
            timed(n, || {
                black_box(report());
            })
        }),
        // What listing a spec adds to reading and lowering it.
        Stage::new("  read + lower new", |n| {
            timed(n, || {
                let spec = load::load_spec(black_box(&new)).unwrap();
                black_box(model::lower(&spec, &module, &Options::default()).unwrap());
            })
        }),
        Stage::new("  list new (Builder)", |n| {
            timed(n, || {
                black_box(builder(black_box(&new)).listing().unwrap());
            })
        }),
        // What the report adds to reading and lowering the two specs.
        Stage::new("  compare + text only", |n| {
            timed(n, || {
                black_box(old_listing.changes(black_box(&new_listing)).to_string());
            })
        }),
        Stage::new("generate new (Builder)", |n| {
            timed(n, || {
                black_box(builder(black_box(&new)).generate().unwrap());
            })
        }),
        Stage::new("generate new, compact", |n| {
            timed(n, || {
                black_box(builder(black_box(&new)).pretty(false).generate().unwrap());
            })
        }),
    ];
    harness::run(&mut stages, budget);
    harness::report(&stages, 1);
    let m: BTreeMap<&str, f64> = stages.iter().map(|s| (s.label(), s.median())).collect();
    println!(
        "   ratio report / generate = {:.2}, report / generate compact = {:.2}   (two specs read and lowered, against one generated); comparing and printing is {:.1}% of the report",
        m["report (--changes)"] / m["generate new (Builder)"],
        m["report (--changes)"] / m["generate new, compact"],
        100.0 * m["  compare + text only"] / m["report (--changes)"]
    );
    println!(
        "   listing a spec beyond reading and lowering it (SID naming included) / generate = {:.3}",
        (m["  list new (Builder)"] - m["  read + lower new"]) / m["generate new (Builder)"]
    );
}

/// The generated text without its three-line `// @generated` header.
fn strip_header(text: &str) -> &str {
    let mut rest = text;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest
}

fn tokens(body: &str) -> TokenStream {
    TokenStream::from_str(body).expect("generated code tokenizes")
}
