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
//!
//! The rule is implemented once per kind of value: [`leaves`] (text,
//! numbers, booleans, dates), [`containers`] (any JSON, lists, maps,
//! options), [`records`] (generated structs, with what they keep in
//! [`Extra`]) and [`unions`] (`oneOf`s). What they share is here: [`Read`],
//! the [`Lenient`] trait and the seed that reads one value.

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer};
use serde_json::Value;

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

mod containers;
mod leaves;
mod records;
mod unions;

pub(crate) use leaves::{displays_as, read_leaf, Leaf};
pub(crate) use records::KeySeed;
pub use records::{
    deserialize_record, read_field, read_record, serialize_record, write_field, Extra, Record,
    Written,
};
pub use unions::{has_fields, read_union, tag, variant};

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

/// Reads `value` as a `T`, for the tests of each kind.
#[cfg(test)]
fn read<T: Lenient>(value: Value) -> Read<T> {
    T::read(value).unwrap()
}
