//! "Email me a code" / "Text me a code": for a user whose site allows it and who has an email
//! address or phone number, a code sent through the outbox stands in for the authenticator.
//! Sends are rate-limited per user across both channels, and only the newest code works;
//! wrong codes count against the same throttle as every other code.

use std::sync::Arc;

use super::pages::{self, SentCode};
use super::second_factor::complete;
use super::{field, Guess, Response, Visit};
use crate::auth::methods::Methods;
use crate::auth::session::LiveSession;
use crate::clock;
use crate::store::{self, Channel, Mail, Slot, StoreError};
use crate::users::User;

const WRONG: &str = "That code isn't right or has expired. Only the newest code we sent works.";

/// Where a code goes by `channel`, if the site offers that channel and the user has one.
fn destination(v: &Visit<'_>, methods: Methods, channel: Channel) -> Option<String> {
    match channel {
        Channel::Email => methods.email.filter(|_| v.site.email_codes),
        Channel::Sms => methods.phone.filter(|_| v.site.sms_codes),
    }
}

/// The destination, partly hidden: `a***@example.com`, `+49***78`.
pub(super) fn masked(to: &str, channel: Channel) -> String {
    match (channel, to.split_once('@')) {
        (Channel::Email, Some((name, domain))) => format!("{}***@{domain}", name.chars().next().unwrap_or('*')),
        _ => format!("{}***{}", to.get(..3).unwrap_or("+"), to.get(to.len().saturating_sub(2)..).unwrap_or("")),
    }
}

/// A code asked for or given: whose, by which channel to where, and where to go after.
struct Sent {
    session: Arc<LiveSession>,
    user: Arc<User>,
    channel: Channel,
    to: String,
    return_to: String,
}

/// The code `form` asks for or gives; `Err` is where to go instead: the login without a
/// session owing a code, the challenge if this site does not send codes that way to this user
/// (codes are per user, so this holds for taking a code as much as for sending one).
async fn sent(v: &Visit<'_>, form: &[(String, String)]) -> Result<Result<Sent, Response>, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Err(Response::redirect(&v.url("login", &return_to))));
    };
    let channel = channel_of(form);
    let Some(to) = destination(v, v.methods(&user).await?, channel) else {
        return Ok(Err(Response::redirect(&v.url("challenge", &return_to))));
    };
    Ok(Ok(Sent { session, user, channel, to, return_to }))
}

fn page(v: &Visit<'_>, status: u16, sent: &Sent, notice: Option<&str>, error: Option<&str>) -> Response {
    let to = masked(&sent.to, sent.channel);
    let via = sent.channel.name();
    pages::render(status, &SentCode { frame: v.frame(), return_to: &sent.return_to, to: &to, via, notice, error })
}

fn channel_of(form: &[(String, String)]) -> Channel {
    if field(form, "via") == "sms" {
        Channel::Sms
    } else {
        Channel::Email
    }
}

/// `POST /send-code`: sends a new code, replacing the last, unless sent too often.
pub async fn send(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let sent = match sent(v, form).await? {
        Ok(sent) => sent,
        Err(elsewhere) => return Ok(elsewhere),
    };
    if let Err(wait) = send_code(v, &sent.user, sent.channel, &sent.to, Slot::Own, Purpose::SignIn).await? {
        return Ok(page(v, 429, &sent, Some(&wait), None));
    }
    Ok(page(v, 200, &sent, None, None))
}

/// What a code is sent for, which its message says.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    SignIn,
    /// Proving a change of the user's sign-in methods.
    Confirm,
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
) -> Result<Result<(), String>, StoreError> {
    let codes = &v.state.sent_codes;
    let (code, hash) = codes.generate(&user.username, to);
    let (name, now, settings) = (user.username.clone(), v.now, codes.settings);
    let expires = now + settings.lifetime.as_secs() as i64;
    let allowed =
        store::call(&v.state.store, move |s| s.send_code(&name, slot, &hash, expires, &mut |before| settings.send(before, now))).await?;
    if let Err(retry_at) = allowed {
        return Ok(Err(format!("A code was sent a moment ago. You can ask for another after {} UTC.", clock::time_of_day(retry_at))));
    }
    let mail = match channel {
        Channel::Sms => Mail { channel, to: to.to_string(), subject: String::new(), body: code },
        Channel::Email => {
            let (subject, what, warning) = match purpose {
                Purpose::SignIn => {
                    ("Your sign-in code", "to sign in to", "someone knows your password: change it and tell your administrator")
                }
                Purpose::Confirm => {
                    ("Your code to confirm a change", "to confirm a change of how you sign in to", "tell your administrator")
                }
            };
            let minutes = settings.lifetime.as_secs() / 60;
            let body = format!(
                "Hello {},\n\nYour code {what} {} is {code}.\nIt works once, for {minutes} minutes.\n\n\
                 If you did not ask for it, {warning}.\n",
                user.display_name, v.site.name
            );
            Mail { channel, to: to.to_string(), subject: format!("{subject} for {}", v.site.name), body }
        }
    };
    v.state.outbox.send(mail, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, via = channel.name(), slot = slot.name(), "code sent");
    Ok(Ok(()))
}

/// Uses `user`'s newest code in `slot` if `input` is it, as sent `to` there (or, `use_up`
/// false, only checks); `Err` says what was wrong. The caller minds the throttle.
pub(super) async fn take_code(
    v: &Visit<'_>,
    user: &str,
    to: &str,
    slot: Slot,
    input: &str,
    use_up: bool,
) -> Result<Result<(), &'static str>, StoreError> {
    let Some(hash) = v.state.sent_codes.hash_input(user, to, input) else {
        return Ok(Err(WRONG));
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
    Ok(if right { Ok(()) } else { Err(WRONG) })
}

/// `POST /sent-code`: the code from the email or text.
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let sent = match sent(v, form).await? {
        Ok(sent) => sent,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let user = &sent.user;
    match v.guess(&user.username, take_code(v, &user.username, &sent.to, Slot::Own, field(form, "code"), true)).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return Ok(page(v, 401, &sent, None, Some(error))),
        Guess::Locked(page) => return Ok(page),
    }
    tracing::info!(user = %user.username, ip = %v.client_ip, via = sent.channel.name(), "signed in with a sent code");
    complete(v, &sent.session, user, &sent.return_to, form).await
}
