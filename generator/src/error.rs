//! The generator's errors and warnings.
//!
//! Every problem names the spec file it came from and where in it: a line and
//! column, and for everything found after parsing a JSON pointer too. Where
//! the node at fault cannot be found exactly in the text (a value written in
//! flow style, a key written with escapes), the line and column are those
//! of the nearest node above it; they are left out only for a problem with
//! the file as a whole (an empty file, aliases that expand without bound),
//! and then the message says so.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::path::{Path, PathBuf};

/// Everything that can stop generation.
///
/// `Debug` prints the same text as `Display`: the message, with the file and
/// the place in it, one line per problem. So a build script that returns
/// this error from `main` (through `?` and `Box<dyn Error>`) shows it to the
/// user as the `regenerate` command does, readably, in Cargo's output.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The spec file could not be read.
    #[error("{}: cannot read the spec: {source}", path.display())]
    Read {
        /// The file that was asked for.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid YAML/JSON, or not an OpenAPI document.
    #[error("{}{}: {}", path.display(), location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(), one_line(message))]
    Parse {
        /// The spec file.
        path: PathBuf,
        /// One-based line and column, when the parser knows them.
        location: Option<(usize, usize)>,
        /// What is wrong.
        message: String,
    },
    /// The document parsed but describes something the generator cannot turn
    /// into Rust. All problems found are listed, not just the first.
    #[error("{}", Problems(.0))]
    Invalid(Vec<Diagnostic>),
    /// Writing the output failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file or folder being written.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The generated tokens did not form valid Rust. This is a bug in the
    /// generator, reported instead of a panic.
    #[error("internal error: generated code for {file} does not parse: {message}")]
    Format {
        /// The output file being formatted.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// The builder was not told enough to run.
    #[error("{0}")]
    Config(String),
    /// An API listing (`api.txt`) that does not read as one: edited by
    /// hand, cut short or corrupt.
    #[error("{}:{line}:{column}: {}; regenerate to write it again", path.display(), one_line(message))]
    Listing {
        /// The listing's file.
        path: PathBuf,
        /// One-based line.
        line: usize,
        /// One-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A problem at one place in a spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The spec file.
    pub path: PathBuf,
    /// One-based line and column of the offending node in the file, or of
    /// the nearest node above it that can be found there; `None` when none
    /// can.
    pub location: Option<(usize, usize)>,
    /// JSON pointer to the offending node, e.g.
    /// `#/components/schemas/chat.v2.service.user/properties/sid`.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(
            f,
            ": {}: {}",
            one_line(&self.pointer),
            one_line(&self.message)
        )
    }
}

/// `text` with control characters escaped (`\n` for a line break), so that
/// names and values quoted from the spec cannot split a problem over several
/// lines.
fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

struct Problems<'a>(&'a [Diagnostic]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Shorthand for results carrying [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects errors and warnings while a stage walks the spec, so that every
/// problem is reported at once.
#[derive(Debug)]
pub(crate) struct Report {
    path: PathBuf,
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Everything recorded, so that each problem is said once.
    seen: std::collections::HashSet<Diagnostic>,
}

impl Report {
    pub(crate) fn new(path: &Path) -> Self {
        Report {
            path: path.to_path_buf(),
            errors: Vec::new(),
            warnings: Vec::new(),
            seen: std::collections::HashSet::new(),
        }
    }

    /// Records an error; one already recorded (the same place, the same
    /// words, as when a component is read from two uses) is said once.
    pub(crate) fn error(&mut self, pointer: impl Borrow<Pointer>, message: impl Into<String>) {
        let d = self.diagnostic(pointer.borrow(), message);
        if self.seen.insert(d.clone()) {
            self.errors.push(d);
        }
    }

    /// Records a warning, once.
    pub(crate) fn warn(&mut self, pointer: impl Borrow<Pointer>, message: impl Into<String>) {
        let d = self.diagnostic(pointer.borrow(), message);
        if self.seen.insert(d.clone()) {
            self.warnings.push(d);
        }
    }

    fn diagnostic(&self, pointer: &Pointer, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: self.path.clone(),
            location: None,
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }

    /// Fails with every error collected so far, if any.
    pub(crate) fn check(&mut self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(std::mem::take(&mut self.errors)))
        }
    }
}

/// A JSON pointer into the spec (RFC 6901), printed with a leading `#`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub(crate) fn root() -> Self {
        Pointer(String::new())
    }

    /// The pointer one level down, escaping `~` and `/` in the key.
    pub(crate) fn join(&self, key: impl fmt::Display) -> Self {
        let key = key.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, key))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let p = Pointer::root()
            .join("paths")
            .join("/v2/Services/{Sid}")
            .join("a~b");
        assert_eq!(p.to_string(), "#/paths/~1v2~1Services~1{Sid}/a~0b");
    }

    #[test]
    fn line_breaks_in_names_are_escaped() {
        let mut report = Report::new(Path::new("x.yaml"));
        report.error(Pointer::root().join("a\nb"), "name \"a\nb\"\tis bad");
        let err = report.check().unwrap_err();
        assert_eq!(err.to_string(), r#"x.yaml: #/a\nb: name "a\nb"\tis bad"#);
        let err = Error::Parse {
            path: "x.yaml".into(),
            location: Some((1, 2)),
            message: "unknown variant `a\nb`".into(),
        };
        assert_eq!(err.to_string(), r"x.yaml:1:2: unknown variant `a\nb`");
    }

    #[test]
    fn debug_is_the_readable_message() {
        // What `main` prints for an `Err` returned through `?` and
        // `Box<dyn Error>`, as a build script does.
        let parse: Box<dyn std::error::Error> = Box::new(Error::Parse {
            path: "spec/x.yaml".into(),
            location: Some((13, 10)),
            message: "did not find expected key".into(),
        });
        assert_eq!(
            format!("{parse:?}"),
            "spec/x.yaml:13:10: did not find expected key"
        );
        let mut report = Report::new(Path::new("spec/x.yaml"));
        report.error(Pointer::root().join("paths"), "first");
        report.error(Pointer::root().join("components"), "second");
        let mut err = report.check().unwrap_err();
        if let Error::Invalid(diagnostics) = &mut err {
            diagnostics[0].location = Some((3, 1));
        }
        let invalid: Box<dyn std::error::Error> = Box::new(err);
        assert_eq!(
            format!("{invalid:?}"),
            "spec/x.yaml:3:1: #/paths: first\nspec/x.yaml: #/components: second"
        );
        assert_eq!(format!("{invalid:?}"), invalid.to_string());
    }

    #[test]
    fn diagnostics_are_listed_one_per_line() {
        let mut report = Report::new(Path::new("spec/x.yaml"));
        report.error(Pointer::root().join("paths"), "first");
        report.error(Pointer::root().join("components"), "second");
        let err = report.check().unwrap_err();
        assert_eq!(
            err.to_string(),
            "spec/x.yaml: #/paths: first\nspec/x.yaml: #/components: second"
        );
    }
}
