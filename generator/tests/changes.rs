//! The change report's rules, one construct per kind of change.
//!
//! Every folder in `tests/changes/` is one case: `old.yaml` and `new.yaml`
//! differ in one construct, and `expected.txt` is the report, with the
//! class and the reason of each change. The folder is read, not listed
//! here, so a new folder is a new case.

use std::path::{Path, PathBuf};

use twilio_codegen::{Builder, Class, Listing};

const CASES: &str = "tests/changes";

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(CASES);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    cases
}

fn listing(spec: &Path) -> Listing {
    Builder::new()
        .spec(spec)
        .module("things")
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .listing()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_kind_of_change_is_classified_as_expected() {
    let mut wrong = Vec::new();
    for case in cases() {
        let changes = listing(&case.join("old.yaml")).changes(&listing(&case.join("new.yaml")));
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let actual = changes.to_string();
        if actual != expected {
            wrong.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                name(&case)
            ));
        }
        // A case shows a change; the same spec on both sides shows none.
        assert!(!changes.is_empty(), "{}", name(&case));
        let same = listing(&case.join("new.yaml"));
        assert!(same.changes(&same).is_empty(), "{}", name(&case));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The names say what the case is about; the class follows from the rules.
#[test]
fn breaking_and_compatible_cases_are_told_apart() {
    let compatible = [
        "bounds_widened",
        "field_added",
        "field_redacted",
        "nested_struct_added",
        "optional_parameter_added",
        "sid_pattern_widened",
        "stub_added",
        "success_status_changed",
        "union_variant_added_tagged",
        "variant_added",
    ];
    for case in cases() {
        let changes = listing(&case.join("old.yaml")).changes(&listing(&case.join("new.yaml")));
        let expected = match name(&case).as_str() {
            "docs_only" => Some(Class::Docs),
            n if compatible.contains(&n) => Some(Class::Compatible),
            _ => Some(Class::Breaking),
        };
        assert_eq!(changes.worst(), expected, "{}\n{changes}", name(&case));
    }
}

/// `regenerate --check` compares the listing on disk, read back from its
/// text, with the new one: the same report, without the docs (a listing
/// has none).
#[test]
fn listings_read_back_from_text_give_the_same_report_without_docs() {
    for case in cases() {
        let (old, new) = (
            listing(&case.join("old.yaml")),
            listing(&case.join("new.yaml")),
        );
        let reread = |l: &Listing| Listing::parse("api.txt", &l.to_string()).unwrap();
        assert_eq!(reread(&old).to_string(), old.to_string());
        let direct: Vec<String> = old
            .changes(&new)
            .iter()
            .filter(|c| c.class() != Class::Docs)
            .map(|c| format!("{:?} {}", c.class(), c.reason()))
            .collect();
        let parsed: Vec<String> = reread(&old)
            .changes(&reread(&new))
            .iter()
            .map(|c| format!("{:?} {}", c.class(), c.reason()))
            .collect();
        assert_eq!(direct, parsed, "{}", name(&case));
    }
}

#[test]
fn the_report_reads_as_markdown_and_as_json() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(CASES)
        .join("parameter_now_optional");
    let changes = listing(&case.join("old.yaml")).changes(&listing(&case.join("new.yaml")));
    assert_eq!(
        changes.to_markdown(),
        "### API changes: 1 breaking, 1 compatible\n\
         \n**Breaking** (1)\n\n\
         - `things::CreateThing::new` no longer takes `name`: it is optional now, set with `.name(…)`\n\
         \n**Compatible** (1)\n\n\
         - stub `things::CreateThing` now implements `Default`\n"
    );
    let json: serde_json::Value = serde_json::from_str(&changes.to_json()).unwrap();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["compatible"], 1);
    assert_eq!(json["docs"], 0);
    let first = &json["changes"][0];
    assert_eq!(first["class"], "breaking");
    assert_eq!(first["item"], "things::CreateThing::new");
    assert_eq!(first["kind"], "constructor");
    assert_eq!(first["change"], "changed");
    assert_eq!(
        first["old"],
        "fn things::CreateThing::new(name: impl Into<String>)"
    );
    assert_eq!(first["new"], "fn things::CreateThing::new()");

    // Docs-only changes are folded in Markdown.
    let case = case.with_file_name("docs_only");
    let changes = listing(&case.join("old.yaml")).changes(&listing(&case.join("new.yaml")));
    let markdown = changes.to_markdown();
    assert!(
        markdown.contains("<details><summary>Docs only (6)</summary>"),
        "{markdown}"
    );
}

/// Text from a spec that looks like Markdown or HTML stays text in a pull
/// request comment.
#[test]
fn markdown_keeps_spec_text_inert() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(CASES)
        .join("variant_value_changed");
    let hostile = |path: &Path| {
        let text = std::fs::read_to_string(path)
            .unwrap()
            .replace("in-review", "in-`review`<b>*")
            .replace("in_review", "in_`review`<b>*");
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("things.yaml");
        std::fs::write(&spec, text).unwrap();
        (listing(&spec), dir)
    };
    let (old, _a) = hostile(&case.join("old.yaml"));
    let (new, _b) = hostile(&case.join("new.yaml"));
    let markdown = old.changes(&new).to_markdown();
    assert!(
        markdown.contains("<code>\"in_&#96;review&#96;&lt;b&gt;*\"</code>"),
        "{markdown}"
    );
    assert!(!markdown.contains("<b>"), "{markdown}");
}

/// Wire names and values with quotes, backslashes, line breaks and
/// non-ASCII text stay on their line, and read back as they were.
#[test]
fn hostile_wire_names_stay_on_one_line_and_read_back() {
    let spec = r#"
openapi: 3.0.1
info: {title: Hostile, version: 1.0.0}
servers: [{url: "https://h.example.com/\"quoted\"\n"}]
components:
  schemas:
    hostile.v1.item:
      type: object
      properties:
        "say \"hi\"\nthen\\go": {type: string, nullable: true}
        "état, = x": {$ref: '#/components/schemas/item_enum_kind'}
    item_enum_kind:
      type: string
      enum: ["a\nb", "c\"d", "e, f = g"]
paths:
  /v1/Items/{Sid}:
    get:
      operationId: FetchItem
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      - {name: "X-Odd \"Header\"", in: header, schema: {type: integer, minimum: -5, maximum: 5}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/hostile.v1.item'}
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile_v1.yaml");
    std::fs::write(&path, spec).unwrap();
    let listing = listing(&path);
    let text = listing.to_string();
    assert_eq!(text.lines().count(), listing.len(), "{text}");
    assert!(text.contains("= \"say \\\"hi\\\"\\nthen\\\\go\""), "{text}");
    assert!(
        text.contains("= header \"X-Odd \\\"Header\\\"\", -5..=5"),
        "{text}"
    );
    let reread = Listing::parse("api.txt", &text).unwrap();
    assert_eq!(reread.to_string(), text);
    assert!(reread.changes(&reread).is_empty());
    let renamed = Listing::parse("api.txt", &text.replace("c\\\"d", "c\\\"e")).unwrap();
    let changes = reread.changes(&renamed);
    assert_eq!(changes.worst(), Some(Class::Breaking), "{changes}");
}
