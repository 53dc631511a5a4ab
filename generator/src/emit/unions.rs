//! Unions (`oneOf`): one variant per alternative, told apart by a
//! discriminator or by the fields each alternative requires. Like string
//! enums they are `#[non_exhaustive]`, so that an alternative added to the
//! spec does not break a caller's `match`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{attributes, doc, ident, rust_type, Cx};
use crate::model::{code, Union};

/// A union; `eq` says whether it derives `Eq`, `list_key` under which key list
/// responses hold it, if any do.
pub(super) fn union(u: &Union, eq: bool, list_key: Option<&str>, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&u.name);
    let type_name = &u.name;
    let attrs = attributes(&u.attrs);
    let mut text = u.docs.clone();
    text.push_str(&match &u.tag {
        Some(tag) => format!("\n\nThe {} field says which it is.", code(tag)),
        None => "\n\nThe fields a body has say which it is: each alternative's required fields, the one that requires most first.".to_string(),
    });
    let docs = doc(&text);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty, cx);
        let docs = doc(&match &v.tag {
            Some(tag) => format!("When the tag is {}.", code(tag)),
            None if v.required.is_empty() => "When no other alternative fits.".to_string(),
            None => {
                let fields: Vec<String> = v.required.iter().map(|f| code(f)).collect();
                format!("When the body has {}.", fields.join(", "))
            }
        });
        quote!(#docs #variant(#ty),)
    });
    let choose = match &u.tag {
        Some(tag) => {
            let arms = u.variants.iter().filter_map(|v| {
                let value = v.tag.as_ref()?;
                let variant = ident(&v.name);
                Some(quote!(Some(#value) => #rt::__private::variant(object, Self::#variant),))
            });
            quote! {
                match #rt::__private::tag(&object, #tag) {
                    #(#arms)*
                    _ => Err(object),
                }
            }
        }
        None => {
            let mut ordered: Vec<_> = u.variants.iter().collect();
            // Most required fields first; the one that requires none last.
            ordered.sort_by_key(|v| std::cmp::Reverse(v.required.len()));
            let tries = ordered.iter().map(|v| {
                let variant = ident(&v.name);
                let required = &v.required;
                quote! {
                    if #rt::__private::has_fields(&object, &[#(#required),*]) {
                        return #rt::__private::variant(object, Self::#variant);
                    }
                }
            });
            quote! {
                #(#tries)*
                Err(object)
            }
        }
    };
    let serialize = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(Self::#variant(value) => #rt::serde::Serialize::serialize(value, serializer),)
    });
    let eq = eq.then(|| quote!(Eq,));
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
        #[derive(Clone, Debug, PartialEq, #eq)]
        #[non_exhaustive]
        #attrs
        pub enum #name {
            #(#variants)*
        }

        impl #rt::Lenient for #name {
            fn read<'de, D: #rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<#rt::Read<Self>, D::Error> {
                #rt::__private::read_union(deserializer, |object| { #choose })
            }
        }

        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize)*
                }
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::__private::deserialize_lenient(deserializer, #type_name)
            }
        }

        #list
    }
}
