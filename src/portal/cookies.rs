//! The session cookie. Over TLS it carries the `__Host-` prefix, which browsers accept only
//! when Secure, host-only and for path `/`, so a sibling subdomain cannot plant one.

use std::time::Duration;

use cookie::{Cookie, SameSite};

/// Every cookie of the gate starts with this, so they can all be kept from the upstream.
pub const PREFIX: &str = "portcullis_";
const SESSION: &str = "portcullis_session";
const SESSION_TLS: &str = "__Host-portcullis_session";

pub fn session_name(tls: bool) -> &'static str {
    if tls {
        SESSION_TLS
    } else {
        SESSION
    }
}

pub fn session(tls: bool, value: String, max_age: Duration) -> Cookie<'static> {
    Cookie::build((session_name(tls), value))
        .path("/")
        .http_only(true)
        .secure(tls)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age.as_secs() as i64))
        .build()
}

/// A cookie that makes the browser forget the session.
pub fn cleared(tls: bool) -> Cookie<'static> {
    let mut c = session(tls, String::new(), Duration::ZERO);
    c.make_removal();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        let plain = session(false, "v".into(), Duration::from_secs(60)).to_string();
        assert!(plain.starts_with("portcullis_session=v;"), "{plain}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=60"] {
            assert!(plain.contains(attr), "{plain} lacks {attr}");
        }
        assert!(!plain.contains("Secure"), "{plain}");
        let tls = session(true, "v".into(), Duration::from_secs(60)).to_string();
        assert!(tls.starts_with("__Host-portcullis_session=v;") && tls.contains("Secure"), "{tls}");
        assert!(!tls.contains("Domain"), "{tls}");
    }
}
