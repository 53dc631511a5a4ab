//! Stage 2: the intermediate representation (IR).
//!
//! Plain Rust data with every `$ref` resolved, every name decided and every
//! text from the spec made safe for rustdoc. The emitters read only this,
//! never the spec, so they can be tested on IR built by hand, and lowering
//! bugs can be told apart from emission bugs.

mod lower;
pub mod names;

pub use lower::lower;
pub(crate) use lower::sanitize_doc;

/// One spec, lowered: everything one version module contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// Module docs: the spec's title and description.
    pub docs: String,
    /// The spec's `servers[0].url`, the default base URL for requests.
    pub base_url: String,
    /// One newtype per SID prefix, sorted by type name.
    pub sids: Vec<SidType>,
    /// One module per resource, in spec order.
    pub resources: Vec<Resource>,
}

/// A SID newtype: two-letter prefix plus 32 hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidType {
    /// The Rust type name, e.g. `UserSid`.
    pub name: String,
    /// The two-letter prefix, e.g. `US`.
    pub prefix: String,
    /// What the SID identifies, in one sentence.
    pub docs: String,
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
    /// The key that holds items of this model in list responses (`users`).
    pub list_key: Option<String>,
    /// Enums declared in this module.
    pub enums: Vec<Enum>,
    /// Operations on this resource.
    pub operations: Vec<Operation>,
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
    /// The value's type.
    pub ty: Type,
    /// How a missing or null value is represented.
    pub presence: Presence,
    /// Personal-data marking, if any.
    pub pii: Option<Pii>,
}

/// How a field tolerates missing and null values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// `Option<T>`: null or missing is `None`.
    Optional,
    /// A plain integer with a default used when the field is missing.
    DefaultInteger(i64),
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
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// A UTC date-time.
    DateTime,
    /// Link name to URL (or null).
    UriMap,
    /// Any JSON.
    Json,
    /// A SID newtype, by type name.
    Sid(String),
    /// A SID of the named type, or an identity / unique name.
    SidLike(String),
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
            | Response::Json { status }
            | Response::Empty { status } => status,
        }
    }
}
