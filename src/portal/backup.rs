//! Backup codes: shown after enrolment and after each new set (with a text download, copy and
//! a print view; again on a reload, until saved), taken on the "lost your phone?" page instead
//! of the authenticator, and made anew by a signed-in user who gives a current code. Wrong
//! codes count against the same throttle as passwords and authenticator codes.

use super::codes::{complete, new_backup_codes, proven, shown_codes, use_backup_code, Proof};
use super::pages::{self, BackupCodesPage, NewCodes, Recover};
use super::{cookies, field, param, Attempt, Guess, Response, Unavailable, Visit, Wrong};
use crate::auth::backup::{self, looks_like_one};
use crate::metrics::Factor;
use crate::notify::Event;
use crate::store;
use crate::users::User;

/// `GET /recover`: a backup code in place of the authenticator.
pub async fn recover_page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    if v.owing_code().await?.is_none() {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    }
    Ok(pages::render(200, &Recover { frame: v.frame(), return_to: &return_to, error: None }))
}

pub async fn recover_submit(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    let Some((session, user)) = v.owing_code().await? else {
        return Ok(Response::redirect(&v.url("login", &return_to)));
    };
    let attempt = Attempt::SignIn(Factor::BackupCode);
    let left = match v.guess(&user.username, attempt, use_backup_code(v, &user.username, field(form, "code"))).await? {
        Guess::Right(left) => left,
        Guess::Wrong(error) => {
            return Ok(pages::render(401, &Recover { frame: v.frame(), return_to: &return_to, error: Some(&v.words(error)) }))
        }
        Guess::Locked(page) => return Ok(page),
    };
    tracing::info!(user = %user.username, ip = %v.client_ip, left, "signed in with a backup code");
    v.notify(Event::BackupCodeUsed { left }, &user).await;
    let done = complete(v, &session, &user, Factor::BackupCode, None, &return_to, &[]).await?;
    if left > backup::FEW {
        return Ok(done);
    }
    let message = v.lang.t_args("few-codes", [("left", left.into())]);
    let page = pages::message(200, &v.frame(), "few-codes-title", &message, Some((&v.path("backup-codes"), "new-codes-button")));
    Ok(page.with_cookies_of(done))
}

/// `GET /backup-codes`: how many are left, and a form to make a new set.
pub async fn codes_page(v: &Visit<'_>) -> Result<Response, Unavailable> {
    let Some((_, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path("backup-codes"))));
    };
    new_codes_form(v, &user, 200, None).await
}

async fn new_codes_form(v: &Visit<'_>, user: &User, status: u16, error: Option<Wrong>) -> Result<Response, Unavailable> {
    let name = user.username.clone();
    let left = store::call(&v.state.store, move |s| s.backup_codes_left(&name)).await?;
    let error = error.map(|w| v.words(w));
    Ok(pages::render(status, &NewCodes { frame: v.frame(), left, error: error.as_deref() }))
}

/// `POST /backup-codes`: a new set, for a current code of any method or a backup code.
pub async fn regenerate(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let Some((_, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path("backup-codes"))));
    };
    let methods = v.methods(&user).await?;
    match v.guess(&user.username, Attempt::Proof, proven(v, &user, &methods, Proof::Any, form, "code")).await? {
        Guess::Right(()) => {}
        Guess::Wrong(error) => return new_codes_form(v, &user, 401, Some(error)).await,
        Guess::Locked(page) => return Ok(page),
    }
    v.state.throttle.succeeded(&v.throttle_subjects(&user.username, true)).await?;
    let page = new_backup_codes(v, &user.username, &user.username, &v.path("")).await?;
    v.notify(Event::BackupCodesRenewed, &user).await;
    Ok(page)
}

/// `GET /backup-codes/new`: the set just made, shown again however often the page is loaded,
/// to the user who made it in the browser that made it, until saved or for a few minutes.
pub async fn shown(v: &Visit<'_>, query: &str) -> Result<Response, Unavailable> {
    let Some((_, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", "/")));
    };
    let continue_to = v.safe_return(param(query, "rd").as_deref());
    let Some(codes) = shown_codes(v, &user.username, v.shown_codes.as_deref().unwrap_or_default()).await? else {
        let again = v.path("backup-codes");
        return Ok(pages::message(410, &v.frame(), "codes-gone-title", &v.lang.t("codes-gone"), Some((&again, "new-codes-button"))));
    };
    Ok(pages::render(200, &BackupCodesPage { frame: v.frame(), codes: &codes, continue_to: &continue_to }))
}

/// `POST /backup-codes/saved`: the user has kept their codes; the page shows them no more.
pub async fn saved(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let continue_to = v.safe_return(Some(field(form, "rd")));
    if let Some((_, user)) = v.signed_in().await? {
        v.forget_shown_codes(&user.username).await?;
    }
    Ok(Response::redirect(&continue_to).cookie(&cookies::cleared(&cookies::SHOWN_CODES, v.tls)))
}

/// `POST /backup-codes.txt`: the codes on the page just shown, as a file to keep.
pub async fn download(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    if v.signed_in().await?.is_none() {
        return Ok(Response::redirect(&v.url("login", "/")));
    }
    let codes: Vec<&str> =
        form.iter().filter(|(k, c)| k == "code" && looks_like_one(c)).map(|(_, c)| c.as_str()).take(backup::COUNT).collect();
    let mut text = v.lang.t_args("backup-codes-file", [("site", v.site.name.as_str().into())]);
    text.push_str("\n\n");
    for code in codes {
        text.push_str(code);
        text.push('\n');
    }
    Ok(Response::download("attachment; filename=\"backup-codes.txt\"", text))
}
