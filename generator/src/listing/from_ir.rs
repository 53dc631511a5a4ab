//! IR → listing. Every type is rendered by the emitters' own functions and
//! printed with paths as a caller writes them.

use std::collections::BTreeMap;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::{Line, Listing, When};
use crate::emit::{self, Cx};
use crate::model::{Api, Location, Param, Pii, SidTypes, Type};
use crate::options::{Options, Replay, DEFAULT_RUNTIME};

/// The listing of `modules` (each version module's name and IR, after SID
/// types were named across them) and the `shared` SID types.
///
/// With `docs`, the listing keeps each item's docs, so that comparing it
/// with another such listing finds changes to docs alone (`--changes`); a
/// listing written next to the code is compared with one read back from
/// disk, which has none, so generation leaves them out.
pub(crate) fn build(
    modules: &[(&str, &Api)],
    shared: &std::sync::Arc<SidTypes>,
    options: &Options,
    docs: bool,
) -> Listing {
    // The listing does not depend on where the runtime is: its items are
    // printed without the runtime's path.
    let cx = Cx::new(DEFAULT_RUNTIME).with_sids(std::sync::Arc::clone(shared));
    let mut items: Vec<(Line, Vec<Line>)> = Vec::new();
    let mut docs = Docs(docs.then(BTreeMap::new));

    if !shared.is_empty() {
        items.push((
            Line::Mod {
                path: "sids".into(),
            },
            Vec::new(),
        ));
    }
    for sid in shared.all() {
        let path = format!("sids::{}", sid.name);
        docs.add(&path, || sid.docs.clone());
        items.push((
            Line::Sid {
                path,
                form: sid.form.clone(),
            },
            Vec::new(),
        ));
    }
    for &(module, api) in modules {
        version(module, api, &cx, &mut items, &mut docs);
    }

    items.sort_by_cached_key(|(item, _)| (item.key(), item.kind()));
    let mut lines = Vec::with_capacity(items.iter().map(|(_, p)| p.len() + 1).sum::<usize>() + 1);
    if options.module_features {
        lines.push(Line::ModuleFeatures);
    }
    match &options.replay {
        Replay::On => lines.push(Line::Replay { feature: None }),
        Replay::Feature(name) => lines.push(Line::Replay {
            feature: Some(name.clone()),
        }),
        _ => {}
    }
    for (item, mut parts) in items {
        // The constructor first, then the parts by name.
        parts.sort_by_cached_key(|p| (!matches!(p, Line::New { .. }), p.key()));
        lines.push(item);
        lines.extend(parts);
    }
    Listing {
        lines,
        docs: docs.0,
    }
}

/// Item path → docs, when kept.
struct Docs(Option<BTreeMap<String, String>>);

impl Docs {
    fn add(&mut self, key: &str, text: impl FnOnce() -> String) {
        if let Some(docs) = &mut self.0 {
            docs.insert(key.to_string(), text());
        }
    }
}

/// The items of one version module.
fn version(module: &str, api: &Api, cx: &Cx, items: &mut Vec<(Line, Vec<Line>)>, docs: &mut Docs) {
    let item = |line: Line| (line, Vec::new());
    docs.add(module, || api.docs.clone());
    items.push(item(Line::Mod {
        path: module.to_string(),
    }));
    items.push(item(Line::Const {
        path: format!("{module}::DEFAULT_BASE_URL"),
        value: api.base_url.clone(),
    }));
    for name in cx.sids().names(api.sids.iter().map(|s| &s.form)) {
        items.push(item(Line::Use {
            path: format!("{module}::{name}"),
            target: format!("sids::{name}"),
        }));
    }
    for r in &api.resources {
        let home = format!("{module}::{}", r.module);
        docs.add(&home, || r.docs.clone());
        items.push(item(Line::Mod { path: home.clone() }));
        for s in r.model.iter().chain(&r.nested) {
            let list = api.list_key(&s.name).map(str::to_string);
            let path = format!("{module}::{}", s.name);
            docs.add(&path, || s.docs.clone());
            let fields = s
                .fields
                .iter()
                .map(|f| {
                    docs.add(&format!("{path}.{}", f.name), || {
                        let mut text = f.docs.clone();
                        if let Some(default) = &f.default {
                            text.push_str(&format!("\ndefault: {default}"));
                        }
                        pii_docs(&mut text, f.pii.as_ref());
                        text
                    });
                    Line::Field {
                        owner: path.clone(),
                        name: f.name.clone(),
                        ty: type_text(emit::field_type(f, cx)),
                        wire: f.wire.clone(),
                        redacted: f.pii.is_some(),
                    }
                })
                .collect();
            items.push((
                Line::Struct {
                    path,
                    module: home.clone(),
                    eq: api.derives_eq(&s.name),
                    list,
                    attrs: attrs(&s.attrs),
                },
                fields,
            ));
        }
        for e in &r.enums {
            let path = format!("{module}::{}", e.name);
            docs.add(&path, || e.docs.clone());
            let variants = e
                .variants
                .iter()
                .map(|v| Line::Variant {
                    owner: path.clone(),
                    name: v.name.clone(),
                    wire: v.wire.clone(),
                })
                .collect();
            items.push((
                Line::Enum {
                    path,
                    module: home.clone(),
                    attrs: attrs(&e.attrs),
                },
                variants,
            ));
        }
        for u in &r.unions {
            let path = format!("{module}::{}", u.name);
            docs.add(&path, || u.docs.clone());
            let variants = u
                .variants
                .iter()
                .map(|v| Line::Alternative {
                    owner: path.clone(),
                    name: v.name.clone(),
                    ty: type_text(emit::rust_type(&v.ty, cx)),
                    when: match (&v.tag, v.required.is_empty()) {
                        (Some(tag), _) => When::Tag(tag.clone()),
                        (None, true) => When::Fallback,
                        (None, false) => When::Has(v.required.clone()),
                    },
                })
                .collect();
            items.push((
                Line::Union {
                    path,
                    module: home.clone(),
                    tag: u.tag.clone(),
                    eq: api.derives_eq(&u.name),
                    list: api.list_key(&u.name).map(str::to_string),
                    attrs: attrs(&u.attrs),
                },
                variants,
            ));
        }
        for op in &r.operations {
            let path = format!("{module}::{}", op.name);
            docs.add(&path, || op.docs.clone());
            let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
            let mut parts = vec![Line::New {
                owner: path.clone(),
                args: required
                    .iter()
                    .map(|p| (p.name.clone(), type_text(emit::argument_type(&p.ty, cx))))
                    .collect(),
            }];
            for p in &op.params {
                docs.add(&format!("{path}.{}", p.name), || {
                    let mut text = p.docs.clone();
                    pii_docs(&mut text, p.pii.as_ref());
                    text
                });
                parts.push(Line::Param {
                    owner: path.clone(),
                    name: p.name.clone(),
                    ty: type_text(emit::param_type(p, cx)),
                    location: location(p.location).to_string(),
                    wire: p.wire.clone(),
                    // Only integers are checked against their bounds (the
                    // stub's `validate`).
                    range: p.range.filter(|_| p.ty == Type::Integer),
                    redacted: p.pii.is_some(),
                });
            }
            let mut statuses = vec![op.response.status()];
            statuses.extend(&op.also_success);
            items.push((
                Line::Stub {
                    path,
                    module: home.clone(),
                    method: op.method.as_str().to_string(),
                    template: op.path.clone(),
                    response: type_text(emit::response_type(op, cx)),
                    statuses,
                    none: op.empty_success.clone(),
                    // As the stub emitter derives them.
                    default: required.is_empty(),
                    eq: api.derives_eq(&op.name),
                    attrs: attrs(&op.attrs),
                },
                parts,
            ));
        }
    }
}

/// Where a parameter goes, as the listing says it.
pub(crate) fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Form => "form",
        Location::Json => "json",
        Location::Body => "body",
    }
}

fn pii_docs(text: &mut String, pii: Option<&Pii>) {
    if let Some(pii) = pii {
        text.push_str(&format!(
            "\npii: {} {}",
            pii.handling,
            pii.delete_sla.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
}

/// The attributes an option puts on a type, each on one line with single
/// spaces, as the compiler reads it.
fn attrs(attrs: &[String]) -> Vec<String> {
    attrs
        .iter()
        .map(|a| match a.parse::<TokenStream>() {
            Ok(tokens) => {
                let mut out = String::new();
                print(tokens, &mut out, false);
                out
            }
            Err(_) => a.split_whitespace().collect::<Vec<_>>().join(" "),
        })
        .collect()
}

/// A type as the emitters write it, printed as a caller reads it: without
/// `super::`, the runtime's path or the standard library's modules, with
/// spaces only after commas, around `=` and between words.
pub(crate) fn type_text(tokens: TokenStream) -> String {
    let mut out = String::new();
    print(tokens, &mut out, true);
    out
}

/// Prints `tokens`; `short` prints paths as [`shorten`] does.
fn print(tokens: TokenStream, out: &mut String, short: bool) {
    let show = |segments: &[String]| {
        if short {
            shorten(segments)
        } else {
            segments.join("::")
        }
    };
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == ':' && is_colon(tokens.get(i + 1)) => {
                // A path from the root: `::twilio_runtime::Page`.
                let (segments, next) = path(&tokens, i + 2);
                if segments.is_empty() {
                    out.push_str("::");
                    i += 2;
                } else {
                    if !short {
                        word(out, "");
                        out.push_str("::");
                    }
                    word(out, &show(&segments));
                    i = next;
                }
            }
            TokenTree::Ident(ident)
                if ["impl", "dyn", "mut", "const"].contains(&ident.to_string().as_str()) =>
            {
                word(out, &ident.to_string());
                i += 1;
            }
            TokenTree::Ident(_) => {
                let (segments, next) = path(&tokens, i);
                word(out, &show(&segments));
                i = next;
            }
            TokenTree::Punct(p) => {
                let closes = match tokens.get(i + 1) {
                    Some(TokenTree::Punct(next)) => next.as_char() == '>',
                    None => true,
                    _ => false,
                };
                match p.as_char() {
                    // A trailing comma, as a formatter leaves it, is not
                    // part of the type.
                    ',' if closes => {}
                    ',' => out.push_str(", "),
                    '=' => out.push_str(" = "),
                    c => out.push(c),
                }
                i += 1;
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                print(g.stream(), out, short);
                out.push_str(close);
                i += 1;
            }
            TokenTree::Literal(l) => {
                word(out, &l.to_string());
                i += 1;
            }
        }
    }
}

fn is_colon(token: Option<&TokenTree>) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ':')
}

/// The identifiers of the path that starts at `start` (`a::b::c`), and the
/// index after it.
fn path(tokens: &[TokenTree], start: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut i = start;
    while let Some(TokenTree::Ident(ident)) = tokens.get(i) {
        segments.push(ident.to_string());
        i += 1;
        if is_colon(tokens.get(i)) && is_colon(tokens.get(i + 1)) {
            if let Some(TokenTree::Ident(_)) = tokens.get(i + 2) {
                i += 2;
                continue;
            }
        }
        break;
    }
    (segments, i)
}

/// A path as the listing prints it: `super::User` → `User`,
/// `::twilio_runtime::Page` → `Page`, `::std::collections::BTreeMap` →
/// `BTreeMap`.
fn shorten(segments: &[String]) -> String {
    let runtime = DEFAULT_RUNTIME.trim_start_matches("::");
    let rest = match segments {
        [first, rest @ ..] if first == "super" || first == runtime => rest,
        [first, .., last] if first == "std" => std::slice::from_ref(last),
        all => all,
    };
    rest.join("::")
}

/// Appends a word, with a space when it follows another.
fn word(out: &mut String, text: &str) {
    if out
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        out.push(' ');
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SidBody, SidForm, SidPrefix, SidType, Type};

    fn user_sid() -> SidForm {
        SidForm {
            prefix: SidPrefix::Exact(vec!["US".into()]),
            body: SidBody::Hex,
        }
    }

    fn text(ty: &Type) -> String {
        let sids = SidTypes::new(vec![SidType {
            name: "UserSid".into(),
            form: user_sid(),
            docs: String::new(),
        }]);
        let cx = Cx::new(DEFAULT_RUNTIME).with_sids(std::sync::Arc::new(sids));
        type_text(emit::rust_type(ty, &cx))
    }

    #[test]
    fn types_print_as_a_caller_writes_them() {
        assert_eq!(text(&Type::String), "String");
        assert_eq!(text(&Type::Sid(user_sid())), "UserSid");
        assert_eq!(text(&Type::SidLike(user_sid())), "SidLike<UserSid>");
        assert_eq!(text(&Type::DateTime), "chrono::DateTime<chrono::Utc>");
        assert_eq!(text(&Type::UriMap), "BTreeMap<String, Option<String>>");
        assert_eq!(
            text(&Type::Array(Box::new(Type::Model("Thing".into())))),
            "Vec<Thing>"
        );
        assert_eq!(text(&Type::Object), "serde_json::Value");
        assert_eq!(
            type_text(emit::argument_type(
                &Type::Array(Box::new(Type::String)),
                &Cx::new("crate::rt")
            )),
            "impl IntoIterator<Item = impl Into<String>>"
        );
        let unit: TokenStream = "()".parse().unwrap();
        assert_eq!(type_text(unit), "()");
        let raw: TokenStream = "super::r#Type".parse().unwrap();
        assert_eq!(type_text(raw), "r#Type");
    }
}
