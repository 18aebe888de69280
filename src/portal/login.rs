//! Username and password (with a trusted device, the whole sign-in), the account page, and
//! sign-out.

use std::sync::Arc;

use http::Method;
use zeroize::Zeroizing;

use super::codes::{by_passkey_alone, finish, go_on_unenrolled};
use super::enrolment::grace_of;
use super::pages::{self, Account, Login};
use super::{cookies, field, locked, passkeys, Attempt, Guess, Response, Unavailable, Visit, Wrong};
use crate::audit;
use crate::auth::password::Outcome;
use crate::metrics::{self, Factor};
use crate::policy::{Action, Enrolment, Request};
use crate::store::Stage;
use crate::users::User;
use crate::web::target;

pub async fn page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    // A complete session goes straight on; a pending one may sign in as someone else.
    if let Some((session, user)) = v.session().await? {
        if session.complete_for(&user, v.site.enrolment, v.now) {
            return Ok(Response::redirect(&return_to));
        }
    }
    login_form(v, 200, &return_to, "", None).await
}

/// The form, with the message `error` names; where the site lets a passkey alone sign in, it
/// carries that ceremony too.
async fn login_form(v: &Visit<'_>, status: u16, return_to: &str, username: &str, error: Option<Wrong>) -> Result<Response, Unavailable> {
    let passkey = passkeys::offer_alone(v).await?;
    let error = error.map(|w| v.words(w));
    Ok(pages::render(status, &Login { frame: v.frame(), return_to, username, passkey: passkey.as_ref(), error: error.as_deref() }))
}

/// `POST /passkey`: a sign-in by a passkey alone (discoverable, its user verified), where the
/// site offers it. Its user is whose the passkey says it is; the throttle counts it as theirs.
pub async fn passkey_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    if !v.site.passkeys.sign_in {
        return Ok(super::not_found(v));
    }
    const UNKNOWN: &str = "passkey-unknown";
    let named = passkeys::whose(v, form).await?;
    let Some((named, user)) = named.and_then(|n| v.live.users.get(n.username()).cloned().map(|u| (n, u))) else {
        tracing::warn!(ip = %v.client_ip, "a passkey that names no user here");
        return login_form(v, 401, &return_to, "", Some(UNKNOWN.into())).await;
    };
    let signed = passkeys::signed_alone(v, &user, named, form);
    let kind = match v.guess(&user.username, Attempt::SignIn(Factor::Passkey), signed).await? {
        Guess::Right(kind) => kind,
        Guess::Wrong(error) => return login_form(v, 401, &return_to, "", Some(error)).await,
        Guess::Locked(page) => return Ok(page),
    };
    tracing::info!(user = %user.username, ip = %v.client_ip, "signed in by a passkey alone");
    let old = v.session_token.as_deref().and_then(|t| v.state.sessions.verify_token(t));
    by_passkey_alone(v, &user, old, kind, &return_to).await
}

pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let username = field(form, "username").trim();
    let password = Zeroizing::new(field(form, "password").to_string());
    let Some(place) = v.state.passwords.admit() else {
        return Ok(busy(v, &return_to));
    };
    let user = v.live.users.get(username);
    let subjects = v.throttle_subjects(username, user.is_some());
    if let Some(lock) = v.state.throttle.lock(&subjects, v.now).await? {
        return Ok(locked(v, lock));
    }
    let verdict = v.state.passwords.verify(place, user.map(|u| u.password_hash.as_str()), password).await;
    if verdict != Outcome::Busy {
        metrics::sign_in(Factor::Password, verdict == Outcome::Valid && user.is_some());
    }
    match (verdict, user) {
        (Outcome::Valid, Some(user)) => {
            tracing::info!(user = %user.username, ip = %v.client_ip, "password accepted");
            start(v, user, &return_to).await
        }
        (Outcome::Busy, _) => Ok(busy(v, &return_to)),
        _ => {
            // As typed: quoted, so that what someone types cannot pose as another field.
            tracing::warn!(user = ?username, ip = %v.client_ip, "wrong username or password");
            let failed = v.audit_entry(audit::Event::SignInFailed, username).factor(Factor::Password.label());
            v.audit(failed.detail("wrong username or password")).await;
            let failure = v.failed(&subjects, username).await?;
            if let Some(lock) = failure.lock {
                return Ok(locked(v, lock));
            }
            login_form(v, 401, &return_to, username, Some(Wrong { id: "login-wrong", left: Some(failure) })).await
        }
    }
}

fn busy(v: &Visit<'_>, return_to: &str) -> Response {
    let again = v.url("login", return_to);
    pages::message(503, &v.frame(), "login-busy-title", &v.lang.t("login-busy"), Some((&again, "try-again"))).header("retry-after", "5")
}

/// A right password: for a user exempt from two-factor, from a trusted device, on the way
/// to a page that wants only the password, or without a method where the site's enrolment is
/// optional, signed in; otherwise a new session id (never the one the browser brought) that
/// owes the second factor, or its enrolment (which a grace may put off).
async fn start(v: &Visit<'_>, user: &Arc<User>, return_to: &str) -> Result<Response, Unavailable> {
    let old = v.session_token.as_deref().and_then(|t| v.state.sessions.verify_token(t));
    if user.exempt {
        return finish(v, user, old, None, Factor::Password, return_to).await;
    }
    if let Some(device) = trusted_device(v, user).await? {
        return finish(v, user, old, Some(device), Factor::TrustedDevice, return_to).await;
    }
    if asks_only_the_password(v, return_to) {
        return finish(v, user, old, None, Factor::Password, return_to).await;
    }
    let enrolled = v.methods(user).await?.enrolled();
    if !enrolled && v.site.enrolment == Enrolment::Optional {
        return go_on_unenrolled(v, user, old, None, return_to).await;
    }
    let next = match enrolled {
        true => "challenge",
        false if grace_of(v, user).await?.is_some() => "grace",
        false => "enrol",
    };
    if let Some(old) = old {
        v.state.sessions.revoke(&old).await?;
    }
    let issued = v.state.sessions.issue(user, &v.site.session.id, Stage::Password, None, v.now).await?;
    Ok(Response::redirect(&v.url(next, return_to)).cookie(&v.session_cookie().lasting(v.tls, issued.token, issued.max_age)))
}

/// Whether the page the sign-in goes back to wants only the password (a `one_factor` rule):
/// then the sign-in ends with it, in a one-factor session that any page wanting a second
/// factor asks again. What cannot be judged gets the usual second factor.
fn asks_only_the_password(v: &Visit<'_>, return_to: &str) -> bool {
    let Ok(target) = target::parse(return_to.as_bytes(), &v.site.host, false, v.site.path_case) else { return false };
    // The gate's own pages want a whole sign-in, whatever the rules say of their paths.
    if target.judged.starts_with(v.state.portal_path.as_str()) {
        return false;
    }
    let country = match v.site.uses_countries {
        true => match v.live.geo.country(v.client_ip) {
            Ok(country) => country,
            Err(_) => return false,
        },
        false => None,
    };
    let request = Request { path: &target.judged, method: &Method::GET, ip: v.client_ip, country, who: None };
    v.site.decide(&request) == Action::OneFactor
}

/// The device this browser's cookie names, if it is trusted for `user` from here and now.
async fn trusted_device(v: &Visit<'_>, user: &User) -> Result<Option<[u8; 32]>, Unavailable> {
    let Some(token) = v.device_token.as_deref() else { return Ok(None) };
    let device = v.state.devices.recognise(token, user, &v.site.devices, &v.origin(), &v.live.geo, v.now).await?;
    metrics::sign_in(Factor::TrustedDevice, device.is_some());
    Ok(device)
}

pub async fn account(v: &Visit<'_>) -> Result<Response, Unavailable> {
    let Some((_, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path(""))));
    };
    let page =
        Account { frame: v.frame(), username: &user.username, display_name: &user.display_name, trusted_here: v.this_device().is_some() };
    Ok(pages::render(200, &page))
}

/// Ends the session; with `forget` ticked, this browser's trusted device too.
pub async fn logout(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let forget = field(form, "forget") == "1";
    if forget {
        v.forget_this_device().await?;
    }
    if let Some(id_hash) = v.session_token.as_deref().and_then(|t| v.state.sessions.verify_token(t)) {
        let who = v.session().await?.map(|(s, _)| s.username.clone());
        v.state.sessions.revoke(&id_hash).await?;
        if let Some(user) = who {
            v.forget_shown_codes(&user).await?;
            let entry = v.audit_entry(audit::Event::SignOut, &user);
            v.audit(if forget { entry.detail("this device forgotten") } else { entry }).await;
        }
    }
    let said = v.lang.t(if forget { "signed-out-forgotten" } else { "signed-out" });
    let page = pages::message(200, &v.frame(), "signed-out-title", &said, Some((&v.url("login", "/"), "sign-in-again")));
    let page = page.cookie(&v.session_cookie().cleared(v.tls));
    Ok(if forget { page.cookie(&cookies::cleared(&cookies::DEVICE, v.tls)) } else { page })
}
