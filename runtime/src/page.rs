//! Pages of list results, and the request for the next one.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::endpoint::{decode_json, Endpoint};
use crate::error::{RequestError, ResponseError};
use crate::lenient::{
    deserialize_record, read_field, read_record, serialize_record, write_field, Extra, KeySeed,
    Lenient, Read, Record, Seed, Written,
};

/// A resource that list operations return in pages.
pub trait ListItem: Lenient + Serialize {
    /// The key that holds the items in a page (`users`, `channels`, …).
    const LIST_KEY: &'static str;
    /// The API that serves lists of this item. Further pages are requested
    /// there by [`Endpoint::request`], whatever host the previous page named,
    /// so credentials never follow a link to another host.
    const DEFAULT_BASE_URL: &'static str;
}

/// Paging metadata of a list response. Twilio writes it two ways: in a
/// `meta` object beside the items (`next_page_url`), or, in its 2010 API,
/// beside the items themselves (`next_page_uri`, `start`, `end`); both are
/// read, and a page is written back the way it came.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageMeta {
    /// URL of the first page.
    pub first_page_url: Option<String>,
    /// The key that holds the items.
    pub key: Option<String>,
    /// URL of the next page; `None` on the last page.
    pub next_page_url: Option<String>,
    /// Zero-based number of this page.
    pub page: Option<i64>,
    /// Items per page.
    pub page_size: Option<i64>,
    /// URL of the previous page; `None` on the first page.
    pub previous_page_url: Option<String>,
    /// URL of this page.
    pub url: Option<String>,
    /// Path and query of the first page (2010 API).
    pub first_page_uri: Option<String>,
    /// Path and query of the next page; `None` on the last page (2010 API).
    pub next_page_uri: Option<String>,
    /// Path and query of the previous page (2010 API).
    pub previous_page_uri: Option<String>,
    /// Path and query of this page (2010 API).
    pub uri: Option<String>,
    /// Position of the first item on this page (2010 API).
    pub start: Option<i64>,
    /// Position of the last item on this page (2010 API).
    pub end: Option<i64>,
    /// What the metadata held beyond these fields.
    pub extra: Extra,
}

/// The fields of [`PageMeta`], in `Record` order; the 2010 API writes the
/// ones from `page` on beside the items.
const META_FIELDS: &[&str] = &[
    "first_page_url",
    "key",
    "next_page_url",
    "previous_page_url",
    "url",
    "page",
    "page_size",
    "first_page_uri",
    "next_page_uri",
    "previous_page_uri",
    "uri",
    "start",
    "end",
];

impl Record for PageMeta {
    const NAME: &'static str = "PageMeta";
    const FIELDS: &'static [&'static str] = META_FIELDS;

    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let extra = &mut self.extra;
        match key {
            "first_page_url" => read_field(map, key, 0, &mut self.first_page_url, extra)?,
            "key" => read_field(map, key, 1, &mut self.key, extra)?,
            "next_page_url" => read_field(map, key, 2, &mut self.next_page_url, extra)?,
            "previous_page_url" => read_field(map, key, 3, &mut self.previous_page_url, extra)?,
            "url" => read_field(map, key, 4, &mut self.url, extra)?,
            "page" => read_field(map, key, 5, &mut self.page, extra)?,
            "page_size" => read_field(map, key, 6, &mut self.page_size, extra)?,
            "first_page_uri" => read_field(map, key, 7, &mut self.first_page_uri, extra)?,
            "next_page_uri" => read_field(map, key, 8, &mut self.next_page_uri, extra)?,
            "previous_page_uri" => read_field(map, key, 9, &mut self.previous_page_uri, extra)?,
            "uri" => read_field(map, key, 10, &mut self.uri, extra)?,
            "start" => read_field(map, key, 11, &mut self.start, extra)?,
            "end" => read_field(map, key, 12, &mut self.end, extra)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn write_fields<M: SerializeMap>(
        &self,
        map: &mut M,
        written: &mut Written,
    ) -> Result<(), M::Error> {
        let extra = &self.extra;
        write_field(
            map,
            "first_page_url",
            0,
            &self.first_page_url,
            extra,
            written,
        )?;
        write_field(map, "key", 1, &self.key, extra, written)?;
        write_field(map, "next_page_url", 2, &self.next_page_url, extra, written)?;
        write_field(
            map,
            "previous_page_url",
            3,
            &self.previous_page_url,
            extra,
            written,
        )?;
        write_field(map, "url", 4, &self.url, extra, written)?;
        write_field(map, "page", 5, &self.page, extra, written)?;
        write_field(map, "page_size", 6, &self.page_size, extra, written)?;
        write_field(
            map,
            "first_page_uri",
            7,
            &self.first_page_uri,
            extra,
            written,
        )?;
        write_field(map, "next_page_uri", 8, &self.next_page_uri, extra, written)?;
        write_field(
            map,
            "previous_page_uri",
            9,
            &self.previous_page_uri,
            extra,
            written,
        )?;
        write_field(map, "uri", 10, &self.uri, extra, written)?;
        write_field(map, "start", 11, &self.start, extra, written)?;
        write_field(map, "end", 12, &self.end, extra, written)
    }

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }
}

impl Lenient for PageMeta {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
        read_record(d)
    }
}

impl Serialize for PageMeta {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_record(self, serializer)
    }
}

impl<'de> Deserialize<'de> for PageMeta {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_record(deserializer)
    }
}

/// One page of a list response: the items and the paging metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Paging metadata, from `meta` or from beside the items.
    pub meta: PageMeta,
    /// What the page held beyond the items and the paging metadata.
    pub extra: Extra,
    /// The metadata came in a `meta` object (not beside the items).
    nested_meta: bool,
}

impl<T: ListItem> Page<T> {
    /// The request for the next page, built from `next_page_url` (or the
    /// 2010 API's `next_page_uri`); `None` on the last page.
    #[must_use]
    pub fn next_page(&self) -> Option<PageRequest<T>> {
        let url = self
            .meta
            .next_page_url
            .as_deref()
            .or(self.meta.next_page_uri.as_deref())?;
        Some(PageRequest {
            path_and_query: path_and_query(url),
            item: PhantomData,
        })
    }
}

/// The path and query of `url`, an absolute URL or a path, with dot segments
/// resolved so that the path cannot climb above the root. The scheme and host
/// are dropped: the base URL is chosen when the request is built.
pub(crate) fn path_and_query(url: &str) -> String {
    // Only a scheme before the first `/`, `?` or `#` makes an absolute URL;
    // a `://` later on is part of the path or the query.
    let end_of_scheme = url
        .find(['/', '?', '#'])
        .and_then(|first| url[..first].strip_suffix(':').map(|_| first))
        .filter(|&first| url[first..].starts_with("//"));
    let rest = match end_of_scheme {
        Some(first) => {
            let authority = &url[first + 2..];
            let path_start = authority.find(['/', '?', '#']).unwrap_or(authority.len());
            &authority[path_start..]
        }
        None => url,
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let mut out = remove_dot_segments(path);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// RFC 3986 §5.2.4 on a path, always giving one that starts with `/`.
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, segment) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *segment {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            "" if i == 0 => {}
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

impl<T: ListItem> Serialize for Page<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(T::LIST_KEY, &self.items)?;
        if self.nested_meta {
            map.serialize_entry("meta", &self.meta)?;
        } else {
            let mut written = Written::default();
            self.meta.write_fields(&mut map, &mut written)?;
            for (key, value) in &self.meta.extra.fields {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in &self.extra.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de, T: ListItem> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: ListItem> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a page with `{}`", T::LIST_KEY)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
                let mut page = Page {
                    items: Vec::new(),
                    meta: PageMeta::default(),
                    extra: Extra::default(),
                    nested_meta: false,
                };
                let mut items = None;
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    if key == T::LIST_KEY {
                        match map.next_value_seed(Seed::<Vec<T>>::new())? {
                            Read::Fit(list) => items = Some(list),
                            Read::Null => {
                                page.extra.fields.insert(key.into_owned(), Value::Null);
                                items = Some(Vec::new());
                            }
                            Read::Unfit(raw) => {
                                page.extra.fields.insert(key.into_owned(), raw);
                                items = Some(Vec::new());
                            }
                        }
                    } else if key == "meta" {
                        match map.next_value_seed(Seed::<PageMeta>::new())? {
                            Read::Fit(meta) => {
                                page.meta = meta;
                                page.nested_meta = true;
                            }
                            Read::Null => {
                                page.extra.fields.insert(key.into_owned(), Value::Null);
                            }
                            Read::Unfit(raw) => {
                                page.extra.fields.insert(key.into_owned(), raw);
                            }
                        }
                    } else if META_FIELDS[5..].contains(&&*key) {
                        page.meta.read_field(&key, &mut map)?;
                    } else {
                        let value: Value = map.next_value()?;
                        page.extra.fields.insert(key.into_owned(), value);
                    }
                }
                page.items = items
                    .ok_or_else(|| <A::Error as serde::de::Error>::missing_field(T::LIST_KEY))?;
                Ok(page)
            }
        }
        deserializer.deserialize_map(Visitor(PhantomData))
    }
}

/// The request for a further page of a list, from `next_page_url`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest<T> {
    path_and_query: String,
    item: PhantomData<fn() -> T>,
}

impl<T> PageRequest<T> {
    /// The path and query string of the page, as the API gave them (dot
    /// segments resolved).
    #[must_use]
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }
}

impl<T: ListItem> Endpoint for PageRequest<T> {
    type Response = Page<T>;
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "{next_page_url}";
    const SUCCESS_STATUS: u16 = 200;
    const DEFAULT_BASE_URL: &'static str = T::DEFAULT_BASE_URL;

    fn path(&self) -> String {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query.as_str(), |(path, _)| path)
            .to_owned()
    }

    fn to_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, RequestError> {
        let uri = format!("{}{}", base_url.trim_end_matches('/'), self.path_and_query);
        Ok(http::Request::builder()
            .method(Self::METHOD)
            .uri(uri)
            .body(Vec::new())?)
    }

    fn parse_response(status: u16, body: &[u8]) -> Result<Page<T>, ResponseError> {
        decode_json(&[Self::SUCCESS_STATUS], status, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What generated code writes for a struct with one field.
    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        n: Option<i64>,
        extra: Extra,
    }

    impl Record for Thing {
        const NAME: &'static str = "Thing";
        const FIELDS: &'static [&'static str] = &["n"];
        fn read_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            match key {
                "n" => read_field(map, key, 0, &mut self.n, &mut self.extra)?,
                _ => return Ok(false),
            }
            Ok(true)
        }
        fn write_fields<M: SerializeMap>(
            &self,
            map: &mut M,
            written: &mut Written,
        ) -> Result<(), M::Error> {
            write_field(map, "n", 0, &self.n, &self.extra, written)
        }
        fn extra(&self) -> &Extra {
            &self.extra
        }
        fn extra_mut(&mut self) -> &mut Extra {
            &mut self.extra
        }
    }

    impl Lenient for Thing {
        fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Read<Self>, D::Error> {
            read_record(d)
        }
    }

    impl Serialize for Thing {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_record(self, serializer)
        }
    }

    impl ListItem for Thing {
        const LIST_KEY: &'static str = "things";
        const DEFAULT_BASE_URL: &'static str = "https://things.twilio.com";
    }

    fn thing(n: i64) -> Thing {
        Thing {
            n: Some(n),
            extra: Extra::default(),
        }
    }

    #[test]
    fn only_the_path_and_query_of_a_next_page_are_kept() {
        let cases = [
            (
                "https://evil.example.com/v1/Things?PageSize=2&Page=1",
                "/v1/Things?PageSize=2&Page=1",
            ),
            ("/v1/Things?Page=1", "/v1/Things?Page=1"),
            (
                "/v2/Users?x=https://evil.com/steal",
                "/v2/Users?x=https://evil.com/steal",
            ),
            (
                "https://chat.twilio.com/v2/Users?x=https://evil.com/steal",
                "/v2/Users?x=https://evil.com/steal",
            ),
            ("/v2/Users/../../etc/passwd", "/etc/passwd"),
            ("/v2/./Users/x/..?a=b", "/v2/Users/?a=b"),
            ("https://host", "/"),
            ("https://host?Page=2", "/?Page=2"),
            ("/v1/Things#fragment", "/v1/Things"),
        ];
        for (url, expected) in cases {
            assert_eq!(path_and_query(url), expected, "{url}");
        }
    }

    #[test]
    fn a_page_with_meta_reads_its_items_and_leads_to_the_next() {
        let body = serde_json::json!({
            "things": [{"n": 1}, {"n": 2}],
            "meta": {"next_page_url": "https://x.example/v1/Things?Page=1", "page": 0},
            "other": true
        });
        let page: Page<Thing> = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(page.items, vec![thing(1), thing(2)]);
        assert_eq!(page.meta.page, Some(0));
        let next = page.next_page().unwrap();
        let request = next.request().unwrap();
        assert_eq!(request.uri(), "https://things.twilio.com/v1/Things?Page=1");
        assert_eq!(next.path(), "/v1/Things");
        assert_eq!(serde_json::to_value(&page).unwrap(), body);
        let last: Page<Thing> =
            serde_json::from_value(serde_json::json!({"things": [], "meta": {}})).unwrap();
        assert!(last.next_page().is_none());
        let err =
            serde_json::from_value::<Page<Thing>>(serde_json::json!({"meta": {}})).unwrap_err();
        assert!(err.to_string().contains("missing field `things`"), "{err}");
    }

    #[test]
    fn a_2010_page_has_its_paging_beside_the_items_and_round_trips() {
        let body = serde_json::json!({
            "things": [{"n": 1}, {"n": "two"}],
            "end": 1,
            "first_page_uri": "/2010-04-01/Things.json?PageSize=2&Page=0",
            "next_page_uri": "/2010-04-01/Things.json?PageSize=2&Page=1&PageToken=PA123",
            "page": 0,
            "page_size": 2,
            "previous_page_uri": null,
            "start": 0,
            "uri": "/2010-04-01/Things.json?PageSize=2&Page=0"
        });
        let page: Page<Thing> = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[1].n, None, "a string in a number field is kept");
        assert_eq!(
            page.items[1].extra.get("n"),
            Some(&serde_json::json!("two"))
        );
        assert_eq!((page.meta.start, page.meta.end), (Some(0), Some(1)));
        let next = page.next_page().unwrap();
        assert_eq!(
            next.request().unwrap().uri(),
            "https://things.twilio.com/2010-04-01/Things.json?PageSize=2&Page=1&PageToken=PA123"
        );
        assert_eq!(serde_json::to_value(&page).unwrap(), body);
    }
}
