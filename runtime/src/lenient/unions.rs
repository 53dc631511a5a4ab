//! Unions (`oneOf`): the generated code picks the alternative an object
//! is, by its discriminator or its fields, with these helpers.

use serde::de::Deserializer;
use serde::Deserialize;
use serde_json::Value;

use super::{Lenient, Read};

/// Reads a union (a `oneOf`): an object is handed to `choose`, which picks
/// the alternative (or gives the object back when none fits); anything
/// else is kept.
///
/// # Errors
///
/// Only the deserializer's own errors.
pub fn read_union<'de, U, D: Deserializer<'de>>(
    deserializer: D,
    choose: impl FnOnce(Value) -> Result<U, Value>,
) -> Result<Read<U>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => Read::Null,
        object @ Value::Object(_) => match choose(object) {
            Ok(union) => Read::Fit(union),
            Err(raw) => Read::Unfit(raw),
        },
        other => Read::Unfit(other),
    })
}

/// The string value of a union's discriminator field.
#[must_use]
pub fn tag<'v>(object: &'v Value, field: &str) -> Option<&'v str> {
    object.get(field)?.as_str()
}

/// Whether an object has every one of `fields` (whatever their values).
#[must_use]
pub fn has_fields(object: &Value, fields: &[&str]) -> bool {
    fields.iter().all(|f| object.get(f).is_some())
}

/// The alternative `wrap` makes of `object`, read as a `T`; the object back
/// when it is not one.
///
/// # Errors
///
/// The object, when it does not read as a `T`.
pub fn variant<T: Lenient, U>(object: Value, wrap: impl FnOnce(T) -> U) -> Result<U, Value> {
    match T::read(&object) {
        Ok(Read::Fit(value)) => Ok(wrap(value)),
        _ => Err(object),
    }
}
