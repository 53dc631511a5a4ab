//! Component schemas → structs and enums: which schemas become types, in
//! which resource module, under which name.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::shape::{is_model, pii, properties, string_enum};
use super::types::Owner;
use super::{docs, schema_pointer, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Enum, Field, Struct, Variant};

impl Lowerer<'_> {
    /// Decides what each component schema becomes, under which name, and
    /// creates the resource modules in spec order.
    ///
    /// Names come from candidates (see `names::model_candidates` and
    /// `names::enum_candidates`), structs first, then enums, each in spec
    /// order taking its first free candidate. When several structs share
    /// their first candidate, every one of them that can be qualified by the
    /// segments of its schema name is, so `account.vendoroauthapp` and
    /// `organization.vendoroauthapp` become `AccountVendoroauthapp` and
    /// `OrganizationVendoroauthapp` rather than one keeping the short name.
    /// The options' renames replace the chosen names afterwards.
    pub(super) fn classify_schemas(&mut self) {
        let mut models: Vec<(&str, Vec<String>)> = Vec::new();
        let mut enums: Vec<(&str, Vec<String>)> = Vec::new();
        let mut unions: Vec<&str> = Vec::new();
        let mut order: Vec<&str> = Vec::new();
        for (name, schema) in self.schemas() {
            match schema {
                ReferenceOr::Reference { reference } => {
                    // An alias: make sure it leads somewhere, without cycles.
                    self.follow_alias(name, reference, &schema_pointer(name));
                    self.kinds.insert(name.clone(), Kind::Inline);
                }
                ReferenceOr::Item(schema) if is_model(schema) => {
                    models.push((name, names::model_candidates(name)));
                    order.push(name);
                }
                ReferenceOr::Item(schema) if !string_enum(schema).is_empty() => {
                    enums.push((name, names::enum_candidates(name)));
                    order.push(name);
                }
                ReferenceOr::Item(schema) if self.is_union(schema) => {
                    models.push((name, names::model_candidates(name)));
                    unions.push(name);
                    order.push(name);
                }
                ReferenceOr::Item(_) => {
                    self.kinds.insert(name.clone(), Kind::Inline);
                }
            }
        }
        names::qualify_shared(&mut models);
        let mut chosen: BTreeMap<&str, Kind> = BTreeMap::new();
        let mut modules = names::RESERVED.iter().map(|m| m.to_string()).collect();
        for (schema, candidates) in &models {
            let name = names::first_free(candidates, &mut self.taken);
            let module = names::first_free(&[names::module(&name)], &mut modules);
            let name = self.type_name(schema, name);
            let kind = if unions.contains(schema) {
                Kind::Union { name, module }
            } else {
                Kind::Model { name, module }
            };
            chosen.insert(schema, kind);
        }
        for (schema, candidates) in &enums {
            let name = names::first_free(candidates, &mut self.taken);
            let name = self.type_name(schema, name);
            let module = names::free_module(names::enum_module(schema));
            chosen.insert(schema, Kind::Enum { name, module });
        }
        for schema in order {
            if let Some(kind) = chosen.remove(schema) {
                if let Kind::Model { module, .. }
                | Kind::Enum { module, .. }
                | Kind::Union { module, .. } = &kind
                {
                    self.resource_mut(module);
                }
                self.kinds.insert(schema.to_string(), kind);
            }
        }
    }

    /// Lowers the component schemas that became structs and enums.
    pub(super) fn lower_schemas(&mut self) {
        for (schema_name, schema) in self.schemas() {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let pointer = schema_pointer(schema_name);
            match self.kinds.get(schema_name).cloned() {
                Some(Kind::Model { name, module }) => {
                    let model = self.lower_struct(&name, schema_name, schema, &pointer);
                    self.resource_mut(&module).model = Some(model);
                }
                Some(Kind::Enum { name, module }) => {
                    let docs = docs::of(schema);
                    let attrs = self.attributes(&name, schema_name);
                    let e = self.make_enum(name, docs, string_enum(schema), attrs);
                    self.resource_mut(&module).enums.push(e);
                }
                Some(Kind::Union { name, module }) => {
                    let SchemaKind::OneOf { one_of } = &schema.schema_kind else {
                        continue;
                    };
                    if let Some(union) = self.lower_union(&name, &module, schema, one_of, &pointer)
                    {
                        self.resource_mut(&module).unions.push(union);
                    }
                }
                Some(Kind::Inline) | None => {}
            }
        }
    }

    fn lower_struct(
        &mut self,
        name: &str,
        schema_name: &str,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Struct {
        let module = self.module_of_model(name);
        let owner = Owner {
            name,
            module: &module,
            stub: false,
        };
        let props = properties(schema).into_iter().flatten();
        let names = names::field_names(props.clone().map(|(wire, _)| wire.as_str()));
        let mut fields = Vec::new();
        for ((wire, prop), name) in props.zip(names) {
            let at = pointer.join("properties").join(wire);
            fields.push(self.lower_field(wire, name, prop, &at, owner));
        }
        Struct {
            name: name.to_string(),
            docs: docs::of(schema),
            fields,
            attrs: self.attributes(name, schema_name),
        }
    }

    /// The module of the struct called `name`.
    fn module_of_model(&self, name: &str) -> String {
        self.kinds
            .values()
            .find_map(|kind| match kind {
                Kind::Model { name: n, module } if n == name => Some(module.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// One field of a struct.
    pub(super) fn lower_field(
        &mut self,
        wire: &str,
        name: String,
        prop: &ReferenceOr<Box<Schema>>,
        at: &Pointer,
        owner: Owner<'_>,
    ) -> Field {
        let ty = self.use_type(prop, wire, at, owner);
        let (default, docs, pii) = match prop {
            ReferenceOr::Reference { reference } => (None, self.ref_docs(reference), None),
            ReferenceOr::Item(s) => (
                s.schema_data.default.as_ref().map(ToString::to_string),
                docs::of(s),
                pii(&s.schema_data.extensions),
            ),
        };
        Field {
            name,
            wire: wire.to_string(),
            docs: docs::field(docs, wire),
            ty,
            default,
            pii,
        }
    }

    /// An enum of these values, each with its own variant name.
    pub(super) fn make_enum(
        &mut self,
        name: String,
        docs: String,
        values: Vec<String>,
        attrs: Vec<String>,
    ) -> Enum {
        let variants = names::variant_names(values)
            .into_iter()
            .map(|(name, wire)| Variant { name, wire })
            .collect();
        Enum {
            name,
            // Filled in from the first use by `fill_default_docs` when empty.
            docs,
            variants,
            attrs,
        }
    }
}

impl Lowerer<'_> {
    /// A `oneOf` whose alternatives can be told apart.
    fn is_union(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => self.union_plan(schema, one_of).is_some(),
            _ => false,
        }
    }
}
