//! Lowering, checked on the IR (before any code is emitted): names, SID
//! types, SID-or-name parameters, enums, presence rules and responses.

use std::path::Path;

use twilio_codegen::load::parse_spec;
use twilio_codegen::model::{
    lower, name_sids, Api, Location, Response, SidBody, SidForm, SidPrefix, SidTypes, Type,
};
use twilio_codegen::Options;

fn lower_yaml(yaml: &str) -> Api {
    let spec = parse_spec(Path::new("inline.yaml"), yaml.as_bytes()).expect("parses");
    let (api, warnings) = lower(&spec, "v9", &Options::default()).expect("lowers");
    // The one property the test spec gives no type.
    let unexpected: Vec<_> = warnings
        .iter()
        .filter(|w| !w.pointer.ends_with("/properties/extra"))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    api
}

/// The SID types of `api`, named as when it is generated alone.
fn sid_types(api: &Api) -> SidTypes {
    name_sids(std::slice::from_ref(api), &Options::default()).expect("SIDs are named")
}

/// The type of SIDs with this prefix and hex digits.
fn sid(prefix: &str) -> Type {
    Type::Sid(hex(prefix))
}

fn hex(prefix: &str) -> SidForm {
    SidForm {
        prefix: SidPrefix::Exact(vec![prefix.into()]),
        body: SidBody::Hex,
    }
}

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: Test, version: 1.0.0}
servers: [{url: https://chat.example.com/}]
components:
  schemas:
    chat.v9.service.user:
      type: object
      properties:
        sid: {type: string, minLength: 34, maxLength: 34, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
        account_sid: {type: string, pattern: '^AC[0-9a-fA-F]{32}$', nullable: true}
        owner_sid: {type: string, pattern: '^US[0-9a-fA-F]{32}$', nullable: true}
        type: {$ref: '#/components/schemas/user_enum_kind'}
        count: {type: integer, default: 0}
        maybe_count: {type: integer, nullable: true}
        created: {type: string, format: date-time, nullable: true}
        url: {type: string, format: uri, nullable: true}
        links: {type: object, format: uri-map, nullable: true}
        extra: {nullable: true}
        tags: {type: array, items: {type: string}, nullable: true}
        identity:
          type: string
          nullable: true
          x-twilio: {pii: {handling: standard, deleteSla: 30}}
    user_enum_kind:
      type: string
      enum: [notParticipating, 'true', GET]
paths:
  /v9/Users/{Sid}:
    get:
      operationId: FetchUser
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/chat.v9.service.user'}
    post:
      operationId: UpdateUser
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      - name: X-Twilio-Webhook-Enabled
        in: header
        schema: {type: string, enum: ['true', 'false']}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [Notifications.NewMessage.Enabled]
              properties:
                Notifications.NewMessage.Enabled: {type: boolean}
                WebhookMethod: {type: string, format: http-method, enum: [GET, POST]}
                OtherMethod: {type: string, format: http-method, enum: [GET, POST]}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/chat.v9.service.user'}
    delete:
      operationId: DeleteUser
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string, pattern: '^US[0-9a-fA-F]{32}$'}}
      responses:
        '204': {description: gone}
  /v9/Users:
    get:
      operationId: ListUser
      parameters:
      - {name: PageSize, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  people:
                    type: array
                    items: {$ref: '#/components/schemas/chat.v9.service.user'}
                  meta: {type: object, properties: {key: {type: string}}}
"#;

#[test]
fn fields_get_their_types_and_presence() {
    let api = lower_yaml(SPEC);
    assert_eq!(api.base_url, "https://chat.example.com");
    let user = api.resources.iter().find(|r| r.module == "user").unwrap();
    let model = user.model.as_ref().unwrap();
    assert_eq!(model.name, "User");
    let field = |wire: &str| model.fields.iter().find(|f| f.wire == wire).unwrap();
    assert_eq!(field("sid").ty, sid("US"));
    assert_eq!(field("owner_sid").ty, sid("US"), "one type per prefix");
    assert_eq!(field("account_sid").ty, sid("AC"));
    assert_eq!(field("type").name, "r#type");
    assert_eq!(field("type").ty, Type::Enum("UserKind".into()));
    assert_eq!(field("count").ty, Type::Integer);
    assert_eq!(field("count").default.as_deref(), Some("0"));
    assert_eq!(field("maybe_count").default, None);
    assert_eq!(field("created").ty, Type::DateTime);
    assert_eq!(field("url").ty, Type::Uri);
    assert_eq!(field("links").ty, Type::UriMap);
    assert_eq!(field("extra").ty, Type::Json);
    assert_eq!(
        field("extra").name,
        "extra_2",
        "`extra` is the struct's own field"
    );
    assert_eq!(field("tags").ty, Type::Array(Box::new(Type::String)));
    assert_eq!(field("identity").pii.as_ref().unwrap().handling, "standard");
    assert_eq!(api.list_key(&model.name), Some("people"));

    let types = sid_types(&api);
    let sids: Vec<(&str, &str)> = types
        .all()
        .iter()
        .map(|s| (s.name.as_str(), s.form.single_prefix().unwrap()))
        .collect();
    assert_eq!(sids, [("AccountSid", "AC"), ("UserSid", "US")]);
    assert_eq!(types.name(&hex("US")), "UserSid");
}

#[test]
fn enum_values_get_readable_variant_names() {
    let api = lower_yaml(SPEC);
    let user = api.resources.iter().find(|r| r.module == "user").unwrap();
    let kind = user.enums.iter().find(|e| e.name == "UserKind").unwrap();
    let variants: Vec<(&str, &str)> = kind
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.wire.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("NotParticipating", "notParticipating"),
            ("True", "true"),
            ("Get", "GET")
        ]
    );
}

#[test]
fn operations_get_typed_parameters_and_responses() {
    let api = lower_yaml(SPEC);
    let ops: Vec<_> = api.resources.iter().flat_map(|r| &r.operations).collect();
    let op = |name: &str| *ops.iter().find(|o| o.name == name).unwrap();

    // A `Sid` path parameter without a pattern takes a SID or a name.
    assert_eq!(op("FetchUser").params[0].ty, Type::SidLike(hex("US")));
    assert_eq!(op("DeleteUser").params[0].ty, sid("US"));
    assert_eq!(
        op("FetchUser").response,
        Response::Model {
            status: 200,
            ty: "User".into()
        }
    );
    assert_eq!(op("DeleteUser").response, Response::Empty { status: 204 });
    assert_eq!(
        op("ListUser").response,
        Response::List {
            status: 200,
            item: "User".into()
        }
    );
    assert_eq!(op("ListUser").params[0].range, Some((Some(1), Some(50))));

    let update = op("UpdateUser");
    let header = update
        .params
        .iter()
        .find(|p| p.location == Location::Header)
        .unwrap();
    assert_eq!(header.name, "x_twilio_webhook_enabled");
    assert_eq!(header.wire, "X-Twilio-Webhook-Enabled");
    let dotted = update
        .params
        .iter()
        .find(|p| p.wire == "Notifications.NewMessage.Enabled")
        .unwrap();
    assert_eq!(dotted.name, "notifications_new_message_enabled");
    assert!(dotted.required);
    assert_eq!(dotted.location, Location::Form);
    // Identical inline enums share one type, named after their format.
    let methods: Vec<&Type> = update
        .params
        .iter()
        .filter(|p| p.wire.ends_with("Method"))
        .map(|p| &p.ty)
        .collect();
    assert_eq!(
        methods,
        [
            &Type::Enum("HttpMethod".into()),
            &Type::Enum("HttpMethod".into())
        ]
    );
}

/// The whole IR of the test spec, so that any change to lowering shows up
/// as a reviewable diff.
#[test]
fn the_test_spec_as_lowered() {
    insta::assert_debug_snapshot!(lower_yaml(SPEC));
    insta::assert_debug_snapshot!("the_test_spec_sid_types", sid_types(&lower_yaml(SPEC)));
}

/// The spec, lowered, with its warnings; fails on errors.
fn lower_with_warnings(yaml: &str) -> (Api, Vec<String>) {
    let spec = parse_spec(Path::new("inline.yaml"), yaml.as_bytes()).expect("parses");
    let (api, warnings) = lower(&spec, "v9", &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    (api, warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn inline_objects_that_reuse_a_property_name_are_structs_of_their_own() {
    // `a` holds an object `a` that holds an object `a`: three shapes, no
    // cycle. The same shape described twice is still one struct.
    let (api, warnings) = lower_with_warnings(
        r#"
openapi: 3.0.1
info: {title: Test, version: 1.0.0}
paths: {}
components:
  schemas:
    x.v9.thing:
      type: object
      properties:
        a:
          type: object
          properties:
            a:
              type: object
              properties:
                a: {type: object, properties: {a: {type: string}}}
        b: {type: object, format: capabilities, description: One., properties: {k: {type: integer}}}
        c: {type: object, format: capabilities, description: Two., properties: {k: {type: integer}}}
"#,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let structs: Vec<(&str, Vec<String>)> = api
        .resources
        .iter()
        .flat_map(|r| r.model.iter().chain(&r.nested))
        .map(|s| {
            let fields = s
                .fields
                .iter()
                .map(|f| format!("{}: {:?}", f.wire, f.ty))
                .collect();
            (s.name.as_str(), fields)
        })
        .collect();
    let types = |name: &str| {
        structs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f.clone())
    };
    assert_eq!(
        types("Thing").unwrap(),
        [
            r#"a: Model("ThingA")"#,
            r#"b: Model("Capabilities")"#,
            r#"c: Model("Capabilities")"#
        ]
    );
    assert_eq!(types("ThingA").unwrap(), [r#"a: Model("ThingA2")"#]);
    assert_eq!(types("ThingA2").unwrap(), [r#"a: Model("ThingA2A")"#]);
    assert_eq!(types("ThingA2A").unwrap(), ["a: String"]);
    assert_eq!(types("Capabilities").unwrap(), ["k: Integer"]);
    assert_eq!(structs.len(), 5, "{structs:?}");
}

#[test]
fn a_struct_declared_inline_that_holds_itself_is_a_located_cycle() {
    let spec = r#"
openapi: 3.0.1
info: {title: Test, version: 1.0.0}
paths: {}
components:
  schemas:
    x.v9.thing:
      type: object
      properties:
        tree: {$ref: '#/components/schemas/node'}
    node:
      properties:
        again: {$ref: '#/components/schemas/node'}
"#;
    let spec = parse_spec(Path::new("inline.yaml"), spec.as_bytes()).unwrap();
    let err = lower(&spec, "v9", &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "inline.yaml: #/components/schemas/node/properties/again: $ref cycle between models: \
         the object at #/components/schemas/node (property \"again\") -> \
         the object at #/components/schemas/node; recursive models are not supported"
    );
}

#[test]
fn operations_without_an_operation_id_are_named_after_method_and_path() {
    let params = "parameters: [{name: ServiceSid, in: path, required: true, schema: {type: string, pattern: '^IS[0-9a-fA-F]{32}$'}}";
    let sid = "{name: Sid, in: path, required: true, schema: {type: string}}";
    let (api, warnings) = lower_with_warnings(&format!(
        r#"
openapi: 3.0.1
info: {{title: Test, version: 1.0.0}}
components:
  schemas:
    x.v9.service.user:
      type: object
      properties:
        sid: {{type: string, pattern: '^US[0-9a-fA-F]{{32}}$'}}
paths:
  /v9/Services/{{ServiceSid}}/Users:
    get: {{{params}], responses: {{'200': {{description: OK}}}}}}
    post: {{{params}], responses: {{'201': {{description: OK}}}}}}
  /v9/Services/{{ServiceSid}}/Users/{{Sid}}:
    get: {{{params}, {sid}], responses: {{'200': {{description: OK}}}}}}
    delete: {{{params}, {sid}], responses: {{'204': {{description: OK}}}}}}
  /v9/Services/{{ServiceSid}}/Channels/{{ChannelSid}}/Users:
    x-twilio: {{pathType: list}}
    get:
      {params}, {{name: ChannelSid, in: path, required: true, schema: {{type: string}}}}]
      responses: {{'200': {{description: OK}}}}
  /v9/Services/{{ServiceSid}}/Configuration:
    x-twilio: {{className: service_configuration, pathType: instance}}
    get: {{{params}], responses: {{'200': {{description: OK}}}}}}
  /v9/Users:
    get: {{operationId: ListUser, responses: {{'200': {{description: OK}}}}}}
"#
    ));
    let ops: Vec<(&str, &str, &str)> = api
        .resources
        .iter()
        .flat_map(|r| {
            r.operations.iter().map(move |op| {
                (
                    r.module.as_str(),
                    op.name.as_str(),
                    op.operation_id.as_str(),
                )
            })
        })
        .collect();
    // The id the spec gives is its own (`ListUser`); the list of a
    // service's users, named second, takes the next candidate. Each goes to
    // the module of the resource it names.
    assert_eq!(
        ops,
        [
            ("user", "ListServiceUser", "ListServiceUser"),
            ("user", "CreateUser", "CreateUser"),
            ("user", "FetchUser", "FetchUser"),
            ("user", "DeleteUser", "DeleteUser"),
            ("user", "ListChannelUser", "ListChannelUser"),
            ("user", "ListUser", "ListUser"),
            (
                "service_configuration",
                "FetchServiceConfiguration",
                "FetchServiceConfiguration"
            ),
        ]
    );
    let named: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("no operationId"))
        .collect();
    assert_eq!(named.len(), 6, "{warnings:?}");
    assert_eq!(
        named[0],
        "inline.yaml: #/paths/~1v9~1Services~1{ServiceSid}~1Users/get: operation has no \
         operationId; named \"ListServiceUser\" after its method and path"
    );
}
