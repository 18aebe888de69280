//! Signed cookie values: JWTs with the algorithm pinned to HS256 (`none` and algorithm
//! confusion refused by jsonwebtoken), `exp` required, no leeway.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A token that could not be signed (its claims would not serialise: a bug).
#[derive(Debug, thiserror::Error)]
#[error("signing a token: {0}")]
pub struct SignError(#[from] jsonwebtoken::errors::Error);

pub struct Signer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl Signer {
    pub fn new(key: &[u8]) -> Signer {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp"]);
        Signer { encoding: EncodingKey::from_secret(key), decoding: DecodingKey::from_secret(key), validation }
    }

    pub fn sign(&self, claims: &impl Serialize) -> Result<String, SignError> {
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)?)
    }

    /// The claims of a token whose signature, algorithm and expiry check out.
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Option<T> {
        jsonwebtoken::decode::<T>(token, &self.decoding, &self.validation).ok().map(|d| d.claims)
    }
}
