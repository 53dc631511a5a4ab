//! Reading what Twilio actually sends.
//!
//! Twilio's responses do not always match its specs: `null` in fields the
//! spec says are never null, numbers sent as strings, an empty string or an
//! id of another kind in a SID field, an object where the spec says array,
//! fields the spec does not declare, declared fields left out. The generated
//! models follow one rule for all of it:
//!
//! - a value that fits its field's type is typed (`Some(value)`);
//! - anything else is kept as received: `null` is remembered, a value that
//!   does not fit and a field the spec does not declare go to the model's
//!   [`Extra`]; the field is `None`;
//! - a field that was absent stays absent;
//! - writing a model back gives what was received, so a body round-trips.
//!
//! Nothing fails to read, and nothing is lost. Validation stays strict where
//! values are built by hand: parsing a SID, the bounds of a request's
//! parameters.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What reading one value gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<T> {
    /// A value of the type.
    Fit(T),
    /// `null`.
    Null,
    /// Something else, kept as received.
    Unfit(Value),
}

/// A type generated models read leniently: a value that does not fit is
/// kept, not refused. Implemented by the runtime for the types of fields
/// (strings, numbers, dates, SIDs, lists, maps), and by generated models and
/// enums.
pub trait Lenient: Sized {
    /// Reads one value.
    ///
    /// # Errors
    ///
    /// Only the deserializer's own errors (a body that is not JSON); a value
    /// of the wrong shape is [`Read::Unfit`].
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read<Self>, D::Error>;
}

/// Reads a `T` leniently, for `next_value_seed`.
pub(crate) struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub(crate) fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Read<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        T::read(deserializer)
    }
}

/// A value read from text, numbers or booleans: how each form of input
/// becomes one, if it can.
pub(crate) trait Leaf: Sized {
    fn from_str(_: &str) -> Option<Self> {
        None
    }
    /// From an owned string; the string back when it does not fit.
    fn from_string(s: String) -> Result<Self, String> {
        Self::from_str(&s).ok_or(s)
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

/// Reads a [`Leaf`], keeping what does not fit.
pub(crate) fn read_leaf<'de, T: Leaf, D: Deserializer<'de>>(d: D) -> Result<Read<T>, D::Error> {
    d.deserialize_any(LeafVisitor(PhantomData))
}

struct LeafVisitor<T>(PhantomData<T>);

fn or_unfit<T>(value: Option<T>, raw: impl FnOnce() -> Value) -> Read<T> {
    match value {
        Some(v) => Read::Fit(v),
        None => Read::Unfit(raw()),
    }
}

impl<'de, T: Leaf> Visitor<'de> for LeafVisitor<T> {
    type Value = Read<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, s: &str) -> Result<Read<T>, E> {
        Ok(or_unfit(T::from_str(s), || Value::String(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Read<T>, E> {
        Ok(match T::from_string(s) {
            Ok(v) => Read::Fit(v),
            Err(s) => Read::Unfit(Value::String(s)),
        })
    }

    fn visit_i64<E>(self, n: i64) -> Result<Read<T>, E> {
        Ok(or_unfit(T::from_i64(n), || Value::from(n)))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Read<T>, E> {
        Ok(or_unfit(T::from_u64(n), || Value::from(n)))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Read<T>, E> {
        Ok(or_unfit(T::from_f64(n), || Value::from(n)))
    }

    fn visit_bool<E>(self, b: bool) -> Result<Read<T>, E> {
        Ok(or_unfit(T::from_bool(b), || Value::Bool(b)))
    }

    fn visit_unit<E>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }

    fn visit_none<E>(self) -> Result<Read<T>, E> {
        Ok(Read::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Read<T>, D::Error> {
        read_leaf(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<T>, A::Error> {
        let raw = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Read::Unfit(raw))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read<T>, A::Error> {
        let raw = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Read::Unfit(raw))
    }
}

macro_rules! lenient_leaf {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Lenient for $ty {
                fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
                    read_leaf(d)
                }
            }
        )*
    };
}

impl Leaf for String {
    fn from_str(s: &str) -> Option<Self> {
        Some(s.to_owned())
    }
    fn from_string(s: String) -> Result<Self, String> {
        Ok(s)
    }
}

impl Leaf for bool {
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

impl Leaf for i64 {
    fn from_i64(n: i64) -> Option<Self> {
        Some(n)
    }
    fn from_u64(n: u64) -> Option<Self> {
        i64::try_from(n).ok()
    }
}

impl Leaf for i32 {
    fn from_i64(n: i64) -> Option<Self> {
        i32::try_from(n).ok()
    }
    fn from_u64(n: u64) -> Option<Self> {
        i32::try_from(n).ok()
    }
}

/// Integers are numbers too; written back, they read `5.0`.
impl Leaf for f64 {
    fn from_f64(n: f64) -> Option<Self> {
        Some(n)
    }
    #[allow(clippy::cast_precision_loss)]
    fn from_i64(n: i64) -> Option<Self> {
        Some(n as f64)
    }
    #[allow(clippy::cast_precision_loss)]
    fn from_u64(n: u64) -> Option<Self> {
        Some(n as f64)
    }
}

/// RFC 3339 in UTC, as Twilio writes it: a value that would not be written
/// back the same (another offset, fractions of seconds written differently)
/// is kept as received.
impl Leaf for chrono::DateTime<chrono::Utc> {
    fn from_str(s: &str) -> Option<Self> {
        let parsed = chrono::DateTime::parse_from_rfc3339(s)
            .ok()?
            .with_timezone(&chrono::Utc);
        // Twilio's usual form, `2024-05-01T10:00:00Z`, is what chrono
        // writes whenever it parses: four-digit year, `T`, no fraction, `Z`.
        let b = s.as_bytes();
        if b.len() == 20 && b[10] == b'T' && b[19] == b'Z' {
            return Some(parsed);
        }
        // Otherwise compare with what chrono writes: its `Debug` form for a
        // UTC date-time (the fraction only when there is one, in 3, 6 or 9
        // digits).
        displays_as(format_args!("{parsed:?}"), s).then_some(parsed)
    }
}

/// `YYYY-MM-DD`.
impl Leaf for chrono::NaiveDate {
    fn from_str(s: &str) -> Option<Self> {
        let parsed = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        displays_as(parsed.format("%Y-%m-%d"), s).then_some(parsed)
    }
}

lenient_leaf!(
    String,
    bool,
    i64,
    i32,
    f64,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate
);

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

/// The `Visitor` methods of a list, map or record reader for scalars, which
/// never fit one: each is kept as received.
macro_rules! scalars_unfit {
    () => {
        fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Read::Unfit(Value::String(s.to_owned())))
        }

        fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Read::Unfit(Value::from(n)))
        }

        fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Read::Unfit(Value::from(n)))
        }

        fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
            Ok(Read::Unfit(Value::from(n)))
        }

        fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
            Ok(Read::Unfit(Value::Bool(b)))
        }
    };
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

/// Whether `value` displays exactly as `text`, found without writing it
/// anywhere: each piece the formatter writes is compared as it comes.
pub(crate) fn displays_as(value: impl fmt::Display, text: &str) -> bool {
    use fmt::Write as _;
    struct Compare<'a>(&'a str);
    impl fmt::Write for Compare<'_> {
        fn write_str(&mut self, piece: &str) -> fmt::Result {
            match self.0.strip_prefix(piece) {
                Some(rest) => {
                    self.0 = rest;
                    Ok(())
                }
                None => Err(fmt::Error),
            }
        }

        // Formatters write numbers a digit at a time: no `memcmp` for one
        // character.
        fn write_char(&mut self, c: char) -> fmt::Result {
            let mut chars = self.0.chars();
            if chars.next() == Some(c) {
                self.0 = chars.as_str();
                Ok(())
            } else {
                Err(fmt::Error)
            }
        }
    }
    let mut compare = Compare(text);
    write!(compare, "{value}").is_ok() && compare.0.is_empty()
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

/// Deserializes anything [`Lenient`] on its own (not as a field): a value
/// that does not fit is an error here, naming the type.
///
/// # Errors
///
/// A value that does not fit, or the deserializer's own errors.
pub fn deserialize_lenient<'de, T: Lenient, D: Deserializer<'de>>(
    deserializer: D,
    type_name: &str,
) -> Result<T, D::Error> {
    match T::read(deserializer)? {
        Read::Fit(value) => Ok(value),
        Read::Null | Read::Unfit(_) => Err(serde::de::Error::custom(format_args!(
            "expected a {type_name}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T: Lenient>(value: Value) -> Read<T> {
        T::read(value).unwrap()
    }

    #[test]
    fn leaves_fit_or_are_kept() {
        assert_eq!(read::<String>(json!("a")), Read::Fit("a".to_string()));
        assert_eq!(read::<String>(json!(5)), Read::Unfit(json!(5)));
        assert_eq!(read::<String>(Value::Null), Read::Null);
        assert_eq!(read::<i64>(json!(7)), Read::Fit(7));
        assert_eq!(read::<i64>(json!("7")), Read::Unfit(json!("7")));
        assert_eq!(read::<i64>(json!(1.5)), Read::Unfit(json!(1.5)));
        assert_eq!(
            read::<i32>(json!(5_000_000_000_i64)),
            Read::Unfit(json!(5_000_000_000_i64))
        );
        assert_eq!(read::<f64>(json!("-0.0025")), Read::Unfit(json!("-0.0025")));
        assert_eq!(read::<f64>(json!(3)), Read::Fit(3.0));
        assert_eq!(read::<bool>(json!("true")), Read::Unfit(json!("true")));
        assert_eq!(
            read::<String>(json!({"a": [1]})),
            Read::Unfit(json!({"a": [1]}))
        );
        let date = read::<chrono::DateTime<chrono::Utc>>(json!("2015-07-30T20:12:31Z"));
        assert!(matches!(date, Read::Fit(_)));
        // Would be written back otherwise: kept as received.
        let offset = read::<chrono::DateTime<chrono::Utc>>(json!("2015-07-30T22:12:31+02:00"));
        assert_eq!(offset, Read::Unfit(json!("2015-07-30T22:12:31+02:00")));
        assert_eq!(
            read::<chrono::NaiveDate>(json!("2026-11-26")),
            Read::Fit(chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())
        );
        assert_eq!(
            read::<chrono::NaiveDate>(json!("2026-1-2")),
            Read::Unfit(json!("2026-1-2"))
        );
    }

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

#[cfg(test)]
mod date_tests {
    use super::*;

    /// A date-time fits only when chrono would write it back the same; the
    /// comparison must agree with what serde_json writes.
    #[test]
    fn date_times_fit_exactly_when_they_write_back_the_same() {
        let cases = [
            "2024-05-01T10:00:00Z",
            "2024-05-01T10:00:00.123Z",
            "2024-05-01T10:00:00.120Z",
            "2024-05-01T10:00:00.000123Z",
            "2024-05-01T10:00:00.123456789Z",
            "2024-05-01T10:00:00+00:00",
            "2024-05-01T12:00:00+02:00",
            "2024-05-01T10:00:00.1Z",
            "2024-05-01t10:00:00z",
            "2024-05-01 10:00:00Z",
            "0999-05-01T10:00:00Z",
            "2024-05-01T23:59:60Z",
            "2024-05-01T10:00:00.000Z",
        ];
        for text in cases {
            let fits = <chrono::DateTime<chrono::Utc> as Leaf>::from_str(text).is_some();
            let writes_back = chrono::DateTime::parse_from_rfc3339(text)
                .map(|d| serde_json::to_value(d.with_timezone(&chrono::Utc)).unwrap() == text)
                .unwrap_or(false);
            assert_eq!(fits, writes_back, "{text}");
        }
        assert!(displays_as(12, "12"));
        assert!(!displays_as(12, "123"));
        assert!(!displays_as(123, "12"));
    }
}
