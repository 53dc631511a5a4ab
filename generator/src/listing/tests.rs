//! The listing says what the code declares: every item, field, variant,
//! constructor and parameter of the generated code, read back from the code
//! with `syn`, is in the listing with the same type, and the listing has
//! nothing else.

use std::collections::BTreeSet;
use std::path::Path;

use quote::ToTokens;
use syn::{Fields, FnArg, ImplItem, Item, Pat, Type as SynType};

use super::from_ir::type_text;
use super::{Line, When};
use crate::{Builder, Replay};

/// What can be told of a line from the code alone.
fn projection(line: &Line) -> Option<String> {
    Some(match line {
        Line::Replay { .. } | Line::ModuleFeatures => return None,
        Line::Mod { path } => format!("mod {path}"),
        Line::Const { path, value } => format!("const {path} = {value}"),
        Line::Use { path, .. } => format!("use {path}"),
        Line::Sid { path, .. } => format!("sid {path}"),
        Line::Struct {
            path,
            module,
            eq,
            list,
            ..
        } => format!("struct {path} in {module} eq={eq} list={list:?}"),
        Line::Field {
            owner, name, ty, ..
        }
        | Line::Param {
            owner, name, ty, ..
        } => {
            format!("field {owner}.{name}: {ty}")
        }
        Line::Enum { path, module, .. } => format!("enum {path} in {module}"),
        Line::Variant { owner, name, .. } => format!("variant {owner}::{name}"),
        Line::Union {
            path,
            module,
            eq,
            list,
            ..
        } => format!("union {path} in {module} eq={eq} list={list:?}"),
        Line::Alternative {
            owner, name, ty, ..
        } => format!("variant {owner}::{name}({ty})"),
        Line::Stub {
            path,
            module,
            method,
            template,
            response,
            default,
            eq,
            ..
        } => format!(
            "stub {path} in {module} {method} {template} -> {response} default={default} eq={eq}"
        ),
        Line::New { owner, args } => {
            let args: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("fn {owner}::new({})", args.join(", "))
        }
    })
}

fn derives(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                names.insert(last.ident.to_string());
            }
            Ok(())
        });
    }
    names
}

fn string_literal(expr: &syn::Expr) -> String {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.value(),
        other => panic!("not a string: {}", other.to_token_stream()),
    }
}

/// The projections of everything `file` (at `path` in the output) declares.
fn declared(path: &Path, file: &syn::File, out: &mut BTreeSet<String>) {
    let parts: Vec<String> = path
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    // Items are known by their version module's path; their own module is
    // the file's.
    let (version, home) = match parts.as_slice() {
        [root] if root == "mod" => (String::new(), String::new()),
        [sids] => (sids.clone(), sids.clone()),
        [version, file] if file == "mod" => (version.clone(), version.clone()),
        [version, file] => (version.clone(), format!("{version}::{file}")),
        _ => panic!("unexpected file {}", path.display()),
    };
    let at = |name: &str| {
        if version.is_empty() {
            name.to_string()
        } else {
            format!("{version}::{name}")
        }
    };
    let stubs: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(i)
                if i.trait_.as_ref().is_some_and(|(t, _)| {
                    t.segments.last().is_some_and(|s| s.ident == "Endpoint")
                }) =>
            {
                Some(i.self_ty.to_token_stream().to_string())
            }
            _ => None,
        })
        .collect();
    let mut lists = std::collections::BTreeMap::new();
    let mut endpoints = std::collections::BTreeMap::new();
    for item in &file.items {
        if let Item::Impl(i) = item {
            let name = i.self_ty.to_token_stream().to_string();
            let trait_name = i
                .trait_
                .as_ref()
                .and_then(|(t, _)| t.segments.last())
                .map(|s| s.ident.to_string());
            match trait_name.as_deref() {
                Some("ListItem") => {
                    for ii in &i.items {
                        if let ImplItem::Const(c) = ii {
                            if c.ident == "LIST_KEY" {
                                lists.insert(name.clone(), string_literal(&c.expr));
                            }
                        }
                    }
                }
                Some("Endpoint") => {
                    let (mut response, mut method, mut template) =
                        (String::new(), String::new(), String::new());
                    for ii in &i.items {
                        match ii {
                            ImplItem::Type(t) if t.ident == "Response" => {
                                response = type_text(t.ty.to_token_stream());
                            }
                            ImplItem::Const(c) if c.ident == "METHOD" => {
                                let text = c.expr.to_token_stream().to_string();
                                method = text.rsplit(' ').next().unwrap().to_string();
                            }
                            ImplItem::Const(c) if c.ident == "PATH_TEMPLATE" => {
                                template = string_literal(&c.expr);
                            }
                            _ => {}
                        }
                    }
                    endpoints.insert(name.clone(), (method, template, response));
                }
                None => {
                    for ii in &i.items {
                        if let ImplItem::Fn(f) = ii {
                            if f.sig.ident == "new" {
                                let args: Vec<String> = f
                                    .sig
                                    .inputs
                                    .iter()
                                    .map(|arg| match arg {
                                        FnArg::Typed(t) => {
                                            let Pat::Ident(p) = &*t.pat else { panic!() };
                                            format!(
                                                "{}: {}",
                                                p.ident,
                                                type_text(t.ty.to_token_stream())
                                            )
                                        }
                                        FnArg::Receiver(_) => panic!("new takes self"),
                                    })
                                    .collect();
                                out.insert(format!("fn {}::new({})", at(&name), args.join(", ")));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for item in &file.items {
        match item {
            Item::Mod(m) if m.ident != "prefix" => {
                out.insert(format!("mod {}", at(&m.ident.to_string())));
            }
            Item::Const(c) => {
                out.insert(format!(
                    "const {} = {}",
                    at(&c.ident.to_string()),
                    string_literal(&c.expr)
                ));
            }
            Item::Use(u) => {
                let text = u.tree.to_token_stream().to_string().replace(' ', "");
                if let Some(names) = text.strip_prefix("super::sids::") {
                    let names = names.trim_start_matches('{').trim_end_matches('}');
                    for name in names.split(',').filter(|n| !n.is_empty()) {
                        out.insert(format!("use {}", at(name)));
                    }
                } else if !text.starts_with("self::") {
                    // The runtime's own SID types, re-exported.
                    let name = text.rsplit("::").next().unwrap();
                    out.insert(format!("sid {}", at(name)));
                }
            }
            Item::Type(t) => {
                out.insert(format!("sid {}", at(&t.ident.to_string())));
            }
            Item::Struct(s) => {
                let name = s.ident.to_string();
                let path = at(&name);
                let d = derives(&s.attrs);
                let Fields::Named(fields) = &s.fields else {
                    panic!()
                };
                for f in &fields.named {
                    let field = f.ident.as_ref().unwrap().to_string();
                    if field == "extra" && !stubs.contains(&name) {
                        continue;
                    }
                    out.insert(format!(
                        "field {path}.{field}: {}",
                        type_text(f.ty.to_token_stream())
                    ));
                }
                if let Some((method, template, response)) = endpoints.get(&name) {
                    out.insert(format!(
                        "stub {path} in {home} {method} {template} -> {response} default={} eq={}",
                        d.contains("Default"),
                        d.contains("Eq")
                    ));
                } else {
                    out.insert(format!(
                        "struct {path} in {home} eq={} list={:?}",
                        d.contains("Eq"),
                        lists.get(&name)
                    ));
                }
            }
            Item::Enum(e) => {
                let name = e.ident.to_string();
                let path = at(&name);
                let string_enum = e.variants.iter().any(|v| v.ident == "Unknown");
                if string_enum {
                    out.insert(format!("enum {path} in {home}"));
                } else {
                    out.insert(format!(
                        "union {path} in {home} eq={} list={:?}",
                        derives(&e.attrs).contains("Eq"),
                        lists.get(&name)
                    ));
                }
                for v in &e.variants {
                    match &v.fields {
                        Fields::Unit => {
                            out.insert(format!("variant {path}::{}", v.ident));
                        }
                        Fields::Unnamed(f) if !string_enum => {
                            let ty: &SynType = &f.unnamed[0].ty;
                            out.insert(format!(
                                "variant {path}::{}({})",
                                v.ident,
                                type_text(ty.to_token_stream())
                            ));
                        }
                        // `Unknown(String)`, which every enum has.
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn check(builder: Builder) {
    let generated = builder
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .generate()
        .unwrap();
    let mut from_code = BTreeSet::new();
    for (path, text) in generated.files() {
        if path.extension().is_some_and(|e| e == "rs") {
            let file = syn::parse_file(text).unwrap();
            declared(path, &file, &mut from_code);
        }
    }
    let listed: BTreeSet<String> = generated
        .listing()
        .lines
        .iter()
        .filter_map(projection)
        .collect();
    let missing: Vec<&String> = from_code.difference(&listed).collect();
    let extra: Vec<&String> = listed.difference(&from_code).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "in the code, not in the listing: {missing:#?}\nin the listing, not in the code: {extra:#?}"
    );
    // And the file is the listing, under a header the writer knows.
    let file = &generated.files()[Path::new(super::FILE)];
    assert!(file.starts_with(crate::format::TOML_HEADER), "{file}");
    assert!(file.ends_with(&generated.listing().to_string()));
}

fn spec(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn the_listing_is_what_the_code_declares() {
    check(
        Builder::new()
            .spec(spec("tests/specs/things_v1.yaml"))
            .spec(spec("tests/specs/shapes_v1.yaml"))
            .module("widgets")
            .spec(spec("tests/changes/union_variant_added_untagged/new.yaml"))
            .module("shapes")
            .spec(spec("tests/changes/nested_struct_added/new.yaml"))
            .module("nested")
            .spec(spec("tests/changes/stub_added/new.yaml"))
            .module("deletes")
            .replay(Replay::Feature("replay".into()))
            // The `Thing` of `shapes` holds a union that is not `Hash`: a
            // derive it cannot have is refused.
            .derive("v1::Thing", "Hash"),
    );
    check(Builder::new().spec(spec("tests/changes/union_variant_added_tagged/old.yaml")));
}

#[test]
fn attributes_from_the_options_are_listed_on_their_items() {
    let listing = Builder::new()
        .spec(spec("tests/specs/things_v1.yaml"))
        .derive("Thing", "Hash")
        .type_attribute("FetchThing", "#[doc(alias = \"get\")]")
        .replay(Replay::On)
        .module_features(true)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .listing()
        .unwrap();
    let text = listing.to_string();
    assert!(
        text.starts_with("features per module\nreplay always\n"),
        "{text}"
    );
    assert!(
        text.contains("\nstruct v1::Thing in v1::thing, impl Eq, attr \"#[derive(Hash)]\"\n"),
        "{text}"
    );
    assert!(
        text.contains(", attr \"#[doc(alias = \\\"get\\\")]\"\n"),
        "{text}"
    );
    let when = listing.lines.iter().find_map(|l| match l {
        Line::Alternative { when, .. } => Some(when.clone()),
        _ => None,
    });
    assert_eq!(when, None::<When>);
}
