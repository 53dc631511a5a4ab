//! OpenAPI → IR. Resolves every `$ref`, decides every name, and collects every
//! problem (with its JSON pointer) before failing.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AnySchema, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, SchemaKind,
    StatusCode, StringFormat, VariantOrUnknownOrEmpty,
};

use super::names;
use super::{
    Api, Enum, Field, Location, Method, Operation, Param, Pii, Presence, Resource, Response,
    Segment, SidType, Struct, Type, Variant,
};
use crate::error::{Diagnostic, Pointer, Report, Result};
use crate::load::Spec;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const SCHEMA_REF: &str = "#/components/schemas/";

/// Names the emitted support code uses at the top of every version module;
/// no generated type may take them.
pub(crate) const RESERVED: &[&str] = &[
    "support",
    "sids",
    "Option",
    "String",
    "Vec",
    "Box",
    "Result",
    "TwilioSid",
    "ParamValue",
    "Redacted",
    "Endpoint",
    "Page",
    "PageMeta",
    "PageRequest",
    "ListItem",
    "SidError",
    "SidErrorKind",
    "SidLike",
    "RequestError",
    "ResponseError",
    "ApiError",
    "NoContent",
    "DEFAULT_BASE_URL",
];

/// Methods of the endpoint stubs that a parameter setter must not shadow.
const SHADOWED: &[&str] = &[
    "new",
    "path",
    "query",
    "headers",
    "form",
    "validate",
    "to_request",
    "request",
    "parse_response",
];

/// Lowers a parsed spec to the IR, returning it with the warnings about
/// constructs that were accepted in a degraded form.
pub fn lower(spec: &Spec) -> Result<(Api, Vec<Diagnostic>)> {
    let mut cx = Lowerer {
        spec,
        report: Report::new(&spec.path),
        kinds: BTreeMap::new(),
        resource_sids: BTreeMap::new(),
        sids: BTreeMap::new(),
        resources: Vec::new(),
        inline_enums: BTreeMap::new(),
        list_keys: BTreeMap::new(),
        cycles: BTreeSet::new(),
    };
    cx.classify_schemas();
    cx.name_resource_sids();
    cx.lower_models();
    cx.lower_operations();
    cx.check_model_cycles();
    cx.check_names();
    cx.report.check()?;
    let api = cx.finish();
    Ok((api, cx.report.warnings))
}

/// What a component schema becomes.
#[derive(Debug, Clone)]
enum Kind {
    /// A struct, in the module with this name.
    Model { name: String, module: String },
    /// An enum, in the module with this name.
    Enum { name: String, module: String },
    /// Neither: uses are typed from the schema's own shape.
    Inline,
}

struct Lowerer<'a> {
    spec: &'a Spec,
    report: Report,
    /// Component schema name → what it becomes, in spec order of discovery.
    kinds: BTreeMap<String, Kind>,
    /// SID prefix → (type name, depth of the owning schema name).
    resource_sids: BTreeMap<String, (String, usize)>,
    /// SID prefix → type, for every prefix used.
    sids: BTreeMap<String, SidType>,
    /// Modules in spec order.
    resources: Vec<Resource>,
    /// Inline enums by type name → (module, values).
    inline_enums: BTreeMap<String, (String, Vec<String>)>,
    /// Model type name → list key, with the pointer that set it.
    list_keys: BTreeMap<String, (String, Pointer)>,
    /// The schemas of each `$ref` cycle reported so far, sorted: a cycle is
    /// reported once, not once per member.
    cycles: BTreeSet<Vec<String>>,
}

impl Lowerer<'_> {
    fn schemas(&self) -> impl Iterator<Item = (&String, &ReferenceOr<Schema>)> {
        self.spec
            .openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
    }

    fn resource_mut(&mut self, module: &str) -> &mut Resource {
        let index = match self.resources.iter().position(|r| r.module == module) {
            Some(i) => i,
            None => {
                self.resources.push(Resource {
                    module: module.to_string(),
                    docs: String::new(),
                    model: None,
                    list_key: None,
                    enums: Vec::new(),
                    operations: Vec::new(),
                });
                self.resources.len() - 1
            }
        };
        &mut self.resources[index]
    }

    // ----- component schemas -------------------------------------------------

    fn classify_schemas(&mut self) {
        let schemas: Vec<(String, ReferenceOr<Schema>)> = self
            .schemas()
            .map(|(name, schema)| (name.clone(), schema.clone()))
            .collect();
        for (name, schema) in &schemas {
            let pointer = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    // An alias: make sure it leads somewhere, without cycles.
                    self.follow_alias(name, reference, &pointer);
                    Kind::Inline
                }
                ReferenceOr::Item(schema) => match &schema.schema_kind {
                    SchemaKind::Type(openapiv3::Type::Object(obj))
                        if !obj.properties.is_empty() =>
                    {
                        let module = names::module(name.rsplit('.').next().unwrap_or(name));
                        self.resource_mut(&module);
                        Kind::Model {
                            name: names::resource(name),
                            module,
                        }
                    }
                    SchemaKind::Any(any)
                        if any.typ.as_deref() == Some("object") && !any.properties.is_empty() =>
                    {
                        let module = names::module(name.rsplit('.').next().unwrap_or(name));
                        self.resource_mut(&module);
                        Kind::Model {
                            name: names::resource(name),
                            module,
                        }
                    }
                    SchemaKind::Type(openapiv3::Type::String(s)) if !s.enumeration.is_empty() => {
                        let owner = name
                            .split_once("_enum_")
                            .map_or("enums", |(owner, _)| owner);
                        let module = names::module(owner);
                        self.resource_mut(&module);
                        Kind::Enum {
                            name: names::enum_schema(name),
                            module,
                        }
                    }
                    _ => Kind::Inline,
                },
            };
            self.kinds.insert(name.clone(), kind);
        }
    }

    /// Follows a chain of schema aliases, reporting dangling and cyclic ones.
    /// Returns the name of the schema at the end of the chain.
    fn follow_alias(&mut self, start: &str, reference: &str, pointer: &Pointer) -> Option<String> {
        let mut seen = vec![start.to_string()];
        let mut reference = reference.to_string();
        loop {
            let target = self.schema_name(&reference, pointer)?;
            if let Some(i) = seen.iter().position(|s| *s == target) {
                let mut members = seen[i..].to_vec();
                members.sort();
                seen.push(target);
                if self.cycles.insert(members) {
                    self.report
                        .error(pointer, format!("$ref cycle: {}", seen.join(" -> ")));
                }
                return None;
            }
            match self.component(&target) {
                Some(ReferenceOr::Reference { reference: next }) => {
                    seen.push(target);
                    reference = next.clone();
                }
                Some(ReferenceOr::Item(_)) => return Some(target),
                None => return None,
            }
        }
    }

    fn component(&self, name: &str) -> Option<&ReferenceOr<Schema>> {
        self.spec
            .openapi
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
    }

    /// The component name a `$ref` points at, reporting refs that lead nowhere.
    fn schema_name(&mut self, reference: &str, pointer: &Pointer) -> Option<String> {
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

    /// Names each SID prefix after the resource whose own `sid` carries it; when
    /// several do, the one with the shortest schema name path wins.
    fn name_resource_sids(&mut self) {
        let models: Vec<(String, Schema)> = self
            .schemas()
            .filter_map(|(name, s)| match s {
                ReferenceOr::Item(s) => Some((name.clone(), s.clone())),
                _ => None,
            })
            .filter(|(name, _)| matches!(self.kinds.get(name), Some(Kind::Model { .. })))
            .collect();
        for (name, schema) in models {
            let Some(ReferenceOr::Item(sid)) = properties(&schema).and_then(|p| p.get("sid"))
            else {
                continue;
            };
            let Some(prefix) = sid_prefix(sid) else {
                continue;
            };
            let depth = name.matches('.').count();
            let candidate = format!("{}Sid", names::resource(&name));
            match self.resource_sids.get(&prefix) {
                Some((_, d)) if *d <= depth => {}
                _ => {
                    self.resource_sids.insert(prefix, (candidate, depth));
                }
            }
        }
    }

    /// The SID type for `prefix`, registering it on first use.
    fn sid_type(&mut self, prefix: &str, field: &str) -> String {
        if let Some(sid) = self.sids.get(prefix) {
            return sid.name.clone();
        }
        let (name, docs) = match self.resource_sids.get(prefix) {
            Some((name, _)) => {
                let resource = name.trim_end_matches("Sid");
                let docs = format!(
                    "The SID of {resource} resources: `{prefix}` followed by 32 hexadecimal digits."
                );
                (name.clone(), docs)
            }
            None => {
                let name = names::sid_from_field(field);
                let what = name.trim_end_matches("Sid");
                let docs = format!("{what} SID: `{prefix}` followed by 32 hexadecimal digits.");
                (name, docs)
            }
        };
        self.sids.insert(
            prefix.to_string(),
            SidType {
                name: name.clone(),
                prefix: prefix.to_string(),
                docs,
            },
        );
        name
    }

    fn lower_models(&mut self) {
        let schemas: Vec<(String, ReferenceOr<Schema>)> = self
            .schemas()
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect();
        for (schema_name, schema) in schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let pointer = Pointer::root()
                .join("components")
                .join("schemas")
                .join(&schema_name);
            match self.kinds.get(&schema_name).cloned() {
                Some(Kind::Model { name, module }) => {
                    let model = self.lower_struct(&name, &schema, &pointer);
                    self.resource_mut(&module).model = Some(model);
                }
                Some(Kind::Enum { name, module }) => {
                    let values = match &schema.schema_kind {
                        SchemaKind::Type(openapiv3::Type::String(s)) => {
                            s.enumeration.iter().flatten().cloned().collect::<Vec<_>>()
                        }
                        _ => Vec::new(),
                    };
                    let docs = schema.schema_data.description.clone().unwrap_or_default();
                    let e = self.make_enum(&name, docs, &values, &pointer.join("enum"));
                    self.resource_mut(&module).enums.push(e);
                }
                _ => {}
            }
        }
    }

    fn lower_struct(&mut self, name: &str, schema: &Schema, pointer: &Pointer) -> Struct {
        let mut fields = Vec::new();
        for (wire, prop) in properties(schema).into_iter().flatten() {
            let at = pointer.join("properties").join(wire);
            let (ty, nullable, default, docs, pii) = match prop {
                ReferenceOr::Reference { reference } => {
                    let ty = self.ref_type(reference, &at);
                    let docs = self.ref_docs(reference);
                    (ty, true, None, docs, None)
                }
                ReferenceOr::Item(s) => {
                    let ty = self.schema_type(s, wire, &at, None);
                    let default = match (&s.schema_kind, &s.schema_data.default) {
                        (SchemaKind::Type(openapiv3::Type::Integer(_)), Some(d)) => d.as_i64(),
                        _ => None,
                    };
                    (
                        ty,
                        s.schema_data.nullable,
                        default,
                        s.schema_data.description.clone().unwrap_or_default(),
                        pii(&s.schema_data.extensions),
                    )
                }
            };
            // A non-nullable integer with a default stays a plain integer;
            // everything else is optional, since older responses may lack it.
            let presence = match default {
                Some(d) if !nullable && ty == Type::Integer => Presence::DefaultInteger(d),
                _ => Presence::Optional,
            };
            fields.push(Field {
                name: names::snake(wire),
                wire: wire.clone(),
                docs,
                ty,
                presence,
                pii,
            });
        }
        let docs = schema
            .schema_data
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_default();
        let props = pointer.join("properties");
        self.check_unique(
            fields.iter().map(|f| (f.name.as_str(), f.wire.as_str())),
            |wire| props.join(wire),
            "fields",
        );
        Struct {
            name: name.to_string(),
            docs,
            fields,
        }
    }

    fn make_enum(
        &mut self,
        name: &str,
        docs: String,
        values: &[String],
        pointer: &Pointer,
    ) -> Enum {
        let variants: Vec<Variant> = values
            .iter()
            .map(|v| Variant {
                name: names::pascal(v),
                wire: v.clone(),
            })
            .collect();
        let mut seen = BTreeMap::new();
        for v in &variants {
            if v.name == "Unknown" {
                self.report.error(
                    pointer,
                    format!(
                        "enum value {:?} would take the name of the fallback variant `Unknown`",
                        v.wire
                    ),
                );
            }
            if let Some(other) = seen.insert(v.name.clone(), v.wire.clone()) {
                self.report.error(
                    pointer,
                    format!(
                        "enum values {other:?} and {:?} both become variant `{}`",
                        v.wire, v.name
                    ),
                );
            }
        }
        Enum {
            name: name.to_string(),
            // Filled in from the first use by `finish` when empty.
            docs: docs.trim().to_string(),
            variants,
        }
    }

    fn ref_docs(&self, reference: &str) -> String {
        reference
            .strip_prefix(SCHEMA_REF)
            .and_then(|n| self.component(n))
            .and_then(|s| match s {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The type a `$ref` stands for.
    fn ref_type(&mut self, reference: &str, pointer: &Pointer) -> Type {
        let Some(name) = self.schema_name(reference, pointer) else {
            return Type::Json;
        };
        match self.kinds.get(&name).cloned() {
            Some(Kind::Model { name, .. }) => Type::Model(name),
            Some(Kind::Enum { name, .. }) => Type::Enum(name),
            _ => {
                let Some(target) = (match self.component(&name) {
                    Some(ReferenceOr::Reference { reference }) => {
                        let reference = reference.clone();
                        self.follow_alias(&name, &reference, pointer)
                    }
                    _ => Some(name),
                }) else {
                    return Type::Json;
                };
                match self.component(&target).cloned() {
                    Some(ReferenceOr::Item(schema)) => match self.kinds.get(&target).cloned() {
                        Some(Kind::Model { name, .. }) => Type::Model(name),
                        Some(Kind::Enum { name, .. }) => Type::Enum(name),
                        _ => {
                            let at = Pointer::root()
                                .join("components")
                                .join("schemas")
                                .join(&target);
                            self.schema_type(&schema, &target, &at, None)
                        }
                    },
                    _ => Type::Json,
                }
            }
        }
    }

    /// The type of an inline schema. `field` is the wire name, used to name
    /// SID types; `inline_enum` names the module that receives inline enums
    /// (body and parameter enums), if any.
    fn schema_type(
        &mut self,
        schema: &Schema,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        use openapiv3::Type as T;
        match &schema.schema_kind {
            SchemaKind::Type(T::String(s)) => {
                if !s.enumeration.is_empty() {
                    let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                    let format = match &s.format {
                        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                        _ => None,
                    };
                    return self.inline_enum(field, format, values, schema, pointer, inline_enum);
                }
                if let Some(pattern) = &s.pattern {
                    return self.pattern_type(pattern, s.min_length, s.max_length, field, pointer);
                }
                match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" => Type::Uri,
                    _ => Type::String,
                }
            }
            SchemaKind::Type(T::Integer(_)) => Type::Integer,
            SchemaKind::Type(T::Number(_)) => Type::Number,
            SchemaKind::Type(T::Boolean(_)) => Type::Boolean,
            SchemaKind::Type(T::Array(a)) => {
                self.array_type(a.items.as_ref(), field, pointer, inline_enum)
            }
            SchemaKind::Type(T::Object(_)) => {
                self.report.warn(
                    pointer,
                    "inline object schemas are typed as serde_json::Value",
                );
                Type::Json
            }
            SchemaKind::Any(any) => self.any_type(any, field, pointer, inline_enum),
            SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::Not { .. } => {
                self.report.warn(
                    pointer,
                    "oneOf/anyOf/allOf/not are not supported; typed as serde_json::Value",
                );
                Type::Json
            }
        }
    }

    /// A list of `items` (untyped JSON when `items` is missing).
    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        let at = pointer.join("items");
        let item = match items {
            Some(ReferenceOr::Reference { reference }) => self.ref_type(reference, &at),
            Some(ReferenceOr::Item(item)) => self.schema_type(item, field, &at, inline_enum),
            None => Type::Json,
        };
        Type::Array(Box::new(item))
    }

    /// Schemas that openapiv3 could not fit one of its typed shapes.
    fn any_type(
        &mut self,
        any: &AnySchema,
        field: &str,
        pointer: &Pointer,
        inline_enum: Option<&str>,
    ) -> Type {
        match (any.typ.as_deref(), any.format.as_deref()) {
            (Some("object"), Some("uri-map")) => Type::UriMap,
            (None, _)
                if any.properties.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty() =>
            {
                Type::Json
            }
            (Some("object"), _) => {
                self.report.warn(
                    pointer,
                    "inline object schemas are typed as serde_json::Value",
                );
                Type::Json
            }
            (Some("array"), _) => self.array_type(any.items.as_ref(), field, pointer, inline_enum),
            (Some(t @ ("string" | "integer" | "number" | "boolean")), _) => {
                self.report.warn(
                    pointer,
                    format!("this {t} schema combines keywords the generator does not model; typed as serde_json::Value"),
                );
                Type::Json
            }
            (Some(other), _) => {
                self.report.error(
                    pointer.join("type"),
                    format!("unsupported type {other:?}; expected string, integer, number, boolean, array or object"),
                );
                Type::Json
            }
            (None, _) => {
                self.report.warn(
                    pointer,
                    "a schema without a type is typed as serde_json::Value",
                );
                Type::Json
            }
        }
    }

    /// A string with a `pattern`: a SID when the pattern is the canonical SID
    /// pattern; an error when the name says SID but the pattern is not
    /// canonical; a plain string otherwise.
    fn pattern_type(
        &mut self,
        pattern: &str,
        min: Option<usize>,
        max: Option<usize>,
        field: &str,
        pointer: &Pointer,
    ) -> Type {
        match parse_sid_pattern(pattern) {
            Some(prefix) => {
                for (key, len) in [("minLength", min), ("maxLength", max)] {
                    if let Some(len) = len.filter(|&l| l != 34) {
                        self.report.error(
                            pointer.join(key),
                            format!("{key} {len} contradicts the SID pattern {pattern:?}, which is 34 characters"),
                        );
                    }
                }
                Type::Sid(self.sid_type(&prefix, field))
            }
            None if field.to_ascii_lowercase().ends_with("sid") => {
                // Suggest the exact pattern when the prefix can be read off.
                let prefix: String = pattern.chars().skip(1).take(2).collect();
                let expected = if pattern.starts_with('^')
                    && prefix.len() == 2
                    && prefix.chars().all(|c| c.is_ascii_uppercase())
                {
                    format!("`^{prefix}[0-9a-fA-F]{{32}}$`")
                } else {
                    "`^XX[0-9a-fA-F]{32}$`, where XX is a two-letter uppercase prefix".to_string()
                };
                self.report.error(
                    pointer.join("pattern"),
                    format!("non-canonical SID pattern `{pattern}`; expected {expected}"),
                );
                Type::String
            }
            None => {
                self.report.warn(
                    pointer.join("pattern"),
                    format!("pattern {pattern:?} is not enforced; typed as String"),
                );
                Type::String
            }
        }
    }

    fn inline_enum(
        &mut self,
        field: &str,
        format: Option<&str>,
        values: Vec<String>,
        schema: &Schema,
        pointer: &Pointer,
        module: Option<&str>,
    ) -> Type {
        let Some(module) = module else {
            self.report.warn(
                pointer,
                "inline enums in component schemas are typed as String; declare the enum as its own schema",
            );
            return Type::String;
        };
        let base = match format {
            Some(f) => names::pascal(f),
            None => names::pascal(field.rsplit('.').next().unwrap_or(field)),
        };
        // Reuse an identical enum; otherwise find a free name.
        let mut name = base.clone();
        let mut n = 2;
        loop {
            match self.inline_enums.get(&name) {
                Some((_, existing)) if *existing == values => return Type::Enum(name),
                Some(_) => {
                    name = format!("{base}{n}");
                    n += 1;
                }
                None => break,
            }
        }
        let docs = schema
            .schema_data
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| format!("Values accepted for `{field}`."));
        let e = self.make_enum(&name, docs, &values, &pointer.join("enum"));
        self.inline_enums
            .insert(name.clone(), (module.to_string(), values));
        self.resource_mut(module).enums.push(e);
        Type::Enum(name)
    }

    // ----- operations ----------------------------------------------------------

    fn lower_operations(&mut self) {
        let paths: Vec<(String, ReferenceOr<PathItem>)> = self
            .spec
            .openapi
            .paths
            .paths
            .iter()
            .map(|(p, i)| (p.clone(), i.clone()))
            .collect();
        let mut ids: BTreeMap<String, Pointer> = BTreeMap::new();
        for (path, item) in &paths {
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
                let Some(id) = op.operation_id.clone() else {
                    self.report.error(
                        &op_at,
                        "operation has no operationId, which names its Rust type",
                    );
                    continue;
                };
                if let Some(first) = ids.get(&id) {
                    self.report.error(
                        op_at.join("operationId"),
                        format!("duplicate operationId {id:?}; first used at {first}"),
                    );
                    continue;
                }
                ids.insert(id.clone(), op_at.join("operationId"));
                if let Some(lowered) = self.lower_operation(&id, method, path, item, op, &op_at) {
                    let module = self.operation_module(&id);
                    let resource = self.resource_mut(&module);
                    if resource.docs.is_empty() {
                        if let Some(d) = item.description.as_ref().filter(|d| !d.trim().is_empty())
                        {
                            resource.docs = d.clone();
                        }
                    }
                    resource.operations.push(lowered);
                }
            }
        }
    }

    /// The module an operation lives in: the model whose name is the
    /// operationId without its leading verb (`FetchUserChannel` → `user_channel`).
    fn operation_module(&self, id: &str) -> String {
        let pascal = names::pascal(id);
        let verb_end = pascal
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_ascii_uppercase())
            .map_or(pascal.len(), |(i, _)| i);
        let noun = &pascal[verb_end..];
        for kind in self.kinds.values() {
            if let Kind::Model { name, module } = kind {
                if name == noun {
                    return module.clone();
                }
            }
        }
        names::module(if noun.is_empty() { &pascal } else { noun })
    }

    fn model_sid(&self, module: &str) -> Option<String> {
        let resource = self.resources.iter().find(|r| r.module == module)?;
        let model = resource.model.as_ref()?;
        model
            .fields
            .iter()
            .find(|f| f.wire == "sid")
            .and_then(|f| match &f.ty {
                Type::Sid(name) => Some(name.clone()),
                _ => None,
            })
    }

    fn lower_operation(
        &mut self,
        id: &str,
        method: Method,
        path: &str,
        item: &PathItem,
        op: &openapiv3::Operation,
        at: &Pointer,
    ) -> Option<Operation> {
        let name = names::pascal(id);
        let module = self.operation_module(id);
        let mut params = Vec::new();
        let all: Vec<(Pointer, ReferenceOr<Parameter>)> = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    Pointer::root()
                        .join("paths")
                        .join(path)
                        .join("parameters")
                        .join(i),
                    p.clone(),
                )
            })
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (at.join("parameters").join(i), p.clone())),
            )
            .collect();
        for (p_at, param) in all {
            let param = match param {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => match self.parameter_ref(&reference, &p_at)
                {
                    Some(p) => p,
                    None => continue,
                },
            };
            let (data, location) = match &param {
                Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
                Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
                Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header),
                Parameter::Cookie { .. } => {
                    self.report
                        .warn(&p_at, "cookie parameters are not generated");
                    continue;
                }
            };
            let s_at = p_at.join("schema");
            let (ty, range) = match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                    (self.ref_type(reference, &s_at), None)
                }
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                    let mut ty = self.schema_type(schema, &data.name, &s_at, Some(&module));
                    // A path `…Sid` without a pattern also takes a name.
                    if location == Location::Path
                        && ty == Type::String
                        && data.name.ends_with("Sid")
                    {
                        ty = match self.sid_like(&data.name, &module) {
                            Some(sid) => Type::SidLike(sid),
                            None => {
                                self.report.warn(
                                    &p_at,
                                    format!("cannot tell which SID path parameter {:?} takes; typed as String", data.name),
                                );
                                Type::String
                            }
                        };
                    }
                    (ty, integer_range(schema))
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.report
                        .warn(&p_at, "parameters with `content` are typed as String");
                    (Type::String, None)
                }
            };
            params.push(Param {
                name: names::snake(&data.name),
                wire: data.name.clone(),
                location,
                docs: data.description.clone().unwrap_or_default(),
                ty,
                required: data.required || location == Location::Path,
                range,
                pii: pii(&data.extensions),
            });
        }
        if let Some(body) = &op.request_body {
            self.lower_body(body, &at.join("requestBody"), &module, &mut params);
        }
        self.check_unique(
            params.iter().map(|p| (p.name.as_str(), p.wire.as_str())),
            |_| at.join("parameters"),
            "parameters",
        );
        for p in &params {
            if SHADOWED.contains(&names::unraw(&p.name)) {
                self.report.error(
                    at.join("parameters"),
                    format!(
                        "parameter {:?} would shadow the method `{}`",
                        p.wire, p.name
                    ),
                );
            }
        }
        let segments = self.path_segments(path, &params, at)?;
        let response = self.lower_response(op, at)?;
        let mut docs = String::new();
        for text in [&op.summary, &op.description].into_iter().flatten() {
            if !text.trim().is_empty() && !docs.contains(text.trim()) {
                if !docs.is_empty() {
                    docs.push_str("\n\n");
                }
                docs.push_str(text.trim());
            }
        }
        Some(Operation {
            name,
            operation_id: id.to_string(),
            docs,
            method,
            path: path.to_string(),
            segments,
            params,
            response,
        })
    }

    fn parameter_ref(&mut self, reference: &str, at: &Pointer) -> Option<Parameter> {
        let found = reference
            .strip_prefix("#/components/parameters/")
            .and_then(|n| self.spec.openapi.components.as_ref()?.parameters.get(n));
        match found {
            Some(ReferenceOr::Item(p)) => Some(p.clone()),
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

    /// The SID type of a `…Sid` path parameter with no pattern.
    fn sid_like(&mut self, param: &str, module: &str) -> Option<String> {
        if param == "Sid" {
            return self.model_sid(module);
        }
        let wanted = names::pascal(param);
        let found = self
            .resource_sids
            .iter()
            .find(|(_, (name, _))| *name == wanted)
            .map(|(prefix, _)| prefix.clone())?;
        Some(self.sid_type(&found, param))
    }

    fn lower_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        module: &str,
        params: &mut Vec<Param>,
    ) {
        let ReferenceOr::Item(body) = body else {
            self.report.warn(
                at,
                "request body $refs are not supported; the body is not generated",
            );
            return;
        };
        let Some(media) = body.content.get(FORM) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.report.warn(
                at.join("content"),
                format!("only {FORM} bodies are generated, not {}", types.join(", ")),
            );
            return;
        };
        let s_at = at.join("content").join(FORM).join("schema");
        let schema = match &media.schema {
            Some(ReferenceOr::Item(s)) => s.clone(),
            Some(ReferenceOr::Reference { reference }) => {
                let Some(name) = self.schema_name(reference, &s_at) else {
                    return;
                };
                match self.component(&name) {
                    Some(ReferenceOr::Item(s)) => s.clone(),
                    _ => return,
                }
            }
            None => return,
        };
        let required: BTreeSet<String> = match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => o.required.iter().cloned().collect(),
            SchemaKind::Any(a) => a.required.iter().cloned().collect(),
            _ => BTreeSet::new(),
        };
        for (wire, prop) in properties(&schema).into_iter().flatten() {
            let p_at = s_at.join("properties").join(wire);
            let (ty, docs, range, pii) = match prop {
                ReferenceOr::Reference { reference } => (
                    self.ref_type(reference, &p_at),
                    self.ref_docs(reference),
                    None,
                    None,
                ),
                ReferenceOr::Item(s) => (
                    self.schema_type(s, wire, &p_at, Some(module)),
                    s.schema_data.description.clone().unwrap_or_default(),
                    integer_range(s),
                    pii(&s.schema_data.extensions),
                ),
            };
            params.push(Param {
                name: names::snake(wire),
                wire: wire.clone(),
                location: Location::Form,
                docs,
                ty,
                required: required.contains(wire),
                range,
                pii,
            });
        }
    }

    fn path_segments(
        &mut self,
        path: &str,
        params: &[Param],
        at: &Pointer,
    ) -> Option<Vec<Segment>> {
        let mut segments = Vec::new();
        let mut rest = path;
        let mut used = BTreeSet::new();
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
            match params
                .iter()
                .find(|p| p.location == Location::Path && p.wire == wire)
            {
                Some(p) => {
                    used.insert(p.wire.clone());
                    segments.push(Segment::Param(p.name.clone()));
                }
                None => {
                    self.report.error(
                        at.join("parameters"),
                        format!("path placeholder {{{wire}}} has no path parameter"),
                    );
                    return None;
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_string()));
        }
        for p in params.iter().filter(|p| p.location == Location::Path) {
            if !used.contains(&p.wire) {
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

    fn lower_response(&mut self, op: &openapiv3::Operation, at: &Pointer) -> Option<Response> {
        let success = op
            .responses
            .responses
            .iter()
            .find_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r)),
                _ => None,
            });
        let Some((status, response)) = success else {
            self.report.warn(
                at.join("responses"),
                "no 2xx response is described; the response is typed as serde_json::Value",
            );
            return Some(Response::Json { status: 200 });
        };
        let r_at = at.join("responses").join(status);
        let ReferenceOr::Item(response) = response else {
            self.report.warn(
                &r_at,
                "response $refs are not supported; typed as serde_json::Value",
            );
            return Some(Response::Json { status });
        };
        let Some(media) = response.content.get(JSON) else {
            if !response.content.is_empty() {
                self.report.warn(
                    r_at.join("content"),
                    format!("only {JSON} responses are typed; this one is returned as raw JSON"),
                );
                return Some(Response::Json { status });
            }
            return Some(Response::Empty { status });
        };
        let s_at = r_at.join("content").join(JSON).join("schema");
        match &media.schema {
            Some(ReferenceOr::Reference { reference }) => match self.ref_type(reference, &s_at) {
                Type::Model(ty) => Some(Response::Model { status, ty }),
                _ => Some(Response::Json { status }),
            },
            Some(ReferenceOr::Item(schema)) => Some(self.list_response(schema, status, &s_at)),
            None => Some(Response::Json { status }),
        }
    }

    /// `{ <key>: [Model], meta: {...} }` becomes a page of `Model`.
    fn list_response(&mut self, schema: &Schema, status: u16, at: &Pointer) -> Response {
        let props = properties(schema);
        let item = props.into_iter().flatten().find_map(|(key, prop)| {
            if key == "meta" {
                return None;
            }
            let ReferenceOr::Item(prop) = prop else {
                return None;
            };
            let items = match &prop.schema_kind {
                SchemaKind::Type(openapiv3::Type::Array(a)) => a.items.as_ref(),
                _ => None,
            }?;
            match items {
                ReferenceOr::Reference { reference } => Some((key.clone(), reference.clone())),
                _ => None,
            }
        });
        let has_meta = properties(schema).is_some_and(|p| p.contains_key("meta"));
        let Some((key, reference)) = item.filter(|_| has_meta) else {
            self.report.warn(
                at,
                "response is neither a model nor a page of models; typed as serde_json::Value",
            );
            return Response::Json { status };
        };
        let item_at = at.join("properties").join(&key).join("items");
        let Type::Model(item) = self.ref_type(&reference, &item_at) else {
            self.report.warn(
                &item_at,
                "page items are not a model; typed as serde_json::Value",
            );
            return Response::Json { status };
        };
        match self.list_keys.get(&item) {
            Some((existing, first)) if *existing != key => {
                self.report.error(
                    at.join("properties").join(&key),
                    format!(
                        "{item} is listed under {key:?} here but under {existing:?} at {first}"
                    ),
                );
            }
            Some(_) => {}
            None => {
                self.list_keys.insert(item.clone(), (key, at.clone()));
            }
        }
        Response::List { status, item }
    }

    // ----- checks ----------------------------------------------------------------

    /// Reports Rust names taken twice; `at` gives the place of the later
    /// one from its wire name.
    fn check_unique<'n>(
        &mut self,
        names: impl Iterator<Item = (&'n str, &'n str)>,
        at: impl Fn(&str) -> Pointer,
        what: &str,
    ) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, wire) in names {
            if let Some(first) = seen.insert(names::unraw(name), wire) {
                self.report.error(
                    at(wire),
                    format!("{what} {first:?} and {wire:?} both become `{name}` in Rust"),
                );
            }
        }
    }

    /// Models that contain themselves, directly or through others, would be
    /// infinitely large. Each cycle is reported once, at the property that
    /// starts it, as the shortest chain found breadth-first.
    fn check_model_cycles(&mut self) {
        // Model → (property, model it holds) for every model-typed property.
        let graph: BTreeMap<String, Vec<(String, String)>> = self
            .resources
            .iter()
            .filter_map(|r| r.model.as_ref())
            .map(|m| {
                let refs = m
                    .fields
                    .iter()
                    .filter_map(|f| Some((f.wire.clone(), model_in(&f.ty)?)))
                    .collect();
                (m.name.clone(), refs)
            })
            .collect();
        for start in graph.keys() {
            // Model → (model before it, property leading here).
            let mut came_from: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start.as_str()]);
            let mut closing = None;
            'search: while let Some(node) = queue.pop_front() {
                for (wire, next) in graph.get(node).into_iter().flatten() {
                    if next == start {
                        closing = Some((node, wire.as_str()));
                        break 'search;
                    }
                    if !came_from.contains_key(next.as_str()) {
                        came_from.insert(next, (node, wire));
                        queue.push_back(next);
                    }
                }
            }
            let Some((mut node, wire)) = closing else {
                continue;
            };
            // Walk back to the start: (model, property) pairs, last first.
            let mut chain = vec![(node, wire)];
            while node != start.as_str() {
                let (before, wire) = came_from[node];
                chain.push((before, wire));
                node = before;
            }
            chain.reverse();
            let schemas: Vec<String> = chain.iter().map(|(m, _)| self.schema_of_model(m)).collect();
            let mut members = schemas.clone();
            members.sort();
            if !self.cycles.insert(members) {
                continue;
            }
            let steps: Vec<String> = chain
                .iter()
                .zip(&schemas)
                .map(|((_, wire), schema)| format!("{schema} (property {wire:?})"))
                .collect();
            self.report.error(
                Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(&schemas[0])
                    .join("properties")
                    .join(chain[0].1),
                format!(
                    "$ref cycle between models: {} -> {}; recursive models are not supported",
                    steps.join(" -> "),
                    schemas[0]
                ),
            );
        }
    }

    fn schema_of_model(&self, model: &str) -> String {
        self.kinds
            .iter()
            .find(|(_, k)| matches!(k, Kind::Model { name, .. } if name == model))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }

    /// Every type name in the version module must be unique and free.
    fn check_names(&mut self) {
        let schema_at = |schema: &str| {
            Pointer::root()
                .join("components")
                .join("schemas")
                .join(schema)
        };
        // Type name → who takes it, and where that is said, when known.
        let mut owners: BTreeMap<String, Vec<(String, Option<Pointer>)>> = BTreeMap::new();
        for (schema, kind) in &self.kinds {
            if let Kind::Model { name, .. } | Kind::Enum { name, .. } = kind {
                owners
                    .entry(name.clone())
                    .or_default()
                    .push((format!("schema {schema:?}"), Some(schema_at(schema))));
            }
        }
        for (name, (module, _)) in &self.inline_enums {
            owners
                .entry(name.clone())
                .or_default()
                .push((format!("an inline enum in module {module}"), None));
        }
        for sid in self.sids.values() {
            owners
                .entry(sid.name.clone())
                .or_default()
                .push((format!("SID prefix {}", sid.prefix), None));
        }
        for r in &self.resources {
            for op in &r.operations {
                let at = Pointer::root()
                    .join("paths")
                    .join(&op.path)
                    .join(op.method.as_str().to_ascii_lowercase())
                    .join("operationId");
                owners
                    .entry(op.name.clone())
                    .or_default()
                    .push((format!("operationId {:?}", op.operation_id), Some(at)));
            }
        }
        let mut modules: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (schema, kind) in &self.kinds {
            if let Kind::Model { module, .. } = kind {
                modules
                    .entry(module.clone())
                    .or_default()
                    .push(schema.clone());
            }
        }
        for (module, schemas) in modules {
            if schemas.len() > 1 {
                let quoted: Vec<String> = schemas.iter().map(|s| format!("{s:?}")).collect();
                self.report.error(
                    schema_at(&schemas[1]),
                    format!("schemas {} module `{module}`", all_become(&quoted)),
                );
            }
        }
        // A resource module named like one the emitter writes itself (`sids`)
        // would be declared twice and overwrite that file.
        for r in &self.resources {
            if !RESERVED.contains(&r.module.as_str()) {
                continue;
            }
            let from_schema = self.kinds.iter().find_map(|(schema, kind)| match kind {
                Kind::Model { module, .. } | Kind::Enum { module, .. } if *module == r.module => {
                    Some((format!("schema {schema:?}"), schema_at(schema)))
                }
                _ => None,
            });
            let from_operation = || {
                r.operations.first().map(|op| {
                    let at = Pointer::root()
                        .join("paths")
                        .join(&op.path)
                        .join(op.method.as_str().to_ascii_lowercase())
                        .join("operationId");
                    (format!("operationId {:?}", op.operation_id), at)
                })
            };
            if let Some((who, at)) = from_schema.or_else(from_operation) {
                self.report.error(
                    at,
                    format!(
                        "{who} becomes module `{}`, a name the generated code uses",
                        r.module
                    ),
                );
            }
        }
        for (name, who) in owners {
            // Point at the last owner whose place is known.
            let at = who
                .iter()
                .rev()
                .find_map(|(_, at)| at.clone())
                .unwrap_or_else(|| Pointer::root().join("components").join("schemas"));
            let who: Vec<String> = who.into_iter().map(|(w, _)| w).collect();
            if who.len() > 1 {
                self.report
                    .error(at, format!("{} the Rust type `{name}`", all_become(&who)));
            } else if RESERVED.contains(&name.as_str()) {
                self.report.error(
                    at,
                    format!(
                        "{} becomes `{name}`, a name the generated support code uses",
                        who[0]
                    ),
                );
            }
        }
    }

    fn finish(&mut self) -> Api {
        let uses = enum_uses(&self.resources);
        for r in &mut self.resources {
            if let Some(model) = &mut r.model {
                r.list_key = self.list_keys.get(&model.name).map(|(k, _)| k.clone());
                if r.docs.is_empty() {
                    r.docs = model.docs.clone();
                }
                if model.docs.is_empty() {
                    model.docs = format!("The {} resource.", model.name);
                    if !r.docs.is_empty() {
                        model.docs = format!("{}\n\n{}", model.docs, r.docs);
                    }
                }
            }
            if r.docs.is_empty() {
                r.docs = format!("Types of the `{}` module.", r.module);
            }
            for e in &mut r.enums {
                if e.docs.is_empty() {
                    e.docs = match uses.get(&e.name) {
                        Some(used) => format!("Values of {used}."),
                        None => format!("Values of {}.", e.name),
                    };
                }
            }
        }
        let info = &self.spec.openapi.info;
        let mut docs = info.title.clone();
        if let Some(d) = info.description.as_ref().filter(|d| !d.trim().is_empty()) {
            docs.push_str("\n\n");
            docs.push_str(d.trim());
        }
        let mut sids: Vec<SidType> = self.sids.values().cloned().collect();
        sids.sort_by(|a, b| a.name.cmp(&b.name));
        Api {
            docs,
            base_url: self
                .spec
                .openapi
                .servers
                .first()
                .map(|s| s.url.trim_end_matches('/').to_string())
                .unwrap_or_default(),
            sids,
            resources: std::mem::take(&mut self.resources),
        }
    }
}

/// "a and b both become", "a, b and c all become".
fn all_become(who: &[String]) -> String {
    match who {
        [a, b] => format!("{a} and {b} both become"),
        [rest @ .., last] if !rest.is_empty() => {
            format!("{} and {last} all become", rest.join(", "))
        }
        _ => format!("{} becomes", who.join("")),
    }
}

/// Where each enum is first used, in words: "the `Order` query parameter of
/// ListMessage".
fn enum_uses(resources: &[Resource]) -> BTreeMap<String, String> {
    fn enum_in(ty: &Type) -> Option<&str> {
        match ty {
            Type::Enum(name) => Some(name),
            Type::Array(inner) => enum_in(inner),
            _ => None,
        }
    }
    let mut uses = BTreeMap::new();
    for r in resources {
        for f in r
            .model
            .iter()
            .flat_map(|m| m.fields.iter().map(move |f| (m, f)))
        {
            if let Some(e) = enum_in(&f.1.ty) {
                uses.entry(e.to_string())
                    .or_insert_with(|| format!("the `{}` field of {}", f.1.wire, f.0.name));
            }
        }
        for op in &r.operations {
            for p in &op.params {
                if let Some(e) = enum_in(&p.ty) {
                    let place = match p.location {
                        Location::Path => "path parameter",
                        Location::Query => "query parameter",
                        Location::Header => "header",
                        Location::Form => "form field",
                    };
                    uses.entry(e.to_string())
                        .or_insert_with(|| format!("the `{}` {place} of {}", p.wire, op.name));
                }
            }
        }
    }
    uses
}

fn model_in(ty: &Type) -> Option<String> {
    match ty {
        Type::Model(name) => Some(name.clone()),
        Type::Array(inner) => model_in(inner),
        _ => None,
    }
}

fn properties(schema: &Schema) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => Some(&o.properties),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some(&a.properties),
        _ => None,
    }
}

fn sid_prefix(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(s)) => {
            s.pattern.as_deref().and_then(parse_sid_pattern)
        }
        _ => None,
    }
}

/// `^XX[0-9a-fA-F]{32}$` → `XX`.
pub(crate) fn parse_sid_pattern(pattern: &str) -> Option<String> {
    let rest = pattern.strip_prefix('^')?;
    let prefix: String = rest.chars().take(2).collect();
    if prefix.len() != 2 || !prefix.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    (&rest[2..] == "[0-9a-fA-F]{32}$").then_some(prefix)
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

fn integer_range(schema: &Schema) -> Option<(Option<i64>, Option<i64>)> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Integer(i))
            if i.minimum.is_some() || i.maximum.is_some() =>
        {
            Some((
                i.minimum.map(|m| {
                    if i.exclusive_minimum {
                        m.saturating_add(1)
                    } else {
                        m
                    }
                }),
                i.maximum.map(|m| {
                    if i.exclusive_maximum {
                        m.saturating_sub(1)
                    } else {
                        m
                    }
                }),
            ))
        }
        _ => None,
    }
}

fn pii(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<Pii> {
    let pii = extensions.get("x-twilio")?.get("pii")?;
    Some(Pii {
        handling: pii.get("handling")?.as_str()?.to_string(),
        delete_sla: pii.get("deleteSla").and_then(|v| v.as_i64()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_patterns() {
        assert_eq!(
            parse_sid_pattern("^US[0-9a-fA-F]{32}$").as_deref(),
            Some("US")
        );
        assert_eq!(parse_sid_pattern("^us[0-9a-fA-F]{32}$"), None);
        assert_eq!(parse_sid_pattern("^US[0-9a-f]{32}$"), None);
        assert_eq!(parse_sid_pattern("^U[0-9a-fA-F]{32}$"), None);
        assert_eq!(parse_sid_pattern("^ÜS[0-9a-fA-F]{32}$"), None);
        assert_eq!(parse_sid_pattern(""), None);
    }
}
