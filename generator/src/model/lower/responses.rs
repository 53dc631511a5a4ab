//! Responses → what a stub's `parse_response` returns: a model, a page of
//! models (either paging style), another type, or nothing; and on which
//! declared statuses.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode};

use super::bodies::is_json;
use super::shape::properties;
use super::types::Owner;
use super::Lowerer;
use crate::error::Pointer;
use crate::model::{names, Response, Type};

const RESPONSE_REF: &str = "#/components/responses/";

/// The schema of a response's JSON body, if it has one.
fn json_schema(response: &openapiv3::Response) -> Option<&ReferenceOr<Schema>> {
    let (_, media) = response.content.iter().find(|(t, _)| is_json(t))?;
    media.schema.as_ref()
}

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

/// What an operation answers on success, as its stub reads it.
pub(super) struct Answers {
    /// The body, and the status it is first declared with.
    pub(super) response: Response,
    /// Other declared success statuses, read as the same body.
    pub(super) also: Vec<u16>,
    /// Declared success statuses without a body, when others have one: the
    /// stub's response is then an `Option`, `None` on these.
    pub(super) empty: Vec<u16>,
}

impl<'a> Lowerer<'a> {
    /// The success statuses an operation declares (every `2xx`, then every
    /// `3xx`, which the clients do not follow: a redirect declared in the
    /// spec is the operation's answer) and the one body they are read as:
    /// the first declared one. A status that declares another schema is
    /// read as that one too, with a warning.
    pub(super) fn lower_response(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        owner: Owner<'_>,
    ) -> Answers {
        let mut declared: Vec<(u16, &'a ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..400).contains(c) => Some((*c, r)),
                _ => None,
            })
            .collect();
        // Stable: 2xx before 3xx, each in the spec's order.
        declared.sort_by_key(|&(code, _)| code >= 300);
        if declared.is_empty() {
            self.report.warn(
                at.join("responses"),
                "no 2xx or 3xx response is described; the response is typed as serde_json::Value, on status 200",
            );
            return Answers {
                response: Response::Json { status: 200 },
                also: Vec::new(),
                empty: Vec::new(),
            };
        }
        let resolved: Vec<(u16, Option<(&'a openapiv3::Response, Pointer)>)> = declared
            .iter()
            .map(|&(code, r)| (code, self.response(r, &at.join("responses").join(code))))
            .collect();
        // A response whose `$ref` dangles (reported) counts as having a body.
        let has_body = |r: &Option<(&openapiv3::Response, Pointer)>| {
            r.as_ref().is_none_or(|(r, _)| !r.content.is_empty())
        };
        let Some(primary) = resolved.iter().position(|(_, r)| has_body(r)) else {
            return Answers {
                response: Response::Empty {
                    status: declared[0].0,
                },
                also: declared[1..].iter().map(|&(code, _)| code).collect(),
                empty: Vec::new(),
            };
        };
        let (status, ref primary_response) = resolved[primary];
        let mut also = Vec::new();
        let mut empty = Vec::new();
        for (i, (code, r)) in resolved.iter().enumerate() {
            if i == primary {
                continue;
            }
            if !has_body(r) {
                empty.push(*code);
                continue;
            }
            also.push(*code);
            if let (Some((first, _)), Some((other, other_at))) = (primary_response, r) {
                if json_schema(first) != json_schema(other) {
                    self.report.warn(
                        other_at.join("content"),
                        format!("the {code} response declares another body than the {status} response; it is read as the {status} response's type"),
                    );
                }
            }
        }
        let response = match primary_response {
            Some((response, r_at)) => self.response_body(response, status, r_at, owner),
            None => Response::Json { status },
        };
        Answers {
            response,
            also,
            empty,
        }
    }

    /// The type of one response's body.
    fn response_body(
        &mut self,
        response: &'a openapiv3::Response,
        status: u16,
        r_at: &Pointer,
        owner: Owner<'_>,
    ) -> Response {
        let Some((media_type, media)) = response.content.iter().find(|(t, _)| is_json(t)) else {
            let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
            self.report.warn(
                r_at.join("content"),
                format!(
                    "{} responses are not typed; this one is returned as raw JSON",
                    types.join(", ")
                ),
            );
            return Response::Json { status };
        };
        let s_at = r_at.join("content").join(media_type).join("schema");
        match &media.schema {
            Some(ReferenceOr::Reference { reference }) => match self.ref_type(reference, &s_at) {
                Type::Model(ty) => Response::Model { status, ty },
                Type::Json => Response::Json { status },
                ty => Response::Other { status, ty },
            },
            Some(ReferenceOr::Item(schema)) => self.inline_response(schema, status, &s_at, owner),
            None => Response::Json { status },
        }
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
            let name = names::response_struct(owner.name);
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

impl Lowerer<'_> {
    /// The list key of each resource's struct and each union that a list
    /// response holds, as learnt from the responses. Only these implement
    /// the runtime's `ListItem`: a struct declared inline is never listed on
    /// its own.
    pub(super) fn decide_list_keys(&self) -> BTreeMap<String, String> {
        let listable = self.resources.iter().flat_map(|r| {
            r.model
                .iter()
                .map(|m| &m.name)
                .chain(r.unions.iter().map(|u| &u.name))
        });
        listable
            .filter_map(|name| {
                let (key, _) = self.list_keys.get(name)?;
                Some((name.clone(), key.clone()))
            })
            .collect()
    }
}
