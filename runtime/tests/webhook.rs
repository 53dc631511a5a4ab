//! Webhook signatures: the examples of Twilio's documentation and SDKs
//! (form parameters, repeated names, ports, a JSON body), a shared key,
//! every kind of bad input, and random requests checked against an HMAC
//! computed plainly here (RFC 2104 over the digest crates, not the `hmac`
//! crate the validator uses).

#![cfg(feature = "webhook")]

use base64::Engine as _;
use proptest::prelude::*;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use twilio_runtime::http::{Request, StatusCode};
use twilio_runtime::webhook::{
    body_sha256, compute_signature, Algorithm, SignedBody, SignedWith, Validator, Verified,
    WebhookError,
};

/// The example of Twilio's webhook security page and of its SDKs' tests.
const TOKEN: &str = "12345";
const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const PARAMS: [(&str, &str); 5] = [
    ("CallSid", "CA1234567890ABCDE"),
    ("Caller", "+14158675309"),
    ("Digits", "1234"),
    ("From", "+14158675309"),
    ("To", "+18005551212"),
];
const SIGNATURE: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

fn form(params: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
        .into_bytes()
}

fn form_request(signature: &str, body: Vec<u8>) -> Request<Vec<u8>> {
    Request::post("/myapp.php?foo=1&bar=2")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .body(body)
        .unwrap()
}

fn validator() -> Validator {
    Validator::new(TOKEN)
}

const FORM_SHA1: Verified = Verified {
    algorithm: Algorithm::HmacSha1,
    key: SignedWith::AuthToken,
    body: SignedBody::Form,
};

#[test]
fn the_documented_example_signs_and_validates() {
    assert_eq!(
        compute_signature(Algorithm::HmacSha1, TOKEN.as_bytes(), URL, PARAMS),
        SIGNATURE
    );
    // The order of the form does not matter: the parameters are sorted.
    let mut shuffled = PARAMS;
    shuffled.reverse();
    let request = form_request(SIGNATURE, form(&shuffled));
    assert_eq!(validator().validate(&request, URL), Ok(FORM_SHA1));
    // Any change to a value, a name, the URL or the key breaks it.
    let mut changed = PARAMS;
    changed[2].1 = "1235";
    assert_eq!(
        validator().validate(&form_request(SIGNATURE, form(&changed)), URL),
        Err(WebhookError::WrongSignature)
    );
    let mut extra = PARAMS.to_vec();
    extra.push(("Injected", ""));
    assert_eq!(
        validator().validate(&form_request(SIGNATURE, form(&extra)), URL),
        Err(WebhookError::WrongSignature)
    );
    assert_eq!(
        validator().validate(&request, "https://mycompany.com/myapp.php?foo=1&bar=3"),
        Err(WebhookError::WrongSignature)
    );
    assert_eq!(
        Validator::new("12346").validate(&request, URL),
        Err(WebhookError::WrongSignature)
    );
}

#[test]
fn repeated_names_are_signed_with_their_values_sorted() {
    // From Twilio's SDK tests: `Digits` twice, given out of order.
    let params = [
        ("Sid", "CA123"),
        ("SidAccount", "AC123"),
        ("Digits", "5678"),
        ("Digits", "1234"),
    ];
    let expected = "IK+Dwps556ElfBT0I3Rgjkr1wJU=";
    assert_eq!(
        compute_signature(Algorithm::HmacSha1, TOKEN.as_bytes(), URL, params),
        expected
    );
    let request = form_request(expected, form(&params));
    assert_eq!(validator().validate(&request, URL), Ok(FORM_SHA1));
}

#[test]
fn a_url_is_accepted_with_and_without_its_default_port() {
    // Signatures from Twilio's SDK tests, for the example's parameters.
    let body = form(&PARAMS);
    // Signed without the port, called at a URL that names one.
    let request = form_request(SIGNATURE, body.clone());
    assert_eq!(
        validator().validate(&request, "https://mycompany.com:1234/myapp.php?foo=1&bar=2"),
        Ok(FORM_SHA1)
    );
    // Signed with the default port, called at a URL that leaves it out.
    let with_443 = "kvajT1Ptam85bY51eRf/AJRuM3w=";
    assert_eq!(
        validator().validate(&form_request(with_443, body.clone()), URL),
        Ok(FORM_SHA1)
    );
    let with_80 = "0ZXoZLH/DfblKGATFgpif+LLRf4=";
    assert_eq!(
        validator().validate(
            &form_request(with_80, body.clone()),
            "http://mycompany.com/myapp.php?foo=1&bar=2"
        ),
        Ok(FORM_SHA1)
    );
    // Signed with a port that is not the default: the URL as given.
    let with_1234 = "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=";
    assert_eq!(
        validator().validate(
            &form_request(with_1234, body.clone()),
            "http://mycompany.com:1234/myapp.php?foo=1&bar=2"
        ),
        Ok(FORM_SHA1)
    );
    // The port does not make any signature valid.
    assert_eq!(
        validator().validate(&form_request(with_80, body), URL),
        Err(WebhookError::WrongSignature)
    );
}

const JSON_BODY: &str = r#"{"property": "value", "boolean": true}"#;
const JSON_HASH: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

fn json_request(signature: &str, body: &str) -> Request<Vec<u8>> {
    Request::post("/myapp.php")
        .header("Content-Type", "application/json")
        .header("X-Twilio-Signature", signature)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn a_json_body_is_checked_against_the_urls_body_sha256() {
    // Twilio's SDK tests: this body, its hash in the URL, and the signature.
    assert_eq!(body_sha256(JSON_BODY.as_bytes()), JSON_HASH);
    let url = format!("{URL}&bodySHA256={JSON_HASH}");
    let signature = "a9nBmqA0ju/hNViExpshrM61xv4=";
    assert_eq!(
        compute_signature(
            Algorithm::HmacSha1,
            TOKEN.as_bytes(),
            &url,
            [] as [(&str, &str); 0]
        ),
        signature
    );
    assert_eq!(
        validator().validate(&json_request(signature, JSON_BODY), &url),
        Ok(Verified {
            algorithm: Algorithm::HmacSha1,
            key: SignedWith::AuthToken,
            body: SignedBody::Hashed,
        })
    );
    // Another body under the same signed URL.
    assert_eq!(
        validator().validate(&json_request(signature, r#"{"property": "other"}"#), &url),
        Err(WebhookError::BodyHashMismatch)
    );
    // Another body with its own hash: the URL is no longer the signed one.
    let forged = r#"{"property": "other"}"#;
    let forged_url = format!("{URL}&bodySHA256={}", body_sha256(forged.as_bytes()));
    assert_eq!(
        validator().validate(&json_request(signature, forged), &forged_url),
        Err(WebhookError::WrongSignature)
    );
    for bad in [
        "abc",
        &JSON_HASH.replace('0', "g"),
        &format!("{JSON_HASH}&bodySHA256={JSON_HASH}"),
    ] {
        assert_eq!(
            validator().validate(
                &json_request(signature, JSON_BODY),
                &format!("{URL}&bodySHA256={bad}")
            ),
            Err(WebhookError::BadBodyHash),
            "{bad}"
        );
    }
    // Without a hash, a JSON body is not covered by the signature.
    assert_eq!(
        validator().validate(&json_request(signature, JSON_BODY), URL),
        Err(WebhookError::UnsignedBody)
    );
}

#[test]
fn a_request_without_a_body_is_signed_over_its_url() {
    let signature = compute_signature(
        Algorithm::HmacSha1,
        TOKEN.as_bytes(),
        URL,
        [] as [(&str, &str); 0],
    );
    let request = Request::get("/myapp.php?foo=1&bar=2")
        .header("X-Twilio-Signature", &signature)
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        validator().validate(&request, URL),
        Ok(Verified {
            algorithm: Algorithm::HmacSha1,
            key: SignedWith::AuthToken,
            body: SignedBody::Empty,
        })
    );
}

fn hmac_sha256(key: &[u8], text: &[u8]) -> Vec<u8> {
    plain_hmac::<Sha256>(key, text)
}

#[test]
fn a_webhooks_rule_signs_with_a_shared_key_and_sha256() {
    let key = "the shared key";
    let text = format!(
        "{URL}{}",
        PARAMS
            .iter()
            .map(|(k, v)| format!("{k}{v}"))
            .collect::<String>()
    );
    let signature = base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(key.as_bytes(), text.as_bytes()));
    assert_eq!(
        compute_signature(Algorithm::HmacSha256, key.as_bytes(), URL, PARAMS),
        signature
    );
    let request = |settings: &str, signature: &str| {
        let mut request = form_request(signature, form(&PARAMS));
        request.headers_mut().insert(
            "X-Twilio-Webhooks-Signature-Settings",
            settings.parse().unwrap(),
        );
        request
    };
    let shared = validator().shared_key("an old key").shared_key(key);
    // As Twilio sends it: the key's id and the algorithm.
    let settings = "key=KS0123456789abcdef0123456789abcdef,algorithm=HMAC_SHA256";
    assert_eq!(
        shared.validate(&request(settings, &signature), URL),
        Ok(Verified {
            algorithm: Algorithm::HmacSha256,
            key: SignedWith::SharedKey,
            body: SignedBody::Form,
        })
    );
    // The auth token is not the shared key, and the headers must agree.
    assert_eq!(
        validator().validate(&request(settings, &signature), URL),
        Err(WebhookError::NoSharedKey)
    );
    assert_eq!(
        shared.validate(&request("algorithm=hmac-sha256", SIGNATURE), URL),
        Err(WebhookError::BadEncoding),
        "a SHA-1 signature where a SHA-256 one is announced"
    );
    // A Setting may name HMAC-SHA1 with its shared key: the key is still
    // the shared one, never the auth token.
    let sha1_shared = base64::engine::general_purpose::STANDARD
        .encode(plain_hmac::<Sha1>(key.as_bytes(), text.as_bytes()));
    assert_eq!(
        shared
            .validate(&request("key=x,algorithm=HMAC_SHA1", &sha1_shared), URL)
            .map(|v| (v.algorithm, v.key)),
        Ok((Algorithm::HmacSha1, SignedWith::SharedKey))
    );
    assert_eq!(
        shared.validate(&request("key=x,algorithm=HMAC_SHA1", SIGNATURE), URL),
        Err(WebhookError::WrongSignature),
        "the auth token's signature, announced as a shared key's"
    );
    assert_eq!(
        shared.validate(&form_request(&signature, form(&PARAMS)), URL),
        Err(WebhookError::BadEncoding),
        "a SHA-256 signature without the settings header"
    );
    assert!(matches!(
        shared.validate(&request("algorithm=ed25519", &signature), URL),
        Err(WebhookError::UnsupportedSettings(_))
    ));
    let wrong =
        base64::engine::general_purpose::STANDARD.encode(hmac_sha256(b"nope", text.as_bytes()));
    assert_eq!(
        shared.validate(&request("algorithm=HMAC_SHA256", &wrong), URL),
        Err(WebhookError::WrongSignature)
    );
}

#[test]
fn a_second_auth_token_is_accepted_while_tokens_rotate() {
    let request = form_request(SIGNATURE, form(&PARAMS));
    let rotating = Validator::new("the new token").also_auth_token(TOKEN);
    assert_eq!(rotating.validate(&request, URL), Ok(FORM_SHA1));
    assert!(!format!("{rotating:?}").contains("new token"));
}

#[test]
fn bad_input_is_rejected_with_what_failed() {
    let body = form(&PARAMS);
    let without = Request::post("/")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.clone())
        .unwrap();
    assert_eq!(
        validator().validate(&without, URL),
        Err(WebhookError::MissingSignature)
    );
    for bad in [
        "not base64!",
        "",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8",
        "AAAA",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8=AAAA",
    ] {
        assert_eq!(
            validator().validate(&form_request(bad, body.clone()), URL),
            Err(WebhookError::BadEncoding),
            "{bad:?}"
        );
    }
    let mut twice = form_request(SIGNATURE, body.clone());
    twice
        .headers_mut()
        .append("X-Twilio-Signature", SIGNATURE.parse().unwrap());
    assert_eq!(
        validator().validate(&twice, URL),
        Err(WebhookError::BadEncoding)
    );
    let mut binary = form_request(SIGNATURE, body.clone());
    binary.headers_mut().insert(
        "X-Twilio-Signature",
        twilio_runtime::http::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
    );
    assert_eq!(
        validator().validate(&binary, URL),
        Err(WebhookError::BadEncoding)
    );

    // A form whose text is not UTF-8, raw or percent-encoded.
    for bytes in [&b"Body=caf\xe9"[..], b"Body=caf%E9", b"B%FFdy=x"] {
        assert_eq!(
            validator().validate(&form_request(SIGNATURE, bytes.to_vec()), URL),
            Err(WebhookError::MalformedForm)
        );
    }
    // A body that is not a form, with nothing covering it.
    let mut plain = form_request(SIGNATURE, b"hello".to_vec());
    plain
        .headers_mut()
        .insert("Content-Type", "text/plain".parse().unwrap());
    assert_eq!(
        validator().validate(&plain, URL),
        Err(WebhookError::UnsignedBody)
    );

    for url in [
        "",
        "/myapp.php",
        "mycompany.com/myapp.php",
        "ftp://mycompany.com/",
        "https://",
        "https://my company.com/",
    ] {
        let err = validator()
            .validate(&form_request(SIGNATURE, body.clone()), url)
            .unwrap_err();
        assert!(matches!(err, WebhookError::BadUrl(_)), "{url:?}: {err:?}");
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }

    // A huge body is hashed or parsed like any other, without a panic.
    let huge = vec![b'a'; 8 << 20];
    assert_eq!(
        validator().validate(&form_request(SIGNATURE, huge), URL),
        Err(WebhookError::WrongSignature)
    );
}

#[test]
fn errors_map_to_statuses_and_say_what_failed() {
    assert_eq!(WebhookError::WrongSignature.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        WebhookError::MissingSignature.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        WebhookError::BodyTooLarge { limit: 10 }.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        WebhookError::MissingSignature.to_string(),
        "no X-Twilio-Signature header"
    );
    assert_eq!(
        WebhookError::BodyHashMismatch.to_string(),
        "the body's SHA-256 is not the URL's bodySHA256"
    );
}

/// HMAC as RFC 2104 defines it, over any of the digest crates' hashes with a
/// 64-byte block.
fn plain_hmac<D: Digest>(key: &[u8], text: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block_key = if key.len() > BLOCK {
        D::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    block_key.resize(BLOCK, 0);
    let inner_pad: Vec<u8> = block_key.iter().map(|b| b ^ 0x36).collect();
    let outer_pad: Vec<u8> = block_key.iter().map(|b| b ^ 0x5c).collect();
    let mut inner = D::new();
    inner.update(&inner_pad);
    inner.update(text);
    let inner = inner.finalize();
    let mut outer = D::new();
    outer.update(&outer_pad);
    outer.update(inner);
    outer.finalize().to_vec()
}

/// The text Twilio signs, built plainly: the URL, then each distinct
/// (name, value) pair in sorted order.
fn signed_text(url: &str, params: &[(String, String)]) -> String {
    let mut pairs = params.to_vec();
    pairs.sort();
    pairs.dedup();
    let mut text = url.to_owned();
    for (name, value) in pairs {
        text += &name;
        text += &value;
    }
    text
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    // Names like Twilio's, values of any text (with `&`, `=`, `+`, `%`).
    prop::collection::vec(("[A-Za-z][A-Za-z0-9]{0,12}", "\\PC{0,24}"), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_requests_match_a_plain_hmac(
        path in "/[a-z0-9/._-]{0,20}",
        query in prop::option::of("[a-z]{1,5}=[a-z0-9%]{0,5}"),
        port in prop::option::of(1u16..),
        key in prop::collection::vec(any::<u8>(), 1..100),
        params in params(),
    ) {
        let host = match port {
            Some(port) => format!("example.com:{port}"),
            None => "example.com".to_owned(),
        };
        let url = match &query {
            Some(query) => format!("https://{host}{path}?{query}"),
            None => format!("https://{host}{path}"),
        };
        let expected = base64::engine::general_purpose::STANDARD
            .encode(plain_hmac::<Sha1>(&key, signed_text(&url, &params).as_bytes()));
        prop_assert_eq!(
            compute_signature(Algorithm::HmacSha1, &key, &url, params.iter().map(|(k, v)| (k, v))),
            expected.clone()
        );
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .finish();
        let request = Request::post(path.clone())
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header("X-Twilio-Signature", &expected)
            .body(body.into_bytes())
            .unwrap();
        let validator = Validator::new(&key);
        prop_assert!(validator.validate(&request, &url).is_ok());

        // The same signature for another parameter set fails.
        let mut other = params.clone();
        other.push(("Zz".to_owned(), "1".to_owned()));
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&other)
            .finish();
        let forged = Request::post(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", &expected)
            .body(body.into_bytes())
            .unwrap();
        prop_assert_eq!(validator.validate(&forged, &url), Err(WebhookError::WrongSignature));

        // SHA-256 with a shared key, the same way.
        let expected = base64::engine::general_purpose::STANDARD
            .encode(plain_hmac::<Sha256>(&key, signed_text(&url, &params).as_bytes()));
        prop_assert_eq!(
            compute_signature(Algorithm::HmacSha256, &key, &url, params.iter().map(|(k, v)| (k, v))),
            expected
        );
    }

    /// Whatever arrives, validation answers without a panic.
    #[test]
    fn arbitrary_requests_never_panic(
        signature in "\\PC{0,40}",
        settings in prop::option::of("\\PC{0,30}"),
        content_type in prop::option::of("[ -~]{0,40}"),
        body in prop::collection::vec(any::<u8>(), 0..300),
        url in "\\PC{0,60}",
    ) {
        let mut request = Request::post("/").body(body).unwrap();
        if let Ok(value) = signature.parse() {
            request.headers_mut().insert("X-Twilio-Signature", value);
        }
        if let Some(Ok(value)) = settings.map(|s| s.parse()) {
            request.headers_mut().insert("X-Twilio-Webhooks-Signature-Settings", value);
        }
        if let Some(Ok(value)) = content_type.map(|s| s.parse()) {
            request.headers_mut().insert("Content-Type", value);
        }
        let _ = Validator::new("key").shared_key("shared").validate(&request, &url);
        let _ = Validator::new("key").validate(&request, "https://example.com/x?bodySHA256=00");
    }
}
