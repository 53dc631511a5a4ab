//! Generates Rust code for Twilio REST APIs from their OpenAPI specs: one
//! struct per resource, one validated newtype per SID prefix, enums that keep
//! unknown values, and one endpoint stub per operation that turns into an
//! [`http::Request`](https://docs.rs/http) without choosing a transport.
//!
//! [`Builder`] runs the whole pipeline (load → lower → emit → format →
//! write); its options (extra attributes, renames, the runtime's path) reach
//! lowering and emitting. The API is what these docs show: the builder and
//! its [`Options`], the [`Generated`] files, their API [`Listing`] and the
//! [`Changes`] between two listings, [`Error`] and [`Diagnostic`].
//! The stages and the intermediate representation between them are not part
//! of it: the items hidden from these docs serve the project's own tests,
//! benches and fuzz targets and may change in any release.
//!
//! # Use from `build.rs`
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     twilio_codegen::Builder::new()
//!         .spec("spec/twilio_chat_v2.yaml")
//!         .module("v2")
//!         .generate()?
//!         .write_to_out_dir()?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate, which then has the module `v2`:
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/mod.rs"));
//! ```
//!
//! The output folder holds `mod.rs` (the table of contents), one folder
//! per spec with one file per resource, and `api.txt`, the API [`Listing`]:
//! one line per public item and per part of one, whose diff shows what a
//! spec update changes for callers ([`Listing::changes`] classifies it). The generated code needs one
//! dependency, the runtime crate `twilio-runtime` (the `Endpoint` trait,
//! pages, SID types, errors), and reaches serde, chrono and `http` through
//! it; [`Builder::runtime_path`] points it elsewhere.
//!
//! # Features
//!
//! - `pretty` (default): lays the output out as rustfmt would, with
//!   prettyplease and syn's full parser. Without it the output is in the
//!   compact layout (a line per item, attribute, field and statement), the
//!   same code, and the generator compiles against the syn that serde's
//!   derive already builds: a build script, whose output only the compiler
//!   reads, depends on the generator with `default-features = false`.
//! - `changes` (in `cli`): listings read back and compared
//!   ([`Listing::parse`], [`Listing::changes`], [`Generated::changes_from`]).
//! - `lock` (in `cli`): an advisory lock on the folder a run writes, so that
//!   two runs never write it at once. A build script needs neither: Cargo
//!   runs one build script per `OUT_DIR` at a time.
//! - `cli` (default): the `regenerate` command (with `pretty`, `changes` and
//!   `lock`).
//!
//! [`Builder::generate`] prints `cargo:rerun-if-changed` for every spec it
//! reads, so Cargo reruns the build script only when a spec changes, and
//! `cargo:warning` for constructs it accepted in a degraded form. It never
//! panics: every problem is an [`Error`] naming the file and the place in it.

#![warn(missing_docs)]

#[cfg(feature = "changes")]
mod changes;
mod emit;
mod error;
#[doc(hidden)]
pub mod format;
mod listing;
#[doc(hidden)]
pub mod load;
#[doc(hidden)]
pub mod model;
mod options;
mod pipeline;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[cfg(feature = "changes")]
pub use changes::{Change, Changes, Class};
pub use error::{Diagnostic, Error, Result};
pub use format::HEADER;
pub use listing::Listing;
pub use model::names::default_module;
pub use options::{Options, Replay, DEFAULT_RUNTIME};
pub use write::FileStatus;

/// Configures a generation run: which specs, into which modules, with which
/// options.
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder {
    specs: Vec<(PathBuf, String)>,
    out_dir: Option<PathBuf>,
    rerun_if_changed: bool,
    cargo_warnings: bool,
    options: Options,
    /// The first invalid option given, reported by `generate`.
    invalid: Option<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder with no specs; Cargo directives are printed.
    pub fn new() -> Self {
        Builder {
            specs: Vec::new(),
            out_dir: None,
            rerun_if_changed: true,
            cargo_warnings: true,
            options: Options::default(),
            invalid: None,
        }
    }

    /// Keeps the first invalid option, to be reported by `generate`.
    fn check(mut self, result: Result<()>) -> Self {
        if let Err(e) = result {
            self.invalid.get_or_insert(e.to_string());
        }
        self
    }

    /// Puts `attribute` (one outer attribute, such as `#[derive(Hash)]`) on
    /// every generated struct, enum and endpoint stub that `matcher` names:
    ///
    /// - `*`: all of them;
    /// - a Rust type name, `User`, or one within a module, `v2::User`;
    /// - a name from the spec: a component schema (`chat.v2.service.user`)
    ///   or an operationId (`FetchUser`).
    ///
    /// Attributes are added in the order given. SID types are aliases of the
    /// runtime's generic type and take no attributes.
    pub fn type_attribute(
        mut self,
        matcher: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Self {
        let attribute = attribute.into();
        let checked = Options::check_attribute(&attribute);
        self.options
            .type_attributes
            .push((matcher.into(), attribute));
        self.check(checked)
    }

    /// Derives `path` (such as `Hash` or `serde::Serialize`) on the types
    /// `matcher` names; see [`Builder::type_attribute`].
    pub fn derive(self, matcher: impl Into<String>, path: &str) -> Self {
        match syn::parse_str::<syn::Path>(path) {
            Ok(_) => self.type_attribute(matcher, format!("#[derive({path})]")),
            Err(e) => self.check(Err(Error::Config(format!(
                "derive {path:?}: not a path to a derive macro: {e}"
            )))),
        }
    }

    /// Names the Rust type of `spec_name` (a component schema, an
    /// operationId, or a SID prefix such as `US`) `rust_name`, instead of the
    /// name the naming rules give it.
    pub fn rename(mut self, spec_name: impl Into<String>, rust_name: impl Into<String>) -> Self {
        let (from, to) = (spec_name.into(), rust_name.into());
        let checked = Options::check_rename(&from, &to);
        self.options.renames.insert(from, to);
        self.check(checked)
    }

    /// The path generated code names the runtime crate by; by default
    /// [`DEFAULT_RUNTIME`] (`::twilio_runtime`). Set it when the runtime is
    /// re-exported or vendored elsewhere, such as `crate::rt`.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        let checked = Options::check_runtime(&path);
        self.options.runtime = path;
        self.check(checked)
    }

    /// Whether to pretty-print the generated code, as rustfmt would lay it
    /// out: the default with the `pretty` feature (a default feature),
    /// which compiles prettyplease and syn's full parser into the
    /// generator. A build script whose output only the compiler reads says
    /// `false` and can leave the feature off (`default-features = false`):
    /// the code is the same, in the compact layout (a line per item,
    /// attribute, statement and field, blocks indented, not wrapped), and
    /// generating it skips re-reading every file, most of the generator's
    /// time. Without the feature, `true` is an error from
    /// [`Builder::generate`].
    pub fn pretty(mut self, pretty: bool) -> Self {
        self.options.pretty = pretty;
        self
    }

    /// Whether each module (each spec) is compiled only when the crate's
    /// cargo feature of the module's name is on: `#[cfg(feature = "v2")]`
    /// on `pub mod v2`, and on each shared SID type the features of the
    /// modules that use it, so that a crate built with one feature compiles
    /// that module and its SID types and nothing else. The crate must
    /// declare the features (`v2 = []`); [`Generated::into_crate`] does.
    /// Off by default.
    pub fn module_features(mut self, yes: bool) -> Self {
        self.options.module_features = yes;
        self
    }

    /// Whether endpoint stubs derive `Deserialize`, so that requests can be
    /// rebuilt from their parameters; see [`Replay`]. Off by default.
    pub fn replay(mut self, replay: Replay) -> Self {
        let checked = match &replay {
            Replay::Feature(name) => Options::check_feature(name),
            _ => Ok(()),
        };
        self.options.replay = replay;
        self.check(checked)
    }

    /// The options set so far.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Adds a spec. Its module is named after the last `_`-separated part of
    /// the file name (`twilio_chat_v2.yaml` → `v2`; see [`default_module`])
    /// unless [`module`](Self::module) says otherwise.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let module = default_module(&path);
        self.specs.push((path, module));
        self
    }

    /// Names the module of the spec added last.
    pub fn module(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        match self.specs.last_mut() {
            Some(last) => last.1 = name,
            // Reported by `generate`, which is where errors are returned.
            None => self.specs.push((PathBuf::new(), name)),
        }
        self
    }

    /// Where [`Generated::write_to_out_dir`] writes; by default `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed=<spec>` for each spec read
    /// (default: yes). Turn off outside build scripts.
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Whether to print warnings as `cargo:warning=` lines (default: yes).
    /// Turn off outside build scripts; they stay in [`Generated::warnings`].
    pub fn emit_cargo_warnings(mut self, yes: bool) -> Self {
        self.cargo_warnings = yes;
        self
    }

    /// Reads, checks and generates every spec. All problems of a spec are
    /// reported together.
    pub fn generate(self) -> Result<Generated> {
        let loaded = self.load()?;
        let specs: Vec<(&str, &load::Spec)> = loaded.iter().map(|(m, s)| (*m, s)).collect();
        let (files, warnings, listing) = pipeline::generate_with_listing(&specs, &self.options)?;
        self.print_warnings(&warnings);
        let sources: Vec<String> = self
            .specs
            .iter()
            .filter_map(|(p, _)| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        let sources = sources.join(", ");
        Ok(Generated {
            files,
            warnings,
            listing,
            listing_file: PathBuf::from(listing::FILE),
            out_dir: self.out_dir.clone(),
            force: false,
            lock_wait: write::DEFAULT_LOCK_WAIT,
            header: format::header(&sources, &self.options),
            sources,
            pretty: self.options.pretty,
            modules: self
                .specs
                .iter()
                .map(|(_, module)| module.clone())
                .collect(),
            module_features: self.options.module_features,
            replay: self.options.replay.clone(),
        })
    }

    /// Reads and checks every spec as [`generate`](Self::generate) does,
    /// with the same errors, and returns the API listing of the code it
    /// would generate, without generating it: what
    /// [`Generated::listing`] would return, with every item's docs besides,
    /// for comparing two versions of a spec ([`Listing::changes`], docs
    /// included) at a fraction of the cost.
    pub fn listing(self) -> Result<Listing> {
        let loaded = self.load()?;
        let specs: Vec<(&str, &load::Spec)> = loaded.iter().map(|(m, s)| (*m, s)).collect();
        let (listing, warnings) = pipeline::listing(&specs, &self.options)?;
        self.print_warnings(&warnings);
        Ok(listing)
    }

    fn print_warnings(&self, warnings: &[Diagnostic]) {
        if self.cargo_warnings {
            for w in warnings {
                println!("cargo:warning={w}");
            }
        }
    }

    /// Checks the builder and reads every spec, each with its module.
    fn load(&self) -> Result<Vec<(&str, load::Spec)>> {
        if let Some(invalid) = &self.invalid {
            return Err(Error::Config(invalid.clone()));
        }
        if self.specs.is_empty() {
            return Err(Error::Config(
                "no spec given: call .spec(path) first".into(),
            ));
        }
        if self.options.pretty && !cfg!(feature = "pretty") {
            return Err(Error::Config(
                "pretty(true) needs the `pretty` feature of twilio-codegen: enable it, or call .pretty(false)".into(),
            ));
        }
        let mut modules = BTreeMap::new();
        let mut loaded = Vec::with_capacity(self.specs.len());
        for (path, module) in &self.specs {
            if path.as_os_str().is_empty() {
                return Err(Error::Config(format!(
                    "module {module:?} has no spec: call .spec(path) before .module(name)"
                )));
            }
            if !model::names::is_module_name(module) || module == "sids" {
                return Err(Error::Config(format!(
                    "{}: module name {module:?} is not a Rust identifier, or is `sids`, the module of the SID types",
                    path.display()
                )));
            }
            if let Some(other) = modules.insert(module.clone(), path.clone()) {
                return Err(Error::Config(format!(
                    "{} and {} are both generated into module {module:?}",
                    other.display(),
                    path.display()
                )));
            }
            if self.rerun_if_changed {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            loaded.push((module.as_str(), load::load_spec(path)?));
        }
        Ok(loaded)
    }
}

/// Generates the files of one spec, as module `module`: path relative to the
/// output folder → formatted source, plus warnings.
#[doc(hidden)]
pub fn generate_spec(
    spec: &load::Spec,
    module: &str,
    options: &Options,
) -> Result<(BTreeMap<PathBuf, String>, Vec<Diagnostic>)> {
    pipeline::generate(&[(module, spec)], options)
}

/// Formatted output, ready to write.
#[derive(Debug, Clone)]
pub struct Generated {
    files: BTreeMap<PathBuf, String>,
    warnings: Vec<Diagnostic>,
    listing: Listing,
    /// Where the listing is among the files.
    listing_file: PathBuf,
    out_dir: Option<PathBuf>,
    force: bool,
    lock_wait: std::time::Duration,
    /// The spec files, for docs: `a_v1.yaml, b_v2.yaml`.
    sources: String,
    /// The header of the generated files, for those `into_crate` adds.
    header: String,
    /// Whether the files are pretty-printed, for those `into_crate` adds.
    pretty: bool,
    /// The modules, in the order given, and whether each is behind a
    /// feature of its name: the features `into_crate` declares.
    modules: Vec<String>,
    module_features: bool,
    /// A replay feature, which `into_crate` declares too.
    replay: Replay,
}

impl Generated {
    /// Every output file: path relative to the output folder
    /// (`mod.rs`, `sids.rs`, `v2/mod.rs`, `v2/user.rs`, `api.txt`, …) →
    /// its text.
    pub fn files(&self) -> &BTreeMap<PathBuf, String> {
        &self.files
    }

    /// Constructs that were accepted in a degraded form.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The API listing of the generated code: one line per public item and
    /// per part of one. It is also among the [`files`](Self::files), as
    /// `api.txt`, under the generator's header.
    pub fn listing(&self) -> &Listing {
        &self.listing
    }

    /// Where the listing is among the [`files`](Self::files): `api.txt`,
    /// or `src/api.txt` in a [crate](Self::into_crate).
    pub fn listing_file(&self) -> &Path {
        &self.listing_file
    }

    /// What this output changes in the API of the code generated in `dir`:
    /// the listing there against this one. Generated files that differ
    /// although no item of theirs changed are reported as docs-only
    /// changes (docs, or code that is not API).
    ///
    /// `Ok(None)` when `dir` has no listing (nothing generated there yet,
    /// or by a generator without listings).
    ///
    /// # Errors
    ///
    /// [`Error::Listing`] when the listing in `dir` does not read as one,
    /// [`Error::Write`] when it cannot be read.
    #[cfg(feature = "changes")]
    pub fn changes_from(&self, dir: &Path) -> Result<Option<Changes>> {
        let path = dir.join(&self.listing_file);
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Write { path, source }),
        };
        let text = String::from_utf8(text).map_err(|e| Error::Listing {
            path: path.clone(),
            line: 1,
            column: 1,
            message: format!("not UTF-8 text: {e}"),
        })?;
        let old = Listing::parse(&path, &text)?;
        let mut changes = old.changes(&self.listing);
        let prefix = self.listing_file.parent().unwrap_or(Path::new(""));
        for (file, text) in &self.files {
            let Ok(rest) = file.strip_prefix(prefix) else {
                continue;
            };
            if file == &self.listing_file || file.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let on_disk = std::fs::read(dir.join(file));
            if on_disk.is_ok_and(|bytes| bytes != text.as_bytes()) {
                changes.note_file(rest);
            }
        }
        Ok(Some(changes))
    }

    /// Writes into the builder's `out_dir`, or `$OUT_DIR` in a build script.
    pub fn write_to_out_dir(&self) -> Result<Vec<(PathBuf, FileStatus)>> {
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                Error::Config(
                    "OUT_DIR is not set: call write_to_out_dir from a build script, or set .out_dir(..)"
                        .into(),
                )
            })?,
        };
        self.write_to(&dir)
    }

    /// Writes into `dir`: changed files only, atomically; `.rs` files in the
    /// module folders that are no longer generated are removed.
    ///
    /// A file to be replaced that was not generated (it does not start with
    /// [`HEADER`]) is an error, and then nothing is written, unless
    /// [`force`](Self::force) allows overwriting it. So is a symbolic link
    /// to a folder inside `dir`: nothing is written or removed through one.
    ///
    /// Files are replaced one at a time, in an order that leaves the folder
    /// compiling if the run is interrupted: new files first, files that
    /// drop what others may still name written first with both the old and
    /// the new items, removals last. The run holds a lock on `dir` (the
    /// file `.twilio-codegen.lock` in it), and waits for another run that
    /// holds it up to [`lock_wait`](Self::lock_wait).
    pub fn write_to(&self, dir: &Path) -> Result<Vec<(PathBuf, FileStatus)>> {
        write::sync_with(dir, &self.files, self.settings(None))
    }

    /// Compares with `dir` and writes nothing (waiting, like
    /// [`write_to`](Self::write_to), for a run that is writing there).
    pub fn check(&self, dir: &Path) -> Result<Vec<(PathBuf, FileStatus)>> {
        let settings = write::Settings {
            mode: write::Mode::Check,
            ..self.settings(None)
        };
        write::sync_with(dir, &self.files, settings)
    }

    /// [`write_to`](Self::write_to), stopped before the change after
    /// `changes` renames and removals, as a kill would stop it; for the
    /// project's tests of interrupted runs.
    #[doc(hidden)]
    pub fn write_to_stopping_after(
        &self,
        dir: &Path,
        changes: usize,
    ) -> Result<Vec<(PathBuf, FileStatus)>> {
        write::sync_with(dir, &self.files, self.settings(Some(changes)))
    }

    fn settings(&self, stop_after: Option<usize>) -> write::Settings {
        let mode = if self.force {
            write::Mode::Force
        } else {
            write::Mode::Write
        };
        write::Settings {
            mode,
            lock_wait: self.lock_wait,
            stop_after,
        }
    }

    /// How long writing (or checking) waits for another run that is
    /// writing the same folder; by default a minute. Then it fails with an
    /// error that names the folder's lock file. Without the `lock` feature
    /// no lock is taken, and this does nothing.
    #[must_use]
    pub fn lock_wait(mut self, wait: std::time::Duration) -> Self {
        self.lock_wait = wait;
        self
    }

    /// The same output laid out as a complete crate named `name`, to be
    /// written to a folder of its own: `Cargo.toml`, `src/lib.rs` (the crate
    /// docs and the top-level `mod.rs`), and the modules under `src/`.
    ///
    /// `runtime` is the `twilio-runtime` dependency as written in
    /// `Cargo.toml`: a version requirement (`"0.1"`) or a table
    /// (`{ path = "../runtime" }`); `None` asks for this generator's own
    /// version. The crate is its own workspace (an empty `[workspace]`
    /// table), so it builds wherever it is written; remove the table to add
    /// it to another workspace.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a name that is not a crate name.
    pub fn into_crate(self, name: &str, runtime: Option<&str>) -> Result<Self> {
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && name.starts_with(|c: char| c.is_ascii_alphabetic());
        if !valid {
            return Err(Error::Config(format!(
                "{name:?} is not a crate name: use letters, digits, `-` and `_`, starting with a letter"
            )));
        }
        let version = format!("\"{}\"", env!("CARGO_PKG_VERSION"));
        let runtime = runtime.unwrap_or(&version);
        let mut features = String::new();
        if self.module_features {
            let all: Vec<String> = self.modules.iter().map(|m| format!("\"{m}\"")).collect();
            features.push_str(&format!(
                "# One feature per module, all on by default: a crate that needs\n                 # some of them depends on this one with `default-features = false`\n                 # and names those.\n                 default = [{}]\n",
                all.join(", ")
            ));
            for module in &self.modules {
                features.push_str(&format!("{module} = []\n"));
            }
        }
        if let Replay::Feature(name) = &self.replay {
            features.push_str(&format!(
                "# Endpoint stubs derive `Deserialize`.\n{name} = []\n"
            ));
        }
        if !features.is_empty() {
            features.insert_str(0, "[features]\n");
            features.push('\n');
        }
        let sources = self.sources.clone();
        let mut files = BTreeMap::new();
        files.insert(
            PathBuf::from("Cargo.toml"),
            format!(
                "{} from {sources}. Do not edit by hand.\n\
                 [package]\n\
                 name = \"{name}\"\n\
                 version = \"0.1.0\"\n\
                 edition = \"2021\"\n\
                 publish = false\n\n\
                 [dependencies]\n\
                 twilio-runtime = {runtime}\n\n\
                 {features}\
                 # Its own workspace, so that it builds wherever it is written.\n\
                 [workspace]\n",
                format::TOML_HEADER
            ),
        );
        let docs = format!(" Twilio APIs generated by twilio-codegen from {sources}.");
        let lib = quote::quote! {
            #![doc = #docs]
            include!("mod.rs");
        };
        files.insert(
            PathBuf::from("src/lib.rs"),
            format::file(
                "src/lib.rs",
                &self.header,
                lib,
                &Options {
                    pretty: self.pretty,
                    ..Options::default()
                },
            )?,
        );
        for (path, text) in self.files {
            files.insert(Path::new("src").join(path), text);
        }
        Ok(Generated {
            files,
            listing_file: Path::new("src").join(&self.listing_file),
            ..self
        })
    }

    /// Whether writing may overwrite files that were not generated (default:
    /// no). Without it, such a file at a generated path stops the write
    /// before anything is written.
    #[must_use]
    pub fn force(mut self, yes: bool) -> Self {
        self.force = yes;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_without_spec_is_an_error() {
        let err = Builder::new().generate().unwrap_err();
        assert_eq!(err.to_string(), "no spec given: call .spec(path) first");
        let err = Builder::new().module("v2").generate().unwrap_err();
        assert!(err.to_string().contains("has no spec"), "{err}");
    }

    #[test]
    fn module_names_must_be_identifiers() {
        let err = Builder::new()
            .spec("x.yaml")
            .module("not a module")
            .emit_rerun_if_changed(false)
            .generate()
            .unwrap_err();
        assert!(
            err.to_string().contains("is not a Rust identifier"),
            "{err}"
        );
    }
}

/// Built without the `pretty` feature, as a build script builds it.
#[cfg(all(test, not(feature = "pretty")))]
mod without_pretty {
    use super::*;

    fn builder() -> Builder {
        Builder::new()
            .spec(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/things_v1.yaml"))
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
    }

    #[test]
    fn the_compact_layout_is_the_default_and_pretty_output_needs_the_feature() {
        let generated = builder().generate().unwrap();
        let (_, text) = generated.files().iter().next().unwrap();
        assert!(text.lines().count() > 3, "{text}");
        let err = builder().pretty(true).generate().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(
            err.to_string()
                .contains("the `pretty` feature of twilio-codegen"),
            "{err}"
        );
    }
}
