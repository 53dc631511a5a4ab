//! Finding the place of a problem in a spec's text: the node at fault in the
//! tree, and where that node is written.

use std::fmt;

/// Where the node at `trail` is written in `text`: the line and column of its
/// key, or of the `-` of a sequence item. Follows block-style YAML by
/// indentation; `None` when the path cannot be followed exactly (flow style,
/// anchors, keys written differently), so that no wrong place is given.
pub(super) fn block_location(text: &str, trail: &[Step]) -> Option<(usize, usize)> {
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

/// Where the node at `trail` is written in `text`, JSON or block-style YAML;
/// `None` when it cannot be found exactly.
pub(super) fn location(text: &str, json: bool, trail: &[Step]) -> Option<(usize, usize)> {
    if json {
        json_location(text, trail)
    } else {
        block_location(text, trail)
    }
}

/// Where the node a diagnostic's JSON `pointer` (`#/paths/~1v2~1Users/get`)
/// names is written: the node itself, or when it cannot be found exactly
/// (a YAML value written in flow style, a node the spec leaves out), the
/// nearest node above it that can. `tree` is the parsed document, which
/// tells keys from sequence indices.
pub(super) fn pointer_location(
    text: &str,
    json: bool,
    tree: &serde_yaml::Value,
    pointer: &str,
) -> Option<(usize, usize)> {
    nearest_location(text, json, &trail_of(tree, pointer))
}

/// The steps down `tree` that `pointer` takes, as far as they exist.
fn trail_of(tree: &serde_yaml::Value, pointer: &str) -> Vec<Step> {
    let mut trail = Vec::new();
    let Some(path) = pointer.strip_prefix("#/") else {
        return trail;
    };
    let mut node = tree;
    for segment in path.split('/') {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let (step, child) = match node {
            serde_yaml::Value::Mapping(m) => {
                let Some((key, child)) = m
                    .iter()
                    .find(|(key, _)| Step::Key((*key).clone()).to_string() == segment)
                else {
                    break;
                };
                (Step::Key(key.clone()), child)
            }
            serde_yaml::Value::Sequence(s) => {
                let Some((i, child)) = segment.parse().ok().and_then(|i| Some((i, s.get(i)?)))
                else {
                    break;
                };
                (Step::Index(i), child)
            }
            _ => break,
        };
        trail.push(step);
        node = child;
    }
    trail
}

/// Where the node at `trail` is written in JSON `text`: the line and column
/// of its key's opening quote, or of the first character of an array item.
/// `None` when the path is not there or the text is not well-formed JSON.
pub(super) fn json_location(text: &str, trail: &[Step]) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    let mut found = None;
    for step in trail {
        let (start, value) = match (bytes.get(at)?, step) {
            (b'{', Step::Key(_)) => {
                let key = step.to_string();
                let mut next = skip_space(bytes, at + 1);
                loop {
                    let start = next;
                    let (name, end) = json_string(text, start)?;
                    let colon = skip_space(bytes, end);
                    if bytes.get(colon) != Some(&b':') {
                        return None;
                    }
                    let value = skip_space(bytes, colon + 1);
                    if name == key {
                        break (start, value);
                    }
                    next = skip_space(bytes, skip_value(text, value)?);
                    match bytes.get(next)? {
                        b',' => next = skip_space(bytes, next + 1),
                        _ => return None,
                    }
                }
            }
            (b'[', Step::Index(index)) => {
                let mut item = skip_space(bytes, at + 1);
                for _ in 0..*index {
                    let after = skip_space(bytes, skip_value(text, item)?);
                    match bytes.get(after)? {
                        b',' => item = skip_space(bytes, after + 1),
                        _ => return None,
                    }
                }
                if matches!(bytes.get(item)?, b']') {
                    return None;
                }
                (item, item)
            }
            _ => return None,
        };
        found = Some(super::line_column(bytes, start));
        at = value;
    }
    found
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The JSON string starting at `start` (a `"`), decoded, and the offset
/// after its closing quote.
fn json_string(text: &str, start: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut at = start + 1;
    loop {
        match bytes.get(at)? {
            b'\\' => at += 2,
            b'"' => break,
            _ => at += 1,
        }
    }
    let decoded = serde_json::from_str(text.get(start..=at)?).ok()?;
    Some((decoded, at + 1))
}

/// The offset after the JSON value starting at `start`.
fn skip_value(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(start)? {
        b'"' => json_string(text, start).map(|(_, end)| end),
        b'{' | b'[' => {
            // Brackets are balanced in well-formed JSON; only strings can
            // hold brackets that do not count.
            let mut depth = 0usize;
            let mut at = start;
            loop {
                match bytes.get(at)? {
                    b'"' => {
                        at = json_string(text, at)?.1;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            let len = bytes[start..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .unwrap_or(bytes.len() - start);
            Some(start + len)
        }
    }
}

/// One step down a YAML tree.
#[derive(Debug, Clone)]
pub(super) enum Step {
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

/// Where the node at `trail` is written, or when it cannot be found
/// exactly, the nearest node above it that can be: the place a problem
/// with that node is shown at. At worst that is the document itself, which
/// starts at its first line of content (a key written in a way the search
/// does not follow, such as after a `?`, leads there). `None` only for a
/// text with no content at all.
pub(super) fn nearest_location(text: &str, json: bool, trail: &[Step]) -> Option<(usize, usize)> {
    (1..=trail.len())
        .rev()
        .find_map(|n| location(text, json, &trail[..n]))
        .or_else(|| document_start(text))
}

/// Where the document's top-level node starts: the first character of the
/// first line that is not blank, a comment, a directive or a `---`.
fn document_start(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let content = line.trim_start();
        let skip = content.is_empty()
            || content.starts_with('#')
            || line.starts_with('%')
            || line.trim_end() == "---";
        let column = line.chars().count() - content.chars().count() + 1;
        (!skip).then_some((n + 1, column))
    })
}

/// How far typing `tree` as an OpenAPI document gets before it fails: the
/// trail to the node being typed then, as far as the typing can tell.
/// Inside openapiv3's untagged enums (a schema, a parameter) it cannot
/// tell, so the trail ends at the enum; [`culprit`] goes on from there.
pub(super) fn typed_path(tree: &serde_yaml::Value) -> Vec<Step> {
    use serde_path_to_error::Segment;
    let Err(error) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(tree) else {
        return Vec::new();
    };
    let mut trail = Vec::new();
    let mut node = tree;
    for segment in error.path().iter() {
        let (step, child) = match (segment, node) {
            (Segment::Map { key }, serde_yaml::Value::Mapping(m)) => {
                let Some((k, child)) = m
                    .iter()
                    .find(|(k, _)| Step::Key((*k).clone()).to_string() == *key)
                else {
                    break;
                };
                (Step::Key(k.clone()), child)
            }
            (Segment::Seq { index }, serde_yaml::Value::Sequence(s)) => match s.get(*index) {
                Some(child) => (Step::Index(*index), child),
                None => break,
            },
            _ => break,
        };
        trail.push(step);
        node = child;
    }
    trail
}

/// The deepest node at or below `start` that, taken out of `tree` (or
/// emptied, where it is required, or written as a string), lets the
/// document deserialize; `start` itself when there is none below it, as
/// when several nodes are at fault. The number of attempts is bounded, so
/// this stays fast on any input.
pub(super) fn culprit(tree: &serde_yaml::Value, start: Vec<Step>) -> Vec<Step> {
    let mut trail: Vec<Step> = start;
    let mut budget = 300;
    while let Some(node) = walk(tree, &trail) {
        let children: Vec<Step> = match node {
            serde_yaml::Value::Mapping(m) => m.keys().cloned().map(Step::Key).collect(),
            serde_yaml::Value::Sequence(s) => (0..s.len()).map(Step::Index).collect(),
            _ => Vec::new(),
        };
        match child_at_fault(tree, &trail, &children, &mut budget) {
            Some(child) => trail.push(child),
            None => break,
        }
    }
    trail
}

/// The child of the node at `trail` whose change lets the document
/// deserialize. Halves are taken out first, so a large mapping (all the
/// schemas of a spec) costs a few attempts, not one per child; then each
/// child left is taken out, emptied, or written as a string.
fn child_at_fault(
    tree: &serde_yaml::Value,
    trail: &[Step],
    children: &[Step],
    budget: &mut usize,
) -> Option<Step> {
    let mut fixes = |changes: &[(Step, Change)]| {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let mut candidate = tree.clone();
        // Sequence items go last first, so that indices stay right.
        let done = changes.iter().rev().all(|(child, change)| {
            let mut at = trail.to_vec();
            at.push(child.clone());
            take_out(&mut candidate, &at, *change)
        });
        done && serde_yaml::from_value::<openapiv3::OpenAPI>(candidate).is_ok()
    };
    let removing = |range: &[Step]| -> Vec<(Step, Change)> {
        range.iter().map(|c| (c.clone(), Change::Remove)).collect()
    };
    let (mut lo, mut hi) = (0, children.len());
    while hi - lo > 2 {
        let mid = (lo + hi) / 2;
        if fixes(&removing(&children[lo..mid])) {
            hi = mid;
        } else if fixes(&removing(&children[mid..hi])) {
            lo = mid;
        } else {
            break;
        }
    }
    for child in &children[lo..hi] {
        for change in [Change::Remove, Change::Empty, Change::Stringify] {
            if fixes(&[(child.clone(), change)]) {
                return Some(child.clone());
            }
        }
    }
    None
}

/// The node at `trail` in `tree`, if there is one.
pub(super) fn walk<'a>(
    tree: &'a serde_yaml::Value,
    trail: &[Step],
) -> Option<&'a serde_yaml::Value> {
    trail
        .iter()
        .try_fold(tree, |node, step| match (node, step) {
            (serde_yaml::Value::Mapping(m), Step::Key(k)) => m.get(k),
            (serde_yaml::Value::Sequence(s), Step::Index(i)) => s.get(*i),
            _ => None,
        })
}

/// How [`take_out`] changes a node to see whether it was at fault.
#[derive(Clone, Copy)]
enum Change {
    /// Take it out.
    Remove,
    /// Empty it, where it is a mapping or a sequence (for required nodes).
    Empty,
    /// Write it as a string, where it is a number or a boolean (for
    /// `version: 1`, which must be a string).
    Stringify,
}

/// Changes the node at `trail` as `change` says. False when there was
/// nothing to do.
fn take_out(tree: &mut serde_yaml::Value, trail: &[Step], change: Change) -> bool {
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
    if !matches!(change, Change::Remove) {
        let child = match (node, last) {
            (serde_yaml::Value::Mapping(m), Step::Key(k)) => m.get_mut(k),
            (serde_yaml::Value::Sequence(s), Step::Index(i)) => s.get_mut(*i),
            _ => None,
        };
        return match (change, child) {
            (Change::Empty, Some(serde_yaml::Value::Mapping(m))) if !m.is_empty() => {
                m.clear();
                true
            }
            (Change::Empty, Some(serde_yaml::Value::Sequence(s))) if !s.is_empty() => {
                s.clear();
                true
            }
            (
                Change::Stringify,
                Some(scalar @ (serde_yaml::Value::Number(_) | serde_yaml::Value::Bool(_))),
            ) => {
                let text = serde_yaml::to_string(scalar).unwrap_or_default();
                *scalar = serde_yaml::Value::String(text.trim().to_string());
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
