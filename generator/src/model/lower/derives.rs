//! The attributes the options put on generated types, checked against what
//! the types are, so that an option either gives code that compiles or
//! stops generation with an error naming the type and the reason.
//!
//! Derives of the standard traits and of serde's are known: one the type
//! already has (its own derive, or an implementation the generator writes)
//! is dropped, so `*=Eq` never implements `Eq` twice; one its fields cannot
//! satisfy (`Hash` on a struct holding an `f64`) is an error. Whether a
//! field satisfies a derive asked for another type counts: `*=Hash` holds
//! for a struct whose struct fields get `Hash` too. A `#[serde(…)]`
//! attribute needs a serde derive to read it. Derives of other traits and
//! other attributes are the user's to make compile.

use std::collections::{BTreeMap, BTreeSet};

use syn::punctuated::Punctuated;

use super::{schema_pointer, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::Type;
use crate::options::Replay;

/// The traits whose derives are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Trait {
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
}

use Trait::{
    Clone as CLONE, Copy as COPY, Debug as DEBUG, Default as DEFAULT, Deserialize as DE, Eq as EQ,
    Hash as HASH, Ord as ORD, PartialEq as PEQ, PartialOrd as PORD, Serialize as SER,
};

impl Trait {
    /// The trait a derive path names, by its last segment (`Hash`,
    /// `std::hash::Hash`, `serde::Serialize`).
    fn of(path: &syn::Path) -> Option<Trait> {
        let last = path.segments.last()?.ident.to_string();
        Some(match last.as_str() {
            "Clone" => CLONE,
            "Copy" => COPY,
            "Debug" => DEBUG,
            "Default" => DEFAULT,
            "PartialEq" => PEQ,
            "Eq" => EQ,
            "Hash" => HASH,
            "PartialOrd" => PORD,
            "Ord" => ORD,
            "Serialize" => SER,
            "Deserialize" => DE,
            _ => return None,
        })
    }

    /// Traits a derive of this one needs the type to have as well.
    fn needs(self) -> &'static [Trait] {
        match self {
            COPY => &[CLONE],
            EQ => &[PEQ],
            PORD => &[PEQ],
            ORD => &[EQ, PORD],
            _ => &[],
        }
    }
}

/// What a generated type is, for its derives.
#[derive(Debug, Clone)]
enum Shape {
    /// A struct: its fields (all `Option`s) and `extra`.
    Struct(Vec<(String, Type)>),
    /// A string enum: unit variants and `Unknown(String)`.
    Enum,
    /// A union: one variant per alternative.
    Union(Vec<(String, Type)>),
    /// An endpoint stub: its parameters, with whether each is required.
    Stub(Vec<(String, Type, bool)>),
}

/// One generated type whose attributes are checked.
struct Subject {
    shape: Shape,
    /// What the generated code derives or implements for it.
    has: BTreeSet<Trait>,
    /// Where it comes from, for messages.
    at: Pointer,
}

impl Lowerer<'_> {
    /// Checks the options' attributes on every generated type: drops the
    /// derives a type already has, and reports those it cannot have.
    pub(super) fn check_attributes(&mut self) {
        if self.options.type_attributes.is_empty() {
            return;
        }
        let subjects = self.subjects();
        // The derives asked for each type, known traits only.
        let mut asked: BTreeMap<String, BTreeSet<Trait>> = BTreeMap::new();
        for (name, attrs) in self.attrs_of_all() {
            for attr in attrs {
                for path in derives(&attr).into_iter().flatten() {
                    if let Some(t) = Trait::of(&path) {
                        asked.entry(name.clone()).or_default().insert(t);
                    }
                }
            }
        }
        // Those that hold, found as a fixpoint: a derive holds when every
        // field's type has the trait, given the derives that hold so far.
        let mut holds = asked.clone();
        let mut problems: BTreeMap<(String, Trait), String> = BTreeMap::new();
        loop {
            let mut changed = false;
            for (name, traits) in &asked {
                let Some(subject) = subjects.get(name) else {
                    continue;
                };
                for &t in traits {
                    if subject.has.contains(&t) || !holds[name].contains(&t) {
                        continue;
                    }
                    let has = |trait_: Trait| {
                        subject.has.contains(&trait_) || holds[name].contains(&trait_)
                    };
                    let why = t
                        .needs()
                        .iter()
                        .find(|need| !has(**need))
                        .map(|need| format!("{t:?} needs {need:?} too, which it does not have"))
                        .or_else(|| self.unsatisfied(&subject.shape, t, &subjects, &holds));
                    if let Some(why) = why {
                        problems.insert((name.clone(), t), why);
                        if let Some(set) = holds.get_mut(name) {
                            set.remove(&t);
                        }
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for ((name, t), why) in problems {
            let at = subjects
                .get(&name)
                .map_or_else(Pointer::root, |s| s.at.clone());
            self.report.error(
                at,
                format!("the option deriving {t:?} for `{name}` cannot compile: {why}"),
            );
        }
        // `#[serde(…)]` needs a serde derive on the type to read it.
        for (name, attrs) in self.attrs_of_all() {
            let Some(subject) = subjects.get(&name) else {
                continue;
            };
            let derives_serde = matches!(subject.shape, Shape::Stub(_))
                && (subject.has.contains(&DE)
                    || holds
                        .get(&name)
                        .is_some_and(|h| h.contains(&SER) || h.contains(&DE)));
            if attrs.iter().any(|a| is_serde(a)) && !derives_serde {
                let at = subject.at.clone();
                let why = match subject.shape {
                    Shape::Stub(_) => "a stub derives Deserialize only with replay on (--replay); without it no serde derive reads the attribute",
                    _ => "the generated type implements serde by hand (it keeps what does not fit its fields), so no serde derive reads the attribute",
                };
                self.report.error(
                    at,
                    format!("the option's #[serde(…)] attribute on `{name}` cannot compile: {why}"),
                );
            }
        }
        // Derives the types already have, or asked twice, are dropped.
        let mut kept: BTreeMap<String, BTreeSet<Trait>> = BTreeMap::new();
        self.rewrite_attrs(|name, attr| {
            let Some(paths) = derives(attr) else {
                return Some(attr.to_string());
            };
            let has = subjects.get(name).map(|s| &s.has);
            let seen = kept.entry(name.to_string()).or_default();
            let paths: Vec<&syn::Path> = paths
                .iter()
                .filter(|path| match Trait::of(path) {
                    Some(t) => !has.is_some_and(|h| h.contains(&t)) && seen.insert(t),
                    None => true,
                })
                .collect();
            if paths.is_empty() {
                return None;
            }
            let paths = paths.iter().map(|p| quote::ToTokens::to_token_stream(*p));
            Some(quote::quote!(#[derive(#(#paths),*)]).to_string())
        });
    }

    /// Why a derive of `t` cannot hold for a type of this shape, if it
    /// cannot: the first field that lacks the trait.
    fn unsatisfied(
        &self,
        shape: &Shape,
        t: Trait,
        subjects: &BTreeMap<String, Subject>,
        holds: &BTreeMap<String, BTreeSet<Trait>>,
    ) -> Option<String> {
        let has = |ty: &Type| type_has(ty, t, subjects, holds);
        match shape {
            Shape::Struct(fields) => {
                if let Some((field, ty)) = fields.iter().find(|(_, ty)| !has(ty)) {
                    return Some(format!(
                        "its field `{field}` is {}, which is not {t:?}",
                        describe(ty)
                    ));
                }
                (!EXTRA.contains(&t)).then(|| {
                    format!("its field `extra` (the runtime's `Extra`, which keeps what did not fit the fields) is not {t:?}")
                })
            }
            Shape::Enum => match t {
                COPY => Some("its `Unknown` variant holds a `String`, which is not Copy".into()),
                DEFAULT => Some(
                    "an enum derives Default only with a variant marked #[default], and none is"
                        .into(),
                ),
                _ => None,
            },
            Shape::Union(variants) => {
                if t == DEFAULT {
                    return Some("an enum derives Default only with a variant marked #[default], and none is".into());
                }
                variants
                    .iter()
                    .find(|(_, ty)| !has(ty))
                    .map(|(variant, ty)| {
                        format!(
                            "its variant `{variant}` holds {}, which is not {t:?}",
                            describe(ty)
                        )
                    })
            }
            Shape::Stub(params) => {
                if t == DEFAULT {
                    let required: Vec<&str> = params
                        .iter()
                        .filter(|(_, _, required)| *required)
                        .map(|(name, _, _)| name.as_str())
                        .collect();
                    if !required.is_empty() {
                        return Some(format!(
                            "it has required parameters ({}), which `new` takes",
                            required.join(", ")
                        ));
                    }
                }
                if t == DE && matches!(self.options.replay, Replay::Feature(_)) {
                    return Some("stubs derive Deserialize under the replay feature already; ask for --replay instead".into());
                }
                params
                    .iter()
                    .find(|(_, ty, _)| !has(ty))
                    .map(|(param, ty, _)| {
                        format!(
                            "its parameter `{param}` is {}, which is not {t:?}",
                            describe(ty)
                        )
                    })
            }
        }
    }

    /// Every generated type that can take attributes, by Rust name.
    fn subjects(&self) -> BTreeMap<String, Subject> {
        let mut out = BTreeMap::new();
        let place = |name: &str| -> Pointer {
            self.kinds
                .iter()
                .find_map(|(schema, kind)| match kind {
                    Kind::Model { name: n, .. }
                    | Kind::Enum { name: n, .. }
                    | Kind::Union { name: n, .. }
                        if n == name =>
                    {
                        Some(schema_pointer(schema))
                    }
                    _ => None,
                })
                .or_else(|| self.nested_pointers.get(name).cloned())
                .unwrap_or_else(|| Pointer::root().join("components").join("schemas"))
        };
        for r in &self.resources {
            for m in r.model.iter().chain(&r.nested) {
                // Debug is derived, or written by hand to redact.
                let mut has: BTreeSet<Trait> = [CLONE, DEFAULT, PEQ, DEBUG, SER, DE].into();
                if self.eq.contains(&m.name) {
                    has.insert(EQ);
                }
                let fields = m
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), f.ty.clone()))
                    .collect();
                out.insert(
                    m.name.clone(),
                    Subject {
                        shape: Shape::Struct(fields),
                        has,
                        at: place(&m.name),
                    },
                );
            }
            for e in &r.enums {
                out.insert(
                    e.name.clone(),
                    Subject {
                        shape: Shape::Enum,
                        has: [CLONE, DEBUG, PEQ, EQ, HASH, SER, DE].into(),
                        at: place(&e.name),
                    },
                );
            }
            for u in &r.unions {
                let mut has: BTreeSet<Trait> = [CLONE, DEBUG, PEQ, SER, DE].into();
                if self.eq.contains(&u.name) {
                    has.insert(EQ);
                }
                let variants = u
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), v.ty.clone()))
                    .collect();
                out.insert(
                    u.name.clone(),
                    Subject {
                        shape: Shape::Union(variants),
                        has,
                        at: place(&u.name),
                    },
                );
            }
            for op in &r.operations {
                let mut has: BTreeSet<Trait> = [CLONE, PEQ, DEBUG].into();
                if self.eq.contains(&op.name) {
                    has.insert(EQ);
                }
                if op.params.iter().all(|p| !p.required) {
                    has.insert(DEFAULT);
                }
                if self.options.replay == Replay::On {
                    has.insert(DE);
                }
                let params = op
                    .params
                    .iter()
                    .map(|p| (p.name.clone(), p.ty.clone(), p.required))
                    .collect();
                out.insert(
                    op.name.clone(),
                    Subject {
                        shape: Shape::Stub(params),
                        has,
                        at: Pointer::root()
                            .join("paths")
                            .join(&op.path)
                            .join(op.method.as_str().to_ascii_lowercase()),
                    },
                );
            }
        }
        out
    }

    /// Every type's name with its attributes.
    fn attrs_of_all(&self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for r in &self.resources {
            for m in r.model.iter().chain(&r.nested) {
                out.push((m.name.clone(), m.attrs.clone()));
            }
            for e in &r.enums {
                out.push((e.name.clone(), e.attrs.clone()));
            }
            for u in &r.unions {
                out.push((u.name.clone(), u.attrs.clone()));
            }
            for op in &r.operations {
                out.push((op.name.clone(), op.attrs.clone()));
            }
        }
        out
    }

    /// Rewrites every type's attributes: `keep` (type name, attribute) gives
    /// the attribute to keep instead, or `None` to drop it.
    fn rewrite_attrs(&mut self, mut keep: impl FnMut(&str, &str) -> Option<String>) {
        let mut apply = |name: &str, attrs: &mut Vec<String>| {
            *attrs = attrs.iter().filter_map(|a| keep(name, a)).collect();
        };
        for r in &mut self.resources {
            for m in r.model.iter_mut().chain(&mut r.nested) {
                apply(&m.name, &mut m.attrs);
            }
            for e in &mut r.enums {
                apply(&e.name, &mut e.attrs);
            }
            for u in &mut r.unions {
                apply(&u.name, &mut u.attrs);
            }
            for op in &mut r.operations {
                apply(&op.name, &mut op.attrs);
            }
        }
    }
}

/// What the runtime's `Extra`, every struct's last field, implements.
const EXTRA: &[Trait] = &[CLONE, DEBUG, DEFAULT, PEQ, EQ, HASH, SER, DE];

/// The paths of a `#[derive(…)]` attribute; `None` for any other
/// attribute (the options checked that each is one outer attribute).
fn derives(attribute: &str) -> Option<Punctuated<syn::Path, syn::Token![,]>> {
    let attrs = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attribute).ok()?;
    let attr = attrs.first()?;
    if !attr.path().is_ident("derive") {
        return None;
    }
    attr.parse_args_with(Punctuated::parse_terminated).ok()
}

/// Whether an attribute is `#[serde(…)]`.
fn is_serde(attribute: &str) -> bool {
    syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attribute)
        .ok()
        .and_then(|attrs| attrs.first().map(|a| a.path().is_ident("serde")))
        .unwrap_or(false)
}

/// Whether a field, variant or parameter of type `ty` has trait `t`, given
/// the derives that hold for the generated types.
fn type_has(
    ty: &Type,
    t: Trait,
    subjects: &BTreeMap<String, Subject>,
    holds: &BTreeMap<String, BTreeSet<Trait>>,
) -> bool {
    let all_but = |missing: &[Trait]| !missing.contains(&t);
    match ty {
        Type::String | Type::Uri => all_but(&[COPY]),
        Type::Integer | Type::Int32 | Type::Boolean | Type::DateTime | Type::Date => true,
        Type::Number => all_but(&[EQ, HASH, ORD]),
        Type::DateTimeRfc2822 => all_but(&[DEFAULT]),
        Type::UriMap => all_but(&[COPY]),
        Type::Map(inner) | Type::Array(inner) => {
            t == DEFAULT || (t != COPY && type_has(inner, t, subjects, holds))
        }
        Type::Object | Type::Json => all_but(&[COPY, PORD, ORD]),
        Type::Sid(_) => all_but(&[DEFAULT]),
        Type::SidLike(_) => all_but(&[COPY, DEFAULT]),
        Type::Enum(name) | Type::Model(name) => {
            subjects.get(name).is_some_and(|s| s.has.contains(&t))
                || holds.get(name).is_some_and(|h| h.contains(&t))
        }
    }
}

/// A type as a message names it.
fn describe(ty: &Type) -> String {
    match ty {
        Type::String | Type::Uri => "`String`".into(),
        Type::Integer => "`i64`".into(),
        Type::Int32 => "`i32`".into(),
        Type::Number => "`f64`".into(),
        Type::Boolean => "`bool`".into(),
        Type::DateTime => "a `chrono::DateTime`".into(),
        Type::DateTimeRfc2822 => "an `Rfc2822DateTime`".into(),
        Type::Date => "a `chrono::NaiveDate`".into(),
        Type::UriMap => "a map of links".into(),
        Type::Map(inner) => format!("a map of {}", describe(inner)),
        Type::Array(inner) => format!("a list of {}", describe(inner)),
        Type::Object => "a JSON object".into(),
        Type::Json => "a JSON value".into(),
        Type::Sid(form) | Type::SidLike(form) => format!("`{}`", form.key()),
        Type::Enum(name) | Type::Model(name) => format!("`{name}`"),
    }
}
