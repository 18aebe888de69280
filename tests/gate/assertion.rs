//! The signed identity assertion: verified against the published JWKS with a JWT library,
//! signed once per lifetime window, expiring, refused for another audience, changed by a
//! key rotation; and a client's own never reaches the app.

use std::time::Duration;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use p256::pkcs8::EncodePrivateKey;
use serde_json::Value;

use crate::harness::{Gate, DEFAULT_RULES, HOST};

fn rules() -> String {
    format!("    assertion: {{ lifetime: 30s }}\n{DEFAULT_RULES}")
}

async fn jwks(gate: &Gate, path: &str) -> JwkSet {
    let resp = gate.bare_client().get(gate.url(path)).send().await.expect("jwks");
    assert_eq!(resp.status(), 200, "{path}");
    assert_eq!(resp.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/jwk-set+json"));
    resp.json().await.expect("a JWKS")
}

/// The claims of `token` checked against `keys` for `audience`, or the library's refusal.
fn verify(token: &str, keys: &JwkSet, audience: &str) -> Result<Value, jsonwebtoken::errors::Error> {
    let kid = decode_header(token)?.kid.expect("a key id");
    let jwk = keys.find(&kid).expect("the signing key is published");
    let mut validation = Validation::new(Algorithm::ES256);
    validation.leeway = 0;
    validation.set_audience(&[audience]);
    validation.set_issuer(&[format!("http://{HOST}/.portcullis")]);
    validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    decode::<Value>(token, &DecodingKey::from_jwk(jwk)?, &validation).map(|d| d.claims)
}

async fn assertion_of(b: &crate::harness::Browser) -> String {
    b.echo("/x").await.header("portcullis-assertion").expect("an assertion")
}

#[tokio::test]
async fn the_assertion_verifies_expires_and_names_how_the_user_signed_in() {
    let gate = Gate::start_with(&rules()).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let first = assertion_of(&b).await;
    let keys = jwks(&gate, "/.well-known/portcullis/jwks.json").await;
    assert_eq!(keys.keys.len(), 1);
    assert_eq!(serde_json::to_value(&jwks(&gate, "/.portcullis/jwks.json").await).ok(), serde_json::to_value(&keys).ok());

    let claims = verify(&first, &keys, HOST).expect("verifies");
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["name"], "Alice Example");
    assert_eq!(claims["email"], "alice@example.com");
    assert_eq!(claims["groups"], serde_json::json!(["staff", "admins"]));
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp", "mfa"]));
    let (iat, exp, auth_time) =
        (claims["iat"].as_i64().expect("iat"), claims["exp"].as_i64().expect("exp"), claims["auth_time"].as_i64().expect("auth_time"));
    assert_eq!(exp - iat, 30);
    assert!((portcullis::clock::now() - auth_time).abs() < 10, "{claims}");
    assert_eq!(claims["jti"].as_str().map(str::len), Some(32));
    assert!(claims.get("step_up").is_none());

    let refused = verify(&first, &keys, "other.example").expect_err("another audience");
    assert!(matches!(refused.kind(), jsonwebtoken::errors::ErrorKind::InvalidAudience), "{refused:?}");
    let tampered = format!("{}x", &first[..first.len() - 1]);
    assert!(verify(&tampered, &keys, HOST).is_err(), "a changed signature is refused");
    assert_eq!(assertion_of(&b).await, first, "signed once per window, not per request");
    let other = gate.browser();
    other.sign_up("bob").await;
    assert_ne!(assertion_of(&other).await, first, "each session its own");

    tokio::time::sleep(Duration::from_millis(16_000)).await;
    let renewed = assertion_of(&b).await;
    assert_ne!(renewed, first, "signed again once half its lifetime has gone");
    tokio::time::sleep(Duration::from_millis(15_500)).await;
    let expired = verify(&first, &keys, HOST).expect_err("expired");
    assert!(matches!(expired.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature), "{expired:?}");
    verify(&renewed, &keys, HOST).expect("the renewed one still verifies");
}

#[tokio::test]
async fn a_rotated_key_signs_while_the_old_one_is_still_published() {
    let mut gate = Gate::start_with(&rules()).await;
    let b = gate.browser();
    b.sign_up("alice").await;
    let before = assertion_of(&b).await;
    let old_kid = decode_header(&before).expect("header").kid;

    let new_key = gate.dir.path().join("new-assertion.pem");
    let pem = p256::SecretKey::random(&mut rand::rngs::OsRng).to_pkcs8_pem(p256::pkcs8::LineEnding::LF).expect("pem");
    std::fs::write(&new_key, pem.as_bytes()).expect("write key");
    let old_key = gate.dir.path().join("data").join("assertion.pem");
    let config = std::fs::read_to_string(gate.config_path()).expect("config");
    let rotated = format!("secrets:\n  assertion_key_files: [\"{}\", \"{}\"]\n{config}", new_key.display(), old_key.display());
    std::fs::write(gate.config_path(), rotated).expect("rotate");
    gate.restart();

    let keys = jwks(&gate, "/.well-known/portcullis/jwks.json").await;
    assert_eq!(keys.keys.len(), 2, "both keys are published");
    let after = assertion_of(&b).await;
    assert_ne!(decode_header(&after).expect("header").kid, old_kid, "the new key signs");
    verify(&after, &keys, HOST).expect("the new one verifies");
    verify(&before, &keys, HOST).expect("one signed by the old key still verifies");
}

#[tokio::test]
async fn a_clients_own_assertion_never_reaches_the_app() {
    let gate = Gate::start_with(&rules()).await;
    let api = gate.bare_client();
    for name in ["Portcullis-Assertion", "portcullis_assertion", "Portcullis-Target"] {
        let resp = api.get(gate.url("/public/x")).header(name, "forged").send().await.expect("bypass");
        assert_eq!(resp.status(), 200);
    }
    for received in gate.take_received() {
        assert!(received.header_all("portcullis-assertion").is_empty() && received.header_all("portcullis_assertion").is_empty());
        assert!(received.header_all("portcullis-target").is_empty(), "{received:?}");
    }
    let b = gate.browser();
    b.sign_up("alice").await;
    let echo = b.echo("/x").await;
    assert_eq!(echo.header_all("portcullis-assertion").len(), 1, "only the gate's own");
}
