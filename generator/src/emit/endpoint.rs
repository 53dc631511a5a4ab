//! Endpoint stubs: one struct per operation, its constructor and setters, and
//! its `Endpoint` implementation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::model::pii_doc;
use super::{doc, ident, rust_type};
use crate::model::{names, Location, Operation, Param, Response, Segment, Type};

/// `local_model` is the model declared in the same module, which doc links
/// name directly.
pub(super) fn operation(op: &Operation, local_model: Option<&str>) -> TokenStream {
    let name = ident(&op.name);
    let docs = doc(&operation_docs(op, local_model));
    let (required, optional): (Vec<&Param>, Vec<&Param>) =
        op.params.iter().partition(|p| p.required);

    let fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let docs = doc(&param_docs(p));
        let ty = rust_type(&p.ty);
        let rename = (names::unraw(&p.name) != p.wire).then(|| {
            let wire = &p.wire;
            quote!(#[serde(rename = #wire)])
        });
        if p.required {
            quote!(#docs #rename pub #field: #ty,)
        } else {
            quote!(#docs #rename pub #field: Option<#ty>,)
        }
    });

    let eq = op.params.iter().all(|p| super::is_eq(&p.ty));
    let redacts = op.params.iter().any(|p| p.pii.is_some());
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if eq {
        derives.push(quote!(Eq));
    }
    if !redacts {
        derives.push(quote!(Debug));
    }
    if required.is_empty() {
        derives.push(quote!(Default));
    }

    let constructor = constructor(&required, &optional);
    let setters = optional.iter().map(|p| setter(p));
    let debug = redacts.then(|| debug_impl(op));
    let endpoint = endpoint_impl(op);

    derives.push(quote!(::serde::Deserialize));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #debug
        #endpoint
    }
}

fn operation_docs(op: &Operation, local_model: Option<&str>) -> String {
    let mut text = op.docs.trim().to_string();
    if text.is_empty() {
        text = format!("The `{}` operation.", op.operation_id);
    }
    let link = |ty: &str| {
        if local_model == Some(ty) {
            format!("[`{ty}`]")
        } else {
            format!("[`{ty}`](super::{ty})")
        }
    };
    let response = match &op.response {
        Response::Model { ty, .. } => format!("a {}", link(ty)),
        Response::List { item, .. } => {
            format!("a [`Page`](super::Page) of {}", link(item))
        }
        Response::Json { .. } => "JSON".to_string(),
        Response::Empty { .. } => "no body".to_string(),
    };
    text.push_str(&format!(
        "\n\n`{} {}` answers `{}` with {response}.",
        op.method.as_str(),
        op.path,
        op.response.status()
    ));
    text
}

fn param_docs(p: &Param) -> String {
    let mut text = if p.docs.trim().is_empty() {
        format!("The `{}` parameter.", p.wire)
    } else {
        p.docs.trim().to_string()
    };
    let place = match p.location {
        Location::Path => "path parameter",
        Location::Query => "query parameter",
        Location::Header => "header",
        Location::Form => "form field",
    };
    text.push_str(&format!("\n\nSent as the `{}` {place}", p.wire));
    match p.range {
        Some((Some(lo), Some(hi))) => text.push_str(&format!("; accepts {lo} to {hi}.")),
        Some((Some(lo), None)) => text.push_str(&format!("; at least {lo}.")),
        Some((None, Some(hi))) => text.push_str(&format!("; at most {hi}.")),
        _ => text.push('.'),
    }
    if let Some(pii) = &p.pii {
        text.push_str("\n\n");
        text.push_str(&pii_doc(pii));
    }
    text
}

/// How a caller passes a value of this type, and how it is stored: strings
/// and SID-or-name values take anything convertible; lists take any iterator.
fn argument(ty: &Type) -> (TokenStream, TokenStream) {
    match ty {
        Type::String | Type::Uri | Type::SidLike(_) => {
            let rust = rust_type(ty);
            (quote!(impl ::std::convert::Into<#rust>), quote!(.into()))
        }
        Type::Array(inner) => {
            let item = rust_type(inner);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                quote!(.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        _ => (rust_type(ty), quote!()),
    }
}

fn constructor(required: &[&Param], optional: &[&Param]) -> TokenStream {
    let args = required.iter().map(|p| {
        let field = ident(&p.name);
        let (ty, _) = argument(&p.ty);
        quote!(#field: #ty)
    });
    let inits = required.iter().map(|p| {
        let field = ident(&p.name);
        let (_, convert) = argument(&p.ty);
        if convert.is_empty() {
            quote!(#field,)
        } else {
            quote!(#field: #field #convert,)
        }
    });
    let nones = optional.iter().map(|p| {
        let field = ident(&p.name);
        quote!(#field: None,)
    });
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let what = if required.is_empty() {
        "Creates the request; every parameter is optional.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|p| format!("`{}`", p.wire)).collect();
        format!(
            "Creates the request from its required parameters: {}.",
            names.join(", ")
        )
    };
    let docs = doc(&what);
    quote! {
        #docs
        #allow
        pub fn new(#(#args),*) -> Self {
            Self {
                #(#inits)*
                #(#nones)*
            }
        }
    }
}

fn setter(p: &Param) -> TokenStream {
    let field = ident(&p.name);
    let (ty, convert) = argument(&p.ty);
    let docs = doc(&format!("Sets `{}`.", p.wire));
    quote! {
        #docs
        #[must_use]
        pub fn #field(mut self, value: #ty) -> Self {
            self.#field = Some(value #convert);
            self
        }
    }
}

fn debug_impl(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let label = &op.name;
    let entries = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let key = names::unraw(&p.name);
        if p.pii.is_some() {
            quote!(.field(#key, &super::Redacted))
        } else {
            quote!(.field(#key, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish()
            }
        }
    }
}

fn endpoint_impl(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let method = format_ident!("{}", op.method.as_str());
    let template = &op.path;
    let status = Literal::u16_unsuffixed(op.response.status());
    let (response, parse) = match &op.response {
        Response::Model { ty, .. } => {
            let ty = ident(ty);
            (
                quote!(super::#ty),
                quote!(super::decode_json(Self::SUCCESS_STATUS, status, body)),
            )
        }
        Response::List { item, .. } => {
            let item = ident(item);
            (
                quote!(super::Page<super::#item>),
                quote!(super::decode_json(Self::SUCCESS_STATUS, status, body)),
            )
        }
        Response::Json { .. } => (
            quote!(::serde_json::Value),
            quote!(super::decode_json(Self::SUCCESS_STATUS, status, body)),
        ),
        Response::Empty { .. } => (
            quote!(()),
            quote!(super::decode_empty(Self::SUCCESS_STATUS, status, body)),
        ),
    };

    let path_steps = op.segments.iter().map(|s| match s {
        Segment::Literal(text) => quote!(path.push_str(#text);),
        Segment::Param(field) => {
            let p = op.params.iter().find(|p| &p.name == field);
            let field = ident(field);
            match p.map(|p| &p.ty) {
                Some(Type::Sid(_) | Type::SidLike(_) | Type::String | Type::Uri) => {
                    quote!(super::push_segment(&mut path, self.#field.as_str());)
                }
                _ => quote!(super::push_segment(&mut path, &self.#field.to_string());),
            }
        }
    });
    let capacity = Literal::usize_unsuffixed(op.path.len() + 64);

    let pairs = |location: Location, method: &str| {
        let params: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| p.location == location)
            .collect();
        if params.is_empty() {
            return None;
        }
        let method = format_ident!("{method}");
        let steps = params.iter().map(|p| {
            let field = ident(&p.name);
            let wire = &p.wire;
            quote!(super::ParamValue::append(&self.#field, #wire, &mut out);)
        });
        Some(quote! {
            fn #method(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                #(#steps)*
                out
            }
        })
    };
    let query = pairs(Location::Query, "query");
    let headers = pairs(Location::Header, "headers");
    let form = pairs(Location::Form, "form");

    let checks: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.ty == Type::Integer)
        .filter_map(|p| {
            let (lo, hi) = p.range?;
            let field = ident(&p.name);
            let wire = &p.wire;
            let value = if p.required {
                quote!(Some(self.#field))
            } else {
                quote!(self.#field)
            };
            let lo = option(lo);
            let hi = option(hi);
            Some(quote!(super::check_range(#wire, #value, #lo, #hi)?;))
        })
        .collect();
    let validate = (!checks.is_empty()).then(|| {
        quote! {
            fn validate(&self) -> Result<(), super::RequestError> {
                #(#checks)*
                Ok(())
            }
        }
    });

    quote! {
        impl super::Endpoint for #name {
            type Response = #response;
            const METHOD: ::http::Method = ::http::Method::#method;
            const PATH_TEMPLATE: &'static str = #template;
            const SUCCESS_STATUS: u16 = #status;

            fn default_base_url(&self) -> &str {
                super::DEFAULT_BASE_URL
            }

            fn path(&self) -> String {
                let mut path = String::with_capacity(#capacity);
                #(#path_steps)*
                path
            }

            #query
            #headers
            #form
            #validate

            fn parse_response(status: u16, body: &[u8]) -> Result<Self::Response, super::ResponseError> {
                #parse
            }
        }
    }
}

fn option(value: Option<i64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}
