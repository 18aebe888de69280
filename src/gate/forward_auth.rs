//! Forward-auth: Portcullis as the auth server behind nginx's `auth_request` (or any proxy
//! that asks a subrequest first), for sites whose traffic must keep flowing through that
//! proxy. It asks `GET {portal}/auth` with the client's headers and the original request in
//! `X-Original-Method` and `X-Original-URI`; the answer is 200 with the identity headers to
//! pass on, 401 with `Location` set to the page that signs in or asks for the code, or 403.
//! Only trusted proxies are answered, since the original request is theirs to tell.

use std::net::IpAddr;

use http::header::LOCATION;
use http::{HeaderValue, Method};
use pingora::http::RequestHeader;
use pingora::prelude::Session;

use super::{bad_path_text, peer_ip, Gate, Verdict};
use crate::identity;
use crate::path::{normalise, with_query};
use crate::policy::Site;
use crate::portal::Response;
use crate::state::Live;

impl Gate {
    pub(super) async fn forward_auth(&self, session: &Session, live: &Live, site: &Site, client_ip: IpAddr, tls: bool) -> Response {
        let peer = peer_ip(session);
        if !identity::is_trusted(peer, &self.state.trusted_proxies) {
            tracing::warn!(%peer, "forward-auth asked by an address that is not in trusted_proxies; refused");
            return Response::plain(403, "Forward-auth answers only the proxies in trusted_proxies.\n");
        }
        let Some((method, target)) = original_request(session.req_header()) else {
            return Response::plain(400, "Forward-auth needs X-Original-Method and X-Original-URI.\n");
        };
        let (path, query) = target.split_once('?').map_or((target, None), |(p, q)| (p, Some(q)));
        let path = match normalise(path) {
            Ok(path) => path,
            Err(e) => return Response::plain(400, bad_path_text(e)),
        };
        match self.judge(session, live, site, &path, &method, client_ip, tls).await {
            Err(resp) => resp,
            Ok(Verdict::Deny) => Response::plain(403, "Access denied.\n"),
            Ok(Verdict::Bypass) => Response::plain(200, ""),
            Ok(Verdict::Pass { user, code_at }) => {
                let mut resp = Response::plain(200, "");
                resp.headers.extend(identity::identity_of(&site.headers, &user, code_at));
                resp
            }
            Ok(Verdict::Owes(owed, _)) => {
                let back = with_query(&path, query);
                let mut resp = Response::plain(401, "Sign-in required.\n");
                if let Ok(page) = HeaderValue::try_from(self.owed_url(owed, &back)) {
                    resp.headers.push((LOCATION, page));
                }
                resp
            }
        }
    }
}

/// The method and target (path and query) of the request the proxy asks about.
fn original_request(req: &RequestHeader) -> Option<(Method, &str)> {
    let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
    let method = Method::from_bytes(header("x-original-method")?.as_bytes()).ok()?;
    let target = header("x-original-uri").filter(|t| t.starts_with('/'))?;
    Some((method, target))
}
