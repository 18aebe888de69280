//! Integration tests: the real `portcullis` binary in front of a real HTTP upstream, both on
//! 127.0.0.1, driven over HTTP like a browser or an API client would.

mod access_log;
mod admin;
mod assertion;
mod audit;
mod backup;
mod branding;
mod check;
mod devices;
mod enrolment;
mod exempt;
mod explain;
mod fail_closed;
mod flow;
mod forward_auth;
mod h2;
mod harness;
mod headers;
mod hostile;
mod keepalive;
mod languages;
mod lifecycle;
mod notify;
mod operations;
mod refusals;
mod reload;
mod replicas;
mod rules;
mod security;
mod sent_code;
mod step_up;
#[path = "../support/test_postgres.rs"]
mod test_postgres;
mod throttle;
mod tls;
mod tunnels;
