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
