//! The admin listener (`admin: { listen }`), never a public one: `/metrics` for Prometheus,
//! `/healthz` (the process answers) and `/readyz` (it can serve: a config is loaded, the store
//! answers, the notification channels worked when last tried; 503 naming what is not).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use http::{Method, Response, StatusCode};
use pingora::apps::http_app::ServeHttp;
use pingora::protocols::http::ServerSession;

use crate::metrics;
use crate::notify::ChannelHealth;
use crate::state::State;
use crate::store;

/// How long the store has to answer a readiness check.
const STORE_TIMEOUT: Duration = Duration::from_secs(3);

pub struct AdminListener {
    pub state: Arc<State>,
    pub channels: Arc<ChannelHealth>,
}

#[async_trait]
impl ServeHttp for AdminListener {
    async fn response(&self, session: &mut ServerSession) -> Response<Vec<u8>> {
        let req = session.req_header();
        if req.method != Method::GET && req.method != Method::HEAD {
            return answer(StatusCode::METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "GET or HEAD only.\n".into());
        }
        match req.uri.path() {
            "/metrics" => answer(StatusCode::OK, metrics::CONTENT_TYPE, metrics::encoded()),
            "/healthz" => answer(StatusCode::OK, "text/plain; charset=utf-8", "ok\n".into()),
            "/readyz" => {
                let (ready, report) = self.readiness().await;
                let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
                answer(status, "text/plain; charset=utf-8", report)
            }
            _ => answer(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", "Not found: /metrics, /healthz, /readyz.\n".into()),
        }
    }
}

impl AdminListener {
    /// Whether the gate can serve, and a line for each thing checked.
    async fn readiness(&self) -> (bool, String) {
        let mut lines = vec![format!("config: loaded {}", self.state.live().hash)];
        if let Some(failure) = self.state.reload_failure() {
            lines.push(format!("config: the last reload failed, the config before it is in force: {failure}"));
        }
        let ping = tokio::time::timeout(STORE_TIMEOUT, store::call(&self.state.store, |s| s.ping())).await;
        let store = match ping {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer in {} s", STORE_TIMEOUT.as_secs())),
        };
        let checks = std::iter::once(("store", store)).chain(self.channels.report());
        let mut ready = true;
        for (what, result) in checks {
            lines.push(match result {
                Ok(()) => format!("{what}: up"),
                Err(why) => {
                    ready = false;
                    format!("{what}: failing: {why}")
                }
            });
        }
        let head = if ready { "ready" } else { "not ready" };
        (ready, format!("{head}\n{}\n", lines.join("\n")))
    }
}

fn answer(status: StatusCode, content_type: &'static str, body: String) -> Response<Vec<u8>> {
    let mut resp = Response::new(body.into_bytes());
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(content_type));
    headers.insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    resp
}
