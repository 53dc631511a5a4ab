//! Checks on the raw tree before it is typed, for input that would make the
//! typing slow or make it fail badly:
//!
//! - a number that is not finite (`.inf`, `.nan`), which the OpenAPI types
//!   cannot hold;
//! - schemas nested deeply with a fault at the bottom: the OpenAPI types try
//!   several shapes for every schema, so a fault deep down is retried at
//!   every level above it, in time exponential in the depth. When schemas
//!   nest deeper than [`DEEP`], every schema is typed on its own first,
//!   deepest first, so the fault is found where it is, at once.

use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_yaml::Value;

use super::locate::Step;

/// Schemas nested deeper than this are checked one by one before the
/// document is typed. Below it, a fault is retried at most a few hundred
/// times, which is quick.
const DEEP: usize = 6;

/// The first problem found: where, and what.
pub(super) type Problem = (Vec<Step>, String);

/// Checks the tree; `Err` holds the first problem.
pub(super) fn check(tree: &Value) -> Result<(), Problem> {
    if let Some(trail) = non_finite(tree, &mut Vec::new()) {
        return Err((
            trail,
            "a number that is not finite (infinity or NaN); OpenAPI numbers are finite".into(),
        ));
    }
    // How deep schemas nest is found first, without collecting anything:
    // almost every spec is shallow, and then nothing more is done.
    if visit(Some(tree), DOCUMENT, &mut Vec::new(), None) > DEEP {
        let mut schemas = Vec::new();
        visit(Some(tree), DOCUMENT, &mut Vec::new(), Some(&mut schemas));
        for (trail, node) in schemas {
            if let Err(e) = ReferenceOr::<Schema>::deserialize(node) {
                return Err((owned(&trail), e.to_string()));
            }
        }
    }
    Ok(())
}

/// One step down the tree while it is walked: borrowed, so that walking
/// allocates nothing. Made a [`Step`] only for a problem found.
#[derive(Clone, Copy)]
enum StepRef<'t> {
    Key(&'t Value),
    Name(&'static str),
    Index(usize),
}

fn owned(trail: &[StepRef<'_>]) -> Vec<Step> {
    trail
        .iter()
        .map(|step| match *step {
            StepRef::Key(key) => Step::Key(key.clone()),
            StepRef::Name(name) => Step::Key(name.into()),
            StepRef::Index(i) => Step::Index(i),
        })
        .collect()
}

/// The trail to the first number that is not finite.
fn non_finite<'t>(node: &'t Value, trail: &mut Vec<StepRef<'t>>) -> Option<Vec<Step>> {
    match node {
        Value::Number(n) if n.is_nan() || n.is_infinite() => Some(owned(trail)),
        Value::Mapping(m) => m.iter().find_map(|(k, v)| {
            trail.push(StepRef::Key(k));
            let found = non_finite(k, trail).or_else(|| non_finite(v, trail));
            trail.pop();
            found
        }),
        Value::Sequence(s) => s.iter().enumerate().find_map(|(i, v)| {
            trail.push(StepRef::Index(i));
            let found = non_finite(v, trail);
            trail.pop();
            found
        }),
        Value::Tagged(t) => non_finite(&t.value, trail),
        _ => None,
    }
}

/// Every node in a schema position, children before their parents, with
/// its trail.
type Schemas<'t> = Vec<(Vec<StepRef<'t>>, &'t Value)>;

/// Where schemas sit in the parts of an OpenAPI document that hold them.
#[derive(Clone, Copy)]
enum Shape {
    /// A schema.
    Schema,
    /// A mapping of schemas (`components.schemas`, `properties`).
    Map,
    /// A mapping whose every value has this shape.
    MapOf(&'static Shape),
    /// A sequence whose every item has this shape.
    ListOf(&'static Shape),
    /// The value under one key has this shape.
    Key(&'static str, &'static Shape),
    /// Several keys of the same mapping.
    Keys(&'static [(&'static str, Shape)]),
}

/// `content: {<media type>: {schema: …}}`.
const CONTENT: Shape = Shape::Key(
    "content",
    &Shape::MapOf(&Shape::Key("schema", &Shape::Schema)),
);
const PARAMETERS: Shape = Shape::ListOf(&PARAMETER);
const OPERATION: Shape = Shape::Keys(&[
    ("parameters", PARAMETERS),
    ("requestBody", CONTENT),
    ("responses", Shape::MapOf(&CONTENT)),
]);
const PARAMETER: Shape = Shape::Key("schema", &Shape::Schema);
const DOCUMENT: Shape = Shape::Keys(&[
    (
        "components",
        Shape::Keys(&[
            ("schemas", Shape::Map),
            ("parameters", Shape::MapOf(&PARAMETER)),
            ("requestBodies", Shape::MapOf(&CONTENT)),
            ("responses", Shape::MapOf(&CONTENT)),
        ]),
    ),
    ("paths", Shape::MapOf(&PATH_ITEM)),
]);
const PATH_ITEM: Shape = Shape::Keys(&[
    ("parameters", PARAMETERS),
    ("get", OPERATION),
    ("put", OPERATION),
    ("post", OPERATION),
    ("delete", OPERATION),
    ("options", OPERATION),
    ("head", OPERATION),
    ("patch", OPERATION),
    ("trace", OPERATION),
]);

/// Visits `node` of shape `shape`; returns the deepest schema nesting below.
/// Collects the schemas into `out` when given.
fn visit<'t>(
    node: Option<&'t Value>,
    shape: Shape,
    trail: &mut Vec<StepRef<'t>>,
    mut out: Option<&mut Schemas<'t>>,
) -> usize {
    let Some(node) = node else {
        return 0;
    };
    match shape {
        Shape::Schema => schema(node, trail, out),
        Shape::Map => each_value(node, Shape::Schema, trail, out),
        Shape::MapOf(inner) => each_value(node, *inner, trail, out),
        Shape::ListOf(inner) => {
            let Value::Sequence(items) = node else {
                return 0;
            };
            let mut depth = 0;
            for (i, item) in items.iter().enumerate() {
                trail.push(StepRef::Index(i));
                depth = depth.max(visit(Some(item), *inner, trail, out.as_deref_mut()));
                trail.pop();
            }
            depth
        }
        Shape::Key(key, inner) => {
            trail.push(StepRef::Name(key));
            let depth = visit(node.get(key), *inner, trail, out);
            trail.pop();
            depth
        }
        Shape::Keys(keys) => keys
            .iter()
            .map(|(key, inner)| {
                visit(
                    Some(node),
                    Shape::Key(key, inner),
                    trail,
                    out.as_deref_mut(),
                )
            })
            .max()
            .unwrap_or(0),
    }
}

fn each_value<'t>(
    node: &'t Value,
    shape: Shape,
    trail: &mut Vec<StepRef<'t>>,
    mut out: Option<&mut Schemas<'t>>,
) -> usize {
    let Value::Mapping(map) = node else {
        return 0;
    };
    let mut depth = 0;
    for (key, value) in map {
        trail.push(StepRef::Key(key));
        depth = depth.max(visit(Some(value), shape, trail, out.as_deref_mut()));
        trail.pop();
    }
    depth
}

/// A schema: its sub-schemas first, then itself. Returns its nesting depth.
fn schema<'t>(
    node: &'t Value,
    trail: &mut Vec<StepRef<'t>>,
    mut out: Option<&mut Schemas<'t>>,
) -> usize {
    let mut depth = 0;
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child @ Value::Mapping(_)) = node.get(key) {
            trail.push(StepRef::Name(key));
            depth = depth.max(schema(child, trail, out.as_deref_mut()));
            trail.pop();
        }
    }
    if let Some(Value::Mapping(properties)) = node.get("properties") {
        trail.push(StepRef::Name("properties"));
        for (key, child) in properties {
            trail.push(StepRef::Key(key));
            depth = depth.max(schema(child, trail, out.as_deref_mut()));
            trail.pop();
        }
        trail.pop();
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Sequence(items)) = node.get(key) {
            trail.push(StepRef::Name(key));
            for (i, child) in items.iter().enumerate() {
                trail.push(StepRef::Index(i));
                depth = depth.max(schema(child, trail, out.as_deref_mut()));
                trail.pop();
            }
            trail.pop();
        }
    }
    if let Some(out) = out {
        out.push((trail.clone(), node));
    }
    depth + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    fn path(problem: &Problem) -> String {
        problem
            .0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }

    #[test]
    fn numbers_that_are_not_finite_are_found() {
        for text in [
            "components: {schemas: {a: {type: number, minimum: .nan}}}",
            "components: {schemas: {a: {type: .inf}}}",
            "x: [1, 2, -.inf]",
        ] {
            let problem = check(&tree(text)).unwrap_err();
            assert!(problem.1.contains("not finite"), "{text}");
        }
        let problem = check(&tree("components: {schemas: {a: {minimum: .NaN}}}")).unwrap_err();
        assert_eq!(path(&problem), "components/schemas/a/minimum");
    }

    #[test]
    fn a_fault_deep_down_is_found_where_it_is() {
        let mut text = String::from("components:\n  schemas:\n    a:\n");
        let mut indent = "      ".to_string();
        for _ in 0..40 {
            text.push_str(&format!("{indent}type: array\n{indent}items:\n"));
            indent.push_str("  ");
        }
        text.push_str(&format!("{indent}type: 5\n"));
        let start = std::time::Instant::now();
        let problem = check(&tree(&text)).unwrap_err();
        assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
        assert!(
            path(&problem).ends_with("/items/items"),
            "{}",
            path(&problem)
        );
        assert_eq!(problem.0.len(), 3 + 40);
    }

    #[test]
    fn shallow_valid_documents_are_left_to_the_typing() {
        let text = "paths: {/a: {get: {parameters: [{name: x, in: query, schema: {type: 5}}]}}}";
        assert!(
            check(&tree(text)).is_ok(),
            "shallow faults are found by the typing"
        );
    }
}
