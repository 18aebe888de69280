//! The authenticator: enrolment (QR code and key, confirmed by one code) and the challenge,
//! both offering to trust the device.

use super::codes::{authenticator, check_against, complete, new_backup_codes, WRONG_CODE};
use super::enrolment::{enrol_form, offered_secret, pending_secret, stored_context};
use super::pages::{self, Challenge};
use super::{field, Attempt, Guess, Response, Unavailable, Visit};
use crate::auth::methods::Methods;
use crate::auth::session::LiveSession;
use crate::auth::totp;
use crate::metrics::Factor;
use crate::notify::Event;
use crate::store::{self, Stage};

pub async fn enrol_page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    let Some((session, user)) = v.enrolling().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    if v.methods(&user).await?.enrolled() {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    let secret = pending_secret(v, &session.id_hash, &user.username).await?;
    Ok(enrol_form(v, 200, &return_to, &user.username, &secret, None))
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
    let Some(secret) = offered_secret(v, &session.id_hash, &user.username).await? else {
        return Ok(Response::redirect(&v.url("enrol", &return_to)));
    };
    let check = async { Ok(totp::check(&secret, field(form, "code"), v.now).ok_or(WRONG_CODE)) };
    let step = match v.guess(&user.username, Attempt::Proof, check).await? {
        Guess::Right(step) => step,
        Guess::Wrong(error) => return Ok(enrol_form(v, 401, &return_to, &user.username, &secret, Some(error))),
        Guess::Locked(page) => return Ok(page),
    };
    let sealed = v.state.sealer.seal(&secret, &stored_context(&user.username))?;
    let (name, now) = (user.username.clone(), v.now);
    if !store::call(&v.state.store, move |s| s.enrol_totp(&name, &sealed, step, now)).await? {
        // Enrolled meanwhile (another tab): the code of the stored authenticator is owed.
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    tracing::info!(user = %user.username, "authenticator enrolled");
    // Two-factor is on now: no session that the password alone gave outlives that.
    v.state.sessions.end_all_of(&user.username).await?;
    v.notify(Event::Enrolled, &user).await;
    let done = complete(v, &session, &user, Factor::Totp, &return_to, form).await?;
    Ok(new_backup_codes(v, &user.username, &return_to).await?.with_cookies_of(done))
}

pub async fn challenge_page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let methods = v.methods(&user).await?;
    if !methods.enrolled() {
        return Ok(Response::redirect(&v.url("enrol", &return_to)));
    }
    Ok(challenge_form(v, 200, &return_to, &session, &user.username, &methods, None))
}

/// The code field if the user has an authenticator, and the other ways to a code this site
/// offers them. Signed in already (a rule wants a fresh code), the page says why a code is
/// asked for and offers no new trust.
fn challenge_form(
    v: &Visit<'_>,
    status: u16,
    return_to: &str,
    session: &LiveSession,
    account: &str,
    methods: &Methods,
    error: Option<&str>,
) -> Response {
    let again = session.stage == Stage::Complete;
    let remember = if again { None } else { v.trust_offer() };
    let page = Challenge {
        frame: v.frame(),
        return_to,
        account,
        remember: remember.as_deref(),
        app: methods.app,
        email_offer: v.site.email_codes && methods.email.is_some(),
        sms_offer: v.site.sms_codes && methods.phone.is_some(),
        again,
        on_trusted_device: session.device.is_some(),
        error,
    };
    pages::render(status, &page)
}

pub async fn challenge_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let Some(record) = authenticator(v, &user.username).await? else {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    };
    let attempt = Attempt::SignIn(Factor::Totp);
    match v.guess(&user.username, attempt, check_against(v, &user.username, &record, field(form, "code"))).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => {
            let methods = v.methods(&user).await?;
            return Ok(challenge_form(v, 401, &return_to, &session, &user.username, &methods, Some(error)));
        }
        Guess::Locked(page) => return Ok(page),
    }
    complete(v, &session, &user, Factor::Totp, &return_to, form).await
}
