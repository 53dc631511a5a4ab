//! Records: the generated structs, read and written field by field, with
//! what does not fit their typed fields kept in [`Extra`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Lenient, Read, Seed};

/// What a body held beyond a model's typed fields: the fields the spec does
/// not declare, the values that did not fit their field's type, and which
/// fields were `null`; all of it is written back as received.
///
/// Its `Debug` output names the fields it holds, not their values, which may
/// be personal data. It is `Hash`, so that a model can derive `Hash` (an
/// option of the generator).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Extra {
    /// Fields received as `null`, as a bit set of field positions: the
    /// first 64 inline, so that most records never allocate for it.
    nulls: u64,
    /// The same for positions from 64 on.
    more_nulls: Vec<u64>,
    /// Fields the spec does not declare, and declared fields whose value did
    /// not fit their type, as received.
    pub fields: Map<String, Value>,
}

impl Extra {
    /// The value of a field that was not typed: undeclared, or not fitting
    /// its declared type.
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field)
    }

    /// Whether the body held nothing beyond the typed fields.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.nulls == 0 && self.more_nulls.iter().all(|w| *w == 0)
    }

    fn set_null(&mut self, index: u16) {
        let bit = index % 64;
        match usize::from(index / 64) {
            0 => self.nulls |= 1 << bit,
            word => {
                if self.more_nulls.len() < word {
                    self.more_nulls.resize(word, 0);
                }
                self.more_nulls[word - 1] |= 1 << bit;
            }
        }
    }

    fn was_null(&self, index: u16) -> bool {
        let bit = index % 64;
        match usize::from(index / 64) {
            0 => self.nulls & (1 << bit) != 0,
            word => self
                .more_nulls
                .get(word - 1)
                .is_some_and(|w| w & (1 << bit) != 0),
        }
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nulls =
            self.nulls.count_ones() + self.more_nulls.iter().map(|w| w.count_ones()).sum::<u32>();
        f.debug_struct("Extra")
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .field("nulls", &nulls)
            .finish()
    }
}

/// A model read and written by field: what generated structs implement, so
/// that one implementation of the rule above serves all of them.
pub trait Record: Default {
    /// The type's name, for messages.
    const NAME: &'static str;

    /// Reads the value of the field named `key` on the wire; `false` when
    /// there is no such field.
    ///
    /// # Errors
    ///
    /// Only the deserializer's own errors.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Writes every field that has a value, and every field received as
    /// `null`; marks them in `written`.
    ///
    /// # Errors
    ///
    /// The serializer's errors.
    fn write_fields<M: SerializeMap>(
        &self,
        map: &mut M,
        written: &mut Written,
    ) -> Result<(), M::Error>;

    /// The wire names of the fields, in the order `read_field` and
    /// `write_fields` number them.
    const FIELDS: &'static [&'static str];

    /// What the body held beyond the typed fields.
    fn extra(&self) -> &Extra;

    /// The same, to fill it while reading.
    fn extra_mut(&mut self) -> &mut Extra;
}

/// Which fields a record has written, by position.
#[derive(Default)]
pub struct Written(Vec<u64>);

impl Written {
    fn mark(&mut self, index: u16) {
        let (word, bit) = (usize::from(index / 64), index % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    fn has(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|w| w & (1 << (index % 64)) != 0)
    }
}

/// Reads the value of field `index` (`key` on the wire) into `slot`, or
/// keeps it in `extra`.
///
/// # Errors
///
/// Only the deserializer's own errors.
pub fn read_field<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    key: &str,
    index: u16,
    slot: &mut Option<T>,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    match map.next_value_seed(Seed::<T>::new())? {
        Read::Fit(v) => *slot = Some(v),
        Read::Null => extra.set_null(index),
        Read::Unfit(raw) => {
            extra.fields.insert(key.to_owned(), raw);
        }
    }
    Ok(())
}

/// Writes field `index` (`key` on the wire): its value, or `null` when it
/// was received so; nothing otherwise.
///
/// # Errors
///
/// The serializer's errors.
pub fn write_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    index: u16,
    slot: &Option<T>,
    extra: &Extra,
    written: &mut Written,
) -> Result<(), M::Error> {
    match slot {
        Some(value) => map.serialize_entry(key, value)?,
        None if extra.was_null(index) => map.serialize_entry(key, &())?,
        None => return Ok(()),
    }
    written.mark(index);
    Ok(())
}

/// Writes a record's fields, then what it kept in [`Extra`] (but for a
/// declared field that has been given a value since).
fn write_record<R: Record, M: SerializeMap>(record: &R, map: &mut M) -> Result<(), M::Error> {
    let mut written = Written::default();
    record.write_fields(map, &mut written)?;
    for (key, value) in &record.extra().fields {
        let typed = R::FIELDS
            .iter()
            .position(|f| f == key)
            .is_some_and(|i| written.has(i));
        if !typed {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// Serializes a record as a JSON object.
///
/// # Errors
///
/// The serializer's errors.
pub fn serialize_record<R: Record, S: Serializer>(
    record: &R,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    write_record(record, &mut map)?;
    map.end()
}

/// Deserializes a record from a JSON object; anything but an object is an
/// error here (inside another model it is kept, see [`read_record`]).
///
/// # Errors
///
/// A value that is not an object, or the deserializer's own errors.
pub fn deserialize_record<'de, R: Record, D: Deserializer<'de>>(d: D) -> Result<R, D::Error> {
    match read_record::<R, D>(d)? {
        Read::Fit(record) => Ok(record),
        Read::Null | Read::Unfit(_) => Err(serde::de::Error::custom(format_args!(
            "expected a {} object",
            R::NAME
        ))),
    }
}

/// Reads an object key borrowed from the input when the deserializer can
/// lend it (`serde_json::from_slice` can, for keys without escapes), so that
/// matching a key to a field allocates nothing. (`Cow<str>`'s own
/// `Deserialize` always copies.)
pub(crate) struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(s))
    }
}

/// Reads a record leniently: an object fits; anything else is kept.
///
/// # Errors
///
/// Only the deserializer's own errors.
pub fn read_record<'de, R: Record, D: Deserializer<'de>>(d: D) -> Result<Read<R>, D::Error> {
    d.deserialize_any(RecordVisitor(PhantomData))
}

struct RecordVisitor<R>(PhantomData<R>);

impl<'de, R: Record> Visitor<'de> for RecordVisitor<R> {
    type Value = Read<R>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", R::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read<R>, A::Error> {
        let mut record = R::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if !record.read_field(&key, &mut map)? {
                let value: Value = map.next_value()?;
                record.extra_mut().fields.insert(key.into_owned(), value);
            }
        }
        Ok(Read::Fit(record))
    }

    fn visit_unit<E>(self) -> Result<Read<R>, E> {
        Ok(Read::Null)
    }

    fn visit_none<E>(self) -> Result<Read<R>, E> {
        Ok(Read::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Read<R>, D::Error> {
        read_record(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<R>, A::Error> {
        let raw = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Read::Unfit(raw))
    }

    scalars_unfit!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extra_remembers_nulls_and_hides_values_in_debug() {
        let mut extra = Extra::default();
        assert!(extra.is_empty());
        extra.set_null(3);
        extra.set_null(70);
        assert!(extra.was_null(3) && extra.was_null(70) && !extra.was_null(4));
        extra.fields.insert("secret".into(), json!("+15551234567"));
        let debug = format!("{extra:?}");
        assert!(
            debug.contains("secret") && !debug.contains("5551234567"),
            "{debug}"
        );
        assert!(!extra.is_empty());
    }

    #[test]
    fn extras_that_are_equal_hash_alike() {
        use std::collections::HashSet;
        let make = |null: u16, key: &str| {
            let mut extra = Extra::default();
            extra.set_null(null);
            extra.fields.insert(key.into(), json!({"a": [1, 2]}));
            extra
        };
        let set: HashSet<Extra> = [make(3, "x"), make(3, "x"), make(70, "x"), make(3, "y")].into();
        assert_eq!(set.len(), 3);
        assert!(set.contains(&make(70, "x")));
    }
}
