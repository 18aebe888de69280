//! Idle keep-alive connections, held cheaply. pingora starts on a connection's next request as
//! soon as the last one is answered: the request's whole future (about 7 KiB), its session and
//! a 4 KiB header buffer stay allocated for as long as the client keeps the connection idle.
//! This app waits until the client sends something, holding only the connection, and then
//! hands it to pingora as a new HTTP/1 session. A client that pipelines has sent its next
//! request already: pingora keeps those bytes for the next session, which then starts at
//! once. TLS and HTTP/2 connections go to pingora as they came.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use pingora::apps::{HttpPersistentSettings, HttpServerApp, ServerApp};
use pingora::protocols::http::ServerSession;
use pingora::protocols::Stream;
use pingora::server::ShutdownWatch;
use pingora::time::fast_timeout::fast_timeout;

/// How long a connection may stay idle between requests (pingora's own default).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a connection accepted just before a stop may take to send its first request.
pub const FIRST_REQUEST_AT_STOP: Duration = Duration::from_millis(500);

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
            let pipelined = settings.as_ref().is_some_and(holds_pipelined_request);
            if !pipelined && !next_request_arrives(&mut stream, shutdown, settings.is_none()).await {
                return None;
            }
            let mut session = ServerSession::new_http1(stream);
            match settings.take() {
                Some(settings) => settings.apply_to_session(&mut session),
                None => {
                    session.set_keepalive((!*shutdown.borrow()).then_some(IDLE_TIMEOUT.as_secs()));
                    session.set_keepalive_reuses_remaining(options.and_then(|o| o.keepalive_request_limit));
                    session.set_pipelining_enabled(true);
                }
            }
            (stream, settings) = self.app.process_new_http(session, shutdown).await?.consume();
        }
    }

    async fn cleanup(&self) {
        self.app.http_cleanup().await;
    }
}

/// Whether pingora kept the start of a pipelined next request from the last one, which must
/// then not be waited for: the client has sent it and waits for the answer. pingora 0.9 has
/// no accessor for these bytes, only the settings' derived `Debug`, read here into a small
/// stack buffer; a test pins that format for the version in Cargo.lock.
fn holds_pipelined_request(settings: &HttpPersistentSettings) -> bool {
    /// The start of a `Debug` rendering, as far as it fits.
    struct Head {
        bytes: [u8; 256],
        len: usize,
    }
    impl std::fmt::Write for Head {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let take = s.len().min(self.bytes.len() - self.len);
            self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
            self.len += take;
            if take < s.len() {
                Err(std::fmt::Error)
            } else {
                Ok(())
            }
        }
    }
    let mut head = Head { bytes: [0; 256], len: 0 };
    let _ = std::fmt::write(&mut head, format_args!("{settings:?}"));
    head.bytes[..head.len].windows(PIPELINED.len()).any(|w| w == PIPELINED)
}

const PIPELINED: &[u8] = b"pipelined_prefix: Some(";

/// Waits until the client sends its next byte (peeked: read, and put back for pingora to
/// read); false if it closes, or after the idle timeout. Once the server stops, an idle
/// keep-alive connection closes at once, but a `first` one (accepted just before the stop,
/// or by the old binary of an upgrade) still has [`FIRST_REQUEST_AT_STOP`] to send its
/// request. pingora's timer, not tokio's: a tokio timer set anew each request wakes the other
/// worker thread to move its deadline, a system call and a context switch per request.
async fn next_request_arrives(stream: &mut Stream, shutdown: &ShutdownWatch, first: bool) -> bool {
    let (mut shutdown, mut byte) = (shutdown.clone(), [0]);
    if !*shutdown.borrow() {
        tokio::select! {
            // `Ok(false)`: a stream that cannot peek, left to pingora to wait on.
            peeked = fast_timeout(IDLE_TIMEOUT, stream.try_peek(&mut byte)) => return matches!(peeked, Ok(Ok(_))),
            _ = shutdown.changed() => {}
        }
    }
    first && matches!(fast_timeout(FIRST_REQUEST_AT_STOP, stream.try_peek(&mut byte)).await, Ok(Ok(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::BytesMut;

    #[test]
    fn a_pipelined_request_is_seen_in_the_settings() {
        let session = ServerSession::new_http1(Box::new(tokio_test_stream()));
        let mut settings = HttpPersistentSettings::for_session(&session);
        assert!(!holds_pipelined_request(&settings));
        settings.set_user_context(Box::new([0u8; 64]));
        settings.set_pipelined_prefix(BytesMut::from(&b"GET /next HTTP/1.1\r\n"[..]));
        assert!(holds_pipelined_request(&settings), "{settings:?}");
    }

    /// A connected socket pair's one end, as a pingora stream.
    fn tokio_test_stream() -> pingora::protocols::l4::stream::Stream {
        let (a, _b) = std::os::unix::net::UnixStream::pair().expect("pair");
        a.set_nonblocking(true).expect("nonblocking");
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let _guard = rt.enter();
        let stream = tokio::net::UnixStream::from_std(a).expect("tokio stream");
        pingora::protocols::l4::stream::Stream::from(stream)
    }
}
