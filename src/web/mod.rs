//! HTTP plumbing, below the gate and its pages: reading a request exactly (its target, its
//! framing), the headers sent upstream, cookies, CSRF tokens, safe return addresses, a
//! response as a value, and idle keep-alive connections.

pub mod cookies;
pub mod csrf;
pub mod hygiene;
pub mod identity;
pub mod keepalive;
pub mod response;
pub mod return_url;
pub mod target;

/// A GET of `/` with these headers, for tests.
#[cfg(test)]
pub(crate) fn request_for_tests(headers: &[(&str, &str)]) -> pingora::http::RequestHeader {
    let mut req = pingora::http::RequestHeader::build("GET", b"/", None).expect("request");
    for (k, v) in headers {
        req.append_header(k.to_string(), *v).expect("header");
    }
    req
}
