//! Structs: every field an `Option`, plus `extra`, read and written through
//! the runtime's `Record`, so that what Twilio sends is kept as received
//! (see the runtime's `lenient` module).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{attributes, doc, ident, pii_doc, redacting_debug, rust_type, Cx};
use crate::model::{code, Field, Struct};

fn field_docs(f: &Field) -> TokenStream {
    let mut text = f.docs.clone();
    if let Some(default) = &f.default {
        text.push_str(&format!("\n\nTwilio's default: {}.", code(default)));
    }
    if let Some(pii) = &f.pii {
        text.push_str("\n\n");
        text.push_str(&pii_doc(pii));
    }
    doc(&text)
}

/// The type of a struct's field: its value's type in an `Option`, since
/// Twilio may leave any field out, or send `null`.
pub(crate) fn field_type(f: &Field, cx: &Cx) -> TokenStream {
    let ty = rust_type(&f.ty, cx);
    quote!(Option<#ty>)
}

/// A struct; `eq` says whether it derives `Eq`, `list_key` under which key
/// list responses hold it, if any do.
pub(super) fn structure(s: &Struct, eq: bool, list_key: Option<&str>, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&s.name);
    let docs = doc(&s.docs);
    let attrs = attributes(&s.attrs);
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
        let ty = field_type(f, cx);
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let debug = redacts.then(|| {
        let fields = s.fields.iter().map(|f| (f.name.as_str(), f.pii.is_some()));
        redacting_debug(&s.name, fields.chain([("extra", false)]), cx)
    });
    let list = list_key.map(|key| {
        quote! {
            impl #rt::ListItem for #name {
                const LIST_KEY: &'static str = #key;
                const DEFAULT_BASE_URL: &'static str = super::DEFAULT_BASE_URL;
            }
        }
    });
    let record = record(s, cx);
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #attrs
        pub struct #name {
            #(#fields)*
            /// What the body held beyond the fields above: fields this code
            /// does not declare, values that did not fit their field's type,
            /// and which fields were `null`. Written back as received.
            pub extra: #rt::Extra,
        }
        #debug
        #record
        #list
    }
}

/// The `Record` implementation, and serde and `Lenient` through it.
fn record(s: &Struct, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&s.name);
    let type_name = &s.name;
    let wires = s.fields.iter().map(|f| &f.wire);
    let reads = s.fields.iter().enumerate().map(|(i, f)| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let index = index(i);
        quote!(#wire => read(map, key, #index, &mut self.#field, &mut self.extra),)
    });
    let writes = s.fields.iter().enumerate().map(|(i, f)| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let index = index(i);
        quote!(write(map, #wire, #index, &self.#field, &self.extra, written)?;)
    });
    quote! {
        impl #rt::Record for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];

            fn read_field<'de, A: #rt::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                use #rt::__private::read_field as read;
                match key {
                    #(#reads)*
                    _ => return Ok(false),
                }?;
                Ok(true)
            }

            fn write_fields<M: #rt::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
                written: &mut #rt::Written,
            ) -> Result<(), M::Error> {
                use #rt::__private::write_field as write;
                #(#writes)*
                Ok(())
            }

            fn extra(&self) -> &#rt::Extra {
                &self.extra
            }

            fn extra_mut(&mut self) -> &mut #rt::Extra {
                &mut self.extra
            }
        }

        impl #rt::Lenient for #name {
            fn read<'de, D: #rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<#rt::Read<Self>, D::Error> {
                #rt::__private::read_record(deserializer)
            }
        }

        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #rt::__private::serialize_record(self, serializer)
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::__private::deserialize_record(deserializer)
            }
        }
    }
}

/// A field's position, as the `u16` the runtime counts in.
fn index(i: usize) -> Literal {
    Literal::u16_unsuffixed(u16::try_from(i).unwrap_or(u16::MAX))
}
