//! The method a request is judged as. Methods are read in upper case (`delete` is `DELETE`,
//! as many frameworks read it). Frameworks also take a POST for the method an override names
//! (Rails, Laravel, Symfony, Express, ASP.NET Core, gorilla; on POST only): the headers
//! `X-HTTP-Method-Override`, `X-Method-Override`, `X-HTTP-Method`, or a `_method` parameter
//! in the query or the form. Override headers are removed before the app sees them (or, on
//! sites with `method_override: judge`, a POST is judged as the method they name and they
//! pass on); a `_method` parameter makes a POST judged as that method too, the stricter
//! verdict winning, and is removed from the query on sites that remove overrides.

use http::header::CONTENT_TYPE;
use http::Method;
use pingora::http::RequestHeader;

use crate::policy::{MethodOverride, Site};
use crate::web::identity;
use crate::web::response::Response;

/// The largest url-encoded form read for a `_method` field (pingora's retry buffer, which
/// sends it on, holds 64 KiB); a larger one is judged as every method the site's rules name.
pub(super) const MAX_FORM_BYTES: usize = 64 * 1024;

/// `method` in upper case.
pub(super) fn upper_case(method: &Method) -> Method {
    if !method.as_str().bytes().any(|b| b.is_ascii_lowercase()) {
        return method.clone();
    }
    Method::from_bytes(method.as_str().to_ascii_uppercase().as_bytes()).unwrap_or_else(|_| method.clone())
}

/// The method a header value or parameter names (`delete`, ` DELETE `), if it is one.
pub(super) fn method_named(value: &[u8]) -> Option<Method> {
    Method::from_bytes(&value.trim_ascii().to_ascii_uppercase()).ok()
}

/// The method the rules judge the request as, from its override headers: its own, or on a
/// site that judges overrides, for a POST, the one they name (two that differ are refused).
pub(super) fn judged(req: &RequestHeader, site: &Site) -> Result<Method, Response> {
    let own = upper_case(&req.method);
    if site.method_override == MethodOverride::Remove || own != Method::POST {
        return Ok(own);
    }
    let named: Option<Vec<Method>> = identity::method_overrides(req).map(|(_, v)| method_named(v.as_bytes())).collect();
    match named.as_deref() {
        Some([]) => Ok(own),
        Some([first, rest @ ..]) if rest.iter().all(|m| m == first) => Ok(first.clone()),
        _ => Err(Response::plain(400, "Bad request: method overrides must name one method.\n")),
    }
}

/// Whether the override headers go on to the app: only a judged POST's.
pub(super) fn overrides_pass(req: &RequestHeader, site: &Site) -> bool {
    site.method_override == MethodOverride::Judge && upper_case(&req.method) == Method::POST
}

/// The method a `_method` parameter of `pairs` (a query or a url-encoded form) names.
pub(super) fn named_in(pairs: &[u8]) -> Option<Method> {
    form_urlencoded::parse(pairs).find(|(k, _)| k == "_method").and_then(|(_, v)| method_named(v.as_bytes()))
}

/// `query` without its `_method` parameters, the others kept byte for byte (`Some(None)`
/// when none is left); `None` when it has none.
pub(super) fn without_override(query: &str) -> Option<Option<String>> {
    let is_override = |pair: &&str| named_in(pair.as_bytes()).is_some() || pair.split('=').next() == Some("_method");
    let rest: Vec<&str> = query.split('&').filter(|p| !is_override(p)).collect();
    (rest.len() < query.split('&').count()).then(|| (!rest.is_empty()).then(|| rest.join("&")))
}

/// The query the app gets in place of `query`, where it changes: on a site that removes
/// overrides, a POST's without its `_method` (`method` is the request's, in upper case).
pub(super) fn app_query(method: &Method, site: &Site, query: Option<&str>) -> Option<Option<String>> {
    let remove = site.method_override == MethodOverride::Remove && *method == Method::POST;
    query.filter(|_| remove).and_then(without_override)
}

/// Whether this is a POST whose url-encoded form might name another method that the site's
/// rules tell apart from POST.
pub(super) fn form_may_override(req: &RequestHeader, site: &Site) -> bool {
    let form = req.headers.get(CONTENT_TYPE).is_some_and(|v| {
        let v = v.as_bytes();
        v.len() >= 33 && v[..33].eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
    });
    form && upper_case(&req.method) == Method::POST && site.rules.iter().any(|r| r.methods.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_read_in_upper_case() {
        for (sent, judged) in [("GET", "GET"), ("delete", "DELETE"), ("Delete", "DELETE"), ("PROPFIND", "PROPFIND"), ("purge", "PURGE")] {
            let method = Method::from_bytes(sent.as_bytes()).expect("method");
            assert_eq!(upper_case(&method).as_str(), judged);
        }
        assert_eq!(method_named(b" delete ").map(|m| m.to_string()), Some("DELETE".into()));
        assert_eq!(method_named(b"DEL ETE"), None);
        assert_eq!(method_named(b""), None);
    }

    #[test]
    fn an_override_counts_on_a_post_only() {
        let site = crate::config::compile::site_for_tests("host: a.example\nupstream: 127.0.0.1:1\nmethod_override: judge\n");
        let request = |method: &str, overrides: &[&str]| {
            let mut req = RequestHeader::build(method, b"/", None).expect("request");
            for value in overrides {
                req.append_header("x-http-method-override", *value).expect("header");
            }
            judged(&req, &site).map(|m| m.to_string()).map_err(|r| r.status)
        };
        assert_eq!(request("POST", &["delete"]), Ok("DELETE".into()));
        assert_eq!(request("post", &["GET"]), Ok("GET".into()));
        assert_eq!(request("DELETE", &["GET"]), Ok("DELETE".into()), "only a POST is taken for another method");
        assert_eq!(request("PUT", &["get"]), Ok("PUT".into()));
        assert_eq!(request("POST", &["GET", "DELETE"]), Err(400));
        assert_eq!(request("POST", &["GET", "get"]), Ok("GET".into()));
        assert_eq!(request("POST", &["DEL ETE"]), Err(400));
    }

    #[test]
    fn the_method_parameter() {
        assert_eq!(named_in(b"a=1&_method=delete").map(|m| m.to_string()), Some("DELETE".into()));
        assert_eq!(named_in(b"_method=PUT&_method=GET").map(|m| m.to_string()), Some("PUT".into()), "Rack takes the first");
        assert_eq!(named_in(b"a=1&x_method=PUT"), None);
        assert_eq!(without_override("a=1&_method=DELETE&b=%20"), Some(Some("a=1&b=%20".into())));
        assert_eq!(without_override("_method"), Some(None));
        assert_eq!(without_override("%5Fmethod=DELETE&b=2"), Some(Some("b=2".into())), "an encoded name is the name");
        assert_eq!(without_override("a=1&b=2"), None);
    }
}
