//! The authenticator: enrolment (QR code and key, confirmed by one code) and the challenge,
//! both offering to trust the device.

use std::sync::Arc;

use qrcode::render::svg;
use qrcode::QrCode;
use zeroize::Zeroizing;

use super::login::finish;
use super::pages::{self, Challenge, Enrol, Scan};
use super::{cookies, field, Guess, Response, Visit};
use crate::auth::methods::Methods;
use crate::auth::session::LiveSession;
use crate::auth::totp;
use crate::notify::Event;
use crate::store::{self, Stage, StoreError, TotpRecord};
use crate::users::User;

const WRONG_CODE: &str =
    "That code isn't right. Enter the code your app shows now; if it keeps failing, check that your phone's clock is set automatically.";
const USED_CODE: &str = "That code has already been used. Wait for your app to show the next one.";

/// Associated data for sealing: a pending secret and a confirmed one cannot be swapped,
/// nor one user's for another's.
fn pending_context(username: &str) -> Vec<u8> {
    [b"totp-pending:", username.as_bytes()].concat()
}

pub fn stored_context(username: &str) -> Vec<u8> {
    [b"totp:", username.as_bytes()].concat()
}

pub async fn enrol_page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, StoreError> {
    let return_to = v.safe_return(rd);
    let Some((session, user)) = v.pending().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    if v.methods(&user).await?.enrolled() {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    let secret = pending_secret(v, &session.id_hash, &user.username).await?;
    Ok(enrol_form(v, 200, &return_to, &user.username, &secret, None))
}

/// From the security page, past its proof: a secret for a new app to scan.
pub(super) async fn new_app_form(v: &Visit<'_>, session: &LiveSession, user: &User) -> Result<Response, StoreError> {
    let secret = pending_secret(v, &session.id_hash, &user.username).await?;
    Ok(enrol_form(v, 200, REPLACING, &user.username, &secret, None))
}

/// The new app's first code: it takes the old one's place.
pub(super) async fn confirm_new_app(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &Arc<User>,
    methods: &Methods,
    form: &[(String, String)],
) -> Result<Response, StoreError> {
    let Some(secret) = offered_secret(v, &session.id_hash, &user.username).await? else {
        return Ok(Response::redirect(&v.path("security")));
    };
    let check = async { Ok(totp::check(&secret, field(form, "code"), v.now).ok_or(WRONG_CODE)) };
    let step = match v.guess(&user.username, check).await? {
        Guess::Right(step) => step,
        Guess::Wrong(error) => return Ok(enrol_form(v, 401, REPLACING, &user.username, &secret, Some(error))),
        Guess::Locked(page) => return Ok(page),
    };
    let sealed = v.state.sealer.seal(&secret, &stored_context(&user.username));
    let (name, now, id_hash) = (user.username.clone(), v.now, session.id_hash);
    store::call(&v.state.store, move |s| {
        s.replace_totp(&name, &sealed, step, now)?;
        s.set_pending_secret(&id_hash, None)
    })
    .await?;
    super::security::app_confirmed(v, user, methods).await
}

/// The return address that makes the enrolment form one of the security page's.
const REPLACING: &str = "";

/// The secret offered to this pending session: the same one on every reload, so that a
/// person who scanned the code and then refreshed the page is not left with a dead entry.
pub(super) async fn pending_secret(v: &Visit<'_>, id_hash: &[u8; 32], username: &str) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    if let Some(secret) = offered_secret(v, id_hash, username).await? {
        return Ok(secret);
    }
    let secret = totp::new_secret();
    let sealed = v.state.sealer.seal(&secret, &pending_context(username));
    let id_hash = *id_hash;
    store::call(&v.state.store, move |s| s.set_pending_secret(&id_hash, Some(&sealed))).await?;
    Ok(secret)
}

/// The secret this session was offered to scan, if any.
pub(super) async fn offered_secret(v: &Visit<'_>, id_hash: &[u8; 32], username: &str) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
    let record = v.state.sessions.record(*id_hash).await?;
    Ok(record.and_then(|r| r.pending_secret).and_then(|s| v.state.sealer.open(&s, &pending_context(username))))
}

/// The QR code and key to scan, and the form for the first code; `return_to` is
/// [`REPLACING`] for a new app of a signed-in user.
fn enrol_form(v: &Visit<'_>, status: u16, return_to: &str, account: &str, secret: &[u8], error: Option<&str>) -> Response {
    let replacing = return_to == REPLACING;
    let remember = if replacing { None } else { remember_offer(v) };
    let page = Enrol {
        replacing,
        frame: v.frame(),
        return_to,
        account,
        scan: scan(secret, &v.site.name, account),
        remember: remember.as_deref(),
        error,
    };
    pages::render(status, &page)
}

/// What an authenticator app scans or types for `secret`, named `issuer: account` there.
pub(super) fn scan(secret: &[u8], issuer: &str, account: &str) -> Scan {
    let otpauth_url = totp::otpauth_url(secret, issuer, account).unwrap_or_default();
    let qr_svg = QrCode::new(otpauth_url.as_bytes())
        .map(|qr| qr.render::<svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build())
        .map(|svg| strip_xml_declaration(&svg).to_string())
        .unwrap_or_default();
    Scan { qr_svg, secret_text: totp::secret_for_people(secret), otpauth_url }
}

/// "Trust this device for 30 days", if the site offers it: the period to show.
fn remember_offer(v: &Visit<'_>) -> Option<String> {
    v.site.devices.enabled.then(|| crate::clock::span(v.site.devices.lifetime))
}

/// A code was right: signed in, and the device trusted if that was asked for.
pub(super) async fn complete(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &User,
    return_to: &str,
    form: &[(String, String)],
) -> Result<Response, StoreError> {
    let done = finish(v, user, Some(session.id_hash), None, return_to).await?;
    if field(form, "remember") != "1" || !v.site.devices.enabled {
        return Ok(done);
    }
    let trusted = v.state.devices.trust(user, &v.site.devices, &v.origin(), &v.live.geo, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, "device trusted");
    v.notify(Event::DeviceTrusted, user).await;
    Ok(done.cookie(&cookies::lasting(&cookies::DEVICE, v.tls, trusted.token, trusted.max_age)))
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(svg, |(_, body)| body.trim_start()),
        None => svg,
    }
}

/// The user's confirmed authenticator, if they have one.
async fn authenticator(v: &Visit<'_>, username: &str) -> Result<Option<TotpRecord>, StoreError> {
    let user = username.to_string();
    store::call(&v.state.store, move |s| s.totp(&user)).await
}

pub async fn enrol_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.pending().await? else {
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
    let step = match v.guess(&user.username, check).await? {
        Guess::Right(step) => step,
        Guess::Wrong(error) => return Ok(enrol_form(v, 401, &return_to, &user.username, &secret, Some(error))),
        Guess::Locked(page) => return Ok(page),
    };
    let sealed = v.state.sealer.seal(&secret, &stored_context(&user.username));
    let (name, now) = (user.username.clone(), v.now);
    if !store::call(&v.state.store, move |s| s.enrol_totp(&name, &sealed, step, now)).await? {
        // Enrolled meanwhile (another tab): the code of the stored authenticator is owed.
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    }
    tracing::info!(user = %user.username, "authenticator enrolled");
    v.notify(Event::Enrolled, &user).await;
    let done = complete(v, &session, &user, &return_to, form).await?;
    Ok(super::backup::new_set(v, &user.username, &return_to).await?.with_cookies_of(done))
}

/// Checks a code of the user's authenticator and uses up its time step; `Err` says what was
/// wrong with it. The caller minds the throttle.
pub async fn check_code(v: &Visit<'_>, username: &str, code: &str) -> Result<Result<(), &'static str>, StoreError> {
    match authenticator(v, username).await? {
        Some(record) => check_against(v, username, &record, code).await,
        None => Ok(Err(WRONG_CODE)),
    }
}

/// [`check_code`] for an authenticator already read.
async fn check_against(v: &Visit<'_>, username: &str, record: &TotpRecord, code: &str) -> Result<Result<(), &'static str>, StoreError> {
    let Some(secret) = v.state.sealer.open(&record.secret, &stored_context(username)) else {
        return Err(StoreError::Backend(format!("the authenticator secret of {username} does not decrypt")));
    };
    let Some(step) = totp::check(&secret, code, v.now) else {
        return Ok(Err(WRONG_CODE));
    };
    let name = username.to_string();
    let fresh = store::call(&v.state.store, move |s| s.accept_totp_step(&name, step)).await?;
    Ok(if fresh { Ok(()) } else { Err(USED_CODE) })
}

pub async fn challenge_page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, StoreError> {
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
    let remember = if again { None } else { remember_offer(v) };
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

pub async fn challenge_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let Some(record) = authenticator(v, &user.username).await? else {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    };
    match v.guess(&user.username, check_against(v, &user.username, &record, field(form, "code"))).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => {
            let methods = v.methods(&user).await?;
            return Ok(challenge_form(v, 401, &return_to, &session, &user.username, &methods, Some(error)));
        }
        Guess::Locked(page) => return Ok(page),
    }
    complete(v, &session, &user, &return_to, form).await
}
