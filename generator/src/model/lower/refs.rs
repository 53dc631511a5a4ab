//! `$ref` resolution: schema names, alias chains (with cycles reported
//! once), and parameter references.

use std::collections::BTreeSet;

use openapiv3::{Parameter, ReferenceOr, Schema};

use super::{docs, Lowerer};
use crate::error::Pointer;

const SCHEMA_REF: &str = "#/components/schemas/";
const PARAMETER_REF: &str = "#/components/parameters/";

impl<'a> Lowerer<'a> {
    /// Every component schema, in spec order.
    pub(super) fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        let spec: &'a crate::load::Spec = self.spec;
        spec.openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
    }

    /// The component schema called `name`.
    pub(super) fn component(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        let spec: &'a crate::load::Spec = self.spec;
        spec.openapi.components.as_ref()?.schemas.get(name)
    }

    /// The component name a `$ref` points at, reporting refs that lead
    /// nowhere.
    pub(super) fn schema_name(&mut self, reference: &str, pointer: &Pointer) -> Option<String> {
        let Some(name) = reference.strip_prefix(SCHEMA_REF) else {
            self.report.error(
                pointer,
                format!("unsupported $ref {reference:?}: only local references to #/components/schemas/... are supported"),
            );
            return None;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if self.component(&name).is_none() {
            self.report.error(
                pointer,
                format!("dangling $ref {reference:?}: there is no such schema"),
            );
            return None;
        }
        Some(name)
    }

    /// Follows a chain of schema aliases that starts at the component
    /// `start`, reporting dangling and cyclic ones. Returns the name of the
    /// schema at the end of the chain. Every alias on the way remembers
    /// where it leads, so a chain is walked once however often it is used.
    pub(super) fn follow_alias(
        &mut self,
        start: &str,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<String> {
        if let Some(known) = self.alias_targets.get(start) {
            return known.clone();
        }
        let mut seen = vec![start.to_string()];
        let mut members: BTreeSet<String> = seen.iter().cloned().collect();
        let mut reference = reference;
        let end = loop {
            // A `$ref` that leads nowhere is reported where it is written.
            let at = match seen.last() {
                Some(alias) if seen.len() > 1 => super::schema_pointer(alias),
                _ => pointer.clone(),
            };
            let Some(target) = self.schema_name(reference, &at) else {
                break None;
            };
            if let Some(known) = self.alias_targets.get(&target) {
                break known.clone();
            }
            if members.contains(&target) {
                let i = seen.iter().position(|s| *s == target).unwrap_or(0);
                let mut cycle = seen[i..].to_vec();
                cycle.sort();
                seen.push(target);
                if self.cycles.insert(cycle) {
                    self.report
                        .error(pointer, format!("$ref cycle: {}", seen.join(" -> ")));
                }
                seen.pop();
                break None;
            }
            match self.component(&target) {
                Some(ReferenceOr::Reference { reference: next }) => {
                    members.insert(target.clone());
                    seen.push(target);
                    reference = next;
                }
                Some(ReferenceOr::Item(_)) => break Some(target),
                None => break None,
            }
        };
        for alias in seen {
            self.alias_targets.insert(alias, end.clone());
        }
        end
    }

    /// The schema a `$ref` stands for, at the end of any alias chain, with
    /// its component name.
    pub(super) fn resolve(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<(String, &'a Schema)> {
        let name = self.schema_name(reference, pointer)?;
        let target = match self.component(&name)? {
            ReferenceOr::Reference { reference } => self.follow_alias(&name, reference, pointer)?,
            ReferenceOr::Item(_) => name,
        };
        match self.component(&target)? {
            ReferenceOr::Item(schema) => Some((target, schema)),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// The description of the schema a `$ref` names, sanitized.
    pub(super) fn ref_docs(&self, reference: &str) -> String {
        reference
            .strip_prefix(SCHEMA_REF)
            .and_then(|n| self.component(n))
            .and_then(|s| match s {
                ReferenceOr::Item(s) => s.schema_data.description.as_deref(),
                ReferenceOr::Reference { .. } => None,
            })
            .map(docs::sanitize)
            .unwrap_or_default()
    }

    /// The parameter a `#/components/parameters/…` reference names.
    pub(super) fn parameter_ref(&mut self, reference: &str, at: &Pointer) -> Option<&'a Parameter> {
        let spec: &'a crate::load::Spec = self.spec;
        let found = reference
            .strip_prefix(PARAMETER_REF)
            .and_then(|n| spec.openapi.components.as_ref()?.parameters.get(n));
        match found {
            Some(ReferenceOr::Item(p)) => Some(p),
            Some(ReferenceOr::Reference { .. }) => {
                self.report.error(at, format!("$ref {reference:?} leads to another $ref; chained parameter references are not supported"));
                None
            }
            None => {
                self.report.error(
                    at,
                    format!("dangling $ref {reference:?}: there is no such parameter"),
                );
                None
            }
        }
    }

    /// The component schema that became the model named `model`.
    pub(super) fn schema_of_model(&self, model: &str) -> Option<&str> {
        self.kinds.iter().find_map(|(schema, kind)| match kind {
            super::Kind::Model { name, .. } if name == model => Some(schema.as_str()),
            _ => None,
        })
    }
}

/// The lists of schemas a schema combines (`oneOf`, …), by keyword.
type Alternatives<'s> = Vec<(&'static str, &'s Vec<ReferenceOr<Schema>>)>;

impl<'a> Lowerer<'a> {
    /// Checks every schema `$ref` in the document, wherever it is written:
    /// in the parts lowering reads, where this only confirms what it found,
    /// and in the parts it has no use for (an `additionalProperties` beside
    /// `properties`, the alternatives of a `oneOf` typed as JSON, a schema
    /// nothing uses), so that a `$ref` that leads nowhere is an error
    /// wherever it is.
    pub(super) fn check_schema_refs(&mut self) {
        let spec: &'a crate::load::Spec = self.spec;
        let root = Pointer::root();
        if let Some(components) = &spec.openapi.components {
            let at = root.join("components");
            for (name, schema) in &components.schemas {
                if let ReferenceOr::Item(schema) = schema {
                    self.refs_in_schema(schema, &at.join("schemas").join(name));
                }
            }
            for (name, parameter) in &components.parameters {
                if let ReferenceOr::Item(parameter) = parameter {
                    self.refs_in_parameter(parameter, &at.join("parameters").join(name));
                }
            }
            for (name, body) in &components.request_bodies {
                if let ReferenceOr::Item(body) = body {
                    self.refs_in_content(&body.content, &at.join("requestBodies").join(name));
                }
            }
            for (name, response) in &components.responses {
                if let ReferenceOr::Item(response) = response {
                    self.refs_in_content(&response.content, &at.join("responses").join(name));
                }
            }
        }
        for (path, item) in &spec.openapi.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let at = root.join("paths").join(path);
            for (i, parameter) in item.parameters.iter().enumerate() {
                if let ReferenceOr::Item(parameter) = parameter {
                    self.refs_in_parameter(parameter, &at.join("parameters").join(i));
                }
            }
            for (method, op) in item.iter() {
                let at = at.join(method);
                for (i, parameter) in op.parameters.iter().enumerate() {
                    if let ReferenceOr::Item(parameter) = parameter {
                        self.refs_in_parameter(parameter, &at.join("parameters").join(i));
                    }
                }
                if let Some(ReferenceOr::Item(body)) = &op.request_body {
                    self.refs_in_content(&body.content, &at.join("requestBody"));
                }
                for (status, response) in &op.responses.responses {
                    if let ReferenceOr::Item(response) = response {
                        let at = at.join("responses").join(status);
                        self.refs_in_content(&response.content, &at);
                    }
                }
                if let Some(ReferenceOr::Item(response)) = &op.responses.default {
                    let at = at.join("responses").join("default");
                    self.refs_in_content(&response.content, &at);
                }
            }
        }
    }

    fn refs_in_parameter(&mut self, parameter: &Parameter, at: &Pointer) {
        match &parameter.parameter_data_ref().format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                self.refs_in(schema, &at.join("schema"));
            }
            openapiv3::ParameterSchemaOrContent::Content(content) => {
                self.refs_in_content(content, at);
            }
        }
    }

    fn refs_in_content(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        at: &Pointer,
    ) {
        for (media, value) in content {
            if let Some(schema) = &value.schema {
                self.refs_in(schema, &at.join("content").join(media).join("schema"));
            }
        }
    }

    /// A schema or a `$ref`, at `at`.
    fn refs_in<S: std::borrow::Borrow<Schema>>(&mut self, schema: &ReferenceOr<S>, at: &Pointer) {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.schema_name(reference, at);
            }
            ReferenceOr::Item(schema) => self.refs_in_schema(schema.borrow(), at),
        }
    }

    fn refs_in_schema(&mut self, schema: &Schema, at: &Pointer) {
        use openapiv3::{SchemaKind, Type};
        let (properties, additional, items) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                (Some(&o.properties), o.additional_properties.as_ref(), None)
            }
            SchemaKind::Type(Type::Array(a)) => (None, None, a.items.as_ref()),
            SchemaKind::Any(any) => (
                Some(&any.properties),
                any.additional_properties.as_ref(),
                any.items.as_ref(),
            ),
            _ => (None, None, None),
        };
        for (name, property) in properties.into_iter().flatten() {
            self.refs_in(property, &at.join("properties").join(name));
        }
        if let Some(openapiv3::AdditionalProperties::Schema(values)) = additional {
            self.refs_in(&**values, &at.join("additionalProperties"));
        }
        if let Some(items) = items {
            self.refs_in(items, &at.join("items"));
        }
        let (lists, not): (Alternatives<'_>, _) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (vec![("oneOf", one_of)], None),
            SchemaKind::AllOf { all_of } => (vec![("allOf", all_of)], None),
            SchemaKind::AnyOf { any_of } => (vec![("anyOf", any_of)], None),
            SchemaKind::Not { not } => (Vec::new(), Some(&**not)),
            SchemaKind::Any(any) => (
                vec![
                    ("oneOf", &any.one_of),
                    ("allOf", &any.all_of),
                    ("anyOf", &any.any_of),
                ],
                any.not.as_deref(),
            ),
            SchemaKind::Type(_) => (Vec::new(), None),
        };
        for (key, schemas) in lists {
            for (i, alternative) in schemas.iter().enumerate() {
                self.refs_in(alternative, &at.join(key).join(i));
            }
        }
        if let Some(not) = not {
            self.refs_in(not, &at.join("not"));
        }
    }
}
