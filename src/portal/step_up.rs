//! Separate factors for step-up rules (`step_up: { factor: payments }`): their own
//! authenticator (set up with a code of the user's sign-in methods, and its own backup codes if
//! configured), asked for at `/step-up`, counted by a throttle of their own. A right code starts
//! the session anew, recording when that factor's code was given.

use std::sync::Arc;

use super::codes::{authenticator, check_code, new_backup_codes, proven, use_backup_code, Proof};
use super::enrolment::{offered_secret, pending_secret, scan, stored_context};
use super::pages::{self, FactorEnrol, StepUpPage};
use super::{field, param, Attempt, Guess, Response, Unavailable, Visit, Wrong};
use crate::audit;
use crate::auth::backup::looks_like_one;
use crate::auth::session::LiveSession;
use crate::auth::throttle::Subjects;
use crate::auth::totp;
use crate::notify::Event;
use crate::policy::{Factor, FirstUse};
use crate::store::{self, Stage};
use crate::users::User;

const WRONG: &str = "step-up-wrong";

/// A request about one of the signed-in user's factors.
struct Asked<'v> {
    session: Arc<LiveSession>,
    user: Arc<User>,
    factor: &'v Factor,
    /// Whose records the factor's are (see [`Factor::owner`]).
    owner: String,
    return_to: String,
}

/// The factor named `name` of the signed-in user; `Err` is the answer instead: the login
/// without a session, 404 for a factor the policy lacks, and the first enrolment for a user
/// who has put it off (a separate factor is set up with a code of the sign-in's methods, so
/// those come first; the enrolment then comes back here).
async fn asked<'v>(v: &'v Visit<'_>, name: &str, rd: Option<&str>) -> Result<Result<Asked<'v>, Response>, Unavailable> {
    let return_to = v.safe_return(rd);
    let Some((session, user)) = v.signed_in().await? else {
        return Ok(Err(Response::redirect(&v.url("login", &return_to))));
    };
    let Some(factor) = v.live.policy.factor_named(name) else {
        return Ok(Err(pages::message(404, &v.frame(), "not-found-title", &v.lang.t("step-up-no-such"), None)));
    };
    if session.stage == Stage::Unenrolled {
        return Ok(Err(Response::redirect(&v.url("enrol", &factor_url(v, "step-up", factor, &return_to)))));
    }
    let owner = factor.owner(&user.username);
    Ok(Ok(Asked { session, user, factor, owner, return_to }))
}

async fn has_authenticator(v: &Visit<'_>, owner: &str) -> Result<bool, Unavailable> {
    Ok(authenticator(v, owner).await?.is_some())
}

/// A factor's `page` (`step-up`, or `factor` where it is set up), coming back to `return_to`.
fn factor_url(v: &Visit<'_>, page: &str, factor: &Factor, return_to: &str) -> String {
    let rd: String = form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
    format!("{}?factor={}&rd={rd}", v.path(page), factor.name)
}

/// `GET /step-up?factor=…`: the factor's code, or its enrolment the first time (or a refusal,
/// where the policy wants it set up on the security page first).
pub async fn page(v: &Visit<'_>, query: &str) -> Result<Response, Unavailable> {
    let Asked { factor, owner, return_to, .. } =
        match asked(v, &param(query, "factor").unwrap_or_default(), param(query, "rd").as_deref()).await? {
            Ok(asked) => asked,
            Err(answer) => return Ok(answer),
        };
    if !has_authenticator(v, &owner).await? {
        return Ok(match factor.first_use {
            FirstUse::Enrol => Response::redirect(&factor_url(v, "factor", factor, &return_to)),
            FirstUse::Deny => {
                let said = v.lang.t_args("step-up-not-set-up", [("factor", factor.name.as_str().into())]);
                pages::message(403, &v.frame(), "step-up-not-set-up-title", &said, Some((&v.path("security"), "security-title")))
            }
        });
    }
    Ok(code_form(v, 200, factor, &return_to, None))
}

/// The form, with the message `error` names.
fn code_form(v: &Visit<'_>, status: u16, factor: &Factor, return_to: &str, error: Option<Wrong>) -> Response {
    let error = error.map(|w| v.words(w));
    let page = StepUpPage { frame: v.frame(), factor: &factor.name, return_to, backup_codes: factor.backup_codes, error: error.as_deref() };
    pages::render(status, &page)
}

/// `POST /step-up`: the factor's code (or one of its backup codes).
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let Asked { session, factor, owner, return_to, .. } = match asked(v, field(form, "factor"), Some(field(form, "rd"))).await? {
        Ok(asked) => asked,
        Err(answer) => return Ok(answer),
    };
    let code = field(form, "code");
    let check = async {
        if factor.backup_codes && looks_like_one(code) {
            return Ok(use_backup_code(v, &owner, code).await?.map(drop).map_err(|_| WRONG));
        }
        Ok(check_code(v, &owner, code).await?.map_err(|_| WRONG))
    };
    let attempt = Attempt::StepUp(&factor.name);
    match v.guess_as(Subjects::for_factor(&owner, &factor.name, v.client_ip), &owner, attempt, check).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return Ok(code_form(v, 401, factor, &return_to, Some(error))),
        Guess::Locked(page) => return Ok(page),
    }
    stepped_up(v, &session, factor, &return_to).await
}

/// The factor's code was given: the session starts anew, recording it, and goes back.
async fn stepped_up(v: &Visit<'_>, session: &LiveSession, factor: &Factor, return_to: &str) -> Result<Response, Unavailable> {
    let Some(issued) = v.state.sessions.step_up(&session.id_hash, &factor.name, v.now).await? else {
        return Ok(Response::redirect(&v.url("login", return_to)));
    };
    tracing::info!(user = %session.username, ip = %v.client_ip, factor = %factor.name, "stepped up");
    v.audit(v.audit_entry(audit::Event::StepUp, &session.username).factor(&factor.name).session(&issued.id_hash)).await;
    Ok(Response::redirect(return_to).cookie(&v.session_cookie().lasting(v.tls, issued.token, issued.max_age)))
}

/// `GET /factor?factor=…`: the factor's own secret to scan.
pub async fn enrol_page(v: &Visit<'_>, query: &str) -> Result<Response, Unavailable> {
    let Asked { session, user, factor, owner, return_to } =
        match asked(v, &param(query, "factor").unwrap_or_default(), param(query, "rd").as_deref()).await? {
            Ok(asked) => asked,
            Err(answer) => return Ok(answer),
        };
    if has_authenticator(v, &owner).await? {
        return Ok(Response::redirect(&factor_url(v, "step-up", factor, &return_to)));
    }
    let secret = pending_secret(v, &session.id_hash, &owner).await?;
    Ok(enrol_form(v, 200, factor, &user, &return_to, &secret, None))
}

fn enrol_form(v: &Visit<'_>, status: u16, factor: &Factor, user: &User, return_to: &str, secret: &[u8], error: Option<Wrong>) -> Response {
    let scan = scan(secret, &format!("{} {}", v.site.name, factor.name), &user.username);
    let error = error.map(|w| v.words(w));
    let page = FactorEnrol { frame: v.frame(), factor: &factor.name, return_to, account: &user.username, scan, error: error.as_deref() };
    pages::render(status, &page)
}

/// `POST /factor`: the new entry's first code, and a code of the user's sign-in methods (so a
/// session alone cannot set up a factor).
pub async fn enrol_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let Asked { session, user, factor, owner, return_to } = match asked(v, field(form, "factor"), Some(field(form, "rd"))).await? {
        Ok(asked) => asked,
        Err(answer) => return Ok(answer),
    };
    let Some(secret) = offered_secret(v, &session.id_hash, &owner).await? else {
        return Ok(Response::redirect(&factor_url(v, "factor", factor, &return_to)));
    };
    let methods = v.methods(&user).await?;
    let both = async {
        let Some(step) = totp::check(&secret, field(form, "code"), v.now) else {
            return Ok(Err("factor-wrong-new-code"));
        };
        Ok(proven(v, &user, &methods, Proof::Any, form, "proof").await?.map(|()| step))
    };
    let step = match v.guess(&user.username, Attempt::Proof, both).await? {
        Guess::Right(step) => step,
        Guess::Wrong(error) => return Ok(enrol_form(v, 401, factor, &user, &return_to, &secret, Some(error))),
        Guess::Locked(page) => return Ok(page),
    };
    let sealed = v.state.sealer.seal(&secret, &stored_context(&owner))?;
    let (name, now, id_hash) = (owner.clone(), v.now, session.id_hash);
    let enrolled = store::call(&v.state.store, move |s| {
        s.set_pending_secret(&id_hash, None)?;
        s.enrol_totp(&name, &sealed, step, now)
    })
    .await?;
    if !enrolled {
        return Ok(Response::redirect(&factor_url(v, "factor", factor, &return_to)));
    }
    tracing::info!(user = %user.username, factor = %factor.name, "separate authenticator enrolled");
    v.notify(Event::FactorAdded, &user).await;
    let done = stepped_up(v, &session, factor, &return_to).await?;
    if !factor.backup_codes {
        return Ok(done);
    }
    Ok(new_backup_codes(v, &user.username, &owner, &return_to).await?.with_cookies_of(done))
}
