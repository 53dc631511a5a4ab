//! String enums: one variant per known value plus `Unknown(String)`, and the
//! runtime's `StringEnum` implementation that the other traits forward to.
//!
//! Enums are `#[non_exhaustive]`: Twilio adds values in most spec updates,
//! and each new one becomes a variant. Callers already need an arm for
//! `Unknown`, so the wildcard arm this asks of them costs nothing, and a new
//! variant does not break their `match`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{attributes, doc, ident, Cx};
use crate::model::{code, Enum};

pub(super) fn enumeration(e: &Enum, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&e.name);
    let type_name = &e.name;
    let docs = doc(&e.docs);
    let attrs = attributes(&e.attrs);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc(&code(&v.wire));
        quote!(#docs #variant,)
    });
    let from_known = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Some(Self::#variant),)
    });
    let as_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #attrs
        pub enum #name {
            #(#variants)*
            /// A value this code does not know yet, kept as sent so that it
            /// serializes back unchanged.
            Unknown(String),
        }

        impl #rt::StringEnum for #name {
            const TYPE_NAME: &'static str = #type_name;
            fn from_known(value: &str) -> Option<Self> {
                match value {
                    #(#from_known)*
                    _ => None,
                }
            }
            fn from_unknown(value: String) -> Self {
                Self::Unknown(value)
            }
            fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl #name {
            /// The value as sent on the wire.
            #[must_use]
            pub fn as_str(&self) -> &str {
                #rt::StringEnum::as_str(self)
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                #rt::StringEnum::from_wire(value)
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                #rt::StringEnum::from_wire_string(value)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#rt::StringEnum::from_wire(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::__private::deserialize_enum(deserializer)
            }
        }

        impl #rt::Lenient for #name {
            fn read<'de, D: #rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<#rt::Read<Self>, D::Error> {
                #rt::__private::read_enum(deserializer)
            }
        }
    }
}
