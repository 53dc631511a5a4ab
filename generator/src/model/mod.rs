//! Stage 2: the intermediate representation (IR).
//!
//! Plain Rust data with every `$ref` resolved, every name decided and every
//! text from the spec made safe for rustdoc. The emitters read only this,
//! never the spec, so they can be tested on IR built by hand, and lowering
//! bugs can be told apart from emission bugs.

mod lower;
pub mod names;

use std::collections::{BTreeMap, BTreeSet};

pub use lower::lower;
pub use lower::name_sids;
pub(crate) use lower::{code, is_hidden_control, sanitize_doc};

/// One spec, lowered: everything one version module contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// Module docs: the spec's title and description.
    pub docs: String,
    /// The spec's `servers[0].url`, the default base URL for requests.
    pub base_url: String,
    /// The SID forms this spec uses, each with the name this spec alone
    /// would give it, in the order of [`SidForm::key`].
    pub sids: Vec<SidClaim>,
    /// One module per resource, in spec order.
    pub resources: Vec<Resource>,
    /// The structs, unions and stubs that derive `Eq`, by name: those whose
    /// every field, alternative or parameter allows it (no float, no JSON
    /// value, no type without `Eq`).
    pub eq: BTreeSet<String>,
    /// A resource's struct or a union → the key that holds its items in list
    /// responses (`users`).
    pub list_keys: BTreeMap<String, String>,
}

impl Api {
    /// Whether the struct, union or stub called `name` derives `Eq`.
    pub fn derives_eq(&self, name: &str) -> bool {
        self.eq.contains(name)
    }

    /// The key that holds items of the struct or union `name` in list
    /// responses, when an operation lists it.
    pub fn list_key(&self, name: &str) -> Option<&str> {
        self.list_keys.get(name).map(String::as_str)
    }
}

/// A SID form one spec uses, with the name that spec alone would give it.
/// Specs generated together share one `sids` module, so [`name_sids`]
/// settles the names across them ([`SidTypes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidClaim {
    /// The name this spec proposes, e.g. `UserSid`.
    pub name: String,
    /// What the type accepts.
    pub form: SidForm,
    /// What the SID identifies, in one sentence.
    pub docs: String,
    /// The name was taken from a resource whose own `sid` has this form
    /// (stronger than a name taken from a field).
    pub owned: bool,
    /// How many fields and parameters use it.
    pub uses: usize,
}

/// A SID type, named across every spec generated together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidType {
    /// The Rust type name, e.g. `UserSid`.
    pub name: String,
    /// What the type accepts.
    pub form: SidForm,
    /// What the SID identifies, in one sentence.
    pub docs: String,
}

/// The SID types of the specs generated together, sorted by name, and the
/// name of each form: what [`Type::Sid`] and [`Type::SidLike`] refer to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SidTypes {
    types: Vec<SidType>,
    by_form: BTreeMap<SidForm, usize>,
}

impl SidTypes {
    /// The set of these types, in any order.
    pub fn new(mut types: Vec<SidType>) -> Self {
        types.sort_by(|a, b| a.name.cmp(&b.name));
        let by_form = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.form.clone(), i))
            .collect();
        SidTypes { types, by_form }
    }

    /// Every type, sorted by name.
    pub fn all(&self) -> &[SidType] {
        &self.types
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// The name of the type of `form`. Every form a lowered spec uses has
    /// one; another is shown as its key, which compiles nowhere.
    pub fn name(&self, form: &SidForm) -> std::borrow::Cow<'_, str> {
        match self.by_form.get(form) {
            Some(&i) => std::borrow::Cow::Borrowed(&self.types[i].name),
            None => std::borrow::Cow::Owned(form.key()),
        }
    }

    /// The names of the types of `forms`, sorted.
    pub fn names<'f>(&self, forms: impl IntoIterator<Item = &'f SidForm>) -> Vec<String> {
        let mut names: Vec<String> = forms
            .into_iter()
            .map(|f| self.name(f).into_owned())
            .collect();
        names.sort();
        names
    }
}

/// What a SID pattern accepts: two prefix characters, then 32 more.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SidForm {
    /// The accepted prefixes.
    pub prefix: SidPrefix,
    /// The accepted characters after the prefix.
    pub body: SidBody,
}

/// The accepted prefixes of a [`SidForm`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SidPrefix {
    /// One of these two-letter prefixes, in the pattern's order; usually
    /// one.
    Exact(Vec<String>),
    /// Any two ASCII letters.
    Letters,
    /// Any two uppercase ASCII letters.
    Uppercase,
}

/// The accepted body of a [`SidForm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SidBody {
    /// `[0-9a-fA-F]`.
    Hex,
    /// `[0-9a-f]`.
    LowerHex,
    /// `[a-zA-Z0-9]`.
    Alphanumeric,
}

impl SidForm {
    /// A key that names the form uniquely: `US`, `SM|MM`, `OR/lower`,
    /// `*/alnum`.
    pub fn key(&self) -> String {
        let mut key = match &self.prefix {
            SidPrefix::Exact(prefixes) => prefixes.join("|"),
            SidPrefix::Letters => "*".to_string(),
            SidPrefix::Uppercase => "*upper".to_string(),
        };
        match self.body {
            SidBody::Hex => {}
            SidBody::LowerHex => key.push_str("/lower"),
            SidBody::Alphanumeric => key.push_str("/alnum"),
        }
        key
    }

    /// The single prefix, when there is exactly one.
    pub fn single_prefix(&self) -> Option<&str> {
        match &self.prefix {
            SidPrefix::Exact(prefixes) if prefixes.len() == 1 => Some(&prefixes[0]),
            _ => None,
        }
    }
}

/// A resource module: its model, its enums and its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The module (and file) name, e.g. `user_channel`.
    pub module: String,
    /// Module docs.
    pub docs: String,
    /// The resource's struct, when the spec has a schema for it.
    pub model: Option<Struct>,
    /// Structs declared inline in the spec (a property that is an object),
    /// named after their owner and field.
    pub nested: Vec<Struct>,
    /// Enums declared in this module.
    pub enums: Vec<Enum>,
    /// Types for `oneOf` schemas.
    pub unions: Vec<Union>,
    /// Operations on this resource.
    pub operations: Vec<Operation>,
}

impl Resource {
    /// An empty resource module named `module`.
    pub fn new(module: impl Into<String>, docs: impl Into<String>) -> Self {
        Resource {
            module: module.into(),
            docs: docs.into(),
            model: None,
            nested: Vec::new(),
            enums: Vec::new(),
            unions: Vec::new(),
            operations: Vec::new(),
        }
    }
}

/// A struct deserialized from responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Struct {
    /// Rust type name.
    pub name: String,
    /// Doc text.
    pub docs: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Extra attributes from the options, such as `#[derive(Hash)]`.
    pub attrs: Vec<String>,
}

/// One field of a [`Struct`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Rust name (possibly raw, `r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Doc text.
    pub docs: String,
    /// The value's type; the field is an `Option` of it, since Twilio may
    /// leave any field out, or send `null`.
    pub ty: Type,
    /// The spec's default, as JSON text, for the docs.
    pub default: Option<String>,
    /// Personal-data marking, if any.
    pub pii: Option<Pii>,
}

/// Personal data marking from `x-twilio.pii`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pii {
    /// `standard` or `sensitive`.
    pub handling: String,
    /// Days within which Twilio deletes the data on request.
    pub delete_sla: Option<i64>,
}

/// The type of a field or parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `String`.
    String,
    /// A URL, kept as `String`.
    Uri,
    /// `i64`.
    Integer,
    /// `i32` (`format: int32`).
    Int32,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// A UTC date-time, RFC 3339.
    DateTime,
    /// A UTC date-time written as RFC 2822 (`date-time-rfc-2822`).
    DateTimeRfc2822,
    /// A calendar date (`format: date`).
    Date,
    /// Link name to URL (or null).
    UriMap,
    /// A map from names to values of this type (`additionalProperties`).
    Map(Box<Type>),
    /// A JSON object of any content.
    Object,
    /// Any JSON: the spec gives no type.
    Json,
    /// A SID newtype, by its form: [`SidTypes::name`] names it.
    Sid(SidForm),
    /// A SID of the type of this form, or an identity / unique name.
    SidLike(SidForm),
    /// An enum, by type name.
    Enum(String),
    /// Another model, by type name.
    Model(String),
    /// A list.
    Array(Box<Type>),
}

/// A string enum that keeps unknown values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Doc text.
    pub docs: String,
    /// Known values in spec order.
    pub variants: Vec<Variant>,
    /// Extra attributes from the options.
    pub attrs: Vec<String>,
}

/// A type for a `oneOf`: one variant per alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Union {
    /// Rust type name.
    pub name: String,
    /// Doc text.
    pub docs: String,
    /// The property whose value names the alternative, when the spec gives
    /// a discriminator; otherwise the alternatives are told apart by shape.
    pub tag: Option<String>,
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// Extra attributes from the options.
    pub attrs: Vec<String>,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The discriminator's value for this alternative, when there is one.
    pub tag: Option<String>,
    /// Without a discriminator: the fields whose presence says that a body
    /// is this alternative (tried from the most fields to the fewest; the
    /// one with none is the last resort).
    pub required: Vec<String>,
    /// What the variant holds: a struct.
    pub ty: Type,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub wire: String,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One API operation, to become an endpoint stub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Rust type name, from the operationId.
    pub name: String,
    /// The operationId as written.
    pub operation_id: String,
    /// Doc text.
    pub docs: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec, e.g. `/v2/Services/{ServiceSid}/Users/{Sid}`.
    pub path: String,
    /// The template split into literal text and parameters.
    pub segments: Vec<Segment>,
    /// All parameters: path, query, header and form fields.
    pub params: Vec<Param>,
    /// Success status and body.
    pub response: Response,
    /// Extra attributes from the options.
    pub attrs: Vec<String>,
    /// The media type of a JSON body (`application/json`), when the body is
    /// JSON.
    pub json_body: Option<String>,
    /// Other declared statuses that also mean success, read as the same
    /// body.
    pub also_success: Vec<u16>,
    /// Declared success statuses without a body, beside statuses with one:
    /// the stub then returns an `Option` of the body, `None` on these.
    pub empty_success: Vec<u16>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Literal(String),
    /// The path parameter with this Rust name.
    Param(String),
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A `{placeholder}` in the path.
    Path,
    /// The query string.
    Query,
    /// An HTTP header.
    Header,
    /// A field of the form-encoded body.
    Form,
    /// A field of the JSON body (an object).
    Json,
    /// The whole JSON body (not an object with fields).
    Body,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Rust field and setter name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: Location,
    /// Doc text.
    pub docs: String,
    /// Its type.
    pub ty: Type,
    /// Whether the caller must give it.
    pub required: bool,
    /// Inclusive bounds for integers.
    pub range: Option<(Option<i64>, Option<i64>)>,
    /// Personal-data marking, if any.
    pub pii: Option<Pii>,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// One model.
    Model {
        /// Success status.
        status: u16,
        /// Model type name.
        ty: String,
    },
    /// A page of models with paging metadata.
    List {
        /// Success status.
        status: u16,
        /// Item type name.
        item: String,
    },
    /// Another type (an enum, a `oneOf`, a list of models without paging).
    Other {
        /// Success status.
        status: u16,
        /// The body's type.
        ty: Type,
    },
    /// Untyped JSON.
    Json {
        /// Success status.
        status: u16,
    },
    /// No body.
    Empty {
        /// Success status.
        status: u16,
    },
}

impl Response {
    /// The success status code.
    pub fn status(&self) -> u16 {
        match *self {
            Response::Model { status, .. }
            | Response::List { status, .. }
            | Response::Other { status, .. }
            | Response::Json { status }
            | Response::Empty { status } => status,
        }
    }
}
