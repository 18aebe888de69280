//! What a keep-alive connection carries from one request to the next (HTTP/1: pingora keeps
//! nothing across HTTP/2 streams), so that the next one need not work it out again: the
//! client's address as the upstream is told it, and the session the last request was
//! signed in with (see `auth::session::Resolved`, which says when it is taken again).

use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};

use http::HeaderValue;

use crate::auth::session::Resolved;

#[derive(Default)]
pub struct Connection {
    peer: OnceLock<HeaderValue>,
    pub session: Mutex<Option<Resolved>>,
}

impl Connection {
    /// The socket peer's address as text, which is the same for all of a connection's requests.
    pub fn peer(&self, peer: IpAddr) -> HeaderValue {
        self.peer.get_or_init(|| as_text(peer)).clone()
    }
}

/// `peer` as a header value.
pub fn as_text(peer: IpAddr) -> HeaderValue {
    HeaderValue::try_from(peer.to_string()).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}
