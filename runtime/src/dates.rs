//! Dates in the forms Twilio writes them.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::encode::ParamValue;
use crate::lenient::{read_leaf, Leaf, Lenient, Read};

/// The form of [`Rfc2822DateTime`]: `Thu, 30 Jul 2015 20:12:31 +0000`.
const RFC_2822: &str = "%a, %d %b %Y %H:%M:%S %z";

/// A date and time written as RFC 2822 describes (`Thu, 30 Jul 2015 20:12:31
/// +0000`), as Twilio's 2010 API (messages, calls) writes them. It reads that
/// form, and writes it back the same, so a body round-trips byte for byte.
/// The value is a `chrono` date-time in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rfc2822DateTime(pub DateTime<Utc>);

impl Rfc2822DateTime {
    /// The date-time, in UTC.
    #[must_use]
    pub fn utc(&self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Rfc2822DateTime {
    fn from(value: DateTime<Utc>) -> Self {
        Rfc2822DateTime(value)
    }
}

impl From<Rfc2822DateTime> for DateTime<Utc> {
    fn from(value: Rfc2822DateTime) -> Self {
        value.0
    }
}

impl std::ops::Deref for Rfc2822DateTime {
    type Target = DateTime<Utc>;
    fn deref(&self) -> &DateTime<Utc> {
        &self.0
    }
}

impl fmt::Display for Rfc2822DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(RFC_2822))
    }
}

impl FromStr for Rfc2822DateTime {
    type Err = chrono::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc2822(s).map(|d| Rfc2822DateTime(d.with_timezone(&Utc)))
    }
}

impl serde::Serialize for Rfc2822DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Rfc2822DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A value that would not be written back the same (another offset, no day
/// of the week) is kept as received.
impl Leaf for Rfc2822DateTime {
    fn from_str(s: &str) -> Option<Self> {
        let parsed: Rfc2822DateTime = s.parse().ok()?;
        crate::lenient::displays_as(parsed, s).then_some(parsed)
    }
}

impl Lenient for Rfc2822DateTime {
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_leaf(d)
    }
}

/// Sent as written: `Thu, 30 Jul 2015 20:12:31 +0000`.
impl ParamValue for Rfc2822DateTime {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_string()));
    }
}

/// Sent as `YYYY-MM-DD`.
impl ParamValue for chrono::NaiveDate {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.format("%Y-%m-%d").to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_dates_round_trip_byte_for_byte() {
        let text = "Thu, 30 Jul 2015 20:12:31 +0000";
        let date: Rfc2822DateTime = text.parse().unwrap();
        assert_eq!(date.to_string(), text);
        assert_eq!(date.utc().to_rfc3339(), "2015-07-30T20:12:31+00:00");
        let json = format!("\"{text}\"");
        let read: Rfc2822DateTime = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), json);
        assert_eq!(
            read_leaf::<Rfc2822DateTime, _>(serde_json::json!(text)).unwrap(),
            Read::Fit(date)
        );
        // Another offset reads, but would not be written back the same.
        let other = "Thu, 30 Jul 2015 22:12:31 +0200";
        assert_eq!(other.parse::<Rfc2822DateTime>().unwrap(), date);
        assert_eq!(
            read_leaf::<Rfc2822DateTime, _>(serde_json::json!(other)).unwrap(),
            Read::Unfit(serde_json::json!(other))
        );
        assert!("2015-07-30".parse::<Rfc2822DateTime>().is_err());
    }
}
