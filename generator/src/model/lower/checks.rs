//! Checks over what the other phases produced: names taken twice, models
//! that contain themselves, and names the output reserves.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{schema_pointer, Kind, Lowerer};
use crate::error::Pointer;
use crate::model::names::RESERVED;
use crate::model::{Operation, Type};

impl Lowerer<'_> {
    /// Models that contain themselves, directly or through others, would be
    /// infinitely large. Each cycle is reported once, at the property that
    /// starts it, as the shortest chain found breadth-first.
    pub(super) fn check_model_cycles(&mut self) {
        // Model → (property, model it holds) for every model-typed property.
        // Only a struct held directly counts: one in a list or a map is
        // behind a pointer already.
        let mut graph: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for r in &self.resources {
            for m in r.model.iter().chain(&r.nested) {
                let refs = m.fields.iter().filter_map(|f| match &f.ty {
                    Type::Model(held) => Some((f.wire.as_str(), held.as_str())),
                    _ => None,
                });
                graph.insert(m.name.as_str(), refs.collect());
            }
            for u in &r.unions {
                let refs = u.variants.iter().filter_map(|v| match &v.ty {
                    Type::Model(held) => Some((v.name.as_str(), held.as_str())),
                    _ => None,
                });
                graph.insert(u.name.as_str(), refs.collect());
            }
        }
        let mut found = Vec::new();
        for start in graph.keys() {
            let Some(chain) = shortest_cycle(&graph, start) else {
                continue;
            };
            let places: Vec<(String, Pointer)> =
                chain.iter().map(|(m, _)| self.model_place(m)).collect();
            found.push((
                places,
                chain[0].1.to_string(),
                chain.iter().map(|(_, w)| w.to_string()).collect::<Vec<_>>(),
            ));
        }
        for (places, first_property, properties) in found {
            let mut members: Vec<String> = places.iter().map(|(who, _)| who.clone()).collect();
            members.sort();
            if !self.cycles.insert(members) {
                continue;
            }
            let steps: Vec<String> = places
                .iter()
                .zip(&properties)
                .map(|((who, _), wire)| format!("{who} (property {wire:?})"))
                .collect();
            self.report.error(
                places[0].1.join("properties").join(first_property),
                format!(
                    "$ref cycle between models: {} -> {}; recursive models are not supported",
                    steps.join(" -> "),
                    places[0].0
                ),
            );
        }
    }

    /// What a model is called in messages, and where it is declared: its
    /// component schema, or the object declared inline that it came from.
    fn model_place(&self, model: &str) -> (String, Pointer) {
        if let Some(schema) = self.schema_of_model(model) {
            return (schema.to_string(), schema_pointer(schema));
        }
        match self.nested_pointers.get(model) {
            Some(at) => (format!("the object at {at}"), at.clone()),
            None => (model.to_string(), Pointer::root()),
        }
    }

    /// Which structs, unions and stubs can derive `Eq`: those whose every
    /// field can, where a float or JSON value cannot, and a struct can when
    /// it derives it (a fixpoint, since structs hold each other).
    pub(super) fn decide_eq(&self) -> BTreeSet<String> {
        // Struct or union → the types it holds.
        let mut holds: BTreeMap<String, Vec<Type>> = BTreeMap::new();
        for r in &self.resources {
            for m in r.model.iter().chain(&r.nested) {
                holds.insert(
                    m.name.clone(),
                    m.fields.iter().map(|f| f.ty.clone()).collect(),
                );
            }
            for u in &r.unions {
                holds.insert(
                    u.name.clone(),
                    u.variants.iter().map(|v| v.ty.clone()).collect(),
                );
            }
        }
        let mut eq: BTreeSet<String> = holds.keys().cloned().collect();
        loop {
            let before = eq.len();
            for (name, types) in &holds {
                if !types.iter().all(|t| type_is_eq(t, &eq)) {
                    eq.remove(name);
                }
            }
            if eq.len() == before {
                break;
            }
        }
        let stubs: Vec<String> = self
            .resources
            .iter()
            .flat_map(|r| &r.operations)
            .filter(|op| op.params.iter().all(|p| type_is_eq(&p.ty, &eq)))
            .map(|op| op.name.clone())
            .collect();
        eq.extend(stubs);
        eq
    }

    /// Every type name in the version module must be unique and free.
    pub(super) fn check_names(&mut self) {
        let mut problems = Vec::new();
        self.check_modules(&mut problems);
        for (name, who) in self.type_owners() {
            // Point at the last owner whose place is known.
            let at = who
                .iter()
                .rev()
                .find_map(|(_, at)| at.clone())
                .unwrap_or_else(|| Pointer::root().join("components").join("schemas"));
            let who: Vec<String> = who.into_iter().map(|(w, _)| w).collect();
            if who.len() > 1 {
                problems.push((at, format!("{} the Rust type `{name}`", all_become(&who))));
            } else if RESERVED.contains(&name.as_str()) {
                problems.push((
                    at,
                    format!(
                        "{} becomes `{name}`, a name the generated code uses",
                        who[0]
                    ),
                ));
            }
        }
        for (at, message) in problems {
            self.report.error(at, message);
        }
    }

    /// Type name → who takes it, and where that is said, when known.
    fn type_owners(&self) -> BTreeMap<String, Vec<(String, Option<Pointer>)>> {
        let mut owners: BTreeMap<String, Vec<(String, Option<Pointer>)>> = BTreeMap::new();
        for (schema, kind) in &self.kinds {
            if let Kind::Model { name, .. } | Kind::Enum { name, .. } | Kind::Union { name, .. } =
                kind
            {
                owners
                    .entry(name.clone())
                    .or_default()
                    .push((format!("schema {schema:?}"), Some(schema_pointer(schema))));
            }
        }
        for (name, (module, _, _)) in &self.inline_enums {
            owners
                .entry(name.clone())
                .or_default()
                .push((format!("an inline enum in module {module}"), None));
        }
        for op in self.resources.iter().flat_map(|r| &r.operations) {
            owners.entry(op.name.clone()).or_default().push((
                format!("operationId {:?}", op.operation_id),
                Some(operation_id_pointer(op)),
            ));
        }
        owners
    }

    /// Two schemas in one module, and modules named like one the output
    /// writes itself.
    fn check_modules(&self, problems: &mut Vec<(Pointer, String)>) {
        let mut modules: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (schema, kind) in &self.kinds {
            if let Kind::Model { module, .. } = kind {
                modules.entry(module).or_default().push(schema);
            }
        }
        for (module, schemas) in modules {
            if schemas.len() > 1 {
                let quoted: Vec<String> = schemas.iter().map(|s| format!("{s:?}")).collect();
                problems.push((
                    schema_pointer(schemas[1]),
                    format!("schemas {} module `{module}`", all_become(&quoted)),
                ));
            }
        }
        // A resource module named like one the emitter writes itself (`sids`)
        // would be declared twice and overwrite that file.
        for r in self
            .resources
            .iter()
            .filter(|r| RESERVED.contains(&r.module.as_str()))
        {
            let from_schema = self.kinds.iter().find_map(|(schema, kind)| match kind {
                Kind::Model { module, .. }
                | Kind::Enum { module, .. }
                | Kind::Union { module, .. }
                    if *module == r.module =>
                {
                    Some((format!("schema {schema:?}"), schema_pointer(schema)))
                }
                _ => None,
            });
            let from_operation = || {
                r.operations.first().map(|op| {
                    (
                        format!("operationId {:?}", op.operation_id),
                        operation_id_pointer(op),
                    )
                })
            };
            if let Some((who, at)) = from_schema.or_else(from_operation) {
                problems.push((
                    at,
                    format!(
                        "{who} becomes module `{}`, a name the generated code uses",
                        r.module
                    ),
                ));
            }
        }
    }
}

/// Whether values of `ty` allow `Eq`, given the structs and unions that
/// derive it. JSON values do (serde_json's `Value` is `Eq`); floats do not.
fn type_is_eq(ty: &Type, eq_models: &BTreeSet<String>) -> bool {
    match ty {
        Type::Number => false,
        Type::Model(name) => eq_models.contains(name),
        Type::Array(inner) | Type::Map(inner) => type_is_eq(inner, eq_models),
        _ => true,
    }
}

/// The shortest chain of (model, property) that leads from `start` back to
/// itself, found breadth-first.
fn shortest_cycle<'g>(
    graph: &BTreeMap<&'g str, Vec<(&'g str, &'g str)>>,
    start: &'g str,
) -> Option<Vec<(&'g str, &'g str)>> {
    // Model → (model before it, property leading here).
    let mut came_from: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(node) = queue.pop_front() {
        for &(wire, next) in graph.get(node).into_iter().flatten() {
            if next == start {
                closing = Some((node, wire));
                break 'search;
            }
            if !came_from.contains_key(next) {
                came_from.insert(next, (node, wire));
                queue.push_back(next);
            }
        }
    }
    let (mut node, wire) = closing?;
    // Walk back to the start: (model, property) pairs, last first.
    let mut chain = vec![(node, wire)];
    while node != start {
        let &(before, wire) = came_from.get(node)?;
        chain.push((before, wire));
        node = before;
    }
    chain.reverse();
    Some(chain)
}

fn operation_id_pointer(op: &Operation) -> Pointer {
    Pointer::root()
        .join("paths")
        .join(&op.path)
        .join(op.method.as_str().to_ascii_lowercase())
        .join("operationId")
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
