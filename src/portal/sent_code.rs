//! "Email me a code" / "Text me a code": for a user whose site allows it and who has an email
//! address or phone number, a code sent through the outbox stands in for the authenticator.
//! Sends are rate-limited per user across both channels, and only the newest code works;
//! wrong codes count against the same throttle as every other code.

use std::sync::Arc;

use super::codes::{complete, masked, send_code, take_code, Purpose};
use super::pages::{self, SentCode};
use super::{field, Attempt, Guess, Response, Unavailable, Visit, Wrong};
use crate::auth::methods::Methods;
use crate::auth::session::LiveSession;
use crate::metrics::Factor;
use crate::store::{Channel, Slot};
use crate::users::User;

/// Where a code goes by `channel`, if the site offers that channel and the user has one.
fn destination(v: &Visit<'_>, methods: Methods, channel: Channel) -> Option<String> {
    match channel {
        Channel::Email => methods.email.filter(|_| v.site.email_codes),
        Channel::Sms => methods.phone.filter(|_| v.site.sms_codes),
    }
}

/// A code asked for or given: whose, by which channel to where, and where to go after.
struct CodeAsked {
    session: Arc<LiveSession>,
    user: Arc<User>,
    channel: Channel,
    to: String,
    return_to: String,
}

/// The code `form` asks for or gives; `Err` is where to go instead: the login without a
/// session owing a code, the challenge if this site does not send codes that way to this user
/// (codes are per user, so this holds for taking a code as much as for sending one).
async fn sent(v: &Visit<'_>, form: &[(String, String)]) -> Result<Result<CodeAsked, Response>, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Err(Response::redirect(&v.url("login", &return_to))));
    };
    let channel = channel_of(form);
    let Some(to) = destination(v, v.methods(&user).await?, channel) else {
        return Ok(Err(Response::redirect(&v.url("challenge", &return_to))));
    };
    Ok(Ok(CodeAsked { session, user, channel, to, return_to }))
}

/// The page, with a `notice` in words, or the message `error` names.
fn page(v: &Visit<'_>, status: u16, sent: &CodeAsked, notice: Option<&str>, error: Option<Wrong>) -> Response {
    let to = masked(&sent.to, sent.channel);
    let via = sent.channel.name();
    let error = error.map(|w| v.words(w));
    pages::render(status, &SentCode { frame: v.frame(), return_to: &sent.return_to, to: &to, via, notice, error: error.as_deref() })
}

fn channel_of(form: &[(String, String)]) -> Channel {
    if field(form, "via") == "sms" {
        Channel::Sms
    } else {
        Channel::Email
    }
}

/// `POST /send-code`: sends a new code, replacing the last, unless sent too often.
pub async fn send(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let sent = match sent(v, form).await? {
        Ok(sent) => sent,
        Err(elsewhere) => return Ok(elsewhere),
    };
    if let Err(wait) = send_code(v, &sent.user, sent.channel, &sent.to, Slot::Own, Purpose::SignIn).await? {
        return Ok(page(v, 429, &sent, Some(&wait), None));
    }
    Ok(page(v, 200, &sent, None, None))
}

/// `POST /sent-code`: the code from the email or text.
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let sent = match sent(v, form).await? {
        Ok(sent) => sent,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let user = &sent.user;
    let factor = match sent.channel {
        Channel::Email => Factor::Email,
        Channel::Sms => Factor::Sms,
    };
    match v
        .guess(&user.username, Attempt::SignIn(factor), take_code(v, &user.username, &sent.to, Slot::Own, field(form, "code"), true))
        .await?
    {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return Ok(page(v, 401, &sent, None, Some(error))),
        Guess::Locked(page) => return Ok(page),
    }
    tracing::info!(user = %user.username, ip = %v.client_ip, via = sent.channel.name(), "signed in with a sent code");
    complete(v, &sent.session, user, factor, None, &sent.return_to, form).await
}
