//! The API listing: one line per public item of the generated code and per
//! part of one, and nothing else, written next to the code as `api.txt`.
//!
//! It is built from the IR after lowering, with the options applied, and it
//! renders every type with the emitters' own functions, so what it says is
//! what the code declares. Its lines are ordered by the item's path (parts
//! right after their item), so a spec update changes exactly the lines of
//! the items it changes. The text parses back ([`Listing::parse`]), which is
//! how `regenerate --check` compares the listing on disk with a new one.
//!
//! The grammar, one line each (`PATH`s are as a caller writes them below the
//! output's root, `"…"` are JSON strings):
//!
//! ```text
//! features per module
//! replay always | replay if feature "NAME"
//! mod PATH
//! const PATH = "VALUE"
//! use PATH = PATH
//! sid PATH = PATTERN
//! struct PATH in MODULE[, impl Eq][, list "KEY"][, attr "#[…]"]…
//! field OWNER.NAME: TYPE = "WIRE"[, redacted]
//! enum PATH in MODULE[, attr "#[…]"]…
//! variant OWNER::NAME = "WIRE"
//! union PATH in MODULE[, tag "FIELD"][, impl Eq][, list "KEY"][, attr "#[…]"]…
//! variant OWNER::NAME(TYPE) tag "VALUE" | has "FIELD", … | fallback
//! stub PATH in MODULE, METHOD "TEMPLATE" -> TYPE on STATUS|…[, none on STATUS|…][, impl Default + Eq][, attr "#[…]"]…
//! fn OWNER::new(NAME: TYPE, …)
//! param OWNER.NAME: TYPE = LOCATION "WIRE"[, RANGE][, redacted]
//! ```

mod from_ir;
#[cfg(feature = "changes")]
mod parse;

use std::collections::BTreeMap;
use std::fmt;

pub(crate) use from_ir::build;

use crate::model::{SidBody, SidForm, SidPrefix};

/// The listing's file name in the output folder.
pub const FILE: &str = "api.txt";

/// The API of generated code: one line per public item and per part of one
/// (a field, a variant, a constructor, a parameter), ordered by path.
///
/// [`Generated::listing`](crate::Generated::listing) returns the listing of
/// a run, which is also written into the output folder as `api.txt`;
/// [`Builder::listing`](crate::Builder::listing) makes one without
/// generating code; [`Listing::parse`] reads one back. Two listings compare
/// with [`Listing::changes`].
///
/// Its `Display` is the listing's text without the file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub(crate) lines: Vec<Line>,
    /// Path → doc text of every item and part, which the text leaves out.
    /// Only a listing made by `Builder::listing` has them.
    pub(crate) docs: Option<BTreeMap<String, String>>,
}

/// One line of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line {
    /// Each module is behind the cargo feature of its name.
    ModuleFeatures,
    /// Every endpoint stub derives `Deserialize`, always or under a feature.
    Replay { feature: Option<String> },
    /// A module.
    Mod { path: String },
    /// A constant (a version's default base URL).
    Const { path: String, value: String },
    /// A re-export.
    Use { path: String, target: String },
    /// A SID type, with what it accepts.
    Sid { path: String, form: SidForm },
    /// A struct.
    Struct {
        path: String,
        module: String,
        eq: bool,
        list: Option<String>,
        attrs: Vec<String>,
    },
    /// A field of a struct.
    Field {
        owner: String,
        name: String,
        ty: String,
        wire: String,
        redacted: bool,
    },
    /// A string enum.
    Enum {
        path: String,
        module: String,
        attrs: Vec<String>,
    },
    /// A known value of a string enum.
    Variant {
        owner: String,
        name: String,
        wire: String,
    },
    /// A union of structs (`oneOf`).
    Union {
        path: String,
        module: String,
        tag: Option<String>,
        eq: bool,
        list: Option<String>,
        attrs: Vec<String>,
    },
    /// An alternative of a union.
    Alternative {
        owner: String,
        name: String,
        ty: String,
        when: When,
    },
    /// An endpoint stub.
    Stub {
        path: String,
        module: String,
        method: String,
        template: String,
        response: String,
        /// Declared success statuses whose body is read.
        statuses: Vec<u16>,
        /// Declared success statuses without a body, read as `None`.
        none: Vec<u16>,
        default: bool,
        eq: bool,
        attrs: Vec<String>,
    },
    /// A stub's constructor, with its required parameters in order.
    New {
        owner: String,
        args: Vec<(String, String)>,
    },
    /// A parameter of a stub.
    Param {
        owner: String,
        name: String,
        ty: String,
        location: String,
        wire: String,
        range: Option<(Option<i64>, Option<i64>)>,
        redacted: bool,
    },
}

/// How a union tells its alternatives apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum When {
    /// The tag field has this value.
    Tag(String),
    /// The body has these fields.
    Has(Vec<String>),
    /// No other alternative fits.
    Fallback,
}

/// What kind of thing a line declares, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    ModuleFeatures,
    Replay,
    Mod,
    Const,
    Use,
    Sid,
    Struct,
    Enum,
    Union,
    Stub,
    Field,
    Variant,
    Alternative,
    New,
    Param,
}

impl Kind {
    /// The word a message uses for it.
    #[cfg(feature = "changes")]
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::ModuleFeatures => "module features",
            Kind::Replay => "replay",
            Kind::Mod => "module",
            Kind::Const => "constant",
            Kind::Use => "re-export",
            Kind::Sid => "SID type",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Union => "union",
            Kind::Stub => "stub",
            Kind::Field => "field",
            Kind::Variant | Kind::Alternative => "variant",
            Kind::New => "constructor",
            Kind::Param => "parameter",
        }
    }
}

impl Line {
    /// The kind of the line.
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Line::ModuleFeatures => Kind::ModuleFeatures,
            Line::Replay { .. } => Kind::Replay,
            Line::Mod { .. } => Kind::Mod,
            Line::Const { .. } => Kind::Const,
            Line::Use { .. } => Kind::Use,
            Line::Sid { .. } => Kind::Sid,
            Line::Struct { .. } => Kind::Struct,
            Line::Field { .. } => Kind::Field,
            Line::Enum { .. } => Kind::Enum,
            Line::Variant { .. } => Kind::Variant,
            Line::Union { .. } => Kind::Union,
            Line::Alternative { .. } => Kind::Alternative,
            Line::Stub { .. } => Kind::Stub,
            Line::New { .. } => Kind::New,
            Line::Param { .. } => Kind::Param,
        }
    }

    /// The path the line is known by: an item's path, or its owner's path
    /// and the part's name (`v2::User.sid`, `v2::Status::Open`,
    /// `v2::FetchUser::new`). Unique within a listing.
    pub(crate) fn key(&self) -> String {
        match self {
            Line::ModuleFeatures => "(features)".to_string(),
            Line::Replay { .. } => "(replay)".to_string(),
            Line::Mod { path }
            | Line::Const { path, .. }
            | Line::Use { path, .. }
            | Line::Sid { path, .. }
            | Line::Struct { path, .. }
            | Line::Enum { path, .. }
            | Line::Union { path, .. }
            | Line::Stub { path, .. } => path.clone(),
            Line::Field { owner, name, .. } | Line::Param { owner, name, .. } => {
                format!("{owner}.{name}")
            }
            Line::Variant { owner, name, .. } | Line::Alternative { owner, name, .. } => {
                format!("{owner}::{name}")
            }
            Line::New { owner, .. } => format!("{owner}::new"),
        }
    }

    /// The item a part belongs to; `None` for items.
    #[cfg(feature = "changes")]
    pub(crate) fn owner(&self) -> Option<&str> {
        match self {
            Line::Field { owner, .. }
            | Line::Variant { owner, .. }
            | Line::Alternative { owner, .. }
            | Line::New { owner, .. }
            | Line::Param { owner, .. } => Some(owner),
            _ => None,
        }
    }
}

impl Listing {
    /// Reads a listing from its text, as written into `api.txt` (header
    /// included) or by `Display`. `path` names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Listing`](crate::Error::Listing), with the line and column,
    /// for text that is not a listing: edited by hand, cut short, corrupt.
    #[cfg(feature = "changes")]
    pub fn parse(path: impl AsRef<std::path::Path>, text: &str) -> crate::Result<Listing> {
        parse::parse(path.as_ref(), text)
    }

    /// The listing's lines, in order, as written.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.lines.iter().map(ToString::to_string)
    }

    /// How many lines the listing has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the listing has no line (a spec without operations or
    /// schemas).
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The file's text: `header` (the generator's, with `#` comments), then
    /// the lines.
    pub(crate) fn file_text(&self, header: &str) -> String {
        let mut text = String::with_capacity(self.lines.len() * 64 + header.len());
        text.push_str(header);
        text.push_str(&self.to_string());
        text
    }
}

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// `text` as a JSON string: quoted, escaped, on one line.
fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

fn attrs_text(f: &mut fmt::Formatter<'_>, attrs: &[String]) -> fmt::Result {
    for attr in attrs {
        write!(f, ", attr {}", quoted(attr))?;
    }
    Ok(())
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::ModuleFeatures => write!(f, "features per module"),
            Line::Replay { feature: None } => write!(f, "replay always"),
            Line::Replay {
                feature: Some(name),
            } => write!(f, "replay if feature {}", quoted(name)),
            Line::Mod { path } => write!(f, "mod {path}"),
            Line::Const { path, value } => write!(f, "const {path} = {}", quoted(value)),
            Line::Use { path, target } => write!(f, "use {path} = {target}"),
            Line::Sid { path, form } => write!(f, "sid {path} = {}", pattern(form)),
            Line::Struct {
                path,
                module,
                eq,
                list,
                attrs,
            } => {
                write!(f, "struct {path} in {module}")?;
                if *eq {
                    write!(f, ", impl Eq")?;
                }
                if let Some(key) = list {
                    write!(f, ", list {}", quoted(key))?;
                }
                attrs_text(f, attrs)
            }
            Line::Field {
                owner,
                name,
                ty,
                wire,
                redacted,
            } => {
                write!(f, "field {owner}.{name}: {ty} = {}", quoted(wire))?;
                if *redacted {
                    write!(f, ", redacted")?;
                }
                Ok(())
            }
            Line::Enum {
                path,
                module,
                attrs,
            } => {
                write!(f, "enum {path} in {module}")?;
                attrs_text(f, attrs)
            }
            Line::Variant { owner, name, wire } => {
                write!(f, "variant {owner}::{name} = {}", quoted(wire))
            }
            Line::Union {
                path,
                module,
                tag,
                eq,
                list,
                attrs,
            } => {
                write!(f, "union {path} in {module}")?;
                if let Some(tag) = tag {
                    write!(f, ", tag {}", quoted(tag))?;
                }
                if *eq {
                    write!(f, ", impl Eq")?;
                }
                if let Some(key) = list {
                    write!(f, ", list {}", quoted(key))?;
                }
                attrs_text(f, attrs)
            }
            Line::Alternative {
                owner,
                name,
                ty,
                when,
            } => {
                write!(f, "variant {owner}::{name}({ty}) ")?;
                match when {
                    When::Tag(value) => write!(f, "tag {}", quoted(value)),
                    When::Has(fields) => {
                        let fields: Vec<String> = fields.iter().map(|s| quoted(s)).collect();
                        write!(f, "has {}", fields.join(", "))
                    }
                    When::Fallback => write!(f, "fallback"),
                }
            }
            Line::Stub {
                path,
                module,
                method,
                template,
                response,
                statuses,
                none,
                default,
                eq,
                attrs,
            } => {
                write!(
                    f,
                    "stub {path} in {module}, {method} {} -> {response} on {}",
                    quoted(template),
                    status_list(statuses)
                )?;
                if !none.is_empty() {
                    write!(f, ", none on {}", status_list(none))?;
                }
                let traits: Vec<&str> = [(*default, "Default"), (*eq, "Eq")]
                    .into_iter()
                    .filter_map(|(has, name)| has.then_some(name))
                    .collect();
                if !traits.is_empty() {
                    write!(f, ", impl {}", traits.join(" + "))?;
                }
                attrs_text(f, attrs)
            }
            Line::New { owner, args } => {
                let args: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                write!(f, "fn {owner}::new({})", args.join(", "))
            }
            Line::Param {
                owner,
                name,
                ty,
                location,
                wire,
                range,
                redacted,
            } => {
                write!(
                    f,
                    "param {owner}.{name}: {ty} = {location} {}",
                    quoted(wire)
                )?;
                if let Some(range) = range {
                    write!(f, ", {}", range_text(*range))?;
                }
                if *redacted {
                    write!(f, ", redacted")?;
                }
                Ok(())
            }
        }
    }
}

/// `200|201`.
pub(crate) fn status_list(statuses: &[u16]) -> String {
    let statuses: Vec<String> = statuses.iter().map(u16::to_string).collect();
    statuses.join("|")
}

/// An inclusive range as Rust writes it: `1..=100`, `1..`, `..=100`.
pub(crate) fn range_text((lo, hi): (Option<i64>, Option<i64>)) -> String {
    match (lo, hi) {
        (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
        (Some(lo), None) => format!("{lo}.."),
        (None, Some(hi)) => format!("..={hi}"),
        (None, None) => "..".to_string(),
    }
}

/// What a SID form accepts, as an anchored pattern: `^US[0-9a-fA-F]{32}$`.
pub(crate) fn pattern(form: &SidForm) -> String {
    let prefix = match &form.prefix {
        SidPrefix::Exact(prefixes) if prefixes.len() == 1 => prefixes[0].clone(),
        SidPrefix::Exact(prefixes) => format!("({})", prefixes.join("|")),
        SidPrefix::Letters => "[a-zA-Z]{2}".to_string(),
        SidPrefix::Uppercase => "[A-Z]{2}".to_string(),
    };
    let body = match form.body {
        SidBody::Hex => "[0-9a-fA-F]",
        SidBody::LowerHex => "[0-9a-f]",
        SidBody::Alphanumeric => "[a-zA-Z0-9]",
    };
    format!("^{prefix}{body}{{32}}$")
}

/// The listing's header: the generator's header, as `#` comments (so the
/// writer knows the file as generated).
pub(crate) fn header(sources: &str, options: &crate::Options) -> String {
    crate::format::header(sources, options)
        .lines()
        .map(|line| match line.strip_prefix("//") {
            Some(rest) => format!("#{rest}\n"),
            None => format!("{line}\n"),
        })
        .collect()
}

// Reads the generated code back with syn's full parser, which comes with
// the `pretty` feature.
#[cfg(all(test, feature = "pretty"))]
mod tests;
