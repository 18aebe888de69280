//! The interstitial of a grace before the first enrolment (`enrolment: { grace: … }`): "Set up
//! two-factor now", or "Later", which signs in with the password alone until the user's
//! deadline. After it, the sign-in goes to the enrolment instead.

use std::sync::Arc;

use super::codes::go_on_unenrolled;
use super::enrolment::grace_of;
use super::pages::{self, Grace};
use super::{field, Response, Unavailable, Visit};
use crate::auth::session::LiveSession;
use crate::users::User;

const DAY: i64 = 86_400;

/// `GET /grace`.
pub async fn page(v: &Visit<'_>, rd: Option<&str>) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(rd);
    let (_, _, began) = match standing(v, &return_to).await? {
        Ok(standing) => standing,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let deadline = v.site.enrolment.deadline(Some(began)).unwrap_or(v.now);
    let page = Grace {
        frame: v.frame(),
        return_to: &return_to,
        enrol_url: &v.url("enrol", &return_to),
        deadline,
        days_left: ((deadline - v.now + DAY - 1) / DAY).max(1),
    };
    Ok(pages::render(200, &page))
}

/// `POST /grace`: later.
pub async fn later(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let return_to = v.safe_return(Some(field(form, "rd")));
    match standing(v, &return_to).await? {
        Ok((session, user, began)) => go_on_unenrolled(v, &user, Some(session.id_hash), Some(began), &return_to).await,
        Err(elsewhere) => Ok(elsewhere),
    }
}

/// The session past its password, its user, and when their grace began; or where to go
/// instead: the sign-in, the code of a method set up meanwhile, or the enrolment once the
/// grace is over.
async fn standing(v: &Visit<'_>, return_to: &str) -> Result<Result<(Arc<LiveSession>, Arc<User>, i64), Response>, Unavailable> {
    let Some((session, user)) = v.pending().await? else {
        return Ok(Err(Response::redirect(&v.url("login", return_to))));
    };
    if v.methods(&user).await?.enrolled() {
        return Ok(Err(Response::redirect(&v.url("challenge", return_to))));
    }
    Ok(match grace_of(v, &user).await? {
        Some(began) => Ok((session, user, began)),
        None => Err(Response::redirect(&v.url("enrol", return_to))),
    })
}
