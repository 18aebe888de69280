//! Persistent state behind one trait, with two backends: the embedded SQLite file, and a
//! PostgreSQL database that several replicas share. Calls are synchronous; the gate runs them
//! with [`call`] on tokio's blocking pool, never on a proxy worker.

#[cfg(test)]
mod contract;
mod copy;
mod postgres;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;

pub use copy::{copy, sqlite_into_postgres, Copied, Export};
pub use postgres::{PgSettings, PgStore, PgTls};
pub use sqlite::SqliteStore;

/// Where the store lives.
#[derive(Debug, Clone)]
pub enum Backend {
    /// One SQLite file (single box; the default).
    Sqlite(PathBuf),
    /// A PostgreSQL database, shared by every replica.
    Postgres(PgSettings),
}

impl Backend {
    /// Opens the store, bringing its schema up to date.
    pub fn open(&self) -> Result<SharedStore, StoreError> {
        Ok(match self {
            Backend::Sqlite(path) => Arc::new(SqliteStore::open(path)?),
            Backend::Postgres(settings) => Arc::new(PgStore::open(settings)?.0),
        })
    }

    /// What `portcullis store migrate` reports: the store and its schema, once up to date.
    pub fn migrate(&self) -> Result<String, StoreError> {
        match self {
            Backend::Sqlite(path) => SqliteStore::open(path).map(|_| format!("{}: up to date", path.display())),
            Backend::Postgres(settings) => PgStore::open(settings).map(|(_, v)| format!("PostgreSQL: schema at version {v}")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage: {0}")]
    Backend(String),
    #[error("storage task failed: {0}")]
    Task(String),
}

/// How far a session has come through the login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; the second factor is still owed.
    Password = 0,
    /// Password and second factor both passed.
    Complete = 1,
    /// The password alone, for a user exempt from two-factor; complete only while they are.
    /// (A binary that does not know it reads it as `Password`: owing a code.)
    OneFactor = 2,
    /// The password alone, for a user with no second factor on a site whose enrolment lets
    /// them go on (optional, or within their grace).
    Unenrolled = 3,
}

impl Stage {
    /// The stage stored as `n`; what is not known owes a code.
    pub fn of(n: i64) -> Stage {
        match n {
            1 => Stage::Complete,
            2 => Stage::OneFactor,
            3 => Stage::Unenrolled,
            _ => Stage::Password,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// SHA-256 of the session id: a leaked database holds no usable cookie.
    pub id_hash: [u8; 32],
    pub username: String,
    pub stage: Stage,
    pub created: i64,
    pub last_seen: i64,
    pub expires: i64,
    /// An authenticator secret offered during enrolment, sealed, until confirmed.
    pub pending_secret: Option<Vec<u8>>,
    /// The trusted device (its id hash) that stood in for the second factor, if one did.
    pub device: Option<[u8; 32]>,
    /// The separate factor (see `policy::Factor`) whose code was last given, and when.
    pub factor: Option<(String, i64)>,
    /// Where the session is good: the site that issued it, or the group sharing sessions.
    pub scope: String,
    /// The user's password as it was (see `users::password_tag`): a new password ends it.
    pub password_tag: [u8; 32],
    /// For an `Unenrolled` session in a grace, when the user's grace began.
    pub grace_from: Option<i64>,
    /// The passkey that proved it, if one did.
    pub passkey: Option<PasskeyUse>,
}

/// What kind of passkey proved a session: one bound to its device (a security key), or one
/// that may be synced to others (backup eligible), as its authenticator said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyKind {
    DeviceBound = 1,
    Synced = 2,
}

/// How a passkey proved a session: its kind, and whether it was the whole sign-in (no
/// password). Kept as one number: the kind, plus 2 when alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasskeyUse {
    pub kind: PasskeyKind,
    pub alone: bool,
}

impl PasskeyUse {
    pub fn code(self) -> i64 {
        self.kind as i64 + if self.alone { 2 } else { 0 }
    }

    pub fn of(code: Option<i64>) -> Option<PasskeyUse> {
        let kind = match code? {
            1 | 3 => PasskeyKind::DeviceBound,
            2 | 4 => PasskeyKind::Synced,
            _ => return None,
        };
        Some(PasskeyUse { kind, alone: code? > 2 })
    }
}

/// Whose a WebAuthn ceremony is: a user, in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner<'a> {
    pub username: &'a str,
    pub session: &'a [u8; 32],
}

/// A passkey or security key of a user's (see `auth::passkey`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyRecord {
    /// The credential id its authenticator gave.
    pub cred_id: Vec<u8>,
    pub username: String,
    /// The relying party it was made for: a site's host, or the parent domain the site names.
    pub rp_id: String,
    /// The user's name for it ("YubiKey", "Phone").
    pub name: String,
    /// The credential as webauthn-rs keeps it (public key, sign counter, flags), in JSON.
    pub credential: String,
    pub created: i64,
    pub last_used: Option<i64>,
    /// Its sign counter as last seen (0 for authenticators that keep none).
    pub counter: u32,
    /// The user's password as it was when the passkey last signed in with it (see
    /// `users::password_tag`): alone, it signs in only while the password is that one.
    pub password_tag: [u8; 32],
}

/// A browser a user chose to trust (see `auth::device`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    /// SHA-256 of the device id in the cookie.
    pub id_hash: [u8; 32],
    pub username: String,
    /// The site it was trusted on (cookies are per host).
    pub host: String,
    /// The user's password as it was (see `users::password_tag`): a new password ends the trust.
    pub password_tag: [u8; 32],
    pub created: i64,
    pub last_used: i64,
    pub expires: i64,
    /// "Firefox 132 (Linux)"; empty for a browser not known.
    pub label: String,
    /// "Berlin, Germany", when a GeoIP database is configured.
    pub place: Option<String>,
}

/// A message waiting in the outbox: an email, or a code to text (`to` a phone number,
/// `body` the code, which the SMS gateway's template places).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub channel: Channel,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// Which of a user's live sent codes: the one to their own email or phone (to sign in or to
/// prove a change), or the one to a phone number they are switching to. Each slot keeps only
/// its newest code, so both codes of a number change can be live at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Own,
    NewPhone,
}

impl Slot {
    pub fn name(self) -> &'static str {
        match self {
            Slot::Own => "own",
            Slot::NewPhone => "new-phone",
        }
    }
}

/// What a user chose about their second factors beyond the authenticator's record: that they
/// use none (codes by email or text instead), email codes turned off, a phone number of their
/// own in place of the users file's (`Some(None)`: removed; `None`: the file's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodChoices {
    pub app_off: bool,
    pub email_off: bool,
    pub phone: Option<Option<String>>,
}

/// What a store tells of sessions that another handle on it ended (another replica, the
/// admin CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// This session, by id hash.
    Session([u8; 32]),
    /// Any may have ended unseen (the store was not listening for a while).
    Unknown,
}

/// Called with each [`Ended`], on a thread of the store's.
pub type OnEnded = Arc<dyn Fn(Ended) + Send + Sync>;

/// What revoking devices ended.
#[derive(Debug, Default)]
pub struct Revoked {
    pub devices: u64,
    /// Sessions that had been started with the revoked devices, by id hash.
    pub sessions: Vec<[u8; 32]>,
}

#[derive(Debug, Clone)]
pub struct TotpRecord {
    /// The sealed secret.
    pub secret: Vec<u8>,
    /// The newest time step accepted; older and equal steps are refused (RFC 6238 §5.2).
    pub last_step: u64,
    /// When the authenticator was enrolled.
    pub created: i64,
}

pub trait Store: Send + Sync + 'static {
    fn totp(&self, username: &str) -> Result<Option<TotpRecord>, StoreError>;
    /// Saves a confirmed authenticator unless the user already has one; true when saved.
    fn enrol_totp(&self, username: &str, sealed: &[u8], step: u64, now: i64) -> Result<bool, StoreError>;
    /// Records `step` as used if it is newer than every step used before; true when it was.
    fn accept_totp_step(&self, username: &str, step: u64) -> Result<bool, StoreError>;
    /// A new authenticator in place of the old one (or of none), from a signed-in user.
    fn replace_totp(&self, username: &str, sealed: &[u8], step: u64, now: i64) -> Result<(), StoreError>;
    fn remove_totp(&self, username: &str) -> Result<bool, StoreError>;

    fn put_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    fn session(&self, id_hash: &[u8; 32]) -> Result<Option<SessionRecord>, StoreError>;
    fn set_pending_secret(&self, id_hash: &[u8; 32], sealed: Option<&[u8]>) -> Result<(), StoreError>;
    fn touch_session(&self, id_hash: &[u8; 32], last_seen: i64) -> Result<(), StoreError>;
    fn delete_session(&self, id_hash: &[u8; 32]) -> Result<(), StoreError>;
    fn delete_sessions_of(&self, username: &str) -> Result<u64, StoreError>;
    /// Sessions of `username` that have not expired at `now`.
    fn count_sessions_of(&self, username: &str, now: i64) -> Result<u64, StoreError>;
    fn purge_sessions(&self, now: i64, idle_secs: i64) -> Result<u64, StoreError>;
    /// Sessions neither expired nor idle for `idle_secs` at `now`.
    fn count_live_sessions(&self, now: i64, idle_secs: i64) -> Result<u64, StoreError>;
    /// Reads from the store, to tell it is there (readiness).
    fn ping(&self) -> Result<(), StoreError>;

    /// Replaces the user's backup codes (keyed hashes) with a new set.
    fn replace_backup_codes(&self, username: &str, hashes: &[[u8; 32]], now: i64) -> Result<(), StoreError>;
    /// Marks the code as used if it is one of the user's unused ones, atomically: of two
    /// concurrent uses, one succeeds. Returns how many unused codes remain, or `None`.
    fn use_backup_code(&self, username: &str, hash: &[u8; 32], now: i64) -> Result<Option<u32>, StoreError>;
    fn backup_codes_left(&self, username: &str) -> Result<u32, StoreError>;
    fn remove_backup_codes(&self, username: &str) -> Result<u64, StoreError>;

    /// Records a newly sent code (replacing the last one) if `plan` allows a send now, given
    /// the user's sending record; otherwise returns `plan`'s refusal (when to try again).
    fn send_code(
        &self,
        username: &str,
        slot: Slot,
        hash: &[u8; 32],
        expires: i64,
        plan: &mut dyn FnMut(Option<Sends>) -> Result<Sends, i64>,
    ) -> Result<Result<(), i64>, StoreError>;
    /// Uses the user's newest code in `slot` if `hash` is it and it has not expired at `now`; once.
    fn use_sent_code(&self, username: &str, slot: Slot, hash: &[u8; 32], now: i64) -> Result<bool, StoreError>;
    /// Whether [`Store::use_sent_code`] would succeed, without using the code.
    fn sent_code_is(&self, username: &str, slot: Slot, hash: &[u8; 32], now: i64) -> Result<bool, StoreError>;

    /// The user's own choices of second factors (default: none made).
    fn method_choices(&self, username: &str) -> Result<MethodChoices, StoreError>;
    fn set_method_choices(&self, username: &str, choices: &MethodChoices) -> Result<(), StoreError>;
    /// Back to the users file (an admin's reset).
    fn forget_method_choices(&self, username: &str) -> Result<bool, StoreError>;
    /// When `username`'s grace before a first enrolment began: at `now`, if it had not.
    fn begin_grace(&self, username: &str, now: i64) -> Result<i64, StoreError>;

    /// Keeps a new passkey; `false` if its credential id is taken already.
    fn add_passkey(&self, passkey: &PasskeyRecord) -> Result<bool, StoreError>;
    fn passkeys_of(&self, username: &str) -> Result<Vec<PasskeyRecord>, StoreError>;
    fn passkey(&self, cred_id: &[u8]) -> Result<Option<PasskeyRecord>, StoreError>;
    /// After a use: its credential as updated, its sign `counter`, the password it now goes
    /// with, and when; `false` (nothing kept) unless the counter went up, or stays 0 where the
    /// authenticator keeps none — so that of two uses with one count, on any replica, the
    /// second is refused as a copy.
    fn used_passkey(&self, cred_id: &[u8], credential: &str, counter: u32, password_tag: &[u8; 32], now: i64) -> Result<bool, StoreError>;
    fn rename_passkey(&self, username: &str, cred_id: &[u8], name: &str) -> Result<bool, StoreError>;
    /// One of `username`'s passkeys, or (`None`) all of them; how many went.
    fn remove_passkeys(&self, username: &str, only: Option<&[u8]>) -> Result<u64, StoreError>;
    /// Keeps the state of a WebAuthn ceremony of `kind` (what it is for, and where) until
    /// `expires`, under its id's hash; it replaces the last one of that kind of its owner's
    /// session.
    fn put_ceremony(&self, id_hash: &[u8; 32], kind: &str, owner: Owner<'_>, state: &str, expires: i64) -> Result<(), StoreError>;
    /// Takes `owner`'s ceremony of `kind` once, if it has not expired: its state. Another's
    /// attempt leaves it be.
    fn take_ceremony(&self, id_hash: &[u8; 32], kind: &str, owner: Owner<'_>, now: i64) -> Result<Option<String>, StoreError>;
    /// Remembers until `expires` that a ceremony whose state was not stored (a sign-in by a
    /// passkey alone) has ended; `false` if it had already.
    fn ceremony_ended(&self, id_hash: &[u8; 32], kind: &str, expires: i64) -> Result<bool, StoreError>;
    fn purge_ceremonies(&self, now: i64) -> Result<u64, StoreError>;

    fn enqueue_mail(&self, mail: &Mail, now: i64) -> Result<(), StoreError>;
    /// Takes mail due for (another) try at `now`, oldest first, with its id and failed
    /// attempts: none of it is due again before `lease_until`, so of several replicas one
    /// sends it, and if it dies sending, another tries after the lease.
    fn claim_mail(&self, now: i64, lease_until: i64, limit: u32) -> Result<Vec<(i64, Mail, u32)>, StoreError>;
    fn mail_sent(&self, id: i64) -> Result<(), StoreError>;
    fn mail_failed(&self, id: i64, next_try: i64, error: &str) -> Result<(), StoreError>;

    fn put_device(&self, device: &DeviceRecord) -> Result<(), StoreError>;
    fn device(&self, id_hash: &[u8; 32]) -> Result<Option<DeviceRecord>, StoreError>;
    fn touch_device(&self, id_hash: &[u8; 32], now: i64) -> Result<(), StoreError>;
    /// The user's devices, most recently used first.
    fn devices_of(&self, username: &str) -> Result<Vec<DeviceRecord>, StoreError>;
    /// Deletes one of the user's devices (`only`) or all of them, and ends every session they
    /// started.
    fn revoke_devices(&self, username: &str, only: Option<&[u8; 32]>) -> Result<Revoked, StoreError>;
    fn purge_devices(&self, now: i64) -> Result<u64, StoreError>;

    /// Reads, changes and writes the failure record of `key` in one transaction, so that
    /// concurrent failures are all counted; `None` from `change` deletes the record.
    fn update_attempts(
        &self,
        key: &str,
        change: &mut dyn FnMut(Option<Attempts>) -> Option<Attempts>,
    ) -> Result<Option<Attempts>, StoreError>;
    fn attempts(&self, key: &str) -> Result<Option<Attempts>, StoreError>;
    /// Deletes the failure records of `keys` in one statement (a sign-in that succeeded, an
    /// unlock); how many there were.
    fn clear_attempts(&self, keys: &[&str]) -> Result<u64, StoreError>;
    /// Deletes records last touched before `before` that hold no lock after `now`.
    fn purge_attempts(&self, before: i64, now: i64) -> Result<u64, StoreError>;

    /// Keeps a held form (sealed) for `username` on `host` until `expires`, and of theirs only
    /// the `keep` newest.
    fn put_hold(&self, id_hash: &[u8; 32], username: &str, host: &str, sealed: &[u8], expires: i64, keep: u32) -> Result<(), StoreError>;
    /// Takes the held form `id_hash` (sealed, and when it expires) if it is `username`'s on
    /// `host` and alive at `now`; once.
    fn take_hold(&self, id_hash: &[u8; 32], username: &str, host: &str, now: i64) -> Result<Option<(Vec<u8>, i64)>, StoreError>;
    fn purge_holds(&self, now: i64) -> Result<u64, StoreError>;

    /// Keeps `username`'s new backup codes (sealed) until `expires`, so that their page shows
    /// them again if reloaded; any set shown before, and every expired one, goes.
    fn keep_shown_codes(&self, id_hash: &[u8; 32], username: &str, sealed: &[u8], expires: i64, now: i64) -> Result<(), StoreError>;
    /// The codes kept as `id_hash` for `username`, if alive at `now`.
    fn shown_codes(&self, id_hash: &[u8; 32], username: &str, now: i64) -> Result<Option<Vec<u8>>, StoreError>;
    /// `username` saved their codes: they are shown no more.
    fn forget_shown_codes(&self, username: &str) -> Result<(), StoreError>;
    fn purge_shown_codes(&self, now: i64) -> Result<u64, StoreError>;

    fn append_audit(&self, record: &AuditRecord) -> Result<(), StoreError>;
    /// The events at or after `since` (of `username` only, if given), oldest first, at most
    /// `limit` of the newest.
    fn audit(&self, since: i64, username: Option<&str>, limit: u32) -> Result<Vec<AuditRecord>, StoreError>;
    fn purge_audit(&self, before: i64) -> Result<u64, StoreError>;

    /// Calls `ended` for every session ended through any handle on this store, soon after,
    /// for as long as this handle lives; `false` where the backend cannot tell (a cached
    /// session is then honoured until the cache lets it go).
    fn watch_ended_sessions(&self, ended: OnEnded) -> bool {
        drop(ended);
        false
    }
}

/// Failed attempts of one user or one client address (see `auth::throttle`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Failures in the current window.
    pub failures: u32,
    pub window_start: i64,
    /// No attempt is taken before this time.
    pub locked_until: i64,
    /// Lockouts so far; each doubles the next ban.
    pub lockouts: u32,
    /// Failures since the last success, never reset by time.
    pub consecutive: u32,
}

/// One event of the audit trail: its JSON line, by time and by user (as typed, on a failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub at: i64,
    pub username: Option<String>,
    pub line: String,
}

/// A user's record of codes sent, for the sending limit (see `auth::sent_code::Terms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sends {
    pub last: i64,
    pub window_start: i64,
    pub in_window: u32,
}

pub type SharedStore = Arc<dyn Store>;

/// Runs a store call on the blocking pool, timed (with its wait for a thread) for the metrics.
pub async fn call<T, F>(store: &SharedStore, f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = Arc::clone(store);
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || f(store.as_ref())).await.map_err(|e| StoreError::Task(e.to_string())).flatten();
    crate::metrics::store_operation(started.elapsed(), result.is_ok());
    result
}
