//! Pages of list results, and the request for the next one.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::endpoint::{decode_json, Endpoint};
use crate::error::{RequestError, ResponseError};

/// A resource that list operations return in pages.
pub trait ListItem: serde::Serialize + serde::de::DeserializeOwned {
    /// The key that holds the items in a page (`users`, `channels`, …).
    const LIST_KEY: &'static str;
    /// The API that serves lists of this item. Further pages are requested
    /// there by [`Endpoint::request`], whatever host the previous page named,
    /// so credentials never follow a link to another host.
    const DEFAULT_BASE_URL: &'static str;
}

/// Paging metadata of a list response.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
}

/// One page of a list response: the items and the paging metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Paging metadata.
    pub meta: PageMeta,
}

impl<T: ListItem> Page<T> {
    /// The request for the next page, built from `meta.next_page_url`;
    /// `None` on the last page.
    #[must_use]
    pub fn next_page(&self) -> Option<PageRequest<T>> {
        let url = self.meta.next_page_url.as_deref()?;
        Some(PageRequest {
            path_and_query: path_and_query(url),
            item: PhantomData,
        })
    }
}

/// The path and query of `url`, an absolute URL or a path, with dot segments
/// resolved so that the path cannot climb above the root. The scheme and host
/// are dropped: the base URL is chosen when the request is built.
fn path_and_query(url: &str) -> String {
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

impl<T: ListItem> serde::Serialize for Page<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(T::LIST_KEY, &self.items)?;
        map.serialize_entry("meta", &self.meta)?;
        map.end()
    }
}

impl<'de, T: ListItem> serde::Deserialize<'de> for Page<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: ListItem> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a page with `{}` and `meta`", T::LIST_KEY)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Page<T>, A::Error> {
                let mut items = None;
                let mut meta = None;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if key == T::LIST_KEY {
                        items = Some(map.next_value()?);
                    } else if key == "meta" {
                        meta = Some(map.next_value()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Page {
                    items: items.ok_or_else(|| {
                        <A::Error as serde::de::Error>::missing_field(T::LIST_KEY)
                    })?,
                    meta: meta.unwrap_or_default(),
                })
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
        decode_json(Self::SUCCESS_STATUS, status, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Thing {
        n: i64,
    }

    impl ListItem for Thing {
        const LIST_KEY: &'static str = "things";
        const DEFAULT_BASE_URL: &'static str = "https://things.twilio.com";
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
    fn a_page_reads_its_items_and_leads_to_the_next() {
        let page: Page<Thing> = serde_json::from_value(serde_json::json!({
            "things": [{"n": 1}, {"n": 2}],
            "meta": {"next_page_url": "https://x.example/v1/Things?Page=1", "page": 0},
            "other": true
        }))
        .unwrap();
        assert_eq!(page.items, vec![Thing { n: 1 }, Thing { n: 2 }]);
        let next = page.next_page().unwrap();
        let request = next.request().unwrap();
        assert_eq!(request.uri(), "https://things.twilio.com/v1/Things?Page=1");
        assert_eq!(next.path(), "/v1/Things");
        let back = serde_json::to_value(&page).unwrap();
        assert_eq!(back["things"][1]["n"], 2);
        let last: Page<Thing> =
            serde_json::from_value(serde_json::json!({"things": [], "meta": {}})).unwrap();
        assert!(last.next_page().is_none());
        let err =
            serde_json::from_value::<Page<Thing>>(serde_json::json!({"meta": {}})).unwrap_err();
        assert!(err.to_string().contains("missing field `things`"), "{err}");
    }
}
