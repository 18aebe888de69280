//! Idle keep-alive connections, held cheaply. pingora starts on a connection's next request as
//! soon as the last one is answered: the request's whole future (about 7 KiB), its session and
//! a 4 KiB header buffer stay allocated for as long as the client keeps the connection idle.
//! This app waits until the client sends something, holding only the connection, and then
//! hands it to pingora as a new HTTP/1 session. TLS and HTTP/2 connections go to pingora as
//! they came.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use pingora::apps::{HttpPersistentSettings, HttpServerApp, ServerApp};
use pingora::protocols::http::ServerSession;
use pingora::protocols::Stream;
use pingora::server::ShutdownWatch;
use tokio::io::AsyncReadExt;

/// How long a connection may stay idle between requests (pingora's own default).
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

pub struct WaitForRequest<A> {
    app: Arc<A>,
}

impl<A> WaitForRequest<A> {
    pub fn new(app: A) -> WaitForRequest<A> {
        WaitForRequest { app: Arc::new(app) }
    }
}

#[async_trait]
impl<A: HttpServerApp + Send + Sync + 'static> ServerApp for WaitForRequest<A> {
    async fn process_new(self: &Arc<Self>, mut stream: Stream, shutdown: &ShutdownWatch) -> Option<Stream> {
        let options = self.app.server_options();
        if stream.get_ssl_digest().is_some() || options.is_some_and(|o| o.h2c || o.force_custom) {
            return self.app.process_new(stream, shutdown).await;
        }
        let mut settings: Option<HttpPersistentSettings> = None;
        loop {
            if !next_request_arrives(&mut stream, shutdown).await {
                return None;
            }
            let mut session = ServerSession::new_http1(stream);
            // Pipelining stays off, so no bytes of this request were read with the last one.
            match settings.take() {
                Some(settings) => settings.apply_to_session(&mut session),
                None => {
                    session.set_keepalive((!*shutdown.borrow()).then_some(IDLE_TIMEOUT.as_secs()));
                    session.set_keepalive_reuses_remaining(options.and_then(|o| o.keepalive_request_limit));
                }
            }
            (stream, settings) = self.app.process_new_http(session, shutdown).await?.consume();
        }
    }

    async fn cleanup(&self) {
        self.app.http_cleanup().await;
    }
}

/// Waits until the client sends something or closes (an empty read returns once the socket is
/// readable, reading nothing); false after the idle timeout or once the server shuts down.
async fn next_request_arrives(stream: &mut Stream, shutdown: &ShutdownWatch) -> bool {
    if *shutdown.borrow() {
        return false;
    }
    let mut shutdown = shutdown.clone();
    tokio::select! {
        read = tokio::time::timeout(IDLE_TIMEOUT, stream.read(&mut [])) => matches!(read, Ok(Ok(_))),
        _ = shutdown.changed() => false,
    }
}
