//! Resource structs and enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, rust_type};
use crate::model::{Enum, Field, Pii, Presence, Struct};

pub(super) fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(&e.docs);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc(&format!("`{}`", v.wire));
        quote!(#docs #variant,)
    });
    let pairs = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#variant = #wire)
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this code does not know yet, kept as sent so that it
            /// serializes back unchanged.
            Unknown(String),
        }
        wire_enum!(#name { #(#pairs),* });
    }
}

/// The doc text of a PII marking.
pub(super) fn pii_doc(pii: &Pii) -> String {
    let sla = pii
        .delete_sla
        .map(|days| format!(", deleted within {days} days of a deletion request"))
        .unwrap_or_default();
    format!(
        "Personal data ({} handling{sla}); shown as `<redacted>` in `Debug` output.",
        pii.handling
    )
}

fn field_docs(f: &Field) -> TokenStream {
    let mut text = if f.docs.trim().is_empty() {
        format!("The `{}` field.", f.wire)
    } else {
        f.docs.clone()
    };
    if let Some(pii) = &f.pii {
        text.push_str("\n\n");
        text.push_str(&pii_doc(pii));
    }
    doc(&text)
}

pub(super) fn structure(s: &Struct, list_key: Option<&str>) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(&s.docs);
    let eq = s.fields.iter().all(|f| super::is_eq(&f.ty));
    let redacts = s.fields.iter().any(|f| f.pii.is_some());
    let mut derives = vec![quote!(Clone), quote!(Default), quote!(PartialEq)];
    if eq {
        derives.push(quote!(Eq));
    }
    if !redacts {
        derives.push(quote!(Debug));
    }
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let docs = field_docs(f);
        let ty = rust_type(&f.ty);
        let rename = (crate::model::names::unraw(&f.name) != f.wire).then(|| {
            let wire = &f.wire;
            quote!(rename = #wire,)
        });
        match f.presence {
            Presence::Optional => {
                let attr = rename.map(|r| quote!(#[serde(#r)]));
                quote! {
                    #docs
                    #attr
                    pub #field: Option<#ty>,
                }
            }
            Presence::DefaultInteger(_) => quote! {
                #docs
                #[serde(#rename default)]
                pub #field: #ty,
            },
        }
    });
    let debug = redacts.then(|| {
        let entries = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            let label = crate::model::names::unraw(&f.name);
            if f.pii.is_some() {
                quote!(.field(#label, &super::Redacted))
            } else {
                quote!(.field(#label, &self.#field))
            }
        });
        let label = &s.name;
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish()
                }
            }
        }
    });
    let list = list_key.map(|key| {
        quote! {
            impl super::ListItem for #name {
                const LIST_KEY: &'static str = #key;
                const DEFAULT_BASE_URL: &'static str = super::DEFAULT_BASE_URL;
            }
        }
    });
    quote! {
        #docs
        #[derive(#(#derives,)* ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #debug
        #list
    }
}
