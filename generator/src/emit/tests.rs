//! The emitters on IR built by hand, without a spec: the tokens for each
//! kind of type, each presence rule, each parameter location, enums, SID
//! types and docs.

use proc_macro2::TokenStream;
use quote::quote;

use super::*;
use crate::model::{
    Api, Enum, Field, Location, Method, Operation, Param, Pii, Resource, Response, Segment,
    SidBody, SidClaim, SidForm, SidPrefix, SidType, SidTypes, Struct, Variant,
};

/// The form of SIDs with one prefix and hex digits.
fn hex_form(prefix: &str) -> SidForm {
    SidForm {
        prefix: SidPrefix::Exact(vec![prefix.into()]),
        body: SidBody::Hex,
    }
}

fn sid_type(name: &str, prefix: &str) -> SidType {
    SidType {
        name: name.into(),
        form: hex_form(prefix),
        docs: String::new(),
    }
}

/// The default runtime, with the forms `US` and `TH` named `UserSid` and
/// `ThingSid`.
fn cx() -> Cx {
    let sids = SidTypes::new(vec![sid_type("UserSid", "US"), sid_type("ThingSid", "TH")]);
    Cx::new(crate::options::DEFAULT_RUNTIME).with_sids(Arc::new(sids))
}

/// Tokens as text without white space, for comparing with `quote!` output
/// (how tokens are spaced depends on how they were built).
fn text(tokens: &TokenStream) -> String {
    tokens.to_string().split_whitespace().collect()
}

/// Whether `haystack` holds `needle`, both as token text.
fn holds(haystack: &TokenStream, needle: TokenStream) -> bool {
    text(haystack).contains(&text(&needle))
}

fn field(name: &str, wire: &str, ty: Type) -> Field {
    Field {
        name: name.into(),
        wire: wire.into(),
        docs: String::new(),
        ty,
        default: None,
        pii: None,
    }
}

fn param(name: &str, wire: &str, location: Location, ty: Type, required: bool) -> Param {
    Param {
        name: name.into(),
        wire: wire.into(),
        location,
        docs: String::new(),
        ty,
        required,
        range: None,
        pii: None,
    }
}

fn operation(params: Vec<Param>, segments: Vec<Segment>, response: Response) -> Operation {
    Operation {
        name: "UpdateThing".into(),
        operation_id: "UpdateThing".into(),
        docs: "Changes a thing.".into(),
        method: Method::Post,
        path: "/v1/Things/{Sid}".into(),
        segments,
        params,
        response,
        attrs: Vec::new(),
        json_body: None,
        also_success: Vec::new(),
        empty_success: Vec::new(),
    }
}

#[test]
fn every_type_has_its_rust_type() {
    let cx = cx();
    let cases = [
        (Type::String, quote!(String)),
        (Type::Uri, quote!(String)),
        (Type::Integer, quote!(i64)),
        (Type::Number, quote!(f64)),
        (Type::Boolean, quote!(bool)),
        (
            Type::DateTime,
            quote!(::twilio_runtime::chrono::DateTime<::twilio_runtime::chrono::Utc>),
        ),
        (
            Type::UriMap,
            quote!(::std::collections::BTreeMap<String, Option<String>>),
        ),
        (Type::Json, quote!(::twilio_runtime::serde_json::Value)),
        (Type::Sid(hex_form("US")), quote!(super::UserSid)),
        (
            Type::SidLike(hex_form("US")),
            quote!(::twilio_runtime::SidLike<super::UserSid>),
        ),
        (Type::Enum("Order".into()), quote!(super::Order)),
        (Type::Model("User".into()), quote!(super::User)),
        (
            Type::Array(Box::new(Type::Sid(hex_form("US")))),
            quote!(Vec<super::UserSid>),
        ),
    ];
    for (ty, expected) in cases {
        assert_eq!(text(&rust_type(&ty, &cx)), text(&expected), "{ty:?}");
    }
    // Another runtime path reaches every runtime type.
    let moved = Cx::new("crate::rt");
    assert_eq!(
        text(&rust_type(&Type::Json, &moved)),
        text(&quote!(crate::rt::serde_json::Value))
    );
}

#[test]
fn every_field_is_an_option_read_and_written_by_record() {
    let mut count = field("count", "count", Type::Integer);
    count.default = Some("0".into());
    let s = Struct {
        name: "Thing".into(),
        docs: "A thing.".into(),
        fields: vec![
            field("sid", "sid", Type::Sid(hex_form("TH"))),
            count,
            field("r#type", "type", Type::String),
            field("friendly_name", "FriendlyName", Type::String),
        ],
        attrs: Vec::new(),
    };
    let tokens = model::structure(&s, true, Some("things"), &cx());
    assert!(holds(&tokens, quote!(pub sid: Option<super::ThingSid>,)));
    assert!(holds(&tokens, quote!(pub count: Option<i64>,)));
    assert!(holds(&tokens, quote!(pub r#type: Option<String>,)));
    assert!(holds(&tokens, quote!(pub extra: ::twilio_runtime::Extra,)));
    assert!(text(&tokens).contains("Twilio'sdefault:`0`."), "{tokens}");
    // Wire names, field positions and fields line up in the record.
    assert!(holds(
        &tokens,
        quote!(
            const FIELDS: &'static [&'static str] = &["sid", "count", "type", "FriendlyName"];
        )
    ));
    assert!(holds(
        &tokens,
        quote!("FriendlyName" => read(map, key, 3, &mut self.friendly_name, &mut self.extra),)
    ));
    // The match is the statement (pedantic clippy wants no unit expression
    // without a semicolon in an arm).
    assert!(
        text(&tokens).contains("_=>returnOk(false),}?;Ok(true)"),
        "{tokens}"
    );
    assert!(holds(
        &tokens,
        quote!(write(map, "type", 2, &self.r#type, &self.extra, written)?;)
    ));
    assert!(holds(
        &tokens,
        quote!(::twilio_runtime::__private::deserialize_record(
            deserializer
        ))
    ));
    assert!(holds(
        &tokens,
        quote!(impl ::twilio_runtime::ListItem for Thing {
            const LIST_KEY: &'static str = "things";
            const DEFAULT_BASE_URL: &'static str = super::DEFAULT_BASE_URL;
        })
    ));
    assert!(
        holds(&tokens, quote!(PartialEq, Eq, Debug)),
        "`eq`: Eq is derived"
    );
}

#[test]
fn floats_and_personal_data_change_the_derives() {
    let mut s = Struct {
        name: "Reading".into(),
        docs: String::new(),
        fields: vec![field("value", "value", Type::Number)],
        attrs: vec!["#[derive(Copy)]".into()],
    };
    s.fields[0].pii = Some(Pii {
        handling: "sensitive".into(),
        delete_sla: None,
    });
    let tokens = model::structure(&s, false, None, &cx());
    assert!(
        !holds(&tokens, quote!(PartialEq, Eq)),
        "f64 is not Eq: {tokens}"
    );
    assert!(
        !holds(&tokens, quote!(Eq, Debug)),
        "Debug is written by hand"
    );
    assert!(holds(
        &tokens,
        quote!(.field("value", &::twilio_runtime::Redacted))
    ));
    assert!(holds(&tokens, quote!(#[derive(Copy)] pub struct Reading)));
    assert!(
        !holds(&tokens, quote!(ListItem)),
        "no list key, no ListItem"
    );
}

#[test]
fn each_parameter_location_has_its_place() {
    let op = operation(
        vec![
            param(
                "sid",
                "Sid",
                Location::Path,
                Type::SidLike(hex_form("TH")),
                true,
            ),
            param(
                "page_size",
                "PageSize",
                Location::Query,
                Type::Integer,
                false,
            ),
            param(
                "if_match",
                "If-Match",
                Location::Header,
                Type::String,
                false,
            ),
            param(
                "friendly_name",
                "FriendlyName",
                Location::Form,
                Type::String,
                true,
            ),
        ],
        vec![
            Segment::Literal("/v1/Things/".into()),
            Segment::Param("sid".into()),
        ],
        Response::Model {
            status: 200,
            ty: "Thing".into(),
        },
    );
    let tokens = endpoint::operation(&op, true, Some("Thing"), &cx());
    assert!(holds(
        &tokens,
        quote!(::twilio_runtime::__private::push_segment(&mut path, self.sid.as_str());)
    ));
    for (method, wire, field) in [
        (quote!(query), "PageSize", quote!(page_size)),
        (quote!(headers), "If-Match", quote!(if_match)),
        (quote!(form), "FriendlyName", quote!(friendly_name)),
    ] {
        assert!(
            holds(
                &tokens,
                quote!(fn #method(&self) -> Vec<(&'static str, String)> {
                    let mut out = Vec::new();
                    ::twilio_runtime::ParamValue::append(&self.#field, #wire, &mut out);
                    out
                })
            ),
            "{method}: {tokens}"
        );
    }
    // Required parameters go to `new`, optional ones to setters; both are
    // `#[must_use]`.
    assert!(holds(
        &tokens,
        quote!(#[must_use] pub fn new(
            sid: impl ::std::convert::Into<::twilio_runtime::SidLike<super::ThingSid>>,
            friendly_name: impl ::std::convert::Into<String>
        ) -> Self)
    ));
    assert!(holds(
        &tokens,
        quote!(#[must_use] pub fn page_size(mut self, value: i64) -> Self)
    ));
    assert!(holds(
        &tokens,
        quote!(
            type Response = super::Thing;
        )
    ));
    assert!(holds(
        &tokens,
        quote!(
            const METHOD: ::twilio_runtime::http::Method = ::twilio_runtime::http::Method::POST;
        )
    ));
}

#[test]
fn a_stub_without_parameters_at_a_location_keeps_the_default() {
    let op = operation(
        Vec::new(),
        vec![Segment::Literal("/v1/Things".into())],
        Response::Empty { status: 204 },
    );
    let tokens = endpoint::operation(&op, true, None, &cx());
    for method in ["fnquery", "fnheaders", "fnform", "fnvalidate"] {
        assert!(!text(&tokens).contains(method), "{method} in {tokens}");
    }
    assert!(holds(
        &tokens,
        quote!(
            type Response = ();
        )
    ));
    assert!(holds(&tokens, quote!(Default)), "no required parameters");
}

#[test]
fn bounds_become_checks() {
    let mut page_size = param(
        "page_size",
        "PageSize",
        Location::Query,
        Type::Integer,
        false,
    );
    page_size.range = Some((Some(1), Some(1000)));
    let op = operation(
        vec![page_size],
        Vec::new(),
        Response::List {
            status: 200,
            item: "Thing".into(),
        },
    );
    let tokens = endpoint::operation(&op, true, None, &cx());
    assert!(holds(
        &tokens,
        quote!(::twilio_runtime::__private::check_range("PageSize", self.page_size, Some(1), Some(1000))?;)
    ));
    assert!(holds(
        &tokens,
        quote!(
            type Response = ::twilio_runtime::Page<super::Thing>;
        )
    ));
}

#[test]
fn docs_link_to_the_response_type() {
    let op = operation(
        Vec::new(),
        Vec::new(),
        Response::List {
            status: 200,
            item: "Thing".into(),
        },
    );
    let docs = text(&endpoint::operation(&op, true, Some("Thing"), &cx()));
    assert!(
        docs.contains("answers`200`witha[`Page`](::twilio_runtime::Page)of[`Thing`]."),
        "{docs}"
    );
    let elsewhere = text(&endpoint::operation(&op, true, None, &cx()));
    assert!(
        elsewhere.contains("of[`Thing`](super::Thing)."),
        "{elsewhere}"
    );
}

#[test]
fn success_statuses_choose_how_the_response_is_read() {
    let cx = cx();
    let model = || Response::Model {
        status: 201,
        ty: "Thing".into(),
    };
    // Every 2xx is the runtime's to accept: only other statuses are named.
    let mut op = operation(Vec::new(), Vec::new(), model());
    op.also_success = vec![200];
    let tokens = endpoint::operation(&op, true, Some("Thing"), &cx);
    assert!(holds(
        &tokens,
        quote!(
            type Response = super::Thing;
        )
    ));
    assert!(holds(
        &tokens,
        quote!(::twilio_runtime::__private::decode_json(&[], status, body))
    ));
    // A declared redirect is named; a status without a body makes the
    // response optional.
    let mut op = operation(Vec::new(), Vec::new(), model());
    op.also_success = vec![307];
    op.empty_success = vec![204];
    let tokens = endpoint::operation(&op, true, Some("Thing"), &cx);
    assert!(holds(
        &tokens,
        quote!(
            type Response = Option<super::Thing>;
        )
    ));
    assert!(holds(
        &tokens,
        quote!(::twilio_runtime::__private::decode_optional_json(
            &[307],
            &[204],
            status,
            body
        ))
    ));
    assert!(
        text(&tokens)
            .contains("answers`201`or`307`witha[`Thing`](`Some`),or`204`withnobody(`None`)."),
        "{}",
        text(&tokens)
    );
    // Nothing to read.
    let op = operation(Vec::new(), Vec::new(), Response::Empty { status: 302 });
    let tokens = endpoint::operation(&op, true, None, &cx);
    assert!(holds(
        &tokens,
        quote!(
            type Response = ();
        )
    ));
    assert!(holds(
        &tokens,
        quote!(::twilio_runtime::__private::decode_empty(
            &[302],
            status,
            body
        ))
    ));
}

#[test]
fn enums_keep_unknown_values() {
    let e = Enum {
        name: "Order".into(),
        docs: "Sort order.".into(),
        variants: vec![
            Variant {
                name: "Asc".into(),
                wire: "asc".into(),
            },
            Variant {
                name: "Desc".into(),
                wire: "desc".into(),
            },
        ],
        attrs: Vec::new(),
    };
    let tokens = enums::enumeration(&e, &cx());
    assert!(holds(
        &tokens,
        quote!(
            pub enum Order {
                #[doc = " `asc`"]
                Asc,
                #[doc = " `desc`"]
                Desc,
                /// A value this code does not know yet, kept as sent so that it
                /// serializes back unchanged.
                Unknown(String),
            }
        )
    ));
    assert!(holds(
        &tokens,
        quote!(match value {
            "asc" => Some(Self::Asc),
            "desc" => Some(Self::Desc),
            _ => None,
        })
    ));
    assert!(holds(
        &tokens,
        quote!(impl ::twilio_runtime::StringEnum for Order)
    ));
    assert!(holds(
        &tokens,
        quote!(#[must_use] pub fn as_str(&self) -> &str)
    ));
}

#[test]
fn sid_types_are_aliases_of_the_generic_sid() {
    let form = |prefixes: &[&str], body| SidForm {
        prefix: SidPrefix::Exact(prefixes.iter().map(|p| p.to_string()).collect()),
        body,
    };
    let sid = |name: &str, form: SidForm| SidType {
        name: name.into(),
        form,
        docs: format!("{name} docs."),
    };
    let sids = [
        sid("UserSid", form(&["US"], SidBody::Hex)),
        sid("SmsSid", form(&["SM"], SidBody::Hex)),
        sid("MessageSid", form(&["SM", "MM"], SidBody::Hex)),
        sid("OrganizationSid", form(&["OR"], SidBody::LowerHex)),
        SidType {
            form: SidForm {
                prefix: SidPrefix::Letters,
                body: SidBody::Hex,
            },
            ..sid("AnySid", form(&[], SidBody::Hex))
        },
    ];
    let tokens = sid::sids(&sids, None, &cx());
    assert!(holds(
        &tokens,
        quote!(
            pub type UserSid = ::twilio_runtime::Sid<prefix::US>;
        )
    ));
    assert!(holds(
        &tokens,
        quote!(impl ::twilio_runtime::SidSpec for US {
            const NAME: &'static str = "UserSid";
            const PREFIX: ::twilio_runtime::SidPrefix = ::twilio_runtime::SidPrefix::Exact("US");
            const BODY: ::twilio_runtime::SidBody = ::twilio_runtime::SidBody::Hex;
        })
    ));
    // Alternatives accept each prefix, and each member widens into them.
    assert!(holds(
        &tokens,
        quote!(
            const PREFIX: ::twilio_runtime::SidPrefix =
                ::twilio_runtime::SidPrefix::OneOf(&["SM", "MM"]);
        )
    ));
    assert!(holds(
        &tokens,
        quote!(impl ::twilio_runtime::Includes<SM> for SmOrMm {})
    ));
    assert!(!holds(
        &tokens,
        quote!(impl ::twilio_runtime::Includes<SmOrMm> for SM {})
    ));
    assert!(holds(
        &tokens,
        quote!(
            pub type MessageSid = ::twilio_runtime::Sid<prefix::SmOrMm>;
        )
    ));
    assert!(holds(
        &tokens,
        quote!(
            const BODY: ::twilio_runtime::SidBody = ::twilio_runtime::SidBody::LowerHex;
        )
    ));
    // Any prefix is the runtime's own type.
    assert!(holds(
        &tokens,
        quote!(
            pub use ::twilio_runtime::AnySid;
        )
    ));
    // Nothing is imported: with modules behind features, an import could
    // be left unused.
    assert!(!text(&tokens).contains("use::twilio_runtime::{"));
}

#[test]
fn modules_behind_features_compile_only_the_sid_types_they_use() {
    // What each spec proposes is not what the types are called.
    let claim = |prefix: &str| SidClaim {
        name: format!("Proposed{prefix}"),
        form: hex_form(prefix),
        docs: String::new(),
        owned: false,
        uses: 1,
    };
    let api = |sids: Vec<SidClaim>| Api {
        docs: String::new(),
        base_url: String::new(),
        sids,
        resources: Vec::new(),
        eq: std::collections::BTreeSet::new(),
        list_keys: BTreeMap::new(),
    };
    let apis = [
        api(vec![claim("AC"), claim("US")]),
        api(vec![claim("AC"), claim("SM")]),
        api(Vec::new()),
    ];
    let all = SidTypes::new(vec![
        sid_type("AccountSid", "AC"),
        sid_type("UserSid", "US"),
        sid_type("MessageSid", "SM"),
    ]);
    let gates = Gates::new(&["a", "b", "c"], &apis, &all);
    let tokens = sid::sids(all.all(), Some(&gates), &cx());
    assert!(holds(
        &tokens,
        quote!(#[cfg(any(feature = "a", feature = "b"))] pub type AccountSid)
    ));
    assert!(holds(
        &tokens,
        quote!(#[cfg(feature = "a")] pub type UserSid)
    ));
    assert!(holds(
        &tokens,
        quote!(#[cfg(feature = "b")] impl ::twilio_runtime::SidSpec for SM)
    ));
    let modules = [
        ("a".to_string(), "A.".to_string()),
        ("b".to_string(), "B.".to_string()),
        ("c".to_string(), "C.".to_string()),
    ];
    let gated = root(&modules, true, Some(&gates));
    assert!(holds(&gated, quote!(#[cfg(feature = "c")])));
    assert!(holds(
        &gated,
        quote!(#[cfg(any(feature = "a", feature = "b"))])
    ));
    let ungated = root(&modules, true, None);
    assert!(!text(&ungated).contains("cfg"));
}

#[test]
fn a_version_without_sids_has_no_sids_module() {
    let api = Api {
        docs: "Empty.".into(),
        base_url: "https://x.example".into(),
        sids: Vec::new(),
        resources: vec![Resource::new("thing", "Things.")],
        eq: std::collections::BTreeSet::new(),
        list_keys: BTreeMap::new(),
    };
    let names: Vec<String> = files(&api).iter().map(|f| f.name(&api)).collect();
    assert_eq!(names, ["mod.rs", "thing.rs"]);
    let root = File::Root.emit(&api, &cx());
    assert!(!text(&root).contains("sids"), "{root}");
    assert!(holds(
        &root,
        quote!(
            pub use self::thing::*;
        )
    ));
}

#[test]
fn doc_text_is_written_as_it_is() {
    assert_eq!(
        text(&doc("first [`A`]\n\nthird")),
        text(&quote!(#[doc = " first [`A`]"] #[doc = ""] #[doc = " third"]))
    );
    assert_eq!(ident("r#type").to_string(), "r#type");
    assert_eq!(ident("name").to_string(), "name");
}
