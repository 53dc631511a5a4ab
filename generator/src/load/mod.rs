//! Stage 1: read a spec file into an [`openapiv3::OpenAPI`] document.
//!
//! YAML and JSON are both accepted, each read by its own parser. Syntax
//! errors carry the line and column; a document that is not OpenAPI 3.0 is
//! refused before its contents are interpreted, and `guard` checks what
//! would make typing it slow or make it fail badly.

use std::path::{Path, PathBuf};

use crate::error::{Error, Pointer, Result};

mod guard;
mod locate;

use locate::{culprit, nearest_location, pointer_location, typed_path, Step};

/// A parsed spec together with the file it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file, as given; used in every message about this spec.
    pub path: PathBuf,
    /// The typed document.
    pub openapi: openapiv3::OpenAPI,
    /// The text, the untyped tree and whether the text is JSON: where a
    /// diagnostic's pointer is written.
    text: String,
    tree: serde_yaml::Value,
    json: bool,
}

impl Spec {
    /// The line and column of the node `pointer` (`#/components/...`)
    /// names, or of the nearest node above it that can be found in the text.
    pub(crate) fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        pointer_location(&self.text, self.json, &self.tree, pointer)
    }
}

/// The largest spec read, in bytes: far above any of Twilio's (the largest
/// is under 2 MB), far below what would exhaust memory.
pub const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// Reads and parses the spec at `path`. Only regular files are read (not a
/// FIFO, which could block forever, nor a device such as `/dev/zero`), and
/// only up to [`MAX_SPEC_BYTES`].
pub fn load_spec(path: &Path) -> Result<Spec> {
    let fail = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let refuse = |message: String| {
        fail(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            message,
        ))
    };
    let meta = std::fs::metadata(path).map_err(fail)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(refuse(format!("{what}; expected a YAML or JSON file")));
    }
    if meta.len() > MAX_SPEC_BYTES {
        return Err(refuse(format!(
            "{} bytes, more than the {MAX_SPEC_BYTES} a spec may have",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or_default());
    std::fs::File::open(path)
        .and_then(|file| {
            std::io::Read::read_to_end(
                &mut std::io::Read::take(file, MAX_SPEC_BYTES + 1),
                &mut bytes,
            )
        })
        .map_err(fail)?;
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(refuse(format!(
            "more than the {MAX_SPEC_BYTES} bytes a spec may have"
        )));
    }
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
    let json = text.trim_start().starts_with('{');
    let value: serde_yaml::Value = if json {
        // JSON is read as JSON: YAML parsers refuse some of it (escaped
        // surrogate pairs such as "\ud83d\udc4d").
        let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            fail(
                Some((e.line(), e.column())),
                e.to_string().replacen(
                    &format!(" at line {} column {}", e.line(), e.column()),
                    "",
                    1,
                ),
            )
        })?;
        serde_yaml::to_value(json).map_err(|e| fail(None, e.to_string()))?
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(path, text, e))?
    };
    let Some(top) = value.as_mapping() else {
        return Err(fail(
            Some((1, 1)),
            "the document is not a mapping; expected an OpenAPI 3.0 document".into(),
        ));
    };
    check_version(top, text, json).map_err(|(location, message)| fail(location, message))?;
    if let Err((trail, message)) = guard::check(&value) {
        let pointer = trail.iter().fold(Pointer::root(), |p, step| p.join(step));
        return Err(fail(
            nearest_location(text, json, &trail),
            format!("{pointer}: {message}"),
        ));
    }
    // Converting the already parsed tree is cheaper than parsing again; only
    // when it fails is the text parsed again, for the error's line and column.
    let openapi = match <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value) {
        Ok(openapi) => openapi,
        Err(first) => return Err(shape_error(path, text, &value, first, json)),
    };
    Ok(Spec {
        path: path.to_path_buf(),
        openapi,
        text: text.to_string(),
        tree: value,
        json,
    })
}

/// Refuses documents that are not OpenAPI 3.0, before their contents are
/// interpreted; on failure returns the location and the message.
fn check_version(
    top: &serde_yaml::Mapping,
    text: &str,
    json: bool,
) -> std::result::Result<(), (Option<(usize, usize)>, String)> {
    match top.get("openapi") {
        Some(serde_yaml::Value::String(v)) if v.starts_with("3.0.") => check_info(top, text, json),
        Some(serde_yaml::Value::String(v)) => Err((
            key_location(text, json, "openapi"),
            format!("#/openapi: unsupported OpenAPI version {v:?}; only 3.0.x is supported"),
        )),
        Some(other) => Err((
            key_location(text, json, "openapi"),
            format!(
                "#/openapi: the version must be a string such as \"3.0.3\", not {}; put it in quotes",
                serde_yaml::to_string(other).unwrap_or_default().trim()
            ),
        )),
        None if top.contains_key("swagger") => Err((
            key_location(text, json, "swagger"),
            "#/swagger: this is a Swagger (OpenAPI 2.0) document; only OpenAPI 3.0.x is supported"
                .into(),
        )),
        // A key that is not there has no place of its own: the document's
        // top level, which starts at its first line, is where it belongs.
        None => Err((
            Some((1, 1)),
            "#/openapi: missing; expected an OpenAPI 3.0 document, which starts with `openapi: 3.0.x`"
                .into(),
        )),
    }
}

/// `info.title` and `info.version` are strings. YAML reads `version: 1.0`
/// as a number, a common slip, so it gets a message of its own.
fn check_info(
    top: &serde_yaml::Mapping,
    text: &str,
    json: bool,
) -> std::result::Result<(), (Option<(usize, usize)>, String)> {
    let Some(serde_yaml::Value::Mapping(info)) = top.get("info") else {
        return Ok(());
    };
    for key in ["title", "version"] {
        match info.get(key) {
            None | Some(serde_yaml::Value::String(_)) => {}
            Some(other) => {
                let trail = [Step::Key("info".into()), Step::Key(key.into())];
                return Err((
                    nearest_location(text, json, &trail),
                    format!(
                        "#/info/{key}: must be a string such as \"1.0.0\", not {}; put it in quotes",
                        serde_yaml::to_string(other).unwrap_or_default().trim()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The error for a well-formed YAML document that does not have the shape of
/// an OpenAPI document.
fn shape_error(
    path: &Path,
    text: &str,
    tree: &serde_yaml::Value,
    first: serde_yaml::Error,
    json: bool,
) -> Error {
    // The tree carries no positions: parse the text again for them.
    let (mut location, mut message) = if json {
        match serde_json::from_str::<openapiv3::OpenAPI>(text) {
            Err(e) if e.line() > 0 => {
                let message = e.to_string();
                let message = message.replacen(
                    &format!(" at line {} column {}", e.line(), e.column()),
                    "",
                    1,
                );
                (Some((e.line(), e.column())), message)
            }
            _ => yaml_parts(&first),
        }
    } else {
        let located = serde_yaml::from_str::<openapiv3::OpenAPI>(text).err();
        yaml_parts(located.as_ref().unwrap_or(&first))
    };
    // Most of openapiv3 is untagged enums, for which serde_yaml names only the
    // enclosing map entry; find the node at fault and name it. The typing
    // says how far it got; below that, the node that fixes the document
    // when changed is the one at fault.
    let culprit = culprit(tree, typed_path(tree));
    if let Some(serde_yaml::Value::String(number)) = locate::walk(tree, &culprit) {
        // YAML reads a number too large for a float (`1e400`) as a string.
        if number.trim().parse::<f64>().is_ok_and(f64::is_infinite) {
            message = format!(
                "the number {number} is out of range: OpenAPI numbers are 64-bit floats, \
                 at most about 1.8e308"
            );
        }
    }
    if !culprit.is_empty() {
        let pointer = culprit.iter().fold(Pointer::root(), |p, step| p.join(step));
        // serde_yaml starts the message with its own dotted path to a node
        // on the way to the culprit ("components.schemas: ..."); the pointer
        // says it better.
        let mut dotted = String::new();
        let mut prefixes = Vec::new();
        for step in &culprit {
            match step {
                Step::Index(i) => dotted.push_str(&format!("[{i}]")),
                Step::Key(_) if dotted.is_empty() => dotted.push_str(&step.to_string()),
                Step::Key(_) => dotted.push_str(&format!(".{step}")),
            }
            prefixes.push(format!("{dotted}: "));
        }
        if let Some(rest) = prefixes
            .iter()
            .rev()
            .find_map(|prefix| message.strip_prefix(prefix.as_str()))
        {
            message = rest.to_string();
        }
        message = format!("{pointer}: {message}");
        // serde_yaml's location is where the enclosing typed map starts
        // (the first of all schemas, say), not the culprit: find the
        // culprit in the text, or the nearest node above it (when it is
        // written in flow style).
        location = nearest_location(text, json, &culprit).or(location);
    }
    Error::Parse {
        path: path.to_path_buf(),
        location,
        message,
    }
}

fn yaml_error(path: &Path, text: &str, e: serde_yaml::Error) -> Error {
    let (location, mut message) = yaml_parts(&e);
    if location.is_none() && message.starts_with("deserializing from YAML containing more than one")
    {
        return Error::Parse {
            path: path.to_path_buf(),
            location: second_document(text).or_else(|| second_root(text)),
            message: "a second YAML document starts here; a spec is one document".into(),
        };
    }
    if location.is_none() && message.starts_with("repetition limit exceeded") {
        // No place in the text is at fault: the anchors and aliases
        // together expand past the limit.
        message = "the whole file is refused: its aliases (`*name`) repeat what their \
                   anchors (`&name`) hold so often that reading it would expand it without \
                   bound, as a document built to exhaust memory does"
            .into();
    }
    Error::Parse {
        path: path.to_path_buf(),
        location,
        message,
    }
}

/// Where the second document of a YAML stream starts: at its `---` line,
/// the second such line when the first document starts with one too.
fn second_document(text: &str) -> Option<(usize, usize)> {
    let mut content_seen = false;
    for (n, line) in text.lines().enumerate() {
        let marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        if marker && content_seen {
            return Some((n + 1, 1));
        }
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        content_seen |= marker || !blank && !line.starts_with('%');
    }
    None
}

/// Where the first node of the second document of a YAML stream is, when
/// no `---` line says where it starts: serde_yaml gives the place of a node
/// only in an error, so the node is read as something it cannot be.
fn second_root(text: &str) -> Option<(usize, usize)> {
    struct Nothing;
    impl<'de> serde::de::Visitor<'de> for Nothing {
        type Value = Nothing;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("nothing")
        }
    }
    impl<'de> serde::Deserialize<'de> for Nothing {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            d.deserialize_any(Nothing)
        }
    }
    let second = serde_yaml::Deserializer::from_str(text).nth(1)?;
    let error = <Nothing as serde::Deserialize>::deserialize(second).err()?;
    error.location().map(|l| (l.line(), l.column()))
}

/// The location and the message of a serde_yaml error.
fn yaml_parts(e: &serde_yaml::Error) -> (Option<(usize, usize)>, String) {
    let location = e.location().map(|l| (l.line(), l.column()));
    let mut message = e.to_string();
    // serde_yaml says " at line L column C" after the message; the location
    // is printed separately, so drop the repetition, but keep what follows
    // (", while parsing a flow sequence at line 5 column 10" says where the
    // unclosed bracket was opened).
    if let Some((line, column)) = location {
        message = message.replacen(&format!(" at line {line} column {column}"), "", 1);
    }
    (location, message)
}

/// The one-based line and column (in characters, as editors count) of byte
/// `offset`, which must follow valid UTF-8.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Where a top-level key is written, for messages about it; the top of
/// the document when it cannot be followed there (a document in flow style).
fn key_location(text: &str, json: bool, key: &str) -> Option<(usize, usize)> {
    nearest_location(text, json, &[Step::Key(key.into())]).or(Some((1, 1)))
}

#[cfg(test)]
mod tests {
    use super::locate::block_location;
    use super::*;

    fn parse(text: &str) -> Error {
        parse_spec(Path::new("t.yaml"), text.as_bytes()).unwrap_err()
    }

    #[test]
    fn json_is_read_as_json() {
        // YAML parsers refuse escaped surrogate pairs; JSON allows them.
        let text = r#"{"openapi": "3.0.1", "info": {"title": "Thumbs \ud83d\udc4d", "version": "1"}, "paths": {}}"#;
        let spec = parse_spec(Path::new("t.json"), text.as_bytes()).unwrap();
        assert_eq!(spec.openapi.info.title, "Thumbs \u{1f44d}");
        let err = parse_spec(
            Path::new("t.json"),
            b"{\n  \"openapi\": \"3.0.1\",\n  \"info\": }",
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("t.json:3:11: expected value"),
            "{err}"
        );
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

    #[test]
    fn columns_count_characters_not_bytes() {
        let err = parse_spec(Path::new("b.yaml"), b"title: \xc3\xa9\xff").unwrap_err();
        assert!(
            err.to_string().starts_with("b.yaml:1:9: not UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn yaml_errors_keep_the_context() {
        let msg = parse("openapi: 3.0.1\nservers: [{url: x}\npaths: {}\n").to_string();
        assert_eq!(
            msg,
            "t.yaml:3:1: did not find expected ',' or ']', while parsing a flow sequence at line 2 column 10"
        );
    }

    #[test]
    fn swagger_and_unquoted_versions_are_named() {
        assert_eq!(
            parse("info: {}\nswagger: '2.0'\n").to_string(),
            "t.yaml:2:1: #/swagger: this is a Swagger (OpenAPI 2.0) document; only OpenAPI 3.0.x is supported"
        );
        assert_eq!(
            parse("openapi: 3.0\n").to_string(),
            "t.yaml:1:1: #/openapi: the version must be a string such as \"3.0.3\", not 3.0; put it in quotes"
        );
        assert_eq!(
            parse("info: {}\n").to_string(),
            "t.yaml:1:1: #/openapi: missing; expected an OpenAPI 3.0 document, which starts with `openapi: 3.0.x`"
        );
    }

    fn steps(keys: &[&str]) -> Vec<Step> {
        keys.iter()
            .map(|k| match k.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key(serde_yaml::Value::String(k.to_string())),
            })
            .collect()
    }

    #[test]
    fn block_locations_follow_indentation() {
        let text = "\
a:
  # a comment
  b:
    description: |
      c: not a key
    c: 1
  'quoted': 2
list:
- name: x
  in: query
-   name: y
    in: body
nested:
  items:
    - first
    - in: path
flow: {b: {c: 1}}
";
        let at = |keys: &[&str]| block_location(text, &steps(keys));
        assert_eq!(at(&["a", "b", "c"]), Some((6, 5)));
        assert_eq!(at(&["a", "quoted"]), Some((7, 3)));
        assert_eq!(at(&["list", "0", "in"]), Some((10, 3)));
        assert_eq!(at(&["list", "1"]), Some((11, 1)));
        assert_eq!(at(&["list", "1", "in"]), Some((12, 5)));
        assert_eq!(at(&["nested", "items", "1", "in"]), Some((16, 7)));
        // Not written in block style, or not there: no place rather than a
        // wrong one.
        assert_eq!(at(&["flow", "b"]), None);
        assert_eq!(at(&["a", "missing"]), None);
        assert_eq!(at(&["list", "2"]), None);
        assert_eq!(at(&["a", "b", "description", "c"]), None);
    }

    #[test]
    fn diagnostic_pointers_are_located_in_yaml() {
        let text = "\
openapi: 3.0.1
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    a/b:
      properties:
        x: {type: string}
        list:
          enum:
          - one
          - two
";
        let spec = parse_spec(Path::new("t.yaml"), text.as_bytes()).unwrap();
        let at = |pointer: &str| spec.locate(pointer);
        assert_eq!(at("#/components/schemas/a~1b/properties/x"), Some((8, 9)));
        assert_eq!(
            at("#/components/schemas/a~1b/properties/list/enum/1"),
            Some((12, 11))
        );
        // Written in flow style, or not in the spec: the nearest node above.
        assert_eq!(
            at("#/components/schemas/a~1b/properties/x/type"),
            Some((8, 9))
        );
        assert_eq!(at("#/info/title"), Some((2, 1)));
        assert_eq!(at("#/components/schemas/missing/type"), Some((5, 3)));
        // The whole document, or a key it does not have: where it starts.
        assert_eq!(at("#"), Some((1, 1)));
        assert_eq!(at("#/nothing"), Some((1, 1)));
    }

    #[test]
    fn diagnostic_pointers_are_located_in_json() {
        let text = r#"{
  "openapi": "3.0.1",
  "info": {"title": "braces } ] and \"quotes\" in a string", "version": "1"},
  "paths": {},
  "components": {
    "schemas": {
      "a/b": {
        "properties": {
          "x\u0079": {"type": "string"},
          "list": {"enum": ["one", [1, {"k": "]"}], "two"]}
        }
      }
    }
  }
}"#;
        let spec = parse_spec(Path::new("t.json"), text.as_bytes()).unwrap();
        let at = |pointer: &str| spec.locate(pointer);
        assert_eq!(at("#/info/version"), Some((3, 62)));
        assert_eq!(at("#/components/schemas/a~1b/properties/xy"), Some((9, 11)));
        assert_eq!(
            at("#/components/schemas/a~1b/properties/xy/type"),
            Some((9, 23))
        );
        assert_eq!(
            at("#/components/schemas/a~1b/properties/list/enum/2"),
            Some((10, 53))
        );
        assert_eq!(at("#/components/schemas/a~1b/missing"), Some((7, 7)));
        assert_eq!(at("#"), Some((1, 1)));
    }

    #[test]
    fn shape_errors_point_at_the_node_at_fault() {
        let head = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\n";
        let msg = parse(&format!(
            "{head}paths:\n  /a:\n    get:\n      responses:\n        '200': 5\n"
        ))
        .to_string();
        assert_eq!(
            msg,
            "t.yaml:7:9: #/paths/~1a/get/responses/200: invalid type: integer `5`, expected struct Response"
        );
        let msg = parse(&format!(
            "{head}paths: {{}}\ncomponents:\n  schemas:\n    a:\n      properties:\n        x: {{minLength: -1}}\n"
        ))
        .to_string();
        assert_eq!(
            msg,
            // Written in flow style: the nearest node above it.
            "t.yaml:8:9: #/components/schemas/a/properties/x/minLength: invalid value: integer `-1`, expected usize"
        );
        // Two faults: the typing names the first it meets.
        let msg = parse(&format!(
            "{head}paths: {{}}\ncomponents: {{schemas: {{a: {{enum: 5}}, b: {{enum: 5}}}}}}\n"
        ))
        .to_string();
        assert_eq!(
            msg,
            "t.yaml:4:1: #/components/schemas/a: invalid type: integer `5`, expected a sequence"
        );
    }
}
