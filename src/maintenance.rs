//! Background work: reloading the policy when its files change (or on SIGHUP), and
//! purging ended sessions and stale failure records.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;

use crate::config::{self, Config, SessionSettings};
use crate::state::{Live, State};
use crate::store::{self, Store, StoreError};

const POLL: Duration = Duration::from_secs(2);

pub struct Reloader {
    state: Arc<State>,
    config_path: PathBuf,
    /// The files the running config was read from, with the modification times seen.
    seen: Mutex<Vec<(PathBuf, Option<SystemTime>)>>,
}

fn stamped(files: impl IntoIterator<Item = PathBuf>) -> Vec<(PathBuf, Option<SystemTime>)> {
    files.into_iter().map(|p| {
        let t = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
        (p, t)
    }).collect()
}

impl Reloader {
    pub fn new(state: Arc<State>, config: &Config) -> Reloader {
        Reloader { state, config_path: config.path.clone(), seen: Mutex::new(stamped(config.files())) }
    }

    fn changed(&self) -> bool {
        let Ok(seen) = self.seen.lock() else { return false };
        *seen != stamped(seen.iter().map(|(p, _)| p.clone()))
    }

    /// Loads the files again; on any error the running policy stays and the error is logged.
    pub fn reload(&self) {
        let Ok(mut seen) = self.seen.lock() else { return };
        let config = config::load(&self.config_path);
        // After a failed load the same files are watched, so that fixing any of them retries.
        *seen = match &config {
            Ok(c) => stamped(c.files()),
            Err(_) => stamped(seen.iter().map(|(p, _)| p.clone())),
        };
        match config {
            Ok(c) => {
                let (sites, users) = (c.policy.sites().count(), c.users.len());
                self.state.live.store(Arc::new(Live { policy: c.policy, users: c.users, geo: c.geo }));
                tracing::info!(sites, users, "configuration reloaded");
            }
            Err(e) => tracing::error!("configuration not reloaded, the running one stays: {e}"),
        }
    }
}

#[async_trait]
impl BackgroundService for Reloader {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        let mut tick = tokio::time::interval(POLL);
        loop {
            let hup = async {
                match hangup.as_mut() {
                    Some(h) => h.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = hup => self.reload(),
                _ = tick.tick() => if self.changed() { self.reload() },
            }
        }
    }
}

pub struct Housekeeping {
    state: Arc<State>,
    settings: SessionSettings,
}

impl Housekeeping {
    pub fn new(state: Arc<State>, settings: SessionSettings) -> Housekeeping {
        Housekeeping { state, settings }
    }
}

impl Housekeeping {
    /// Runs one purge of the store; says what went, or why it failed.
    async fn purge(&self, what: &str, purge: impl FnOnce(&dyn Store) -> Result<u64, StoreError> + Send + 'static) {
        match store::call(&self.state.store, purge).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "purged {what}"),
            Err(e) => tracing::warn!("purging {what} failed: {e}"),
        }
    }
}

#[async_trait]
impl BackgroundService for Housekeeping {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tick.tick() => {
                    // last_seen is written back lazily, so allow a margin before calling a session idle.
                    let (now, idle) = (crate::auth::now(), self.settings.idle_timeout.as_secs() as i64 + 120);
                    self.purge("ended sessions", move |s| s.purge_sessions(now, idle)).await;
                    self.purge("expired trusted devices", move |s| s.purge_devices(now)).await;
                    if let Err(e) = self.state.throttle.purge(now).await {
                        tracing::warn!("purging failure records failed: {e}");
                    }
                }
            }
        }
    }
}
