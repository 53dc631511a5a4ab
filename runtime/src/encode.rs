//! How parameter values become query pairs, form fields and path segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// How a parameter value is written into a query string or form body: one
/// `key=value` pair per value, arrays repeating the key, absent optional
/// values writing nothing.
pub trait ParamValue {
    /// Appends this value's pairs under `key`.
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>);
}

impl ParamValue for String {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.clone()));
    }
}

impl ParamValue for bool {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_string()));
    }
}

impl ParamValue for i64 {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_string()));
    }
}

impl ParamValue for i32 {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_string()));
    }
}

impl ParamValue for f64 {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_string()));
    }
}

/// Dates are sent in ISO 8601 (RFC 3339) in UTC, to the second.
impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
    }
}

/// Strings are sent as they are, anything else as JSON text.
impl ParamValue for serde_json::Value {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        match self {
            serde_json::Value::String(s) => out.push((key, s.clone())),
            other => out.push((key, other.to_string())),
        }
    }
}

/// An object is sent as JSON text.
impl ParamValue for serde_json::Map<String, serde_json::Value> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, serde_json::Value::Object(self.clone()).to_string()));
    }
}

/// A map is sent as JSON text.
impl<T: serde::Serialize> ParamValue for std::collections::BTreeMap<String, T> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, serde_json::to_string(self).unwrap_or_default()));
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        if let Some(value) = self {
            value.append(key, out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        for value in self {
            value.append(key, out);
        }
    }
}

/// `key=value&…`, form-urlencoded.
#[must_use]
pub fn encode_pairs(pairs: &[(&str, String)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `path` as one percent-encoded segment. A value of `.`
/// or `..` is encoded in full, so it cannot climb the path.
pub fn push_segment(path: &mut String, value: &str) {
    if value == "." || value == ".." {
        for _ in value.chars() {
            path.push_str("%2E");
        }
    } else {
        path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_pairs() {
        let mut out = Vec::new();
        Some(vec![String::from("a"), String::from("b")]).append("Permission", &mut out);
        None::<i64>.append("Skipped", &mut out);
        true.append("Flag", &mut out);
        1.5f64.append("Ratio", &mut out);
        serde_json::json!({"k": 1}).append("Json", &mut out);
        let date = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05.678Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        date.append("Date", &mut out);
        assert_eq!(
            encode_pairs(&out),
            "Permission=a&Permission=b&Flag=true&Ratio=1.5&Json=%7B%22k%22%3A1%7D&Date=2026-01-02T03%3A04%3A05Z"
        );
    }

    #[test]
    fn segments_are_encoded_whole() {
        for (value, encoded) in [
            ("a b/c?d#e", "a%20b%2Fc%3Fd%23e"),
            ("ünï", "%C3%BCn%C3%AF"),
            ("..", "%2E%2E"),
            (".", "%2E"),
            ("dev-bot_1.x~", "dev-bot_1.x~"),
        ] {
            let mut path = String::from("/");
            push_segment(&mut path, value);
            assert_eq!(path, format!("/{encoded}"), "{value:?}");
        }
    }
}
