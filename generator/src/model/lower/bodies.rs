//! Request bodies → parameters of the stub: the fields of a form body, the
//! fields of a JSON object body, or the whole of a JSON body that is not an
//! object with fields.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema};

use super::shape::{integer_range, pii, properties, required};
use super::types::Owner;
use super::{docs, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Location, Param};

const FORM: &str = "application/x-www-form-urlencoded";
const REQUEST_BODY_REF: &str = "#/components/requestBodies/";

/// Whether a media type is JSON: `application/json`, or one with a `+json`
/// suffix (`application/scim+json`).
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    essence == "application/json" || essence.ends_with("+json")
}

impl<'a> Lowerer<'a> {
    /// The body's fields as parameters (pushed onto `params`); returns the
    /// media type when the body is JSON.
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &Pointer,
        owner: Owner<'_>,
        params: &mut Vec<Param>,
    ) -> Option<String> {
        let (body, at) = self.request_body(body, at)?;
        if let Some(media) = body.content.get(FORM) {
            let s_at = at.join("content").join(FORM).join("schema");
            self.object_fields(media, &s_at, Location::Form, owner, params);
            return None;
        }
        let Some((media_type, media)) = body.content.iter().find(|(t, _)| is_json(t)) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            if !types.is_empty() {
                self.report.warn(
                    at.join("content"),
                    format!(
                        "bodies of type {} are not generated: only form and JSON bodies are",
                        types.join(", ")
                    ),
                );
            }
            return None;
        };
        let s_at = at.join("content").join(media_type).join("schema");
        let object = self
            .body_schema(media, &s_at)
            .is_some_and(|(schema, _)| properties(schema).is_some_and(|p| !p.is_empty()));
        if object {
            self.object_fields(media, &s_at, Location::Json, owner, params);
        } else if let Some(schema) = &media.schema {
            let ty = self.use_type(schema, "body", &s_at, owner);
            params.push(Param {
                name: "body".into(),
                wire: "body".into(),
                location: Location::Body,
                docs: docs::param(
                    body.description
                        .as_deref()
                        .map(docs::sanitize)
                        .unwrap_or_default(),
                    "body",
                ),
                ty,
                required: body.required,
                range: None,
                pii: None,
            });
        }
        Some(media_type.clone())
    }

    /// The request body a `$ref` names, with where it is written.
    fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &Pointer,
    ) -> Option<(&'a RequestBody, Pointer)> {
        let spec: &'a crate::load::Spec = self.spec;
        match body {
            ReferenceOr::Item(body) => Some((body, at.clone())),
            ReferenceOr::Reference { reference } => {
                let found = reference.strip_prefix(REQUEST_BODY_REF).and_then(|name| {
                    Some((
                        name,
                        spec.openapi.components.as_ref()?.request_bodies.get(name)?,
                    ))
                });
                match found {
                    Some((name, ReferenceOr::Item(body))) => Some((
                        body,
                        Pointer::root()
                            .join("components")
                            .join("requestBodies")
                            .join(name),
                    )),
                    _ => {
                        self.report.error(
                            at,
                            format!("dangling or chained $ref {reference:?}: expected a request body under #/components/requestBodies/"),
                        );
                        None
                    }
                }
            }
        }
    }

    /// The schema of a body, and the component it is, if it is one.
    fn body_schema(
        &mut self,
        media: &'a MediaType,
        at: &Pointer,
    ) -> Option<(&'a Schema, Option<String>)> {
        match media.schema.as_ref()? {
            ReferenceOr::Item(schema) => Some((schema, None)),
            ReferenceOr::Reference { reference } => {
                let (name, schema) = self.resolve(reference, at)?;
                Some((schema, Some(name)))
            }
        }
    }

    /// Each property of an object body as a parameter at `location`.
    fn object_fields(
        &mut self,
        media: &'a MediaType,
        at: &Pointer,
        location: Location,
        owner: Owner<'_>,
        params: &mut Vec<Param>,
    ) {
        let Some((schema, component)) = self.body_schema(media, at) else {
            return;
        };
        // Problems inside a component are reported where it is written, and
        // what it declares inline is named after it.
        let (at, model) = match &component {
            Some(name) => {
                let model = match self.kinds.get(name) {
                    Some(Kind::Model { name, module }) => Some((name.clone(), module.clone())),
                    _ => None,
                };
                (super::schema_pointer(name), model)
            }
            None => (at.clone(), None),
        };
        let owner = match &model {
            Some((name, module)) => Owner {
                name,
                module,
                stub: false,
            },
            None => owner,
        };
        let required = required(schema);
        for (wire, prop) in properties(schema).into_iter().flatten() {
            let p_at = at.join("properties").join(wire);
            let ty = self.use_type(prop, wire, &p_at, owner);
            let ty = match location {
                Location::Form => self.as_text_value(ty, &p_at),
                _ => ty,
            };
            let (docs, range, pii) = match prop {
                ReferenceOr::Reference { reference } => (self.ref_docs(reference), None, None),
                ReferenceOr::Item(s) => (
                    docs::of(s),
                    integer_range(s),
                    pii(&s.schema_data.extensions),
                ),
            };
            params.push(Param {
                name: names::snake(wire),
                wire: wire.clone(),
                location,
                docs: docs::param(docs, wire),
                ty,
                required: required.contains(wire),
                range,
                pii,
            });
        }
    }
}
