//! The access log line of a request as it ends: read back from the request (its path as the
//! rules judged it) only when there is an access log, so that without one it costs nothing.

use std::borrow::Cow;
use std::time::Duration;

use http::Method;
use ipnet::IpNet;
use pingora::prelude::Session;

use super::{peer_ip, RequestCtx};
use crate::access_log::{AccessLog, Line};
use crate::metrics::Outcome;
use crate::policy::Site;
use crate::web::{identity, target};

/// Writes the line of the request `session` read, which came to `site` and ended as `outcome`;
/// its client is told by the proxies in `trusted`, as the rules saw it.
pub(super) fn log(log: &AccessLog, trusted: &[IpNet], session: &Session, ctx: &RequestCtx, site: Option<&Site>, outcome: Outcome) {
    let req = session.req_header();
    let raw = req.raw_path();
    let judged = site.and_then(|s| target::parse(raw, &s.host, req.method == Method::OPTIONS, s.path_case).ok());
    // A target the gate did not judge is logged as it came, up to its query or parameters
    // (a `;jsessionid=` is a session).
    let path = match &judged {
        Some(t) => Cow::Borrowed(t.judged.as_ref()),
        None => String::from_utf8_lossy(raw.split(|&b| b == b'?' || b == b';').next().unwrap_or_default()),
    };
    let user = ctx.forwarded.as_ref().and_then(|f| f.signed_in.as_ref()).map(|s| s.user.username.as_str());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    log.write(&Line {
        site: site.map_or("-", |s| s.host.as_str()),
        method: req.method.as_str(),
        path: &path,
        status: session.response_written().map_or(0, |r| r.status.as_u16()),
        user,
        decision: outcome.label(),
        client: identity::client_ip(peer_ip(session), identity::all_lines(req, "x-forwarded-for").as_deref(), trusted),
        duration_ms: ctx.started.map_or(0.0, |t| ms(t.elapsed())),
        upstream_ms: ctx.upstream_time.map(ms),
    });
}
