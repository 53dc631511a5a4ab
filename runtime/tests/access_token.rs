//! Access tokens, read back by another JWT implementation (`jsonwebtoken`,
//! on ring's HMAC): the signature, the header and every claim; each grant's
//! JSON against the shapes Twilio documents; and every kind of bad input.

#![cfg(feature = "access-token")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use twilio_runtime::access_token::sids::{ApiKeySid, ServiceSid};
use twilio_runtime::access_token::{
    AccessToken, ChatGrant, ConversationsGrant, CustomGrant, IpMessagingGrant, PlaybackGrant,
    SyncGrant, TaskRouterGrant, TokenError, VideoGrant, VoiceGrant, MAX_IDENTITY_CHARS, MAX_TTL,
};
use twilio_runtime::SidErrorKind;

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const KEY: &str = "SK00112233445566778899aabbccddeeff";
const SECRET: &str = "the-api-key-secret";
const SERVICE: &str = "IS0123456789abcdef0123456789abcdef";
const ROLE: &str = "RL0123456789abcdef0123456789abcdef";
const CREDENTIAL: &str = "CR0123456789abcdef0123456789abcdef";
const APPLICATION: &str = "AP0123456789abcdef0123456789abcdef";
const WORKSPACE: &str = "WS0123456789abcdef0123456789abcdef";
const WORKER: &str = "WK0123456789abcdef0123456789abcdef";

fn token(identity: &str) -> AccessToken {
    AccessToken::new(ACCOUNT, KEY, SECRET, identity)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The JSON of one of the token's three parts, decoded without the code
/// under test.
fn part(jwt: &str, index: usize) -> Value {
    let text = jwt.split('.').nth(index).expect("three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .expect("base64url without padding");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// Verifies the signature and the standard claims with `jsonwebtoken`, and
/// returns the claims.
fn verify(jwt: &str, secret: &str) -> Result<Value, jsonwebtoken::errors::Error> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[KEY]);
    validation.sub = Some(ACCOUNT.to_owned());
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = 0;
    jsonwebtoken::decode::<Value>(
        jwt,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .map(|data| data.claims)
}

#[test]
fn another_jwt_implementation_verifies_the_signature_header_and_every_claim() {
    let before = now();
    let jwt = token("maria.lopez@example.com")
        .ttl(Duration::from_secs(1800))
        .not_before(UNIX_EPOCH + Duration::from_secs(before - 5))
        .grant(
            ChatGrant::new()
                .service_sid(SERVICE)
                .endpoint_id("chat-app:maria:iphone"),
        )
        .to_jwt()
        .unwrap();
    let after = now();

    let header = jsonwebtoken::decode_header(&jwt).unwrap();
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(header.cty.as_deref(), Some("twilio-fpa;v=1"));
    assert_eq!(
        part(&jwt, 0),
        json!({"typ": "JWT", "alg": "HS256", "cty": "twilio-fpa;v=1"}),
        "no region, no twr"
    );

    let claims = verify(&jwt, SECRET).expect("the signature verifies");
    let iat = claims["iat"].as_u64().unwrap();
    assert!(
        (before..=after).contains(&iat),
        "iat {iat} is the signing time"
    );
    assert_eq!(
        claims,
        json!({
            "jti": format!("{KEY}-{iat}"),
            "iss": KEY,
            "sub": ACCOUNT,
            "iat": iat,
            "nbf": before - 5,
            "exp": iat + 1800,
            "grants": {
                "identity": "maria.lopez@example.com",
                "chat": {
                    "service_sid": SERVICE,
                    "endpoint_id": "chat-app:maria:iphone",
                },
            },
        })
    );
    // The independent verifier's own verdict on a token with a different
    // signature: the check above could fail.
    assert!(verify(&jwt, "another-secret").is_err());
    let (signed, _) = jwt.rsplit_once('.').unwrap();
    let tampered = format!("{signed}.{}", "A".repeat(43));
    assert!(verify(&tampered, SECRET).is_err());
}

#[test]
fn a_region_is_written_in_the_header_as_twr() {
    let jwt = token("maria").region("ie1").to_jwt().unwrap();
    assert_eq!(
        part(&jwt, 0),
        json!({"typ": "JWT", "alg": "HS256", "cty": "twilio-fpa;v=1", "twr": "ie1"})
    );
    verify(&jwt, SECRET).expect("the signature verifies");
}

#[test]
fn a_token_issued_at_a_fixed_time_has_the_documented_claims() {
    // Twilio's documentation decodes an example Chat token whose payload is
    // this, with the Chat grant under its earlier name `ip_messaging`.
    let issued = UNIX_EPOCH + Duration::from_secs(1_450_471_147);
    let jwt = token("user@example.com")
        .not_before(issued)
        .grant(IpMessagingGrant(
            ChatGrant::new()
                .service_sid(SERVICE)
                .endpoint_id("HipFlowSlackDockRC:user@example.com:someiosdevice"),
        ))
        .to_jwt_at(issued)
        .unwrap();
    assert_eq!(
        part(&jwt, 1),
        json!({
            "jti": format!("{KEY}-1450471147"),
            "iss": KEY,
            "sub": ACCOUNT,
            "iat": 1_450_471_147,
            "nbf": 1_450_471_147,
            "exp": 1_450_474_747,
            "grants": {
                "identity": "user@example.com",
                "ip_messaging": {
                    "service_sid": SERVICE,
                    "endpoint_id": "HipFlowSlackDockRC:user@example.com:someiosdevice",
                },
            },
        })
    );
    // Expired long ago: the verifier says so, and accepts it otherwise.
    let err = verify(&jwt, SECRET).unwrap_err();
    assert_eq!(
        err.kind(),
        &jsonwebtoken::errors::ErrorKind::ExpiredSignature
    );
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.set_required_spec_claims::<&str>(&[]);
    jsonwebtoken::decode::<Value>(
        &jwt,
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &validation,
    )
    .expect("the signature verifies");
}

/// The `grants` claim of a token with these grants.
fn grants(token: AccessToken) -> Value {
    let jwt = token.to_jwt().unwrap();
    verify(&jwt, SECRET).unwrap()["grants"].clone()
}

#[test]
fn every_grant_has_the_shape_twilio_documents() {
    let mut params = Map::new();
    params.insert("agent".to_owned(), json!("maria"));
    let mut playback = Map::new();
    playback.insert(
        "playbackUrl".to_owned(),
        json!("https://example.live.twilio.com/playlist.m3u8"),
    );
    playback.insert(
        "playerStreamerSid".to_owned(),
        json!("VJ0123456789abcdef0123456789abcdef"),
    );
    playback.insert("requestCredentials".to_owned(), Value::Null);

    let all = token("maria")
        .grant(
            ChatGrant::new()
                .service_sid(SERVICE)
                .endpoint_id("app:maria:web")
                .deployment_role_sid(ROLE)
                .push_credential_sid(CREDENTIAL),
        )
        .grant(
            VoiceGrant::new()
                .incoming_allow(true)
                .outgoing_application_sid(APPLICATION)
                .outgoing_application_params(params)
                .push_credential_sid(CREDENTIAL)
                .endpoint_id("app:maria:web"),
        )
        .grant(VideoGrant::new().room("standup"))
        .grant(
            SyncGrant::new()
                .service_sid(SERVICE)
                .endpoint_id("app:maria:web"),
        )
        .grant(
            ConversationsGrant::new()
                .configuration_profile_sid("VS0123456789abcdef0123456789abcdef"),
        )
        .grant(
            TaskRouterGrant::new()
                .workspace_sid(WORKSPACE)
                .worker_sid(WORKER)
                .role("worker"),
        )
        .grant(PlaybackGrant::new(playback.clone()));
    assert_eq!(
        grants(all),
        json!({
            "identity": "maria",
            "chat": {
                "service_sid": SERVICE,
                "endpoint_id": "app:maria:web",
                "deployment_role_sid": ROLE,
                "push_credential_sid": CREDENTIAL,
            },
            "voice": {
                "incoming": {"allow": true},
                "outgoing": {"application_sid": APPLICATION, "params": {"agent": "maria"}},
                "push_credential_sid": CREDENTIAL,
                "endpoint_id": "app:maria:web",
            },
            "video": {"room": "standup"},
            "data_sync": {"service_sid": SERVICE, "endpoint_id": "app:maria:web"},
            "rtc": {"configuration_profile_sid": "VS0123456789abcdef0123456789abcdef"},
            "task_router": {"workspace_sid": WORKSPACE, "worker_sid": WORKER, "role": "worker"},
            "player": Value::Object(playback),
        })
    );
}

#[test]
fn unset_fields_are_left_out() {
    let sparse = token("maria")
        .grant(ChatGrant::new().endpoint_id(""))
        .grant(VoiceGrant::new().incoming_allow(false))
        .grant(VideoGrant::new())
        .grant(CustomGrant::new("future_product", Map::new()));
    assert_eq!(
        grants(sparse),
        json!({"identity": "maria", "chat": {}, "voice": {}, "video": {}, "future_product": {}})
    );
    let outgoing_only =
        token("maria").grant(VoiceGrant::new().outgoing_application_sid(APPLICATION));
    assert_eq!(
        grants(outgoing_only)["voice"],
        json!({"outgoing": {"application_sid": APPLICATION}})
    );
}

#[test]
fn typed_sids_are_taken_as_they_are() {
    let key: ApiKeySid = KEY.parse().unwrap();
    let service: ServiceSid = SERVICE.parse().unwrap();
    let jwt = AccessToken::new(ACCOUNT.to_owned(), key, SECRET, "maria")
        .grant(ChatGrant::new().service_sid(service))
        .to_jwt()
        .unwrap();
    let claims = verify(&jwt, SECRET).unwrap();
    assert_eq!(claims["iss"], KEY);
    assert_eq!(claims["grants"]["chat"]["service_sid"], SERVICE);
}

fn error(token: AccessToken) -> TokenError {
    token.to_jwt().expect_err("the token is refused")
}

#[test]
fn a_lifetime_beyond_twilios_maximum_or_under_a_second_is_refused() {
    let day = token("maria").ttl(MAX_TTL).to_jwt().unwrap();
    let claims = verify(&day, SECRET).unwrap();
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        86_400
    );
    let err = error(token("maria").ttl(MAX_TTL + Duration::from_secs(1)));
    assert!(matches!(err, TokenError::Ttl { ttl } if ttl.as_secs() == 86_401));
    assert_eq!(
        err.to_string(),
        "a token's lifetime is 1 to 86400 seconds (24 hours), not 86401s"
    );
    assert!(matches!(
        error(token("maria").ttl(Duration::from_millis(999))),
        TokenError::Ttl { .. }
    ));
}

#[test]
fn an_identity_that_is_empty_or_too_long_is_refused() {
    assert!(matches!(error(token("")), TokenError::EmptyIdentity));
    assert_eq!(error(token("")).to_string(), "the identity is empty");
    // The limit counts characters, not bytes.
    let longest = "é".repeat(MAX_IDENTITY_CHARS);
    let jwt = token(&longest).to_jwt().unwrap();
    assert_eq!(verify(&jwt, SECRET).unwrap()["grants"]["identity"], longest);
    let err = error(token(&format!("{longest}e")));
    assert!(matches!(err, TokenError::IdentityTooLong { chars: 257 }));
    assert_eq!(
        err.to_string(),
        "the identity is 257 characters long; Twilio accepts at most 256"
    );
}

#[test]
fn a_sid_of_the_wrong_kind_is_refused_naming_its_field() {
    let wrong_key = "AB00112233445566778899aabbccddeeff";
    let err = error(AccessToken::new(ACCOUNT, wrong_key, SECRET, "maria"));
    match &err {
        TokenError::Sid { field, source } => {
            assert_eq!(field, "iss (the API key SID)");
            assert_eq!(source.kind(), &SidErrorKind::Prefix(['A', 'B']));
        }
        other => panic!("not a SID error: {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "iss (the API key SID): invalid ApiKeySid (expected \"SK\" followed by 32 hex digits): starts with \"AB\", not \"SK\""
    );
    // The account SID given where the key goes, and the key where the account goes.
    let err = error(AccessToken::new(KEY, ACCOUNT, SECRET, "maria"));
    assert!(err
        .to_string()
        .starts_with("sub (the account SID): invalid AccountSid"));
    let err = error(token("maria").grant(ChatGrant::new().service_sid("IS123")));
    assert_eq!(
        err.to_string(),
        "chat.service_sid: invalid ServiceSid (expected \"IS\" followed by 32 hex digits): length is 5 bytes, not 34"
    );
    let err = error(token("maria").grant(VoiceGrant::new().outgoing_application_sid(SERVICE)));
    assert!(
        err.to_string()
            .starts_with("voice.outgoing.application_sid: invalid ApplicationSid"),
        "{err}"
    );
    let err = error(token("maria").grant(TaskRouterGrant::new().worker_sid(WORKSPACE)));
    assert!(
        err.to_string().starts_with("task_router.worker_sid: "),
        "{err}"
    );
}

#[test]
fn other_bad_input_is_refused_with_a_clear_error() {
    assert_eq!(
        error(AccessToken::new(ACCOUNT, KEY, "", "maria")).to_string(),
        "the API key secret is empty"
    );
    assert_eq!(
        error(token("maria").region("ie1; x")).to_string(),
        "\"ie1; x\" is not a region name (such as us1 or ie1)"
    );
    let err = error(
        token("maria")
            .grant(ChatGrant::new())
            .grant(ChatGrant::new().service_sid(SERVICE)),
    );
    assert_eq!(err.to_string(), "the grant \"chat\" is given twice");
    let err = error(token("maria").grant(CustomGrant::new("identity", Map::new())));
    assert!(matches!(err, TokenError::DuplicateGrant(key) if key == "identity"));
    let err =
        error(token("maria").grant(VoiceGrant::new().outgoing_application_params(Map::new())));
    assert!(
        matches!(err, TokenError::Grant { ref grant, .. } if grant == "voice"),
        "{err}"
    );
    let issued = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let err = token("maria")
        .not_before(issued + DEFAULT_TTL_FOR_TEST)
        .to_jwt_at(issued)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the token would start (nbf 1700003600) at or after it expires (exp 1700003600)"
    );
    let err = token("maria")
        .to_jwt_at(UNIX_EPOCH - Duration::from_secs(1))
        .unwrap_err();
    assert!(matches!(err, TokenError::BeforeEpoch));
}

const DEFAULT_TTL_FOR_TEST: Duration = Duration::from_secs(3600);

#[test]
fn the_secret_never_appears_in_debug_output() {
    let debug = format!("{:?}", token("maria").grant(ChatGrant::new()));
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(
        debug.contains("<redacted>") && debug.contains("\"chat\""),
        "{debug}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any identity Twilio accepts and any lifetime up to a day make a token
    /// the other implementation verifies, with the identity and lifetime
    /// as given.
    #[test]
    fn any_valid_identity_and_lifetime_verify(
        identity in "\\PC{1,256}",
        ttl in 1u64..=86_400,
    ) {
        let jwt = token(&identity).ttl(Duration::from_secs(ttl)).to_jwt().unwrap();
        let claims = verify(&jwt, SECRET).unwrap();
        prop_assert_eq!(&claims["grants"]["identity"], &Value::String(identity));
        prop_assert_eq!(
            claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
            ttl
        );
    }
}
