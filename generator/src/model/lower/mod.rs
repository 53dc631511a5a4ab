//! OpenAPI → IR. Resolves every `$ref`, decides every name, and collects every
//! problem (with its JSON pointer) before failing.
//!
//! The work is split by concern, one room each:
//!
//! | room | owns |
//! |---|---|
//! | [`refs`] | `$ref` resolution: schema aliases, parameter references, cycles; every schema `$ref` checked |
//! | [`schemas`] | component schemas → structs and enums (which, where, named what) |
//! | [`shape`] | general readers of one schema: properties, `required`, bounds, enum values, personal data |
//! | [`types`] | a schema at a use site → a [`Type`](crate::model::Type), inline enums and structs included |
//! | [`sids`] | SID patterns → SID forms, what this spec calls them, and [`name_sids`] across specs |
//! | [`operations`] | operations → endpoint stubs: their module, parameters and path |
//! | [`bodies`] | request bodies → parameters: form fields, JSON fields, a whole JSON body |
//! | [`responses`] | responses → what a stub returns: a model, a page (either style), another type; list keys |
//! | [`unions`] | `oneOf` → a union of structs, when its alternatives can be told apart |
//! | [`checks`] | uniqueness of names, model cycles, names the output reserves; which types derive `Eq` |
//! | [`derives`] | the options' attributes: derives a type has already dropped, those it cannot have refused |
//! | [`docs`] | spec text made safe for rustdoc, and every default doc where the spec has none |
//!
//! [`lower`] runs them in order over one [`Lowerer`], which holds the state
//! they share.

mod bodies;
mod checks;
mod derives;
mod docs;
mod operations;
mod refs;
mod responses;
mod schemas;
mod shape;
mod sids;
mod types;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use super::{Api, Resource, SidClaim, SidForm};
use crate::error::{Diagnostic, Pointer, Report, Result};
use crate::load::Spec;
use crate::options::Options;

pub(crate) use docs::{code, is_hidden_control, sanitize as sanitize_doc};
pub use sids::name_sids;

/// Lowers a parsed spec, generated into the version module `module`, to the
/// IR; returns it with the warnings about constructs that were accepted in a
/// degraded form.
///
/// # Errors
///
/// [`Error::Invalid`](crate::Error::Invalid) with every problem found.
pub fn lower(spec: &Spec, module: &str, options: &Options) -> Result<(Api, Vec<Diagnostic>)> {
    let mut cx = Lowerer {
        spec,
        module,
        options,
        report: Report::new(&spec.path),
        kinds: BTreeMap::new(),
        resource_sids: BTreeMap::new(),
        sids: BTreeMap::new(),
        resources: Vec::new(),
        inline_enums: BTreeMap::new(),
        list_keys: BTreeMap::new(),
        cycles: BTreeSet::new(),
        taken: super::names::RESERVED
            .iter()
            .map(|n| n.to_string())
            .collect(),
        alias_targets: BTreeMap::new(),
        nested_structs: BTreeMap::new(),
        nested_pointers: BTreeMap::new(),
        eq: BTreeSet::new(),
    };
    cx.classify_schemas();
    cx.name_resource_sids();
    cx.lower_schemas();
    cx.lower_operations();
    cx.check_model_cycles();
    cx.check_names();
    cx.check_schema_refs();
    cx.eq = cx.decide_eq();
    cx.check_attributes();
    cx.report.check()?;
    let api = cx.finish();
    Ok((api, cx.report.warnings))
}

/// What a component schema becomes.
#[derive(Debug, Clone)]
enum Kind {
    /// A struct, in the module with this name.
    Model { name: String, module: String },
    /// An enum, in the module with this name.
    Enum { name: String, module: String },
    /// A union of several structs (a `oneOf`), in the module with this name.
    Union { name: String, module: String },
    /// Neither: uses are typed from the schema's own shape.
    Inline,
}

/// The state the phases share.
struct Lowerer<'a> {
    spec: &'a Spec,
    /// The version module being generated, for matching options.
    module: &'a str,
    options: &'a Options,
    report: Report,
    /// Component schema name → what it becomes.
    kinds: BTreeMap<String, Kind>,
    /// SID form key → (type name, depth of the owning schema name, form).
    resource_sids: BTreeMap<String, (String, usize, SidForm)>,
    /// SID form key → type, for every form used.
    sids: BTreeMap<String, SidClaim>,
    /// Modules in spec order.
    resources: Vec<Resource>,
    /// Inline enums by type name → (module, base name, values).
    inline_enums: BTreeMap<String, (String, String, Vec<String>)>,
    /// Model type name → list key, with the pointer that set it.
    list_keys: BTreeMap<String, (String, Pointer)>,
    /// The schemas of each `$ref` cycle reported so far, sorted: a cycle is
    /// reported once, not once per member.
    cycles: BTreeSet<Vec<String>>,
    /// Type names given out so far in this version module (and the ones it
    /// reserves).
    taken: BTreeSet<String>,
    /// Schema alias → the schema its chain ends at (`None`: dangling or
    /// cyclic), for every alias followed so far.
    alias_targets: BTreeMap<String, Option<String>>,
    /// Structs declared inline: (base name, a hash of their schema) → the
    /// name given, so that identical ones are shared.
    nested_structs: BTreeMap<(String, u64), String>,
    /// Struct, enum or union declared inline → where it is declared, for
    /// messages.
    nested_pointers: BTreeMap<String, Pointer>,
    /// The structs, unions and stubs that derive `Eq`, once
    /// [`decide_eq`](Lowerer::decide_eq) has run.
    eq: BTreeSet<String>,
}

impl Lowerer<'_> {
    /// The resource module named `module`, created (at the end, so modules
    /// keep spec order) on first use.
    fn resource_mut(&mut self, module: &str) -> &mut Resource {
        let index = match self.resources.iter().position(|r| r.module == module) {
            Some(i) => i,
            None => {
                self.resources.push(Resource::new(module, String::new()));
                self.resources.len() - 1
            }
        };
        &mut self.resources[index]
    }

    /// The options' attributes for a type known by these names.
    fn attributes(&self, rust: &str, spec: &str) -> Vec<String> {
        self.options.attributes_for(crate::options::TypeNames {
            module: self.module,
            rust,
            spec,
        })
    }

    /// The Rust name of a type: the options' rename of its spec name, or
    /// the name the rules give.
    fn type_name(&self, spec_name: &str, by_rule: String) -> String {
        self.options
            .rename(spec_name)
            .map_or(by_rule, str::to_string)
    }

    /// The IR, once every phase has run.
    fn finish(&mut self) -> Api {
        self.fill_default_docs();
        let info = &self.spec.openapi.info;
        let mut docs = docs::sanitize(&info.title);
        if let Some(d) = info.description.as_ref().filter(|d| !d.trim().is_empty()) {
            docs.push_str("\n\n");
            docs.push_str(&docs::sanitize(d));
        }
        let sids: Vec<SidClaim> = std::mem::take(&mut self.sids).into_values().collect();
        Api {
            docs,
            base_url: self
                .spec
                .openapi
                .servers
                .first()
                .map(|s| s.url.trim_end_matches('/').to_string())
                .unwrap_or_default(),
            sids,
            list_keys: self.decide_list_keys(),
            eq: std::mem::take(&mut self.eq),
            resources: std::mem::take(&mut self.resources),
        }
    }
}

/// `#/components/schemas/<name>`.
fn schema_pointer(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}
