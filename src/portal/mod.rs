//! The gate's own pages, served under the portal path on every protected host:
//! login, authenticator enrolment, the code challenge, trusted devices and sign-out.

mod backup;
mod codes;
mod devices;
mod enrolment;
mod grace;
mod login;
pub mod pages;
mod passkeys;
mod second_factor;
mod security;
mod sent_code;
mod step_up;

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::Method;

use crate::web::cookies::{self, SessionCookie};
use crate::web::csrf;
use crate::web::response::Response;

use crate::audit;
use crate::auth::device::Origin;
use crate::auth::methods::Methods;
use crate::auth::passkey::PasskeyError;
use crate::auth::session::LiveSession;
use crate::auth::throttle::{Failure, Lock, Subjects};
use crate::auth::token::SignError;
use crate::auth::IssueError;
use crate::keys::SealError;
use crate::lang::Lang;
use crate::metrics;
use crate::notify::{Context, Event};
use crate::policy::Site;
use crate::state::{Live, State};
use crate::store::{self, Stage, StoreError};
use crate::users::User;
use crate::web::return_url::safe_return;
use pages::Frame;

/// Largest form body the portal reads.
pub const MAX_FORM_BYTES: usize = 16 * 1024;

/// One request to the portal, with what the gate already resolved.
pub struct Visit<'a> {
    pub state: &'a State,
    pub live: &'a Live,
    pub site: &'a Site,
    pub tls: bool,
    pub client_ip: IpAddr,
    pub session_token: Option<String>,
    pub device_token: Option<String>,
    /// The key to backup codes this browser was just shown, if any.
    pub shown_codes: Option<String>,
    pub user_agent: String,
    pub csrf: csrf::VisitCsrf,
    /// The language of the pages and emails.
    pub lang: Lang,
    /// This page's address for the language switch (see [`switch_base`]).
    pub switch: Option<String>,
    pub now: i64,
}

impl Visit<'_> {
    fn frame(&self) -> Frame<'_> {
        Frame {
            site: &self.site.name,
            brand: &self.site.branding,
            prefix: &self.state.portal_path,
            csrf: &self.csrf.token,
            lang: self.lang,
            switch: self.switch.as_deref(),
        }
    }

    fn url(&self, page: &str, return_to: &str) -> String {
        let rd: String = form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
        format!("{}?rd={rd}", self.path(page))
    }

    /// The address of one of the gate's pages (`""` for the account page).
    fn path(&self, page: &str) -> String {
        format!("{}/{page}", self.state.portal_path)
    }

    fn safe_return(&self, wanted: Option<&str>) -> String {
        safe_return(wanted.unwrap_or("/"), &self.site.host, &self.state.portal_path)
    }

    /// The session the cookie names, with its user, if both are still valid here.
    async fn session(&self) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        let Some(token) = &self.session_token else { return Ok(None) };
        self.state.sessions.resolve(token, &self.site.session.id, &self.live.users, self.now).await
    }

    /// This site's session cookie.
    fn session_cookie(&self) -> SessionCookie<'_> {
        SessionCookie::of(&self.site.session)
    }

    fn throttle_subjects(&self, username: &str, known: bool) -> Subjects {
        Subjects::new(username, self.client_ip, known)
    }

    /// Takes a guess at one of `username`'s codes under the throttle: not checked at all while
    /// the user or this address is locked, counted when wrong (which may lock). `attempt`
    /// says what the guess is for, to the metrics and the audit trail.
    async fn guess<T>(
        &self,
        username: &str,
        attempt: Attempt<'_>,
        check: impl Future<Output = Result<Result<T, &'static str>, Unavailable>>,
    ) -> Result<Guess<T>, Unavailable> {
        self.guess_as(self.throttle_subjects(username, true), username, attempt, check).await
    }

    /// [`Visit::guess`] counted for `subjects` (a separate factor's own).
    async fn guess_as<T>(
        &self,
        subjects: Subjects,
        username: &str,
        attempt: Attempt<'_>,
        check: impl Future<Output = Result<Result<T, &'static str>, Unavailable>>,
    ) -> Result<Guess<T>, Unavailable> {
        if let Some(lock) = self.state.throttle.lock(&subjects, self.now).await? {
            return Ok(Guess::Locked(locked(self, lock)));
        }
        let right = check.await?;
        attempt.count(right.is_ok());
        match right {
            Ok(right) => Ok(Guess::Right(right)),
            Err(wrong) => {
                tracing::warn!(user = %username, ip = %self.client_ip, "wrong code");
                self.audit(self.audit_entry(attempt.failure(), username).factor(attempt.factor()).detail("wrong code")).await;
                let failure = self.failed(&subjects, username).await?;
                match failure.lock {
                    Some(lock) => Ok(Guess::Locked(locked(self, lock))),
                    None => Ok(Guess::Wrong(Wrong { id: wrong, left: Some(failure) })),
                }
            }
        }
    }

    /// Counts a failure of `username` against `subjects`; the lock it caused, if any, goes in
    /// the audit trail.
    async fn failed(&self, subjects: &Subjects, username: &str) -> Result<Failure, StoreError> {
        let failure = self.state.throttle.failed(subjects, self.now).await?;
        if let Some(lock) = failure.lock {
            self.audit(self.audit_entry(audit::Event::Lockout, username).detail(lock.describe())).await;
        }
        Ok(failure)
    }

    /// An audit entry for `user` on this visit: the site, the client's address, country and
    /// browser, and the session the browser holds.
    fn audit_entry(&self, event: audit::Event, user: &str) -> audit::Entry {
        let mut entry = audit::Entry::new(event, self.now).user(user).site(&self.site.host);
        entry.ip = Some(self.client_ip);
        entry.country = self.live.geo.country(self.client_ip).ok().flatten().map(|c| c.to_string());
        entry.browser = Some(crate::user_agent::label(&self.user_agent).unwrap_or_else(|| "unknown browser".into()));
        match self.session_token.as_deref().and_then(|t| self.state.sessions.verify_token(t)) {
            Some(id_hash) => entry.session(&id_hash),
            None => entry,
        }
    }

    async fn audit(&self, entry: audit::Entry) {
        self.state.audit.record(entry).await;
    }

    /// The session if it is past the password and still owes the second factor.
    async fn pending(&self) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        Ok(self.session().await?.filter(|(s, _)| s.stage == Stage::Password))
    }

    /// A session that a first enrolment would take further: a pending one, or one that the
    /// password alone gave a user without a method (a grace, or two-factor turned off).
    async fn enrolling(&self) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        Ok(self.session().await?.filter(|(s, _)| matches!(s.stage, Stage::Password | Stage::Unenrolled)))
    }

    /// A session that a code would take further: a pending one, or a complete one that a rule
    /// sent here for a code (a `trusted_devices: false` rule on a device's session, or a
    /// step-up); a code there starts a new session, whose code is fresh.
    async fn owing_code(&self) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        self.session().await
    }

    async fn signed_in(&self) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        Ok(self.session().await?.filter(|(s, u)| s.complete_for(u, self.site.enrolment, self.now)))
    }

    fn origin(&self) -> Origin<'_> {
        Origin { host: &self.site.host, ip: self.client_ip, user_agent: &self.user_agent, lang: self.lang.code() }
    }

    /// Tells `user` by email what just happened, from this browser and place.
    async fn notify(&self, event: Event, user: &User) {
        let ctx = Context {
            site: &self.site.name,
            when: self.now,
            browser: Some(crate::user_agent::label(&self.user_agent).unwrap_or_else(|| self.lang.t("unknown-browser").into_owned())),
            place: self.live.geo.place(self.client_ip, self.lang.code()),
            lang: self.lang,
        };
        self.state.outbox.post(event, user, &ctx).await;
        let (what, detail) = audited(event);
        let entry = self.audit_entry(what, &user.username);
        self.audit(match detail {
            Some(detail) => entry.detail(detail),
            None => entry,
        })
        .await;
    }

    /// The user's second factors as they stand.
    async fn methods(&self, user: &Arc<User>) -> Result<Methods, Unavailable> {
        let (user, factors) = (Arc::clone(user), self.live.policy.factors().to_vec());
        Ok(store::call(&self.state.store, move |s| Methods::read(s, &user, &factors)).await?)
    }

    /// The trusted device this browser's cookie names, bound here or not.
    fn this_device(&self) -> Option<[u8; 32]> {
        self.state.devices.id_in(self.device_token.as_deref()?, self.now)
    }

    /// New backup codes of `username` are shown no more (saved, or the user signed out).
    async fn forget_shown_codes(&self, username: &str) -> Result<(), StoreError> {
        let name = username.to_string();
        store::call(&self.state.store, move |s| s.forget_shown_codes(&name)).await
    }

    /// Sign-out's "forget this device": the record of this browser's device goes, if it is the
    /// signed-in user's.
    async fn forget_this_device(&self) -> Result<(), StoreError> {
        let (Some((_, user)), Some(device)) = (self.session().await?, self.this_device()) else {
            return Ok(());
        };
        let revoked = self.state.devices.revoke(&user.username, Some(device)).await?;
        self.state.sessions.evict(&revoked.sessions);
        tracing::info!(user = %user.username, "trusted device forgotten at sign-out");
        Ok(())
    }

    /// What was wrong, in words: after a wrong guess, with a warning when few tries are left
    /// before sign-in pauses.
    fn words(&self, wrong: Wrong) -> String {
        let said = self.lang.t(wrong.id);
        match wrong.left {
            Some(Failure { left: left @ 1..=2, lasting, .. }) => {
                let warning = if lasting { "tries-left-lasting" } else { "tries-left" };
                format!("{said} {}", self.lang.t_args(warning, [("left", left.into())]))
            }
            _ => said.into_owned(),
        }
    }

    /// "Trust this device for 30 days", if the site offers it: the period to show.
    fn trust_offer(&self) -> Option<String> {
        self.site.devices.enabled.then(|| self.lang.span(self.site.devices.lifetime))
    }
}

/// The outcome of [`Visit::guess`].
enum Guess<T> {
    Right(T),
    Wrong(Wrong),
    /// The 429 page: locked before, or by this guess.
    Locked(Response),
}

/// What a form says was wrong: a message, and after a wrong guess how many more failures
/// pause sign-in.
#[derive(Clone, Copy)]
struct Wrong {
    id: &'static str,
    left: Option<Failure>,
}

impl From<&'static str> for Wrong {
    fn from(id: &'static str) -> Wrong {
        Wrong { id, left: None }
    }
}

/// The audit trail's event for what users are told of, and its detail.
fn audited(event: Event) -> (audit::Event, Option<String>) {
    match event {
        Event::Enrolled => (audit::Event::Enrolled, None),
        Event::DeviceTrusted => (audit::Event::DeviceTrusted, None),
        Event::BackupCodesRenewed => (audit::Event::BackupCodesMade, None),
        Event::BackupCodeUsed { left } => (audit::Event::BackupCodeUsed, Some(format!("{left} left"))),
        Event::MethodAdded(m) => (audit::Event::MethodAdded, Some(m.label().into())),
        Event::MethodChanged(m) => (audit::Event::MethodChanged, Some(m.label().into())),
        Event::MethodRemoved(m) => (audit::Event::MethodRemoved, Some(m.label().into())),
        Event::FactorAdded => (audit::Event::MethodAdded, Some("a separate authenticator".into())),
        Event::TwoFactorOff => (audit::Event::MethodRemoved, Some("two-factor turned off".into())),
        Event::AdminReset => (audit::Event::AdminReset, None),
    }
}

/// The public keys of the identity assertions (also at [`JWKS_WELL_KNOWN`] on every site).
pub fn jwks(state: &State) -> Response {
    Response::asset("application/jwk-set+json", state.assertions.jwks())
}

/// Where every site publishes the assertions' keys, besides the portal's `jwks.json`.
pub const JWKS_WELL_KNOWN: &str = "/.well-known/portcullis/jwks.json";

/// What a code is guessed for.
#[derive(Clone, Copy)]
enum Attempt<'a> {
    /// A step of signing in, by this factor.
    SignIn(metrics::Factor),
    /// A step-up with the separate factor of this name.
    StepUp(&'a str),
    /// A current code that proves a change (a method, a new authenticator, new backup codes).
    Proof,
}

impl<'a> Attempt<'a> {
    fn count(self, right: bool) {
        match self {
            Attempt::SignIn(factor) => metrics::sign_in(factor, right),
            Attempt::StepUp(_) => metrics::step_up(right),
            Attempt::Proof => {}
        }
    }

    fn failure(self) -> audit::Event {
        match self {
            Attempt::SignIn(_) => audit::Event::SignInFailed,
            Attempt::StepUp(_) => audit::Event::StepUpFailed,
            Attempt::Proof => audit::Event::ProofFailed,
        }
    }

    fn factor(self) -> &'a str {
        match self {
            Attempt::SignIn(factor) => factor.label(),
            Attempt::StepUp(name) => name,
            Attempt::Proof => "code",
        }
    }
}

/// Answers a request for `sub` (the path below the portal prefix).
pub async fn serve(v: &Visit<'_>, method: &Method, sub: &str, query: Option<&str>, body: Bytes) -> Response {
    // The same for everyone, cached: without the cookies of an answer to someone.
    if method == Method::GET {
        if let Some(file) = static_file(sub).or_else(|| site_file(v.site, sub)) {
            return file;
        }
    }
    let rd = param(query.unwrap_or(""), "rd");
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    if method == Method::POST && !v.state.csrf.verify(v.csrf.sent.as_deref(), field(&form, "csrf")) {
        tracing::warn!(ip = %v.client_ip, path = ?sub, "form without a valid CSRF token");
        let retry = v.url("login", &v.safe_return(Some(field(&form, "rd"))));
        let page = pages::message(403, &v.frame(), "form-expired-title", &v.lang.t("form-expired"), Some((&retry, "start-again")));
        return finish(v, method, query, page);
    }
    let result = match (method, sub) {
        (&Method::GET, "" | "/") => login::account(v).await,
        (&Method::GET, "/login") => login::page(v, rd.as_deref()).await,
        (&Method::POST, "/login") => login::submit(v, &form).await,
        (&Method::POST, "/passkey") => login::passkey_submit(v, &form).await,
        (&Method::GET, "/grace") => grace::page(v, rd.as_deref()).await,
        (&Method::POST, "/grace") => grace::later(v, &form).await,
        (&Method::GET, "/enrol") => second_factor::enrol_page(v, rd.as_deref()).await,
        (&Method::POST, "/enrol") => second_factor::enrol_submit(v, &form).await,
        (&Method::GET, "/challenge") => {
            second_factor::challenge_page(v, rd.as_deref(), param(query.unwrap_or(""), "only").as_deref()).await
        }
        (&Method::POST, "/challenge") => second_factor::challenge_submit(v, &form).await,
        (&Method::POST, "/send-code") => sent_code::send(v, &form).await,
        (&Method::POST, "/sent-code") => sent_code::submit(v, &form).await,
        (&Method::GET, "/recover") => backup::recover_page(v, rd.as_deref()).await,
        (&Method::POST, "/recover") => backup::recover_submit(v, &form).await,
        (&Method::GET, "/backup-codes") => backup::codes_page(v).await,
        (&Method::POST, "/backup-codes") => backup::regenerate(v, &form).await,
        (&Method::POST, "/backup-codes.txt") => backup::download(v, &form).await,
        (&Method::GET, "/backup-codes/new") => backup::shown(v, query.unwrap_or("")).await,
        (&Method::POST, "/backup-codes/saved") => backup::saved(v, &form).await,
        (&Method::GET, "/step-up") => step_up::page(v, query.unwrap_or("")).await,
        (&Method::POST, "/step-up") => step_up::submit(v, &form).await,
        (&Method::GET, "/factor") => step_up::enrol_page(v, query.unwrap_or("")).await,
        (&Method::POST, "/factor") => step_up::enrol_submit(v, &form).await,
        (&Method::GET, "/security") => security::page(v).await,
        (&Method::POST, "/security") => security::submit(v, &form).await,
        (&Method::GET, "/devices") => devices::page(v).await,
        (&Method::POST, "/devices") => devices::revoke(v, &form).await,
        (&Method::GET, "/logout") => login::account(v).await,
        (&Method::POST, "/logout") => login::logout(v, &form).await,
        (&Method::GET, "/jwks.json") => Ok(jwks(v.state)),
        (
            _,
            "/login" | "/grace" | "/enrol" | "/challenge" | "/recover" | "/backup-codes" | "/security" | "/step-up" | "/factor"
            | "/devices" | "/logout",
        ) => Ok(Response::plain(405, "method not allowed").header("allow", "GET, POST")),
        _ => Ok(not_found(v)),
    };
    finish(v, method, query, result.unwrap_or_else(|e| unavailable(v, &e)))
}

/// What every answer of the portal carries: its language, the CSRF cookie if new, and the
/// language cookie when a page's switch chose one.
fn finish(v: &Visit<'_>, method: &Method, query: Option<&str>, resp: Response) -> Response {
    let resp = with_csrf_cookie(v, resp).header("content-language", v.lang.code());
    match language_asked(method, query) {
        Some(asked) => resp.cookie(&cookies::lasting(&cookies::LANG, v.tls, asked.code().into(), LANGUAGE_KEPT)),
        None => resp,
    }
}

/// The portal's own files, by their path below the portal's.
pub fn static_file(path: &str) -> Option<Response> {
    Some(match path {
        "/static/portal.css" => Response::asset("text/css", include_str!("../../static/portal.css")),
        "/static/portal.js" => Response::asset("text/javascript", include_str!("../../static/portal.js")),
        "/static/favicon.svg" => Response::asset("image/svg+xml", include_str!("../../static/favicon.svg")),
        _ => return None,
    })
}

/// A site's own files (its branding), by their path below the portal's.
fn site_file(site: &Site, path: &str) -> Option<Response> {
    match path {
        "/logo" => site.branding.logo.as_ref().map(|logo| Response::asset(logo.content_type, logo.bytes.clone())),
        "/brand.css" => site.branding.accent_css.as_ref().map(|css| Response::asset("text/css", css.clone())),
        _ => None,
    }
}

/// How long a language chosen on a page is remembered.
const LANGUAGE_KEPT: std::time::Duration = std::time::Duration::from_secs(365 * 86_400);

/// The language a page's switch asks for (`?lang=de` on a GET), which the answer remembers.
pub fn language_asked(method: &Method, query: Option<&str>) -> Option<Lang> {
    let asked = param(query.filter(|_| method == Method::GET)?, "lang")?;
    Lang::of_tag(&asked)
}

/// The address of a GET for the language switch's links: its path and query without `lang`,
/// ending in `?` or `&` for the link to add one. None for other methods: their answers cannot
/// be asked for again.
pub fn switch_base(method: &Method, path: &str, query: Option<&str>) -> Option<String> {
    if method != Method::GET {
        return None;
    }
    let kept = form_urlencoded::parse(query.unwrap_or("").as_bytes()).filter(|(k, _)| k != "lang");
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish();
    Some(if query.is_empty() { format!("{path}?") } else { format!("{path}?{query}&") })
}

fn with_csrf_cookie(v: &Visit<'_>, resp: Response) -> Response {
    match v.csrf.new_cookie(v.tls) {
        Some(c) => resp.cookie(&c),
        None => resp,
    }
}

/// Too many failures: say until when, the same way whether or not the user exists, and the
/// ways on: a backup code after the pause, the sign-in again or as someone else (their own
/// lock aside, the address's may hold them too), and the site's help.
fn locked(v: &Visit<'_>, lock: Lock) -> Response {
    let (message, retry_after) = match lock {
        Lock::Until(t) => {
            let wait = (t - v.now).max(1);
            let minutes = (wait + 59) / 60;
            let until = v.frame().at_n("locked-until", "time", t, "minutes", minutes);
            (format!("{until} {}", pages::escape(v.lang.t("locked-ways"))), wait)
        }
        Lock::Disabled => (pages::escape(v.lang.t("locked-disabled")), 3600),
    };
    let again = v.url("login", "/");
    let mut resp = pages::message_html(429, &v.frame(), "locked-title", &message, Some((&again, "locked-sign-in")));
    if let Ok(value) = http::HeaderValue::from_str(&retry_after.to_string()) {
        resp.headers.push((http::header::RETRY_AFTER, value));
    }
    resp
}

/// Why a page cannot be answered: the store failed, a cookie could not be signed, or a secret
/// sealed or opened. Refused with a 503 (fail closed), never a step half done.
#[derive(Debug, thiserror::Error)]
pub enum Unavailable {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error(transparent)]
    Passkey(#[from] PasskeyError),
}

impl From<IssueError> for Unavailable {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(e) => Unavailable::Store(e),
            IssueError::Sign(e) => Unavailable::Sign(e),
        }
    }
}

/// Trouble on our side: refuse (fail closed) and say so without details.
fn unavailable(v: &Visit<'_>, e: &Unavailable) -> Response {
    let reference = pages::reference();
    tracing::error!(site = %v.site.host, %reference, "portal: {e}");
    pages::refusal(503, &v.frame(), ("unavailable-title", "unavailable"), Some(("/", "back-to-site")), &reference)
        .header("retry-after", "30")
}

fn not_found(v: &Visit<'_>) -> Response {
    let reference = pages::reference();
    tracing::info!(site = %v.site.host, %reference, "no such page of the portal");
    pages::refusal(404, &v.frame(), ("not-found-title", "not-found"), Some(("/", "back-to-site")), &reference)
}

/// The first value of `name` in a query string or form.
fn param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn field<'f>(form: &'f [(String, String)], name: &str) -> &'f str {
    form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}
