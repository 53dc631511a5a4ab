//! Operations → endpoint stubs: which module each goes to, its parameters
//! (path, query, header, form body), its path template and its response.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr};

use super::shape::{integer_range, pii};
use super::types::Owner;
use super::{docs, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Location, Method, Operation, Param, Segment, Type};

/// Where an operation is declared, and the module it goes to.
#[derive(Clone, Copy)]
struct Site<'a, 's> {
    path: &'a str,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    module: &'s str,
    /// `#/paths/<path>/<method>`.
    at: &'s Pointer,
}

impl<'a> Lowerer<'a> {
    /// Lowers every operation into the module of its resource.
    pub(super) fn lower_operations(&mut self) {
        let spec: &'a crate::load::Spec = self.spec;
        let mut ids: BTreeMap<String, Pointer> = BTreeMap::new();
        // The ids the spec gives are theirs; those made up for operations
        // without one choose among the rest.
        let mut given: BTreeSet<String> = spec
            .openapi
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .flat_map(|item| item.iter())
            .filter_map(|(_, op)| op.operation_id.clone())
            .collect();
        for (path, item) in &spec.openapi.paths.paths {
            let at = Pointer::root().join("paths").join(path);
            let ReferenceOr::Item(item) = item else {
                self.report.error(&at, "path item $refs are not supported");
                continue;
            };
            for (method, op) in item.iter() {
                let op_at = at.join(method);
                let Some(method) = parse_method(method) else {
                    self.report.warn(
                        &op_at,
                        format!("{} operations are not generated", method.to_uppercase()),
                    );
                    continue;
                };
                let (id, noun) = match op.operation_id.as_deref() {
                    Some(id) => (id.to_string(), names::operation_noun(id)),
                    None => {
                        let (id, noun) = operation_id(path, item, method, &mut given);
                        self.report.warn(
                            &op_at,
                            format!(
                                "operation has no operationId; named {id:?} after its method and path"
                            ),
                        );
                        (id, noun)
                    }
                };
                let id = id.as_str();
                if let Some(first) = ids.get(id) {
                    let message = format!("duplicate operationId {id:?}; first used at {first}");
                    self.report.error(op_at.join("operationId"), message);
                    continue;
                }
                ids.insert(id.to_string(), op_at.join("operationId"));
                let module = self.operation_module(&noun);
                let site = Site {
                    path,
                    item,
                    op,
                    module: &module,
                    at: &op_at,
                };
                if let Some(lowered) = self.lower_operation(id, method, &site) {
                    let resource = self.resource_mut(&module);
                    if resource.docs.is_empty() {
                        resource.docs = item
                            .description
                            .as_deref()
                            .map(docs::sanitize)
                            .unwrap_or_default();
                    }
                    resource.operations.push(lowered);
                }
            }
        }
    }

    /// The module an operation lives in: that of the model named `noun`,
    /// the operationId without its leading verb (`FetchUserChannel` →
    /// `user_channel`) or the resource a made-up id names, else a module
    /// named after that noun.
    fn operation_module(&self, noun: &str) -> String {
        self.kinds
            .values()
            .find_map(|kind| match kind {
                Kind::Model { name, module } if *name == noun => Some(module.clone()),
                _ => None,
            })
            .unwrap_or_else(|| names::free_module(names::module(noun)))
    }

    fn lower_operation(
        &mut self,
        id: &str,
        method: Method,
        site: &Site<'a, '_>,
    ) -> Option<Operation> {
        let Site { path, op, at, .. } = *site;
        let name = names::first_free(&names::stub_candidates(id), &mut self.taken);
        let name = self.type_name(id, name);
        let owner = Owner {
            name: &name,
            module: site.module,
            stub: true,
        };
        let mut params = self.lower_parameters(site, owner);
        let json_body = match &op.request_body {
            Some(body) => self.lower_body(body, &at.join("requestBody"), owner, &mut params),
            None => None,
        };
        let wires: Vec<(&str, Location)> = params
            .iter()
            .map(|p| (p.wire.as_str(), p.location))
            .collect();
        let names = names::param_names(&wires);
        for (p, name) in params.iter_mut().zip(names) {
            p.name = name;
        }
        let segments = self.path_segments(path, &params, at)?;
        let answers = self.lower_response(op, at, owner);
        Some(Operation {
            json_body,
            also_success: answers.also,
            empty_success: answers.empty,
            attrs: self.attributes(&name, id),
            name,
            operation_id: id.to_string(),
            docs: docs::operation(op.summary.as_deref(), op.description.as_deref(), id),
            method,
            path: path.to_string(),
            segments,
            params,
            response: answers.response,
        })
    }

    /// Path-item and operation parameters, in that order.
    fn lower_parameters(&mut self, site: &Site<'a, '_>, owner: Owner<'_>) -> Vec<Param> {
        let Site {
            path, item, op, at, ..
        } = *site;
        let item_at = Pointer::root().join("paths").join(path).join("parameters");
        let all = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (item_at.join(i), p))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (at.join("parameters").join(i), p)),
            );
        let mut params = Vec::new();
        for (p_at, param) in all {
            let param = match param {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => {
                    match self.parameter_ref(reference, &p_at) {
                        Some(p) => p,
                        None => continue,
                    }
                }
            };
            if let Some(param) = self.lower_parameter(param, owner, &p_at) {
                params.push(param);
            }
        }
        params
    }

    fn lower_parameter(
        &mut self,
        param: &Parameter,
        owner: Owner<'_>,
        at: &Pointer,
    ) -> Option<Param> {
        let module = owner.module;
        let (data, location) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
            Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
            Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header),
            Parameter::Cookie { .. } => {
                self.report.warn(at, "cookie parameters are not generated");
                return None;
            }
        };
        let s_at = at.join("schema");
        let (ty, range) = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                (self.ref_type(reference, &s_at), None)
            }
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                // A bare `Sid` names its SID type after the resource.
                let field = match data.name.as_str() {
                    "Sid" => names::sid_of_resource(&names::pascal(module)),
                    name => name.to_string(),
                };
                let mut ty = self.schema_type(schema, &field, &s_at, owner);
                // A path `…Sid` without a pattern also takes a name.
                if location == Location::Path && ty == Type::String && data.name.ends_with("Sid") {
                    ty = self.sid_like_type(&data.name, module, at);
                }
                (ty, integer_range(schema))
            }
            ParameterSchemaOrContent::Content(_) => {
                self.report
                    .warn(at, "parameters with `content` are typed as String");
                (Type::String, None)
            }
        };
        let ty = self.as_text_value(ty, &s_at);
        let ty = match (location, ty) {
            // A path parameter is one segment of text.
            (
                Location::Path,
                Type::Object | Type::Json | Type::Map(_) | Type::UriMap | Type::Array(_),
            ) => {
                self.report.warn(
                    &s_at,
                    "a path parameter is one segment of text; this one, not a string, number \
                     or date, is typed as String",
                );
                Type::String
            }
            (_, ty) => ty,
        };
        Some(Param {
            name: names::snake(&data.name),
            wire: data.name.clone(),
            location,
            docs: docs::param(
                data.description
                    .as_deref()
                    .map(docs::sanitize)
                    .unwrap_or_default(),
                &data.name,
            ),
            ty,
            required: data.required || location == Location::Path,
            range,
            pii: pii(&data.extensions),
        })
    }

    /// The type of a parameter sent as text (in the path, the query, a
    /// header or a form body): a struct or a union there has no text form,
    /// so it is typed as `serde_json::Value`, sent as JSON text, as a
    /// free-form object is, with a warning.
    pub(super) fn as_text_value(&mut self, ty: Type, at: &Pointer) -> Type {
        match ty {
            Type::Model(name) => {
                self.report.warn(
                    at,
                    format!(
                        "an object sent as text (not in a JSON body) is typed as \
                         serde_json::Value and sent as JSON text, not as the struct `{name}`"
                    ),
                );
                Type::Object
            }
            Type::Array(inner) => Type::Array(Box::new(self.as_text_value(*inner, at))),
            other => other,
        }
    }

    fn sid_like_type(&mut self, name: &str, module: &str, at: &Pointer) -> Type {
        match self.sid_like(name, module) {
            Some(sid) => Type::SidLike(sid),
            None => {
                self.report.warn(
                    at,
                    format!("cannot tell which SID path parameter {name:?} takes; typed as String"),
                );
                Type::String
            }
        }
    }

    /// The path template split into literal text and parameters, checking
    /// that placeholders and path parameters match one to one.
    fn path_segments(
        &mut self,
        path: &str,
        params: &[Param],
        at: &Pointer,
    ) -> Option<Vec<Segment>> {
        let mut segments = Vec::new();
        let mut rest = path;
        let mut used = Vec::new();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(Segment::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.report
                    .error(at, format!("unclosed placeholder in path {path:?}"));
                return None;
            };
            let wire = &rest[open + 1..open + close];
            let Some(p) = params
                .iter()
                .find(|p| p.location == Location::Path && p.wire == wire)
            else {
                self.report.error(
                    at.join("parameters"),
                    format!("path placeholder {{{wire}}} has no path parameter"),
                );
                return None;
            };
            used.push(p.wire.as_str());
            segments.push(Segment::Param(p.name.clone()));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_string()));
        }
        for p in params.iter().filter(|p| p.location == Location::Path) {
            if !used.contains(&p.wire.as_str()) {
                self.report.error(
                    at.join("parameters"),
                    format!(
                        "path parameter {:?} does not appear in the path {path:?}",
                        p.wire
                    ),
                );
            }
        }
        Some(segments)
    }
}

/// An id for an operation the spec gives none (see
/// `names::operation_candidates`): the first of its candidates not `taken`
/// by another operation, else the last numbered; the result is taken. With
/// it, the noun of the resource it names (the first candidate without its
/// verb), whose module it goes to.
fn operation_id(
    path: &str,
    item: &PathItem,
    method: Method,
    taken: &mut BTreeSet<String>,
) -> (String, String) {
    let twilio = item.extensions.get("x-twilio");
    let class_name = twilio
        .and_then(|t| t.get("className"))
        .and_then(serde_json::Value::as_str);
    // Twilio says whether a path is one resource or a list of them; other
    // specs say it by ending in a placeholder.
    let instance = match twilio
        .and_then(|t| t.get("pathType"))
        .and_then(serde_json::Value::as_str)
    {
        Some("instance") => true,
        Some("list") => false,
        _ => path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .is_some_and(|last| last.starts_with('{')),
    };
    let verb = names::operation_verb(&method.as_str().to_ascii_lowercase(), instance);
    let candidates = names::operation_candidates(verb, path, class_name);
    let noun = names::operation_noun(&candidates[0]);
    (names::first_free(&candidates, taken), noun)
}

fn parse_method(method: &str) -> Option<Method> {
    Some(match method {
        "get" => Method::Get,
        "post" => Method::Post,
        "put" => Method::Put,
        "patch" => Method::Patch,
        "delete" => Method::Delete,
        _ => return None,
    })
}
