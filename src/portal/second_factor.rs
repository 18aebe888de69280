//! The second factor at sign-in: the first enrolment (an authenticator app's QR code and key,
//! confirmed by one code, or a new passkey) and the challenge (the app's code, or a passkey),
//! both offering to trust the device after a code.

use std::sync::Arc;

use super::codes::{authenticator, check_against, complete, new_backup_codes, WRONG_CODE};
use super::enrolment::{enrol_form, offered_secret, pending_secret, stored_context};
use super::pages::{self, Challenge};
use super::passkeys;
use super::{field, Attempt, Guess, Response, Unavailable, Visit, Wrong};
use crate::auth::methods::{Method, Methods};
use crate::auth::passkey::Intent;
use crate::auth::session::LiveSession;
use crate::auth::totp;
use crate::metrics::Factor;
use crate::notify::Event;
use crate::store::{self, PasskeyKind, Stage};
use crate::users::User;

pub async fn enrol_page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    let Some((session, user)) = v.enrolling().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    if v.methods(&user).await?.enrolled() {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    let secret = pending_secret(v, &session.id_hash, &user.username).await?;
    let passkey = passkeys::offer_registration(v, &user, &[], Intent::Enrol).await?;
    Ok(enrol_form(v, 200, &return_to, &user.username, &secret, passkey.as_ref(), None))
}

pub async fn enrol_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.enrolling().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    // Only a first enrolment happens here: with methods, the code of one is owed instead.
    if v.methods(&user).await?.enrolled() {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    if passkeys::answered(form) {
        return enrol_passkey(v, &session, &user, &return_to, form).await;
    }
    let Some(secret) = offered_secret(v, &session.id_hash, &user.username).await? else {
        return Ok(Response::redirect(&v.url("enrol", &return_to)));
    };
    let check = async { Ok(totp::check(&secret, field(form, "code"), v.now).ok_or(WRONG_CODE)) };
    let step = match v.guess(&user.username, Attempt::Proof, check).await? {
        Guess::Right(step) => step,
        Guess::Wrong(error) => {
            let passkey = passkeys::offer_registration(v, &user, &[], Intent::Enrol).await?;
            return Ok(enrol_form(v, 401, &return_to, &user.username, &secret, passkey.as_ref(), Some(error)));
        }
        Guess::Locked(page) => return Ok(page),
    };
    let sealed = v.state.sealer.seal(&secret, &stored_context(&user.username))?;
    let (name, now) = (user.username.clone(), v.now);
    if !store::call(&v.state.store, move |s| s.enrol_totp(&name, &sealed, step, now)).await? {
        // Enrolled meanwhile (another tab): the code of the stored authenticator is owed.
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    tracing::info!(user = %user.username, "authenticator enrolled");
    enrolled(v, &session, &user, (Factor::Totp, None), &return_to, form).await
}

/// A passkey in place of an app at the first enrolment.
async fn enrol_passkey(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &User,
    return_to: &str,
    form: &[(String, String)],
) -> Result<Response, Unavailable> {
    let made = passkeys::registered(v, user, form, Intent::Enrol);
    let kind = match v.guess(&user.username, Attempt::Proof, made).await? {
        Guess::Right((_, kind)) => kind,
        Guess::Wrong(error) => {
            let secret = pending_secret(v, &session.id_hash, &user.username).await?;
            let passkey = passkeys::offer_registration(v, user, &[], Intent::Enrol).await?;
            return Ok(enrol_form(v, 401, return_to, &user.username, &secret, passkey.as_ref(), Some(error)));
        }
        Guess::Locked(page) => return Ok(page),
    };
    enrolled(v, session, user, (Factor::Passkey, Some(kind)), return_to, form).await
}

/// The first method is set up: two-factor is on, so no session that the password alone gave
/// outlives that; signed in by it, and the first backup codes shown.
async fn enrolled(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &User,
    (via, passkey): (Factor, Option<PasskeyKind>),
    return_to: &str,
    form: &[(String, String)],
) -> Result<Response, Unavailable> {
    v.state.sessions.end_all_of(&user.username).await?;
    v.notify(Event::Enrolled, user).await;
    let done = complete(v, session, user, via, passkey, return_to, form).await?;
    Ok(new_backup_codes(v, &user.username, &user.username, return_to).await?.with_cookies_of(done))
}

/// What the challenge asks for, and where it goes on to.
struct Asked<'a> {
    return_to: &'a str,
    /// A rule wants a passkey: no code will do (`?only=webauthn`).
    only_passkey: bool,
}

impl<'a> Asked<'a> {
    fn new(return_to: &'a str, only: Option<&str>) -> Asked<'a> {
        Asked { return_to, only_passkey: only == Some("webauthn") }
    }
}

pub async fn challenge_page(v: &Visit<'_>, rd: Option<&str>, only: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let methods = v.methods(&user).await?;
    if !methods.enrolled() {
        return Ok(Response::redirect(&v.url("enrol", &return_to)));
    }
    challenge_form(v, 200, &Asked::new(&return_to, only), &session, &user, &methods, None).await
}

/// The code field if the user has an authenticator, their passkeys, and the other ways to a
/// code this site offers them (only passkeys, where a rule wants one), and the message `error`
/// names. Signed in already (a
/// rule wants a fresh code), the page says why a code is asked for and offers no new trust.
async fn challenge_form(
    v: &Visit<'_>,
    status: u16,
    asked: &Asked<'_>,
    session: &LiveSession,
    user: &User,
    methods: &Methods,
    error: Option<Wrong>,
) -> Result<Response, Unavailable> {
    let again = session.stage == Stage::Complete;
    let error = error.map(|w| v.words(w));
    let remember = if again || asked.only_passkey { None } else { v.trust_offer() };
    let only = asked.only_passkey;
    let passkey = passkeys::offer_sign_in(v, user, &methods.passkeys, Intent::SignIn).await?;
    let page = Challenge {
        frame: v.frame(),
        return_to: asked.return_to,
        account: &user.username,
        remember: remember.as_deref(),
        app: methods.app && !only,
        passkeys_elsewhere: methods.has(Method::Passkey) && passkey.is_none(),
        passkey: passkey.as_ref(),
        only_passkey: only,
        email_offer: v.site.email_codes && methods.email.is_some() && !only,
        sms_offer: v.site.sms_codes && methods.phone.is_some() && !only,
        again,
        on_trusted_device: session.device.is_some(),
        error: error.as_deref(),
    };
    Ok(pages::render(status, &page))
}

pub async fn challenge_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let asked = Asked::new(&return_to, Some(field(form, "only")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    if passkeys::answered(form) {
        let signed = passkeys::signed(v, &user, form, Intent::SignIn);
        return match v.guess(&user.username, Attempt::SignIn(Factor::Passkey), signed).await? {
            Guess::Right(kind) => complete(v, &session, &user, Factor::Passkey, Some(kind), &return_to, &[]).await,
            Guess::Wrong(error) => wrong(v, &asked, &session, &user, error).await,
            Guess::Locked(page) => Ok(page),
        };
    }
    let Some(record) = authenticator(v, &user.username).await? else {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    };
    let attempt = Attempt::SignIn(Factor::Totp);
    match v.guess(&user.username, attempt, check_against(v, &user.username, &record, field(form, "code"))).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return wrong(v, &asked, &session, &user, error).await,
        Guess::Locked(page) => return Ok(page),
    }
    complete(v, &session, &user, Factor::Totp, None, &return_to, form).await
}

/// The challenge again, saying what was wrong.
async fn wrong(v: &Visit<'_>, asked: &Asked<'_>, session: &LiveSession, user: &Arc<User>, error: Wrong) -> Result<Response, Unavailable> {
    let methods = v.methods(user).await?;
    challenge_form(v, 401, asked, session, user, &methods, Some(error)).await
}
