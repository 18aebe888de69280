//! "Email me a code" / "Text me a code": for a user whose site allows it and who has an email
//! address or phone number, a code sent through the outbox stands in for the authenticator.
//! Sends are rate-limited per user across both channels, and only the newest code works;
//! wrong codes count against the same throttle as every other code.

use std::sync::Arc;

use super::pages::{self, SentCode};
use super::second_factor::complete;
use super::{field, Guess, Response, Visit};
use crate::auth::session::LiveSession;
use crate::clock;
use crate::store::{self, Channel, Mail, StoreError};
use crate::users::User;

const WRONG: &str = "That code isn't right or has expired. Only the newest code we sent works.";

/// Where a code goes by `channel`, if the site offers that channel and the user has one.
fn destination<'u>(v: &Visit<'_>, user: &'u User, channel: Channel) -> Option<&'u str> {
    match channel {
        Channel::Email => user.email.as_deref().filter(|_| v.site.email_codes),
        Channel::Sms => user.phone.as_deref().filter(|_| v.site.sms_codes),
    }
}

/// The destination, partly hidden: `a***@example.com`, `+49***78`.
fn masked(to: &str, channel: Channel) -> String {
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
    let Some(to) = destination(v, &user, channel).map(str::to_owned) else {
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
    let (user, channel) = (&sent.user, sent.channel);
    let codes = &v.state.sent_codes;
    let (code, hash) = codes.generate(&user.username);
    let (name, now, settings) = (user.username.clone(), v.now, codes.settings);
    let expires = now + settings.lifetime.as_secs() as i64;
    let allowed = store::call(&v.state.store, move |s| s.send_code(&name, &hash, expires, &mut |before| settings.send(before, now))).await?;
    if let Err(retry_at) = allowed {
        let wait = format!("A code was sent a moment ago. You can ask for another after {} UTC.", clock::time_of_day(retry_at));
        return Ok(page(v, 429, &sent, Some(&wait), None));
    }
    let mail = match channel {
        Channel::Sms => Mail { channel, to: sent.to.clone(), subject: String::new(), body: code },
        Channel::Email => {
            let minutes = settings.lifetime.as_secs() / 60;
            let body = format!(
                "Hello {},\n\nYour code to sign in to {} is {code}.\nIt works once, for {minutes} minutes.\n\n\
                 If you did not just try to sign in, someone knows your password: change it and tell your administrator.\n",
                user.display_name, v.site.name
            );
            Mail { channel, to: sent.to.clone(), subject: format!("Your sign-in code for {}", v.site.name), body }
        }
    };
    v.state.outbox.send(mail, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, via = channel.name(), "sign-in code sent");
    Ok(page(v, 200, &sent, None, None))
}

/// `POST /sent-code`: the code from the email or text.
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let sent = match sent(v, form).await? {
        Ok(sent) => sent,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let user = &sent.user;
    let check = async {
        let Some(hash) = v.state.sent_codes.hash_input(&user.username, field(form, "code")) else {
            return Ok(Err(WRONG));
        };
        let (name, now) = (user.username.clone(), v.now);
        let used = store::call(&v.state.store, move |s| s.use_sent_code(&name, &hash, now)).await?;
        Ok(if used { Ok(()) } else { Err(WRONG) })
    };
    match v.guess(&user.username, check).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return Ok(page(v, 401, &sent, None, Some(error))),
        Guess::Locked(page) => return Ok(page),
    }
    tracing::info!(user = %user.username, ip = %v.client_ip, via = sent.channel.name(), "signed in with a sent code");
    complete(v, &sent.session, user, &sent.return_to, form).await
}
