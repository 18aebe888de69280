//! Background work: reloading the policy when its files change (or on SIGHUP), once they
//! have settled; purging ended sessions and stale failure records; and cutting the tunnels of
//! sessions that ended unannounced.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;

use crate::access_log::AccessLog;
use crate::audit;
use crate::auth::session::{Timeouts, CACHE_TTL};
use crate::config::{self, Config};
use crate::metrics;
use crate::state::{Live, State};
use crate::store::{self, Store, StoreError};

const POLL: Duration = Duration::from_secs(2);
/// How long the files must have stood still before they are read: an editor or a script
/// that rewrites a file in place leaves it half written for a moment, and a policy read
/// then could lack a site or a deny.
const SETTLE: Duration = Duration::from_millis(500);
/// How many times a reload waits for files that keep changing before it gives up (the next
/// poll tries again).
const TRIES: usize = 10;

pub struct Reloader {
    state: Arc<State>,
    config_path: PathBuf,
    /// The files the running config was read from, with the sizes and times seen.
    seen: Mutex<Vec<(PathBuf, Stamp)>>,
}

/// What tells a file changed: its size and modification time.
type Stamp = Option<(u64, SystemTime)>;

fn stamped(files: &[PathBuf]) -> Vec<(PathBuf, Stamp)> {
    files.iter().map(|p| (p.clone(), std::fs::metadata(p).and_then(|m| Ok((m.len(), m.modified()?))).ok())).collect()
}

/// Waits until no file in `files` was modified within [`SETTLE`] (for a few seconds at most).
async fn settle(files: &[PathBuf]) {
    for _ in 0..TRIES * 2 {
        let newest = files.iter().filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok()).max();
        let age = newest.map_or(SETTLE, |t| t.elapsed().unwrap_or_default());
        if age >= SETTLE {
            return;
        }
        tokio::time::sleep(SETTLE - age).await;
    }
}

impl Reloader {
    pub fn new(state: Arc<State>, config: &Config) -> Reloader {
        Reloader { state, config_path: config.path.clone(), seen: Mutex::new(stamped(&config.files())) }
    }

    fn watched(&self) -> Vec<PathBuf> {
        self.seen.lock().map(|seen| seen.iter().map(|(p, _)| p.clone()).collect()).unwrap_or_default()
    }

    fn changed(&self) -> bool {
        self.seen.lock().is_ok_and(|seen| *seen != stamped(&seen.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()))
    }

    /// Loads the files again once they have settled, and puts the result in force only if
    /// none changed while they were read; on any error the running policy stays and the
    /// error is logged.
    pub async fn reload(&self) {
        let mut files = self.watched();
        for _ in 0..TRIES {
            settle(&files).await;
            let before = stamped(&files);
            let config = config::load(&self.config_path);
            // After a failed load the same files are watched, so that fixing any of them retries.
            let read = config.as_ref().map_or_else(|_| files.clone(), Config::files);
            if read == files && stamped(&files) == before {
                if let Ok(mut seen) = self.seen.lock() {
                    *seen = before;
                }
                return self.put_in_force(config).await;
            }
            files = read;
        }
        tracing::warn!("the configuration files keep changing; the running policy stays until they settle");
    }

    async fn put_in_force(&self, config: Result<Config, config::ConfigError>) {
        let c = match config {
            Ok(c) => c,
            Err(e) => {
                metrics::reload(None);
                let entry = audit::Entry::new(audit::Event::ConfigReloadFailed, crate::clock::now()).detail(e.to_string());
                self.state.audit.record(entry).await;
                self.state.reloaded(Some(e.to_string()));
                return tracing::error!("configuration not reloaded, the running one stays: {e}");
            }
        };
        let (sites, users) = (c.policy.sites().count(), c.users.len());
        metrics::reload(Some(&c.hash));
        self.state
            .audit
            .record(audit::Entry::new(audit::Event::ConfigReload, crate::clock::now()).detail(format!("config {}", c.hash)))
            .await;
        self.state.reloaded(None);
        let before = self.state.live.swap(Arc::new(Live { policy: c.policy, users: c.users, geo: c.geo, hash: c.hash }));
        tracing::info!(sites, users, "configuration reloaded");
        let now = self.state.live();
        let gone: Vec<String> =
            before.users.sorted().into_iter().map(|u| u.username.clone()).filter(|name| now.users.get(name).is_none()).collect();
        for name in gone {
            self.forget(name).await;
        }
        self.state.sessions.check_tunnels(&now.users, crate::clock::now()).await;
    }

    /// A user removed from the users file: their sessions and trusted devices end, so that
    /// someone added again under the name later gets none of them back.
    async fn forget(&self, name: String) {
        let user = name.clone();
        let ended =
            store::call(&self.state.store, move |s| Ok((s.revoke_devices(&user, None)?.devices, s.delete_sessions_of(&user)?))).await;
        match ended {
            Ok((devices, sessions)) => tracing::info!(user = %name, sessions, devices, "user removed: sessions and devices ended"),
            Err(e) => tracing::error!(user = %name, "user removed, but ending their sessions failed (they are refused all the same): {e}"),
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
                _ = hup => {
                    self.state.audit.reopen();
                    self.state.access_log.iter().for_each(AccessLog::reopen);
                    self.reload().await;
                }
                _ = tick.tick() => if self.changed() { self.reload().await },
            }
        }
    }
}

pub struct Housekeeping {
    state: Arc<State>,
    settings: Timeouts,
    /// How long the audit trail is kept.
    audit_retention: Duration,
}

impl Housekeeping {
    pub fn new(state: Arc<State>, settings: Timeouts, audit_retention: Duration) -> Housekeeping {
        Housekeeping { state, settings, audit_retention }
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

    /// The sessions not yet ended, for the metrics (with the purge's margin for idleness).
    async fn count_sessions(&self) {
        let (now, idle) = (crate::clock::now(), self.idle_with_margin());
        match store::call(&self.state.store, move |s| s.count_live_sessions(now, idle)).await {
            Ok(n) => metrics::live_sessions(n),
            Err(e) => tracing::warn!("counting live sessions failed: {e}"),
        }
    }

    /// last_seen is written back lazily, so a margin is allowed before calling a session idle.
    fn idle_with_margin(&self) -> i64 {
        self.settings.idle_timeout.as_secs() as i64 + 120
    }
}

#[async_trait]
impl BackgroundService for Housekeeping {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        let mut tunnels = tokio::time::interval(CACHE_TTL);
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tunnels.tick() => {
                    self.state.sessions.check_tunnels(&self.state.live().users, crate::clock::now()).await;
                    self.count_sessions().await;
                }
                _ = tick.tick() => {
                    let (now, idle) = (crate::clock::now(), self.idle_with_margin());
                    self.purge("ended sessions", move |s| s.purge_sessions(now, idle)).await;
                    self.purge("expired trusted devices", move |s| s.purge_devices(now)).await;
                    self.purge("expired held forms", move |s| s.purge_holds(now)).await;
                    self.purge("backup codes past their showing", move |s| s.purge_shown_codes(now)).await;
                    self.purge("expired passkey ceremonies", move |s| s.purge_ceremonies(now)).await;
                    let before = now - self.audit_retention.as_secs() as i64;
                    self.purge("audit events past their retention", move |s| s.purge_audit(before)).await;
                    if let Err(e) = self.state.throttle.purge(now).await {
                        tracing::warn!("purging failure records failed: {e}");
                    }
                }
            }
        }
    }
}
