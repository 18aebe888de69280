//! Tokens against cross-site form posts, on top of SameSite cookies. Each browser gets a
//! random `portcullis_csrf` cookie; every form carries an HMAC of it under a key only the gate
//! knows, so another site can neither read nor make a matching pair.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use cookie::{Cookie, SameSite};

use super::cookies;
use crate::keys;
use rand::RngCore;
use subtle::ConstantTimeEq;

pub struct Csrf {
    key: [u8; 32],
}

impl Csrf {
    /// Derives its own key from the session key, so the two uses never share one.
    pub fn new(session_key: &[u8]) -> Csrf {
        Csrf { key: keys::mac(session_key, &[b"portcullis csrf v1"]) }
    }

    fn mac(&self, seed: &str) -> [u8; 32] {
        keys::mac(&self.key, &[seed.as_bytes()])
    }

    /// The token forms carry for a browser whose cookie holds `seed`.
    pub fn token(&self, seed: &str) -> String {
        B64URL.encode(self.mac(seed))
    }

    pub fn verify(&self, seed: Option<&str>, token: &str) -> bool {
        let (Some(seed), Ok(given)) = (seed, B64URL.decode(token)) else { return false };
        let expected = self.mac(seed);
        !seed.is_empty() && bool::from(expected.as_slice().ct_eq(&given))
    }
}

/// One visit's CSRF state: the seed the browser sent, if any, and the token for the forms of
/// this response (made for a new seed when none was sent, to be set as a cookie).
pub struct VisitCsrf {
    pub sent: Option<String>,
    seed: String,
    pub token: String,
}

impl VisitCsrf {
    pub fn new(csrf: &Csrf, sent: Option<String>) -> VisitCsrf {
        let seed = sent.clone().filter(|s| !s.is_empty()).unwrap_or_else(new_seed);
        VisitCsrf { token: csrf.token(&seed), sent, seed }
    }

    /// The cookie to set when the browser had none.
    pub fn new_cookie(&self, tls: bool) -> Option<Cookie<'static>> {
        self.sent.is_none().then(|| cookie(tls, self.seed.clone()))
    }
}

/// A new random seed.
pub fn new_seed() -> String {
    let mut seed = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    B64URL.encode(seed)
}

pub fn cookie(tls: bool, seed: String) -> Cookie<'static> {
    cookies::build(&cookies::CSRF, tls, seed, SameSite::Strict).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_only_their_seed_and_key() {
        let csrf = Csrf::new(&[1u8; 32]);
        let seed = new_seed();
        let token = csrf.token(&seed);
        assert!(csrf.verify(Some(&seed), &token));
        assert!(!csrf.verify(Some(&new_seed()), &token));
        assert!(!csrf.verify(None, &token));
        assert!(!csrf.verify(Some(&seed), ""));
        assert!(!csrf.verify(Some(""), &csrf.token("")));
        assert!(!Csrf::new(&[2u8; 32]).verify(Some(&seed), &token));
    }
}
