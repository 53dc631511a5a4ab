//! Stage 3: IR → Rust tokens, one token stream per output file.
//!
//! Emitters read only the IR. All code is built with `quote!`; strings
//! appear only as doc text and literals.

mod endpoint;
mod model;
mod sid;
mod support;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Type};

/// One output file of a version module, emitted on demand so that files can
/// be emitted and formatted on several threads (token streams cannot move
/// between threads; the IR can be shared).
#[derive(Debug, Clone, Copy)]
pub enum File {
    /// `mod.rs`.
    Root,
    /// `sids.rs`.
    Sids,
    /// One resource's file, by index into `Api::resources`.
    Resource(usize),
}

impl File {
    /// The file name, e.g. `user.rs`.
    pub fn name(self, api: &Api) -> String {
        match self {
            File::Root => "mod.rs".to_string(),
            File::Sids => "sids.rs".to_string(),
            File::Resource(i) => format!("{}.rs", api.resources[i].module),
        }
    }

    /// A rough measure of the file's size, to start big files first.
    pub fn weight(self, api: &Api) -> usize {
        match self {
            File::Root | File::Sids => 1,
            File::Resource(i) => {
                let r = &api.resources[i];
                let fields = r.model.as_ref().map_or(0, |m| m.fields.len());
                let params: usize = r.operations.iter().map(|op| 8 + op.params.len()).sum();
                fields + params + r.enums.len()
            }
        }
    }

    /// The file's tokens.
    pub fn emit(self, api: &Api) -> TokenStream {
        match self {
            File::Root => version(api),
            File::Sids => sid::sids(&api.sids),
            File::Resource(i) => {
                let resource = &api.resources[i];
                let mut tokens = TokenStream::new();
                for e in &resource.enums {
                    tokens.extend(model::enumeration(e));
                }
                if let Some(m) = &resource.model {
                    tokens.extend(model::structure(m, resource.list_key.as_deref()));
                }
                let local_model = resource.model.as_ref().map(|m| m.name.as_str());
                for op in &resource.operations {
                    tokens.extend(endpoint::operation(op, local_model));
                }
                tokens
            }
        }
    }
}

/// Every output file of a version module.
pub fn files(api: &Api) -> Vec<File> {
    let mut files = vec![File::Root, File::Sids];
    files.extend((0..api.resources.len()).map(File::Resource));
    files
}

/// `support.rs`: the code every version module shares.
pub fn support() -> TokenStream {
    support::support()
}

/// The top-level `mod.rs`: the support module, then one module per version
/// (name, docs), each in its own folder.
pub fn root(modules: &[(String, String)]) -> TokenStream {
    let modules = modules.iter().map(|(name, docs)| {
        let module = ident(name);
        let file = format!("{name}/mod.rs");
        let docs = doc(docs);
        quote! {
            #docs
            pub mod #module { include!(#file); }
        }
    });
    quote! {
        /// Support code shared by every generated module: the [`Endpoint`]
        /// trait, paging, errors, SID validation and parameter encoding.
        ///
        /// [`Endpoint`]: support::Endpoint
        #[macro_use]
        pub mod support { include!("support.rs"); }
        #(#modules)*
    }
}

/// A version's `mod.rs`: its table of contents.
fn version(api: &Api) -> TokenStream {
    let base_url = &api.base_url;
    let resources = api.resources.iter().map(|r| {
        let module = ident(&r.module);
        let file = format!("{}.rs", r.module);
        let docs = doc(&r.docs);
        quote! {
            #docs
            pub mod #module { include!(#file); }
            pub use self::#module::*;
        }
    });
    quote! {
        pub use super::support::*;
        /// The server this version's requests go to unless another base URL
        /// is given to [`Endpoint::to_request`].
        pub const DEFAULT_BASE_URL: &str = #base_url;
        /// One validated newtype per SID prefix used in this version.
        pub mod sids { include!("sids.rs"); }
        pub use self::sids::*;
        #(#resources)*
    }
}

/// An identifier, raw when the name says so (`r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so the formatter prints `///` lines.
pub(crate) fn doc(text: &str) -> TokenStream {
    let text = sanitize_doc(text);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Keeps doc text valid rustdoc: trims each line, wraps bare URLs in `<>` and
/// escapes square brackets that are not Markdown links.
fn sanitize_doc(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim();
        let mut rest = line;
        while !rest.is_empty() {
            if let Some(pos) = rest.find("https://").or_else(|| rest.find("http://")) {
                let (before, url_start) = rest.split_at(pos);
                out.push_str(&escape_brackets(before));
                let already = before.ends_with('<') || before.ends_with('(');
                let end = url_start
                    .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                    .unwrap_or(url_start.len());
                let url = url_start[..end].trim_end_matches(['.', ',', ';']);
                if already {
                    out.push_str(url);
                } else {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                }
                rest = &url_start[url.len()..];
            } else {
                out.push_str(&escape_brackets(rest));
                break;
            }
        }
    }
    out
}

fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '[' if !is_link(&chars[i..]) => out.push_str("\\["),
            ']' if chars.get(i + 1).is_none_or(|&n| n != '(') => out.push_str("\\]"),
            _ => out.push(c),
        }
    }
    out
}

/// `[text](` starts at the front of `chars`.
fn is_link(chars: &[char]) -> bool {
    chars
        .iter()
        .position(|&c| c == ']')
        .is_some_and(|end| chars.get(end + 1) == Some(&'('))
}

/// The Rust type of a value, with `super::` paths to sibling modules.
pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        // URLs stay `String`: the API returns them only to be followed or
        // shown, parsing them would reject nothing the server sends, and a
        // URL type would add a dependency to every user of the output.
        Type::String | Type::Uri => quote!(String),
        Type::Integer => quote!(i64),
        Type::Number => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        Type::UriMap => quote!(::std::collections::BTreeMap<String, Option<String>>),
        Type::Json => quote!(::serde_json::Value),
        Type::Sid(name) | Type::Enum(name) | Type::Model(name) => {
            let name = ident(name);
            quote!(super::#name)
        }
        Type::SidLike(name) => {
            let name = ident(name);
            quote!(super::SidLike<super::#name>)
        }
        Type::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
    }
}

/// Whether values of this type support `Eq` (no floats or JSON numbers).
pub(crate) fn is_eq(ty: &Type) -> bool {
    match ty {
        Type::Number | Type::Json => false,
        Type::Array(inner) => is_eq(inner),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_wrap_urls_and_escape_brackets() {
        assert_eq!(
            sanitize_doc("See https://example.com/x. Values [a] and [link](https://e.com)."),
            "See <https://example.com/x>. Values \\[a\\] and [link](https://e.com)."
        );
    }

    #[test]
    fn docs_become_one_attribute_per_line() {
        let tokens = doc("first\n\nthird");
        assert_eq!(
            tokens.to_string(),
            quote!(#[doc = " first"] #[doc = ""] #[doc = " third"]).to_string()
        );
    }

    #[test]
    fn raw_identifiers() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }
}
