//! A schema at a use site (a property, a parameter, a body field, a list
//! item) → the [`Type`] of its value. Enums declared inline on parameters
//! and body fields become types of their own here.

use indexmap::IndexMap;
use openapiv3::{
    AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, VariantOrUnknownOrEmpty,
};

use super::{docs, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Pii, Type};

impl Lowerer<'_> {
    /// The type a `$ref` stands for.
    pub(super) fn ref_type(&mut self, reference: &str, pointer: &Pointer) -> Type {
        let Some((target, schema)) = self.resolve(reference, pointer) else {
            return Type::Json;
        };
        match self.kinds.get(&target) {
            Some(Kind::Model { name, .. }) => Type::Model(name.clone()),
            Some(Kind::Enum { name, .. }) => Type::Enum(name.clone()),
            Some(Kind::Inline) | None => {
                self.schema_type(schema, &target, &super::schema_pointer(&target), None)
            }
        }
    }

    /// The type of an inline schema. `field` is the wire name, used to name
    /// SID types; `inline_enum` names the module that receives inline enums
    /// (body and parameter enums), if any.
    pub(super) fn schema_type(
        &mut self,
        schema: &Schema,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        use openapiv3::Type as T;
        match &schema.schema_kind {
            SchemaKind::Type(T::String(s)) => {
                if !s.enumeration.is_empty() {
                    let format = match &s.format {
                        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                        _ => None,
                    };
                    return self.inline_enum(field, format, schema, pointer, inline_enum);
                }
                if let Some(pattern) = &s.pattern {
                    return self.pattern_type(pattern, s.min_length, s.max_length, field, pointer);
                }
                match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" => Type::Uri,
                    _ => Type::String,
                }
            }
            SchemaKind::Type(T::Integer(_)) => Type::Integer,
            SchemaKind::Type(T::Number(_)) => Type::Number,
            SchemaKind::Type(T::Boolean(_)) => Type::Boolean,
            SchemaKind::Type(T::Array(a)) => {
                self.array_type(a.items.as_ref(), field, pointer, inline_enum)
            }
            SchemaKind::Type(T::Object(_)) => {
                self.report.warn(
                    pointer,
                    "inline object schemas are typed as serde_json::Value",
                );
                Type::Json
            }
            SchemaKind::Any(any) => self.any_type(any, field, pointer, inline_enum),
            SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::Not { .. } => {
                self.report.warn(
                    pointer,
                    "oneOf/anyOf/allOf/not are not supported; typed as serde_json::Value",
                );
                Type::Json
            }
        }
    }

    /// The type of a property, parameter or body field that may be a `$ref`.
    pub(super) fn use_type(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(item) => self.schema_type(item, field, pointer, inline_enum),
        }
    }

    /// A list of `items` (untyped JSON when `items` is missing).
    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        let item = match items {
            Some(items) => self.use_type(items, field, &pointer.join("items"), inline_enum),
            None => Type::Json,
        };
        Type::Array(Box::new(item))
    }

    /// Schemas that openapiv3 could not fit one of its typed shapes.
    fn any_type(
        &mut self,
        any: &AnySchema,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        match (any.typ.as_deref(), any.format.as_deref()) {
            (Some("object"), Some("uri-map")) => Type::UriMap,
            (None, _)
                if any.properties.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty() =>
            {
                Type::Json
            }
            (Some("object"), _) => {
                self.report.warn(
                    pointer,
                    "inline object schemas are typed as serde_json::Value",
                );
                Type::Json
            }
            (Some("array"), _) => self.array_type(any.items.as_ref(), field, pointer, inline_enum),
            (Some(t @ ("string" | "integer" | "number" | "boolean")), _) => {
                self.report.warn(
                    pointer,
                    format!("this {t} schema combines keywords the generator does not model; typed as serde_json::Value"),
                );
                Type::Json
            }
            (Some(other), _) => {
                self.report.error(
                    pointer.join("type"),
                    format!("unsupported type {other:?}; expected string, integer, number, boolean, array or object"),
                );
                Type::Json
            }
            (None, _) => {
                self.report.warn(
                    pointer,
                    "a schema without a type is typed as serde_json::Value",
                );
                Type::Json
            }
        }
    }

    /// An enum declared inline, named after its format or field; an
    /// identical one (same base name, same values) in the same version is
    /// reused, a different one is qualified by its module
    /// (`BundleEndUserType`), then numbered.
    fn inline_enum(
        &mut self,
        field: &str,
        format: Option<&str>,
        schema: &Schema,
        pointer: &Pointer,
        module: Option<&str>,
    ) -> Type {
        let Some(module) = module else {
            self.report.warn(
                pointer,
                "inline enums in component schemas are typed as String; declare the enum as its own schema",
            );
            return Type::String;
        };
        let values = super::schemas::string_enum(schema);
        let base = names::inline_enum(field, format);
        let same = self
            .inline_enums
            .iter()
            .find(|(_, (_, b, v))| *b == base && *v == values);
        if let Some((name, _)) = same {
            return Type::Enum(name.clone());
        }
        let candidates = [base.clone(), names::joined(module, &base)];
        let name = names::first_free(&candidates, &mut self.taken);
        let docs = match docs::of(schema) {
            d if d.is_empty() => format!("Values accepted for {}.", docs::code(field)),
            d => d,
        };
        let attrs = self.attributes(&name, field);
        let e = self.make_enum(name.clone(), docs, values.clone(), attrs);
        self.inline_enums
            .insert(name.clone(), (module.to_string(), base, values));
        self.resource_mut(module).enums.push(e);
        Type::Enum(name)
    }
}

/// The properties of an object schema.
pub(super) fn properties(schema: &Schema) -> Option<&IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => Some(&o.properties),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some(&a.properties),
        _ => None,
    }
}

/// The names an object schema lists as `required`.
pub(super) fn required(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => &o.required,
        SchemaKind::Any(a) => &a.required,
        _ => &[],
    }
}

/// Inclusive bounds of an integer schema, if it has any.
pub(super) fn integer_range(schema: &Schema) -> Option<(Option<i64>, Option<i64>)> {
    let SchemaKind::Type(openapiv3::Type::Integer(i)) = &schema.schema_kind else {
        return None;
    };
    if i.minimum.is_none() && i.maximum.is_none() {
        return None;
    }
    let lo = i.minimum.map(|m| {
        if i.exclusive_minimum {
            m.saturating_add(1)
        } else {
            m
        }
    });
    let hi = i.maximum.map(|m| {
        if i.exclusive_maximum {
            m.saturating_sub(1)
        } else {
            m
        }
    });
    Some((lo, hi))
}

/// The personal-data marking in `x-twilio.pii`.
pub(super) fn pii(extensions: &IndexMap<String, serde_json::Value>) -> Option<Pii> {
    let pii = extensions.get("x-twilio")?.get("pii")?;
    Some(Pii {
        handling: pii.get("handling")?.as_str()?.to_string(),
        delete_sla: pii.get("deleteSla").and_then(serde_json::Value::as_i64),
    })
}
