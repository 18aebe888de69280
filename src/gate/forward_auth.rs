//! Forward-auth: Portcullis as the auth server behind nginx's `auth_request` (or any proxy
//! that asks a subrequest first), for sites whose traffic must keep flowing through that
//! proxy. It asks `GET {portal}/auth` with the client's headers and the original request in
//! `X-Original-Method` and `X-Original-URI`; the answer is 200 with the identity headers to
//! pass on, the target as judged (`Portcullis-Target`, for the proxy to send instead of the
//! client's) and the client's cookies without the gate's (`Portcullis-Cookie`); 401 with
//! `Location` set to the page that signs in or asks for the code; or 403. Only trusted
//! proxies are answered, since the original request is theirs to tell.
//!
//! The original request is judged exactly as the gate judges one it proxies: the same
//! target parser, the same methods. As the proxy, not the gate, sends the request on, what
//! the gate would rewrite or remove is refused or judged instead: a target the parser
//! refuses is a 403; a request with method overrides (headers, or `_method` in the query)
//! is judged as each method it could mean. A `_method` in a form's body is not seen here
//! (the proxy sends no body to ask about).

use http::header::{COOKIE, LOCATION};
use http::{HeaderName, HeaderValue, Method};
use pingora::http::RequestHeader;
use pingora::prelude::Session;

use super::decide::{Decision, Facts, Owed, SignedIn, Verdict};
use super::method::{self, method_named};
use super::{peer_ip, Gate};
use crate::metrics::Outcome;
use crate::policy::Site;
use crate::state::Live;
use crate::web::response::Response;
use crate::web::{cookies, identity, target};

/// The client's cookies for the app, without the gate's.
const APP_COOKIES: HeaderName = HeaderName::from_static("portcullis-cookie");
/// The target the rules judged, rebuilt: what the app is to be sent.
const JUDGED_TARGET: HeaderName = HeaderName::from_static("portcullis-target");

impl Gate {
    /// The answer to the proxy, counted as the request it asks about would be.
    pub(super) async fn forward_auth(&self, session: &Session, live: &Live, facts: &Facts<'_>) -> Decision {
        let peer = peer_ip(session);
        if !identity::is_trusted(peer, &self.state.trusted_proxies) {
            tracing::warn!(%peer, "forward-auth asked by an address that is not in trusted_proxies; refused");
            return Decision::refuse(Response::plain(403, "Forward-auth answers only the proxies in trusted_proxies.\n"));
        }
        let req = session.req_header();
        let (method, uri) = match original_request(req) {
            Ok(original) => original,
            Err(why) => return Decision::refuse(Response::plain(400, why)),
        };
        let site = &facts.site;
        let target = match target::parse(uri, &site.host, method == Method::OPTIONS, site.path_case) {
            Ok(target) => target,
            Err(e) => return Decision::refuse(Response::plain(403, e.text())),
        };
        let original = method.clone();
        let methods = match methods_meant(req, method, site) {
            Ok(methods) => methods,
            Err(why) => return Decision::refuse(Response::plain(403, why)),
        };
        let Some((first, rest)) = methods.split_first() else {
            return Decision::refuse(Response::plain(403, "Access denied.\n"));
        };
        let asked = Facts { target: target.clone(), method: first.clone(), ..facts.clone() };
        let verdict = self.judge_as_each(session, live, &asked, rest).await;
        // The app is sent what was judged; on sites that remove overrides, without `_method`.
        let wire = match method::app_query(&original, site, target.query.as_deref()) {
            Some(rest) => target::with_query(&target.path, rest.as_deref()),
            None => target.wire(),
        };
        match verdict {
            Err(resp) => Decision::refuse(resp),
            Ok(Verdict::Deny) => Decision::answer(Response::plain(403, "Access denied.\n"), Outcome::Denied),
            Ok(Verdict::Bypass) => Decision::answer(allowed(Response::plain(200, ""), req, &wire), Outcome::Bypass),
            Ok(Verdict::Pass(SignedIn { user, session })) => {
                let mut resp = Response::plain(200, "");
                resp.headers.extend(identity::identity_of(&site.headers, &user, session.proven()));
                Decision::answer(allowed(resp, req, &wire), Outcome::Forwarded)
            }
            Ok(Verdict::Owes(owed, _)) => {
                let mut resp = Response::plain(401, "Sign-in required.\n");
                if let Ok(page) = HeaderValue::try_from(self.owed_url(owed, &wire)) {
                    resp.headers.push((LOCATION, page));
                }
                let outcome = if matches!(owed, Owed::Code { step_up: Some(_), .. }) { Outcome::StepUp } else { Outcome::SignIn };
                Decision::answer(resp, outcome)
            }
        }
    }
}

/// The method and target of the request the proxy asks about, each named exactly once.
fn original_request(req: &RequestHeader) -> Result<(Method, &[u8]), &'static str> {
    let one = |name: &str| {
        let mut all = req.headers.get_all(name).iter();
        match (all.next(), all.next()) {
            (Some(value), None) => Ok(value.as_bytes()),
            (None, _) => Err("Forward-auth needs X-Original-Method and X-Original-URI.\n"),
            _ => Err("Forward-auth takes one X-Original-Method and one X-Original-URI.\n"),
        }
    };
    let method = method_named(one("x-original-method")?).ok_or("X-Original-Method names no method.\n")?;
    Ok((method, one("x-original-uri")?))
}

/// The methods the app could take the request for: its own, and those its override headers
/// name. The proxy, not the gate, sends the request on, so none of them can be removed: the
/// request is judged as each. The proxy sends no body to ask about, so a POST on a site
/// whose rules name methods may name any, in its form or its query (as `_method`), unless
/// the site says its app takes none; a method no rule names is judged as the POST is.
fn methods_meant(req: &RequestHeader, method: Method, site: &Site) -> Result<Vec<Method>, &'static str> {
    let named: Vec<Method> = identity::method_overrides(req)
        .map(|(_, v)| method_named(v.as_bytes()))
        .collect::<Option<_>>()
        .ok_or("A method override names no method.\n")?;
    let any = if method::post_may_override(&method, site) { method::any_override(site) } else { Vec::new() };
    Ok(std::iter::once(method).chain(named).chain(any).collect())
}

/// A yes, with what the proxy is to send the app: the judged target `wire`, and the
/// client's cookies without the gate's.
fn allowed(mut resp: Response, req: &RequestHeader, wire: &str) -> Response {
    let cookies = cookies::without_ours(&req.headers).or_else(|| req.headers.get(COOKIE).cloned());
    for (name, value) in [(JUDGED_TARGET, HeaderValue::try_from(wire).ok()), (APP_COOKIES, cookies)] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            resp.headers.push((name, value));
        }
    }
    resp
}
