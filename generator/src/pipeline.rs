//! The stages in order, for a set of specs generated together: lower each,
//! name their SID types across all of them, then emit and format every file
//! on all cores.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, Result};
use crate::listing::{self, Listing};
use crate::load::Spec;
use crate::model;
use crate::options::Options;
use crate::{emit, format};

/// One output file to emit and format.
enum Job {
    /// The top-level `mod.rs`.
    Root,
    /// The shared `sids.rs`.
    Sids,
    /// A file of the version module of `apis[index]`.
    Version(usize, emit::File),
}

/// Generates every file for `specs` (module name, loaded spec): path
/// relative to the output folder → formatted source, plus warnings.
///
/// # Errors
///
/// The first spec's problems that stop generation, or a SID naming
/// conflict.
pub fn generate(
    specs: &[(&str, &Spec)],
    options: &Options,
) -> Result<(BTreeMap<PathBuf, String>, Vec<Diagnostic>)> {
    let (files, warnings, _) = generate_with_listing(specs, options)?;
    Ok((files, warnings))
}

/// Lowers every spec and names their SID types across all of them: the IR
/// of each version module, the shared SID types, and the warnings.
fn lower(
    specs: &[(&str, &Spec)],
    options: &Options,
) -> Result<(Vec<model::Api>, Arc<model::SidTypes>, Vec<Diagnostic>)> {
    let mut apis = Vec::with_capacity(specs.len());
    let mut warnings = Vec::new();
    for &(module, spec) in specs {
        let (api, spec_warnings) =
            model::lower(spec, module, options).map_err(|e| locate_error(e, specs))?;
        apis.push(api);
        warnings.extend(spec_warnings);
    }
    locate(&mut warnings, specs);
    let shared = model::name_sids(&apis, options).map_err(|e| locate_error(e, specs))?;
    Ok((apis, Arc::new(shared), warnings))
}

/// The API listing of `specs` generated together, without generating the
/// code, and the warnings.
/// The listing keeps the docs of every item, so that two such listings
/// compare docs too.
pub fn listing(specs: &[(&str, &Spec)], options: &Options) -> Result<(Listing, Vec<Diagnostic>)> {
    let (apis, shared, warnings) = lower(specs, options)?;
    Ok((
        build_listing(specs, &apis, &shared, options, true),
        warnings,
    ))
}

fn build_listing(
    specs: &[(&str, &Spec)],
    apis: &[model::Api],
    shared: &Arc<model::SidTypes>,
    options: &Options,
    docs: bool,
) -> Listing {
    let modules: Vec<(&str, &model::Api)> = specs.iter().map(|(m, _)| *m).zip(apis).collect();
    listing::build(&modules, shared, options, docs)
}

/// As [`generate`], with the listing, which is also among the files
/// (`api.txt`).
pub fn generate_with_listing(
    specs: &[(&str, &Spec)],
    options: &Options,
) -> Result<(BTreeMap<PathBuf, String>, Vec<Diagnostic>, Listing)> {
    let (apis, shared, warnings) = lower(specs, options)?;
    let docs: Vec<(String, String)> = specs
        .iter()
        .map(|&(module, spec)| {
            let title = model::sanitize_doc(&spec.openapi.info.title);
            (
                module.to_string(),
                format!("{title}, generated from `{}`.", file_name(&spec.path)),
            )
        })
        .collect();
    let sources: Vec<String> = specs.iter().map(|(_, s)| file_name(&s.path)).collect();
    let sources = sources.join(", ");

    let gates = options.module_features.then(|| {
        let modules: Vec<&str> = specs.iter().map(|&(module, _)| module).collect();
        emit::Gates::new(&modules, &apis, &shared)
    });
    let gates = gates.as_ref();

    let mut jobs = vec![Job::Root];
    if !shared.is_empty() {
        jobs.push(Job::Sids);
    }
    for (i, api) in apis.iter().enumerate() {
        let mut files = emit::files(api);
        files.sort_by_key(|file| std::cmp::Reverse(file.weight(api)));
        jobs.extend(files.into_iter().map(|f| Job::Version(i, f)));
    }
    // Emitting and formatting (most of the time, mostly syn re-reading the
    // tokens) is independent per file: spread the files over the available
    // cores, each thread taking the next file when done.
    let run = |job: &Job, cx: &emit::Cx| -> Result<(PathBuf, String)> {
        let (path, source, tokens) = match *job {
            Job::Root => (
                PathBuf::from("mod.rs"),
                sources.as_str(),
                emit::root(&docs, !shared.is_empty(), gates),
            ),
            Job::Sids => (
                PathBuf::from("sids.rs"),
                sources.as_str(),
                emit::shared_sids(gates, cx),
            ),
            Job::Version(i, file) => {
                let (module, spec) = specs[i];
                let path = Path::new(&emit::module_folder(module)).join(file.name(&apis[i]));
                (path, file_source(spec), file.emit(&apis[i], cx))
            }
        };
        let header = format::header(source, options);
        let text = format::file(&path.to_string_lossy(), &header, tokens, options)?;
        Ok((path, text))
    };
    let results = in_parallel(&jobs, options, &shared, run);
    let mut files = BTreeMap::new();
    for result in results {
        let (path, text) = result?;
        files.insert(path, text);
    }
    let listing = build_listing(specs, &apis, &shared, options, false);
    files.insert(
        PathBuf::from(listing::FILE),
        listing.file_text(&listing::header(&sources, options)),
    );
    Ok((files, warnings, listing))
}

/// Gives each diagnostic the line and column its pointer names, in the
/// text of the spec it is about.
fn locate(diagnostics: &mut [Diagnostic], specs: &[(&str, &Spec)]) {
    for d in diagnostics {
        if let Some((_, spec)) = specs.iter().find(|(_, spec)| spec.path == d.path) {
            d.location = spec.locate(&d.pointer);
        }
    }
}

fn locate_error(mut error: Error, specs: &[(&str, &Spec)]) -> Error {
    if let Error::Invalid(diagnostics) = &mut error {
        locate(diagnostics, specs);
    }
    error
}

fn file_source(spec: &Spec) -> &str {
    spec.path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

/// `run` on every job, spread over the available cores, each thread with
/// its own emitting context (token streams are not `Send`).
fn in_parallel<T: Send>(
    jobs: &[Job],
    options: &Options,
    sids: &Arc<model::SidTypes>,
    run: impl Fn(&Job, &emit::Cx) -> Result<T> + Sync,
) -> Vec<Result<T>> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let work = || {
        let cx = emit::Cx::new(&options.runtime)
            .with_replay(&options.replay)
            .with_sids(Arc::clone(sids));
        let mut done = Vec::new();
        while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(run(job, &cx));
        }
        done
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            // A helper that panicked is a generator bug; report it as one.
            all.extend(helper.join().unwrap_or_else(|_| {
                vec![Err(Error::Format {
                    file: String::new(),
                    message: "a formatting thread panicked".into(),
                })]
            }));
        }
        all
    })
}

/// The file name of a path, for messages and headers.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
