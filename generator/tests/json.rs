//! A spec written as JSON generates exactly what the same spec written as
//! YAML does (but for the file name it names): JSON is read as JSON, with
//! its keys in their order and its escaped surrogate pairs.

use std::path::Path;

use twilio_codegen::Builder;

fn generate(path: &Path) -> Vec<(String, String)> {
    let generated = Builder::new()
        .spec(path)
        .module("api")
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .generate()
        .expect("the spec generates");
    generated
        .files()
        .iter()
        .map(|(name, text)| {
            // The file name is in the header and in the module's docs.
            let body = text
                .lines()
                .skip(1)
                .collect::<Vec<_>>()
                .join("\n")
                .replace("things_v1.json", "things_v1.yaml");
            (name.display().to_string(), body)
        })
        .collect()
}

#[test]
fn the_json_form_of_a_spec_generates_like_its_yaml_form() {
    let dir = tempfile::tempdir().unwrap();
    let yaml_path = dir.path().join("things_v1.yaml");
    let json_path = dir.path().join("things_v1.json");
    let yaml = include_str!("specs/things_v1.yaml");
    std::fs::write(&yaml_path, yaml).unwrap();
    // The same document as JSON, keys in the same order, non-ASCII escaped
    // (as surrogate pairs where needed, which YAML parsers refuse).
    let tree: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    let json = serde_json::to_string_pretty(&tree).unwrap();
    let escaped: String = json
        .chars()
        .flat_map(|c| {
            if c.is_ascii() {
                vec![c.to_string()]
            } else {
                let mut units = [0u16; 2];
                c.encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect();
    assert!(
        escaped.contains("\\ud83d\\udc4d"),
        "the spec has an emoji to escape"
    );
    std::fs::write(&json_path, escaped).unwrap();
    let from_yaml = generate(&yaml_path);
    let from_json = generate(&json_path);
    assert_eq!(from_yaml.len(), from_json.len());
    for ((name, yaml_body), (json_name, json_body)) in from_yaml.iter().zip(&from_json) {
        assert_eq!(name, json_name);
        assert_eq!(yaml_body, json_body, "{name} differs");
    }
}
