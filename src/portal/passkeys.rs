//! Passkeys and security keys on the gate's pages: the ceremonies a page offers (a sign-in
//! with one of the user's passkeys, or making a new one) and taking the browser's answer from
//! a form. The page carries the ceremony's id and options; `static/portal.js` runs it and
//! puts the answer in the form's `passkey_answer`.

use super::{field, Unavailable, Visit};
use crate::audit;
use crate::auth::passkey::{Answer, Ceremony, Intent, Named, Party, PasskeyError, Passkeys, Refused, Who};
use crate::store::{PasskeyKind, PasskeyRecord};
use crate::users::User;

// Why a passkey was refused, as message ids.
const NOT_TAKEN: &str = "passkey-not-taken";
const NEW_PASSWORD: &str = "passkey-new-password";
const EXPIRED: &str = "passkey-expired";
const CLONED: &str = "passkey-cloned";

/// A ceremony for a page: its id and `navigator.credentials` options (JSON).
pub struct Offer {
    pub ceremony: String,
    pub options: String,
}

impl From<Ceremony> for Offer {
    fn from(c: Ceremony) -> Offer {
        Offer { ceremony: c.id, options: c.options }
    }
}

/// The relying party of the visited site.
fn party<'v>(v: &'v Visit<'_>) -> Party<'v> {
    Party { rp_id: &v.site.passkeys.rp_id, host: &v.site.host, https: v.tls, name: &v.site.name }
}

/// `user` in the session this visit brought, which alone may end the ceremonies it begins.
/// (Every page that begins one has found that session; without one, the ceremony is bound to
/// a hash no session has.)
fn who<'u>(v: &Visit<'_>, user: &'u User) -> Who<'u> {
    Who { user, session: v.session_token.as_deref().and_then(|t| v.state.sessions.verify_token(t)).unwrap_or([0xff; 32]) }
}

/// Whether passkeys can be made on this site.
pub(super) fn possible(v: &Visit<'_>) -> bool {
    Passkeys::possible(party(v))
}

/// Whether the form carries a passkey's answer (rather than a code).
pub(super) fn answered(form: &[(String, String)]) -> bool {
    !field(form, "passkey_answer").is_empty()
}

/// A sign-in (or a proof, for `intent`) with one of `theirs` (`user`'s passkeys, as the page
/// read them) for this site, if they have one.
pub(super) async fn offer_sign_in(
    v: &Visit<'_>,
    user: &User,
    theirs: &[PasskeyRecord],
    intent: Intent,
) -> Result<Option<Offer>, Unavailable> {
    offered(v, v.state.passkeys.start_sign_in(party(v), who(v, user), theirs, intent, v.now).await)
}

/// What a page offers of a ceremony begun: nothing where the site cannot have passkeys (a
/// host that is an IP address, which browsers refuse as a relying party) — the page still
/// works without — but a failing store fails the page.
fn offered(v: &Visit<'_>, begun: Result<Option<Ceremony>, PasskeyError>) -> Result<Option<Offer>, Unavailable> {
    match begun {
        Ok(ceremony) => Ok(ceremony.map(Offer::from)),
        Err(PasskeyError::Setup(why)) => {
            tracing::debug!(site = %v.site.host, "no passkeys here: {why}");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// A sign-in by a passkey alone, where the site offers it.
pub(super) async fn offer_alone(v: &Visit<'_>) -> Result<Option<Offer>, Unavailable> {
    if !v.site.passkeys.sign_in {
        return Ok(None);
    }
    offered(v, v.state.passkeys.start_alone(party(v), v.now).map(Some))
}

/// The registered passkey the form's answer names, before anything is verified.
pub(super) async fn whose(v: &Visit<'_>, form: &[(String, String)]) -> Result<Option<Named>, Unavailable> {
    Ok(v.state.passkeys.whose(party(v), answer(form)).await?)
}

/// Takes the form's answer to a sign-in by a passkey alone, by the `named` passkey of `user`'s.
pub(super) async fn signed_alone(
    v: &Visit<'_>,
    user: &User,
    named: Named,
    form: &[(String, String)],
) -> Result<Result<PasskeyKind, &'static str>, Unavailable> {
    Ok(match v.state.passkeys.finish_alone(party(v), user, named, field(form, "passkey_ceremony"), v.now).await? {
        Ok(kind) => Ok(kind),
        Err(refused) => Err(refusal(v, user, refused).await),
    })
}

/// Making a new passkey of `user`'s (none of `existing` again), where the site can have them.
pub(super) async fn offer_registration(
    v: &Visit<'_>,
    user: &User,
    existing: &[PasskeyRecord],
    intent: Intent,
) -> Result<Option<Offer>, Unavailable> {
    offered(v, v.state.passkeys.start_registration(party(v), who(v, user), existing, intent, v.now).await.map(Some))
}

/// The form's ceremony and answer.
fn answer(form: &[(String, String)]) -> Answer<'_> {
    Answer { ceremony: field(form, "passkey_ceremony"), json: field(form, "passkey_answer") }
}

/// Takes the form's answer to a sign-in ceremony: the kind of passkey, or what to tell the
/// user. A passkey that may have been cloned is told to the audit trail.
pub(super) async fn signed(
    v: &Visit<'_>,
    user: &User,
    form: &[(String, String)],
    intent: Intent,
) -> Result<Result<PasskeyKind, &'static str>, Unavailable> {
    Ok(match v.state.passkeys.finish_sign_in(party(v), who(v, user), intent, answer(form), v.now).await? {
        Ok(kind) => Ok(kind),
        Err(refused) => Err(refusal(v, user, refused).await),
    })
}

/// Takes the form's answer to a registration: the new passkey, named as the form says.
pub(super) async fn registered(
    v: &Visit<'_>,
    user: &User,
    form: &[(String, String)],
    intent: Intent,
) -> Result<Result<(PasskeyRecord, PasskeyKind), &'static str>, Unavailable> {
    let name = name_of(v, field(form, "passkey_name"));
    Ok(match v.state.passkeys.finish_registration(party(v), who(v, user), intent, answer(form), &name, v.now).await? {
        Ok(made) => {
            tracing::info!(user = %user.username, ip = %v.client_ip, "passkey registered");
            Ok(made)
        }
        Err(refused) => Err(refusal(v, user, refused).await),
    })
}

/// A passkey's name as the user typed it: trimmed, at most 60 characters, "Passkey" (in the
/// user's language) if empty.
pub(super) fn name_of(v: &Visit<'_>, typed: &str) -> String {
    let name: String = typed.trim().chars().filter(|c| !c.is_control()).take(60).collect();
    if name.is_empty() {
        v.lang.t("passkey-default-name").into_owned()
    } else {
        name
    }
}

async fn refusal(v: &Visit<'_>, user: &User, refused: Refused) -> &'static str {
    match refused {
        Refused::Unknown => EXPIRED,
        Refused::NewPassword => NEW_PASSWORD,
        Refused::Invalid(why) => {
            tracing::warn!(user = %user.username, ip = %v.client_ip, "passkey refused: {why}");
            NOT_TAKEN
        }
        Refused::Cloned => {
            tracing::warn!(user = %user.username, ip = %v.client_ip, "passkey refused: its sign counter went back (cloned?)");
            v.audit(v.audit_entry(audit::Event::SignInFailed, &user.username).factor("webauthn").detail("possibly cloned passkey")).await;
            CLONED
        }
    }
}
