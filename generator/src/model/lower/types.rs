//! A schema at a use site (a property, a parameter, a body field, a list
//! item) → the [`Type`] of its value. What a schema declares inline becomes a
//! type of its own here: an enum, a struct for an object with properties, a
//! union for a `oneOf`, each named after its owner and field.

use std::hash::{Hash, Hasher};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat,
    VariantOrUnknownOrEmpty,
};

use super::shape::{has_properties, properties, string_enum};
use super::{docs, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Struct, Type};

/// Who uses a schema, for naming what it declares inline.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owner<'o> {
    /// The struct or stub that holds the field (`Message`, `CreateMessage`).
    pub name: &'o str,
    /// The module that receives the types declared inline.
    pub module: &'o str,
    /// The owner is an endpoint stub: its enums are named after the field
    /// alone (`Order`), since parameters of many stubs share them.
    pub stub: bool,
}

impl Lowerer<'_> {
    /// The type a `$ref` stands for.
    pub(super) fn ref_type(&mut self, reference: &str, pointer: &Pointer) -> Type {
        let Some((target, schema)) = self.resolve(reference, pointer) else {
            return Type::Json;
        };
        match self.kinds.get(&target) {
            Some(Kind::Model { name, .. } | Kind::Union { name, .. }) => Type::Model(name.clone()),
            Some(Kind::Enum { name, .. }) => Type::Enum(name.clone()),
            Some(Kind::Inline) | None => {
                let name = names::pascal(&target);
                let module = names::resource_module(&target);
                let owner = Owner {
                    name: &name,
                    module: &module,
                    stub: false,
                };
                self.schema_type(schema, "", &super::schema_pointer(&target), owner)
            }
        }
    }

    /// The type of a property, parameter or body field that may be a `$ref`.
    pub(super) fn use_type<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        field: &str,
        pointer: &Pointer,
        owner: Owner<'_>,
    ) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(item) => self.schema_type(item.borrow(), field, pointer, owner),
        }
    }

    /// The type of an inline schema. `field` is the wire name of what holds
    /// it, used to name SID types and the types declared inline.
    pub(super) fn schema_type(
        &mut self,
        schema: &Schema,
        field: &str,
        pointer: &Pointer,
        owner: Owner<'_>,
    ) -> Type {
        use openapiv3::Type as T;
        if let Some(ty) = self.override_type(schema, pointer) {
            return ty;
        }
        match &schema.schema_kind {
            SchemaKind::Type(T::String(s)) => {
                if !s.enumeration.is_empty() {
                    let format = match &s.format {
                        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                        _ => None,
                    };
                    return self.inline_enum(field, format, schema, owner, pointer);
                }
                if let Some(pattern) = &s.pattern {
                    return self.pattern_type(pattern, s.min_length, s.max_length, field, pointer);
                }
                if matches!(&s.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "http-method") {
                    // The methods Twilio calls webhooks with; any other is
                    // kept by the enum's fallback.
                    let values = vec!["GET".to_string(), "POST".to_string()];
                    return self.inline_enum_of(
                        field,
                        Some("http-method"),
                        values,
                        schema,
                        owner,
                        pointer,
                    );
                }
                string_format(&s.format)
            }
            SchemaKind::Type(T::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Type::Int32,
                _ => Type::Integer,
            },
            SchemaKind::Type(T::Number(_)) => Type::Number,
            SchemaKind::Type(T::Boolean(_)) => Type::Boolean,
            SchemaKind::Type(T::Array(a)) => {
                self.array_type(a.items.as_ref(), field, pointer, owner)
            }
            SchemaKind::Type(T::Object(o)) => self.object_type(
                schema,
                &o.properties,
                o.additional_properties.as_ref(),
                field,
                pointer,
                owner,
            ),
            SchemaKind::Any(any) => self.any_type(schema, any, field, pointer, owner),
            SchemaKind::OneOf { one_of } => {
                let name = names::inline_type(owner.name, field);
                self.union_type(&name, owner.module, one_of, schema, pointer)
            }
            SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::Not { .. } => {
                self.report.warn(
                    pointer,
                    "anyOf/allOf/not are not supported; typed as serde_json::Value",
                );
                Type::Json
            }
        }
    }

    /// `x-twilio.overrideType`: the type the spec says to use instead of the
    /// declared one (`string` for prices declared as numbers, say).
    fn override_type(&mut self, schema: &Schema, pointer: &Pointer) -> Option<Type> {
        let value = schema
            .schema_data
            .extensions
            .get("x-twilio")?
            .get("overrideType")?;
        let ty = match value.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("string") => Type::String,
            Some("number" | "float" | "double" | "decimal" | "bigdecimal") => Type::Number,
            Some("integer" | "int" | "long" | "int64") => Type::Integer,
            Some("int32") => Type::Int32,
            Some("boolean" | "bool") => Type::Boolean,
            Some("object" | "map") => Type::Object,
            _ => {
                self.report.warn(
                    pointer.join("x-twilio").join("overrideType"),
                    format!("overrideType {value} names no JSON type; the declared type is used"),
                );
                return None;
            }
        };
        Some(ty)
    }

    /// A list of `items` (untyped JSON when `items` is missing). Objects
    /// declared inline as items are named after their format, or their
    /// owner and field with `Item`.
    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        field: &str,
        pointer: &Pointer,
        owner: Owner<'_>,
    ) -> Type {
        let at = pointer.join("items");
        let item = match items {
            Some(ReferenceOr::Item(item)) if has_properties(item) && format_of(item).is_none() => {
                let name = names::list_item_struct(owner.name, field);
                self.nested_struct(&name, item, &at, owner)
            }
            Some(items) => self.use_type(items, field, &at, owner),
            None => {
                self.report.warn(
                    &at,
                    "an array without items is typed as Vec<serde_json::Value>",
                );
                Type::Json
            }
        };
        Type::Array(Box::new(item))
    }

    /// An object: a struct when it has properties (named after its format,
    /// or its owner and field); a map when only `additionalProperties` says
    /// what it holds; a JSON object otherwise.
    fn object_type(
        &mut self,
        schema: &Schema,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        additional: Option<&AdditionalProperties>,
        field: &str,
        pointer: &Pointer,
        owner: Owner<'_>,
    ) -> Type {
        if format_of(schema) == Some("uri-map") {
            return Type::UriMap;
        }
        if !properties.is_empty() {
            let name = names::inline_struct(owner.name, field, format_of(schema));
            return self.nested_struct(&name, schema, pointer, owner);
        }
        match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let at = pointer.join("additionalProperties");
                let values = self.use_type(&**values, field, &at, owner);
                Type::Map(Box::new(values))
            }
            Some(AdditionalProperties::Any(_)) | None => Type::Object,
        }
    }

    /// Schemas that openapiv3 could not fit one of its typed shapes.
    fn any_type(
        &mut self,
        schema: &Schema,
        any: &AnySchema,
        field: &str,
        pointer: &Pointer,
        owner: Owner<'_>,
    ) -> Type {
        // An object by its type, or by its keywords when it has no type.
        let object = match any.typ.as_deref() {
            Some(t) => t == "object",
            None => !any.properties.is_empty() || any.additional_properties.is_some(),
        };
        if object {
            return self.object_type(
                schema,
                &any.properties,
                any.additional_properties.as_ref(),
                field,
                pointer,
                owner,
            );
        }
        match any.typ.as_deref() {
            Some("array") => self.array_type(any.items.as_ref(), field, pointer, owner),
            Some(t @ ("string" | "integer" | "number" | "boolean")) => {
                self.report.warn(
                    pointer,
                    format!("this {t} schema has keywords that do not apply to a {t} (such as minItems on a string); they are ignored"),
                );
                match t {
                    "string" if !any.enumeration.is_empty() => {
                        let values = any
                            .enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect();
                        self.inline_enum_of(
                            field,
                            any.format.as_deref(),
                            values,
                            schema,
                            owner,
                            pointer,
                        )
                    }
                    "string" => match &any.pattern {
                        Some(pattern) => self.pattern_type(
                            pattern,
                            any.min_length,
                            any.max_length,
                            field,
                            pointer,
                        ),
                        None => match any.format.as_deref() {
                            Some("date-time") => Type::DateTime,
                            Some("date") => Type::Date,
                            Some(f) => {
                                string_format(&VariantOrUnknownOrEmpty::Unknown(f.to_string()))
                            }
                            None => Type::String,
                        },
                    },
                    "integer" if any.format.as_deref() == Some("int32") => Type::Int32,
                    "integer" => Type::Integer,
                    "number" => Type::Number,
                    _ => Type::Boolean,
                }
            }
            Some(other) => {
                self.report.error(
                    pointer.join("type"),
                    format!("unsupported type {other:?}; expected string, integer, number, boolean, array or object"),
                );
                Type::Json
            }
            None if any.items.is_some() => {
                self.array_type(any.items.as_ref(), field, pointer, owner)
            }
            None => {
                self.report.warn(
                    pointer,
                    "the spec gives no type; typed as serde_json::Value",
                );
                Type::Json
            }
        }
    }

    /// A struct declared inline. An identical one (same name, same fields)
    /// is shared; a different one with the same name is qualified by its
    /// module, then numbered.
    fn nested_struct(
        &mut self,
        base: &str,
        schema: &Schema,
        pointer: &Pointer,
        owner: Owner<'_>,
    ) -> Type {
        let mut fields = Vec::new();
        let props = pointer.join("properties");
        let key = (base.to_string(), shape_key(schema));
        if let Some(name) = self.nested_structs.get(&key) {
            return Type::Model(name.clone());
        }
        let candidates = names::inline_candidates(base, owner.module);
        let name = names::first_free(&candidates, &mut self.taken);
        // Registered before its fields, so that a struct that holds itself
        // (through a `$ref` back to the schema it is declared in) ends, and
        // is reported as a cycle, instead of recursing.
        self.nested_structs.insert(key, name.clone());
        self.nested_pointers.insert(name.clone(), pointer.clone());
        let inner = Owner {
            name: &name,
            module: owner.module,
            stub: false,
        };
        let properties = properties(schema).into_iter().flatten();
        let names = names::field_names(properties.clone().map(|(wire, _)| wire.as_str()));
        for ((wire, prop), name) in properties.zip(names) {
            fields.push(self.lower_field(wire, name, prop, &props.join(wire), inner));
        }
        let docs = match docs::of(schema) {
            d if d.is_empty() => format!("A part of {}.", docs::code(owner.name)),
            d => d,
        };
        let model = Struct {
            attrs: self.attributes(&name, &name),
            name: name.clone(),
            docs,
            fields,
        };
        self.resource_mut(owner.module).nested.push(model);
        Type::Model(name)
    }

    /// An enum declared inline: named after its format; on a stub's
    /// parameter after its field, elsewhere after its owner and field
    /// (`MessageStatus`). An identical one (same base name, same values) in
    /// the same version is reused; a different one is qualified by its
    /// module (`BundleEndUserType`), then numbered.
    fn inline_enum(
        &mut self,
        field: &str,
        format: Option<&str>,
        schema: &Schema,
        owner: Owner<'_>,
        pointer: &Pointer,
    ) -> Type {
        let values = string_enum(schema);
        self.inline_enum_of(field, format, values, schema, owner, pointer)
    }

    /// An enum of `values` declared inline; see [`Lowerer::inline_enum`].
    fn inline_enum_of(
        &mut self,
        field: &str,
        format: Option<&str>,
        values: Vec<String>,
        schema: &Schema,
        owner: Owner<'_>,
        pointer: &Pointer,
    ) -> Type {
        let base = names::inline_enum_name(owner.name, field, format, owner.stub);
        let same = self
            .inline_enums
            .iter()
            .find(|(_, (_, b, v))| *b == base && *v == values);
        if let Some((name, _)) = same {
            return Type::Enum(name.clone());
        }
        let candidates = names::inline_candidates(&base, owner.module);
        let name = names::first_free(&candidates, &mut self.taken);
        let docs = match docs::of(schema) {
            d if d.is_empty() => format!("Values accepted for {}.", docs::code(field)),
            d => d,
        };
        let attrs = self.attributes(&name, field);
        let e = self.make_enum(name.clone(), docs, values.clone(), attrs);
        self.inline_enums
            .insert(name.clone(), (owner.module.to_string(), base, values));
        self.nested_pointers.insert(name.clone(), pointer.clone());
        self.resource_mut(owner.module).enums.push(e);
        Type::Enum(name)
    }
}

/// What tells inline objects apart for sharing: a hash of the schema as
/// written, without what only documents it (descriptions, titles,
/// examples, defaults, `nullable`, other generators' extensions), so that
/// the same shape described twice is one struct. Objects
/// that only share their field names (an object `a` holding an object `a`,
/// say) are different structs; the very same schema reached again (through
/// a `$ref` to where it is declared) is the same.
fn shape_key(schema: &Schema) -> u64 {
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    undocumented(&mut value);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A schema (as JSON) without the keywords [`shape_key`] ignores, in every
/// schema it holds. Property names are kept: a property may be called
/// `description`.
fn undocumented(schema: &mut serde_json::Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    object.retain(|key, _| {
        let documents = matches!(
            key.as_str(),
            "description"
                | "title"
                | "example"
                | "examples"
                | "externalDocs"
                | "default"
                | "nullable"
                | "readOnly"
                | "writeOnly"
                | "deprecated"
        );
        // Extensions for other generators (`x-field-extra-annotation`)
        // change nothing here; `x-twilio` does (`overrideType`, `pii`).
        let foreign = key.starts_with("x-") && key != "x-twilio";
        !documents && !foreign
    });
    for (key, value) in object.iter_mut() {
        match (key.as_str(), value) {
            ("properties", serde_json::Value::Object(properties)) => {
                properties.values_mut().for_each(undocumented);
            }
            ("items" | "additionalProperties" | "not", value) => undocumented(value),
            ("oneOf" | "anyOf" | "allOf", serde_json::Value::Array(schemas)) => {
                schemas.iter_mut().for_each(undocumented);
            }
            _ => {}
        }
    }
}

/// The type of a string by its format.
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Type {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "uri" => Type::Uri,
            "date-time-rfc-2822" => Type::DateTimeRfc2822,
            _ => Type::String,
        },
        _ => Type::String,
    }
}

/// The schema's `format`, when it has one of its own.
fn format_of(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(_)) => schema
            .schema_data
            .extensions
            .get("format")
            .and_then(serde_json::Value::as_str),
        SchemaKind::Any(any) => any.format.as_deref(),
        _ => None,
    }
    .filter(|f| !f.is_empty())
}
