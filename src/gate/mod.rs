//! The pingora glue: `request_filter` asks [`Gate::decide`] and writes what was decided, in
//! one place; the later hooks send on what was decided to forward. Nothing here judges.

use std::any::Any;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::os::fd::{BorrowedFd, RawFd};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures_util::FutureExt;
use http::header::HOST;
use http::HeaderValue;
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::modules::http::HttpModules;
use pingora::prelude::{HttpPeer, ProxyHttp, Session};
use pingora::protocols::Digest;
use pingora::{Error, ErrorSource, ErrorType, Result};

use crate::auth::tunnels::Tunnel;
use crate::metrics::{Outcome, SiteMetrics};
use crate::policy::{HeaderCase, Site};
use crate::state::State;
use crate::web::cookies;
use crate::web::identity;
use crate::web::outgoing::{self, Outgoing};
use crate::web::response::Response;

mod access;
mod connection;
mod decide;
mod forward_auth;
mod held;
mod method;

use connection::Connection;
use decide::{Decision, Forwarded, Sent};

pub struct Gate {
    pub state: Arc<State>,
}

/// What was decided to forward, for the hooks that send it on; and the tunnel it opened, kept
/// (to be cut should its session end) for as long as the request lasts.
#[derive(Default)]
pub struct RequestCtx {
    /// What this request's connection carried from the last (HTTP/1), for the next.
    connection: Option<Arc<Connection>>,
    forwarded: Option<Forwarded>,
    tunnel: Option<Tunnel>,
    /// When the request came, and when the upstream was asked and answered, for timings.
    started: Option<Instant>,
    asked_upstream: Option<Instant>,
    upstream_time: Option<Duration>,
    /// For a request answered by the gate: the site (once known) and what became of it.
    answered: Option<(Option<Arc<Site>>, Outcome)>,
}

/// A request's context lives as long as the request: it counts the requests in flight, which
/// a stop waits for.
impl Drop for RequestCtx {
    fn drop(&mut self) {
        crate::metrics::in_flight(false);
    }
}

impl RequestCtx {
    /// `request_filter` forwards only what it decided; a hook reached without it is a bug, and
    /// the request is refused.
    fn forwarded(&self) -> Result<&Forwarded> {
        self.forwarded.as_ref().ok_or_else(|| Error::new(ErrorType::InternalError))
    }
}

#[async_trait]
impl ProxyHttp for Gate {
    type CTX = RequestCtx;

    fn new_ctx(&self) -> RequestCtx {
        crate::metrics::in_flight(true);
        RequestCtx::default()
    }

    /// No downstream modules: pingora's default adds response compression, switched off,
    /// which still costs each request a context, a box and its hooks. The gate compresses
    /// nothing (an app that wants compression does its own).
    fn init_downstream_modules(&self, _modules: &mut HttpModules) {}

    /// A keep-alive connection's next request gets what this one's connection carried.
    fn persist_connection_context(&self, _session: &Session, ctx: &RequestCtx) -> Option<Box<dyn Any + Send + Sync>> {
        ctx.connection.clone().map(|c| Box::new(c) as Box<dyn Any + Send + Sync>)
    }

    fn on_connection_reuse(&self, _session: &mut Session, ctx: &mut RequestCtx, last: Box<dyn Any + Send + Sync>) {
        ctx.connection = last.downcast::<Arc<Connection>>().ok().map(|c| *c);
    }

    /// Decides, and answers what is not forwarded; a forwarded request is counted when it ends.
    async fn request_filter(&self, session: &mut Session, ctx: &mut RequestCtx) -> Result<bool> {
        let started = Instant::now();
        ctx.started = Some(started);
        let mut site = None;
        if ctx.connection.is_none() && !session.is_http2() {
            ctx.connection = Some(Arc::default());
        }
        let decided = fail_closed(self.decide(session, &mut site, ctx.connection.as_deref())).await;
        let decision = decided.unwrap_or_else(|| Decision::refuse(self.internal_error(session.req_header(), site.as_deref())));
        let metrics = site.as_deref().map_or(SiteMetrics::no_site(), |s| &s.metrics);
        metrics.decided(started.elapsed());
        match decision {
            Decision::Forward(forwarded) => {
                ctx.forwarded = Some(forwarded);
                Ok(false)
            }
            Decision::Respond(resp, outcome) => {
                metrics.count(outcome);
                ctx.answered = Some((site, outcome));
                respond(session, resp).await?;
                Ok(true)
            }
        }
    }

    /// A held form's body goes in place of the (empty) body of the request that replays it.
    async fn request_body_filter(
        &self,
        _session: &mut Session,
        body: &mut Option<Bytes>,
        end_of_stream: bool,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        if let Some(read) = &ctx.forwarded()?.body {
            if end_of_stream && body.is_none() {
                *body = Some(read.clone());
            }
        }
        Ok(())
    }

    async fn upstream_peer(&self, _session: &mut Session, ctx: &mut RequestCtx) -> Result<Box<HttpPeer>> {
        ctx.asked_upstream = Some(Instant::now());
        let up = &ctx.forwarded()?.site.upstream;
        Ok(Box::new(HttpPeer::new(up.addr, up.tls, up.host.clone())))
    }

    /// A signed-in request that asks to upgrade (a WebSocket) has its upstream connection kept,
    /// so that the tunnel is cut when the session ends; if it cannot be kept, no tunnel opens.
    #[allow(unsafe_code)]
    async fn connected_to_upstream(
        &self,
        session: &mut Session,
        _reused: bool,
        _peer: &HttpPeer,
        fd: RawFd,
        _digest: Option<&Digest>,
        ctx: &mut RequestCtx,
    ) -> Result<()> {
        let Some(signed_in) = ctx.forwarded()?.signed_in.as_ref().filter(|_| session.is_upgrade_req()) else {
            return Ok(());
        };
        // SAFETY: pingora passes the descriptor of the upstream connection it holds open while
        // this hook runs; `open_tunnel` duplicates it before its first await.
        let socket = unsafe { BorrowedFd::borrow_raw(fd) };
        let tunnel =
            self.state.sessions.open_tunnel(signed_in.session.id_hash, socket, &self.state.live().users, crate::clock::now()).await;
        ctx.tunnel = Some(tunnel.map_err(|e| Error::because(ErrorType::InternalError, "keeping a tunnel's connection", e))?);
        Ok(())
    }

    async fn upstream_request_filter(&self, session: &mut Session, upstream: &mut RequestHeader, ctx: &mut RequestCtx) -> Result<()> {
        let forwarded = ctx.forwarded()?;
        match &forwarded.sent {
            Sent::Held(hold) => held::as_held(upstream, hold)?,
            Sent::Rewritten(rewrite) => rewrite.apply(upstream)?,
        }
        let connection = ctx.connection.as_deref();
        match forwarded.site.header_case {
            HeaderCase::Preserve => self.tell_upstream(upstream, session, forwarded, connection),
            HeaderCase::Lower => outgoing::in_lower_case(upstream, TOLD, |h| self.tell_upstream(h, session, forwarded, connection)),
        }
    }

    /// The app never sets the gate's cookies, on any path. An upgrade the app refused opens
    /// no tunnel: its connection may go back to the pool for others, and is no longer kept.
    async fn upstream_response_filter(&self, _session: &mut Session, upstream: &mut ResponseHeader, ctx: &mut RequestCtx) -> Result<()> {
        if upstream.status != http::StatusCode::SWITCHING_PROTOCOLS {
            ctx.tunnel = None;
        }
        if let (Some(asked), Some(forwarded)) = (ctx.asked_upstream, &ctx.forwarded) {
            let took = asked.elapsed();
            ctx.upstream_time = Some(took);
            forwarded.site.metrics.answered(took);
        }
        cookies::strip_from_response(upstream)
    }

    /// A forwarded request is counted as it ends: failed if the upstream (or the gate) did.
    /// Every request gets its access log line here, when there is an access log.
    async fn logging(&self, session: &mut Session, e: Option<&Error>, ctx: &mut RequestCtx) {
        let (site, outcome) = match (&ctx.forwarded, &ctx.answered) {
            (Some(forwarded), _) => {
                let outcome = match (e.map(|e| e.esource()), &forwarded.signed_in) {
                    (Some(ErrorSource::Upstream | ErrorSource::Internal | ErrorSource::Unset), _) => Outcome::Failed,
                    (_, Some(_)) => Outcome::Forwarded,
                    (_, None) => Outcome::Bypass,
                };
                forwarded.site.metrics.count(outcome);
                (Some(&forwarded.site), outcome)
            }
            (None, Some((site, outcome))) => (site.as_ref(), *outcome),
            // pingora refused the request before asking the gate (it could not be read).
            (None, None) => (None, Outcome::Refused),
        };
        if let Some(log) = &self.state.access_log {
            access::log(log, &self.state.trusted_proxies, session, ctx, site.map(Arc::as_ref), outcome);
        }
    }
}

/// At most how many headers [`Gate::tell_upstream`] adds.
const TOLD: usize = 11;

impl Gate {
    /// What the app is told besides what the client sent: the client's claims to an identity
    /// or an origin removed, who is signed in, the gate's cookies taken out, and where the
    /// request came from. Read from the client's request, which stays as it came.
    fn tell_upstream(&self, upstream: &mut impl Outgoing, session: &Session, forwarded: &Forwarded, on: Option<&Connection>) -> Result<()> {
        let req = session.req_header();
        let site = &forwarded.site;
        let peer = peer_ip(session);
        let peer_text = on.map_or_else(|| connection::as_text(peer), |c| c.peer(peer));
        let chain = identity::is_trusted(peer, &self.state.trusted_proxies).then(|| identity::all_lines(req, "x-forwarded-for")).flatten();
        identity::strip_inbound(upstream, site);
        if let Some(signed_in) = &forwarded.signed_in {
            identity::inject(upstream, &site.headers, &signed_in.user, signed_in.session.proven())?;
            if let Some(spec) = &site.assertion {
                let now = crate::clock::now();
                let signed = self.state.assertions.header_value(
                    spec,
                    forwarded.tls,
                    &self.state.portal_path,
                    site,
                    &signed_in.user,
                    &signed_in.session,
                    now,
                );
                // Fail closed: an app that reads the assertion is not sent a request without one.
                upstream.insert(spec.header.clone(), signed.ok_or_else(|| Error::new(ErrorType::InternalError))?)?;
            }
        }
        cookies::strip_from_request(upstream)?;
        identity::set_forwarded(upstream, chain.as_deref(), peer_text, forwarded.tls, named_host(req, &site.host)?)
    }
}

/// The host as the client named it, port included: `Host`, or HTTP/2's `:authority`; else the site's.
fn named_host(req: &RequestHeader, site_host: &str) -> Result<HeaderValue> {
    if let Some(host) = req.headers.get(HOST).filter(|h| h.to_str().is_ok()) {
        return Ok(host.clone());
    }
    let named = req.uri.authority().map_or(site_host, |a| a.as_str());
    HeaderValue::from_str(named).map_err(|_| Error::new(ErrorType::InvalidHTTPHeader))
}

/// Runs a decision; `None` if it panicked, which refuses the request (a 500), never forwards it.
async fn fail_closed(decide: impl Future<Output = Decision>) -> Option<Decision> {
    AssertUnwindSafe(decide).catch_unwind().await.ok()
}

/// Writes a decided response to the client.
async fn respond(session: &mut Session, resp: Response) -> Result<()> {
    let mut header = ResponseHeader::build(resp.status, Some(resp.headers.len() + 1))?;
    for (name, value) in resp.headers {
        header.append_header(name, value)?;
    }
    header.insert_header(http::header::CONTENT_LENGTH, resp.body.len())?;
    let empty = resp.body.is_empty();
    session.write_response_header(Box::new(header), empty).await?;
    if !empty {
        session.write_response_body(Some(resp.body), true).await?;
    }
    Ok(())
}

fn peer_ip(session: &Session) -> IpAddr {
    session.client_addr().and_then(|a| a.as_inet()).map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip())
}

/// Why a body was not read.
enum BodyError {
    TooLarge,
    Unreadable,
}

/// Reads a request body of at most `max` bytes.
async fn read_body(session: &mut Session, max: usize) -> Result<Bytes, BodyError> {
    let declared = session.req_header().headers.get(http::header::CONTENT_LENGTH);
    if declared.and_then(|v| v.to_str().ok()?.parse::<usize>().ok()).is_some_and(|n| n > max) {
        return Err(BodyError::TooLarge);
    }
    let mut body = BytesMut::new();
    loop {
        match session.read_request_body().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > max => return Err(BodyError::TooLarge),
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body.freeze()),
            Err(_) => return Err(BodyError::Unreadable),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_decision_is_a_500_not_a_forward() {
        let panicking = async { panic!("bug in a handler") };
        assert!(fail_closed(panicking).await.is_none(), "a panic is no decision");
        let site = crate::config::compile::site_for_tests("host: a.example\nupstream: 127.0.0.1:1\n");
        let forwarded = Forwarded { site, signed_in: None, tls: false, sent: Sent::default(), body: None };
        assert!(matches!(fail_closed(async { Decision::Forward(forwarded) }).await, Some(Decision::Forward(_))));
    }
}
