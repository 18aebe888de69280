//! Setting up an authenticator, shared by the first enrolment, a new app on the security page
//! and a separate factor: the secret offered to a session (sealed on it until confirmed, the
//! same one on every reload) and what an app scans or types for it; and the grace a site may
//! give before the first enrolment.

use qrcode::render::svg;
use qrcode::QrCode;
use zeroize::Zeroizing;

use super::pages::{self, Enrol, Scan};
use super::passkeys::Offer;
use super::{Response, Unavailable, Visit, Wrong};
use crate::auth::totp;
use crate::policy::Enrolment;
use crate::store;
use crate::users::User;

/// Associated data for sealing: a pending secret and a confirmed one cannot be swapped,
/// nor one user's for another's.
fn pending_context(owner: &str) -> Vec<u8> {
    [b"totp-pending:", owner.as_bytes()].concat()
}

pub fn stored_context(owner: &str) -> Vec<u8> {
    [b"totp:", owner.as_bytes()].concat()
}

/// The secret offered to this session for `owner`: the same one on every reload, so that a
/// person who scanned the code and then refreshed the page is not left with a dead entry.
pub(super) async fn pending_secret(v: &Visit<'_>, id_hash: &[u8; 32], owner: &str) -> Result<Zeroizing<Vec<u8>>, Unavailable> {
    if let Some(secret) = offered_secret(v, id_hash, owner).await? {
        return Ok(secret);
    }
    let secret = totp::new_secret();
    let sealed = v.state.sealer.seal(&secret, &pending_context(owner))?;
    let id_hash = *id_hash;
    store::call(&v.state.store, move |s| s.set_pending_secret(&id_hash, Some(&sealed))).await?;
    Ok(secret)
}

/// The secret this session was offered to scan, if any.
pub(super) async fn offered_secret(v: &Visit<'_>, id_hash: &[u8; 32], owner: &str) -> Result<Option<Zeroizing<Vec<u8>>>, Unavailable> {
    let record = v.state.sessions.record(*id_hash).await?;
    Ok(record.and_then(|r| r.pending_secret).and_then(|s| v.state.sealer.open(&s, &pending_context(owner))))
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

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(svg, |(_, body)| body.trim_start()),
        None => svg,
    }
}

/// Where the site's enrolment is a grace: when `user`'s began (at their first sign-in without
/// a method, which this records), if it still lets them go on without one.
pub(super) async fn grace_of(v: &Visit<'_>, user: &User) -> Result<Option<i64>, Unavailable> {
    let Enrolment::Grace(_) = v.site.enrolment else { return Ok(None) };
    let (name, now) = (user.username.clone(), v.now);
    let began = store::call(&v.state.store, move |s| s.begin_grace(&name, now)).await?;
    Ok(v.site.enrolment.lets_go_on(Some(began), v.now).then_some(began))
}

/// The return address that makes the enrolment form one of the security page's.
pub(super) const REPLACING: &str = "";

/// The QR code and key to scan, and the form for the first code; `return_to` is
/// [`REPLACING`] for a new app of a signed-in user; a first enrolment also offers to make
/// `passkey` instead. `error` names the message saying what was wrong.
pub(super) fn enrol_form(
    v: &Visit<'_>,
    status: u16,
    return_to: &str,
    account: &str,
    secret: &[u8],
    passkey: Option<&Offer>,
    error: Option<Wrong>,
) -> Response {
    let replacing = return_to == REPLACING;
    let error = error.map(|w| v.words(w));
    let remember = if replacing { None } else { v.trust_offer() };
    let page = Enrol {
        replacing,
        frame: v.frame(),
        return_to,
        account,
        scan: scan(secret, &v.site.name, account),
        remember: remember.as_deref(),
        passkey,
        error: error.as_deref(),
    };
    pages::render(status, &page)
}
