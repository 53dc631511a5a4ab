//! Helpers shared by the integration tests: the specs as raw JSON (to walk
//! their examples) and as the generator's IR (to know what was generated).

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use twilio_codegen::model::{Api, SidForm};

/// The spec of a version, `"v1"` or `"v2"`.
pub fn spec_path(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("spec/twilio_chat_{version}.yaml"))
}

/// The spec as plain JSON.
pub fn raw_spec(version: &str) -> Value {
    let text = std::fs::read_to_string(spec_path(version)).expect("spec is readable");
    serde_yaml::from_str(&text).expect("spec is valid YAML")
}

/// The spec lowered to the generator's IR.
pub fn ir(version: &str) -> Api {
    let spec = twilio_codegen::load::load_spec(&spec_path(version)).expect("spec loads");
    twilio_codegen::model::lower(&spec, version, &twilio_codegen::Options::default())
        .expect("spec lowers")
        .0
}

/// The SID types a version uses, (name, prefix), named as when both
/// versions are generated together.
pub fn sid_types(version: &str) -> Vec<(String, String)> {
    let apis = [ir("v1"), ir("v2")];
    let types = twilio_codegen::model::name_sids(&apis, &twilio_codegen::Options::default())
        .expect("SID types are named");
    let api = if version == "v1" { &apis[0] } else { &apis[1] };
    api.sids
        .iter()
        .map(|s| (types.name(&s.form).into_owned(), prefix(&s.form)))
        .collect()
}

/// The two-letter prefix of a SID form with exactly one.
pub fn prefix(form: &SidForm) -> String {
    form.single_prefix()
        .expect("Chat's SIDs have one prefix each")
        .to_string()
}

/// Every operation of a spec with its JSON pointer parts: (path, method, operation).
pub fn operations(raw: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in raw["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if op.get("operationId").is_some() {
                out.push((path.clone(), method.clone(), op.clone()));
            }
        }
    }
    out
}

/// A valid SID with the given prefix, distinct per `n`.
pub fn sid(prefix: &str, n: u32) -> String {
    format!("{prefix}{:032x}", 0x5eed_0000_u64 + u64::from(n))
}
