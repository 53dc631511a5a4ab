//! Doc text: every text taken from the spec is sanitized here, once, so that
//! it renders as written and compiles (no stray links, no doctests, no
//! characters rustc refuses); and items the spec leaves undocumented get a
//! sentence of their own.

use std::collections::BTreeMap;

use openapiv3::Schema;

use super::Lowerer;
use crate::model::{Location, Resource, Type};

/// Spec text made safe for rustdoc:
///
/// - line breaks normalized (`\r\n` and a bare `\r` become `\n`), other
///   control characters and bidirectional-text controls removed;
/// - each line trimmed, so no line is an indented code block;
/// - fenced code blocks marked `text`, so none becomes a doctest;
/// - bare URLs wrapped in `<>`, and square brackets that are not Markdown
///   links escaped, so rustdoc sees no broken intra-doc link.
pub(crate) fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (i, line) in text.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line: String = line
            .chars()
            .filter(|&c| !is_hidden_control(c))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let line = line.trim();
        if let Some(fence) = fence(line) {
            if in_fence {
                out.push_str(fence);
            } else {
                out.push_str(fence);
                out.push_str("text");
            }
            in_fence = !in_fence;
        } else if in_fence {
            out.push_str(line);
        } else {
            push_prose(&mut out, line);
        }
    }
    if in_fence {
        out.push_str("\n```");
    }
    out
}

/// `text` (a name or value from the spec) as inline code: between backticks,
/// or, when it holds a backtick or a character rustdoc refuses, as an HTML
/// `<code>` element with those characters escaped, so that no name can close
/// the span, open a code block, or break the doc comment.
pub(crate) fn code(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text
            .chars()
            .any(|c| c == '`' || c == '\n' || c == '\t' || is_hidden_control(c));
    if plain {
        return format!("`{text}`");
    }
    let mut out = String::from("<code>");
    for c in text.chars() {
        match c {
            '`' => out.push_str("&#96;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() || is_hidden_control(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out.push_str("</code>");
    out
}

/// Control characters other than line breaks and tabs, and the characters
/// that reorder text (U+202A–U+202E, U+2066–U+2069, marks).
pub(crate) fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The fence of a line that opens or closes a code block (`` ``` `` or
/// `~~~`, with anything after it dropped).
fn fence(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// One line of prose: URLs wrapped, brackets that are not links escaped.
fn push_prose(out: &mut String, line: &str) {
    let mut rest = line;
    while !rest.is_empty() {
        let Some(pos) = rest.find("https://").or_else(|| rest.find("http://")) else {
            out.push_str(&escape_brackets(rest));
            break;
        };
        let (before, url_start) = rest.split_at(pos);
        out.push_str(&escape_brackets(before));
        let already = before.ends_with('<') || before.ends_with('(');
        let end = url_start
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .unwrap_or(url_start.len());
        let url = url_start[..end].trim_end_matches(['.', ',', ';']);
        if already {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &url_start[url.len()..];
    }
}

fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '[' if !is_link(&chars[i..]) => out.push_str("\\["),
            ']' if chars.get(i + 1).is_none_or(|&n| n != '(') => out.push_str("\\]"),
            _ => out.push(c),
        }
    }
    out
}

/// `[text](` starts at the front of `chars`.
fn is_link(chars: &[char]) -> bool {
    chars
        .iter()
        .position(|&c| c == ']')
        .is_some_and(|end| chars.get(end + 1) == Some(&'('))
}

/// A schema's description, sanitized; empty when it has none.
pub(super) fn of(schema: &Schema) -> String {
    schema
        .schema_data
        .description
        .as_deref()
        .map(sanitize)
        .unwrap_or_default()
}

/// `text`, or `default` when the spec leaves it empty. Lowering is the one
/// place that writes docs for what the spec leaves undocumented: here, as
/// items are built, and in [`Lowerer::fill_default_docs`] for what depends on
/// the whole module.
fn or_default(text: String, default: impl FnOnce() -> String) -> String {
    if text.trim().is_empty() {
        default()
    } else {
        text
    }
}

/// The docs of a struct's field sent as `wire`.
pub(super) fn field(text: String, wire: &str) -> String {
    or_default(text, || format!("The {} field.", code(wire)))
}

/// The docs of a stub's parameter sent as `wire`.
pub(super) fn param(text: String, wire: &str) -> String {
    or_default(text, || format!("The {} parameter.", code(wire)))
}

/// An operation's summary and description, each said once; its id when it
/// has neither.
pub(super) fn operation(summary: Option<&str>, description: Option<&str>, id: &str) -> String {
    or_default(summary_and_description(summary, description), || {
        format!("The {} operation.", code(id))
    })
}

/// An operation's summary and description, each said once.
fn summary_and_description(summary: Option<&str>, description: Option<&str>) -> String {
    let mut docs = String::new();
    for text in [summary, description].into_iter().flatten().map(sanitize) {
        if !text.is_empty() && !docs.contains(&text) {
            if !docs.is_empty() {
                docs.push_str("\n\n");
            }
            docs.push_str(&text);
        }
    }
    docs
}

impl Lowerer<'_> {
    /// Docs for what the spec leaves undocumented: modules from their model
    /// or operations, models from their module, enums from their first use.
    pub(super) fn fill_default_docs(&mut self) {
        let uses = enum_uses(&self.resources);
        for r in &mut self.resources {
            if let Some(model) = &mut r.model {
                if r.docs.is_empty() {
                    r.docs.clone_from(&model.docs);
                }
                if model.docs.is_empty() {
                    model.docs = format!("The {} resource.", code(&model.name));
                    if !r.docs.is_empty() {
                        model.docs = format!("{}\n\n{}", model.docs, r.docs);
                    }
                }
            }
            if r.docs.is_empty() {
                r.docs = format!("Types of the {} module.", code(&r.module));
            }
            for e in &mut r.enums {
                if e.docs.is_empty() {
                    e.docs = match uses.get(&e.name) {
                        Some(used) => format!("Values of {used}."),
                        None => format!("Values of {}.", code(&e.name)),
                    };
                }
            }
        }
    }
}

/// Where each enum is first used, in words: "the `Order` query parameter of
/// `ListMessage`".
fn enum_uses(resources: &[Resource]) -> BTreeMap<String, String> {
    fn enum_in(ty: &Type) -> Option<&str> {
        match ty {
            Type::Enum(name) => Some(name),
            Type::Array(inner) => enum_in(inner),
            _ => None,
        }
    }
    let mut uses = BTreeMap::new();
    for r in resources {
        for m in r.model.iter().chain(&r.nested) {
            for f in &m.fields {
                if let Some(e) = enum_in(&f.ty) {
                    uses.entry(e.to_string()).or_insert_with(|| {
                        format!("the {} field of {}", code(&f.wire), code(&m.name))
                    });
                }
            }
        }
        for op in &r.operations {
            for p in &op.params {
                if let Some(e) = enum_in(&p.ty) {
                    let place = match p.location {
                        Location::Path => "path parameter",
                        Location::Query => "query parameter",
                        Location::Header => "header",
                        Location::Form => "form field",
                        Location::Json => "JSON field",
                        Location::Body => "JSON body",
                    };
                    uses.entry(e.to_string()).or_insert_with(|| {
                        format!("the {} {place} of {}", code(&p.wire), code(&op.name))
                    });
                }
            }
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_wrapped_and_brackets_escaped() {
        assert_eq!(
            sanitize("See https://example.com/x. Values [a] and [link](https://e.com)."),
            "See <https://example.com/x>. Values \\[a\\] and [link](https://e.com)."
        );
    }

    #[test]
    fn line_breaks_and_hidden_controls() {
        assert_eq!(sanitize("one\r\ntwo\rthree"), "one\ntwo\nthree");
        assert_eq!(sanitize("evil\u{202E}txt.exe\u{0007}"), "eviltxt.exe");
        assert_eq!(sanitize("a\tb"), "a b");
    }

    #[test]
    fn names_become_inline_code_that_cannot_escape() {
        assert_eq!(code("FriendlyName"), "`FriendlyName`");
        assert_eq!(code("```"), "<code>&#96;&#96;&#96;</code>");
        assert_eq!(code("c\rd"), "<code>c\\u{d}d</code>");
        assert_eq!(code("a\u{202e}b"), "<code>a\\u{202e}b</code>");
        assert_eq!(code("<b>&"), "`<b>&`");
        assert_eq!(code("x`<y"), "<code>x&#96;&lt;y</code>");
        assert_eq!(code(""), "<code></code>");
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(
            sanitize("Example:\n```\nlet x = 1;\n```"),
            "Example:\n```text\nlet x = 1;\n```"
        );
        assert_eq!(
            sanitize("```rust\nfn main() {}"),
            "```text\nfn main() {}\n```"
        );
        assert_eq!(sanitize("    indented code"), "indented code");
        // Inside a block, brackets are code, not links.
        assert_eq!(sanitize("```\n[x]\n```"), "```text\n[x]\n```");
    }
}
