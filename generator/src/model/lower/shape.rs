//! General readers of a schema's shape, used by every room that lowers
//! schemas: an object's properties and `required` list, an integer's
//! bounds, a string enum's values, the personal-data marking. They read one
//! schema and know nothing of the lowering's state.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind};

use crate::model::Pii;

/// An object with properties: a struct.
pub(super) fn is_model(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(obj)) => !obj.properties.is_empty(),
        SchemaKind::Any(any) => any.typ.as_deref() == Some("object") && !any.properties.is_empty(),
        _ => false,
    }
}

/// An object schema that declares properties.
pub(super) fn has_properties(schema: &Schema) -> bool {
    properties(schema).is_some_and(|p| !p.is_empty())
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

/// The values of a string enum schema; empty for any other schema.
pub(super) fn string_enum(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(s)) => {
            s.enumeration.iter().flatten().cloned().collect()
        }
        _ => Vec::new(),
    }
}
