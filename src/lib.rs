//! Portcullis: a reverse proxy on pingora that puts two-factor authentication in front of
//! web apps that cannot be changed. See docs/ARCHITECTURE.md for the request's path.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![deny(unsafe_code)]

pub mod access_log;
pub mod admin;
pub mod admin_listener;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod demo_app;
pub mod drain;
pub mod explain;
pub mod gate;
pub mod geo;
pub mod hold;
pub mod keys;
pub mod lang;
pub mod log_line;
pub mod maintenance;
pub mod metrics;
pub mod notify;
pub mod policy;
pub mod portal;
pub mod server;
pub mod state;
pub mod store;
pub mod tls_client;
pub mod upgrade;
pub mod user_agent;
pub mod users;
pub mod web;
