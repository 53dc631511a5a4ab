//! The support code every version module carries: the endpoint trait, paging,
//! errors, SID validation and parameter encoding. It is emitted into the
//! generated code (not a runtime crate), so the output depends only on
//! well-known crates.

use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn support() -> TokenStream {
    let mut tokens = endpoint();
    tokens.extend(paging());
    tokens.extend(errors());
    tokens.extend(sid());
    tokens.extend(encoding());
    tokens
}

fn endpoint() -> TokenStream {
    quote! {
        /// What every endpoint stub knows: its method, path, parameters and
        /// response type. A transport needs nothing else.
        ///
        /// A `send` for any HTTP client is written once against this trait:
        ///
        /// ```ignore
        /// fn send<E: Endpoint>(client: &Client, endpoint: &E) -> Result<E::Response, Box<dyn Error>> {
        ///     let request = endpoint.request()?; // or .to_request(proxy_url)
        ///     let (status, body) = client.execute(request, ACCOUNT_SID, AUTH_TOKEN)?;
        ///     Ok(E::parse_response(status, &body)?)
        /// }
        /// ```
        ///
        /// Every stub is built with `new` (the required parameters) and
        /// setters (the optional ones), or deserialized from its parameters
        /// under their wire names (`{"ServiceSid": "IS…", "FriendlyName": "…"}`),
        /// which lets recorded or configured requests be replayed.
        ///
        /// Authentication belongs to the transport: Twilio takes HTTP Basic
        /// auth with the Account SID (or an API key SID) as user name and the
        /// auth token (or key secret) as password, in an `Authorization:
        /// Basic base64(user:password)` header added to the built request.
        pub trait Endpoint {
            /// The body of a successful response.
            type Response;
            /// The HTTP method.
            const METHOD: ::http::Method;
            /// The path template, as in the spec.
            const PATH_TEMPLATE: &'static str;
            /// The status code of a successful response.
            const SUCCESS_STATUS: u16;

            /// The base URL of the API this operation belongs to
            /// (`https://chat.twilio.com` for Chat).
            fn default_base_url(&self) -> &str;

            /// The path with every parameter filled in and percent-encoded.
            fn path(&self) -> ::std::string::String;

            /// Query parameters, in order; arrays repeat their key.
            fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                ::std::vec::Vec::new()
            }

            /// Header parameters.
            fn headers(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                ::std::vec::Vec::new()
            }

            /// Form-body fields, in order; arrays repeat their key.
            fn form(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                ::std::vec::Vec::new()
            }

            /// Checks parameter bounds (such as `PageSize`) before sending.
            fn validate(&self) -> ::std::result::Result<(), RequestError> {
                ::std::result::Result::Ok(())
            }

            /// Builds the request against `base_url` (for example
            /// [`Endpoint::default_base_url`], a proxy or a test server). The body is
            /// form-encoded; `Content-Type` is set only when there is a body.
            fn to_request(
                &self,
                base_url: &str,
            ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
                Endpoint::validate(self)?;
                let mut uri = ::std::string::String::from(base_url.trim_end_matches('/'));
                uri.push_str(&Endpoint::path(self));
                let query = Endpoint::query(self);
                if !query.is_empty() {
                    uri.push('?');
                    uri.push_str(&encode_pairs(&query));
                }
                let mut builder = ::http::Request::builder().method(Self::METHOD).uri(uri);
                for (name, value) in Endpoint::headers(self) {
                    builder = builder.header(name, value);
                }
                let form = Endpoint::form(self);
                let body = if form.is_empty() {
                    ::std::vec::Vec::new()
                } else {
                    builder = builder.header(
                        ::http::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    );
                    encode_pairs(&form).into_bytes()
                };
                ::std::result::Result::Ok(builder.body(body)?)
            }

            /// Builds the request against [`Endpoint::default_base_url`].
            fn request(
                &self,
            ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
                Endpoint::to_request(self, Endpoint::default_base_url(self))
            }

            /// Reads a response: the typed body on [`Self::SUCCESS_STATUS`], the
            /// API's error otherwise.
            fn parse_response(
                status: u16,
                body: &[u8],
            ) -> ::std::result::Result<Self::Response, ResponseError>;
        }

        #[doc(hidden)]
        pub fn encode_pairs(pairs: &[(&str, ::std::string::String)]) -> ::std::string::String {
            let mut serializer = ::form_urlencoded::Serializer::new(::std::string::String::new());
            for (key, value) in pairs {
                serializer.append_pair(key, value);
            }
            serializer.finish()
        }

        #[doc(hidden)]
        pub fn decode_json<T: ::serde::de::DeserializeOwned>(
            expected: u16,
            status: u16,
            body: &[u8],
        ) -> ::std::result::Result<T, ResponseError> {
            if status != expected {
                return ::std::result::Result::Err(ResponseError::from_error_body(status, body));
            }
            ::serde_json::from_slice(body).map_err(ResponseError::Decode)
        }

        #[doc(hidden)]
        pub fn decode_empty(
            expected: u16,
            status: u16,
            body: &[u8],
        ) -> ::std::result::Result<(), ResponseError> {
            if status != expected {
                return ::std::result::Result::Err(ResponseError::from_error_body(status, body));
            }
            ::std::result::Result::Ok(())
        }
    }
}

fn paging() -> TokenStream {
    quote! {
        /// A resource that list operations return in pages.
        pub trait ListItem: ::serde::Serialize + ::serde::de::DeserializeOwned {
            /// The key that holds the items in a page (`users`, `channels`, …).
            const LIST_KEY: &'static str;
            /// The API that serves lists of this item. Further pages are
            /// requested there by [`Endpoint::request`], whatever host the
            /// previous page named, so credentials never follow a link to
            /// another host.
            const DEFAULT_BASE_URL: &'static str;
        }

        /// Paging metadata of a list response.
        #[derive(Clone, Debug, Default, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct PageMeta {
            /// URL of the first page.
            pub first_page_url: ::std::option::Option<::std::string::String>,
            /// The key that holds the items.
            pub key: ::std::option::Option<::std::string::String>,
            /// URL of the next page; `None` on the last page.
            pub next_page_url: ::std::option::Option<::std::string::String>,
            /// Zero-based number of this page.
            pub page: ::std::option::Option<i64>,
            /// Items per page.
            pub page_size: ::std::option::Option<i64>,
            /// URL of the previous page; `None` on the first page.
            pub previous_page_url: ::std::option::Option<::std::string::String>,
            /// URL of this page.
            pub url: ::std::option::Option<::std::string::String>,
        }

        /// One page of a list response: the items and the paging metadata.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Page<T> {
            /// The items on this page.
            pub items: ::std::vec::Vec<T>,
            /// Paging metadata.
            pub meta: PageMeta,
        }

        impl<T: ListItem> Page<T> {
            /// The request for the next page, built from `meta.next_page_url`;
            /// `None` on the last page.
            pub fn next_page(&self) -> ::std::option::Option<PageRequest<T>> {
                let url = self.meta.next_page_url.as_deref()?;
                // Keep the path and query only; the base URL is chosen when
                // the request is built.
                let after_scheme = url.find("://").map_or(0, |i| i + 3);
                let path_start = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
                ::std::option::Option::Some(PageRequest {
                    path_and_query: url[path_start..].to_owned(),
                    item: ::std::marker::PhantomData,
                })
            }
        }

        impl<T: ListItem> ::serde::Serialize for Page<T> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::Some(2))?;
                map.serialize_entry(T::LIST_KEY, &self.items)?;
                map.serialize_entry("meta", &self.meta)?;
                map.end()
            }
        }

        impl<'de, T: ListItem> ::serde::Deserialize<'de> for Page<T> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct PageVisitor<T>(::std::marker::PhantomData<T>);
                impl<'de, T: ListItem> ::serde::de::Visitor<'de> for PageVisitor<T> {
                    type Value = Page<T>;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "a page with `{}` and `meta`", T::LIST_KEY)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Page<T>, A::Error> {
                        let mut items = ::std::option::Option::None;
                        let mut meta = ::std::option::Option::None;
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::borrow::Cow<'de, str>>()? {
                            if key == T::LIST_KEY {
                                items = ::std::option::Option::Some(map.next_value()?);
                            } else if key == "meta" {
                                meta = ::std::option::Option::Some(map.next_value()?);
                            } else {
                                map.next_value::<::serde::de::IgnoredAny>()?;
                            }
                        }
                        ::std::result::Result::Ok(Page {
                            items: items.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(T::LIST_KEY))?,
                            meta: meta.unwrap_or_default(),
                        })
                    }
                }
                deserializer.deserialize_map(PageVisitor(::std::marker::PhantomData))
            }
        }

        /// The request for a further page of a list, from `next_page_url`.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct PageRequest<T> {
            path_and_query: ::std::string::String,
            item: ::std::marker::PhantomData<fn() -> T>,
        }

        impl<T> PageRequest<T> {
            /// The path and query string of the page, as the API gave them.
            pub fn path_and_query(&self) -> &str {
                &self.path_and_query
            }
        }

        impl<T: ListItem> Endpoint for PageRequest<T> {
            type Response = Page<T>;
            const METHOD: ::http::Method = ::http::Method::GET;
            const PATH_TEMPLATE: &'static str = "{next_page_url}";
            const SUCCESS_STATUS: u16 = 200;

            fn default_base_url(&self) -> &str {
                T::DEFAULT_BASE_URL
            }

            fn path(&self) -> ::std::string::String {
                self.path_and_query
                    .split_once('?')
                    .map_or(self.path_and_query.as_str(), |(path, _)| path)
                    .to_owned()
            }

            fn to_request(
                &self,
                base_url: &str,
            ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
                let uri = ::std::format!("{}{}", base_url.trim_end_matches('/'), self.path_and_query);
                ::std::result::Result::Ok(
                    ::http::Request::builder()
                        .method(Self::METHOD)
                        .uri(uri)
                        .body(::std::vec::Vec::new())?,
                )
            }

            fn parse_response(status: u16, body: &[u8]) -> ::std::result::Result<Page<T>, ResponseError> {
                decode_json(Self::SUCCESS_STATUS, status, body)
            }
        }
    }
}

fn errors() -> TokenStream {
    quote! {
        /// Why a request could not be built.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum RequestError {
            /// An integer parameter is outside the range the API accepts.
            OutOfRange {
                /// The parameter's wire name.
                parameter: &'static str,
                /// The value given.
                value: i64,
                /// The smallest accepted value.
                min: ::std::option::Option<i64>,
                /// The largest accepted value.
                max: ::std::option::Option<i64>,
            },
            /// The `http` crate refused the request (for example a malformed
            /// base URL).
            Http(::http::Error),
        }

        impl ::std::fmt::Display for RequestError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    RequestError::OutOfRange { parameter, value, min, max } => {
                        write!(f, "{parameter} is {value}, outside the accepted range")?;
                        match (min, max) {
                            (::std::option::Option::Some(lo), ::std::option::Option::Some(hi)) => write!(f, " {lo}..={hi}"),
                            (::std::option::Option::Some(lo), ::std::option::Option::None) => write!(f, " {lo}.."),
                            (::std::option::Option::None, ::std::option::Option::Some(hi)) => write!(f, " ..={hi}"),
                            (::std::option::Option::None, ::std::option::Option::None) => ::std::result::Result::Ok(()),
                        }
                    }
                    RequestError::Http(e) => write!(f, "cannot build the request: {e}"),
                }
            }
        }

        impl ::std::error::Error for RequestError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    RequestError::Http(e) => ::std::option::Option::Some(e),
                    RequestError::OutOfRange { .. } => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<::http::Error> for RequestError {
            fn from(e: ::http::Error) -> Self {
                RequestError::Http(e)
            }
        }

        #[doc(hidden)]
        pub fn check_range(
            parameter: &'static str,
            value: ::std::option::Option<i64>,
            min: ::std::option::Option<i64>,
            max: ::std::option::Option<i64>,
        ) -> ::std::result::Result<(), RequestError> {
            match value {
                ::std::option::Option::Some(v)
                    if min.is_some_and(|lo| v < lo) || max.is_some_and(|hi| v > hi) =>
                {
                    ::std::result::Result::Err(RequestError::OutOfRange { parameter, value: v, min, max })
                }
                _ => ::std::result::Result::Ok(()),
            }
        }

        /// The error body the API sends with a failed request.
        #[derive(Clone, Debug, Default, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ApiError {
            /// The HTTP status, as repeated in the body.
            pub status: ::std::option::Option<u16>,
            /// Twilio's numeric error code.
            pub code: ::std::option::Option<i64>,
            /// A human-readable message.
            pub message: ::std::option::Option<::std::string::String>,
            /// A link to the error code's documentation.
            pub more_info: ::std::option::Option<::std::string::String>,
        }

        /// Why a response could not be read as the operation's result.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum ResponseError {
            /// The API answered with another status than the operation's
            /// success status.
            Status {
                /// The status received.
                status: u16,
                /// The error body, when it could be read.
                error: ::std::option::Option<ApiError>,
            },
            /// The body is not the expected JSON.
            Decode(::serde_json::Error),
        }

        impl ResponseError {
            fn from_error_body(status: u16, body: &[u8]) -> Self {
                ResponseError::Status {
                    status,
                    error: ::serde_json::from_slice(body).ok(),
                }
            }
        }

        impl ::std::fmt::Display for ResponseError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    ResponseError::Status { status, error } => {
                        write!(f, "the API answered {status}")?;
                        if let ::std::option::Option::Some(error) = error {
                            if let ::std::option::Option::Some(code) = error.code {
                                write!(f, " (error {code})")?;
                            }
                            if let ::std::option::Option::Some(message) = &error.message {
                                write!(f, ": {message}")?;
                            }
                        }
                        ::std::result::Result::Ok(())
                    }
                    ResponseError::Decode(e) => write!(f, "cannot decode the response body: {e}"),
                }
            }
        }

        impl ::std::error::Error for ResponseError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    ResponseError::Decode(e) => ::std::option::Option::Some(e),
                    ResponseError::Status { .. } => ::std::option::Option::None,
                }
            }
        }
    }
}

fn sid() -> TokenStream {
    quote! {
        /// What all SID newtypes have in common.
        pub trait TwilioSid: ::std::marker::Copy + ::std::fmt::Display + ::std::str::FromStr<Err = SidError> {
            /// The two-letter prefix.
            const PREFIX: &'static str;
            /// The Rust type's name, used in error messages.
            const TYPE_NAME: &'static str;
            /// The SID as text.
            fn as_str(&self) -> &str;
        }

        /// Why a string is not a valid SID of the expected type.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct SidError {
            type_name: &'static str,
            prefix: &'static str,
            kind: SidErrorKind,
        }

        /// The rule a rejected SID broke.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum SidErrorKind {
            /// A SID is exactly 34 bytes; this many were given.
            Length(usize),
            /// The first two characters (these) are not the type's prefix.
            Prefix([char; 2]),
            /// A character after the prefix is not a hexadecimal digit.
            NotHex {
                /// Byte offset of the character.
                position: usize,
                /// The character found.
                found: char,
            },
        }

        impl SidError {
            /// The SID type that was expected, e.g. `UserSid`.
            pub fn type_name(&self) -> &'static str {
                self.type_name
            }
            /// That type's prefix, e.g. `US`.
            pub fn prefix(&self) -> &'static str {
                self.prefix
            }
            /// The rule that was broken.
            pub fn kind(&self) -> &SidErrorKind {
                &self.kind
            }
        }

        impl ::std::fmt::Display for SidError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "invalid {} (expected \"{}\" followed by 32 hex digits): ", self.type_name, self.prefix)?;
                match &self.kind {
                    SidErrorKind::Length(0) => write!(f, "the value is empty"),
                    SidErrorKind::Length(n) => write!(f, "length is {n} bytes, not 34"),
                    SidErrorKind::Prefix([a, b]) => {
                        let found: ::std::string::String = [a, b].into_iter().collect();
                        write!(f, "starts with {found:?}, not {:?}", self.prefix)
                    }
                    SidErrorKind::NotHex { position, found } => {
                        write!(f, "{found:?} at byte {position} is not a hex digit")
                    }
                }
            }
        }

        impl ::std::error::Error for SidError {}

        /// Checks `s` against a SID type's rules; on success returns its bytes.
        #[doc(hidden)]
        pub fn parse_sid(
            type_name: &'static str,
            prefix: &'static str,
            s: &str,
        ) -> ::std::result::Result<[u8; 34], SidError> {
            let fail = |kind| SidError { type_name, prefix, kind };
            let bytes = s.as_bytes();
            if bytes.len() != 34 {
                return ::std::result::Result::Err(fail(SidErrorKind::Length(bytes.len())));
            }
            if &bytes[..2] != prefix.as_bytes() {
                // 34 bytes hold at least 9 characters.
                let mut chars = s.chars();
                let found = [chars.next().unwrap_or_default(), chars.next().unwrap_or_default()];
                return ::std::result::Result::Err(fail(SidErrorKind::Prefix(found)));
            }
            if let ::std::option::Option::Some(position) = bytes[2..].iter().position(|b| !b.is_ascii_hexdigit()) {
                let position = position + 2;
                // Every byte before `position` is ASCII, so it is a char boundary.
                let found = s[position..].chars().next().unwrap_or('\u{fffd}');
                return ::std::result::Result::Err(fail(SidErrorKind::NotHex { position, found }));
            }
            let mut out = [0u8; 34];
            out.copy_from_slice(bytes);
            ::std::result::Result::Ok(out)
        }

        /// The text of validated SID bytes (always ASCII).
        #[doc(hidden)]
        pub fn sid_str(bytes: &[u8; 34]) -> &str {
            ::std::str::from_utf8(bytes).unwrap_or_default()
        }

        /// Implements one SID newtype (a `struct Name([u8; 34])`). Used by
        /// `sids.rs`.
        #[allow(unused_macros)] // when no module uses it
        macro_rules! sid_newtype {
            ($name:ident = $prefix:literal) => {
                impl $name {
                    /// The two-letter prefix every SID of this type starts with.
                    pub const PREFIX: &'static str = $prefix;

                    /// Validates `s`: 34 bytes, the prefix, then 32 hex digits.
                    pub fn parse(s: &str) -> ::std::result::Result<Self, super::SidError> {
                        super::parse_sid(stringify!($name), $prefix, s).map(Self)
                    }

                    /// The SID as text.
                    pub fn as_str(&self) -> &str {
                        super::sid_str(&self.0)
                    }
                }

                impl super::TwilioSid for $name {
                    const PREFIX: &'static str = $prefix;
                    const TYPE_NAME: &'static str = stringify!($name);
                    fn as_str(&self) -> &str {
                        super::sid_str(&self.0)
                    }
                }

                impl ::std::str::FromStr for $name {
                    type Err = super::SidError;
                    fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                        Self::parse(s)
                    }
                }

                impl ::std::convert::TryFrom<&str> for $name {
                    type Error = super::SidError;
                    fn try_from(s: &str) -> ::std::result::Result<Self, Self::Error> {
                        Self::parse(s)
                    }
                }

                impl ::std::convert::TryFrom<::std::string::String> for $name {
                    type Error = super::SidError;
                    fn try_from(s: ::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                        Self::parse(&s)
                    }
                }

                impl ::std::convert::AsRef<str> for $name {
                    fn as_ref(&self) -> &str {
                        self.as_str()
                    }
                }

                impl ::std::fmt::Display for $name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::std::fmt::Debug for $name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
                    }
                }

                impl ::serde::Serialize for $name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for $name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        struct SidVisitor;
                        impl ::serde::de::Visitor<'_> for SidVisitor {
                            type Value = $name;
                            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                write!(f, "a {} (\"{}\" followed by 32 hex digits)", stringify!($name), $prefix)
                            }
                            fn visit_str<E: ::serde::de::Error>(self, s: &str) -> ::std::result::Result<$name, E> {
                                $name::parse(s).map_err(E::custom)
                            }
                        }
                        deserializer.deserialize_str(SidVisitor)
                    }
                }

                impl super::ParamValue for $name {
                    fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                        out.push((key, self.as_str().to_owned()));
                    }
                }
            };
        }

        /// A path parameter that takes either a SID or a name (an identity or
        /// unique name), such as the `{Sid}` of `/Users/{Sid}`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum SidLike<S> {
            /// A validated SID.
            Sid(S),
            /// An identity or unique name, sent as given.
            Name(::std::string::String),
        }

        impl<S: TwilioSid> SidLike<S> {
            /// The value as sent, before percent-encoding.
            pub fn as_str(&self) -> &str {
                match self {
                    SidLike::Sid(sid) => sid.as_str(),
                    SidLike::Name(name) => name,
                }
            }
        }

        impl<S: TwilioSid> ::std::convert::From<S> for SidLike<S> {
            fn from(sid: S) -> Self {
                SidLike::Sid(sid)
            }
        }

        /// A string that is a valid SID of the type becomes `Sid`; anything
        /// else is a `Name`.
        impl<S: TwilioSid> ::std::convert::From<&str> for SidLike<S> {
            fn from(s: &str) -> Self {
                match S::from_str(s) {
                    ::std::result::Result::Ok(sid) => SidLike::Sid(sid),
                    ::std::result::Result::Err(_) => SidLike::Name(s.to_owned()),
                }
            }
        }

        impl<S: TwilioSid> ::std::convert::From<::std::string::String> for SidLike<S> {
            fn from(s: ::std::string::String) -> Self {
                match S::from_str(&s) {
                    ::std::result::Result::Ok(sid) => SidLike::Sid(sid),
                    ::std::result::Result::Err(_) => SidLike::Name(s),
                }
            }
        }

        impl<S: TwilioSid> ::std::fmt::Display for SidLike<S> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<S: TwilioSid> ::serde::Serialize for SidLike<S> {
            fn serialize<Ser: ::serde::Serializer>(&self, serializer: Ser) -> ::std::result::Result<Ser::Ok, Ser::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de, S: TwilioSid> ::serde::Deserialize<'de> for SidLike<S> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(SidLike::from(s))
            }
        }

        impl<S: TwilioSid> ParamValue for SidLike<S> {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((key, self.as_str().to_owned()));
            }
        }
    }
}

fn encoding() -> TokenStream {
    quote! {
        /// How a parameter value is written into a query string or form body:
        /// one `key=value` pair per value, arrays repeating the key, absent
        /// optional values writing nothing.
        pub trait ParamValue {
            /// Appends this value's pairs under `key`.
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>);
        }

        impl ParamValue for ::std::string::String {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((key, self.clone()));
            }
        }

        impl ParamValue for bool {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((key, ::std::string::ToString::to_string(self)));
            }
        }

        impl ParamValue for i64 {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((key, ::std::string::ToString::to_string(self)));
            }
        }

        impl ParamValue for f64 {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((key, ::std::string::ToString::to_string(self)));
            }
        }

        /// Dates are sent in ISO 8601 (RFC 3339) in UTC, to the second.
        impl ParamValue for ::chrono::DateTime<::chrono::Utc> {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((key, self.to_rfc3339_opts(::chrono::SecondsFormat::Secs, true)));
            }
        }

        impl ParamValue for ::serde_json::Value {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                match self {
                    ::serde_json::Value::String(s) => out.push((key, s.clone())),
                    other => out.push((key, other.to_string())),
                }
            }
        }

        impl<T: ParamValue> ParamValue for ::std::option::Option<T> {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                if let ::std::option::Option::Some(value) = self {
                    value.append(key, out);
                }
            }
        }

        impl<T: ParamValue> ParamValue for ::std::vec::Vec<T> {
            fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                for value in self {
                    value.append(key, out);
                }
            }
        }

        /// Characters left as they are in a path segment: RFC 3986 unreserved.
        const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');

        /// Appends `value` to `path` as one percent-encoded segment. A value
        /// of `.` or `..` is encoded in full, so it cannot climb the path.
        #[doc(hidden)]
        pub fn push_segment(path: &mut ::std::string::String, value: &str) {
            if value == "." || value == ".." {
                for _ in value.chars() {
                    path.push_str("%2E");
                }
            } else {
                path.extend(::percent_encoding::utf8_percent_encode(value, SEGMENT));
            }
        }

        /// Stands in for personal data in `Debug` output.
        #[doc(hidden)]
        pub struct Redacted;

        impl ::std::fmt::Debug for Redacted {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("<redacted>")
            }
        }

        /// Implements one string enum, declared with its known variants plus
        /// `Unknown(String)`: conversions, `Display` and serde. Used by the
        /// resource modules.
        #[allow(unused_macros)] // when no module uses it
        macro_rules! wire_enum {
            ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
                impl $name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            $(Self::$variant => $wire,)*
                            Self::Unknown(other) => other,
                        }
                    }
                }

                impl ::std::convert::From<&str> for $name {
                    fn from(s: &str) -> Self {
                        match s {
                            $($wire => Self::$variant,)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }

                impl ::std::convert::From<::std::string::String> for $name {
                    fn from(s: ::std::string::String) -> Self {
                        match s.as_str() {
                            $($wire => Self::$variant,)*
                            _ => Self::Unknown(s),
                        }
                    }
                }

                impl ::std::str::FromStr for $name {
                    type Err = ::std::convert::Infallible;
                    fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                        ::std::result::Result::Ok(Self::from(s))
                    }
                }

                impl ::std::fmt::Display for $name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for $name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for $name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        struct EnumVisitor;
                        impl ::serde::de::Visitor<'_> for EnumVisitor {
                            type Value = $name;
                            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                f.write_str(concat!("a ", stringify!($name), " string"))
                            }
                            fn visit_str<E: ::serde::de::Error>(self, s: &str) -> ::std::result::Result<$name, E> {
                                ::std::result::Result::Ok($name::from(s))
                            }
                            fn visit_string<E: ::serde::de::Error>(self, s: ::std::string::String) -> ::std::result::Result<$name, E> {
                                ::std::result::Result::Ok($name::from(s))
                            }
                        }
                        deserializer.deserialize_str(EnumVisitor)
                    }
                }

                impl super::ParamValue for $name {
                    fn append(&self, key: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                        out.push((key, self.as_str().to_owned()));
                    }
                }
            };
        }
    }
}
