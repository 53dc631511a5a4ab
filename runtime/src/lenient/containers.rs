//! Containers: any JSON, JSON objects, options, lists and maps. A list or
//! a map fits when every item fits; otherwise it is kept whole, as received.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Lenient, Read, Seed};

/// Any JSON: always fits.
impl Lenient for Value {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Read::Null),
            other => Ok(Read::Fit(other)),
        }
    }
}

/// A JSON object of any content.
impl Lenient for Map<String, Value> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Read::Null),
            Value::Object(map) => Ok(Read::Fit(map)),
            other => Ok(Read::Unfit(other)),
        }
    }
}

/// `null` is a value here: `None`.
impl<T: Lenient> Lenient for Option<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        Ok(match T::read(d)? {
            Read::Fit(v) => Read::Fit(Some(v)),
            Read::Null => Read::Fit(None),
            Read::Unfit(raw) => Read::Unfit(raw),
        })
    }
}

/// A list fits when every item does; otherwise the whole list is kept as
/// received.
impl<T: Lenient + Serialize> Lenient for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient + Serialize> Visitor<'de> for ListVisitor<T> {
    type Value = Read<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        // Items go straight into the list while they fit; once one does
        // not, the list is kept as received.
        while let Some(item) = seq.next_element_seed(Seed::<T>::new())? {
            match item {
                Read::Fit(v) => items.push(v),
                other => {
                    let mut raw: Vec<Value> = items
                        .into_iter()
                        .map(Read::Fit)
                        .map(Read::into_raw)
                        .collect();
                    raw.push(other.into_raw());
                    while let Some(item) = seq.next_element_seed(Seed::<T>::new())? {
                        raw.push(item.into_raw());
                    }
                    return Ok(Read::Unfit(Value::Array(raw)));
                }
            }
        }
        Ok(Read::Fit(items))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Read::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Read::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Vec::<T>::read(d)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let raw = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Read::Unfit(raw))
    }

    scalars_unfit!();
}

/// A map fits when every value does; otherwise it is kept as received.
impl<T: Lenient + Serialize> Lenient for BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        d.deserialize_any(MapVisitor(PhantomData))
    }
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient + Serialize> Visitor<'de> for MapVisitor<T> {
    type Value = Read<BTreeMap<String, T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut typed = BTreeMap::new();
        // Once a value does not fit, the map is kept as received: what was
        // read so far moves into `raw`, in order.
        let mut raw: Option<Map<String, Value>> = None;
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Seed::<T>::new())?;
            match (&mut raw, value) {
                (None, Read::Fit(v)) => {
                    typed.insert(key, v);
                }
                (None, other) => {
                    let mut kept: Map<String, Value> = std::mem::take(&mut typed)
                        .into_iter()
                        .map(|(k, v)| (k, serde_json::to_value(v).unwrap_or(Value::Null)))
                        .collect();
                    kept.insert(key, other.into_raw());
                    raw = Some(kept);
                }
                (Some(kept), value) => {
                    kept.insert(key, value.into_raw());
                }
            }
        }
        Ok(match raw {
            None => Read::Fit(typed),
            Some(kept) => Read::Unfit(Value::Object(kept)),
        })
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Read::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Read::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        BTreeMap::<String, T>::read(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let raw = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Read::Unfit(raw))
    }

    scalars_unfit!();
}

impl<T: Serialize> Read<T> {
    /// The value as received: a fitting one written back, `null`, or what
    /// was kept.
    fn into_raw(self) -> Value {
        match self {
            Read::Fit(v) => serde_json::to_value(v).unwrap_or(Value::Null),
            Read::Null => Value::Null,
            Read::Unfit(raw) => raw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lenient::read;
    use serde_json::json;

    #[test]
    fn lists_and_maps_fit_whole_or_are_kept_whole() {
        assert_eq!(read::<Vec<i64>>(json!([1, 2])), Read::Fit(vec![1, 2]));
        assert_eq!(
            read::<Vec<i64>>(json!([1, "2"])),
            Read::Unfit(json!([1, "2"]))
        );
        assert_eq!(
            read::<Vec<i64>>(json!([1, null])),
            Read::Unfit(json!([1, null]))
        );
        // An object where the spec says a list.
        assert_eq!(
            read::<Vec<i64>>(json!({"a": 1})),
            Read::Unfit(json!({"a": 1}))
        );
        assert_eq!(read::<Vec<i64>>(Value::Null), Read::Null);
        let links = read::<BTreeMap<String, Option<String>>>(json!({"a": "u", "b": null}));
        let expected: BTreeMap<String, Option<String>> = [
            ("a".to_string(), Some("u".to_string())),
            ("b".to_string(), None),
        ]
        .into();
        assert_eq!(links, Read::Fit(expected));
        assert_eq!(
            read::<BTreeMap<String, i64>>(json!({"a": "x"})),
            Read::Unfit(json!({"a": "x"}))
        );
        assert_eq!(read::<Option<i64>>(Value::Null), Read::Fit(None));
        assert!(matches!(
            read::<Map<String, Value>>(json!({"k": 1})),
            Read::Fit(_)
        ));
        assert_eq!(
            read::<Map<String, Value>>(json!([1])),
            Read::Unfit(json!([1]))
        );
    }
}
