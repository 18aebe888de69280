//! The gate's cookies. Over TLS they carry the `__Host-` prefix, which browsers accept only
//! when Secure, host-only and for path `/`, so a sibling subdomain cannot plant one.

use std::time::Duration;

use cookie::{Cookie, CookieBuilder, SameSite};

use crate::policy::SessionScope;

/// Every cookie of the gate starts with this, so they can all be kept from the upstream.
pub const PREFIX: &str = "portcullis_";

/// A cookie's name over plain HTTP and over TLS.
pub struct Name {
    plain: &'static str,
    tls: &'static str,
}

impl Name {
    pub fn get(&self, tls: bool) -> &'static str {
        if tls {
            self.tls
        } else {
            self.plain
        }
    }
}

pub const SESSION: Name = Name { plain: "portcullis_session", tls: "__Host-portcullis_session" };
pub const CSRF: Name = Name { plain: "portcullis_csrf", tls: "__Host-portcullis_csrf" };
pub const DEVICE: Name = Name { plain: "portcullis_device", tls: "__Host-portcullis_device" };
/// The session of sites that share one: set for their parent domain, which `__Host-` forbids.
pub const SHARED_SESSION: Name = Name { plain: "portcullis_sso", tls: "__Secure-portcullis_sso" };

/// A site's session cookie: its own, or the one its group of sites shares.
pub struct SessionCookie<'a> {
    name: &'static Name,
    domain: Option<&'a str>,
}

impl SessionCookie<'_> {
    pub fn of(scope: &SessionScope) -> SessionCookie<'_> {
        match &scope.domain {
            Some(domain) => SessionCookie { name: &SHARED_SESSION, domain: Some(domain) },
            None => SessionCookie { name: &SESSION, domain: None },
        }
    }

    pub fn name(&self, tls: bool) -> &'static str {
        self.name.get(tls)
    }

    pub fn lasting(&self, tls: bool, value: String, max_age: Duration) -> Cookie<'static> {
        self.with_domain(lasting(self.name, tls, value, max_age))
    }

    pub fn cleared(&self, tls: bool) -> Cookie<'static> {
        self.with_domain(cleared(self.name, tls))
    }

    fn with_domain(&self, mut c: Cookie<'static>) -> Cookie<'static> {
        if let Some(domain) = self.domain {
            c.set_domain(domain.to_string());
        }
        c
    }
}

/// HttpOnly, for the whole host, Secure over TLS.
pub fn build(name: &Name, tls: bool, value: String, same_site: SameSite) -> CookieBuilder<'static> {
    Cookie::build((name.get(tls), value)).path("/").http_only(true).secure(tls).same_site(same_site)
}

/// A session or device cookie, which the browser keeps for `max_age`.
pub fn lasting(name: &Name, tls: bool, value: String, max_age: Duration) -> Cookie<'static> {
    build(name, tls, value, SameSite::Lax).max_age(cookie::time::Duration::seconds(max_age.as_secs() as i64)).build()
}

/// A cookie that makes the browser forget the cookie `name`.
pub fn cleared(name: &Name, tls: bool) -> Cookie<'static> {
    let mut c = lasting(name, tls, String::new(), Duration::ZERO);
    c.make_removal();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        let plain = lasting(&SESSION, false, "v".into(), Duration::from_secs(60)).to_string();
        assert!(plain.starts_with("portcullis_session=v;"), "{plain}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=60"] {
            assert!(plain.contains(attr), "{plain} lacks {attr}");
        }
        assert!(!plain.contains("Secure"), "{plain}");
        let tls = lasting(&SESSION, true, "v".into(), Duration::from_secs(60)).to_string();
        assert!(tls.starts_with("__Host-portcullis_session=v;") && tls.contains("Secure"), "{tls}");
        assert!(!tls.contains("Domain"), "{tls}");
        for name in [&SESSION, &CSRF, &DEVICE, &SHARED_SESSION].into_iter().flat_map(|n| [n.get(false), n.get(true)]) {
            let bare = name.trim_start_matches("__Host-").trim_start_matches("__Secure-");
            assert!(bare.starts_with(PREFIX), "{name} is not kept from the upstream");
        }
    }

    #[test]
    fn a_shared_session_is_set_for_the_parent_domain() {
        let scope = SessionScope { id: "a.example.com b.example.com".into(), domain: Some("example.com".into()) };
        let shared = SessionCookie::of(&scope).lasting(true, "v".into(), Duration::from_secs(60)).to_string();
        assert!(
            shared.starts_with("__Secure-portcullis_sso=v;") && shared.contains("Domain=example.com") && shared.contains("Secure"),
            "{shared}"
        );
        let own = SessionScope { id: "a.example.com".into(), domain: None };
        assert_eq!(SessionCookie::of(&own).name(true), "__Host-portcullis_session");
        let cleared = SessionCookie::of(&scope).cleared(false).to_string();
        assert!(cleared.contains("Domain=example.com") && cleared.contains("Max-Age=0"), "{cleared}");
    }
}
