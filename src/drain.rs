//! The end of a gate's run. On SIGTERM, or once an upgrade has handed the listening sockets
//! to the new binary (SIGQUIT), pingora stops accepting and then waits its grace period (the
//! config's `drain_timeout`) before cutting what is left. This ends the wait as soon as no
//! request is in flight, so that a stop takes as long as its slowest request, not the whole
//! timeout.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;

use crate::metrics;
use crate::state::State;

/// How long the connections accepted just before the stop get to send their request.
const SETTLE: Duration = Duration::from_millis(500);
const POLL: Duration = Duration::from_millis(50);

pub struct Drain {
    pub state: Arc<State>,
}

#[async_trait]
impl BackgroundService for Drain {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        while !*shutdown.borrow() {
            if shutdown.changed().await.is_err() {
                return;
            }
        }
        tokio::time::sleep(SETTLE).await;
        // Twice in a row, so that a request read between two looks is not missed.
        let mut idle = 0;
        while idle < 2 {
            idle = if metrics::requests_in_flight() == 0 { idle + 1 } else { 0 };
            tokio::time::sleep(POLL).await;
        }
        if let Some(log) = &self.state.access_log {
            log.flush(Duration::from_secs(2));
        }
        tracing::info!("no request in flight; exiting");
        std::process::exit(0);
    }
}
