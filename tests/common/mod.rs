//! Helpers shared by the integration tests: the specs as raw JSON (to walk
//! their examples) and as the generator's IR (to know what was generated).

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use twilio_codegen::model::Api;

/// The spec of a version, `"v1"` or `"v2"`.
pub fn spec_path(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("spec/twilio_chat_{version}.yaml"))
}

/// The spec as plain JSON.
pub fn raw_spec(version: &str) -> Value {
    let text = std::fs::read_to_string(spec_path(version)).expect("spec is readable");
    serde_yaml::from_str(&text).expect("spec is valid YAML")
}

/// The spec lowered to the generator's IR, its SID types named as when both
/// versions are generated together.
pub fn ir(version: &str) -> Api {
    let options = twilio_codegen::Options::default();
    let mut apis: Vec<Api> = ["v1", "v2"]
        .iter()
        .map(|v| {
            let spec = twilio_codegen::load::load_spec(&spec_path(v)).expect("spec loads");
            twilio_codegen::model::lower(&spec, v, &options)
                .expect("spec lowers")
                .0
        })
        .collect();
    twilio_codegen::model::name_sids(&mut apis, &options).expect("SID types are named");
    let index = if version == "v1" { 0 } else { 1 };
    apis.swap_remove(index)
}

/// The two-letter prefix of a SID type with exactly one.
pub fn prefix(sid: &twilio_codegen::model::SidType) -> String {
    sid.form
        .single_prefix()
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
