//! "Email me a code": for a user whose site allows it and who has an email address, a code
//! sent through the outbox stands in for the authenticator. Sends are rate-limited; wrong
//! codes count against the same throttle as every other code.

use super::pages::{self, SentCode};
use super::second_factor::complete;
use super::{field, Guess, Response, Visit};
use crate::clock;
use crate::store::{self, Mail, StoreError};
use crate::users::User;

const WRONG: &str = "That code isn't right or has expired. Only the newest code we sent works.";

/// The address, partly hidden: `a***@example.com`.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((name, domain)) => format!("{}***@{domain}", name.chars().next().unwrap_or('*')),
        None => "your address".to_string(),
    }
}

fn page(v: &Visit<'_>, status: u16, return_to: &str, user: &User, notice: Option<&str>, error: Option<&str>) -> Response {
    let to = masked(user.email.as_deref().unwrap_or_default());
    pages::render(status, &SentCode { frame: v.frame(), return_to, to: &to, notice, error })
}

/// `POST /send-code`: sends a new code, replacing the last, unless sent too often.
pub async fn send(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((_, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let Some(email) = user.email.clone().filter(|_| v.site.email_codes) else {
        return Ok(Response::redirect(&v.url("challenge", &return_to)));
    };
    let codes = &v.state.sent_codes;
    let (code, hash) = codes.generate(&user.username);
    let (name, now, settings) = (user.username.clone(), v.now, codes.settings);
    let expires = now + settings.lifetime.as_secs() as i64;
    let sent = store::call(&v.state.store, move |s| s.send_code(&name, &hash, expires, &mut |before| settings.send(before, now))).await?;
    if let Err(retry_at) = sent {
        let wait = format!("A code was sent a moment ago. You can ask for another after {} UTC.", clock::time_of_day(retry_at));
        return Ok(page(v, 429, &return_to, &user, Some(&wait), None));
    }
    let minutes = settings.lifetime.as_secs() / 60;
    let body = format!(
        "Hello {},\n\nYour code to sign in to {} is {code}.\nIt works once, for {minutes} minutes.\n\n\
         If you did not just try to sign in, someone knows your password: change it and tell your administrator.\n",
        user.display_name, v.site.name
    );
    let mail = Mail { to: email, subject: format!("Your sign-in code for {}", v.site.name), body };
    v.state.outbox.send(mail, v.now).await?;
    tracing::info!(user = %user.username, ip = %v.client_ip, "sign-in code sent by email");
    Ok(page(v, 200, &return_to, &user, None, None))
}

/// `POST /sent-code`: the code from the email.
pub async fn submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, StoreError> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
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
        Guess::Wrong(error) => return Ok(page(v, 401, &return_to, &user, None, Some(error))),
        Guess::Locked(page) => return Ok(page),
    }
    tracing::info!(user = %user.username, ip = %v.client_ip, "signed in with an emailed code");
    complete(v, &session, &user, &return_to, form).await
}
