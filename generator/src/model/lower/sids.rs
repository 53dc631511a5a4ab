//! SID patterns → SID types, and what each prefix is called.
//!
//! A prefix is named after the resource whose own `sid` carries it (the one
//! with the shortest schema name when several do: `US` → `UserSid`), else
//! after the first field that uses it (`account_sid` → `AccountSid`).

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::types::properties;
use super::{Kind, Lowerer};
use crate::error::Pointer;
use crate::model::{names, SidType, Type};

impl Lowerer<'_> {
    /// Names each SID prefix after the resource whose own `sid` carries it.
    pub(super) fn name_resource_sids(&mut self) {
        for (name, schema) in self.schemas() {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let Some(Kind::Model { name: model, .. }) = self.kinds.get(name) else {
                continue;
            };
            let Some(ReferenceOr::Item(sid)) = properties(schema).and_then(|p| p.get("sid")) else {
                continue;
            };
            let Some(prefix) = sid_prefix(sid) else {
                continue;
            };
            let depth = name.matches('.').count();
            let candidate = names::sid_of_resource(model);
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
                let resource = names::resource_of_sid(name);
                let docs = format!(
                    "The SID of {resource} resources: `{prefix}` followed by 32 hexadecimal digits."
                );
                (name.clone(), docs)
            }
            None => {
                let name = names::sid_from_field(field);
                let what = names::resource_of_sid(&name);
                let docs = format!("{what} SID: `{prefix}` followed by 32 hexadecimal digits.");
                (name, docs)
            }
        };
        let name = self.type_name(prefix, name);
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

    /// A string with a `pattern`: a SID when the pattern is the canonical SID
    /// pattern; an error when the name says SID but the pattern is not
    /// canonical; a plain string otherwise.
    pub(super) fn pattern_type(
        &mut self,
        pattern: &str,
        min: Option<usize>,
        max: Option<usize>,
        field: &str,
        pointer: &Pointer,
    ) -> Type {
        if let Some(prefix) = parse_sid_pattern(pattern) {
            for (key, len) in [("minLength", min), ("maxLength", max)] {
                if let Some(len) = len.filter(|&l| l != 34) {
                    self.report.error(
                        pointer.join(key),
                        format!("{key} {len} contradicts the SID pattern {pattern:?}, which is 34 characters"),
                    );
                }
            }
            return Type::Sid(self.sid_type(&prefix, field));
        }
        if field.to_ascii_lowercase().ends_with("sid") {
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
        } else {
            self.report.warn(
                pointer.join("pattern"),
                format!("pattern {pattern:?} is not enforced; typed as String"),
            );
        }
        Type::String
    }

    /// The SID type of a `…Sid` path parameter with no pattern: the type of
    /// the module's own model for `Sid`, else the resource named like the
    /// parameter (`ChannelSid` → the channel's SID type).
    pub(super) fn sid_like(&mut self, param: &str, module: &str) -> Option<String> {
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
