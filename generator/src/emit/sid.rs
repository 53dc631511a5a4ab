//! The shared `sids` module: one marker per SID form, saying what it
//! accepts, one alias of the runtime's generic `Sid` per marker, and the
//! `Includes` relations that let one SID type widen into another.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, Cx, Gates};
use crate::model::names::marker;
use crate::model::{SidBody, SidForm, SidPrefix, SidType};

/// With `gates`, each item is compiled only when a module using its SID
/// types is (so the runtime's traits are named by path: an import could be
/// left unused).
pub(super) fn sids(sids: &[SidType], gates: Option<&Gates>, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let generated: Vec<&SidType> = sids
        .iter()
        .filter(|s| matches!(s.form.prefix, SidPrefix::Exact(_)))
        .collect();
    let gate = |name: &str| gates.map(|g| g.sid(name));
    let markers = generated
        .iter()
        .map(|sid| marker_item(sid, gate(&sid.name), cx));
    let includes: Vec<TokenStream> = generated
        .iter()
        .flat_map(|wide| {
            generated
                .iter()
                .filter(move |narrow| {
                    narrow.name != wide.name && includes(&wide.form, &narrow.form)
                })
                .map(move |narrow| {
                    let gate = gates.map(|g| g.sids(&wide.name, &narrow.name));
                    let wide = ident(&marker(&wide.form));
                    let narrow = ident(&marker(&narrow.form));
                    quote!(#gate impl #rt::Includes<#narrow> for #wide {})
                })
        })
        .collect();
    let aliases = generated.iter().map(|sid| {
        let name = ident(&sid.name);
        let marker = ident(&marker(&sid.form));
        let mut text = sid.docs.clone();
        if let Some(widen) = widen_docs(sid, &generated) {
            text.push_str("\n\n");
            text.push_str(&widen);
        }
        let docs = doc(&text);
        let gate = gate(&sid.name);
        quote! {
            #docs
            #gate
            pub type #name = #rt::Sid<prefix::#marker>;
        }
    });
    let runtime = sids
        .iter()
        .filter(|s| !matches!(s.form.prefix, SidPrefix::Exact(_)))
        .map(|sid| {
            let gate = gate(&sid.name);
            let name = ident(&sid.name);
            quote!(#gate pub use #rt::#name;)
        });
    let markers_module = (!generated.is_empty()).then(|| {
        quote! {
            /// What each SID type accepts: one marker type per form, never
            /// instantiated.
            pub mod prefix {
                #(#markers)*
                #(#includes)*
            }
        }
    });
    quote! {
        #markers_module
        #(#aliases)*
        #(#runtime)*
    }
}

fn marker_item(sid: &SidType, gate: Option<TokenStream>, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let marker = ident(&marker(&sid.form));
    let name = &sid.name;
    let prefix = match &sid.form.prefix {
        SidPrefix::Exact(prefixes) if prefixes.len() == 1 => {
            let one = &prefixes[0];
            quote!(#rt::SidPrefix::Exact(#one))
        }
        SidPrefix::Exact(prefixes) => quote!(#rt::SidPrefix::OneOf(&[#(#prefixes),*])),
        SidPrefix::Letters => quote!(#rt::SidPrefix::Letters),
        SidPrefix::Uppercase => quote!(#rt::SidPrefix::Uppercase),
    };
    let body = match sid.form.body {
        SidBody::Hex => quote!(#rt::SidBody::Hex),
        SidBody::LowerHex => quote!(#rt::SidBody::LowerHex),
        SidBody::Alphanumeric => quote!(#rt::SidBody::Alphanumeric),
    };
    let docs = doc(&format!("The marker of [`{name}`](super::{name})."));
    quote! {
        #docs
        #gate
        #[derive(Debug)]
        pub enum #marker {}
        #gate
        impl #rt::SidSpec for #marker {
            const NAME: &'static str = #name;
            const PREFIX: #rt::SidPrefix = #prefix;
            const BODY: #rt::SidBody = #body;
        }
    }
}

/// Whether every SID of `narrow` is also one of `wide`.
fn includes(wide: &SidForm, narrow: &SidForm) -> bool {
    let (SidPrefix::Exact(wide_prefixes), SidPrefix::Exact(narrow_prefixes)) =
        (&wide.prefix, &narrow.prefix)
    else {
        return false;
    };
    let body = match (wide.body, narrow.body) {
        (w, n) if w == n => true,
        (SidBody::Hex | SidBody::Alphanumeric, SidBody::LowerHex)
        | (SidBody::Alphanumeric, SidBody::Hex) => true,
        _ => false,
    };
    body && narrow_prefixes.iter().all(|p| wide_prefixes.contains(p))
}

/// "A [`SmsSid`] converts into this type with `.widen()`." for the types a
/// SID type includes.
fn widen_docs(sid: &SidType, all: &[&SidType]) -> Option<String> {
    let narrower: Vec<String> = all
        .iter()
        .filter(|n| n.name != sid.name && includes(&sid.form, &n.form))
        .map(|n| format!("[`{}`]", n.name))
        .collect();
    (!narrower.is_empty()).then(|| {
        format!(
            "A {} converts into this type with `.widen()`.",
            narrower.join(" or ")
        )
    })
}
