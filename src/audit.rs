//! The audit trail: every security event as one JSON line, written to the configured sink (a
//! file, reopened on SIGHUP for log rotation, and/or stderr) and kept in the store for
//! `portcullis audit`, until the background work purges it after the retention. A line
//! names the user (as typed, for failures), the site, the client's address, country and
//! browser, and a reference to the session (a hash of its id hash, never the id); never a
//! password or a code, which no [`Entry`] field can hold.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::store::{self, AuditRecord, SharedStore, Store, StoreError};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    SignIn,
    SignInFailed,
    Lockout,
    Unlock,
    Enrolled,
    MethodAdded,
    MethodChanged,
    MethodRemoved,
    BackupCodesMade,
    BackupCodeUsed,
    DeviceTrusted,
    DeviceRevoked,
    StepUp,
    StepUpFailed,
    /// A wrong current code given to prove a change.
    ProofFailed,
    SignOut,
    AdminReset,
    ConfigReload,
    ConfigReloadFailed,
}

/// One event and its circumstances; what is not known is left out of the line.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub time: String,
    #[serde(skip)]
    pub at: i64,
    pub event: Event,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// How the user proved themselves, or tried to (`password`, `totp`, a factor's name…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor: Option<String>,
    /// Why it failed, or what changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Entry {
    /// An event at `at` with nothing else known yet.
    pub fn new(event: Event, at: i64) -> Entry {
        let time = humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(at.max(0) as u64)).to_string();
        Entry { time, at, event, user: None, site: None, ip: None, country: None, browser: None, session: None, factor: None, detail: None }
    }

    pub fn user(self, user: &str) -> Entry {
        Entry { user: Some(user.to_owned()), ..self }
    }

    pub fn factor(self, factor: &str) -> Entry {
        Entry { factor: Some(factor.to_owned()), ..self }
    }

    pub fn detail(self, detail: impl Into<String>) -> Entry {
        Entry { detail: Some(detail.into()), ..self }
    }

    pub fn site(self, site: &str) -> Entry {
        Entry { site: Some(site.to_owned()), ..self }
    }

    /// The session it happened in, by a reference that cannot be turned back into its id.
    pub fn session(self, id_hash: &[u8; 32]) -> Entry {
        Entry { session: Some(session_ref(id_hash)), ..self }
    }
}

/// The first 16 hex digits of a SHA-256 of a session's id hash (itself a hash of the id).
pub fn session_ref(id_hash: &[u8; 32]) -> String {
    Sha256::digest(id_hash)[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the trail is written besides the store.
#[derive(Debug, Clone, Default)]
pub struct Sink {
    pub file: Option<PathBuf>,
    pub stderr: bool,
}

/// The audit trail of a running gate (or of the admin CLI).
pub struct Audit {
    store: SharedStore,
    sink: Arc<Written>,
}

struct Written {
    sink: Sink,
    file: Mutex<Option<File>>,
}

impl Written {
    fn write(&self, line: &str) {
        if self.sink.stderr {
            eprintln!("{line}");
        }
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = file.as_mut() {
            if let Err(e) = writeln!(f, "{line}") {
                tracing::error!("audit: cannot write to {:?}: {e}", self.sink.file);
            }
        }
    }
}

fn open(path: &PathBuf) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl Audit {
    /// Opens the sink's file (appending): an error names it, and the gate does not start.
    pub fn new(store: SharedStore, sink: Sink) -> std::io::Result<Audit> {
        let file = sink.file.as_ref().map(open).transpose().map_err(|e| with_path(e, sink.file.as_ref()))?;
        Ok(Audit { store, sink: Arc::new(Written { sink, file: Mutex::new(file) }) })
    }

    /// Writes the event to the sink and keeps it in the store; a failure is logged, never
    /// hidden, and does not undo what was done.
    pub async fn record(&self, entry: Entry) {
        let sink = Arc::clone(&self.sink);
        let kept = store::call(&self.store, move |s| keep(&sink, s, &entry)).await;
        if let Err(e) = kept {
            tracing::error!("audit: an event could not be kept in the store: {e}");
        }
    }

    /// The same, from the admin CLI, which has no runtime.
    pub fn record_now(&self, entry: Entry) -> Result<(), StoreError> {
        keep(&self.sink, self.store.as_ref(), &entry)
    }

    /// Opens the file again (after log rotation moved it away).
    pub fn reopen(&self) {
        let Some(path) = &self.sink.sink.file else { return };
        match open(path) {
            Ok(f) => *self.sink.file.lock().unwrap_or_else(|p| p.into_inner()) = Some(f),
            Err(e) => tracing::error!("audit: cannot reopen {}: {e}", path.display()),
        }
    }
}

fn keep(sink: &Written, s: &dyn Store, entry: &Entry) -> Result<(), StoreError> {
    let line = serde_json::to_string(entry).unwrap_or_default();
    sink.write(&line);
    s.append_audit(&AuditRecord { at: entry.at, username: entry.user.clone(), line })
}

fn with_path(e: std::io::Error, path: Option<&PathBuf>) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("audit file {}: {e}", path.map_or_else(String::new, |p| p.display().to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_leaves_out_what_is_not_known_and_names_the_session_by_a_hash() {
        let entry = Entry::new(Event::SignInFailed, 1_764_633_600).user("al\"ice").factor("password").session(&[7; 32]);
        let line = serde_json::to_string(&entry).expect("json");
        let value: serde_json::Value = serde_json::from_str(&line).expect("parses");
        assert_eq!(value["time"], "2025-12-02T00:00:00Z");
        assert_eq!(value["event"], "sign_in_failed");
        assert_eq!(value["user"], "al\"ice");
        assert_eq!(value["session"].as_str().map(str::len), Some(16));
        assert!(value.get("site").is_none() && value.get("ip").is_none(), "{line}");
        assert!(!line.contains(&"07".repeat(8)), "the id hash itself is not written: {line}");
    }
}
