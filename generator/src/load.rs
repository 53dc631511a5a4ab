//! Stage 1: read a spec file into an [`openapiv3::OpenAPI`] document.
//!
//! YAML and JSON are both accepted (JSON is read as YAML). Syntax errors carry
//! the line and column; a document that is not OpenAPI 3.0 is refused before
//! its contents are interpreted.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A parsed spec together with the file it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file, as given; used in every message about this spec.
    pub path: PathBuf,
    /// The typed document.
    pub openapi: openapiv3::OpenAPI,
}

/// Reads and parses the spec at `path`.
pub fn load_spec(path: &Path) -> Result<Spec> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_spec(path, &bytes)
}

/// Parses spec `bytes`; `path` is used only in messages.
pub fn parse_spec(path: &Path, bytes: &[u8]) -> Result<Spec> {
    let fail = |location: Option<(usize, usize)>, message: String| Error::Parse {
        path: path.to_path_buf(),
        location,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        fail(
            Some((line, column)),
            format!(
                "not UTF-8 text (invalid byte at offset {}); is this a binary file?",
                e.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(fail(
            None,
            "the file is empty; expected an OpenAPI 3.0 document".into(),
        ));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| yaml_error(path, e))?;
    let Some(top) = value.as_mapping() else {
        return Err(fail(
            Some((1, 1)),
            "the document is not a mapping; expected an OpenAPI 3.0 document".into(),
        ));
    };
    match top.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            return Err(fail(
                key_location(text, "openapi"),
                format!("#/openapi: unsupported OpenAPI version {v:?}; only 3.0.x is supported"),
            ))
        }
        None => {
            return Err(fail(
                None,
                "#/openapi: missing or not a string; expected an OpenAPI 3.0 document".into(),
            ))
        }
    }
    // Converting the already parsed tree is cheaper than parsing again; only
    // when it fails is the text parsed again, for the error's line and column.
    let openapi = match serde_yaml::from_value::<openapiv3::OpenAPI>(value) {
        Ok(openapi) => openapi,
        Err(first) => {
            return Err(match serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
                Err(located) => yaml_error(path, located),
                Ok(_) => yaml_error(path, first),
            })
        }
    };
    Ok(Spec {
        path: path.to_path_buf(),
        openapi,
    })
}

fn yaml_error(path: &Path, e: serde_yaml::Error) -> Error {
    let location = e.location().map(|l| (l.line(), l.column()));
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; the location is printed
    // separately, so drop the repetition.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    Error::Parse {
        path: path.to_path_buf(),
        location,
        message,
    }
}

/// The one-based line and column of byte `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// Where a top-level key starts, for messages about it.
fn key_location(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| (i + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Error {
        parse_spec(Path::new("t.yaml"), text.as_bytes()).unwrap_err()
    }

    #[test]
    fn empty_file_is_refused() {
        assert_eq!(
            parse("  \n").to_string(),
            "t.yaml: the file is empty; expected an OpenAPI 3.0 document"
        );
    }

    #[test]
    fn yaml_syntax_errors_carry_line_and_column() {
        let err = parse("openapi: 3.0.1\npaths: [unclosed\n");
        let Error::Parse { location, .. } = &err else {
            panic!("unexpected {err:?}")
        };
        assert_eq!(location.map(|l| l.0), Some(3));
    }

    #[test]
    fn other_openapi_versions_are_refused() {
        let msg = parse("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").to_string();
        assert_eq!(
            msg,
            "t.yaml:1:1: #/openapi: unsupported OpenAPI version \"3.1.0\"; only 3.0.x is supported"
        );
    }

    #[test]
    fn binary_input_is_refused_with_offset() {
        let err = parse_spec(Path::new("b.bin"), b"openapi: \xff\xfe").unwrap_err();
        assert!(
            err.to_string().starts_with("b.bin:1:10: not UTF-8 text"),
            "{err}"
        );
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column(b"ab\ncd", 4), (2, 2));
    }
}
