//! `oneOf` → a union: an enum with one variant per alternative, when the
//! alternatives can be told apart; `serde_json::Value` with a warning when
//! they cannot.
//!
//! They can be told apart by a discriminator (a property whose value names
//! the alternative), or by their required properties: each alternative's set
//! differs from the others', and at most one has none. A body is then the
//! alternative with the most required properties that it all has.

use openapiv3::{ReferenceOr, Schema};

use super::shape::required;
use super::{docs, Lowerer};
use crate::error::Pointer;
use crate::model::{names, Type, Union, UnionVariant};

/// How a union's alternatives are told apart, found from the spec alone.
pub(super) struct Plan {
    tag: Option<String>,
    /// Per alternative: its discriminator value, and its required fields.
    alternatives: Vec<(Option<String>, Vec<String>)>,
}

impl<'a> Lowerer<'a> {
    /// How the alternatives of `one_of` can be told apart, if they can.
    pub(super) fn union_plan(
        &self,
        schema: &Schema,
        one_of: &[ReferenceOr<Schema>],
    ) -> Option<Plan> {
        if one_of.is_empty() {
            return None;
        }
        if let Some(discriminator) = &schema.schema_data.discriminator {
            let mut alternatives = Vec::new();
            for alternative in one_of {
                let ReferenceOr::Reference { reference } = alternative else {
                    return None;
                };
                let value = discriminator
                    .mapping
                    .iter()
                    .find(|(_, target)| *target == reference)
                    .map(|(value, _)| value.clone())
                    .or_else(|| reference.rsplit('/').next().map(str::to_string))?;
                alternatives.push((Some(value), Vec::new()));
            }
            return Some(Plan {
                tag: Some(discriminator.property_name.clone()),
                alternatives,
            });
        }
        let mut alternatives: Vec<(Option<String>, Vec<String>)> = Vec::new();
        for alternative in one_of {
            let target = match alternative {
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    match self.component(name)? {
                        ReferenceOr::Item(s) => s,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
                ReferenceOr::Item(s) => s,
            };
            super::shape::properties(target)?;
            let mut fields = required(target).to_vec();
            fields.sort();
            if alternatives.iter().any(|(_, other)| *other == fields) {
                return None;
            }
            alternatives.push((None, fields));
        }
        Some(Plan {
            tag: None,
            alternatives,
        })
    }

    /// The union for a `oneOf` named `name` in `module`, or `None` with a
    /// warning when its alternatives cannot be told apart.
    pub(super) fn lower_union(
        &mut self,
        name: &str,
        module: &str,
        schema: &Schema,
        one_of: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Option<Union> {
        let Some(plan) = self.union_plan(schema, one_of) else {
            self.report.warn(
                pointer,
                "the alternatives of this oneOf cannot be told apart (no discriminator, and required properties that do not differ); typed as serde_json::Value",
            );
            return None;
        };
        let owner = super::types::Owner {
            name,
            module,
            stub: false,
        };
        let mut variants = Vec::new();
        let mut taken = std::collections::BTreeSet::new();
        for (i, (alternative, (tag, required))) in one_of.iter().zip(plan.alternatives).enumerate()
        {
            let at = pointer.join("oneOf").join(i);
            let ty = match alternative {
                ReferenceOr::Reference { reference } => self.ref_type(reference, &at),
                ReferenceOr::Item(item) => {
                    let field = names::union_alternative_field(i);
                    self.schema_type(item, &field, &at, owner)
                }
            };
            let model = match &ty {
                Type::Model(model) => Some(model.as_str()),
                _ => None,
            };
            let base = names::union_variant(model, i);
            variants.push(UnionVariant {
                name: names::first_free(&[base], &mut taken),
                tag,
                required,
                ty,
            });
        }
        Some(Union {
            attrs: self.attributes(name, name),
            name: name.to_string(),
            docs: match docs::of(schema) {
                d if d.is_empty() => format!("One of {} kinds of body.", variants.len()),
                d => d,
            },
            tag: plan.tag,
            variants,
            // Decided once every struct is known.
        })
    }

    /// The type of a `oneOf` declared inline: a union named from `base`, or
    /// JSON when its alternatives cannot be told apart.
    pub(super) fn union_type(
        &mut self,
        base: &str,
        module: &str,
        one_of: &[ReferenceOr<Schema>],
        schema: &Schema,
        pointer: &Pointer,
    ) -> Type {
        if self.union_plan(schema, one_of).is_none() {
            self.lower_union(base, module, schema, one_of, pointer);
            return Type::Json;
        }
        let name = names::first_free(&names::inline_candidates(base, module), &mut self.taken);
        self.nested_pointers.insert(name.clone(), pointer.clone());
        match self.lower_union(&name, module, schema, one_of, pointer) {
            Some(union) => {
                self.resource_mut(module).unions.push(union);
                Type::Model(name)
            }
            None => Type::Json,
        }
    }
}
