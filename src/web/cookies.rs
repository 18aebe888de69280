//! The gate's cookies: their names, how they are set, read, and kept from the app. Over TLS
//! they carry the `__Host-` prefix, which browsers accept only when Secure, host-only and for
//! path `/`, so a sibling subdomain cannot plant one.

use std::time::Duration;

use cookie::{Cookie, CookieBuilder, SameSite};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};
use pingora::http::{RequestHeader, ResponseHeader};

use crate::policy::SessionScope;
use crate::web::outgoing::Outgoing;

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
/// The language chosen on a page.
pub const LANG: Name = Name { plain: "portcullis_lang", tls: "__Host-portcullis_lang" };
/// The key to new backup codes, which their page shows again (a reload) in this browser only.
pub const SHOWN_CODES: Name = Name { plain: "portcullis_codes", tls: "__Host-portcullis_codes" };
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

/// The `name=value` pairs of a `Cookie` line, trimmed.
fn pairs(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    super::split_at_each(line, b';').map(<[u8]>::trim_ascii)
}

/// The value of cookie `name` in the request's `Cookie` headers, read as bytes: an app's
/// cookie that is not ASCII in the same line does not hide the gate's.
pub fn read<'a>(req: &'a RequestHeader, name: &str) -> Option<&'a str> {
    req.headers.get_all(COOKIE).iter().flat_map(|v| pairs(v.as_bytes())).find_map(|pair| {
        let value = pair.strip_prefix(name.as_bytes())?.strip_prefix(b"=")?;
        std::str::from_utf8(value).ok()
    })
}

/// Whether a cookie (`name=value…`, perhaps followed by `; attributes`) is one of the gate's:
/// named [`PREFIX`]…, with or without `__Host-` or `__Secure-`, in any case (browsers match
/// those prefixes so). Read as bytes, so that no spelling escapes it.
fn is_ours(cookie: &[u8]) -> bool {
    let name = cookie[..memchr::memchr2(b'=', b';', cookie).unwrap_or(cookie.len())].trim_ascii();
    let starts = |s: &[u8], p: &[u8]| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    let name = [&b"__host-"[..], b"__secure-"].into_iter().find(|p| starts(name, p)).map_or(name, |p| &name[p.len()..]);
    starts(name, PREFIX.as_bytes())
}

/// The `Cookie` headers' pairs without the gate's cookies, as one header value; `None` when
/// there is nothing to change: none of the request's cookies is the gate's, in at most one
/// line. An HTTP/2 client may send a cookie a line (RFC 9113 §8.2.3), which HTTP/1.1 apps
/// must get as one. Read as bytes: a value need not be ASCII to go on.
pub fn without_ours(headers: &HeaderMap) -> Option<HeaderValue> {
    let lines = headers.get_all(COOKIE);
    let mut each = lines.iter();
    match (each.next(), each.next()) {
        (None, _) => return None,
        (Some(line), None) if !pairs(line.as_bytes()).any(is_ours) => return None,
        _ => {}
    }
    let mut kept = Vec::new();
    for pair in lines.iter().flat_map(|v| pairs(v.as_bytes())).filter(|pair| !pair.is_empty() && !is_ours(pair)) {
        if !kept.is_empty() {
            kept.extend_from_slice(b"; ");
        }
        kept.extend_from_slice(pair);
    }
    // The bytes came from header values, so they make one; were they not to, no cookie goes on.
    Some(HeaderValue::from_bytes(&kept).unwrap_or_else(|_| HeaderValue::from_static("")))
}

/// Removes the gate's cookies from the `Cookie` headers.
pub fn strip_from_request(req: &mut impl Outgoing) -> pingora::Result<()> {
    let Some(kept) = without_ours(req.headers()) else { return Ok(()) };
    req.remove(&COOKIE);
    if !kept.is_empty() {
        req.insert(COOKIE, kept)?;
    }
    Ok(())
}

/// Removes from an upstream response every `Set-Cookie` that names one of the gate's cookies:
/// an app must not sign a browser in or out of the gate, or plant its CSRF seed.
pub fn strip_from_response(resp: &mut ResponseHeader) -> pingora::Result<()> {
    let theirs = |v: &HeaderValue| !is_ours(v.as_bytes());
    if resp.headers.get_all(SET_COOKIE).iter().all(theirs) {
        return Ok(());
    }
    let kept: Vec<HeaderValue> = resp.headers.get_all(SET_COOKIE).iter().filter(|v| theirs(v)).cloned().collect();
    tracing::warn!("the upstream tried to set the gate's cookies; removed");
    resp.remove_header(&SET_COOKIE);
    kept.into_iter().try_for_each(|v| resp.append_header(SET_COOKIE, v).map(drop))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::request_for_tests as request;

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

    #[test]
    fn finds_and_strips_our_cookies_only() {
        let mut req = request(&[("Cookie", "a=1; portcullis_session=tok"), ("Cookie", "b=2; my_portcullis_x=3")]);
        assert_eq!(read(&req, "portcullis_session"), Some("tok"));
        assert_eq!(read(&req, "b"), Some("2"));
        strip_from_request(&mut req).expect("strip");
        let all: Vec<&str> = req.headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(all, ["a=1; b=2; my_portcullis_x=3"]);

        let mut only_ours = request(&[("Cookie", "__Host-portcullis_session=x; __Secure-portcullis_sso=y; __HOST-Portcullis_csrf=z")]);
        strip_from_request(&mut only_ours).expect("strip");
        assert!(only_ours.headers.get(COOKIE).is_none());

        let mut split = request(&[("Cookie", "a=1"), ("Cookie", "b=2")]);
        strip_from_request(&mut split).expect("strip");
        let all: Vec<&str> = split.headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(all, ["a=1; b=2"], "an HTTP/2 client's cookie lines go on as one");
        let mut raw = request(&[("Cookie", "a=1")]);
        raw.append_header(COOKIE, HeaderValue::from_bytes("name=Zoë".as_bytes()).expect("bytes")).expect("header");
        strip_from_request(&mut raw).expect("strip");
        assert_eq!(raw.headers.get(COOKIE).map(|v| v.as_bytes()), Some("a=1; name=Zoë".as_bytes()), "bytes go on as they came");
        let mut mixed = request(&[]);
        mixed
            .append_header(COOKIE, HeaderValue::from_bytes("name=Zoë; portcullis_session=tok".as_bytes()).expect("bytes"))
            .expect("header");
        assert_eq!(read(&mixed, "portcullis_session"), Some("tok"), "a UTF-8 cookie beside it hides nothing");
        let mut one = request(&[("Cookie", "a=1;b=2")]);
        assert_eq!(without_ours(&one.headers), None, "one line of theirs is left as it came");
        strip_from_request(&mut one).expect("strip");
        assert_eq!(one.headers.get(COOKIE).map(|v| v.as_bytes()), Some(&b"a=1;b=2"[..]));
    }

    #[test]
    fn an_upstream_cannot_set_the_gates_cookies() {
        let mut resp = ResponseHeader::build(200, None).expect("response");
        for v in [
            "theme=dark; Path=/",
            "portcullis_session=planted; Path=/",
            " __Host-portcullis_session=x; Secure; Path=/",
            "__secure-PORTCULLIS_sso=x; Domain=example.com",
            "portcullis_csrf; Path=/",
            "lang=de",
        ] {
            resp.append_header(SET_COOKIE, v).expect("header");
        }
        resp.append_header(SET_COOKIE, HeaderValue::from_bytes(b"portcullis_device=x; \xff").expect("bytes")).expect("header");
        strip_from_response(&mut resp).expect("strip");
        let left: Vec<&[u8]> = resp.headers.get_all(SET_COOKIE).iter().map(HeaderValue::as_bytes).collect();
        assert_eq!(left, [&b"theme=dark; Path=/"[..], b"lang=de"]);
    }
}
