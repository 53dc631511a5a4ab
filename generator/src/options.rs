//! The options of a generation run that change the code: carried from the
//! [`Builder`](crate::Builder) (or the `regenerate` command line) through
//! lowering, which resolves names and attributes into the IR, and emitting,
//! which reads the runtime's path.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// The runtime crate generated code refers to, unless told otherwise.
pub const DEFAULT_RUNTIME: &str = "::twilio_runtime";

/// What a generation run may change in the output. Build it through the
/// [`Builder`](crate::Builder); every setter there checks its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Path of the runtime crate, e.g. `::twilio_runtime` or `crate::rt`.
    pub(crate) runtime: String,
    /// (matcher, attribute) pairs, in the order given.
    pub(crate) type_attributes: Vec<(String, String)>,
    /// Spec name → Rust name.
    pub(crate) renames: BTreeMap<String, String>,
    /// Pretty-print the output (for people; feature `pretty`); otherwise
    /// write the compact layout (for the compiler first).
    pub(crate) pretty: bool,
    /// Whether endpoint stubs can be deserialized from their parameters.
    pub(crate) replay: Replay,
    /// Whether each module is compiled only under the cargo feature of its
    /// name.
    pub(crate) module_features: bool,
}

/// Whether endpoint stubs derive `Deserialize`, so that a request can be
/// rebuilt from its parameters under their wire names (recorded or
/// configured requests, replayed). Off by default: the derive is about a
/// third of the time a crate takes to compile its generated code, and most
/// users build stubs with `new` and setters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Replay {
    /// No `Deserialize` on stubs (the default).
    #[default]
    Off,
    /// Every stub derives `Deserialize`.
    On,
    /// Stubs derive `Deserialize` when the crate's cargo feature of this
    /// name is enabled (`#[cfg_attr(feature = "…", derive(Deserialize))]`).
    /// The crate must declare the feature.
    Feature(String),
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: DEFAULT_RUNTIME.to_string(),
            type_attributes: Vec::new(),
            renames: BTreeMap::new(),
            pretty: cfg!(feature = "pretty"),
            replay: Replay::Off,
            module_features: false,
        }
    }
}

/// What a generated type is known by, for matching options against it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TypeNames<'a> {
    /// The version module it is generated into (`v2`).
    pub module: &'a str,
    /// Its Rust name (`User`).
    pub rust: &'a str,
    /// Its name in the spec: a component schema name or an operationId.
    pub spec: &'a str,
}

impl Options {
    /// The attributes to put on a type, in the order they were given.
    ///
    /// A matcher is `*` (every struct, enum and endpoint stub), a Rust type
    /// name (`User`), a Rust name within a version module (`v2::User`), or a
    /// name from the spec (`chat.v2.service.user`, `FetchUser`).
    pub(crate) fn attributes_for(&self, names: TypeNames<'_>) -> Vec<String> {
        self.type_attributes
            .iter()
            .filter(|(matcher, _)| matches(matcher, names))
            .map(|(_, attribute)| attribute.clone())
            .collect()
    }

    /// The Rust name the user chose for a spec name, if any.
    pub(crate) fn rename(&self, spec_name: &str) -> Option<&str> {
        self.renames.get(spec_name).map(String::as_str)
    }

    /// Checks a runtime path: a Rust path such as `::twilio_runtime`.
    pub(crate) fn check_runtime(path: &str) -> Result<()> {
        syn::parse_str::<syn::Path>(path)
            .map(drop)
            .map_err(|e| Error::Config(format!("runtime path {path:?} is not a Rust path: {e}")))
    }

    /// Checks an attribute such as `#[derive(Hash)]`.
    pub(crate) fn check_attribute(attribute: &str) -> Result<()> {
        let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attribute);
        match parsed {
            Ok(attrs) if attrs.len() == 1 => Ok(()),
            Ok(attrs) => Err(Error::Config(format!(
                "{attribute:?} holds {} attributes; give one attribute per call, such as #[derive(Hash)]",
                attrs.len()
            ))),
            Err(e) => Err(Error::Config(format!(
                "{attribute:?} is not an outer attribute such as #[derive(Hash)]: {e}"
            ))),
        }
    }

    /// Checks the name of a cargo feature: letters, digits, `_`, `-` and
    /// `+`, starting with a letter, a digit or `_`.
    pub(crate) fn check_feature(name: &str) -> Result<()> {
        let mut chars = name.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c)) {
            Ok(())
        } else {
            Err(Error::Config(format!(
                "{name:?} is not a cargo feature name such as \"replay\""
            )))
        }
    }

    /// Checks the target of a rename: a plain Rust identifier.
    pub(crate) fn check_rename(from: &str, to: &str) -> Result<()> {
        match syn::parse_str::<syn::Ident>(to) {
            Ok(_) if !from.is_empty() => Ok(()),
            Ok(_) => Err(Error::Config(format!(
                "rename to {to:?}: the name to rename is empty"
            ))),
            Err(_) => Err(Error::Config(format!(
                "rename {from:?} to {to:?}: {to:?} is not a Rust identifier"
            ))),
        }
    }
}

fn matches(matcher: &str, names: TypeNames<'_>) -> bool {
    if matcher == "*" || matcher == names.rust || matcher == names.spec {
        return true;
    }
    matcher
        .split_once("::")
        .is_some_and(|(module, rust)| module == names.module && rust == names.rust)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> TypeNames<'static> {
        TypeNames {
            module: "v2",
            rust: "User",
            spec: "chat.v2.service.user",
        }
    }

    #[test]
    fn matchers() {
        for (matcher, hit) in [
            ("*", true),
            ("User", true),
            ("v2::User", true),
            ("v1::User", false),
            ("chat.v2.service.user", true),
            ("Use", false),
            ("UserChannel", false),
        ] {
            assert_eq!(matches(matcher, names()), hit, "{matcher}");
        }
    }

    #[test]
    fn attributes_keep_their_order() {
        let options = Options {
            type_attributes: vec![
                ("*".into(), "#[derive(Hash)]".into()),
                ("v1::User".into(), "#[a]".into()),
                ("User".into(), "#[b]".into()),
            ],
            ..Options::default()
        };
        assert_eq!(
            options.attributes_for(names()),
            vec!["#[derive(Hash)]".to_string(), "#[b]".to_string()]
        );
    }

    #[test]
    fn inputs_are_checked() {
        assert!(Options::check_runtime("::twilio_runtime").is_ok());
        assert!(Options::check_runtime("crate::rt").is_ok());
        assert!(Options::check_runtime("not a path").is_err());
        assert!(Options::check_attribute("#[derive(Hash)]").is_ok());
        assert!(Options::check_attribute("#[serde(deny_unknown_fields)]").is_ok());
        assert!(Options::check_attribute("derive(Hash)").is_err());
        assert!(Options::check_attribute("#[a] #[b]").is_err());
        assert!(Options::check_rename("chat.v2.service.user", "Person").is_ok());
        assert!(Options::check_rename("x", "two words").is_err());
        assert!(Options::check_rename("", "X").is_err());
    }
}
