//! The builder's options reach the generated code: extra attributes by
//! matcher, renames by spec name, and the runtime's path. A small spec of the
//! project's own is generated into a temporary folder for each case.

use std::path::{Path, PathBuf};

use twilio_codegen::{Builder, Error, Generated, Replay};

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: Options, version: 1.0.0}
servers: [{url: https://things.example.com}]
components:
  schemas:
    things.v1.thing:
      type: object
      properties:
        sid: {type: string, pattern: '^TH[0-9a-fA-F]{32}$', nullable: true}
        owner_sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
        status: {$ref: '#/components/schemas/thing_enum_status'}
        created: {type: string, format: date-time, nullable: true}
    things.v1.gadget:
      type: object
      properties:
        thing: {$ref: '#/components/schemas/things.v1.thing'}
    thing_enum_status:
      type: string
      enum: [open, closed]
paths:
  /v1/Things/{Sid}:
    get:
      operationId: FetchThing
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/things.v1.thing'}
  /v1/Gadgets:
    get:
      operationId: ListGadget
      parameters:
      - {name: PageSize, in: query, schema: {type: integer, minimum: 1}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  gadgets: {type: array, items: {$ref: '#/components/schemas/things.v1.gadget'}}
                  meta: {type: object, properties: {key: {type: string}}}
"#;

fn spec_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("things_v1.yaml");
    std::fs::write(&path, SPEC).unwrap();
    (dir, path)
}

fn generate(configure: impl FnOnce(Builder) -> Builder) -> Result<Generated, Error> {
    let (_dir, path) = spec_file();
    let builder = Builder::new()
        .spec(&path)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false);
    configure(builder).generate()
}

fn file<'g>(generated: &'g Generated, name: &str) -> &'g str {
    generated
        .files()
        .get(Path::new(name))
        .unwrap_or_else(|| panic!("{name} was not generated"))
}

/// The lines from the item declared by `decl` back to the doc comment above
/// it: its attributes.
fn attributes_of<'t>(text: &'t str, decl: &str) -> Vec<&'t str> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(decl))
        .unwrap_or_else(|| panic!("no {decl:?} in\n{text}"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .copied()
        .collect()
}

#[test]
fn attributes_go_on_the_types_their_matcher_names() {
    let generated = generate(|b| {
        b.type_attribute("*", "#[doc(alias = \"everything\")]")
            .derive("Thing", "Hash")
            .type_attribute("v1::ThingStatus", "#[derive(PartialOrd)]")
            .type_attribute("v2::Thing", "#[wrong_module]")
            .type_attribute("things.v1.gadget", "#[cfg_attr(test, derive(Hash))]")
            .derive("FetchThing", "Hash")
    })
    .unwrap();
    let thing = file(&generated, "v1/thing.rs");
    let on_thing = attributes_of(thing, "pub struct Thing ");
    assert!(on_thing.contains(&"#[derive(Hash)]"), "{on_thing:?}");
    assert!(
        on_thing.contains(&"#[doc(alias = \"everything\")]"),
        "{on_thing:?}"
    );
    assert!(
        !thing.contains("#[wrong_module]"),
        "a matcher for v2 matched v1"
    );
    let on_status = attributes_of(thing, "pub enum ThingStatus ");
    assert!(
        on_status.contains(&"#[derive(PartialOrd)]"),
        "{on_status:?}"
    );
    assert!(
        !on_status.contains(&"#[derive(Hash)]"),
        "`Thing` matched a longer name"
    );
    let on_fetch = attributes_of(thing, "pub struct FetchThing ");
    assert!(on_fetch.contains(&"#[derive(Hash)]"), "{on_fetch:?}");
    let gadget = file(&generated, "v1/gadget.rs");
    let on_gadget = attributes_of(gadget, "pub struct Gadget ");
    assert!(
        on_gadget.contains(&"#[cfg_attr(test, derive(Hash))]"),
        "a schema name matches: {on_gadget:?}"
    );
    let on_list = attributes_of(gadget, "pub struct ListGadget ");
    assert_eq!(on_list.iter().filter(|a| a.contains("alias")).count(), 1);
}

#[test]
fn renames_replace_the_name_everywhere_it_is_used() {
    let generated = generate(|b| {
        b.rename("things.v1.thing", "Widget")
            .rename("TH", "WidgetId")
            .rename("FetchThing", "GetWidget")
    })
    .unwrap();
    let thing = file(&generated, "v1/thing.rs");
    assert!(thing.contains("pub struct Widget {"), "{thing}");
    assert!(
        thing.contains("pub sid: Option<super::WidgetId>,"),
        "{thing}"
    );
    assert!(thing.contains("pub struct GetWidget {"), "{thing}");
    assert!(thing.contains("type Response = super::Widget;"), "{thing}");
    assert!(
        thing.contains("::twilio_runtime::SidLike<super::WidgetId>"),
        "{thing}"
    );
    assert!(!thing.contains("struct Thing "), "{thing}");
    let gadget = file(&generated, "v1/gadget.rs");
    assert!(
        gadget.contains("pub thing: Option<super::Widget>,"),
        "{gadget}"
    );
    let sids = file(&generated, "sids.rs");
    assert!(
        sids.contains("pub type WidgetId = ::twilio_runtime::Sid<prefix::TH>;"),
        "{sids}"
    );
    assert!(
        sids.contains("const NAME: &'static str = \"WidgetId\";"),
        "{sids}"
    );
}

#[test]
fn a_rename_into_a_taken_name_is_reported() {
    let err = generate(|b| b.rename("things.v1.gadget", "Thing")).unwrap_err();
    assert!(
        err.to_string()
            .contains("both become the Rust type `Thing`"),
        "{err}"
    );
}

#[test]
fn the_runtime_path_is_used_for_every_runtime_item() {
    let default = generate(|b| b.replay(Replay::On)).unwrap();
    let moved = generate(|b| b.runtime_path("crate::rt").replay(Replay::On)).unwrap();
    for (name, text) in moved.files() {
        assert!(
            !text.contains("twilio_runtime"),
            "{} still names the default runtime",
            name.display()
        );
    }
    let default_uses: usize = default
        .files()
        .values()
        .map(|t| t.matches("::twilio_runtime::").count())
        .sum();
    let moved_uses: usize = moved
        .files()
        .values()
        .map(|t| t.matches("crate::rt::").count())
        .sum();
    assert!(default_uses > 20);
    assert_eq!(default_uses, moved_uses);
    let thing = file(&moved, "v1/thing.rs");
    assert!(
        thing.contains("#[serde(crate = \"crate::rt::serde\")]"),
        "{thing}"
    );
}

#[test]
fn invalid_options_are_errors_that_say_why() {
    type Configure = fn(Builder) -> Builder;
    let cases: [(Configure, &str); 5] = [
        (
            |b| b.type_attribute("*", "derive(Hash)"),
            "is not an outer attribute",
        ),
        (|b| b.type_attribute("*", "#[a] #[b]"), "holds 2 attributes"),
        (
            |b| b.rename("things.v1.thing", "Not A Name"),
            "is not a Rust identifier",
        ),
        (|b| b.runtime_path("::"), "is not a Rust path"),
        (
            |b| b.replay(Replay::Feature("re play".into())),
            "is not a cargo feature name",
        ),
    ];
    for (configure, expected) in cases {
        let err = generate(configure).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains(expected), "{err}");
    }
}

/// Without pretty-printing, every file holds the same code: formatted, it
/// is the pretty output, byte for byte. Its layout is for reading too: a
/// line per item, attribute, field and statement, blocks indented.
#[test]
fn compact_output_is_the_same_code_unformatted() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/things_v1.yaml");
    let run = |pretty: bool| {
        Builder::new()
            .spec(&spec)
            .pretty(pretty)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false)
            .generate()
            .unwrap()
    };
    let (pretty, compact) = (run(true), run(false));
    assert_eq!(
        pretty.files().keys().collect::<Vec<_>>(),
        compact.files().keys().collect::<Vec<_>>()
    );
    // The API listing is the same text either way.
    assert_eq!(
        pretty.files()[Path::new("api.txt")],
        compact.files()[Path::new("api.txt")]
    );
    let code = compact
        .files()
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs"));
    for (path, text) in code {
        let header_end = text.find("\n\n").unwrap() + 2;
        let (header, code) = text.split_at(header_end);
        assert!(
            pretty.files()[path].starts_with(header),
            "{}",
            path.display()
        );
        let lines: Vec<&str> = code.lines().collect();
        for line in &lines {
            let code = line.trim_start();
            // Indented by blocks of four; attributes alone on their line.
            assert_eq!((line.len() - code.len()) % 4, 0, "{line}");
            if code.starts_with("#[") {
                assert!(code.ends_with(']'), "{line}");
            }
        }
        let items = lines
            .iter()
            .filter(|l| l.starts_with("pub struct "))
            .count();
        assert_eq!(items, pretty.files()[path].matches("\npub struct ").count());
        let tokens: proc_macro2::TokenStream = code.parse().unwrap();
        let formatted = twilio_codegen::format::format("x.rs", header, tokens).unwrap();
        assert_eq!(formatted, pretty.files()[path], "{}", path.display());
    }
}

/// Stubs derive `Deserialize` only when asked: always, or under a feature,
/// and the header's command says how the files were generated.
#[test]
fn replay_decides_whether_stubs_deserialize() {
    let stub = |replay: Replay| {
        let generated = generate(|b| b.replay(replay)).unwrap();
        let text = file(&generated, "v1/thing.rs");
        let start = text.find("pub struct FetchThing").unwrap();
        let attrs_start = text[..start].rfind("\n\n").unwrap();
        (
            text[attrs_start..start].to_string(),
            text.lines().take(3).collect::<Vec<_>>().join("\n"),
        )
    };
    let (off, header) = stub(Replay::Off);
    assert!(
        !off.contains("Deserialize") && !off.contains("serde("),
        "{off}"
    );
    assert!(header.ends_with("--bin regenerate`."), "{header}");
    let (on, header) = stub(Replay::On);
    assert!(
        on.contains("#[derive(::twilio_runtime::serde::Deserialize)]")
            && on.contains("#[serde(crate = \"::twilio_runtime::serde\")]"),
        "{on}"
    );
    assert!(
        header.ends_with("--bin regenerate -- --replay`."),
        "{header}"
    );
    let (feature, header) = stub(Replay::Feature("replay".into()));
    assert!(
        feature.contains(
            "#[cfg_attr(feature = \"replay\", derive(::twilio_runtime::serde::Deserialize))]"
        ),
        "{feature}"
    );
    assert!(
        header.ends_with("--bin regenerate -- --replay-feature replay`."),
        "{header}"
    );
}

/// A spec with what derives trip on: a float, a struct holding a struct,
/// a stub with a required parameter.
const DERIVES_SPEC: &str = r#"
openapi: 3.0.1
info: {title: Derives, version: 1.0.0}
components:
  schemas:
    shop.v1.price:
      type: object
      properties:
        amount: {type: number, nullable: true}
    shop.v1.item:
      type: object
      properties:
        name: {type: string, nullable: true}
        size: {$ref: '#/components/schemas/shop.v1.size'}
        kind: {$ref: '#/components/schemas/item_enum_kind'}
    shop.v1.size:
      type: object
      properties:
        width: {type: integer, nullable: true}
    item_enum_kind:
      type: string
      enum: [small, large]
paths:
  /v1/Items/{Sid}:
    get:
      operationId: FetchItem
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/shop.v1.item'}
"#;

fn generate_derives(configure: impl FnOnce(Builder) -> Builder) -> Result<Generated, Error> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop_v1.yaml");
    std::fs::write(&path, DERIVES_SPEC).unwrap();
    configure(
        Builder::new()
            .spec(&path)
            .emit_rerun_if_changed(false)
            .emit_cargo_warnings(false),
    )
    .generate()
}

/// Every line of the error, after the file name.
fn refusals(configure: impl FnOnce(Builder) -> Builder) -> Vec<String> {
    let err = generate_derives(configure).expect_err("the option is refused");
    err.to_string()
        .lines()
        .map(|l| {
            l.split_once("shop_v1.yaml:")
                .map_or(l, |(_, rest)| rest)
                .to_string()
        })
        .collect()
}

#[test]
fn derives_a_type_cannot_have_are_refused_with_the_type_and_the_reason() {
    assert_eq!(
        refusals(|b| b.derive("Price", "Hash")),
        [
            "6:5: #/components/schemas/shop.v1.price: the option deriving Hash for `Price` cannot \
          compile: its field `amount` is `f64`, which is not Hash"
        ]
    );
    // `Item` holds a `Size`, which is not `Hash` unless it is asked too.
    assert_eq!(
        refusals(|b| b.derive("Item", "Hash")),
        [
            "10:5: #/components/schemas/shop.v1.item: the option deriving Hash for `Item` cannot \
          compile: its field `size` is `Size`, which is not Hash"
        ]
    );
    assert!(generate_derives(|b| b.derive("Item", "Hash").derive("Size", "Hash")).is_ok());
    assert_eq!(
        refusals(|b| b.derive("ItemKind", "Default")),
        ["20:5: #/components/schemas/item_enum_kind: the option deriving Default for `ItemKind` \
          cannot compile: an enum derives Default only with a variant marked #[default], and none is"]
    );
    assert_eq!(
        refusals(|b| b.derive("FetchItem", "Default")),
        [
            "25:5: #/paths/~1v1~1Items~1{Sid}/get: the option deriving Default for `FetchItem` \
          cannot compile: it has required parameters (sid), which `new` takes"
        ]
    );
    assert_eq!(
        refusals(|b| b.derive("Size", "Ord")),
        [
            "16:5: #/components/schemas/shop.v1.size: the option deriving Ord for `Size` cannot \
          compile: Ord needs PartialOrd too, which it does not have"
        ]
    );
    assert_eq!(
        refusals(|b| b.derive("Size", "Copy")),
        [
            "16:5: #/components/schemas/shop.v1.size: the option deriving Copy for `Size` cannot \
          compile: its field `extra` (the runtime's `Extra`, which keeps what did not fit the \
          fields) is not Copy"
        ]
    );
    assert_eq!(
        refusals(|b| b.type_attribute("Size", "#[serde(deny_unknown_fields)]")),
        ["16:5: #/components/schemas/shop.v1.size: the option's #[serde(…)] attribute on `Size` \
          cannot compile: the generated type implements serde by hand (it keeps what does not fit \
          its fields), so no serde derive reads the attribute"]
    );
    // With `*`, every type that cannot is named.
    let all = refusals(|b| b.derive("*", "Copy"));
    assert_eq!(all.len(), 5, "{all:#?}");
}

#[test]
fn derives_a_type_has_already_are_dropped_not_doubled() {
    let generated = generate_derives(|b| {
        b.derive("Item", "Eq")
            .derive("ItemKind", "Eq")
            .derive("ItemKind", "Hash")
            .derive("Item", "Hash")
            .derive("Size", "std::hash::Hash")
            .derive("Size", "Hash")
            .type_attribute("Size", "#[derive(Clone, serde_with::Something)]")
    })
    .unwrap();
    let item = file(&generated, "v1/item.rs");
    // `Item` and `ItemKind` derive Eq already, and the enum Hash: nothing
    // more.
    assert!(attributes_of(item, "pub enum ItemKind ")
        .iter()
        .all(|a| !a.contains("Eq)") && !a.contains("(Hash")));
    assert_eq!(
        attributes_of(item, "pub struct Item ")[0],
        "#[derive(Hash)]"
    );
    let size = file(&generated, "v1/size.rs");
    // Hash once, under the name asked first; an unknown derive is kept.
    let on_size = attributes_of(size, "pub struct Size ");
    assert!(
        on_size.contains(&"#[derive(std::hash::Hash)]"),
        "{on_size:?}"
    );
    assert!(
        on_size.contains(&"#[derive(serde_with::Something)]"),
        "{on_size:?}"
    );
    assert!(!on_size.contains(&"#[derive(Hash)]"), "{on_size:?}");
}
