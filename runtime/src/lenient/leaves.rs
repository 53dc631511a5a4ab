//! Leaves: strings, numbers, booleans and dates, read from whatever JSON
//! scalar holds them; anything else is kept as received.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::{Lenient, Read};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lenient::read;
    use serde_json::json;

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
