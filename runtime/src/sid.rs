//! SIDs: Twilio's 34-character resource identifiers, a two-letter prefix
//! naming the resource type and 32 characters (almost always hex digits).
//!
//! One generic type, [`Sid<S>`], serves every prefix: `S` is a marker type
//! whose [`SidSpec`] says which prefix and body it accepts. Generated code
//! declares one marker per prefix and an alias (`type UserSid = Sid<US>`), so
//! each SID type is distinct, and all of them share one implementation.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use crate::encode::ParamValue;

/// The length of every SID, in bytes.
pub const SID_LEN: usize = 34;

/// What a SID type accepts. Implemented by marker types that are never
/// instantiated (`pub enum US {}`).
pub trait SidSpec: 'static {
    /// The Rust type's name, used in messages (`UserSid`).
    const NAME: &'static str;
    /// The accepted prefixes.
    const PREFIX: SidPrefix;
    /// The accepted characters after the prefix.
    const BODY: SidBody;
}

/// The first two characters a SID type accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SidPrefix {
    /// Exactly this two-letter prefix (`US`).
    Exact(&'static str),
    /// Any one of these prefixes (`SM` or `MM`): a SID of one of several
    /// resource types.
    OneOf(&'static [&'static str]),
    /// Any two ASCII letters: a SID of any resource type.
    Letters,
    /// Any two uppercase ASCII letters.
    Uppercase,
}

impl SidPrefix {
    #[inline]
    fn accepts(self, found: &[u8]) -> bool {
        match self {
            SidPrefix::Exact(prefix) => same_two(found, prefix.as_bytes()),
            SidPrefix::OneOf(prefixes) => prefixes.iter().any(|p| same_two(found, p.as_bytes())),
            SidPrefix::Letters => found.iter().all(u8::is_ascii_alphabetic),
            SidPrefix::Uppercase => found.iter().all(u8::is_ascii_uppercase),
        }
    }
}

/// `found == prefix` for two-byte slices, without a call to `memcmp`.
#[inline]
fn same_two(found: &[u8], prefix: &[u8]) -> bool {
    match (found, prefix) {
        ([a, b], [c, d]) => a == c && b == d,
        _ => found == prefix,
    }
}

impl fmt::Display for SidPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SidPrefix::Exact(prefix) => write!(f, "{prefix:?}"),
            SidPrefix::OneOf(prefixes) => {
                for (i, prefix) in prefixes.iter().enumerate() {
                    match i {
                        0 => {}
                        _ if i + 1 == prefixes.len() => f.write_str(" or ")?,
                        _ => f.write_str(", ")?,
                    }
                    write!(f, "{prefix:?}")?;
                }
                Ok(())
            }
            SidPrefix::Letters => f.write_str("two letters"),
            SidPrefix::Uppercase => f.write_str("two uppercase letters"),
        }
    }
}

/// Says that every SID `T` accepts, the type implementing it accepts too:
/// a SID of one of several types (`SM` or `MM`) includes each of them. It
/// makes [`Sid::widen`] available.
pub trait Includes<T: SidSpec>: SidSpec {}

/// The 32 characters after a SID's prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SidBody {
    /// Hex digits in either case (`[0-9a-fA-F]`): Twilio's usual form.
    Hex,
    /// Lowercase hex digits (`[0-9a-f]`).
    LowerHex,
    /// ASCII letters and digits (`[a-zA-Z0-9]`).
    Alphanumeric,
}

impl SidBody {
    fn table(self) -> &'static [bool; 256] {
        match self {
            SidBody::Hex => &HEX,
            SidBody::LowerHex => &LOWER_HEX,
            SidBody::Alphanumeric => &ALPHANUMERIC,
        }
    }

    /// Whether all 32 body bytes are accepted, checked eight bytes at a
    /// time. Only when they are not is the slower table walk used, to find
    /// which byte.
    #[inline]
    fn accepts_all(self, body: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Byte by byte, for bytes below 0x80 (a word with any other byte is
        // refused first): the high bit of `x + (0x80 - lo)` is set when
        // `x >= lo`, and that of `x + (0x7f - hi)` is clear when `x <= hi`.
        // Neither sum carries into the next byte.
        let in_range = |x: u64, lo: u8, hi: u8| {
            x.wrapping_add(u64::from(0x80 - lo) * ONES)
                & !x.wrapping_add(u64::from(0x7f - hi) * ONES)
        };
        // Setting bit 5 folds ASCII uppercase letters onto lowercase ones,
        // and nothing else onto a lowercase letter.
        let folded = |x: u64| x | (0x20 * ONES);
        body.chunks_exact(8).all(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            let digit = in_range(x, b'0', b'9');
            let ok = match self {
                SidBody::Hex => digit | in_range(folded(x), b'a', b'f'),
                SidBody::LowerHex => digit | in_range(x, b'a', b'f'),
                SidBody::Alphanumeric => digit | in_range(folded(x), b'a', b'z'),
            };
            x & HIGH == 0 && ok & HIGH == HIGH
        })
    }

    fn what(self) -> &'static str {
        match self {
            SidBody::Hex => "hex digit",
            SidBody::LowerHex => "lowercase hex digit",
            SidBody::Alphanumeric => "letter or digit",
        }
    }
}

const fn table(body: SidBody) -> [bool; 256] {
    let mut out = [false; 256];
    let mut c: u8 = 0;
    loop {
        out[c as usize] = match body {
            SidBody::Hex => c.is_ascii_hexdigit(),
            SidBody::LowerHex => c.is_ascii_digit() || (c >= b'a' && c <= b'f'),
            SidBody::Alphanumeric => c.is_ascii_alphanumeric(),
        };
        if c == u8::MAX {
            return out;
        }
        c += 1;
    }
}

static HEX: [bool; 256] = table(SidBody::Hex);
static LOWER_HEX: [bool; 256] = table(SidBody::LowerHex);
static ALPHANUMERIC: [bool; 256] = table(SidBody::Alphanumeric);

/// A validated SID of the type `S` describes. `Copy`, 34 bytes, never
/// allocates.
pub struct Sid<S> {
    bytes: [u8; SID_LEN],
    spec: PhantomData<fn() -> S>,
}

/// The marker of [`AnySid`]: any two letters, then 32 hex digits.
#[derive(Debug)]
pub enum Any {}

impl SidSpec for Any {
    const NAME: &'static str = "AnySid";
    const PREFIX: SidPrefix = SidPrefix::Letters;
    const BODY: SidBody = SidBody::Hex;
}

/// A SID of any resource type, for fields such as `resource_sid` that may
/// point at anything.
pub type AnySid = Sid<Any>;

/// The marker of [`AnyUppercaseSid`]: any two uppercase letters, then 32 hex
/// digits.
#[derive(Debug)]
pub enum AnyUppercase {}

impl SidSpec for AnyUppercase {
    const NAME: &'static str = "AnyUppercaseSid";
    const PREFIX: SidPrefix = SidPrefix::Uppercase;
    const BODY: SidBody = SidBody::Hex;
}

/// A SID of any resource type whose prefix is written in uppercase.
pub type AnyUppercaseSid = Sid<AnyUppercase>;

impl<S: SidSpec> Includes<S> for Any {}

impl<S: SidSpec> Sid<S> {
    /// What this type accepts as its first two characters.
    pub const PREFIX: SidPrefix = S::PREFIX;
    /// The type's name, e.g. `UserSid`.
    pub const TYPE_NAME: &'static str = S::NAME;

    /// Validates `s`: 34 bytes, an accepted prefix, then 32 accepted
    /// characters.
    ///
    /// # Errors
    ///
    /// A [`SidError`] that names the type and the rule `s` broke.
    pub fn parse(s: &str) -> Result<Self, SidError> {
        let fail = |kind| SidError {
            type_name: S::NAME,
            prefix: S::PREFIX,
            body: S::BODY,
            kind,
        };
        let bytes = s.as_bytes();
        let Ok(array) = <[u8; SID_LEN]>::try_from(bytes) else {
            return Err(fail(SidErrorKind::Length(bytes.len())));
        };
        if !S::PREFIX.accepts(&array[..2]) {
            // 34 bytes hold at least 9 characters.
            let mut chars = s.chars();
            let found = [
                chars.next().unwrap_or_default(),
                chars.next().unwrap_or_default(),
            ];
            return Err(fail(SidErrorKind::Prefix(found)));
        }
        let body = &array[2..];
        if !S::BODY.accepts_all(body) {
            let table = S::BODY.table();
            if let Some(position) = body.iter().position(|&b| !table[usize::from(b)]) {
                let position = position + 2;
                // Every byte before `position` is ASCII: a char boundary.
                let found = s[position..].chars().next().unwrap_or('\u{fffd}');
                return Err(fail(SidErrorKind::Character { position, found }));
            }
        }
        Ok(Sid {
            bytes: array,
            spec: PhantomData,
        })
    }

    /// The SID as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes pass `parse`.
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The same SID as another SID type, if that type accepts it; for
    /// example a typed SID as an [`AnySid`].
    ///
    /// # Errors
    ///
    /// As [`Sid::parse`] of the other type.
    pub fn cast<T: SidSpec>(self) -> Result<Sid<T>, SidError> {
        Sid::parse(self.as_str())
    }

    /// The same SID as a type that accepts every SID of this one, such as a
    /// SID of one of several types, or [`AnySid`]. Checked when compiled, so
    /// it cannot fail.
    #[must_use]
    pub fn widen<W: Includes<S>>(self) -> Sid<W> {
        Sid {
            bytes: self.bytes,
            spec: PhantomData,
        }
    }
}

impl<S> Clone for Sid<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Sid<S> {}

impl<S> PartialEq for Sid<S> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<S> Eq for Sid<S> {}

impl<S> PartialOrd for Sid<S> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<S> Ord for Sid<S> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bytes.cmp(&other.bytes)
    }
}

impl<S> Hash for Sid<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl<S: SidSpec> fmt::Debug for Sid<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(S::NAME).field(&self.as_str()).finish()
    }
}

impl<S: SidSpec> fmt::Display for Sid<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<S: SidSpec> FromStr for Sid<S> {
    type Err = SidError;
    fn from_str(s: &str) -> Result<Self, SidError> {
        Self::parse(s)
    }
}

impl<S: SidSpec> TryFrom<&str> for Sid<S> {
    type Error = SidError;
    fn try_from(s: &str) -> Result<Self, SidError> {
        Self::parse(s)
    }
}

impl<S: SidSpec> TryFrom<String> for Sid<S> {
    type Error = SidError;
    fn try_from(s: String) -> Result<Self, SidError> {
        Self::parse(&s)
    }
}

impl<S: SidSpec> AsRef<str> for Sid<S> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<S: SidSpec> serde::Serialize for Sid<S> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, S: SidSpec> serde::Deserialize<'de> for Sid<S> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<S>(PhantomData<S>);
        impl<S: SidSpec> serde::de::Visitor<'_> for Visitor<S> {
            type Value = Sid<S>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a {} ({} followed by 32 {}s)",
                    S::NAME,
                    S::PREFIX,
                    S::BODY.what()
                )
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Sid<S>, E> {
                Sid::parse(s).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor(PhantomData))
    }
}

/// A string that is not a SID of the type (an empty one, an id of another
/// kind) is kept as received.
impl<S: SidSpec> crate::lenient::Leaf for Sid<S> {
    fn from_str(s: &str) -> Option<Self> {
        Sid::parse(s).ok()
    }
}

impl<S: SidSpec> crate::lenient::Lenient for Sid<S> {
    fn read<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<crate::lenient::Read<Self>, D::Error> {
        crate::lenient::read_leaf(d)
    }
}

impl<S: SidSpec> ParamValue for Sid<S> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.as_str().to_owned()));
    }
}

/// Why a string is not a valid SID of the expected type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SidError {
    type_name: &'static str,
    prefix: SidPrefix,
    body: SidBody,
    kind: SidErrorKind,
}

/// The rule a rejected SID broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SidErrorKind {
    /// A SID is exactly 34 bytes; this many were given.
    Length(usize),
    /// The first two characters (these) are not an accepted prefix.
    Prefix([char; 2]),
    /// A character after the prefix is not one the type accepts (a hex
    /// digit, for most types).
    Character {
        /// Byte offset of the character.
        position: usize,
        /// The character found.
        found: char,
    },
}

impl SidError {
    /// The SID type that was expected, e.g. `UserSid`.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// What that type accepts as a prefix, e.g. `US`.
    #[must_use]
    pub fn prefix(&self) -> SidPrefix {
        self.prefix
    }

    /// The rule that was broken.
    #[must_use]
    pub fn kind(&self) -> &SidErrorKind {
        &self.kind
    }
}

impl fmt::Display for SidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} (expected {} followed by 32 {}s): ",
            self.type_name,
            self.prefix,
            self.body.what()
        )?;
        match &self.kind {
            SidErrorKind::Length(0) => write!(f, "the value is empty"),
            SidErrorKind::Length(n) => write!(f, "length is {n} bytes, not 34"),
            SidErrorKind::Prefix([a, b]) => {
                write!(f, "starts with \"{a}{b}\", not {}", self.prefix)
            }
            SidErrorKind::Character { position, found } => {
                write!(
                    f,
                    "{found:?} at byte {position} is not a {}",
                    self.body.what()
                )
            }
        }
    }
}

impl std::error::Error for SidError {}

/// A path parameter that takes either a SID or a name (an identity or unique
/// name), such as the `{Sid}` of `/Users/{Sid}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SidLike<S> {
    /// A validated SID.
    Sid(S),
    /// An identity or unique name, sent as given.
    Name(String),
}

impl<S: AsRef<str>> SidLike<S> {
    /// The value as sent, before percent-encoding.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            SidLike::Sid(sid) => sid.as_ref(),
            SidLike::Name(name) => name,
        }
    }
}

impl<S: SidSpec> From<Sid<S>> for SidLike<Sid<S>> {
    fn from(sid: Sid<S>) -> Self {
        SidLike::Sid(sid)
    }
}

/// A string that is a valid SID of the type becomes `Sid`; anything else is
/// a `Name`.
impl<S: FromStr> From<&str> for SidLike<S> {
    fn from(s: &str) -> Self {
        match S::from_str(s) {
            Ok(sid) => SidLike::Sid(sid),
            Err(_) => SidLike::Name(s.to_owned()),
        }
    }
}

impl<S: FromStr> From<String> for SidLike<S> {
    fn from(s: String) -> Self {
        match S::from_str(&s) {
            Ok(sid) => SidLike::Sid(sid),
            Err(_) => SidLike::Name(s),
        }
    }
}

impl<S: AsRef<str>> fmt::Display for SidLike<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<S: AsRef<str>> serde::Serialize for SidLike<S> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, S: FromStr> serde::Deserialize<'de> for SidLike<S> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(deserializer)?;
        Ok(SidLike::from(s))
    }
}

impl<S: AsRef<str>> ParamValue for SidLike<S> {
    fn append(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.as_str().to_owned()));
    }
}

#[cfg(test)]
mod tests {

    /// The word-wise check agrees with the byte table for every byte at
    /// every position, for every body.
    #[test]
    fn word_wise_check_agrees_with_the_table() {
        for body in [SidBody::Hex, SidBody::LowerHex, SidBody::Alphanumeric] {
            let table = body.table();
            for position in 0..32 {
                for byte in 0..=u8::MAX {
                    let mut digits = [b'7'; 32];
                    digits[position] = byte;
                    assert_eq!(
                        body.accepts_all(&digits),
                        table[usize::from(byte)],
                        "{body:?}: byte {byte:#04x} at {position}"
                    );
                }
            }
            // Two bad bytes in one word, and a good word after a bad one.
            let mut digits = [b'a'; 32];
            digits[3] = b'g';
            digits[4] = 0xff;
            assert!(!body.accepts_all(&digits) || table[usize::from(b'g')]);
        }
    }
    use super::*;

    enum US {}
    impl SidSpec for US {
        const NAME: &'static str = "UserSid";
        const PREFIX: SidPrefix = SidPrefix::Exact("US");
        const BODY: SidBody = SidBody::Hex;
    }
    type UserSid = Sid<US>;

    enum OR {}
    impl SidSpec for OR {
        const NAME: &'static str = "OrganizationSid";
        const PREFIX: SidPrefix = SidPrefix::Exact("OR");
        const BODY: SidBody = SidBody::LowerHex;
    }

    enum Upper {}
    impl SidSpec for Upper {
        const NAME: &'static str = "UpperSid";
        const PREFIX: SidPrefix = SidPrefix::Uppercase;
        const BODY: SidBody = SidBody::Alphanumeric;
    }

    const VALID: &str = "US0123456789abcdefABCDEF0123456789";

    #[test]
    fn exact_prefix_and_hex_body() {
        let sid = UserSid::parse(VALID).unwrap();
        assert_eq!(sid.as_str(), VALID);
        assert_eq!(format!("{sid:?}"), format!("UserSid({VALID:?})"));
        assert_eq!(std::mem::size_of::<UserSid>(), 34);
        let err = UserSid::parse(&VALID.replace("US", "RL")).unwrap_err();
        assert_eq!(err.kind(), &SidErrorKind::Prefix(['R', 'L']));
        assert_eq!(
            err.to_string(),
            "invalid UserSid (expected \"US\" followed by 32 hex digits): starts with \"RL\", not \"US\""
        );
        let err = UserSid::parse(&VALID[..33]).unwrap_err();
        assert_eq!(err.kind(), &SidErrorKind::Length(33));
        let err = UserSid::parse("").unwrap_err();
        assert!(err.to_string().ends_with("the value is empty"), "{err}");
        let err = UserSid::parse(&format!("{}g", &VALID[..33])).unwrap_err();
        assert_eq!(
            err.kind(),
            &SidErrorKind::Character {
                position: 33,
                found: 'g'
            }
        );
        let accented = format!("USé{}", &VALID[4..]);
        let err = UserSid::parse(&accented).unwrap_err();
        assert_eq!(
            err.kind(),
            &SidErrorKind::Character {
                position: 2,
                found: 'é'
            }
        );
    }

    #[test]
    fn any_prefix() {
        let any = AnySid::parse("XY0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(any.as_str()[..2], *"XY");
        assert!(AnySid::parse("xy0123456789abcdef0123456789abcdef").is_ok());
        assert!(AnySid::parse("X10123456789abcdef0123456789abcdef").is_err());
        assert_eq!(
            AnySid::parse("XY0123").unwrap_err().kind(),
            &SidErrorKind::Length(6)
        );
        let user = UserSid::parse(VALID).unwrap();
        assert_eq!(user.cast::<Any>().unwrap().as_str(), VALID);
        assert!(any.cast::<US>().is_err());
    }

    enum SM {}
    impl SidSpec for SM {
        const NAME: &'static str = "SmsSid";
        const PREFIX: SidPrefix = SidPrefix::Exact("SM");
        const BODY: SidBody = SidBody::Hex;
    }
    enum SmMm {}
    impl SidSpec for SmMm {
        const NAME: &'static str = "MessageSid";
        const PREFIX: SidPrefix = SidPrefix::OneOf(&["SM", "MM"]);
        const BODY: SidBody = SidBody::Hex;
    }
    impl Includes<SM> for SmMm {}

    #[test]
    fn one_of_several_prefixes() {
        let sm = Sid::<SM>::parse("SM0123456789abcdef0123456789abcdef").unwrap();
        let message: Sid<SmMm> = sm.widen();
        assert_eq!(message.as_str(), sm.as_str());
        assert!(Sid::<SmMm>::parse("MM0123456789abcdef0123456789abcdef").is_ok());
        let err = Sid::<SmMm>::parse("ME0123456789abcdef0123456789abcdef").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid MessageSid (expected \"SM\" or \"MM\" followed by 32 hex digits): starts with \"ME\", not \"SM\" or \"MM\""
        );
        // Any SID widens to AnySid; the way back is checked.
        let any: AnySid = sm.widen();
        assert!(any.cast::<SM>().is_ok());
        assert!(any.cast::<US>().is_err());
        assert!(AnyUppercaseSid::parse("SM0123456789abcdef0123456789abcdef").is_ok());
        assert!(AnyUppercaseSid::parse("sm0123456789abcdef0123456789abcdef").is_err());
    }

    #[test]
    fn other_bodies() {
        assert!(Sid::<OR>::parse("OR0123456789abcdef0123456789abcdef").is_ok());
        let err = Sid::<OR>::parse("OR0123456789ABCDEF0123456789abcdef").unwrap_err();
        assert!(
            err.to_string()
                .ends_with("'A' at byte 12 is not a lowercase hex digit"),
            "{err}"
        );
        assert!(Sid::<Upper>::parse("OQzz23456789abcdef0123456789abcdXY").is_ok());
        assert!(Sid::<Upper>::parse("oQzz23456789abcdef0123456789abcdXY").is_err());
        assert!(Sid::<Upper>::parse("OQzz23456789abcdef0123456789abcd-Y").is_err());
    }

    #[test]
    fn serde_validates() {
        let sid: UserSid = serde_json::from_str(&format!("\"{VALID}\"")).unwrap();
        assert_eq!(serde_json::to_string(&sid).unwrap(), format!("\"{VALID}\""));
        let err =
            serde_json::from_str::<UserSid>("\"RL0123456789abcdefABCDEF0123456789\"").unwrap_err();
        assert!(err.to_string().contains("invalid UserSid"), "{err}");
        let err = serde_json::from_str::<UserSid>("42").unwrap_err();
        assert!(
            err.to_string()
                .contains("a UserSid (\"US\" followed by 32 hex digits)"),
            "{err}"
        );
    }

    #[test]
    fn sid_or_name() {
        let sid = UserSid::parse(VALID).unwrap();
        assert_eq!(SidLike::from(sid), SidLike::Sid(sid));
        assert_eq!(SidLike::<UserSid>::from(VALID), SidLike::Sid(sid));
        let name = SidLike::<UserSid>::from("maria@example.com");
        assert_eq!(name, SidLike::Name("maria@example.com".into()));
        assert_eq!(name.to_string(), "maria@example.com");
        let de: SidLike<UserSid> = serde_json::from_str("\"bob\"").unwrap();
        assert_eq!(de.as_str(), "bob");
    }
}
