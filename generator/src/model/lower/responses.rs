//! Responses → what a stub's `parse_response` returns: a model, a page of
//! models (either paging style), another type, or nothing.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode};

use super::bodies::is_json;
use super::types::{properties, Owner};
use super::Lowerer;
use crate::error::Pointer;
use crate::model::{Response, Type};

const RESPONSE_REF: &str = "#/components/responses/";

/// Paging fields the 2010 API writes beside a page's items.
const PAGING: &[&str] = &[
    "next_page_uri",
    "first_page_uri",
    "previous_page_uri",
    "page",
    "page_size",
    "start",
    "end",
    "uri",
];

impl<'a> Lowerer<'a> {
    /// The first 2xx response, and the other statuses that also mean
    /// success. An operation with no 2xx response but redirects (302, 307)
    /// succeeds with those, and reads no body.
    pub(super) fn lower_response(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        owner: Owner<'_>,
    ) -> (Response, Vec<u16>) {
        let codes =
            |range: std::ops::Range<u16>| -> Vec<(u16, &'a ReferenceOr<openapiv3::Response>)> {
                op.responses
                    .responses
                    .iter()
                    .filter_map(|(code, r)| match code {
                        StatusCode::Code(c) if range.contains(c) => Some((*c, r)),
                        _ => None,
                    })
                    .collect()
            };
        let successes = codes(200..300);
        let Some(&(status, response)) = successes.first() else {
            let redirects = codes(300..400);
            if let Some(&(status, _)) = redirects.first() {
                let others = redirects.iter().skip(1).map(|(c, _)| *c).collect();
                return (Response::Empty { status }, others);
            }
            self.report.warn(
                at.join("responses"),
                "no 2xx or 3xx response is described; the response is typed as serde_json::Value, on status 200",
            );
            return (Response::Json { status: 200 }, Vec::new());
        };
        let others = successes.iter().skip(1).map(|(c, _)| *c).collect();
        let r_at = at.join("responses").join(status);
        let Some((response, r_at)) = self.response(response, &r_at) else {
            return (Response::Json { status }, others);
        };
        let Some((media_type, media)) = response.content.iter().find(|(t, _)| is_json(t)) else {
            if response.content.is_empty() {
                return (Response::Empty { status }, others);
            }
            let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
            self.report.warn(
                r_at.join("content"),
                format!(
                    "{} responses are not typed; this one is returned as raw JSON",
                    types.join(", ")
                ),
            );
            return (Response::Json { status }, others);
        };
        let s_at = r_at.join("content").join(media_type).join("schema");
        let response = match &media.schema {
            Some(ReferenceOr::Reference { reference }) => match self.ref_type(reference, &s_at) {
                Type::Model(ty) => Response::Model { status, ty },
                Type::Json => Response::Json { status },
                ty => Response::Other { status, ty },
            },
            Some(ReferenceOr::Item(schema)) => self.inline_response(schema, status, &s_at, owner),
            None => Response::Json { status },
        };
        (response, others)
    }

    /// The response a `$ref` names, with where it is written.
    fn response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        at: &Pointer,
    ) -> Option<(&'a openapiv3::Response, Pointer)> {
        let spec: &'a crate::load::Spec = self.spec;
        match response {
            ReferenceOr::Item(r) => Some((r, at.clone())),
            ReferenceOr::Reference { reference } => {
                let found = reference.strip_prefix(RESPONSE_REF).and_then(|name| {
                    Some((name, spec.openapi.components.as_ref()?.responses.get(name)?))
                });
                match found {
                    Some((name, ReferenceOr::Item(r))) => Some((
                        r,
                        Pointer::root()
                            .join("components")
                            .join("responses")
                            .join(name),
                    )),
                    _ => {
                        self.report.error(
                            at,
                            format!("dangling or chained $ref {reference:?}: expected a response under #/components/responses/"),
                        );
                        None
                    }
                }
            }
        }
    }

    /// A response declared inline: a page when it holds a list of models
    /// and paging fields (in `meta`, or beside the list as the 2010 API
    /// writes them); otherwise the type of its schema, named after the
    /// stub (`ListFooResponse`).
    fn inline_response(
        &mut self,
        schema: &'a Schema,
        status: u16,
        at: &Pointer,
        owner: Owner<'_>,
    ) -> Response {
        let props = properties(schema);
        let item = props.into_iter().flatten().find_map(|(key, prop)| {
            let ReferenceOr::Item(prop) = prop else {
                return None;
            };
            match &prop.schema_kind {
                SchemaKind::Type(openapiv3::Type::Array(a)) if key != "meta" => {
                    match a.items.as_ref()? {
                        ReferenceOr::Reference { reference } => Some((key, reference)),
                        ReferenceOr::Item(_) => None,
                    }
                }
                _ => None,
            }
        });
        let meta = props.and_then(|p| p.get("meta"));
        let beside = props.is_some_and(|p| PAGING.iter().any(|k| p.contains_key(*k)));
        let whole = |this: &mut Self| {
            let name = format!("{}Response", owner.name);
            let owner = Owner {
                name: &name,
                module: owner.module,
                stub: false,
            };
            let ty = this.schema_type(schema, "", at, owner);
            match ty {
                Type::Json => Response::Json { status },
                ty => Response::Other { status, ty },
            }
        };
        let Some((key, reference)) = item else {
            return whole(self);
        };
        let item_at = at.join("properties").join(key).join("items");
        let Type::Model(item) = self.ref_type(reference, &item_at) else {
            return whole(self);
        };
        if meta.is_none() && !beside {
            self.report.warn(
                at,
                format!("a list of {item} without paging fields (no `meta`, no `next_page_uri`); typed as a struct of its own, not a page"),
            );
            return whole(self);
        }
        if let Some(ReferenceOr::Item(meta)) = meta {
            if properties(meta).is_none_or(|p| p.is_empty()) {
                self.report.warn(
                    at.join("properties").join("meta"),
                    "`meta` declares no paging fields; typed as a page, whose next page is known only if the response gives one",
                );
            }
        }
        match self.list_keys.get(&item) {
            Some((existing, first)) if existing != key => {
                let message = format!(
                    "{item} is listed under {key:?} here but under {existing:?} at {first}"
                );
                self.report.error(at.join("properties").join(key), message);
            }
            Some(_) => {}
            None => {
                self.list_keys
                    .insert(item.clone(), (key.clone(), at.clone()));
            }
        }
        Response::List { status, item }
    }
}
