//! The pingora glue: each hook decides with the modules above and writes what was decided.

use std::borrow::Cow;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures_util::FutureExt;
use http::header::{ACCEPT, HOST, USER_AGENT};
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::prelude::{HttpPeer, ProxyHttp, Session};
use pingora::{Error, ErrorType, Result};

use crate::hold::{Hold, HOLD_LIFETIME, MAX_HOLD_BYTES};
use crate::{hygiene, identity};
use crate::path::normalise;
use crate::auth::session::LiveSession;
use crate::policy::{Action, Request, Site, StepUp};
use crate::portal::cookies;
use crate::portal::csrf::VisitCsrf;
use crate::portal::{self, pages, Response, Visit};
use crate::state::{Live, State};
use crate::store::Stage;
use crate::users::User;

mod forward_auth;

pub struct Gate {
    pub state: Arc<State>,
}

/// What the gate learnt about a request on its way to the upstream.
#[derive(Default)]
pub struct RequestCtx {
    site: Option<Arc<Site>>,
    user: Option<Arc<User>>,
    /// When the user's code was entered (none: a trusted device stood in).
    code_at: Option<i64>,
    /// A held form being sent on in place of this request (see `hold`).
    replay: Option<Hold>,
    /// The normalised path, when it differs from what the client sent.
    rewritten_path: Option<String>,
    /// The client's connection is HTTPS: to us, or to a trusted proxy that says so. Cookies
    /// are then Secure and `__Host-`, and the upstream is told `X-Forwarded-Proto: https`.
    tls: bool,
}

/// What a request lacks: a session, or a code (again, or fresher than a step-up allows,
/// perhaps of a separate factor).
#[derive(Clone, Copy)]
enum Owed<'a> {
    Login,
    Code { step_up: Option<(std::time::Duration, Option<&'a str>)> },
}

/// The outcome of looking at a request.
enum Decision {
    Forward,
    Respond(Response),
}

/// What a site's rules and the request's session say of a method and path.
enum Verdict<'a> {
    Deny,
    Bypass,
    /// Signed in as `user`, enough for the rule; `code_at` as in [`RequestCtx`].
    Pass { user: Arc<User>, code_at: Option<i64> },
    /// A session, or a (fresh) code in `session`, is owed.
    Owes(Owed<'a>, Option<Arc<LiveSession>>),
}

#[async_trait]
impl ProxyHttp for Gate {
    type CTX = RequestCtx;

    fn new_ctx(&self) -> RequestCtx {
        RequestCtx::default()
    }

    async fn request_filter(&self, session: &mut Session, ctx: &mut RequestCtx) -> Result<bool> {
        match fail_closed(self.decide(session, ctx)).await {
            Decision::Forward => Ok(false),
            Decision::Respond(resp) => {
                respond(session, resp).await?;
                Ok(true)
            }
        }
    }

    /// A replayed form's body goes in place of the (empty) body of the request that asked for it.
    async fn request_body_filter(&self, _session: &mut Session, body: &mut Option<Bytes>, end_of_stream: bool, ctx: &mut RequestCtx) -> Result<()> {
        if let Some(hold) = &ctx.replay {
            if end_of_stream && body.is_none() {
                *body = Some(hold.body.clone());
            }
        }
        Ok(())
    }

    async fn upstream_peer(&self, _session: &mut Session, ctx: &mut RequestCtx) -> Result<Box<HttpPeer>> {
        // request_filter only forwards with a site; anything else is a bug and is refused.
        let site = ctx.site.as_ref().ok_or_else(|| Error::new(ErrorType::InternalError))?;
        let up = &site.upstream;
        Ok(Box::new(HttpPeer::new(up.addr, up.tls, up.host.clone())))
    }

    async fn upstream_request_filter(
        &self,
        session: &mut Session,
        upstream: &mut RequestHeader,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        let site = ctx.site.as_ref().ok_or_else(|| Error::new(ErrorType::InternalError))?;
        if let Some(hold) = &ctx.replay {
            as_held(upstream, hold)?;
        }
        if let Some(path) = ctx.rewritten_path.take() {
            let target = match upstream.uri.query() {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            let uri = target.parse().map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))?;
            upstream.set_uri(uri);
        }
        // Read from the client's request, which stays as it came, so nothing is copied.
        let req = session.req_header();
        let host = host_of(req).unwrap_or(&site.host);
        let peer = peer_ip(session);
        let chain = identity::is_trusted(peer, &self.state.trusted_proxies)
            .then(|| req.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
            .flatten();
        identity::strip_inbound(upstream, &site.headers);
        if let Some(user) = &ctx.user {
            identity::inject(upstream, &site.headers, user, ctx.code_at)?;
        }
        identity::strip_cookies(upstream, portal::COOKIE_PREFIX)?;
        identity::set_forwarded(upstream, chain, peer, ctx.tls, host)
    }
}

impl Gate {
    async fn decide(&self, session: &mut Session, ctx: &mut RequestCtx) -> Decision {
        if let Err(refusal) = hygiene::check(session.as_downstream()) {
            return Decision::Respond(Response::plain(refusal.status(), refusal.text()).header("connection", "close"));
        }
        let state = &self.state;
        let live = state.live();
        let header = |name: &str| session.req_header().headers.get(name).and_then(|v| v.to_str().ok());
        let peer = peer_ip(session);
        ctx.tls = session.digest().is_some_and(|d| d.ssl_digest.is_some())
            || identity::https_before(peer, header("x-forwarded-proto"), &state.trusted_proxies);
        let client_ip = identity::client_ip(peer, header("x-forwarded-for"), &state.trusted_proxies);

        let Some(site) = host_of(session.req_header()).and_then(|h| live.policy.site(h)).cloned() else {
            return Decision::Respond(Response::plain(421, "This host is not served here.\n"));
        };
        let req = session.req_header();
        let path = match normalise(req.uri.path()) {
            Ok(p) => p,
            Err(e) => return Decision::Respond(Response::plain(400, bad_path_text(e))),
        };
        if let Some(sub) = portal_sub_path(&path, &state.portal_path) {
            match sub {
                "/replay" => return self.replay(session, ctx, &live, site, client_ip).await,
                "/auth" => return Decision::Respond(self.forward_auth(session, &live, &site, client_ip, ctx.tls).await),
                _ => {}
            }
            let sub = sub.to_string();
            return Decision::Respond(self.portal(session, &live, &site, client_ip, ctx.tls, &sub).await);
        }
        let verdict = self.judge(session, &live, &site, &path, &req.method, client_ip, ctx.tls).await;
        let path = match path {
            Cow::Owned(p) => Some(p),
            Cow::Borrowed(_) => None,
        };
        match verdict {
            Err(resp) => Decision::Respond(resp),
            Ok(Verdict::Deny) => Decision::Respond(self.denied(&site)),
            Ok(Verdict::Bypass) => {
                self.forward(ctx, site, path, None);
                Decision::Forward
            }
            Ok(Verdict::Pass { user, code_at }) => {
                ctx.code_at = code_at;
                self.forward(ctx, site, path, Some(user));
                Decision::Forward
            }
            // Signed in, but this rule wants a (fresh) code itself; a form sent meanwhile
            // is held, not lost.
            Ok(Verdict::Owes(owed, Some(s))) if has_body(session.req_header()) && wants_html(session.req_header()) => {
                let path = path.unwrap_or_else(|| session.req_header().uri.path().to_string());
                Decision::Respond(self.hold(session, &site, &s.username, owed, path).await)
            }
            Ok(Verdict::Owes(owed, _)) => Decision::Respond(self.send_to(owed, session.req_header(), path.as_deref())),
        }
    }

    /// Applies `site`'s rules to `method` and `path` from `client_ip`, and checks the session
    /// where a rule asks for one; a response when the answer cannot be known (fail closed).
    #[allow(clippy::too_many_arguments)]
    async fn judge<'l>(
        &self,
        session: &Session,
        live: &'l Live,
        site: &Site,
        path: &str,
        method: &http::Method,
        client_ip: IpAddr,
        tls: bool,
    ) -> Result<Verdict<'l>, Response> {
        let country = country_of(live, site, client_ip)?;
        let (devices, step_up) = match site.decide(&Request { path, method, ip: client_ip, country }) {
            Action::Deny => return Ok(Verdict::Deny),
            Action::Bypass => return Ok(Verdict::Bypass),
            Action::TwoFactor { devices, step_up } => (devices, step_up_of(live, step_up)),
        };
        Ok(match self.authenticated(session, live, tls).await? {
            Some((s, user)) if s.passes(devices, step_up, crate::auth::now()) => Verdict::Pass { user, code_at: s.code_at },
            Some((s, _)) => Verdict::Owes(Owed::Code { step_up }, Some(s)),
            None => Verdict::Owes(Owed::Login, None),
        })
    }

    fn forward(&self, ctx: &mut RequestCtx, site: Arc<Site>, path: Option<String>, user: Option<Arc<User>>) {
        ctx.site = Some(site);
        ctx.rewritten_path = path;
        ctx.user = user;
    }

    /// A complete session and its user, `None` without one, or the response that refuses
    /// when the session cannot be checked (fail closed).
    async fn authenticated(&self, session: &Session, live: &Live, tls: bool) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, Response> {
        let Some(token) = identity::cookie(session.req_header(), cookies::SESSION.get(tls)) else {
            return Ok(None);
        };
        match self.state.sessions.resolve(token, crate::auth::now()).await {
            Ok(Some(s)) if s.stage == Stage::Complete => Ok(live.users.get(&s.username).map(|u| (s, Arc::clone(u)))),
            Ok(_) => Ok(None),
            Err(e) => {
                tracing::error!("session check failed, refusing: {e}");
                Err(Response::plain(503, "Authentication is unavailable; try again shortly.\n").header("retry-after", "30"))
            }
        }
    }

    /// Browsers are sent to the portal page for what is `owed` and back; API clients get a
    /// 401 they can act on, naming a step-up's maximum age.
    fn send_to(&self, owed: Owed<'_>, req: &RequestHeader, normalised: Option<&str>) -> Response {
        let target = crate::path::with_query(normalised.unwrap_or(req.uri.path()), req.uri.query());
        self.send_back_to(owed, req, &target)
    }

    /// The portal page for what is `owed`, coming back to `target`.
    fn owed_url(&self, owed: Owed<'_>, target: &str) -> String {
        // The page and the start of its query, to which the return address is added.
        let page = match owed {
            Owed::Login => Cow::Borrowed("login?"),
            Owed::Code { step_up: Some((_, Some(factor))) } => Cow::Owned(format!("step-up?factor={factor}&")),
            Owed::Code { .. } => Cow::Borrowed("challenge?"),
        };
        let rd: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
        format!("{}/{page}rd={rd}", self.state.portal_path)
    }

    /// [`Gate::send_to`], coming back to `target`.
    fn send_back_to(&self, owed: Owed<'_>, req: &RequestHeader, target: &str) -> Response {
        if wants_html(req) {
            return Response::redirect(&self.owed_url(owed, target));
        }
        match owed {
            Owed::Code { step_up: Some((max_age, factor)) } => {
                let mut resp = Response::json(401, "{\"error\":\"step-up authentication required\"}\n");
                let factor = factor.map(|f| format!(" factor={f}")).unwrap_or_default();
                let challenge = format!("Portcullis step-up max-age={}{factor}", max_age.as_secs());
                if let Ok(value) = http::HeaderValue::from_str(&challenge) {
                    resp.headers.push((http::header::WWW_AUTHENTICATE, value));
                }
                resp
            }
            _ => Response::json(401, "{\"error\":\"authentication required\"}\n").header("www-authenticate", "Portcullis"),
        }
    }

    fn denied(&self, site: &Site) -> Response {
        pages::message(403, &self.frame(site), "Access denied", "This address is not available to you.", None)
    }

    fn frame<'s>(&'s self, site: &'s Site) -> pages::Frame<'s> {
        pages::Frame { site: &site.name, prefix: &self.state.portal_path, csrf: "" }
    }

    /// Keeps the body of a request that owes a code and sends the browser for the code, to
    /// come back to `/replay`; a body too large to keep gets a page saying to submit again.
    async fn hold(&self, session: &mut Session, site: &Site, user: &str, owed: Owed<'_>, path: String) -> Response {
        let body = match read_body(session, MAX_HOLD_BYTES).await {
            Ok(body) => body,
            Err(BodyError::Unreadable) => return Response::plain(400, "The request body could not be read.\n"),
            Err(BodyError::TooLarge) => {
                let said = "This form is too large to keep while we ask for your code. Enter your code first, then submit the form again.";
                let code_page = self.owed_url(owed, &path);
                return pages::message(413, &self.frame(site), "Please submit again", said, Some((&code_page, "Enter your code")));
            }
        };
        let req = session.req_header();
        let hold = Hold {
            user: user.to_string(),
            host: site.host.clone(),
            method: req.method.clone(),
            path,
            query: req.uri.query().map(str::to_owned),
            content_type: req.headers.get(http::header::CONTENT_TYPE).cloned(),
            body,
            expires: crate::auth::now() + HOLD_LIFETIME.as_secs() as i64,
        };
        tracing::info!(user, path = %hold.path, bytes = hold.body.len(), "form held for a code");
        let id = self.state.holds.put(hold);
        self.send_back_to(owed, req, &format!("{}/replay?id={id}", self.state.portal_path))
    }

    /// `/replay?id=…`: the held form, sent on once if the session now passes its rule;
    /// otherwise the code is asked for again, or the page says the form has expired.
    async fn replay(&self, session: &mut Session, ctx: &mut RequestCtx, live: &Live, site: Arc<Site>, client_ip: IpAddr) -> Decision {
        let req = session.req_header();
        if has_body(req) {
            return Decision::Respond(Response::plain(400, "A replay carries no body of its own.\n"));
        }
        let query = req.uri.query().unwrap_or("");
        let here = format!("{}/replay?{query}", self.state.portal_path);
        let (s, user) = match self.authenticated(session, live, ctx.tls).await {
            Ok(Some(found)) => found,
            Ok(None) => return Decision::Respond(self.send_back_to(Owed::Login, req, &here)),
            Err(resp) => return Decision::Respond(resp),
        };
        let id = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "id").map(|(_, v)| v.into_owned()).unwrap_or_default();
        let now = crate::auth::now();
        let Some(hold) = self.state.holds.take(&id, &user.username, &site.host, now) else {
            let said = "We keep a form for five minutes while asking for your code; this one has expired or was already sent. Please fill it in and submit it again.";
            return Decision::Respond(pages::message(410, &self.frame(&site), "Please submit again", said, Some(("/", "Back to the site"))));
        };
        let user = match self.judge(session, live, &site, &hold.path, &hold.method, client_ip, ctx.tls).await {
            Ok(Verdict::Deny) => return Decision::Respond(self.denied(&site)),
            Ok(Verdict::Bypass) => None,
            Ok(Verdict::Pass { user, code_at }) => {
                ctx.code_at = code_at;
                Some(user)
            }
            Ok(Verdict::Owes(owed, _)) => {
                self.state.holds.put_back(&id, hold);
                return Decision::Respond(self.send_back_to(owed, req, &here));
            }
            Err(resp) => {
                self.state.holds.put_back(&id, hold);
                return Decision::Respond(resp);
            }
        };
        tracing::info!(user = %s.username, path = %hold.path, "held form sent on");
        ctx.replay = Some(hold);
        self.forward(ctx, site, None, user);
        Decision::Forward
    }

    async fn portal(&self, session: &mut Session, live: &Live, site: &Site, client_ip: IpAddr, tls: bool, sub: &str) -> Response {
        let body = match read_form(session).await {
            Ok(body) => body,
            Err(resp) => return resp,
        };
        let req = session.req_header();
        let visit = Visit {
            state: &self.state,
            live,
            site,
            tls,
            client_ip,
            session_token: identity::cookie(req, cookies::SESSION.get(tls)).map(str::to_owned),
            device_token: identity::cookie(req, cookies::DEVICE.get(tls)).map(str::to_owned),
            user_agent: req.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned(),
            csrf: VisitCsrf::new(&self.state.csrf, identity::cookie(req, cookies::CSRF.get(tls)).map(str::to_owned)),
            now: crate::auth::now(),
        };
        let method = req.method.clone();
        let query = req.uri.query().map(str::to_owned);
        portal::serve(&visit, &method, sub, query.as_deref(), body).await
    }
}

/// A rule's step-up as sessions check it: the age, and the separate factor's name (a factor
/// the policy lacks, which its check prevents, is one no session has).
fn step_up_of(live: &Live, step_up: Option<StepUp>) -> Option<(std::time::Duration, Option<&str>)> {
    let s = step_up?;
    let factor = s.factor.map(|id| live.policy.factor(id).map_or("", |f| f.name.as_str()));
    Some((s.max_age, factor))
}

/// Runs a decision; should it panic, the request is refused with a 500, never forwarded.
async fn fail_closed(decide: impl Future<Output = Decision>) -> Decision {
    match AssertUnwindSafe(decide).catch_unwind().await {
        Ok(decision) => decision,
        Err(_) => {
            tracing::error!("a request handler panicked; the request is refused");
            Decision::Respond(Response::plain(500, "Internal error; the request was not forwarded.\n"))
        }
    }
}

fn peer_ip(session: &Session) -> IpAddr {
    session
        .client_addr()
        .and_then(|a| a.as_inet())
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip())
}

fn host_of(req: &RequestHeader) -> Option<&str> {
    req.uri.host().or_else(|| req.headers.get(HOST).and_then(|h| h.to_str().ok()))
}

/// The part of `path` below the portal prefix, if it is a portal path.
fn portal_sub_path<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

fn bad_path_text(e: crate::path::PathError) -> &'static str {
    match e {
        crate::path::PathError::NotAbsolute => "Bad request: the path must start with '/'.\n",
        crate::path::PathError::BadEscape => "Bad request: the path has a malformed %-escape.\n",
        crate::path::PathError::Ambiguous => "Bad request: encoded slashes, backslashes and NUL are not allowed in paths.\n",
    }
}

fn wants_html(req: &RequestHeader) -> bool {
    let xhr = req.headers.get("x-requested-with").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"xmlhttprequest"));
    let html = req.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    html && !xhr
}

/// Why a body was not read.
enum BodyError {
    TooLarge,
    Unreadable,
}

/// Reads a request body of at most `max` bytes.
async fn read_body(session: &mut Session, max: usize) -> Result<Bytes, BodyError> {
    let declared = session.req_header().headers.get(http::header::CONTENT_LENGTH);
    if declared.and_then(|v| v.to_str().ok()?.parse::<usize>().ok()).is_some_and(|n| n > max) {
        return Err(BodyError::TooLarge);
    }
    let mut body = BytesMut::new();
    loop {
        match session.read_request_body().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > max => return Err(BodyError::TooLarge),
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body.freeze()),
            Err(_) => return Err(BodyError::Unreadable),
        }
    }
}

/// Reads a portal form body, refusing anything over [`portal::MAX_FORM_BYTES`].
async fn read_form(session: &mut Session) -> Result<Bytes, Response> {
    read_body(session, portal::MAX_FORM_BYTES).await.map_err(|e| match e {
        BodyError::TooLarge => Response::plain(413, "The form is too large.\n"),
        BodyError::Unreadable => Response::plain(400, "The request body could not be read.\n"),
    })
}

/// Whether a request says it carries a body.
fn has_body(req: &RequestHeader) -> bool {
    let length = req.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    length.is_some_and(|n| n > 0) || req.headers.contains_key(http::header::TRANSFER_ENCODING)
}

/// The client's country where the site's rules ask for it; a lookup error refuses (503).
fn country_of(live: &Live, site: &Site, ip: IpAddr) -> Result<Option<crate::geo::Country>, Response> {
    match site.uses_countries.then(|| live.geo.country(ip)).transpose() {
        Ok(country) => Ok(country.flatten()),
        Err(e) => {
            tracing::error!("{e}; refusing");
            Err(Response::plain(503, "The client's location could not be checked; try again shortly.\n"))
        }
    }
}

/// Turns the upstream request into the held one: its method, target and body headers.
fn as_held(upstream: &mut RequestHeader, hold: &Hold) -> Result<()> {
    upstream.set_method(hold.method.clone());
    upstream.set_uri(hold.target().parse().map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))?);
    upstream.remove_header(&http::header::TRANSFER_ENCODING);
    upstream.remove_header(&http::header::CONTENT_TYPE);
    if let Some(content_type) = &hold.content_type {
        upstream.insert_header(http::header::CONTENT_TYPE, content_type.clone())?;
    }
    upstream.insert_header(http::header::CONTENT_LENGTH, hold.body.len())
}

/// Writes a decided response to the client.
async fn respond(session: &mut Session, resp: Response) -> Result<()> {
    let mut header = ResponseHeader::build(resp.status, Some(resp.headers.len() + 1))?;
    for (name, value) in resp.headers {
        header.append_header(name, value)?;
    }
    header.insert_header(http::header::CONTENT_LENGTH, resp.body.len())?;
    let empty = resp.body.is_empty();
    session.write_response_header(Box::new(header), empty).await?;
    if !empty {
        session.write_response_body(Some(resp.body), true).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_decision_is_a_500_not_a_forward() {
        let panicking = async { panic!("bug in a handler") };
        match fail_closed(panicking).await {
            Decision::Respond(resp) => assert_eq!(resp.status, 500),
            Decision::Forward => panic!("a panic was forwarded"),
        }
        assert!(matches!(fail_closed(async { Decision::Forward }).await, Decision::Forward));
    }

    #[test]
    fn portal_prefix_matches_whole_segments_only() {
        assert_eq!(portal_sub_path("/.portcullis/login", "/.portcullis"), Some("/login"));
        assert_eq!(portal_sub_path("/.portcullis", "/.portcullis"), Some(""));
        assert_eq!(portal_sub_path("/.portcullisx", "/.portcullis"), None);
        assert_eq!(portal_sub_path("/app", "/.portcullis"), None);
    }
}
