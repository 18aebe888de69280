//! What the upstream is told: inbound identity headers are removed (in every case and
//! underscore spelling, on every path), ours are added, the gate's cookies are taken out
//! and the `X-Forwarded-*` headers are set from the connection.

use std::net::IpAddr;

use http::header::COOKIE;
use http::{HeaderName, HeaderValue};
use ipnet::IpNet;
use pingora::http::RequestHeader;

use crate::policy::IdentityHeaderNames;
use crate::users::User;

/// Identity headers some apps trust besides the configured ones; a client never gets to set them.
const WELL_KNOWN: &[&str] = &[
    "remote-user",
    "remote-name",
    "remote-email",
    "remote-groups",
    "x-remote-user",
    "x-forwarded-user",
    "x-forwarded-email",
    "x-forwarded-preferred-username",
    "x-forwarded-groups",
    "x-auth-request-user",
    "x-auth-request-email",
    "x-auth-request-groups",
    "x-webauth-user",
    "auth-user",
    // How the session passed its second factor (set by us for signed-in users).
    "remote-auth-via",
    "remote-auth-time",
    // Headers some stacks use to override the path, which would undo rule matching.
    "x-original-url",
    "x-rewrite-url",
    "x-forwarded-uri",
    "x-original-uri",
    "x-forwarded-prefix",
    // Set by us below from the connection.
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-real-ip",
];

/// `remote_user` and `Remote-User` are one header to many app servers (CGI turns both into
/// `HTTP_REMOTE_USER`), so names compare with `_` read as `-`; `http` has lower-cased them.
fn same_name(candidate: &str, name: &str) -> bool {
    candidate.len() == name.len()
        && candidate.bytes().zip(name.bytes()).all(|(c, n)| c == n || (c == b'_' && n == b'-'))
}

fn must_strip(candidate: &str, configured: &IdentityHeaderNames) -> bool {
    WELL_KNOWN.iter().any(|n| same_name(candidate, n))
        || configured.all().iter().any(|n| same_name(candidate, n.as_str()))
}

/// Removes every header that could claim an identity or a forwarded origin.
pub fn strip_inbound(req: &mut RequestHeader, configured: &IdentityHeaderNames) {
    let doomed: Vec<HeaderName> =
        req.headers.keys().filter(|k| must_strip(k.as_str(), configured)).cloned().collect();
    for name in &doomed {
        req.remove_header(name);
    }
}

const REMOTE_AUTH_VIA: HeaderName = HeaderName::from_static("remote-auth-via");
const REMOTE_AUTH_TIME: HeaderName = HeaderName::from_static("remote-auth-time");

/// The headers that tell an app who `user` is, and how the second factor was passed: by a
/// code entered at `code_at` (Unix time, for apps that log step-ups), or by a trusted device.
pub fn identity_of<'a>(
    names: &'a IdentityHeaderNames,
    user: &'a User,
    code_at: Option<i64>,
) -> impl Iterator<Item = (HeaderName, HeaderValue)> + 'a {
    let h = &user.headers;
    let via = HeaderValue::from_static(if code_at.is_some() { "code" } else { "trusted-device" });
    [
        Some((names.user.clone(), h.user.clone())),
        Some((names.name.clone(), h.name.clone())),
        Some((names.groups.clone(), h.groups.clone())),
        h.email.clone().map(|email| (names.email.clone(), email)),
        Some((REMOTE_AUTH_VIA, via)),
        code_at.map(|t| (REMOTE_AUTH_TIME, HeaderValue::from(t))),
    ]
    .into_iter()
    .flatten()
}

/// Adds the signed-in user's identity (see [`identity_of`]).
pub fn inject(req: &mut RequestHeader, names: &IdentityHeaderNames, user: &User, code_at: Option<i64>) -> pingora::Result<()> {
    identity_of(names, user, code_at).try_for_each(|(name, value)| req.insert_header(name, value))
}

/// Sets `X-Forwarded-For`, `-Proto` and `-Host`. `peer` is the socket's address; `chain` is
/// the `X-Forwarded-For` a trusted proxy sent, kept in front of it. An untrusted client's
/// chain never reaches the upstream.
pub fn set_forwarded(
    req: &mut RequestHeader,
    chain: Option<&str>,
    peer: IpAddr,
    tls: bool,
    host: &str,
) -> pingora::Result<()> {
    let xff = match chain {
        Some(chain) => format!("{chain}, {peer}"),
        None => peer.to_string(),
    };
    req.insert_header("x-forwarded-for", xff)?;
    req.insert_header("x-forwarded-proto", if tls { "https" } else { "http" })?;
    req.insert_header("x-forwarded-host", host)?;
    Ok(())
}

/// The client address: the socket peer, unless the peer is a trusted proxy, in which case the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, xff: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| is_trusted(*ip, trusted);
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(xff) = xff else { return peer };
    let mut hops = xff.rsplit(',').map(str::trim);
    let mut client = peer;
    for hop in hops.by_ref() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

/// Whether the client reached a trusted proxy in front of us over HTTPS, as the proxy says in
/// `X-Forwarded-Proto` (the first value, the one the client met). An untrusted peer's word
/// counts for nothing.
pub fn https_before(peer: IpAddr, forwarded_proto: Option<&str>, trusted: &[IpNet]) -> bool {
    let first = forwarded_proto.and_then(|p| p.split(',').next()).map(str::trim);
    first.is_some_and(|p| p.eq_ignore_ascii_case("https")) && is_trusted(peer, trusted)
}

pub fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|n| n.contains(&ip))
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(req: &'a RequestHeader, name: &str) -> Option<&'a str> {
    req.headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// Removes the gate's cookies (names starting with `prefix`, with or without `__Host-`)
/// from the `Cookie` headers.
pub fn strip_cookies(req: &mut RequestHeader, prefix: &str) -> pingora::Result<()> {
    let ours = |pair: &str| {
        let name = pair.trim().split('=').next().unwrap_or_default();
        name.strip_prefix("__Host-").unwrap_or(name).starts_with(prefix)
    };
    let values: Vec<&HeaderValue> = req.headers.get_all(COOKIE).iter().collect();
    if !values.iter().any(|v| v.to_str().map_or(true, |s| s.split(';').any(ours))) {
        return Ok(());
    }
    let kept: Vec<&str> = values
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !ours(pair))
        .collect();
    let joined = kept.join("; ");
    req.remove_header(&COOKIE);
    if !joined.is_empty() {
        req.insert_header(COOKIE, joined)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> IdentityHeaderNames {
        IdentityHeaderNames {
            user: HeaderName::from_static("x-app-user"),
            name: HeaderName::from_static("remote-name"),
            email: HeaderName::from_static("remote-email"),
            groups: HeaderName::from_static("remote-groups"),
        }
    }

    fn request(headers: &[(&str, &str)]) -> RequestHeader {
        let mut req = RequestHeader::build("GET", b"/", None).expect("request");
        for (k, v) in headers {
            req.append_header(k.to_string(), *v).expect("header");
        }
        req
    }

    #[test]
    fn strips_every_spelling_of_identity_headers() {
        let mut req = request(&[
            ("Remote-User", "a"),
            ("REMOTE_USER", "b"),
            ("remote_user", "c"),
            ("X_App_User", "d"),
            ("x-app-user", "e"),
            ("X-Forwarded-Uri", "/public/"),
            ("Remote-Groups", "admin"),
            ("Accept", "text/html"),
        ]);
        strip_inbound(&mut req, &names());
        let left: Vec<&str> = req.headers.keys().map(|k| k.as_str()).collect();
        assert_eq!(left, ["accept"]);
    }

    #[test]
    fn client_ip_trusts_xff_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net")];
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(client_ip(ip("192.0.2.7"), Some("1.2.3.4"), &trusted), ip("192.0.2.7"));
        assert_eq!(client_ip(ip("10.0.0.1"), Some("1.2.3.4"), &trusted), ip("1.2.3.4"));
        assert_eq!(client_ip(ip("10.0.0.1"), Some("6.6.6.6, 1.2.3.4, 10.0.0.2"), &trusted), ip("1.2.3.4"));
        assert_eq!(client_ip(ip("10.0.0.1"), Some("junk"), &trusted), ip("10.0.0.1"));
        assert_eq!(client_ip(ip("10.0.0.1"), None, &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn https_is_believed_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net")];
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert!(https_before(ip("10.0.0.1"), Some("https"), &trusted));
        assert!(https_before(ip("10.0.0.1"), Some("HTTPS, http"), &trusted), "the first hop's word");
        assert!(!https_before(ip("10.0.0.1"), Some("http, https"), &trusted));
        assert!(!https_before(ip("10.0.0.1"), None, &trusted));
        assert!(!https_before(ip("192.0.2.7"), Some("https"), &trusted), "an untrusted peer");
    }

    #[test]
    fn forwarded_for_keeps_a_chain_only_when_given_one() {
        let peer: IpAddr = "10.0.0.1".parse().expect("ip");
        let mut req = request(&[("X-Forwarded-For", "6.6.6.6")]);
        set_forwarded(&mut req, None, peer, false, "h").expect("set");
        assert_eq!(req.headers.get("x-forwarded-for").expect("xff"), "10.0.0.1");
        set_forwarded(&mut req, Some("1.2.3.4, 10.0.0.2"), peer, true, "h").expect("set");
        assert_eq!(req.headers.get("x-forwarded-for").expect("xff"), "1.2.3.4, 10.0.0.2, 10.0.0.1");
        assert_eq!(req.headers.get("x-forwarded-proto").expect("proto"), "https");
    }

    #[test]
    fn finds_and_strips_our_cookies_only() {
        let mut req = request(&[("Cookie", "a=1; portcullis_session=tok"), ("Cookie", "b=2; my_portcullis_x=3")]);
        assert_eq!(cookie(&req, "portcullis_session"), Some("tok"));
        assert_eq!(cookie(&req, "b"), Some("2"));
        strip_cookies(&mut req, "portcullis_").expect("strip");
        let all: Vec<&str> = req.headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(all, ["a=1; b=2; my_portcullis_x=3"]);

        let mut only_ours = request(&[("Cookie", "__Host-portcullis_session=x")]);
        strip_cookies(&mut only_ours, "portcullis_").expect("strip");
        assert!(only_ours.headers.get(COOKIE).is_none());
    }
}
