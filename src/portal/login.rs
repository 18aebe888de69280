//! Username and password, the account page, and sign-out.

use std::sync::Arc;

use zeroize::Zeroizing;

use super::pages::{self, Account, Login};
use super::{cookies, field, locked, Response, Visit};
use crate::auth::password::Verdict;
use crate::auth::session::LiveSession;
use crate::store::{self, Stage, StoreError};
use crate::users::User;

pub async fn page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, StoreError> {
    let return_to = v.safe_return(rd);
    // A complete session goes straight on; a pending one may sign in as someone else.
    if let Some((session, _)) = v.session().await? {
        if session.stage == Stage::Complete {
            return Ok(Response::redirect(&return_to));
        }
    }
    Ok(login_form(v, 200, &return_to, "", None))
}

fn login_form(v: &Visit<'_>, status: u16, return_to: &str, username: &str, error: Option<&str>) -> Response {
    pages::render(status, &Login { frame: v.frame(), return_to, username, error })
}

/// Where someone who has just given the right password goes: enrolment or the challenge.
async fn next_step(v: &Visit<'_>, username: &str, return_to: &str) -> Result<String, StoreError> {
    let user = username.to_string();
    let enrolled = store::call(&v.state.store, move |s| s.totp(&user)).await?.is_some();
    Ok(v.url(if enrolled { "challenge" } else { "enrol" }, return_to))
}

pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let username = field(form, "username").trim();
    let password = Zeroizing::new(field(form, "password").to_string());
    let Some(place) = v.state.passwords.admit() else {
        return Ok(busy(v, &return_to));
    };
    let user = v.live.users.get(username);
    let keys = v.throttle_keys(username, user.is_some());
    if let Some(lock) = v.state.throttle.lock(&keys, v.now).await? {
        return Ok(locked(v, lock));
    }
    let verdict = v.state.passwords.verify(place, user.map(|u| u.password_hash.as_str()), password).await;
    match (verdict, user) {
        (Verdict::Valid, Some(user)) => {
            tracing::info!(user = %user.username, ip = %v.client_ip, "password accepted");
            start(v, user, &return_to).await
        }
        (Verdict::Busy, _) => Ok(busy(v, &return_to)),
        _ => {
            tracing::warn!(user = %username, ip = %v.client_ip, "wrong username or password");
            if let Some(lock) = v.state.throttle.failed(&keys, v.now).await? {
                return Ok(locked(v, lock));
            }
            Ok(login_form(v, 401, &return_to, username, Some("That username and password don't match. Please try again.")))
        }
    }
}

fn busy(v: &Visit<'_>, return_to: &str) -> Response {
    let again = v.url("login", return_to);
    pages::message(503, &v.frame(), "Too many sign-ins right now", "Please wait a few seconds and try again.", Some((&again, "Try again")))
        .header("retry-after", "5")
}

/// A right password: a new session id (never the one the browser brought) that owes the
/// second factor.
async fn start(v: &Visit<'_>, user: &Arc<User>, return_to: &str) -> Result<Response, StoreError> {
    if let Some(old) = v.session_token.as_deref().and_then(|t| v.state.sessions.verify_token(t)) {
        v.state.sessions.revoke(&old).await?;
    }
    let issued = v.state.sessions.issue(&user.username, Stage::Password, v.now).await?;
    let next = next_step(v, &user.username, return_to).await?;
    Ok(Response::redirect(&next).cookie(&cookies::session(v.tls, issued.token, issued.max_age)))
}

/// The second factor passed: the pending session is replaced by a complete one.
pub async fn complete(v: &Visit<'_>, pending: &LiveSession, return_to: &str) -> Result<Response, StoreError> {
    v.state.throttle.succeeded(&v.throttle_keys(&pending.username, true)).await?;
    v.state.sessions.revoke(&pending.id_hash).await?;
    let issued = v.state.sessions.issue(&pending.username, Stage::Complete, v.now).await?;
    tracing::info!(user = %pending.username, ip = %v.client_ip, "signed in");
    Ok(Response::redirect(return_to).cookie(&cookies::session(v.tls, issued.token, issued.max_age)))
}

pub async fn account(v: &Visit<'_>) -> Result<Response, StoreError> {
    match v.session().await? {
        Some((session, user)) if session.stage == Stage::Complete => {
            let page = Account {
                frame: v.frame(),
                title: "Your account",
                username: &user.username,
                display_name: &user.display_name,
            };
            Ok(pages::render(200, &page))
        }
        _ => Ok(Response::redirect(&v.url("login", "/"))),
    }
}

pub async fn logout(v: &Visit<'_>) -> Result<Response, StoreError> {
    if let Some(id_hash) = v.session_token.as_deref().and_then(|t| v.state.sessions.verify_token(t)) {
        v.state.sessions.revoke(&id_hash).await?;
    }
    let page = pages::message(
        200,
        &v.frame(),
        "You are signed out",
        "Your session has ended on this device.",
        Some((&v.url("login", "/"), "Sign in again")),
    );
    Ok(page.cookie(&cookies::cleared(v.tls)))
}
