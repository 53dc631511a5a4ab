//! Every naming rule in one place: how spec names become Rust names.
//!
//! - Types and variants are PascalCase; fields, parameters and modules are
//!   snake_case. Dots, hyphens and other separators split words.
//! - Rust keywords become raw identifiers (`r#type`); the few that cannot be
//!   raw (`self`, `Self`, `super`, `crate`, `_`) get a trailing underscore.
//! - A name that would start with a digit gets a leading letter or underscore.
//!
//! Callers compare the result with the wire name to decide whether a
//! `#[serde(rename)]` is needed, and report collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{Location, SidBody, SidForm, SidPrefix};

/// Strict and reserved keywords of Rust 2021, plus `gen` (reserved in 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits on anything that is not a letter or digit, so that heck sees words.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case field, parameter or module name.
pub fn snake(name: &str) -> String {
    let mut out = words(name).to_snake_case();
    if out.is_empty() {
        out.push_str("field");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    escape_keyword(out)
}

/// A module name: snake_case, never a raw identifier.
pub fn module(name: &str) -> String {
    let out = snake(name);
    match out.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => out,
    }
}

/// A PascalCase type or variant name.
pub fn pascal(name: &str) -> String {
    let mut out = words(name).to_upper_camel_case();
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name a field or variant has without its raw-identifier marker, used to
/// compare Rust names with wire names.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The type name of a resource schema: its last dotted segment in PascalCase
/// (`chat.v2.service.user.user_channel` → `UserChannel`).
pub fn resource(schema: &str) -> String {
    pascal(schema.rsplit('.').next().unwrap_or(schema))
}

/// The type name of an enum schema named `<resource>_enum_<field>`: the
/// resource and the field joined, with a word they share at the seam said
/// once (`user_channel_enum_channel_status` → `UserChannelStatus`,
/// `role_enum_role_type` → `RoleType`). Other names are PascalCased as they
/// are.
pub fn enum_schema(schema: &str) -> String {
    match schema.split_once("_enum_") {
        Some((owner, field)) => joined(owner, field),
        None => pascal(schema),
    }
}

/// `owner` and `field` joined in PascalCase, with a word they share at the
/// seam said once (`user_channel` + `channel_status` → `UserChannelStatus`).
pub fn joined(owner: &str, field: &str) -> String {
    let owner = words(owner).to_snake_case();
    let field = words(field).to_snake_case();
    let owner: Vec<&str> = owner.split('_').filter(|w| !w.is_empty()).collect();
    let field: Vec<&str> = field.split('_').filter(|w| !w.is_empty()).collect();
    let overlap = (1..=owner.len().min(field.len()))
        .rev()
        .find(|&n| owner[owner.len() - n..] == field[..n])
        .unwrap_or(0);
    let all: Vec<&str> = owner.iter().chain(&field[overlap..]).copied().collect();
    pascal(&all.join("_"))
}

/// The names a component schema that becomes a struct may take, best first:
/// its last dotted segment, then qualified by each segment before it in
/// turn, never by a `<product>.v<N>` head (`iam.v1.account.vendoroauthapp`
/// → `Vendoroauthapp`, `AccountVendoroauthapp`).
pub fn model_candidates(schema: &str) -> Vec<String> {
    let segments: Vec<&str> = schema.split('.').collect();
    let head = match segments.as_slice() {
        [_, version, _, ..] if is_version(version) => 2,
        _ => 0,
    };
    let tail = &segments[head.min(segments.len().saturating_sub(1))..];
    let mut out: Vec<String> = Vec::new();
    let mut name = String::new();
    for segment in tail.iter().rev() {
        name = if name.is_empty() {
            pascal(segment)
        } else {
            joined(segment, &name)
        };
        if !out.contains(&name) {
            out.push(name.clone());
        }
    }
    out
}

/// `v1`, `v2010`: a version segment of a schema name.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// The names an enum schema may take, best first: the owner and field
/// joined (`build_status_enum_status` → `BuildStatus`), joined in full
/// (`BuildStatusStatus`), then with `Enum` (`BuildStatusStatusEnum`).
pub fn enum_candidates(schema: &str) -> Vec<String> {
    let mut out = vec![enum_schema(schema)];
    if let Some((owner, field)) = schema.split_once("_enum_") {
        let full = format!("{}{}", pascal(owner), pascal(field));
        if !out.contains(&full) {
            out.push(full.clone());
        }
        out.push(format!("{full}Enum"));
    } else {
        out.push(format!("{}Enum", out[0]));
    }
    out
}

/// The name of a parameter: snake_case, with Twilio's range filters named
/// as its SDKs name them (`DateSent<` → `date_sent_before`, `DateSent>` →
/// `date_sent_after`).
pub fn param(wire: &str) -> String {
    if let Some(field) = wire.strip_suffix('<') {
        return snake(&format!("{field}_before"));
    }
    if let Some(field) = wire.strip_suffix('>') {
        return snake(&format!("{field}_after"));
    }
    snake(wire)
}

/// The first of `candidates` that is not `taken`, else the last candidate
/// numbered (`Name2`, `Name3`, …, or `name_2` for snake_case names); the
/// result is marked taken. The underscore a keyword took (`Self_`,
/// `self_`) gives way to the number (`Self2`, `self_2`), so that the name
/// stays one the case lints accept.
pub fn first_free(candidates: &[String], taken: &mut std::collections::BTreeSet<String>) -> String {
    let chosen = candidates
        .iter()
        .find(|c| !taken.contains(unraw(c)))
        .cloned()
        .unwrap_or_else(|| {
            let last = candidates.last().map_or("Type", String::as_str);
            let snake_case = last.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
            let base = unraw(last).trim_end_matches('_');
            let base = if base.is_empty() { unraw(last) } else { base };
            (2..)
                .map(|n| {
                    if snake_case {
                        format!("{base}_{n}")
                    } else {
                        numbered(base, n)
                    }
                })
                .find(|c| !taken.contains(c))
                .unwrap_or_default()
        });
    taken.insert(unraw(&chosen).to_string());
    chosen
}

/// The longest file or folder name, before `.rs`, that a module keeps as
/// it is. File systems allow 255 bytes (eCryptfs about 143); the temporary
/// file a write goes through adds 31 (`.`, `.{pid}.twilio-codegen.tmp`).
pub const MAX_FILE_STEM: usize = 100;

/// Names Windows gives to devices, in any case and with any extension
/// (`con.rs`, `Aux.rs`): a file of that name cannot be checked out there.
const DEVICE_NAMES: &[&str] = &["con", "prn", "aux", "nul", "com", "lpt"];

/// The file name (without `.rs`) or folder name of a module, a writable
/// one on every platform: the module's name, except that
///
/// - a name Windows reserves for a device (`con`, `prn`, `aux`, `nul`,
///   `com0`–`com9`, `lpt0`–`lpt9`) takes a `_` (`con_`), which no module
///   name ends in otherwise but a keyword's (`type_`);
/// - a name longer than [`MAX_FILE_STEM`] bytes is cut to 83 bytes and ends
///   in `_` and 16 hex digits of its FNV-1a hash (`a_very_long…_3f9c…`): the
///   same name gives the same file name in every release.
///
/// The module keeps its name in Rust; only `include!` names the file.
pub fn file_stem(module: &str) -> String {
    if module.len() > MAX_FILE_STEM {
        let mut cut = MAX_FILE_STEM - 17;
        while !module.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut hasher = fnv::FnvHasher::default();
        std::hash::Hasher::write(&mut hasher, module.as_bytes());
        let hash = std::hash::Hasher::finish(&hasher);
        return format!("{}_{hash:016x}", module[..cut].trim_end_matches('_'));
    }
    let lower = module.to_ascii_lowercase();
    let base = lower.split('.').next().unwrap_or(&lower);
    let device = DEVICE_NAMES
        .iter()
        .any(|device| match base.strip_prefix(device) {
            Some("") => matches!(*device, "con" | "prn" | "aux" | "nul"),
            Some(digit) => {
                matches!(*device, "com" | "lpt")
                    && digit.len() == 1
                    && digit.as_bytes()[0].is_ascii_digit()
            }
            None => false,
        });
    if device {
        format!("{module}_")
    } else {
        module.to_string()
    }
}

/// The module of a resource schema: its last dotted segment in snake_case
/// (`chat.v2.service.user.user_channel` → `user_channel`).
pub fn resource_module(schema: &str) -> String {
    module(schema.rsplit('.').next().unwrap_or(schema))
}

/// The module of an enum schema named `<resource>_enum_<field>`: the
/// resource's (`user_channel_enum_channel_status` → `user_channel`); other
/// enum schemas go to a shared `enums` module.
pub fn enum_module(schema: &str) -> String {
    module(
        schema
            .split_once("_enum_")
            .map_or("enums", |(owner, _)| owner),
    )
}

/// The noun of an operationId: the id without its leading verb
/// (`FetchUserChannel` → `UserChannel`, `ListUser` → `User`). An id that is
/// one word is its own noun.
pub fn operation_noun(operation_id: &str) -> String {
    let pascal = pascal(operation_id);
    let verb_end = pascal
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(pascal.len(), |(i, _)| i);
    match &pascal[verb_end..] {
        "" => pascal,
        noun => noun.to_string(),
    }
}

/// What an operation does, for naming one that has no `operationId`: read
/// from its method, and for `GET` and `POST` from whether its path names
/// one resource (an instance) or a list of them.
pub fn operation_verb(method: &str, instance: bool) -> &'static str {
    match (method, instance) {
        ("get", true) => "Fetch",
        ("get", false) => "List",
        ("post", false) => "Create",
        ("delete", _) => "Delete",
        _ => "Update",
    }
}

/// The names an operation without an `operationId` may take, best first:
/// its verb ([`operation_verb`]) and the resource its path names, which is
/// `class_name` when the spec gives one (`x-twilio.className`), else the
/// last literal segment of the path in the singular (`Users` → `User`),
/// without a file extension (`Calls.json` → `Call`); then qualified by the
/// literal segments before it in turn, nearest first, each in the singular
/// (`/Services/{ServiceSid}/Users/{UserSid}/Channels` → `ListChannel`,
/// `ListUserChannel`, `ListServiceUserChannel`). Version segments (`v1`,
/// `2010-04-01`) and placeholders never name anything.
pub fn operation_candidates(verb: &str, path: &str, class_name: Option<&str>) -> Vec<String> {
    let mut literals: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.contains('{'))
        .map(|s| s.split('.').next().unwrap_or(s))
        .filter(|s| !s.is_empty() && !is_version(s) && !s.starts_with(|c: char| c.is_ascii_digit()))
        .map(singular)
        .collect();
    let noun = match class_name.filter(|c| !pascal(c).is_empty()) {
        Some(class) => {
            literals.pop();
            pascal(class)
        }
        None => literals.pop().unwrap_or_else(|| "Root".to_string()),
    };
    let mut out = Vec::new();
    let mut name = noun;
    loop {
        let candidate = joined(verb, &name);
        if !out.contains(&candidate) {
            out.push(candidate);
        }
        match literals.pop() {
            Some(before) => name = joined(&before, &name),
            None => break,
        }
    }
    out
}

/// A plural path segment in the singular, by the last word, as Twilio's
/// resource segments are plural nouns: `Policies` → `Policy`, `Addresses`
/// → `Address`, `PhoneNumbers` → `PhoneNumber`; words in `ss`, `us` and
/// `is` (`Access`, `Status`, `Analysis`) and words without a final `s`
/// stay as they are.
pub fn singular(segment: &str) -> String {
    let text = words(segment).to_upper_camel_case();
    let stem = if let Some(stem) = text.strip_suffix("ies").filter(|s| !s.is_empty()) {
        format!("{stem}y")
    } else if ["sses", "shes", "ches", "xes", "zes"]
        .iter()
        .any(|end| text.ends_with(end))
    {
        text[..text.len() - 2].to_string()
    } else if ["ss", "us", "is"].iter().any(|end| text.ends_with(end)) {
        text
    } else if let Some(stem) = text.strip_suffix('s').filter(|s| !s.is_empty()) {
        stem.to_string()
    } else {
        text
    };
    pascal(&stem)
}

/// The name of the SID type of a resource's own `sid` (`User` → `UserSid`).
pub fn sid_of_resource(resource: &str) -> String {
    format!("{resource}Sid")
}

/// The resource a SID type is named after (`UserSid` → `User`).
pub fn resource_of_sid(sid: &str) -> &str {
    sid.strip_suffix("Sid").unwrap_or(sid)
}

/// The base name of an enum declared inline on a parameter or form field:
/// its `format` when it has one (`http-method` → `HttpMethod`), else the
/// field's last dotted segment (`Notifications.Order` → `Order`).
pub fn inline_enum(field: &str, format: Option<&str>) -> String {
    match format {
        Some(format) => pascal(format),
        None => pascal(field.rsplit('.').next().unwrap_or(field)),
    }
}

/// The `n`th candidate for a name that is taken: `base`, `base2`, `base3`, …
pub fn numbered(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}{n}")
    }
}

/// The name of a SID type for a field such as `account_sid` or
/// `Configuration.FlowSid`: the last dotted segment in PascalCase.
pub fn sid_from_field(field: &str) -> String {
    let last = field.rsplit('.').next().unwrap_or(field);
    let name = pascal(last);
    if name.ends_with("Sid") {
        name
    } else {
        format!("{name}Sid")
    }
}

/// The name of a type declared inline in a field of `owner` (a struct, an
/// enum or a union): the owner and the field's last dotted segment joined
/// (`Message` + `Media.Status` → `MessageStatus`), the owner's words said
/// once (see [`joined`]).
pub fn inline_type(owner: &str, field: &str) -> String {
    joined(owner, field.rsplit('.').next().unwrap_or(field))
}

/// The name of a struct declared inline as an object: after its `format`
/// when it has one, else as [`inline_type`] says.
pub fn inline_struct(owner: &str, field: &str, format: Option<&str>) -> String {
    match format {
        Some(format) => pascal(format),
        None => inline_type(owner, field),
    }
}

/// The name of the struct of a list's items declared inline: as
/// [`inline_type`] says, with `Item` (`ServiceRolesItem`).
pub fn list_item_struct(owner: &str, field: &str) -> String {
    format!("{}Item", inline_type(owner, field))
}

/// The name of the struct of a response body declared inline that is not a
/// page: the stub's name with `Response`.
pub fn response_struct(stub: &str) -> String {
    format!("{stub}Response")
}

/// The name of an enum declared inline: after its `format` when it has
/// one; on a stub's parameter after the field alone (parameters of many
/// stubs share it), elsewhere as [`inline_type`] says.
pub fn inline_enum_name(owner: &str, field: &str, format: Option<&str>, stub: bool) -> String {
    match (format, stub) {
        (Some(_), _) | (None, true) => inline_enum(field, format),
        (None, false) => inline_type(owner, field),
    }
}

/// The names a type declared inline may take, best first: its name, then
/// qualified by its module (`BundleEndUserType`). [`first_free`] numbers
/// the last when both are taken.
pub fn inline_candidates(base: &str, module: &str) -> Vec<String> {
    vec![base.to_string(), joined(module, base)]
}

/// The names a stub of the operation `id` may take, best first: the id in
/// PascalCase, then with `Request` (when a struct has the name).
pub fn stub_candidates(id: &str) -> Vec<String> {
    let pascal = pascal(id);
    let request = format!("{pascal}Request");
    vec![pascal, request]
}

/// The name of a union's alternative: the struct it holds, or `Option{n}`
/// (from 1) for one that is not a struct.
pub fn union_variant(model: Option<&str>, index: usize) -> String {
    match model {
        Some(model) => model.to_string(),
        None => format!("Option{}", index + 1),
    }
}

/// The field name an alternative of a union declared inline is typed under,
/// for naming what it declares in turn: `option{n}`, from 1.
pub fn union_alternative_field(index: usize) -> String {
    format!("option{}", index + 1)
}

/// Among component structs that share their first candidate, those that
/// have another one give the first up, so that none of them takes the
/// plain name by coming first: of `chat.v2.service.user` (`User`,
/// `ServiceUser`) and `chat.v2.user` (`User`), the first is `ServiceUser`
/// and the second `User`, in either order.
pub fn qualify_shared(models: &mut [(&str, Vec<String>)]) {
    let mut firsts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (_, candidates) in models.iter() {
        if let Some(first) = candidates.first() {
            *firsts.entry(first.clone()).or_default() += 1;
        }
    }
    for (_, candidates) in models.iter_mut() {
        let shared = candidates.first().is_some_and(|f| firsts[f] > 1);
        if shared && candidates.len() > 1 {
            candidates.remove(0);
        }
    }
}

/// Names generated code uses unqualified inside a version module: the
/// prelude types it writes (`Option<T>`, `Vec<T>`, …) and the module that
/// holds the SID types. No generated type or resource module may take them.
/// The runtime crate's items are named by absolute path and reserve nothing.
pub const RESERVED: &[&str] = &["sids", "Option", "String", "Vec", "Box", "Result"];

/// A module name the output does not reserve: `sids` becomes `sids_`, as a
/// keyword would.
pub fn free_module(module: String) -> String {
    if RESERVED.contains(&module.as_str()) {
        format!("{module}_")
    } else {
        module
    }
}

/// The field names of a struct whose properties have these wire names, in
/// order: snake_case of the wire name; names that clash after that
/// (`accountSid`, `account_sid`) are numbered in spec order:
/// `account_sid`, `account_sid_2`. `extra` is the struct's own (what the
/// body held beyond its fields): a property called so becomes `extra_2`.
pub fn field_names<'w>(wires: impl IntoIterator<Item = &'w str>) -> Vec<String> {
    let mut taken: std::collections::BTreeSet<String> = ["extra".to_string()].into();
    wires
        .into_iter()
        .map(|wire| first_free(&[snake(wire)], &mut taken))
        .collect()
}

/// The variants of an enum of these values: each distinct value (the first
/// of repeats) with its name, PascalCase. `Unknown` is the fallback
/// variant's: a value named so becomes `UnknownValue`. Values that clash
/// after PascalCase (`Active (Now)`, `active_now`) are numbered in spec
/// order.
pub fn variant_names(values: Vec<String>) -> Vec<(String, String)> {
    let mut taken: std::collections::BTreeSet<String> = ["Unknown".to_string()].into();
    let mut variants: Vec<(String, String)> = Vec::with_capacity(values.len());
    for wire in values {
        if variants.iter().any(|(_, w)| *w == wire) {
            continue;
        }
        let name = match pascal(&wire) {
            unknown if unknown == "Unknown" => "UnknownValue".to_string(),
            name => name,
        };
        variants.push((first_free(&[name], &mut taken), wire));
    }
    variants
}

/// Methods of the endpoint stubs that a parameter setter must not shadow.
pub const SHADOWED: &[&str] = &[
    "new",
    "path",
    "query",
    "headers",
    "form",
    "validate",
    "to_request",
    "request",
    "parse_response",
];

/// The field (and setter) names of a stub's parameters (wire name, where
/// it is sent), in their order: path parameters are served first, then
/// query, header and form, each taking the first free of its name
/// ([`param`]), its name with its location (`account_sid_form`, when a path
/// parameter has the plain one), then numbered. A name that would shadow a
/// method of the stub ([`SHADOWED`]) is never taken.
pub fn param_names(params: &[(&str, Location)]) -> Vec<String> {
    let mut taken: std::collections::BTreeSet<String> =
        SHADOWED.iter().map(|s| (*s).to_string()).collect();
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by_key(|&i| params[i].1);
    let mut out = vec![String::new(); params.len()];
    for i in order {
        let (wire, location) = params[i];
        let name = param(wire);
        let place = match location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Form => "form",
            Location::Json | Location::Body => "body",
        };
        let located = snake(&format!("{}_{place}", unraw(&name)));
        out[i] = first_free(&[name, located], &mut taken);
    }
    out
}

/// The marker type of a SID form in the `sids::prefix` module: the prefix
/// for hex digits (`US`), else words (`SmOrMm`, `OrLowercase`).
pub fn marker(form: &SidForm) -> String {
    let SidPrefix::Exact(prefixes) = &form.prefix else {
        return String::new();
    };
    if let ([one], SidBody::Hex) = (prefixes.as_slice(), form.body) {
        return one.clone();
    }
    format!("{}{}", prefix_words(form).join("Or"), body_word(form.body))
}

/// The names a SID type first called `base` may take, best first: the name,
/// then with its body (`AccountSidLowercase`), with its prefixes
/// (`ParticipantSidPa`), with both. [`numbered`] names come after them.
pub fn sid_candidates(base: &str, form: &SidForm) -> Vec<String> {
    let body = body_word(form.body);
    let prefixes = prefix_words(form).concat();
    let mut out = vec![base.to_string()];
    for candidate in [
        format!("{base}{body}"),
        format!("{base}{prefixes}"),
        format!("{base}{prefixes}{body}"),
    ] {
        if !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

/// A SID form's exact prefixes as words (`Sm`, `Mm`); none for any prefix.
fn prefix_words(form: &SidForm) -> Vec<String> {
    match &form.prefix {
        SidPrefix::Exact(prefixes) => prefixes
            .iter()
            .map(|p| pascal(&p.to_ascii_lowercase()))
            .collect(),
        SidPrefix::Letters | SidPrefix::Uppercase => Vec::new(),
    }
}

/// The word for a SID body in a name: none for hex digits, the default.
fn body_word(body: SidBody) -> &'static str {
    match body {
        SidBody::Hex => "",
        SidBody::LowerHex => "Lowercase",
        SidBody::Alphanumeric => "Alphanumeric",
    }
}

/// `base` numbered (`Name2`, `Name3`, …): the first such name not `taken`.
pub fn numbered_free(base: &str, taken: &std::collections::BTreeSet<String>) -> String {
    (2..)
        .map(|n| numbered(base, n))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| base.to_string())
}

/// The module a spec goes to unless [`Builder::module`](crate::Builder::module) names one: the last
/// `_`-separated part of its file name (`twilio_chat_v2.yaml` → `v2`), or,
/// when that part makes no good module name (it starts with a digit or is a
/// keyword), the whole file name in snake_case (`api_2024.yaml` → `api_2024`,
/// `my_type.yaml` → `my_type`).
pub fn default_module(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let last = stem.rsplit(['_', '-', '.']).next().unwrap_or(&stem);
    let name = module(last);
    // `module` adds an underscore to keywords.
    let good = last.starts_with(|c: char| c.is_ascii_alphabetic())
        && last.chars().all(|c| c.is_ascii_alphanumeric())
        && !name.ends_with('_');
    if good {
        name
    } else {
        module(&stem)
    }
}

/// Whether `name` can name a version module as it is: an identifier that
/// the module rule leaves unchanged.
pub fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && module(name) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("FriendlyName", "friendly_name"),
            ("friendly_name", "friendly_name"),
            (
                "Notifications.NewMessage.Enabled",
                "notifications_new_message_enabled",
            ),
            ("X-Twilio-Webhook-Enabled", "x_twilio_webhook_enabled"),
            ("type", "r#type"),
            ("Type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("3d_view", "_3d_view"),
            ("PageSize", "page_size"),
            ("gen", "r#gen"),
            ("", "field"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake(input), expected, "snake({input:?})");
        }
    }

    #[test]
    fn pascal_names() {
        let cases = [
            ("notParticipating", "NotParticipating"),
            ("not_participating", "NotParticipating"),
            ("GET", "Get"),
            ("true", "True"),
            ("default", "Default"),
            ("self", "Self_"),
            ("2fa", "V2fa"),
            ("FetchUser", "FetchUser"),
            ("", "Empty"),
        ];
        for (input, expected) in cases {
            assert_eq!(pascal(input), expected, "pascal({input:?})");
        }
    }

    #[test]
    fn module_names_are_never_raw() {
        assert_eq!(module("type"), "type_");
        assert_eq!(module("user_channel"), "user_channel");
    }

    #[test]
    fn resource_names_use_the_last_segment() {
        assert_eq!(resource("chat.v2.service.user.user_channel"), "UserChannel");
        assert_eq!(resource("chat.v2.service"), "Service");
        assert_eq!(
            resource("chat.v2.service.channel.channel_webhook"),
            "ChannelWebhook"
        );
    }

    #[test]
    fn enum_names_join_owner_and_field_once() {
        let cases = [
            ("channel_enum_channel_type", "ChannelType"),
            ("role_enum_role_type", "RoleType"),
            ("user_channel_enum_channel_status", "UserChannelStatus"),
            (
                "user_channel_enum_notification_level",
                "UserChannelNotificationLevel",
            ),
            ("binding_enum_binding_type", "BindingType"),
            ("user_binding_enum_binding_type", "UserBindingType"),
            ("credential_enum_push_service", "CredentialPushService"),
            ("message_enum_order_type", "MessageOrderType"),
            ("channel_webhook_enum_type", "ChannelWebhookType"),
            (
                "member_enum_webhook_enabled_type",
                "MemberWebhookEnabledType",
            ),
            (
                "channel_enum_webhook_enabled_type",
                "ChannelWebhookEnabledType",
            ),
            ("plain", "Plain"),
        ];
        for (input, expected) in cases {
            assert_eq!(enum_schema(input), expected, "enum_schema({input:?})");
        }
    }

    #[test]
    fn model_candidates_qualify_with_the_segments_before() {
        let cases: [(&str, &[&str]); 5] = [
            ("chat.v2.service.user", &["User", "ServiceUser"]),
            (
                "chat.v2.service.user.user_channel",
                &["UserChannel", "ServiceUserChannel"],
            ),
            (
                "iam.v1.account.vendoroauthapp",
                &["Vendoroauthapp", "AccountVendoroauthapp"],
            ),
            (
                "iam.v1.ChangeAccountOwnerResponse",
                &["ChangeAccountOwnerResponse"],
            ),
            ("account_report", &["AccountReport"]),
        ];
        for (schema, expected) in cases {
            assert_eq!(model_candidates(schema), expected, "{schema}");
        }
    }

    #[test]
    fn enum_candidates_join_then_spell_out() {
        assert_eq!(
            enum_candidates("build_status_enum_status"),
            ["BuildStatus", "BuildStatusStatus", "BuildStatusStatusEnum"]
        );
        assert_eq!(
            enum_candidates("build_enum_status"),
            ["BuildStatus", "BuildStatusEnum"]
        );
        assert_eq!(enum_candidates("plain"), ["Plain", "PlainEnum"]);
    }

    #[test]
    fn range_filters_say_before_and_after() {
        let cases = [
            ("DateSent<", "date_sent_before"),
            ("DateSent>", "date_sent_after"),
            ("DateSent", "date_sent"),
            ("StartTime<", "start_time_before"),
        ];
        for (wire, expected) in cases {
            assert_eq!(param(wire), expected, "{wire}");
        }
    }

    #[test]
    fn first_free_takes_the_best_free_name() {
        let mut taken: std::collections::BTreeSet<String> =
            ["User".to_string(), "type".to_string()].into();
        let pick = |c: &[&str], taken: &mut std::collections::BTreeSet<String>| {
            let c: Vec<String> = c.iter().map(|s| s.to_string()).collect();
            first_free(&c, taken)
        };
        assert_eq!(pick(&["User", "ServiceUser"], &mut taken), "ServiceUser");
        assert_eq!(pick(&["User", "ServiceUser"], &mut taken), "ServiceUser2");
        assert_eq!(pick(&["r#type"], &mut taken), "type_2");
        assert_eq!(pick(&["Role"], &mut taken), "Role");
        assert!(taken.contains("Role"));
        // A keyword's underscore gives way to the number: `Self_2` and
        // `self__2` would trip the case lints.
        assert_eq!(pick(&["Self_"], &mut taken), "Self_");
        assert_eq!(pick(&["Self_"], &mut taken), "Self2");
        assert_eq!(pick(&["self_"], &mut taken), "self_");
        assert_eq!(pick(&["self_"], &mut taken), "self_2");
    }

    #[test]
    fn module_files_are_writable_everywhere() {
        for (module, file) in [
            ("user", "user"),
            ("con", "con_"),
            ("aux", "aux_"),
            ("nul", "nul_"),
            ("prn", "prn_"),
            ("com1", "com1_"),
            ("com0", "com0_"),
            ("lpt9", "lpt9_"),
            ("CON", "CON_"),
            ("con.old", "con.old_"),
            // Not device names.
            ("com10", "com10"),
            ("console", "console"),
            ("com", "com"),
            ("lpt", "lpt"),
            ("con_", "con_"),
        ] {
            assert_eq!(file_stem(module), file, "{module}");
        }
        let at_limit = "a".repeat(MAX_FILE_STEM);
        assert_eq!(file_stem(&at_limit), at_limit);
        let long = format!("{}_{}", "b".repeat(150), "c".repeat(100));
        let stem = file_stem(&long);
        assert_eq!(stem.len(), MAX_FILE_STEM);
        assert!(stem.starts_with(&"b".repeat(83)), "{stem}");
        // Stable: the same in every release and on every platform.
        assert_eq!(stem, file_stem(&long));
        // FNV-1a, 64 bits, of the whole name.
        assert_eq!(&stem[83..], "_18d92a533b6b072a");
        // Names that differ only past the cut differ in their hash.
        let other = format!("{}_{}", "b".repeat(150), "d".repeat(100));
        assert_ne!(file_stem(&other), stem);
        // The temporary file a write goes through fits too.
        let temp = format!(".{stem}.rs.{}.twilio-codegen.tmp", u32::MAX);
        assert!(temp.len() < 143, "{temp}");
    }

    #[test]
    fn modules_of_schemas() {
        let cases = [
            (
                resource_module("chat.v2.service.user.user_channel"),
                "user_channel",
            ),
            (resource_module("chat.v2.service"), "service"),
            (resource_module("type"), "type_"),
            (
                enum_module("user_channel_enum_channel_status"),
                "user_channel",
            ),
            (enum_module("plain_values"), "enums"),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn operations_without_an_id_are_named_after_method_and_path() {
        // Method, an instance?, path, class name, the names it may take.
        type Case<'c> = (&'c str, bool, &'c str, Option<&'c str>, &'c [&'c str]);
        let cases: &[Case<'_>] = &[
            ("get", true, "/v2/Services/{Sid}", None, &["FetchService"]),
            ("get", false, "/v2/Services", None, &["ListService"]),
            ("post", false, "/v2/Services", None, &["CreateService"]),
            ("post", true, "/v2/Services/{Sid}", None, &["UpdateService"]),
            (
                "delete",
                true,
                "/v2/Services/{Sid}",
                None,
                &["DeleteService"],
            ),
            ("put", true, "/v2/Services/{Sid}", None, &["UpdateService"]),
            ("patch", false, "/v1/Settings", None, &["UpdateSetting"]),
            (
                "get",
                false,
                "/v2/Services/{ServiceSid}/Users/{UserSid}/Channels",
                None,
                &["ListChannel", "ListUserChannel", "ListServiceUserChannel"],
            ),
            (
                "get",
                true,
                "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
                None,
                &["FetchCall", "FetchAccountCall"],
            ),
            (
                "get",
                false,
                "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json",
                Some("available_phone_number_country"),
                &[
                    "ListAvailablePhoneNumberCountry",
                    "ListAccountAvailablePhoneNumberCountry",
                ],
            ),
            // A word said at the seam once.
            (
                "get",
                false,
                "/v1/Users/{UserSid}/UserBindings",
                None,
                &["ListUserBinding"],
            ),
            ("get", false, "/", None, &["ListRoot"]),
        ];
        for (method, instance, path, class, expected) in cases {
            let verb = operation_verb(method, *instance);
            assert_eq!(
                operation_candidates(verb, path, *class),
                expected.to_vec(),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn plural_segments_in_the_singular() {
        for (plural, one) in [
            ("Users", "User"),
            ("Policies", "Policy"),
            ("Addresses", "Address"),
            ("Boxes", "Box"),
            ("Branches", "Branch"),
            ("PhoneNumbers", "PhoneNumber"),
            ("Access", "Access"),
            ("Status", "Status"),
            ("Analysis", "Analysis"),
            ("Media", "Media"),
            ("s", "S"),
            ("ies", "Ie"),
            ("ip-access-control-lists", "IpAccessControlList"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn operation_nouns_drop_the_verb() {
        let cases = [
            ("FetchUserChannel", "UserChannel"),
            ("ListUser", "User"),
            ("CreateUser", "User"),
            ("Ping", "Ping"),
            ("fetch_user", "User"),
        ];
        for (id, noun) in cases {
            assert_eq!(operation_noun(id), noun, "{id}");
        }
    }

    #[test]
    fn inline_enum_and_numbered_names() {
        assert_eq!(
            inline_enum("WebhookMethod", Some("http-method")),
            "HttpMethod"
        );
        assert_eq!(inline_enum("Notifications.Order", None), "Order");
        assert_eq!(numbered("Order", 1), "Order");
        assert_eq!(numbered("Order", 2), "Order2");
        assert_eq!(sid_of_resource("User"), "UserSid");
        assert_eq!(resource_of_sid("UserSid"), "User");
    }

    #[test]
    fn sid_names_from_fields() {
        assert_eq!(sid_from_field("account_sid"), "AccountSid");
        assert_eq!(sid_from_field("Configuration.FlowSid"), "FlowSid");
        assert_eq!(sid_from_field("MediaSid"), "MediaSid");
        assert_eq!(sid_from_field("owner"), "OwnerSid");
    }

    #[test]
    fn module_defaults_to_the_last_part_of_the_file_name() {
        for (path, module) in [
            ("spec/twilio_chat_v2.yaml", "v2"),
            ("api.json", "api"),
            ("twilio-chat-v1.yml", "v1"),
            ("chat.v2.json", "v2"),
            ("Chat_V2.yaml", "v2"),
            ("conversations_v1beta.yaml", "v1beta"),
        ] {
            assert_eq!(default_module(std::path::Path::new(path)), module, "{path}");
        }
    }

    #[test]
    fn module_defaults_to_the_whole_name_when_the_last_part_is_no_good() {
        for (path, module) in [
            // Starts with a digit.
            ("api_2024.yaml", "api_2024"),
            ("chat_2024-01.yaml", "chat_2024_01"),
            // A keyword.
            ("my_type.yaml", "my_type"),
            ("chat_self.json", "chat_self"),
            // Nothing after the separator.
            ("api_.yaml", "api"),
            // No better whole name: the name is made valid.
            ("2024.yaml", "_2024"),
            ("type.yaml", "type_"),
        ] {
            assert_eq!(default_module(std::path::Path::new(path)), module, "{path}");
        }
    }

    fn form(prefixes: &[&str], body: SidBody) -> SidForm {
        SidForm {
            prefix: SidPrefix::Exact(prefixes.iter().map(|p| p.to_string()).collect()),
            body,
        }
    }

    #[test]
    fn reserved_module_names_take_an_underscore() {
        let cases = [
            ("sids", "sids_"),
            ("Option", "Option_"),
            ("user", "user"),
            ("sids_", "sids_"),
        ];
        for (input, expected) in cases {
            assert_eq!(free_module(input.to_string()), expected, "{input}");
        }
    }

    #[test]
    fn field_names_are_snake_case_numbered_in_order_and_leave_extra() {
        let cases: [(&[&str], &[&str]); 4] = [
            (
                &["accountSid", "account_sid"],
                &["account_sid", "account_sid_2"],
            ),
            (&["extra", "Extra"], &["extra_2", "extra_3"]),
            (&["type", "self"], &["r#type", "self_"]),
            (&["self", "self_"], &["self_", "self_2"]),
        ];
        for (wires, expected) in cases {
            assert_eq!(field_names(wires.iter().copied()), expected, "{wires:?}");
        }
    }

    #[test]
    fn variant_names_keep_the_first_of_repeats_and_leave_unknown() {
        type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
        let cases: [Case; 3] = [
            (
                &["active", "Active (Now)", "active_now"],
                &[
                    ("Active", "active"),
                    ("ActiveNow", "Active (Now)"),
                    ("ActiveNow2", "active_now"),
                ],
            ),
            (
                &["unknown", "Unknown", "unknown"],
                &[("UnknownValue", "unknown"), ("UnknownValue2", "Unknown")],
            ),
            (&["GET", "POST", "GET"], &[("Get", "GET"), ("Post", "POST")]),
        ];
        for (values, expected) in cases {
            let got = variant_names(values.iter().map(|v| v.to_string()).collect());
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(n, w)| (n.to_string(), w.to_string()))
                .collect();
            assert_eq!(got, expected, "{values:?}");
        }
    }

    #[test]
    fn param_names_serve_the_path_first_and_never_shadow_a_method() {
        use Location::{Form, Header, Path, Query};
        type Case<'a> = (&'a [(&'a str, Location)], &'a [&'a str]);
        let cases: [Case; 4] = [
            (
                &[("AccountSid", Form), ("AccountSid", Path)],
                &["account_sid_form", "account_sid"],
            ),
            (
                &[("PageSize", Query), ("Page-Size", Header)],
                &["page_size", "page_size_header"],
            ),
            (
                &[("Path", Query), ("New", Form)],
                &["path_query", "new_form"],
            ),
            (
                &[("To", Form), ("to", Form), ("TO", Form)],
                &["to", "to_form", "to_form_2"],
            ),
        ];
        for (params, expected) in cases {
            assert_eq!(param_names(params), expected, "{params:?}");
        }
    }

    #[test]
    fn markers_and_sid_candidates_name_the_prefix_and_body() {
        let cases: [(SidForm, &str, &[&str]); 4] = [
            (form(&["US"], SidBody::Hex), "US", &["UserSid", "UserSidUs"]),
            (
                form(&["OR"], SidBody::LowerHex),
                "OrLowercase",
                &[
                    "UserSid",
                    "UserSidLowercase",
                    "UserSidOr",
                    "UserSidOrLowercase",
                ],
            ),
            (
                form(&["SM", "MM"], SidBody::Hex),
                "SmOrMm",
                &["UserSid", "UserSidSmMm"],
            ),
            (
                SidForm {
                    prefix: SidPrefix::Letters,
                    body: SidBody::Alphanumeric,
                },
                "",
                &["UserSid", "UserSidAlphanumeric"],
            ),
        ];
        for (form, expected_marker, expected_candidates) in cases {
            assert_eq!(marker(&form), expected_marker, "{form:?}");
            assert_eq!(
                sid_candidates("UserSid", &form),
                expected_candidates,
                "{form:?}"
            );
        }
        let taken = ["UserSid2".to_string()].into();
        assert_eq!(numbered_free("UserSid", &taken), "UserSid3");
    }

    #[test]
    fn module_names_are_identifiers_the_module_rule_keeps() {
        let cases = [
            ("v2", true),
            ("_v2", false),
            ("chat_v2", true),
            ("V2", false),
            ("type", false),
            ("type_", true),
            ("2024", false),
            ("not a module", false),
            ("", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_module_name(name), expected, "{name:?}");
        }
    }

    #[test]
    fn types_declared_inline_are_named_after_their_owner_and_field() {
        let cases = [
            (inline_type("Message", "Media.Status"), "MessageStatus"),
            (inline_type("UserChannel", "channel"), "UserChannel"),
            (inline_struct("Service", "limits", None), "ServiceLimits"),
            (
                inline_struct("Service", "limits", Some("x-limits")),
                "XLimits",
            ),
            (list_item_struct("Service", "roles"), "ServiceRolesItem"),
            (response_struct("FetchThing"), "FetchThingResponse"),
            (inline_enum_name("Message", "Order", None, true), "Order"),
            (
                inline_enum_name("Message", "Order", None, false),
                "MessageOrder",
            ),
            (
                inline_enum_name("Message", "Method", Some("http-method"), false),
                "HttpMethod",
            ),
            (union_variant(Some("Sms"), 0), "Sms"),
            (union_variant(None, 1), "Option2"),
            (union_alternative_field(0), "option1"),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
        assert_eq!(inline_candidates("Type", "bundle"), ["Type", "BundleType"]);
        assert_eq!(
            stub_candidates("FetchUser"),
            ["FetchUser", "FetchUserRequest"]
        );
    }

    #[test]
    fn structs_that_share_a_first_name_give_it_up_when_they_have_another() {
        let candidates = |schema| model_candidates(schema);
        let mut models = vec![
            ("chat.v2.service.user", candidates("chat.v2.service.user")),
            ("chat.v2.user", candidates("chat.v2.user")),
            ("chat.v2.role", candidates("chat.v2.role")),
        ];
        qualify_shared(&mut models);
        let firsts: Vec<&str> = models.iter().map(|(_, c)| c[0].as_str()).collect();
        assert_eq!(firsts, ["ServiceUser", "User", "Role"]);
    }
}
