//! Writes a large OpenAPI 3.0 spec of the project's own, for benchmarks:
//! a fictional fleet and logistics API ("Fleet v1") shaped like Twilio's
//! specs, about the size of the largest of them.
//!
//! ```text
//! cargo run --release -p twilio-codegen --example large_spec -- fleet_v1.yaml      # 40 resources
//! cargo run --release -p twilio-codegen --example large_spec -- fleet_v1.yaml 10   # the first 10
//! ```
//!
//! With all 40 resources it has 200 operations (list, create, fetch, update,
//! delete for each), 80 component schemas (a model and a status enum per
//! resource) and the shapes the generator meets in Twilio's specs:
//!
//! - resources nested up to four deep, each with its own SID prefix, the
//!   SIDs of its ancestors as path parameters and as properties;
//! - SID-patterned strings, `nullable` properties, `date-time`, `date`,
//!   `uri`, `uri-map` links, `phone-number`, `http-method` enums, integers,
//!   floats, booleans, string arrays, free-form objects, `x-twilio.pii`;
//! - enums as component schemas (`vehicle_enum_status`), referenced from
//!   models, query filters and form fields;
//! - list responses with the items under their plural name beside a `meta`
//!   paging object; `201` for creation, `204` for deletion;
//! - request bodies as `application/x-www-form-urlencoded` forms with
//!   PascalCase field names, some required, arrays among them.
//!
//! The output depends only on the number of resources: the same bytes on
//! every run (no clock, no randomness, key order as written here).

use serde_json::{json, Map, Value};

/// One resource: its name, the path segment of its collection, its SID
/// prefix and its parent (an index into [`RESOURCES`]), and the values of
/// its status enum.
struct Resource {
    name: &'static str,
    plural: &'static str,
    prefix: &'static str,
    parent: Option<usize>,
    statuses: &'static [&'static str],
}

const fn r(
    name: &'static str,
    plural: &'static str,
    prefix: &'static str,
    parent: Option<usize>,
    statuses: &'static [&'static str],
) -> Resource {
    Resource {
        name,
        plural,
        prefix,
        parent,
        statuses,
    }
}

const LIFECYCLE: &[&str] = &["draft", "active", "suspended", "retired"];
const PROGRESS: &[&str] = &["queued", "in_progress", "completed", "failed", "canceled"];
const REVIEW: &[&str] = &["pending", "approved", "rejected"];
const SWITCH: &[&str] = &["enabled", "disabled"];
const MONEY: &[&str] = &["open", "paid", "overdue", "void", "refunded"];

/// The resources, parents before their children.
const RESOURCES: &[Resource] = &[
    r("Depot", "Depots", "DP", None, LIFECYCLE),
    r("Vehicle", "Vehicles", "VH", Some(0), LIFECYCLE),
    r("Inspection", "Inspections", "IP", Some(1), REVIEW),
    r("Defect", "Defects", "DF", Some(2), PROGRESS),
    r("FuelLog", "FuelLogs", "FL", Some(1), REVIEW),
    r("Driver", "Drivers", "DR", Some(0), LIFECYCLE),
    r("Shift", "Shifts", "SH", Some(5), PROGRESS),
    r("Certification", "Certifications", "CT", Some(5), REVIEW),
    r("Route", "Routes", "RT", Some(0), PROGRESS),
    r("Stop", "Stops", "SP", Some(8), PROGRESS),
    r("TimeWindow", "TimeWindows", "TW", Some(9), SWITCH),
    r("Shipment", "Shipments", "SM", Some(0), PROGRESS),
    r("Parcel", "Parcels", "PC", Some(11), PROGRESS),
    r("Scan", "Scans", "SC", Some(12), REVIEW),
    r("Label", "Labels", "LB", Some(12), SWITCH),
    r("Customer", "Customers", "CU", None, LIFECYCLE),
    r("Address", "Addresses", "AD", Some(15), REVIEW),
    r("Contact", "Contacts", "CO", Some(15), SWITCH),
    r("Contract", "Contracts", "KT", Some(15), LIFECYCLE),
    r("RateCard", "RateCards", "RC", Some(18), LIFECYCLE),
    r("Invoice", "Invoices", "IV", Some(15), MONEY),
    r("LineItem", "LineItems", "LI", Some(20), MONEY),
    r("Payment", "Payments", "PM", Some(20), MONEY),
    r("Warehouse", "Warehouses", "WH", None, LIFECYCLE),
    r("Zone", "Zones", "ZN", Some(23), SWITCH),
    r("Bin", "Bins", "BN", Some(24), SWITCH),
    r("StockItem", "StockItems", "SI", Some(25), REVIEW),
    r("Transfer", "Transfers", "TF", Some(23), PROGRESS),
    r("Carrier", "Carriers", "CA", None, LIFECYCLE),
    r("Lane", "Lanes", "LN", Some(28), SWITCH),
    r("Tender", "Tenders", "TD", Some(29), REVIEW),
    r("Subscription", "Subscriptions", "SB", None, SWITCH),
    r("Alert", "Alerts", "AL", Some(0), PROGRESS),
    r("Incident", "Incidents", "IC", Some(1), PROGRESS),
    r("Claim", "Claims", "CL", Some(11), REVIEW),
    r("Document", "Documents", "DC", Some(34), REVIEW),
    r("Tag", "Tags", "TG", None, SWITCH),
    r("Team", "Teams", "TM", Some(0), LIFECYCLE),
    r("Assignment", "Assignments", "AS", Some(37), PROGRESS),
    r("Report", "Reports", "RP", None, PROGRESS),
];

const HOST: &str = "https://fleet.example.com";

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: large_spec OUT.yaml [RESOURCES]  (1 to 40 resources, default 40)";
    let Some(out) = args.next() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let count = match args.next().map(|n| n.parse::<usize>()) {
        None => RESOURCES.len(),
        Some(Ok(n)) if (1..=RESOURCES.len()).contains(&n) => n,
        Some(_) => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let text = serde_yaml::to_string(&spec(count)).expect("a JSON value is valid YAML");
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
}

/// The whole document for the first `count` resources.
fn spec(count: usize) -> Value {
    let resources = &RESOURCES[..count];
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for index in 0..count {
        schemas.insert(model_name(index), model(index, resources));
        schemas.insert(enum_name(index), status_enum(index));
        paths.insert(collection_path(index), collection(index));
        paths.insert(instance_path(index), instance(index));
    }
    let tags: Vec<Value> = (0..count).map(|i| json!({ "name": tag(i) })).collect();
    json!({
        "openapi": "3.0.1",
        "info": {
            "title": "Fleet REST API v1",
            "description": "A fictional fleet and logistics API, written for benchmarking \
                the twilio-codegen generator on a spec as large as Twilio's largest.",
            "version": "1.0.0",
        },
        "servers": [{ "url": HOST }],
        "components": {
            "securitySchemes": {
                "accountSid_authToken": { "type": "http", "scheme": "basic" },
            },
            "schemas": schemas,
        },
        "paths": paths,
        "tags": tags,
        "security": [{ "accountSid_authToken": [] }],
    })
}

// --- names -----------------------------------------------------------------------

/// `FuelLog` → `fuel_log`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `FuelLog` → `fuel log`, for prose.
fn words(name: &str) -> String {
    snake(name).replace('_', " ")
}

/// The resource and its ancestors, outermost first.
fn lineage(index: usize) -> Vec<usize> {
    let mut chain = vec![index];
    while let Some(parent) = RESOURCES[*chain.last().unwrap()].parent {
        chain.push(parent);
    }
    chain.reverse();
    chain
}

/// `fleet.v1.depot.vehicle.inspection`.
fn model_name(index: usize) -> String {
    let chain: Vec<String> = lineage(index)
        .into_iter()
        .map(|i| snake(RESOURCES[i].name))
        .collect();
    format!("fleet.v1.{}", chain.join("."))
}

fn enum_name(index: usize) -> String {
    format!("{}_enum_status", snake(RESOURCES[index].name))
}

fn enum_ref(index: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", enum_name(index)) })
}

fn tag(index: usize) -> String {
    format!("FleetV1{}", RESOURCES[index].name)
}

/// `/v1/Depots/{DepotSid}/Vehicles`.
fn collection_path(index: usize) -> String {
    let mut path = String::from("/v1");
    for i in lineage(index) {
        let resource = &RESOURCES[i];
        path.push('/');
        path.push_str(resource.plural);
        if i != index {
            path.push_str(&format!("/{{{}Sid}}", resource.name));
        }
    }
    path
}

/// `/v1/Depots/{DepotSid}/Vehicles/{Sid}`.
fn instance_path(index: usize) -> String {
    format!("{}/{{Sid}}", collection_path(index))
}

// --- schemas ---------------------------------------------------------------------

fn sid_schema(prefix: &str) -> Value {
    json!({
        "type": "string",
        "minLength": 34,
        "maxLength": 34,
        "pattern": format!("^{prefix}[0-9a-fA-F]{{32}}$"),
    })
}

/// `schema` made nullable, with a description.
fn nullable(mut schema: Value, description: String) -> Value {
    let object = schema.as_object_mut().unwrap();
    object.insert("nullable".into(), true.into());
    object.insert("description".into(), description.into());
    schema
}

fn pii(mut schema: Value, handling: &str) -> Value {
    schema.as_object_mut().unwrap().insert(
        "x-twilio".into(),
        json!({ "pii": { "handling": handling, "deleteSla": 30 } }),
    );
    schema
}

/// The model of resource `index`: what the API returns for one of them.
/// Which optional properties it has varies with the index, so that the
/// resources are not all alike.
fn model(index: usize, resources: &[Resource]) -> Value {
    let resource = &RESOURCES[index];
    let what = words(resource.name);
    let mut p = Map::new();
    p.insert(
        "sid".into(),
        nullable(
            sid_schema(resource.prefix),
            format!(
                "Identifier of this {what}: 34 characters, starting with `{}`.",
                resource.prefix
            ),
        ),
    );
    p.insert(
        "account_sid".into(),
        nullable(
            sid_schema("AC"),
            format!("The account this {what} is billed to."),
        ),
    );
    for ancestor in lineage(index).into_iter().rev().skip(1) {
        let parent = &RESOURCES[ancestor];
        p.insert(
            format!("{}_sid", snake(parent.name)),
            nullable(
                sid_schema(parent.prefix),
                format!("The {} this {what} belongs to.", words(parent.name)),
            ),
        );
    }
    p.insert(
        "friendly_name".into(),
        pii(
            nullable(
                json!({ "type": "string" }),
                format!("A label for the {what}, up to 64 characters; may hold personal data."),
            ),
            "standard",
        ),
    );
    if index % 3 == 0 {
        p.insert(
            "unique_name".into(),
            nullable(
                json!({ "type": "string" }),
                format!("A name of your choosing, unique among the {what} records of its parent."),
            ),
        );
    }
    p.insert("status".into(), enum_ref(index));
    if index % 2 == 0 {
        p.insert(
            "enabled".into(),
            nullable(
                json!({ "type": "boolean" }),
                format!("Whether the {what} takes part in planning."),
            ),
        );
    }
    p.insert(
        "priority".into(),
        json!({
            "type": "integer",
            "default": 0,
            "description": format!("Order among sibling {what} records; lower comes first."),
        }),
    );
    if index % 4 == 1 {
        p.insert(
            "weight_kg".into(),
            nullable(
                json!({ "type": "number", "format": "float" }),
                "Mass in kilograms, to one decimal place.".into(),
            ),
        );
    }
    if index % 4 == 2 {
        p.insert(
            "contact_number".into(),
            pii(
                nullable(
                    json!({ "type": "string", "format": "phone-number" }),
                    "Phone number in E.164 form for questions about this record.".into(),
                ),
                "standard",
            ),
        );
    }
    if index % 5 == 0 {
        p.insert(
            "service_date".into(),
            nullable(
                json!({ "type": "string", "format": "date" }),
                "The calendar day this record applies to.".into(),
            ),
        );
    }
    if index % 3 == 1 {
        p.insert(
            "callback_url".into(),
            nullable(
                json!({ "type": "string", "format": "uri" }),
                format!("Where changes to the {what} are reported."),
            ),
        );
        p.insert(
            "callback_method".into(),
            nullable(
                json!({ "type": "string", "format": "http-method", "enum": ["GET", "POST"] }),
                "The HTTP method used to call `callback_url`.".into(),
            ),
        );
    }
    p.insert(
        "labels".into(),
        nullable(
            json!({ "type": "array", "items": { "type": "string" } }),
            "Free-form labels for search and grouping.".into(),
        ),
    );
    p.insert(
        "attributes".into(),
        pii(
            nullable(
                json!({ "type": "string" }),
                "Application data as a JSON object serialized to text; `{}` when unset.".into(),
            ),
            "sensitive",
        ),
    );
    if index % 6 == 3 {
        p.insert(
            "metadata".into(),
            nullable(
                json!({ "type": "object" }),
                "Extra facts the platform records, as a JSON object.".into(),
            ),
        );
    }
    for (field, verb) in [
        ("date_created", "was created"),
        ("date_updated", "last changed"),
    ] {
        p.insert(
            field.into(),
            nullable(
                json!({ "type": "string", "format": "date-time" }),
                format!("When the {what} {verb}, in UTC (ISO 8601)."),
            ),
        );
    }
    p.insert(
        "url".into(),
        nullable(
            json!({ "type": "string", "format": "uri" }),
            format!("The absolute URL of this {what}."),
        ),
    );
    let children: Vec<&str> = resources
        .iter()
        .filter(|child| child.parent == Some(index))
        .map(|child| child.plural)
        .collect();
    if !children.is_empty() {
        p.insert(
            "links".into(),
            nullable(
                json!({ "type": "object", "format": "uri-map" }),
                format!(
                    "URLs of the lists below this {what}: {}.",
                    children.join(", ")
                ),
            ),
        );
    }
    json!({ "type": "object", "properties": p })
}

fn status_enum(index: usize) -> Value {
    json!({
        "type": "string",
        "enum": RESOURCES[index].statuses,
        "description": format!("Where a {} stands in its life cycle.", words(RESOURCES[index].name)),
    })
}

// --- operations --------------------------------------------------------------------

/// The path parameters of the collection of `index`: its ancestors' SIDs.
fn ancestor_parameters(index: usize, doing: &str) -> Vec<Value> {
    lineage(index)
        .into_iter()
        .rev()
        .skip(1)
        .map(|i| {
            let parent = &RESOURCES[i];
            json!({
                "name": format!("{}Sid", parent.name),
                "in": "path",
                "description": format!("The {} whose {} records are {doing}.",
                    words(parent.name), words(RESOURCES[index].name)),
                "schema": sid_schema(parent.prefix),
                "required": true,
            })
        })
        .collect()
}

fn instance_parameters(index: usize, doing: &str) -> Vec<Value> {
    let mut parameters = ancestor_parameters(index, doing);
    let resource = &RESOURCES[index];
    parameters.push(json!({
        "name": "Sid",
        "in": "path",
        "description": format!("The {} {doing}, by its `{}` SID.", words(resource.name), resource.prefix),
        "schema": sid_schema(resource.prefix),
        "required": true,
    }));
    parameters
}

fn model_ref(index: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", model_name(index)) })
}

fn json_response(description: String, schema: Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema } },
    })
}

fn path_item_head(index: usize, path_type: &str) -> Map<String, Value> {
    let resource = &RESOURCES[index];
    let mut x_twilio = Map::new();
    x_twilio.insert(
        "defaultOutputProperties".into(),
        json!(["sid", "friendly_name", "status"]),
    );
    if let Some(parent) = resource.parent {
        x_twilio.insert(
            "parent".into(),
            instance_path(parent).trim_start_matches("/v1").into(),
        );
    }
    x_twilio.insert("pathType".into(), path_type.into());
    let mut item = Map::new();
    item.insert("servers".into(), json!([{ "url": HOST }]));
    item.insert(
        "description".into(),
        format!("{} records of the fleet platform.", resource.name).into(),
    );
    item.insert("x-twilio".into(), x_twilio.into());
    item
}

/// `GET` (list) and `POST` (create) on the collection.
fn collection(index: usize) -> Value {
    let resource = &RESOURCES[index];
    let what = words(resource.name);
    let items = snake(resource.plural);
    let mut item = path_item_head(index, "list");

    let mut parameters = ancestor_parameters(index, "listed");
    parameters.push(json!({
        "name": "Status",
        "in": "query",
        "description": format!("Only list {what} records with this status."),
        "schema": enum_ref(index),
    }));
    if index % 2 == 1 {
        parameters.push(json!({
            "name": "Label",
            "in": "query",
            "description": "Only list records carrying all of these labels.",
            "schema": { "type": "array", "items": { "type": "string" } },
        }));
    }
    parameters.push(json!({
        "name": "PageSize",
        "in": "query",
        "description": "How many records a page holds, 1 to 1,000; 50 by default.",
        "schema": { "type": "integer", "format": "int64", "minimum": 1, "maximum": 1000 },
    }));
    parameters.push(json!({
        "name": "Page",
        "in": "query",
        "description": "The page number, from zero, for the caller's bookkeeping.",
        "schema": { "type": "integer", "minimum": 0 },
    }));
    parameters.push(json!({
        "name": "PageToken",
        "in": "query",
        "description": "The paging cursor from the previous page.",
        "schema": { "type": "string" },
    }));
    let page = json!({
        "type": "object",
        "title": format!("List{}Response", resource.name),
        "properties": {
            items.clone(): { "type": "array", "items": model_ref(index) },
            "meta": {
                "type": "object",
                "properties": {
                    "first_page_url": { "type": "string", "format": "uri" },
                    "key": { "type": "string" },
                    "next_page_url": { "type": "string", "format": "uri", "nullable": true },
                    "page": { "type": "integer" },
                    "page_size": { "type": "integer" },
                    "previous_page_url": { "type": "string", "format": "uri", "nullable": true },
                    "url": { "type": "string", "format": "uri" },
                },
            },
        },
    });
    item.insert(
        "get".into(),
        json!({
            "summary": format!("List {what} records"),
            "description": format!("Returns one page of {what} records, newest first."),
            "tags": [tag(index)],
            "parameters": parameters,
            "responses": {
                "200": json_response(format!("A page of {what} records and where the next one is."), page),
            },
            "security": [{ "accountSid_authToken": [] }],
            "operationId": format!("List{}", resource.name),
        }),
    );

    item.insert(
        "post".into(),
        json!({
            "summary": format!("Create a {what}"),
            "description": format!("Adds a {what} and returns it."),
            "tags": [tag(index)],
            "parameters": ancestor_parameters(index, "added to"),
            "responses": {
                "201": json_response(format!("The new {what}."), model_ref(index)),
            },
            "security": [{ "accountSid_authToken": [] }],
            "operationId": format!("Create{}", resource.name),
            "requestBody": form(index, "Create", index % 2 == 0),
        }),
    );
    item.into()
}

/// `GET` (fetch), `POST` (update) and `DELETE` on one instance.
fn instance(index: usize) -> Value {
    let resource = &RESOURCES[index];
    let what = words(resource.name);
    let mut item = path_item_head(index, "instance");
    item.insert(
        "get".into(),
        json!({
            "summary": format!("Get a {what}"),
            "description": format!("Returns one {what}."),
            "tags": [tag(index)],
            "parameters": instance_parameters(index, "to return"),
            "responses": {
                "200": json_response(format!("The {what} asked for."), model_ref(index)),
            },
            "security": [{ "accountSid_authToken": [] }],
            "operationId": format!("Fetch{}", resource.name),
        }),
    );
    item.insert(
        "post".into(),
        json!({
            "summary": format!("Change a {what}"),
            "description": format!("Changes the fields given and returns the {what}."),
            "tags": [tag(index)],
            "parameters": instance_parameters(index, "to change"),
            "responses": {
                "200": json_response(format!("The {what} as it is now."), model_ref(index)),
            },
            "security": [{ "accountSid_authToken": [] }],
            "operationId": format!("Update{}", resource.name),
            "requestBody": form(index, "Update", false),
        }),
    );
    item.insert(
        "delete".into(),
        json!({
            "summary": format!("Delete a {what}"),
            "description": format!("Removes the {what} and everything below it."),
            "tags": [tag(index)],
            "parameters": instance_parameters(index, "to delete"),
            "responses": {
                "204": { "description": "Deleted; there is no body." },
            },
            "security": [{ "accountSid_authToken": [] }],
            "operationId": format!("Delete{}", resource.name),
        }),
    );
    item.into()
}

/// The form body of a create or update: PascalCase fields, the name
/// required when `name_required`.
fn form(index: usize, verb: &str, name_required: bool) -> Value {
    let resource = &RESOURCES[index];
    let what = words(resource.name);
    let mut p = Map::new();
    p.insert(
        "FriendlyName".into(),
        json!({ "type": "string", "description": format!("A label for the {what}, up to 64 characters.") }),
    );
    if index % 3 == 0 {
        p.insert(
            "UniqueName".into(),
            json!({ "type": "string", "description": "A name unique among its siblings." }),
        );
    }
    p.insert("Status".into(), enum_ref(index));
    if index % 2 == 0 {
        p.insert(
            "Enabled".into(),
            json!({ "type": "boolean", "description": format!("Whether the {what} takes part in planning.") }),
        );
    }
    p.insert(
        "Priority".into(),
        json!({ "type": "integer", "description": "Order among siblings; lower comes first." }),
    );
    if index % 4 == 1 {
        p.insert(
            "WeightKg".into(),
            json!({ "type": "number", "format": "float", "description": "Mass in kilograms." }),
        );
    }
    if index % 4 == 2 {
        p.insert(
            "ContactNumber".into(),
            json!({ "type": "string", "format": "phone-number", "description": "Phone number in E.164 form." }),
        );
    }
    if index % 5 == 0 {
        p.insert(
            "ServiceDate".into(),
            json!({ "type": "string", "format": "date", "description": "The calendar day this record applies to." }),
        );
    }
    if index % 3 == 1 {
        p.insert(
            "CallbackUrl".into(),
            json!({ "type": "string", "format": "uri", "description": "Where changes are reported." }),
        );
        p.insert(
            "CallbackMethod".into(),
            json!({
                "type": "string",
                "format": "http-method",
                "enum": ["GET", "POST"],
                "description": "The HTTP method used to call `CallbackUrl`.",
            }),
        );
    }
    p.insert(
        "Label".into(),
        json!({
            "type": "array",
            "items": { "type": "string" },
            "description": "Labels for search and grouping; repeat the field for several.",
        }),
    );
    p.insert(
        "Attributes".into(),
        json!({ "type": "string", "description": "Application data as a JSON object serialized to text." }),
    );
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert(
        "title".into(),
        format!("{verb}{}Request", resource.name).into(),
    );
    schema.insert("properties".into(), p.into());
    if name_required {
        schema.insert("required".into(), json!(["FriendlyName"]));
    }
    json!({ "content": { "application/x-www-form-urlencoded": { "schema": schema } } })
}
