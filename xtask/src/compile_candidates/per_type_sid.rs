/// One SID type with its own impls, none of them generic: what the
/// generated code would hold per type without the generic `Sid<S>`.
#[macro_export]
macro_rules! per_type_sid {
    ($(#[$attr:meta])* $name:ident, $spec:ty) => {
        $(#[$attr])*
        pub struct $name {
            bytes: [u8; 34],
        }
        impl $name {
            /// Validates `s`.
            ///
            /// # Errors
            ///
            /// When `s` is not a SID of this type.
            pub fn parse(s: &str) -> Result<Self, $crate::rt::SidError> {
                use $crate::rt::SidSpec as _;
                let fail = |kind| $crate::rt::SidError {
                    type_name: <$spec>::NAME,
                    prefix: <$spec>::PREFIX,
                    body: <$spec>::BODY,
                    kind,
                };
                let bytes = s.as_bytes();
                let Ok(array) = <[u8; 34]>::try_from(bytes) else {
                    return Err(fail($crate::rt::SidErrorKind::Length(bytes.len())));
                };
                if !<$spec>::PREFIX.accepts(&array[..2]) {
                    let mut chars = s.chars();
                    let found = [chars.next().unwrap_or_default(), chars.next().unwrap_or_default()];
                    return Err(fail($crate::rt::SidErrorKind::Prefix(found)));
                }
                let body = &array[2..];
                if !<$spec>::BODY.accepts_all(body) {
                    let table = <$spec>::BODY.table();
                    if let Some(position) = body.iter().position(|&b| !table[usize::from(b)]) {
                        let position = position + 2;
                        let found = s[position..].chars().next().unwrap_or('\u{fffd}');
                        return Err(fail($crate::rt::SidErrorKind::Character { position, found }));
                    }
                }
                Ok(Self { bytes: array })
            }
            /// The SID as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                std::str::from_utf8(&self.bytes).unwrap_or_default()
            }
        }
        impl Clone for $name {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl Copy for $name {}
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.bytes == other.bytes
            }
        }
        impl Eq for $name {}
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.bytes.cmp(&other.bytes)
            }
        }
        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.bytes.hash(state);
            }
        }
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use $crate::rt::SidSpec as _;
                f.debug_tuple(<$spec>::NAME).field(&self.as_str()).finish()
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $name {
            type Err = $crate::rt::SidError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<&str> for $name {
            type Error = $crate::rt::SidError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = $crate::rt::SidError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl $crate::rt::serde::Serialize for $name {
            fn serialize<Ser: $crate::rt::serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::rt::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl $crate::rt::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        use $crate::rt::SidSpec as _;
                        write!(f, "a {} ({} followed by 32 {}s)", <$spec>::NAME, <$spec>::PREFIX, <$spec>::BODY.what())
                    }
                    fn visit_str<E: $crate::rt::serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        $name::parse(s).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
        impl $crate::rt::lenient::Leaf for $name {
            fn from_str(s: &str) -> Option<Self> {
                $name::parse(s).ok()
            }
        }
        impl $crate::rt::lenient::Lenient for $name {
            fn read<'de, D: $crate::rt::serde::Deserializer<'de>>(
                d: D,
            ) -> Result<$crate::rt::lenient::Read<Self>, D::Error> {
                $crate::rt::lenient::read_leaf(d)
            }
        }
        impl $crate::rt::ParamValue for $name {
            fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((key, self.as_str().to_owned()));
            }
        }
        impl From<$name> for $crate::rt::SidLike<$name> {
            fn from(sid: $name) -> Self {
                $crate::rt::SidLike::Sid(sid)
            }
        }
    };
}
