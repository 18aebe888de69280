//! The security page: a signed-in user's ways of getting a code, each changed only with a
//! current code — from the method being changed or a backup code; adding a method takes a
//! code of any the user has. Where a second factor is required, the last method that signs
//! in stays. A new phone number is confirmed by a code sent to it and one sent to the old
//! number. Every change is told by email.

use std::sync::Arc;

use super::codes::{masked, proven, send_code, take_code, Proof, Purpose, WRONG_CODE};
use super::enrolment::{enrol_form, offered_secret, pending_secret, stored_context, REPLACING};
use super::pages::{self, PasskeyRow, PhoneChange, SecurityPage};
use super::passkeys::{self, Offer};
use super::{field, Attempt, Guess, Response, Unavailable, Visit, Wrong};
use crate::auth::methods::{Method, Methods, Offers};
use crate::auth::passkey::Intent;
use crate::auth::session::LiveSession;
use crate::auth::totp;
use crate::notify::Event;
use crate::store::{self, Channel, MethodChoices, PasskeyRecord, Slot};
use crate::users::{check_phone, User};

/// `GET /security`.
pub async fn page(v: &Visit<'_>) -> Result<Response, Unavailable> {
    let Some((session, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path("security"))));
    };
    let methods = v.methods(&user).await?;
    let deadline = v.site.enrolment.deadline(session.grace_from).filter(|_| !methods.enrolled());
    render(v, &user, &methods, 200, Shown { deadline, ..Shown::default() }).await
}

/// What the page shows besides the user's methods, in words.
#[derive(Default)]
struct Shown<'a> {
    notice: Option<&'a str>,
    error: Option<&'a str>,
    /// The end of the user's grace, if they are in one.
    deadline: Option<i64>,
    /// A passkey to make, after the proof.
    adding: Option<Offer>,
}

/// The page with the messages `notice` and `error` name.
async fn show(
    v: &Visit<'_>,
    user: &User,
    methods: &Methods,
    status: u16,
    notice: Option<&str>,
    error: Option<Wrong>,
) -> Result<Response, Unavailable> {
    let (notice, error) = (notice.map(|id| v.lang.t(id)), error.map(|w| v.words(w)));
    render(v, user, methods, status, Shown { notice: notice.as_deref(), error: error.as_deref(), ..Shown::default() }).await
}

/// The page. A user with passkeys may prove a change with one: the page carries a sign-in
/// ceremony for that.
async fn render(v: &Visit<'_>, user: &User, methods: &Methods, status: u16, shown: Shown<'_>) -> Result<Response, Unavailable> {
    let offers = Offers::of(&v.live.policy);
    let proof = passkeys::offer_sign_in(v, user, &methods.passkeys, Intent::Proof).await?;
    let keys: Vec<PasskeyRow> = methods.passkeys.iter().map(PasskeyRow::of).collect();
    let Shown { notice, error, deadline, adding } = shown;
    let page = SecurityPage {
        frame: v.frame(),
        enrolled: methods.enrolled(),
        enrol_url: &v.url("enrol", &v.path("security")),
        deadline,
        may_turn_off: offers.optional && methods.enrolled(),
        app: methods.app,
        may_remove_app: methods.may_remove(Method::App, offers),
        email_offered: offers.email && user.email.is_some(),
        email: methods.email.as_deref().map(|to| masked(to, Channel::Email)),
        may_remove_email: methods.may_remove(Method::Email, offers),
        sms_offered: offers.sms,
        phone: methods.phone.as_deref().map(|to| masked(to, Channel::Sms)),
        may_remove_phone: methods.may_remove(Method::Phone, offers),
        backup_left: methods.backup_left,
        factors: &methods.factors,
        passkeys: &keys,
        may_remove_passkey: methods.may_remove(Method::Passkey, offers),
        may_add_passkey: passkeys::possible(v) && methods.passkeys.len() < MAX_PASSKEYS,
        proof_passkey: proof.as_ref(),
        adding_passkey: adding.as_ref(),
        notice,
        error,
    };
    Ok(pages::render(status, &page))
}

/// `POST /security`: one change, named by the form's `do`.
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let Some((session, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path("security"))));
    };
    let methods = v.methods(&user).await?;
    let method = match field(form, "method") {
        "app" => Some(Method::App),
        "passkey" => Some(Method::Passkey),
        "email" => Some(Method::Email),
        "phone" => Some(Method::Phone),
        _ => None,
    };
    match (field(form, "do"), method) {
        ("send", Some(method)) => send_proof(v, &user, &methods, method).await,
        ("remove", Some(method)) => remove(v, &user, &methods, method, form).await,
        ("add-email", _) => add_email(v, &user, &methods, form).await,
        ("new-app", _) => new_app(v, &session, &user, &methods, form).await,
        ("confirm-app", _) => confirm_new_app(v, &session, &user, &methods, form).await,
        ("new-phone", _) => new_phone(v, &user, &methods, form).await,
        ("confirm-phone", _) => confirm_phone(v, &user, &methods, form).await,
        ("two-factor-off", _) => turn_off(v, &user, &methods, form).await,
        ("add-passkey", _) => add_passkey(v, &user, &methods, form).await,
        ("confirm-passkey", _) => confirm_passkey(v, &user, &methods, form).await,
        ("rename-passkey", _) => rename_passkey(v, &user, &methods, form).await,
        _ => show(v, &user, &methods, 400, None, Some("security-not-this-form".into())).await,
    }
}

/// Two-factor off, where every site that asks for it lets users choose: after a current code,
/// the user's app, codes by email or text, backup codes and trusted devices go, and the
/// password alone signs them in.
async fn turn_off(v: &Visit<'_>, user: &Arc<User>, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    if !Offers::of(&v.live.policy).optional || !methods.enrolled() {
        return show(v, user, methods, 400, None, Some("security-cannot-turn-off".into())).await;
    }
    if let Some(refused) = check(v, user, methods, Proof::Any, form).await? {
        return Ok(refused);
    }
    let name = user.username.clone();
    let revoked = store::call(&v.state.store, move |s| {
        s.remove_totp(&name)?;
        s.remove_backup_codes(&name)?;
        s.remove_passkeys(&name, None)?;
        s.forget_method_choices(&name)?;
        s.revoke_devices(&name, None)
    })
    .await?;
    v.state.sessions.evict(&revoked.sessions);
    tracing::info!(user = %user.username, ip = %v.client_ip, "two-factor turned off");
    v.notify(Event::TwoFactorOff, user).await;
    let methods = v.methods(user).await?;
    show(v, user, &methods, 200, Some("security-turned-off"), None).await
}

/// A code to the user's own email or phone, to prove a change with.
async fn send_proof(v: &Visit<'_>, user: &User, methods: &Methods, method: Method) -> Result<Response, Unavailable> {
    let (channel, to) = match (method, &methods.email, &methods.phone) {
        (Method::Email, Some(to), _) => (Channel::Email, to),
        (Method::Phone, _, Some(to)) => (Channel::Sms, to),
        _ => return show(v, user, methods, 400, None, Some("security-nowhere-to-send".into())).await,
    };
    match send_code(v, user, channel, to, Slot::Own, Purpose::Confirm).await? {
        Ok(()) => {
            let sent = v.lang.t_args("security-code-sent", [("to", masked(to, channel).into())]);
            render(v, user, methods, 200, Shown { notice: Some(&sent), ..Shown::default() }).await
        }
        Err(wait) => render(v, user, methods, 429, Shown { error: Some(&wait), ..Shown::default() }).await,
    }
}

/// Runs the proof under the throttle: `Ok(None)` when it holds, else the page to answer with.
async fn check(
    v: &Visit<'_>,
    user: &User,
    methods: &Methods,
    proof: Proof,
    form: &[(String, String)],
) -> Result<Option<Response>, Unavailable> {
    Ok(match v.guess(&user.username, Attempt::Proof, proven(v, user, methods, proof, form, "code")).await? {
        Guess::Right(()) => None,
        Guess::Wrong(error) => Some(show(v, user, methods, 401, None, Some(error)).await?),
        Guess::Locked(page) => Some(page),
    })
}

/// Stores the user's new choices, tells them by email, and shows the page as it now stands.
async fn changed(v: &Visit<'_>, user: &Arc<User>, choices: MethodChoices, event: Event, notice: &str) -> Result<Response, Unavailable> {
    let name = user.username.clone();
    store::call(&v.state.store, move |s| s.set_method_choices(&name, &choices)).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, ?event, "sign-in methods changed");
    v.notify(event, user).await;
    let methods = v.methods(user).await?;
    show(v, user, &methods, 200, Some(notice), None).await
}

async fn remove(
    v: &Visit<'_>,
    user: &Arc<User>,
    methods: &Methods,
    method: Method,
    form: &[(String, String)],
) -> Result<Response, Unavailable> {
    // A passkey is named by its id.
    let key = match method {
        Method::Passkey => named(methods, form).map(|k| k.cred_id.clone()),
        _ => None,
    };
    if !methods.has(method) || (method == Method::Passkey && key.is_none()) {
        return show(v, user, methods, 400, None, Some("security-not-set-up".into())).await;
    }
    if !methods.may_remove(method, Offers::of(&v.live.policy)) {
        let why = "security-only-way";
        return show(v, user, methods, 409, None, Some(why.into())).await;
    }
    if let Some(refused) = check(v, user, methods, Proof::Of(method), form).await? {
        return Ok(refused);
    }
    let name = user.username.clone();
    match method {
        Method::App => {
            store::call(&v.state.store, move |s| s.remove_totp(&name)).await?;
        }
        Method::Passkey => {
            let id = key.unwrap_or_default();
            store::call(&v.state.store, move |s| s.remove_passkeys(&name, Some(&id))).await?;
        }
        Method::Email | Method::Phone => {}
    }
    let choices = methods.choices_without(method);
    changed(v, user, choices, Event::MethodRemoved(method), "security-removed").await
}

async fn add_email(v: &Visit<'_>, user: &Arc<User>, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    if user.email.is_none() || !methods.choices.email_off {
        return show(v, user, methods, 400, None, Some("security-email-not-possible".into())).await;
    }
    if let Some(refused) = check(v, user, methods, Proof::Any, form).await? {
        return Ok(refused);
    }
    let choices = MethodChoices { email_off: false, ..methods.choices.clone() };
    changed(v, user, choices, Event::MethodAdded(Method::Email), "security-email-is-on").await
}

/// A new authenticator (in place of the old one, or where there was none): after the proof,
/// a new secret to scan, which takes effect when its first code is confirmed.
async fn new_app(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &User,
    methods: &Methods,
    form: &[(String, String)],
) -> Result<Response, Unavailable> {
    let proof = if methods.app { Proof::Of(Method::App) } else { Proof::Any };
    if let Some(refused) = check(v, user, methods, proof, form).await? {
        return Ok(refused);
    }
    let secret = pending_secret(v, &session.id_hash, &user.username).await?;
    Ok(enrol_form(v, 200, REPLACING, &user.username, &secret, None, None))
}

/// The new app's first code: it takes the old one's place.
async fn confirm_new_app(
    v: &Visit<'_>,
    session: &LiveSession,
    user: &Arc<User>,
    methods: &Methods,
    form: &[(String, String)],
) -> Result<Response, Unavailable> {
    let Some(secret) = offered_secret(v, &session.id_hash, &user.username).await? else {
        return Ok(Response::redirect(&v.path("security")));
    };
    let check = async { Ok(totp::check(&secret, field(form, "code"), v.now).ok_or(WRONG_CODE)) };
    let step = match v.guess(&user.username, Attempt::Proof, check).await? {
        Guess::Right(step) => step,
        Guess::Wrong(error) => return Ok(enrol_form(v, 401, REPLACING, &user.username, &secret, None, Some(error))),
        Guess::Locked(page) => return Ok(page),
    };
    let sealed = v.state.sealer.seal(&secret, &stored_context(&user.username))?;
    let (name, now, id_hash) = (user.username.clone(), v.now, session.id_hash);
    store::call(&v.state.store, move |s| {
        s.replace_totp(&name, &sealed, step, now)?;
        s.set_pending_secret(&id_hash, None)
    })
    .await?;
    app_confirmed(v, user, methods).await
}

/// The app took its first code: it replaces the old one.
async fn app_confirmed(v: &Visit<'_>, user: &Arc<User>, methods: &Methods) -> Result<Response, Unavailable> {
    let event = if methods.app { Event::MethodChanged(Method::App) } else { Event::MethodAdded(Method::App) };
    let choices = MethodChoices { app_off: false, ..methods.choices.clone() };
    changed(v, user, choices, event, "security-app-is-set-up").await
}

/// A number to switch to (or to add): codes go to it and to the current number.
async fn new_phone(v: &Visit<'_>, user: &User, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let number = field(form, "phone").replace([' ', '-', '(', ')'], "");
    if !Offers::of(&v.live.policy).sms {
        return show(v, user, methods, 400, None, Some("security-no-sms".into())).await;
    }
    if check_phone(&number).is_err() {
        return show(v, user, methods, 400, None, Some("security-phone-invalid".into())).await;
    }
    if methods.phone.as_deref() == Some(number.as_str()) {
        return show(v, user, methods, 400, None, Some("security-same-number".into())).await;
    }
    let sends = [(Slot::NewPhone, Some(&number)), (Slot::Own, methods.phone.as_ref())];
    for (slot, to) in sends.into_iter().filter_map(|(slot, to)| Some((slot, to?))) {
        if let Err(wait) = send_code(v, user, Channel::Sms, to, slot, Purpose::Confirm).await? {
            return render(v, user, methods, 429, Shown { error: Some(&wait), ..Shown::default() }).await;
        }
    }
    Ok(phone_form(v, 200, methods, &number, None))
}

/// The form, with the message `error` names.
fn phone_form(v: &Visit<'_>, status: u16, methods: &Methods, number: &str, error: Option<Wrong>) -> Response {
    let old = methods.phone.as_deref().map(|p| masked(p, Channel::Sms));
    let error = error.map(|w| v.words(w));
    pages::render(status, &PhoneChange { frame: v.frame(), number, old: old.as_deref(), error: error.as_deref() })
}

/// Both codes: the one sent to the new number, and the proof from the old one (or, adding a
/// first number, from any method). Neither is used up unless both are right.
async fn confirm_phone(v: &Visit<'_>, user: &Arc<User>, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let number = field(form, "phone");
    let proof = if methods.phone.is_some() { Proof::Of(Method::Phone) } else { Proof::Any };
    let new_code = |use_up| take_code(v, &user.username, number, Slot::NewPhone, field(form, "new_code"), use_up);
    let both = async {
        if let Err(e) = new_code(false).await? {
            return Ok(Err(e));
        }
        if let Err(e) = proven(v, user, methods, proof, form, "code").await? {
            return Ok(Err(e));
        }
        new_code(true).await
    };
    match v.guess(&user.username, Attempt::Proof, both).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return Ok(phone_form(v, 401, methods, number, Some(error))),
        Guess::Locked(page) => return Ok(page),
    }
    let event = if methods.phone.is_some() { Event::MethodChanged(Method::Phone) } else { Event::MethodAdded(Method::Phone) };
    let choices = MethodChoices { phone: Some(Some(number.to_string())), ..methods.choices.clone() };
    changed(v, user, choices, event, "security-phone-is-set-up").await
}

/// How many passkeys one user may keep: enough for every device they own, few enough that a
/// sign-in's ceremony (which lists them all) stays small.
const MAX_PASSKEYS: usize = 10;

const TOO_MANY: &str = "security-too-many-passkeys";

/// A new passkey: after the proof, the page offers to make it.
async fn add_passkey(v: &Visit<'_>, user: &Arc<User>, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    if methods.passkeys.len() >= MAX_PASSKEYS {
        return show(v, user, methods, 409, None, Some(TOO_MANY.into())).await;
    }
    if !passkeys::possible(v) {
        return show(v, user, methods, 400, None, Some("security-no-passkeys-here".into())).await;
    }
    if let Some(refused) = check(v, user, methods, Proof::Any, form).await? {
        return Ok(refused);
    }
    let Some(adding) = passkeys::offer_registration(v, user, &methods.passkeys, Intent::Register).await? else {
        return show(v, user, methods, 400, None, Some("security-no-passkeys-here".into())).await;
    };
    let adding = Some(adding);
    render(v, user, methods, 200, Shown { adding, ..Shown::default() }).await
}

/// The browser made the passkey: it is kept, and told by email.
async fn confirm_passkey(v: &Visit<'_>, user: &Arc<User>, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    if methods.passkeys.len() >= MAX_PASSKEYS {
        return show(v, user, methods, 409, None, Some(TOO_MANY.into())).await;
    }
    let made = passkeys::registered(v, user, form, Intent::Register);
    match v.guess(&user.username, Attempt::Proof, made).await? {
        Guess::Right(_) => {}
        Guess::Wrong(error) => return show(v, user, methods, 401, None, Some(error)).await,
        Guess::Locked(page) => return Ok(page),
    }
    v.notify(Event::MethodAdded(Method::Passkey), user).await;
    let methods = v.methods(user).await?;
    show(v, user, &methods, 200, Some("security-passkey-is-set-up"), None).await
}

/// The user's passkey that the form names (by its id, in base64url).
fn named<'m>(methods: &'m Methods, form: &[(String, String)]) -> Option<&'m PasskeyRecord> {
    methods.passkeys.iter().find(|p| PasskeyRow::id_of(p) == field(form, "id"))
}

/// A new name only: no code is asked for that.
async fn rename_passkey(v: &Visit<'_>, user: &Arc<User>, methods: &Methods, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let Some(key) = named(methods, form) else {
        return show(v, user, methods, 400, None, Some("security-no-such-passkey".into())).await;
    };
    let (name, id, new) = (user.username.clone(), key.cred_id.clone(), passkeys::name_of(v, field(form, "passkey_name")));
    store::call(&v.state.store, move |s| s.rename_passkey(&name, &id, &new)).await?;
    let methods = v.methods(user).await?;
    show(v, user, &methods, 200, Some("security-renamed"), None).await
}
