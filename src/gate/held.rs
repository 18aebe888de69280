//! Forms held across a code: a request with a body that owes a (fresher) code is kept while
//! the code is asked for (`hold`), then sent on once from `/replay`, judged again as the
//! session then stands.

use bytes::Bytes;
use http::Method;
use pingora::http::RequestHeader;
use pingora::prelude::Session;
use pingora::{Error, ErrorType, Result};

use super::decide::{forward, owed_outcome, Decision, Facts, Owed, Sent, Verdict};
use super::{read_body, BodyError, Gate};
use crate::hold::{Hold, HOLD_LIFETIME, MAX_HOLD_BYTES};
use crate::metrics::Outcome;
use crate::state::Live;
use crate::web::response::Response;
use crate::web::target;

impl Gate {
    /// Keeps the body of the request `facts` describe, which owes a code (`read` if it was
    /// read already), and sends the browser for the code, to come back to `/replay`; a body
    /// too large to keep gets a page saying to submit again.
    pub(super) async fn hold(
        &self,
        session: &mut Session,
        facts: &Facts<'_>,
        also: &[Method],
        user: &str,
        owed: Owed<'_>,
        read: Option<Bytes>,
    ) -> Response {
        let target = facts.target.wire();
        let body = match read {
            Some(body) => Ok(body),
            None => read_body(session, MAX_HOLD_BYTES).await,
        };
        let body = match body {
            Ok(body) => body,
            Err(BodyError::Unreadable) => return Response::plain(400, "The request body could not be read.\n"),
            Err(BodyError::TooLarge) => {
                let code_page = self.owed_url(owed, &target);
                let said = ("held-submit-again", "held-too-large");
                return self.page(413, facts, session.req_header(), said, Some((&code_page, "held-enter-code")));
            }
        };
        let req = session.req_header();
        let hold = Hold {
            user: user.to_string(),
            host: facts.site.host.clone(),
            method: facts.method.clone(),
            also: also.to_vec(),
            target,
            content_type: req.headers.get(http::header::CONTENT_TYPE).cloned(),
            body,
            expires: facts.now + HOLD_LIFETIME.as_secs() as i64,
        };
        match self.state.holds.put(&hold).await {
            Ok(id) => {
                tracing::info!(user, target = %hold.target, bytes = hold.body.len(), "form held for a code");
                self.send_back_to(owed, req, &format!("{}/replay?id={id}", self.state.portal_path))
            }
            Err(e) => {
                tracing::error!(user, "a form could not be held: {e}");
                not_kept()
            }
        }
    }

    /// `/replay?id=…`: the held form, sent on once if the session now passes its rule;
    /// otherwise the code is asked for again, or the page says the form has expired. `body`:
    /// whether the request carries one of its own, which a replay may not.
    pub(super) async fn replay(&self, session: &Session, live: &Live, facts: &Facts<'_>, body: bool) -> Decision {
        if body {
            return Decision::refuse(Response::plain(400, "A replay carries no body of its own.\n"));
        }
        let req = session.req_header();
        let query = facts.target.query.as_deref().unwrap_or("");
        let here = format!("{}/replay?{query}", self.state.portal_path);
        let (s, user) = match self.authenticated(session, live, facts).await {
            Ok(Some(found)) => found,
            Ok(None) => return self.owed(Owed::Login, req, &here),
            Err(resp) => return Decision::refuse(resp),
        };
        let id = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "id").map(|(_, v)| v.into_owned()).unwrap_or_default();
        let site = &facts.site;
        let taken = match self.state.holds.take(&id, &user.username, &site.host, facts.now).await {
            Ok(taken) => taken,
            Err(e) => {
                return Decision::refuse(self.unavailable(facts, req, format_args!("a held form of {} could not be read: {e}", s.username)))
            }
        };
        let Some(hold) = taken else {
            return Decision::refuse(self.page(410, facts, req, ("held-submit-again", "held-expired"), Some(("/", "back-to-site"))));
        };
        // The held target was one the rules judged, so it reads again as it did.
        let Ok(target) = target::parse(hold.target.as_bytes(), &site.host, false, site.path_case) else {
            return Decision::refuse(Response::plain(400, "The held form's address cannot be read.\n"));
        };
        let held = Facts { target, method: hold.method.clone(), ..facts.clone() };
        let signed_in = match self.judge_as_each(session, live, &held, &hold.also).await {
            Ok(Verdict::Deny) => return Decision::answer(self.denied(&held, req), Outcome::Denied),
            Ok(Verdict::Bypass) => None,
            Ok(Verdict::Pass(signed_in)) => Some(signed_in),
            Ok(Verdict::Owes(owed, _)) => {
                let resp = self.send_back_to(owed, req, &here);
                let outcome = owed_outcome(owed, &resp);
                return Decision::answer(self.put_back(&id, &hold, resp).await, outcome);
            }
            Err(resp) => return Decision::refuse(self.put_back(&id, &hold, resp).await),
        };
        tracing::info!(user = %s.username, target = %hold.target, "held form sent on");
        let body = Some(hold.body.clone());
        forward(facts, signed_in, Sent::Held(Box::new(hold)), body)
    }
}

impl Gate {
    /// Keeps a hold taken too early (its code is still owed) again, then answers `then`; or
    /// 503 when it cannot be kept.
    async fn put_back(&self, id: &str, hold: &Hold, then: Response) -> Response {
        match self.state.holds.put_back(id, hold).await {
            Ok(()) => then,
            Err(e) => {
                tracing::error!(user = %hold.user, "a held form could not be kept again: {e}");
                not_kept()
            }
        }
    }
}

/// The answer when a form cannot be kept (the store failed): fail closed, nothing sent on.
fn not_kept() -> Response {
    Response::plain(503, "Your form could not be kept while we ask for your code; try again shortly.\n")
}

/// Turns the upstream request into the held one: its method, target and body headers.
pub(super) fn as_held(upstream: &mut RequestHeader, hold: &Hold) -> Result<()> {
    upstream.set_method(hold.method.clone());
    upstream.set_uri(hold.target.parse().map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))?);
    upstream.remove_header(&http::header::TRANSFER_ENCODING);
    upstream.remove_header(&http::header::CONTENT_TYPE);
    if let Some(content_type) = &hold.content_type {
        upstream.insert_header(http::header::CONTENT_TYPE, content_type.clone())?;
    }
    upstream.insert_header(http::header::CONTENT_LENGTH, hold.body.len())
}
