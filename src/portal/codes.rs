//! The steps the gate's pages share: checking a code of an authenticator (its time step used
//! once), using a backup code, sending and taking a code by email or text, proving a change
//! with any of these, and finishing a sign-in. Pages import these, never each other. Each
//! check leaves the throttle to its caller (`Visit::guess`).

use super::enrolment::stored_context;
use super::{field, passkeys, Response, Unavailable, Visit};
use crate::audit;
use crate::auth::backup::looks_like_one;
use crate::auth::methods::{Method, Methods};
use crate::auth::passkey::Intent;
use crate::auth::session::{Beginning, LiveSession};
use crate::auth::totp;
use crate::hold;
use crate::keys::SealError;
use crate::metrics::Factor;
use crate::notify::Event;
use crate::store::{self, Channel, Mail, PasskeyKind, PasskeyUse, Slot, Stage, TotpRecord};
use crate::users::User;
use crate::web::cookies;

// What a wrong code is told, as message ids: each check's `Err` names its message, which the
// page puts into the visitor's language.
pub(super) const WRONG_CODE: &str = "wrong-code";
const USED_CODE: &str = "used-code";
const WRONG_BACKUP_CODE: &str = "wrong-backup-code";
const WRONG_SENT_CODE: &str = "wrong-sent-code";
const WRONG_PROOF: &str = "wrong-proof";

/// The confirmed authenticator of `owner` (a user, or a user's separate factor), if any.
pub(super) async fn authenticator(v: &Visit<'_>, owner: &str) -> Result<Option<TotpRecord>, Unavailable> {
    let owner = owner.to_string();
    Ok(store::call(&v.state.store, move |s| s.totp(&owner)).await?)
}

/// Checks a code of `owner`'s authenticator and uses up its time step; `Err` says what was
/// wrong with it.
pub(super) async fn check_code(v: &Visit<'_>, owner: &str, code: &str) -> Result<Result<(), &'static str>, Unavailable> {
    match authenticator(v, owner).await? {
        Some(record) => check_against(v, owner, &record, code).await,
        None => Ok(Err(WRONG_CODE)),
    }
}

/// [`check_code`] for an authenticator already read.
pub(super) async fn check_against(
    v: &Visit<'_>,
    owner: &str,
    record: &TotpRecord,
    code: &str,
) -> Result<Result<(), &'static str>, Unavailable> {
    let Some(secret) = v.state.sealer.open(&record.secret, &stored_context(owner)) else {
        return Err(SealError::Open(owner.to_string()).into());
    };
    let Some(step) = totp::check(&secret, code, v.now) else {
        return Ok(Err(WRONG_CODE));
    };
    let name = owner.to_string();
    let fresh = store::call(&v.state.store, move |s| s.accept_totp_step(&name, step)).await?;
    Ok(if fresh { Ok(()) } else { Err(USED_CODE) })
}

/// Uses one of `owner`'s backup codes: how many are left, or what was wrong.
pub(super) async fn use_backup_code(v: &Visit<'_>, owner: &str, input: &str) -> Result<Result<u32, &'static str>, Unavailable> {
    let Some(hash) = v.state.backup_codes.hash_input(owner, input) else {
        return Ok(Err(WRONG_BACKUP_CODE));
    };
    let (name, now) = (owner.to_string(), v.now);
    Ok(store::call(&v.state.store, move |s| s.use_backup_code(&name, &hash, now)).await?.ok_or(WRONG_BACKUP_CODE))
}

/// How long new backup codes may be shown again (a reload of their page), until saved.
const SHOWN_FOR: i64 = 600;

/// Makes and stores a new set of backup codes for `owner` (`user`, or one of their separate
/// factors); the old set stops working. The answer is a redirect to their page, which shows
/// them to `user` in this browser (its key is in a cookie, not in the address) for
/// [`SHOWN_FOR`], however often it is reloaded, until they are saved.
pub(super) async fn new_backup_codes(v: &Visit<'_>, user: &str, owner: &str, continue_to: &str) -> Result<Response, Unavailable> {
    let set = v.state.backup_codes.generate(owner);
    let (id, now) = (hold::new_id(), v.now);
    let id_hash = hold::hash_id(&id);
    // Kept to be shown before they replace the old set: a failure here loses nothing.
    let sealed = v.state.sealer.seal(set.codes.join("\n").as_bytes(), &shown_context(&id_hash, user))?;
    let (person, expires) = (user.to_string(), now + SHOWN_FOR);
    store::call(&v.state.store, move |s| s.keep_shown_codes(&id_hash, &person, &sealed, expires, now)).await?;
    let (name, hashes) = (owner.to_string(), set.hashes);
    store::call(&v.state.store, move |s| s.replace_backup_codes(&name, &hashes, now)).await?;
    tracing::info!(user = %owner, "new backup codes made");
    let rd: String = form_urlencoded::byte_serialize(continue_to.as_bytes()).collect();
    let key = cookies::lasting(&cookies::SHOWN_CODES, v.tls, id, std::time::Duration::from_secs(SHOWN_FOR as u64));
    Ok(Response::redirect(&format!("{}?rd={rd}", v.path("backup-codes/new"))).cookie(&key))
}

/// The backup codes kept under this browser's key `id` for `user`, if still shown.
pub(super) async fn shown_codes(v: &Visit<'_>, user: &str, id: &str) -> Result<Option<Vec<String>>, Unavailable> {
    let id_hash = hold::hash_id(id);
    let (person, now) = (user.to_string(), v.now);
    let Some(sealed) = store::call(&v.state.store, move |s| s.shown_codes(&id_hash, &person, now)).await? else {
        return Ok(None);
    };
    let Some(plain) = v.state.sealer.open(&sealed, &shown_context(&id_hash, user)) else {
        return Err(SealError::Open(user.to_string()).into());
    };
    Ok(Some(String::from_utf8_lossy(&plain).lines().map(str::to_owned).collect()))
}

/// What shown codes are sealed to: their link, and their user.
fn shown_context(id_hash: &[u8; 32], user: &str) -> Vec<u8> {
    [&b"shown-codes\0"[..], &id_hash[..], user.as_bytes()].concat()
}

/// What a code is sent for, which its message says.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    SignIn,
    /// Proving a change of the user's sign-in methods.
    Confirm,
}

/// The destination, partly hidden: `a***@example.com`, `+49***78`.
pub(super) fn masked(to: &str, channel: Channel) -> String {
    match (channel, to.split_once('@')) {
        (Channel::Email, Some((name, domain))) => format!("{}***@{domain}", name.chars().next().unwrap_or('*')),
        _ => format!("{}***{}", to.get(..3).unwrap_or("+"), to.get(to.len().saturating_sub(2)..).unwrap_or("")),
    }
}

/// Sends `user` a new code `to` an address or number, replacing the last one in `slot`;
/// `Err` says when another may be asked for.
pub(super) async fn send_code(
    v: &Visit<'_>,
    user: &User,
    channel: Channel,
    to: &str,
    slot: Slot,
    purpose: Purpose,
) -> Result<Result<(), String>, Unavailable> {
    let codes = &v.state.sent_codes;
    let (code, hash) = codes.generate(&user.username, to);
    let (name, now, settings) = (user.username.clone(), v.now, codes.settings);
    let expires = now + settings.lifetime.as_secs() as i64;
    let allowed =
        store::call(&v.state.store, move |s| s.send_code(&name, slot, &hash, expires, &mut |before| settings.send(before, now))).await?;
    if let Err(retry_at) = allowed {
        let wait = v.lang.span(std::time::Duration::from_secs((retry_at - now).max(1) as u64));
        return Ok(Err(v.lang.t_args("sent-code-wait", [("wait", wait.into())])));
    }
    let mail = match channel {
        Channel::Sms => Mail { channel, to: to.to_string(), subject: String::new(), body: code },
        Channel::Email => {
            let (subject, body) = match purpose {
                Purpose::SignIn => ("email-code-sign-in-subject", "email-code-sign-in"),
                Purpose::Confirm => ("email-code-confirm-subject", "email-code-confirm"),
            };
            let (lang, site) = (v.lang, v.site.name.as_str());
            let minutes = settings.lifetime.as_secs().div_ceil(60);
            let hello = lang.t_args("email-hello", [("name", user.display_name.as_str().into())]);
            let said = lang.t_args(body, [("site", site.into()), ("code", code.into()), ("minutes", minutes.into())]);
            let subject = lang.t_args(subject, [("site", site.into())]);
            Mail { channel, to: to.to_string(), subject, body: format!("{hello}\n\n{said}\n") }
        }
    };
    v.state.outbox.send(mail, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, via = channel.name(), slot = slot.name(), "code sent");
    Ok(Ok(()))
}

/// Uses `user`'s newest code in `slot` if `input` is it, as sent `to` there (or, `use_up`
/// false, only checks); `Err` says what was wrong.
pub(super) async fn take_code(
    v: &Visit<'_>,
    user: &str,
    to: &str,
    slot: Slot,
    input: &str,
    use_up: bool,
) -> Result<Result<(), &'static str>, Unavailable> {
    let Some(hash) = v.state.sent_codes.hash_input(user, to, input) else {
        return Ok(Err(WRONG_SENT_CODE));
    };
    let (name, now) = (user.to_string(), v.now);
    let right = store::call(&v.state.store, move |s| {
        if use_up {
            s.use_sent_code(&name, slot, &hash, now)
        } else {
            s.sent_code_is(&name, slot, &hash, now)
        }
    })
    .await?;
    Ok(if right { Ok(()) } else { Err(WRONG_SENT_CODE) })
}

/// Which current code an action takes.
#[derive(Clone, Copy)]
pub(super) enum Proof {
    /// From this method, or a backup code.
    Of(Method),
    /// From any method the user has, or a backup code.
    Any,
}

/// Takes the form's `code_field` (or a passkey's answer, which proves any change) as the proof
/// an action needs, using it up.
pub(super) async fn proven(
    v: &Visit<'_>,
    user: &User,
    methods: &Methods,
    proof: Proof,
    form: &[(String, String)],
    code_field: &str,
) -> Result<Result<(), &'static str>, Unavailable> {
    if passkeys::answered(form) {
        return Ok(passkeys::signed(v, user, form, Intent::Proof).await?.map(drop));
    }
    let code = field(form, code_field);
    if looks_like_one(code) {
        return Ok(use_backup_code(v, &user.username, code).await?.map(drop).map_err(|_| WRONG_PROOF));
    }
    let from: &[Method] = match proof {
        Proof::Of(method) => &[method][..],
        Proof::Any => &[Method::App, Method::Email, Method::Phone],
    };
    for &method in from.iter().filter(|m| methods.has(**m)) {
        let taken = match (method, &methods.email, &methods.phone) {
            (Method::App, _, _) => check_code(v, &user.username, code).await?,
            (Method::Email, Some(to), _) | (Method::Phone, _, Some(to)) => take_code(v, &user.username, to, Slot::Own, code, true).await?,
            _ => continue,
        };
        if taken.is_ok() {
            return Ok(Ok(()));
        }
    }
    Ok(Err(WRONG_PROOF))
}

/// Signed in `via` a factor: the failure records are cleared and the `old` session, if any, is
/// replaced by a complete one; `device` is the trusted device that stood in for the second factor.
pub(super) async fn finish(
    v: &Visit<'_>,
    user: &User,
    old: Option<[u8; 32]>,
    device: Option<[u8; 32]>,
    via: Factor,
    return_to: &str,
) -> Result<Response, Unavailable> {
    // The password alone (an exempt user's sign-in, or one for a `one_factor` page) makes a
    // one-factor session.
    let stage = if via == Factor::Password { Stage::OneFactor } else { Stage::Complete };
    signed_in(v, user, old, Start { begun: Beginning { stage, device, grace_from: None, passkey: None }, via }, return_to).await
}

/// Signed in by a passkey of this `kind` alone (no password).
pub(super) async fn by_passkey_alone(
    v: &Visit<'_>,
    user: &User,
    old: Option<[u8; 32]>,
    kind: PasskeyKind,
    return_to: &str,
) -> Result<Response, Unavailable> {
    let passkey = Some(PasskeyUse { kind, alone: true });
    let start = Start { begun: Beginning { stage: Stage::Complete, device: None, grace_from: None, passkey }, via: Factor::Passkey };
    signed_in(v, user, old, start, return_to).await
}

/// A user without a second factor, where the site's enrolment lets them go on: signed in by
/// the password alone, in the grace that began `grace_from` if there is one.
pub(super) async fn go_on_unenrolled(
    v: &Visit<'_>,
    user: &User,
    old: Option<[u8; 32]>,
    grace_from: Option<i64>,
    return_to: &str,
) -> Result<Response, Unavailable> {
    let begun = Beginning { stage: Stage::Unenrolled, device: None, grace_from, passkey: None };
    let start = Start { begun, via: Factor::Password };
    signed_in(v, user, old, start, return_to).await
}

/// What a sign-in ends with, and by which factor.
struct Start {
    begun: Beginning,
    via: Factor,
}

async fn signed_in(v: &Visit<'_>, user: &User, old: Option<[u8; 32]>, start: Start, return_to: &str) -> Result<Response, Unavailable> {
    // The failures are forgiven only for a whole sign-in: a password alone for a one-factor
    // page must not wipe the count of wrong codes (they could then be guessed forever).
    if start.begun.stage != Stage::OneFactor || user.exempt {
        v.state.throttle.succeeded(&v.throttle_subjects(&user.username, true)).await?;
    }
    if let Some(old) = old {
        v.state.sessions.revoke(&old).await?;
    }
    let issued = v.state.sessions.begin(user, &v.site.session.id, start.begun, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, trusted_device = start.begun.device.is_some(), "signed in");
    let entry = v.audit_entry(audit::Event::SignIn, &user.username).factor(start.via.label()).session(&issued.id_hash);
    v.audit(if start.begun.stage == Stage::Unenrolled { entry.detail("no second factor set up yet") } else { entry }).await;
    Ok(Response::redirect(return_to).cookie(&v.session_cookie().lasting(v.tls, issued.token, issued.max_age)))
}

/// A second factor (`via`, the `passkey` of this kind if it was one) was right: signed in,
/// and the device trusted if that was asked for.
pub(super) async fn complete(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &User,
    via: Factor,
    passkey: Option<PasskeyKind>,
    return_to: &str,
    form: &[(String, String)],
) -> Result<Response, Unavailable> {
    let passkey = passkey.map(|kind| PasskeyUse { kind, alone: false });
    let begun = Beginning { stage: Stage::Complete, device: None, grace_from: None, passkey };
    let done = signed_in(v, user, Some(session.id_hash), Start { begun, via }, return_to).await?;
    if field(form, "remember") != "1" || !v.site.devices.enabled {
        return Ok(done);
    }
    let trusted = v.state.devices.trust(user, &v.site.devices, &v.origin(), &v.live.geo, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, "device trusted");
    v.notify(Event::DeviceTrusted, user).await;
    Ok(done.cookie(&cookies::lasting(&cookies::DEVICE, v.tls, trusted.token, trusted.max_age)))
}
