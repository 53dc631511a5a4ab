//! The union of two versions of a generated file: every item of the new
//! version, and every item of the old one that the new version no longer
//! has. Written in place of a file while a run replaces the files around
//! it, so that the files not yet replaced, which may still name what the
//! old version held (a module, a SID type, a struct), keep compiling.
//!
//! Items are told apart by what they declare: a name (`struct User`,
//! `mod user`, `type UserSid`), an implementation (its trait and type), one
//! leaf of a `use` tree (`use super::sids::UserSid`), a macro call by its
//! name (`include!`, so a module whose file was renamed includes the new
//! file only). Inline modules that both versions declare are merged the
//! same way, item by item.

#[cfg(feature = "pretty")]
use std::collections::BTreeSet;

#[cfg(feature = "pretty")]
use quote::ToTokens;
#[cfg(feature = "pretty")]
use syn::{Item, UseTree};

/// The union of `old` and `new` (Rust source), with the comment lines
/// `new` starts with (the generator's header). `None` when the union is
/// `new` itself, or when either does not parse (a file edited by hand):
/// then the new version is written at once.
///
/// Reading Rust items takes syn's full parser, which the generator has
/// with its `pretty` feature only; without it (a build script writing
/// `OUT_DIR`, which Cargo runs again whole when it was interrupted) the new
/// version is always written at once, in the same order.
#[cfg(not(feature = "pretty"))]
pub(super) fn union(_old: &str, _new: &str) -> Option<String> {
    None
}

/// See the other `union`.
#[cfg(feature = "pretty")]
pub(super) fn union(old: &str, new: &str) -> Option<String> {
    let old_file = syn::parse_file(old).ok()?;
    let mut file = syn::parse_file(new).ok()?;
    let (items, added) = merge(old_file.items, std::mem::take(&mut file.items));
    if !added {
        return None;
    }
    file.items = items;
    file.shebang = None;
    let header: String = new
        .lines()
        .take_while(|line| line.starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect();
    Some(format!("{header}{}", prettyplease::unparse(&file)))
}

/// `new`'s items, then those of `old` that `new` lacks; and whether there
/// were any.
#[cfg(feature = "pretty")]
fn merge(old: Vec<Item>, mut new: Vec<Item>) -> (Vec<Item>, bool) {
    let mut keys: BTreeSet<String> = new.iter().flat_map(keys_of).collect();
    let mut added = false;
    for item in old {
        // A module both declare inline: its items merged.
        let item = match item {
            Item::Mod(syn::ItemMod {
                ident,
                content: Some((_, old_items)),
                ..
            }) if new
                .iter()
                .any(|i| matches!(i, Item::Mod(m) if m.ident == ident && m.content.is_some())) =>
            {
                let twin = new.iter_mut().find_map(|item| match item {
                    Item::Mod(m) if m.ident == ident => m.content.as_mut(),
                    _ => None,
                });
                if let Some((_, new_items)) = twin {
                    let (merged, more) = merge(old_items, std::mem::take(new_items));
                    *new_items = merged;
                    added |= more;
                }
                continue;
            }
            item => item,
        };
        if let Item::Use(old_use) = &item {
            // Only the leaves the new version does not import.
            for leaf in leaves(&old_use.tree) {
                let key = format!("use {leaf}");
                if keys.contains(&key) {
                    continue;
                }
                let vis = old_use.vis.to_token_stream();
                let attrs = old_use.attrs.iter().map(ToTokens::to_token_stream);
                let text = format!("{} {vis} use {leaf};", quote::quote!(#(#attrs)*));
                if let Ok(leaf_use) = syn::parse_str::<syn::ItemUse>(&text) {
                    new.push(Item::Use(leaf_use));
                    keys.insert(key);
                    added = true;
                }
            }
            continue;
        }
        let item_keys = keys_of(&item);
        if item_keys.iter().any(|k| keys.contains(k)) {
            continue;
        }
        keys.extend(item_keys);
        new.push(item);
        added = true;
    }
    (new, added)
}

/// What an item declares, as keys that a newer version of it shares.
#[cfg(feature = "pretty")]
fn keys_of(item: &Item) -> Vec<String> {
    let named = |ident: &syn::Ident| vec![format!("name {ident}")];
    match item {
        Item::Struct(i) => named(&i.ident),
        Item::Enum(i) => named(&i.ident),
        Item::Union(i) => named(&i.ident),
        Item::Type(i) => named(&i.ident),
        Item::Trait(i) => named(&i.ident),
        Item::TraitAlias(i) => named(&i.ident),
        Item::Const(i) => named(&i.ident),
        Item::Static(i) => named(&i.ident),
        Item::Fn(i) => named(&i.sig.ident),
        Item::Mod(i) => named(&i.ident),
        Item::ExternCrate(i) => named(i.rename.as_ref().map_or(&i.ident, |(_, r)| r)),
        Item::Impl(i) => {
            let of = i
                .trait_
                .as_ref()
                .map(|(path, _)| path.to_token_stream().to_string())
                .unwrap_or_default();
            vec![format!(
                "impl {} {of} for {}",
                i.generics.to_token_stream(),
                i.self_ty.to_token_stream()
            )]
        }
        Item::Macro(i) => vec![format!("macro {}", i.mac.path.to_token_stream())],
        Item::Use(i) => leaves(&i.tree)
            .into_iter()
            .map(|leaf| format!("use {leaf}"))
            .collect(),
        other => vec![format!("item {}", other.to_token_stream())],
    }
}

/// Every path a `use` tree imports, one by one: `a::{b, c as d, e::*}` →
/// `a::b`, `a::c as d`, `a::e::*`.
#[cfg(feature = "pretty")]
fn leaves(tree: &UseTree) -> Vec<String> {
    fn walk(tree: &UseTree, prefix: &str, out: &mut Vec<String>) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}::{name}")
            }
        };
        match tree {
            UseTree::Path(p) => walk(&p.tree, &join(&p.ident.to_string()), out),
            UseTree::Name(n) => out.push(join(&n.ident.to_string())),
            UseTree::Rename(r) => {
                out.push(format!("{} as {}", join(&r.ident.to_string()), r.rename))
            }
            UseTree::Glob(_) => out.push(join("*")),
            UseTree::Group(g) => {
                for tree in &g.items {
                    walk(tree, prefix, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, "", &mut out);
    out
}

#[cfg(all(test, feature = "pretty"))]
mod tests {
    use super::*;

    fn normalized(text: &str) -> String {
        prettyplease::unparse(&syn::parse_file(text).unwrap())
    }

    #[test]
    fn the_union_keeps_what_only_the_old_version_has() {
        let old = "// @generated header\n\
            pub use super::sids::{AccountSid, UserSid};\n\
            pub mod user { include!(\"user.rs\"); }\n\
            pub use self::user::*;\n\
            pub mod role { include!(\"role.rs\"); }\n\
            pub use self::role::*;\n";
        let new = "// @generated header\n\
            pub use super::sids::{AccountSid, ServiceSid};\n\
            pub mod user { include!(\"user_2.rs\"); }\n\
            pub use self::user::*;\n\
            pub mod service { include!(\"service.rs\"); }\n\
            pub use self::service::*;\n";
        let merged = union(old, new).unwrap();
        assert!(merged.starts_with("// @generated header\n"), "{merged}");
        assert_eq!(
            normalized(&merged),
            normalized(
                "pub use super::sids::{AccountSid, ServiceSid};\n\
                 pub mod user { include!(\"user_2.rs\"); }\n\
                 pub use self::user::*;\n\
                 pub mod service { include!(\"service.rs\"); }\n\
                 pub use self::service::*;\n\
                 pub use super::sids::UserSid;\n\
                 pub mod role { include!(\"role.rs\"); }\n\
                 pub use self::role::*;\n"
            )
        );
    }

    #[test]
    fn inline_modules_are_merged_and_implementations_kept_once() {
        let old = "pub mod prefix { pub enum US {} impl SidSpec for US {} pub enum CH {} impl SidSpec for CH {} }\n\
                   pub type UserSid = Sid<prefix::US>;\n\
                   pub type ChannelSid = Sid<prefix::CH>;\n\
                   pub struct Old; impl Old { fn a() {} }";
        let new = "pub mod prefix { pub enum US {} impl SidSpec for US { const X: u8 = 1; } }\n\
                   pub type UserSid = Sid<prefix::US>;";
        let merged = union(old, new).unwrap();
        assert_eq!(
            normalized(&merged),
            normalized(
                "pub mod prefix { pub enum US {} impl SidSpec for US { const X: u8 = 1; } \
                 pub enum CH {} impl SidSpec for CH {} }\n\
                 pub type UserSid = Sid<prefix::US>;\n\
                 pub type ChannelSid = Sid<prefix::CH>;\n\
                 pub struct Old; impl Old { fn a() {} }"
            )
        );
    }

    #[test]
    fn nothing_to_keep_or_nothing_to_parse_is_no_union() {
        assert_eq!(union("pub struct A;", "pub struct A; pub struct B;"), None);
        assert_eq!(union("pub struct A;", "pub struct A(u8);"), None);
        assert_eq!(union("not rust {", "pub struct A;"), None);
        assert_eq!(union("pub struct A;", "not rust {"), None);
    }
}
