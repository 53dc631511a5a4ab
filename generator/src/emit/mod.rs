//! Stage 3: IR → Rust tokens, one token stream per output file.
//!
//! Emitters read only the IR and the [`Cx`] (the runtime's path, replay, the
//! names of the SID types). All code is built with `quote!`; strings appear
//! only as doc text and literals. Doc text in the IR is already safe for
//! rustdoc (lowering sanitizes what comes from the spec, and writes the
//! defaults for what it leaves undocumented), so the Markdown the emitters
//! add themselves, such as links and where a parameter is sent, is written
//! as it is.

mod endpoint;
mod enums;
mod model;
mod sid;
#[cfg(test)]
mod tests;
mod unions;

pub(crate) use endpoint::{argument_type, param_type, response_type};
pub(crate) use model::field_type;

use std::collections::BTreeMap;
use std::sync::Arc;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::model::{Api, SidTypes, Type};

/// What every emitter needs besides the IR of the file it writes: how to
/// name the runtime crate, whether stubs derive `Deserialize`, and the names
/// of the SID types, which are settled across every spec generated together.
#[derive(Debug, Clone)]
pub struct Cx {
    /// The runtime crate's path, e.g. `::twilio_runtime`.
    rt: TokenStream,
    /// The same path as text, for `#[serde(crate = "…")]` and doc links.
    rt_text: String,
    /// Whether stubs derive `Deserialize`.
    replay: crate::Replay,
    /// The SID types of every spec generated together.
    sids: Arc<SidTypes>,
}

impl Cx {
    /// A context for a runtime at `path`, which the options have checked;
    /// a path that does not parse falls back to the default runtime.
    pub fn new(path: &str) -> Self {
        let parsed = syn::parse_str::<syn::Path>(path)
            .or_else(|_| syn::parse_str::<syn::Path>(crate::options::DEFAULT_RUNTIME));
        let rt = parsed.map(|p| p.to_token_stream()).unwrap_or_default();
        Cx {
            rt_text: rt.to_string().replace(' ', ""),
            rt,
            replay: crate::Replay::Off,
            sids: Arc::default(),
        }
    }

    /// The SID types, by form.
    pub(crate) fn sids(&self) -> &SidTypes {
        &self.sids
    }

    /// The same context, naming SID types as `sids` does.
    #[must_use]
    pub fn with_sids(mut self, sids: Arc<SidTypes>) -> Self {
        self.sids = sids;
        self
    }

    /// The same context, with stubs that derive `Deserialize` as `replay`
    /// says.
    #[must_use]
    pub fn with_replay(mut self, replay: &crate::Replay) -> Self {
        self.replay = replay.clone();
        self
    }

    /// `attribute` (the tokens inside `#[…]`) as replay wants it on a stub
    /// or its fields: as it is, under the replay feature, or not at all.
    fn replay_attr(&self, attribute: &TokenStream) -> TokenStream {
        match &self.replay {
            crate::Replay::On => quote!(#[#attribute]),
            crate::Replay::Feature(name) => quote!(#[cfg_attr(feature = #name, #attribute)]),
            _ => TokenStream::new(),
        }
    }

    /// `serde(crate = "<runtime>::serde")`, for every serde derive.
    fn serde_crate(&self) -> TokenStream {
        let path = format!("{}::serde", self.rt_text);
        quote!(serde(crate = #path))
    }

    /// A Markdown link to an item of the runtime (`Page`).
    fn rt_link(&self, item: &str) -> String {
        format!("[`{item}`]({}::{item})", self.rt_text)
    }
}

/// One output file of a version module, emitted on demand so that files can
/// be emitted and formatted on several threads (token streams cannot move
/// between threads; the IR can be shared).
#[derive(Debug, Clone, Copy)]
pub enum File {
    /// `mod.rs`.
    Root,
    /// One resource's file, by index into `Api::resources`.
    Resource(usize),
}

impl File {
    /// The file name, e.g. `user.rs` (see `names::file_stem`).
    pub fn name(self, api: &Api) -> String {
        match self {
            File::Root => "mod.rs".to_string(),
            File::Resource(i) => resource_file(&api.resources[i].module),
        }
    }

    /// A rough measure of the file's size, to start big files first.
    pub fn weight(self, api: &Api) -> usize {
        match self {
            File::Root => 1,
            File::Resource(i) => {
                let r = &api.resources[i];
                let fields: usize = r
                    .model
                    .iter()
                    .chain(&r.nested)
                    .map(|m| m.fields.len())
                    .sum();
                let params: usize = r.operations.iter().map(|op| 8 + op.params.len()).sum();
                fields + params + r.enums.len()
            }
        }
    }

    /// The file's tokens.
    pub fn emit(self, api: &Api, cx: &Cx) -> TokenStream {
        match self {
            File::Root => version(api, cx),
            File::Resource(i) => {
                let resource = &api.resources[i];
                let mut tokens = TokenStream::new();
                for e in &resource.enums {
                    tokens.extend(enums::enumeration(e, cx));
                }
                for m in resource.model.iter().chain(&resource.nested) {
                    let (eq, list_key) = (api.derives_eq(&m.name), api.list_key(&m.name));
                    tokens.extend(model::structure(m, eq, list_key, cx));
                }
                for u in &resource.unions {
                    let (eq, list_key) = (api.derives_eq(&u.name), api.list_key(&u.name));
                    tokens.extend(unions::union(u, eq, list_key, cx));
                }
                let local_model = resource.model.as_ref().map(|m| m.name.as_str());
                for op in &resource.operations {
                    let eq = api.derives_eq(&op.name);
                    tokens.extend(endpoint::operation(op, eq, local_model, cx));
                }
                tokens
            }
        }
    }
}

/// Every output file of a version module.
pub fn files(api: &Api) -> Vec<File> {
    let mut files = vec![File::Root];
    files.extend((0..api.resources.len()).map(File::Resource));
    files
}

/// The shared `sids.rs`: the SID types of every version generated together,
/// each behind the features of the modules that use it when modules are
/// gated.
pub fn shared_sids(gates: Option<&Gates>, cx: &Cx) -> TokenStream {
    sid::sids(cx.sids.all(), gates, cx)
}

/// The cargo features that compile each part of the output, when each
/// module is behind the feature of its name
/// ([`Builder::module_features`](crate::Builder::module_features)).
#[derive(Debug)]
pub struct Gates {
    /// SID type name → the modules that use it, in the order given.
    sid_users: BTreeMap<String, Vec<String>>,
    /// The modules that use any SID type.
    with_sids: Vec<String>,
}

impl Gates {
    /// The gates of these modules (in the order given) and their lowered
    /// APIs, whose SID types `sids` names across all of them.
    pub fn new(modules: &[&str], apis: &[Api], sids: &SidTypes) -> Self {
        let mut sid_users: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut with_sids = Vec::new();
        for (module, api) in modules.iter().zip(apis) {
            for sid in &api.sids {
                let users = sid_users
                    .entry(sids.name(&sid.form).into_owned())
                    .or_default();
                if !users.iter().any(|m| m == module) {
                    users.push((*module).to_string());
                }
            }
            if !api.sids.is_empty() {
                with_sids.push((*module).to_string());
            }
        }
        Gates {
            sid_users,
            with_sids,
        }
    }

    /// `#[cfg(feature = "v2")]`
    fn module(name: &str) -> TokenStream {
        quote!(#[cfg(feature = #name)])
    }

    /// The condition under which any of `modules` is on.
    fn any(modules: &[String]) -> TokenStream {
        match modules {
            [one] => quote!(feature = #one),
            many => quote!(any(#(feature = #many),*)),
        }
    }

    /// The modules that use the SID type `name`.
    fn users(&self, name: &str) -> &[String] {
        self.sid_users.get(name).map_or(&[], Vec::as_slice)
    }

    /// `#[cfg(…)]` for the SID type `name`: on when a module using it is.
    fn sid(&self, name: &str) -> TokenStream {
        let any = Self::any(self.users(name));
        quote!(#[cfg(#any)])
    }

    /// `#[cfg(…)]` for what needs two SID types.
    fn sids(&self, a: &str, b: &str) -> TokenStream {
        let (a, b) = (Self::any(self.users(a)), Self::any(self.users(b)));
        quote!(#[cfg(all(#a, #b))])
    }

    /// `#[cfg(…)]` for the `sids` module: on when a module with SIDs is.
    fn any_sid(&self) -> TokenStream {
        let any = Self::any(&self.with_sids);
        quote!(#[cfg(#any)])
    }
}

/// The top-level `mod.rs`: the shared `sids` module when there are SID
/// types, then one module per version (name, docs), each in its own folder.
///
/// Each module allows `clippy::doc_markdown` (a pedantic lint): its docs
/// quote the spec's descriptions, which name fields and types without
/// backticks, and a generator cannot tell such names from prose. The
/// sentences the generator writes itself quote names as code.
///
/// With [`Gates`], each module is compiled only under the feature of its
/// name, and the `sids` module only when one of the modules using it is.
pub fn root(modules: &[(String, String)], sids: bool, gates: Option<&Gates>) -> TokenStream {
    let allow = quote! {
        #[allow(
            clippy::doc_markdown,
            reason = "the docs quote the spec's descriptions, which name fields and types without backticks"
        )]
    };
    let sids = sids.then(|| {
        let gate = gates.map(Gates::any_sid);
        quote! {
            /// The SID types of every module here, one per form: each
            /// module re-exports those it uses.
            #gate
            #allow
            pub mod sids { include!("sids.rs"); }
        }
    });
    let modules = modules.iter().map(|(name, docs)| {
        let module = ident(name);
        let file = format!("{}/mod.rs", module_folder(name));
        let docs = doc(docs);
        let gate = gates.map(|_| Gates::module(name));
        quote! {
            #docs
            #gate
            #allow
            pub mod #module { include!(#file); }
        }
    });
    quote!(#sids #(#modules)*)
}

/// A version's `mod.rs`: its table of contents.
fn version(api: &Api, cx: &Cx) -> TokenStream {
    let base_url = &api.base_url;
    let resources = api.resources.iter().map(|r| {
        let module = ident(&r.module);
        let file = resource_file(&r.module);
        let docs = doc(&r.docs);
        quote! {
            #docs
            pub mod #module { include!(#file); }
            pub use self::#module::*;
        }
    });
    let sids = (!api.sids.is_empty()).then(|| {
        let names = cx.sids.names(api.sids.iter().map(|s| &s.form));
        let names = names.iter().map(|n| ident(n));
        quote!(pub use super::sids::{#(#names),*};)
    });
    let const_docs = doc(&format!(
        "The server this version's requests go to unless another base URL\n\
         is given to [`Endpoint::to_request`]({}::Endpoint::to_request).",
        cx.rt_text
    ));
    quote! {
        #const_docs
        pub const DEFAULT_BASE_URL: &str = #base_url;
        #sids
        #(#resources)*
    }
}

/// The file of a resource module: its name, made writable everywhere.
fn resource_file(module: &str) -> String {
    format!("{}.rs", crate::model::names::file_stem(module))
}

/// The folder of a version module: its name, made writable everywhere.
pub fn module_folder(module: &str) -> String {
    crate::model::names::file_stem(module)
}

/// An identifier, raw when the name says so (`r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so the formatter prints `///` lines.
/// The text is used as it is (lowering has made spec text safe, and names
/// are quoted with `code`); characters no doc comment may hold are dropped,
/// as a last guard.
pub(crate) fn doc(text: &str) -> TokenStream {
    let text: String = text
        .chars()
        .filter(|&c| c == '\n' || !crate::model::is_hidden_control(c))
        .collect();
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The attributes the options add to a type, as tokens. They were checked
/// when the options were set.
pub(crate) fn attributes(attrs: &[String]) -> TokenStream {
    attrs
        .iter()
        .filter_map(|a| a.parse::<TokenStream>().ok())
        .collect()
}

/// The Rust type of a value, with `super::` paths to sibling modules and
/// absolute paths into the runtime.
pub(crate) fn rust_type(ty: &Type, cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    match ty {
        // URLs stay `String`: the API returns them only to be followed or
        // shown, parsing them would reject nothing the server sends, and a
        // URL type would add a dependency to every user of the output.
        Type::String | Type::Uri => quote!(String),
        Type::Integer => quote!(i64),
        Type::Int32 => quote!(i32),
        Type::Number => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::DateTime => quote!(#rt::chrono::DateTime<#rt::chrono::Utc>),
        Type::DateTimeRfc2822 => quote!(#rt::Rfc2822DateTime),
        Type::Date => quote!(#rt::chrono::NaiveDate),
        Type::UriMap => quote!(::std::collections::BTreeMap<String, Option<String>>),
        Type::Map(values) => {
            let values = rust_type(values, cx);
            quote!(::std::collections::BTreeMap<String, #values>)
        }
        // A free-form object is any JSON, as an untyped value is: Twilio's
        // specs declare the same field one way in one release and the other
        // in the next (80 of the type changes in three specs over four
        // releases), and a `Map` beside `Value` turned each flip into a
        // breaking change. `Value::get` and `as_object` read both.
        Type::Object | Type::Json => quote!(#rt::serde_json::Value),
        Type::Enum(name) | Type::Model(name) => {
            let name = ident(name);
            quote!(super::#name)
        }
        Type::Sid(form) => {
            let name = ident(&cx.sids.name(form));
            quote!(super::#name)
        }
        Type::SidLike(form) => {
            let name = ident(&cx.sids.name(form));
            quote!(#rt::SidLike<super::#name>)
        }
        Type::Array(inner) => {
            let inner = rust_type(inner, cx);
            quote!(Vec<#inner>)
        }
    }
}

/// `Debug` for a type with personal data: `<redacted>` for the fields
/// marked so (`(field, is_pii)`), the value for the others.
pub(crate) fn redacting_debug<'f>(
    type_name: &str,
    fields: impl Iterator<Item = (&'f str, bool)>,
    cx: &Cx,
) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(type_name);
    let entries = fields.map(|(field, pii)| {
        let key = crate::model::names::unraw(field);
        let field = ident(field);
        if pii {
            quote!(.field(#key, &#rt::Redacted))
        } else {
            quote!(.field(#key, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#entries)* .finish()
            }
        }
    }
}

/// The doc text of a PII marking.
pub(crate) fn pii_doc(pii: &crate::model::Pii) -> String {
    let sla = pii
        .delete_sla
        .map(|days| format!(", deleted within {days} days of a deletion request"))
        .unwrap_or_default();
    format!(
        "Personal data ({} handling{sla}); shown as `<redacted>` in `Debug` output.",
        pii.handling
    )
}
