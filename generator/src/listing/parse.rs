//! Text → listing, so that a listing on disk can be compared with a new one.
//! A line that does not follow the grammar (edited by hand, cut short,
//! corrupt) is an error naming the file, the line and the column.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Kind, Line, Listing, When};
use crate::error::{Error, Result};
use crate::model::{SidBody, SidForm, SidPrefix};

/// A problem at a byte offset of the line being read.
struct Problem {
    at: usize,
    message: String,
}

type Parsed<T> = std::result::Result<T, Problem>;

fn problem<T>(at: usize, message: impl Into<String>) -> Parsed<T> {
    Err(Problem {
        at,
        message: message.into(),
    })
}

/// Reads a listing written by [`Listing`]'s `Display` (and a header of `#`
/// lines, and blank lines, which are skipped).
pub(crate) fn parse(path: &Path, text: &str) -> Result<Listing> {
    let fail = |number: usize, line: &str, at: usize, message: String| Error::Listing {
        path: path.to_path_buf(),
        line: number,
        column: line
            .get(..at.min(line.len()))
            .map_or(1, |s| s.chars().count() + 1),
        message,
    };
    let mut lines = Vec::new();
    // Key → (line number, kind), to find repeated keys and parts without
    // their item.
    let mut seen: BTreeMap<String, (usize, Kind)> = BTreeMap::new();
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = parse_line(line).map_err(|p| fail(number, line, p.at, p.message))?;
        let key = parsed.key();
        if let Some((first, _)) = seen.get(&key) {
            return Err(fail(
                number,
                line,
                0,
                format!("`{key}` is listed twice (first on line {first})"),
            ));
        }
        if let Some(owner) = parsed.owner() {
            let expected = match parsed.kind() {
                Kind::Field => Kind::Struct,
                Kind::Variant => Kind::Enum,
                Kind::Alternative => Kind::Union,
                _ => Kind::Stub,
            };
            match seen.get(owner) {
                Some((_, kind)) if *kind == expected => {}
                Some((at, kind)) => {
                    return Err(fail(
                        number,
                        line,
                        0,
                        format!(
                            "a {} belongs to a {}, but `{owner}` is a {} (line {at})",
                            parsed.kind().word(),
                            expected.word(),
                            kind.word()
                        ),
                    ));
                }
                None => {
                    return Err(fail(
                        number,
                        line,
                        0,
                        format!("`{key}` belongs to `{owner}`, which no line above declares"),
                    ));
                }
            }
        }
        seen.insert(key, (number, parsed.kind()));
        lines.push(parsed);
    }
    Ok(Listing { lines, docs: None })
}

fn parse_line(line: &str) -> Parsed<Line> {
    let (kind, rest_at) = match line.find(' ') {
        Some(space) => (&line[..space], space + 1),
        None => (line, line.len()),
    };
    let mut c = Cursor { line, at: rest_at };
    let parsed = match kind {
        "features" => {
            c.expect("per module")?;
            Line::ModuleFeatures
        }
        "replay" => {
            if c.eat("always") {
                Line::Replay { feature: None }
            } else {
                c.expect("if feature ")?;
                Line::Replay {
                    feature: Some(c.string()?),
                }
            }
        }
        "mod" => Line::Mod {
            path: c.path_to_end()?,
        },
        "const" => {
            let path = c.path_until(" = ")?;
            Line::Const {
                path,
                value: c.string()?,
            }
        }
        "use" => {
            let path = c.path_until(" = ")?;
            Line::Use {
                path,
                target: c.path_to_end()?,
            }
        }
        "sid" => {
            let path = c.path_until(" = ")?;
            let at = c.at;
            let form = sid_form(c.rest()).ok_or(Problem {
                at,
                message: "expected a SID pattern such as ^US[0-9a-fA-F]{32}$".into(),
            })?;
            c.at = line.len();
            Line::Sid { path, form }
        }
        "struct" | "enum" | "union" => item(kind, &mut c)?,
        "stub" => stub(&mut c)?,
        "field" | "param" => {
            let (owner, name) = c.part(".", ": ")?;
            let ty = c.ty_until(" = ")?;
            let (location, wire) = if kind == "param" {
                let at = c.at;
                let word = c.word();
                if !["path", "query", "header", "form", "json", "body"].contains(&word) {
                    return problem(
                        at,
                        format!("expected where the parameter goes (path, query, header, form, json or body), found {word:?}"),
                    );
                }
                c.expect(" ")?;
                (word.to_string(), c.string()?)
            } else {
                (String::new(), c.string()?)
            };
            let mut range = None;
            let mut redacted = false;
            for (at, clause) in c.clauses()? {
                if clause == "redacted" && !redacted {
                    redacted = true;
                } else if kind == "param" && range.is_none() && clause.contains("..") {
                    range = Some(parse_range(clause).ok_or(Problem {
                        at,
                        message: format!("expected a range such as 1..=100, found {clause:?}"),
                    })?);
                } else {
                    return problem(at, format!("unexpected {clause:?}"));
                }
            }
            if kind == "field" {
                Line::Field {
                    owner,
                    name,
                    ty,
                    wire,
                    redacted,
                }
            } else {
                Line::Param {
                    owner,
                    name,
                    ty,
                    location,
                    wire,
                    range,
                    redacted,
                }
            }
        }
        "variant" => {
            let rest = c.rest();
            let open = rest.find('(');
            let equals = rest.find(" = ");
            match (open, equals) {
                (Some(open), equals) if equals.is_none_or(|e| open < e) => {
                    let (owner, name) = split_part(&rest[..open], "::", c.at)?;
                    c.at += open + 1;
                    let ty = c.ty_until(") ")?;
                    let when = if c.eat("fallback") {
                        When::Fallback
                    } else if c.eat("tag ") {
                        When::Tag(c.string()?)
                    } else {
                        c.expect("has ")?;
                        let mut fields = vec![c.string()?];
                        while c.eat(", ") {
                            fields.push(c.string()?);
                        }
                        When::Has(fields)
                    };
                    Line::Alternative {
                        owner,
                        name,
                        ty,
                        when,
                    }
                }
                _ => {
                    let (owner, name) = c.part("::", " = ")?;
                    Line::Variant {
                        owner,
                        name,
                        wire: c.string()?,
                    }
                }
            }
        }
        "fn" => {
            let rest = c.rest();
            let Some(open) = rest.find("::new(") else {
                return problem(c.at, "expected OWNER::new(…)");
            };
            let owner = rest[..open].to_string();
            check_path(&owner, c.at)?;
            c.at += open + "::new(".len();
            let inner = c.rest();
            let Some(inner) = inner.strip_suffix(')') else {
                return problem(line.len(), "expected `)` at the end");
            };
            let mut args = Vec::new();
            if !inner.is_empty() {
                for (offset, arg) in split_top(inner, ", ") {
                    let at = c.at + offset;
                    let Some((name, ty)) = arg.split_once(": ") else {
                        return problem(at, format!("expected NAME: TYPE, found {arg:?}"));
                    };
                    check_ident(name, at)?;
                    check_type(ty, at + name.len() + 2)?;
                    args.push((name.to_string(), ty.to_string()));
                }
            }
            c.at = line.len();
            Line::New { owner, args }
        }
        "" => return problem(0, "a line starts with a space"),
        other => {
            return problem(
                0,
                format!("unknown kind of line {other:?}: expected mod, const, use, sid, struct, field, enum, union, variant, stub, fn, param, replay or features"),
            )
        }
    };
    if c.at < line.len() {
        return problem(c.at, format!("unexpected {:?}", c.rest()));
    }
    Ok(parsed)
}

/// `struct`, `enum` and `union` lines: `PATH in MODULE` and clauses.
fn item(kind: &str, c: &mut Cursor<'_>) -> Parsed<Line> {
    let path = c.path_until(" in ")?;
    let clauses = c.clauses_after_path()?;
    let (module, clauses) = clauses;
    let mut eq = false;
    let mut list = None;
    let mut tag = None;
    let mut attrs = Vec::new();
    for (at, clause) in clauses {
        if clause == "impl Eq" && kind != "enum" && !eq {
            eq = true;
        } else if let (Some(key), true) = (clause.strip_prefix("list "), kind != "enum") {
            list = Some(json_string(key, at + 5)?);
        } else if let (Some(value), true) = (clause.strip_prefix("tag "), kind == "union") {
            tag = Some(json_string(value, at + 4)?);
        } else if let Some(attr) = clause.strip_prefix("attr ") {
            attrs.push(json_string(attr, at + 5)?);
        } else {
            return problem(at, format!("unexpected {clause:?}"));
        }
    }
    Ok(match kind {
        "struct" => Line::Struct {
            path,
            module,
            eq,
            list,
            attrs,
        },
        "enum" => Line::Enum {
            path,
            module,
            attrs,
        },
        _ => Line::Union {
            path,
            module,
            tag,
            eq,
            list,
            attrs,
        },
    })
}

/// `stub PATH in MODULE, METHOD "TEMPLATE" -> TYPE on STATUSES[, impl …][, attr …]`.
fn stub(c: &mut Cursor<'_>) -> Parsed<Line> {
    let path = c.path_until(" in ")?;
    let (module, clauses) = c.clauses_after_path()?;
    let mut clauses = clauses.into_iter();
    let Some((at, request)) = clauses.next() else {
        return problem(
            c.line.len(),
            "expected `, METHOD \"TEMPLATE\" -> TYPE on STATUS`",
        );
    };
    let Some((method, after)) = request.split_once(' ') else {
        return problem(at, "expected METHOD \"TEMPLATE\"");
    };
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) {
        return problem(at, format!("expected an HTTP method, found {method:?}"));
    }
    let after_at = at + method.len() + 1;
    let end = string_end(after, after_at)?;
    let template = json_string(&after[..end], after_at)?;
    let Some(response) = after[end..].strip_prefix(" -> ") else {
        return problem(after_at + end, "expected ` -> TYPE on STATUS`");
    };
    let response_at = after_at + end + 4;
    let Some(on) = response.rfind(" on ") else {
        return problem(response_at, "expected ` on STATUS`");
    };
    let ty = &response[..on];
    check_type(ty, response_at)?;
    let statuses = status_list(&response[on + 4..], response_at + on + 4)?;
    let mut none = Vec::new();
    let mut default = false;
    let mut eq = false;
    let mut attrs = Vec::new();
    let mut traits_seen = false;
    for (at, clause) in clauses {
        if let (Some(list), true) = (clause.strip_prefix("none on "), none.is_empty()) {
            none = status_list(list, at + 8)?;
        } else if let (Some(traits), false) = (clause.strip_prefix("impl "), traits_seen) {
            traits_seen = true;
            for name in traits.split(" + ") {
                match name {
                    "Default" if !default => default = true,
                    "Eq" if !eq => eq = true,
                    _ => {
                        return problem(
                            at,
                            format!("unexpected trait {name:?}: expected Default or Eq"),
                        )
                    }
                }
            }
        } else if let Some(attr) = clause.strip_prefix("attr ") {
            attrs.push(json_string(attr, at + 5)?);
        } else {
            return problem(at, format!("unexpected {clause:?}"));
        }
    }
    Ok(Line::Stub {
        path,
        module,
        method: method.to_string(),
        template,
        response: ty.to_string(),
        statuses,
        none,
        default,
        eq,
        attrs,
    })
}

/// `200|201`.
fn status_list(text: &str, at: usize) -> Parsed<Vec<u16>> {
    let mut statuses = Vec::new();
    for status in text.split('|') {
        match status.parse::<u16>() {
            Ok(s) if (100..600).contains(&s) => statuses.push(s),
            _ => {
                return problem(
                    at,
                    format!("expected HTTP statuses such as 200|201, found {text:?}"),
                )
            }
        }
    }
    Ok(statuses)
}

/// The rest of a line, read from left to right.
struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.line[self.at.min(self.line.len())..]
    }

    fn eat(&mut self, text: &str) -> bool {
        if self.rest().starts_with(text) {
            self.at += text.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, text: &str) -> Parsed<()> {
        if self.eat(text) {
            Ok(())
        } else {
            problem(self.at, format!("expected {text:?}"))
        }
    }

    /// Up to the next space or the end.
    fn word(&mut self) -> &'a str {
        let rest = self.rest();
        let end = rest.find(' ').unwrap_or(rest.len());
        self.at += end;
        &rest[..end]
    }

    /// A JSON string.
    fn string(&mut self) -> Parsed<String> {
        let rest = self.rest();
        let end = string_end(rest, self.at)?;
        let value = json_string(&rest[..end], self.at)?;
        self.at += end;
        Ok(value)
    }

    /// A path that ends the line.
    fn path_to_end(&mut self) -> Parsed<String> {
        let path = self.rest();
        check_path(path, self.at)?;
        self.at = self.line.len();
        Ok(path.to_string())
    }

    /// A path, then `delimiter`.
    fn path_until(&mut self, delimiter: &str) -> Parsed<String> {
        let rest = self.rest();
        let Some(end) = rest.find(delimiter) else {
            return problem(self.at, format!("expected PATH{delimiter}…"));
        };
        check_path(&rest[..end], self.at)?;
        self.at += end + delimiter.len();
        Ok(rest[..end].to_string())
    }

    /// `OWNER<separator>NAME<delimiter>`.
    fn part(&mut self, separator: &str, delimiter: &str) -> Parsed<(String, String)> {
        let rest = self.rest();
        let Some(end) = rest.find(delimiter) else {
            return problem(
                self.at,
                format!("expected OWNER{separator}NAME{delimiter}…"),
            );
        };
        let parts = split_part(&rest[..end], separator, self.at)?;
        self.at += end + delimiter.len();
        Ok(parts)
    }

    /// A type, then `delimiter` (outside brackets).
    fn ty_until(&mut self, delimiter: &str) -> Parsed<String> {
        let rest = self.rest();
        let Some((offset, ty)) = split_top(rest, delimiter).into_iter().next() else {
            return problem(self.at, "expected a type");
        };
        if offset + ty.len() == rest.len() {
            return problem(self.at, format!("expected TYPE{delimiter}…"));
        }
        check_type(ty, self.at)?;
        self.at += ty.len() + delimiter.len();
        Ok(ty.to_string())
    }

    /// `, CLAUSE, CLAUSE…` to the end of the line, with each clause's
    /// offset.
    fn clauses(&mut self) -> Parsed<Vec<(usize, &'a str)>> {
        let rest = self.rest();
        if rest.is_empty() {
            return Ok(Vec::new());
        }
        let Some(rest) = rest.strip_prefix(", ") else {
            return problem(self.at, format!("unexpected {rest:?}"));
        };
        let start = self.at + 2;
        self.at = self.line.len();
        Ok(split_top(rest, ", ")
            .into_iter()
            .map(|(offset, clause)| (start + offset, clause))
            .collect())
    }

    /// `MODULE, CLAUSE…`: the module path, then the clauses.
    fn clauses_after_path(&mut self) -> Parsed<(String, Vec<(usize, &'a str)>)> {
        let rest = self.rest();
        let end = rest.find(", ").unwrap_or(rest.len());
        check_path(&rest[..end], self.at)?;
        self.at += end;
        let module = rest[..end].to_string();
        Ok((module, self.clauses()?))
    }
}

/// `OWNER<separator>NAME` at the last separator.
fn split_part(text: &str, separator: &str, at: usize) -> Parsed<(String, String)> {
    let Some(split) = text.rfind(separator) else {
        return problem(at, format!("expected OWNER{separator}NAME, found {text:?}"));
    };
    let (owner, name) = (&text[..split], &text[split + separator.len()..]);
    check_path(owner, at)?;
    check_ident(name, at + split + separator.len())?;
    Ok((owner.to_string(), name.to_string()))
}

/// Splits `text` at `separator` where it stands outside strings and
/// brackets; returns each piece with its offset.
fn split_top<'t>(text: &'t str, separator: &str) -> Vec<(usize, &'t str)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if depth == 0 && bytes[i..].starts_with(separator.as_bytes()) {
            pieces.push((start, &text[start..i]));
            i += separator.len();
            start = i;
            continue;
        } else {
            match b {
                b'"' => in_string = true,
                b'<' | b'(' | b'[' | b'{' => depth += 1,
                b'-' if bytes.get(i + 1) == Some(&b'>') => i += 1,
                b'>' | b')' | b']' | b'}' => depth -= 1,
                _ => {}
            }
        }
        i += 1;
    }
    pieces.push((start, &text[start..]));
    pieces
}

/// Where the JSON string at the start of `text` ends (after its closing
/// quote).
fn string_end(text: &str, at: usize) -> Parsed<usize> {
    if !text.starts_with('"') {
        return problem(at, "expected a quoted string");
    }
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    problem(at, "a quoted string is not closed")
}

fn json_string(text: &str, at: usize) -> Parsed<String> {
    match serde_json::from_str::<String>(text) {
        Ok(value) => Ok(value),
        Err(e) => problem(at, format!("not a valid quoted string: {e}")),
    }
}

fn check_ident(name: &str, at: usize) -> Parsed<()> {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        problem(at, format!("{name:?} is not a Rust name"))
    }
}

fn check_path(path: &str, at: usize) -> Parsed<()> {
    let mut offset = 0;
    for segment in path.split("::") {
        check_ident(segment, at + offset)?;
        offset += segment.len() + 2;
    }
    Ok(())
}

/// A type: not empty, brackets balanced, no quotes.
fn check_type(ty: &str, at: usize) -> Parsed<()> {
    let mut depth = 0i32;
    let bytes = ty.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' if i > 0 && bytes[i - 1] == b'-' => {}
            b'>' | b')' | b']' => depth -= 1,
            b'"' | b'\t' => return problem(at + i, "unexpected character in a type"),
            _ => {}
        }
        if depth < 0 {
            return problem(at + i, "unbalanced brackets in a type");
        }
    }
    if ty.trim().is_empty() || ty.trim() != ty {
        return problem(at, "expected a type");
    }
    if depth != 0 {
        return problem(at, "unbalanced brackets in a type");
    }
    Ok(())
}

fn parse_range(text: &str) -> Option<(Option<i64>, Option<i64>)> {
    let bound = |s: &str| -> Option<Option<i64>> {
        if s.is_empty() {
            Some(None)
        } else {
            s.parse().ok().map(Some)
        }
    };
    let (lo, hi) = match text.split_once("..=") {
        Some((lo, hi)) if !hi.is_empty() => (bound(lo)?, bound(hi)?),
        Some(_) => return None,
        None => {
            let lo = text.strip_suffix("..")?;
            (bound(lo)?, None)
        }
    };
    Some((lo, hi))
}

/// The form a pattern written by [`super::pattern`] describes.
fn sid_form(text: &str) -> Option<SidForm> {
    let inner = text.strip_prefix('^')?.strip_suffix("{32}$")?;
    let (prefix, body) = if let Some(rest) = inner.strip_prefix("[a-zA-Z]{2}") {
        (SidPrefix::Letters, rest)
    } else if let Some(rest) = inner.strip_prefix("[A-Z]{2}") {
        (SidPrefix::Uppercase, rest)
    } else if let Some(rest) = inner.strip_prefix('(') {
        let (alternatives, body) = rest.split_once(')')?;
        let prefixes: Vec<String> = alternatives.split('|').map(str::to_string).collect();
        if prefixes.len() < 2 || !prefixes.iter().all(|p| is_prefix(p)) {
            return None;
        }
        (SidPrefix::Exact(prefixes), body)
    } else {
        let prefix = inner.get(..2)?;
        if !is_prefix(prefix) {
            return None;
        }
        (SidPrefix::Exact(vec![prefix.to_string()]), &inner[2..])
    };
    let body = match body {
        "[0-9a-fA-F]" => SidBody::Hex,
        "[0-9a-f]" => SidBody::LowerHex,
        "[a-zA-Z0-9]" => SidBody::Alphanumeric,
        _ => return None,
    };
    Some(SidForm { prefix, body })
}

fn is_prefix(text: &str) -> bool {
    text.len() == 2 && text.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let message = parse(Path::new("out/api.txt"), text)
            .unwrap_err()
            .to_string();
        message
            .strip_suffix("; regenerate to write it again")
            .unwrap_or(&message)
            .to_string()
    }

    #[test]
    fn every_kind_of_line_reads_back_as_written() {
        let text = r##"features per module
replay if feature "replay"
mod sids
sid sids::MessageSid = ^(SM|MM)[0-9a-fA-F]{32}$
sid sids::AnySid = ^[a-zA-Z]{2}[0-9a-fA-F]{32}$
mod v2
const v2::DEFAULT_BASE_URL = "https://chat.twilio.com"
use v2::MessageSid = sids::MessageSid
struct v2::Message in v2::message, impl Eq, list "messages", attr "#[derive(Hash)]"
field v2::Message.r#type: Option<BTreeMap<String, Option<String>>> = "type, \"quoted\"", redacted
enum v2::Status in v2::message
variant v2::Status::Open = "open"
union v2::Body in v2::message, tag "kind"
variant v2::Body::Text(Text) tag "text"
union v2::Shape in v2::message, impl Eq
variant v2::Shape::A(A) has "a", "b"
variant v2::Shape::B(B) fallback
stub v2::ListMessage in v2::message, GET "/v2/Messages" -> Option<Page<Message>> on 200|201, none on 204, impl Default + Eq
fn v2::ListMessage::new()
param v2::ListMessage.page_size: Option<i64> = query "PageSize", 1..=1000
stub v2::CreateMessage in v2::message, POST "/v2/Messages" -> Message on 201
fn v2::CreateMessage::new(to: impl Into<String>, tags: impl IntoIterator<Item = impl Into<String>>)
param v2::CreateMessage.tags: Vec<String> = form "Tags"
param v2::CreateMessage.to: String = form "To", redacted
"##;
        let listing = parse(Path::new("api.txt"), text).unwrap();
        assert_eq!(listing.to_string(), text);
    }

    #[test]
    fn bad_lines_are_errors_with_their_place() {
        assert_eq!(
            err("# header\nmod v2\nstrcut v2::User in v2::user\n"),
            "out/api.txt:3:1: unknown kind of line \"strcut\": expected mod, const, use, sid, struct, field, enum, union, variant, stub, fn, param, replay or features"
        );
        assert_eq!(
            err("mod v2\nstruct v2::User in v2::user\nfield v2::User.sid: Option<UserSid = \"sid\"\n"),
            "out/api.txt:3:21: expected TYPE = …"
        );
        assert_eq!(
            err("field v2::User.sid: String = \"sid\"\n"),
            "out/api.txt:1:1: `v2::User.sid` belongs to `v2::User`, which no line above declares"
        );
        assert_eq!(
            err("mod v2\nmod v2\n"),
            "out/api.txt:2:1: `v2` is listed twice (first on line 1)"
        );
        assert_eq!(
            err("sid sids::UserSid = ^US[0-9]{32}$"),
            "out/api.txt:1:21: expected a SID pattern such as ^US[0-9a-fA-F]{32}$"
        );
        assert_eq!(
            err("const v2::X = \"unterminated"),
            "out/api.txt:1:15: a quoted string is not closed"
        );
        assert_eq!(
            err("stub v2::X in v2::x, GOT \"/\" -> () on 200"),
            "out/api.txt:1:22: expected an HTTP method, found \"GOT\""
        );
        assert_eq!(
            err("stub v2::X in v2::x, GET \"/\" -> () on 999"),
            "out/api.txt:1:39: expected HTTP statuses such as 200|201, found \"999\""
        );
        assert_eq!(
            err("mod v2\nenum v2::E in v2::e\nfield v2::E.x: String = \"x\""),
            "out/api.txt:3:1: a field belongs to a struct, but `v2::E` is a enum (line 2)"
        );
        assert_eq!(
            err("mod v2 extra"),
            "out/api.txt:1:5: \"v2 extra\" is not a Rust name"
        );
        assert_eq!(
            err("mod v2\nstruct v2::U in v2::u, impl Eq, impl Eq"),
            "out/api.txt:2:33: unexpected \"impl Eq\""
        );
        // Columns count characters, not bytes.
        assert_eq!(
            err("const v2::X = \"é\" x"),
            "out/api.txt:1:18: unexpected \" x\""
        );
    }

    #[test]
    fn nothing_in_a_line_panics() {
        // Every prefix of every line of a valid listing, and a few bytes
        // changed: errors or listings, never a panic.
        let text = "stub v2::X in v2::x, GET \"/a\" -> Page<X> on 200, impl Eq, attr \"#[a]\"\n\
                    fn v2::X::new(a: impl Into<String>)\n\
                    param v2::X.a: String = path \"A\", 1..=2, redacted\n\
                    variant v2::U::A(A) has \"a\", \"b\"\n\
                    sid sids::A = ^(AB|CD)[0-9a-f]{32}$\n";
        for line in text.lines() {
            for end in 0..=line.len() {
                if let Some(prefix) = line.get(..end) {
                    let _ = parse(Path::new("x"), prefix);
                    for replacement in ["\"", "(", ">", "\\", ", ", "é"] {
                        let mut changed = prefix.to_string();
                        changed.push_str(replacement);
                        changed.push_str(line.get(end..).unwrap_or_default());
                        let _ = parse(Path::new("x"), &changed);
                    }
                }
            }
        }
    }
}
