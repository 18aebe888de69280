//! The end of a gate's run. On SIGTERM, or once an upgrade has handed the listening sockets
//! to the new binary (SIGQUIT), pingora stops accepting and then waits its grace period (the
//! config's `drain_timeout`) before cutting what is left. This ends the wait as soon as no
//! request is in flight, so that a stop takes as long as its slowest request, not the whole
//! timeout.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;

use crate::metrics;
use crate::state::State;
use crate::upgrade;
use crate::web::keepalive;

const POLL: Duration = Duration::from_millis(50);

pub struct Drain {
    pub state: Arc<State>,
    /// pingora's grace period: after it, what is left is cut, this included.
    pub timeout: Duration,
    /// Names this process as the running gate until it ends.
    pub pid_file: PathBuf,
}

#[async_trait]
impl BackgroundService for Drain {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        while !*shutdown.borrow() {
            if shutdown.changed().await.is_err() {
                return;
            }
        }
        // The connections accepted just before the stop first send their requests.
        let deadline = Instant::now() + self.timeout.saturating_sub(Duration::from_millis(500));
        tokio::time::sleep(keepalive::FIRST_REQUEST_AT_STOP + POLL).await;
        loop {
            let _ = tokio::time::timeout_at(deadline.into(), idle()).await;
            if let Some(log) = &self.state.access_log {
                log.flush(Duration::from_millis(300));
            }
            // A request that came while the log was written (an HTTP/2 stream opened before
            // the client saw the GOAWAY) is waited for too.
            if metrics::requests_in_flight() == 0 || Instant::now() >= deadline {
                break;
            }
        }
        upgrade::ended(&self.pid_file);
        tracing::info!(in_flight = metrics::requests_in_flight(), "drained; exiting");
        std::process::exit(0);
    }
}

/// Returns once no request has been in flight twice in a row, a poll apart.
async fn idle() {
    let mut idle = 0;
    while idle < 2 {
        idle = if metrics::requests_in_flight() == 0 { idle + 1 } else { 0 };
        tokio::time::sleep(POLL).await;
    }
}
