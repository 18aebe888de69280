//! What the gate does with a request, decided as a value: the request's facts, worked out
//! once; the site's rules and the session's verdict on them; and the [`Decision`] — forward
//! (with what the upstream is to be sent) or answer — that the hooks then write.

use std::borrow::Cow;
use std::net::IpAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{ACCEPT, HOST, USER_AGENT};
use http::{HeaderName, HeaderValue, Method};
use pingora::http::RequestHeader;
use pingora::prelude::Session;
use pingora::{Error, ErrorType, Result};

use super::{method, peer_ip, read_body, BodyError, Connection, Gate};
use crate::auth::session::LiveSession;
use crate::hold::Hold;
use crate::lang::Lang;
use crate::metrics::Outcome;
use crate::policy::{Action, Branding, MethodOverride, Request, Site, StepUp, Who};
use crate::portal::{self, pages, Visit};
use crate::state::Live;
use crate::users::User;
use crate::web::cookies::{self, SessionCookie};
use crate::web::csrf::VisitCsrf;
use crate::web::response::Response;
use crate::web::target::{self, Target};
use crate::web::{hygiene, identity};

/// The outcome of looking at a request: forward it, or answer it (with what that answer is,
/// for the metrics).
pub(super) enum Decision {
    Forward(Forwarded),
    Respond(Response, Outcome),
}

impl Decision {
    /// An answer that is `outcome`, or a failure when it is a 5xx.
    pub(super) fn answer(resp: Response, outcome: Outcome) -> Decision {
        let outcome = if resp.status >= 500 { Outcome::Failed } else { outcome };
        Decision::Respond(resp, outcome)
    }

    /// An answer told by its status: a refusal or a failure.
    pub(super) fn refuse(resp: Response) -> Decision {
        let outcome = Outcome::of_status(resp.status);
        Decision::Respond(resp, outcome)
    }
}

/// A request the rules let through, with what the upstream is to be told.
pub(super) struct Forwarded {
    pub site: Arc<Site>,
    /// Who is signed in, for the identity headers; none on a bypass.
    pub signed_in: Option<SignedIn>,
    /// The client's connection is HTTPS: to us, or to a trusted proxy that says so. The
    /// upstream is told `X-Forwarded-Proto: https`.
    pub tls: bool,
    pub sent: Sent,
    /// The body to send in place of the client's: a held form's.
    pub body: Option<Bytes>,
}

/// The signed-in user a request is forwarded for.
pub(super) struct SignedIn {
    pub user: Arc<User>,
    /// Its session: when the code was entered (none: a trusted device stood in), for the
    /// identity headers and the assertion; a tunnel it opens ends with it.
    pub session: Arc<LiveSession>,
}

/// What goes upstream in place of what the client sent.
pub(super) enum Sent {
    /// The client's request, rewritten where it differs from what was judged.
    Rewritten(Rewrite),
    /// A held form, replayed (see `hold`).
    Held(Box<Hold>),
}

impl Default for Sent {
    fn default() -> Self {
        Sent::Rewritten(Rewrite::default())
    }
}

/// What the upstream is sent in place of what the client sent, where the two differ: the
/// target rebuilt from the path the rules judged, the method in upper case, and a
/// method-override header naming the method judged (on sites that judge them).
#[derive(Default)]
pub(super) struct Rewrite {
    target: Option<String>,
    method: Option<Method>,
    overrides: Overrides,
}

/// What becomes of a request's method-override headers.
#[derive(Default)]
enum Overrides {
    /// None were sent, or they name the method judged; those a site removes go anyway.
    #[default]
    AsSent,
    /// Each, in the judged method's spelling.
    Named(Vec<HeaderName>, Method),
    /// Removed: a site that judges them takes them from a POST only.
    Removed(Vec<HeaderName>),
}

impl Rewrite {
    fn of(req: &RequestHeader, facts: &Facts<'_>) -> Rewrite {
        let method = method::upper_case(&req.method);
        let sent: Vec<HeaderName> = identity::method_overrides(req).map(|(name, _)| name.clone()).collect();
        let overrides = match facts.site.method_override {
            _ if sent.is_empty() => Overrides::AsSent,
            MethodOverride::Remove | MethodOverride::Ignore => Overrides::AsSent,
            MethodOverride::Judge if method::overrides_pass(req, &facts.site) => {
                let spelled = identity::method_overrides(req).all(|(_, v)| v.as_bytes() == facts.method.as_str().as_bytes());
                if spelled {
                    Overrides::AsSent
                } else {
                    Overrides::Named(sent, facts.method.clone())
                }
            }
            MethodOverride::Judge => Overrides::Removed(sent),
        };
        Rewrite {
            target: (!facts.target.is_wire(req.raw_path())).then(|| facts.target.wire()),
            method: (method != req.method).then_some(method),
            overrides,
        }
    }

    /// Writes the rewrite into the request for the upstream; again on each try, as pingora
    /// builds the request anew from the client's when it retries a failed connection.
    pub(super) fn apply(&self, upstream: &mut RequestHeader) -> Result<()> {
        if let Some(target) = &self.target {
            upstream.set_uri(target.parse().map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))?);
        }
        if let Some(method) = &self.method {
            upstream.set_method(method.clone());
        }
        match &self.overrides {
            Overrides::AsSent => {}
            Overrides::Named(names, method) => {
                for name in names {
                    upstream.insert_header(name.clone(), method.as_str())?;
                }
            }
            Overrides::Removed(names) => {
                for name in names {
                    upstream.remove_header(name);
                }
            }
        }
        Ok(())
    }
}

/// What the gate knows of a request before judging it, worked out once: the site, the
/// target and method as the rules judge them, where the client is, whether it came over
/// TLS, and the time (the one clock read of the request).
#[derive(Clone)]
pub(super) struct Facts<'r> {
    pub site: Arc<Site>,
    pub target: Target<'r>,
    /// Upper case; for the app, on sites that judge method overrides, the one an override names.
    pub method: Method,
    pub client_ip: IpAddr,
    pub tls: bool,
    pub now: i64,
    /// What the request's connection carried from the last request, if it is kept (HTTP/1).
    pub connection: Option<&'r Connection>,
}

impl Facts<'_> {
    pub(super) fn into_owned(self) -> Facts<'static> {
        Facts { target: self.target.into_owned(), connection: None, ..self }
    }

    /// The name of this site's session cookie on this connection.
    fn session_cookie(&self) -> &'static str {
        SessionCookie::of(&self.site.session).name(self.tls)
    }
}

/// What a request lacks: a session, or a code (again, or fresher than a step-up allows,
/// perhaps of a separate factor; with `passkey`, a passkey's and nothing else).
#[derive(Clone, Copy)]
pub(super) enum Owed<'a> {
    Login,
    Code { step_up: Option<(std::time::Duration, Option<&'a str>)>, passkey: bool },
}

/// What a site's rules and the request's session say of a method and path.
pub(super) enum Verdict<'a> {
    Deny,
    Bypass,
    /// Signed in, enough for the rule.
    Pass(SignedIn),
    /// A session, or a (fresh) code in `session`, is owed.
    Owes(Owed<'a>, Option<Arc<LiveSession>>),
}

impl Gate {
    /// Decides what becomes of a request, noting in `site` the site it is for once known.
    pub(super) async fn decide(&self, session: &mut Session, site: &mut Option<Arc<Site>>, connection: Option<&Connection>) -> Decision {
        if let Err(refusal) = hygiene::check(session.as_downstream()) {
            return Decision::refuse(Response::plain(refusal.status(), refusal.text()).header("connection", "close"));
        }
        let body = has_body(session);
        let live = self.state.live();
        let facts = match self.facts(session, &live, site, connection) {
            Ok(facts) => facts,
            Err(refusal) => return Decision::refuse(refusal),
        };
        if facts.target.judged == portal::JWKS_WELL_KNOWN && facts.method == Method::GET {
            return Decision::answer(portal::jwks(&self.state), Outcome::Portal);
        }
        if let Some(sub) = portal_sub_path(&facts.target.judged, &self.state.portal_path) {
            let (sub, facts) = (sub.to_string(), facts.into_owned());
            // Boxed: the pages' futures are large, and kept apart from the judging that every
            // forwarded request runs, so that its future stays small (it is moved as a whole).
            return match sub.as_str() {
                "/replay" => Box::pin(self.replay(session, &live, &facts, body)).await,
                // Exactly so: not `/auth;x`, nor `/AUTH` on a case-insensitive site.
                "/auth" if facts.target.path == format!("{}/auth", self.state.portal_path) => {
                    Box::pin(self.forward_auth(session, &live, &facts)).await
                }
                _ => Decision::answer(Box::pin(self.portal(session, &live, &facts, &sub)).await, Outcome::Portal),
            };
        }
        // The gate's own pages take a request as its method; what goes on, as the app will.
        let req = session.req_header();
        let mut facts = match method::judged(req, &facts.site) {
            Ok(method) => Facts { method, ..facts },
            Err(refusal) => return Decision::refuse(refusal),
        };
        let mut also = query_override(req, &mut facts);
        if body && method::post_may_override(&method::upper_case(&req.method), &facts.site) {
            // Rare, so the request's facts may be copied to read its body.
            let facts = facts.into_owned();
            let form = match self.form_override(session, &facts, &mut also).await {
                Ok(form) => form,
                Err(refusal) => return Decision::refuse(refusal),
            };
            return match self.conclude(session, &live, &facts, &also, (body, form)).await {
                Next::Decided(decision) => decision,
                Next::Hold(user, owed, form) => {
                    Decision::answer(self.hold(session, &facts, &also, &user, owed, form).await, Outcome::StepUp)
                }
            };
        }
        match self.conclude(session, &live, &facts, &also, (body, None)).await {
            Next::Decided(decision) => decision,
            Next::Hold(user, owed, _) => {
                let facts = facts.into_owned();
                Decision::answer(self.hold(session, &facts, &also, &user, owed, None).await, Outcome::StepUp)
            }
        }
    }

    /// [`Gate::judge`] of the request `facts` describe, and of it as each method in `also`
    /// it could be taken for, the strictest verdict winning.
    pub(super) async fn judge_as_each<'l>(
        &self,
        session: &Session,
        live: &'l Live,
        facts: &Facts<'_>,
        also: &[Method],
    ) -> Result<Verdict<'l>, Response> {
        let mut verdict = self.judge(session, live, facts).await;
        let mut judged = vec![facts.method.clone()];
        for method in also {
            if judged.contains(method) {
                continue;
            }
            judged.push(method.clone());
            let asked = Facts { method: method.clone(), ..facts.clone() };
            verdict = stricter(verdict, self.judge(session, live, &asked).await);
        }
        verdict
    }

    /// Judges the request (see [`Gate::judge_as_each`]) and decides; `body`, whether it has
    /// one, and `form`, the body if already read.
    async fn conclude<'l>(
        &self,
        session: &Session,
        live: &'l Live,
        facts: &Facts<'_>,
        also: &[Method],
        (body, form): (bool, Option<Bytes>),
    ) -> Next<'l> {
        let req = session.req_header();
        let verdict = self.judge_as_each(session, live, facts, also).await;
        let sent = || Sent::Rewritten(Rewrite::of(req, facts));
        Next::Decided(match verdict {
            Err(resp) => Decision::refuse(resp),
            Ok(Verdict::Deny) => Decision::answer(self.denied(facts, req), Outcome::Denied),
            Ok(Verdict::Bypass) => forward(facts, None, sent(), None),
            Ok(Verdict::Pass(signed_in)) => forward(facts, Some(signed_in), sent(), None),
            // Signed in, but this rule wants a (fresh) code itself; a form sent meanwhile
            // is held, not lost.
            Ok(Verdict::Owes(owed, Some(s))) if body && wants_html(req) => {
                return Next::Hold(s.username.clone(), owed, form);
            }
            Ok(Verdict::Owes(owed, _)) => self.owed(owed, req, &facts.target.wire()),
        })
    }

    /// Reads the body of a POST for the methods its `_method` fields name, added to `also`:
    /// from a url-encoded (or untyped) form, as frameworks read it; any other body that
    /// mentions `method` (multipart, JSON), or one too large to read or of no stated length,
    /// may name any, and is judged as every method an override may name. The body, when read,
    /// goes on as it came: pingora keeps what is read in its retry buffer (as large as the
    /// body may be) and sends that on.
    async fn form_override(&self, session: &mut Session, facts: &Facts<'_>, also: &mut Vec<Method>) -> Result<Option<Bytes>, Response> {
        let req = session.req_header();
        let declared = req.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if req.headers.contains_key(http::header::TRANSFER_ENCODING) || declared.is_none_or(|n| n > method::MAX_FORM_BYTES) {
            also.extend(method::any_override(&facts.site));
            return Ok(None);
        }
        let form = method::is_form(req);
        session.enable_retry_buffering();
        let body =
            read_body(session, method::MAX_FORM_BYTES).await.map_err(|_| Response::plain(400, "The request body could not be read.\n"))?;
        match form {
            true => also.extend(method::named_in(&body)),
            false if method::mentions_method(&body) => also.extend(method::any_override(&facts.site)),
            false => {}
        }
        Ok(Some(body))
    }

    /// The request's [`Facts`], or the response that refuses it: a Host that is malformed or
    /// names no site, a target the gate will not judge. The site, once found, goes in `found`.
    fn facts<'s>(
        &self,
        session: &'s Session,
        live: &Live,
        found: &mut Option<Arc<Site>>,
        connection: Option<&'s Connection>,
    ) -> Result<Facts<'s>, Response> {
        let req = session.req_header();
        let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
        let trusted = &self.state.trusted_proxies;
        let peer = peer_ip(session);
        // What the client's request says of the client counts only from a trusted proxy.
        let from_proxy = identity::is_trusted(peer, trusted);
        let tls = session.digest().is_some_and(|d| d.ssl_digest.is_some())
            || (from_proxy && identity::https_before(peer, header("x-forwarded-proto"), trusted));
        let host = host_of(req).map_err(|()| Response::plain(400, "Bad request: the Host header is repeated or malformed.\n"))?;
        let Some((host, site)) = host.and_then(|h| Some((h, live.policy.site(h)?))) else {
            return Err(self.unknown_host(req, host, tls));
        };
        *found = Some(Arc::clone(site));
        let target = target::parse(req.raw_path(), host, req.method == Method::OPTIONS, site.path_case)
            .map_err(|e| Response::plain(400, e.text()))?;
        let client_ip = match from_proxy {
            true => identity::client_ip(peer, identity::all_lines(req, "x-forwarded-for").as_deref(), trusted),
            false => peer,
        };
        let method = method::upper_case(&req.method);
        Ok(Facts { site: Arc::clone(site), target, method, client_ip, tls, now: crate::clock::now(), connection })
    }

    /// Applies the site's rules to the request `facts` describe, and checks the session where
    /// a rule asks for one; a response when the answer cannot be known (fail closed). Where a
    /// rule naming users or groups may decide, the session is checked first, as it needs it.
    pub(super) async fn judge<'l>(&self, session: &Session, live: &'l Live, facts: &Facts<'_>) -> Result<Verdict<'l>, Response> {
        let country = country_of(live, &facts.site, facts.client_ip).map_err(|e| self.unavailable(facts, session.req_header(), e))?;
        let mut request = Request { path: &facts.target.judged, method: &facts.method, ip: facts.client_ip, country, who: None };
        // Who it is is known from the password; what the rule then wants is checked below.
        let known = match facts.site.uses_who && facts.site.asks_who(&request) {
            true => Some(self.session_of(session, live, facts, |_, _| true).await?),
            false => None,
        };
        request.who = known.as_ref().and_then(|k| k.as_ref()).map(|(_, user)| Who { user: &user.username, groups: &user.groups });
        let (devices, step_up, passkey) = match facts.site.decide(&request) {
            Action::Deny => return Ok(Verdict::Deny),
            Action::Bypass => return Ok(Verdict::Bypass),
            Action::OneFactor => {
                let known = match known {
                    Some(known) => known,
                    None => self.session_of(session, live, facts, |_, _| true).await?,
                };
                return Ok(match known {
                    Some((session, user)) => Verdict::Pass(SignedIn { user, session }),
                    None => Verdict::Owes(Owed::Login, None),
                });
            }
            Action::TwoFactor { devices, step_up, passkey } => (devices, step_up_of(live, step_up), passkey),
        };
        let signed_in = match known {
            Some(known) => known.filter(|(s, user)| s.complete_for(user, facts.site.enrolment, facts.now)),
            None => self.authenticated(session, live, facts).await?,
        };
        Ok(match signed_in {
            Some((s, user)) if s.passes(devices, step_up, passkey, facts.now) => Verdict::Pass(SignedIn { user, session: s }),
            Some((s, _)) => Verdict::Owes(Owed::Code { step_up, passkey }, Some(s)),
            None => Verdict::Owes(Owed::Login, None),
        })
    }

    /// A complete session and its user, `None` without one, or the response that refuses
    /// when the session cannot be checked (fail closed).
    pub(super) async fn authenticated(
        &self,
        session: &Session,
        live: &Live,
        facts: &Facts<'_>,
    ) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, Response> {
        self.session_of(session, live, facts, |s, user| s.complete_for(user, facts.site.enrolment, facts.now)).await
    }

    /// The request's session and its user where `enough` says it is, `None` without one, or
    /// the response that refuses when the session cannot be checked (fail closed).
    async fn session_of(
        &self,
        session: &Session,
        live: &Live,
        facts: &Facts<'_>,
        enough: impl Fn(&LiveSession, &User) -> bool,
    ) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, Response> {
        let Some(token) = cookies::read(session.req_header(), facts.session_cookie()) else {
            return Ok(None);
        };
        let (sessions, scope) = (&self.state.sessions, &facts.site.session.id);
        let resolved = match facts.connection {
            Some(on) => sessions.resolve_kept(token, scope, &live.users, facts.now, &on.session).await,
            None => sessions.resolve(token, scope, &live.users, facts.now).await,
        };
        match resolved {
            Ok(Some((s, user))) if enough(&s, &user) => Ok(Some((s, user))),
            Ok(_) => Ok(None),
            Err(e) => Err(self.unavailable(facts, session.req_header(), format_args!("session check failed: {e}"))),
        }
    }

    /// The portal page for what is `owed`, coming back to `target`.
    pub(super) fn owed_url(&self, owed: Owed<'_>, target: &str) -> String {
        // The page and the start of its query, to which the return address is added.
        let page = match owed {
            Owed::Login => Cow::Borrowed("login?"),
            Owed::Code { step_up: Some((_, Some(factor))), .. } => Cow::Owned(format!("step-up?factor={factor}&")),
            Owed::Code { passkey: true, .. } => Cow::Borrowed("challenge?only=webauthn&"),
            Owed::Code { .. } => Cow::Borrowed("challenge?"),
        };
        let rd: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
        format!("{}/{page}rd={rd}", self.state.portal_path)
    }

    /// Browsers are sent to the portal page for what is `owed`, coming back to `target`; API
    /// clients get a 401 they can act on, naming a step-up's maximum age.
    pub(super) fn send_back_to(&self, owed: Owed<'_>, req: &RequestHeader, target: &str) -> Response {
        if wants_html(req) {
            return Response::redirect(&self.owed_url(owed, target));
        }
        match owed {
            Owed::Code { step_up: Some((max_age, factor)), passkey } => {
                let mut resp = Response::json(401, "{\"error\":\"step-up authentication required\"}\n");
                let factor = factor.map(|f| format!(" factor={f}")).unwrap_or_default();
                let method = if passkey { " method=webauthn" } else { "" };
                let challenge = format!("Portcullis step-up max-age={}{factor}{method}", max_age.as_secs());
                if let Ok(value) = HeaderValue::from_str(&challenge) {
                    resp.headers.push((http::header::WWW_AUTHENTICATE, value));
                }
                resp
            }
            _ => Response::json(401, "{\"error\":\"authentication required\"}\n").header("www-authenticate", "Portcullis"),
        }
    }

    /// [`Gate::send_back_to`], as a decision.
    pub(super) fn owed(&self, owed: Owed<'_>, req: &RequestHeader, target: &str) -> Decision {
        let resp = self.send_back_to(owed, req, target);
        let outcome = owed_outcome(owed, &resp);
        Decision::answer(resp, outcome)
    }

    pub(super) fn denied(&self, facts: &Facts<'_>, req: &RequestHeader) -> Response {
        let reference = pages::reference();
        tracing::info!(site = %facts.site.host, path = %facts.target.judged, %reference, "denied by the rules");
        let frame = self.frame(&facts.site.name, &facts.site.branding, req, facts.tls);
        pages::refusal(403, &frame, ("denied-title", "denied"), Some(("/", "back-to-site")), &reference)
            .header("content-language", frame.lang.code())
    }

    /// One of the gate's own pages, in the request's language: its title and message by id,
    /// and a link.
    pub(super) fn page(
        &self,
        status: u16,
        facts: &Facts<'_>,
        req: &RequestHeader,
        said: (&str, &str),
        link: Option<(&str, &str)>,
    ) -> Response {
        let frame = self.frame(&facts.site.name, &facts.site.branding, req, facts.tls);
        pages::message(status, &frame, said.0, &frame.t(said.1), link).header("content-language", frame.lang.code())
    }

    /// The frame of the gate's own pages (refusals, which cannot be asked for again: no
    /// language switch).
    fn frame<'s>(&'s self, site: &'s str, brand: &'s Branding, req: &RequestHeader, tls: bool) -> pages::Frame<'s> {
        pages::Frame { site, brand, prefix: &self.state.portal_path, csrf: "", lang: language(req, tls), switch: None }
    }

    /// Trouble on our side (the store, the GeoIP database) on a request for `facts`: refused
    /// (fail closed) with a 503, for a browser a page giving the reference its log line has.
    pub(super) fn unavailable(&self, facts: &Facts<'_>, req: &RequestHeader, what: impl std::fmt::Display) -> Response {
        let reference = pages::reference();
        tracing::error!(site = %facts.site.host, %reference, "{what}; refusing");
        let resp = match wants_html(req) {
            true => {
                let frame = self.frame(&facts.site.name, &facts.site.branding, req, facts.tls);
                pages::refusal(503, &frame, ("unavailable-title", "unavailable"), None, &reference)
                    .header("content-language", frame.lang.code())
            }
            false => Response::plain(503, "Authentication is unavailable; try again shortly.\n"),
        };
        resp.header("retry-after", "30")
    }

    /// A request whose decision panicked (a bug): refused with a 500, for a browser a page with
    /// the reference its log line has, on the site's look if the site was known by then.
    pub(super) fn internal_error(&self, req: &RequestHeader, site: Option<&Site>) -> Response {
        let reference = pages::reference();
        tracing::error!(%reference, "a request handler panicked; the request is refused");
        if !wants_html(req) {
            return Response::plain(500, "Internal error; the request was not forwarded.\n");
        }
        let (name, brand) = site.map_or(("", &Branding::NONE), |s| (s.name.as_str(), &s.branding));
        let frame = self.frame(name, brand, req, false);
        pages::refusal(500, &frame, ("internal-title", "internal"), None, &reference).header("content-language", frame.lang.code())
    }

    /// A host no site is configured for: a page for a browser (the portal's own files are
    /// served for it, so that it is styled), plain text for others.
    fn unknown_host(&self, req: &RequestHeader, host: Option<&str>, tls: bool) -> Response {
        let portal = self.state.portal_path.as_str();
        match req.uri.path().strip_prefix(portal).and_then(portal::static_file) {
            Some(file) => file,
            None if wants_html(req) => {
                let reference = pages::reference();
                tracing::info!(host = ?host, %reference, "a host no site is configured for");
                let frame = self.frame(host.unwrap_or_default(), &Branding::NONE, req, tls);
                pages::refusal(421, &frame, ("unknown-host-title", "unknown-host"), None, &reference)
                    .header("content-language", frame.lang.code())
            }
            None => Response::plain(421, "This host is not served here.\n"),
        }
    }

    async fn portal(&self, session: &mut Session, live: &Live, facts: &Facts<'_>, sub: &str) -> Response {
        let body = match read_body(session, portal::MAX_FORM_BYTES).await {
            Ok(body) => body,
            Err(BodyError::TooLarge) => return Response::plain(413, "The form is too large.\n"),
            Err(BodyError::Unreadable) => return Response::plain(400, "The request body could not be read.\n"),
        };
        let req = session.req_header();
        let tls = facts.tls;
        let visit = Visit {
            state: &self.state,
            live,
            site: &facts.site,
            tls,
            client_ip: facts.client_ip,
            session_token: cookies::read(req, facts.session_cookie()).map(str::to_owned),
            device_token: cookies::read(req, cookies::DEVICE.get(tls)).map(str::to_owned),
            shown_codes: cookies::read(req, cookies::SHOWN_CODES.get(tls)).map(str::to_owned),
            user_agent: req.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned(),
            csrf: VisitCsrf::new(&self.state.csrf, cookies::read(req, cookies::CSRF.get(tls)).map(str::to_owned)),
            now: facts.now,
            lang: portal::language_asked(&facts.method, facts.target.query.as_deref()).unwrap_or_else(|| language(req, tls)),
            switch: portal::switch_base(&facts.method, facts.target.path.as_ref(), facts.target.query.as_deref()),
        };
        portal::serve(&visit, &facts.method, sub, facts.target.query.as_deref(), body).await
    }
}

/// The decision to forward what `facts` describe, as `sent` (with `body` in place of the
/// client's, once read), for whoever is signed in.
pub(super) fn forward(facts: &Facts<'_>, signed_in: Option<SignedIn>, sent: Sent, body: Option<Bytes>) -> Decision {
    Decision::Forward(Forwarded { site: Arc::clone(&facts.site), signed_in, tls: facts.tls, sent, body })
}

/// What sending a request back for what it owes is: a step-up, or a sign-in (401 to an API client).
pub(super) fn owed_outcome(owed: Owed<'_>, sent_back: &Response) -> Outcome {
    match owed {
        Owed::Code { step_up: Some(_), .. } => Outcome::StepUp,
        _ if sent_back.status == 401 => Outcome::Unauthenticated,
        _ => Outcome::SignIn,
    }
}

/// What to do after judging: a decision, or hold the form of `user`, who owes a code.
enum Next<'l> {
    Decided(Decision),
    Hold(String, Owed<'l>, Option<Bytes>),
}

/// Of two verdicts on one request read two ways, the one that lets less through; of two
/// codes owed, a separate factor's, then a passkey's (the request is judged again once it is
/// given).
pub(super) fn stricter<'l>(a: Result<Verdict<'l>, Response>, b: Result<Verdict<'l>, Response>) -> Result<Verdict<'l>, Response> {
    let rank = |v: &Result<Verdict<'_>, Response>| match v {
        Err(_) => 6,
        Ok(Verdict::Deny) => 5,
        Ok(Verdict::Owes(Owed::Code { step_up: Some((_, Some(_))), .. }, _)) => 4,
        Ok(Verdict::Owes(Owed::Code { passkey: true, .. }, _)) => 3,
        Ok(Verdict::Owes(..)) => 2,
        Ok(Verdict::Pass(_)) => 1,
        Ok(Verdict::Bypass) => 0,
    };
    if rank(&b) > rank(&a) {
        b
    } else {
        a
    }
}

/// The methods a POST's query names in `_method`, as more to judge it as (on sites whose rules
/// name methods); on sites that remove overrides, the parameter leaves the query the app gets.
fn query_override(req: &RequestHeader, facts: &mut Facts<'_>) -> Vec<Method> {
    let own = method::upper_case(&req.method);
    if own != Method::POST {
        return Vec::new();
    }
    let query = facts.target.query.as_deref();
    let named = match query {
        Some(q) if method::post_may_override(&own, &facts.site) => method::named_in(q.as_bytes()),
        _ => Vec::new(),
    };
    if let Some(rest) = method::app_query(&own, &facts.site, query) {
        facts.target.query = rest.map(Cow::Owned);
    }
    named
}

/// A rule's step-up as sessions check it: the age, and the separate factor's name (a factor
/// the policy lacks, which its check prevents, is one no session has).
fn step_up_of(live: &Live, step_up: Option<StepUp>) -> Option<(std::time::Duration, Option<&str>)> {
    let s = step_up?;
    let factor = s.factor.map(|id| live.policy.factor(id).map_or("", |f| f.name.as_str()));
    Some((s.max_age, factor))
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

/// Whether a request carries a body: one of a length above 0 or chunked over HTTP/1, and over
/// HTTP/2 any whose headers did not end the stream, with or without a length.
fn has_body(session: &mut Session) -> bool {
    !session.is_body_empty()
}

/// The client's country where the site's rules ask for it; `Err`, why it could not be known
/// (which refuses).
fn country_of(live: &Live, site: &Site, ip: IpAddr) -> Result<Option<crate::geo::Country>, String> {
    Ok(site.uses_countries.then(|| live.geo.country(ip)).transpose()?.flatten())
}

/// The language chosen on a page before (kept in its cookie), else the browser's.
fn language(req: &RequestHeader, tls: bool) -> Lang {
    let accept = req.headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Lang::choose(cookies::read(req, cookies::LANG.get(tls)), accept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_prefix_matches_whole_segments_only() {
        assert_eq!(portal_sub_path("/.portcullis/login", "/.portcullis"), Some("/login"));
        assert_eq!(portal_sub_path("/.portcullis", "/.portcullis"), Some(""));
        assert_eq!(portal_sub_path("/.portcullisx", "/.portcullis"), None);
        assert_eq!(portal_sub_path("/app", "/.portcullis"), None);
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
