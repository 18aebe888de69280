//! Signed identity assertions: a JWT (ES256) that tells the app who the user is and how and
//! when they proved it — `auth_time`, `amr` (RFC 8176: `pwd`, `otp`, `mfa`; `hwk` or `swk` for a
//! passkey, by whether it can leave its device; `device` when a trusted device stood in for the code) and the last step-up's factor and time — so that
//! the app need not trust the network between it and the gate. Keys come from files or are
//! generated once (see `keys::assertion_keys`); the first signs, all are published as a JWKS.
//!
//! A token is signed once per session and site and reused while at least half its lifetime
//! is left, so that the signed-in path does not sign (tens of µs) on every request.

use std::time::Duration;

use bytes::Bytes;
use http::HeaderValue;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use moka::sync::Cache;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::session::{LiveSession, Proof};
use crate::policy::{AssertionSpec, Site};
use crate::store::{PasskeyKind, PasskeyUse};
use crate::users::User;

/// The longest a token is reused; sessions beyond the cache's capacity are signed again.
const CACHE_CAPACITY: u64 = 100_000;

pub struct Assertions {
    signing: EncodingKey,
    kid: String,
    /// The public keys, as served at `jwks.json`.
    jwks: Bytes,
    /// By session id hash: the site it was signed for, the header value, when to sign again.
    signed: Cache<[u8; 32], (Box<str>, HeaderValue, i64)>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    groups: &'a [String],
    iat: i64,
    exp: i64,
    jti: String,
    auth_time: i64,
    amr: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    step_up: Option<StepUpClaim<'a>>,
}

#[derive(Serialize)]
struct StepUpClaim<'a> {
    factor: &'a str,
    time: i64,
}

impl Assertions {
    /// From the PEM keys, the signing one first; an error says which key is not a P-256 one.
    pub fn new(pems: &[Zeroizing<String>]) -> Result<Assertions, String> {
        let mut keys = Vec::new();
        for (i, pem) in pems.iter().enumerate() {
            let key =
                signing_key(pem).ok_or_else(|| format!("assertion key {}: not a P-256 private key in PEM (PKCS#8 or SEC1)", i + 1))?;
            let mut jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).map_err(|e| format!("assertion key {}: {e}", i + 1))?;
            let kid = key_id(&jwk);
            jwk.common.key_id = Some(kid.clone());
            jwk.common.public_key_use = Some(PublicKeyUse::Signature);
            keys.push((key, kid, jwk));
        }
        let jwks =
            serde_json::to_vec(&JwkSet { keys: keys.iter().map(|(_, _, jwk)| jwk.clone()).collect() }).map_err(|e| e.to_string())?.into();
        let (signing, kid, _) = keys.into_iter().next().ok_or("no assertion key")?;
        let signed = Cache::builder().max_capacity(CACHE_CAPACITY).time_to_live(Duration::from_secs(3600)).build();
        Ok(Assertions { signing, kid, jwks, signed })
    }

    /// The JWKS document of every key.
    pub fn jwks(&self) -> Bytes {
        self.jwks.clone()
    }

    /// The assertion for `user`'s `session` on `site` (its audience; the issuer is its portal,
    /// over TLS or not): the one signed before while half its lifetime is left, else a new one.
    #[allow(clippy::too_many_arguments)]
    pub fn header_value(
        &self,
        spec: &AssertionSpec,
        tls: bool,
        portal: &str,
        site: &Site,
        user: &User,
        session: &LiveSession,
        now: i64,
    ) -> Option<HeaderValue> {
        if let Some((host, value, renew_at)) = self.signed.get(&session.id_hash) {
            if *host == *site.host && now < renew_at {
                return Some(value);
            }
        }
        let lifetime = spec.lifetime.as_secs() as i64;
        let issuer = format!("{}://{}{portal}", if tls { "https" } else { "http" }, site.host);
        let value = HeaderValue::try_from(self.sign(&issuer, &site.host, user, session, now, lifetime)?).ok()?;
        self.signed.insert(session.id_hash, (site.host.as_str().into(), value.clone(), now + lifetime / 2));
        Some(value)
    }

    fn sign(&self, issuer: &str, audience: &str, user: &User, session: &LiveSession, now: i64, lifetime: i64) -> Option<String> {
        let mut jti = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut jti);
        let claims = Claims {
            iss: issuer,
            aud: audience,
            sub: &user.username,
            name: &user.display_name,
            email: user.email.as_deref(),
            groups: &user.groups,
            iat: now,
            exp: now + lifetime,
            jti: jti.iter().map(|b| format!("{b:02x}")).collect(),
            auth_time: session.code_at.unwrap_or(session.created),
            amr: match session.proof() {
                Proof::Code => &["pwd", "otp", "mfa"],
                Proof::Passkey(PasskeyUse { kind: PasskeyKind::DeviceBound, alone: false }) => &["pwd", "hwk", "mfa"],
                Proof::Passkey(PasskeyUse { kind: PasskeyKind::Synced, alone: false }) => &["pwd", "swk", "mfa"],
                // A passkey that verified its user is two factors itself (the device, and a
                // fingerprint, face or PIN).
                Proof::Passkey(PasskeyUse { kind: PasskeyKind::DeviceBound, alone: true }) => &["hwk", "mfa"],
                Proof::Passkey(PasskeyUse { kind: PasskeyKind::Synced, alone: true }) => &["swk", "mfa"],
                Proof::TrustedDevice => &["pwd", "device", "mfa"],
                Proof::PasswordOnly => &["pwd"],
            },
            step_up: session.factor.as_ref().map(|(factor, time)| StepUpClaim { factor, time: *time }),
        };
        let header = Header { kid: Some(self.kid.clone()), ..Header::new(Algorithm::ES256) };
        match jsonwebtoken::encode(&header, &claims, &self.signing) {
            Ok(token) => Some(token),
            Err(e) => {
                tracing::error!("an identity assertion could not be signed: {e}");
                None
            }
        }
    }
}

/// A P-256 private key in PEM, PKCS#8 (`openssl genpkey`) or SEC1 (`openssl ecparam -genkey`).
fn signing_key(pem: &str) -> Option<EncodingKey> {
    let key = p256::SecretKey::from_pkcs8_pem(pem).or_else(|_| p256::SecretKey::from_sec1_pem(pem)).ok()?;
    Some(EncodingKey::from_ec_der(key.to_pkcs8_der().ok()?.as_bytes()))
}

/// A key's id: the first 16 hex digits of a SHA-256 of its public point.
fn key_id(jwk: &Jwk) -> String {
    let point = match &jwk.algorithm {
        AlgorithmParameters::EllipticCurve(ec) => format!("{}.{}", ec.x, ec.y),
        _ => String::new(),
    };
    Sha256::digest(point.as_bytes())[..8].iter().map(|b| format!("{b:02x}")).collect()
}
