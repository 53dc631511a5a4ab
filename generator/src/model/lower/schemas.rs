//! Component schemas → structs and enums: which schemas become types, in
//! which resource module, under which name.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::types::{pii, properties};
use super::{docs, schema_pointer, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Enum, Field, Presence, Struct, Type, Variant};

impl Lowerer<'_> {
    /// Decides what each component schema becomes, and creates the resource
    /// modules in spec order.
    pub(super) fn classify_schemas(&mut self) {
        for (name, schema) in self.schemas() {
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    // An alias: make sure it leads somewhere, without cycles.
                    self.follow_alias(name, reference, &schema_pointer(name));
                    Kind::Inline
                }
                ReferenceOr::Item(schema) if is_model(schema) => {
                    let module = names::resource_module(name);
                    self.resource_mut(&module);
                    Kind::Model {
                        name: self.type_name(name, names::resource(name)),
                        module,
                    }
                }
                ReferenceOr::Item(schema) if !string_enum(schema).is_empty() => {
                    let module = names::enum_module(name);
                    self.resource_mut(&module);
                    Kind::Enum {
                        name: self.type_name(name, names::enum_schema(name)),
                        module,
                    }
                }
                ReferenceOr::Item(_) => Kind::Inline,
            };
            self.kinds.insert(name.clone(), kind);
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
                    let e = self.make_enum(
                        name,
                        docs,
                        string_enum(schema),
                        attrs,
                        &pointer.join("enum"),
                    );
                    self.resource_mut(&module).enums.push(e);
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
        let mut fields = Vec::new();
        for (wire, prop) in properties(schema).into_iter().flatten() {
            fields.push(self.lower_field(wire, prop, &pointer.join("properties").join(wire)));
        }
        let props = pointer.join("properties");
        self.check_unique(
            fields.iter().map(|f| (f.name.as_str(), f.wire.as_str())),
            |wire| props.join(wire),
            "fields",
        );
        Struct {
            name: name.to_string(),
            docs: docs::of(schema),
            fields,
            attrs: self.attributes(name, schema_name),
        }
    }

    fn lower_field(&mut self, wire: &str, prop: &ReferenceOr<Box<Schema>>, at: &Pointer) -> Field {
        let (ty, nullable, default, docs, pii) = match prop {
            ReferenceOr::Reference { reference } => {
                let ty = self.ref_type(reference, at);
                (ty, true, None, self.ref_docs(reference), None)
            }
            ReferenceOr::Item(s) => {
                let ty = self.schema_type(s, wire, at, None);
                let default = match (&s.schema_kind, &s.schema_data.default) {
                    (SchemaKind::Type(openapiv3::Type::Integer(_)), Some(d)) => d.as_i64(),
                    _ => None,
                };
                (
                    ty,
                    s.schema_data.nullable,
                    default,
                    docs::of(s),
                    pii(&s.schema_data.extensions),
                )
            }
        };
        // A non-nullable integer with a default stays a plain integer;
        // everything else is optional, since older responses may lack it.
        let presence = match default {
            Some(d) if !nullable && ty == Type::Integer => Presence::DefaultInteger(d),
            _ => Presence::Optional,
        };
        Field {
            name: names::snake(wire),
            wire: wire.to_string(),
            docs,
            ty,
            presence,
            pii,
        }
    }

    /// An enum of these values, reporting values whose Rust names collide.
    pub(super) fn make_enum(
        &mut self,
        name: String,
        docs: String,
        values: Vec<String>,
        attrs: Vec<String>,
        pointer: &Pointer,
    ) -> Enum {
        let variants: Vec<Variant> = values
            .into_iter()
            .map(|v| Variant {
                name: names::pascal(&v),
                wire: v,
            })
            .collect();
        let mut seen = BTreeMap::new();
        for v in &variants {
            if v.name == "Unknown" {
                self.report.error(
                    pointer,
                    format!(
                        "enum value {:?} would take the name of the fallback variant `Unknown`",
                        v.wire
                    ),
                );
            }
            if let Some(other) = seen.insert(v.name.as_str(), v.wire.as_str()) {
                self.report.error(
                    pointer,
                    format!(
                        "enum values {other:?} and {:?} both become variant `{}`",
                        v.wire, v.name
                    ),
                );
            }
        }
        Enum {
            name,
            // Filled in from the first use by `fill_default_docs` when empty.
            docs,
            variants,
            attrs,
        }
    }
}

/// An object with properties: a struct.
fn is_model(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(obj)) => !obj.properties.is_empty(),
        SchemaKind::Any(any) => any.typ.as_deref() == Some("object") && !any.properties.is_empty(),
        _ => false,
    }
}

/// The values of a string enum schema; empty for any other schema.
pub(super) fn string_enum(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(s)) => {
            s.enumeration.iter().flatten().cloned().collect()
        }
        _ => Vec::new(),
    }
}
