//! SID patterns → SID types, and what each is called.
//!
//! A pattern is a SID pattern when it is two prefix characters and 32 more:
//! a literal prefix (`US`), alternatives (`(SM|MM)`), or any letters
//! (`[a-zA-Z]{2}`, `[A-Z]{2}`); then a class of hex digits, lowercase hex
//! digits, or letters and digits, `{32}` of them. Anchors are optional:
//! `OR[0-9a-f]{32}` is read as the whole value, which is what it describes.
//! Any other pattern is not a SID: the value stays a `String`, with a
//! warning that names the pattern.
//!
//! Within one spec, a form is named after the resource whose own `sid`
//! carries it (the one with the shortest schema name when several do:
//! `US` → `UserSid`), else after the first field that uses it
//! (`account_sid` → `AccountSid`). Specs generated together share one `sids`
//! module; [`name_sids`] settles the names across them.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::docs::code;
use super::shape::properties;
use super::{Kind, Lowerer};
use crate::error::{Error, Pointer, Result};
use crate::model::{names, Api, SidBody, SidClaim, SidForm, SidPrefix, SidType, SidTypes, Type};
use crate::options::Options;

/// The names of the runtime's SID types for any prefix.
const ANY_SID: &str = "AnySid";
const ANY_UPPERCASE_SID: &str = "AnyUppercaseSid";

impl Lowerer<'_> {
    /// Names each SID form after the resource whose own `sid` carries it.
    pub(super) fn name_resource_sids(&mut self) {
        for (name, schema) in self.schemas() {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let Some(Kind::Model { name: model, .. }) = self.kinds.get(name) else {
                continue;
            };
            let Some(ReferenceOr::Item(sid)) = properties(schema).and_then(|p| p.get("sid")) else {
                continue;
            };
            let Some(form) = sid_form(sid).filter(|f| matches!(f.prefix, SidPrefix::Exact(_)))
            else {
                continue;
            };
            let depth = name.matches('.').count();
            let candidate = names::sid_of_resource(model);
            match self.resource_sids.get(&form.key()) {
                Some((_, d, _)) if *d <= depth => {}
                _ => {
                    self.resource_sids
                        .insert(form.key(), (candidate, depth, form));
                }
            }
        }
    }

    /// The SID type of `form`, registering it on first use; `field` names it
    /// when no resource does.
    fn sid_type(&mut self, form: SidForm, field: &str) -> Type {
        let key = form.key();
        if let Some(sid) = self.sids.get_mut(&key) {
            sid.uses += 1;
            return Type::Sid(form);
        }
        let owner = self.resource_sids.get(&key).map(|(name, ..)| name.clone());
        let (name, docs) = match (&form.prefix, owner) {
            (SidPrefix::Letters, _) => (ANY_SID.to_string(), String::new()),
            (SidPrefix::Uppercase, _) => (ANY_UPPERCASE_SID.to_string(), String::new()),
            (_, Some(name)) => {
                let docs = format!(
                    "The SID of {} resources: {}.",
                    code(names::resource_of_sid(&name)),
                    describe(&form)
                );
                (name, docs)
            }
            (_, None) => {
                let name = names::sid_from_field(field);
                let docs = format!(
                    "{} SID: {}.",
                    code(names::resource_of_sid(&name)),
                    describe(&form)
                );
                (name, docs)
            }
        };
        self.sids.insert(
            key.clone(),
            SidClaim {
                owned: self.resource_sids.contains_key(&key),
                name,
                form: form.clone(),
                docs,
                uses: 1,
            },
        );
        Type::Sid(form)
    }

    /// A string with a `pattern`: a SID type when the pattern is a SID
    /// pattern, else a `String` with a warning that names the pattern.
    pub(super) fn pattern_type(
        &mut self,
        pattern: &str,
        min: Option<usize>,
        max: Option<usize>,
        field: &str,
        pointer: &Pointer,
    ) -> Type {
        let Some(form) = parse_sid_pattern(pattern) else {
            self.report.warn(
                pointer.join("pattern"),
                format!(
                    "pattern {pattern:?} is not a SID pattern and is not enforced; typed as String"
                ),
            );
            return Type::String;
        };
        for (key, len) in [("minLength", min), ("maxLength", max)] {
            if let Some(len) = len.filter(|&l| l != 34) {
                self.report.error(
                    pointer.join(key),
                    format!("{key} {len} contradicts the SID pattern {pattern:?}, which is 34 characters"),
                );
            }
        }
        self.sid_type(form, field)
    }

    /// The SID type of a `…Sid` path parameter with no pattern: the type of
    /// the module's own model for `Sid`, else the resource named like the
    /// parameter (`ChannelSid` → the channel's SID type).
    pub(super) fn sid_like(&mut self, param: &str, module: &str) -> Option<SidForm> {
        if param == "Sid" {
            return self.model_sid(module);
        }
        // The resource named like the parameter (`ChannelSid`), else the
        // one resource whose name ends so (`MapSid` → `SyncMapSid`).
        let wanted = names::pascal(param);
        let exact = self
            .resource_sids
            .iter()
            .find(|(_, (name, ..))| *name == wanted);
        let mut ending = self
            .resource_sids
            .iter()
            .filter(|(_, (name, ..))| name.ends_with(&wanted));
        let form = match (exact, ending.next(), ending.next()) {
            (Some((_, (.., form))), _, _) | (None, Some((_, (.., form))), None) => form.clone(),
            _ => return None,
        };
        match self.sid_type(form, param) {
            Type::Sid(form) => Some(form),
            _ => None,
        }
    }

    fn model_sid(&self, module: &str) -> Option<SidForm> {
        let resource = self.resources.iter().find(|r| r.module == module)?;
        let model = resource.model.as_ref()?;
        model
            .fields
            .iter()
            .find(|f| f.wire == "sid")
            .and_then(|f| match &f.ty {
                Type::Sid(form) => Some(form.clone()),
                _ => None,
            })
    }
}

/// The form of a schema's SID pattern, if it has one.
fn sid_form(schema: &Schema) -> Option<SidForm> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(s)) => {
            s.pattern.as_deref().and_then(parse_sid_pattern)
        }
        _ => None,
    }
}

/// What a SID form accepts, in words: "`US` followed by 32 hexadecimal
/// digits".
fn describe(form: &SidForm) -> String {
    let prefix = match &form.prefix {
        SidPrefix::Exact(prefixes) => {
            let quoted: Vec<String> = prefixes.iter().map(|p| format!("`{p}`")).collect();
            match quoted.as_slice() {
                [one] => one.clone(),
                [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
                [] => String::new(),
            }
        }
        SidPrefix::Letters => "any two letters".to_string(),
        SidPrefix::Uppercase => "any two uppercase letters".to_string(),
    };
    let body = match form.body {
        SidBody::Hex => "hexadecimal digits",
        SidBody::LowerHex => "lowercase hexadecimal digits",
        SidBody::Alphanumeric => "letters or digits",
    };
    format!("{prefix} followed by 32 {body}")
}

/// The SID form a pattern describes, if it describes one.
pub(crate) fn parse_sid_pattern(pattern: &str) -> Option<SidForm> {
    let rest = pattern.strip_prefix('^').unwrap_or(pattern);
    let rest = rest.strip_suffix('$').unwrap_or(rest);
    let (prefix, rest) = parse_prefix(rest)?;
    let body_class = rest.strip_suffix("{32}")?;
    let body = match char_class(body_class)? {
        set if set == class_of(|c| c.is_ascii_hexdigit()) => SidBody::Hex,
        set if set == class_of(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) => {
            SidBody::LowerHex
        }
        set if set == class_of(|c| c.is_ascii_alphanumeric()) => SidBody::Alphanumeric,
        _ => return None,
    };
    Some(SidForm { prefix, body })
}

/// `US…`, `(SM|MM)…`, `[a-zA-Z]{2}…` or `[A-Z]{2}…`: the prefix, and what
/// follows it.
fn parse_prefix(text: &str) -> Option<(SidPrefix, &str)> {
    let two_letters = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase());
    if let Some(group) = text.strip_prefix('(') {
        let (inside, rest) = group.split_once(')')?;
        let prefixes: Vec<String> = inside.split('|').map(str::to_string).collect();
        if prefixes.len() < 2 || !prefixes.iter().all(|p| two_letters(p)) {
            return None;
        }
        return Some((SidPrefix::Exact(prefixes), rest));
    }
    if let Some(class) = text.strip_prefix('[') {
        let (inside, rest) = class.split_once(']')?;
        let rest = rest.strip_prefix("{2}")?;
        let set = char_class(inside)?;
        if set == class_of(|c| c.is_ascii_alphabetic()) {
            return Some((SidPrefix::Letters, rest));
        }
        if set == class_of(|c| c.is_ascii_uppercase()) {
            return Some((SidPrefix::Uppercase, rest));
        }
        return None;
    }
    let prefix = text.get(..2).filter(|p| two_letters(p))?;
    Some((SidPrefix::Exact(vec![prefix.to_string()]), &text[2..]))
}

/// The ASCII characters a bracketed class such as `[0-9a-fA-F]` holds (the
/// text between the brackets, given with them).
fn char_class(text: &str) -> Option<BTreeSet<char>> {
    let inside = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let chars: Vec<char> = inside.chars().collect();
    if chars.is_empty()
        || chars
            .iter()
            .any(|c| !c.is_ascii_alphanumeric() && *c != '-')
    {
        return None;
    }
    let mut set = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1), chars.get(i + 2)) {
            (from, Some('-'), Some(&to)) if from <= to => {
                set.extend(from..=to);
                i += 3;
            }
            ('-', _, _) => return None,
            (c, _, _) => {
                set.insert(c);
                i += 1;
            }
        }
    }
    Some(set)
}

fn class_of(keep: impl Fn(char) -> bool) -> BTreeSet<char> {
    ('\0'..='\x7f').filter(|&c| keep(c)).collect()
}

/// Names the SID types of every spec generated together, which share one
/// `sids` module: the name of each form any of them uses.
///
/// For each form, the name is:
/// 1. the options' rename of its key (`US`, `SM|MM`), if any;
/// 2. else the name proposed after a resource's own `sid`, over one taken
///    from a field; among several, the one most specs propose, then the one
///    whose specs use it most, then the first in alphabetical order.
///
/// Forms are served in this order: renamed, named after a resource, then
/// hex digits before other bodies, most used, and by key. When a name is
/// taken (by another form, or by a type of a spec), the form takes the first
/// free of: the name with its body (`AccountSidLowercase`), with its
/// prefixes (`ParticipantSidPa`), with both, then numbered.
///
/// # Errors
///
/// [`Error::Config`] when a rename names a type that is taken.
pub fn name_sids(apis: &[Api], options: &Options) -> Result<SidTypes> {
    let mut forms: BTreeMap<String, Vec<&SidClaim>> = BTreeMap::new();
    for api in apis.iter() {
        for sid in &api.sids {
            forms.entry(sid.form.key()).or_default().push(sid);
        }
    }
    let mut chosen: Vec<(String, SidClaim, bool)> = forms
        .iter()
        .map(|(key, claims)| {
            let renamed = options.rename(key).map(str::to_string);
            let mut best = best_claim(claims);
            best.uses = claims.iter().map(|c| c.uses).sum();
            if let Some(name) = &renamed {
                best.name.clone_from(name);
            }
            (key.clone(), best, renamed.is_some())
        })
        .collect();
    chosen.sort_by(|(ka, a, ra), (kb, b, rb)| {
        rb.cmp(ra)
            .then(b.owned.cmp(&a.owned))
            .then((a.form.body != SidBody::Hex).cmp(&(b.form.body != SidBody::Hex)))
            .then(b.uses.cmp(&a.uses))
            .then(ka.cmp(kb))
    });
    let mut taken: BTreeSet<String> = apis.iter().flat_map(local_type_names).collect();
    let mut shared = Vec::new();
    for (key, sid, renamed) in chosen {
        let runtime = matches!(sid.form.prefix, SidPrefix::Letters | SidPrefix::Uppercase);
        let name = if runtime {
            sid.name.clone()
        } else if renamed {
            if taken.contains(&sid.name) {
                return Err(Error::Config(format!(
                    "rename {key:?} to {:?}: that name is taken by another type",
                    sid.name
                )));
            }
            sid.name.clone()
        } else {
            names::sid_candidates(&sid.name, &sid.form)
                .into_iter()
                .find(|c| !taken.contains(c))
                .unwrap_or_else(|| names::numbered_free(&sid.name, &taken))
        };
        taken.insert(name.clone());
        shared.push(SidType {
            name,
            form: sid.form,
            docs: sid.docs,
        });
    }
    Ok(SidTypes::new(shared))
}

/// The claim whose name wins for one form: owned over field-derived, then
/// the name most specs propose, then most used, then alphabetical.
fn best_claim(claims: &[&SidClaim]) -> SidClaim {
    let mut votes: BTreeMap<(&str, bool), (usize, usize)> = BTreeMap::new();
    for c in claims {
        let entry = votes.entry((c.name.as_str(), c.owned)).or_default();
        entry.0 += 1;
        entry.1 += c.uses;
    }
    let ((name, owned), _) = votes
        .iter()
        .max_by(|((na, oa), (sa, ua)), ((nb, ob), (sb, ub))| {
            oa.cmp(ob)
                .then(sa.cmp(sb))
                .then(ua.cmp(ub))
                .then(nb.cmp(na))
        })
        .map(|(k, v)| (*k, *v))
        .unwrap_or((("", false), (0, 0)));
    let source = claims
        .iter()
        .find(|c| c.name == name && c.owned == owned)
        .or(claims.first());
    match source {
        Some(c) => (*c).clone(),
        None => SidClaim {
            name: name.to_string(),
            form: SidForm {
                prefix: SidPrefix::Letters,
                body: SidBody::Hex,
            },
            docs: String::new(),
            owned,
            uses: 0,
        },
    }
}

/// The names of the types a spec declares itself (models, enums, stubs).
fn local_type_names(api: &Api) -> Vec<String> {
    api.resources
        .iter()
        .flat_map(|r| {
            r.model
                .iter()
                .map(|m| m.name.clone())
                .chain(r.enums.iter().map(|e| e.name.clone()))
                .chain(r.operations.iter().map(|o| o.name.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(prefixes: &[&str], body: SidBody) -> Option<SidForm> {
        Some(SidForm {
            prefix: SidPrefix::Exact(prefixes.iter().map(|p| p.to_string()).collect()),
            body,
        })
    }

    #[test]
    fn sid_patterns() {
        let cases = [
            ("^US[0-9a-fA-F]{32}$", exact(&["US"], SidBody::Hex)),
            ("^US[0-9A-Fa-f]{32}$", exact(&["US"], SidBody::Hex)),
            ("OR[0-9a-f]{32}", exact(&["OR"], SidBody::LowerHex)),
            ("^BN[0-9a-f]{32}$", exact(&["BN"], SidBody::LowerHex)),
            ("^OQ[a-zA-Z0-9]{32}$", exact(&["OQ"], SidBody::Alphanumeric)),
            (
                "^(SM|MM)[0-9a-fA-F]{32}$",
                exact(&["SM", "MM"], SidBody::Hex),
            ),
            (
                "^[a-zA-Z]{2}[0-9a-fA-F]{32}$",
                Some(SidForm {
                    prefix: SidPrefix::Letters,
                    body: SidBody::Hex,
                }),
            ),
            (
                "^[A-Z]{2}[0-9a-fA-F]{32}$",
                Some(SidForm {
                    prefix: SidPrefix::Uppercase,
                    body: SidBody::Hex,
                }),
            ),
            // Not SIDs.
            ("^us[0-9a-fA-F]{32}$", None),
            ("^U[0-9a-fA-F]{32}$", None),
            ("^US[0-9a-fA-F]{31}$", None),
            ("^ÜS[0-9a-fA-F]{32}$", None),
            ("^US[0-9a-z]{32}$", None),
            ("^aia_asst_.+$", None),
            ("^[0-9abcdefghjkmnpqrstvwxyz]{26}$", None),
            ("^BU[0-9a-fA-F]{32}(,BU[0-9a-fA-F]{32}){0,19}$", None),
            ("^(S|MM)[0-9a-fA-F]{32}$", None),
            ("", None),
        ];
        for (pattern, expected) in cases {
            assert_eq!(parse_sid_pattern(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn keys_tell_forms_apart() {
        let mut keys = BTreeSet::new();
        for pattern in [
            "^US[0-9a-fA-F]{32}$",
            "OR[0-9a-f]{32}",
            "^OQ[a-zA-Z0-9]{32}$",
            "^(SM|MM)[0-9a-fA-F]{32}$",
            "^[a-zA-Z]{2}[0-9a-fA-F]{32}$",
            "^[A-Z]{2}[0-9a-fA-F]{32}$",
        ] {
            let form = parse_sid_pattern(pattern).unwrap();
            assert!(keys.insert(form.key()), "{pattern}: {}", form.key());
        }
        assert_eq!(
            parse_sid_pattern("OR[0-9a-f]{32}").unwrap().key(),
            "OR/lower"
        );
    }
}
