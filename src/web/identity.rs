//! What the upstream is told: inbound identity headers are removed (in every case and
//! underscore spelling, on every path), ours are added, the gate's cookies are taken out
//! and the `X-Forwarded-*` headers are set from the connection.

use std::borrow::Cow;
use std::net::IpAddr;

use http::{HeaderName, HeaderValue};
use ipnet::IpNet;
use pingora::http::RequestHeader;

use crate::auth::session::Proof;
use crate::policy::{IdentityHeaderNames, MethodOverride, Site};
use crate::users::User;
use crate::web::outgoing::Outgoing;

/// Headers through which an app may learn who the user is, where the request came from, over
/// what, or what it asked for, as auth proxies and platforms set them: a client never gets to.
/// Apps moved from behind oauth2-proxy, Authelia, authentik, Pomerium, Cloudflare Access,
/// Google IAP, AWS ALB, Azure App Service, Tailscale, Vouch, Teleport, Kong, Grafana's auth
/// proxy, mod_auth_openidc, Shibboleth, mod_auth_mellon, App Engine, Kubernetes' front proxy,
/// WSGI/PSGI middleware, Rack::Sendfile or a TLS-terminating proxy still trust them. (Not
/// `X-Auth-Token`: clients of OpenStack-style APIs send it themselves.) Sorted, lower case, `-` for `_`.
pub const IDENTITY_HEADERS: &[&str] = &[
    "auth-user",
    "base-url",
    "cf-access-authenticated-user-email",
    "cf-access-jwt-assertion",
    "cf-connecting-ip",
    "cf-ipcountry",
    "client-ip",
    "eppn",
    "fastly-client-ip",
    "forwarded",
    "forwarded-for",
    "front-end-https",
    "gap-auth",
    "mellon-nameid",
    "oidc-access-token",
    "oidc-claim-email",
    "oidc-claim-sub",
    "oidc-id-token",
    "proxy-client-ip",
    "remote-auth-time",
    "remote-auth-via",
    "remote-email",
    "remote-groups",
    "remote-name",
    "remote-user",
    "shib-identity-provider",
    "shib-session-id",
    "ssl-client-cert",
    "ssl-client-s-dn",
    "ssl-client-verify",
    "tailscale-headers-info",
    "tailscale-user-login",
    "tailscale-user-name",
    "tailscale-user-profile-pic",
    "teleport-jwt-assertion",
    "true-client-ip",
    "wl-proxy-client-ip",
    "x-accel-mapping",
    "x-access-token",
    "x-amzn-oidc-accesstoken",
    "x-amzn-oidc-data",
    "x-amzn-oidc-identity",
    "x-anonymous-consumer",
    "x-appengine-user-email",
    "x-appengine-user-id",
    "x-arr-clientcert",
    "x-arr-ssl",
    "x-auth-email",
    "x-auth-groups",
    "x-auth-request-access-token",
    "x-auth-request-email",
    "x-auth-request-groups",
    "x-auth-request-preferred-username",
    "x-auth-request-redirect",
    "x-auth-request-user",
    "x-auth-roles",
    "x-auth-subject",
    "x-auth-user",
    "x-auth-userid",
    "x-auth-username",
    "x-authenticated-scope",
    "x-authenticated-userid",
    "x-authentik-email",
    "x-authentik-groups",
    "x-authentik-jwt",
    "x-authentik-name",
    "x-authentik-uid",
    "x-authentik-username",
    "x-client-cert",
    "x-client-cert-dn",
    "x-client-ip",
    "x-client-verify",
    "x-cluster-client-ip",
    "x-consumer-custom-id",
    "x-consumer-groups",
    "x-consumer-id",
    "x-consumer-username",
    "x-credential-identifier",
    "x-email",
    "x-envoy-external-address",
    "x-envoy-original-path",
    "x-forwarded",
    "x-forwarded-access-token",
    "x-forwarded-client-cert",
    "x-forwarded-email",
    "x-forwarded-for",
    "x-forwarded-groups",
    "x-forwarded-host",
    "x-forwarded-path",
    "x-forwarded-port",
    "x-forwarded-preferred-username",
    "x-forwarded-prefix",
    "x-forwarded-proto",
    "x-forwarded-protocol",
    "x-forwarded-scheme",
    "x-forwarded-server",
    "x-forwarded-ssl",
    "x-forwarded-uri",
    "x-forwarded-url",
    "x-forwarded-user",
    "x-goog-authenticated-user-email",
    "x-goog-authenticated-user-id",
    "x-goog-iap-jwt-assertion",
    "x-host",
    "x-http-destinationurl",
    "x-http-host-override",
    "x-id-token",
    "x-jwt-assertion",
    "x-ms-client-principal",
    "x-ms-client-principal-id",
    "x-ms-client-principal-idp",
    "x-ms-client-principal-name",
    "x-ms-token-aad-access-token",
    "x-ms-token-aad-id-token",
    "x-original-forwarded-for",
    "x-original-host",
    "x-original-method",
    "x-original-path",
    "x-original-uri",
    "x-original-url",
    "x-originating-ip",
    "x-override-url",
    "x-pomerium-claim-email",
    "x-pomerium-claim-groups",
    "x-pomerium-claim-user",
    "x-pomerium-jwt-assertion",
    "x-proxy-user",
    "x-proxyuser-ip",
    "x-real-ip",
    "x-remote-addr",
    "x-remote-email",
    "x-remote-group",
    "x-remote-groups",
    "x-remote-name",
    "x-remote-user",
    "x-request-uri",
    "x-rewrite-url",
    "x-scheme",
    "x-script-name",
    "x-sendfile-type",
    "x-ssl-client-cert",
    "x-ssl-client-dn",
    "x-ssl-client-s-dn",
    "x-ssl-client-verify",
    "x-url-scheme",
    "x-user",
    "x-user-email",
    "x-user-id",
    "x-user-name",
    "x-userinfo",
    "x-username",
    "x-vouch-user",
    "x-webauth-email",
    "x-webauth-groups",
    "x-webauth-name",
    "x-webauth-role",
    "x-webauth-user",
];

/// Families of such headers whose members vary (claims, metadata, the many `X-Forwarded-*`
/// and `X-Original-*`): removed by prefix. The gate sets `X-Forwarded-For`, `-Proto` and
/// `-Host` itself afterwards.
pub const IDENTITY_PREFIXES: &[&str] = &[
    "cf-access-",
    "mellon-",
    "oidc-claim-",
    // The gate's own: its assertion, forward-auth's answers.
    "portcullis-",
    "shib-",
    "tailscale-",
    "x-amzn-oidc-",
    "x-appengine-",
    "x-auth-request-",
    "x-authenticated-",
    "x-authentik-",
    "x-consumer-",
    "x-forwarded-",
    "x-goog-authenticated-",
    "x-ms-client-principal",
    "x-ms-token-",
    "x-original-",
    "x-pomerium-",
    "x-remote-",
    "x-vouch-",
    "x-webauth-",
];

/// Headers that make many frameworks treat a request as another method.
pub const METHOD_OVERRIDES: &[&str] = &["x-http-method", "x-http-method-override", "x-method-override"];

/// `remote_user` and `Remote-User` are one header to many app servers (CGI turns both into
/// `HTTP_REMOTE_USER`), so names are compared with `_` read as `-`; `http` has lower-cased
/// them. Borrows unless the name has a `_`.
fn dashed(name: &str) -> Cow<'_, str> {
    if name.contains('_') {
        Cow::Owned(name.replace('_', "-"))
    } else {
        Cow::Borrowed(name)
    }
}

fn must_strip(candidate: &str, site: &Site) -> bool {
    let name = dashed(candidate);
    let name = name.as_ref();
    let listed = LISTED.may_start(name)
        && (IDENTITY_HEADERS.binary_search(&name).is_ok()
            || IDENTITY_PREFIXES.iter().any(|p| name.starts_with(p))
            || (site.method_override != MethodOverride::Judge && METHOD_OVERRIDES.contains(&name)));
    listed
        || site.headers.all().iter().any(|n| dashed(n.as_str()) == name)
        || site.assertion.as_ref().is_some_and(|a| dashed(a.header.as_str()) == name)
        || site.strip_headers.iter().any(|p| p.matches(name))
}

/// How every name and prefix of the lists above starts: their first two bytes, each pair
/// hashed to one of 256 bits. A header whose first two bytes are not among them (most that
/// browsers send: `accept-*`, `cookie`, `host`, `user-agent`, `sec-fetch-*`) is in none of
/// the lists, and they need not be searched for it.
const LISTED: Starts = Starts::of(&[IDENTITY_HEADERS, IDENTITY_PREFIXES, METHOD_OVERRIDES]);

struct Starts([u64; 4]);

impl Starts {
    const fn of(lists: &[&[&str]]) -> Starts {
        let mut bits = [0u64; 4];
        let mut l = 0;
        while l < lists.len() {
            let mut i = 0;
            while i < lists[l].len() {
                let bit = Starts::bit(lists[l][i].as_bytes());
                bits[bit / 64] |= 1 << (bit % 64);
                i += 1;
            }
            l += 1;
        }
        Starts(bits)
    }

    const fn bit(name: &[u8]) -> usize {
        let second = if name.len() > 1 { name[1] } else { 0 };
        match name.first() {
            Some(&first) => (first as usize * 31 + second as usize) & 255,
            None => 0,
        }
    }

    fn may_start(&self, name: &str) -> bool {
        let bit = Starts::bit(name.as_bytes());
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Removes every header that could claim an identity, a forwarded origin or another path,
/// those the site names, and method overrides unless the site judges them.
pub fn strip_inbound(req: &mut impl Outgoing, site: &Site) {
    let doomed: Vec<HeaderName> = req.headers().keys().filter(|k| must_strip(k.as_str(), site)).cloned().collect();
    for name in &doomed {
        req.remove(name);
    }
}

/// The method-override headers of a request, in any spelling.
pub fn method_overrides(req: &RequestHeader) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
    req.headers.iter().filter(|(k, _)| METHOD_OVERRIDES.contains(&dashed(k.as_str()).as_ref()))
}

const REMOTE_AUTH_VIA: HeaderName = HeaderName::from_static("remote-auth-via");
const REMOTE_AUTH_TIME: HeaderName = HeaderName::from_static("remote-auth-time");

/// The headers that tell an app who `user` is, and how the second factor was passed: by a
/// code entered at `code_at` (Unix time, for apps that log step-ups), or by a trusted device.
pub fn identity_of<'a>(
    names: &'a IdentityHeaderNames,
    user: &'a User,
    (proof, code_at): (Proof, Option<i64>),
) -> impl Iterator<Item = (HeaderName, HeaderValue)> + 'a {
    let h = &user.headers;
    let via = HeaderValue::from_static(match proof {
        Proof::Code => "code",
        Proof::Passkey(_) => "webauthn",
        Proof::TrustedDevice => "trusted-device",
        Proof::PasswordOnly => "password",
    });
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
pub fn inject(req: &mut impl Outgoing, names: &IdentityHeaderNames, user: &User, proof: (Proof, Option<i64>)) -> pingora::Result<()> {
    identity_of(names, user, proof).try_for_each(|(name, value)| req.insert(name, value))
}

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

/// Sets `X-Forwarded-For`, `-Proto` and `-Host`. `peer` is the socket's address, as text;
/// `chain` is the `X-Forwarded-For` a trusted proxy sent, kept in front of it. An untrusted
/// client's chain never reaches the upstream.
pub fn set_forwarded(req: &mut impl Outgoing, chain: Option<&str>, peer: HeaderValue, tls: bool, host: HeaderValue) -> pingora::Result<()> {
    let xff = match chain {
        Some(chain) => {
            let joined = format!("{chain}, {}", peer.to_str().unwrap_or_default());
            HeaderValue::try_from(joined).map_err(|_| pingora::Error::new(pingora::ErrorType::InvalidHTTPHeader))?
        }
        None => peer,
    };
    req.insert(X_FORWARDED_FOR, xff)?;
    req.insert(X_FORWARDED_PROTO, HeaderValue::from_static(if tls { "https" } else { "http" }))?;
    req.insert(X_FORWARDED_HOST, host)
}

/// Every line of a header that proxies may send several times (`X-Forwarded-For`, which
/// HAProxy extends with a line of its own), as one comma-separated list in order; a line that
/// is not text stands as `?`, where a walk along the list stops.
pub fn all_lines<'r>(req: &'r RequestHeader, name: &str) -> Option<Cow<'r, str>> {
    let mut lines = req.headers.get_all(name).iter().map(|v| v.to_str().unwrap_or("?"));
    let first = lines.next()?;
    let Some(second) = lines.next() else { return Some(Cow::Borrowed(first)) };
    let mut all = format!("{first}, {second}");
    for line in lines {
        all.push_str(", ");
        all.push_str(line);
    }
    Some(Cow::Owned(all))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::request_for_tests as request;

    fn site(extra: &str) -> std::sync::Arc<Site> {
        crate::config::compile::site_for_tests(&format!(
            "host: app.example\nupstream: 127.0.0.1:1\nheaders: {{ user: X-App-User }}\n{extra}"
        ))
    }

    fn site_named(user_header: &str) -> std::sync::Arc<Site> {
        crate::config::compile::site_for_tests(&format!("host: app.example\nupstream: 127.0.0.1:1\nheaders: {{ user: {user_header} }}\n"))
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
        strip_inbound(&mut req, &site(""));
        let left: Vec<&str> = req.headers.keys().map(|k| k.as_str()).collect();
        assert_eq!(left, ["accept"]);
    }

    #[test]
    fn strips_other_proxies_headers_the_sites_own_and_method_overrides() {
        let headers = [
            ("Cf-Access-Authenticated-User-Email", "a@x"),
            ("Cf-Access-Custom-Claim", "x"),
            ("X-Goog-Authenticated-User-Email", "a@x"),
            ("X-Amzn-Oidc-Data", "x"),
            ("X-Ms-Client-Principal-Name", "a"),
            ("Tailscale-User-Login", "a"),
            ("X-Authentik-Meta-App", "a"),
            ("X-Pomerium-Claim-Whatever", "a"),
            ("X_Forwarded_Access_Token", "t"),
            ("X-Myapp-User", "root"),
            ("X-Myapp-Role", "admin"),
            ("X-Legacy-Login", "root"),
            ("X-HTTP-Method-Override", "DELETE"),
            ("x_method_override", "DELETE"),
            ("X-Http-Method", "DELETE"),
            ("Accept", "text/html"),
        ];
        let mut req = request(&headers);
        strip_inbound(&mut req, &site("strip_headers: [\"x-myapp-*\", X_Legacy_Login]\n"));
        let left: Vec<&str> = req.headers.keys().map(|k| k.as_str()).collect();
        assert_eq!(left, ["accept"]);

        let mut underscored = request(&[("X-App-User", "forged"), ("x_app_user", "forged"), ("Accept", "*/*")]);
        strip_inbound(&mut underscored, &site_named("X_App_User"));
        assert_eq!(underscored.headers.keys().map(|k| k.as_str()).collect::<Vec<_>>(), ["accept"], "a configured name with `_`");

        let mut req = request(&headers);
        strip_inbound(&mut req, &site("method_override: judge\n"));
        let mut left: Vec<&str> = req.headers.keys().map(|k| k.as_str()).collect();
        left.sort_unstable();
        assert_eq!(
            left,
            ["accept", "x-http-method", "x-http-method-override", "x-legacy-login", "x-myapp-role", "x-myapp-user", "x_method_override"]
        );
        assert_eq!(method_overrides(&req).count(), 3);
    }

    #[test]
    fn the_lists_are_sorted_lower_case_and_dashed() {
        assert!(IDENTITY_HEADERS.windows(2).all(|w| w[0] < w[1]), "binary search needs a sorted list");
        for name in IDENTITY_HEADERS.iter().chain(IDENTITY_PREFIXES).chain(METHOD_OVERRIDES) {
            assert!(LISTED.may_start(name), "{name} would be passed over");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{name}");
        }
    }

    #[test]
    fn most_headers_browsers_send_skip_the_lists() {
        let skipped = [
            "accept",
            "accept-encoding",
            "accept-language",
            "cookie",
            "host",
            "user-agent",
            "sec-fetch-site",
            "sec-fetch-mode",
            "sec-ch-ua",
            "upgrade-insecure-requests",
            "connection",
            "cache-control",
            "content-type",
            "content-length",
            "origin",
            "dnt",
            "if-none-match",
        ];
        for name in skipped {
            assert!(!LISTED.may_start(name), "{name}");
        }
        let site = site("");
        assert!(must_strip("x_forwarded_user", &site) && must_strip("x-http-method", &site) && !must_strip("accept", &site));
    }

    #[test]
    fn forwarded_for_is_read_from_every_line() {
        let req = request(&[("X-Forwarded-For", "10.9.9.9"), ("X-Forwarded-For", "203.0.113.5"), ("X-Other", "x")]);
        assert_eq!(all_lines(&req, "x-forwarded-for").as_deref(), Some("10.9.9.9, 203.0.113.5"));
        let trusted: Vec<IpNet> = vec!["127.0.0.0/8".parse().expect("net"), "10.0.0.0/8".parse().expect("net")];
        let chain = all_lines(&req, "x-forwarded-for");
        assert_eq!(client_ip("127.0.0.1".parse().expect("ip"), chain.as_deref(), &trusted), "203.0.113.5".parse::<IpAddr>().expect("ip"));
        assert_eq!(all_lines(&req, "x-missing"), None);
        assert!(matches!(all_lines(&request(&[("X-Forwarded-For", "1.2.3.4")]), "x-forwarded-for"), Some(Cow::Borrowed("1.2.3.4"))));
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
        let mut req = request(&[("X-Forwarded-For", "6.6.6.6")]);
        let peer = HeaderValue::from_static("10.0.0.1");
        set_forwarded(&mut req, None, peer.clone(), false, HeaderValue::from_static("h")).expect("set");
        assert_eq!(req.headers.get("x-forwarded-for").expect("xff"), "10.0.0.1");
        set_forwarded(&mut req, Some("1.2.3.4, 10.0.0.2"), peer, true, HeaderValue::from_static("h")).expect("set");
        assert_eq!(req.headers.get("x-forwarded-for").expect("xff"), "1.2.3.4, 10.0.0.2, 10.0.0.1");
        assert_eq!(req.headers.get("x-forwarded-proto").expect("proto"), "https");
    }
}
