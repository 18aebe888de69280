//! Sessions. The cookie is a signed token (HS256, algorithm pinned, `exp` enforced) that holds
//! only a random session id and its expiry; everything else lives server-side, so signing out
//! really ends a session. Verified cookie values and live sessions are cached so that an
//! authenticated request normally costs two cache lookups: no signature check, no storage
//! round trip.

use std::io;
use std::os::fd::BorrowedFd;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::token::Signer;
use super::tunnels::{Tunnel, Tunnels};
use super::IssueError;
use crate::policy::Enrolment;
use crate::store::{self, Ended, PasskeyUse, SessionRecord, SharedStore, Stage, StoreError};
use crate::users::{User, Users};

/// How long a verified session is trusted from memory before the store is asked again;
/// this bounds how late a revocation made by another process (the admin CLI, another
/// replica) takes effect where the store does not announce it (see [`Sessions::forget`]).
pub const CACHE_TTL: Duration = Duration::from_secs(30);
/// How long a check of a session with tunnels open may wait for the store.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);
/// `last_seen` is written back at most this often per session.
const TOUCH_EVERY: i64 = 60;
/// How long a cookie value whose signature checked out is remembered. Checking an HS256 token
/// (base64, JSON, HMAC) cost more than all the rest of a signed-in request's own work.
const TOKEN_TTL: Duration = Duration::from_secs(600);

/// How long sessions live: ended after `idle_timeout` unused, and `absolute_timeout` after
/// they began however busy.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
}

#[derive(Serialize, Deserialize)]
struct SessionClaims {
    sid: String,
    exp: i64,
}

/// A session as the gate holds it in memory.
#[derive(Debug)]
pub struct LiveSession {
    pub id_hash: [u8; 32],
    pub username: String,
    pub stage: Stage,
    /// When it started (a sign-in, or a code that started it anew).
    pub created: i64,
    pub expires: i64,
    /// The trusted device that stood in for the second factor, if one did.
    pub device: Option<[u8; 32]>,
    /// When the second factor's code was entered: the session's start, as each code starts a
    /// new session; none when a trusted device stood in.
    pub code_at: Option<i64>,
    /// The separate factor whose code was last given here, and when.
    pub factor: Option<(String, i64)>,
    /// For an `Unenrolled` session in a grace: when the user's grace began.
    pub grace_from: Option<i64>,
    /// The passkey that proved it, if one did.
    pub passkey: Option<PasskeyUse>,
    /// Where it is good (see `policy::SessionScope`).
    scope: Box<str>,
    password_tag: [u8; 32],
    last_seen: AtomicI64,
    last_written: AtomicI64,
    /// When it was read from the store (or began), for [`Resolved`].
    loaded: Instant,
}

/// How a session was proven, besides the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    Code,
    /// A passkey or security key (WebAuthn), with the password or alone.
    Passkey(PasskeyUse),
    TrustedDevice,
    /// Nothing: the user is exempt from two-factor, has none yet, or the page wants no more.
    PasswordOnly,
}

impl LiveSession {
    /// Whether it is a whole sign-in of `user` on a site with `enrolment`: password and second
    /// factor (or a trusted device), the password alone while `user` is exempt, or the password
    /// of a user without a method while the site's enrolment lets them go on.
    pub fn complete_for(&self, user: &User, enrolment: Enrolment, now: i64) -> bool {
        match self.stage {
            Stage::Complete => true,
            Stage::OneFactor => user.exempt,
            Stage::Unenrolled => enrolment.lets_go_on(self.grace_from, now),
            Stage::Password => false,
        }
    }

    /// How it was proven, and when the code was given (for the identity headers).
    pub fn proven(&self) -> (Proof, Option<i64>) {
        (self.proof(), self.code_at)
    }

    pub fn proof(&self) -> Proof {
        match (self.stage, self.code_at) {
            (Stage::OneFactor | Stage::Unenrolled | Stage::Password, _) => Proof::PasswordOnly,
            (_, Some(_)) => self.passkey.map_or(Proof::Code, Proof::Passkey),
            (_, None) => Proof::TrustedDevice,
        }
    }

    fn from_record(r: &SessionRecord) -> LiveSession {
        LiveSession {
            id_hash: r.id_hash,
            username: r.username.clone(),
            stage: r.stage,
            created: r.created,
            expires: r.expires,
            device: r.device,
            code_at: (r.stage == Stage::Complete && r.device.is_none()).then_some(r.created),
            factor: r.factor.clone(),
            grace_from: r.grace_from,
            passkey: r.passkey,
            scope: r.scope.as_str().into(),
            password_tag: r.password_tag,
            last_seen: AtomicI64::new(r.last_seen),
            last_written: AtomicI64::new(r.last_seen),
            loaded: Instant::now(),
        }
    }

    /// Its user as `users` has them now, if still the one it was issued to: there, with the
    /// same password.
    fn user_in<'u>(&self, users: &'u Users) -> Option<&'u Arc<User>> {
        users.get(&self.username).filter(|user| user.password_tag == self.password_tag)
    }

    /// Whether this complete session passes a `two_factor` rule: a trusted device counts
    /// where `devices` allows it, but never for a step-up, which wants a code at most
    /// `max_age` old — of the login's authenticator, or of the named separate factor.
    pub fn passes(&self, devices: bool, step_up: Option<(Duration, Option<&str>)>, passkey: bool, now: i64) -> bool {
        let young = |t: i64, max_age: Duration| now - t <= max_age.as_secs() as i64;
        if passkey && self.passkey.is_none() {
            return false;
        }
        match step_up {
            None => devices || self.device.is_none(),
            Some((max_age, None)) => self.code_at.is_some_and(|t| young(t, max_age)),
            Some((max_age, Some(factor))) => self.factor.as_ref().is_some_and(|(name, t)| name == factor && young(*t, max_age)),
        }
    }
}

pub struct Sessions {
    store: SharedStore,
    signer: Signer,
    cache: moka::sync::Cache<[u8; 32], Arc<LiveSession>>,
    /// Counts what [`Sessions::forget`] was told: a record read from the store while a
    /// session ended elsewhere is not cached, as it may be the one that ended.
    forgotten: AtomicU64,
    /// Cookie values that were verified, keyed by the value itself: only a value that passed
    /// the signature check is ever put here.
    tokens: moka::sync::Cache<Box<str>, VerifiedToken>,
    tunnels: Arc<Tunnels>,
    settings: Timeouts,
}

#[derive(Clone, Copy)]
struct VerifiedToken {
    id_hash: [u8; 32],
    exp: i64,
}

/// A session as the last request on a keep-alive connection found it. The connection's next
/// request with the same cookie takes it again without the two cache lookups while nothing
/// can have changed it: no session ended in this process since (ends are rare, and any end
/// drops them all), its record is younger than the cache's lifetime, and its cookie and it
/// are still alive; its scope and user are checked every time.
pub struct Resolved {
    token: Box<str>,
    exp: i64,
    forgotten: u64,
    live: Arc<LiveSession>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// How a session began, besides its user and scope.
#[derive(Debug, Clone, Copy)]
pub struct Beginning {
    pub stage: Stage,
    /// The trusted device that stood in for the second factor, if one did.
    pub device: Option<[u8; 32]>,
    /// For an `Unenrolled` session in a grace: when the grace began.
    pub grace_from: Option<i64>,
    /// The passkey that proved it, if one did.
    pub passkey: Option<PasskeyUse>,
}

/// A newly issued session: the cookie value and its lifetime.
pub struct Issued {
    pub token: String,
    pub max_age: Duration,
    pub id_hash: [u8; 32],
}

impl Sessions {
    pub fn new(store: SharedStore, key: &[u8], settings: Timeouts) -> Sessions {
        Sessions {
            store,
            signer: Signer::new(key),
            cache: moka::sync::Cache::builder().max_capacity(100_000).time_to_live(CACHE_TTL).build(),
            forgotten: AtomicU64::new(0),
            tokens: moka::sync::Cache::builder().max_capacity(100_000).time_to_live(TOKEN_TTL).build(),
            tunnels: Arc::default(),
            settings,
        }
    }

    pub fn settings(&self) -> Timeouts {
        self.settings
    }

    /// Starts a session of `user`, good on `scope`, with a fresh id (the old one, if any, should
    /// be revoked by the caller: renewing the id at each login step prevents session fixation).
    /// `device` is the trusted device that stood in for the second factor, if one did.
    pub async fn issue(&self, user: &User, scope: &str, stage: Stage, device: Option<[u8; 32]>, now: i64) -> Result<Issued, IssueError> {
        self.begin(user, scope, Beginning { stage, device, grace_from: None, passkey: None }, now).await
    }

    /// [`Sessions::issue`], saying more of how it began.
    pub async fn begin(&self, user: &User, scope: &str, beginning: Beginning, now: i64) -> Result<Issued, IssueError> {
        let lifetime = match beginning.stage {
            Stage::Password => PENDING_LIFETIME,
            Stage::Complete | Stage::OneFactor | Stage::Unenrolled => self.settings.absolute_timeout,
        };
        let record = SessionRecord {
            id_hash: [0; 32],
            username: user.username.clone(),
            stage: beginning.stage,
            created: now,
            last_seen: now,
            expires: now + lifetime.as_secs() as i64,
            pending_secret: None,
            device: beginning.device,
            factor: None,
            scope: scope.to_string(),
            password_tag: user.password_tag,
            grace_from: beginning.grace_from,
            passkey: beginning.passkey,
        };
        self.start(record, lifetime).await
    }

    /// The session `old` under a fresh id, recording that `factor`'s code was given at `now`
    /// (its start, expiry and login code stay); `old` ends. `None` if `old` is gone.
    pub async fn step_up(&self, old: &[u8; 32], factor: &str, now: i64) -> Result<Option<Issued>, IssueError> {
        let Some(record) = self.record(*old).await? else {
            return Ok(None);
        };
        let lifetime = Duration::from_secs((record.expires - now).max(0) as u64);
        let record = SessionRecord { factor: Some((factor.to_string(), now)), pending_secret: None, last_seen: now, ..record };
        let issued = self.start(record, lifetime).await?;
        self.revoke(old).await?;
        Ok(Some(issued))
    }

    /// Stores `record` under a new random id and signs the cookie for it.
    async fn start(&self, mut record: SessionRecord, lifetime: Duration) -> Result<Issued, IssueError> {
        let mut sid = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut sid);
        record.id_hash = hash_id(&sid);
        let claims = SessionClaims { sid: B64URL.encode(sid), exp: record.expires };
        let token = self.signer.sign(&claims)?;
        let live = Arc::new(LiveSession::from_record(&record));
        let id_hash = record.id_hash;
        store::call(&self.store, move |s| s.put_session(&record)).await?;
        self.cache.insert(id_hash, live);
        Ok(Issued { token, max_age: lifetime, id_hash })
    }

    /// The id hash inside a cookie value whose signature and expiry check out.
    pub fn verify_token(&self, token: &str) -> Option<[u8; 32]> {
        self.verify(token).map(|t| t.id_hash)
    }

    fn verify(&self, token: &str) -> Option<VerifiedToken> {
        let claims: SessionClaims = self.signer.verify(token)?;
        let mut sid = [0u8; 32];
        let n = B64URL.decode_slice(claims.sid.as_bytes(), &mut sid).ok()?;
        (n == sid.len()).then(|| VerifiedToken { id_hash: hash_id(&sid), exp: claims.exp })
    }

    /// `verify_token`, remembered: the signature of a cookie value is checked once, its expiry
    /// every time.
    fn id_of(&self, token: &str, now: i64) -> Option<VerifiedToken> {
        let verified = match self.tokens.get(token) {
            Some(verified) => verified,
            None => {
                let verified = self.verify(token)?;
                self.tokens.insert(token.into(), verified);
                verified
            }
        };
        (now < verified.exp).then_some(verified)
    }

    /// The live session a cookie value names and its user, if the session is valid at `now`,
    /// good on `scope`, and its user is still the one it was issued to: in `users`, with the
    /// same password. A session whose user is gone or has a new password ends. Storage errors
    /// are returned, not swallowed, so the caller fails closed.
    pub async fn resolve(
        &self,
        token: &str,
        scope: &str,
        users: &Users,
        now: i64,
    ) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        match self.live(token, now).await? {
            Some((live, _)) => self.of(live, scope, users).await,
            None => Ok(None),
        }
    }

    /// [`Sessions::resolve`] for a request on a keep-alive connection whose last request's
    /// session is `kept` (see [`Resolved`]), which this one's then replaces.
    pub async fn resolve_kept(
        &self,
        token: &str,
        scope: &str,
        users: &Users,
        now: i64,
        kept: &Mutex<Option<Resolved>>,
    ) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        let again = lock(kept).as_ref().filter(|k| self.still(k, token, now)).map(|k| Arc::clone(&k.live));
        let live = match again {
            Some(live) => {
                self.touch(&live, now);
                live
            }
            None => {
                // Read first: a session that ends from here on makes what is kept stale.
                let forgotten = self.forgotten.load(Ordering::Acquire);
                let Some((live, exp)) = self.live(token, now).await? else {
                    *lock(kept) = None;
                    return Ok(None);
                };
                *lock(kept) = Some(Resolved { token: token.into(), exp, forgotten, live: Arc::clone(&live) });
                live
            }
        };
        self.of(live, scope, users).await
    }

    /// Whether `kept` is still what [`Sessions::live`] would give for `token` at `now`.
    fn still(&self, kept: &Resolved, token: &str, now: i64) -> bool {
        // Not in constant time (2,000 instructions more): the cookie cache's lookup, which
        // this stands in for, compares the value as plainly, and memcmp's 32-byte steps over a
        // signed random id leave nothing to learn from the time it takes.
        *kept.token == *token
            && now < kept.exp
            && kept.forgotten == self.forgotten.load(Ordering::Acquire)
            && kept.live.loaded.elapsed() < CACHE_TTL
            && self.alive(&kept.live, now)
    }

    /// `live` and its user, if it is good on `scope` and its user is still the one it was
    /// issued to; a session whose user is gone or has a new password ends.
    async fn of(&self, live: Arc<LiveSession>, scope: &str, users: &Users) -> Result<Option<(Arc<LiveSession>, Arc<User>)>, StoreError> {
        if *live.scope != *scope {
            return Ok(None);
        }
        match live.user_in(users).map(Arc::clone) {
            Some(user) => Ok(Some((live, user))),
            None => {
                self.revoke(&live.id_hash).await?;
                Ok(None)
            }
        }
    }

    /// The live session a cookie value names, if it is valid at `now`, and the cookie's expiry.
    async fn live(&self, token: &str, now: i64) -> Result<Option<(Arc<LiveSession>, i64)>, StoreError> {
        let Some(VerifiedToken { id_hash, exp }) = self.id_of(token, now) else {
            return Ok(None);
        };
        let live = match self.cache.get(&id_hash) {
            Some(live) => live,
            None => {
                let forgotten = self.forgotten.load(Ordering::Acquire);
                let Some(record) = store::call(&self.store, move |s| s.session(&id_hash)).await? else {
                    return Ok(None);
                };
                let live = Arc::new(LiveSession::from_record(&record));
                if self.forgotten.load(Ordering::Acquire) == forgotten {
                    self.cache.insert(id_hash, Arc::clone(&live));
                }
                live
            }
        };
        if !self.alive(&live, now) {
            self.revoke(&id_hash).await?;
            return Ok(None);
        }
        self.touch(&live, now);
        Ok(Some((live, exp)))
    }

    fn alive(&self, live: &LiveSession, now: i64) -> bool {
        let idle = self.settings.idle_timeout.as_secs() as i64;
        now < live.expires && now < live.last_seen.load(Ordering::Relaxed) + idle
    }

    /// Notes activity in memory, and in the store at most once a minute, off the request path.
    fn touch(&self, live: &LiveSession, now: i64) {
        live.last_seen.fetch_max(now, Ordering::Relaxed);
        let written = live.last_written.load(Ordering::Relaxed);
        if now - written < TOUCH_EVERY || live.last_written.compare_exchange(written, now, Ordering::Relaxed, Ordering::Relaxed).is_err() {
            return;
        }
        let id_hash = live.id_hash;
        let store = Arc::clone(&self.store);
        tokio::spawn(async move {
            if let Err(e) = store::call(&store, move |s| s.touch_session(&id_hash, now)).await {
                tracing::warn!("could not record session activity: {e}");
            }
        });
    }

    /// Ends a session everywhere: in the store, in this process's cache and its tunnels.
    pub async fn revoke(&self, id_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.end_here(id_hash);
        let id = *id_hash;
        let deleted = store::call(&self.store, move |s| s.delete_session(&id)).await;
        // Again: what was cached or opened while the store still held the session.
        self.end_here(id_hash);
        deleted
    }

    /// Ends every session of `username` (their first second factor is set up: a session that
    /// the password alone gave must not outlive it).
    pub async fn end_all_of(&self, username: &str) -> Result<(), StoreError> {
        let name = username.to_string();
        store::call(&self.store, move |s| s.delete_sessions_of(&name)).await?;
        // Those not in the cache end for connections that kept them too.
        self.forgotten.fetch_add(1, Ordering::AcqRel);
        let cached: Vec<[u8; 32]> = self.cache.iter().filter(|(_, s)| s.username == username).map(|(id, _)| *id).collect();
        self.evict(&cached);
        Ok(())
    }

    /// Forgets cached sessions that were ended in the store by someone else's call.
    pub fn evict(&self, id_hashes: &[[u8; 32]]) {
        id_hashes.iter().for_each(|id_hash| self.end_here(id_hash));
    }

    /// Forgets what the store says ended elsewhere (another replica, the admin CLI).
    pub fn forget(&self, ended: Ended) {
        match ended {
            Ended::Session(id_hash) => self.end_here(&id_hash),
            // Open tunnels are checked by the next `check_tunnels`.
            Ended::Unknown => {
                self.forgotten.fetch_add(1, Ordering::AcqRel);
                self.cache.invalidate_all();
            }
        }
    }

    /// Forgets a session that ended: its cache entry (and any record of it being read now),
    /// then its tunnels.
    fn end_here(&self, id_hash: &[u8; 32]) {
        self.forgotten.fetch_add(1, Ordering::AcqRel);
        self.cache.invalidate(id_hash);
        let cut = self.tunnels.cut(id_hash);
        if cut > 0 {
            tracing::info!(tunnels = cut, "session ended: its open tunnels were cut");
        }
    }

    /// Keeps the upstream connection `socket` of a tunnel (WebSocket) that the session
    /// `id_hash` opens, to be cut when the session ends. It is kept first, so that any end from
    /// then on cuts it; then the session is confirmed (in the cache, or else in the store), so
    /// that one which ended before is refused its tunnel.
    pub async fn open_tunnel(&self, id_hash: [u8; 32], socket: BorrowedFd<'_>, users: &Users, now: i64) -> io::Result<Tunnel> {
        let tunnel = self.tunnels.open(id_hash, socket)?;
        if self.cache.contains_key(&id_hash) || self.still_good(id_hash, users, now).await {
            return Ok(tunnel);
        }
        Err(io::Error::new(io::ErrorKind::PermissionDenied, "the session ended as its tunnel opened"))
    }

    /// Cuts the tunnels of sessions that ended without this process hearing of it: gone from
    /// the store, expired, idle, or their user gone or given a new password. Run as often as
    /// the cache is refreshed, it gives tunnels the same bound as requests.
    pub async fn check_tunnels(&self, users: &Users, now: i64) {
        for id_hash in self.tunnels.sessions() {
            if !self.still_good(id_hash, users, now).await {
                self.end_here(&id_hash);
            }
        }
    }

    /// Whether the store still holds `id_hash` as a live session of a user who is still the
    /// one it was issued to. One that cannot be read in time is not (fail closed).
    async fn still_good(&self, id_hash: [u8; 32], users: &Users, now: i64) -> bool {
        let record = match tokio::time::timeout(CHECK_TIMEOUT, self.record(id_hash)).await {
            Ok(Ok(record)) => record,
            Ok(Err(e)) => {
                tracing::warn!("could not check a session with tunnels open, cutting them: {e}");
                None
            }
            Err(_) => {
                tracing::warn!("a session with tunnels open was not read in time, cutting them");
                None
            }
        };
        let Some(r) = record else { return false };
        // Activity is written back lazily; what this process saw is newer.
        let live = LiveSession::from_record(&r);
        if let Some(cached) = self.cache.get(&id_hash) {
            live.last_seen.fetch_max(cached.last_seen.load(Ordering::Relaxed), Ordering::Relaxed);
        }
        self.alive(&live, now) && live.user_in(users).is_some()
    }

    /// The stored record, bypassing the cache; for the rare steps that need all of it.
    pub async fn record(&self, id_hash: [u8; 32]) -> Result<Option<SessionRecord>, StoreError> {
        store::call(&self.store, move |s| s.session(&id_hash)).await
    }
}

/// How long someone has between a right password and entering their code.
pub const PENDING_LIFETIME: Duration = Duration::from_secs(10 * 60);

fn hash_id(sid: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(sid).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    const SCOPE: &str = "app.example";
    const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
    const NEW_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXI$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

    fn people() -> Users {
        crate::users::for_tests(&["alice", "x"], HASH)
    }

    async fn start(s: &Sessions, name: &str, device: Option<[u8; 32]>, now: i64) -> Result<Issued, IssueError> {
        let users = people();
        let user = users.get(name).expect("user");
        s.issue(user, SCOPE, Stage::Complete, device, now).await
    }

    impl Sessions {
        /// The session, as resolved on its own site for the users as they are.
        async fn found(&self, token: &str, now: i64) -> Option<Arc<LiveSession>> {
            self.resolve(token, SCOPE, &people(), now).await.expect("resolve").map(|(s, _)| s)
        }
    }

    fn sessions(dir: &std::path::Path) -> Sessions {
        let store: SharedStore = Arc::new(SqliteStore::open(&dir.join("s.db")).expect("store"));
        let settings = Timeouts { idle_timeout: Duration::from_secs(600), absolute_timeout: Duration::from_secs(3600) };
        Sessions::new(store, &[9u8; 32], settings)
    }

    #[tokio::test]
    async fn a_tunnel_opens_only_for_a_session_that_is_still_live() {
        use std::os::fd::AsFd;
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let socket = std::net::TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        let live = start(&s, "alice", None, now).await.expect("issue");
        assert!(s.open_tunnel(live.id_hash, socket.as_fd(), &people(), now).await.is_ok(), "cached");
        s.cache.invalidate_all();
        assert!(s.open_tunnel(live.id_hash, socket.as_fd(), &people(), now).await.is_ok(), "not cached, but in the store");
        s.revoke(&live.id_hash).await.expect("revoke");
        assert!(s.open_tunnel(live.id_hash, socket.as_fd(), &people(), now).await.is_err(), "ended");
        let idle = start(&s, "alice", None, now).await.expect("issue");
        s.cache.invalidate_all();
        assert!(s.open_tunnel(idle.id_hash, socket.as_fd(), &people(), now + 601).await.is_err(), "idle too long");
        let other = start(&s, "alice", None, now).await.expect("issue");
        s.cache.invalidate_all();
        let new_password = crate::users::for_tests(&["alice"], NEW_HASH);
        assert!(s.open_tunnel(other.id_hash, socket.as_fd(), &new_password, now).await.is_err(), "a new password");
        assert!(s.tunnels.sessions().is_empty(), "refused tunnels are not kept");
    }

    #[tokio::test]
    async fn a_kept_session_is_taken_again_until_anything_could_have_changed_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let kept = Mutex::new(None);
        let on = async |token: &str, users: &Users, at: i64| s.resolve_kept(token, SCOPE, users, at, &kept).await;
        let (a, b) = (start(&s, "alice", None, now).await.expect("issue"), start(&s, "x", None, now).await.expect("issue"));
        let first = on(&a.token, &people(), now).await.expect("resolve").expect("live");
        s.cache.invalidate_all();
        s.tokens.invalidate_all();
        let again = on(&a.token, &people(), now + 1).await.expect("resolve").expect("kept");
        assert!(Arc::ptr_eq(&first.0, &again.0), "taken again without the caches");
        assert!(on(&a.token, &people(), now + 1).await.expect("resolve").is_some());
        assert!(s.resolve_kept(&a.token, "other.example", &people(), now, &kept).await.expect("resolve").is_none(), "another scope");
        let new_password = crate::users::for_tests(&["alice", "x"], NEW_HASH);
        assert!(on(&b.token, &people(), now).await.expect("resolve").is_some(), "another cookie on the connection");
        assert!(on(&b.token, &new_password, now).await.expect("resolve").is_none(), "a new password, checked each time");
        let c = start(&s, "alice", None, now).await.expect("issue");
        assert!(on(&c.token, &people(), now).await.expect("resolve").is_some());
        s.revoke(&a.id_hash).await.expect("revoke");
        assert!(lock(&kept).as_ref().is_some_and(|k| !s.still(k, &c.token, now)), "any end makes what is kept stale");
        assert!(on(&c.token, &people(), now).await.expect("resolve").is_some(), "read anew");
        assert!(on(&c.token, &people(), now + 601).await.expect("resolve").is_none(), "idle");
        let d = start(&s, "alice", None, now).await.expect("issue");
        assert!(on(&d.token, &people(), now).await.expect("resolve").is_some());
        let record = s.store.session(&d.id_hash).expect("read").expect("d");
        s.store.delete_session(&d.id_hash).expect("ended in the store, unannounced");
        let old = Instant::now().checked_sub(CACHE_TTL).expect("an instant that long ago");
        let stale = Arc::new(LiveSession { loaded: old, ..LiveSession::from_record(&record) });
        lock(&kept).as_mut().expect("kept").live = stale;
        s.cache.invalidate_all();
        assert!(on(&d.token, &people(), now).await.expect("resolve").is_none(), "no older than the cache's lifetime");
        let e = start(&s, "alice", None, now).await.expect("issue");
        assert!(on(&e.token, &people(), now).await.expect("resolve").is_some());
        s.cache.invalidate_all();
        s.end_all_of("alice").await.expect("end all");
        assert!(on(&e.token, &people(), now).await.expect("resolve").is_none(), "ended with all of its user's, cached or not");
    }

    #[tokio::test]
    async fn idle_and_absolute_timeouts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let issued = start(&s, "alice", None, now).await.expect("issue");
        assert!(s.found(&issued.token, now + 599).await.is_some());
        // activity at +599 keeps it alive until +1198
        assert!(s.found(&issued.token, now + 1100).await.is_some());
        assert!(s.found(&issued.token, now + 3601).await.is_none(), "absolute");

        let idle = start(&s, "alice", None, now).await.expect("issue");
        assert!(s.found(&idle.token, now + 601).await.is_none(), "idle");
        assert!(s.found(&idle.token, now + 10).await.is_none(), "revoked for good");
    }

    #[tokio::test]
    async fn a_step_up_wants_a_young_code_and_no_trusted_device() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let by_code = start(&s, "alice", None, now).await.expect("issue");
        let by_code = s.found(&by_code.token, now).await.expect("live");
        let five_minutes = Some((Duration::from_secs(300), None));
        assert_eq!(by_code.code_at, Some(now));
        assert!(by_code.passes(true, five_minutes, false, now + 300));
        assert!(!by_code.passes(true, five_minutes, false, now + 301), "too old");
        assert!(by_code.passes(false, None, false, now + 3000), "no step-up: any age");

        let by_device = start(&s, "alice", Some([7; 32]), now).await.expect("issue");
        let by_device = s.found(&by_device.token, now).await.expect("live");
        assert_eq!(by_device.code_at, None);
        assert!(by_device.passes(true, None, false, now));
        assert!(!by_device.passes(false, None, false, now), "the rule wants the code itself");
        assert!(!by_device.passes(true, five_minutes, false, now), "a device never stands in for a step-up");

        let payments = Some((Duration::from_secs(300), Some("payments")));
        assert!(!by_device.passes(true, payments, false, now));
        let stepped = s.step_up(&by_device.id_hash, "payments", now + 10).await.expect("step up").expect("issued");
        let stepped = s.found(&stepped.token, now + 10).await.expect("live");
        assert!(stepped.passes(true, payments, false, now + 310));
        assert!(!stepped.passes(true, payments, false, now + 311), "too old");
        assert!(!stepped.passes(true, Some((Duration::from_secs(300), Some("admin"))), false, now + 10), "another factor");
        assert!(!stepped.passes(true, five_minutes, false, now + 10), "the login's code is still not given");
        assert_eq!(stepped.device, by_device.device, "the rest of the session stays");
        assert!(s.found(&start(&s, "x", None, now).await.expect("issue").token, now).await.is_some());
        assert!(s.record(by_device.id_hash).await.expect("record").is_none(), "the old id ended");
    }

    #[tokio::test]
    async fn a_rule_for_a_passkey_wants_a_passkey_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let by_code = start(&s, "alice", None, now).await.expect("issue");
        let by_code = s.found(&by_code.token, now).await.expect("live");
        assert!(!by_code.passes(true, None, true, now), "a code is not a passkey");
        let by_device = start(&s, "alice", Some([7; 32]), now).await.expect("issue");
        assert!(!s.found(&by_device.token, now).await.expect("live").passes(true, None, true, now), "nor is a device");
        let users = people();
        let key = PasskeyUse { kind: crate::store::PasskeyKind::DeviceBound, alone: false };
        let begun = Beginning { stage: Stage::Complete, device: None, grace_from: None, passkey: Some(key) };
        let by_key = s.begin(users.get("alice").expect("alice"), SCOPE, begun, now).await.expect("issue");
        let by_key = s.found(&by_key.token, now).await.expect("live");
        assert_eq!(by_key.proof(), Proof::Passkey(key));
        let five_minutes = Some((Duration::from_secs(300), None));
        assert!(by_key.passes(false, None, true, now) && by_key.passes(true, five_minutes, true, now + 300));
        assert!(!by_key.passes(true, five_minutes, true, now + 301), "a step-up wants it young");
        s.cache.invalidate_all();
        let read = s.found(&s.begin(users.get("alice").expect("alice"), SCOPE, begun, now).await.expect("issue").token, now).await;
        assert_eq!(read.expect("live").passkey, Some(key), "kept in the store");
    }

    #[tokio::test]
    async fn revoked_sessions_stay_dead_after_the_cache_is_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let now = crate::clock::now();
        let token = {
            let s = sessions(dir.path());
            let issued = start(&s, "alice", None, now).await.expect("issue");
            s.revoke(&issued.id_hash).await.expect("revoke");
            assert!(s.found(&issued.token, now).await.is_none());
            issued.token
        };
        let fresh = sessions(dir.path());
        assert!(fresh.found(&token, now).await.is_none());
    }

    #[tokio::test]
    async fn forged_tokens_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let issued = start(&s, "alice", None, now).await.expect("issue");
        let other = Sessions::new(Arc::new(SqliteStore::open(&dir.path().join("o.db")).expect("store")), &[8u8; 32], s.settings());
        let wrong_key = start(&other, "alice", None, now).await.expect("issue").token;
        let (head, rest) = issued.token.split_once('.').expect("jwt");
        let none_header = B64URL.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let alg_none = format!("{none_header}.{}.", rest.split_once('.').expect("jwt").0);
        let mut flipped = issued.token.clone().into_bytes();
        let last = flipped.len() - 3;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        for bad in [wrong_key, alg_none, String::from_utf8(flipped).expect("ascii"), head.to_string(), String::new()] {
            assert!(s.verify_token(&bad).is_none(), "accepted {bad:?}");
            for _ in 0..2 {
                assert!(s.found(&bad, now).await.is_none(), "resolved {bad:?}");
            }
        }
        assert!(s.verify_token(&issued.token).is_some());
        assert!(s.found(&issued.token, now).await.is_some());
        assert!(s.found(&issued.token, now).await.is_some(), "remembered");
        assert!(s.found(&issued.token, now + 3600).await.is_none(), "a remembered token still expires");
    }

    #[tokio::test]
    async fn a_session_is_good_on_its_scope_for_its_user_as_they_were() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = sessions(dir.path());
        let now = crate::clock::now();
        let issued = start(&s, "alice", None, now).await.expect("issue");
        assert!(s.resolve(&issued.token, "other.example", &people(), now).await.expect("resolve").is_none(), "another site");
        assert!(s.found(&issued.token, now).await.is_some(), "refused elsewhere, still good here");

        let new_password = crate::users::for_tests(&["alice"], NEW_HASH);
        assert!(s.resolve(&issued.token, SCOPE, &new_password, now).await.expect("resolve").is_none());
        assert!(s.found(&issued.token, now).await.is_none(), "a new password ended it for good");

        let again = start(&s, "alice", None, now).await.expect("issue");
        let removed = crate::users::for_tests(&["x"], HASH);
        assert!(s.resolve(&again.token, SCOPE, &removed, now).await.expect("resolve").is_none());
        assert!(s.found(&again.token, now).await.is_none(), "a user removed and added again gets no session back");
    }
}
