//! Endpoint stubs: one struct per operation, its constructor and setters, and
//! its `Endpoint` implementation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{attributes, doc, ident, pii_doc, redacting_debug, rust_type, Cx};
use crate::model::{code, names, Location, Operation, Param, Response, Segment, Type};

/// `local_model` is the model declared in the same module, which doc links
/// name directly; `eq`, whether the stub derives `Eq`.
pub(super) fn operation(
    op: &Operation,
    eq: bool,
    local_model: Option<&str>,
    cx: &Cx,
) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&op.name);
    let docs = doc(&operation_docs(op, local_model, cx));
    let attrs = attributes(&op.attrs);
    let (required, optional): (Vec<&Param>, Vec<&Param>) =
        op.params.iter().partition(|p| p.required);

    let fields = op.params.iter().enumerate().map(|(i, p)| {
        let field = ident(&p.name);
        let docs = doc(&param_docs(p));
        // Replayed requests name parameters by wire name; one whose wire
        // name an earlier one has (a path and a form `AccountSid`) goes by
        // its field name.
        let repeated = op.params[..i].iter().any(|q| q.wire == p.wire);
        let rename = (names::unraw(&p.name) != p.wire && !repeated).then(|| {
            let wire = &p.wire;
            cx.replay_attr(&quote!(serde(rename = #wire)))
        });
        let ty = param_type(p, cx);
        quote!(#docs #rename pub #field: #ty,)
    });

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

    let constructor = constructor(&required, &optional, cx);
    let setters = optional.iter().map(|p| setter(p, cx));
    let debug = redacts.then(|| {
        redacting_debug(
            &op.name,
            op.params.iter().map(|p| (p.name.as_str(), p.pii.is_some())),
            cx,
        )
    });
    let endpoint = endpoint_impl(op, cx);
    let replay = cx.replay_attr(&quote!(derive(#rt::serde::Deserialize)));
    let serde_crate = cx.replay_attr(&cx.serde_crate());
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #replay
        #serde_crate
        #[non_exhaustive]
        #attrs
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

fn operation_docs(op: &Operation, local_model: Option<&str>, cx: &Cx) -> String {
    let mut text = op.docs.trim().to_string();
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
            format!("a {} of {}", cx.rt_link("Page"), link(item))
        }
        Response::Other { ty, .. } => match ty {
            Type::Model(name) | Type::Enum(name) => format!("a {}", link(name)),
            _ => "a value".to_string(),
        },
        Response::Json { .. } => "JSON".to_string(),
        Response::Empty { status } if (300..400).contains(status) => {
            "a redirect: its `Location` header says where; no body is read".to_string()
        }
        Response::Empty { .. } => "no body".to_string(),
    };
    let mut statuses = vec![format!("`{}`", op.response.status())];
    statuses.extend(op.also_success.iter().map(|s| format!("`{s}`")));
    text.push_str(&format!(
        "\n\n{} answers {} with {response}",
        code(&format!("{} {}", op.method.as_str(), op.path)),
        statuses.join(" or ")
    ));
    if !op.empty_success.is_empty() {
        let empty: Vec<String> = op.empty_success.iter().map(|s| format!("`{s}`")).collect();
        text.push_str(&format!(
            " (`Some`), or {} with no body (`None`)",
            empty.join(" or ")
        ));
    }
    text.push('.');
    text
}

fn param_docs(p: &Param) -> String {
    let mut text = p.docs.trim().to_string();
    let place = match p.location {
        Location::Path => "path parameter",
        Location::Query => "query parameter",
        Location::Header => "header",
        Location::Form => "form field",
        Location::Json => "field of the JSON body",
        Location::Body => "",
    };
    if p.location == Location::Body {
        text.push_str("\n\nSent as the JSON body");
    } else {
        text.push_str(&format!("\n\nSent as the {} {place}", code(&p.wire)));
    }
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

/// The type of a stub's field for `p`: its value's type, in an `Option`
/// when the parameter is optional.
pub(crate) fn param_type(p: &Param, cx: &Cx) -> TokenStream {
    let ty = rust_type(&p.ty, cx);
    if p.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The type `new` and the setters take for a value of type `ty`.
pub(crate) fn argument_type(ty: &Type, cx: &Cx) -> TokenStream {
    argument(ty, cx).0
}

/// The stub's `Endpoint::Response` type.
pub(crate) fn response_type(op: &Operation, cx: &Cx) -> TokenStream {
    response(op, cx).0
}

/// How a caller passes a value of this type, and how it is stored: strings
/// and SID-or-name values take anything convertible; lists take any iterator.
fn argument(ty: &Type, cx: &Cx) -> (TokenStream, TokenStream) {
    match ty {
        Type::String | Type::Uri | Type::SidLike(_) => {
            let rust = rust_type(ty, cx);
            (quote!(impl ::std::convert::Into<#rust>), quote!(.into()))
        }
        Type::Array(inner) => {
            let item = rust_type(inner, cx);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                quote!(.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        _ => (rust_type(ty, cx), quote!()),
    }
}

fn constructor(required: &[&Param], optional: &[&Param], cx: &Cx) -> TokenStream {
    let args = required.iter().map(|p| {
        let field = ident(&p.name);
        let (ty, _) = argument(&p.ty, cx);
        quote!(#field: #ty)
    });
    let inits = required.iter().map(|p| {
        let field = ident(&p.name);
        let (_, convert) = argument(&p.ty, cx);
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
        let names: Vec<String> = required.iter().map(|p| code(&p.wire)).collect();
        format!(
            "Creates the request from its required parameters: {}.",
            names.join(", ")
        )
    };
    let docs = doc(&what);
    quote! {
        #docs
        #[must_use]
        #allow
        pub fn new(#(#args),*) -> Self {
            Self {
                #(#inits)*
                #(#nones)*
            }
        }
    }
}

fn setter(p: &Param, cx: &Cx) -> TokenStream {
    let field = ident(&p.name);
    let (ty, convert) = argument(&p.ty, cx);
    let docs = doc(&format!("Sets {}.", code(&p.wire)));
    quote! {
        #docs
        #[must_use]
        pub fn #field(mut self, value: #ty) -> Self {
            self.#field = Some(value #convert);
            self
        }
    }
}

fn endpoint_impl(op: &Operation, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&op.name);
    let method = format_ident!("{}", op.method.as_str());
    let template = &op.path;
    let status = Literal::u16_unsuffixed(op.response.status());
    let (response, parse) = response(op, cx);
    let path = path_fn(op, cx);
    let query = pairs_fn(op, Location::Query, "query", cx);
    let headers = pairs_fn(op, Location::Header, "headers", cx);
    let form = pairs_fn(op, Location::Form, "form", cx);
    let body = json_body_fn(op, cx);
    let validate = validate_fn(op, cx);
    quote! {
        impl #rt::Endpoint for #name {
            type Response = #response;
            const METHOD: #rt::http::Method = #rt::http::Method::#method;
            const PATH_TEMPLATE: &'static str = #template;
            const SUCCESS_STATUS: u16 = #status;
            const DEFAULT_BASE_URL: &'static str = super::DEFAULT_BASE_URL;

            #path
            #query
            #headers
            #form
            #body
            #validate

            fn parse_response(status: u16, body: &[u8]) -> Result<Self::Response, #rt::ResponseError> {
                #parse
            }
        }
    }
}

/// The response type, and how `parse_response` reads it: every `2xx` and
/// every declared status is success (the runtime's rule); declared
/// statuses without a body, beside ones with a body, make it an `Option`.
fn response(op: &Operation, cx: &Cx) -> (TokenStream, TokenStream) {
    let rt = &cx.rt;
    // Declared statuses outside 2xx are the ones the runtime needs told.
    let declared = std::iter::once(op.response.status())
        .chain(op.also_success.iter().copied())
        .filter(|s| !(200..300).contains(s))
        .map(Literal::u16_unsuffixed);
    let declared = quote!(&[#(#declared),*]);
    let ty = match &op.response {
        Response::Model { ty, .. } => {
            let ty = ident(ty);
            quote!(super::#ty)
        }
        Response::List { item, .. } => {
            let item = ident(item);
            quote!(#rt::Page<super::#item>)
        }
        Response::Other { ty, .. } => rust_type(ty, cx),
        Response::Json { .. } => quote!(#rt::serde_json::Value),
        Response::Empty { .. } => {
            return (
                quote!(()),
                quote!(#rt::__private::decode_empty(#declared, status, body)),
            );
        }
    };
    if op.empty_success.is_empty() {
        (
            ty,
            quote!(#rt::__private::decode_json(#declared, status, body)),
        )
    } else {
        let empty = op.empty_success.iter().map(|s| Literal::u16_unsuffixed(*s));
        (
            quote!(Option<#ty>),
            quote!(#rt::__private::decode_optional_json(#declared, &[#(#empty),*], status, body)),
        )
    }
}

/// `path()`: the template with each parameter percent-encoded as a segment.
fn path_fn(op: &Operation, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let steps = op.segments.iter().map(|s| match s {
        Segment::Literal(text) => quote!(path.push_str(#text);),
        Segment::Param(field) => {
            let p = op.params.iter().find(|p| &p.name == field);
            let field = ident(field);
            match p.map(|p| &p.ty) {
                Some(Type::Sid(_) | Type::SidLike(_) | Type::String | Type::Uri) => {
                    quote!(#rt::__private::push_segment(&mut path, self.#field.as_str());)
                }
                _ => quote!(#rt::__private::push_segment(&mut path, &self.#field.to_string());),
            }
        }
    });
    let capacity = Literal::usize_unsuffixed(op.path.len() + 64);
    quote! {
        fn path(&self) -> String {
            let mut path = String::with_capacity(#capacity);
            #(#steps)*
            path
        }
    }
}

/// `query()`, `headers()` or `form()`: the pairs of the parameters at
/// `location`; nothing when there are none (the trait's default).
fn pairs_fn(op: &Operation, location: Location, method: &str, cx: &Cx) -> Option<TokenStream> {
    let rt = &cx.rt;
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
        quote!(#rt::ParamValue::append(&self.#field, #wire, &mut out);)
    });
    Some(quote! {
        fn #method(&self) -> Vec<(&'static str, String)> {
            let mut out = Vec::new();
            #(#steps)*
            out
        }
    })
}

/// `body()` for a JSON body: an object of the fields that are set, or the
/// one value that is the body; nothing for other operations (the trait's
/// default sends the form fields).
fn json_body_fn(op: &Operation, cx: &Cx) -> Option<TokenStream> {
    let rt = &cx.rt;
    let content_type = op.json_body.as_deref()?;
    let whole = op.params.iter().find(|p| p.location == Location::Body);
    let build = match whole {
        Some(p) => {
            let field = ident(&p.name);
            if p.required {
                quote!(#rt::__private::json_value(#content_type, &self.#field))
            } else {
                quote! {
                    match &self.#field {
                        Some(value) => #rt::__private::json_value(#content_type, value),
                        None => Ok(None),
                    }
                }
            }
        }
        None => {
            let fields = op
                .params
                .iter()
                .filter(|p| p.location == Location::Json)
                .map(|p| {
                    let field = ident(&p.name);
                    let wire = &p.wire;
                    if p.required {
                        quote!(object.field(#wire, &self.#field)?;)
                    } else {
                        quote! {
                            if let Some(value) = &self.#field {
                                object.field(#wire, value)?;
                            }
                        }
                    }
                });
            quote! {
                let mut object = #rt::__private::JsonObject::new();
                #(#fields)*
                Ok(object.finish(#content_type))
            }
        }
    };
    Some(quote! {
        fn body(&self) -> Result<Option<(&'static str, Vec<u8>)>, #rt::RequestError> {
            #build
        }
    })
}

/// `validate()`: the bounds of integer parameters; nothing when none has
/// bounds.
fn validate_fn(op: &Operation, cx: &Cx) -> Option<TokenStream> {
    let rt = &cx.rt;
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
            Some(quote!(#rt::__private::check_range(#wire, #value, #lo, #hi)?;))
        })
        .collect();
    (!checks.is_empty()).then(|| {
        quote! {
            fn validate(&self) -> Result<(), #rt::RequestError> {
                #(#checks)*
                Ok(())
            }
        }
    })
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
