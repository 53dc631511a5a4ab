//! Stage 1: read a spec file into an [`openapiv3::OpenAPI`] document.
//!
//! YAML and JSON are both accepted (JSON is read as YAML). Syntax errors carry
//! the line and column; a document that is not OpenAPI 3.0 is refused before
//! its contents are interpreted.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Pointer, Result};

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
    check_version(top, text).map_err(|(location, message)| fail(location, message))?;
    // Converting the already parsed tree is cheaper than parsing again; only
    // when it fails is the text parsed again, for the error's line and column.
    let openapi = match serde_yaml::from_value::<openapiv3::OpenAPI>(value) {
        Ok(openapi) => openapi,
        Err(first) => return Err(shape_error(path, text, first)),
    };
    Ok(Spec {
        path: path.to_path_buf(),
        openapi,
    })
}

/// Refuses documents that are not OpenAPI 3.0, before their contents are
/// interpreted; on failure returns the location and the message.
fn check_version(
    top: &serde_yaml::Mapping,
    text: &str,
) -> std::result::Result<(), (Option<(usize, usize)>, String)> {
    match top.get("openapi") {
        Some(serde_yaml::Value::String(v)) if v.starts_with("3.0.") => Ok(()),
        Some(serde_yaml::Value::String(v)) => Err((
            key_location(text, "openapi"),
            format!("#/openapi: unsupported OpenAPI version {v:?}; only 3.0.x is supported"),
        )),
        Some(other) => Err((
            key_location(text, "openapi"),
            format!(
                "#/openapi: the version must be a string such as \"3.0.3\", not {}; put it in quotes",
                serde_yaml::to_string(other).unwrap_or_default().trim()
            ),
        )),
        None if top.contains_key("swagger") => Err((
            key_location(text, "swagger"),
            "#/swagger: this is a Swagger (OpenAPI 2.0) document; only OpenAPI 3.0.x is supported"
                .into(),
        )),
        None => Err((
            None,
            "#/openapi: missing; expected an OpenAPI 3.0 document, which starts with `openapi: 3.0.x`"
                .into(),
        )),
    }
}

/// The error for a well-formed YAML document that does not have the shape of
/// an OpenAPI document.
fn shape_error(path: &Path, text: &str, first: serde_yaml::Error) -> Error {
    // The tree carries no positions: parse the text again for them.
    let located = match serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
        Err(located) => located,
        Ok(_) => first,
    };
    let (mut location, mut message) = yaml_parts(&located);
    // Most of openapiv3 is untagged enums, for which serde_yaml names only the
    // enclosing map entry; find the node at fault and name it.
    let culprit = serde_yaml::from_str::<serde_yaml::Value>(text)
        .map(|tree| culprit(&tree))
        .unwrap_or_default();
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
        // culprit in the text, or give the pointer alone.
        location = block_location(text, &culprit);
    }
    Error::Parse {
        path: path.to_path_buf(),
        location,
        message,
    }
}

/// Where the node at `trail` is written in `text`: the line and column of its
/// key, or of the `-` of a sequence item. Follows block-style YAML by
/// indentation; `None` when the path cannot be followed exactly (flow style,
/// anchors, keys written differently), so that no wrong place is given.
fn block_location(text: &str, trail: &[Step]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    // Lines indented this much or less end the current node; -1 at the top.
    let mut outer: isize = -1;
    // The next line to look at, and text that follows a `- ` on the line
    // found last (the first key of a mapping inside a sequence item).
    let mut from = 0;
    let mut inline: Option<(usize, usize, &str)> = None;
    let mut found = None;
    let mut leaf = false;
    for step in trail {
        if leaf {
            return None;
        }
        let after_dash = inline.take();
        let later = lines.iter().enumerate().skip(from).filter_map(|(n, line)| {
            let content = line.trim_start_matches(' ');
            let skip = content.is_empty() || content.starts_with('#');
            (!skip).then(|| (n, line.len() - content.len(), content))
        });
        let mut candidates = after_dash.into_iter().chain(later);
        // All entries of this node share the indentation of its first.
        let (first_n, indent, first) = candidates.next()?;
        // A sequence may sit at its key's indentation; nothing else may.
        let inside = indent as isize > outer
            || (indent as isize == outer
                && matches!(step, Step::Index(_))
                && first.starts_with('-'));
        if !inside {
            return None;
        }
        let mut entry = Some((first_n, first));
        let mut index = 0;
        let hit = loop {
            let (n, content) = entry?;
            match step {
                Step::Key(_) => {
                    let key = step.to_string();
                    let value = [key.clone(), format!("\"{key}\""), format!("'{key}'")]
                        .iter()
                        .find_map(|k| {
                            let rest = content.strip_prefix(k.as_str())?.strip_prefix(':')?;
                            (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(rest)
                        });
                    if let Some(value) = value {
                        // A value on the key's line (a scalar, a flow
                        // collection, an anchor) cannot be followed further.
                        let value = value.trim();
                        leaf = !value.is_empty() && !value.starts_with('#');
                        break (n, indent, None);
                    }
                }
                Step::Index(i) => {
                    let rest = content
                        .strip_prefix('-')
                        .filter(|r| r.is_empty() || r.starts_with(' '))?;
                    if index == *i {
                        let item = rest.trim_start_matches(' ');
                        let item_indent = indent + 1 + (rest.len() - item.len());
                        break (n, indent, Some((n, item_indent, item)));
                    }
                    index += 1;
                }
            }
            // The next entry at the same indentation; deeper lines belong to
            // the entry before, shallower ones end the node.
            entry = None;
            for (m, ind, content) in candidates.by_ref() {
                if (ind as isize) <= outer && !(ind as isize == outer && content.starts_with("- "))
                {
                    break;
                }
                if ind < indent {
                    break;
                }
                if ind == indent {
                    entry = Some((m, content));
                    break;
                }
            }
        };
        let (n, indent, item) = hit;
        found = Some((n + 1, indent + 1));
        outer = indent as isize;
        from = n + 1;
        inline = item.filter(|(_, _, rest)| !rest.is_empty());
    }
    found
}

/// One step down a YAML tree.
#[derive(Debug, Clone)]
enum Step {
    Key(serde_yaml::Value),
    Index(usize),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Index(i) => write!(f, "{i}"),
            Step::Key(serde_yaml::Value::String(s)) => f.write_str(s),
            // A number or a boolean, or a YAML complex key (`? {a: b}`):
            // shown as compact JSON, shortened, on one line.
            Step::Key(key) => {
                let text = serde_json::to_string(key).unwrap_or_else(|_| "?".into());
                match text.char_indices().nth(40) {
                    Some((cut, _)) => write!(f, "{}…", &text[..cut]),
                    None => f.write_str(&text),
                }
            }
        }
    }
}

/// The deepest node that, taken out of `tree` (or emptied, where it is
/// required), lets the document deserialize. Empty when there is none, as
/// when several nodes are at fault. The number of attempts is bounded, so
/// this stays fast on any input.
fn culprit(tree: &serde_yaml::Value) -> Vec<Step> {
    let mut trail: Vec<Step> = Vec::new();
    let mut attempts = 0;
    'descend: while let Some(node) = walk(tree, &trail) {
        let children: Vec<Step> = match node {
            serde_yaml::Value::Mapping(m) => m.keys().cloned().map(Step::Key).collect(),
            serde_yaml::Value::Sequence(s) => (0..s.len()).map(Step::Index).collect(),
            _ => Vec::new(),
        };
        for child in children {
            trail.push(child);
            for empty_it in [false, true] {
                attempts += 1;
                if attempts > 200 {
                    trail.pop();
                    break 'descend;
                }
                let mut candidate = tree.clone();
                if take_out(&mut candidate, &trail, empty_it)
                    && serde_yaml::from_value::<openapiv3::OpenAPI>(candidate).is_ok()
                {
                    continue 'descend;
                }
            }
            trail.pop();
        }
        break;
    }
    trail
}

fn walk<'a>(tree: &'a serde_yaml::Value, trail: &[Step]) -> Option<&'a serde_yaml::Value> {
    trail
        .iter()
        .try_fold(tree, |node, step| match (node, step) {
            (serde_yaml::Value::Mapping(m), Step::Key(k)) => m.get(k),
            (serde_yaml::Value::Sequence(s), Step::Index(i)) => s.get(*i),
            _ => None,
        })
}

/// Removes the node at `trail`, or with `empty_it` replaces a mapping or
/// sequence with an empty one. False when there was nothing to do.
fn take_out(tree: &mut serde_yaml::Value, trail: &[Step], empty_it: bool) -> bool {
    let Some((last, parent)) = trail.split_last() else {
        return false;
    };
    let mut node = tree;
    for step in parent {
        node = match (node, step) {
            (serde_yaml::Value::Mapping(m), Step::Key(k)) => match m.get_mut(k) {
                Some(child) => child,
                None => return false,
            },
            (serde_yaml::Value::Sequence(s), Step::Index(i)) => match s.get_mut(*i) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    if empty_it {
        let child = match (node, last) {
            (serde_yaml::Value::Mapping(m), Step::Key(k)) => m.get_mut(k),
            (serde_yaml::Value::Sequence(s), Step::Index(i)) => s.get_mut(*i),
            _ => None,
        };
        return match child {
            Some(serde_yaml::Value::Mapping(m)) if !m.is_empty() => {
                m.clear();
                true
            }
            Some(serde_yaml::Value::Sequence(s)) if !s.is_empty() => {
                s.clear();
                true
            }
            _ => false,
        };
    }
    match (node, last) {
        (serde_yaml::Value::Mapping(m), Step::Key(k)) => m.remove(k).is_some(),
        (serde_yaml::Value::Sequence(s), Step::Index(i)) if *i < s.len() => {
            s.remove(*i);
            true
        }
        _ => false,
    }
}

fn yaml_error(path: &Path, e: serde_yaml::Error) -> Error {
    let (location, message) = yaml_parts(&e);
    Error::Parse {
        path: path.to_path_buf(),
        location,
        message,
    }
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
            "t.yaml: #/openapi: missing; expected an OpenAPI 3.0 document, which starts with `openapi: 3.0.x`"
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
            // Written in flow style: the pointer alone.
            "t.yaml: #/components/schemas/a/properties/x/minLength: invalid value: integer `-1`, expected usize"
        );
        // Two faults: the search stops at the node holding both.
        let msg = parse(&format!(
            "{head}paths: {{}}\ncomponents: {{schemas: {{a: {{enum: 5}}, b: {{enum: 5}}}}}}\n"
        ))
        .to_string();
        assert_eq!(
            msg,
            "t.yaml: #/components/schemas: invalid type: integer `5`, expected a sequence"
        );
    }
}
