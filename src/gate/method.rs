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

/// The largest POST body read for a `_method` field (pingora's retry buffer, which sends it
/// on, holds 64 KiB); a larger one is judged as every method an override may name.
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
    if site.method_override != MethodOverride::Judge || own != Method::POST {
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

/// Whether a parameter's name is one a framework reads as `_method`, as Rack reads names
/// (brackets around a name dropped, the name ended at the next: `[_method]`, `_method[]`) or
/// as PHP does (leading spaces skipped, `.` and space read as `_`, a `[` never closed read as
/// `_`, the name cut at NUL).
fn names_override(raw_name: &str) -> bool {
    let decoded: String = form_urlencoded::parse(raw_name.as_bytes()).map(|(k, _)| k.into_owned()).collect();
    let name = decoded.trim_start();
    let rack = name.trim_start_matches(['[', ']']).split(['[', ']']).next().unwrap_or_default();
    let php = name.split('\0').next().unwrap_or_default();
    let php: String = match php.find('[') {
        Some(open) if php[open..].contains(']') => php[..open].to_string(),
        Some(open) => format!("{}_{}", &php[..open], &php[open + 1..]),
        None => php.to_string(),
    };
    let php = php.replace(['.', ' '], "_");
    rack == "_method" || php == "_method"
}

/// The parameters of a query or url-encoded form, split as Rack splits them (on `&` and `;`).
fn parameters(pairs: &str) -> impl Iterator<Item = (&str, &str)> {
    pairs.split(['&', ';']).map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// Every method a `_method` parameter of `pairs` (a query or a url-encoded form) names, in any
/// spelling a framework reads (frameworks differ on which of several counts: all do here).
pub(super) fn named_in(pairs: &[u8]) -> Vec<Method> {
    let pairs = String::from_utf8_lossy(pairs);
    parameters(&pairs)
        .filter(|(name, _)| names_override(name))
        .filter_map(|(_, value)| {
            let value: String = form_urlencoded::parse(format!("v={value}").as_bytes()).map(|(_, v)| v.into_owned()).collect();
            method_named(value.as_bytes())
        })
        .collect()
}

/// `query` without its `_method` parameters, the others kept byte for byte (`Some(None)`
/// when none is left); `None` when it has none.
pub(super) fn without_override(query: &str) -> Option<Option<String>> {
    let is_override = |pair: &&str| names_override(pair.split('=').next().unwrap_or_default());
    let pairs: Vec<&str> = query.split(['&', ';']).collect();
    let rest: Vec<&str> = pairs.iter().copied().filter(|p| !is_override(p)).collect();
    (rest.len() < pairs.len()).then(|| (!rest.is_empty()).then(|| rest.join("&")))
}

/// The query the app gets in place of `query`, where it changes: on a site that removes
/// overrides, a POST's without its `_method` (`method` is the request's, in upper case).
pub(super) fn app_query(method: &Method, site: &Site, query: Option<&str>) -> Option<Option<String>> {
    let remove = site.method_override == MethodOverride::Remove && *method == Method::POST;
    query.filter(|_| remove).and_then(without_override)
}

/// Whether a POST's parameters could make the app take it for another method that the
/// site's rules tell apart: on a site whose rules name methods, unless it says its app takes
/// no overrides.
pub(super) fn post_may_override(method: &Method, site: &Site) -> bool {
    *method == Method::POST && site.method_override != MethodOverride::Ignore && site.rules.iter().any(|r| r.methods.is_some())
}

/// Whether a body of this type is read as a url-encoded form: so typed, or untyped (Rack
/// takes an untyped POST for a form).
pub(super) fn is_form(req: &RequestHeader) -> bool {
    req.headers.get(CONTENT_TYPE).is_none_or(|v| {
        let v = v.as_bytes().trim_ascii_start();
        v.len() >= 33 && v[..33].eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
    })
}

/// The methods a body may name that the gate cannot read for sure (too large, of no stated
/// length, multipart, JSON…, where `method` appears): every method an override may name,
/// and those the site's rules name.
pub(super) fn any_override(site: &Site) -> Vec<Method> {
    let overridable = [Method::GET, Method::HEAD, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS];
    overridable.into_iter().chain(site.rules.iter().filter_map(|r| r.methods.as_ref()).flatten().cloned()).collect()
}

/// Whether a body that is not read as a form could still carry an override: it mentions
/// `method` (a multipart part `_method`, JSON's `"_method"`, PHP's `.method`), in any case.
pub(super) fn mentions_method(body: &[u8]) -> bool {
    body.windows(6).any(|w| w.eq_ignore_ascii_case(b"method"))
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
        let named = |pairs: &str| named_in(pairs.as_bytes()).iter().map(Method::to_string).collect::<Vec<_>>();
        assert_eq!(named("a=1&_method=delete"), ["DELETE"]);
        assert_eq!(named("_method=PUT&_method=GET"), ["PUT", "GET"], "Rack and PHP take the last, others the first: both count");
        for spelling in [
            "[_method]",
            "_method]",
            "]_method",
            "_method[]",
            "%5Fmethod",
            " _method",
            "+_method",
            ".method",
            "[method",
            "_method%00x",
            "_METHOD",
        ] {
            let found = named(&format!("a=1&{spelling}=DELETE"));
            assert_eq!(found.is_empty(), spelling == "_METHOD", "{spelling}: {found:?}");
        }
        assert_eq!(named("a=1;_method=DELETE"), ["DELETE"], "Rack splits on ';' too");
        assert_eq!(named("_method=DEL%45TE"), ["DELETE"]);
        assert!(named("a=1&x_method=PUT&_method=").is_empty());
        assert_eq!(without_override("a=1&_method=DELETE&b=%20"), Some(Some("a=1&b=%20".into())));
        assert_eq!(without_override("_method"), Some(None));
        assert_eq!(without_override("%5Fmethod=DELETE&b=2"), Some(Some("b=2".into())), "an encoded name is the name");
        assert_eq!(without_override("a=1&b=2"), None);
        assert_eq!(without_override("a=1;.method=DELETE&b"), Some(Some("a=1&b".into())));
        assert!(mentions_method(b"--x\r\nContent-Disposition: form-data; name=\"_method\"") && mentions_method(b"{\"_METHOD\":1}"));
        assert!(!mentions_method(b"a=1&b=2"));
    }
}
