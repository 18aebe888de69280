//! Passkeys and security keys on the gate's pages: the ceremonies a page offers (a sign-in
//! with one of the user's passkeys, or making a new one) and taking the browser's answer from
//! a form. The page carries the ceremony's id and options; `static/portal.js` runs it and
//! puts the answer in the form's `passkey_answer`.

use super::{field, Unavailable, Visit};
use crate::audit;
use crate::auth::passkey::{Answer, Ceremony, Making, Party, Refused};
use crate::store::{PasskeyKind, PasskeyRecord};
use crate::users::User;

const NOT_TAKEN: &str = "That passkey was not accepted. Try again, or use another way to sign in.";
const EXPIRED: &str = "That took too long, or the page was used already. Please try again.";
const CLONED: &str = "That passkey may have been copied: it was refused. Use another way to sign in, and tell your administrator.";

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

/// Whether the form carries a passkey's answer (rather than a code).
pub(super) fn answered(form: &[(String, String)]) -> bool {
    !field(form, "passkey_answer").is_empty()
}

/// A sign-in with one of `user`'s passkeys for this site, if they have one.
pub(super) async fn offer_sign_in(v: &Visit<'_>, user: &User) -> Result<Option<Offer>, Unavailable> {
    Ok(v.state.passkeys.start_sign_in(party(v), user, v.now).await?.map(Offer::from))
}

/// A sign-in by a passkey alone, where the site offers it.
pub(super) async fn offer_alone(v: &Visit<'_>) -> Result<Option<Offer>, Unavailable> {
    if !v.site.passkeys.sign_in {
        return Ok(None);
    }
    Ok(Some(v.state.passkeys.start_alone(party(v), v.now).await?.into()))
}

/// Whose registered passkey the form's answer names, before anything is verified.
pub(super) async fn whose(v: &Visit<'_>, form: &[(String, String)]) -> Result<Option<String>, Unavailable> {
    Ok(v.state.passkeys.whose(party(v), answer(form)).await?)
}

/// Takes the form's answer to a sign-in by a passkey alone, as `user`'s.
pub(super) async fn signed_alone(
    v: &Visit<'_>,
    user: &User,
    form: &[(String, String)],
) -> Result<Result<PasskeyKind, &'static str>, Unavailable> {
    Ok(match v.state.passkeys.finish_alone(party(v), &user.username, answer(form), v.now).await? {
        Ok(kind) => Ok(kind),
        Err(refused) => Err(refusal(v, user, refused).await),
    })
}

/// Making a new passkey of `user`'s (none of `existing` again).
pub(super) async fn offer_registration(
    v: &Visit<'_>,
    user: &User,
    existing: &[PasskeyRecord],
    making: Making,
) -> Result<Offer, Unavailable> {
    Ok(v.state.passkeys.start_registration(party(v), user, existing, making, v.now).await?.into())
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
) -> Result<Result<PasskeyKind, &'static str>, Unavailable> {
    Ok(match v.state.passkeys.finish_sign_in(party(v), user, answer(form), v.now).await? {
        Ok(kind) => Ok(kind),
        Err(refused) => Err(refusal(v, user, refused).await),
    })
}

/// Takes the form's answer to a registration: the new passkey, named as the form says.
pub(super) async fn registered(
    v: &Visit<'_>,
    user: &User,
    form: &[(String, String)],
    making: Making,
) -> Result<Result<(PasskeyRecord, PasskeyKind), &'static str>, Unavailable> {
    let name = name_of(field(form, "passkey_name"));
    Ok(match v.state.passkeys.finish_registration(party(v), user, making, answer(form), &name, v.now).await? {
        Ok(made) => {
            tracing::info!(user = %user.username, ip = %v.client_ip, "passkey registered");
            Ok(made)
        }
        Err(refused) => Err(refusal(v, user, refused).await),
    })
}

/// A passkey's name as the user typed it: trimmed, at most 60 characters, "Passkey" if empty.
pub(super) fn name_of(typed: &str) -> String {
    let name: String = typed.trim().chars().filter(|c| !c.is_control()).take(60).collect();
    if name.is_empty() {
        "Passkey".into()
    } else {
        name
    }
}

async fn refusal(v: &Visit<'_>, user: &User, refused: Refused) -> &'static str {
    match refused {
        Refused::Unknown => EXPIRED,
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
