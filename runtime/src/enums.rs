//! String enums that keep values they do not know.

use std::fmt;
use std::marker::PhantomData;

use crate::encode::ParamValue;

/// A string enum with one variant per known value plus one that keeps any
/// other value as sent, so that values Twilio adds later survive a round
/// trip. Generated enums implement it; their `Display`, `FromStr`, `From`
/// and serde implementations forward to it.
pub trait StringEnum: Sized {
    /// The Rust type's name, used in error messages.
    const TYPE_NAME: &'static str;

    /// The variant for a known value, if `value` is one.
    fn from_known(value: &str) -> Option<Self>;

    /// The variant that keeps an unknown value.
    fn from_unknown(value: String) -> Self;

    /// The value as sent on the wire.
    fn as_str(&self) -> &str;

    /// The variant for any value: known or kept as sent.
    #[must_use]
    fn from_wire(value: &str) -> Self {
        Self::from_known(value).unwrap_or_else(|| Self::from_unknown(value.to_owned()))
    }

    /// As [`StringEnum::from_wire`], without copying an unknown value.
    #[must_use]
    fn from_wire_string(value: String) -> Self {
        Self::from_known(&value).unwrap_or_else(|| Self::from_unknown(value))
    }
}

impl<E: StringEnum> ParamValue for E {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.as_str().to_owned()));
    }
}

/// Deserializes any string into `E`; nothing but a non-string fails.
///
/// # Errors
///
/// The deserializer's error for a value that is not a string.
pub fn deserialize<'de, D, E>(deserializer: D) -> Result<E, D::Error>
where
    D: serde::Deserializer<'de>,
    E: StringEnum,
{
    struct Visitor<E>(PhantomData<E>);

    impl<E: StringEnum> serde::de::Visitor<'_> for Visitor<E> {
        type Value = E;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a string value of {}", E::TYPE_NAME)
        }

        fn visit_str<Err: serde::de::Error>(self, s: &str) -> Result<E, Err> {
            Ok(E::from_wire(s))
        }

        fn visit_string<Err: serde::de::Error>(self, s: String) -> Result<E, Err> {
            Ok(E::from_wire_string(s))
        }
    }

    deserializer.deserialize_str(Visitor(PhantomData))
}

/// A string enum as a [`Leaf`]: any string fits (an unknown one is kept by
/// the enum itself); anything else is kept as received.
struct EnumLeaf<E>(E);

impl<E: StringEnum> crate::lenient::Leaf for EnumLeaf<E> {
    fn from_str(s: &str) -> Option<Self> {
        Some(EnumLeaf(E::from_wire(s)))
    }
    fn from_string(s: String) -> Result<Self, String> {
        Ok(EnumLeaf(E::from_wire_string(s)))
    }
}

/// Reads a string enum leniently, for its `Lenient` implementation.
///
/// # Errors
///
/// Only the deserializer's own errors.
pub fn read<'de, E: StringEnum, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<crate::lenient::Read<E>, D::Error> {
    use crate::lenient::Read;
    Ok(
        match crate::lenient::read_leaf::<EnumLeaf<E>, D>(deserializer)? {
            Read::Fit(EnumLeaf(e)) => Read::Fit(e),
            Read::Null => Read::Null,
            Read::Unfit(raw) => Read::Unfit(raw),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Order {
        Asc,
        Unknown(String),
    }

    impl StringEnum for Order {
        const TYPE_NAME: &'static str = "Order";
        fn from_known(value: &str) -> Option<Self> {
            (value == "asc").then_some(Order::Asc)
        }
        fn from_unknown(value: String) -> Self {
            Order::Unknown(value)
        }
        fn as_str(&self) -> &str {
            match self {
                Order::Asc => "asc",
                Order::Unknown(other) => other,
            }
        }
    }

    #[test]
    fn unknown_values_are_kept() {
        assert_eq!(Order::from_wire("asc"), Order::Asc);
        assert_eq!(
            Order::from_wire("sideways"),
            Order::Unknown("sideways".into())
        );
        let de: Order = deserialize(serde_json::json!("desc")).unwrap();
        assert_eq!(de.as_str(), "desc");
        let err = deserialize::<_, Order>(serde_json::json!(3)).unwrap_err();
        assert!(
            err.to_string().contains("expected a string value of Order"),
            "{err}"
        );
        let mut out = Vec::new();
        Order::Asc.append("Order", &mut out);
        assert_eq!(out, vec![("Order", String::from("asc"))]);
    }
}
