//! "Email me a code" / "Text me a code": for a user whose site allows it and who has an email
//! address or phone number, a code sent through the outbox stands in for the authenticator.
//! Sends are rate-limited per user across both channels, and only the newest code works;
//! wrong codes count against the same throttle as every other code.

use super::pages::{self, SentCode};
use super::second_factor::complete;
use super::{field, Guess, Response, Visit};
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

struct Sent<'a> {
    channel: Channel,
    to: &'a str,
    return_to: &'a str,
}

fn page(v: &Visit<'_>, status: u16, sent: &Sent<'_>, notice: Option<&str>, error: Option<&str>) -> Response {
    let to = masked(sent.to, sent.channel);
    let via = sent.channel.name();
    pages::render(status, &SentCode { frame: v.frame(), return_to: sent.return_to, to: &to, via, notice, error })
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
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((_, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let channel = channel_of(form);
    let Some(to) = destination(v, &user, channel) else {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    };
    let sent = Sent { channel, to, return_to: &return_to };
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
        Channel::Sms => Mail { channel, to: to.to_string(), subject: String::new(), body: code },
        Channel::Email => {
            let minutes = settings.lifetime.as_secs() / 60;
            let body = format!(
                "Hello {},\n\nYour code to sign in to {} is {code}.\nIt works once, for {minutes} minutes.\n\n\
                 If you did not just try to sign in, someone knows your password: change it and tell your administrator.\n",
                user.display_name, v.site.name
            );
            Mail { channel, to: to.to_string(), subject: format!("Your sign-in code for {}", v.site.name), body }
        }
    };
    v.state.outbox.send(mail, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, via = channel.name(), "sign-in code sent");
    Ok(page(v, 200, &sent, None, None))
}

/// `POST /sent-code`: the code from the email or text. Codes are per user, so a site that
/// does not offer the channel refuses here too, not only when sending.
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let channel = channel_of(form);
    let Some(to) = destination(v, &user, channel) else {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    };
    let sent = Sent { channel, to, return_to: &return_to };
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
    tracing::info!(user = %user.username, ip = %v.client_ip, via = channel.name(), "signed in with a sent code");
    complete(v, &session, &user, &return_to, form).await
}
