//! The pingora glue: each hook decides with the modules above and writes what was decided.

use std::borrow::Cow;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures_util::FutureExt;
use http::header::{ACCEPT, HOST, USER_AGENT};
use http::{HeaderName, HeaderValue, Method};
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::prelude::{HttpPeer, ProxyHttp, Session};
use pingora::{Error, ErrorType, Result};

use crate::auth::session::LiveSession;
use crate::hold::{Hold, HOLD_LIFETIME, MAX_HOLD_BYTES};
use crate::policy::{Action, MethodOverride, Request, Site, StepUp};
use crate::portal::cookies::{self, SessionCookie};
use crate::portal::csrf::VisitCsrf;
use crate::portal::{self, pages, Response, Visit};
use crate::state::{Live, State};
use crate::store::Stage;
use crate::target::{self, Target};
use crate::users::User;
use crate::{hygiene, identity};

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
    rewrite: Rewrite,
    /// The client's connection is HTTPS: to us, or to a trusted proxy that says so. Cookies
    /// are then Secure and `__Host-`, and the upstream is told `X-Forwarded-Proto: https`.
    tls: bool,
}

/// What the upstream is sent in place of what the client sent, where the two differ: the
/// target rebuilt from the path the rules judged, the method in upper case, and a
/// method-override header naming the method judged (on sites that judge them).
#[derive(Default)]
struct Rewrite {
    target: Option<String>,
    method: Option<Method>,
    method_override: Option<(HeaderName, Method)>,
}

impl Rewrite {
    fn of(req: &RequestHeader, facts: &Facts<'_>) -> Rewrite {
        let method = upper_case(&req.method);
        let method_override = match facts.site.method_override {
            MethodOverride::Judge => identity::method_overrides(req)
                .next()
                .filter(|(_, value)| value.as_bytes() != facts.method.as_str().as_bytes())
                .map(|(name, _)| (name.clone(), facts.method.clone())),
            MethodOverride::Remove => None,
        };
        Rewrite {
            target: (!facts.target.is_wire(req.raw_path())).then(|| facts.target.wire()),
            method: (method != req.method).then_some(method),
            method_override,
        }
    }

    fn apply(self, upstream: &mut RequestHeader) -> Result<()> {
        if let Some(target) = self.target {
            upstream.set_uri(target.parse().map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))?);
        }
        if let Some(method) = self.method {
            upstream.set_method(method);
        }
        if let Some((name, method)) = self.method_override {
            upstream.insert_header(name, method.as_str())?;
        }
        Ok(())
    }
}

/// What the gate knows of a request before judging it, worked out once: the site, the
/// target and method as the rules judge them, where the client is, whether it came over
/// TLS, and the time.
#[derive(Clone)]
struct Facts<'r> {
    site: Arc<Site>,
    target: Target<'r>,
    /// Upper case; for the app, on sites that judge method overrides, the one an override names.
    method: Method,
    client_ip: IpAddr,
    tls: bool,
    now: i64,
}

impl Facts<'_> {
    fn into_owned(self) -> Facts<'static> {
        Facts { target: self.target.into_owned(), ..self }
    }

    /// The name of this site's session cookie on this connection.
    fn session_cookie(&self) -> &'static str {
        SessionCookie::of(&self.site.session).name(self.tls)
    }
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
    Pass {
        user: Arc<User>,
        code_at: Option<i64>,
    },
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
    async fn request_body_filter(
        &self,
        _session: &mut Session,
        body: &mut Option<Bytes>,
        end_of_stream: bool,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
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

    async fn upstream_request_filter(&self, session: &mut Session, upstream: &mut RequestHeader, ctx: &mut RequestCtx) -> Result<()> {
        let site = ctx.site.as_ref().ok_or_else(|| Error::new(ErrorType::InternalError))?;
        match &ctx.replay {
            Some(hold) => as_held(upstream, hold)?,
            None => std::mem::take(&mut ctx.rewrite).apply(upstream)?,
        }
        // Read from the client's request, which stays as it came, so nothing is copied.
        let req = session.req_header();
        let host = req.headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or(&site.host);
        let peer = peer_ip(session);
        let chain = identity::is_trusted(peer, &self.state.trusted_proxies)
            .then(|| req.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
            .flatten();
        identity::strip_inbound(upstream, site);
        if let Some(user) = &ctx.user {
            identity::inject(upstream, &site.headers, user, ctx.code_at)?;
        }
        identity::strip_cookies(upstream, portal::COOKIE_PREFIX)?;
        identity::set_forwarded(upstream, chain, peer, ctx.tls, host)
    }

    /// The app never sets the gate's cookies, on any path.
    async fn upstream_response_filter(&self, _session: &mut Session, upstream: &mut ResponseHeader, _ctx: &mut RequestCtx) -> Result<()> {
        identity::strip_set_cookies(upstream, portal::COOKIE_PREFIX)
    }
}

impl Gate {
    async fn decide(&self, session: &mut Session, ctx: &mut RequestCtx) -> Decision {
        if let Err(refusal) = hygiene::check(session.as_downstream()) {
            return Decision::Respond(Response::plain(refusal.status(), refusal.text()).header("connection", "close"));
        }
        let live = self.state.live();
        let facts = match self.facts(session, &live) {
            Ok(facts) => facts,
            Err(refusal) => return Decision::Respond(refusal),
        };
        if let Some(sub) = portal_sub_path(&facts.target.judged, &self.state.portal_path) {
            let (sub, facts) = (sub.to_string(), facts.into_owned());
            return match sub.as_str() {
                "/replay" => self.replay(session, ctx, &live, &facts).await,
                "/auth" => Decision::Respond(self.forward_auth(session, &live, &facts).await),
                _ => Decision::Respond(self.portal(session, &live, &facts, &sub).await),
            };
        }
        // The gate's own pages take a request as its method; what goes on, as the app will.
        let facts = match judged_method(session.req_header(), &facts.site) {
            Ok(method) => Facts { method, ..facts },
            Err(refusal) => return Decision::Respond(refusal),
        };
        match self.judge(session, &live, &facts).await {
            Err(resp) => Decision::Respond(resp),
            Ok(Verdict::Deny) => Decision::Respond(self.denied(&facts.site)),
            Ok(Verdict::Bypass) => {
                self.forward(ctx, session.req_header(), &facts, None, None);
                Decision::Forward
            }
            Ok(Verdict::Pass { user, code_at }) => {
                self.forward(ctx, session.req_header(), &facts, Some(user), code_at);
                Decision::Forward
            }
            // Signed in, but this rule wants a (fresh) code itself; a form sent meanwhile
            // is held, not lost.
            Ok(Verdict::Owes(owed, Some(s))) if has_body(session.req_header()) && wants_html(session.req_header()) => {
                let (site, method, target) = (Arc::clone(&facts.site), facts.method.clone(), facts.target.wire());
                Decision::Respond(self.hold(session, &site, &s.username, owed, method, target).await)
            }
            Ok(Verdict::Owes(owed, _)) => Decision::Respond(self.send_back_to(owed, session.req_header(), &facts.target.wire())),
        }
    }

    /// The request's [`Facts`], or the response that refuses it: a Host that is malformed or
    /// names no site, a target the gate will not judge.
    fn facts<'s>(&self, session: &'s Session, live: &Live) -> Result<Facts<'s>, Response> {
        let req = session.req_header();
        let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
        let trusted = &self.state.trusted_proxies;
        let peer = peer_ip(session);
        let tls =
            session.digest().is_some_and(|d| d.ssl_digest.is_some()) || identity::https_before(peer, header("x-forwarded-proto"), trusted);
        let host = host_of(req).map_err(|()| Response::plain(400, "Bad request: the Host header is repeated or malformed.\n"))?;
        let Some((host, site)) = host.and_then(|h| Some((h, live.policy.site(h)?))) else {
            return Err(Response::plain(421, "This host is not served here.\n"));
        };
        let target = target::parse(req.raw_path(), host, req.method == Method::OPTIONS, site.path_case)
            .map_err(|e| Response::plain(400, e.text()))?;
        let client_ip = identity::client_ip(peer, header("x-forwarded-for"), trusted);
        Ok(Facts { site: Arc::clone(site), target, method: upper_case(&req.method), client_ip, tls, now: crate::auth::now() })
    }

    /// Applies the site's rules to the request `facts` describe, and checks the session where
    /// a rule asks for one; a response when the answer cannot be known (fail closed).
    async fn judge<'l>(&self, session: &Session, live: &'l Live, facts: &Facts<'_>) -> Result<Verdict<'l>, Response> {
        let country = country_of(live, &facts.site, facts.client_ip)?;
        let request = Request { path: &facts.target.judged, method: &facts.method, ip: facts.client_ip, country };
        let (devices, step_up) = match facts.site.decide(&request) {
            Action::Deny => return Ok(Verdict::Deny),
            Action::Bypass => return Ok(Verdict::Bypass),
            Action::TwoFactor { devices, step_up } => (devices, step_up_of(live, step_up)),
        };
        Ok(match self.authenticated(session, live, facts).await? {
            Some((s, user)) if s.passes(devices, step_up, facts.now) => Verdict::Pass { user, code_at: s.code_at },
            Some((s, _)) => Verdict::Owes(Owed::Code { step_up }, Some(s)),
            None => Verdict::Owes(Owed::Login, None),
        })
    }

    fn forward(&self, ctx: &mut RequestCtx, req: &RequestHeader, facts: &Facts<'_>, user: Option<Arc<User>>, code_at: Option<i64>) {
        ctx.site = Some(Arc::clone(&facts.site));
        ctx.tls = facts.tls;
        ctx.user = user;
        ctx.code_at = code_at;
        if ctx.replay.is_none() {
            ctx.rewrite = Rewrite::of(req, facts);
        }
    }

    /// A complete session and its user, `None` without one, or the response that refuses
    /// when the session cannot be checked (fail closed).
    async fn authenticated(
        &self,
        session: &Session,
        live: &Live,
        facts: &Facts<'_>,
    ) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, Response> {
        let Some(token) = identity::cookie(session.req_header(), facts.session_cookie()) else {
            return Ok(None);
        };
        match self.state.sessions.resolve(token, &facts.site.session.id, &live.users, facts.now).await {
            Ok(Some((s, user))) if s.stage == Stage::Complete => Ok(Some((s, user))),
            Ok(_) => Ok(None),
            Err(e) => {
                tracing::error!("session check failed, refusing: {e}");
                Err(Response::plain(503, "Authentication is unavailable; try again shortly.\n").header("retry-after", "30"))
            }
        }
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

    /// Browsers are sent to the portal page for what is `owed`, coming back to `target`; API
    /// clients get a 401 they can act on, naming a step-up's maximum age.
    fn send_back_to(&self, owed: Owed<'_>, req: &RequestHeader, target: &str) -> Response {
        if wants_html(req) {
            return Response::redirect(&self.owed_url(owed, target));
        }
        match owed {
            Owed::Code { step_up: Some((max_age, factor)) } => {
                let mut resp = Response::json(401, "{\"error\":\"step-up authentication required\"}\n");
                let factor = factor.map(|f| format!(" factor={f}")).unwrap_or_default();
                let challenge = format!("Portcullis step-up max-age={}{factor}", max_age.as_secs());
                if let Ok(value) = HeaderValue::from_str(&challenge) {
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
    async fn hold(&self, session: &mut Session, site: &Site, user: &str, owed: Owed<'_>, method: Method, target: String) -> Response {
        let body = match read_body(session, MAX_HOLD_BYTES).await {
            Ok(body) => body,
            Err(BodyError::Unreadable) => return Response::plain(400, "The request body could not be read.\n"),
            Err(BodyError::TooLarge) => {
                let said = "This form is too large to keep while we ask for your code. Enter your code first, then submit the form again.";
                let code_page = self.owed_url(owed, &target);
                return pages::message(413, &self.frame(site), "Please submit again", said, Some((&code_page, "Enter your code")));
            }
        };
        let req = session.req_header();
        let hold = Hold {
            user: user.to_string(),
            host: site.host.clone(),
            method,
            target,
            content_type: req.headers.get(http::header::CONTENT_TYPE).cloned(),
            body,
            expires: crate::auth::now() + HOLD_LIFETIME.as_secs() as i64,
        };
        tracing::info!(user, target = %hold.target, bytes = hold.body.len(), "form held for a code");
        let id = self.state.holds.put(hold);
        self.send_back_to(owed, req, &format!("{}/replay?id={id}", self.state.portal_path))
    }

    /// `/replay?id=…`: the held form, sent on once if the session now passes its rule;
    /// otherwise the code is asked for again, or the page says the form has expired.
    async fn replay(&self, session: &mut Session, ctx: &mut RequestCtx, live: &Live, facts: &Facts<'_>) -> Decision {
        let req = session.req_header();
        if has_body(req) {
            return Decision::Respond(Response::plain(400, "A replay carries no body of its own.\n"));
        }
        let query = facts.target.query.as_deref().unwrap_or("");
        let here = format!("{}/replay?{query}", self.state.portal_path);
        let (s, user) = match self.authenticated(session, live, facts).await {
            Ok(Some(found)) => found,
            Ok(None) => return Decision::Respond(self.send_back_to(Owed::Login, req, &here)),
            Err(resp) => return Decision::Respond(resp),
        };
        let id = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "id").map(|(_, v)| v.into_owned()).unwrap_or_default();
        let site = &facts.site;
        let Some(hold) = self.state.holds.take(&id, &user.username, &site.host, facts.now) else {
            let said = "We keep a form for five minutes while asking for your code; this one has expired or was already sent. Please fill it in and submit it again.";
            return Decision::Respond(pages::message(410, &self.frame(site), "Please submit again", said, Some(("/", "Back to the site"))));
        };
        // The held target was one the rules judged, so it reads again as it did.
        let Ok(target) = target::parse(hold.target.as_bytes(), &site.host, false, site.path_case) else {
            return Decision::Respond(Response::plain(400, "The held form's address cannot be read.\n"));
        };
        let held = Facts { target, method: hold.method.clone(), ..facts.clone() };
        let user = match self.judge(session, live, &held).await {
            Ok(Verdict::Deny) => return Decision::Respond(self.denied(site)),
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
        tracing::info!(user = %s.username, target = %hold.target, "held form sent on");
        let code_at = ctx.code_at;
        ctx.replay = Some(hold);
        self.forward(ctx, req, facts, user, code_at);
        Decision::Forward
    }

    async fn portal(&self, session: &mut Session, live: &Live, facts: &Facts<'_>, sub: &str) -> Response {
        let body = match read_form(session).await {
            Ok(body) => body,
            Err(resp) => return resp,
        };
        let req = session.req_header();
        let tls = facts.tls;
        let visit = Visit {
            state: &self.state,
            live,
            site: &facts.site,
            tls,
            client_ip: facts.client_ip,
            session_token: identity::cookie(req, facts.session_cookie()).map(str::to_owned),
            device_token: identity::cookie(req, cookies::DEVICE.get(tls)).map(str::to_owned),
            user_agent: req.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned(),
            csrf: VisitCsrf::new(&self.state.csrf, identity::cookie(req, cookies::CSRF.get(tls)).map(str::to_owned)),
            now: facts.now,
        };
        portal::serve(&visit, &facts.method, sub, facts.target.query.as_deref(), body).await
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
    session.client_addr().and_then(|a| a.as_inet()).map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip())
}

/// The host a request names, without its port: HTTP/2's `:authority` or the one `Host`
/// header; `Err` for a repeated or malformed one (or two that disagree), `None` for none.
fn host_of(req: &RequestHeader) -> std::result::Result<Option<&str>, ()> {
    let mut hosts = req.headers.get_all(HOST).iter();
    let (header, again) = (hosts.next(), hosts.next());
    let authority = match (req.uri.authority(), header, again) {
        (_, _, Some(_)) => return Err(()),
        (Some(a), Some(h), None) if a.as_str().as_bytes() != h.as_bytes() => return Err(()),
        (Some(a), _, None) => a.as_str(),
        (None, Some(h), None) => h.to_str().map_err(drop)?,
        (None, None, None) => return Ok(None),
    };
    target::host_of_authority(authority).map(Some).ok_or(())
}

/// `method` in upper case: rules, and many frameworks, read `delete` as `DELETE`.
fn upper_case(method: &Method) -> Method {
    if !method.as_str().bytes().any(|b| b.is_ascii_lowercase()) {
        return method.clone();
    }
    Method::from_bytes(method.as_str().to_ascii_uppercase().as_bytes()).unwrap_or_else(|_| method.clone())
}

/// The method a header value names (`delete`, ` DELETE `), if it is one.
fn method_named(value: &[u8]) -> Option<Method> {
    Method::from_bytes(&value.trim_ascii().to_ascii_uppercase()).ok()
}

/// The method the rules judge: the request's in upper case, or on a site that judges method
/// overrides, the one an override header names (two of them are refused).
fn judged_method(req: &RequestHeader, site: &Site) -> std::result::Result<Method, Response> {
    let refused = || Response::plain(400, "Bad request: a method override must name one method, once.\n");
    if site.method_override == MethodOverride::Remove {
        return Ok(upper_case(&req.method));
    }
    let mut overrides = identity::method_overrides(req);
    match (overrides.next(), overrides.next()) {
        (None, _) => Ok(upper_case(&req.method)),
        (Some((_, value)), None) => method_named(value.as_bytes()).ok_or_else(refused),
        _ => Err(refused()),
    }
}

/// The part of `path` below the portal prefix, if it is a portal path.
fn portal_sub_path<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
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
    upstream.set_uri(hold.target.parse().map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))?);
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
    fn hosts_are_one_and_well_formed() {
        let with = |headers: &[&str]| {
            let mut req = RequestHeader::build("GET", b"/", None).expect("request");
            for h in headers {
                req.append_header(HOST, *h).expect("host");
            }
            host_of(&req).map(|h| h.map(str::to_string))
        };
        assert_eq!(with(&["app.example:8080"]), Ok(Some("app.example".into())));
        assert_eq!(with(&[]), Ok(None));
        assert_eq!(with(&["[other.localhost]junk"]), Err(()));
        assert_eq!(with(&["app.example", "app.example"]), Err(()));
        assert_eq!(with(&["a b"]), Err(()));
    }
}
