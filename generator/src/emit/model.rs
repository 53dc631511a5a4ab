//! Resource structs.

use proc_macro2::TokenStream;
use quote::quote;

use super::{attributes, doc, ident, pii_doc, redacting_debug, rust_type, Cx};
use crate::model::{code, names, Field, Presence, Struct};

fn field_docs(f: &Field) -> TokenStream {
    let mut text = if f.docs.trim().is_empty() {
        format!("The {} field.", code(&f.wire))
    } else {
        f.docs.clone()
    };
    if let Some(pii) = &f.pii {
        text.push_str("\n\n");
        text.push_str(&pii_doc(pii));
    }
    doc(&text)
}

fn field(f: &Field, cx: &Cx) -> TokenStream {
    let field = ident(&f.name);
    let docs = field_docs(f);
    let ty = rust_type(&f.ty, cx);
    let rename = (names::unraw(&f.name) != f.wire).then(|| {
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
}

pub(super) fn structure(s: &Struct, list_key: Option<&str>, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&s.name);
    let docs = doc(&s.docs);
    let attrs = attributes(&s.attrs);
    let redacts = s.fields.iter().any(|f| f.pii.is_some());
    let mut derives = vec![quote!(Clone), quote!(Default), quote!(PartialEq)];
    if s.eq {
        derives.push(quote!(Eq));
    }
    if !redacts {
        derives.push(quote!(Debug));
    }
    derives.push(quote!(#rt::serde::Serialize));
    derives.push(quote!(#rt::serde::Deserialize));
    let serde_crate = cx.serde_crate();
    let fields = s.fields.iter().map(|f| field(f, cx));
    let debug = redacts.then(|| {
        redacting_debug(
            &s.name,
            s.fields.iter().map(|f| (f.name.as_str(), f.pii.is_some())),
            cx,
        )
    });
    let list = list_key.map(|key| {
        quote! {
            impl #rt::ListItem for #name {
                const LIST_KEY: &'static str = #key;
                const DEFAULT_BASE_URL: &'static str = super::DEFAULT_BASE_URL;
            }
        }
    });
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #serde_crate
        #attrs
        pub struct #name {
            #(#fields)*
        }
        #debug
        #list
    }
}
